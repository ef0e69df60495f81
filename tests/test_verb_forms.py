"""Verb forms fitted to their context: participles after have/be/get, no participle-only forms after a subject."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.lexical import inflect
from textrepair.spin.match import find_hits, table_set
from textrepair.spin.tokens import tokenize
from textrepair.spin.restore import restore
from textrepair.lexical.tables import read_table

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "cases" / "verb_forms.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("past", "pp"), CASES["tense_forms"])
def test_tense_counterparts(past: str, pp: str) -> None:
    assert inflect.participle_of_past(past) == pp
    assert inflect.past_of_participle(pp) == past


@pytest.mark.parametrize(("past", "pp"), CASES["participle_only_one_way"])
def test_participle_that_is_also_a_base(past: str, pp: str) -> None:
    # "has become": the participle is right after "has"; but "become" is also a base form, so
    # it does not show a participle slot's tense the other way ("they become").
    assert inflect.participle_of_past(past) == pp
    assert inflect.past_of_participle(pp) is None


@pytest.mark.parametrize("word", CASES["no_participle_of"])
def test_forms_that_do_not_show_the_tense_have_no_participle(word: str) -> None:
    assert inflect.participle_of_past(word) is None


@pytest.mark.parametrize("word", CASES["no_past_of"])
def test_forms_that_do_not_show_the_tense_have_no_past(word: str) -> None:
    assert inflect.past_of_participle(word) is None


@pytest.mark.parametrize("case", CASES["options"], ids=[c["label"] for c in CASES["options"]])
def test_packaged_options_fit_the_verb_slot(case: dict) -> None:
    text = case["text"]
    hits = [h for h in find_hits(text, tokenize(text), table_set()) if h.found == case["observed"]]
    assert hits, f"no hit on {case['observed']!r}"
    options = {o.replacement for o in hits[0].options}
    for want in case["present"]:
        assert want in options, options
    for unwanted in case["absent"]:
        assert unwanted not in options, options


def _tables(case: dict):
    return [read_table(HERE / "data" / case["table"])] if "table" in case else None


@pytest.mark.parametrize("case", CASES["restore"], ids=[c["label"] for c in CASES["restore"]])
def test_restored_verb_forms(case: dict) -> None:
    r = restore(case["input"], tables=_tables(case), threshold=0.0)
    if "expected" in case:
        assert r.text == case["expected"], r.explain()
    words = r.text.replace(".", " ").split()
    for unwanted in case.get("absent", ()):
        assert unwanted not in words, r.explain()


@settings(max_examples=40, deadline=None)
@given(cue=st.sampled_from(["has", "have", "had", "was", "were", "is", "been", "being", "got", "hasn't"]),
       adverbs=st.lists(st.sampled_from(["also", "not", "already", "widely"]), max_size=2),
       observed=st.sampled_from(["noticed", "selected", "started", "developed", "occurred", "turned"]))
def test_no_past_only_original_in_a_participle_slot(cue: str, adverbs: list[str], observed: str) -> None:
    text = " ".join(["The", "figure", cue, *adverbs, observed, "before", "noon."])
    to_pp, _ = inflect.tense_forms()
    for h in find_hits(text, tokenize(text), table_set()):
        if h.found == observed:
            assert not any(o.replacement.split(" ")[0].lower() in to_pp for o in h.options), h.options
