"""The packaged lexicon: lemmas, inflection, synonym graph, and spinner-table candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.lexical import inflect as inf
from textrepair.lexical import lexicon

CASES = json.loads((Path(__file__).parent / "cases" / "lexicon.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("word", "lemma"), CASES["lemmas"], ids=[w for w, _ in CASES["lemmas"]])
def test_lemmas(word: str, lemma: str) -> None:
    assert lexicon.lemmas(word)[0] == lemma


@pytest.mark.parametrize("case", CASES["inflect"], ids=[f"{c['lemma']}~{c['like']}" for c in CASES["inflect"]])
def test_inflect_like(case: dict) -> None:
    assert lexicon.inflect(case["lemma"], like=case["like"]) == case["expected"]


@pytest.mark.parametrize("case", CASES["table_candidates"], ids=[c["observed"] for c in CASES["table_candidates"]])
def test_table_candidates(case: dict) -> None:
    originals = [e.original for e in lexicon.table_candidates(case["observed"])]
    assert case["original"] in originals


@pytest.mark.parametrize("case", CASES["not_candidates"], ids=[c["observed"] for c in CASES["not_candidates"]])
def test_case_sensitive_rows_need_exact_case(case: dict) -> None:
    assert all(not e.case_sensitive for e in lexicon.table_candidates(case["observed"]))


@pytest.mark.parametrize(("a", "b"), CASES["synonyms"])
def test_synonym_graph_links(a: str, b: str) -> None:
    assert b in lexicon.synonyms(a)
    assert a in lexicon.synonyms(b)  # symmetric view


def test_inverse_synonyms_are_candidate_originals() -> None:
    assert "outside" in lexicon.inverse_synonyms("exterior") or "outside" in lexicon.forward_synonyms("exterior")
    assert lexicon.synonyms("qwxzzq") == frozenset()


def test_lemma_candidates_reinflect_the_original() -> None:
    # "confirming" has no row of its own: it goes through its lemma "confirm" and comes back inflected
    rows = lexicon.table_candidates("confirming")
    assert rows and all(r.source.endswith("(via lemma)") for r in rows)
    assert all(r.original.endswith("ing") for r in rows)


def test_spinner_forward_map() -> None:
    fwd = lexicon.spinner_forward()
    assert "know-how" in fwd["technology"]
    assert "Fb" in fwd["facebook"]


@pytest.mark.parametrize(("lemma", "form", "expected"), [
    ("agency", inf.PLURAL, "agencies"), ("watch", inf.THIRD, "watches"), ("stop", inf.PAST, "stopped"),
    ("prefer", inf.PAST, "preferred"), ("visit", inf.PAST, "visited"), ("make", inf.GERUND, "making"),
    ("die", inf.GERUND, "dying"), ("show", inf.PARTICIPLE, "shown"), ("child", inf.PLURAL, "children"),
    ("law enforcement agency", inf.PLURAL, "law enforcement agencies"), ("big", inf.COMPARATIVE, "bigger"),
    ("happy", inf.SUPERLATIVE, "happiest"), ("good", inf.COMPARATIVE, "better"),
])
def test_apply_form(lemma: str, form: str, expected: str) -> None:
    assert inf.apply_form(lemma, form) == expected


def test_apply_form_rejects_unknown_form() -> None:
    with pytest.raises(ValueError, match="unknown form"):
        inf.apply_form("word", "dual")


@pytest.mark.parametrize(("lemmas", "forms"), [
    (("agency", "company", "picture", "report", "study"), (inf.PLURAL,)),
    (("stop", "study", "try", "use", "report", "prefer"), (inf.PAST, inf.GERUND, inf.THIRD)),
])
def test_analyse_round_trips_regular_forms(lemmas: tuple[str, ...], forms: tuple[str, ...]) -> None:
    for lemma in lemmas:
        for form in forms:
            word = inf.apply_form(lemma, form)
            assert (lemma, form) in lexicon.analyse(word), word
            assert lexicon.inflect(lemma, like=word) == word


def test_lemma_order() -> None:
    assert lexicon.lemmas("running")[:2] == ("running", "run")  # a noun lemma itself, and a verb form
    assert lexicon.lemmas("qwxzzqs") == ("qwxzzqs",)
