"""Provenance: link each article segment of a body to the front-matter record it copies, with a calibrated score and evidence.

How a segment is linked (issue 3):

1. **Candidates** come from an inverted index over spin-robust features of each record — numbers,
   names, title and URL-slug words, and trigrams of its "immutables" skeleton (DSpin: words a
   spinner leaves alone; approximated by very frequent words, wordfreq zipf >= 6, plus numbers and
   names). Features found in too many records are skipped (passim's ``--max-series`` idea), the
   rest vote with their IDF; a fuzzy title search adds the records whose titles look alike.
2. **Exact scoring** of those candidates: title similarity (also after restoring spun words when
   the restorer is installed), alignment of the record's excerpt (usually the lede) with the
   body's opening on its skeleton and sentence by sentence, a paraphrase alignment of the
   excerpt's sentences with any sentences of the segment, in order (words matched by lemma, stem
   or synonym, weighted by IDF: survives sentence-level rewrites and copies that start after the
   lede), IDF-weighted coverage of the record's rare tokens, URL-slug words, and date
   plausibility. A logistic model turns these features into a score in [0, 1]; below
   :data:`LINK_THRESHOLD` the linker abstains.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from .text.align import align_sentences, monotone_pairs, word_diffs, words_of
from .text.document import Document, parse_document
from .core.errors import require_text
from .lexical.lexicon import lemmas as _lemmas
from .lexical.lexicon import synonyms as _synonyms
from .records import Record
from .text.segment import is_headline, split_paragraphs, split_sentences
from .core.types import Segment, Signal, Span

# --- tokens and the immutables skeleton ---------------------------------------------------------

#: Words at or above this wordfreq Zipf value count as "immutables" (anchors.md §2.1, §4.5: a
#: spinner's dictionary does not rewrite the very frequent function words, so their sequence
#: survives spinning; the toy check there keeps 0.71 Jaccard on 3-grams at 30% substitution).
IMMUTABLE_ZIPF = 6.0

# Whole numbers with thousands separators, decimals, currency and percent are one token
# ("$1,250.5", "90%"), so "14,000" does not become the two tokens "14" and "000".
_TOKEN_RE = re.compile(
    r"[$£€]?\d(?:[\d,.]*\d)?%?"
    r"|(?:[A-Za-z]\.){2,}"
    r"|[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*"
)
_NUM_CLEAN_RE = re.compile(r"[$£€,%]")
_SENTENCE_END_RE = re.compile(r"[.!?:;\"”]\s*$")
_ARTEFACT_DATE_RE = re.compile(r"\A\s*date (\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTH_DATE_RE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+(\d{1,2}))?,?\s+((?:19|20)\d\d)\b")

FUNC, NUM, NAME, WORD = 0, 1, 2, 3

# Slug words that say nothing about an article (URL furniture).
_SLUG_STOP = frozenset("""
article articles news story stories amp amphtml html htm php index www com org net co uk tech
technology post posts blog c s p id en us world business category tag
""".split())


@cache
def immutables() -> frozenset[str]:
    """Very frequent English words (wordfreq Zipf >= 6): ~110 function words like the, of, to, said."""
    import wordfreq

    return frozenset(w for w in wordfreq.top_n_list("en", 500)
                     if wordfreq.zipf_frequency(w, "en") >= IMMUTABLE_ZIPF)


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    import wordfreq

    return wordfreq.zipf_frequency(word, "en")


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: normalised form, kind (FUNC, NUM, NAME, WORD) and its span."""

    norm: str
    kind: int
    start: int
    end: int


def _norm_word(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with their kinds.

    A capitalised word is a NAME unless it starts a sentence and is a common word (Zipf >= 4:
    "Regulation" at the start of a sentence is not a name, "Clearview" is).
    """
    end = len(text) if end is None else end
    imm = immutables()
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text, start, end):
        w = m.group()
        c = w[0]
        if c.isdigit() or c in "$£€":
            norm = _NUM_CLEAN_RE.sub("", w).rstrip(".")
            out.append(Token(norm, NUM, m.start(), m.end()))
            continue
        norm = _norm_word(w)
        if norm in imm:
            kind = FUNC
        elif c.isupper():
            j = m.start() - 1
            while j >= start and text[j] in " \t\"'“‘(":
                j -= 1
            initial = j < start or text[j] in ".!?\n\r:"
            kind = WORD if initial and _zipf(norm) >= 4.0 else NAME
        else:
            kind = WORD
        out.append(Token(norm, kind, m.start(), m.end()))
    return out


def _char(tok: Token) -> str:
    # Skeleton alphabet: one character per token so rapidfuzz aligns token sequences at C speed.
    # A stable hash (crc32, not hash()) keeps results identical across runs.
    return chr(0x4E00 + zlib.crc32(tok.norm.encode("utf-8")) % 20000)


def _encode(tokens: Sequence[Token], skip: int, char: Callable[[Token], str]) -> tuple[str, list[int]]:
    """One character per token whose kind is not ``skip``, and the token index of each character."""
    where = [i for i, t in enumerate(tokens) if t.kind != skip]
    return "".join(char(tokens[i]) for i in where), where


def skeleton(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """The immutables skeleton (function words, numbers, names) as a string, and the token index of each char."""
    return _encode(tokens, WORD, _char)


def _stem_char(tok: Token) -> str:
    # Five-letter prefixes as crude stems ("suspended"/"suspend", "security"/"secure"): paraphrase
    # and round-trip translation change inflections far more often than word stems.
    return chr(0x4E00 + zlib.crc32(tok.norm[:5].encode("utf-8")) % 20000)


def stems(tokens: Iterable[Token]) -> frozenset[str]:
    """Five-letter stems of the content words, names and numbers among ``tokens``."""
    return frozenset(t.norm[:5] for t in tokens if t.kind != FUNC and len(t.norm) > 1)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def content_string(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """The complement of the skeleton: stems of content words, names and numbers, in order."""
    return _encode(tokens, FUNC, _stem_char)


def slug_words(url: str) -> list[str]:
    """The words of a URL's path (its slug), minus furniture and opaque ids."""
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return []
    words = re.findall(r"[a-z]+|\d+", path.lower())
    return [w for w in words if w not in _SLUG_STOP and len(w) > 1
            and not (w.isdigit() and len(w) > 4)]


def clean_excerpt(excerpt: str) -> str:
    """An excerpt without its cut tail: aggregators cut excerpts mid-word and add "..."."""
    s = excerpt.strip()
    cut = False
    for tail in ("...", "…", "[…]", "[...]"):
        if s.endswith(tail):
            s = s[: -len(tail)].rstrip()
            cut = True
    if s and (cut or not _SENTENCE_END_RE.search(s)):
        # The last word may be a fragment ("collecting and using data belonging to French citizens without").
        # (rsplit, not re.sub(r"\s*\S+$"): that pattern rescans the rest of the text from every
        # position of a long token, quadratic: 1.4 s for a 20 kB excerpt, minutes for 256 kB.)
        words = s.rsplit(None, 1)
        s = words[0] if len(words) == 2 else ""
    return s


# --- sentence words for paraphrase alignment ------------------------------------------------------

#: Sentences with fewer content words than this are not aligned (datelines, captions, "Advertisement").
MIN_SENTENCE_WORDS = 3
#: A segment's sentences are aligned from the start of its opening through this many characters
#: and at most MAX_SEGMENT_SENTENCES sentences: copies may start after the lede (pairs/046) or
#: put a standfirst first, and a corpus excerpt holds ~2,000 characters.
PARAPHRASE_CHARS = 10_000
MAX_SEGMENT_SENTENCES = 80


@lru_cache(maxsize=200_000)
def match_keys(norm: str) -> frozenset[str]:
    """What a word matches on: its form, its lemmas (textrepair.lexicon: "stole" -> "steal",
    "agencies" -> "agency") and, for words of 5+ letters, its 5-letter stem ("~secur")."""
    if norm[:1].isdigit():
        return frozenset((norm,))
    keys = {norm, *_lemmas(norm)}
    if len(norm) >= 5:
        keys.add("~" + norm[:5])
    return frozenset(keys)


@lru_cache(maxsize=50_000)
def synonym_keys(norm: str) -> frozenset[str]:
    """Synonyms of a word's form and lemmas (textrepair.lexicon.synonyms: WordNet + Moby)."""
    out: set[str] = set()
    for lemma in {norm, *_lemmas(norm)}:
        out |= _synonyms(lemma)
    return frozenset(out)


#: Packaged phrase tables whose observed -> original pairs widen a body sentence's keys (the
#: spinner's own dictionary: "know-how" may stand for "technology", "international locations"
#: for "countries").
SPINNER_TABLES = ("spinner-news", "names-news")


@cache
def spinner_originals() -> tuple[Mapping[tuple[str, ...], frozenset[str]], int]:
    """Observed phrase (its token norms) -> match keys of the content words of its originals in
    SPINNER_TABLES, and the longest phrase in tokens. Empty when no table is packaged."""
    from .lexical.tables import load_table

    out: dict[tuple[str, ...], set[str]] = {}
    for name in SPINNER_TABLES:
        try:
            table = load_table(name)
        except Exception:  # noqa: BLE001 - linking works without the tables, only less well on spun text
            continue
        for e in table.entries:
            observed = tuple(t.norm for t in tokenize(e.observed))
            keys = {k for t in tokenize(e.original) if t.kind != FUNC and len(t.norm) > 1
                    for k in match_keys(t.norm)}
            if observed and keys:
                out.setdefault(observed, set()).update(keys)
    longest = max((len(k) for k in out), default=0)
    return MappingProxyType({k: frozenset(v) for k, v in out.items()}), longest


@dataclass(frozen=True, slots=True)
class SentenceWords:
    """The content words of one sentence (numbers, names, words other than immutables) for
    paraphrase alignment, with the keys they match on."""

    span: Span
    words: tuple[str, ...]
    common: tuple[bool, ...]        # per word: an ordinary word (not a number or a name)
    keys: frozenset[str]            # match_keys of every word
    table_keys: frozenset[str] = frozenset()    # keys of what spun phrases here stood for (bodies only)
    alt: tuple[frozenset[str], ...] = ()         # per word: the table keys of the phrase covering it
    # key -> indices of the words it belongs to (records only): a body sentence is matched
    # through set intersections instead of word by word
    key_words: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))


