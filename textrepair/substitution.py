"""Table-free substitution evidence: words and short phrases that read badly where they stand while a thesaurus neighbour reads far better.

For each eligible word (and 2-3 word spun form the inverse thesaurus lists) of a paragraph, the
hypotheses are "written as is" and every candidate original from :mod:`textrepair.thesaurus`
(re-inflected; e.g. "chapeau" -> "hat", "score" -> "scored"). Each is scored as a noisy channel::

    identity:  LM_WEIGHT * log10 P(window with the observed words) + log10(1 - RATE)
    candidate: LM_WEIGHT * log10 P(window with the candidate)       + log10(RATE) + channel
               - UNIGRAM_PENALTY * (log10 P(candidate) - log10 P(observed))

where the window is the pocketsphinx 3-gram over the span and two words either side, ``channel``
is log10 P(observed | candidate, spun) (uniform over the candidate's synonyms) and RATE the share
of words a spinner replaces. The *margin* of a span is its best candidate's score minus the
identity score: a spun word typically has a margin above 1 (a neighbour is ten times likelier),
a clean news word rarely does (benchmarks/fit_thesaurus.py prints both distributions).

Function words are never candidates (spinners leave them alone), nor are numbers, protected spans
(URLs, code) or capitalised words inside a sentence unless the evidence is much stronger
(:data:`CAPITAL_MARGIN`: "Universe Cup" -> "World Cup").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import lm, thesaurus
from .candidates import Token

# --- constants (fitted on the DEV half of benchmarks/bench_spin_heldout.py by
# benchmarks/fit_thesaurus.py; never on its test half, corpus/clean or the real pairs) ----------

#: Assumed share of words a spinner replaces, in the channel's identity/candidate priors.
RATE = 0.3
#: Weight of the language model's window score.
LM_WEIGHT = 1.0
#: How much of a candidate's own unigram advantage is discounted (the 3-gram model prefers
#: frequent, generic words: research/prototype.md failure mode 1).
UNIGRAM_PENALTY = 0.0
#: Candidates kept per observed form before the language model sees them (ranked by channel
#: plus PRE_UNIGRAM x unigram log-probability).
SHORTLIST = 10
PRE_UNIGRAM = 0.5
#: Extra margin a capitalised word inside a sentence needs ("Universe Cup").
CAPITAL_MARGIN = 2.0
#: Spans with a margin below this are not reported at all.
REPORT_FLOOR = 0.0

#: Words spinners never replace and that are never restored (written for this project: articles,
#: pronouns, auxiliaries, prepositions, conjunctions, determiners and a few adverbs).
FUNCTION_WORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before being
below between both but by can cannot could did do does doing done down during each either else
ever every few for from further get gets got had has have having he her here hers herself him
himself his how however i if in into is it its itself just least less let like many may me might
more most much must my myself neither no nor not now of off on once one only onto or other others
ought our ours ourselves out over own per rather same several shall she should since so some such
than that the their theirs them themselves then there these they this those though through thus to
too toward towards under unless until up upon us very via was we well were what whatever when where
whether which while who whom whose why will with within without would yet you your yours yourself
yourselves
""".split())


@dataclass(frozen=True, slots=True)
class SpanScore:
    """One span's evidence: words ``[i, j)`` of a paragraph, its margin, and its options
    (candidate text, score relative to "as written", lemma), best first."""

    i: int
    j: int
    start: int
    end: int
    observed: str
    margin: float
    options: tuple[tuple[str, float], ...]
    capitalised: bool = False
    fit: float = 0.0


@lru_cache(maxsize=1 << 15)
def shortlist(observed: str) -> tuple[tuple[tuple[str, ...], float, float], ...]:
    """(candidate model words, channel + log10 RATE, candidate unigram) for an observed form,
    at most :data:`SHORTLIST`, ranked by channel + PRE_UNIGRAM x unigram (no context yet)."""
    out = []
    log_rate = math.log10(RATE)
    for c in thesaurus.candidates(observed):
        words = tuple(c.text.split(" "))
        if words[0] in FUNCTION_WORDS and len(words) == 1:
            continue
        uni = sum(lm.unigram_logprob(w) for w in words)
        out.append((words, c.channel + log_rate, uni))
    out.sort(key=lambda x: -(x[1] + PRE_UNIGRAM * x[2]))
    return tuple(out[:SHORTLIST])


@lru_cache(maxsize=1 << 15)
def _multiword_keys() -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for k in thesaurus._load()[0] if " " in k)


def _window(words: Sequence[str], h2: str, h1: str, right: Sequence[str]) -> float:
    """log10 P of ``words`` and the right context after history (h2, h1)."""
    wlp = lm.word_logprob
    total = 0.0
    for w in words:
        total += wlp(w, h1, h2 if h1 != lm.BOS else "")
        h2, h1 = h1, w
    for w in right:
        total += wlp(w, h1, h2 if h1 != lm.BOS else "")
        if w == lm.EOS:
            break
        h2, h1 = h1, w
    return total


