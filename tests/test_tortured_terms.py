"""Term-driven candidates for tortured phrases (issue 13): listed terms whose every word is linked to
the observed word at its position, found through :class:`textrepair.lexical.termindex.TermIndex`.

Cases are phrases and sentences written for this test (tests/cases/tortured_terms.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.core.edits import apply_edits
from textrepair.lexical.termindex import TermIndex
from textrepair.spin import tortured as T

CASES = json.loads((Path(__file__).parent / "cases" / "tortured_terms.json").read_text(encoding="utf-8"))


def table_of(pairs: dict) -> T.SubstitutionTable:
    return T.SubstitutionTable({k: tuple((o, c) for o, c in v) for k, v in pairs.items()},
                               {k: sum(c for _, c in v) for k, v in pairs.items()}, "test")


def words_in(cands) -> set[tuple[str, ...]]:
    return {c.words for c in cands}


@pytest.mark.parametrize("case", CASES["term_only"], ids=lambda c: c["spun"])
def test_a_term_out_of_the_beams_reach_is_a_candidate(case: dict) -> None:
    m = T.default_model()
    spun, term = T.words_of(case["spun"]), tuple(T.words_of(case["term"]))
    beam_only = T.ScienceModel(m.table, m.terms, term_index=False)
    assert term not in words_in(beam_only.candidates(spun))
    assert term in words_in(m.candidates(spun))
    # and it survives the pre-ranking into the scored candidates
    assert term in {c.words for _, c, _ in m.scored(spun)}


def test_a_table_unit_of_several_words_fills_one_term_word() -> None:
    case = CASES["unit_table"]
    m = T.ScienceModel(table_of(case["pairs"]), {t: "curated" for t in case["terms"]})
    got = {c.words: c for c in m.term_candidates(T.words_of(case["phrase"]))}
    term = tuple(T.words_of(case["term"]))
    assert term in got
    assert got[term].subs[0][:3] == ("getting to know", "learning", "table")
    # nothing else fits: "curve fitting" has no word linked to "getting"
    assert set(got) == {term}


def test_two_hops_only_beside_a_substituted_word() -> None:
    """Two-hop links (off by default, ``term_hop2=True``): one word, beside a substituted one."""
    case = CASES["hop2_table"]
    m = T.ScienceModel(table_of(case["pairs"]), {t: "wordnet" for t in case["terms"]}, term_hop2=True)
    term = tuple(T.words_of(case["term"]))
    # "learning" -> "matter" is no one-hop link, but two hops with several paths
    assert "matter" not in m.links("learning")
    assert m.two_hops("learning", "matter")
    got = {c.words: c for c in m.term_candidates(T.words_of(case["phrase"]))}
    assert [s[2] for s in got[term].subs] == ["table", "hop2"]
    # beside a word kept as written, a two-hop link proposes nothing
    assert term not in words_in(m.term_candidates(T.words_of(case["kept"])))
    no_hop = T.ScienceModel(m.table, m.terms, term_hop2=False)
    assert term not in words_in(no_hop.term_candidates(T.words_of(case["phrase"])))


@pytest.mark.parametrize("text", CASES["genuine"])
def test_genuine_terms_stay(text: str) -> None:
    assert apply_edits(text, T.tortured_edits(text, T.find_tortured(text))) == text


# --- the index ------------------------------------------------------------------------------------

_words = st.sampled_from(["alpha", "beta", "gamma", "delta", "eps"])


@settings(max_examples=60, deadline=None)
@given(terms=st.lists(st.lists(_words, min_size=1, max_size=5).map(" ".join), max_size=30),
       allowed=st.lists(st.sets(_words, max_size=3), min_size=2, max_size=4),
       slack=st.integers(0, 1))
def test_index_fitting_is_the_brute_force_answer(terms: list[str], allowed: list[set[str]], slack: int) -> None:
    index = TermIndex(terms)
    n = len(allowed)
    got = {index.words(t) for t in index.fitting(allowed, n - slack)}
    want = {tuple(t.split()) for t in terms if len(t.split()) == n
            and sum(w in a for w, a in zip(t.split(), allowed)) >= n - slack}
    assert got == want
    for k in range(n):
        assert {index.words(t) for t in index.ids(n, k, allowed[k])} == \
            {tuple(t.split()) for t in terms if len(t.split()) == n and t.split()[k] in allowed[k]}


def test_index_keeps_two_to_max_words() -> None:
    index = TermIndex(["a b", "a b c d e", "x", "p q r s"], max_words=4)
    assert sorted(index.words(t) for t in range(len(index))) == [("a", "b"), ("p", "q", "r", "s")]
