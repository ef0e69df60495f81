"""Bounded repair: a large body is repaired piece by piece (cut at paragraph breaks), and a file that needs too many edits is refused."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..core.config import RepairConfig
from ..core.edits import _merge_labels, shift
from ..core.errors import TooManyEditsError
from ..core.types import Edit, ParagraphScore, RepairResult, Span, StageRecord, Suggestion
from ..pipeline import plan_for, repair_document, stage_input
from ..text.document import Document

# A body longer than this is repaired in pieces of PIECE_CHARS / 2 to PIECE_CHARS characters.
# Articles are far shorter (dev corpus: 2-30 KB, none over 40 KB), so only dumps and pathological
# files are cut; memory then follows the piece (a 4 MB body repaired whole peaked at ~300 MB RSS,
# ~75 bytes per input character) instead of the file. A piece is repaired as a body of its own.
LARGE_BODY_CHARS = 262_144
PIECE_CHARS = 131_072

# Most edits one file may need before it is refused (issue 5: bounded memory). An edit costs
# ~1-2 KB while it is reported (record, dict, JSON); real articles need tens to hundreds of
# edits, a 2 MB file with a zero-width space after every word needs ~300,000. Configurable with
# ``textrepair clean --max-edits``.
DEFAULT_MAX_EDITS = 100_000


_BLANK_LINE_RE = re.compile(r"(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)")
_SENTENCE_END_RE = re.compile(r"[.!?。！？][\"”’')\]]*[ \t]+(?=[A-Z\"“‘(\[])")
_JOINERS = frozenset("\u200c\u200d\ufe0f")


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int:
    """End of the last match of ``pattern`` inside ``text[lo:hi]``, or -1."""
    end = -1
    for m in pattern.finditer(text, lo, hi):
        end = m.end()
    return end


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a piece inside ``(lo, hi]``: after a blank line, else after a line break, else
    after a sentence end, else after a space between ASCII characters, else before a character
    that is not a combining mark or joiner (so no grapheme or emoji sequence is split)."""
    for pattern in (_BLANK_LINE_RE,):
        end = _last(pattern, text, lo, hi)
        if end > lo:
            while end < hi and text[end] in "\r\n":
                end += 1
            return end
    nl = max(text.rfind("\n", lo, hi), text.rfind("\r", lo, hi))
    if nl >= lo:
        return nl + 2 if text.startswith("\r\n", nl) and nl + 2 <= hi else nl + 1
    end = _last(_SENTENCE_END_RE, text, lo, hi)
    if end > lo:
        return end
    space = text.rfind(" ", lo, hi - 1)
    while space > lo:
        if text[space - 1].isascii() and text[space + 1].isascii():
            return space + 1
        space = text.rfind(" ", lo, space)
    cut = hi
    while cut > lo + 1 and (unicodedata.combining(text[cut]) or text[cut] in _JOINERS
                            or text[cut - 1] in _JOINERS):
        cut -= 1
    return cut


