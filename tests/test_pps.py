"""Problematic Paper Screener tortured-phrase CSV: parsing, syntax, matching and conversion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.core.errors import TableFormatError
from textrepair.lexical.pps import PPSFormatError, load_pps_csv, parse_fingerprint, parse_pps_csv

HERE = Path(__file__).parent / "cases"
DATA = json.loads((HERE / "pps.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table():  # type: ignore[no-untyped-def]
    return load_pps_csv(HERE / "pps_sample.csv")


def test_sample_loads(table) -> None:  # type: ignore[no-untyped-def]
    assert len(table) == 7
    counts = [fp.papers for fp in table.fingerprints]
    assert counts == [1234, 789, 56, 12, 3, None, 1024]


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["label"] for c in DATA["cases"]])
def test_matches(table, case: dict) -> None:  # type: ignore[no-untyped-def]
    text = case["text"]
    got = [[text[s.start:s.end], expected] for s, expected, _ in table.find(text)]
    assert got == case["expected"]


@pytest.mark.parametrize("case", DATA["bad"], ids=[c["label"] for c in DATA["bad"]])
def test_bad_csv_names_line(case: dict) -> None:
    with pytest.raises(PPSFormatError) as info:
        parse_pps_csv(case["csv"], origin="bad.csv")
    assert f"bad.csv, line {case['line']}" in str(info.value)
    assert isinstance(info.value, TableFormatError)


def test_fingerprint_syntax() -> None:
    c = parse_fingerprint('"a b" AND "c" NOT "d e"~3')
    assert [x.words for x in c] == [("a", "b"), ("c",), ("d", "e")]
    assert [x.negated for x in c] == [False, False, True]
    assert c[2].slop == 3
    assert parse_fingerprint('"x" AND NOT "y"')[1].negated
    assert parse_fingerprint("bare phrase here")[0].words == ("bare", "phrase", "here")


def test_to_phrase_table_keeps_plain_rows(table) -> None:  # type: ignore[no-untyped-def]
    pt = table.to_phrase_table()
    rows = {(e.spun, e.original) for e in pt.entries}
    assert rows == {("counterfeit consciousness", "artificial intelligence"),
                    ("flag to commotion", "signal to noise"), ("choice tree", "decision tree")}
    assert all("artefact" in e.flags and e.source.startswith("pps:") for e in pt.entries)


def test_missing_file_is_library_error(tmp_path: Path) -> None:
    with pytest.raises(PPSFormatError):
        load_pps_csv(tmp_path / "none.csv")


def test_read_table_accepts_the_csv_export() -> None:
    from textrepair.lexical.tables import read_table

    pt = read_table(HERE / "pps_sample.csv")
    assert pt.name == "pps_sample"
    assert ("choice tree", "decision tree") in {(e.spun, e.original) for e in pt.entries}
