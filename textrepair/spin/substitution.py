"""Table-free substitution evidence: words and short phrases that read badly where they stand while a thesaurus neighbour reads far better.

For each eligible word (and 2-3 word spun form the inverse thesaurus lists) of a paragraph, the
hypotheses are "as written" and the shortlisted candidate originals from :mod:`textrepair.lexical.thesaurus`
(re-inflected; e.g. "chapeau" -> "hat", "score" -> "scored"). A candidate's score, relative to
"as written" (log10, :data:`WEIGHTS` over :data:`FEATURES`)::

    LM(window with the candidate) - LM(window as written)     pocketsphinx 3-gram, 2 words each side
    + channel                                                  log10 P(observed | candidate, spun)
    + log10(RATE / (1 - RATE))                                 prior odds of a spun word
    + DOCUMENT_BONUS if the candidate is written elsewhere in the document
    - 1.0 for a Moby-only link, - 0.7 for a multiword candidate

The *margin* of a span is its best candidate's score: a spun word typically has a margin above 1
(a neighbour is ten times likelier), a clean news word rarely does (benchmarks/fit_thesaurus.py
prints both distributions). The *detection margin* (SpanScore.evidence) leaves out the Moby-only
penalty; the *posterior* is the best candidate's share against "as written" and the others.
Spans are scored in two passes, confident restorations entering their neighbours' context; in a
flagged paragraph the restorer then decodes runs of neighbouring spans jointly (:func:`decode_runs`).

Function words are never candidates (spinners leave them alone), nor are numbers, acronyms or
protected spans (URLs, code). A capitalised word or 2-3 word spun form inside a sentence counts
for detection only with much stronger evidence (:data:`CAPITAL_MARGIN`: "Universe Cup" -> "World
Cup"); restoration treats it like any other span (:data:`CAPITAL_RESTORE_MARGIN`, "Robert Fulton
County" -> "Fulton County"). Method notes: docs/method-thesaurus.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..lexical import inflect, lexicon, lm, thesaurus
from . import grammar, scoring, strata
from .tokens import Token, is_protected, joint_runs

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
SHORTLIST = 6
#: Original lemmas per reading whose forms are generated at all (by channel + half the unigram).
SHORTLIST_LEMMAS = 6
PRE_UNIGRAM = 0.5
#: Extra margin a capitalised word inside a sentence needs ("Universe Cup").
CAPITAL_MARGIN = 2.0
#: The same for a restoration (its options' scores; detection keeps CAPITAL_MARGIN). On the dev
#: half 14% of wn-base-30's substitutions are capitalised words inside a sentence (measure_misses.py);
#: bench_spin_heldout.py --split dev --source brown at posterior 0.6, 2026-12-07: 2.0 19.2% / 0.899,
#: 1.0 20.0% / 0.901, 0.5 20.7% / 0.903, 0 21.5% / 0.903 (0.5 kept then as a guard for real names).
#: Re-chosen with CAPITAL_PHRASES (spin14, 2026-12-07, same command, wn-base-30, errors removed /
#: edit precision): 0.5 26.5% / 0.915, 0.25 26.9% / 0.914, 0 27.3% / 0.913, -0.5 27.9% / 0.907.
#: At 0 the capitalised spans' own edits are as precise as the others (dev, posterior >= 0.6:
#: words 0.91-0.96, 2-3 word spun forms 0.98; real names are left alone by the language model and
#: the paragraph gate rather than by this margin); corpus/clean 0 words changed, Brown all
#: sections unchanged (32 words). A separate margin for the 2-3 word forms gained little
#: (0 / -0.5 / -1: 27.3 / 27.4 / 27.6%).
CAPITAL_RESTORE_MARGIN = 0.0
#: Score capitalised 2-3 word spun forms inside a sentence too ("Robert Fulton" for "Fulton",
#: "Capital of Georgia" for "Atlanta"; they were scored only as single words, so the original was
#: never an option). measure_misses.py --joint --capitals, dev half, wn-base-30 (spin14,
#: 2026-12-07): "capitalised: shortlisted, not scored as one span" 553 -> 30 of 10,275
#: substitutions, capitalised originals ranked first 260 -> 738; bench_spin_heldout.py --split dev
#: --source brown: 20.7% / 0.905 -> 26.0% / 0.915 (capital margin 0.5 both).
CAPITAL_PHRASES = True
#: Spans with a margin at or below this (and a detection margin too) are not reported at all.
#: Below 0 so that a span whose own margin is negative can still be restored jointly with a
#: spun neighbour (decode_runs); detection reads only spans with evidence >= STRONG_MARGIN.
#: Dev, as above, joint decoding at 0.6: floor 0 18.6% / 0.901, -1 19.2% / 0.899.
REPORT_FLOOR = -1.0

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
    """One span's evidence: words ``[i, j)`` of a paragraph (``found``: the text they hold), its
    margin, and its options (candidate original, score relative to "as written"), best first."""

    i: int
    j: int
    start: int
    end: int
    found: str
    margin: float
    options: tuple[tuple[str, float], ...]
    capitalised: bool = False
    #: The margin for detection: as ``margin`` but without the Moby-only penalty, which serves
    #: restoration (a Moby-only candidate is less often the original) and would hide Moby-style
    #: spinners from the detector (dev: Moby families' documents flagged 94% instead of ~65%).
    evidence: float = 0.0
    #: Each option's score without its language-model window terms (same order as ``options``):
    #: the channel, prior and grammar terms that :func:`decode_runs` adds to a joint window.
    rest: tuple[float, ...] = ()


@lru_cache(maxsize=1 << 15)
def shortlist(observed: str) -> tuple[tuple[tuple[str, ...], float, float, frozenset[str]], ...]:
    """(candidate model words, channel + log10 RATE, candidate unigram, the other forms of its
    lemma) for an observed form, at most :data:`SHORTLIST`, ranked by channel + PRE_UNIGRAM x
    unigram (no context yet)."""
    ranked = []
    log_rate = math.log10(RATE)
    unigram = lm.unigram_logprob
    for c in thesaurus.candidates(observed, SHORTLIST_LEMMAS):
        words = tuple(c.text.split(" "))
        if words[0] in FUNCTION_WORDS and len(words) == 1:
            continue
        ranked.append((c, words, c.channel + log_rate, sum(map(unigram, words))))
    # Ranked first, the rest of each entry built only for the kept ones: a shortlist is made for
    # every new word type of a spun text, from about twice SHORTLIST candidates. (A stable sort
    # on the same key as before: the same entries in the same order.)
    ranked.sort(key=lambda x: -(x[2] + PRE_UNIGRAM * x[3]))
    out = []
    for c, words, prior, uni in ranked[:SHORTLIST]:
        # The written forms that count as "the original is elsewhere in the document".
        seen = frozenset(x for x in (c.text, c.lemma) if x != observed)
        own_lemma = c.lemma == observed or c.lemma in lexicon.lemmas(observed)
        forms = _forms_of(words[0], c.lemma.split(" ")[0])
        out.append((words, prior, uni, seen, own_lemma, c.sources == thesaurus.MOBY,
                    forms, _form_flags(forms)))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _forms_of(word: str, lemma: str) -> frozenset[str]:
    """The inflections ``word`` may be of ``lemma`` (its head, for a phrase)."""
    forms = {f for le, f in lexicon.analyse(word) if le == lemma}
    if word == lemma:
        forms.add(inflect.BASE)
    return frozenset(forms)


#: The inflections with a weight of their own in restoration (FEATURES "form_*"): a candidate that
#: can only be read as that inflection (not also as a base form) gets the flag. A base-form spun
#: word has every inflection of each original as a candidate, and most of them are wrong: on the
#: dev half the fitted weights hold a gerund (-0.43) and a plural (-0.33) back most, a past or
#: participle (-0.16) less and a third person (-0.03) hardly (fit_thesaurus.py --rerank, 2026-12-07).
FORM_FLAGS = (inflect.PAST, inflect.PARTICIPLE, inflect.THIRD, inflect.GERUND, inflect.PLURAL)


@lru_cache(maxsize=1 << 12)
def _form_flags(forms: frozenset[str]) -> tuple[float, ...]:
    """1.0 for each of FORM_FLAGS a candidate is in, when it cannot be a base form; else 0.0."""
    if inflect.BASE in forms:
        return (0.0,) * len(FORM_FLAGS)
    return tuple(float(f in forms) for f in FORM_FLAGS)


@lru_cache(maxsize=1 << 15)
def _multiword_keys() -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for k in thesaurus._load()[0] if " " in k)


def _window(words: Sequence[str], h2: str, h1: str, right: Sequence[str]) -> float:
    """log10 P of ``words`` and the right context after history (h2, h1)."""
    wlp = _wlp
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


_LP_CACHE: dict[tuple[str, str, str], float] = {}


def _wlp(w: str, h1: str, h2: str) -> float:
    """:func:`textrepair.lm.word_logprob` through a plain dict (most look-ups here repeat within
    a paragraph: each candidate shares its right context's history with the others). A miss goes
    to the model uncached (:func:`textrepair.lm.lookup`): this dict is the cache, and a second
    one behind it only cost bookkeeping (about half the look-ups of a spun text miss)."""
    key = (w, h1, h2)
    v = _LP_CACHE.get(key)
    if v is None:
        if len(_LP_CACHE) > 1 << 19:
            _LP_CACHE.clear()
        v = _LP_CACHE[key] = lm.lookup(w, h1, h2)
    return v


def _context(ctx: Sequence[str], starts: Sequence[bool], i: int, j: int) -> tuple[str, str, tuple[str, ...]]:
    """(h2, h1, right) around words ``[i, j)``: the current wording ``ctx`` (a restored neighbour
    may be several words, or none), cut at sentence starts."""
    left: list[str] = []
    k = i
    bos = False
    while len(left) < 2:
        if k == 0 or starts[k]:
            bos = True
            break
        k -= 1
        left = ctx[k].split() + left
    left = left[-2:]
    if len(left) == 2:
        h2, h1 = left
    elif left:
        h2, h1 = (lm.BOS if bos else ""), left[0]
    else:
        h2, h1 = "", lm.BOS
    right: list[str] = []
    k = j
    n = len(ctx)
    while len(right) < 2:
        if k >= n or starts[k]:
            right.append(lm.EOS)
            break
        right.extend(ctx[k].split())
        k += 1
    return h2, h1, tuple(right[:2]) if right[:2] != [] else (lm.EOS,)


@lru_cache(maxsize=1 << 17)
def _word_class(w: str) -> int:
    """What a lowercase word may be, whatever its case and place: 0 never eligible (short, a
    function word, not alphabetic), 1 eligible, 2 eligible and listed by the thesaurus (cached
    across documents: the screen asks this of every word of every paragraph)."""
    if len(w) < 3 or w in FUNCTION_WORDS or not w[0].isalpha() or "'" in w or not w.replace("-", "").isalpha():
        return 0
    return 2 if thesaurus.listed(w) else 1


def _eligible(tok: Token, text: str) -> int:
    """0 not eligible, 1 eligible, 2 eligible as a capitalised word inside a sentence."""
    if not _word_class(tok.norm):
        return 0
    if text[tok.start].isupper():
        if text[tok.start : tok.end].isupper():
            return 0  # an acronym
        if not tok.sentence_start and not tok.in_headline:
            return 2
    return 1


def posterior(options: Sequence[tuple[str, float]]) -> float:
    """P(best option) against "as written" and the other options (scores relative to as written)."""
    if not options:
        return 0.0
    top = max(0.0, options[0][1])
    z = 10 ** (0.0 - top) + sum(10 ** (o[1] - top) for o in options)
    return 10 ** (options[0][1] - top) / z


#: Bonus (log10) for a candidate whose lemma is written elsewhere in the document as is: an
#: article repeats its key words, and a spinner replaces only some of the occurrences (a cache
#: language model in miniature).
DOCUMENT_BONUS = 0.5


#: Names of the per-option features (differences from "as written"), in WEIGHTS order.
FEATURES = ("lm_left", "lm_right", "channel", "unigram", "in_document", "own_lemma", "moby_only",
            "multiword_candidate", "multiword_span", "bias", "slot_fit", "tense_fit", "written_unigram",
            "form_past", "form_participle", "form_third", "form_gerund", "form_plural")


def _weights() -> tuple[float, ...]:
    """The plain noisy channel: LM window + channel + prior odds of a spun word."""
    return (LM_WEIGHT, LM_WEIGHT, 1.0, -UNIGRAM_PENALTY, DOCUMENT_BONUS, 0.0, 0.0, 0.0, 0.0,
            math.log10(RATE / (1.0 - RATE)), 0.0, 0.0, 0.0) + (0.0,) * len(FORM_FLAGS)


#: Weights of FEATURES (log10 units) for detection: the plain channel plus a multiword-candidate
#: penalty whose sign a conditional logit on the dev half found (fit_thesaurus.py --rerank,
#: 2026-12-07). The detector's constants below (STRONG_MARGIN, the paragraph and document
#: logistics) were fitted on margins of these weights. (A Moby-only link is not penalised here:
#: the penalty serves restoration and would hide Moby-style spinners from the detector. The form_*
#: flags are restoration-only too: 0 here, and score_span leaves them out of the detection sum.)
DETECTION_WEIGHTS: tuple[float, ...] = (LM_WEIGHT, LM_WEIGHT, 1.0, -UNIGRAM_PENALTY, DOCUMENT_BONUS, 0.0,
                                        0.0, -0.7, 0.0, math.log10(RATE / (1.0 - RATE)), 0.0, 0.0, 0.0,
                                        0.0, 0.0, 0.0, 0.0, 0.0)
#: Weights of FEATURES (log10 units) for restoration: which option, and how sure. A conditional
#: logit over each span's options and "as written", fitted on the dev half in the context the
#: restorer sees (second pass) with four spinner families (wn-base-30, wn-synsets-30,
#: wn-inflect-30, moby-inflect-30; 66k spans; ``benchmarks/fit_thesaurus.py --rerank``,
#: 2026-12-08). Against the plain channel: the language model weighs half as much (a 3-gram
#: window over 30% spun words is a noisy witness), the grammar cues (spin/grammar.py) and the
#: document bonus count. Dev, same spans: original ranked first 0.732 -> 0.738 when it is among
#: the options; correct edits at exact-original precision 0.90: 3,609 -> 4,480. The five form_*
#: flags (:data:`FORM_FLAGS`, refit 2026-12-07, same command and spans): at posterior 0.7 on
#: wn-base-30 1,653 -> 1,784 exact originals (precision 0.91 both), at 0.8 1,214 -> 1,337 (0.94).
WEIGHTS: tuple[float, ...] = (0.459, 0.482, 0.874, 0.076, 0.410, 0.336, -0.008, -1.305, -0.118, -0.411,
                              0.116, 0.225, -0.019, -0.161, -0.160, -0.028, -0.432, -0.331)


def _split_window(words: Sequence[str], h2: str, h1: str, right: Sequence[str]) -> tuple[float, float]:
    """(log10 P of ``words`` after (h2, h1), log10 P of the right context after them)."""
    wlp = _wlp
    a = 0.0
    for w in words:
        a += wlp(w, h1, h2 if h1 != lm.BOS else "")
        h2, h1 = h1, w
    b = 0.0
    for w in right:
        b += wlp(w, h1, h2 if h1 != lm.BOS else "")
        if w == lm.EOS:
            break
        h2, h1 = h1, w
    return a, b


def option_features(ctx: Sequence[str], starts: Sequence[bool], i: int, j: int, own: tuple[str, ...],
                    cands, doc_words: frozenset[str] = frozenset(), cue: str | None = None,
                    lean: float = 0.0) -> list[tuple[str, tuple[float, ...]]]:
    """(candidate text, FEATURES relative to the written words) for each candidate; ``cue`` and
    ``lean`` are the slot's grammar cue and the paragraph's tense (:mod:`textrepair.spin.grammar`)."""
    h2, h1, right = _context(ctx, starts, i, j)
    own_left, own_right = _split_window(own, h2, h1, right)
    own_uni = sum(map(lm.unigram_logprob, own))
    out = []
    log_rate = math.log10(RATE)
    for words, prior, uni, seen, own_lemma, moby, forms, flags in cands:
        left, rgt = _split_window(words, h2, h1, right)
        out.append((" ".join(words), (
            left - own_left, rgt - own_right, prior - log_rate, uni - own_uni,
            float(bool(doc_words) and not seen.isdisjoint(doc_words)), float(own_lemma), float(moby),
            float(len(words) > 1), float(j - i > 1), 1.0, grammar.slot_fit(cue, forms),
            grammar.tense_fit(forms, lean), own_uni, *flags)))
    return out


def score_span(ctx: Sequence[str], starts: Sequence[bool], i: int, j: int, own: tuple[str, ...],
               cands, doc_words: frozenset[str] = frozenset(), cue: str | None = None,
               lean: float = 0.0) -> tuple[float, tuple[tuple[str, float], ...], float]:
    """(margin, options relative to the written words ``own``, detection margin) of words
    ``[i, j)``: each option's score is WEIGHTS . :func:`option_features` ("as written" is 0), the
    margin the best option's; the detection margin is the best DETECTION_WEIGHTS score (see
    :attr:`SpanScore.evidence`)."""
    return _score_span(ctx, starts, i, j, own, cands, doc_words, cue, lean)[:3]


def _score_span(ctx: Sequence[str], starts: Sequence[bool], i: int, j: int, own: tuple[str, ...],
                cands, doc_words: frozenset[str] = frozenset(), cue: str | None = None,
                lean: float = 0.0) -> tuple[float, tuple[tuple[str, float], ...], float, tuple[float, ...]]:
    """:func:`score_span` and, per option (same order), its score without the language-model
    window terms (for :func:`decode_runs`). Features are computed inline: this runs for every
    scored word."""
    w = WEIGHTS
    d = DETECTION_WEIGHTS
    h2, h1, right = _context(ctx, starts, i, j)
    # _split_window for a one-word candidate, written out with the cache's look-ups (this is the
    # table-free analysis's inner loop): its word after (h2, h1), then the right context after it.
    get = _LP_CACHE.get
    hx = h2 if h1 != lm.BOS else ""
    r0 = right[0]
    r1 = right[1] if len(right) > 1 and r0 != lm.EOS else None
    own_left, own_right = _split_window(own, h2, h1, right)
    own_uni = sum(map(lm.unigram_logprob, own))  # (map: no generator frame per scored span)
    span_multi = 1.0 if j - i > 1 else 0.0
    # The option-independent part of each weighted sum: the bias, the multiword-span flag, the
    # written words' unigram and the written words' window (subtracted).
    base_w = w[9] + w[8] * span_multi + w[12] * own_uni - w[3] * own_uni - w[0] * own_left - w[1] * own_right
    base_d = d[9] + d[8] * span_multi + d[12] * own_uni - d[3] * own_uni - d[0] * own_left - d[1] * own_right
    log_rate = math.log10(RATE)
    opts = []
    evidence = -99.0
    wf = w[13:18]
    for words, prior, uni, seen, own_lemma, moby, forms, flags in cands:
        if len(words) == 1:
            c = words[0]
            v = get((c, h1, hx))
            left = 0.0 + (_wlp(c, h1, hx) if v is None else v)  # (0.0 + as the loop's sum starts)
            v = get((r0, c, h1))
            rgt = 0.0 + (_wlp(r0, c, h1) if v is None else v)
            if r1 is not None:
                v = get((r1, r0, c))
                rgt += _wlp(r1, r0, c) if v is None else v
        else:
            left, rgt = _split_window(words, h2, h1, right)
        ch = prior - log_rate
        in_doc = 1.0 if doc_words and not seen.isdisjoint(doc_words) else 0.0
        multi = 1.0 if len(words) > 1 else 0.0
        slot = grammar.slot_fit(cue, forms) if cue is not None else 0.0
        tense = grammar.tense_fit(forms, lean) if lean else 0.0
        v = (base_w + w[0] * left + w[1] * rgt + w[2] * ch + w[3] * uni + w[4] * in_doc + w[5] * own_lemma
             + w[6] * moby + w[7] * multi + w[10] * slot + w[11] * tense
             + wf[0] * flags[0] + wf[1] * flags[1] + wf[2] * flags[2] + wf[3] * flags[3] + wf[4] * flags[4])
        e = (base_d + d[0] * left + d[1] * rgt + d[2] * ch + d[3] * uni + d[4] * in_doc + d[5] * own_lemma
             + d[6] * moby + d[7] * multi + d[10] * slot + d[11] * tense)
        if e > evidence:
            evidence = e
        opts.append((" ".join(words), v, v - w[0] * (left - own_left) - w[1] * (rgt - own_right)))
    opts.sort(key=lambda o: -o[1])
    return ((opts[0][1] if opts else -99.0), tuple((o[0], o[1]) for o in opts), evidence,
            tuple(o[2] for o in opts))


def _screen_strong(ctx: Sequence[str], starts: Sequence[bool], i: int,
                   terms: tuple[tuple[str | None, tuple[str, ...], float, float, float], ...], need: float) -> bool:
    """Whether word ``i``'s detection margin in its written context, without document words or
    grammar cues (:func:`score_span`'s third value), reaches ``need``. The screen runs on every
    document, so this is :func:`score_span` cut to what the screen reads: terms whose weight or
    feature is zero there are left out (the sum is the same float), and a candidate whose score
    cannot reach ``need`` even if the words after it were certain (their log-probabilities are at
    most 0) is not scored on them; the first candidate that reaches ``need`` decides."""
    d = DETECTION_WEIGHTS
    bos, eos = lm.BOS, lm.EOS
    n = len(ctx)
    # The written context, as _context gives it (written words are single model words).
    if i == 0 or starts[i]:
        h2, h1 = "", bos
    elif i == 1 or starts[i - 1]:
        h2, h1 = bos, ctx[i - 1]
    else:
        h2, h1 = ctx[i - 2], ctx[i - 1]
    if i + 1 >= n or starts[i + 1]:
        r0, r1 = eos, None
    elif i + 2 >= n or starts[i + 2]:
        r0, r1 = ctx[i + 1], eos
    else:
        r0, r1 = ctx[i + 1], ctx[i + 2]
    hx = h2 if h1 != bos else ""
    get = _LP_CACHE.get
    own = ctx[i]
    own_left = get((own, h1, hx))
    if own_left is None:
        own_left = _wlp(own, h1, hx)
    own_right = get((r0, own, h1))
    if own_right is None:
        own_right = _wlp(r0, own, h1)
    if r1 is not None:
        v = get((r1, r0, own))
        own_right += v if v is not None else _wlp(r1, r0, own)
    own_uni = lm.unigram_logprob(own)
    base_d = d[9] + d[12] * own_uni - d[3] * own_uni - d[0] * own_left - d[1] * own_right
    right = (r0,) if r1 is None else (r0, r1)
    d0, d1 = d[0], d[1]
    # The bound leaves a little room for the different order of the sums (rounding only).
    reach = need - _BOUND_SLACK
    for c, words, ch, uni, multi in terms:
        if c is not None:
            left = get((c, h1, hx))
            if left is None:
                left = _wlp(c, h1, hx)
            if base_d + d0 * left + ch + uni < reach:
                continue
            rgt = get((r0, c, h1))
            if rgt is None:
                rgt = _wlp(r0, c, h1)
            if r1 is not None:
                v = get((r1, r0, c))
                rgt += v if v is not None else _wlp(r1, r0, c)
            e = base_d + d0 * left + d1 * rgt + ch + uni
        else:
            left, rgt = _split_window(words, h2, h1, right)
            e = base_d + d0 * left + d1 * rgt + ch + uni + multi
        if e >= need:
            return True
    return False


@lru_cache(maxsize=1 << 15)
def _screen_terms(observed: str) -> tuple[tuple[str | None, tuple[str, ...], float, float, float], ...]:
    """For :func:`_screen_strong`, each shortlisted candidate's context-free weighted terms (the
    same floats score_span computes inline): (its word, or None for a phrase; its words; channel
    term; unigram term; multiword term)."""
    d = DETECTION_WEIGHTS
    log_rate = math.log10(RATE)
    return tuple((words[0] if len(words) == 1 else None, words, d[2] * (prior - log_rate), d[3] * uni,
                  d[7] * (1.0 if len(words) > 1 else 0.0))
                 for words, prior, uni, *_ in shortlist(observed))


#: Room for rounding in :func:`_screen_strong`'s bound (log10 units; the sums differ by ~1e-15).
_BOUND_SLACK = 1e-9


#: Restorations at least this probable are put into their neighbours' context for a second pass
#: (at a 30% spin rate most content words have a spun neighbour, which blurs the 3-gram window).
CONTEXT_POSTERIOR = 0.6
PASSES = 2


def _glued(text: str, toks: Sequence[Token], i: int) -> int:
    """The end (exclusive word index) of the underscore-joined group starting at word ``i``
    ("financial_statement": a multiword lemma written as one unit), or ``i + 1`` when word ``i``
    is not joined to the next one."""
    j = i + 1
    while j < len(toks) and toks[j - 1].end < len(text) and text[toks[j - 1].end] == "_" \
            and toks[j].start == toks[j - 1].end + 1:
        j += 1
    return j


def _spots(text: str, toks: Sequence[Token], protected: Sequence[tuple[int, int]]) -> list[tuple[int, int, int, str]]:
    """Eligible spans (i, j, kind, observed key): one-word spans, and 2-3 word spun forms.

    A multiword lemma written with underscores ("Holocene_epoch") is one span or none (spin12,
    2026-12-07: on our own spinner writing them so, a restoration of one part left "Recent_epoch").
    Hyphen-joined ones ("financial-statement") are left alone: looked up by their spaced form they
    were restored, but so were real compounds the language model does not know ("toll-road" ->
    "turnpike"; docs/method-thesaurus.md section 5)."""
    multi = _multiword_keys()
    inverse = thesaurus._load()[0]
    n = len(toks)
    out = []
    skip_to = 0
    for i, tok in enumerate(toks):
        if i < skip_to or (tok.start and text[tok.start - 1] == "_"):  # inside an underscore-joined group
            continue
        kind = _eligible(tok, text)
        if not kind:
            continue
        if protected and is_protected(tok.start, tok.end, protected):
            continue
        if text.startswith("_", tok.end):
            g = _glued(text, toks, i)
            if g > i + 1:
                skip_to = g
                key = " ".join(toks[k].norm for k in range(i, g))
                if key in inverse and not any(toks[k].sentence_start for k in range(i + 1, g)):
                    out.append((i, g, kind, key))
                continue
        if tok.norm in multi and (kind == 1 or CAPITAL_PHRASES):
            for j in (i + 3, i + 2):
                if j > n or any(toks[k].sentence_start for k in range(i + 1, j)):
                    continue
                key = " ".join(toks[k].norm for k in range(i, j))
                # A form holding a number is never a spun form, as a number is not ("July 4" is
                # a date, not "Fourth of July" spun; dev farm-dict, spin14, 2026-12-07).
                if key in inverse and not any(c.isdigit() for c in key):
                    out.append((i, j, kind, key))
        out.append((i, i + 1, kind, tok.norm))
    return out


def _not_repeating(cands, toks: Sequence[Token], i: int, j: int):
    """``cands`` without those that would repeat the word written right before or after words
    ``[i, j)`` in the same sentence ("the couple duad" is not "the couple couple"): a doubled content
    word is not an original wording, and such a pair is a synonym inserted next to its word
    (spin12, 2026-12-07: 172 of 452 wrong edits on the dev half of our own spinner with inserted
    synonyms were of this kind)."""
    left = toks[i - 1].norm if i > 0 and not toks[i].sentence_start else None
    right = toks[j].norm if j < len(toks) and not toks[j].sentence_start else None
    if left is None and right is None:
        return cands
    return tuple(c for c in cands if c[0][0] != left and c[0][-1] != right)


def score_paragraph(text: str, toks: Sequence[Token], protected: Sequence[tuple[int, int]] = (),
                    passes: int | None = None,
                    doc_words: frozenset[str] = frozenset()) -> tuple[tuple[SpanScore, ...], int]:
    """Spans with a margin above :data:`REPORT_FLOOR` (one per eligible word, the better of its
    one-word and multiword readings), and the number of eligible words. ``doc_words``: the
    lowercase words of the whole document (see :data:`DOCUMENT_BONUS`)."""
    spots = _spots(text, toks, protected)
    starts = [t.sentence_start for t in toks]
    ctx = [t.norm for t in toks]
    words = tuple(ctx)
    lean = grammar.tense_lean(words)
    eligible = sum(1 for sp in spots if sp[1] == sp[0] + 1)
    results: dict[tuple[int, int], tuple[float, tuple, float]] = {}
    changed: set[int] = set()
    for p in range(passes or PASSES):
        for i, j, kind, key in spots:
            if p and not any(k in changed for k in range(i - 2, j + 2) if not i <= k < j):
                continue
            cands = shortlist(key)
            if cands:
                cands = _not_repeating(cands, toks, i, j)
            if not cands:
                continue
            m, opts, ev, rest = _score_span(ctx, starts, i, j, tuple(t.norm for t in toks[i:j]), cands,
                                            doc_words, grammar.cue(words, starts, i), lean)
            if kind == 2:
                m -= CAPITAL_RESTORE_MARGIN
                ev -= CAPITAL_MARGIN
                opts = tuple((o, v - CAPITAL_RESTORE_MARGIN) for o, v in opts)
                rest = tuple(r - CAPITAL_RESTORE_MARGIN for r in rest)
            results[(i, j)] = (m, opts, ev, rest)
        if p + 1 >= (passes or PASSES):
            break
        new_ctx = [t.norm for t in toks]
        changed = set()
        for (i, j), (m, opts, _, _) in results.items():
            if m > 0 and posterior(opts) >= CONTEXT_POSTERIOR:
                new_ctx[i] = opts[0][0]
                for k in range(i + 1, j):
                    new_ctx[k] = ""
                changed.update(range(i, j))
        if not changed:
            break
        ctx = new_ctx
    best: dict[int, SpanScore] = {}
    for (i, j), (m, opts, ev, rest) in results.items():
        if max(m, ev) <= REPORT_FLOOR:
            continue
        prev = best.get(i)
        if prev is None or max(m, ev) > max(prev.margin, prev.evidence):
            cap = _eligible(toks[i], text) == 2
            best[i] = SpanScore(i, j, toks[i].start, toks[j - 1].end, text[toks[i].start : toks[j - 1].end],
                                m, opts, cap, ev, rest)
    # A multiword span and a one-word span starting inside it cannot both stand: keep the stronger.
    out: list[SpanScore] = []
    for i in sorted(best):
        s = best[i]
        if out and s.i < out[-1].j:
            if max(s.margin, s.evidence) > max(out[-1].margin, out[-1].evidence):
                out[-1] = s
            continue
        out.append(s)
    return tuple(out), eligible


# --- joint decoding of neighbouring spans ---------------------------------------------------------
# At a 30% spin rate neighbouring content words are often both spun ("chapeau fob" for "hat
# trick"): scored one at a time, each sees the other as written, and the 3-gram window can favour
# neither restoration. decode_runs scores every combination of a run's options over one window.

#: Spans this close (in words) share a trigram and are decoded jointly.
JOINT_GAP = 1
#: Options per span in a joint decoding (the best by their own score), besides "as written".
JOINT_OPTIONS = 3
#: Weight of the joint window's language model: the fitted restoration weights' mean of their
#: left and right window weights (WEIGHTS[0], WEIGHTS[1]).
JOINT_LM_WEIGHT = 0.47
#: Cap on joint hypotheses per run (a longer run is cut into runs of at most this many).
JOINT_MAX_COMBOS = 256


def _runs(toks: Sequence[Token], spans: Sequence[SpanScore]) -> list[list[SpanScore]]:
    """Groups of spans (in order) at most JOINT_GAP words apart inside one sentence, each at most
    JOINT_MAX_COMBOS joint hypotheses; only spans with candidates' own terms (``rest``) join."""
    return joint_runs(spans, toks, gap=JOINT_GAP, max_combos=JOINT_MAX_COMBOS,
                      hypotheses=lambda s: 1 + min(JOINT_OPTIONS, len(s.options)),
                      joinable=lambda prev, s: bool(prev.rest and s.rest) and s.i >= prev.j)