def _table_hits(norms: Sequence[str]) -> list[frozenset[str]]:
    """Per token, the keys of the originals of spinner-table phrases covering it (longest first)."""
    table, longest = spinner_originals()
    alt: list[frozenset[str]] = [frozenset()] * len(norms)
    i = 0
    while i < len(norms):
        for n in range(min(longest, len(norms) - i), 0, -1):
            keys = table.get(tuple(norms[i : i + n]))
            if keys is not None:
                for j in range(i, i + n):
                    alt[j] = alt[j] | keys
                i += n
                break
        else:
            i += 1
    return alt


def sentence_words(text: str, span: Span, tokens: Sequence[Token], *, as_record: bool = False,
                   with_table: bool = False, sentences: Sequence[Span] | None = None) -> tuple[SentenceWords, ...]:
    """The sentences of ``text[span]`` with at least MIN_SENTENCE_WORDS content words.

    ``tokens`` are tokens of ``text`` sorted by position (they may cover more than ``span``).
    ``as_record``: index the words by key (a record's excerpt, matched against many body
    sentences); ``with_table``: add spinner-table keys (a body: spun text). ``sentences``: the
    sentence spans of ``span`` when already split.
    """
    starts = [t.start for t in tokens]
    out = []
    for sent in (sentences if sentences is not None else split_sentences(text, span)):
        k = bisect_left(starts, sent.start)
        j = k
        while j < len(tokens) and tokens[j].end <= sent.end:
            j += 1
        toks = tokens[k:j]
        content = [i for i, t in enumerate(toks) if t.kind != FUNC and len(t.norm) > 1]
        if len(content) < MIN_SENTENCE_WORDS:
            continue
        words = tuple(toks[i].norm for i in content)
        common = tuple(toks[i].kind == WORD for i in content)
        keys: set[str] = set()
        for w in words:
            keys |= match_keys(w)
        key_words: dict[str, list[int]] = {}
        if as_record:
            for i, w in enumerate(words):
                for key in match_keys(w):
                    key_words.setdefault(key, []).append(i)
        alt: tuple[frozenset[str], ...] = ()
        table_keys: frozenset[str] = frozenset()
        if with_table:
            hits = _table_hits([t.norm for t in toks])
            table_keys = frozenset().union(*hits) - keys
            alt = tuple(hits[i] for i in content)
        out.append(SentenceWords(sent, words, common, frozenset(keys), table_keys, alt,
                                 MappingProxyType({k: tuple(v) for k, v in key_words.items()})))
    return tuple(out)


# --- the views scored: a segment of a body, and a record ----------------------------------------

#: How much of a segment's opening is compared with a record's excerpt (characters after the
#: headline). Aggregator excerpts are 150-400 characters of the lede; spun copies may carry a
#: standfirst, a byline or a caption first, so allow several paragraphs.
OPENING_CHARS = 2500
#: Spun copies often open with site furniture ("Product reviews, deals and the latest tech news")
#: before the headline: short lines in this many leading characters are tried as the title.
TITLE_SEARCH_CHARS = 600


@dataclass(frozen=True)
class SegmentView:
    """What the linker reads from one article segment: its title, opening and tokens (offsets into the text)."""

    text: str
    segment: Segment
    title: Span | None
    opening: Span
    tokens: tuple[Token, ...]          # of the whole segment
    opening_tokens: tuple[Token, ...]
    skel: str
    skel_index: tuple[int, ...]
    content: str
    sentence_words: tuple[SentenceWords, ...]   # sentences from the opening on, for paraphrase alignment
    artefact_date: datetime | None
    mentioned_dates: tuple[tuple[datetime, Span], ...]
    title_lines: tuple[Span, ...] = ()   # short lines near the top that may be the headline
    token_set: frozenset[str] = frozenset()
    opening_sentences: tuple[Span, ...] = ()

    @property
    def title_text(self) -> str:
        return self.title.of(self.text) if self.title else ""

    @property
    def opening_text(self) -> str:
        return self.opening.of(self.text)

