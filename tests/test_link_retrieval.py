"""The linker's query mechanics against their plain definitions: candidate votes and spinner-table phrase hits.

Both were rewritten for speed (issue 14, item 5); these tests state what they compute in the
plainest way and check the fast versions give exactly that, ties included.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.core.types import Segment
from textrepair.link import RecordIndex, index as index_module, segment_view
from textrepair.link.index import LEDE_CHARS, MAX_DF_SHARE, POSTINGS_BUDGET, QUERY_WORDS, query_words
from textrepair.link.records import Record
from textrepair.link.tokens import _table_hits, spinner_originals

# Made-up words (no English frequency, so every one of them votes) shared by many records, so
# that votes tie and the order of ties decides which records are kept.
VOCAB = ["zorbex", "quindle", "farrowmip", "glentrax", "vopsid", "ukkeram", "trellowin", "snarpic",
         "bodvenna", "criltuph", "yaxomere", "plindrow"]


def reference_candidates(index: RecordIndex, sv, k: int, exact: int) -> list[int]:  # type: ignore[no-untyped-def]
    """The candidate rule written plainly: every usable word's postings vote once ("shared"),
    rare and headline/lede words again (extra votes), the two Counters added, the k most voted
    kept (ties in the order of the sum), then re-ranked by votes x shared / (words + 3)."""
    n = len(index)
    if n == 0:
        return []
    cap = max(index_module.MIN_CAP, int(MAX_DF_SHARE * n))
    words, first = query_words(sv)
    postings = index._postings
    usable = sorted(((len(postings[w]), w, postings[w]) for w in words
                     if w in postings and len(postings[w]) <= cap), key=lambda x: (x[0], x[1]))
    extra: Counter[int] = Counter()
    shared: Counter[int] = Counter()
    budget, others = POSTINGS_BUDGET, 0
    for df, w, post in usable:
        if df > budget:
            break
        if w not in first:
            others += 1
            if others > QUERY_WORDS:
                continue
        budget -= df
        for i in post:
            shared[i] += 1
        reps = (3 if df <= 10 else 2 if df <= 100 else 1) + (w in first)
        for _ in range(reps - 1):
            for i in post:
                extra[i] += 1
    votes = extra + shared
    top = [i for i, _ in votes.most_common(k)]
    top.sort(key=lambda i: (-(votes[i] * shared[i] / (index._sizes[i] + 3)), i))
    return top[:exact]


titles = st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=4), min_size=1, max_size=120)
words = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=6)


def _body(lede: list[str], later: list[str]) -> str:
    # Lede words vote twice or more; words after the lede (past LEDE_CHARS of function words,
    # which never vote) vote once when common among the records (df > 100).
    filler = " ".join(["the"] * (LEDE_CHARS // 4 + 1))
    return " ".join(lede) + ". " + filler + " " + " ".join(later) + "."


@settings(max_examples=30, deadline=None)
@given(titles, words, words, st.integers(1, 8), st.integers(1, 8))
def test_candidates_are_the_plain_vote_count(record_words, lede, later, k, exact):
    index = RecordIndex(Record(f"r{i}", " ".join(w.capitalize() for w in ws), "") for i, ws in enumerate(record_words))
    text = _body(lede, later)
    sv = segment_view(text, Segment(0, len(text)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(index_module, "MIN_CAP", 1000)  # every made-up word votes, however common
        assert index.candidates(sv, k, exact) == reference_candidates(index, sv, k, exact)
        assert index.candidates(sv) == reference_candidates(index, sv, 40, 12)


def test_candidate_ties_go_to_records_with_extra_votes_first():
    """Two votes each: a record holding two common later words (one vote each) and the records
    holding one lede word (one vote and one extra). The sum of the two Counters lists the
    records with extra votes first, so with room for one candidate a lede-word record is kept."""
    a, c, b = "zorbex", "quindle", "farrowmip"   # df 120 and 130 (later words), 150 (lede word)
    records = [Record("both", f"{a.capitalize()} {c.capitalize()}")]
    records += [Record(f"a{i}", a.capitalize()) for i in range(119)]
    records += [Record(f"c{i}", c.capitalize()) for i in range(129)]
    records += [Record(f"b{i}", b.capitalize()) for i in range(150)]
    index = RecordIndex(records)
    text = _body([b], [a, c])
    sv = segment_view(text, Segment(0, len(text)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(index_module, "MIN_CAP", 1000)
        got = index.candidates(sv, 1, 1)
        assert got == reference_candidates(index, sv, 1, 1)
    assert [index.records[i].id for i in got] == ["b0"]


def reference_table_hits(norms: list[str]) -> list[frozenset[str]]:
    """Left to right, the longest spun phrase starting at each position wins; its tokens get the
    keys of what it stood for, and the scan goes on after it."""
    table, _ = spinner_originals()
    longest = max((len(p) for p in table), default=0)
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


def _phrase_tokens() -> list[str]:
    table, _ = spinner_originals()
    phrases = sorted(table, key=lambda p: (-len(p), p))[:40] + sorted(table)[:40]
    return sorted({w for p in phrases for w in p}) + ["the", "of", "zorbex"]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_table_hits_are_the_longest_phrases_left_to_right(data):
    tokens = _phrase_tokens()
    if len(tokens) <= 3:  # no spinner table packaged: nothing to find
        assert _table_hits(["the", "of"]) == [frozenset(), frozenset()]
        return
    table, _ = spinner_originals()
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(tokens).map(lambda w: [w]),
                                          st.sampled_from(sorted(table)).map(list)), max_size=30))
    norms = [w for piece in pieces for w in piece]
    assert _table_hits(norms) == reference_table_hits(norms)
