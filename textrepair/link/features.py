"""Evidence for one (article segment, record) pair: what the linker reads from each, and every measurement.

Every excerpt measurement is a share of the record's *usable* excerpt (textrepair.link.excerpt:
debris removed), never an amount capped at some length: a 90-character excerpt found whole in a
body is as much a copy as a 300-character one. How much an excerpt can say is a separate feature
(``size``), so the model decides how far a short excerpt is to be trusted. Title evidence counts
only when the body has a headline line to compare (most bodies of unknown provenance have none,
and a missing headline says nothing against a record).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from ..core.types import Segment, Span
from ..text.align import align_sentences, monotone_pairs
from ..text.segment import is_headline, split_paragraphs, split_sentences
from .excerpt import Excerpt, clean_title, page_line, read_excerpt
from .records import Record
from .tokens import (FUNC, MIN_RECORD_SENTENCE_WORDS, SentenceWords, Token, _zipf, content_string, dice,
                     CodedTokens, code_tokens, match_keys, matched_codes, reference_codes, sentence_words, skeleton,
                     slug_words, stems, synonym_keys, table_keys_per_token, tokenize, word_pairs)

_SENTENCE_END_RE = re.compile(r"[.!?:;\"”]\s*$")
_ARTEFACT_DATE_RE = re.compile(r"\A\s*date (\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTH_DATE_RE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+(\d{1,2}))?,?\s+((?:19|20)\d\d)\b")

#: How much of a segment is read (characters from its start): an excerpt is the lede, and copies
#: that start late or carry a standfirst, captions or glued paragraphs first still hold it well
#: within this; the seed's first article is 27,676 characters and the cost grows with it.
BODY_CHARS = 10_000
#: Body sentences aligned with the excerpt's (the most a 10,000-character window holds is ~80).
MAX_SEGMENT_SENTENCES = 80
#: How much of a segment's opening (characters after the headline) the skeleton, content-order
#: and char-level sentence alignments look at: excerpts are ledes, and copies may put a
#: standfirst, a byline, a caption or two glued paragraphs first.
OPENING_CHARS = 3000
#: A short paragraph of at least this many words that ends a sentence and is not headline-like is
#: prose (a one-sentence lede): no line after it is taken for the headline.
MIN_PROSE_WORDS = 6
#: Short lines in this many leading characters are tried as the headline (copies often open with
#: site furniture before it: "Product reviews, deals and the latest tech news").
TITLE_SEARCH_CHARS = 600
#: An excerpt with this many content words (numbers, names, ordinary words other than
#: immutables) says all an excerpt can say: ``size`` = content words / EXCERPT_FULL_WORDS, capped
#: at 1 (a raw 250-character aggregator excerpt has 20-30).
EXCERPT_FULL_WORDS = 20
#: A verbatim excerpt must be at least this long (normalised characters) to count.
VERBATIM_MIN_CHARS = 40
#: Paraphrase alignment: a word found only as a synonym earns this share of its weight
#: (rewriters swap in synonyms, but the Moby lists are loose: "criminal" ~ "thief" and ~ "convict").
SYNONYM_CREDIT = 0.6
#: ... and a word that a spinner-table phrase of the body stood for (tokens.SPINNER_TABLES) this share.
TABLE_CREDIT = 1.0
#: CHANCE["paraphrase"] holds for bodies of up to this many sentences; longer bodies raise it by
#: PARAPHRASE_CHANCE_SLOPE per doubling. Measured by ``benchmarks/fit_link_weights.py --chance``
#: on bodies made of 1, 3 and 6 corpus texts joined: 95th percentile 0.300 at 12 sentences,
#: 0.360 at 36, 0.401 at 71 (this function gives 0.300, 0.358, 0.407).
CHANCE_SENTENCES = 16
PARAPHRASE_CHANCE_SLOPE = 0.05
#: The sentence similarity is an F-beta of the two directions: recall (how much of the record's
#: sentence is found) counts more, because rewriters pad ("Getty Images, a platform for
#: user-generated content, stated that ...").
PARAPHRASE_BETA = 2.0
#: Chance levels subtracted before a similarity becomes evidence: unrelated English text already
#: scores this much (title: rapidfuzz ratio of two unrelated headlines; skeleton: partial
#: alignment of an unrelated lede's function words against an opening; content: the same on
#: content stems; paraphrase: the 95th percentile of an unrelated excerpt sentence's best
#: similarity to a body's sentences, 0.300 on dev-corpus bodies, median 0.180).
CHANCE: Mapping[str, float] = MappingProxyType({"title": 0.45, "skeleton": 0.45, "content": 0.2, "paraphrase": 0.3,
                                                "sequence": 0.45, "wording": 0.0})
#: The excerpt's own wording is measured when it has at least this many word pairs (tokens.word_pairs).
MIN_WORDING_PAIRS = 4

#: The features of a pair, in the model's order; each is in [0, 1] (``date_conflict`` 0 or 1).
FEATURES = ("found", "found_full", "first", "all", "sequence", "wording", "title_order", "words", "order", "skeleton", "sentences", "verbatim", "title",
            "title_only", "title_words", "size", "date_conflict")


# --- the views ----------------------------------------------------------------------------------

def _coded(tokens: tuple[Token, ...]) -> CodedTokens:
    return code_tokens(tokens, table_keys_per_token(tokens))


@dataclass(frozen=True)
class SegmentView:
    """What the linker reads from one article segment (offsets into ``text``)."""

    text: str
    segment: Segment
    title: Span | None                 # the headline line, when the body has one
    title_lines: tuple[Span, ...]      # short lines near the top that may be the headline
    window: Span                       # the part read: BODY_CHARS from the segment start
    opening: Span                      # OPENING_CHARS after the headline (and an index date)
    tokens: tuple[Token, ...]          # of the window
    opening_tokens: tuple[Token, ...]
    skel: str
    skel_index: tuple[int, ...]
    content: str
    sentence_words: tuple[SentenceWords, ...]
    opening_sentences: tuple[Span, ...]
    artefact_date: datetime | None
    mentioned_dates: tuple[tuple[datetime, Span], ...]
    token_set: frozenset[str]
    norm_window: str                   # the window through rapidfuzz's default_process (verbatim test)
    opening_codes: CodedTokens | None = None          # the opening prepared for matched_codes
    title_codes: tuple[CodedTokens, ...] = ()         # each title line prepared for matched_codes
    word_pairs: frozenset[tuple[str, str]] = frozenset()  # neighbouring tokens of the window (tokens.word_pairs)
    own_headline: bool = False         # a headline line that is not page furniture (excerpt.page_line)

    @property
    def title_text(self) -> str:
        return self.title.of(self.text) if self.title else ""

    @property
    def has_headline(self) -> bool:
        return bool(self.title_lines)

    @property
    def opening_text(self) -> str:
        return self.opening.of(self.text)


def _headline_like(line: str) -> bool:
    return "\n" not in line and len(line) <= 200 and (is_headline(line) or not _SENTENCE_END_RE.search(line))


def segment_view(text: str, segment: Segment) -> SegmentView:
    """Read a segment: its headline (or a short first line), the opening after it, tokens and dates."""
    end = min(segment.end, segment.start + BODY_CHARS)
    title: Span | None = None
    body_start = segment.start
    if segment.title_start is not None and segment.title_end is not None:
        title = Span(segment.title_start, segment.title_end)
        body_start = segment.title_end
    m = _ARTEFACT_DATE_RE.match(text, body_start, end)
    artefact_date = None
    if m:
        try:
            artefact_date = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=timezone.utc)
        except ValueError:
            artefact_date = None
        body_start = m.end()
    lines: list[Span] = [title] if title else []
    for para in split_paragraphs(text, body_start, min(end, body_start + TITLE_SEARCH_CHARS)):
        chunk = para.of(text)
        if len(chunk) > 200 or (len(chunk) > 100 and _SENTENCE_END_RE.search(chunk)):
            break  # prose: the headline, if any, came before it
        if para == title or len(chunk) < 15:
            continue
        if not _headline_like(chunk):
            if len(chunk.split()) >= MIN_PROSE_WORDS and _SENTENCE_END_RE.search(chunk):
                break  # a short paragraph of prose (a one-sentence lede): the same
            continue
        if title is None:
            # The first headline-like line above the prose is the headline; the opening follows it.
            title = para
            body_start = para.end
        lines.append(para)
    while body_start < end and text[body_start].isspace():
        body_start += 1
    window = Span(segment.start, end)
    opening = Span(body_start, min(end, body_start + OPENING_CHARS))
    tokens = tuple(tokenize(text, segment.start, end))
    opening_tokens = tuple(t for t in tokens if opening.start <= t.start and t.end <= opening.end)
    skel, where = skeleton(opening_tokens)
    content, _ = content_string(opening_tokens)
    sents = split_sentences(text, Span(body_start, end))
    table = table_keys_per_token(tokens)
    sent_words = sentence_words(text, Span(body_start, end), tokens, with_table=True, sentences=sents,
                                table=table)[:MAX_SEGMENT_SENTENCES]
    dates = []
    for dm in _MONTH_DATE_RE.finditer(text, segment.start, end):
        month = _MONTHS[dm.group(1).lower()]
        day = int(dm.group(2)) if dm.group(2) else 1
        try:
            dates.append((datetime(int(dm.group(3)), month, min(day, 28), tzinfo=timezone.utc),
                          Span(dm.start(), dm.end())))
        except ValueError:
            continue
    opening_sentences = tuple(s for s in sents if s.start < opening.end)
    lines = lines[:4]
    return SegmentView(text, segment, title, tuple(lines), window, opening, tokens, opening_tokens, skel,
                       tuple(where), content, sent_words, opening_sentences, artefact_date, tuple(dates),
                       frozenset(t.norm for t in tokens), default_process(text[segment.start:end]),
                       code_tokens(opening_tokens, [table[i] for i, t in enumerate(tokens)
                                                    if opening.start <= t.start and t.end <= opening.end]),
                       tuple(_coded(tuple(tokenize(text, sp.start, sp.end))) for sp in lines),
                       word_pairs(tokens), any(not page_line(sp.of(text)) for sp in lines))


@dataclass(frozen=True)
class RecordView:
    """What the linker reads from a record: its usable excerpt (tokens, skeleton, sentences), title, slug."""

    record: Record
    excerpt: Excerpt
    excerpt_tokens: tuple[Token, ...]
    skel: str
    content: str
    sentence_words: tuple[SentenceWords, ...]
    excerpt_sentences: tuple[Span, ...]
    excerpt_words: tuple[str, ...]     # distinct numbers, names and content words of the usable excerpt
    title: str                         # the title without a site suffix or a "Report:" prefix
    title_norm: str
    title_alt: str                     # the raw title normalised, when it differs from title_norm
    title_stems: frozenset[str]
    title_words: tuple[str, ...]
    slug: tuple[str, ...]
    url_keys: frozenset[str]           # url_key of each URL: host and path, lowercased, no query or AMP markers
    size: float                        # how much the usable excerpt can say, in [0, 1]
    excerpt_norm: str
    excerpt_codes: str = ""            # the usable excerpt as reference_codes, and their key map
    excerpt_keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    title_codes: str = ""
    title_keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    own_pairs: frozenset[tuple[str, str]] = frozenset()  # the excerpt's own wording as word pairs

    @property
    def rare(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.title_words, *self.excerpt_words)))


_AMP_RE = re.compile(r"(?:/amp(?:html)?(?=/|$)|\.amp(?=\.html?$)|/amp$)")


def url_key(url: str) -> str:
    """A URL's host and path without scheme, ``www.``, query, fragment, AMP markers or trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = parts.netloc.lower().removeprefix("www.")
    if host.endswith(".cdn.ampproject.org"):
        return ""
    path = _AMP_RE.sub("", parts.path.lower()).rstrip("/")
    return f"{host}{path}" if host else ""


