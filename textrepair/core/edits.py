"""Edit algebra: validate, apply, compose, invert and shift edit lists, and map positions back through them. ``apply_edits`` is the only code that changes text."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from .errors import EditConflictError, require_text
from .types import Edit, ParagraphScore, Signal, StageRecord, Suggestion

#: What :func:`shift` moves: records with a ``start`` and an ``end``.
_Positioned = TypeVar("_Positioned", Edit, Suggestion, Signal, ParagraphScore, StageRecord)


def validate_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise :class:`EditConflictError` unless ``edits`` are a valid plan for ``text``.

    Valid means: sorted, in bounds, each matching ``text`` and changing something, and disjoint.
    Two edits may touch (one ends where the next starts) only when neither is an insertion or a
    deletion; otherwise their order at that point would be ambiguous, and the inverse plan of
    an insertion next to a deletion would hold two insertions at one offset.
    """
    prev: Edit | None = None
    for e in edits:
        if e.end > len(text):
            msg = f"edit [{e.start}, {e.end}) falls outside a text of length {len(text)}"
            raise EditConflictError(msg)
        if e.found == e.replacement:
            msg = f"edit [{e.start}, {e.end}) changes nothing ({e.found!r})"
            raise EditConflictError(msg)
        if prev is not None:
            if e.start < prev.end:
                msg = f"edit [{e.start}, {e.end}) overlaps the previous edit [{prev.start}, {prev.end})"
                raise EditConflictError(msg)
            if e.start == prev.end and not (prev.found and prev.replacement
                                            and e.found and e.replacement):
                msg = (f"edits [{prev.start}, {prev.end}) and [{e.start}, {e.end}) touch and one "
                       f"inserts or deletes: merge them into one edit")
                raise EditConflictError(msg)
        if text[e.start : e.end] != e.found:
            held = text[e.start : e.end]
            msg = f"edit [{e.start}, {e.end}) expects {e.found!r} but the text holds {held!r}"
            raise EditConflictError(msg)
        prev = e


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping ``edits`` (spans into ``text``) and return the new text.

    >>> from textrepair.core.types import Edit
    >>> apply_edits("in line with data", [Edit(0, 12, "in line with", "according to", "demo", "table")])
    'according to data'
    """
    require_text(text)
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    validate_edits(text, ordered)
    out: list[str] = []
    pos = 0
    for e in ordered:
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def invert_edits(edits: Iterable[Edit]) -> tuple[Edit, ...]:
    """Edits that turn the output of ``edits`` back into their input (spans index the output)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out = []
    delta = 0
    for e in ordered:
        start = e.start + delta
        out.append(Edit(start, start + len(e.replacement), e.replacement, e.found,
                        e.stage, f"undo: {e.reason}", e.confidence, e.source))
        delta += e.delta
    return tuple(out)


def shifted(item: _Positioned, delta: int) -> _Positioned:
    """An edit, suggestion, signal, paragraph score (with its signals) or stage record (with its
    edits, suggestions and scores) moved by ``delta`` characters."""
    if not delta:
        return item
    if isinstance(item, Edit):
        return item.shifted(delta)
    if isinstance(item, StageRecord):
        return StageRecord(item.stage, shift(item.edits, delta), shift(item.suggestions, delta),
                           shift(item.scores, delta))
    if isinstance(item, ParagraphScore):
        return replace(item, start=item.start + delta, end=item.end + delta,
                       signals=shift(item.signals, delta))
    return replace(item, start=item.start + delta, end=item.end + delta)  # type: ignore[type-var]


def shift(items: Iterable[_Positioned], delta: int) -> tuple[_Positioned, ...]:
    """Every item moved by ``delta`` characters (e.g. from body to whole-file coordinates, or from
    a piece to its place in the file): the package's one shift, see :func:`shifted`."""
    return tuple(items) if not delta else tuple(shifted(i, delta) for i in items)


def shift_edits(edits: Iterable[Edit], delta: int) -> tuple[Edit, ...]:
    """Move every edit by ``delta`` characters (:func:`shift` for edits)."""
    return shift(edits, delta)


def _merge_labels(values: Iterable[str]) -> str:
    seen: list[str] = []
    for v in values:
        for part in v.split(" + "):
            if part and part not in seen:
                seen.append(part)
    return " + ".join(seen)