def _joint_run(toks: Sequence[Token], run: Sequence[SpanScore], lm_weight: float) -> list[SpanScore]:
    """The run's spans with options re-scored as joint marginals: each option's score is log10 of
    its share of the joint hypotheses against the share that keep the span as written."""
    first, last = run[0], run[-1]
    h2, h1, right = _context([t.norm for t in toks], [t.sentence_start for t in toks], first.i, last.j)
    # Per span: the model words and non-LM terms of "as written" (0) and of its best options.
    forms, base = [], []
    for s in run:
        opts = s.options[:JOINT_OPTIONS]
        forms.append([tuple(t.norm for t in toks[s.i : s.j]),
                      *(tuple(w for w in text.split(" ") if w) for text, _ in opts)])
        base.append([0.0, *s.rest[: len(opts)]])
    between = [tuple(t.norm for t in toks[run[n - 1].j : s.i]) if n else () for n, s in enumerate(run)]
    scores = scoring.joint_scores(h2, h1, between, forms, base, right, lm_weight, logprob=_wlp)
    top = max(v for _, v in scores)
    marg = [[0.0] * len(opts) for opts in forms]
    for combo, v in scores:
        p = 10 ** (v - top)
        for n, c in enumerate(combo):
            marg[n][c] += p
    out = []
    for n, s in enumerate(run):
        m = marg[n]
        written = math.log10(max(m[0], 1e-300))
        opts = sorted(((s.options[c - 1][0], math.log10(max(m[c], 1e-300)) - written)
                       for c in range(1, len(m))), key=lambda o: -o[1])
        rest = tuple(dict(zip((o for o, _ in s.options), s.rest))[o] for o, _ in opts)
        out.append(SpanScore(s.i, s.j, s.start, s.end, s.found, opts[0][1], tuple(opts), s.capitalised,
                             s.evidence, rest))
    return out