#: A quotation in an excerpt: a statement every report of the story may carry word for word.
_QUOTE_RE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")
#: Quoted words are left out of the alignments when the excerpt has at least this many content
#: words of its own (the outlet's own wording is what a copy keeps and another report does not).
MIN_OWN_WORDS = 6


def own_tokens(text: str, tokens: Sequence[Token]) -> tuple[Token, ...]:
    """``tokens`` without those inside quotations (of 4+ words), when enough are left
    (MIN_OWN_WORDS content words); else all of them."""
    spans = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text) if len(m.group().split()) >= 4]
    if not spans:
        return tuple(tokens)
    own = tuple(t for t in tokens if not any(a <= t.start < b for a, b in spans))
    if sum(1 for t in own if t.kind != FUNC and len(t.norm) > 1) < MIN_OWN_WORDS:
        return tuple(tokens)
    return own


def record_view(record: Record) -> RecordView:
    excerpt = read_excerpt(record.excerpt, record.title)
    text = excerpt.text
    et = tuple(tokenize(text))
    # Alignments use the excerpt's own wording: a quotation is evidence of the story (every report
    # of a statement may quote it), not of the article.
    own = own_tokens(text, et)
    title = clean_title(record.title)
    tt = tuple(tokenize(title))
    skel, _ = skeleton(own)
    title_words = tuple(dict.fromkeys(t.norm for t in tt if t.kind != FUNC and len(t.norm) > 1))
    excerpt_words = tuple(dict.fromkeys(t.norm for t in et if t.kind != FUNC and len(t.norm) > 1))
    own_content = sum(1 for t in own if t.kind != FUNC and len(t.norm) > 1)
    slug: dict[str, None] = {}
    keys = []
    for url in dict.fromkeys(record.urls.values()):
        for w in slug_words(url):
            slug[w] = None
        keys.append(url_key(url))
    sentences = split_sentences(text) if text else ()
    sw = sentence_words(text, Span(0, len(text)), own, as_record=True, sentences=sentences,
                        min_words=MIN_RECORD_SENTENCE_WORDS) if text else ()
    title_norm = default_process(title)
    title_alt = default_process(record.title)
    return RecordView(record, excerpt, et, skel, content_string(own)[0], sw, sentences, excerpt_words, title,
                      title_norm, "" if title_alt == title_norm else title_alt, stems(tt), title_words, tuple(slug),
                      frozenset(k for k in keys if k), min(1.0, own_content / EXCERPT_FULL_WORDS),
                      default_process(text), *reference_codes(own), *reference_codes(tt),
                      word_pairs(own, own_only=True))