def segment_view(text: str, segment: Segment) -> SegmentView:
    """Read a segment: its headline (or a short first line), the opening after it, tokens and dates."""
    title: Span | None = None
    body_start = segment.start
    if segment.title_start is not None and segment.title_end is not None:
        title = Span(segment.title_start, segment.title_end)
        body_start = segment.title_end
    else:
        paras = split_paragraphs(text, segment.start, segment.end)
        if paras:
            first = paras[0].of(text)
            if "\n" not in first and len(first) <= 200 and (is_headline(first) or not _SENTENCE_END_RE.search(first)):
                title = paras[0]
                body_start = paras[0].end
    artefact_date = None
    m = _ARTEFACT_DATE_RE.match(text, body_start, segment.end)
    if m:
        try:
            artefact_date = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=timezone.utc)
        except ValueError:
            artefact_date = None
        body_start = m.end()
    while body_start < segment.end and text[body_start].isspace():
        body_start += 1
    opening = Span(body_start, min(segment.end, body_start + OPENING_CHARS))
    tokens = tuple(tokenize(text, segment.start, segment.end))
    opening_tokens = tuple(t for t in tokens if opening.start <= t.start and t.end <= opening.end)
    skel, where = skeleton(opening_tokens)
    content, _ = content_string(opening_tokens)
    window = Span(opening.start, min(segment.end, opening.start + PARAPHRASE_CHARS))
    sent_words = sentence_words(text, window, tokens, with_table=True)[:MAX_SEGMENT_SENTENCES]
    dates = []
    for dm in _MONTH_DATE_RE.finditer(text, segment.start, segment.end):
        month = _MONTHS[dm.group(1).lower()]
        day = int(dm.group(2)) if dm.group(2) else 1
        try:
            dates.append((datetime(int(dm.group(3)), month, min(day, 28), tzinfo=timezone.utc),
                          Span(dm.start(), dm.end())))
        except ValueError:
            continue
    lines = [title] if title else []
    for para in split_paragraphs(text, segment.start, min(segment.end, segment.start + TITLE_SEARCH_CHARS)):
        chunk = para.of(text)
        if para != title and "\n" not in chunk and 15 <= len(chunk) <= 200:
            lines.append(para)
    return SegmentView(text, segment, title, opening, tokens, opening_tokens, skel, tuple(where), content,
                       sent_words, artefact_date, tuple(dates), tuple(lines[:4]),
                       frozenset(t.norm for t in tokens), split_sentences(text, opening))


@dataclass(frozen=True)
class RecordView:
    """What the linker reads from a record: normalised title, cut-free excerpt, tokens, skeleton, slug."""

    record: Record
    title_norm: str
    excerpt: str
    excerpt_tokens: tuple[Token, ...]
    title_tokens: tuple[Token, ...]
    skel: str
    content: str
    title_stems: frozenset[str]
    sentence_words: tuple[SentenceWords, ...]   # excerpt sentences, for paraphrase alignment
    title_words: tuple[str, ...]    # distinct numbers, names and content words of the title
    excerpt_words: tuple[str, ...]  # ... and of the excerpt
    slug: tuple[str, ...]
    excerpt_sentences: tuple[Span, ...] = ()

    @property
    def rare(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.title_words, *self.excerpt_words)))


def record_view(record: Record) -> RecordView:
    excerpt = clean_excerpt(record.excerpt)
    et = tuple(tokenize(excerpt))
    tt = tuple(tokenize(record.title))
    skel, _ = skeleton(et)
    title_words = tuple(dict.fromkeys(t.norm for t in tt if t.kind != FUNC and len(t.norm) > 1))
    excerpt_words = tuple(dict.fromkeys(t.norm for t in et if t.kind != FUNC and len(t.norm) > 1))
    slug: dict[str, None] = {}
    for url in dict.fromkeys(record.urls.values()):
        for w in slug_words(url):
            slug[w] = None
    sentences = split_sentences(excerpt)
    return RecordView(record, default_process(record.title), excerpt, et, tt, skel,
                      content_string(et)[0], stems(tt),
                      sentence_words(excerpt, Span(0, len(excerpt)), et, as_record=True, sentences=sentences),
                      title_words, excerpt_words, tuple(slug), sentences)


# --- scoring -------------------------------------------------------------------------------------

#: A link is reported when its calibrated score reaches this (0.5: the model's odds are even).
LINK_THRESHOLD = 0.5


@dataclass(frozen=True)
class Link:
    """A record linked to a segment: score in [0, 1], the segment span, and the evidence for it."""

    record: Record
    score: float
    start: int
    end: int
    evidence: tuple[Signal, ...]
    features: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    @property
    def record_id(self) -> str:
        return self.record.id

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record.id, "score": round(self.score, 4), "start": self.start,
                "end": self.end, "evidence": [e.to_dict() for e in self.evidence]}

    def _repr_html_(self) -> str:  # notebook view; render.py is imported only when a notebook asks
        from .core.display import view

        return view([self])._repr_html_()


@lru_cache(maxsize=256)
def _stems_of(text: str) -> frozenset[str]:
    # A segment's title lines are compared with every candidate's title: tokenize them once.
    return stems(tokenize(text))


def _title_similarity(rv: RecordView, sv: SegmentView,
                      restored_title: str | None) -> tuple[float, str, Span | None]:
    if not rv.title_norm:
        return 0.0, "", None
    best, how, where = 0.0, "", None
    candidates = [(span.of(sv.text), "title" if span == sv.title else "line", span)
                  for span in sv.title_lines]
    if restored_title and sv.title is not None:
        candidates.append((restored_title, "restored title", sv.title))
    for text, label, span in candidates:
        s = default_process(text)
        if not s:
            continue
        v = max(fuzz.ratio(rv.title_norm, s), fuzz.token_sort_ratio(rv.title_norm, s)) / 100.0
        # A rewriter reorders a headline ("X confirms Y stolen" -> "The theft of Y has been
        # confirmed by X"): the overlap of content stems catches what character ratios miss.
        v = max(v, dice(rv.title_stems, _stems_of(text)))
        if v > best:
            best, how, where = v, label, span
    return best, how, where


def _skeleton_alignment(rv: RecordView, sv: SegmentView) -> tuple[float, float, Span | None]:
    """How well the excerpt's skeleton aligns with a stretch of the opening's skeleton, in [0, 1],
    the evidence it amounts to (similarity above chance times skeleton length over
    EVIDENCE_SKELETON, capped at 1) and the aligned stretch of the body."""
    if len(rv.skel) < 4 or not sv.skel:
        return 0.0, 0.0, None
    a = fuzz.partial_ratio_alignment(rv.skel, sv.skel)
    if a is None:
        return 0.0, 0.0, None
    span = None
    if a.dest_end > a.dest_start:
        first = sv.opening_tokens[sv.skel_index[a.dest_start]]
        last = sv.opening_tokens[sv.skel_index[a.dest_end - 1]]
        span = Span(first.start, last.end)
    sim = a.score / 100.0
    mass = max(0.0, sim - CHANCE["skeleton"]) / (1 - CHANCE["skeleton"]) * min(1.0, len(rv.skel) / EVIDENCE_SKELETON)
    return sim, mass, span


def _content_alignment(rv: RecordView, sv: SegmentView) -> float:
    """Evidence from the order of the excerpt's content words (stems) in the opening: a rewrite
    keeps the order of what it says, an independent report of the same news does not."""
    if len(rv.content) < 4 or not sv.content:
        return 0.0
    a = fuzz.partial_ratio_alignment(rv.content, sv.content)
    if a is None:
        return 0.0
    sim = a.score / 100.0
    return max(0.0, sim - CHANCE["content"]) / (1 - CHANCE["content"]) * min(1.0, len(rv.content) / EVIDENCE_SKELETON)


@lru_cache(maxsize=8192)
def _synonym_union(words: tuple[str, ...], common: tuple[bool, ...]) -> frozenset[str]:
    return frozenset().union(*(synonym_keys(w) for w, c in zip(words, common) if c))


def sentence_synonyms(r: SentenceWords) -> frozenset[str]:
    """The synonym keys of a sentence's ordinary words (built when first needed: the synonym
    graph is large and most sentence pairs are decided without it)."""
    return _synonym_union(r.words, r.common)


