"""The curated science-term list (data/science_terms_curated.txt): well-formed and in the packaged vocabulary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from textrepair.spin.tortured import packaged_terms, words_of

CURATED = Path(__file__).resolve().parent.parent / "data" / "science_terms_curated.txt"

pytestmark = pytest.mark.skipif(not CURATED.is_file(), reason="data/ not present (installed package)")


def _terms() -> list[tuple[int, str]]:
    lines = CURATED.read_text(encoding="utf-8").splitlines()
    return [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]


def test_curated_terms_are_well_formed() -> None:
    bad = []
    for n, term in _terms():
        # The matcher looks a proposal up as " ".join(words_of(...)): a term it cannot spell that way
        # (capitals, digits on their own, stray spaces or punctuation) can never be found.
        if (not term.isascii() or term != term.lower() or term != " ".join(words_of(term))
                or not 2 <= len(term.split()) <= 4):
            bad.append(f"line {n}: {term!r}")
    assert not bad, "malformed curated terms:\n" + "\n".join(bad)


def test_curated_terms_have_no_duplicates() -> None:
    counts = Counter(term for _, term in _terms())
    assert [t for t, c in counts.items() if c > 1] == []


def test_curated_list_has_its_provenance_header() -> None:
    head = CURATED.read_text(encoding="utf-8").split("\n", 3)[:3]
    assert all(h.startswith("#") for h in head)
    assert "written from general knowledge" in " ".join(head)


def test_packaged_vocabulary_is_rebuilt_from_the_curated_list() -> None:
    # The committed science-terms.tsv.gz must be rebuilt after the list changes (CI never builds it):
    # python data/build_science_table.py --terms-only
    known = packaged_terms()
    missing = [t for _, t in _terms() if t not in known]
    assert not missing, f"{len(missing)} curated terms not packaged, e.g. {missing[:5]}"
    stale = [t for t, src in known.items() if src == "curated" and t not in {x for _, x in _terms()}]
    assert not stale, f"{len(stale)} packaged 'curated' terms not in the list, e.g. {stale[:5]}"
