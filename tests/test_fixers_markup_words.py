"""Markup removal never glues or splits words (hypothesis): words wrapped in random inline and block tags."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair import apply_edits, repair_and_explain, validate_edits
from textrepair.fix.markup import remove_markup

# Inline wrappers put around a word: they render inside it, so they must not part it.
INLINE = [("<b>", "</b>"), ("<i>", "</i>"), ("<em>", "</em>"), ("<a href=\"https://example.org/x\">", "</a>"),
          ("<span class='k'>", "</span>"), ("<img src=x>", ""), ("", "<wbr>"), ("&lt;b&gt;", "&lt;/b&gt;")]
# What may sit between two words. SEPARATING pieces part words (whitespace, block and break
# tags); the other pieces are inline tags and comments, which part nothing on their own.
SEPARATING = [" ", "  ", "\t", "\n", "\n\n", "<br>", "<br/>", " <br /> ", "</p>", "<p>", "</p><p>",
              "<div class=\"c\">", "</li><li>", "</td> <td>", "<h2>", "&lt;br&gt;"]
OTHER = ["<b>", "</b>", "</i>", "<i>", "<span>", "</a>", "<img src=\"a.jpg\" alt=\"A\">", "<!-- c -->"]

words = st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True)
wrapped = st.tuples(words, st.lists(st.sampled_from(INLINE), max_size=2))
pieces = st.lists(st.sampled_from(SEPARATING + OTHER), max_size=3).map("".join)
separators = st.tuples(pieces, st.sampled_from(SEPARATING), pieces).map("".join)


@st.composite
def marked_up(draw) -> tuple[str, list[str]]:
    """A text of words parted by separators, each word wrapped in inline tags; and its words."""
    items = draw(st.lists(wrapped, min_size=1, max_size=8))
    out = [draw(pieces)]
    for i, (word, wrappers) in enumerate(items):
        if i:
            out.append(draw(separators))
        for open_, _ in wrappers:
            out.append(open_)
        out.append(word)
        for _, close in reversed(wrappers):
            out.append(close)
    out.append(draw(pieces))
    return "".join(out), [w for w, _ in items]


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(marked_up())
def test_markup_removal_keeps_the_words_apart(case):
    text, expected_words = case
    edits = remove_markup(text)
    validate_edits(text, edits)
    out = apply_edits(text, edits)
    assert out.split() == expected_words
    assert remove_markup(out) == ()


@SETTINGS
@given(marked_up())
def test_repair_of_marked_up_words_is_idempotent(case):
    text, _ = case
    r = repair_and_explain(text, restore=False)
    again = repair_and_explain(r.text, restore=False)
    assert again.text == r.text
    assert again.edits == ()
