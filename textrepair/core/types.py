"""The shared vocabulary: spans, edits, stage records, scores, suggestions and results (frozen records)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
import warnings
from typing import Any

from . import display


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into a named text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            msg = f"invalid span [{self.start}, {self.end})"
            raise ValueError(msg)

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        """The slice of ``text`` this span covers."""
        return text[self.start : self.end]

    def shift(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Edit:
    """One change: replace ``found`` at ``[start, end)`` with ``replacement``, and say why.

    ``found`` is the text the span holds before the edit (for a restoration, the spun form; the
    same name as :attr:`Suggestion.found`). ``stage`` names the stage that made it, ``reason`` is a
    short human explanation, ``source`` names the rule or table entry
    (``"spinner-news:in line with"``) and ``confidence`` is in [0, 1]. Keeping ``found`` makes
    replay safe: applying an edit to text that does not hold ``found`` at that span is an error,
    never a silent corruption. (``original`` is a deprecated alias of ``found``: "original" names
    the original wording a restoration brings back, see docs/glossary.md.)
    """

    start: int
    end: int
    found: str
    replacement: str
    stage: str
    reason: str
    confidence: float = 1.0
    source: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            msg = f"invalid edit span [{self.start}, {self.end})"
            raise ValueError(msg)
        if self.end - self.start != len(self.found):
            msg = f"edit span [{self.start}, {self.end}) does not fit the found text {self.found!r}"
            raise ValueError(msg)
        if not (0.0 <= self.confidence <= 1.0):
            msg = f"confidence must be in [0, 1], not {self.confidence}"
            raise ValueError(msg)

    @property
    def original(self) -> str:
        """Deprecated name of :attr:`found` (the text the span holds before the edit)."""
        warnings.warn("Edit.original is now Edit.found (the text found at the span); 'original' "
                      "names the original wording a restoration brings back", DeprecationWarning, stacklevel=2)
        return self.found

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def delta(self) -> int:
        """How much longer the text gets when this edit is applied."""
        return len(self.replacement) - len(self.found)

    def shifted(self, delta: int) -> Edit:
        return Edit(self.start + delta, self.end + delta, self.found, self.replacement,
                    self.stage, self.reason, self.confidence, self.source)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "found": self.found,
            "replacement": self.replacement,
            "stage": self.stage,
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        """The inverse of :meth:`to_dict`; also reads the ``"original"`` key of reports written
        before the key was renamed ``"found"``."""
        return cls(int(data["start"]), int(data["end"]), str(data["found"] if "found" in data else data["original"]),
                   str(data["replacement"]), str(data["stage"]), str(data["reason"]),
                   float(data.get("confidence", 1.0)), str(data.get("source", "")))


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of detection evidence: what fired, where, and how much it weighs."""

    name: str
    start: int
    end: int
    text: str
    weight: float
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "start": self.start, "end": self.end, "text": self.text,
                "weight": round(self.weight, 4), "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ParagraphScore:
    """A paragraph's spinning score in [0, 1], the decision at the threshold, and the evidence."""

    start: int
    end: int
    score: float
    spun: bool
    signals: tuple[Signal, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "score": round(self.score, 4),
                "spun": self.spun, "evidence": [s.to_dict() for s in self.signals]}

    def _repr_html_(self) -> str:  # notebook view (core/display.py: the renderer loads when a notebook asks)
        return display.html(self)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A restoration the restorer considered but did not apply (below the confidence threshold)."""

    start: int
    end: int
    found: str
    alternatives: tuple[str, ...]
    confidence: float
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "found": self.found,
                "alternatives": list(self.alternatives), "confidence": round(self.confidence, 4),
                "reason": self.reason}

    def _repr_html_(self) -> str:  # notebook view (core/display.py: the renderer loads when a notebook asks)
        return display.html(self)


@dataclass(frozen=True, slots=True)
class Segment:
    """One article inside a body: its span, its headline span (if any) and why it was split there."""

    start: int
    end: int
    title_start: int | None = None
    title_end: int | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "title_start": self.title_start,
                "title_end": self.title_end, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class StageRecord:
    """What one stage did: its edits index into that stage's *input* text."""

    stage: str
    edits: tuple[Edit, ...]
    suggestions: tuple[Suggestion, ...] = ()
    scores: tuple[ParagraphScore, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "edits": [e.to_dict() for e in self.edits]}

    def _repr_html_(self) -> str:  # notebook view (core/display.py: the renderer loads when a notebook asks)
        return display.html(self)