# --- word weights -------------------------------------------------------------------------------

def word_weight(word: str, idf: Mapping[str, float] | None, default_idf: float = 1.0) -> float:
    """How much a shared word says: its IDF among the records, damped for common English words
    (a shared "Apple" or "police" says less than a shared "Goodfellow" or "776")."""
    base = idf.get(word, default_idf) if idf is not None else default_idf
    if word[:1].isdigit():
        return base
    z = _zipf(word)
    return base * min(1.0, max(0.25, (7.0 - z) / 4.0))


class Weights(dict):  # type: ignore[type-arg]
    """word -> word_weight, computed when first asked for (most words are never asked for)."""

    def __init__(self, idf: Mapping[str, float] | None, default_idf: float) -> None:
        super().__init__()
        self.idf = idf
        self.default_idf = default_idf

    def __missing__(self, word: str) -> float:
        v = self[word] = word_weight(word, self.idf, self.default_idf)
        return v


def word_weights(idf: Mapping[str, float] | None, default_idf: float = 1.0) -> Mapping[str, float]:
    """word -> word_weight under ``idf`` (an index's IDF view keeps one memo shared by every candidate)."""
    shared = getattr(idf, "weights", None)
    if shared is not None and default_idf == 1.0:
        return shared
    return Weights(idf, default_idf)


