"""What a match could have been: an Option (a candidate original wording with its weight) and a Hit (a matched stretch with its options)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Option:
    """One thing a match could originally have been, with the table's P(original | spun form)."""

    replacement: str
    weight: float
    source: str
    kind: str = "table"          # table | rule | record | name
    artefact: bool = False


_tuple_new = tuple.__new__  # builds a named tuple without its Python-level __new__


class Hit(NamedTuple):
    """A stretch of text (words ``[i, j)`` of its paragraph) that a table entry or rule matches.

    (A named tuple: thousands are made per document, and a frozen dataclass's ``__init__`` cost
    ~6% of a full repair. Build one with :func:`make_hit`, which fills in the derived fields.)"""

    start: int
    end: int
    i: int
    j: int
    found: str
    options: tuple[Option, ...]
    #: The chance the found text was written by the spinner (sum of option weights).
    spin_prob: float
    artefact: bool


def _option_stats(options: Sequence[Option]) -> tuple[float, bool]:
    return min(0.99, sum(o.weight for o in options)), any(o.artefact for o in options)


def make_hit(start: int, end: int, i: int, j: int, found: str, options: tuple[Option, ...]) -> Hit:
    """A :class:`Hit` with ``spin_prob`` and ``artefact`` derived from its options."""
    return _tuple_new(Hit, (start, end, i, j, found, options, *_option_stats(options)))


def _normalise_weights(opts: Iterable[Option]) -> tuple[Option, ...]:
    items = sorted(opts, key=lambda o: -o.weight)
    total = sum(o.weight for o in items)
    if total > 0.99:  # the table promised weights summing to <= 1; keep room for "not spun"
        items = [Option(o.replacement, o.weight * 0.99 / total, o.source, o.kind, o.artefact)
                 for o in items]
    return tuple(items)
