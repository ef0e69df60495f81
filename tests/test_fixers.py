"""Mangled-text fixers: data-driven cases (tests/cases/fixers_*.json) plus corpus regression counts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from textrepair import RepairConfig, apply_edits, read_document, repair_and_explain, repair_document
from textrepair.fix import debris, markup, mojibake
from textrepair.core.edits import validate_edits
from textrepair.fix.chain import removal_span
from textrepair.fix.debris import credit_line_kind
from textrepair.pipeline import FIXERS
from textrepair.text.segment import iter_lines

CASES = Path(__file__).resolve().parent / "cases"


def _load_cases() -> list:
    params = []
    for path in sorted(CASES.glob("fixers_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        fixer = FIXERS[data["fixer"]]
        for case in data["cases"]:
            params.append(pytest.param(fixer, tuple(data["sources"]), case,
                                       id=f"{data['fixer']}: {case['label']}"))
    return params


@pytest.mark.parametrize(("fixer", "sources", "case"), _load_cases())
def test_fixer_case(fixer, sources, case):
    text, expected = case["input"], case["expected"]
    edits = fixer(text)
    validate_edits(text, edits)  # sorted, disjoint, in bounds, each matching the text
    assert apply_edits(text, edits) == expected, case.get("comment", "")
    if text == expected:
        assert edits == (), "a negative case must produce no edit at all"
    for e in edits:
        assert e.stage == fixer.__name__
        assert e.reason
        assert set(e.source.split(" + ")) <= set(sources)
    assert fixer(expected) == (), "fixing the output again must change nothing"


def test_every_fixer_has_cases_and_negatives():
    seen: dict[str, int] = Counter()
    negatives: dict[str, int] = Counter()
    for path in CASES.glob("fixers_*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            seen[data["fixer"]] += 1
            negatives[data["fixer"]] += case["input"] == case["expected"]
    for name in ("remove_markup", "remove_debris", "remove_invisible", "fix_mojibake",
                 "normalize_typography"):
        assert seen[name] >= 3, name
        assert negatives[name] >= 1, name


def test_debris_sub_fixers_are_separately_named():
    text = " date 2022-05-11 See the map (opens in new tab) now.\n\nSource: TradingView\n\nEnd."
    sources = {e.source for e in debris.remove_debris(text)}
    assert sources == {"index-artefact", "link-leak", "caption-credit"}
    assert debris.remove_index_artefact(text)[0].source == "index-artefact"
    assert debris.remove_link_leaks(text)[0].source == "link-leak"
    assert debris.remove_credit_lines(text)[0].source == "caption-credit"


def test_markup_sub_fixers_are_separately_named():
    assert markup.unescape_entities("a &amp; b")[0].source == "html-entity"
    assert markup.strip_tags("a <b>b</b>")[0].source == "html-tag"
    assert markup.remove_html_comments("a<!-- x -->b")[0].source == "html-comment"


@pytest.mark.parametrize(("lines", "first", "last", "expected"), [
    ("A\n\nX\n\nB", 2, 2, "A\n\nB"),        # a paragraph of its own: the blank lines after it go
    ("A\nX\nB", 1, 1, "A\nB"),              # inside a block: just the line and its break
    ("X\n\nB", 0, 0, "B"),                  # first line
    ("A\n\nX", 2, 2, "A"),                  # last line: the break and blank lines before it go
    ("A\nX", 1, 1, "A"),
    ("X", 0, 0, ""),
    ("A\r\n\r\nX\r\n\r\nB", 2, 2, "A\r\n\r\nB"),
])
def test_removal_span_leaves_no_blank_line_debris(lines, first, last, expected):
    spans = list(iter_lines(lines))
    s = removal_span(lines, spans, first, last)
    assert lines[: s.start] + lines[s.end :] == expected


def test_pipeline_fixes_mojibake_markup_and_debris_together():
    text = " date 2023-03-14 The museumâ€™s wing opened.<br>\n\nTickets (opens in new tab) cost &pound;12.\n"
    r = repair_and_explain(text, restore=False)
    assert r.text == "The museum’s wing opened.\n\nTickets cost £12.\n"
    assert {e.stage for e in r.edits} == {"remove_markup", "fix_mojibake", "remove_debris"}


def test_pipeline_reaches_a_fixed_point_across_stages():
    # "&#8203;" decodes to a zero-width space and "â€‹" is the mojibake of one: both must be gone
    # after one repair, and a second repair must find nothing.
    text = "vol&#8203;unteers and volâ€‹unteers and caf&Atilde;&copy;"
    r = repair_and_explain(text, restore=False)
    assert r.text == "volunteers and volunteers and café"
    assert repair_and_explain(r.text, restore=False).edits == ()


def test_typography_is_opt_in():
    text = "“It’s fine,” she said."
    assert repair_and_explain(text, restore=False).text == text
    assert repair_and_explain(text, restore=False, normalize_typography=True).text == \
        "\"It's fine,\" she said."


def test_disabled_fixers_do_nothing():
    text = "<b>x</b> donâ€™t (opens in new tab)\u200b"
    off = dict(remove_markup=False, fix_encoding=False, remove_debris=False,
               remove_invisible=False, restore=False)
    assert repair_and_explain(text, **off).text == text


# --- over the development corpus (read from ../shared at run time; skipped without it) --------

def _corpus_files(shared: Path) -> list[Path]:
    c = shared / "corpus"
    return (sorted((shared / "seeds").glob("*.txt")) + sorted(c.glob("clean/*.txt"))
            + sorted(c.glob("pairs/*/*.txt")) + sorted(c.glob("dict/*/*.txt")))


def test_corpus_edit_counts_match_the_reviewed_list(shared):
    """Every fixer edit on the corpus, counted per file and source, equals the reviewed list in
    tests/cases/corpus_fixer_edits.json (each removal there was read and judged debris, not prose).
    A new pattern that touches prose, or a lost one, changes the counts and fails here."""
    expected = json.loads((CASES / "corpus_fixer_edits.json").read_text(encoding="utf-8"))["files"]
    config = RepairConfig(restore=False)
    found: dict[str, dict[str, int]] = {}
    for path in _corpus_files(shared):
        result = repair_document(read_document(path), config)
        counts = Counter(e.source for e in result.edits)
        if counts:
            found[path.relative_to(shared).as_posix()] = dict(sorted(counts.items()))
    assert found == expected


def test_corpus_removed_lines_are_captions_not_prose(shared):
    """Whole lines removed from clean news are caption/credit lines: short, and one sentence."""
    config = RepairConfig(restore=False)
    for path in sorted((shared / "corpus" / "clean").glob("*.txt")):
        result = repair_document(read_document(path), config)
        for e in result.edits:
            if e.source != "caption-credit":
                continue
            for line in e.found.splitlines():
                if line.strip():
                    assert credit_line_kind(line) is not None
                    assert len(line.split()) <= 30, line


def test_lines_of_typographic_punctuation_are_left_to_skip_ftfy():
    """fix_mojibake skips the ftfy call on lines of ASCII plus mojibake._FTFY_INERT: ftfy must leave
    every such string alone. Checked exhaustively up to three characters (the reach of the mojibake
    detector's patterns), with ASCII stand-ins for each class its patterns use."""
    import itertools

    import ftfy

    alphabet = list(mojibake._FTFY_INERT) + list("aZ .,?!1\t")
    for n in (1, 2, 3):
        for chars in itertools.product(alphabet, repeat=n):
            s = "".join(chars)
            assert mojibake._FTFY_ACTIVE_RE.search(s) is None
            assert ftfy.fix_text(s, mojibake._CONSERVATIVE) == s, repr(s)
    # and the active characters still reach ftfy
    for s in ("cafÃ©", "â€™", "\x1b[1m bold ’", "price €5 ’", "Ã\xa0 la"):
        assert mojibake._FTFY_ACTIVE_RE.search(s) is not None
    assert mojibake.fix_mojibake("donâ€™t “stop”")
