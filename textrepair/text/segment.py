"""Segmentation into spans: lines, paragraphs, sentences, words, and article segments inside one body."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ..core.types import Segment, Span

# Sentence splitting uses nltk's Punkt without downloaded data (nltk_data is not reachable here):
# an untrained tokenizer plus this list of abbreviations, so "U.S." and "Mr." do not end sentences.
# List written for news text; lowercase, without the final period, as Punkt stores them.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp det
u.s u.k u.n u.s.a e.u u.a.e d.c l.a n.y p.m a.m e.g i.e etc vs v al inc ltd co corp bros llc plc
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
no nos vol pp ed eds fig approx dept est min max ave blvd rd univ assn natl intl
ala ariz ark calif colo conn fla kan ky md mich minn neb nev okla tenn tex vt wis wyo
u.ok
""".split())
# (US state abbreviations that are also common words - "Ill.", "Mass.", "Miss.", "Wash." - are left
# out: "she fell ill." must end a sentence. "U.Ok." is the seed spinner's rendering of "U.K.".)

_TERMINAL_RE = re.compile(r"[.!?:;\"”’')\]…●■]\s*$")
_WORD_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"                          # U.S., U.K., a.m.
    r"|\d+(?:[.,]\d+)+(?:[^\W\d_]+)?"               # 1,800 / 3.5 / 1.5bn are one word each
    r"|[^\W_]+(?:[-'’][^\W_]+)*(?:['’]s\b)?"       # know-how, 1000's, don't, BuzzFeed
)


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Spans of the lines of ``text[start:end]``, without their line terminators (``\\r\\n``,
    ``\\n`` or ``\\r``; the last line may have none)."""
    end = len(text) if end is None else min(end, len(text))
    # One str.find per terminator kind, each resumed only once passed: this used to match
    # r"[^\r\n]*(?:\r\n|\n|\r|\Z)" at every line: a whole `textrepair clean` of the bench
    # corpus took 1.5% fewer instructions without it (2026-12-07, cachegrind).
    # tests/test_speed_paths.py checks the two against each other.
    find = text.find
    pos = start
    cr = find("\r", pos, end)  # the next carriage return and line feed (-1: none before ``end``)
    nl = find("\n", pos, end)
    while pos < end:
        if 0 <= cr < pos:
            cr = find("\r", pos, end)
        if 0 <= nl < pos:
            nl = find("\n", pos, end)
        q = nl if cr < 0 or 0 <= nl < cr else cr  # the line's first terminator character
        if q < 0:
            yield Span(pos, end)
            return
        yield Span(pos, q)
        pos = q + 2 if q == cr and q + 1 == nl else q + 1


def _is_blank(text: str, span: Span) -> bool:
    return not text[span.start : span.end].strip()


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> tuple[Span, ...]:
    """Paragraph spans: blocks separated by blank lines; a block whose lines each end a sentence
    (or are short headline-like lines) is split into one paragraph per line, while hard-wrapped
    lines (a line that does not end a sentence followed by one that starts in lowercase) are joined.
    Leading and trailing whitespace is excluded from each span."""
    paragraphs: list[Span] = []
    current: list[Span] = []

    def flush() -> None:
        if current:
            s, e = current[0].start, current[-1].end
            seg = text[s:e]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            if e - trail > s + lead:
                paragraphs.append(Span(s + lead, e - trail))
            current.clear()

    for line in iter_lines(text, start, end):
        if _is_blank(text, line):
            flush()
            continue
        if current:
            prev = text[current[-1].start : current[-1].end]
            nxt = text[line.start : line.end].lstrip()
            continues = (not _TERMINAL_RE.search(prev)) and nxt[:1].islower()
            if not continues:
                flush()
        current.append(line)
    flush()
    return tuple(paragraphs)


@lru_cache(maxsize=1)
def _punkt():  # type: ignore[no-untyped-def]
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


# A sentence never starts with an all-lowercase word ("accessedU.S. user data" is one sentence);
# brand names like "iPhone" and "eBay" have a capital inside and may start one.
# (\b before the lookahead: with the lookahead first, "aaa...aA" re-ran it from every shorter
# prefix of the word, quadratic in its length; see benchmarks/bench_pathological.py.)
_LOWER_START_RE = re.compile(r"[\s\"“‘'(\[]*[a-z]+\b(?![\w’'-]*[A-Z])")
# "1." or "(a)" alone: a list number Punkt cut off from its item.
_LIST_MARKER_RE = re.compile(r"\(?(?:\d{1,3}|[a-z])[.)]")
_MAX_LIST_MARKER = 5  # "(123)": longer sentences are not markers, and are not copied to check


# Punkt sees at most this many characters at once. Its cost per character is linear but high on
# runs of ". " or "Mr. " (~15 us), and NLTK runs each of its regular expressions under a 5 s
# limit that raises TimeoutError (nltk.redos): a 1 MB paragraph of ". " hit it. A longer
# paragraph is cut at its last space before the limit (no news sentence is this long).
_PUNKT_WINDOW = 20_000


def _windows(chunk: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    while len(chunk) - pos > _PUNKT_WINDOW:
        cut = chunk.rfind(" ", pos + _PUNKT_WINDOW // 2, pos + _PUNKT_WINDOW) + 1 or pos + _PUNKT_WINDOW
        out.append((pos, cut))
        pos = cut
    out.append((pos, len(chunk)))
    return out


def _punkt_tokenize(chunk: str) -> list[tuple[int, int]]:
    """Punkt's raw spans over ``chunk``, window by window (see _PUNKT_WINDOW)."""
    spans: list[tuple[int, int]] = []
    for start, end in _windows(chunk):
        window = chunk[start:end]
        try:
            found = list(_punkt().span_tokenize(window))
        except TimeoutError:  # NLTK's regex backstop tripped: keep the window as one sentence
            found = [(len(window) - len(window.lstrip()), len(window.rstrip()))] if window.strip() else []
        spans.extend((start + s, start + e) for s, e in found)
    return spans