def _recall(r: SentenceWords, b: SentenceWords, weights: Mapping[str, float], total: float | None = None,
            need: float = 0.0) -> float:
    """Weighted share of a record sentence's words found in a body sentence: by form, lemma or
    stem (full weight), as what a spun phrase stood for (TABLE_CREDIT) or, for ordinary words,
    as a synonym (SYNONYM_CREDIT). Synonyms are only looked up when they could lift the share
    above ``need``."""
    credit: dict[int, float] = {}
    if b.table_keys:
        for key in r.keys & b.table_keys:
            for i in r.key_words[key]:
                credit[i] = TABLE_CREDIT
    for key in r.keys & b.keys:
        for i in r.key_words[key]:
            credit[i] = 1.0
    words = r.words
    if total is None:
        total = sum(weights[w] for w in words)
    if not total:
        return 0.0
    got = sum(c * weights[words[i]] for i, c in credit.items())
    open_words = [i for i, c in enumerate(r.common) if c and i not in credit]
    if open_words and got + SYNONYM_CREDIT * sum(weights[words[i]] for i in open_words) > need * total:
        for i in open_words:
            if not synonym_keys(words[i]).isdisjoint(b.keys):
                got += SYNONYM_CREDIT * weights[words[i]]
    return got / total


def _precision(b: SentenceWords, r: SentenceWords, weights: Mapping[str, float]) -> float:
    """Weighted share of a body sentence's words found in a record sentence (synonyms tested
    against the record sentence's synonym set: the synonym graph is symmetric)."""
    total = got = 0.0
    synonyms: frozenset[str] | None = None
    for i, (w, c) in enumerate(zip(b.words, b.common)):
        weight = weights[w]
        total += weight
        keys = match_keys(w)
        if not keys.isdisjoint(r.keys):
            got += weight
        elif b.alt and b.alt[i] and not b.alt[i].isdisjoint(r.keys):
            got += TABLE_CREDIT * weight
        elif c:
            if synonyms is None:
                synonyms = sentence_synonyms(r)
            if not keys.isdisjoint(synonyms):
                got += SYNONYM_CREDIT * weight
    return got / total if total else 0.0


class _Weights(dict):  # type: ignore[type-arg]
    """word -> word_weight, computed when first asked for (most words are never asked for)."""

    def __init__(self, idf: Mapping[str, float] | None, default_idf: float) -> None:
        super().__init__()
        self.idf = idf
        self.default_idf = default_idf

    def __missing__(self, word: str) -> float:
        v = self[word] = word_weight(word, self.idf, self.default_idf)
        return v


def word_weights(idf: Mapping[str, float] | None, default_idf: float = 1.0) -> Mapping[str, float]:
    """word -> word_weight under ``idf``; a RecordIndex's IDF view keeps one such memo per query
    state, shared by all the candidates scored against it."""
    if isinstance(idf, _IdfView) and default_idf == 1.0:
        return idf.weights
    return _Weights(idf, default_idf)


def _f_beta(recall: float, precision: float) -> float:
    b2 = PARAPHRASE_BETA * PARAPHRASE_BETA
    return (1 + b2) * recall * precision / (b2 * precision + recall) if recall > 0 and precision > 0 else 0.0


def paraphrase_chance(sentences: int) -> float:
    """The paraphrase similarity an unrelated excerpt sentence reaches by chance against the best
    of ``sentences`` body sentences: CHANCE["paraphrase"] up to CHANCE_SENTENCES sentences, then
    PARAPHRASE_CHANCE_SLOPE more per doubling (the best of more sentences is higher by chance)."""
    extra = math.log2(sentences / CHANCE_SENTENCES) if sentences > CHANCE_SENTENCES else 0.0
    return CHANCE["paraphrase"] + PARAPHRASE_CHANCE_SLOPE * extra


def _paraphrase_alignment(rv: RecordView, sv: SegmentView,
                          weights: Mapping[str, float]) -> tuple[float, float, Span | None]:
    """Align the excerpt's sentences, in order, with sentences anywhere in the segment's first
    PARAPHRASE_CHARS, on their content words matched by form, lemma, stem or synonym and
    weighted like the coverage features (``weights``: word_weight, IDF among the records damped
    for common English).

    A sentence pair's similarity is the F-beta (PARAPHRASE_BETA) of the two directions' weighted
    shares; pairs above the chance level (:func:`paraphrase_chance`) count. A rewriter keeps what each sentence says and
    the order of the sentences; an independent report of the same news spreads the facts over
    other sentences and adds its own. Returns the evidence (aligned excerpt characters above
    chance over EVIDENCE_CHARS, capped at 1), the mean similarity of the aligned pairs, and the
    body stretch they cover.
    """
    rs, bs = rv.sentence_words, sv.sentence_words
    if not rs or not bs:
        return 0.0, 0.0, None
    chance = paraphrase_chance(len(bs))
    b2 = PARAPHRASE_BETA * PARAPHRASE_BETA
    # F-beta can at best reach (1 + b2) R / (b2 + R) (precision 1): a pair needs R above this
    # to beat chance, and the precision pass is skipped below it.
    need = b2 * chance / (1 + b2 - chance)
    totals = [sum(weights[w] for w in r.words) for r in rs]
    gain = []
    for ri, r in enumerate(rs):
        row = []
        for b in bs:
            g = 0.0
            # A rewrite keeps some word of each sentence (a name, a number, a stem): pairs that
            # share none are not compared.
            if not (r.keys.isdisjoint(b.keys) and r.keys.isdisjoint(b.table_keys)):
                rec = _recall(r, b, weights, totals[ri], need)
                if rec > need:
                    g = max(0.0, _f_beta(rec, _precision(b, r, weights)) - chance)
            row.append(g)
        gain.append(row)
    pairs = monotone_pairs(gain)
    if not pairs:
        return 0.0, 0.0, None
    mass = sum((rs[i].span.end - rs[i].span.start) * g / (1 - chance) for i, _, g in pairs)
    sim = sum(g for _, _, g in pairs) / len(pairs) + chance
    span = Span(bs[pairs[0][1]].span.start, bs[pairs[-1][1]].span.end)
    return min(1.0, mass / EVIDENCE_CHARS), sim, span


def word_weight(word: str, idf: Mapping[str, float] | None, default_idf: float = 1.0) -> float:
    """How much a shared word says: its IDF among the records, damped for common English words
    (a shared "Apple" or "police" says less than a shared "Goodfellow" or "776")."""
    base = idf.get(word, default_idf) if idf is not None else default_idf
    if word[:1].isdigit():
        return base
    z = _zipf(word)
    return base * min(1.0, max(0.25, (7.0 - z) / 4.0))


def _coverage(words: Sequence[str], have: frozenset[str], weights: Mapping[str, float]) -> tuple[float, list[str]]:
    """Weighted (word_weight) share of ``words`` found in ``have``, and the shared words."""
    total = found = 0.0
    shared = []
    for w in words:
        weight = weights[w]
        total += weight
        if w in have:
            found += weight
            shared.append(w)
    return (found / total if total else 0.0), shared


