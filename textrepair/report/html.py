"""Run reports: the end-of-run summary table and a browsable HTML report built from report.jsonl entries."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..core.summary import RunSummary
from ..text.files import _umask
from .render import CSS, bar, esc, render_evidence, render_value

#: Per-file details (edits, paragraphs, links) shown before a "… N more" line; keeps a report of a
#: large run small enough to open (the full data stays in report.jsonl).
DETAIL_ROWS = 50


def format_summary(summary: RunSummary) -> str:
    """The end-of-run table (files, errors, paragraphs flagged, edits made, links found, MB, time)."""
    mb = summary.bytes_in / 1e6
    secs = summary.seconds
    rows = [
        ("files", f"{summary.files:,}"),
        ("errors", f"{summary.errors:,}"),
        ("paragraphs flagged", f"{summary.flagged_paragraphs:,}"),
        ("edits made", f"{summary.edits:,}"),
        ("links found", f"{summary.links:,}"),
        *([("skipped (not text)", f"{summary.skipped:,}")] if summary.skipped else []),
        ("input", f"{mb:,.2f} MB"),
        ("time", f"{secs:,.1f} s" + (f" ({summary.files / secs:,.1f} files/s, {mb / secs:,.2f} MB/s)" if secs > 0 else "")),
    ]
    width = max(len(k) for k, _ in rows)
    vwidth = max(len(v) for _, v in rows)
    rule = f"+-{'-' * width}-+-{'-' * vwidth}-+"
    lines = [rule] + [f"| {k:<{width}} | {v:>{vwidth}} |" for k, v in rows] + [rule]
    return "\n".join(lines)


def read_report(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Entries of a report.jsonl; a damaged line becomes an error entry naming its line."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as err:
                yield {"path": f"<report line {n}>", "status": "error", "error": f"unreadable report line ({err.msg})"}
                continue
            yield entry if isinstance(entry, dict) else {"path": f"<report line {n}>", "status": "error",
                                                         "error": "report line is not an object"}


def summarize(entries: Iterable[Mapping[str, Any]]) -> RunSummary:
    """The counts of a report's entries (no sizes or time: a report does not record them)."""
    s = RunSummary()
    for e in entries:
        s.add(e)
    return s


def _more(n: int, cols: int) -> str:
    return f'<tr><td colspan="{cols}" class="tr-more">… {n:,} more in report.jsonl</td></tr>' if n > 0 else ""


