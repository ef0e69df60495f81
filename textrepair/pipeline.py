"""The repair pipeline: the stage registry (a plan is a list of stage names) and repair / repair_and_explain."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .core.config import RepairConfig, config_from_kwargs
from .core.edits import apply_edits, compose_edits, shift
from .core.errors import ConfigError, require_text
from .core.types import RepairResult, StageRecord
from .fix.chain import Fixer, fixer_rounds
from .fix.debris import remove_debris
from .fix.invisible import remove_invisible
from .fix.markup import remove_markup
from .fix.mojibake import fix_mojibake, normalize_typography
from .text.document import Document, parse_document


@dataclass(frozen=True)
class StageContext:
    """What a stage may look at besides its input text: the options and the whole document.

    ``handoff`` is made afresh for each repair: a stage may leave work there, under its name, for
    a later stage of the same repair (``detect`` leaves its paragraph analyses for ``restore``).
    """

    config: RepairConfig
    document: Document | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    handoff: dict[str, Any] = field(default_factory=dict, compare=False)


Stage = Callable[[str, StageContext], StageRecord]


def _fixer_stage(name: str, fixer: Fixer) -> Stage:
    def stage(text: str, ctx: StageContext) -> StageRecord:
        return StageRecord(name, tuple(fixer(text)))

    stage.__name__ = name
    stage.__doc__ = fixer.__doc__
    return stage


def _detect_stage(text: str, ctx: StageContext) -> StageRecord:
    if ctx.config.domain == "science":  # tortured phrases: found and scored by the restore stage
        return StageRecord("detect", ())
    from .spin.detect import detect_stage  # imported on first use: it loads the lexical tables

    return detect_stage(text, ctx)


def _restore_stage(text: str, ctx: StageContext) -> StageRecord:
    if ctx.config.domain == "science":  # tortured phrases: their own tables and model
        from .spin.tortured import restore_stage as science_stage

        return science_stage(text, ctx)
    from .spin.restore import restore_stage

    return restore_stage(text, ctx)


#: The mangled-text fixers (textrepair.fix), by stage name, in the order a repair runs them.
FIXERS: Mapping[str, Fixer] = MappingProxyType({
    "remove_markup": remove_markup, "fix_mojibake": fix_mojibake,
    "normalize_typography": normalize_typography, "remove_invisible": remove_invisible,
    "remove_debris": remove_debris})
FIXER_STAGES = tuple(FIXERS)
# Fixers can expose damage to one another in contrived input (a tag removed from between two
# halves of mojibake); after the plan they re-run until a round changes nothing, so that
# repair(repair(x)) == repair(x). Real text converges in the first round; 3 extra rounds cap it.
MAX_FIXER_ROUNDS = 3


def _build_stages() -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    # Order matters: entities decode to mojibake ("&Atilde;&copy;") or invisibles ("&#8203;"), and
    # mojibake decodes to invisibles ("â€‹" is a zero-width space), so markup runs first and
    # invisible characters go after ftfy; debris patterns then see clean lines.
    for name, fixer in FIXERS.items():
        stages[name] = _fixer_stage(name, fixer)
    # Spinning: detection scores every paragraph (no edits), restoration decodes the flagged ones.
    stages["detect"] = _detect_stage
    stages["restore"] = _restore_stage
    return stages


#: Every stage, by name, in the order a full repair runs them. A plan is a tuple of these names.
STAGES: Mapping[str, Stage] = MappingProxyType(_build_stages())

_OPTION_OF_STAGE = {
    "remove_invisible": "remove_invisible",
    "fix_mojibake": "fix_encoding",
    "normalize_typography": "normalize_typography",
    "remove_markup": "remove_markup",
    "remove_debris": "remove_debris",
    "detect": "restore",  # detection runs for restoration (textrepair scan scores without repairing)
    "restore": "restore",
}


def plan_for(config: RepairConfig) -> tuple[str, ...]:
    """The stage names a config runs, validated up front (an unknown name is an error now, not later)."""
    if config.stages is not None:
        unknown = [s for s in config.stages if s not in STAGES]
        if unknown:
            msg = f"unknown stage(s) {', '.join(unknown)}; known stages: {', '.join(STAGES)}"
            raise ConfigError(msg)
        return tuple(config.stages)
    return tuple(name for name in STAGES if getattr(config, _OPTION_OF_STAGE.get(name, name), False))


def repair_document(doc: Document, config: RepairConfig | None = None, *,
                    extra: Mapping[str, Any] | None = None) -> RepairResult:
    """Repair a document's body (front matter is kept verbatim); spans index ``doc.text``."""
    config = config or RepairConfig()
    ctx = StageContext(config, doc, MappingProxyType(dict(extra or {})))
    body = doc.text[doc.body.start : doc.body.end]
    current = body
    records: list[StageRecord] = []
    scores: tuple = ()
    suggestions: tuple = ()
    plan = plan_for(config)
    for name in plan:
        rec = STAGES[name](current, ctx)
        current = apply_edits(current, rec.edits)
        if rec.scores:
            scores = tuple(p for p in rec.scores)
        suggestions += rec.suggestions
        records.append(rec)
    fixer_plan = [name for name in plan if name in FIXERS]
    # Fixers are functions of their input: if the plan changed nothing, another round would not.
    if fixer_plan and any(r.edits for r in records):
        # (the loop's ``current`` is the text after each fixer that changed something)
        for k, edits, current in fixer_rounds(current, [FIXERS[name] for name in fixer_plan],
                                              max_rounds=MAX_FIXER_ROUNDS):
            records.append(StageRecord(fixer_plan[k], edits))
    offset = doc.body.start
    # Body coordinates -> whole-text coordinates: the front matter before the body never changes.
    stages = shift(records, offset)
    scores = shift(scores, offset)
    suggestions = shift(suggestions, offset)
    text = doc.text[:offset] + current
    # compose_stages, without its per-stage replay and skipping stages that changed nothing
    # (composing with no edits returns the list unchanged)
    edits: tuple = ()
    for r in stages:
        if r.edits:
            edits = compose_edits(doc.text, edits, r.edits)
    return RepairResult(doc.text, text, stages, edits, doc.segments, scores, suggestions,
                        {"path": doc.path, "encoding": doc.encoding})


