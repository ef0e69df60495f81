"""Tortured phrases in scientific text: find paper-mill synonym substitutions and name the term they replaced.

A paper mill runs scientific prose through a synonym spinner: "artificial intelligence" becomes
"counterfeit consciousness", "random forest" becomes "irregular woodland". This module finds such
phrases in running text and proposes the original term, with the evidence for each finding:

- **substitutions** learned word by word from aligned (tortured, expected) pairs
  (``textrepair/data/tortured-words.tsv``, built by ``data/build_science_table.py``; every row
  notes how many aligned pairs support it), plus inverse thesaurus links from the packaged
  WordNet + Moby graph (:mod:`textrepair.lexical.lexicon`) for words no pair has shown;
- **knowing the term**: whether the proposed phrase is a genuine term or collocation, from WordNet
  multiword lemmas (``textrepair/data/science-terms.tsv.gz``) and the pocketsphinx 3-gram model
  (P(w2 | w1) against P(w2): "neural network" is a collocation, "neural organization" is not);
- **how much better it reads**: the 3-gram model's score of the sentence window with the proposed
  term against the words as written.

A logistic model over those features (constants below, fitted by ``benchmarks/bench_tortured.py
--fit``) gives each candidate a confidence; a phrase becomes a :class:`Finding` only when its
best candidate reaches :data:`DEFAULT_MIN_CONFIDENCE`. A genuine term ("feature extraction")
reads as a known collocation itself and its rewrites gain nothing, which is what keeps it alone.

Fingerprints of the Problematic Paper Screener export (:mod:`textrepair.lexical.pps`) can be added as known
findings (``source="pps"``). Pairs are ordered (spun, original) everywhere.

API::

    find_tortured(text, *, pps=None, min_confidence=None) -> tuple[Finding, ...]
    decode(windows, floor, apply) -> list[Finding]           # scored windows -> whole-phrase findings
    tortured_edits(text, findings) -> tuple[Edit, ...]      # findings as restore-stage edits
    paper_report(text, findings) -> dict                    # PPS-style per-document summary
    learn_substitutions(pairs) -> SubstitutionTable          # (tortured, expected) pairs -> word table
"""

from __future__ import annotations

import gzip
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..core.errors import require_text
from ..core.types import Edit, ParagraphScore, Signal, Span, StageRecord, Suggestion
from ..lexical import hierarchy, lexicon, lm
from ..lexical.pps import Clause, Fingerprint, PPSTable, load_pps_csv
from ..lexical.tables import load_table, read_table
from ..lexical.termindex import TermIndex
from ..text.segment import split_paragraphs
from .detect import document_paragraphs
from .tokens import Token, is_protected, protected_spans

#: Packaged substitution table (phrase-table format) and term vocabulary.
WORD_TABLE = "tortured-words"
TERMS_FILE = "science-terms.tsv.gz"

STAGE = "restore"

# --- model constants --------------------------------------------------------------------------
# Fitted by ``python benchmarks/bench_tortured.py --fit`` (2026-12-07): a conditional logit over
# out-of-fold candidates of all 2,965 dev pairs (3 folds by expected term, each scored with a word
# table learned on the other two; "leave it as written" scores 0), the genuine phrases' rewrites
# as further choices whose right answer is "leave it"; see docs/tortured-phrases.md.

#: Feature names, in the order of :data:`WEIGHTS`.
FEATURES = ("chan", "subs", "thes", "count", "listed", "known_obs", "pmin", "pmin_obs",
            "gain", "all_sub", "rare_obs", "spun_max", "spun_min", "hop2", "hier")
# spun_max, spun_min (measured, off: ScienceModel.spun_evidence), hop2 and hier weigh 0.
WEIGHTS = (0.941, -0.368, -1.728, 0.933, 3.670, -3.741, 0.627, 0.354, 0.398, 0.763, 0.309, 0.000, 0.000, 0.000, 0.000)
INTERCEPT = -3.452
#: Minimum confidence for an applied finding, by ``bench_tortured.py --fit`` (2026-12-07, with the
#: term-driven candidates, two hops off, and the 4,683-term curated list): the lowest at which the
#: out-of-fold phrase decisions on all dev rows reach precision 0.86 (0.74: 0.861 at top-1 0.050),
#: raised until the finder's own out-of-fold sentences change at most 0.6% of genuine phrases
#: (0.80: 2 of 498; 3 of 498 at 0.74, where sub-windows such as "sign" -> "signal" in "traffic
#: sign detection" count).
DEFAULT_MIN_CONFIDENCE = 0.80
#: Candidates are searched up to this many words per phrase.
MAX_WORDS = 4
#: Candidates kept per phrase by channel probability before the features are computed.
TOP_K = 40
#: Term-driven candidates kept per phrase (best channel probability first), before the pre-ranking.
TERM_TOP = 30
#: Thesaurus links to words no table original has, kept per word (the most frequent first).
MAX_OTHER_LINKS = 25
#: Weights of the pre-ranking (channel log10 P + PRE_KNOWN if known + PRE_PMI * min PMI).
PRE_KNOWN = 1.0
PRE_PMI = 0.5
#: A thesaurus link (no pair shows it) gets this log10 prior, raised by how often the word is an
#: original in the table (see :meth:`ScienceModel._options`).
THESAURUS_LOGP = -2.0
#: A two-hop thesaurus link (the observed word and the term's word share a neighbour; only the term
#: index proposes these) gets this log10 prior.
HOP2_LOGP = THESAURUS_LOGP - 2.0
#: ... and must be reached by this many one-hop neighbours of the observed word: by one, the dense
#: WordNet + Moby graph links "consciousness" to "blood", "flower" and "heart".
HOP2_PATHS = 2
#: A WordNet hierarchy link (hypernym, hyponym, derivation; :mod:`textrepair.lexical.hierarchy`)
#: gets the thesaurus prior lowered by this much: these are not synonyms, and a spinner writes one
#: far less often than a synonym.
HIERARCHY_SHIFT = -1.0
#: log10 P(not substituted) for a word the table has never seen in a tortured phrase.
UNSEEN_IDENTITY_LOGP = math.log10(0.9)

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
# Characters that end a stretch in which a phrase may lie (a phrase never crosses them).
_BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\"“”\n/|]|\s-\s|\d")
_STOP = frozenset("""a an the of in on at to for from by with and or but as is are was were be been
being this that these those it its their his her our your we they he she i you which who whom whose
what when where how than then thus there here not no nor so such via into onto over under about
between among per each every all any some more most much many other also can could may might must
shall should will would do does did has have had""".split())


# --- learning the word table ------------------------------------------------------------------


def words_of(phrase: str) -> list[str]:
    """The lowercase words of a phrase (hyphenated words and apostrophes kept inside a word)."""
    return [lm.normalise(m.group()) for m in _WORD_RE.finditer(phrase)]


def _link(a: str, b: str) -> float:
    """How surely spun word ``a`` stands for original word ``b``: identical, same lemma, thesaurus."""
    if a == b:
        return 3.0
    if set(lexicon.lemmas(a)) & set(lexicon.lemmas(b)):
        return 2.5
    if b in lexicon.synonyms(a):
        return 2.0
    return 0.0


