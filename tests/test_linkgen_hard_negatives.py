"""The generator's hard negatives (benchmarks/linkgen.py, issue 14 eleventh pass): sibling records of
the same event whose lede restates the article's, headless copies of stories whose own records are
withheld, and sibling report bodies; opt-in, and every other record and body unchanged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
linkgen = pytest.importorskip("linkgen")
if not linkgen.BROWN.is_dir():  # the stories are Brown documents
    pytest.skip("the Brown corpus is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def default_fit():  # type: ignore[no-untyped-def]
    return linkgen.build("fit")


@pytest.fixture(scope="module")
def hard_fit():  # type: ignore[no-untyped-def]
    return linkgen.build("fit", hard_negatives=True)


def _sibling(rid: str) -> bool:
    return rid.endswith("/sibling.md")


def test_the_hard_negatives_are_deterministic(hard_fit) -> None:  # type: ignore[no-untyped-def]
    again = linkgen.build("fit", hard_negatives=True)
    assert again.records == hard_fit.records
    assert again.bodies == hard_fit.bodies


def test_the_default_set_is_part_of_the_hard_one_unchanged(default_fit, hard_fit) -> None:  # type: ignore[no-untyped-def]
    # Same records and bodies (the absent stories' bodies only name the sibling in negative_kind),
    # so the report split's figures without the option compare with runs before it.
    records = {r["id"]: r for r in hard_fit.records}
    bodies = {b.name: b for b in hard_fit.bodies}
    for r in default_fit.records:
        assert records[r["id"]] == r
    for b in default_fit.bodies:
        h = bodies[b.name]
        assert (h.text, h.expected, h.kind, h.headline, h.hard) == (b.text, b.expected, b.kind, b.headline, False)
    added = [r for r in hard_fit.records if r["id"] not in {x["id"] for x in default_fit.records}]
    assert added and all(_sibling(r["id"]) for r in added)
    new = [b for b in hard_fit.bodies if b.name not in {x.name for x in default_fit.bodies}]
    assert new and all(b.hard and not b.expected for b in new)


def test_hard_bodies_are_negatives_without_a_headline(hard_fit) -> None:  # type: ignore[no-untyped-def]
    recs = {r["id"] for r in hard_fit.records}
    copies = [b for b in hard_fit.bodies if b.hard and b.kind in linkgen.HARD_BODY_KINDS]
    reports = [b for b in hard_fit.bodies if b.hard and b.kind == linkgen.SIBLING_KIND]
    assert len(copies) >= 20 and len(reports) >= 20
    for b in copies:
        # A copy of a story whose own records are withheld, against its sibling record.
        assert not b.headline and b.negative_kind == "absent+sibling"
        assert f"gen/{b.story}/sibling.md" in recs and f"gen/{b.story}/main.md" not in recs
    for b in reports:
        assert f"gen/{b.story}/main.md" in recs
    assert sum(not b.headline for b in reports) > len(reports) / 2


def test_a_sibling_record_restates_the_lede_and_keeps_its_own_headline(hard_fit) -> None:  # type: ignore[no-untyped-def]
    articles = {a.id: a for a in linkgen.brown_articles(linkgen.BROWN) if linkgen.split_of(a.group) == "fit"}
    siblings = [r for r in hard_fit.records if _sibling(r["id"])]
    assert siblings
    longer = 0
    for r in siblings:
        a = articles[r["id"].split("/")[1]]
        lede_text = " ".join(a.paragraphs[:3])
        run = linkgen.shared_run(r["excerpt"], lede_text)
        longer += run > linkgen.OWN_WORDING_RUN
        # Never the lede itself: a restatement, not the wire copy word for word.
        assert linkgen.sentences_of(a.paragraphs[0])[0] not in r["excerpt"]
        title = linkgen.headline_from(linkgen.sentences_of(a.paragraphs[0])[0], __import__("random").Random(f"title:{a.id}"))
        assert r["title"] != title
    # Unlike other_outlet_record, not held to a short shared run: many keep more of the wording.
    assert longer >= len(siblings) // 4


def test_make_body_can_be_told_to_leave_the_headline_out() -> None:
    import random

    a = next(iter(linkgen.brown_articles(linkgen.BROWN)))
    a.title = "A Headline Written For This Test"
    with_draw = linkgen.make_body(a, "copy", random.Random("t"), a.title, [a])
    forced = linkgen.make_body(a, "copy", random.Random("t"), a.title, [a], headline=False)
    assert not forced[1] and a.title not in forced[0]
    # The rest of the body is what the same stream gives.
    assert a.paragraphs[0] in forced[0] and a.paragraphs[0] in with_draw[0]