def _context(toks: Sequence[Token], i: int, j: int) -> tuple[str, str, tuple[str, ...]]:
    if i == 0 or toks[i].sentence_start:
        h2, h1 = "", lm.BOS
    elif i == 1 or toks[i - 1].sentence_start:
        h2, h1 = lm.BOS, toks[i - 1].norm
    else:
        h2, h1 = toks[i - 2].norm, toks[i - 1].norm
    n = len(toks)
    if j >= n or toks[j].sentence_start:
        right: tuple[str, ...] = (lm.EOS,)
    elif j + 1 >= n or toks[j + 1].sentence_start:
        right = (toks[j].norm, lm.EOS)
    else:
        right = (toks[j].norm, toks[j + 1].norm)
    return h2, h1, right


def _eligible(tok: Token, text: str) -> int:
    """0 not eligible, 1 eligible, 2 eligible as a capitalised word inside a sentence."""
    w = tok.norm
    if len(w) < 3 or w in FUNCTION_WORDS or not w[0].isalpha() or "'" in w or not w.replace("-", "").isalpha():
        return 0
    raw = text[tok.start : tok.end]
    if raw[0].isupper():
        if raw.isupper():
            return 0  # an acronym
        if not tok.sentence_start and not tok.in_headline:
            return 2
    return 1


def fit_of(toks: Sequence[Token], i: int, j: int) -> float:
    """How well words ``[i, j)`` fit their neighbours: log10 P(first | two before) - log10 P(first)
    plus log10 P(next | last, one before) - log10 P(next) (two LM look-ups, unigrams cached)."""
    h2, h1, right = _context(toks, i, j)
    wlp = lm.word_logprob
    first, last = toks[i].norm, toks[j - 1].norm
    left = wlp(first, h1, h2 if h1 != lm.BOS else "") - lm.unigram_logprob(first)
    nxt = right[0]
    if nxt == lm.EOS:
        return left
    prev = toks[j - 2].norm if j - 2 >= i else h1
    return left + wlp(nxt, last, prev if prev != lm.BOS else "") - lm.unigram_logprob(nxt)


def score_span(toks: Sequence[Token], i: int, j: int, observed: str, cands) -> tuple[float, tuple[tuple[str, float], ...]]:
    """(margin, options relative to the written words) of words ``[i, j)``."""
    h2, h1, right = _context(toks, i, j)
    own = tuple(toks[k].norm for k in range(i, j))
    ident = LM_WEIGHT * _window(own, h2, h1, right) + math.log10(1.0 - RATE)
    own_uni = sum(lm.unigram_logprob(w) for w in own) if UNIGRAM_PENALTY else 0.0
    opts = []
    for words, prior, uni in cands:
        s = LM_WEIGHT * _window(words, h2, h1, right) + prior
        if UNIGRAM_PENALTY:
            s -= UNIGRAM_PENALTY * (uni - own_uni)
        opts.append((" ".join(words), s - ident))
    opts.sort(key=lambda o: -o[1])
    return (opts[0][1] if opts else -99.0), tuple(opts)


def score_paragraph(text: str, toks: Sequence[Token],
                    protected: Sequence[tuple[int, int]] = ()) -> tuple[tuple[SpanScore, ...], int]:
    """Spans with a margin above :data:`REPORT_FLOOR`, and the number of eligible words."""
    out: list[SpanScore] = []
    eligible = 0
    multi = _multiword_keys()
    inverse = thesaurus._load()[0]
    n = len(toks)
    for i, tok in enumerate(toks):
        kind = _eligible(tok, text)
        if not kind:
            continue
        if protected and any(s < tok.end and tok.start < e for s, e in protected):
            continue
        eligible += 1
        best: SpanScore | None = None
        # 2-3 word spun forms the thesaurus lists ("rack up", "private instructor").
        if tok.norm in multi and kind == 1:
            for j in (i + 3, i + 2):
                if j > n or any(toks[k].sentence_start for k in range(i + 1, j)):
                    continue
                key = " ".join(toks[k].norm for k in range(i, j))
                if key in inverse:
                    cands = shortlist(key)
                    if cands:
                        m, opts = score_span(toks, i, j, key, cands)
                        if best is None or m > best.margin:
                            best = SpanScore(i, j, tok.start, toks[j - 1].end, text[tok.start : toks[j - 1].end], m, opts)
        cands = shortlist(tok.norm)
        if cands:
            m, opts = score_span(toks, i, i + 1, tok.norm, cands)
            if kind == 2:
                m -= CAPITAL_MARGIN
            if best is None or m > best.margin:
                best = SpanScore(i, i + 1, tok.start, tok.end, text[tok.start : tok.end], m, opts, kind == 2,
                                 fit_of(toks, i, i + 1))
        if best is not None and best.margin > REPORT_FLOOR:
            out.append(best)
    return tuple(out), eligible