def align_words(spun: Sequence[str], original: Sequence[str]) -> list[tuple[str, str]] | None:
    """Monotone alignment of a tortured phrase to its expected term, unit by unit: 1-3 spun words to
    one original word, or one spun word to two original words ("pores and skin" -> "skin", "hyper
    otherworldly" -> "hyperspectral"). Each unit earns 1 plus its link (identical 3, same lemma 2.5,
    thesaurus 2) and pays 1.2 per extra word; an identical word inside a multiword unit counts only
    0.5, so "joined together | kingdom" beats "joined | together kingdom". None if impossible."""
    n, m = len(spun), len(original)
    if not n or not m:
        return None
    neg = -1e9
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == neg:
                continue
            for a in (1, 2, 3):
                for b in (1, 2):
                    if i + a > n or j + b > m or (a > 1 and b > 1):
                        continue
                    if a == 1 and b == 1:
                        s = _link(spun[i], original[j])
                    else:
                        s = max(0.5 if v == 3.0 else v
                                for v in (_link(x, y) for x in spun[i:i + a] for y in original[j:j + b]))
                    s += 1.0 - 1.2 * (a + b - 2)
                    if best[i][j] + s > best[i + a][j + b]:
                        best[i + a][j + b] = best[i][j] + s
                        back[i + a][j + b] = (i, j)
    if best[n][m] == neg:
        return None
    out: list[tuple[str, str]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        prev = back[i][j]
        assert prev is not None
        out.append((" ".join(spun[prev[0]:i]), " ".join(original[prev[1]:j])))
        i, j = prev
    return out[::-1]


@dataclass(frozen=True)
class SubstitutionTable:
    """Spun unit (1-3 words) -> original units with counts; ``totals`` counts every aligned
    occurrence of the spun unit, kept as written or not (so P(original | spun) = count / (total + 1))."""

    pairs: Mapping[str, tuple[tuple[str, int], ...]]
    totals: Mapping[str, int]
    source: str = ""
    #: Words that appear in some original, with counts (derived): the thesaurus is asked only for these.
    originals: Counter[str] = field(init=False, compare=False, repr=False)
    #: Per word, how often it is a word of a substituted spun unit ("savvy" in savvy -> smart) and
    #: how often a word of an original, substituted or kept ("smart", "lighting"): derived, read by
    #: :meth:`ScienceModel.spun_ratios`.
    spun_words: Counter[str] = field(init=False, compare=False, repr=False)
    original_words: Counter[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        out: Counter[str] = Counter()
        spun_words: Counter[str] = Counter()
        original_words: Counter[str] = Counter()
        for spun, opts in self.pairs.items():
            for o, c in opts:
                for w in o.split():
                    original_words[w] += c
                if o != spun:
                    for w in o.split():
                        out[w] += c
                    for w in spun.split():
                        spun_words[w] += c
        object.__setattr__(self, "originals", out)
        object.__setattr__(self, "spun_words", spun_words)
        object.__setattr__(self, "original_words", original_words)

    def __len__(self) -> int:
        return sum(len(opts) for opts in self.pairs.values())


def learn_substitutions(pairs: Iterable[tuple[str, str]], source: str = "") -> SubstitutionTable:
    """A word table from (tortured, expected) phrase pairs, aligned by :func:`align_words`."""
    count: Counter[tuple[str, str]] = Counter()
    total: Counter[str] = Counter()
    for spun, original in pairs:
        al = align_words(words_of(spun), words_of(original))
        if al is None:
            continue
        for s, o in al:
            total[s] += 1
            count[(s, o)] += 1
    by: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (s, o), c in sorted(count.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        by[s].append((o, c))
    return SubstitutionTable({k: tuple(v) for k, v in by.items()}, dict(total), source)


_COUNTS_RE = re.compile(r"(\d+) of (\d+) aligned")


def table_rows(table: SubstitutionTable) -> list[tuple[str, str, float, str]]:
    """(spun, original, weight, source) rows of the phrase-table format (weight = count / (total + 1);
    a spun unit kept as written appears as a row with original == spun)."""
    rows = []
    for spun in sorted(table.pairs):
        tot = table.totals.get(spun, 0)
        for o, c in table.pairs[spun]:
            rows.append((spun, o, c / (tot + 1), f"{table.source}: {c} of {tot} aligned".strip(": ")))
    return rows


def table_from_phrase_table(pt: Any) -> SubstitutionTable:
    """A :class:`SubstitutionTable` from a parsed phrase table (counts read back from the sources)."""
    by: dict[str, list[tuple[str, int]]] = defaultdict(list)
    totals: dict[str, int] = {}
    for e in pt.entries:
        spun, orig = " ".join(words_of(e.spun)), " ".join(words_of(e.original))
        if not spun or not orig:
            continue
        m = _COUNTS_RE.search(e.source)
        if m:
            c, tot = int(m.group(1)), int(m.group(2))
        else:  # a hand-written row: its weight read as c / (tot + 1) with tot = 9
            c, tot = max(1, round(e.weight * 10)), 9
        by[spun].append((orig, c))
        totals[spun] = max(totals.get(spun, 0), tot)
    return SubstitutionTable({k: tuple(v) for k, v in by.items()}, totals, getattr(pt, "name", ""))


@cache
def packaged_table() -> SubstitutionTable:
    """The packaged word table (``textrepair/data/tortured-words.tsv``)."""
    return table_from_phrase_table(load_table(WORD_TABLE))


# --- the term vocabulary -----------------------------------------------------------------------


@cache
def packaged_terms(sources: tuple[str, ...] = ("wordnet", "curated")) -> Mapping[str, str]:
    """Known multiword terms (lowercase, one space between words) -> their source ("wordnet",
    "curated"), from ``science-terms.tsv.gz``; ``sources`` selects which sources to keep."""
    data = resources.files("textrepair.data").joinpath(TERMS_FILE).read_bytes()
    out = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            term, _, src = line.partition("\t")
            if src in sources:
                out[term] = src
    return MappingProxyType(out)


@lru_cache(maxsize=1 << 16)
def _unigram(word: str) -> float:
    """log10 P(word) with no history (the 3-gram model's unigram)."""
    return lm.word_logprob(lm.normalise(word))


@lru_cache(maxsize=1 << 16)
def _pmi(a: str, b: str) -> float:
    """log10 P(b | a) - log10 P(b): how much ``a`` makes ``b`` likelier (> 1: a collocation)."""
    return lm.word_logprob(b, a) - _unigram(b)


#: Phrase boundary (:func:`_boundary`): a restoration after an unrestored word that looks spun is
#: a suggestion, its confidence times 1 - BOUNDARY_Q (0.5: below any apply floor from 0.5 up, and
#: still above the suggestion floor when it was confident; 1.0 gave the same decisions from 0.5 up).
#: The rule looks through up to BOUNDARY_REACH content words before the restored ones (and one
#: grammar word of BOUNDARY_ACROSS: "wellspring of commotion contamination"), only before them
#: (BOUNDARY_RIGHT), and a word never seen in the table does not look spun (BOUNDARY_UNIGRAM None).
#: Measured and off (ScienceModel.boundary): chosen out of fold on the fit parts of bench_tortured.py's
#: splits, 2026-12-07 (benchmarks/analyse_tortured_boundary.py), where at the benchmark's own
#: thresholds sentence precision
#: 0.626 -> 0.657 (row split) and 0.734 -> 0.770 (term split) with the same exact restorations,
#: none lost at any threshold from 0.60 to 0.95. Reach 1 or 2 gave less; a rarity test for words
#: the table never saw (BOUNDARY_UNIGRAM -4.0) more (0.692 / 0.800) but it lost exact restorations
#: and, in sentences written to check it, withheld right ones after genuine rare modifiers
#: ("multimodal", "federated", "paediatric"); looking after the phrase too (BOUNDARY_RIGHT) +0.02,
#: but the word after a noun phrase is often a verb the table knows as spun ("framework routes").
BOUNDARY_Q = 0.5
BOUNDARY_REACH = 3
BOUNDARY_ACROSS: frozenset[str] = frozenset({"of", "and"})
BOUNDARY_RIGHT = False
BOUNDARY_UNIGRAM: float | None = None

#: PMI values are clipped to this range: an unknown word must not read as a strong collocation.
PMI_RANGE = (-1.0, 4.0)


def _clip(v: float, lo: float, hi: float) -> float:
    return lo if v < lo else hi if v > hi else v


# --- findings ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """A tortured phrase found in a text: its span, what it was most likely, and why.

    ``known`` says how the proposed term is known ("wordnet", "curated", "collocation", "pps" or ""
    when it is not); ``evidence`` lists the substitutions ("'woodland' -> 'forest' (pps-dev: 4 of 5 aligned)");
    ``gain`` is how much better (log10) the sentence window reads with the proposal;
    ``source`` is "model" or "pps" (a fingerprint of a loaded export)."""

    start: int
    end: int
    found: str
    proposed: str
    confidence: float
    known: str = ""
    evidence: tuple[str, ...] = ()
    gain: float = 0.0
    source: str = "model"
    alternatives: tuple[str, ...] = ()

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "found": self.found, "proposed": self.proposed,
                "confidence": round(self.confidence, 4), "known": self.known,
                "evidence": list(self.evidence), "gain": round(self.gain, 3), "source": self.source,
                "alternatives": list(self.alternatives)}


@dataclass(frozen=True, slots=True)
class _Candidate:
    words: tuple[str, ...]
    chan: float
    subs: tuple[tuple[str, str, str, int, int, int], ...]   # (spun, original, kind, count, at, words)

    def trimmed(self, n_obs: int) -> tuple[int, int, tuple[str, ...]]:
        """(first, end, words): the observed words ``[first, end)`` that were substituted and the
        candidate's words for them (unchanged words at either edge are context, not the finding)."""
        first = min(s[4] for s in self.subs)
        end = max(s[4] + s[5] for s in self.subs)
        return first, end, self.words[first:len(self.words) - (n_obs - end)]


def _chunks(text: str, span: Span | None = None) -> list[list[Token]]:
    """Runs of words with no punctuation, digit or line break between them, outside web
    addresses, e-mail addresses and code (:func:`~textrepair.spin.tokens.protected_spans`, as the
    news stage: "net" of a host name is no tortured "web")."""
    span = span or Span(0, len(text))
    out: list[list[Token]] = []
    cur: list[Token] = []
    prev = span.start
    protected = protected_spans(text, span)
    for m in _WORD_RE.finditer(text, span.start, span.end):
        if protected and is_protected(m.start(), m.end(), protected):
            if cur:
                out.append(cur)
                cur = []
            continue
        if cur and _BREAK_RE.search(text, prev, m.start()):
            out.append(cur)
            cur = []
        cur.append(Token(m.start(), m.end(), lm.normalise(m.group()), False))
        prev = m.end()
    if cur:
        out.append(cur)
    return out


@dataclass
class ScienceModel:
    """The tortured-phrase model: a substitution table, a term vocabulary and the fitted constants."""

    table: SubstitutionTable
    terms: Mapping[str, str]
    weights: tuple[float, ...] = WEIGHTS
    intercept: float = INTERCEPT
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    thesaurus: bool = True
    #: Also offer thesaurus words no table original has (at a lower prior), and links in both directions.
    thesaurus_all: bool = True
    thesaurus_both: bool = False
    #: Also follow the thesaurus from an inflected word's lemmas (see :meth:`_lemma_thesaurus`).
    thesaurus_lemmas: bool = False
    #: Discount a restoration by how likely an adjacent word is spun too (see :func:`_whole_phrase`).
    whole_phrase: bool = True
    #: Withhold a restoration after an unrestored word of the same phrase that the table knows as a
    #: spinner's word (see :func:`_boundary`): measured and off. It raised held-out precision at
    #: the same top-1 on the benchmark's standard sentence, but in the abstract sentences it
    #: withheld as many right restorations as wrong ones (row split: 9 right, 6 wrong; 2026-12-07,
    #: docs/tortured-phrases.md, "Phrase boundary").
    boundary: bool = False
    #: Also propose listed terms whose every word is linked to the observed word at its position
    #: (identity or lemma, the table either way, the thesaurus at one hop, or, for at most one word,
    #: at two hops): see :meth:`term_candidates`.
    term_index: bool = True
    #: Two-hop links: measured and off by default (the "hop2" feature's weight is 0 until a fit with
    #: them on; see docs/tortured-phrases.md, "Term-driven candidates").
    term_hop2: bool = False
    #: Also offer WordNet hierarchy links (:mod:`textrepair.lexical.hierarchy`) of these relations
    #: ("h" hypernym, "g" two levels up, "o" hyponym, "d" derivation; "" for none), kind
    #: "hierarchy", with their own feature: measured, see docs/tortured-phrases.md ("WordNet
    #: hierarchy links").
    hierarchy: str = ""
    #: With ``hierarchy``: False offers its links only inside listed terms (:meth:`term_candidates`),
    #: not to the beam.
    hierarchy_beam: bool = True
    #: Phrase-level evidence that the observed words are spun (:meth:`spun_ratios`, features
    #: "spun_max" and "spun_min"): measured and off by default (their weights are 0 until a fit with
    #: it on; see docs/tortured-phrases.md, "Where the reached rows go").
    spun_evidence: bool = False
    _opt_cache: dict[str, tuple] = field(default_factory=dict, repr=False)
    _link_cache: dict[str, Mapping[str, tuple[str, str, float, int]]] = field(default_factory=dict, repr=False)
    _reverse: dict[str, tuple[str, ...]] | None = field(default=None, repr=False)
    _hop_cache: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _ids_cache: dict[tuple, tuple] = field(default_factory=dict, repr=False)
    _ratio_cache: dict[tuple[str, ...], tuple[float, float]] = field(default_factory=dict, repr=False)

    # -- candidates -------------------------------------------------------------------------------

    def has_evidence(self, word: str) -> bool:
        """Whether the table knows ``word`` (or its lemma, or a unit it starts) as a spun form."""
        return bool(self._table_options(word))

    def _table_options(self, unit: str) -> tuple[tuple[str, float, str, int], ...]:
        """(original, log10 P, kind, count) for a spun unit, directly or through its lemma."""
        hit = self._opt_cache.get(unit)
        if hit is not None:
            return hit
        out: list[tuple[str, float, str, int]] = []
        if unit in _STOP:  # grammar words are not the spinner's target ("an" -> "a" is _with_article's job)
            self._opt_cache[unit] = ()
            return ()
        pairs = self.table.pairs
        tot = self.table.totals.get(unit, 0)
        for o, c in pairs.get(unit, ()):
            if o != unit and not _same_lemma(unit, o):
                out.append((o, math.log10(c / (tot + 1)), "table", c))
        if not out and " " not in unit:
            for lem in lexicon.lemmas(unit):
                if lem == unit or lem not in pairs:
                    continue
                t2 = self.table.totals.get(lem, 0)
                for o, c in pairs[lem]:
                    if o == lem or _same_lemma(lem, o):
                        continue
                    new = lexicon.inflect(o, like=unit) if " " not in o else o
                    out.append((new.lower(), math.log10(c / (t2 + 1)) - 0.1, "table", c))
                if out:
                    break
        res = tuple(out)
        self._opt_cache[unit] = res
        return res

    def _identity_logp(self, word: str) -> float:
        tot = self.table.totals.get(word, 0)
        if not tot:
            return UNSEEN_IDENTITY_LOGP
        kept = next((c for o, c in self.table.pairs.get(word, ()) if o == word), 0)
        return math.log10((kept + 1) / (tot + 1.5))

    def _options(self, ws: Sequence[str], i: int) -> list[tuple[int, str, float, str, int]]:
        """(words consumed, original, log10 P, kind, count) at position ``i``."""
        out: list[tuple[int, str, float, str, int]] = []
        for n in range(1, 4):
            if i + n > len(ws):
                break
            for o, lp, kind, c in self._table_options(" ".join(ws[i:i + n])):
                out.append((n, o, lp, kind, c))
        w = ws[i]
        out.append((1, w, self._identity_logp(w), "id", 0))
        if self.thesaurus and w not in _STOP:
            seen = {o for _, o, _, _, _ in out}
            links = lexicon.synonyms(w) if self.thesaurus_both else lexicon.inverse_synonyms(w)
            for o, lp in self._thesaurus_priors(sorted(o for o in links if " " not in o and o not in seen),
                                                self.thesaurus_all):
                out.append((1, o, lp, "thesaurus", 0))
            if self.thesaurus_lemmas:
                out.extend(self._lemma_thesaurus(w, {o for _, o, _, _, _ in out}))
        if self.hierarchy and self.hierarchy_beam and w not in _STOP:
            seen = {o for _, o, _, _, _ in out}
            out.extend((1, f, lp, "hierarchy", 0) for _o, f, lp in self._hierarchy_links(w) if f not in seen)
        return out

    def _hierarchy_links(self, w: str) -> tuple[tuple[str, str, float], ...]:
        """(related lemma, word to write, log10 P) of the WordNet hierarchy links of ``w`` and its
        lemmas, written in ``w``'s inflection ("laptops" -> "computers"); priors as
        :meth:`_thesaurus_priors` plus HIERARCHY_SHIFT (0.1 lower through a lemma), the best link of
        each written word kept."""
        key = "\th\t" + w
        hit = self._opt_cache.get(key)
        if hit is not None:
            return hit
        best: dict[str, tuple[str, float]] = {}
        for b in lexicon.lemmas(w):
            forms: dict[str, str] = {}
            for o in hierarchy.originals(b, self.hierarchy):
                f = None if o in _STOP else _written_like(o, b, w)
                if f is not None and not _same_lemma(f, w):
                    forms[o] = f
            shift = HIERARCHY_SHIFT - (0.0 if b == w else 0.1)
            for o, lp in self._thesaurus_priors(sorted(forms), True):
                f = forms[o]
                if f not in best or lp + shift > best[f][1]:
                    best[f] = (o, lp + shift)
        res = tuple(sorted(((o, f, lp) for f, (o, lp) in best.items()), key=lambda t: (-t[2], t[1])))
        self._opt_cache[key] = res
        return res

    def _lemma_thesaurus(self, w: str, seen: set[str]) -> list[tuple[int, str, float, str, int]]:
        """Thesaurus options of an inflected word through its lemmas, written in its inflection
        ("examples" -> "patterns" through example -> pattern): the graph holds lemmas, so a plural
        or a participle has few links of its own. Priors as :meth:`_thesaurus_priors`, 0.1 lower
        (as the table's options through a lemma)."""
        out: list[tuple[int, str, float, str, int]] = []
        for b in lexicon.lemmas(w):
            if b == w:
                continue
            links = lexicon.synonyms(b) if self.thesaurus_both else lexicon.inverse_synonyms(b)
            forms = set()
            for o in links:
                f = None if " " in o or o in _STOP else _written_like(o, b, w)
                if f is not None and f not in seen:
                    forms.add(f)
            for f, lp in self._thesaurus_priors(sorted(forms), self.thesaurus_all):
                out.append((1, f, lp - 0.1, "thesaurus", 0))
                seen.add(f)
        return out

    def _thesaurus_priors(self, words: Iterable[str], others: bool) -> list[tuple[str, float]]:
        """(word, log10 P) of thesaurus links, in ``words``' order: a word the table has as an
        original at THESAURUS_LOGP raised by its count; with ``others``, then the
        MAX_OTHER_LINKS one-word rest likeliest in the language model, at a lower prior."""
        originals = self.table.originals
        out: list[tuple[str, float]] = []
        rest: list[str] = []
        for o in words:
            if o in originals:
                out.append((o, THESAURUS_LOGP + 0.3 * math.log10(1 + originals[o])))
            elif others and " " not in o:
                rest.append(o)
        rest.sort(key=lambda o: (-_unigram(o), o))
        out.extend((o, THESAURUS_LOGP - 1.0) for o in rest[:MAX_OTHER_LINKS])
        return out

    # -- term-driven candidates ----------------------------------------------------------------

    def _reverse_table(self) -> Mapping[str, tuple[str, ...]]:
        """Original word -> the single spun words the table shows for it (the table read backwards)."""
        if self._reverse is None:
            rev: dict[str, set[str]] = defaultdict(set)
            for spun, opts in self.table.pairs.items():
                if " " in spun or spun in _STOP:
                    continue
                for o, _c in opts:
                    if " " not in o and o != spun:
                        rev[o].add(spun)
            self._reverse = {k: tuple(sorted(v)) for k, v in rev.items()}
        return self._reverse

    def links(self, w: str) -> Mapping[str, tuple[str, str, float, int]]:
        """Term word -> (word to write, kind, log10 P, count) for every word ``w`` may stand for at one
        hop: itself and its lemmas ("id"), the table's originals of it ("table") and the words the
        table shows spun into it, and its thesaurus neighbours both ways ("thesaurus", priors as in
        :meth:`_options`). Reached through a lemma, the word is written in ``w``'s inflection."""
        hit = self._link_cache.get(w)
        if hit is not None:
            return hit
        id_lp = self._identity_logp(w)
        out: dict[str, tuple[str, str, float, int]] = {w: (w, "id", id_lp, 0)}
        if w not in _STOP:
            pairs, rev = self.table.pairs, self._reverse_table()

            def put(t: str, written: str, kind: str, lp: float, c: int) -> None:
                if " " in t or t in _STOP:
                    return
                cur = out.get(t)
                if cur is None or lp > cur[2]:
                    out[t] = (written, kind, lp, c)

            for b in dict.fromkeys((w, *lexicon.lemmas(w))):
                def form(t: str, b: str = b) -> str:
                    return t if b == w else lexicon.inflect(t, like=w).lower()
                shift = 0.0 if b == w else -0.1
                if b != w:
                    put(b, w, "id", id_lp, 0)
                tot = self.table.totals.get(b, 0)
                for o, c in pairs.get(b, ()):
                    if o != b and not _same_lemma(b, o):
                        put(o, form(o), "table", math.log10(c / (tot + 1)) + shift, c)
                for t in rev.get(b, ()):
                    put(t, form(t), "thesaurus", THESAURUS_LOGP + shift, 0)
                if self.thesaurus:
                    for t, lp in self._thesaurus_priors(lexicon.synonyms(b), True):
                        put(t, form(t), "thesaurus", lp + shift, 0)
            if self.hierarchy:
                for o, f, lp in self._hierarchy_links(w):
                    put(o, f, "hierarchy", lp, 0)
        res = MappingProxyType(out)
        self._link_cache[w] = res
        return res

    def _substituted_links(self, w: str) -> frozenset[str]:
        """The words ``w`` links to by the table or the thesaurus (not itself nor its lemmas)."""
        hit = self._hop_cache.get(w)
        if hit is None:
            hit = self._hop_cache[w] = frozenset(t for t, link in self.links(w).items() if link[1] != "id")
        return hit

    def two_hops(self, w: str, t: str) -> bool:
        """Whether the term word ``t`` is two thesaurus hops from ``w``: a thesaurus neighbour (both
        ways) of at least :data:`HOP2_PATHS` of the words ``w`` links to (grammar words never)."""
        if w in _STOP or t in _STOP:
            return False
        return len(self._substituted_links(w) & lexicon.synonyms(t)) >= HOP2_PATHS

    def _hop2(self, w: str, t: str) -> tuple[str, str, float, int]:
        """The two-hop link of observed ``w`` to term word ``t``, written in ``w``'s inflection."""
        first = lexicon.lemmas(w)[0]
        return (t if first == w else lexicon.inflect(t, like=w).lower(), "hop2", HOP2_LOGP, 0)

    def _slot_ids(self, m: int, k: int, slot: tuple, substituted: bool = False) -> frozenset[int]:
        """Ids of the ``m``-word listed terms with a word at position ``k`` that the slot's observed
        words link to (only by a substitution with ``substituted``); cached per observed unit."""
        i, u, links = slot
        key = (m, k, u, id(links), substituted)
        hit = self._ids_cache.get(key)
        if hit is None or hit[0] is not links:
            words = [t for t, link in links.items() if not substituted or link[1] != "id"]
            hit = self._ids_cache[key] = (links, frozenset(term_index(self.terms).ids(m, k, words)))
        return hit[1]

    def _unit_links(self, unit: str) -> Mapping[str, tuple[str, str, float, int]]:
        """Term word -> link for a spun unit of 2-3 words the table rewrites as one word
        ("taking in" -> "learning"): the table's one-word originals of it."""
        key = "\t" + unit
        hit = self._link_cache.get(key)
        if hit is None:
            hit = self._link_cache[key] = MappingProxyType(
                {o: (o, kind, lp, c) for o, lp, kind, c in self._table_options(unit) if " " not in o})
        return hit

    def term_candidates(self, ws: Sequence[str]) -> list[_Candidate]:
        """Listed terms whose every word is linked to the observed word at its position
        (:meth:`links`; at most one word at two hops, :meth:`_hop2`), as candidates with the channel
        log10 P of those links. Same word count, or fewer where the table rewrites a 2-3-word unit
        of the observed words as one word ("taking in rate" -> "learning rate"). The beam rewrites
        unit by unit from the observed words and misses a term whose words the table never paired;
        this starts from the terms."""
        n = len(ws)
        if not self.term_index or not 2 <= n <= MAX_WORDS:
            return []
        index = term_index(self.terms)
        one = [(k, 1, self.links(w)) for k, w in enumerate(ws)]
        layouts = [one]
        for i in range(n):
            for u in (2, 3):
                if i + u <= n and n - u + 1 >= 2:
                    unit = self._unit_links(" ".join(ws[i:i + u]))
                    if unit:
                        layouts.append([*one[:i], (i, u, unit), *one[i + u:]])
        out: dict[tuple[str, ...], _Candidate] = {}
        for slots in layouts:
            m = len(slots)
            every = [self._slot_ids(m, k, sl) for k, sl in enumerate(slots)]
            found = set(frozenset.intersection(*every))
            if self.term_hop2:
                # one word at two hops, and only beside a substituted one: beside words kept as
                # written, two hops reach hundreds of listed terms ("choice tree" -> "bay tree")
                # and cost more time than the whole search (clean texts, 2026-12-07)
                subbed = [self._slot_ids(m, k, sl, True) for k, sl in enumerate(slots)]
                for k, (i, u, _links) in enumerate(slots):
                    if u != 1:
                        continue
                    others = [every[j] for j in range(m) if j != k]
                    beside = set().union(*(subbed[j] for j in range(m) if j != k))
                    found |= {tid for tid in frozenset.intersection(*others) & beside
                              if self.two_hops(ws[i], index.words(tid)[k])}
            for tid in sorted(found):
                tw = index.words(tid)
                steps = [sl[2].get(t) for sl, t in zip(slots, tw)]
                missing = [k for k, st in enumerate(steps) if st is None]
                if len(missing) > 1:
                    continue
                for k in missing:
                    steps[k] = self._hop2(ws[slots[k][0]], tw[k])
                subs = tuple((" ".join(ws[i:i + u]), st[0], st[1], st[3], i, u)
                             for (i, u, _), st in zip(slots, steps) if st[1] != "id")
                if not subs:
                    continue
                words = tuple(w for st in steps for w in st[0].split())
                chan = sum(st[2] for st in steps)
                if words not in out or chan > out[words].chan:
                    out[words] = _Candidate(words, chan, subs)
        return sorted(out.values(), key=lambda c: -c.chan)[:TERM_TOP]

    def candidates(self, ws: Sequence[str], beam: int = 200) -> list[_Candidate]:
        """Rewrites of ``ws`` by the channel (unit by unit), best channel probability first.

        A beam search over positions; a partial rewrite is a (log10 P, parent, step) link and its
        words are spelled out only for the survivors at the end (most links are pruned)."""
        # state: (lp, parent state or None, step) with step = (i, n, original, kind, count)
        states: dict[int, list[tuple[float, Any, Any]]] = defaultdict(list)
        states[0] = [(0.0, None, None)]
        for i in range(len(ws)):
            # nlargest by lp keeps equal scores in arrival order, like a stable sort
            cur = heapq.nlargest(beam, states.pop(i, []), key=_lp)
            options = self._options(ws, i)
            for st in cur:
                lp = st[0]
                for n, o, l, kind, c in options:
                    states[i + n].append((lp + l, st, (i, n, o, kind, c)))
        done = sorted(states.get(len(ws), []), key=_lp, reverse=True)
        seen: set[tuple[str, ...]] = set()
        out = []
        for st in done:
            steps = []
            node = st
            while node[1] is not None:
                steps.append(node[2])
                node = node[1]
            steps.reverse()
            words = tuple(w for step in steps for w in step[2].split())
            if words in seen:
                continue
            seen.add(words)
            subs = tuple((" ".join(ws[i:i + n]), o, kind, c, i, n) for i, n, o, kind, c in steps if kind != "id")
            out.append(_Candidate(words, st[0], subs))
            if len(out) >= beam:
                break
        for c in self.term_candidates(ws):
            if c.words not in seen:
                seen.add(c.words)
                out.append(c)
        return out

    # -- features ---------------------------------------------------------------------------------

    def known(self, ws: Sequence[str]) -> str:
        """How a phrase is known: "wordnet" or "curated" (a listed term, last word in any inflection),
        "collocation" (every adjacent pair a 3-gram-model collocation, PMI >= 1), or ""."""
        if len(ws) > 1:
            src = self.terms.get(" ".join(ws))
            if src:
                return src
            for lem in lexicon.lemmas(ws[-1]):
                src = self.terms.get(" ".join((*ws[:-1], lem)))
                if src:
                    return src
            if all(_pmi(a, b) >= 1.0 for a, b in zip(ws, ws[1:]) if a not in _STOP and b not in _STOP) \
                    and any(a not in _STOP and b not in _STOP for a, b in zip(ws, ws[1:])):
                return "collocation"
        return ""

    def _pmin(self, ws: Sequence[str]) -> float:
        pairs = [(a, b) for a, b in zip(ws, ws[1:]) if a not in _STOP and b not in _STOP]
        if not pairs:
            return 0.0
        return min(_clip(_pmi(a, b), *PMI_RANGE) for a, b in pairs)

    def features(self, obs: Sequence[str], cand: _Candidate, id_chan: float,
                 left: Sequence[str], right: Sequence[str]) -> tuple[float, ...]:
        cw = cand.words
        table_counts = [s[3] for s in cand.subs if s[2] == "table"]
        n_thes = sum(1 for s in cand.subs if s[2] == "thesaurus")
        gain = (lm.score_seq((*left, *cw, *right), len(left))
                - lm.score_seq((*left, *obs, *right), len(left)))
        content = [w for w in obs if w not in _STOP] or list(obs)
        subbed = {w for s in cand.subs for w in s[0].split()}
        return (
            cand.chan - id_chan,
            float(len(cand.subs)),
            float(n_thes),
            math.log10(1 + min(table_counts)) if table_counts else 0.0,
            1.0 if self.known(cw) in ("wordnet", "curated") else 0.0,
            1.0 if self.known(obs) else 0.0,
            self._pmin(cw),
            self._pmin(obs),
            _clip(gain, -6.0, 10.0),
            1.0 if all(w in subbed for w in content) else 0.0,
            _clip(-min(_unigram(w) for w in content) - 4.0, -2.0, 3.0),
            *(self.spun_ratios(tuple(obs)) if self.spun_evidence else (0.0, 0.0)),
            float(sum(1 for s in cand.subs if s[2] == "hop2")),
            float(sum(1 for s in cand.subs if s[2] == "hierarchy")),
        )

    def spun_ratios(self, obs: tuple[str, ...]) -> tuple[float, float]:
        """How the table has seen the observed content words: per word log10((times a word of a
        substituted spun unit + 1) / (times a word of an original + 1)), the largest and the smallest.

        Phrase-level evidence that the words as written are spun, which "leave it as written" lacked:
        "savvy" is spun in every pair that shows it and never an original, "lighting" the reverse.
        The largest says the phrase holds a spinner's word, the smallest that it also holds a word
        of genuine terms (measured on the fit parts' nested folds, 2026-12-07: see
        docs/tortured-phrases.md, "Where the reached rows go")."""
        hit = self._ratio_cache.get(obs)
        if hit is None:
            spun, orig = self.table.spun_words, self.table.original_words
            content = [w for w in obs if w not in _STOP] or list(obs)
            rs = [_clip(math.log10((spun.get(w, 0) + 1) / (orig.get(w, 0) + 1)), -3.0, 3.0) for w in content]
            hit = self._ratio_cache[obs] = (max(rs), min(rs)) if rs else (0.0, 0.0)
        return hit

    def looks_spun(self, word: str) -> bool:
        """Whether a word no window restores still looks like a spinner's: the table has seen it (or
        its lemma) more often in substituted spun units than in originals ("programmed",
        "wellspring"). A word the table never saw looks spun only when BOUNDARY_UNIGRAM is set and
        it is rarer than that (measured, off: genuine technical modifiers are rare words too)."""
        spun, orig = self.table.spun_words, self.table.original_words
        for form in (word, *lexicon.lemmas(word)):
            s, o = spun.get(form, 0), orig.get(form, 0)
            if s or o:
                return s > o
        return BOUNDARY_UNIGRAM is not None and _unigram(word) < BOUNDARY_UNIGRAM

    def utility(self, f: Sequence[float]) -> float:
        """A candidate's score against "leave it as written" (which scores 0)."""
        return self.intercept + sum(w * x for w, x in zip(self.weights, f))

    def scored(self, obs: Sequence[str], left: Sequence[str] = (lm.BOS,),
               right: Sequence[str] = (lm.EOS,)) -> list[tuple[float, _Candidate, tuple[float, ...]]]:
        """Candidates of the phrase ``obs`` (other than itself) with confidence and features, best first."""
        obs = tuple(obs)
        cands = self.candidates(obs)
        id_chan = sum(self._identity_logp(w) for w in obs)
        # Pre-rank by the channel plus cheap term evidence, so a known term deep in the channel's
        # list still reaches the feature stage.
        cands = sorted((c for c in cands if c.words != obs and c.subs),
                       key=lambda c: -(c.chan + PRE_KNOWN * bool(self.known(c.words)) + PRE_PMI * self._pmin(c.words)))
        kept = [c for c in cands[:TOP_K] if c.words != obs and c.subs]
        feats = [self.features(obs, c, id_chan, tuple(left), tuple(right)) for c in kept]
        probs = choice_probabilities([self.utility(f) for f in feats])
        out = sorted(zip(probs, kept, feats), key=lambda t: -t[0])
        return out

    # -- running text -----------------------------------------------------------------------------

    def evidence(self, ws: Sequence[str]) -> list[bool]:
        """Per word: whether the table knows it (or the unit it starts) as a spun form."""
        return [self.has_evidence(w) or (k + 1 < len(ws) and self.has_evidence(f"{w} {ws[k + 1]}"))
                for k, w in enumerate(ws)]

    def spans(self, chunk: Sequence[Token]) -> Iterable[tuple[int, int]]:
        """Word ranges ``[i, j)`` of a chunk worth scoring: 1-4 words, content words at both
        edges, at least one word (or unit) the table knows as a spun form."""
        ws = [t.norm for t in chunk]
        n = len(ws)
        ev = self.evidence(ws)
        for i in range(n):
            if ws[i] in _STOP:
                continue
            for j in range(i + 2, min(n, i + MAX_WORDS) + 1):
                if ws[j - 1] in _STOP:
                    continue
                if any(ev[i:j]):
                    yield i, j

    def windows(self, text: str, span: Span | None = None) -> list[Window]:
        """Every scored window of ``text[span]`` with its best candidate as a :class:`Finding`
        (whatever its confidence) and how much of its posterior substitutes each word."""
        out: list[Window] = []
        for ci, chunk in enumerate(_chunks(text, span)):
            ws = [t.norm for t in chunk]
            wins: list[Window] = []
            for i, j in self.spans(chunk):
                left = tuple(ws[max(0, i - 2):i]) if i else (lm.BOS,)
                if i == 1:
                    left = (lm.BOS, ws[0])
                right = tuple(ws[j:j + 2]) if j < len(ws) else (lm.EOS,)
                if j == len(ws) - 1:
                    right = (ws[j], lm.EOS)
                scored = self.scored(ws[i:j], left, right)
                if not scored:
                    continue
                conf, cand, f = scored[0]
                a, b, words = cand.trimmed(j - i)
                start, end = chunk[i + a].start, chunk[i + b - 1].end
                found = text[start:end]
                proposal = _match_case(found, " ".join(words))
                alts = tuple((p, _match_case(found, " ".join(c.trimmed(j - i)[2]))) for p, c, _ in scored[1:4]
                             if c.trimmed(j - i)[:2] == (a, b))
                mass: dict[int, float] = defaultdict(float)
                for p, c, _ in scored:
                    for k in {i + s[4] + d for s in c.subs for d in range(s[5])}:
                        mass[k] += p
                wins.append(Window(ci, i, j, i + a, i + b, Finding(
                    start, end, found, proposal, conf, self.known(cand.words),
                    tuple(_describe(s, self.table.source) for s in cand.subs), f[FEATURES.index("gain")],
                    "model"), dict(mass), alts))
            if self.whole_phrase:
                wins = _whole_phrase(wins, ws, self.evidence(ws))
            if self.boundary:
                wins = _boundary(wins, ws, self)
            out.extend(wins)
        return out

    def find(self, text: str, span: Span | None = None, *,
             min_confidence: float | None = None) -> list[Finding]:
        """Findings in ``text[span]`` (non-overlapping, by confidence)."""
        floor = self.min_confidence if min_confidence is None else min_confidence
        return decode(self.windows(text, span), floor, self.min_confidence)


@dataclass(frozen=True, slots=True)
class Window:
    """One scored window: its chunk and word range ``[i, j)`` in it, the substituted words
    ``[first, end)`` of its best candidate (positions in the chunk), that candidate as a finding, and
    per chunk position the posterior mass of the window's candidates that substitute that word."""

    chunk: int
    i: int
    j: int
    first: int
    end: int
    finding: Finding
    mass: Mapping[int, float]
    #: (confidence, proposal) of the next candidates for the same words
    alternatives: tuple[tuple[float, str], ...] = ()
    #: (position, q, word) of each adjacent word that reads as spun (see :func:`_whole_phrase`)
    neighbours: tuple[tuple[int, float, str], ...] = ()
    #: (position, word) of a word of the same phrase before it that looks spun and that the window
    #: leaves as written (see :func:`_boundary`)
    suspects: tuple[tuple[int, str], ...] = ()

    def at(self, floor: float) -> Finding:
        """The finding with the alternatives at half the floor or above."""
        alts = tuple(dict.fromkeys(a for p, a in self.alternatives if p >= floor / 2))
        return replace(self.finding, alternatives=tuple(a for a in alts if a != self.finding.proposed))


def _whole_phrase(windows: Sequence[Window], words: Sequence[str], spun: Sequence[bool]) -> list[Window]:
    """The windows of one chunk with their spun neighbours: for each side, the adjacent word and the
    posterior mass q that the window of exactly the window's substituted words plus that word puts on
    candidates substituting it ("realistic client" for "client" -> "user" in "realistic client
    interface"). Only a word the table knows as a spun form counts (``spun``: a genuine "before" or
    "novel" is not suspect because the thesaurus can rewrite it). A word inside the window itself is
    left out: its own posterior already weighed substituting it ("savvy phones" -> "smart phones"
    against "smart telephones")."""
    spans = {(v.i, v.j): v for v in windows}
    out = []
    for w in windows:
        nbs = []
        for k in (w.first - 1, w.end):
            if w.i <= k < w.j or not 0 <= k < len(words) or not spun[k]:
                continue
            v = spans.get((min(w.first, k), max(w.end, k + 1)))
            # that window's best reading must substitute the word: mass spread over weak rewrites
            # of a genuine "model" in "irregular woodland model" is not evidence
            if v is None or not v.first <= k < v.end:
                continue
            q = v.mass.get(k, 0.0)
            if q > 0.0:
                nbs.append((k, q, words[k]))
        out.append(replace(w, neighbours=tuple(nbs)) if nbs else w)
    return out


def _boundary(windows: Sequence[Window], words: Sequence[str], model: ScienceModel) -> list[Window]:
    """The windows of one chunk with their suspect neighbour: the nearest of the up to
    BOUNDARY_REACH content words before the substituted words (past one grammar word of
    BOUNDARY_ACROSS: "wellspring of commotion contamination"; no further than a grammar word)
    that looks spun (:meth:`ScienceModel.looks_spun`) and does not fit the proposal (the words from
    it to the proposal are not a listed term, nor it and the next content word a collocation). A
    tortured phrase whose first word the model cannot restore ("programmed speech acknowledgment"
    -> "programmed speech recognition", for "automatic speech recognition") is then withheld by
    :func:`_discounted` unless a finding restores that word.

    Only the word before: a tortured phrase's unrestorable word is most often its modifier, and the
    word after a noun phrase in running text is often a verb or the next phrase ("framework routes
    the buses"), which the table may know as a spinner's word. BOUNDARY_RIGHT also looks after
    (measured, off: see docs/tortured-phrases.md, "Phrase boundary")."""
    out = []
    for w in windows:
        prop = tuple(words_of(w.finding.proposed.lower()))
        if not prop:
            out.append(w)
            continue
        sus = []
        for k, step in ((w.first - 1, -1), (w.end, 1)):
            if step > 0 and not BOUNDARY_RIGHT:
                continue
            if 0 <= k < len(words) and words[k] in BOUNDARY_ACROSS:
                k += step
            for _ in range(BOUNDARY_REACH):
                if not 0 <= k < len(words) or words[k] in _STOP:
                    break
                if model.looks_spun(words[k]):
                    joined = (*words[k:w.first], *prop) if k < w.first else (*prop, *words[w.end:k + 1])
                    inner = [x for x in joined if x not in _STOP]
                    # it fits when they are a listed term, or the word and the next content word
                    # a collocation (a grammar word between them does not make one)
                    pair = inner[:2] if step < 0 else inner[-2:]
                    fits = len(pair) == 2 and _pmi(*pair) >= 1.0
                    if not fits and model.known(joined) in ("", "collocation"):
                        sus.append((k, words[k]))
                        break
                k += step
        if sus:
            # the proposal with both adjacent words is a known term ("municipal solid waste"): it fits
            lo = w.first - 1 if w.first > 0 and words[w.first - 1] not in _STOP else w.first
            hi = w.end + 1 if w.end < len(words) and words[w.end] not in _STOP else w.end
            if lo < w.first and hi > w.end and model.known((*words[lo:w.first], *prop, *words[w.end:hi])):
                sus = []
        out.append(replace(w, suspects=tuple(sus)) if sus else w)
    return out


def _discounted(w: Window, restored: set[tuple[int, int]]) -> Window:
    """The window with its confidence times 1 - q for the likeliest spun neighbour that no applied
    finding restores (a partial restoration is right only if that word was not spun), and times
    1 - BOUNDARY_Q when a suspect neighbour (:func:`_boundary`) is left unrestored."""
    left = [(q, word) for k, q, word in w.neighbours if (w.chunk, k) not in restored]
    left += [(BOUNDARY_Q, word) for k, word in w.suspects if (w.chunk, k) not in restored]
    if not left:
        return w
    q, word = max(left)
    f = w.finding
    note = f"{word!r} next to it reads as spun too ({q:.2f}): confidence x {1.0 - q:.2f}"
    return replace(w, finding=replace(f, confidence=f.confidence * (1.0 - q),
                                      evidence=(*f.evidence, note) if q >= 0.05 else f.evidence),
                   alternatives=tuple((p * (1.0 - q), a) for p, a in w.alternatives))


def _select(windows: Iterable[Window], floor: float, apply: float) -> list[Window]:
    """Non-overlapping windows at ``floor`` or above: confident ones first; among them the one
    covering more substituted words wins (a whole "irregular woodland" over its confident
    "woodland" alone), then confidence."""
    kept: list[Window] = []
    for w in sorted((w for w in windows if w.finding.confidence >= floor),
                    key=lambda w: (w.finding.confidence < apply, -(w.end - w.first), -w.finding.confidence,
                                   w.finding.start)):
        if not any(k.finding.start < w.finding.end and w.finding.start < k.finding.end for k in kept):
            kept.append(w)
    return kept


def decode(windows: Sequence[Window], floor: float, apply: float) -> list[Finding]:
    """Non-overlapping findings from scored windows, each tortured phrase restored whole or not at
    all: a window's confidence is discounted (:func:`_discounted`) by the likeliest adjacent word
    that reads as spun and that no applied finding restores, so a confident "client" -> "user" in "realistic
    client interface" is only a suggestion unless "realistic" is restored too, while "bosom
    malignancy" -> "breast cancer" next to an applied "location" -> "detection" stands. The applied
    set is found by a few rounds of (discount, select) from the undiscounted selection.

    Why: out of fold on the fit parts of bench_tortured.py's splits (2026-12-07,
    benchmarks/analyse_tortured_windows.py), 31 of the 117 sentences changed at the fitted
    threshold were partial restorations (split by term; 21 of 82 by row); see
    docs/tortured-phrases.md for the figures with the discount. A window's suspect neighbours
    (:func:`_boundary`) discount it the same way, by BOUNDARY_Q."""
    def restored(ws: Iterable[Window]) -> set[tuple[int, int]]:
        return {(w.chunk, k) for w in ws if w.finding.confidence >= apply for k in range(w.first, w.end)}

    done = restored(_select(windows, floor, apply))
    for _ in range(3):
        chosen = _select([_discounted(w, done) for w in windows], floor, apply)
        now = restored(chosen)
        if now == done:
            break
        done = now
    return sorted((w.at(floor) for w in chosen), key=lambda f: f.start)


def choice_probabilities(utilities: Sequence[float]) -> list[float]:
    """Posterior of each candidate against the others and "leave it as written" (utility 0):
    exp(u_c) / (1 + sum exp(u)), the conditional logit the constants were fitted as."""
    if not utilities:
        return []
    top = max(0.0, max(utilities))
    es = [math.exp(u - top) for u in utilities]
    z = math.exp(-top) + sum(es)
    return [e / z for e in es]


@lru_cache(maxsize=1 << 14)
def _written_like(o: str, b: str, w: str) -> str | None:
    """``o``, a link of ``b`` (the observed word ``w`` or one of its lemmas), written in ``w``'s
    inflection ("pattern", a link of "example", as "patterns" for "examples"); None when that is
    ``w`` itself or more than one word."""
    f = o if b == w else lexicon.inflect(o, like=w).lower()
    return f if f != w and " " not in f else None


def _same_lemma(a: str, b: str) -> bool:
    """Whether two one-word forms share a lemma ("higher" / "high"): a change of inflection is the
    PPS row's wording, not the spinner's substitution, and is never proposed."""
    if " " in a or " " in b:
        return False
    return bool(set(lexicon.lemmas(a)) & set(lexicon.lemmas(b)))


def _lp(state: tuple) -> float:
    return state[0]


def _describe(sub: tuple, source: str) -> str:
    spun, orig, kind, count = sub[:4]
    if kind == "table":
        return f"{spun!r} -> {orig!r} ({source or 'word table'}: {count} aligned pair(s))"
    if kind == "hierarchy":
        return f"{spun!r} -> {orig!r} (WordNet hierarchy link: hypernym, hyponym or derivation)"
    if kind == "hop2":
        return f"{spun!r} -> {orig!r} (two thesaurus links, WordNet + Moby; the term is listed)"
    return f"{spun!r} -> {orig!r} (thesaurus link, WordNet + Moby)"


def _non_overlapping(findings: Iterable[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for f in findings:
        if any(k.start < f.end and f.start < k.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _match_case(found: str, proposal: str) -> str:
    if found.isupper() and len(found) > 1:
        return proposal.upper()
    words = found.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in proposal.split())
    if found[:1].isupper():
        return proposal[:1].upper() + proposal[1:]
    return proposal


_TERM_INDEXES: dict[int, tuple[Mapping[str, str], TermIndex]] = {}


def term_index(terms: Mapping[str, str]) -> TermIndex:
    """The :class:`TermIndex` of a term vocabulary, built on first use and kept per vocabulary object."""
    hit = _TERM_INDEXES.get(id(terms))
    if hit is None or hit[0] is not terms:
        hit = (terms, TermIndex(terms, MAX_WORDS))
        _TERM_INDEXES[id(terms)] = hit
    return hit[1]


@cache
def default_model() -> ScienceModel:
    """The packaged model (word table + term vocabulary + fitted constants), loaded once."""
    return ScienceModel(packaged_table(), packaged_terms())


# --- the public entry points -----------------------------------------------------------------


def pps_findings(text: str, pps: Any) -> list[Finding]:
    """Fingerprint hits of a loaded PPS export (:class:`textrepair.lexical.pps.PPSTable`) as findings."""
    out = []
    for sp, expected, fingerprint in pps.find(text):
        found = text[sp.start:sp.end]
        proposal = _clean_expected(expected)
        out.append(Finding(sp.start, sp.end, found, _match_case(found, proposal) if proposal else "",
                           1.0, "pps", (f"PPS fingerprint {fingerprint!r} -> {expected!r}",), 0.0, "pps"))
    return out


def _clean_expected(expected: str) -> str:
    """An expected text usable as a replacement: annotations ("(?)", "???", notes) dropped; "" when
    nothing plain is left (the finding is still reported, without a proposal to apply)."""
    s = re.sub(r"\(.*?\)|\?+", "", expected).strip()
    s = s.split(",")[0].strip() if "," in s else s
    return s if s and re.fullmatch(r"[\w' -]+", s) else ""


def find_tortured(text: str, *, pps: Any = None, model: ScienceModel | None = None,
                  min_confidence: float | None = None, span: Span | None = None) -> tuple[Finding, ...]:
    """Tortured phrases in ``text``: the model's findings plus, with ``pps`` (a loaded export), its
    fingerprint hits, which win where both cover the same words."""
    require_text(text)
    model = model or default_model()
    found = model.find(text, span, min_confidence=min_confidence)
    if pps is not None:
        known = pps_findings(text, pps)
        if span is not None:
            known = [f for f in known if span.start <= f.start and f.end <= span.end]
        found = _non_overlapping([*known, *found])
    return tuple(sorted(found, key=lambda f: f.start))


def tortured_edits(text: str, findings: Iterable[Finding], *, min_confidence: float = 0.0) -> tuple[Edit, ...]:
    """The findings as restore-stage edits (those with a proposal, at ``min_confidence`` or above)."""
    out = []
    for f in findings:
        if not f.proposed or f.proposed == f.found or f.confidence < min_confidence:
            continue
        known = {"wordnet": "a WordNet term", "curated": "a listed term", "collocation": "a known collocation",
                 "pps": "a PPS fingerprint"}
        reason = (f"tortured phrase: {f.found!r} -> {f.proposed!r} ({known.get(f.known, 'term not known')}; "
                  f"LM gain {f.gain:+.1f})")
        source = "pps" if f.source == "pps" else "tortured-words"
        start, replacement = _with_article(text, f.start, f.proposed)
        out.append(Edit(start, f.end, text[start:f.end], replacement, STAGE, reason, f.confidence, source))
    return tuple(out)


_ARTICLE_RE = re.compile(r"(?<![\w'’-])(an?) $", re.IGNORECASE)


def _with_article(text: str, start: int, proposal: str) -> tuple[int, str]:
    """Take a preceding "a"/"an" into the edit when the proposal needs the other one
    ("an irregular woodland" -> "a random forest")."""
    m = _ARTICLE_RE.search(text, max(0, start - 4), start)
    if m is None or not proposal:
        return start, proposal
    art = m.group(1)
    want = "an" if proposal[0].lower() in "aeiou" else "a"
    if art.lower() == want:
        return start, proposal
    new = want if art.islower() else want.capitalize()
    return m.start(), f"{new} {proposal}"


#: Findings from this many on make a paper "problematic" in PPS's reports (it lists papers with at
#: least five tortured phrases; a single one can be a translator's accident).
PAPER_FLAG_FINDINGS = 5


def paper_report(text: str, findings: Sequence[Finding]) -> dict[str, Any]:
    """The PPS-style summary of one document: findings counted and weighed (sum of confidences),
    per 1,000 words, distinct phrases, and whether it reaches the PPS reporting level."""
    n_words = sum(1 for _ in _WORD_RE.finditer(text))
    weight = sum(f.confidence for f in findings)
    distinct = len({f.found.lower() for f in findings})
    return {
        "findings": len(findings),
        "distinct": distinct,
        "weight": round(weight, 3),
        "per_1000_words": round(1000.0 * len(findings) / max(n_words, 1), 2),
        "words": n_words,
        "problematic": len(findings) >= PAPER_FLAG_FINDINGS,
        "score": round(1.0 - math.exp(-weight / 2.0), 4),
    }


# --- the science domain's restore stage ---------------------------------------------------------

#: Findings below the apply floor but at least this confident are offered as suggestions.
SUGGEST_FLOOR = 0.25


def load_known_table(path: str) -> Any:
    """A user table as PPS fingerprints: a PPS CSV export (query syntax included) or a phrase-table
    TSV (each row a plain fingerprint ``observed`` -> ``original``)."""
    from pathlib import Path


    p = Path(path)
    try:
        head = p.read_text(encoding="utf-8-sig")[:200].lstrip().lower()
    except (OSError, UnicodeDecodeError):
        head = ""
    if head.startswith("fingerprint - tortured phrase"):
        return load_pps_csv(p)
    pt = read_table(p)
    fps = tuple(Fingerprint(e.spun, e.original, None, (Clause(tuple(words_of(e.spun))),), n + 1)
                for n, e in enumerate(pt.entries) if words_of(e.spun))
    return PPSTable(fps, str(p))


@lru_cache(maxsize=16)
def _known_tables(paths: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(load_known_table(p) for p in paths)


class _Merged:
    """Several fingerprint tables searched as one (``find`` like :class:`textrepair.lexical.pps.PPSTable`)."""

    def __init__(self, tables: Sequence[Any]):
        self.tables = tuple(tables)

    def find(self, text: str) -> list:
        return sorted((h for t in self.tables for h in t.find(text)), key=lambda x: (x[0].start, -x[0].end))


def known_tables(paths: Iterable[str]) -> Any:
    """The fingerprint tables of ``paths`` merged (None when there are none); cached per path list."""
    paths = tuple(str(p) for p in paths)
    return _Merged(_known_tables(paths)) if paths else None


def science_record(text: str, *, tables: Iterable[str] = (), min_confidence: float | None = None,
                   paragraphs: Sequence[Span] | None = None, model: ScienceModel | None = None) -> Any:
    """The science domain's ``restore`` stage record: each paragraph's findings as edits (confident
    ones with a proposal), suggestions (the rest above :data:`SUGGEST_FLOOR`) and a paragraph
    score with one ``tortured`` (or ``pps``) signal per finding. ``tables`` are PPS exports or
    phrase tables whose fingerprints are added as known findings."""
    require_text(text)
    model = model or default_model()
    floor = model.min_confidence if min_confidence is None else min_confidence
    pps = known_tables(tables)
    spans = split_paragraphs(text) if paragraphs is None else paragraphs
    edits: list[Edit] = []
    suggestions: list[Suggestion] = []
    scores: list[ParagraphScore] = []
    for sp in spans:
        findings = find_tortured(text, pps=pps, model=model, min_confidence=min(floor, SUGGEST_FLOOR), span=sp)
        applied = [f for f in findings if f.confidence >= floor]
        edits.extend(tortured_edits(text, applied))
        for f in findings:
            if f.confidence < floor and f.proposed:
                suggestions.append(Suggestion(f.start, f.end, f.found, (f.proposed, *f.alternatives),
                                              f.confidence, "tortured phrase below the confidence threshold"))
        signals = tuple(Signal("pps" if f.source == "pps" else "tortured", f.start, f.end, f.found,
                               round(f.confidence, 4), f"-> {f.proposed!r}; " + "; ".join(f.evidence))
                        for f in findings)
        weight = sum(f.confidence for f in applied)
        scores.append(ParagraphScore(sp.start, sp.end, 1.0 - math.exp(-weight), bool(applied), signals))
    return StageRecord(STAGE, tuple(edits), tuple(suggestions), tuple(scores))


def restore_stage(text: str, ctx: Any) -> Any:
    """The pipeline's ``restore`` stage in the science domain (``RepairConfig(domain="science")``)."""
    cfg = ctx.config
    floor = cfg.min_confidence if cfg.min_confidence is not None else cfg.threshold
    return science_record(text, tables=tuple(cfg.tables), min_confidence=floor,
                          paragraphs=document_paragraphs(text, getattr(ctx, "document", None)))


def scan_science(doc: Any, *, tables: Iterable[str] = (), min_confidence: float | None = None) -> dict[str, Any]:
    """The ``textrepair scan --domain science`` record of a document: the PPS-style summary and every
    finding (offsets into ``doc.text``), confident or not (``applied`` says which a repair applies)."""
    model = default_model()
    floor = model.min_confidence if min_confidence is None else min_confidence
    body = doc.body if hasattr(doc, "body") else Span(0, len(doc.text))
    findings = find_tortured(doc.text, pps=known_tables(tables), model=model,
                             min_confidence=min(floor, SUGGEST_FLOOR), span=body)
    applied = [f for f in findings if f.confidence >= floor]
    summary = paper_report(doc.text[body.start:body.end], applied)
    rows = []
    for f in findings:
        d = f.to_dict()
        d["applied"] = f.confidence >= floor
        d["sentence"] = _sentence_span(doc.text, f.start, f.end)
        rows.append(d)
    return {"domain": "science", "score": summary["score"], "spun": summary["findings"] > 0,
            "summary": summary, "findings": rows}


def _sentence_span(text: str, start: int, end: int) -> list[int]:
    """[start, end) of the sentence around a span (for reports): back to the previous sentence end
    or line break, forward to the next."""
    s = start
    while s > 0 and text[s - 1] != "\n" and not (text[s - 1] == " " and s >= 2 and text[s - 2] in ".!?"):
        s -= 1
    e = end
    while e < len(text) and text[e] != "\n" and not (text[e] in ".!?" and (e + 1 == len(text) or text[e + 1].isspace())):
        e += 1
    return [s, min(len(text), e + 1)]