# --- measurements ---------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _stems_of(text: str) -> frozenset[str]:
    # A segment's title lines are compared with every candidate's title: tokenize them once.
    return stems(tokenize(text))


def title_similarity(rv: RecordView, sv: SegmentView,
                     restored_title: str | None = None) -> tuple[float, str, Span | None]:
    """The best similarity of the record's title to a headline-like line of the body (raw), how
    it was found ("title", "line", "restored title") and where; (0, "", None) without a headline."""
    if not rv.title_norm or not sv.title_lines:
        return 0.0, "", None
    best, how, where = 0.0, "", None
    candidates = [(span.of(sv.text), "title" if span == sv.title else "line", span) for span in sv.title_lines]
    if restored_title and sv.title is not None:
        candidates.append((restored_title, "restored title", sv.title))
    for text, label, span in candidates:
        s = default_process(text)
        if not s:
            continue
        v = max(fuzz.ratio(rv.title_norm, s), fuzz.token_sort_ratio(rv.title_norm, s)) / 100.0
        if rv.title_alt:
            v = max(v, fuzz.ratio(rv.title_alt, s) / 100.0)
        # A rewriter reorders a headline ("X confirms Y stolen" -> "The theft of Y has been
        # confirmed by X"): the overlap of content stems catches what character ratios miss.
        v = max(v, dice(rv.title_stems, _stems_of(text)))
        if v > best:
            best, how, where = v, label, span
    return best, how, where


