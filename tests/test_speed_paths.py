"""The fast paths of the speed passes give what the plain computations they replace give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.core.types import Span
from textrepair.lexical import inflect, thesaurus
from textrepair.spin import detect
from textrepair.spin.match import table_set
from textrepair.text.segment import iter_lines, split_paragraphs

# --- iter_lines: str.find in place of a pattern matched at every line ----------------------------

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|\Z)")


def _lines_by_pattern(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """iter_lines as it was written before (one match of _LINE_RE per line)."""
    end = len(text) if end is None else end
    out = []
    pos = start
    while pos < end:
        m = _LINE_RE.match(text, pos, end)
        if m is None or m.end() == pos:
            break
        content_end = m.end()
        while content_end > pos and text[content_end - 1] in "\r\n":
            content_end -= 1
        out.append(Span(pos, content_end))
        pos = m.end()
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \t\r\n’", max_size=40), st.data())
def test_iter_lines_matches_the_line_pattern(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert list(iter_lines(text)) == _lines_by_pattern(text)
    assert list(iter_lines(text, start)) == _lines_by_pattern(text, start)
    assert list(iter_lines(text, start, end)) == _lines_by_pattern(text, start, end)


def test_iter_lines_terminators() -> None:
    text = "one\r\ntwo\rthree\n\r\nfour"
    assert [text[s.start : s.end] for s in iter_lines(text)] == ["one", "two", "three", "", "four"]
    # A line feed far after many carriage returns (old Mac line ends): still one pass.
    text = "x\r" * 2000 + "y\n"
    assert len(list(iter_lines(text))) == 2001
    assert list(iter_lines(text)) == _lines_by_pattern(text)


# --- the paragraph analysis built without the dataclass constructor ------------------------------

PARAGRAPHS = (
    "Regulation enforcement companies used the know-how, in line with information. The agency "
    "stated it would purchase new gear. The agency stated it would purchase more.\n\n"
    "A plain sentence about the weather, with nothing to restore.\n\n"
    "Officials said the schools will reopen next week after the storm."
)


def test_fast_paragraph_analysis_equals_the_constructor() -> None:
    ts = table_set(None)
    for span in split_paragraphs(PARAGRAPHS):
        fast = detect.analyse_paragraph(PARAGRAPHS, span, ts)
        slow = detect.ParagraphAnalysis(fast.span, fast.tokens, fast.hits, fast.gains, fast.protected)
        assert fast == slow
        assert list(fast.__dict__) == list(slow.__dict__)  # the same attributes, in the same order
        assert (fast.mass, fast.collocations, fast.clusters) == (slow.mass, slow.collocations, slow.clusters)
    assert any(detect.analyse_paragraph(PARAGRAPHS, s, ts).hits for s in split_paragraphs(PARAGRAPHS))


# --- thesaurus candidates: the per-original cache against the loop it replaced --------------------


def _candidates_direct(observed: str, max_lemmas: int = 0) -> tuple[thesaurus.Candidate, ...]:
    """thesaurus.candidates as it was written before (_inflected and channel_logprob per form, the
    shared parts of speech applied per form)."""
    from textrepair.lexical import lexicon

    readings = [(observed, inflect.BASE)]
    if " " not in observed:
        readings += [r for r in lexicon.analyse(observed) if r[1] != inflect.BASE]
    out: dict[str, thesaurus.Candidate] = {}
    for lemma, form in readings:
        origs = thesaurus.originals(lemma)
        if max_lemmas and len(origs) > max_lemmas:
            head = list(origs[:max_lemmas])
            own = origs[-1]
            if (own[0] == lemma and own not in head
                    and thesaurus._lemma_rank(own[0], own[1]) > thesaurus._lemma_rank(head[-1][0], head[-1][1])):
                head[-1] = own
            origs = tuple(head)
        for o, link_bits, pos in origs:
            base = form == inflect.BASE
            allowed = thesaurus._pos_texts(o, pos) if pos and base else None
            for f in (thesaurus._forms(o) if base else (form,)):
                text = thesaurus._inflected(o, f)
                if text is None or text == observed:
                    continue
                bits = link_bits
                if allowed is not None and text not in allowed:
                    bits &= thesaurus.MOBY
                    if not bits:
                        continue
                ch = thesaurus.channel_logprob(o, bits, f != inflect.BASE)
                prev = out.get(text)
                if prev is None or prev.channel < ch:
                    out[text] = thesaurus.Candidate(text, o, ch, bits)
    return tuple(sorted(out.values(), key=lambda c: (-c.channel, c.text)))


WORDS = ("chapeau", "score", "scored", "scoring", "exhibits", "purchase", "stated", "agencies", "rack up",
         "larger", "information", "quickly", "know-how", "penalisation", "fob", "happiest", "zzzqx")


def test_candidates_equal_the_direct_loop() -> None:
    seen = 0
    for word in WORDS:
        for max_lemmas in (0, 6):
            got = thesaurus.candidates(word, max_lemmas)
            assert got == _candidates_direct(word, max_lemmas), word
            seen += len(got)
    assert seen > 50  # the words above have candidates: the comparison is not between empties


def test_original_forms_are_the_inflections_the_model_knows() -> None:
    for o, bits, pos in thesaurus.originals("score") + thesaurus.originals("exhibit"):
        for form in (inflect.BASE, inflect.PAST, inflect.PLURAL):
            forms = thesaurus._forms(o) if form == inflect.BASE else (form,)
            want = tuple((t, thesaurus.channel_logprob(o, bits, f != inflect.BASE), bits)
                         for f in forms if (t := thesaurus._inflected(o, f)) is not None)
            assert thesaurus._original_forms(o, bits, form) == want


# --- credit lines: the needed characters tested before the patterns --------------------------------

from textrepair.fix import debris  # noqa: E402


def _credit_kind_by_patterns(line: str) -> str | None:
    """debris.credit_line_kind with every pattern run (no character test first)."""
    s = line.strip()
    if not s or len(s) > 300:
        return None
    n_words = len(s.split())
    if n_words > debris._MAX_CAPTION_WORDS + 8:
        return None
    if n_words > debris._SHORT_CREDIT_WORDS and not any(h in s.lower() for h in debris._CREDIT_HINTS):
        return None
    for kind, pattern in debris._CREDIT_LINE_PATTERNS:
        if pattern.fullmatch(s):
            return kind
    return None


# Pieces of captions, credits and prose (written for this test) that the lines below are made of.
_PIECES = ("Source", "Supply", "Credit", "Image", "Photo", "Getty Images", "AP", "Reuters", "via", "through",
           "by way of", "YouTube", "youtube.com", "Jane Doe", "the city council", "said", "video", "screen",
           ":", "(", ")", "/", "|", ".", ". ", " ", " ", "courtesy of", "NASA", "Image credit", "AFP",
           "shows the new bridge", "Screenshot", "example.org", "Bloomberg via Getty Images")


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_credit_line_kind_matches_the_patterns(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert debris.credit_line_kind(line) == _credit_kind_by_patterns(line)


def test_credit_line_kind_on_the_debris_cases() -> None:
    import json
    from pathlib import Path

    cases = json.loads((Path(__file__).resolve().parent / "cases" / "fixers_debris.json").read_text(encoding="utf-8"))
    lines = [ln for c in cases["cases"] for ln in c["input"].splitlines()]
    lines += ["Photo: Jane Doe/Getty Images", "Source: TradingView", "CBS This Morning through YouTube / By way of youtube.com",
              "The new bridge at dusk (Jane Doe/AP)", "Chart of the week. Source: TradingView", "Screenshot via Twitter"]
    kinds = [debris.credit_line_kind(ln) for ln in lines]
    assert kinds == [_credit_kind_by_patterns(ln) for ln in lines]
    assert sum(k is not None for k in kinds) >= 5  # the comparison covers lines that match


# --- link-text leaks: the text after each "(" tested before the whole body is lower-cased ------------

_LEAK_PIECES = ("(", ")", "opens", "Opens", "OPENING", "open", " link", " in ", "a ", "new ", "New ", "tab", "window",
                "wındow", "link is external", "External link", "external", "word", " ", "\n", "x" * 30)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_LEAK_PIECES), max_size=16))
def test_link_leaks_found_as_by_the_pattern_alone(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert debris.remove_link_leaks(text) == debris._merge_disjoint(text, [
        e for e in _leak_edits_by_pattern(text) if e.end > e.start])


def _leak_edits_by_pattern(text: str) -> list:
    """remove_link_leaks' edits as it was written before: the whole text lower-cased for its test."""
    from textrepair.core.types import Edit

    low = text.lower()
    if "new tab" not in low and "new window" not in low and "external" not in low:
        return []
    edits = []
    for m in debris._LINK_LEAK_RE.finditer(text):
        s, e = m.start(), m.end()
        i = s
        while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
            i -= 1
        if i == 0 or text[i - 1] == "\n":
            while e < len(text) and text[e] in " \t":
                e += 1
            s = m.start() + len(m.group()) - len(m.group().lstrip(" \t"))
        edits.append(Edit(s, e, text[s:e], "", "remove_debris", "link-text leak removed", 1.0, "link-leak"))
    return edits


def test_link_leak_cases() -> None:
    for text in ("the manager (opens in new tab) LastPass", "see (Opens in a new window) here", "(link is external)",
                 "an (External Link) and (opens in new wındow)", "(opens in new wındow)", "no leak (at all) here"):
        assert debris.remove_link_leaks(text) == debris._merge_disjoint(text, [
            e for e in _leak_edits_by_pattern(text) if e.end > e.start])
    assert debris.remove_link_leaks("the manager (opens in new tab) LastPass")