def body_pieces(text: str, start: int, end: int, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces covering ``text[start:end]``, each at most ``size`` characters
    (and at least ``size // 2`` except the last), cut at the best break :func:`_cut` finds."""
    pieces = []
    pos = start
    while end - pos > size:
        cut = _cut(text, pos + size // 2, pos + size)
        pieces.append((pos, cut))
        pos = cut
    pieces.append((pos, end))
    return pieces


def _join(a: Edit, b: Edit) -> Edit:
    """Two edits that touch at a piece boundary as one (a plan may not hold touching deletions)."""
    return Edit(a.start, b.end, a.found + b.found, a.replacement + b.replacement,
                _merge_labels((a.stage, b.stage)), _merge_labels((a.reason, b.reason)),
                min(a.confidence, b.confidence), _merge_labels((a.source, b.source)))


def _piece_document(doc: Document, starts: Sequence[int], start: int, end: int) -> Document:
    """``doc.text[start:end]`` as a document whose body is all of it, with the paragraphs of
    ``doc`` that lie in it (``starts`` are their start offsets); a paragraph that crosses a cut
    (a body with no break for ``PIECE_CHARS``) is cut there too."""
    chunk = doc.text[start:end]
    paragraphs = []
    k = max(0, bisect.bisect_right(starts, start) - 1)
    for p in doc.paragraphs[k:]:
        if p.start >= end:
            break
        s, e = max(p.start, start), min(p.end, end)
        if s < e:
            paragraphs.append(Span(s - start, e - start))
    return Document(chunk, doc.path, doc.encoding, doc.decode_notes, body=Span(0, len(chunk)),
                    paragraphs=tuple(paragraphs))


def _body_evidence(pieces: Callable[[], Iterable[Document]], config: RepairConfig) -> Mapping[str, Any]:
    """The stage context's ``extra`` that gives every piece the whole body's document evidence.

    Detection judges a paragraph with its document (the shrinkage toward the document's hit
    density and the document gate in textrepair.spin.detect), so a piece scored as a document of
    its own would flag other paragraphs than the same body repaired whole, and the result would
    depend on where the cuts fall: a weakly spun paragraph is flagged in a strongly spun file,
    whatever piece it lands in. So a first pass adds up the evidence of every piece's detection
    input (fixers and analysis, one piece at a time: memory stays per piece) and the repair pass
    scores each piece with the sum. Large bodies pay the fixers and the analysis twice: 1.7 s of
    CPU instead of 1.0-1.15 s for a whole repair of a 347 kB spun body, 0.92 instead of 0.6 s for
    the 300 kB body of tests/test_large_body.py (tables loaded, 2026-12-07). A plan that detects
    more than once (``stages=``) is left per piece. A body the table-free model analyses word by
    word (a spun body no table explains) pays its analysis twice as well."""
    plan = plan_for(config)
    # Detection runs in the detect stage, or inside restore when a plan has no detect stage.
    stage = "detect" if "detect" in plan else "restore"
    if plan.count(stage) != 1 or (stage == "detect" and plan.count("restore") > 1):
        return {}
    from ..spin.detect import DOCUMENT_EVIDENCE, needs_word_evidence, stage_evidence, stage_word_evidence

    evidence = None
    for piece in pieces():
        found = stage_input(piece, config, stage)
        assert found is not None
        evidence = stage_evidence(*found, evidence)
    if evidence is not None and needs_word_evidence(evidence):
        # The table-free model analyses this body word by word: its strong spans (scored with the
        # whole body's words) are added up in a second pass, so every piece sees the body's rate.
        totals = None
        for piece in pieces():
            found = stage_input(piece, config, stage)
            assert found is not None
            totals = stage_word_evidence(*found, evidence, totals)
        evidence = replace(evidence, thesaurus=totals)
    return {DOCUMENT_EVIDENCE: evidence}


def _check_edits(n: int, max_edits: int, path: str | None) -> None:
    if n > max_edits:
        msg = (f"{path or '<text>'}: needs more than {max_edits:,} edits and suggestions (not prose? "
               f"e.g. a control or zero-width character after every word); refused (raise it with --max-edits)")
        raise TooManyEditsError(msg)


def repair_bounded(doc: Document, config: RepairConfig | None = None, *,
                   max_edits: int = DEFAULT_MAX_EDITS, large_body: int = LARGE_BODY_CHARS,
                   piece_chars: int = PIECE_CHARS) -> RepairResult:
    """:func:`~textrepair.pipeline.repair_document` with bounded memory.

    A body of at most ``large_body`` characters is repaired whole, exactly as ``repair_document``
    does. A longer one is cut by :func:`body_pieces` and each piece repaired as a body of its own,
    with the paragraphs it has in the whole body and detection judging them with the whole
    body's document evidence (:func:`_body_evidence`), so a body cut at paragraph breaks is
    restored as it would be whole. The result is assembled so that its invariants hold as for a
    whole repair:
    ``apply_edits(original, edits) == text`` (edits that touch across a cut are joined) and
    ``apply_plan(original, stages) == text`` (each piece's stage records, in piece order). Of the
    paragraph scores only the flagged (spun) paragraphs are kept, in ``scores`` and in the stage
    records (a 40 MB file has ~470,000 paragraphs, and their scores with evidence took ~1 GB);
    ``meta["paragraphs_scored"]`` counts them all. More than ``max_edits`` edits and suggestions
    raise :class:`TooManyEditsError`, checked after every piece, so a file of pure debris is
    refused before its edits fill memory.
    """
    config = config or RepairConfig()
    body_len = doc.body.end - doc.body.start
    if body_len <= large_body:
        result = repair_document(doc, config)
        _check_edits(len(result.edits) + len(result.suggestions), max_edits, doc.path)
        return result
    text = doc.text
    out: list[str] = [text[: doc.body.start]]
    out_len = doc.body.start  # length of the repaired text so far (the plan's coordinates)
    edits: list[Edit] = []
    stages: list[StageRecord] = []
    scores: list[ParagraphScore] = []
    suggestions: list[Suggestion] = []
    pieces = body_pieces(text, doc.body.start, doc.body.end, piece_chars)
    starts = [p.start for p in doc.paragraphs]

    def documents():  # type: ignore[no-untyped-def]  # one piece at a time, in each pass
        return (_piece_document(doc, starts, start, end) for start, end in pieces)

    extra = _body_evidence(documents, config)
    scored = 0
    for (start, end), piece in zip(pieces, documents()):
        part = repair_document(piece, config, extra=extra)
        for e in part.edits:
            e = e.shifted(start)
            if edits and edits[-1].end == e.start:
                edits[-1] = _join(edits[-1], e)
            else:
                edits.append(e)
        _check_edits(len(edits) + len(suggestions) + len(part.suggestions), max_edits, doc.path)
        # Stage records, scores and suggestions index each stage's input: this piece sits at
        # out_len there, after the pieces already repaired.
        stages.extend(shift([replace(r, scores=tuple(p for p in r.scores if p.spun)) for r in part.stages],
                            out_len))
        scored += len(part.scores)
        scores.extend(shift([p for p in part.scores if p.spun], out_len))
        suggestions.extend(shift(part.suggestions, out_len))
        out.append(part.text)
        out_len += len(part.text)
    return RepairResult(text, "".join(out), tuple(stages), tuple(edits), doc.segments, tuple(scores),
                        tuple(suggestions), {"path": doc.path, "encoding": doc.encoding,
                                             "pieces": len(pieces), "paragraphs_scored": scored})