def _punkt_spans(chunk: str) -> list[tuple[int, int]]:
    """Punkt's sentence spans, with its two blind spots in news text merged back together."""
    spans: list[tuple[int, int]] = []
    for s, e in _punkt_tokenize(chunk):
        if spans and (_LOWER_START_RE.match(chunk, s)
                      or (spans[-1][1] - spans[-1][0] <= _MAX_LIST_MARKER
                          and _LIST_MARKER_RE.fullmatch(chunk[spans[-1][0] : spans[-1][1]]))):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def split_sentences(text: str, span: Span | None = None) -> tuple[Span, ...]:
    """Sentence spans inside ``span`` (default: the whole text), split within lines only.

    Punkt (untrained, with :data:`ABBREVIATIONS`) finds the breaks; a break before a lowercase
    word or right after a bare list number is undone; a hard line break always ends a sentence.
    """
    span = Span(0, len(text)) if span is None else span
    out: list[Span] = []
    for para in split_paragraphs(text, span.start, span.end):
        chunk = text[para.start : para.end]
        for s, e in _punkt_spans(chunk):
            # Punkt never splits at a newline inside a paragraph; do it for hard line breaks.
            sub = chunk[s:e]
            base = para.start + s
            for line in iter_lines(sub):
                piece = sub[line.start : line.end]
                if piece.strip():
                    ls = line.start + len(piece) - len(piece.lstrip())
                    le = line.end - (len(piece) - len(piece.rstrip()))
                    out.append(Span(base + ls, base + le))
    return tuple(out)


def split_words(text: str, span: Span | None = None) -> tuple[Span, ...]:
    """Word spans: letters/digits joined by inner hyphens or apostrophes, and dotted initialisms.

    Grouped and decimal numbers are one word each:

    >>> s = "The U.S. firm's know-how cost $1,800 (3.5 times more)."
    >>> [w.of(s) for w in split_words(s)]
    ['The', 'U.S.', "firm's", 'know-how', 'cost', '1,800', '3.5', 'times', 'more']
    """
    span = Span(0, len(text)) if span is None else span
    return tuple(Span(m.start(), m.end()) for m in _WORD_RE.finditer(text, span.start, span.end))