def skeleton_alignment(rv: RecordView, sv: SegmentView) -> tuple[float, Span | None]:
    """How well the excerpt's immutables skeleton aligns with a stretch of the opening's, in
    [0, 1] (raw), and the aligned stretch of the body."""
    if len(rv.skel) < 4 or not sv.skel:
        return 0.0, None
    a = fuzz.partial_ratio_alignment(rv.skel, sv.skel)
    if a is None:
        return 0.0, None
    span = None
    if a.dest_end > a.dest_start:
        first = sv.opening_tokens[sv.skel_index[a.dest_start]]
        last = sv.opening_tokens[sv.skel_index[a.dest_end - 1]]
        span = Span(first.start, last.end)
    return a.score / 100.0, span


def content_alignment(rv: RecordView, sv: SegmentView) -> float:
    """How well the order of the excerpt's content words (stems) is kept in the opening (raw):
    a copy keeps the order of what it says, an independent report of the same news does not."""
    if len(rv.content) < 4 or not sv.content:
        return 0.0
    a = fuzz.partial_ratio_alignment(rv.content, sv.content)
    return 0.0 if a is None else a.score / 100.0


def sequence_alignment(rv: RecordView, sv: SegmentView) -> float:
    """How much of the usable excerpt's token sequence (function words, and content words by
    form, lemma, stem or what a spun phrase stood for) the opening holds in the same order, in
    [0, 1] (raw: rapidfuzz partial ratio of the two code strings, see tokens.matched_codes)."""
    if len(rv.excerpt_codes) < 4 or sv.opening_codes is None or not sv.opening_tokens:
        return 0.0
    return fuzz.partial_ratio(rv.excerpt_codes, matched_codes(sv.opening_codes, rv.excerpt_keys)) / 100.0


@lru_cache(maxsize=256)
def _restored_codes(title: str) -> CodedTokens:
    return _coded(tuple(tokenize(title)))


def title_sequence(rv: RecordView, sv: SegmentView, restored_title: str | None = None) -> float:
    """How well a headline line of the body keeps the record title's words in order (spun words
    counted as their originals: by the spinner table, or in the headline as restoration writes it,
    ``restored_title``, as title_similarity counts it), in [0, 1] (raw): a spun headline keeps the
    order, another outlet's headline on the story does not."""
    if not rv.title_codes or not sv.title_codes:
        return 0.0
    coded_lines = list(sv.title_codes)
    if restored_title and sv.title is not None:
        coded_lines.append(_restored_codes(restored_title))
    best = 0.0
    for coded in coded_lines:
        if coded.chars:
            best = max(best, fuzz.ratio(rv.title_codes, matched_codes(coded, rv.title_keys)))
    return best / 100.0


@lru_cache(maxsize=8192)
def _synonym_union(words: tuple[str, ...], common: tuple[bool, ...]) -> frozenset[str]:
    return frozenset().union(*(synonym_keys(w) for w, c in zip(words, common) if c))


