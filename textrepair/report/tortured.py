"""Tortured-phrase reports for research-integrity analysts: a text table and an HTML page per run of scan --domain science."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .render import CSS, bar, esc

_CSS = """
.textrepair mark.tr-tortured{background:#ffe08a;border-bottom:2px solid #c77700;padding:0 1px;cursor:help}
.textrepair mark.tr-tortured.tr-pps{background:#ffc9c9;border-bottom-color:#b00}
.textrepair mark.tr-tortured.tr-low{background:#f3eccd;border-bottom-style:dashed}
.textrepair .tr-sentence{font-family:Georgia,'Times New Roman',serif;font-size:14px}
.textrepair .tr-flag{font-weight:600;color:#a11}
"""


def format_findings_text(payload: Mapping[str, Any]) -> str:
    """One document as text: a summary line, then a table row per finding."""
    path = payload.get("path", "")
    if "error" in payload:
        return f"{path}\terror\t{payload['error']}"
    summ = payload.get("summary") or {}
    head = (f"{path}\tscore {payload.get('score', 0):.3f}\t{summ.get('findings', 0)} finding(s)"
            f"\t{summ.get('distinct', 0)} distinct\t{summ.get('per_1000_words', 0)} per 1,000 words"
            + ("\tPROBLEMATIC (>= 5 findings)" if summ.get("problematic") else ""))
    rows = payload.get("findings") or []
    if not rows:
        return head
    width = max(len(str(f.get("found", ""))) for f in rows)
    lines = [head, f"  {'span':>11}  {'found':<{width}}  {'proposed':<28} conf  known        source"]
    for f in rows:
        span = f"{f.get('start')}-{f.get('end')}"
        mark = "" if f.get("applied", True) else "  (suggestion)"
        lines.append(f"  {span:>11}  {str(f.get('found', '')):<{width}}  {str(f.get('proposed', '')):<28} "
                     f"{float(f.get('confidence', 0)):.2f}  {str(f.get('known') or '-'):<11}  "
                     f"{f.get('source', '')}{mark}")
    return "\n".join(lines)


def _finding_title(f: Mapping[str, Any]) -> str:
    parts = [f"proposed: {f.get('proposed') or '(no plain proposal)'}",
             f"confidence {float(f.get('confidence', 0)):.2f}"]
    if f.get("known"):
        parts.append(f"term known: {f['known']}")
    parts.extend(str(e) for e in f.get("evidence") or ())
    return "\n".join(parts)


def _highlight(text: str, f: Mapping[str, Any], applied: bool) -> str:
    """The finding's sentence with the finding marked; the proposal on hover (title)."""
    s, e = (f.get("sentence") or [f["start"], f["end"]])[:2]
    s, e = max(0, int(s)), min(len(text), int(e))
    a, b = int(f["start"]), int(f["end"])
    cls = "tr-tortured" + (" tr-pps" if f.get("source") == "pps" else "") + ("" if applied else " tr-low")
    return (f'<span class="tr-sentence">{esc(text[s:a])}<mark class="{cls}" title="{esc(_finding_title(f))}" '
            f'data-proposed="{esc(f.get("proposed", ""))}">{esc(text[a:b])}</mark>{esc(text[b:e])}</span>')


def _doc_html(i: int, entry: Mapping[str, Any]) -> str:
    path = esc(entry.get("path", ""))
    if "error" in entry:
        return f'<h3>{i + 1}. {path}</h3><p class="tr-error">{esc(entry["error"])}</p>'
    text = str(entry.get("text", ""))
    rows = entry.get("findings") or []
    summ = entry.get("summary") or {}
    flag = ' <span class="tr-flag">problematic (&ge; 5 findings)</span>' if summ.get("problematic") else ""
    out = [f"<h3>{i + 1}. {path}</h3>",
           f'<p class="tr-summary">{int(summ.get("findings", 0))} finding(s), {int(summ.get("distinct", 0))} distinct, '
           f'{esc(summ.get("per_1000_words", 0))} per 1,000 words, score {bar(float(entry.get("score", 0)), hot=True)}{flag}</p>']
    if rows:
        body = []
        for f in rows:
            applied = bool(f.get("applied", True))
            body.append(f"<tr><td>{_highlight(text, f, applied)}</td><td><code>{esc(f.get('found', ''))}</code></td>"
                        f"<td><b>{esc(f.get('proposed', ''))}</b></td>"
                        f"<td class=\"tr-num\">{bar(float(f.get('confidence', 0)))}</td>"
                        f"<td>{esc(f.get('known') or '-')}</td><td>{esc(f.get('source', ''))}"
                        f"{'' if applied else ' (suggestion)'}</td></tr>")
        out.append("<table class=\"tr-findings\"><tr><th>sentence</th><th>found</th><th>proposed</th>"
                   "<th>confidence</th><th>known</th><th>source</th></tr>" + "".join(body) + "</table>")
    return "".join(out)


def render_findings_html(entries: Iterable[Mapping[str, Any]], *, title: str = "Tortured-phrase report") -> str:
    """The whole report page: per document its summary and a findings table, each finding marked in its sentence."""
    docs = "".join(_doc_html(i, e) for i, e in enumerate(entries))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}{_CSS}</style></head>'
            f'<body style="margin:16px;background:#fafafa"><div class="textrepair"><h2>{esc(title)}</h2>'
            f"<p>Hover a highlighted phrase to see the term it most likely replaced and the evidence.</p>"
            f"{docs}</div></body></html>\n")


def write_findings_html(entries: Iterable[Mapping[str, Any]], path: str | os.PathLike[str]) -> None:
    """Write :func:`render_findings_html` to ``path`` (atomically: a temporary file, then renamed)."""
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(render_findings_html(list(entries)))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