def word_offsets(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each word of :func:`split_words` (``text``), without a :class:`Span`
    per word, for callers that read every word of a paragraph (textrepair.lexical.names)."""
    return [m.span() for m in _WORD_RE.finditer(text)]


# --- article segments -----------------------------------------------------------------------

_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to vs via with".split())
_END_MARKERS = re.compile(
    r"(?:●|■|◆|∎|\bCONTRIBUTED REPORTING\b|\bAdditional reporting\b|^Related:|^Read more|^©|"
    r"\bAll rights reserved\b|^This (?:article|story) (?:was|has been)|^\(Reporting by)",
    re.IGNORECASE | re.MULTILINE,
)


_HEADLINE_WORD_RE = re.compile(r"[^\W\d_][\w’'$-]*|\$?\d[\d,.]*")


def is_headline(line: str) -> bool:
    """A headline-like line: 4-25 words, most content words capitalised, no sentence-final period."""
    s = line.strip()
    if not s or len(s) > 200 or s[-1] in ".,;:!" or s.startswith(("•", "-", "*", "“", '"')):
        return False
    words = _HEADLINE_WORD_RE.findall(s)
    if not (4 <= len(words) <= 25):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit() or w[0] == "$")
    return caps / len(content) >= 0.8


def is_title_line(line: str) -> bool:
    """A first line that reads as a title: a headline (:func:`is_headline`), or a sentence-case
    headline ("Netflix loses 200,000 subscribers for 1st loss in over a decade"): 4-20 words,
    at most 150 characters, a capital or digit in its first word, and no closing punctuation."""
    s = line.strip()
    if is_headline(s):
        return True
    if not s or len(s) > 150 or s.startswith(("•", "-", "*", "“", '"', "(")):
        return False
    if s.rstrip("\"”’')]")[-1:] in (".", ",", ";", ":", "!", "?", "…", ""):
        return False  # ends a sentence, even inside a closing quote: 'were "on hold."' 
    words = s.split()
    if not (4 <= len(words) <= 20):
        return False
    return any(ch.isupper() or ch.isdigit() for ch in words[0])


def _blank_run_after(text: str, pos: int) -> int:
    """How many blank lines follow the line ending at ``pos``."""
    count = 0
    for line in iter_lines(text, pos):
        if line.start == pos:
            continue
        if _is_blank(text, line):
            count += 1
        else:
            break
    return count


def split_articles(text: str, start: int = 0, end: int | None = None, *,
                   paragraphs: Sequence[Span] | None = None) -> tuple[Segment, ...]:
    """Split a body into article segments at the headline lines of glued-on articles.

    A line starts a new article when it is headline-like and either (a) it is followed by the
    same run of blank lines as the body's own opening headline (scrapers glue articles with one
    template), or (b) the paragraph before it carries an end-of-article marker (a closing ``●``,
    "CONTRIBUTED REPORTING", a copyright line) and a full paragraph follows it. Without either,
    a title-case line is a subheading and the body stays one segment.

    ``paragraphs``: ``split_paragraphs(text, start, end)`` when the caller has it already
    (:func:`textrepair.text.document.parse_document` does), so the body is not split twice.
    """
    end = len(text) if end is None else end
    paras = split_paragraphs(text, start, end) if paragraphs is None else paragraphs
    if not paras:
        return (Segment(start, end, None, None, "empty body"),)
    first = text[paras[0].start : paras[0].end]
    first_is_title = "\n" not in first and len(paras) > 1 and is_title_line(first)
    template_gap = _blank_run_after(text, paras[0].end) if first_is_title else -1
    cuts: list[tuple[int, str]] = []
    for i in range(2, len(paras)):
        p = paras[i]
        line = text[p.start : p.end]
        if "\n" in line or not is_headline(line) or i + 1 >= len(paras):
            continue
        following = text[paras[i + 1].start : paras[i + 1].end]
        if len(following) < 120:
            continue
        gap = _blank_run_after(text, p.end)
        prev = text[paras[i - 1].start : paras[i - 1].end]
        if template_gap >= 2 and gap == template_gap:
            cuts.append((i, f"headline followed by {gap} blank lines, like the body's first headline"))
        elif _END_MARKERS.search(prev):
            cuts.append((i, "headline after an end-of-article marker"))
    segments: list[Segment] = []
    bounds = [0] + [i for i, _ in cuts]
    reasons = ["start of body"] + [r for _, r in cuts]
    for k, first in enumerate(bounds):
        last = (bounds[k + 1] if k + 1 < len(bounds) else len(paras)) - 1
        s = start if k == 0 else paras[first].start
        e = end if k + 1 == len(bounds) else paras[bounds[k + 1]].start
        title = paras[first] if (k > 0 or first_is_title) else None
        segments.append(Segment(s, e, title.start if title else None, title.end if title else None,
                                reasons[k]))
        del last
    return tuple(segments)
