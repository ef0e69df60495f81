"""Detection: paragraph and document scores, evidence, calibration on the dev corpus, the scan CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair import ParagraphScore, split_paragraphs
from textrepair.spin.match import table_set
from textrepair.cli import main
from textrepair.spin.detect import DEFAULT_THRESHOLD, score_document, score_paragraphs
from textrepair.text.document import parse_document
from textrepair.lexical.tables import read_table

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "spinner-small.tsv"


@pytest.fixture(scope="module")
def small():
    return table_set([read_table(SMALL)])


@pytest.mark.parametrize("which", ["small", "packaged"])
def test_spun_paragraphs_score_high_and_clean_low(small, which: str) -> None:
    tables = small if which == "small" else table_set()
    if not tables.tables:
        pytest.skip("no packaged spinner table")
    spun = (DATA / "spun_paragraphs.txt").read_text(encoding="utf-8")
    clean = (DATA / "clean_paragraphs.txt").read_text(encoding="utf-8")
    # The small test table knows few spinner forms: judge it at a lower threshold.
    threshold = 0.2 if which == "small" else None
    s_scores = score_paragraphs(spun, tables=tables, threshold=threshold)
    c_scores = score_paragraphs(clean, tables=tables, threshold=threshold)
    assert all(isinstance(p, ParagraphScore) and 0.0 <= p.score <= 1.0 for p in s_scores + c_scores)
    assert all(p.spun for p in s_scores)
    assert not any(p.spun for p in c_scores)
    assert min(p.score for p in s_scores) > max(p.score for p in c_scores)


def test_evidence_points_at_the_text(small) -> None:
    text = (DATA / "spun_paragraphs.txt").read_text(encoding="utf-8")
    p = score_paragraphs(text, tables=small)[0]
    names = {s.name for s in p.signals}
    assert names & {"table", "collocation", "artefact"}
    assert "cluster" in names
    for s in p.signals:
        if s.name != "cluster":
            assert text[s.start : s.end] == s.text
            assert p.start <= s.start < s.end <= p.end
    assert any(s.text == "know-how" for s in p.signals)


def test_document_score_and_threshold(small) -> None:
    text = (DATA / "spun_paragraphs.txt").read_text(encoding="utf-8")
    score, spun, paras = score_document(text, tables=small, threshold=0.2)
    assert spun and 0.2 < score <= 1.0
    assert len(paras) == len(split_paragraphs(text))
    _, spun_strict, paras_strict = score_document(text, tables=small, threshold=1.0)
    assert not spun_strict and not any(p.spun for p in paras_strict)
    assert score_document("", tables=small)[0] == 0.0


def test_corpus_detection(shared) -> None:
    """Dictionary-spun dev documents are flagged, clean ones are not (packaged tables)."""
    corpus = shared / "corpus"
    spun = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("dict/*/spun.txt"))]
    clean = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("clean/*.txt"))]
    if not table_set().tables:
        pytest.skip("no packaged spinner table yet")
    spun_scores = [score_document(t)[0] for t in spun]
    clean_results = [score_document(t) for t in clean]
    assert min(spun_scores) > max(s for s, _, _ in clean_results)
    paras = [p for _, _, ps in clean_results for p in ps]
    false_pos = sum(p.spun for p in paras) / len(paras)
    assert false_pos <= 0.02


def test_scan_cli_json(tmp_path, capsys) -> None:
    body = (DATA / "spun_paragraphs.txt").read_text(encoding="utf-8")
    f = tmp_path / "a.md"
    f.write_text("---\ntitle: x\n---\n" + body, encoding="utf-8")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 10)
    code = main(["scan", str(f), str(bad), "--table", str(SMALL), "--format", "json"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 1
    good, err = lines
    assert set(good) == {"path", "score", "spun", "paragraphs"} and good["spun"] is True
    doc = parse_document(f.read_text(encoding="utf-8"))
    for p in good["paragraphs"]:
        assert {"start", "end", "score", "spun", "evidence"} <= set(p)
        assert doc.text[p["start"] : p["end"]].strip()
        for ev in p["evidence"]:
            if ev["name"] != "cluster":
                assert doc.text[ev["start"] : ev["end"]] == ev["text"]
    assert good["paragraphs"][0]["start"] >= doc.body.start
    assert err["path"] == str(bad) and "error" in err


def test_scan_rejects_bad_options(tmp_path, capsys) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Some text.", encoding="utf-8")
    assert main(["scan", str(f), "--threshold", "1.5"]) == 2
    assert main(["scan", str(f), "--table", str(tmp_path / "nope.tsv")]) == 2
    assert main(["scan", str(f), "--format", "text", "--table", str(SMALL)]) == 0
    assert "clean" in capsys.readouterr().out


def test_threshold_default_is_calibrated() -> None:
    assert 0.0 < DEFAULT_THRESHOLD < 1.0
