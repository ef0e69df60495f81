"""The spinner table's weight rule (data/spinner_weights.py) and the decoder's "kept" hypothesis, on made-up data."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.spin import restore
from textrepair.spin.detect import analyse
from textrepair.core.edits import apply_edits
from textrepair.lexical.tables import PhraseEntry, PhraseTable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "data"))
import spinner_weights as sw  # noqa: E402  (a build-time module of data/)

CASES_DIR = Path(__file__).parent / "cases"
WEIGHTS = json.loads((CASES_DIR / "table_weights.json").read_text(encoding="utf-8"))
GROUPS = {g: [tuple(p) for p in ps] for g, ps in WEIGHTS["groups"].items()}
IDENTITY = json.loads((CASES_DIR / "identity_prior.json").read_text(encoding="utf-8"))["cases"]


# --- evidence by article group -------------------------------------------------------------------


@pytest.mark.parametrize("case", WEIGHTS["cases"], ids=[c["label"] for c in WEIGHTS["cases"]])
def test_evidence_by_group(case: dict) -> None:
    ev = sw.Evidence(GROUPS, case["group_cap"]).of(case["form"], case["originals"])
    want = case["expect"]
    assert ev.n == pytest.approx(want["n"])
    assert ev.kept == pytest.approx(want["kept"])
    assert dict(ev.by_original) == pytest.approx(want["by_original"])
    assert ev.raw_n == want["raw_n"]
    assert ev.groups == want["groups"]
    # kept and the originals account for every (effective) occurrence
    assert ev.kept + sum(ev.by_original.values()) == pytest.approx(ev.n)


def test_leaving_a_group_out_removes_its_evidence() -> None:
    without = {g: ps for g, ps in GROUPS.items() if g != "one-story-about-fees"}
    ev = sw.Evidence(without).of("levy", ["fee"])
    assert ev.by_original["fee"] == 0 and ev.kept == pytest.approx(ev.n) and ev.groups == 2


def test_one_story_weighs_less_than_many() -> None:
    # "levy" is spun 8 times in one story and kept in two others; "exhibit" is spun once in
    # each of four stories. With one group capped, the many-story form is the likelier spun.
    ev = sw.Evidence(GROUPS)
    kept_levy, post_levy = sw.posterior(ev.of("levy", ["fee"]), 0.5, {"fee": 1.0}, 2.0)
    kept_exh, post_exh = sw.posterior(ev.of("exhibit", ["show"]), 0.5, {"show": 1.0}, 2.0)
    assert post_exh["show"] > post_levy["fee"]
    assert kept_levy > kept_exh


def test_spin_rate_skips_the_groups_a_row_cites() -> None:
    ev = sw.Evidence(GROUPS)
    everything = sw.spin_rate(ev, {"fee": (), "show": (), "sale": ()})
    assert everything == pytest.approx(1.0)  # every fee, show and sale of the originals was spun
    # "fee" judged only where its row was not written from: the two stories that keep "levy"
    # have no "fee" at all, so only show and sale count, still all spun
    assert sw.spin_rate(ev, {"fee": ("one-story-about-fees",), "show": (), "sale": ()}) == pytest.approx(1.0)
    assert sw.spin_rate(ev, {"fee": ("one-story-about-fees",)}) == 0.0  # nothing left to count


# --- the keep prior and the posterior ------------------------------------------------------------


def test_keep_prior_recovers_a_logistic_trend() -> None:
    # Rows drawn (deterministically) from logit P(kept) = ln 10 x channel - 0.5 + 0.8 x (zipf - 4):
    # the fit recovers the terms beside the channel's own.
    units = []
    for i in range(-10, 11):
        for zipf in (2.5, 3.5, 4.5, 5.5):
            ch = i / 10
            p = 1 / (1 + math.exp(-(math.log(10) * ch - 0.5 + 0.8 * (zipf - 4.0))))
            units.append((ch, sw.features(ch, zipf, 1), p, 3.0))
    prior = sw.fit_keep_prior(units, ridge=1e-6)
    assert prior.b[0] == pytest.approx(-0.5, abs=0.05)
    assert prior.b[1] == pytest.approx(0.8, abs=0.05)
    assert prior(1.0, 4.0) > prior(0.0, 4.0) > prior(-1.0, 4.0)
    assert prior(0.0, 5.5) > prior(0.0, 2.5)  # more ordinary: more often kept, as in the rows


def test_keep_prior_without_data_is_the_channel_model() -> None:
    prior = sw.fit_keep_prior([])
    # channel log-odds 0 -> even odds; +1 (ten times likelier as written) -> 10:1
    assert prior(0.0, 4.0) == pytest.approx(0.5)
    assert prior(1.0, 4.0) == pytest.approx(10 / 11)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.1, 20.0), st.integers(0, 8), st.integers(0, 8))
@settings(max_examples=200, deadline=None)
def test_posterior_is_a_distribution(keep: float, share: float, pseudo: float, k_kept: int, k_c: int) -> None:
    ev = sw.FormEvidence(n=float(k_kept + k_c), kept=float(k_kept))
    ev.by_original["a"] = float(k_c)
    kept, post = sw.posterior(ev, keep, {"a": share, "b": 1.0 - share}, pseudo)
    assert kept + sum(post.values()) == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 for v in (kept, *post.values()))


def test_ordinary_words_need_more_evidence() -> None:
    # The same two spun occurrences move a rare form's weight further than an ordinary one's.
    ev = sw.FormEvidence(n=2.0, kept=0.0)
    ev.by_original["c"] = 2.0
    rare = sw.posterior(ev, 0.6, {"c": 1.0}, sw.pseudo_count(3.0, 2.0, 1.0))[1]["c"]
    common = sw.posterior(ev, 0.6, {"c": 1.0}, sw.pseudo_count(5.5, 2.0, 1.0))[1]["c"]
    assert rare > 0.8 > 0.5 > common > 0.4  # the prior alone gives 0.4


# --- the decoder uses "kept" ---------------------------------------------------------------------


def _table(observed: str, original: str, weight: float) -> PhraseTable:
    return PhraseTable("test-spinner", 1, (PhraseEntry(observed, original, weight, "test"),))


@pytest.mark.parametrize("case", IDENTITY, ids=[c["label"] for c in IDENTITY])
def test_kept_prior_decides_at_the_extremes(case: dict) -> None:
    rec = restore.restore_text(case["text"], tables=[_table(case["observed"], case["original"], case["weight"])],
                               threshold=0.0)
    assert apply_edits(case["text"], rec.edits) == case["expected"]


@given(st.floats(0.05, 0.9), st.floats(0.01, 0.09))
@settings(max_examples=25, deadline=None)
def test_more_kept_mass_never_raises_the_option(weight: float, step: float) -> None:
    case = IDENTITY[0]

    def option_posterior(w: float) -> float:
        a = analyse(case["text"], tables=[_table(case["observed"], case["original"], w)])[0]
        (choice,) = restore.decode(a)
        return sum(p for o, p in choice.posteriors if o is not None)

    assert option_posterior(weight) <= option_posterior(weight + step) + 1e-12