def compose_edits(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> tuple[Edit, ...]:
    """Compose ``first`` (on ``text``) with ``second`` (on the result) into edits on ``text``.

    Edits of the two lists that touch the same stretch of the middle text merge into one edit
    whose stage, reason and source name both; the merged confidence is the lower one. So
    ``apply_edits(text, result) == apply_edits(apply_edits(text, first), second)``.
    """
    first = sorted(first, key=lambda e: (e.start, e.end))
    second = sorted(second, key=lambda e: (e.start, e.end))
    if not second:
        return tuple(first)
    middle: str | None = None  # apply_edits(text, first), built only if a cluster needs it
    # (middle_start, middle_end, is_second, edit); a first-edit occupies its replacement in the middle.
    items: list[tuple[int, int, bool, Edit]] = []
    delta = 0
    for e in first:
        ms = e.start + delta
        items.append((ms, ms + len(e.replacement), False, e))
        delta += e.delta
    items.extend((e.start, e.end, True, e) for e in second)
    items.sort(key=lambda t: (t[0], t[1], t[2]))

    # Closed-interval clustering: touching edits merge, so mapped ranges can never collide.
    clusters: list[list[tuple[int, int, bool, Edit]]] = []
    cl_end = -1
    for it in items:
        if clusters and it[0] <= cl_end:
            clusters[-1].append(it)
            cl_end = max(cl_end, it[1])
        else:
            clusters.append([it])
            cl_end = it[1]

    out: list[Edit] = []
    delta_before = 0  # growth caused by first-edits in earlier clusters
    for cl in clusters:
        firsts = [it[3] for it in cl if not it[2]]
        seconds = [it[3] for it in cl if it[2]]
        cl_delta = sum(e.delta for e in firsts)
        if not seconds:
            out.extend(firsts)
            delta_before += cl_delta
            continue
        if len(cl) == 1:
            # A lone edit of ``second`` (the common case): it maps back unchanged, shifted by
            # what ``first`` added before it; merging its labels with nobody changes nothing
            # unless one holds the " + " separator (then the general path below normalises it).
            e = seconds[0]
            t_lo = e.start - delta_before
            if (e.replacement != e.found and text[t_lo : t_lo + len(e.found)] == e.found
                    and " + " not in e.stage and " + " not in e.reason and " + " not in e.source):
                out.append(e if not delta_before else e.shifted(-delta_before))
                continue
        if middle is None:
            middle = apply_edits(text, first)
        lo = min(it[0] for it in cl)
        hi = max(it[1] for it in cl)
        t_lo = lo - delta_before
        t_hi = hi - delta_before - cl_delta
        replacement = apply_edits(middle[lo:hi], [s.shifted(-lo) for s in seconds])
        group = firsts + seconds
        if replacement == text[t_lo:t_hi]:
            delta_before += cl_delta
            continue  # the stages cancelled out: nothing to record
        out.append(Edit(t_lo, t_hi, text[t_lo:t_hi], replacement,
                        _merge_labels(e.stage for e in group), _merge_labels(e.reason for e in group),
                        min(e.confidence for e in group), _merge_labels(e.source for e in group)))
        delta_before += cl_delta
    return tuple(out)


def apply_plan(text: str, stages: Iterable[StageRecord]) -> str:
    """Replay a plan: apply each stage's edits, in order, to the output of the one before."""
    for stage in stages:
        text = apply_edits(text, stage.edits)
    return text


def compose_stages(text: str, stages: Iterable[StageRecord]) -> tuple[Edit, ...]:
    """All stages of a plan as one edit list on ``text``."""
    total: tuple[Edit, ...] = ()
    current = text
    for stage in stages:
        total = compose_edits(text, total, stage.edits)
        current = apply_edits(current, stage.edits)
    return total


# --- coordinates -------------------------------------------------------------------------------
# Scores and suggestions index the input of the stage that made them; edits index the original.
# Mapping a stage-input position back through the earlier stages puts all on the original.


class BackMap:
    """Positions in the output of an edit list mapped back to its input (a bisection per lookup)."""

    def __init__(self, edits: Iterable[Edit]) -> None:
        self.edits = sorted(edits, key=lambda e: (e.start, e.end))
        self.out_starts: list[int] = []
        self.before: list[int] = []  # growth from the edits before each one
        delta = 0
        for e in self.edits:
            self.out_starts.append(e.start + delta)
            self.before.append(delta)
            delta += e.delta
        self.total = delta

    def __call__(self, pos: int, side: str = "start") -> int:
        j = bisect.bisect_left(self.out_starts, pos)  # edits from j on start at or after pos
        if j > 0:
            e = self.edits[j - 1]
            if pos < self.out_starts[j - 1] + len(e.replacement):  # inside its replacement: snap
                return e.start if side == "start" else e.end
        return pos - (self.before[j] if j < len(self.edits) else self.total)


def map_back(pos: int, edits: Sequence[Edit], *, side: str = "start") -> int:
    """Map ``pos`` in the output of ``edits`` to their input; inside a replacement, snap to its ``side``."""
    return BackMap(edits)(pos, side)


def stage_span_to_original(stages: Sequence[StageRecord], index: int, start: int, end: int,
                           maps: Sequence[BackMap] | None = None) -> tuple[int, int]:
    """A span in the input of ``stages[index]`` as a span of the original text."""
    maps = maps if maps is not None else [BackMap(rec.edits) for rec in stages]
    for back in reversed(maps[:index]):
        start, end = back(start, "start"), back(end, "end")
    return start, max(start, end)
