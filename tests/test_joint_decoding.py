"""Joint decoding of neighbouring table-free spans (substitution.decode_runs): two spun neighbours restored together, clean text left alone.

Cases: tests/cases/joint_decoding.json (written for this project).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.core.edits import apply_edits
from textrepair.spin import restore, substitution
from textrepair.spin.tokens import protected_spans, tokenize
from textrepair.text.segment import split_paragraphs

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "joint_decoding.json").read_text(encoding="utf-8"))


def _spans(text: str):
    p = split_paragraphs(text)[0]
    toks = tokenize(text, p)
    spans, _ = substitution.score_paragraph(text, toks, protected_spans(text, p))
    return toks, spans


@pytest.mark.parametrize("case", CASES["joint"], ids=[c["label"] for c in CASES["joint"]])
def test_neighbours_restored_only_jointly(case) -> None:
    toks, spans = _spans(case["text"])
    alone = {s.found: s for s in spans}
    joint = {s.found: s for s in substitution.decode_runs(toks, spans)}
    need = restore.THESAURUS_MIN_CONFIDENCE
    for found, original in case["spans"].items():
        assert substitution.posterior(alone[found].options) < need, found
        s = joint[found]
        assert s.margin > 0 and s.options[0][0] == original, (found, s.options[:2])
        assert substitution.posterior(s.options) >= need, found


@pytest.mark.parametrize("case", CASES["joint"], ids=[c["label"] for c in CASES["joint"]])
def test_joint_decoding_keeps_spans_and_lone_spans(case) -> None:
    toks, spans = _spans(case["text"])
    joint = substitution.decode_runs(toks, spans)
    assert [(s.i, s.j, s.start, s.end) for s in joint] == [(s.i, s.j, s.start, s.end) for s in spans]
    runs = substitution._runs(toks, spans)
    for run in runs:
        if len(run) == 1:  # no neighbour: its own scores stand
            assert run[0] in joint
    for s in joint:
        assert len(s.rest) == len(s.options)
        assert all(a[1] >= b[1] for a, b in zip(s.options, s.options[1:]))


def test_runs_stop_at_sentence_starts() -> None:
    text = "They asked him to reassert. Refuse the reports, she said."
    toks, spans = _spans(text)
    for run in substitution._runs(toks, spans):
        assert not any(toks[k].sentence_start for s in run[1:] for k in range(s.i, s.i + 1))


@pytest.mark.parametrize("text", CASES["clean"])
def test_clean_paragraph_unchanged(text) -> None:
    assert restore.restore(text).text == text


@pytest.mark.parametrize("case", CASES["restore"], ids=[c["label"] for c in CASES["restore"]])
@pytest.mark.parametrize("joint", [True, False])
def test_restorer_uses_joint_decoding(case, joint, monkeypatch) -> None:
    monkeypatch.setattr(restore, "THESAURUS_JOINT", joint)
    rec = restore.restore_text(case["text"], threshold=0.0)
    out = apply_edits(case["text"], rec.edits)
    assert out == (case["expected"] if joint else case["text"])
    assert all(e.source.startswith("thesaurus:") for e in rec.edits)
