"""Tabular export of results: one row per edit, paragraph score, suggestion or link (pandas when installed)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..core.types import RepairResult

KINDS = ("edits", "paragraphs", "suggestions", "links")


def _doc_key(result: RepairResult, index: int) -> str:
    path = result.meta.get("path") if isinstance(result.meta, Mapping) else None
    return str(path) if path else str(index)


def _results(results: RepairResult | Iterable[RepairResult]) -> list[tuple[str, RepairResult]]:
    if isinstance(results, RepairResult):
        return [(_doc_key(results, 0), results)]
    out = []
    for i, item in enumerate(results):
        # A stream result (textrepair.run.stream.StreamResult) carries its key beside the result.
        result = getattr(item, "result", item)
        if result is None:
            continue
        key = getattr(item, "key", None)
        out.append((str(key) if key is not None else _doc_key(result, i), result))
    return out


def _edit_rows(doc: str, r: RepairResult) -> list[dict[str, Any]]:
    return [{"doc": doc, "index": i, **e.to_dict(), "confidence": e.confidence} for i, e in enumerate(r.edits)]


def _paragraph_rows(doc: str, r: RepairResult) -> list[dict[str, Any]]:
    rows = []
    for i, p in enumerate(r.scores):
        top = sorted(p.signals, key=lambda s: -abs(s.weight))
        rows.append({"doc": doc, "index": i, "start": p.start, "end": p.end, "score": p.score, "spun": p.spun,
                     "signals": len(p.signals), "top_signal": top[0].name if top else ""})
    return rows


def _suggestion_rows(doc: str, r: RepairResult) -> list[dict[str, Any]]:
    return [{"doc": doc, "index": i, "start": s.start, "end": s.end, "found": s.found,
             "alternatives": " | ".join(s.alternatives), "confidence": s.confidence, "reason": s.reason}
            for i, s in enumerate(r.suggestions)]


def _link_rows(doc: str, r: RepairResult) -> list[dict[str, Any]]:
    links = r.meta.get("links") if isinstance(r.meta, Mapping) else None
    return link_records(links or (), doc=doc)


def link_records(links: Iterable[Any], *, doc: str = "") -> list[dict[str, Any]]:
    """Links (``Link`` objects or dicts with record, score, start, end, evidence) as flat rows."""
    rows = []
    for i, link in enumerate(links):
        m = link if isinstance(link, Mapping) else (link.to_dict() if hasattr(link, "to_dict") else vars(link))
        rec = m.get("record")
        if not isinstance(rec, (str, int, float, type(None))):
            rm = rec if isinstance(rec, Mapping) else (rec.to_dict() if hasattr(rec, "to_dict") else {})
            rec = rm.get("id") or rm.get("path") or rm.get("title") or str(rec)
        evidence = m.get("evidence", ())
        if isinstance(evidence, Mapping):
            evidence = [f"{k}={v}" for k, v in evidence.items()]
        rows.append({"doc": doc, "index": i, "record": rec, "score": m.get("score"), "start": m.get("start"),
                     "end": m.get("end"), "evidence": "; ".join(str(e) for e in evidence)})
    return rows


_ROWS = {"edits": _edit_rows, "paragraphs": _paragraph_rows, "suggestions": _suggestion_rows, "links": _link_rows}


def to_records(results: RepairResult | Iterable[RepairResult], kind: str = "edits") -> list[dict[str, Any]]:
    """Rows (plain dicts) for one result or many: ``kind`` is edits, paragraphs, suggestions or links.

    Every row has ``doc`` (the result's path, or its stream key, or its position) and ``index``.

    >>> from textrepair import repair_and_explain
    >>> [(r["found"], r["replacement"]) for r in to_records(repair_and_explain("caf\\u00c3\\u00a9", restore=False))]
    [('Ã©', 'é')]
    """
    if kind not in _ROWS:
        msg = f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}"
        raise ValueError(msg)
    rows: list[dict[str, Any]] = []
    for doc, r in _results(results):
        rows.extend(_ROWS[kind](doc, r))
    return rows


def to_frame(results: RepairResult | Iterable[RepairResult], kind: str = "edits") -> Any:
    """A pandas DataFrame of :func:`to_records` when pandas is installed, else the list of dicts."""
    rows = to_records(results, kind)
    try:
        import pandas as pd
    except ImportError:
        return rows
    columns = list(rows[0]) if rows else ["doc", "index"]
    return pd.DataFrame.from_records(rows, columns=columns)


def edits_frame(results: RepairResult | Iterable[RepairResult]) -> Any:
    """One row per edit (doc, index, start, end, original, replacement, stage, reason, confidence, source)."""
    return to_frame(results, "edits")


def scores_frame(results: RepairResult | Iterable[RepairResult]) -> Any:
    """One row per scored paragraph (doc, index, start, end, score, spun, signals, top_signal)."""
    return to_frame(results, "paragraphs")
