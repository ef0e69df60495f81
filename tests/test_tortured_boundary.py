"""The phrase-boundary rule of the science domain (issue 13; measured, off by default): a restoration
after an unrestored word of the same phrase that the word table knows as a spinner's word is
withheld as a suggestion.

Cases are sentences written for this test (tests/cases/tortured_boundary.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.core.edits import apply_edits
from textrepair.spin import tortured as T

CASES = json.loads((Path(__file__).parent / "cases" / "tortured_boundary.json").read_text(encoding="utf-8"))


def repaired(text: str, model: T.ScienceModel | None = None) -> str:
    return apply_edits(text, T.tortured_edits(text, T.find_tortured(text, model=model)))


@pytest.fixture(scope="module")
def without_rule() -> T.ScienceModel:
    return T.default_model()


@pytest.fixture(scope="module")
def with_rule() -> T.ScienceModel:
    # measured and off by default (see ScienceModel.boundary)
    m = T.default_model()
    return T.ScienceModel(m.table, m.terms, boundary=True)


def test_the_rule_is_off_by_default() -> None:
    assert not T.default_model().boundary


@pytest.mark.parametrize("case", CASES["withheld"], ids=lambda c: c["phrase"])
def test_partial_restoration_after_a_spun_word_is_withheld(case: dict, with_rule: T.ScienceModel,
                                                            without_rule: T.ScienceModel) -> None:
    text = case["text"]
    assert repaired(text, with_rule) == text
    # the case exercises the rule: without it the rest of the phrase is restored
    assert repaired(text, without_rule) == case["partial"]


@pytest.mark.parametrize("case", CASES["withheld"], ids=lambda c: c["phrase"])
def test_withheld_restoration_stays_a_suggestion(case: dict, with_rule: T.ScienceModel) -> None:
    start = case["text"].index(case["phrase"])
    span = range(start, start + len(case["phrase"]))
    found = [f for f in T.find_tortured(case["text"], model=with_rule, min_confidence=T.SUGGEST_FLOOR)
             if f.start in span]
    assert found and all(f.confidence < with_rule.min_confidence for f in found)
    # the phrase's first word is the suspect that withheld it
    first = case["phrase"].split()[0]
    assert any(word == first for w in with_rule.windows(case["text"]) for _, word in w.suspects)


@pytest.mark.parametrize("case", CASES["kept"], ids=lambda c: c["text"][:30])
def test_restoration_after_a_genuine_modifier_stands(case: dict, with_rule: T.ScienceModel,
                                                     without_rule: T.ScienceModel) -> None:
    assert repaired(case["text"], with_rule) == case["restored"]
    assert repaired(case["text"], without_rule) == case["restored"]


# --- the rule on hand-built windows -------------------------------------------------------------

WORDS = ["odd", "grand", "of", "loud", "noise", "level"]


class _Model:
    """Stands in for ScienceModel where the rule reads it: which words look spun, which phrases are known."""

    def __init__(self, spun: set[str], known: set[str] = frozenset()):
        self.spun, self.terms = spun, known

    def looks_spun(self, word: str) -> bool:
        return word in self.spun

    def known(self, ws) -> str:
        return "curated" if " ".join(ws) in self.terms else ""


def window(first: int, end: int, conf: float, proposal: str) -> T.Window:
    start = sum(len(w) + 1 for w in WORDS[:first])
    found = " ".join(WORDS[first:end])
    return T.Window(0, first, end, first, end, T.Finding(start, start + len(found), found, proposal, conf), {})


def test_suspect_found_through_the_phrase_and_across_of() -> None:
    w = window(4, 5, 0.95, "sound")                       # "noise" -> "sound"
    # "loud" is genuine, "grand" (across "of") is not reached: only "loud" is within reach 1
    assert T._boundary([w], WORDS, _Model({"grand"}))[0].suspects == ()
    w = window(3, 5, 0.95, "big sound")                    # "loud noise" -> "big sound"
    assert T._boundary([w], WORDS, _Model({"grand"}))[0].suspects == ((1, "grand"),)
    # a known term with the word fits, and nothing after the phrase is looked at
    assert T._boundary([w], WORDS, _Model({"grand"}, {"grand of big sound"}))[0].suspects == ()
    assert T._boundary([w], WORDS, _Model({"level"}))[0].suspects == ()


def test_withheld_unless_the_suspect_word_is_restored() -> None:
    w = T._boundary([window(3, 5, 0.95, "big sound")], WORDS, _Model({"grand"}))[0]
    found = T.decode([w], 0.25, 0.8)
    assert [(f.found, f.confidence) for f in found] == [("loud noise", pytest.approx(0.95 * (1 - T.BOUNDARY_Q)))]
    restores_grand = window(1, 2, 0.9, "large")
    found = T.decode([w, restores_grand], 0.8, 0.8)
    assert [(f.found, f.confidence) for f in found] == [("grand", 0.9), ("loud noise", 0.95)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 3), st.floats(0.0, 1.0)), max_size=6),
       st.sets(st.sampled_from(WORDS)), st.floats(0.05, 0.95))
def test_rule_only_lowers_confidence(spec, spun, apply) -> None:
    wins = [window(i, min(6, i + n), conf, "x") for i, n, conf in spec]
    plain: dict[tuple[int, int], float] = {}
    for w in wins:
        key = (w.finding.start, w.finding.end)
        plain[key] = max(plain.get(key, 0.0), w.finding.confidence)
    last = -1
    for f in T.decode(T._boundary(wins, WORDS, _Model(spun)), 0.0, apply):
        assert f.start >= last                       # never overlapping
        last = f.end
        assert f.confidence <= plain[(f.start, f.end)] + 1e-12
    # with no word spun-looking the rule changes nothing
    assert T.decode(T._boundary(wins, WORDS, _Model(set())), 0.0, apply) == T.decode(wins, 0.0, apply)
