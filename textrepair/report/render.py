"""HTML views of results for notebooks and reports: highlighted edits, paragraph score bars, suggestions, links."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.edits import BackMap, apply_plan, stage_span_to_original
from ..core.types import Edit, ParagraphScore, RepairResult, StageRecord, Suggestion

#: Rows shown per table before a "… N more" line; a notebook cell stays responsive with a few hundred.
MAX_ROWS = 200
#: Characters of text shown in a result view; longer texts are cut with a note (a browser copes with
#: far more, but a notebook output area holding a whole book is not exploration any more).
MAX_CHARS = 200_000
#: Deleted text longer than this is shown shortened inline (in full on hover, up to TITLE_CHARS).
SHOW_DELETED = 120
TITLE_CHARS = 2_000

CSS = """
.textrepair{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.5;
 color:#1d1d1f;background:#fff;border:1px solid #d0d0d7;border-radius:6px;padding:10px 12px;max-width:100%}
.textrepair .tr-summary{margin:0 0 8px 0;color:#333}
.textrepair .tr-summary b{color:#000}
.textrepair .tr-text{white-space:pre-wrap;word-wrap:break-word;font-family:Georgia,'Times New Roman',serif;
 font-size:14px;line-height:1.6;max-height:36em;overflow:auto;border-top:1px solid #eee;padding-top:6px}
.textrepair .tr-side{display:flex;gap:12px}.textrepair .tr-side>div{flex:1 1 0;min-width:0}
.textrepair .tr-side h4{margin:4px 0;font-size:12px;color:#555;text-transform:uppercase;letter-spacing:.05em}
.textrepair .tr-edit{border-radius:2px;padding:0 1px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.textrepair .tr-sub{background:#fff0a6;border-bottom:2px solid #c99a00}
.textrepair .tr-sub.tr-restore{background:#cdeccd;border-bottom-color:#2e8b2e}
.textrepair .tr-ins{background:#cdeccd;text-decoration:none;border-bottom:2px solid #2e8b2e}
.textrepair .tr-del{background:#fbdcdc;color:#7d1c1c;text-decoration:line-through}
.textrepair .tr-conf-low{opacity:.7;border-bottom-style:dashed}
.textrepair .tr-sugg{border-bottom:2px dotted #6b3fd0;background:#efe8ff}
.textrepair .tr-para{-webkit-box-decoration-break:clone;box-decoration-break:clone}
.textrepair .tr-para.tr-spun{background:rgba(230,120,0,.09);box-shadow:-3px 0 0 #e07800}
.textrepair .tr-badge{display:inline-block;font:11px/1.2 ui-monospace,Menlo,Consolas,monospace;color:#555;
 margin-right:4px;user-select:none;white-space:nowrap}
.textrepair .tr-bar{display:inline-block;width:64px;height:8px;background:#e8e8ee;border-radius:4px;
 vertical-align:middle;margin-right:4px;overflow:hidden}
.textrepair .tr-bar>span{display:block;height:100%;background:#7a8699}
.textrepair .tr-bar.tr-hot>span{background:#e07800}
.textrepair table{border-collapse:collapse;margin:8px 0;font-size:12px;width:100%}
.textrepair th,.textrepair td{border-bottom:1px solid #eee;padding:2px 6px;text-align:left;vertical-align:top}
.textrepair th{background:#f6f6f9;font-weight:600}
.textrepair th.tr-num{text-align:right}
.textrepair td.tr-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.textrepair code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:#f3f3f6;padding:0 2px}
.textrepair details{margin:6px 0}.textrepair summary{cursor:pointer;font-weight:600}
.textrepair .tr-more{color:#777;font-style:italic}
.textrepair ul.tr-evidence{margin:0;padding-left:16px}
"""


def esc(value: object) -> str:
    """``str(value)`` escaped for HTML text and attribute values (quotes included)."""
    return html.escape(str(value), quote=True)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = max(1, limit // 2 - 1)
    return f"{text[:half]}…{text[-half:]}"


def _visible(text: str) -> str:
    """Make invisible characters visible in titles and tables (a removed zero-width space shows as ⟨U+200B⟩)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if ch in "\n\t" or (32 <= cp < 127):
            out.append(ch)
        elif cp < 32 or 0x7F <= cp < 0xA0 or 0x200B <= cp <= 0x200F or 0x2028 <= cp <= 0x202E \
                or 0x2060 <= cp <= 0x206F or cp == 0xFEFF or cp == 0xAD:
            out.append(f"⟨U+{cp:04X}⟩")
        else:
            out.append(ch)
    return "".join(out)


def bar(value: float, *, hot: bool = False, label: str | None = None) -> str:
    """An inline bar for a value in [0, 1] followed by the value (or ``label``)."""
    v = min(1.0, max(0.0, float(value)))
    cls = "tr-bar tr-hot" if hot else "tr-bar"
    text = f"{v:.2f}" if label is None else label
    return (f'<span class="{cls}" role="meter" aria-valuenow="{v:.2f}" aria-valuemin="0" aria-valuemax="1">'
            f'<span style="width:{v * 100:.0f}%"></span></span>{esc(text)}')


def wrap(body: str, *, css: bool = True) -> str:
    """``body`` inside the scoped container (with the stylesheet, once per output)."""
    style = f"<style>{CSS}</style>" if css else ""
    return f'{style}<div class="textrepair">{body}</div>'


def page(body: str, title: str = "textrepair") -> str:
    """A complete standalone HTML document around a rendered fragment."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f'<body style="margin:16px;background:#fafafa">{body}</body></html>\n')


@dataclass(frozen=True)
class HTML:
    """Rendered HTML that a notebook displays (``_repr_html_``) and that prints as its source."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:  # the plain-text fallback a notebook shows under the HTML: keep it short
        return f"<textrepair HTML view: {len(self.html):,} characters>"


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str  # "para" or "sugg"
    item: Any


def _scores_on_original(result: RepairResult, maps: Sequence[BackMap]) -> list[_Mark]:
    index = next((i for i in range(len(result.stages) - 1, -1, -1) if result.stages[i].scores), None)
    scores = result.stages[index].scores if index is not None else result.scores
    marks = []
    for p in scores:
        s, e = (stage_span_to_original(result.stages, index, p.start, p.end, maps) if index is not None
                else (p.start, p.end))
        marks.append(_Mark(s, e, "para", p))
    return marks


def _suggestions_on_original(result: RepairResult, maps: Sequence[BackMap]) -> list[_Mark]:
    marks: list[_Mark] = []
    seen = False
    for i, rec in enumerate(result.stages):
        for sg in rec.suggestions:
            seen = True
            s, e = stage_span_to_original(result.stages, i, sg.start, sg.end, maps)
            marks.append(_Mark(s, e, "sugg", sg))
    if not seen:  # a result built by hand: its suggestions index the original
        marks = [_Mark(sg.start, sg.end, "sugg", sg) for sg in result.suggestions]
    return marks


def _snap(pos: int, edits: Sequence[Edit], outward: str, starts: Sequence[int] | None = None) -> int:
    """``pos`` moved out of any edit it falls strictly inside (edits sorted and disjoint)."""
    starts = starts if starts is not None else [e.start for e in edits]
    i = bisect.bisect_left(starts, pos) - 1  # the last edit starting before pos
    if i >= 0 and edits[i].start < pos < edits[i].end:
        return edits[i].start if outward == "start" else edits[i].end
    return pos


def _overlaps(start: int, end: int, edits: Sequence[Edit], starts: Sequence[int]) -> bool:
    i = bisect.bisect_left(starts, end)  # edits starting at or after `end` cannot overlap
    return i > 0 and edits[i - 1].end > start


def _regions(length: int, paras: list[_Mark], edits: Sequence[Edit]) -> list[tuple[int, int, _Mark | None]]:
    """Cover ``[0, length)`` with paragraph regions and the gaps between them, never cutting an edit."""
    out: list[tuple[int, int, _Mark | None]] = []
    pos = 0
    starts = [e.start for e in edits]
    for m in sorted(paras, key=lambda m: (m.start, m.end)):
        s = max(pos, _snap(min(m.start, length), edits, "start", starts))
        e = max(s, _snap(min(m.end, length), edits, "end", starts))
        if e <= s:
            continue
        if s > pos:
            out.append((pos, s, None))
        out.append((s, e, m))
        pos = e
    if pos < length or not out:
        out.append((pos, length, None))
    return out


# ---------------------------------------------------------------------------------------------------
# Pieces of text


def _edit_title(e: Edit) -> str:
    lines = []
    if e.found and e.replacement:
        lines.append(f"was: {_clip(_visible(e.found), TITLE_CHARS)}")
    elif e.found:
        lines.append(f"removed: {_clip(_visible(e.found), TITLE_CHARS)}")
    else:
        lines.append(f"inserted: {_clip(_visible(e.replacement), TITLE_CHARS)}")
    lines.append(f"{e.stage}: {e.reason}")
    lines.append(f"confidence {e.confidence:.2f}")
    if e.source:
        lines.append(f"source: {e.source}")
    return "\n".join(lines)


def _edit_classes(e: Edit, kind: str) -> str:
    cls = ["tr-edit", kind]
    if "restore" in e.stage:
        cls.append("tr-restore")
    if e.confidence < 0.8:
        cls.append("tr-conf-low")
    slug = re.sub(r"[^a-z0-9_-]+", "-", e.stage.split(" + ")[0].lower()).strip("-")
    if slug:
        cls.append(f"tr-stage-{slug}")
    return " ".join(cls)


def _attrs(e: Edit) -> str:
    return (f'title="{esc(_edit_title(e))}" data-stage="{esc(e.stage)}" data-confidence="{e.confidence:.2f}" '
            f'data-found="{esc(_clip(e.found, TITLE_CHARS))}"')


def _render_edit(e: Edit, side: str) -> str:
    """One edit as HTML: ``side`` is "inline" (replacement, deletions struck), "original" or "repaired"."""
    if side == "original":
        if not e.found:
            return ""
        kind = "tr-del" if not e.replacement else "tr-sub"
        return f'<del class="{_edit_classes(e, kind)}" {_attrs(e)}>{esc(_visible(e.found))}</del>'
    if not e.replacement:
        if side == "repaired":
            return ""
        shown = _clip(_visible(e.found), SHOW_DELETED)
        return f'<del class="{_edit_classes(e, "tr-del")}" {_attrs(e)}>{esc(shown)}</del>'
    kind = "tr-sub" if e.found else "tr-ins"
    tag = "mark" if e.found else "ins"
    return f'<{tag} class="{_edit_classes(e, kind)}" {_attrs(e)}>{esc(e.replacement)}</{tag}>'


def _sugg_title(sg: Suggestion) -> str:
    alts = ", ".join(sg.alternatives) or "—"
    lines = [f"suggestion (not applied): {alts}", f"confidence {sg.confidence:.2f}"]
    if sg.reason:
        lines.append(sg.reason)
    return "\n".join(lines)


def _render_plain(text: str, start: int, end: int, suggs: list[_Mark], ends: list[int] | None = None) -> str:
    """Unedited original text ``[start, end)`` with suggestion spans (sorted, disjoint) marked."""
    out = []
    pos = start
    first = bisect.bisect_right(ends, start) if ends is not None else 0
    for m in suggs[first:]:
        if m.start >= end:
            break
        s, e = max(m.start, pos), min(m.end, end)
        if s >= e:
            continue
        out.append(esc(text[pos:s]))
        sg = m.item
        out.append(f'<span class="tr-sugg" title="{esc(_sugg_title(sg))}" '
                   f'data-alternatives="{esc(" | ".join(sg.alternatives))}">{esc(text[s:e])}</span>')
        pos = e
    out.append(esc(text[pos:end]))
    return "".join(out)


def _para_open(m: _Mark) -> str:
    p: ParagraphScore = m.item
    state = "spun" if p.spun else "clean"
    top = sorted(p.signals, key=lambda s: -abs(s.weight))[:5]
    lines = [f"paragraph score {p.score:.2f} ({state})"]
    lines += [f"{s.name} {s.weight:+.2f}: {_clip(s.text, 60)}" + (f" ({s.detail})" if s.detail else "")
              for s in top]
    badge = f'<span class="tr-badge">{bar(p.score, hot=p.spun)}</span>'
    return (f'<span class="tr-para tr-{state}" data-score="{p.score:.2f}" '
            f'title="{esc(chr(10).join(lines))}">{badge}')


def render_text(result: RepairResult, *, side: str = "inline", max_chars: int = MAX_CHARS) -> str:
    """The text of ``result`` as HTML with edits, paragraph scores and suggestions marked.

    ``side`` is ``"inline"`` (repaired text, replacements highlighted with the original on hover,
    deletions struck through), ``"original"`` (the input, changed spans marked) or ``"repaired"``.
    """
    text = result.original
    edits = sorted(result.edits, key=lambda e: (e.start, e.end))
    starts = [e.start for e in edits]
    suggs: list[_Mark] = []
    maps = [BackMap(rec.edits) for rec in result.stages]
    for m in sorted(_suggestions_on_original(result, maps), key=lambda m: (m.start, m.end)):
        # One mark per stretch of text: skip a suggestion inside an edit or over an earlier one.
        if not _overlaps(m.start, m.end, edits, starts) and (not suggs or m.start >= suggs[-1].end):
            suggs.append(m)
    sugg_ends = [m.end for m in suggs]
    out: list[str] = []
    ei = 0
    # A long text is cut at max_chars (moved to the end of an edit it would split).
    limit = len(text) if len(text) <= max_chars else _snap(max_chars, edits, "end")
    regions = _regions(limit, _scores_on_original(result, maps), edits)
    for ri, (a, b, para) in enumerate(regions):
        if para is not None:
            out.append(_para_open(para))
        pos = a
        last = ri == len(regions) - 1 and limit == len(text)
        while ei < len(edits) and (edits[ei].start < b or (last and edits[ei].start <= b)):
            e = edits[ei]
            out.append(_render_plain(text, pos, e.start, suggs, sugg_ends))
            out.append(_render_edit(e, side))
            pos = e.end
            ei += 1
        out.append(_render_plain(text, pos, b, suggs, sugg_ends))
        if para is not None:
            out.append("</span>")
    if limit < len(text):
        out.append(f'<span class="tr-more">… {len(text) - limit:,} more characters not shown</span>')
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# Tables


def _more(n: int, cols: int) -> str:
    return f'<tr><td colspan="{cols}" class="tr-more">… {n:,} more not shown</td></tr>' if n > 0 else ""


def edits_table(edits: Sequence[Edit], *, max_rows: int = MAX_ROWS) -> str:
    rows = []
    for i, e in enumerate(edits[:max_rows]):
        rows.append(
            f'<tr class="tr-edit-row"><td class="tr-num">{i}</td><td class="tr-num">{e.start}–{e.end}</td>'
            f"<td>{esc(e.stage)}</td><td><code>{esc(_clip(_visible(e.found), 200))}</code></td>"
            f"<td><code>{esc(_clip(_visible(e.replacement), 200))}</code></td><td>{esc(e.reason)}</td>"
            f'<td class="tr-num">{bar(e.confidence, hot=e.confidence < 0.8)}</td><td>{esc(e.source)}</td></tr>')
    head = ("<tr><th>#</th><th>span</th><th>stage</th><th>found</th><th>replacement</th><th>reason</th>"
            "<th>confidence</th><th>source</th></tr>")
    return f'<table class="tr-edits">{head}{"".join(rows)}{_more(len(edits) - max_rows, 8)}</table>'


def scores_table(scores: Sequence[ParagraphScore], text: str | None = None, *, max_rows: int = MAX_ROWS) -> str:
    """Paragraph scores as a table with bars; with ``text``, each row shows the paragraph's opening."""
    rows = []
    for i, p in enumerate(scores[:max_rows]):
        top = sorted(p.signals, key=lambda s: -abs(s.weight))[:4]
        sig = "".join(f"<li>{esc(s.name)} <code>{esc(_clip(s.text, 60))}</code> {s.weight:+.2f}</li>" for s in top)
        more = len(p.signals) - len(top)
        if more > 0:
            sig += f'<li class="tr-more">… {more} more</li>'
        opening = f"<td>{esc(_clip(text[p.start:p.end].strip(), 90))}</td>" if text is not None else ""
        state = "spun" if p.spun else "clean"
        rows.append(f'<tr class="tr-score-row tr-{state}"><td class="tr-num">{i}</td>'
                    f'<td class="tr-num">{p.start}–{p.end}</td>{opening}'
                    f'<td class="tr-num">{bar(p.score, hot=p.spun)}</td><td>{state}</td>'
                    f'<td><ul class="tr-evidence">{sig}</ul></td></tr>')
    head = ("<tr><th>#</th><th>span</th>" + ("<th>paragraph</th>" if text is not None else "")
            + "<th>score</th><th>decision</th><th>evidence</th></tr>")
    cols = 6 if text is not None else 5
    return f'<table class="tr-scores">{head}{"".join(rows)}{_more(len(scores) - max_rows, cols)}</table>'


def suggestions_table(suggestions: Sequence[Suggestion], *, max_rows: int = MAX_ROWS) -> str:
    rows = [f'<tr class="tr-sugg-row"><td class="tr-num">{s.start}–{s.end}</td><td><code>{esc(s.found)}</code></td>'
            f"<td>{esc(', '.join(s.alternatives))}</td><td class=\"tr-num\">{bar(s.confidence)}</td>"
            f"<td>{esc(s.reason)}</td></tr>" for s in suggestions[:max_rows]]
    head = "<tr><th>span</th><th>found</th><th>alternatives</th><th>confidence</th><th>reason</th></tr>"
    return f'<table class="tr-suggestions">{head}{"".join(rows)}{_more(len(suggestions) - max_rows, 5)}</table>'


def _as_mapping(obj: Any) -> Mapping[str, Any]:
    if isinstance(obj, Mapping):
        return obj
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        data = to_dict()
        if isinstance(data, Mapping):
            return data
    fields = getattr(obj, "__dataclass_fields__", None)
    if fields:
        return {name: getattr(obj, name) for name in fields}
    return {"value": obj}


def render_value(value: Any, depth: int = 0) -> str:
    """Any JSON-like value as escaped HTML: lists as bullet lists, mappings as ``key: value`` lines."""
    if depth > 4:
        return esc(_clip(repr(value), 200))
    if isinstance(value, float):
        return esc(f"{value:.3g}")
    if isinstance(value, str):
        return esc(_clip(value, 500))
    if value is None or isinstance(value, (bool, int)):
        return esc(value)
    if isinstance(value, Mapping) or getattr(value, "__dataclass_fields__", None) or callable(getattr(value, "to_dict", None)):
        m = _as_mapping(value)
        items = "".join(f"<li><b>{esc(k)}</b>: {render_value(v, depth + 1)}</li>" for k, v in m.items())
        return f'<ul class="tr-evidence">{items}</ul>'
    if isinstance(value, Iterable):
        items = list(value)
        shown = "".join(f"<li>{render_value(v, depth + 1)}</li>" for v in items[:50])
        if len(items) > 50:
            shown += f'<li class="tr-more">… {len(items) - 50} more</li>'
        return f'<ul class="tr-evidence">{shown}</ul>'
    return esc(_clip(str(value), 500))


def _record_label(rec: Any) -> str:
    if rec is None:
        return ""
    if isinstance(rec, str):
        return rec
    m = _as_mapping(rec)
    for key in ("id", "path", "title", "key"):
        if m.get(key):
            label = str(m[key])
            title = m.get("title")
            return f"{label} — {title}" if title and key != "title" else label
    return str(rec)


def render_evidence(evidence: Any) -> str:
    """Evidence as a list: signals (name, weight, detail, text) one per line, anything else as values."""
    items = list(evidence.items()) if isinstance(evidence, Mapping) else evidence
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        return render_value(evidence)
    out = []
    for item in items:
        m = _as_mapping(item) if not isinstance(item, (str, int, float, tuple)) else None
        if m is not None and "name" in m:
            weight = m.get("weight")
            w = f" <span class=\"tr-weight\">{float(weight):+.2f}</span>" if isinstance(weight, (int, float)) else ""
            text = f" <code>{esc(_clip(str(m['text']), 80))}</code>" if m.get("text") else ""
            detail = f" {esc(m['detail'])}" if m.get("detail") else ""
            out.append(f"<li><b>{esc(m['name'])}</b>{w}{detail}{text}</li>")
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(f"<li><b>{esc(item[0])}</b>: {render_value(item[1], 1)}</li>")
        else:
            out.append(f"<li>{render_value(item, 1)}</li>")
    return f'<ul class="tr-evidence">{"".join(out)}</ul>'


def links_table(links: Iterable[Any], *, max_rows: int = MAX_ROWS) -> str:
    """Links (``Link`` objects or dicts with record, score, start, end, evidence) as a table."""
    items = list(links)
    rows = []
    for link in items[:max_rows]:
        m = _as_mapping(link)
        score = m.get("score")
        score_html = bar(float(score), hot=True) if isinstance(score, (int, float)) else esc(score if score is not None else "")
        span = f"{m['start']}–{m['end']}" if m.get("start") is not None and m.get("end") is not None else ""
        extra = {k: v for k, v in m.items() if k not in {"record", "score", "start", "end", "evidence"}}
        evidence = render_evidence(m.get("evidence", ())) + (render_value(extra) if extra else "")
        # A Link object keeps the whole Record (its to_dict only the id): label it with its title too.
        record = getattr(link, "record", None) if not isinstance(link, Mapping) else None
        label = _record_label(record if record is not None else m.get("record"))
        rows.append(f'<tr class="tr-link-row"><td>{esc(label)}</td>'
                    f'<td class="tr-num">{score_html}</td><td class="tr-num">{span}</td><td>{evidence}</td></tr>')
    head = "<tr><th>record</th><th>score</th><th>span</th><th>evidence</th></tr>"
    if not items:
        return '<p class="tr-more tr-no-links">no link: nothing convincing (the linker abstained)</p>'
    return f'<table class="tr-links">{head}{"".join(rows)}{_more(len(items) - max_rows, 4)}</table>'


# ---------------------------------------------------------------------------------------------------
# Whole views


def _summary(result: RepairResult, links: Sequence[Any] | None) -> str:
    by_stage: dict[str, int] = {}
    for e in result.edits:
        by_stage[e.stage] = by_stage.get(e.stage, 0) + 1
    stages = ", ".join(f"{esc(k)} {v}" for k, v in sorted(by_stage.items()))
    parts = [f"<b>{len(result.edits)}</b> edit{'s' if len(result.edits) != 1 else ''}"
             + (f" ({stages})" if stages else "")]
    if result.scores:
        flagged = sum(1 for p in result.scores if p.spun)
        parts.append(f"<b>{flagged}</b> of {len(result.scores)} paragraphs flagged as spun")
    if result.suggestions:
        parts.append(f"<b>{len(result.suggestions)}</b> suggestions not applied")
    if links is not None:
        parts.append(f"<b>{len(links)}</b> link{'s' if len(links) != 1 else ''}")
    path = result.meta.get("path") if isinstance(result.meta, Mapping) else None
    head = f"<code>{esc(path)}</code> · " if path else ""
    return f'<p class="tr-summary">{head}{" · ".join(parts)}</p>'


def render_result(result: RepairResult, *, side_by_side: bool = False, links: Iterable[Any] | None = None,
                  max_rows: int = MAX_ROWS, max_chars: int = MAX_CHARS, css: bool = True) -> str:
    """A whole result as an HTML fragment: summary, marked text, then edits, scores, suggestions, links.

    Hover a highlighted span to see the text it replaced, the stage, the reason and the confidence.
    ``links`` defaults to ``result.meta["links"]`` when present.
    """
    if links is None and isinstance(result.meta, Mapping) and result.meta.get("links") is not None:
        links = result.meta["links"]
    link_list = list(links) if links is not None else None
    body = [_summary(result, link_list)]
    if side_by_side:
        body.append('<div class="tr-side">'
                    f'<div><h4>original</h4><div class="tr-text tr-original">{render_text(result, side="original", max_chars=max_chars)}</div></div>'
                    f'<div><h4>repaired</h4><div class="tr-text tr-repaired">{render_text(result, side="repaired", max_chars=max_chars)}</div></div>'
                    "</div>")
    else:
        body.append(f'<div class="tr-text tr-inline">{render_text(result, max_chars=max_chars)}</div>')
    if result.edits:
        body.append(f"<details><summary>Edits ({len(result.edits)})</summary>"
                    f"{edits_table(result.edits, max_rows=max_rows)}</details>")
    if result.scores:
        by_index = next((i for i in range(len(result.stages) - 1, -1, -1) if result.stages[i].scores), None)
        scored_text = _stage_input(result, by_index) if by_index is not None else result.original
        body.append(f"<details><summary>Paragraph scores ({len(result.scores)})</summary>"
                    f"{scores_table(result.scores, scored_text, max_rows=max_rows)}</details>")
    if result.suggestions:
        body.append(f"<details><summary>Suggestions ({len(result.suggestions)})</summary>"
                    f"{suggestions_table(result.suggestions, max_rows=max_rows)}</details>")
    if link_list is not None:
        body.append(f"<details open><summary>Links ({len(link_list)})</summary>"
                    f"{links_table(link_list, max_rows=max_rows)}</details>")
    return wrap("".join(body), css=css)


def _stage_input(result: RepairResult, index: int) -> str:
    return apply_plan(result.original, result.stages[:index])


def view(obj: Any, **options: Any) -> HTML:
    """An HTML view of a result, a list of paragraph scores, edits, suggestions or links (for notebooks)."""
    if isinstance(obj, RepairResult):
        return HTML(render_result(obj, **options))
    if isinstance(obj, ParagraphScore):
        obj = [obj]
    if isinstance(obj, StageRecord):
        return HTML(wrap(f"<p class=\"tr-summary\"><b>{esc(obj.stage)}</b></p>{edits_table(obj.edits)}"))
    items = list(obj) if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes, Mapping)) else [obj]
    if items and all(isinstance(i, ParagraphScore) for i in items):
        return HTML(wrap(scores_table(items, options.get("text"))))
    if items and all(isinstance(i, Edit) for i in items):
        return HTML(wrap(edits_table(items)))
    if items and all(isinstance(i, Suggestion) for i in items):
        return HTML(wrap(suggestions_table(items)))
    return HTML(wrap(links_table(items)))


def _formatter(obj: Any) -> str | None:
    """IPython HTML formatter for lists and tuples of textrepair records; ``None`` lets others render."""
    if not obj or len({type(i) for i in obj}) != 1:
        return None
    first = obj[0]
    is_link = hasattr(first, "record") and hasattr(first, "score") and hasattr(first, "evidence")
    if not (isinstance(first, (ParagraphScore, Edit, Suggestion)) or is_link):
        return None
    return view(obj)._repr_html_()


def load_ipython_extension(ipython: Any) -> None:  # pragma: no cover - exercised by the notebook test
    """``%load_ext textrepair.report.render``: lists of scores, edits, suggestions or links then render as tables too."""
    fmt = ipython.display_formatter.formatters["text/html"]
    fmt.for_type(list, _formatter)
    fmt.for_type(tuple, _formatter)
