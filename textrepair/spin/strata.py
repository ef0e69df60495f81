"""Part-of-speech strata of the table-free evidence: a document's strong-span rate per part of speech, and the prior a restoration gets from its own part of speech.

A spinner set to one part of speech (verbs only, adjectives and adverbs only: a common setting
of synonym augmenters) leaves a tell: its document's strong spans (substitution.STRONG_MARGIN)
crowd into that part of speech, while clean text's strong spans (a rare word a neighbour reads
better than) spread like its eligible words. Dev half of benchmarks/bench_spin_heldout.py,
strong spans per eligible word by part of speech (n / v / adj / adv), 2026-12-07:
wn-verbs-50 0.039 / 0.139 / 0.034 / 0.023; wn-adjadv-50 0.036 / 0.033 / 0.197 / 0.192;
wn-base-30 0.263 / 0.225 / 0.205 / 0.182 (all parts alike, as clean text).

Each paragraph adds up, per part of speech, its strong spans and its eligible words (integers in
twelfths: a word of two parts of speech counts half to each), so a body repaired in pieces adds
them up to the same totals (substitution.DocumentTotals). A restoration whose part of speech is
spun less than the document as a whole has its prior of "spun" lowered (:func:`prior_shift`):
never raised, so an evenly spun document is left as it was.

The part of speech of a word comes from the packaged WordNet lemma list: its base readings'
parts of speech, or the one an inflection implies ("scored": verb, "agencies": noun); of a span,
those its written words share with its best candidate (a WordNet synonym shares a synset).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from ..lexical import inflect, lexicon

#: The parts of speech counted, in this order (WordNet's letters: noun, verb, adjective, adverb).
CLASSES = "nvar"
#: A word's weight, shared among its parts of speech (12 divides evenly by 1 to 4 parts).
UNIT = 12
NONE: tuple[int, ...] = (0,) * len(CLASSES)

#: The part of speech an inflection implies.
_POS_OF_FORM = {inflect.PLURAL: "n", inflect.THIRD: "v", inflect.PAST: "v", inflect.PARTICIPLE: "v",
                inflect.GERUND: "v", inflect.COMPARATIVE: "a", inflect.SUPERLATIVE: "a"}
_PARTICLES = frozenset("up down out off in on over away back about around through along by".split())

# --- constants (chosen on the DEV half of benchmarks/bench_spin_heldout.py, 2026-12-07, from the
# edits at posterior >= 0.25 of eleven spinner families re-scored offline with each setting;
# confirmed by the benchmark itself: docs/method-thesaurus.md section 4) ----------------------------

#: Pseudo-words of the document's overall rate mixed into each part of speech's rate (a document
#: has a few hundred eligible words and a few dozen strong spans: one part's own count is noisy).
#: 10, 20 and 40 gave about the same precision; 20 lost the fewest correct edits of wn-base-30.
STRATUM_WORDS = 20.0
#: Weight of the log-odds difference (1.0, 1.5, 2.0 tried: 1.5 raised wn-adjadv-50's precision
#: 0.753 -> 0.840 for no correct edit lost, 2.0 began to cost wn-base-30 and farm-mixed-20 edits).
STRATUM_WEIGHT = 1.5
#: A strong-span rate r is read as a spin rate (r - CLEAN_RATE) / STRATUM_RECALL, at least
#: STRATUM_FLOOR: about half of the spun words make a strong span (fit_thesaurus.py) and clean
#: text makes substitution.CLEAN_RATE of them. (0.3 and 0.8 for the recall, 0.005 and 0.05 for
#: the floor changed no family's precision by more than 0.01.)
STRATUM_RECALL = 0.5
STRATUM_FLOOR = 0.02


@lru_cache(maxsize=1 << 16)
def word_classes(word: str) -> frozenset[str]:
    """The parts of speech (letters of :data:`CLASSES`) a lowercase word or phrase may be."""
    if " " in word:
        parts = word.split(" ")
        if len(parts) == 2 and parts[1] in _PARTICLES and lexicon.is_lemma(parts[0], "v"):
            return frozenset("v")  # a phrasal verb
        return word_classes(parts[-1]) & frozenset("n")  # a compound noun, or nothing known
    out: set[str] = set()
    for lemma, form in lexicon.analyse(word):
        if form == inflect.BASE:
            out.update(p for p in CLASSES if lexicon.is_lemma(lemma, p))
        elif form in _POS_OF_FORM:
            out.add(_POS_OF_FORM[form])
    return frozenset(out)


@lru_cache(maxsize=1 << 12)
def _weights(classes: frozenset[str]) -> tuple[int, ...]:
    if not classes:
        return NONE
    share = UNIT // len(classes)
    return tuple(share if c in classes else 0 for c in CLASSES)


@lru_cache(maxsize=1 << 16)
def span_weights(found: str, best: str) -> tuple[int, ...]:
    """A span's parts of speech as weights summing to :data:`UNIT` (all 0 when unknown): those the
    written words share with the best candidate, else the candidate's, else the written words'."""
    a, b = word_classes(found.lower()), word_classes(best.lower())
    return _weights(a & b or b or a)


def add(x: Sequence[int], y: Sequence[int]) -> tuple[int, ...]:
    return tuple(p + q for p, q in zip(x, y))


@lru_cache(maxsize=1 << 16)
def word_weights(word: str) -> tuple[int, ...]:
    """A lowercase word's parts of speech as weights summing to :data:`UNIT` (all 0 when unknown)."""
    return _weights(word_classes(word))