def decode_runs(toks: Sequence[Token], spans: Sequence[SpanScore]) -> tuple[SpanScore, ...]:
    """``spans`` (a paragraph's, in order) with every run of neighbours (:func:`_runs`) decoded
    jointly: each option's score becomes its joint marginal against "as written" over one 3-gram
    window that spans the run (language model at the fitted restoration weight, plus each option's
    own channel, prior and grammar terms, :attr:`SpanScore.rest`). A span with no neighbour keeps
    its own scores."""
    lm_weight = JOINT_LM_WEIGHT
    out: list[SpanScore] = []
    for run in _runs(toks, spans):
        out.extend(_joint_run(toks, run, lm_weight) if len(run) > 1 else run)
    return tuple(out)


# --- document analysis with a screen, and the paragraph evidence score ------------------------
# Every document-level quantity below is a sum of paragraph quantities (eligible words, screen
# counts, strong spans, the words written), so a body repaired in pieces adds them up piece by
# piece and reaches the same decisions as the body repaired whole (textrepair.run.bounded).

#: A span "beats the text by a wide margin" from this detection margin (log10, SpanScore.evidence):
#: its best candidate is ten times likelier than the words as written. Clean Brown press (dev
#: half): 3.0% of eligible words; WordNet-spun words at 30%: about 40% (fit_thesaurus.py).
STRONG_MARGIN = 1.0
#: The screen: a document with more eligible words than this is first judged on a sample (every
#: SCREEN_STRIDE-th listed eligible word of each paragraph, in its written context, without the
#: document bonus); unless SCREEN_MIN of them and a SCREEN_RATE share are strong, its other words
#: are not scored (clean news costs a few dozen look-ups per document instead of thousands).
SCREEN_SAMPLE = 40
SCREEN_STRIDE = 6
SCREEN_MIN = 3
SCREEN_RATE = 0.05
#: The screen scores words in their written context (no second pass), where a spun word's
#: neighbours are often spun too and its margin comes out lower: it counts from this margin.
#: 0.5 and SCREEN_RATE 0.05 since 2026-12-07 (were 0.75 and 0.075). The tighter screen stopped
#: about a third of the content-farm documents of benchmarks/spinners.py before any word was
#: analysed; this one was chosen on the dev half then and kept out for its cost on clean text
#: (more clean documents pay the full analysis: 88 of 176 Brown D-G instead of 5). The full
#: analysis has since become ~40% cheaper (garbage collection and shortlists), so a whole
#: `textrepair clean --jobs 1` of Brown D-F + corpus/clean with this screen costs about what it
#: cost with the old one before (CPU pair ratio 1.04). Test half (bench_spin_heldout.py),
#: document AUC old -> new: farm-aggressive-55 0.834 -> 0.921, farm-mixed-20 0.896 -> 0.969,
#: farm-dict 0.820 -> 0.882, wn-base-10 0.874 -> 0.927, wn-base-30 0.980 -> 0.983 (and a little
#: higher with STOPPED_RATE); clean text 0 words changed either way, 0 of 620 paragraphs flagged
#: with STOPPED_RATE (2 without it). docs/method-thesaurus.md section 6.
SCREEN_MARGIN = 0.5
#: The class screen: a spinner set to one part of speech (verbs only, adjectives and adverbs only)
#: spins too few of the stride sample's words to pass it (dev half of bench_spin_heldout.py,
#: 2026-12-07: 7 of 44 wn-verbs-50 and 4 of 44 wn-adjadv-50 documents stopped, with 0-3 strong
#: sampled words, as clean text). So every CLASS_STRIDE-th other listed word read only as a verb,
#: or only as an adjective or adverb (strata.word_weights), is screened too, counted per group
#: (verbs; modifiers); a document passes when one group has CLASS_MIN strong words and a
#: CLASS_RATE share. Dev half, the documents the stride sample stops: wn-verbs-50 1-10 strong
#: verbs of 8-20 (four reach 4 and 25%), wn-adjadv-50 modifiers 1-6 of 6-21 (three reach it);
#: clean Brown press (dev half) at most 4 of 17 verbs and 4 of 20 modifiers. Modifiers are read
#: together because clean fiction writes rare adjectives: Brown ck16 (a stopped clean document)
#: had 7 strong adjectives of 23 sampled and, analysed, a false adjective focus (document score
#: 0.40, flagged); read with its adverbs, 8 of 38. Clean Brown A-R documents the stride sample
#: stops: at most 6 of 49 verbs, 7 of 31 modifiers (22.6%).
CLASS_SCREEN = True
CLASS_STRIDE = 2
CLASS_MIN = 4
CLASS_RATE = 0.25


