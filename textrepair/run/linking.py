"""Linking in a repair: the body is linked as the fixers leave it, the links are mapped back onto the input, and a record's pairs go to restoration.

A scraped body carries markup, mojibake, index dates and link-text leaks that no record has: the
raw scraped sample of the README scores 0.21 against its record and the same body cleaned 0.89
(issue 14). So a document is linked as the ``detect`` stage will see it, after the fixers of the
repair's own plan (:func:`fixed_document`), and the (spun, original) pairs learned there are the
words restoration meets. Positions are then mapped back through the fixers' edits
(:class:`SpanMap`): every span a link reports (its segment, its evidence, its alternates'
evidence, its pairs) indexes the input document, as the edits, paragraphs and segments of a
result do. A span covers what was compared: it starts at its first character the fixers kept
(an index date or a tag the fixers removed before it stays outside) and ends after its last; a
position inside text a fixer replaced snaps to the edge of the replaced stretch. Evidence
``text`` is quoted from the fixed text that was compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..core.config import RepairConfig, with_context_pairs
from ..core.edits import BackMap, invert_edits
from ..core.types import Edit, RepairResult, Segment, Span
from ..fix.debris import remove_index_artefact
from ..link.context import best_segment, learn_context_pairs
from ..link.index import LinkReport, RecordIndex
from ..link.records import Record
from ..link.score import LINK_THRESHOLD, Link
from ..pipeline import FIXERS, plan_for, repair_document
from ..text.document import Document, with_new_body
from .bounded import DEFAULT_MAX_EDITS, repair_bounded


class SpanMap(BackMap):
    """Positions of the fixed text mapped back to the input (:class:`BackMap`), where a span's
    start also skips text the fixers deleted right there: a link's span starts at its first
    kept character."""

    def __init__(self, edits: Iterable[Edit]) -> None:
        super().__init__(edits)
        self._deleted = {e.start: e.end for e in self.edits if not e.replacement}

    def __call__(self, pos: int, side: str = "start") -> int:
        out = super().__call__(pos, side)
        if side == "start":
            while out in self._deleted:  # deletions can follow one another
                out = self._deleted[out]
        return out


#: How far into a body an index date is looked for (blank lines, then " date YYYY-MM-DD ").
INDEX_DATE_CHARS = 200


def fixed_document(doc: Document, config: RepairConfig | None = None, *,
                   max_edits: int = DEFAULT_MAX_EDITS) -> tuple[Document, SpanMap | None]:
    """``doc`` with its body as the fixers of ``config``'s plan leave it (markup, mojibake,
    invisible characters, debris; a large body piece by piece, as a repair does) except a leading
    index date, which the linker reads; its paragraphs and article segments found again; and the
    map from its positions to ``doc.text``. When the fixers change nothing (or the plan has none)
    it is ``(doc, None)``.

    Raises :class:`~textrepair.core.errors.TooManyEditsError` as the repair would.
    """
    config = config or RepairConfig()
    fixers = tuple(name for name in plan_for(config) if name in FIXERS)
    if not fixers:
        return doc, None
    # A leading index date (" date 2023-03-14 ") stays: it is debris for a reader, but evidence
    # for the linker (a copy made months from a record's date is not its copy: date_conflict).
    index_date = remove_index_artefact(doc.text[doc.body.start : doc.body.start + INDEX_DATE_CHARS])
    rest = replace(doc, body=Span(doc.body.start + index_date[0].end, doc.body.end)) if index_date else doc
    fixed = repair_bounded(rest, replace(config, stages=fixers, context_pairs=()), max_edits=max_edits)
    if not fixed.edits:
        return doc, None
    return with_new_body(doc, fixed.text), SpanMap(fixed.edits)


def link_report(doc: Document, index: RecordIndex, config: RepairConfig | None = None, *,
                threshold: float = LINK_THRESHOLD) -> LinkReport:
    """Links and abstentions for every article segment of ``doc``, linked as the fixers leave
    it (:func:`fixed_document`), with spans that index ``doc.text`` (``textrepair link``)."""
    view, back = fixed_document(doc, config)
    report = index.explain_document(view, threshold=threshold)
    return report if back is None else report.mapped(back)


def repair_with_record(doc: Document, record: Record | Link, config: RepairConfig | None = None, *,
                       segment: Segment | None = None) -> RepairResult:
    """Repair ``doc`` with substitutions learned from its linked ``record`` passed to restoration.

    The pairs are learned on the body as the fixers leave it (:func:`fixed_document`) and go to
    the restore stage as ``RepairConfig.context_pairs`` (the restorer uses them as a table whose
    source is "record", so the edits they cause say so). ``record`` may be a :class:`Link` (its
    segment, in ``doc.text`` positions, is then the one aligned); otherwise ``segment`` (also in
    ``doc.text`` positions), else the segment that scores best for the record. The result's
    ``meta["context_pairs"]`` lists the pairs (spans in ``doc.text``), ``meta["record"]`` the
    record id.
    """
    config = config or RepairConfig()
    view, back = fixed_document(doc, config)
    rec = record.record if isinstance(record, Link) else record
    wanted = Segment(record.start, record.end) if isinstance(record, Link) else segment
    seg = best_segment(view, rec) if wanted is None else _segment_in(view, back, wanted)
    pairs = learn_context_pairs(view.text, seg, rec)
    result = repair_document(doc, with_context_pairs(config, (p.as_tuple() for p in pairs)))
    shown = pairs if back is None else tuple(p.mapped(back) for p in pairs)
    return replace(result, meta={**result.meta, "context_pairs": [p.to_dict() for p in shown],
                                 "record": rec.id})


def _segment_in(view: Document, back: SpanMap | None, wanted: Segment) -> Segment:
    """The segment of ``view`` that ``wanted`` (a span of the input) covers most of."""
    if back is None:
        start, end = wanted.start, wanted.end
    else:  # input -> fixed text: the back-map of the inverse edits
        forward = BackMap(invert_edits(back.edits))
        start, end = forward(wanted.start, "start"), forward(wanted.end, "end")
    best = max(view.segments, key=lambda s: (min(s.end, end) - max(s.start, start), -s.start), default=None)
    if best is not None and min(best.end, end) > max(best.start, start):
        return best
    return Segment(start, max(start, end))


def link_dicts(doc: Document, linker: Any, config: RepairConfig, *,
               max_edits: int = DEFAULT_MAX_EDITS) -> tuple[dict[str, Any], ...]:
    """What a run's ``linker`` (:class:`textrepair.link.context.DocumentLinker`) makes of ``doc``
    linked as the fixers leave it: link dicts whose spans index ``doc.text``."""
    view, back = fixed_document(doc, config, max_edits=max_edits)
    return tuple(linker(view) if back is None else linker(view, back))