def _edits_html(edits: list[Mapping[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td class=\"tr-num\">{esc(e.get('start'))}–{esc(e.get('end'))}</td><td>{esc(e.get('stage', ''))}</td>"
        f"<td><code>{esc(str(e.get('found', e.get('original', '')))[:200])}</code></td>"
        f"<td><code>{esc(str(e.get('replacement', ''))[:200])}</code></td><td>{esc(e.get('reason', ''))}</td>"
        f"<td class=\"tr-num\">{bar(float(e.get('confidence', 1.0) or 0))}</td></tr>"
        for e in edits[:DETAIL_ROWS] if isinstance(e, Mapping))
    head = "<tr><th>span</th><th>stage</th><th>found</th><th>replacement</th><th>reason</th><th>confidence</th></tr>"
    return f'<table class="tr-edits">{head}{rows}{_more(len(edits) - DETAIL_ROWS, 6)}</table>'


def _paragraphs_html(paras: list[Mapping[str, Any]]) -> str:
    flagged = [p for p in paras if isinstance(p, Mapping) and p.get("spun")]
    rows = []
    for p in flagged[:DETAIL_ROWS]:
        ev = p.get("evidence") or ()
        sig = "".join(f"<li>{esc(s.get('name', ''))} <code>{esc(str(s.get('text', ''))[:60])}</code></li>"
                      for s in list(ev)[:4] if isinstance(s, Mapping))
        rows.append(f"<tr class=\"tr-spun\"><td class=\"tr-num\">{esc(p.get('start'))}–{esc(p.get('end'))}</td>"
                    f"<td class=\"tr-num\">{bar(float(p.get('score', 0) or 0), hot=True)}</td>"
                    f'<td><ul class="tr-evidence">{sig}</ul></td></tr>')
    head = "<tr><th>span</th><th>score</th><th>evidence</th></tr>"
    return f'<table class="tr-scores">{head}{"".join(rows)}{_more(len(flagged) - DETAIL_ROWS, 3)}</table>'


def _links_html(links: list[Any]) -> str:
    rows = []
    for link in links[:DETAIL_ROWS]:
        m = link if isinstance(link, Mapping) else {"record": link}
        score = m.get("score")
        score_html = bar(float(score), hot=True) if isinstance(score, (int, float)) else esc(score or "")
        rows.append(f"<tr class=\"tr-link-row\"><td>{esc(m.get('record', ''))}</td><td class=\"tr-num\">{score_html}</td>"
                    f"<td class=\"tr-num\">{esc(m.get('start', ''))}–{esc(m.get('end', ''))}</td>"
                    f"<td>{render_evidence(m.get('evidence', ()))}</td></tr>")
    head = "<tr><th>record</th><th>score</th><th>span</th><th>evidence</th></tr>"
    return f'<table class="tr-links">{head}{"".join(rows)}{_more(len(links) - DETAIL_ROWS, 4)}</table>'


def _file_row(i: int, e: Mapping[str, Any], href_base: str | None) -> str:
    path = str(e.get("path", ""))
    ok = e.get("status") == "ok"
    edits = list(e.get("edits") or ())
    paras = list(e.get("paragraphs") or ())
    links = list(e.get("links") or ())
    flagged = sum(1 for p in paras if isinstance(p, Mapping) and p.get("spun"))
    name = esc(path)
    if ok and href_base is not None:
        name = f'<a href="{esc(href_base + "/".join(map(_quote, path.split("/"))))}">{name}</a>'
    details = []
    if not ok:
        details.append(f'<p class="tr-error">{esc(e.get("error", "error"))}</p>')
    if edits:
        details.append(f"<h4>Edits</h4>{_edits_html(edits)}")
    if flagged:
        details.append(f"<h4>Flagged paragraphs</h4>{_paragraphs_html(paras)}")
    if "links" in e:
        details.append(f"<h4>Links</h4>{_links_html(links)}" if links else '<p class="tr-more">no link</p>')
    notes = e.get("decode_notes") or ()
    if notes:
        details.append(f"<h4>Decoding</h4>{render_value(list(notes))}")
    detail_html = "".join(details)
    status = "ok" if ok else "error"
    summary_cells = (f'<td class="tr-num">{i + 1}</td><td class="tr-path">{name}</td>'
                     f'<td class="tr-status tr-{status}">{status}</td>'
                     f'<td class="tr-num">{len(edits)}</td><td class="tr-num">{flagged}</td>'
                     f'<td class="tr-num">{len(links) if "links" in e else ""}</td>')
    toggle = (f'<tr class="tr-detail" data-status="{status}"><td></td><td colspan="5"><details{"" if ok else " open"}>'
              f"<summary>details</summary>{detail_html}</details></td></tr>") if detail_html else ""
    return (f'<tr class="tr-file" data-status="{status}" data-path="{esc(path)}" data-edits="{len(edits)}" '
            f'data-flagged="{flagged}">{summary_cells}</tr>{toggle}')


def _quote(part: str) -> str:
    from urllib.parse import quote

    return quote(part)


_SCRIPT = """
<script>
(function(){
  var q=document.getElementById('tr-filter'), s=document.getElementById('tr-only');
  function apply(){
    var needle=q.value.toLowerCase(), only=s.value;
    document.querySelectorAll('tr.tr-file').forEach(function(row){
      var show=row.dataset.path.toLowerCase().indexOf(needle)>=0 &&
        (only==='all' || (only==='error' && row.dataset.status==='error') ||
         (only==='edited' && row.dataset.edits!=='0') || (only==='flagged' && row.dataset.flagged!=='0'));
      row.style.display=show?'':'none';
      var next=row.nextElementSibling;
      if(next && next.classList.contains('tr-detail')) next.style.display=show?'':'none';
    });
  }
  q.addEventListener('input',apply); s.addEventListener('change',apply);
  // A link may preset the view: report.html#only=error&q=sub/ (bookmarkable, and testable headless).
  var h=new URLSearchParams(location.hash.slice(1));
  if(h.get('q')) q.value=h.get('q');
  if(h.get('only')) s.value=h.get('only');
  if(h.get('q')||h.get('only')) apply();
})();
</script>
"""

_EXTRA_CSS = """
.textrepair .tr-status.tr-error,.textrepair .tr-error{color:#a11}
.textrepair .tr-status.tr-ok{color:#262}
.textrepair .tr-controls{margin:8px 0}.textrepair .tr-controls input{width:24em}
.textrepair h4{margin:6px 0 2px 0;font-size:12px}
"""


def _summary_html(summary: RunSummary) -> str:
    cells = [("files", f"{summary.files:,}"), ("errors", f"{summary.errors:,}"),
             ("paragraphs flagged", f"{summary.flagged_paragraphs:,}"), ("edits made", f"{summary.edits:,}"),
             ("links found", f"{summary.links:,}")]
    if summary.bytes_in:
        cells.append(("input", f"{summary.bytes_in / 1e6:,.2f} MB"))
    if summary.seconds:
        cells.append(("time", f"{summary.seconds:,.1f} s"))
    head = "".join(f'<th class="tr-num">{esc(k)}</th>' for k, _ in cells)
    row = "".join(f'<td class="tr-num">{esc(v)}</td>' for _, v in cells)
    return f'<table class="tr-summary-table" style="width:auto"><tr>{head}</tr><tr>{row}</tr></table>'


def render_report(entries: Iterable[Mapping[str, Any]], *, title: str = "textrepair run report",
                  href_base: str | None = None, summary: RunSummary | None = None) -> Iterator[str]:
    """The report page in pieces (so a run of many files is never held as one string)."""
    entries = list(entries) if summary is None else entries
    if summary is None:
        summary = summarize(entries)  # type: ignore[arg-type]
    yield (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<style>{CSS}{_EXTRA_CSS}</style></head><body style=\"margin:16px;background:#fafafa\">"
           f'<div class="textrepair tr-report"><h2>{esc(title)}</h2>')
    yield _summary_html(summary)
    yield ('<div class="tr-controls"><input id="tr-filter" type="search" placeholder="filter by path">'
           ' <select id="tr-only"><option value="all">all files</option><option value="error">errors</option>'
           '<option value="edited">edited</option><option value="flagged">with flagged paragraphs</option>'
           "</select></div>")
    yield ('<table class="tr-files"><tr><th class="tr-num">#</th><th>file</th><th>status</th><th class="tr-num">edits</th>'
           '<th class="tr-num">flagged paragraphs</th><th class="tr-num">links</th></tr>')
    for i, e in enumerate(entries):
        yield _file_row(i, e, href_base)
    yield f"</table></div>{_SCRIPT}</body></html>\n"


def write_report_html(report: str | os.PathLike[str] | Iterable[Mapping[str, Any]], path: str | os.PathLike[str], *,
                      title: str = "textrepair run report", outputs: str | os.PathLike[str] | None = None,
                      summary: RunSummary | None = None) -> RunSummary:
    """Write a browsable HTML report from a report.jsonl (or its entries) to ``path``; returns the counts.

    ``outputs`` (the run's output folder) makes each file name a link to its repaired text. The page
    is written piece by piece (a report.jsonl is read twice, for the counts and for the rows, when no
    ``summary`` is given), so a run of any size is never held in memory whole.
    """
    if isinstance(report, (str, os.PathLike)):
        summary = summary or summarize(read_report(report))
        entries: Iterable[Mapping[str, Any]] = read_report(report)
    elif summary is None:
        entries = list(report)
        summary = summarize(entries)
    else:
        entries = report
    dest = Path(path)
    href_base = None
    if outputs is not None:
        rel = os.path.relpath(Path(outputs).resolve(), dest.resolve().parent)
        href_base = "" if rel == "." else rel.replace(os.sep, "/") + "/"
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        # mkstemp creates the file 0600; the report gets the mode the other outputs get (umask).
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for piece in render_report(entries, title=title, href_base=href_base, summary=summary):
                fh.write(piece)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return summary
