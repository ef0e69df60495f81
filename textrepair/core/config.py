"""RepairConfig: every option of a repair run in one immutable record (its docstring is the option reference)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError


#: Restoration domains: which substitution knowledge the detect and restore stages use.
DOMAINS = ("news", "science")


@dataclass(frozen=True)
class RepairConfig:
    """Options for :func:`textrepair.repair_and_explain`.

    - ``fix_encoding`` (True): repair mojibake with ftfy, typography kept (quotes, ligatures and
      character width are left alone unless ``normalize_typography`` is set).
    - ``normalize_typography`` (False): also let ftfy uncurl quotes, unfold ligatures, fix width.
    - ``remove_markup`` (True): strip HTML remnants and unescape entities.
    - ``remove_invisible`` (True): drop zero-width and control characters.
    - ``remove_debris`` (True): drop scraping debris: link-text leaks, index artefacts, caption
      and credit lines.
    - ``restore`` (True): detect spinning and restore the original wording in flagged paragraphs.
    - ``threshold`` (None = the calibrated default): paragraph score above which text counts as spun.
    - ``min_confidence`` (None = the restorer's default): below it a restoration is only suggested.
    - ``tables`` (()): extra phrase-table files (paths) to use besides the packaged ones.
    - ``context_pairs`` (()): document-specific (spun, original) pairs, e.g. learned from a record.
      A pair written with capitals matches only that case and writes its original as given
      ("State Freeway" -> "State Highway" leaves "the state freeway" alone); an all-lowercase
      pair matches any case and takes the case of the text it replaces.
    - ``stages`` (None = all enabled stages, in order): an explicit plan, by stage name.
    - ``domain`` ("news"): which substitution knowledge the detect and restore stages use: "news"
      (the spinner tables, detection and decoder) or "science" (tortured phrases of paper mills:
      ``textrepair.spin.tortured``; ``tables`` are then PPS exports or phrase tables whose rows are
      added as known fingerprints).
    """

    fix_encoding: bool = True
    normalize_typography: bool = False
    remove_markup: bool = True
    remove_invisible: bool = True
    remove_debris: bool = True
    restore: bool = True
    threshold: float | None = None
    min_confidence: float | None = None
    tables: tuple[str, ...] = ()
    context_pairs: tuple[tuple[str, str], ...] = ()
    stages: tuple[str, ...] | None = None
    domain: str = "news"

    def __post_init__(self) -> None:
        if self.domain not in DOMAINS:
            msg = f"unknown domain {self.domain!r}; known domains: {', '.join(DOMAINS)}"
            raise ConfigError(msg)
        if self.threshold is not None and not (0.0 <= self.threshold <= 1.0):
            msg = f"threshold must be in [0, 1], not {self.threshold}"
            raise ConfigError(msg)
        if self.min_confidence is not None and not (0.0 <= self.min_confidence <= 1.0):
            msg = f"min_confidence must be in [0, 1], not {self.min_confidence}"
            raise ConfigError(msg)


def with_context_pairs(config: RepairConfig, pairs: Iterable[tuple[str, str]]) -> RepairConfig:
    """``config`` with more document-specific (spun, original) pairs after its own, each kept once
    (the pairs learned from a linked record go to restoration this way)."""
    pairs = tuple(pairs)
    if not pairs:
        return config
    return replace(config, context_pairs=tuple(dict.fromkeys((*config.context_pairs, *pairs))))


def config_from_kwargs(config: RepairConfig | None, options: dict[str, Any]) -> RepairConfig:
    """Fold keyword options into a config, rejecting unknown names with the list of known ones."""
    config = config or RepairConfig()
    if not options:
        return config
    known = {f.name for f in fields(RepairConfig)}
    unknown = sorted(set(options) - known)
    if unknown:
        msg = f"unknown option(s) {', '.join(unknown)}; known options: {', '.join(sorted(known))}"
        raise ConfigError(msg)
    for key in ("tables", "stages"):
        if key in options and isinstance(options[key], list):
            options[key] = tuple(options[key])
    return replace(config, **options)
