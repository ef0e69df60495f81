"""A multiword-term vocabulary indexed by word position: which listed terms fit per-position word sets.

The science domain's term-driven candidates (:mod:`textrepair.spin.tortured`) ask: of the listed
terms of ``n`` words, which have at position ``k`` one of these words, for every (or all but one)
``k``? The index maps (length, position, word) to term ids; a lookup unions the postings of each
position's allowed words and counts, per term, how many positions fit. Built in memory from the
term mapping (~0.3 s for the 63,000 packaged terms), never written to disk.

API::

    TermIndex(terms)                              # an iterable of lowercase terms, words split by spaces
    index.fitting(allowed, need) -> list[int]     # term ids fitting ``need`` of the positions
    index.ids(n, k, words) -> set[int]            # ids of n-word terms with one of words at k
    index.words(term_id) -> tuple[str, ...]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


class TermIndex:
    """Terms of 2-``max_words`` words by (length, position, word)."""

    __slots__ = ("_terms", "_post")

    def __init__(self, terms: Iterable[str], max_words: int = 4):
        self._terms: list[tuple[str, ...]] = []
        post: dict[tuple[int, int, str], list[int]] = {}
        for term in sorted(set(terms)):
            ws = tuple(term.split())
            if not 2 <= len(ws) <= max_words:
                continue
            tid = len(self._terms)
            self._terms.append(ws)
            n = len(ws)
            for k, w in enumerate(ws):
                post.setdefault((n, k, w), []).append(tid)
        self._post = {k: tuple(v) for k, v in post.items()}

    def __len__(self) -> int:
        return len(self._terms)

    def words(self, term_id: int) -> tuple[str, ...]:
        return self._terms[term_id]

    def ids(self, n: int, k: int, words: Iterable[str]) -> set[int]:
        """Ids of the ``n``-word terms whose word at position ``k`` is one of ``words``."""
        out: set[int] = set()
        for w in words:
            out.update(self._post.get((n, k, w), ()))
        return out

    def fitting(self, allowed: Sequence[Iterable[str]], need: int | None = None) -> list[int]:
        """Ids of the ``len(allowed)``-word terms whose word at position ``k`` is in ``allowed[k]`` for
        at least ``need`` positions (all by default), in id order (deterministic)."""
        n = len(allowed)
        need = n if need is None else need
        counts: Counter[int] = Counter()
        for k, words in enumerate(allowed):
            counts.update(self.ids(n, k, words))
        return sorted(t for t, c in counts.items() if c >= need)