def _sentence_coverage(rv: RecordView, sv: SegmentView) -> tuple[float, float, Span | None]:
    """Sentence-by-sentence alignment of the excerpt with the opening.

    Returns the share of the excerpt's characters that align (weighted by how well), the amount
    of evidence (aligned characters above chance, over EVIDENCE_CHARS, capped at 1: a whole
    300-character lede that aligns says more than one shared 100-character sentence, which two
    independent reports of one press release can share) and where it aligned.
    """
    if len(rv.excerpt) < 20:
        return 0.0, 0.0, None
    pairs = align_sentences(rv.excerpt, sv.text, min_score=0.5, a_sentences=rv.excerpt_sentences,
                            b_sentences=sv.opening_sentences)
    if not pairs:
        return 0.0, 0.0, None
    covered = sum((p.a.end - p.a.start) * p.score for p in pairs)
    mass = sum((p.a.end - p.a.start) * (p.score - 0.4) / 0.6 for p in pairs)
    span = Span(pairs[0].b.start, pairs[-1].b.end)
    return min(1.0, covered / len(rv.excerpt)), min(1.0, mass / EVIDENCE_CHARS), span


def _verbatim(rv: RecordView, sv: SegmentView) -> bool:
    """The excerpt (at least VERBATIM_MIN_CHARS of it) occurs word for word in the opening."""
    e = default_process(rv.excerpt)
    if len(e) < VERBATIM_MIN_CHARS:
        return False
    return e in default_process(sv.opening_text)


def _slug_coverage(rv: RecordView, sv: SegmentView) -> float:
    words = [w for w in rv.slug if not w.isdigit()]
    if len(words) < 2:
        return 0.0
    have = sv.token_set
    return sum(1 for w in words if w in have) / len(words)


def _date_evidence(rv: RecordView, sv: SegmentView) -> tuple[float, str]:
    """Date plausibility: 1 when the body cannot be a copy of the record by its dates (its index
    date is more than 60 days from the record's, or it cites a month well after the record was
    published: a copy cannot report its future), else 0, with a note either way.

    A matching date is noted but earns nothing: independent reports of one story share it too.
    """
    pub = rv.record.published
    if pub is None:
        return 0.0, ""
    if sv.artefact_date is not None:
        days = abs((sv.artefact_date - pub).days)
        if days > 60:
            return 1.0, f"index date {sv.artefact_date.date()} is {days} days from the record's {pub.date()}"
    later = [d for d, _ in sv.mentioned_dates if d > pub + timedelta(days=31)]
    if later:
        d = max(later)
        return 1.0, f"body cites {d:%B %Y}, after the record's date {pub.date()}"
    if sv.artefact_date is not None:
        days = abs((sv.artefact_date - pub).days)
        return 0.0, f"index date {sv.artefact_date.date()} is {days} day(s) from the record's {pub.date()}"
    return 0.0, ""


#: Evidence saturates at this many aligned excerpt characters / skeleton tokens (an aggregator
#: excerpt is 150-400 characters; its skeleton about half its ~50 words).
EVIDENCE_CHARS = 250
EVIDENCE_SKELETON = 30
#: A verbatim excerpt must be at least this long (normalised characters) to count.
VERBATIM_MIN_CHARS = 60
#: Paraphrase alignment: a word found only as a synonym earns this share of its weight
#: (rewriters swap in synonyms, but the Moby lists are loose: "criminal" ~ "thief" and ~ "convict").
SYNONYM_CREDIT = 0.6
#: ... and a word that a spinner-table phrase of the body stood for (SPINNER_TABLES) this share.
TABLE_CREDIT = 1.0
#: CHANCE["paraphrase"] holds for bodies of up to this many sentences (dev-corpus bodies have
#: 3-19 aligned sentences, median 12); longer bodies raise it by PARAPHRASE_CHANCE_SLOPE per
#: doubling. Measured by ``benchmarks/fit_link_weights.py --chance`` on bodies made of 1, 3 and
#: 6 corpus texts joined: 95th percentile 0.300 at 12 sentences, 0.360 at 36, 0.401 at 71
#: (this function gives 0.300, 0.358, 0.407).
CHANCE_SENTENCES = 16
PARAPHRASE_CHANCE_SLOPE = 0.05
#: The sentence similarity is an F-beta of the two directions: recall (how much of the record's
#: sentence is found) counts more, because rewriters pad ("Getty Images, a platform for
#: user-generated content, stated that ..."). beta 1, 2 and 3 all give 40/42 leave-one-story-out
#: on the dev corpus (benchmarks/fit_link_weights.py); 2 kept the widest margin.
PARAPHRASE_BETA = 2.0

#: The features, in order. Each is in [0, 1]; ``date_conflict`` is 0 or 1.
FEATURES = ("title", "title_words", "excerpt_words", "skeleton", "content", "sentences", "paraphrase",
            "verbatim", "slug", "date_conflict")

#: Logistic model: score = sigmoid(BIAS + sum(WEIGHTS[f] * feature f)), fit on the dev corpus by
#: benchmarks/fit_link_weights.py (which prints these numbers and their cross-validated figures).
#: Fit 2026-11-22 on 237 records x (54 dev bodies + the seed body's two articles), hard
#: negatives 5 per body: in-sample and leave-one-story-out both 41/43 top-1, 0/43 false links;
#: LOSO margins: lowest right record linked 0.59 (pairs/040), highest wrong record 0.29
#: (clean/002, a same-story report from another outlet). Not linked: pairs/018 and /046, whose
#: bodies do not contain the record's lede (a different outlet's article quoting the same
#: statement; a copy starting mid-article).
WEIGHTS: Mapping[str, float] = MappingProxyType({
    "title": 0.30,
    "title_words": 3.91,
    "excerpt_words": 1.54,
    "skeleton": 2.43,
    "content": 1.12,
    "sentences": 2.13,
    "paraphrase": 5.77,
    "verbatim": 3.81,
    "slug": 0.00,          # slugs repeat the title: title_words already carries what they say
    "date_conflict": -0.56,
})
BIAS = -7.49
#: Chance levels subtracted before weighting: unrelated English text already scores this much
#: (title: rapidfuzz ratio of two unrelated headlines; skeleton: partial alignment of an unrelated
#: lede's function words against an opening; paraphrase: the 95th percentile of an unrelated
#: excerpt sentence's best similarity to a body's sentences, 0.300 on dev-corpus bodies, median
#: 0.180: ``benchmarks/fit_link_weights.py --chance``; see paraphrase_chance for longer bodies).
CHANCE: Mapping[str, float] = MappingProxyType({"title": 0.45, "skeleton": 0.45, "content": 0.2, "paraphrase": 0.3})


def _sigmoid(x: float) -> float:
    if x < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Features:
    """The raw measurements behind a score, and where in the body each was found."""

    values: Mapping[str, float]
    raw: Mapping[str, float]
    spans: Mapping[str, Span | None]
    notes: Mapping[str, str]


