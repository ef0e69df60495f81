"""The record index: candidates from an inverted index of spin-robust words, exact scoring of the few best, decisions.

Candidates come from the words a spinner leaves alone (numbers, names) and the rarer words of each
record's title, excerpt and URL slug. Postings are ``array('I')`` (4 bytes per entry); words found
in more than MAX_DF_SHARE of the records do not vote (passim's ``--max-series`` idea). The body's
rarest words vote first, rare words count more (their postings are added 3 or 2 times: Counter
counts at C speed), and a query stops at QUERY_WORDS words or POSTINGS_BUDGET postings. The
CANDIDATES best-voted records are ranked by the share of their own index words the body holds (a
cheap stand-in for the coverage features), and the EXACT best of those are scored with every
feature (record views are built on demand and cached).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..core.errors import require_text
from ..core.types import Segment
from ..text.document import Document, parse_document
from .features import RecordView, SegmentView, Weights, record_view, restore_title, segment_view
from .records import Record
from .score import LINK_THRESHOLD, Abstention, Link, PositionMap, decide, score_record
from .tokens import FUNC, NAME, NUM, _zipf, slug_words, tokenize, word_norms

#: Words present in more than this share of records do not vote for candidates ("said", or
#: "Apple" in an Apple-news archive); at least MIN_CAP records always may.
MAX_DF_SHARE = 0.02
MIN_CAP = 50
#: Body words this common in English (Zipf) only vote when they are names or numbers.
QUERY_MAX_ZIPF = 4.5
#: The lede, whose every content word votes (see query_words): characters from the opening's start.
LEDE_CHARS = 400
#: How many of a segment's rarest words vote (after its headline and lede words), and how many
#: postings a query may read at most.
QUERY_WORDS = 64
POSTINGS_BUDGET = 40_000
#: Records kept from the vote, and how many of those are scored with every feature.
CANDIDATES = 40
EXACT = 12
#: Views of recently scored records kept in memory (the rest are rebuilt on demand).
VIEW_CACHE = 4096


def index_words(record: Record) -> set[str]:
    """The words a record is indexed by: numbers, names and content words (not immutables) of
    its title and excerpt, and its URL slug's words. Cheap on purpose (no excerpt cleaning, no
    sentence splitting: a byline's names are indexed too, which only adds a few postings)."""
    words = {norm for norm, kind in word_norms(f"{record.title} \n {record.excerpt}")
             if kind != FUNC and len(norm) > 1}
    for url in dict.fromkeys(record.urls.values()):
        words.update(slug_words(url))
    return words


def query_words(sv: SegmentView) -> tuple[set[str], set[str]]:
    """The words of a segment that look records up (numbers, names, rarer words), and those that
    vote first and count once more: every content word of its possible headlines and of its lede
    (the first LEDE_CHARS of the opening), where a record's title and excerpt are to be found
    even when their words are common ("the only way out of this state of affairs")."""
    words: set[str] = set()
    lede_end = sv.opening.start + LEDE_CHARS
    first: set[str] = set()
    for t in sv.tokens:
        if len(t.norm) < 2 or t.kind == FUNC:
            continue
        if sv.opening.start <= t.start and t.end <= lede_end:
            first.add(t.norm)
        elif t.kind in (NUM, NAME) or _zipf(t.norm) < QUERY_MAX_ZIPF:
            words.add(t.norm)
    for span in sv.title_lines:
        for t in tokenize(sv.text, span.start, span.end):
            if t.kind != FUNC and len(t.norm) > 1:
                first.add(t.norm)
    return words | first, first


class _IdfView(Mapping[str, float]):
    """Every word's IDF in a RecordIndex, computed on first use and remembered (a new view is made
    whenever a record is added). Words no record has get the largest IDF."""

    def __init__(self, index: RecordIndex) -> None:
        self._index = index
        self._memo: dict[str, float] = {}
        self.weights = Weights(self, 1.0)

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


@dataclass(frozen=True)
class LinkReport:
    """The outcome for every article segment of a document: links (best first) and abstentions."""

    links: tuple[Link, ...]
    unlinked: tuple[Abstention, ...]

    def mapped(self, back: PositionMap) -> LinkReport:
        """This report with every span mapped through ``back`` (see :meth:`Link.mapped`)."""
        return LinkReport(tuple(lk.mapped(back) for lk in self.links), tuple(a.mapped(back) for a in self.unlinked))

    def to_dict(self) -> dict[str, Any]:
        return {"links": [lk.to_dict() for lk in self.links], "unlinked": [a.to_dict() for a in self.unlinked]}


