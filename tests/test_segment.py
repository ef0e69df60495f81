"""Segmentation: sentence/paragraph/word/title cases (tests/cases/segmentation.json) and article splits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair import Segment, parse_document, read_document, split_articles, split_paragraphs
from textrepair import split_sentences, split_words
from textrepair.text.segment import is_headline, is_title_line, iter_lines

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "segmentation.json")
                   .read_text(encoding="utf-8"))


def _ids(kind: str) -> list:
    return [pytest.param(c, id=c["label"]) for c in CASES[kind]]


def _texts(text: str, spans) -> list[str]:
    return [text[s.start : s.end] for s in spans]


@pytest.mark.parametrize("case", _ids("sentences"))
def test_sentence_case(case):
    assert _texts(case["input"], split_sentences(case["input"])) == case["expected"]


@pytest.mark.parametrize("case", _ids("paragraphs"))
def test_paragraph_case(case):
    assert _texts(case["input"], split_paragraphs(case["input"])) == case["expected"]


@pytest.mark.parametrize("case", _ids("words"))
def test_word_case(case):
    assert _texts(case["input"], split_words(case["input"])) == case["expected"]


@pytest.mark.parametrize("case", _ids("titles"))
def test_title_case(case):
    doc = parse_document(case["input"])
    title = None if doc.title is None else doc.text[doc.title.start : doc.title.end]
    assert title == case["expected"]


def test_spans_respect_a_sub_span():
    text = "Skip this. Head.\n\nMr. Smith left. He came back."
    start = text.index("Mr.")
    from textrepair import Span

    sents = split_sentences(text, Span(start, len(text)))
    assert _texts(text, sents) == ["Mr. Smith left.", "He came back."]
    words = split_words(text, Span(start, len(text)))
    assert words[0].start == start


def test_iter_lines_covers_every_terminator():
    text = "a\r\nb\nc\rd"
    assert _texts(text, iter_lines(text)) == ["a", "b", "c", "d"]


def test_headline_rules():
    assert is_headline("Clearview Faces A $23 Million Fine Over Facial Recognition In The UK")
    assert not is_headline("The council voted on Monday.")
    assert not is_headline("Short Title")  # under 4 words
    assert is_title_line("Netflix loses subscribers for the first time")
    assert not is_title_line("• A bullet point that is long enough")


GLUED = """First Story About The Harbor Ferry Route


The council voted 7-2 on Monday to approve a ferry route, a project first proposed in 2019 by residents.

Officials said boats would run in spring, and the fare would be six dollars a trip for adults.

Second Story About The Bridge Repairs Downtown


The bridge reopened to traffic on Tuesday after eight months of repairs to its deck, its steel cables and the two old stone towers.

The repairs cost $31 million, about $3 million more than planned, because of a steel shortage.
"""


def test_glued_articles_split_at_the_template_headline():
    segs = split_articles(GLUED)
    assert len(segs) == 2
    assert segs[0].start == 0 and segs[-1].end == len(GLUED)
    assert segs[0].end == segs[1].start
    second = GLUED[segs[1].title_start : segs[1].title_end]
    assert second == "Second Story About The Bridge Repairs Downtown"
    assert "blank lines" in segs[1].reason


def test_end_marker_before_a_headline_splits():
    text = ("First Story Here About The Ferry\n\nThe council voted on Monday to approve it. ●\n\n"
            "Second Story About The Bridge Repairs\n\n" + "The bridge reopened on Tuesday. " * 6)
    segs = split_articles(text)
    assert len(segs) == 2 and "end-of-article" in segs[1].reason


def test_subheading_does_not_split():
    text = ("Council Approves The New Ferry Route\n\nThe council voted on Monday to approve it.\n\n"
            "What Happens Next For Commuters\n\n" + "Boats will run in the spring and fares are set. " * 4)
    assert len(split_articles(text)) == 1


def test_empty_body_is_one_segment():
    assert split_articles("") == (Segment(0, 0, None, None, "empty body"),)
    assert len(split_articles("  \n\n ")) == 1


# --- on the seeds and the development corpus ---------------------------------------------

def test_seed_body_holds_two_articles(seed_body):
    doc = parse_document(seed_body)
    assert len(doc.segments) == 2
    first, second = doc.segments
    assert first.start == doc.body.start and second.end == len(seed_body)
    assert first.end == second.start
    title2 = seed_body[second.title_start : second.title_end]
    assert "$23 Million Fine" in title2 and "\n" not in title2
    # the second article's headline is a line of its own and starts a paragraph
    assert seed_body[second.title_start - 1] == "\n"
    assert any(p.start == second.title_start for p in doc.paragraphs)
    assert doc.title is not None and doc.title.start == first.title_start


def _corpus(shared: Path) -> list[Path]:
    c = shared / "corpus"
    return (sorted(c.glob("clean/*.txt")) + sorted(c.glob("pairs/*/*.txt"))
            + sorted(c.glob("dict/*/*.txt")))


def test_no_false_article_splits_in_the_corpus(shared):
    """Clean news, pair originals and spun copies are each one article."""
    counts = {p.relative_to(shared).as_posix(): len(read_document(p).segments) for p in _corpus(shared)}
    assert len(counts) > 60
    assert {k: v for k, v in counts.items() if v != 1} == {}


def test_abbreviations_do_not_split_in_the_corpus(shared):
    """No sentence in the corpus ends at U.S., Mr., Dr., Mrs., Calif. or the spun U.Ok."""
    bad = ("U.S.", "Mr.", "Mrs.", "Dr.", "Calif.", "U.Ok.", "U.K.")
    for path in [next((shared / "seeds").glob("001_*"))] + _corpus(shared):
        doc = read_document(path)
        spans = doc.sentences()
        for a, b in zip(spans, spans[1:]):
            same_line = "\n" not in doc.text[a.end : b.start]
            if same_line:
                assert not doc.text[a.start : a.end].endswith(bad), (path, doc.text[a.start : a.end][-60:])