def measure(sv: SegmentView, rv: RecordView, *, idf: Mapping[str, float] | None = None,
            default_idf: float = 1.0, restored_title: str | None = None,
            prune_below: float | None = None) -> Features:
    """Measure every feature of one (segment, record) pair.

    With ``prune_below`` (a probability), the costly sentence alignment is skipped when the
    score could not reach it even with that feature and ``verbatim`` at their maximum (the
    features then hold 0 for them and the result only serves to rank the record low).
    """
    have = sv.token_set
    title, title_how, title_span = _title_similarity(rv, sv, restored_title)
    skel, skel_mass, skel_span = _skeleton_alignment(rv, sv)
    content = _content_alignment(rv, sv)
    weights = word_weights(idf, default_idf)
    para, para_sim, para_span = _paraphrase_alignment(rv, sv, weights)
    tw, t_shared = _coverage(rv.title_words, have, weights)
    ew, e_shared = _coverage(rv.excerpt_words, have, weights)
    slug = _slug_coverage(rv, sv)
    date, date_why = _date_evidence(rv, sv)
    sent, sent_mass, sent_span, verbatim = 0.0, 0.0, None, False
    bound = BIAS + WEIGHTS["sentences"] + WEIGHTS["verbatim"] + sum(
        WEIGHTS[k] * v for k, v in (
            ("title", max(0.0, title - CHANCE["title"]) / (1 - CHANCE["title"])), ("title_words", tw),
            ("excerpt_words", ew), ("skeleton", skel_mass), ("content", content), ("paraphrase", para),
            ("slug", slug), ("date_conflict", date)))
    if prune_below is None or _sigmoid(bound) >= prune_below:
        sent, sent_mass, sent_span = _sentence_coverage(rv, sv)
        verbatim = _verbatim(rv, sv)
    values = {
        "title": max(0.0, title - CHANCE["title"]) / (1 - CHANCE["title"]),
        "title_words": tw,
        "excerpt_words": ew,
        "skeleton": skel_mass,
        "content": content,
        "sentences": sent_mass,
        "paraphrase": para,
        "verbatim": 1.0 if verbatim else 0.0,
        "slug": slug,
        "date_conflict": date,
    }
    notes = {
        "title": f"{title_how} similarity {title:.2f} to the record title {rv.record.title!r}" if title_how else "",
        "title_words": f"{tw:.0%} of the title's words (IDF-weighted) occur: {', '.join(t_shared[:10])}" if t_shared else "",
        "excerpt_words": f"{ew:.0%} of the excerpt's words (IDF-weighted) occur: {', '.join(e_shared[:12])}" if e_shared else "",
        "skeleton": f"the excerpt's immutables skeleton (function words, numbers, names) aligns at {skel:.2f}" if skel_span else "",
        "sentences": f"{sent:.0%} of the excerpt aligns sentence by sentence" if sent_span else "",
        "content": f"the excerpt's content words align in order (evidence {content:.2f})" if content else "",
        "paraphrase": (f"the excerpt's sentences are rewritten in order in the body (mean similarity {para_sim:.2f}; "
                       "words matched by form, lemma, stem or synonym)") if para_span else "",
        "verbatim": "the excerpt occurs word for word" if verbatim else "",
        "slug": f"{slug:.0%} of the URL slug's words occur" if slug else "",
        "date_conflict": date_why,
    }
    seg = Span(sv.segment.start, sv.segment.end)
    spans = {"title": title_span, "title_words": seg, "excerpt_words": seg, "skeleton": skel_span,
             "content": skel_span or seg, "sentences": sent_span,
             "paraphrase": para_span, "verbatim": sent_span, "slug": seg, "date_conflict": seg}
    return Features(MappingProxyType(values),
                    MappingProxyType({"title": title, "skeleton": skel, "sentences": sent, "paraphrase": para_sim}),
                    MappingProxyType(spans), MappingProxyType(notes))


def calibrated_score(values: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS,
                     bias: float = BIAS) -> float:
    """The logistic model's probability that the record is the body's source."""
    return _sigmoid(bias + sum(weights[k] * values[k] for k in FEATURES))


def score_record(sv: SegmentView, rv: RecordView, *, idf: Mapping[str, float] | None = None,
                 default_idf: float = 1.0, restored_title: str | None = None,
                 prune_below: float | None = None) -> Link:
    """Score one record against one segment: calibrated score and evidence signals."""
    f = measure(sv, rv, idf=idf, default_idf=default_idf, restored_title=restored_title,
                prune_below=prune_below)
    score = calibrated_score(f.values)
    ev = []
    for k in FEATURES:
        note = f.notes[k]
        span = f.spans[k]
        if not note or span is None or (WEIGHTS[k] * f.values[k] == 0 and k != "date_conflict"):
            continue  # a measurement that adds nothing is not evidence (date notes still inform)
        text = span.of(sv.text) if k in ("title",) else ""
        ev.append(Signal(k, span.start, span.end, text, round(WEIGHTS[k] * f.values[k], 4), note))
    ev.sort(key=lambda s: (-abs(s.weight), s.name))
    return Link(rv.record, score, sv.segment.start, sv.segment.end, tuple(ev),
                MappingProxyType({**f.values, **{f"{k}_raw": v for k, v in f.raw.items()}}))


# --- restoring spun words in a title (the restorer is written elsewhere; degrade gracefully) ----

def _restore_title(title: str) -> str | None:
    """The title with spun words restored (None when nothing changes or no restorer is installed).

    Uses :func:`textrepair.restore.restore` with the detection threshold at 0 (a headline is too
    short to be flagged on its own); without it, the packaged spinner table's likeliest entries.
    The result is only compared with record titles, never shown as a repair.
    """
    if not title:
        return None
    try:
        from .spin.restore import restore
    except ImportError:
        return _restore_with_table(title)
    try:
        restored = restore(title, threshold=0.0).text
    except Exception:  # noqa: BLE001 - restoration is a bonus here; linking must not fail with it
        return _restore_with_table(title)
    return restored if restored != title else None


@cache
def _spinner_pairs() -> tuple[tuple[re.Pattern[str], str], ...]:
    try:
        from .lexical.tables import load_table

        table = load_table("spinner-news")
    except Exception:  # noqa: BLE001 - the table may not be packaged yet
        return ()
    out = []
    for e in table.entries:
        if e.weight < 0.5:
            continue
        flags = 0 if e.case_sensitive else re.IGNORECASE
        out.append((re.compile(r"\b" + re.escape(e.observed) + r"\b", flags), e.original))
    return tuple(out)


def _restore_with_table(title: str) -> str | None:
    pairs = _spinner_pairs()
    if not pairs:
        return None
    out = title
    for pat, original in pairs:
        out = pat.sub(original, out)
    return out if out != title else None


# --- the index -----------------------------------------------------------------------------------

#: Words present in more than this share of records do not vote for candidates (passim's
#: max-series cap: "said", or "Apple" in an Apple-news archive); at least MIN_CAP records always vote.
MAX_DF_SHARE = 0.02
MIN_CAP = 50
#: Records scored exactly per segment (the rest are never looked at).
TOP_K = 40
#: Records whose titles look most like the segment's title lines, added to the candidates.
TITLE_K = 10
#: Body words this common in English (Zipf) only vote when they are names or numbers: the
#: spin-robust features are numbers, names and rarer words, and a query stays small.
QUERY_MAX_ZIPF = 4.5
#: How many of a segment's rarest words vote for candidates.
QUERY_WORDS = 64
#: Candidates whose score cannot reach this even with a perfect sentence alignment are not aligned.
PRUNE_BELOW = 0.01
#: Views of recently scored records kept in memory (the rest are rebuilt on demand).
VIEW_CACHE = 4096


def _sorted_tokens(title: str) -> str:
    return " ".join(sorted(default_process(title).split()))


def index_words(record: Record) -> set[str]:
    """The spin-robust words a record is indexed by: numbers, names and content words of its
    title and excerpt, and its URL slug's words (cheap: no sentence splitting)."""
    words: set[str] = set()
    for text in (record.title, clean_excerpt(record.excerpt)):
        for t in tokenize(text):
            if t.kind != FUNC and len(t.norm) > 1:
                words.add(t.norm)
    for url in dict.fromkeys(record.urls.values()):
        words.update(slug_words(url))
    return words