@dataclass(frozen=True, slots=True)
class ParagraphEvidence:
    """A paragraph's table-free evidence: its scored spans (in order of position; empty unless
    ``analysed``), how many words could have been spun, and its screen sample (strong, scored)."""

    spans: tuple[SpanScore, ...]
    eligible: int
    screen: tuple[int, int] = (0, 0)
    analysed: bool = True
    #: (strong spans, eligible words) per part of speech, in twelfths (:mod:`textrepair.spin.strata`;
    #: zeros unless ``analysed``).
    by_pos: tuple[tuple[int, ...], tuple[int, ...]] = (strata.NONE, strata.NONE)
    #: The strong spans' written forms (lowercase) with their parts of speech (strata.span_weights),
    #: each once: a topic word strong all through a clean text counts once (:func:`_focus`).
    strong_types: frozenset[tuple[str, tuple[int, ...]]] = frozenset()
    #: The class screen's sample: strong words (verbs, modifiers), then words scored (the same).
    class_screen: tuple[int, ...] = (0,) * 4
    #: Strong spans with one of their UNWRITTEN_OPTIONS best candidates written as is somewhere in
    #: the document, and the sum of the strong spans' restoration margins in hundredths
    #: (:func:`unwritten_originals`; 0 unless ``analysed``). Integers, so that a body added up in
    #: pieces gives the same totals as whole.
    strong_written: int = 0
    strong_margin: int = 0

    @property
    def strong(self) -> int:
        return sum(1 for s in self.spans if s.evidence >= STRONG_MARGIN)


