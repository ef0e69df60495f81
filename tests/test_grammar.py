"""Grammar cues for the form of a table-free restoration (textrepair.spin.grammar); cases in tests/cases/grammar.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.spin import grammar

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "grammar.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["slots"], ids=[f"{c['before']}|{'+'.join(c['forms'])}" for c in CASES["slots"]])
def test_slot_fit(case) -> None:
    words = case["before"].split() + ["slot"]
    starts = [True] + [False] * (len(words) - 1)
    cue = grammar.cue(words, starts, len(words) - 1)
    assert grammar.slot_fit(cue, frozenset(case["forms"])) == case["fit"], cue


def test_a_cue_does_not_reach_across_a_sentence_start() -> None:
    words = ["it", "has", "ended", "plans"]
    assert grammar.cue(words, [True, False, False, False], 3) is None  # "ended" is no adverb
    assert grammar.cue(words, [True, False, True, False], 2) is None
    assert grammar.cue(words, [True, False, False, False], 2) == "have"


@pytest.mark.parametrize("case", CASES["tense"], ids=["past", "present"])
def test_tense_lean(case) -> None:
    lean = grammar.tense_lean(case["text"].split())
    assert -0.5 <= lean <= 0.5 and (lean > 0) == (case["sign"] > 0) and lean != 0
    past = grammar.tense_fit(frozenset({"past", "pp"}), lean)
    third = grammar.tense_fit(frozenset({"3sg"}), lean)
    assert past == -third and (past > 0) == (case["sign"] > 0)
    assert grammar.tense_fit(frozenset({"past", "3sg"}), lean) == 0.0  # ambiguous: not judged