def query_words(sv: SegmentView) -> set[str]:
    """The words of a segment that look records up: numbers, names, rarer words, and every
    content word of its possible headlines."""
    words: set[str] = set()
    for t in sv.tokens:
        if len(t.norm) < 2 or t.kind == FUNC:
            continue
        if t.kind in (NUM, NAME) or _zipf(t.norm) < QUERY_MAX_ZIPF:
            words.add(t.norm)
    for span in sv.title_lines:
        for t in tokenize(sv.text, span.start, span.end):
            if t.kind != FUNC and len(t.norm) > 1:
                words.add(t.norm)
    return words


class _IdfView(Mapping[str, float]):
    """Every word's IDF in a RecordIndex, computed on first use and remembered (a new view is made
    whenever a record is added). Words no record has get the largest IDF."""

    def __init__(self, index: RecordIndex) -> None:
        self._index = index
        self._memo: dict[str, float] = {}
        self.weights = _Weights(self, 1.0)

    def __getitem__(self, word: str) -> float:
        v = self._memo.get(word)
        if v is None:
            v = self._memo[word] = self._index.idf(word)
        return v

    def get(self, word: str, default: Any = None) -> float:  # type: ignore[override]
        return self[word]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._memo)

    def __len__(self) -> int:
        return len(self._memo)


class RecordIndex:
    """Records indexed for linking; ``add`` more at any time. ``link_document`` does the work.

    Holds, per record, the record itself and its normalised title; an inverted index from
    spin-robust words to record numbers (``array('I')`` postings, 4 bytes each) with document
    frequencies for IDF. Full :class:`RecordView` objects are built only for the candidates of a
    query (and cached for the most recent VIEW_CACHE records).
    """

    def __init__(self, records: Iterable[Record] = (), *, include_related: bool = False) -> None:
        self.include_related = include_related
        self._records: list[Record] = []
        self._titles: list[str] = []
        self._postings: dict[str, array] = {}
        self._ids: dict[str, int] = {}
        self._view = lru_cache(maxsize=VIEW_CACHE)(self._make_view)
        self._idf_view = _IdfView(self)
        for r in records:
            self.add(r)

    def __len__(self) -> int:
        return len(self._records)

    @property
    def records(self) -> tuple[Record, ...]:
        return tuple(self._records)

    def add(self, record: Record) -> None:
        """Index one record (and its related entries when ``include_related``)."""
        items = record.with_related() if self.include_related else (record,)
        for r in items:
            self._add_one(r)

    def _add_one(self, record: Record) -> None:
        n = len(self._records)
        if self._idf_view:
            self._clear_idf()  # the record count, and so every IDF, changes
        self._records.append(record)
        self._titles.append(_sorted_tokens(record.title))
        self._ids.setdefault(record.id, n)
        postings = self._postings
        for w in index_words(record):
            post = postings.get(w)
            if post is None:
                post = postings[w] = array("I")
            post.append(n)

    def _make_view(self, i: int) -> RecordView:
        return record_view(self._records[i])

    def view(self, i: int) -> RecordView:
        """The scoring view of record number ``i``."""
        return self._view(i)

    def get(self, record_id: str) -> Record | None:
        i = self._ids.get(record_id)
        return None if i is None else self._records[i]

    def idf(self, word: str) -> float:
        """Smoothed inverse document frequency of ``word`` among the indexed records."""
        post = self._postings.get(word)
        return math.log((len(self._records) + 1) / ((len(post) if post is not None else 0) + 0.5))

    def idf_map(self, rv: RecordView | None = None) -> Mapping[str, float]:
        """IDF of any word among the indexed records, as a read-only mapping computed on demand
        (``rv`` is accepted for compatibility: the map covers every word, not only its words)."""
        return self._idf_view

    def _clear_idf(self) -> None:
        self._idf_view = _IdfView(self)

    def candidates(self, sv: SegmentView, k: int = TOP_K) -> list[int]:
        """Indices of the records most worth scoring for a segment (inverted index + title search)."""
        n = len(self._records)
        if n == 0:
            return []
        cap = max(MIN_CAP, int(MAX_DF_SHARE * n))
        # The rarest words carry the evidence (and the cost is their postings): vote with the
        # QUERY_WORDS rarest, one vote per shared word, counted by Counter at C speed. Sorting
        # by (frequency, word) keeps ties, and so the candidates, identical from run to run.
        usable = []
        for w in query_words(sv):
            post = self._postings.get(w)
            if post is not None and len(post) <= cap:
                usable.append((len(post), w, post))
        usable.sort(key=lambda x: (x[0], x[1]))
        votes: Counter[int] = Counter()
        for _, _, post in usable[:QUERY_WORDS]:
            votes.update(post)
        ranked = [i for i, _ in votes.most_common(k)]
        chosen = dict.fromkeys(ranked)
        for span in sv.title_lines:
            q = _sorted_tokens(span.of(sv.text))
            if q:
                # ratio over pre-sorted tokens is token_sort_ratio without re-sorting 100k titles
                # per query (6x faster at 100k records).
                for _, _, i in process.extract(q, self._titles, scorer=fuzz.ratio, processor=None,
                                               limit=TITLE_K, score_cutoff=60):
                    chosen.setdefault(i, None)
        return list(chosen)

    def rank_segment(self, sv: SegmentView, k: int = TOP_K) -> list[Link]:
        """All candidates for a segment, scored exactly, best first."""
        restored = _restore_title(sv.title_text)
        links = []
        for i in self.candidates(sv, k):
            rv = self.view(i)
            links.append(score_record(sv, rv, idf=self.idf_map(rv), restored_title=restored,
                                      prune_below=PRUNE_BELOW))
        links.sort(key=lambda lk: (-lk.score, lk.record.id))
        return links

    def link_segments(self, text: str, segments: Sequence[Segment], *,
                      threshold: float = LINK_THRESHOLD) -> list[Link]:
        """For each segment, its best record if convincing; returned best score first."""
        out = []
        for seg in segments:
            ranked = self.rank_segment(segment_view(text, seg))
            if ranked and ranked[0].score >= threshold:
                out.append(ranked[0])
        out.sort(key=lambda lk: (-lk.score, lk.start))
        return out

    def link_document(self, doc: Document, *, threshold: float = LINK_THRESHOLD) -> list[Link]:
        """Links for every article segment of a document (an empty list: no convincing record)."""
        return self.link_segments(doc.text, doc.segments, threshold=threshold)

    def link_text(self, text: str, *, threshold: float = LINK_THRESHOLD) -> list[Link]:
        """Parse ``text`` as a document and link it."""
        require_text(text)
        return self.link_document(parse_document(text), threshold=threshold)


def link_document(doc: Document, records: RecordIndex | Iterable[Record], *,
                  threshold: float = LINK_THRESHOLD) -> list[Link]:
    """Link a document's segments against records (an index, or records to index now)."""
    index = records if isinstance(records, RecordIndex) else RecordIndex(records)
    return index.link_document(doc, threshold=threshold)


# --- provenance-assisted repair ------------------------------------------------------------------

#: Sentence pairs below this similarity are rewrites, not word-for-word spins: their word
#: differences are not substitutions to learn (a paraphrase would teach "has banned" -> "stated").
CONTEXT_MIN_SENTENCE_SCORE = 0.5
#: Longest substitution learned, in words per side (the spinner tables' longest entries are 3-4).
CONTEXT_MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class ContextPair:
    """A substitution learned from a linked record: ``spun`` in the body was ``original`` in the record."""

    spun: str
    original: str
    count: int
    body_span: Span
    record_field: str     # "excerpt" or "title"

    def as_tuple(self) -> tuple[str, str]:
        return (self.spun, self.original)

    def to_dict(self) -> dict[str, Any]:
        return {"spun": self.spun, "original": self.original, "count": self.count,
                "start": self.body_span.start, "end": self.body_span.end, "field": self.record_field}