def eligible_positions(text: str, toks: Sequence[Token], prot: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, bool]]:
    """(token index, eligibility kind, listed by the thesaurus) of a paragraph's eligible words."""
    out = []
    word_class = _word_class
    for i, tok in enumerate(toks):
        c = word_class(tok.norm)
        if not c:
            continue
        kind = 1
        if text[tok.start].isupper():
            if text[tok.start : tok.end].isupper():
                continue  # an acronym
            if not tok.sentence_start and not tok.in_headline:
                kind = 2
        if prot and is_protected(tok.start, tok.end, prot):
            continue
        out.append((i, kind, c == 2))
    return out


def screen_paragraph(text: str, toks: Sequence[Token], prot: Sequence[tuple[int, int]] = (),
                     sample: bool = True,
                     positions: Sequence[tuple[int, int, bool]] | None = None,
                     classes: bool = True) -> ParagraphEvidence:
    """A paragraph's eligible words and its screen sample, not analysed (a cheap pass). Without
    ``sample`` only the eligible words are counted (a document of at most SCREEN_SAMPLE eligible
    words is analysed whatever its sample says). ``positions``: its
    :func:`eligible_positions`, when known. Without ``classes`` the class screen's sample is
    not drawn (:func:`add_class_screen` draws it where the stride sample stops the document)."""
    if positions is None:
        positions = eligible_positions(text, toks, prot)
    if not sample:
        return ParagraphEvidence((), len(positions), (0, 0), False)
    listed = [(i, kind) for i, kind, is_listed in positions if is_listed]
    strong = scored = 0
    ctx = starts = None
    for i, kind in listed[::SCREEN_STRIDE]:
        terms = _screen_terms(toks[i].norm)
        if not terms:
            continue
        if ctx is None:
            ctx, starts = [t.norm for t in toks], [t.sentence_start for t in toks]
        # (A capitalised word inside a sentence needs CAPITAL_MARGIN more, as in score_paragraph.)
        strong += _screen_strong(ctx, starts, i, terms, SCREEN_MARGIN + CAPITAL_MARGIN if kind == 2 else SCREEN_MARGIN)
        scored += 1
    cls = _class_screen(toks, listed, ctx, starts) if CLASS_SCREEN and classes else (0,) * 4
    return ParagraphEvidence((), len(positions), (strong, scored), False, class_screen=cls)


