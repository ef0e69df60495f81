"""The generator's extra fit data (benchmarks/linkgen.py, issue 14 ninth pass): extra fit stories of
Brown sections F and G and further independent draws of the bodies, opt-in and fit split only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
linkgen = pytest.importorskip("linkgen")
if not linkgen.BROWN.is_dir():  # the stories are Brown documents
    pytest.skip("the Brown corpus is not installed", allow_module_level=True)


def _extra_group(story: str) -> bool:
    return story.split(":")[1][:2] in linkgen.EXTRA_FIT_CATS


@pytest.fixture(scope="module")
def default_fit():  # type: ignore[no-untyped-def]
    return linkgen.build("fit")


@pytest.fixture(scope="module")
def larger_fit():  # type: ignore[no-untyped-def]
    return linkgen.build("fit", extra_stories=True, body_draws=2)


def test_the_larger_fit_split_is_deterministic(larger_fit) -> None:  # type: ignore[no-untyped-def]
    again = linkgen.build("fit", extra_stories=True, body_draws=2)
    assert again.records == larger_fit.records
    assert again.bodies == larger_fit.bodies


def test_the_default_fit_split_is_part_of_the_larger_one_unchanged(default_fit, larger_fit) -> None:  # type: ignore[no-untyped-def]
    records = {r["id"]: r for r in larger_fit.records}
    bodies = {b.name: b for b in larger_fit.bodies}
    for r in default_fit.records:
        assert records[r["id"]] == r
    for b in default_fit.bodies:
        assert bodies[b.name] == b
    added = [b for b in larger_fit.bodies if b.name not in {x.name for x in default_fit.bodies}]
    extra_stories = {b.story for b in added if _extra_group(b.story)}
    assert len(extra_stories) >= 50
    # The second draw: every story, press and extra, has bodies of its own streams.
    assert {b.story for b in added if "/d2/" in b.name} == {b.story for b in larger_fit.bodies}
    assert larger_fit.stories == default_fit.stories + len(extra_stories)


def test_no_extra_story_reaches_the_report_split(larger_fit) -> None:  # type: ignore[no-untyped-def]
    extra_groups = {b.story.split("#")[0] for b in larger_fit.bodies if _extra_group(b.story)}
    assert extra_groups
    assert all(linkgen.split_of(g) == "fit" for g in extra_groups)
    report = linkgen.build("report", include_clean=False)
    report_ids = {b.story.split("#")[0] for b in report.bodies} | {r["id"].split("/")[1].split("#")[0] for r in report.records}
    assert not report_ids & extra_groups
    # Their documents are stories of the fit split, no longer its distractors.
    fit_distractors = {r["id"] for r in linkgen.brown_distractors("fit", extra_stories=True)}
    assert not any(rid.split("/")[1].split("#")[0] in extra_groups for rid in fit_distractors)
    with pytest.raises(ValueError):
        linkgen.build("report", extra_stories=True)
    with pytest.raises(ValueError):
        linkgen.build("report", body_draws=2)
    with pytest.raises(ValueError):
        linkgen.build("fit", body_draws=0)


def test_no_record_of_another_story_holds_more_of_an_extra_storys_wording_than_an_outlet_may(larger_fit) -> None:  # type: ignore[no-untyped-def]
    articles = {a.id: a for a in linkgen.brown_articles(linkgen.BROWN, linkgen.EXTRA_FIT_CATS)}
    extra = sorted({b.story for b in larger_fit.bodies if _extra_group(b.story)})
    for sid in extra[:12]:
        text = " ".join(articles[sid].paragraphs[: linkgen.PRESS_FRAME_FROM])
        group = sid.split("#")[0]
        for r in larger_fit.records:
            if r["id"].startswith(f"gen/{group}#"):
                continue
            assert linkgen.shared_run(f"{r['title']} {r['excerpt']}", text) <= linkgen.WIRE_RUN, (sid, r["id"])


# A candidate extra story and records written for this test.
STORY = linkgen.Article(
    id="brown:cf99#1", group="brown:cf99", section="cf", date="1961-05-02",
    paragraphs=["The old mill on the river was rebuilt by the families of the valley in the spring of that year.",
                "Every wheel and beam was carried down from the hills by wagon, and the work took four months."])


def _record(excerpt: str) -> dict:
    return {"id": "gen/brown:ca99#1/other-outlet-1.md", "title": "Valley Families Rebuild Mill", "excerpt": excerpt}


def test_a_story_whose_wording_a_record_keeps_is_left_out() -> None:
    framed = _record("Mayor Hall said every wheel and beam was carried down from the hills by wagon in May.")
    assert linkgen.fair_extra_stories([STORY], [framed]) == []


def test_a_story_sharing_only_a_short_run_is_kept() -> None:
    independent = _record("Families of the valley rebuilt the mill, Mayor Hall said, after a wet spring.")
    assert linkgen.fair_extra_stories([STORY], [independent]) == [STORY]


def test_the_array_rule_chooses_the_operating_point_the_fit_chooses() -> None:
    """fit_link_weights.choose_vec (used by --stability's bootstrap) is choose_threshold's rule."""
    import random

    np = pytest.importorskip("numpy")
    fit = pytest.importorskip("fit_link_weights")

    class _Body:
        def __init__(self, expected: bool) -> None:
            self.expected = frozenset({"r"}) if expected else frozenset()

    for seed in range(6):
        rng = random.Random(seed)
        dec = []
        for _ in range(300):
            positive = rng.random() < 0.7
            ok = positive and rng.random() < 0.9
            strength = rng.gauss(2.0 if ok else -1.0, 1.5)
            x = (strength, rng.random() * 3, rng.random() if ok else rng.random() * 0.4, float(rng.random() < 0.4))
            dec.append((x, int(ok), _Body(positive), "r" if ok else ("w" if rng.random() < 0.8 else None),
                        x[2], {}))
        d, bias = np.array([1.0, 0.5, 2.0, -0.2]), -1.0
        expected = fit.choose_threshold(dec, d, bias)
        got = fit.choose_vec(*fit._decision_arrays(dec, d, bias))
        assert (expected is None) == (got is None)
        if expected is not None:
            assert got == pytest.approx(expected[:2])
