"""Spun multiword names: exact variants from names-news and fuzzy matches of capitalised runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.lexical.names import find_name_matches, find_spun_names
from textrepair.lexical.tables import PhraseEntry, PhraseTable

CASES = json.loads((Path(__file__).parent / "cases" / "names.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_name_cases(case: dict) -> None:
    text = case["text"]
    got = [(text[s.start:s.end], canon) for s, canon, _ in find_spun_names(text)]
    assert got == [tuple(x) for x in case["expected"]]


def test_matches_are_sorted_disjoint_and_scored() -> None:
    text = " ".join(c["text"] for c in CASES)
    ms = find_name_matches(text)
    assert ms
    for a, b in zip(ms, ms[1:]):
        assert a.span.end <= b.span.start
    assert all(0.0 < m.score <= 1.0 and m.how in ("exact", "fuzzy") for m in ms)


def test_custom_table() -> None:
    table = PhraseTable("t", 1, (PhraseEntry("Acme Knowledge Lab", "Acme Data Lab", 0.95, "test",
                                             frozenset({"cs", "name"})),))
    ms = find_name_matches("Ask the Acme Knowledge Lab today.", table=table)
    assert [(m.observed, m.canonical) for m in ms] == [("Acme Knowledge Lab", "Acme Data Lab")]


def test_no_false_names_in_clean_news(shared: Path) -> None:
    files = sorted((shared / "corpus" / "clean").glob("*.txt"))
    assert files
    hits = [(f.name, m.observed) for f in files for m in find_name_matches(f.read_text(encoding="utf-8"))]
    assert hits == []


def test_seed_names_found(seed_body: str) -> None:
    canon = {c for _, c, _ in find_spun_names(seed_body)}
    assert {"BuzzFeed News", "General Data Protection Regulation", "National Crime Agency",
            "Information Commissioner's Office", "Electronic Frontier Foundation"} <= canon