def add_class_screen(text: str, toks: Sequence[Token], prot: Sequence[tuple[int, int]], screened: ParagraphEvidence,
                     positions: Sequence[tuple[int, int, bool]] | None = None) -> ParagraphEvidence:
    """``screened`` (drawn without ``classes``) with its class screen's sample: drawn only for a
    document the stride sample stops, where it can change the decision (the sample costs about half
    the stride sample's look-ups: `textrepair clean` CPU +12% when drawn for every document)."""
    if not CLASS_SCREEN:
        return screened
    if positions is None:
        positions = eligible_positions(text, toks, prot)
    listed = [(i, kind) for i, kind, is_listed in positions if is_listed]
    return ParagraphEvidence((), screened.eligible, screened.screen, False,
                             class_screen=_class_screen(toks, listed, None, None))


def _class_screen(toks: Sequence[Token], listed: Sequence[tuple[int, int]],
                  ctx: list[str] | None, starts: list[bool] | None) -> tuple[int, ...]:
    """The class screen's sample of a paragraph (ParagraphEvidence.class_screen): every
    CLASS_STRIDE-th of its listed words outside the stride sample read only as a verb (group 0) or
    only as an adjective or adverb (group 1)."""
    out = [0] * 4
    picked = []
    ww = strata.word_weights
    unit = strata.UNIT
    for k, (i, kind) in enumerate(listed):
        if k % SCREEN_STRIDE:
            w = ww(toks[i].norm)
            if w[1] == unit:
                picked.append((i, kind, 0))
            elif w[2] + w[3] == unit:
                picked.append((i, kind, 1))
    for i, kind, j in picked[::CLASS_STRIDE]:
        terms = _screen_terms(toks[i].norm)
        if not terms:
            continue
        if ctx is None or starts is None:
            ctx, starts = [t.norm for t in toks], [t.sentence_start for t in toks]
        out[j] += _screen_strong(ctx, starts, i, terms, SCREEN_MARGIN + CAPITAL_MARGIN if kind == 2 else SCREEN_MARGIN)
        out[2 + j] += 1
    return tuple(out)


def needs_analysis(eligible: int, screen: tuple[int, int], classes: Sequence[int] = ()) -> bool:
    """Whether a document (its eligible words, its screen sample, its class screen's sample) is
    analysed word by word."""
    strong, scored = screen
    if eligible <= SCREEN_SAMPLE or (strong >= SCREEN_MIN and strong >= SCREEN_RATE * scored):
        return True
    k = len(classes) // 2
    return any(classes[j] >= CLASS_MIN and classes[j] >= CLASS_RATE * classes[k + j] for j in range(k))