class ReadOnlyDict(dict):  # type: ignore[type-arg]
    """A dict that refuses changes: a frozen result's ``meta`` (unlike MappingProxyType it pickles,
    so results cross process boundaries). To add to it, build a new result:
    ``dataclasses.replace(result, meta={**result.meta, "key": value})``."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        msg = "a result's meta is read-only; use dataclasses.replace(result, meta={**result.meta, ...})"
        raise TypeError(msg)

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyDict, (dict(self),))


#: What :meth:`RepairResult.to_dict` writes by default (``repair --format json``), and every part it knows.
RESULT_PARTS = ("text", "edits", "stages", "segments", "paragraphs", "suggestions")
ALL_RESULT_PARTS = ("text", "changed", "edits", "stages", "segments", "paragraphs", "suggestions", "pieces")


@dataclass(frozen=True)
class RepairResult:
    """The outcome of a repair: input, output, and the stage-by-stage plan that maps one to the other.

    ``original`` is the whole input document as given (not "the original wording": that is what
    restoration brings back inside it), ``text`` the repaired document. ``edits`` are the stages
    composed into one non-overlapping list whose spans index the *input*;
    ``apply_edits(original, edits) == text`` and ``apply_plan(original, stages) == text``.
    ``meta`` (read-only) says where the document came from (path, encoding) and, for a body
    repaired in pieces or with a linked record, how.
    """

    original: str
    text: str
    stages: tuple[StageRecord, ...]
    edits: tuple[Edit, ...]
    segments: tuple[Segment, ...] = ()
    scores: tuple[ParagraphScore, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.meta, ReadOnlyDict):
            object.__setattr__(self, "meta", ReadOnlyDict(self.meta))

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def explain(self) -> str:
        """A plain-text, one-line-per-edit account of what changed and why."""
        if not self.edits:
            return "no changes"
        lines = []
        for e in self.edits:
            lines.append(f"[{e.start}:{e.end}] {e.found!r} -> {e.replacement!r}  "
                         f"({e.stage}: {e.reason}; confidence {e.confidence:.2f})")
        return "\n".join(lines)

    def to_dict(self, *, plan: bool = True, parts: Sequence[str] = RESULT_PARTS) -> dict[str, Any]:
        """The result as JSON types: the package's one serialisation of a result.

        ``parts`` chooses what is written, in that order: ``text``, ``changed``, ``edits``,
        ``stages``, ``segments``, ``paragraphs`` (the paragraph scores), ``suggestions`` and
        ``pieces`` (for a body repaired in pieces, ``pieces`` and ``paragraphs_scored``; nothing
        otherwise). ``plan=False`` summarises ``stages`` as each stage's name and ``edit_count``:
        the composed ``edits`` already hold every change, with the stage that made it, and a
        stage's own list repeats them in that stage's coordinates (on a heavily spun body, a
        third of the output). Report entries and JSON Lines records (textrepair.run.worker) are
        this dict with their own envelope."""
        out: dict[str, Any] = {}
        for part in parts:
            if part == "text":
                out["text"] = self.text
            elif part == "changed":
                out["changed"] = self.changed
            elif part == "edits":
                out["edits"] = [e.to_dict() for e in self.edits]
            elif part == "stages":
                out["stages"] = [s.to_dict() if plan else {"stage": s.stage, "edit_count": len(s.edits)}
                                 for s in self.stages]
            elif part == "segments":
                out["segments"] = [s.to_dict() for s in self.segments]
            elif part == "paragraphs":
                out["paragraphs"] = [p.to_dict() for p in self.scores]
            elif part == "suggestions":
                out["suggestions"] = [s.to_dict() for s in self.suggestions]
            elif part == "pieces":
                # Repaired in pieces (textrepair.run.bounded): "paragraphs" lists flagged ones only.
                if self.meta.get("pieces", 1) > 1:
                    out["pieces"] = self.meta["pieces"]
                    out["paragraphs_scored"] = self.meta["paragraphs_scored"]
            else:
                msg = f"unknown result part {part!r}; known parts: {', '.join(ALL_RESULT_PARTS)}"
                raise ValueError(msg)
        return out

    def _repr_html_(self) -> str:  # notebook view: edits highlighted, scores as bars (report/render.py)
        return display.html(self)
