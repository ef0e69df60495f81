"""Language-model scores: a lazy, cached wrapper over pocketsphinx's English 3-gram model (log10 probabilities)."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from functools import cache, lru_cache

# pocketsphinx returns log probabilities in its logmath base (1.0001); this turns them into log10.
_TO_LOG10 = math.log(1.0001) / math.log(10)

#: log10 probability given to a word the model does not know. The model has no <unk>: an OOV
#: word comes back as about -53,000 (log10). -7 is roughly the unigram log10 probability of the
#: rarest words the model does know (e.g. "privateness" is OOV, "attainable" about -6.1), so an
#: unknown word counts as very rare but not impossible (resources.md §3 suggests clamping).
OOV_LOG10 = -7.0

#: Sentence boundary tokens the model was trained with.
BOS, EOS = "<s>", "</s>"

ORDER = 3


@cache
def model():  # type: ignore[no-untyped-def]
    """The pocketsphinx ``NGramModel`` (loaded once, ~0.15 s and ~45 MB)."""
    import pocketsphinx

    path = os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")
    return pocketsphinx.NGramModel.readfile(path)


def normalise(word: str) -> str:
    """The model's spelling of a word: lowercase, curly apostrophe straightened."""
    return word.lower().replace("\u2019", "'")


def lookup(word: str, h1: str = "", h2: str = "") -> float:
    """:func:`word_logprob` without its cache, for callers that keep their own (a miss there
    would otherwise pay for a second cache's bookkeeping too)."""
    # (Branches instead of a filtered history list: this runs for every LM miss, up to half a
    # million times for a spun folder; same query, same float.)
    prob = _PROB or _bind_prob()
    if not h1:  # no history (an h2 without an h1 is dropped too)
        raw = prob([word])
    elif h2:
        raw = prob([word, h1, h2])
    else:
        raw = prob([word, h1])
    v = raw * _TO_LOG10
    return OOV_LOG10 if OOV_LOG10 > v else v  # max(v, OOV_LOG10), without a builtin call


#: The loaded model's ``prob`` method, bound on first use (:func:`lookup`).
_PROB = None


def _bind_prob():  # type: ignore[no-untyped-def]
    global _PROB
    _PROB = model().prob
    return _PROB


@lru_cache(maxsize=1 << 18)
def word_logprob(word: str, h1: str = "", h2: str = "") -> float:
    """log10 P(word | h2 h1); ``h1`` is the word right before ``word`` (history most-recent-first)."""
    return lookup(word, h1, h2)


@lru_cache(maxsize=1 << 16)
def unigram_logprob(word: str) -> float:
    """log10 P(word) with no history (the model's unigram)."""
    return word_logprob(normalise(word))


def _tokens(words: Sequence[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        # A multiword candidate ("according to") is several model words.
        out.extend(normalise(w).split())
    return out


def score_seq(seq: Sequence[str], start: int = 0) -> float:
    """log10 probability of ``seq[start:]`` given the words before it; ``seq`` holds model
    words already (see :func:`normalise`), with :data:`BOS`/:data:`EOS` where sentences bound.
    Scoring stops after the first :data:`EOS`."""
    total = 0.0
    wlp = word_logprob
    for i in range(start, len(seq)):
        w = seq[i]
        if w == BOS:
            continue
        h1 = seq[i - 1] if i >= 1 else ""
        h2 = seq[i - 2] if i >= 2 and h1 != BOS else ""
        total += wlp(w, h1, h2)
        if w == EOS:
            break
    return total


def logprob(words: Sequence[str], context_left: Sequence[str] = (),
            context_right: Sequence[str] = ()) -> float:
    """log10 probability of ``words`` in a window: each of ``words`` and the first ``ORDER - 1``
    words of ``context_right`` conditioned on up to two preceding words (``context_left`` supplies
    the history of the first ones). Entries may be :data:`BOS` / :data:`EOS`.

    Scores of two windows that differ only in ``words`` are comparable when they share the same
    contexts: the right-context terms carry how well the candidate fits what follows.
    """
    left = _tokens(context_left)[-(ORDER - 1):]
    mid = _tokens(words)
    right = [w for w in _tokens(context_right)[: ORDER - 1]]
    return score_seq(left + mid + right, len(left))


def known(word: str) -> bool:
    """Whether the model has ``word`` (lowercased) in its vocabulary."""
    return model().prob([normalise(word)]) * _TO_LOG10 > OOV_LOG10 * 10
