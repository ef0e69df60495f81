"""Regional spellings of one word are never a substitution (textrepair.lexical.spelling)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textrepair import repair_and_explain
from textrepair.lexical import spelling, thesaurus

CASES = json.loads((Path(__file__).parent / "cases" / "spelling.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("a", "b"), CASES["same"])
def test_regional_spellings_are_the_same_word(a: str, b: str) -> None:
    assert spelling.same_word(a, b) and spelling.same_word(b, a)


@pytest.mark.parametrize(("a", "b"), CASES["different"])
def test_look_alike_words_are_different(a: str, b: str) -> None:
    assert not spelling.same_word(a, b) and not spelling.same_word(b, a)


@given(st.text(alphabet="abcdeilmnorstuvyz ", max_size=20), st.text(alphabet="abcdeilmnorstuvyz ", max_size=20))
def test_same_word_is_symmetric_and_irreflexive(a: str, b: str) -> None:
    assert not spelling.same_word(a, a)
    assert spelling.same_word(a, b) == spelling.same_word(b, a)


@pytest.mark.parametrize("word", CASES["candidates"])
def test_no_candidate_is_another_spelling_of_the_word(word: str) -> None:
    found = [c.text for c in thesaurus.candidates(word)]
    assert found  # the word has originals: the check is not over an empty list
    assert not [t for t in found if spelling.same_word(t, word)]


def test_a_british_article_keeps_its_spelling() -> None:
    text = ("The council said the new theatre in the city centre would open in the autumn. Its "
            "grey walls are twelve metres high, and the colour of the seats was chosen by local "
            "children, who travelled from every school in the district to see the programme.")
    r = repair_and_explain(text)
    assert r.text == text
