"""Learning a spinner: tables from aligned pairs, mining from spun output, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.cli import main
from textrepair.spin.learn import LearnError, learn_folder, learn_table, mine_table
from textrepair.lexical.tables import parse_table, read_table

PAIR = json.loads((Path(__file__).parent / "cases" / "learn_pair.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def learned():  # type: ignore[no-untyped-def]
    return learn_table(PAIR["spun"], PAIR["original"])


def test_learned_rows_and_counts(learned) -> None:  # type: ignore[no-untyped-def]
    rows = {(e.spun.lower(), e.original.lower()): e for e in learned.entries}
    for observed, original, count in PAIR["expected_rows"]:
        e = rows[(observed, original)]
        assert e.source == f"learned: {count} occurrence{'s' * (count != 1)}"
        assert 0 < e.weight < 1


def test_unchanged_words_are_not_learned(learned) -> None:  # type: ignore[no-untyped-def]
    observed = {e.spun.lower() for e in learned.entries}
    assert not observed & set(PAIR["absent_observed"])


def test_identical_texts_learn_nothing() -> None:
    assert len(learn_table(PAIR["original"], PAIR["original"])) == 0


def test_learn_folder_and_cli(tmp_path: Path) -> None:
    for n in ("001", "002"):
        d = tmp_path / "pairs" / n
        d.mkdir(parents=True)
        (d / "original.txt").write_text(PAIR["original"], encoding="utf-8")
        (d / "spun.txt").write_text(PAIR["spun"], encoding="utf-8")
    table = learn_folder(tmp_path / "pairs")
    row = next(e for e in table.entries if e.spun.lower() == "mentioned")
    assert row.source == "learned: 6 occurrences"
    out = tmp_path / "t.tsv"
    assert main(["learn", "--pairs", str(tmp_path / "pairs"), "-o", str(out)]) == 0
    assert read_table(out).entries == table.entries
    o, s = tmp_path / "o.txt", tmp_path / "s.txt"
    o.write_text(PAIR["original"], encoding="utf-8")
    s.write_text(PAIR["spun"], encoding="utf-8")
    assert main(["learn", str(o), str(s), "-o", str(out)]) == 0
    assert any(e.spun == "know-how" for e in read_table(out).entries)


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["learn", "-o", str(tmp_path / "x.tsv")]) == 2
    assert main(["learn", "--pairs", str(tmp_path / "missing"), "-o", str(tmp_path / "x.tsv")]) == 2
    assert main(["mine", str(tmp_path / "missing"), "-o", str(tmp_path / "x.tsv")]) == 2
    assert "textrepair:" in capsys.readouterr().err
    with pytest.raises(LearnError):
        learn_folder(tmp_path)


def test_mine_finds_recurring_artefacts(tmp_path: Path) -> None:
    # Three spun texts written for this test, sharing spinner outputs the packaged table lacks
    # (include_known=False would hide the ones it has): "regulation enforcement" is in the table,
    # so the known row must be left out, while a new recurring oddity is proposed.
    texts = [
        "The police used the instrument with regulation enforcement officials in the city.",
        "Officials said the instrument helped regulation enforcement in many cases.",
        "Regulation enforcement groups bought the instrument last year.",
    ]
    table = mine_table(texts)
    assert all(e.source.startswith("mined: ") for e in table.entries)
    assert not any(e.spun == "regulation enforcement" for e in table.entries)
    known = mine_table(texts, include_known=True)
    assert len(known) >= len(table)
    with pytest.raises(LearnError):
        mine_table([])


def test_cli_mine_writes_table(tmp_path: Path) -> None:
    d = tmp_path / "spun"
    d.mkdir()
    for i, t in enumerate(["The tool was used by regulation enforcement.", "Regulation enforcement used it."]):
        (d / f"{i}.txt").write_text(t, encoding="utf-8")
    out = tmp_path / "m.tsv"
    assert main(["mine", str(d), "-o", str(out)]) == 0
    assert parse_table(out.read_text(encoding="utf-8")).name == "mined"
