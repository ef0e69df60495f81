"""Edit algebra: replay, inverse and composition hold for arbitrary text and edits (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import Edit, EditConflictError, apply_edits, compose_edits, invert_edits


def _touch_ok(prev: Edit | None, s: int, e: int, original: str, repl: str) -> bool:
    if prev is None:
        return True
    if s > prev.end:
        return True
    return s == prev.end and bool(prev.found and prev.replacement and original and repl)


@st.composite
def text_and_edits(draw, alphabet: str = "ab \n’é"):
    """A text and a valid edit plan for it (sorted, disjoint, touching only when substituting)."""
    text = draw(st.text(alphabet=alphabet, max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits: list[Edit] = []
    for i in range(0, len(cuts) - 1, 2):
        s, e = cuts[i], cuts[i + 1]
        repl = draw(st.text(alphabet="xyz’", max_size=3))
        if repl == text[s:e] or not _touch_ok(edits[-1] if edits else None, s, e, text[s:e], repl):
            continue
        edits.append(Edit(s, e, text[s:e], repl, "t", "r"))
    return text, edits


@given(text_and_edits())
def test_inverse_restores_input(te):
    text, edits = te
    out = apply_edits(text, edits)
    assert apply_edits(out, invert_edits(edits)) == text


def _draw_second(data, middle: str, confidence: float = 1.0, source: str = "") -> list[Edit]:
    """A valid edit plan for ``middle`` (the output of a first plan), drawn from ``data``."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(middle)), max_size=6)))
    second: list[Edit] = []
    for i in range(0, len(cuts) - 1, 2):
        s, e = cuts[i], cuts[i + 1]
        repl = data.draw(st.text("pq", max_size=2))
        if repl == middle[s:e] or not _touch_ok(second[-1] if second else None, s, e, middle[s:e], repl):
            continue
        second.append(Edit(s, e, middle[s:e], repl, "u", "r2", confidence, source))
    return second


@settings(max_examples=300)
@given(st.data())
def test_composition_equals_sequential_application(data):
    text, first = data.draw(text_and_edits())
    middle = apply_edits(text, first)
    second = _draw_second(data, middle)
    final = apply_edits(middle, second)
    composed = compose_edits(text, first, second)
    assert apply_edits(text, composed) == final
    ends = [(e.start, e.end) for e in composed]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))


def test_conflicting_edit_is_refused():
    with pytest.raises(EditConflictError, match="expects"):
        apply_edits("abc", [Edit(0, 1, "x", "y", "t", "r")])
    with pytest.raises(EditConflictError, match="overlaps"):
        apply_edits("abcd", [Edit(0, 2, "ab", "", "t", "r"), Edit(1, 3, "bc", "", "t", "r")])
    with pytest.raises(EditConflictError, match="outside"):
        apply_edits("ab", [Edit(2, 3, "x", "", "t", "r")])
    with pytest.raises(EditConflictError, match="touch"):
        apply_edits("ab", [Edit(0, 0, "", "x", "t", "r"), Edit(0, 1, "a", "", "t", "r")])
    with pytest.raises(EditConflictError, match="changes nothing"):
        apply_edits("ab", [Edit(0, 1, "a", "a", "t", "r")])


@given(text_and_edits())
def test_composed_plan_is_valid_and_inverse_of_composition_holds(te):
    text, edits = te
    out = apply_edits(text, edits)
    again = compose_edits(text, edits, [])
    assert apply_edits(text, again) == out


@settings(max_examples=300)
@given(st.data())
def test_composition_fast_path_matches_the_general_clustering(data):
    """compose_edits maps lone edits of ``second`` back without rebuilding them; the result must
    equal the general cluster-merging path (forced here by a " + " in every label)."""
    from dataclasses import replace

    text, first = data.draw(text_and_edits())
    middle = apply_edits(text, first)
    second = _draw_second(data, middle, confidence=0.5, source="src")
    fast = compose_edits(text, first, second)
    slow = compose_edits(text, first, [replace(e, source="src + src") for e in second])
    assert [replace(e, source=e.source.replace("src + src", "src")) for e in fast] == \
        [replace(e, source=e.source.replace("src + src", "src")) for e in slow]
