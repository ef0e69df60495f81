"""What every fixer shares: the Fixer type, character-level diff edits, THE fixer loop (rounds until nothing changes) and line removal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from rapidfuzz.distance import Indel

from ..core.edits import apply_edits, compose_edits
from ..core.types import Edit, Span
from ..text.segment import iter_lines

Fixer = Callable[[str], tuple[Edit, ...]]


def diff_edits(before: str, after: str, offset: int, stage: str, reason: str, source: str = "",
               confidence: float = 1.0) -> list[Edit]:
    """Character-level edits that turn ``before`` into ``after`` (spans shifted by ``offset``)."""
    if before == after:
        return []
    out: list[Edit] = []
    pending: list[int] | None = None  # [src_start, src_end, dest_start, dest_end]
    for op in Indel.opcodes(before, after):
        if op.tag == "equal":
            if pending:
                out.append(_mk(before, after, pending, offset, stage, reason, source, confidence))
                pending = None
            continue
        if pending is None:
            pending = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            pending[1], pending[3] = op.src_end, op.dest_end
    if pending:
        out.append(_mk(before, after, pending, offset, stage, reason, source, confidence))
    return out


def _mk(before: str, after: str, p: list[int], offset: int, stage: str, reason: str, source: str,
        confidence: float) -> Edit:
    return Edit(offset + p[0], offset + p[1], before[p[0]:p[1]], after[p[2]:p[3]], stage, reason,
                confidence, source)


def fixer_rounds(text: str, fixers: Sequence[Fixer], *,
                 max_rounds: int = 1) -> Iterator[tuple[int, tuple[Edit, ...], str]]:
    """The fixer loop: run ``fixers`` one after another, each on the previous one's output, and
    repeat the round until one changes nothing (at most ``max_rounds`` rounds).

    Yields ``(k, edits, after)`` for every fixer that changed something: its index in
    ``fixers``, its edits (spans index the text it was given) and the text they make. Both
    :func:`chain_fixers` (one fixer made of sub-fixers) and the pipeline's extra rounds over the
    fixer stages (``textrepair.pipeline.repair_document``) are this loop.
    """
    current = text
    for _ in range(max_rounds):
        changed = False
        for k, fixer in enumerate(fixers):
            edits = fixer(current)
            if not edits:
                continue
            changed = True
            current = apply_edits(current, edits)
            yield k, tuple(edits), current
        if not changed:
            break


def chain_fixers(text: str, subfixers: Iterable[Fixer], *, max_rounds: int = 1) -> tuple[Edit, ...]:
    """Run sub-fixers one after another (each on the previous one's output) and compose their
    edits into one list on ``text``. With ``max_rounds`` > 1 the chain repeats until a round
    changes nothing, so a fixer whose own output can hold new matches is still idempotent."""
    total: tuple[Edit, ...] = ()
    for _, edits, _after in fixer_rounds(text, tuple(subfixers), max_rounds=max_rounds):
        total = compose_edits(text, total, edits)
    return total


# --- line removal (shared by markup and debris) -----------------------------------------------

def _line_end(text: str, content_end: int) -> int:
    """Offset after the line terminator that follows ``content_end`` (if any)."""
    if text.startswith("\r\n", content_end):
        return content_end + 2
    if content_end < len(text) and text[content_end] in "\r\n":
        return content_end + 1
    return content_end


def _is_blank_line(text: str, line: Span) -> bool:
    return not text[line.start : line.end].strip()


def removal_span(text: str, lines: list[Span], first: int, last: int) -> Span:
    """The span to delete to remove ``lines[first..last]`` without leaving blank-line debris.

    The lines and their terminator go. When the removed block opens a paragraph (it is the first
    line, or a blank line precedes it) the blank lines after it go too, so "A, blank, caption,
    blank, B" becomes "A, blank, B" rather than "A, blank, blank, B". When the block is the
    last line, the break before it goes instead, so no trailing blank line is left behind; a
    text that ended with a line break still does ("A.\n\ncaption\n" -> "A.\n").
    """
    start, end = lines[first].start, _line_end(text, lines[last].end)
    opens_paragraph = first == 0 or _is_blank_line(text, lines[first - 1])
    if opens_paragraph:
        k = last + 1
        while k < len(lines) and _is_blank_line(text, lines[k]):
            end = _line_end(text, lines[k].end)
            k += 1
        if k == len(lines) and first > 0:
            # nothing follows: also drop the blank lines and the break before the block
            j = first - 1
            while j >= 0 and _is_blank_line(text, lines[j]):
                j -= 1
            if j >= 0:
                # the text's last line break stays: keep line j's terminator when the block had one
                start = _line_end(text, lines[j].end) if end > lines[last].end else lines[j].end
    elif end == lines[last].end and first > 0:
        start = lines[first - 1].end  # last line without terminator: take the break before it
    return Span(start, end)


def _lines_of(text: str) -> list[Span]:
    return list(iter_lines(text))


def _remove_lines(text: str, lines: list[Span], blocks: list[tuple[int, int, str, str]],
                  stage: str) -> tuple[Edit, ...]:
    """Edits deleting each ``(first, last, reason, source)`` block of lines; touching or
    overlapping removals are merged into one edit (a plan may not hold two touching deletions)."""
    spans: list[tuple[Span, str, str]] = []
    for first, last, reason, source in sorted(blocks):
        span = removal_span(text, lines, first, last)
        if spans and span.start <= spans[-1][0].end:
            prev, r0, s0 = spans[-1]
            merged = Span(prev.start, max(prev.end, span.end))
            spans[-1] = (merged, r0 if r0 == reason else f"{r0}; {reason}",
                         s0 if s0 == source else f"{s0} + {source}")
        else:
            spans.append((span, reason, source))
    return tuple(Edit(s.start, s.end, text[s.start : s.end], "", stage, reason, 1.0, source)
                 for s, reason, source in spans if s.end > s.start)


def _merge_disjoint(text: str, edits: list[Edit]) -> tuple[Edit, ...]:
    """Sort edits made on one text and merge any that overlap or touch into one edit (a valid
    plan may not hold a deletion that touches another edit, see validate_edits)."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        if out and e.start <= out[-1].end:
            p = out[-1]
            start, end = p.start, max(p.end, e.end)
            # the later edit's replacement follows the earlier one's; text between them is kept
            middle = text[p.end : e.start] if e.start > p.end else ""
            tail = e.replacement if e.end >= p.end else ""
            repl = p.replacement + middle + tail
            out[-1] = Edit(start, end, text[start:end], repl, p.stage,
                           p.reason if p.reason == e.reason else f"{p.reason}; {e.reason}",
                           min(p.confidence, e.confidence),
                           p.source if p.source == e.source else f"{p.source} + {e.source}")
        else:
            out.append(e)
    return tuple(e for e in out if e.found != e.replacement)
