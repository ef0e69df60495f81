"""Build a RepairResult from a JSON case (tests/data/*.json) whose edits are located by the text they find."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textrepair.core.edits import apply_edits, compose_stages
from textrepair.text.segment import split_paragraphs
from textrepair.core.types import Edit, ParagraphScore, RepairResult, Signal, StageRecord, Suggestion

DATA = Path(__file__).resolve().parent / "data"


def _find(text: str, needle: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos


def build_result(case: dict[str, Any]) -> RepairResult:
    original = case["original"]
    current = original
    records = []
    for st in case["stages"]:
        edits = []
        for e in st.get("edits", ()):
            s = _find(current, e["find"], e.get("nth", 0))
            edits.append(Edit(s, s + len(e["find"]), e["find"], e["replacement"], st["stage"], e["reason"],
                              e.get("confidence", 1.0), e.get("source", "")))
        suggestions = []
        for g in st.get("suggestions", ()):
            s = _find(current, g["find"])
            suggestions.append(Suggestion(s, s + len(g["find"]), g["find"], tuple(g["alternatives"]),
                                          g["confidence"], g.get("reason", "")))
        paras = split_paragraphs(current)
        scores = []
        for p in st.get("scores", ()):
            span = paras[p["paragraph"]]
            sigs = []
            for sg in p.get("signals", ()):
                s = _find(current, sg["find"])
                sigs.append(Signal(sg["name"], s, s + len(sg["find"]), sg["find"], sg["weight"], sg.get("detail", "")))
            scores.append(ParagraphScore(span.start, span.end, p["score"], p["spun"], tuple(sigs)))
        edits.sort(key=lambda e: e.start)
        records.append(StageRecord(st["stage"], tuple(edits), tuple(suggestions), tuple(scores)))
        current = apply_edits(current, edits)
    last_scores = next((r.scores for r in reversed(records) if r.scores), ())
    return RepairResult(original, current, tuple(records), compose_stages(original, records), (),
                        last_scores, tuple(s for r in records for s in r.suggestions), {"path": "case.txt"})


def load_case(name: str = "render_case.json") -> RepairResult:
    return build_result(json.loads((DATA / name).read_text(encoding="utf-8")))
