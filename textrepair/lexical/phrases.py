"""The phrase-table vocabulary: a substitution entry and a named, versioned table of them (no file format here)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

#: Version of the table format the entries follow (textrepair.lexical.tables reads and writes it).
VERSION = 1


@dataclass(frozen=True, slots=True)
class PhraseEntry:
    """One substitution: the ``spun`` form was most likely the ``original`` wording, with ``weight``.

    (The table files keep their column header ``observed`` for the spun form; ``observed`` is a
    deprecated alias of ``spun`` here.)
    """

    spun: str
    original: str
    weight: float
    source: str
    flags: frozenset[str] = frozenset()

    @property
    def case_sensitive(self) -> bool:
        return "cs" in self.flags

    @property
    def observed(self) -> str:
        """Deprecated name of :attr:`spun`."""
        warnings.warn("PhraseEntry.observed is now PhraseEntry.spun", DeprecationWarning, stacklevel=2)
        return self.spun


@dataclass(frozen=True)
class PhraseTable:
    """A named, versioned list of entries, with an index from lowercased spun form to entries."""

    name: str
    version: int
    entries: tuple[PhraseEntry, ...]
    description: str = ""

    @property
    def by_spun(self) -> Mapping[str, tuple[PhraseEntry, ...]]:
        """Entries by lowercased spun form."""
        return _index(self)

    @property
    def by_observed(self) -> Mapping[str, tuple[PhraseEntry, ...]]:
        """Deprecated name of :attr:`by_spun`."""
        warnings.warn("PhraseTable.by_observed is now PhraseTable.by_spun", DeprecationWarning, stacklevel=2)
        return _index(self)

    def __len__(self) -> int:
        return len(self.entries)


@cache
def _index_cached(table_id: int, entries: tuple[PhraseEntry, ...]) -> Mapping[str, tuple[PhraseEntry, ...]]:
    idx: dict[str, list[PhraseEntry]] = {}
    for e in entries:
        idx.setdefault(e.spun.lower(), []).append(e)
    return MappingProxyType({k: tuple(v) for k, v in idx.items()})


def _index(table: PhraseTable) -> Mapping[str, tuple[PhraseEntry, ...]]:
    return _index_cached(id(table), table.entries)
