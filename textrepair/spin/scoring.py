"""Language-model evidence for restoration: model words of a form, its context-free probability, and its fit in a context window."""

from __future__ import annotations

from collections.abc import Sequence
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