class RecordIndex:
    """Records indexed for linking; ``add`` more at any time. ``link_document`` does the work.

    Holds the records, an inverted index from spin-robust words to record numbers with document
    frequencies for IDF, and per record how many index words it has. Full :class:`RecordView`
    objects are built only for the candidates of a query (and cached for VIEW_CACHE records).
    """

    def __init__(self, records: Iterable[Record] = (), *, include_related: bool = False) -> None:
        self.include_related = include_related
        self._records: list[Record] = []
        self._sizes = array("H")
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
            self._idf_view = _IdfView(self)  # the record count, and so every IDF, changes
        self._records.append(record)
        self._ids.setdefault(record.id, n)
        words = index_words(record)
        self._sizes.append(min(len(words), 65535))
        postings = self._postings
        for w in words:
            post = postings.get(w)
            if post is None:
                post = postings[w] = array("I")
            post.append(n)

    def _make_view(self, i: int) -> RecordView:
        return record_view(self._records[i])

    def view(self, i: int) -> RecordView:
        """The scoring view of record number ``i``."""
        return self._view(i)

    def view_of(self, record: Record) -> RecordView:
        i = self._ids.get(record.id)
        if i is not None and self._records[i] is record:
            return self._view(i)
        return record_view(record)

    def get(self, record_id: str) -> Record | None:
        i = self._ids.get(record_id)
        return None if i is None else self._records[i]

    def idf(self, word: str) -> float:
        """Smoothed inverse document frequency of ``word`` among the indexed records."""
        post = self._postings.get(word)
        return math.log((len(self._records) + 1) / ((len(post) if post is not None else 0) + 0.5))

    def idf_map(self, rv: RecordView | None = None) -> Mapping[str, float]:
        """IDF of any word among the indexed records, as a read-only mapping computed on demand
        (``rv`` is accepted for compatibility: the map covers every word)."""
        return self._idf_view

    def candidates(self, sv: SegmentView, k: int = CANDIDATES, exact: int = EXACT) -> list[int]:
        """Indices of the records most worth scoring for a segment, best first (at most ``exact``)."""
        n = len(self._records)
        if n == 0:
            return []
        cap = max(MIN_CAP, int(MAX_DF_SHARE * n))
        words, first_words = query_words(sv)
        usable = []
        for w in words:
            post = self._postings.get(w)
            if post is not None and len(post) <= cap:
                usable.append((len(post), w, post))
        # Rarest first (ties by word, so the candidates are identical from run to run); at most
        # QUERY_WORDS of them besides the headline and lede words, which always vote.
        usable.sort(key=lambda x: (x[0], x[1]))
        extra: Counter[int] = Counter()
        used = []
        budget = POSTINGS_BUDGET
        others = 0
        for df, w, post in usable:
            if df > budget:
                break
            if w not in first_words:
                others += 1
                if others > QUERY_WORDS:
                    continue
            budget -= df
            used.append(post)
            # Rare words say more: their (short) postings count again (an IDF-like weight at C speed).
            reps = (3 if df <= 10 else 2 if df <= 100 else 1) + (w in first_words)
            for _ in range(reps - 1):
                extra.update(post)
        # votes = the extra counts + one per word sharing the record ("shared"), counted from the
        # postings: Counter counts an iterable at C speed, while adding a Counter to another is a
        # Python loop over every record voted for (candidates() took 4.1 ms a query at 100,000
        # records, 2.3 ms without that loop: bench_link.py's queries, 2026-12-07). The records come
        # in the order the sum of the two Counters gave them (extra's first), which decides ties
        # in most_common.
        votes = Counter(extra)
        for post in used:
            votes.update(post)
        top = [i for i, _ in votes.most_common(k)]
        # Re-rank by how much of the record's own index words the body holds (precision of the
        # match, which a same-topic record with one shared name lacks) times the votes.
        sizes = self._sizes
        top.sort(key=lambda i: (-(votes[i] * (votes[i] - extra[i]) / (sizes[i] + 3)), i))
        return top[:exact]

    def rank_segment(self, sv: SegmentView, k: int = CANDIDATES, *, exact: int = EXACT) -> list[Link]:
        """The best candidates for a segment, scored with the pair model, best first."""
        restored = restore_title(sv.title_text)
        links = [score_record(sv, self.view(i), idf=self._idf_view, restored_title=restored)
                 for i in self.candidates(sv, k, exact)]
        links.sort(key=lambda lk: (-lk.score, lk.record.id))
        return links

    def explain_segment(self, sv: SegmentView, *, threshold: float = LINK_THRESHOLD) -> Link | Abstention:
        """The link of one segment, or why it has none."""
        return decide(sv, self.rank_segment(sv), self.view_of, threshold=threshold)

    def explain_segments(self, text: str, segments: Sequence[Segment], *,
                         threshold: float = LINK_THRESHOLD) -> LinkReport:
        links, unlinked = [], []
        for seg in segments:
            out = self.explain_segment(segment_view(text, seg), threshold=threshold)
            (links if isinstance(out, Link) else unlinked).append(out)
        links.sort(key=lambda lk: (-lk.score, lk.start))
        return LinkReport(tuple(links), tuple(unlinked))

    def link_segments(self, text: str, segments: Sequence[Segment], *,
                      threshold: float = LINK_THRESHOLD) -> list[Link]:
        """For each segment, its best record if convincing; returned best score first."""
        return list(self.explain_segments(text, segments, threshold=threshold).links)

    def explain_document(self, doc: Document, *, threshold: float = LINK_THRESHOLD) -> LinkReport:
        """Links and abstentions (with their best candidate and what was missing) for every article segment."""
        return self.explain_segments(doc.text, doc.segments, threshold=threshold)

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
