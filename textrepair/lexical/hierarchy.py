"""WordNet hierarchy links read backwards: the originals a spun word may stand for when it is not their synonym.

A tortured-phrase generator often writes a hyponym ("laptop" for computer), a hypernym or a
derivational relative of the original. ``textrepair/data/wordnet-hierarchy.tsv.gz`` (built by
``data/build_hierarchy.py`` from WordNet 3.0; licence in ``data/LICENSES/WordNet``) lists, per
single-word noun or verb lemma, the words it is related to and how (``RELATIONS``). It loads on first
use (~0.1 s: each line is kept as its raw string and split on lookup) and is cached for the process.

API::

    originals(spun, relations="hgo") -> tuple[str, ...]   # related words, sorted
    relations_of(spun) -> Mapping[str, str]               # original -> relation letters
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType

from . import lexicon

TABLE = "wordnet-hierarchy.tsv.gz"
FORMAT = "textrepair-hierarchy"
VERSION = 1

#: Relation letters: a direct hypernym (or the head word of a multiword one), a hypernym two levels
#: up, a direct hyponym, a derivationally related form.
RELATIONS = {"h": "hypernym", "g": "hypernym, two levels", "o": "hyponym", "d": "derivation"}


@cache
def _load() -> Mapping[str, str]:
    return MappingProxyType(dict(ln.split("\t", 1) for ln in lexicon.versioned_lines(TABLE, FORMAT, VERSION)))


@lru_cache(maxsize=1 << 15)
def relations_of(spun: str) -> Mapping[str, str]:
    """Original -> relation letters (see :data:`RELATIONS`) for a lowercase spun lemma; empty if none."""
    raw = _load().get(spun)
    if not raw:
        return MappingProxyType({})
    return MappingProxyType(dict(item.rsplit(":", 1) for item in raw.split("|")))


@lru_cache(maxsize=1 << 15)
def originals(spun: str, relations: str = "hgo") -> tuple[str, ...]:
    """The words ``spun`` is related to by any of ``relations`` (letters of :data:`RELATIONS`), sorted."""
    bad = set(relations) - set(RELATIONS)
    if bad:
        raise ValueError(f"unknown hierarchy relation(s) {''.join(sorted(bad))!r}; "
                         f"use letters of {''.join(RELATIONS)!r}")
    return tuple(o for o, rel in relations_of(spun).items() if set(rel) & set(relations))