def sentence_synonyms(r: SentenceWords) -> frozenset[str]:
    """The synonym keys of a sentence's ordinary words (built when first needed: the synonym
    graph is large and most sentence pairs are decided without it)."""
    return _synonym_union(r.words, r.common)


def recall(r: SentenceWords, b: SentenceWords, weights: Mapping[str, float], total: float | None = None,
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


def precision(b: SentenceWords, r: SentenceWords, weights: Mapping[str, float]) -> float:
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


def f_beta(rec: float, prec: float) -> float:
    b2 = PARAPHRASE_BETA * PARAPHRASE_BETA
    return (1 + b2) * rec * prec / (b2 * prec + rec) if rec > 0 and prec > 0 else 0.0


def paraphrase_chance(sentences: int) -> float:
    """The paraphrase similarity an unrelated excerpt sentence reaches by chance against the best
    of ``sentences`` body sentences: CHANCE["paraphrase"] up to CHANCE_SENTENCES sentences, then
    PARAPHRASE_CHANCE_SLOPE more per doubling (the best of more sentences is higher by chance)."""
    extra = math.log2(sentences / CHANCE_SENTENCES) if sentences > CHANCE_SENTENCES else 0.0
    return CHANCE["paraphrase"] + PARAPHRASE_CHANCE_SLOPE * extra


@dataclass(frozen=True)
class Found:
    """How much of the usable excerpt the body holds, in order: ``share`` (of the excerpt's
    weighted content, each aligned sentence counting by how far above chance it matches), the
    mean similarity of the aligned sentence pairs, how many aligned, and the body stretch."""

    share: float
    similarity: float
    aligned: int
    sentences: int
    span: Span | None
    first: float = 0.0              # the gain of the excerpt's first sentence (its lede proper)


def found_in_order(rv: RecordView, sv: SegmentView, weights: Mapping[str, float]) -> Found:
    """Align the usable excerpt's sentences, in order, with sentences anywhere in the window, on
    their content words matched by form, lemma, stem, spinner-table original or synonym, weighted
    like the coverage features (IDF among the records damped for common English).

    A sentence pair's similarity is the F-beta (PARAPHRASE_BETA) of the two directions' weighted
    shares; its gain is how far that lies above chance (:func:`paraphrase_chance`), rescaled to
    [0, 1]. The share is the excerpt's weighted content times the gain of the pair each sentence
    is in, over all of it: relative to the usable excerpt, whatever its length. A rewriter keeps
    what each sentence says and the order of the sentences; an independent report of the same
    news spreads the facts over other sentences and adds its own.
    """
    rs, bs = rv.sentence_words, sv.sentence_words
    if not rs or not bs:
        return Found(0.0, 0.0, 0, len(rs), None)
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
                rec = recall(r, b, weights, totals[ri], need)
                if rec > need:
                    g = max(0.0, f_beta(rec, precision(b, r, weights)) - chance) / (1 - chance)
            row.append(g)
        gain.append(row)
    pairs = monotone_pairs(gain)
    total = sum(totals)
    if not pairs or not total:
        return Found(0.0, 0.0, 0, len(rs), None)
    share = sum(totals[i] * g for i, _, g in pairs) / total
    sim = sum(g for _, _, g in pairs) / len(pairs) * (1 - chance) + chance
    span = Span(bs[pairs[0][1]].span.start, bs[pairs[-1][1]].span.end)
    first = next((g for i, _, g in pairs if i == 0), 0.0)
    return Found(min(1.0, share), sim, len(pairs), len(rs), span, first)


def coverage(words: Sequence[str], have: frozenset[str], weights: Mapping[str, float]) -> tuple[float, list[str]]:
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


def wording(rv: RecordView, sv: SegmentView) -> float:
    """Share of the excerpt's own word pairs (outside quotations, each holding an ordinary content
    word; names and numbers stand for any: tokens.word_pairs) that the window holds (raw).

    The text-level evidence of a copy: a copy, a spin or a rewrite keeps the outlet's phrasing in
    pieces ("a farewell", "planned for", "# is in", "in # hospital"); another outlet's report of
    the same event shares its names, numbers, quotations and key words, each in phrasing of its
    own."""
    own = rv.own_pairs
    if len(own) < MIN_WORDING_PAIRS:
        return 0.0
    return len(own & sv.word_pairs) / len(own)


def sentence_coverage(rv: RecordView, sv: SegmentView) -> tuple[float, Span | None]:
    """Share of the usable excerpt's characters that align sentence by sentence (character-level
    similarity, weighted by how well) with the opening, and where."""
    if len(rv.excerpt.text) < 20:
        return 0.0, None
    pairs = align_sentences(rv.excerpt.text, sv.text, min_score=0.5, a_sentences=rv.excerpt_sentences,
                            b_sentences=sv.opening_sentences)
    if not pairs:
        return 0.0, None
    covered = sum((p.a.end - p.a.start) * (p.score - 0.5) / 0.5 for p in pairs)
    return min(1.0, covered / len(rv.excerpt.text)), Span(pairs[0].b.start, pairs[-1].b.end)


def verbatim(rv: RecordView, sv: SegmentView) -> bool:
    """The usable excerpt (at least VERBATIM_MIN_CHARS of it) occurs word for word in the window."""
    return len(rv.excerpt_norm) >= VERBATIM_MIN_CHARS and rv.excerpt_norm in sv.norm_window


def date_evidence(rv: RecordView, sv: SegmentView) -> tuple[float, str]:
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


def _above(value: float, chance: float) -> float:
    return max(0.0, value - chance) / (1.0 - chance)


@dataclass(frozen=True)
class Features:
    """The features of a pair (``values``, in [0, 1]), the raw measurements behind them, where in
    the body each was found and a note on each."""

    values: Mapping[str, float]
    raw: Mapping[str, float]
    spans: Mapping[str, Span | None]
    notes: Mapping[str, str]


def measure(sv: SegmentView, rv: RecordView, *, idf: Mapping[str, float] | None = None,
            default_idf: float = 1.0, restored_title: str | None = None) -> Features:
    """Measure every feature of one (segment, record) pair (see FEATURES)."""
    weights = word_weights(idf, default_idf)
    have = sv.token_set
    size = rv.size
    title_raw, title_how, title_span = title_similarity(rv, sv, restored_title)
    title = _above(title_raw, CHANCE["title"])
    tw, t_shared = coverage(rv.title_words, have, weights)
    ew, e_shared = coverage(rv.excerpt_words, have, weights)
    skel_raw, skel_span = skeleton_alignment(rv, sv)
    order_raw = content_alignment(rv, sv)
    found = found_in_order(rv, sv, weights)
    seq_raw = sequence_alignment(rv, sv)
    wording_raw = wording(rv, sv)
    tseq_raw = title_sequence(rv, sv, restored_title)
    sent, sent_span = sentence_coverage(rv, sv)
    verb = verbatim(rv, sv)
    date, date_why = date_evidence(rv, sv)
    values = {
        "found": found.share,
        "found_full": found.share * size,
        "first": found.first,
        "all": found.aligned / found.sentences if found.sentences else 0.0,
        "sequence": _above(seq_raw, CHANCE["sequence"]),
        "wording": _above(wording_raw, CHANCE["wording"]),
        "title_order": _above(tseq_raw, CHANCE["title"]),
        "words": ew,
        "order": _above(order_raw, CHANCE["content"]) * size,
        "skeleton": _above(skel_raw, CHANCE["skeleton"]) * size,
        "sentences": sent,
        "verbatim": 1.0 if verb else 0.0,
        "title": title,
        "title_only": title * (1.0 - size),
        "title_words": tw,
        "size": size,
        "date_conflict": date,
    }
    usable = f" of the usable excerpt ({len(rv.excerpt.text)} of {len(rv.excerpt.raw.strip())} characters)" \
        if rv.excerpt.removed else " of the excerpt"
    notes = {
        "found": (f"{found.share:.0%}{usable} is found in order, {found.aligned} of {found.sentences} "
                  f"sentence(s) aligned (mean similarity {found.similarity:.2f}; words matched by form, lemma, "
                  "stem, spinner table or synonym)") if found.span else "",
        "words": f"{ew:.0%} of the excerpt's words (IDF-weighted) occur: {', '.join(e_shared[:12])}" if e_shared else "",
        "order": f"the excerpt's content words keep their order (alignment {order_raw:.2f})" if values["order"] else "",
        "skeleton": f"the excerpt's immutables skeleton (function words, numbers, names) aligns at {skel_raw:.2f}"
                    if skel_span and values["skeleton"] else "",
        "sentences": f"{sent:.0%} of the excerpt aligns sentence by sentence, character for character" if sent_span else "",
        "verbatim": "the excerpt occurs word for word" if verb else "",
        "title": f"{title_how} similarity {title_raw:.2f} to the record title {rv.record.title!r}" if title_how else "",
        "title_words": f"{tw:.0%} of the title's words (IDF-weighted) occur: {', '.join(t_shared[:10])}" if t_shared else "",
        "size": "; ".join(rv.excerpt.notes()),
        "date_conflict": date_why,
    }
    notes["found_full"] = notes["first"] = notes["all"] = notes["found"]
    notes["sequence"] = (f"the excerpt's words keep their order in the body ({seq_raw:.2f}; spun words counted as "
                         "what they stood for)") if values["sequence"] else ""
    notes["wording"] = (f"{wording_raw:.0%} of the excerpt's own word pairs (its phrasing, names and numbers "
                        "aside) occur in the body") if values["wording"] else ""
    notes["title_order"] = f"the headline keeps the record title's word order ({tseq_raw:.2f})" if values["title_order"] else ""
    notes["title_only"] = notes["title"]
    seg = Span(sv.segment.start, sv.segment.end)
    spans = {"found": found.span, "found_full": found.span, "first": found.span, "all": found.span, "sequence": skel_span or seg,
             "wording": seg,
             "title_order": title_span or (sv.title_lines[0] if sv.title_lines else None), "words": seg, "order": skel_span or seg,
             "skeleton": skel_span, "sentences": sent_span, "verbatim": sent_span or found.span,
             "title": title_span, "title_only": title_span, "title_words": seg, "size": seg, "date_conflict": seg}
    raw = {"title": title_raw, "skeleton": skel_raw, "order": order_raw, "paraphrase": found.similarity,
           "sequence": seq_raw, "wording": wording_raw, "title_order": tseq_raw,
           "aligned": float(found.aligned), "own_headline": 1.0 if sv.own_headline else 0.0}
    return Features(MappingProxyType(values), MappingProxyType(raw), MappingProxyType(spans), MappingProxyType(notes))


# --- restoring spun words in a title (the restorer is written elsewhere; degrade gracefully) ----

def restore_title(title: str) -> str | None:
    """The title with spun words restored (None when nothing changes or no restorer is installed).

    Uses :func:`textrepair.restore.restore` with the detection threshold at 0 (a headline is too
    short to be flagged on its own); without it, the packaged spinner table's likeliest entries.
    The result is only compared with record titles, never shown as a repair.
    """
    if not title:
        return None
    try:
        from ..spin.restore import restore
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
        from ..lexical.tables import load_table

        table = load_table("spinner-news")
    except Exception:  # noqa: BLE001 - the table may not be packaged
        return ()
    out = []
    for e in table.entries:
        if e.weight < 0.5:
            continue
        flags = 0 if e.case_sensitive else re.IGNORECASE
        out.append((re.compile(r"\b" + re.escape(e.spun) + r"\b", flags), e.original))
    return tuple(out)


def _restore_with_table(title: str) -> str | None:
    pairs = _spinner_pairs()
    if not pairs:
        return None
    out = title
    for pat, original in pairs:
        out = pat.sub(original, out)
    return out if out != title else None


def to_jsonable(values: Mapping[str, float]) -> dict[str, Any]:
    return {k: round(v, 4) for k, v in values.items()}
