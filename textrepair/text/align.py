"""Alignment of two versions of a text: sentences (monotone, fuzzy) and words (edit operations), plus word error counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..core.types import Span
from .segment import split_sentences, split_words


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Sentence ``a`` of the first text aligned with sentence ``b`` of the second, and how well."""

    a: Span
    b: Span
    score: float


@dataclass(frozen=True, slots=True)
class WordDiff:
    """A replaced stretch of words: ``a_words`` (first text) became ``b_words`` (second text)."""

    a_words: tuple[str, ...]
    b_words: tuple[str, ...]
    a_span: Span
    b_span: Span


def words_of(text: str, span: Span | None = None) -> list[tuple[str, Span]]:
    """The words of ``text`` (or of ``span``) with their spans."""
    return [(text[s.start : s.end], s) for s in split_words(text, span)]


def _sim(a: str, b: str) -> float:
    # Spinning keeps numbers, names and function words ("immutables"); plain ratio over the
    # lowercased sentence rewards those and tolerates the swapped words.
    return fuzz.ratio(a.lower(), b.lower()) / 100.0


def align_sentences(a: str, b: str, *, min_score: float = 0.45, a_span: Span | None = None,
                    b_span: Span | None = None, a_sentences: Sequence[Span] | None = None,
                    b_sentences: Sequence[Span] | None = None) -> list[SentencePair]:
    """Monotone alignment of the sentences of ``a`` and ``b`` (either may skip sentences).

    A dynamic programme maximises the sum of (similarity - ``min_score``) over one-to-one pairs,
    so only pairs above ``min_score`` are kept and order is preserved. Excerpts that start and end
    at different places, or have captions on one side only, align on their common part.
    ``a_sentences`` / ``b_sentences``: sentence spans already split (instead of ``a_span`` /
    ``b_span``), for callers that align one text against many (the linker).
    """
    sa = list(a_sentences) if a_sentences is not None else list(split_sentences(a, a_span))
    sb = list(b_sentences) if b_sentences is not None else list(split_sentences(b, b_span))
    if not sa or not sb:
        return []
    ta = [a[s.start : s.end] for s in sa]
    tb = [b[s.start : s.end] for s in sb]
    n, m = len(sa), len(sb)
    # Only compare sentences whose lengths are within a factor of 3: saves time, loses nothing real.
    gain = [[0.0] * m for _ in range(n)]
    for i in range(n):
        li = len(ta[i])
        for j in range(m):
            lj = len(tb[j])
            if li == 0 or lj == 0 or max(li, lj) > 3 * min(li, lj) + 20:
                continue
            g = _sim(ta[i], tb[j]) - min_score
            if g > 0:
                gain[i][j] = g
    return [SentencePair(sa[i], sb[j], g + min_score) for i, j, g in monotone_pairs(gain)]


def monotone_pairs(gain: Sequence[Sequence[float]]) -> list[tuple[int, int, float]]:
    """The one-to-one, order-preserving pairs (i, j) maximising the summed positive ``gain[i][j]``
    (the dynamic programme behind align_sentences; the linker calls it with its own gains)."""
    n = len(gain)
    m = len(gain[0]) if n else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, nxt, g_row = best[i], best[i + 1], gain[i]
        for j in range(m - 1, -1, -1):
            v = nxt[j] if nxt[j] > row[j + 1] else row[j + 1]
            g = g_row[j]
            if g > 0 and g + nxt[j + 1] > v:
                v = g + nxt[j + 1]
            row[j] = v
    out = []
    i = j = 0
    while i < n and j < m:
        g = gain[i][j]
        if g > 0 and abs(best[i][j] - (g + best[i + 1][j + 1])) < 1e-12:
            out.append((i, j, g))
            i += 1
            j += 1
        elif abs(best[i][j] - best[i + 1][j]) < 1e-12:
            i += 1
        else:
            j += 1
    return out


def word_diffs(a: str, b: str, a_span: Span | None = None, b_span: Span | None = None,
               *, max_words: int = 4) -> list[WordDiff]:
    """Replaced word stretches between two aligned passages (case-insensitive word comparison).

    Only replacements of at most ``max_words`` words on each side are returned: longer ones are
    rewrites, not substitutions.
    """
    wa = words_of(a, a_span)
    wb = words_of(b, b_span)
    out: list[WordDiff] = []
    for op in Levenshtein.opcodes([w.lower() for w, _ in wa], [w.lower() for w, _ in wb]):
        if op.tag != "replace":
            continue
        if op.src_end - op.src_start > max_words or op.dest_end - op.dest_start > max_words:
            continue
        a_sp = Span(wa[op.src_start][1].start, wa[op.src_end - 1][1].end)
        b_sp = Span(wb[op.dest_start][1].start, wb[op.dest_end - 1][1].end)
        out.append(WordDiff(tuple(w for w, _ in wa[op.src_start : op.src_end]),
                            tuple(w for w, _ in wb[op.dest_start : op.dest_end]), a_sp, b_sp))
    return out


def word_errors(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Word-level edit distance (case-insensitive)."""
    return int(Levenshtein.distance([w.lower() for w in reference], [w.lower() for w in hypothesis]))