def paragraph_strata(words: Sequence[str], strong: Sequence[tuple[str, str]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(strong spans, eligible words) per part of speech of a paragraph: ``words`` its eligible
    words (lowercase), ``strong`` its strong spans as (written words, best candidate)."""
    n = v = a = r = 0
    ww = word_weights
    for w in words:
        x = ww(w)
        n += x[0]
        v += x[1]
        a += x[2]
        r += x[3]
    s = NONE
    for found, best in strong:
        s = add(s, span_weights(found, best))
    return s, (n, v, a, r)


def _log_odds(rate: float, clean_rate: float) -> float:
    p = min(0.999, max(STRATUM_FLOOR, (rate - clean_rate) / STRATUM_RECALL))
    return math.log10(p / (1.0 - p))


def class_rates(strong: Sequence[int], eligible: Sequence[int], rate: float) -> tuple[float, ...]:
    """Each part of speech's strong-span rate, shrunk toward the document's ``rate``."""
    return tuple((s / UNIT + STRATUM_WORDS * rate) / (e / UNIT + STRATUM_WORDS) for s, e in zip(strong, eligible))


def prior_shift(weights: Sequence[int], rates: Sequence[float], rate: float, clean_rate: float,
                weight: float | None = None) -> float:
    """log10 change (<= 0) of a span's prior of "spun": the log-odds of its parts of speech's spin
    rate (``rates``, mixed by ``weights``) against the document's (``rate``), x ``weight``
    (default STRATUM_WEIGHT), when lower; 0 when the span's part of speech is unknown."""
    total = sum(weights)
    if not total:
        return 0.0
    r = sum(w * x for w, x in zip(weights, rates)) / total
    k = STRATUM_WEIGHT if weight is None else weight
    return min(0.0, k * (_log_odds(r, clean_rate) - _log_odds(rate, clean_rate)))



#: A document counts as spun in one part of speech when its strong spans' spread over the parts of
#: speech departs this far from its eligible words' (the G statistic, 2 x sum s ln(s / expected)),
#: with at least FOCUS_MIN_STRONG strong spans. Each written form counts once: a clean text's
#: topic word strong all through it ("ecumenical" 17 times in a Brown essay) made its G 20 when
#: counted by occurrence, 0.8 by form. By form (2026-12-07): analysed clean Brown press, dev half,
#: at most 5.5 (13 documents); analysed clean Brown D-R at most 10.7 (190 documents); dev half
#: wn-verbs-50 median 16.1, wn-adjadv-50 22.1, wn-nouns-50 26.4; spinners of every part of speech
#: median 2-3 (wn-base-30 at most 9.4, farm-aggressive-55 median 7.4).
FOCUS_G = 12.0
FOCUS_MIN_STRONG = 8


def focus(strong: Sequence[int], eligible: Sequence[int]) -> int | None:
    """The index of the part of speech a document's strong spans crowd into (the one with the
    highest rate), when their spread departs from the eligible words' by FOCUS_G; else None."""
    s_total = sum(strong)
    e_total = sum(eligible)
    if s_total < FOCUS_MIN_STRONG * UNIT or not e_total:
        return None
    g = 0.0
    for s, e in zip(strong, eligible):
        if s and e:
            g += 2.0 * (s / UNIT) * math.log(s * e_total / (s_total * e))
    if g < FOCUS_G:
        return None
    return max(range(len(strong)), key=lambda k: strong[k] / eligible[k] if eligible[k] else 0.0)