def analyse_paragraph(text: str, toks: Sequence[Token], prot: Sequence[tuple[int, int]],
                      screened: ParagraphEvidence, doc_words: frozenset[str] = frozenset()) -> ParagraphEvidence:
    """The full analysis of a paragraph (its screen kept)."""
    spans, _ = score_paragraph(text, toks, prot, doc_words=doc_words if DOCUMENT_BONUS else frozenset())
    strong_spans = [s for s in spans if s.evidence >= STRONG_MARGIN and s.options]
    strong = [(s.found, s.options[0][0]) for s in strong_spans]
    types = frozenset((found.lower(), strata.span_weights(found, best)) for found, best in strong)
    written = (sum(1 for s in strong_spans if any(o in doc_words for o, _ in s.options[:UNWRITTEN_OPTIONS]))
               if doc_words else 0)
    margin = sum(round(100 * s.margin) for s in strong_spans)
    return ParagraphEvidence(spans, screened.eligible, screened.screen, True,
                             paragraph_strata(toks, strong), types, screened.class_screen, written, margin)


def paragraph_strata(toks: Sequence[Token], strong: Sequence[tuple[str, str]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A paragraph's (strong spans, eligible words) per part of speech (:mod:`textrepair.spin.strata`),
    ``strong`` its strong spans as (written words, best candidate). Its words are those of an
    eligible kind (:func:`_word_class`), acronyms and protected spans included: a rate's
    denominator, cheaper than :func:`eligible_positions` and as good."""
    word_class = _word_class
    return strata.paragraph_strata([t.norm for t in toks if word_class(t.norm)], strong)


def vocabulary(toks: Sequence[Token]) -> frozenset[str]:
    """The words a paragraph writes (for :data:`DOCUMENT_BONUS`)."""
    return frozenset(t.norm for t in toks)


def analyse_document(text: str, paragraphs: Sequence[tuple[Sequence[Token], Sequence[tuple[int, int]]]],
                     *, screen: bool = True) -> tuple[ParagraphEvidence, ...]:
    """Table-free evidence for each paragraph (its tokens and protected spans) of one document:
    screened, then analysed word by word if the document passes the screen (or ``screen`` is off)."""
    screens = [screen_paragraph(text, toks, prot, classes=False) for toks, prot in paragraphs]
    totals = DocumentTotals().add(screens)
    if screen and not needs_analysis(totals.eligible, totals.screen):
        screens = [add_class_screen(text, toks, prot, s) for (toks, prot), s in zip(paragraphs, screens)]
        totals = DocumentTotals().add(screens)
        if not needs_analysis(totals.eligible, totals.screen, totals.class_screen):
            return tuple(screens)
    doc_words = frozenset().union(*(vocabulary(toks) for toks, _ in paragraphs)) if DOCUMENT_BONUS else frozenset()
    return tuple(analyse_paragraph(text, toks, prot, s, doc_words) for (toks, prot), s in zip(paragraphs, screens))


@dataclass(frozen=True, slots=True)
class DocumentTotals:
    """A document's table-free totals: eligible words, screen sample (strong, scored), strong spans
    of analysed paragraphs and whether every paragraph was analysed; integers, so a body added up
    piece by piece gives the same totals as whole."""

    eligible: int = 0
    screen: tuple[int, int] = (0, 0)
    strong: int = 0
    analysed: bool = True
    paragraphs: int = 0
    #: (strong spans, eligible words) per part of speech of the analysed paragraphs (ParagraphEvidence.by_pos).
    by_pos: tuple[tuple[int, ...], tuple[int, ...]] = (strata.NONE, strata.NONE)
    #: The union of the analysed paragraphs' ParagraphEvidence.strong_types.
    strong_types: frozenset[tuple[str, tuple[int, ...]]] = frozenset()
    #: The sum of the paragraphs' ParagraphEvidence.class_screen.
    class_screen: tuple[int, ...] = (0,) * 4
    #: The sums of the analysed paragraphs' ParagraphEvidence.strong_written and .strong_margin.
    strong_written: int = 0
    strong_margin: int = 0

    def add(self, ev: Sequence[ParagraphEvidence]) -> DocumentTotals:
        eligible, (ss, sn), strong, analysed, n = self.eligible, self.screen, self.strong, self.analysed, self.paragraphs
        (cs, ce) = self.by_pos
        types = [self.strong_types]
        cls = self.class_screen
        written, margin = self.strong_written, self.strong_margin
        for e in ev:
            eligible += e.eligible
            if any(e.class_screen):
                cls = strata.add(cls, e.class_screen)
            ss += e.screen[0]
            sn += e.screen[1]
            strong += e.strong
            written += e.strong_written
            margin += e.strong_margin
            analysed = analysed and e.analysed
            n += 1
            if e.analysed:
                cs = strata.add(cs, e.by_pos[0])
                ce = strata.add(ce, e.by_pos[1])
                if e.strong_types:
                    types.append(e.strong_types)
        return DocumentTotals(eligible, (ss, sn), strong, analysed, n, (cs, ce),
                              types[0] if len(types) == 1 else frozenset().union(*types), cls, written, margin)


#: Pseudo-words of document evidence mixed into a paragraph's strong-span density, and of clean
#: text mixed into the document's (as textrepair.spin.detect does for table hits), with the clean
#: rate of strong spans per eligible word (Brown press dev half, benchmarks/fit_thesaurus.py).
SHRINK_WORDS = 20.0
PRIOR_WORDS = 40.0
CLEAN_RATE = 0.0304
#: Logistic over the shrunk strong-span density (fitted by benchmarks/fit_thesaurus.py on the
#: dev half: Brown press clean paragraphs vs the same paragraphs spun by four spinner families).
P_INTERCEPT = -6.75
P_SLOPE = 104.8
#: Logistic over the document's own shrunk density. A paragraph's substitution score is the
#: lower of its own and its document's: single clean paragraphs do reach a spun paragraph's
#: density now and then (a run of rare words), clean documents do not, so clean text is judged
#: by its document. Dev half (44 clean, 176 spun documents of wn-base-30, wn-inflect-30,
#: wn-firstpos-15-single, wnmoby-base-30; fit_thesaurus.py, 2026-12-07): clean density at most
#: 0.054 (median 0.029), spun minimum 0.074, 10th percentile 0.112 (median 0.159). Set by hand
#: rather than fitted (the classes separate, so a fit only grows the slope): the default
#: threshold 0.4 sits at density 0.074, the clean maximum scores 0.11.
D_INTERCEPT = -6.5
D_SLOPE = 82.0


#: The highest density a document the screen stopped is given (document score 0.17): above every
#: analysed clean document of the dev half (at most 0.054, score 0.11), below the document gate
#: (0.3 at the default threshold). Its estimate comes from a sample of a dozen words or so: a
#: clean AP report with 2 strong words of 13 sampled (too few to pass the screen's SCREEN_MIN)
#: was estimated at 0.115 and flagged at 0.95, its paragraphs with no evidence of their own
#: (corpus/clean, 2026-12-07, once the screen counted from margin 0.5).
STOPPED_RATE = 0.06


def document_rate(totals: DocumentTotals) -> float:
    """The document's strong-span density, shrunk toward clean text. A document the screen stopped
    is estimated from its sample, at most STOPPED_RATE: stopped means not flagged, and the
    estimate still ranks lightly spun documents above clean ones."""
    if totals.analysed:
        return (totals.strong + PRIOR_WORDS * CLEAN_RATE) / (totals.eligible + PRIOR_WORDS)
    strong = totals.screen[0] / totals.screen[1] * totals.eligible if totals.screen[1] else 0.0
    return min(STOPPED_RATE, (strong + PRIOR_WORDS * CLEAN_RATE) / (totals.eligible + PRIOR_WORDS))


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0


def document_score(totals: DocumentTotals) -> float:
    """The document's substitution score in [0, 1]."""
    rate = document_rate(totals)
    f = _focus(totals)
    if f is not None:
        rate = max(rate, f[1])
    return _logistic(D_INTERCEPT + D_SLOPE * rate)


#: Read a document spun in one part of speech by that part's rate (strata.focus).
FOCUS = True


def _focus(totals: DocumentTotals) -> tuple[int, float] | None:
    """(part of speech, its shrunk strong-span rate) of a document spun in one part of speech."""
    if not FOCUS or not totals.analysed:
        return None
    strong = strata.NONE
    for _, w in totals.strong_types:
        strong = strata.add(strong, w)
    c = strata.focus(strong, totals.by_pos[1])
    if c is None:
        return None
    s, e = totals.by_pos[0][c] / strata.UNIT, totals.by_pos[1][c] / strata.UNIT
    return c, (s + PRIOR_WORDS * CLEAN_RATE) / (e + PRIOR_WORDS)


def paragraph_feature(e: ParagraphEvidence, rate: float) -> float:
    """A paragraph's strong-span density, shrunk toward its document's ``rate``."""
    return (e.strong + SHRINK_WORDS * rate) / (e.eligible + SHRINK_WORDS)


def paragraph_scores(ev: Sequence[ParagraphEvidence], totals: DocumentTotals | None = None) -> list[float]:
    """Each paragraph's substitution score in [0, 1]: the lower of its own (shrunk) density's
    logistic and its document's score (``totals``: the whole document's, default ``ev``'s)."""
    totals = DocumentTotals().add(ev) if totals is None else totals
    doc = document_score(totals)
    rate = document_rate(totals)
    f = _focus(totals)
    if f is None:
        return [min(doc, _logistic(P_INTERCEPT + P_SLOPE * paragraph_feature(e, rate))) for e in ev]
    c, rc = f
    u = strata.UNIT
    return [min(doc, _logistic(P_INTERCEPT + P_SLOPE * max(
        paragraph_feature(e, rate), (e.by_pos[0][c] / u + SHRINK_WORDS * rc) / (e.by_pos[1][c] / u + SHRINK_WORDS))))
        for e in ev]


def document_feature(ev: Sequence[ParagraphEvidence]) -> float:
    """The document's shrunk strong-span density (the input of :func:`document_score`)."""
    return document_rate(DocumentTotals().add(ev))


def paragraph_features(ev: Sequence[ParagraphEvidence]) -> list[float]:
    """Each paragraph's strong-span density, shrunk toward its document's."""
    rate = document_feature(ev)
    return [paragraph_feature(e, rate) for e in ev]


# --- the part-of-speech prior of a restoration -----------------------------------------------------

#: strata.STRATUM_WEIGHT in a document spun in one part of speech (:func:`_focus`): there the
#: other parts' lower rate is no accident of a few dozen strong spans, and their restorations were
#: most of the wrong edits (wn-verbs-50 dev: 48 of 90 wrong edits restored a word with no verb
#: reading). Dev half, bench_spin_heldout.py --split dev --source brown, 2026-12-07: 1.5 -> 5.0
#: took wn-verbs-50 from 5.2% errors removed at precision 0.651 to 6.2% at 0.716, wn-adjadv-50
#: 20.1% / 0.821 -> 21.8% / 0.854, wn-nouns-50 33.7% / 0.912 -> 34.0% / 0.918 (3.0: 5.7% / 0.686;
#: 8.0 about 5.0's); documents without a focus are untouched (wn-base-30, wn-base-10,
#: moby-inflect-30, farm-mixed-20 identical).
FOCUS_STRATUM_WEIGHT = 5.0


def stratum_priors(spans: Sequence[SpanScore], totals: DocumentTotals | None) -> tuple[SpanScore, ...]:
    """``spans`` with each one's prior of "spun" lowered where its part of speech is spun less than
    its document (:func:`textrepair.spin.strata.prior_shift`; the document's ``totals``, analysed).
    The shift is added to every option's score, own terms and margin (the candidates share the
    prior); the detection evidence is left as it is. Dev half (bench_spin_heldout.py --split dev
    --source brown, 2026-12-07): docs/method-thesaurus.md section 4."""
    if totals is None or not totals.analysed or not any(totals.by_pos[0]):
        return tuple(spans)
    rate = document_rate(totals)
    rates = strata.class_rates(totals.by_pos[0], totals.by_pos[1], rate)
    weight = FOCUS_STRATUM_WEIGHT if _focus(totals) is not None else strata.STRATUM_WEIGHT
    out = []
    for s in spans:
        d = strata.prior_shift(strata.span_weights(s.found, s.options[0][0]), rates, rate, CLEAN_RATE,
                               weight) if s.options else 0.0
        if d:  # (the constructor, not dataclasses.replace: this runs for every span restored)
            s = SpanScore(s.i, s.j, s.start, s.end, s.found, s.margin + d, tuple((o, v + d) for o, v in s.options),
                          s.capitalised, s.evidence, tuple(r + d for r in s.rest))
        out.append(s)
    return tuple(out)


# --- a document the table-free restorer should leave alone ------------------------------------------

#: A document is spun "consistently" (every occurrence of a word the same way, the originals
#: nowhere left as written) when fewer than this share of its strong spans have one of their
#: UNWRITTEN_OPTIONS best candidates written elsewhere in it. A spinner that replaces some
#: occurrences of a word leaves the others, which is what DOCUMENT_BONUS counts on. Dev half of
#: bench_spin_heldout.py (throwaway per-document dump, 2026-12-07), share per document: farm-dict
#: median 0.17, at most 0.38; moby-inflect-30 at least 0.28, wn-base-30 0.36, farm-mixed-20 0.33,
#: wn-verbs-50 0.18, wn-adjadv-50 0.14. (The best candidate alone separates less: farm-dict median
#: 0.09, but moby-inflect-30 from 0.16 and wn-adjadv-50 from 0.14.)
UNWRITTEN_SHARE = 0.25
UNWRITTEN_OPTIONS = 3
#: ... and the mean restoration margin (log10) of its strong spans is below this: the model itself
#: is unsure which word they replaced. Same dump: farm-dict at most 0.67 (median 0.26), wn-base-30
#: at least 0.93, farm-mixed-20 0.58 (median 0.98), wn-adjadv-50 0.31 (median 0.79). The grid
#: share {0.2, 0.25, 0.3} x margin {0.5, 0.6, 0.7, none}, predicted from the dump's edits: 0.25 and
#: 0.6 withhold 155 of farm-dict's 194 table-free edits (71 of its 95 wrong ones) and, of the other
#: families, 8 edits of wn-verbs-50 (7 right); 0.3 withholds 7 more of farm-dict's and 34 of
#: moby-inflect-30 (20 right), no margin limit 29 of wn-adjadv-50 (26 right). Measured with
#: bench_spin_heldout.py on all 24 families (dev): as predicted, and 34 edits of wn-hyphen-30
#: (16.0% -> 15.7% of errors removed, precision 0.872 both); 21 families identical.
UNWRITTEN_MARGIN = 0.6
#: The share is read from at least this many strong spans (farm-dict dev documents: 12 to 48).
UNWRITTEN_MIN_STRONG = 10


def unwritten_originals(totals: DocumentTotals | None) -> bool:
    """Whether a document's table-free evidence reads as a consistent dictionary spinner's whose
    words the model cannot tell back: few strong spans have one of their best candidates written
    elsewhere in the document (:data:`UNWRITTEN_SHARE`) and their margins are low (:data:`UNWRITTEN_MARGIN`).
    On the dev half half of such a document's table-free edits were wrong (farm-dict, 2026-12-07:
    194 edits, precision 0.51), so the restorer only suggests there."""
    if totals is None or not totals.analysed or totals.strong < UNWRITTEN_MIN_STRONG:
        return False
    n = totals.strong
    return (totals.strong_written < UNWRITTEN_SHARE * n
            and totals.strong_margin < round(100 * UNWRITTEN_MARGIN) * n)