def stage_input(doc: Document, config: RepairConfig | None, stage: str, *,
                extra: Mapping[str, Any] | None = None) -> tuple[str, StageContext] | None:
    """What the plan's first ``stage`` receives in :func:`repair_document`: the body after the
    stages before it, and the stage context; None when the plan does not run ``stage``."""
    config = config or RepairConfig()
    plan = plan_for(config)
    if stage not in plan:
        return None
    ctx = StageContext(config, doc, MappingProxyType(dict(extra or {})))
    current = doc.text[doc.body.start : doc.body.end]
    for name in plan[: plan.index(stage)]:
        current = apply_edits(current, STAGES[name](current, ctx).edits)
    return current, ctx


def repair_and_explain(text: str | Document, config: RepairConfig | None = None,
                       **options: Any) -> RepairResult:
    """Repair ``text`` and return the result with its plan: every change as an edit record.

    >>> r = repair_and_explain("The caf\\u00c3\\u00a9 opened.", restore=False)
    >>> r.text
    'The café opened.'
    >>> [(e.found, e.replacement, e.stage) for e in r.edits]
    [('Ã©', 'é', 'fix_mojibake')]
    """
    config = config_from_kwargs(config, options)
    if isinstance(text, Document):
        return repair_document(text, config)
    require_text(text)
    return repair_document(parse_document(text), config)


def repair(text: str | Document, config: RepairConfig | None = None, **options: Any) -> str:
    """Repair ``text`` and return only the repaired text (see :func:`repair_and_explain`)."""
    return repair_and_explain(text, config, **options).text