def _is_learnable(spun_tokens: Sequence[Token], orig_tokens: Sequence[Token]) -> bool:
    if not spun_tokens or not orig_tokens:
        return False
    if all(t.kind == FUNC for t in (*spun_tokens, *orig_tokens)):
        return False  # "the" -> "a": grammar shuffles, not a spinner's dictionary
    s_nums = [t.norm for t in spun_tokens if t.kind == NUM]
    o_nums = [t.norm for t in orig_tokens if t.kind == NUM]
    # A different figure is a different fact, and a digit learned as a word ("4" -> "four") would
    # rewrite every "4" in the body: pairs that touch numbers must keep them unchanged.
    return s_nums == o_nums


def _pairs_between(original: str, o_span: Span, text: str, b_span: Span, field_name: str,
                   found: dict[tuple[str, str], list[Any]]) -> None:
    """Learn anchored substitutions between an original passage and its spun counterpart.

    A replacement counts when the words on both sides of it are the same in both passages
    ("at the Feb. 17 Wall [Street -> Road] open"), or when it is a capitalised word right after
    the same name ("BuzzFeed [News -> Information]"), learned with the name as context.
    Unanchored differences come from insertions and reorderings, not from a dictionary.
    """
    wa = words_of(original, o_span)
    wb = words_of(text, b_span)
    pos_a = {sp.start: i for i, (_, sp) in enumerate(wa)}
    pos_b = {sp.start: i for i, (_, sp) in enumerate(wb)}
    for d in word_diffs(original, text, o_span, b_span, max_words=CONTEXT_MAX_WORDS):
        o_toks = tokenize(" ".join(d.a_words))
        s_toks = tokenize(" ".join(d.b_words))
        if not _is_learnable(s_toks, o_toks):
            continue
        i1 = pos_a[d.a_span.start]
        i2 = i1 + len(d.a_words)
        j1 = pos_b[d.b_span.start]
        j2 = j1 + len(d.b_words)
        left = (i1 == 0 and j1 == 0) or (i1 > 0 and j1 > 0 and wa[i1 - 1][0].lower() == wb[j1 - 1][0].lower())
        right = (i2 == len(wa) and j2 == len(wb)) or (
            i2 < len(wa) and j2 < len(wb) and wa[i2][0].lower() == wb[j2][0].lower())
        spun_text = text[d.b_span.start : d.b_span.end]
        orig_text = original[d.a_span.start : d.a_span.end]
        start = d.b_span.start
        named = (i1 > 0 and j1 > 0 and wa[i1 - 1][0] == wb[j1 - 1][0] and wa[i1 - 1][0][:1].isupper()
                 and spun_text[:1].isupper() and orig_text[:1].isupper())
        if named:
            # Keep the name as context: "BuzzFeed Information" -> "BuzzFeed News" is safe to apply
            # anywhere in the body; a bare "Information" -> "News" is not.
            name_span = wb[j1 - 1][1]
            spun_text = text[name_span.start : d.b_span.end]
            orig_text = original[wa[i1 - 1][1].start : d.a_span.end]
            start = name_span.start
        elif not (left and right):
            continue
        if spun_text.lower() == orig_text.lower():
            continue
        key = (spun_text, orig_text)
        entry = found.get(key)
        if entry is None:
            found[key] = [1, Span(start, d.b_span.end), field_name]
        else:
            entry[0] += 1


def learn_context_pairs(text: str, segment: Segment | Span, record: Record) -> tuple[ContextPair, ...]:
    """Substitutions specific to this document, from aligning the record's original wording
    (excerpt sentences, title) with the segment's opening and headline.

    Only sentence pairs that align word for word (similarity >= CONTEXT_MIN_SENTENCE_SCORE) are
    used, and only short replacements (<= CONTEXT_MAX_WORDS words a side) that change a content
    word and keep every number. Pairs come out in body order with how often each was seen.
    """
    seg = segment if isinstance(segment, Segment) else Segment(segment.start, segment.end)
    sv = segment_view(text, seg)
    found: dict[tuple[str, str], list[Any]] = {}
    excerpt = clean_excerpt(record.excerpt)
    if excerpt:
        for p in align_sentences(excerpt, text, min_score=CONTEXT_MIN_SENTENCE_SCORE, b_span=sv.opening):
            _pairs_between(excerpt, p.a, text, p.b, "excerpt", found)
    if record.title and sv.title is not None:
        if fuzz.ratio(default_process(record.title), default_process(sv.title_text)) / 100 >= CONTEXT_MIN_SENTENCE_SCORE:
            _pairs_between(record.title, Span(0, len(record.title)), text, sv.title, "title", found)
    pairs = [ContextPair(s, o, c, span, f) for (s, o), (c, span, f) in found.items()]
    pairs.sort(key=lambda p: (p.body_span.start, p.spun))
    return tuple(pairs)


def repair_with_record(doc: Document, record: Record | Link, config: Any = None, *,
                       segment: Segment | None = None) -> Any:
    """Repair ``doc`` with substitutions learned from its linked ``record`` passed to restoration.

    The learned pairs go to the restore stage as ``RepairConfig.context_pairs`` (the restorer
    uses them as a table whose source is "record", so the edits they cause say so). ``record``
    may be a :class:`Link` (its segment is then the one aligned); otherwise the segment that
    scores best for the record is used. The result's ``meta["context_pairs"]`` lists the pairs.
    """
    from dataclasses import replace

    from .core.config import RepairConfig
    from .pipeline import repair_document

    if isinstance(record, Link):
        seg = segment or next((s for s in doc.segments if s.start == record.start), None) \
            or Segment(record.start, record.end)
        rec = record.record
    else:
        rec = record
        seg = segment or _best_segment(doc, rec)
    pairs = learn_context_pairs(doc.text, seg, rec)
    config = config or RepairConfig()
    merged = tuple(dict.fromkeys((*config.context_pairs, *(p.as_tuple() for p in pairs))))
    result = repair_document(doc, replace(config, context_pairs=merged))
    return replace(result, meta={**result.meta, "context_pairs": [p.to_dict() for p in pairs],
                                 "record": rec.id})


def _best_segment(doc: Document, record: Record) -> Segment:
    rv = record_view(record)
    best = None
    for seg in doc.segments or (Segment(doc.body.start, doc.body.end),):
        lk = score_record(segment_view(doc.text, seg), rv)
        if best is None or lk.score > best[0]:
            best = (lk.score, seg)
    return best[1] if best else Segment(doc.body.start, doc.body.end)


# --- batch and CLI glue --------------------------------------------------------------------------

class DocumentLinker:
    """A callable for :func:`textrepair.batch.clean_folder`: the links of one document as dicts.

    Each link dict is :meth:`Link.to_dict` plus ``context_pairs`` (the substitutions learned from
    the record, which the batch run passes to restoration).
    """

    def __init__(self, index: RecordIndex, *, threshold: float = LINK_THRESHOLD,
                 learn_pairs: bool = True) -> None:
        self.index = index
        self.threshold = threshold
        self.learn_pairs = learn_pairs

    def __call__(self, doc: Document) -> list[dict[str, Any]]:
        out = []
        for lk in self.index.link_document(doc, threshold=self.threshold):
            d = lk.to_dict()
            if self.learn_pairs:
                seg = next((s for s in doc.segments if s.start == lk.start), Segment(lk.start, lk.end))
                d["context_pairs"] = [p.to_dict() for p in learn_context_pairs(doc.text, seg, lk.record)]
            out.append(d)
        return out
