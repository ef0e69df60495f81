"""Language-model evidence for restoration: model words of a form, its context-free probability, and its fit in a context window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from ..lexical import lm
from .hits import Hit
from .tokens import WORD_RE, Token, context_window

@lru_cache(maxsize=1 << 16)
def lm_words(form: str) -> tuple[str, ...]:
    """The model words of a form ("Source:" -> ("source",), "according to" -> two words)."""
    return tuple(lm.normalise(m.group()) for m in WORD_RE.finditer(form))


@lru_cache(maxsize=1 << 16)
def phrase_logprob(words: tuple[str, ...]) -> float:
    """log10 P(words) without context: the words' own probability, divided out of a window score
    so that the table weight (which already holds how common the original is) is not counted twice."""
    return lm.score_seq(words) if words else 0.0


#: How much of a candidate's own (context-free) probability is divided out of its window score.
#: 1 is the textbook channel model when table weights are posteriors P(original | observed);
#: lower values let the LM's preference for common phrasings back in.
OWN_PROB_WEIGHT = 1.0


@lru_cache(maxsize=1 << 18)
def fit_score(words: tuple[str, ...], left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """How well ``words`` fit between ``left`` and ``right``: log10 P(window) - log10 P(words)."""
    return lm.score_seq(left + words + right, len(left)) - OWN_PROB_WEIGHT * phrase_logprob(words)


def lm_gain(hit: Hit, toks: Sequence[Token]) -> float:
    """How much better (log10) the best candidate fits its context than the observed words."""
    return lm_gains((hit,), toks)[0]


def lm_gains(hits: Sequence[Hit], toks: Sequence[Token]) -> tuple[float, ...]:
    """:func:`lm_gain` of each hit (one loop: this runs for every hit of every paragraph)."""
    out = []
    fit, words, window = fit_score, lm_words, context_window
    for h in hits:
        left, right = window(toks, h.i, h.j)
        base = fit(words(h.found), left, right)
        opts = h.options
        if len(opts) == 1:
            out.append(fit(words(opts[0].replacement), left, right) - base)
        else:
            out.append(max([fit(words(o.replacement), left, right) for o in opts]) - base)
    return tuple(out)


def joint_scores(h2: str, h1: str, between: Sequence[Sequence[str]],
                 forms: Sequence[Sequence[Sequence[str]]], base: Sequence[Sequence[float]],
                 right: Sequence[str], lm_weight: float,
                 logprob: Callable[[str, str, str], float] = lm.word_logprob) -> list[tuple[tuple[int, ...], float]]:
    """Every joint hypothesis of a run of spans (in :func:`itertools.product` order) with its
    score: the spans' own terms (``base[n][c]`` for option ``c`` of span ``n``, whose model words
    are ``forms[n][c]``) plus ``lm_weight`` times log10 P(window), the window running from the
    history ``h2 h1`` through the words ``between`` the spans to ``right``. Hypotheses are
    expanded span by span and share the language-model terms of their common prefix (a 3-gram
    model only needs the last two words as state), so a run costs about one LM lookup per lattice
    arc instead of one per word of every full window. Sums run in the same order as scoring each
    window whole. Used by the table decoder (spin.restore) and the table-free one
    (spin.substitution.decode_runs); ``logprob`` is the look-up (a cached one may stand in)."""
    # (The LM look-ups are written out: this is the decoders' inner loop.)
    wlp = logprob
    bos = lm.BOS
    states: list[tuple[tuple[int, ...], str, str, float, float]] = [((), h2, h1, 0.0, 0.0)]
    for n, options in enumerate(forms):
        grown = []
        gap = between[n]
        bases = base[n]
        for combo, b2, b1, btot, prior in states:
            for w in gap:
                btot += wlp(w, b1, b2 if b1 != bos else "")
                b2, b1 = b1, w
            for c, ws in enumerate(options):
                c2, c1, ctot = b2, b1, btot
                for w in ws:
                    ctot += wlp(w, c1, c2 if c1 != bos else "")
                    c2, c1 = c1, w
                grown.append((combo + (c,), c2, c1, ctot, prior + bases[c]))
        states = grown
    eos = lm.EOS
    out = []
    for combo, h2, h1, tot, prior in states:
        for w in right:
            tot += wlp(w, h1, h2 if h1 != bos else "")
            if w == eos:
                break
            h2, h1 = h1, w
        out.append((combo, prior + lm_weight * tot))
    return out
