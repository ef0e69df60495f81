"""Mangled-text fixers: each is a small named function ``(text) -> tuple[Edit, ...]`` over a body."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from html.entities import html5 as _HTML5_ENTITIES

import ftfy
from rapidfuzz.distance import Indel

from ..core.edits import apply_edits, compose_edits
from ..text.segment import iter_lines
from ..core.types import Edit, Span

Fixer = Callable[[str], tuple[Edit, ...]]


def diff_edits(before: str, after: str, offset: int, stage: str, reason: str, source: str = "",
               confidence: float = 1.0) -> list[Edit]:
    """Character-level edits that turn ``before`` into ``after`` (spans shifted by ``offset``)."""
    if before == after:
        return []
    out: list[Edit] = []
    pending: list[int] | None = None  # [src_start, src_end, dest_start, dest_end]
    for op in Indel.opcodes(before, after):
        if op.tag == "equal":
            if pending:
                out.append(_mk(before, after, pending, offset, stage, reason, source, confidence))
                pending = None
            continue
        if pending is None:
            pending = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            pending[1], pending[3] = op.src_end, op.dest_end
    if pending:
        out.append(_mk(before, after, pending, offset, stage, reason, source, confidence))
    return out


def _mk(before: str, after: str, p: list[int], offset: int, stage: str, reason: str, source: str,
        confidence: float) -> Edit:
    return Edit(offset + p[0], offset + p[1], before[p[0]:p[1]], after[p[2]:p[3]], stage, reason,
                confidence, source)


def chain_fixers(text: str, subfixers: Iterable[Fixer], *, max_rounds: int = 1) -> tuple[Edit, ...]:
    """Run sub-fixers one after another (each on the previous one's output) and compose their
    edits into one list on ``text``. With ``max_rounds`` > 1 the chain repeats until a round
    changes nothing, so a fixer whose own output can hold new matches is still idempotent."""
    subfixers = tuple(subfixers)
    total: tuple[Edit, ...] = ()
    current = text
    for _ in range(max_rounds):
        changed = False
        for fixer in subfixers:
            edits = fixer(current)
            if not edits:
                continue
            changed = True
            total = compose_edits(text, total, edits)
            current = apply_edits(current, edits)
        if not changed:
            break
    return total


# --- line removal (shared by markup and debris) -----------------------------------------------

def _line_end(text: str, content_end: int) -> int:
    """Offset after the line terminator that follows ``content_end`` (if any)."""
    if text.startswith("\r\n", content_end):
        return content_end + 2
    if content_end < len(text) and text[content_end] in "\r\n":
        return content_end + 1
    return content_end


def _is_blank_line(text: str, line: Span) -> bool:
    return not text[line.start : line.end].strip()


def removal_span(text: str, lines: list[Span], first: int, last: int) -> Span:
    """The span to delete to remove ``lines[first..last]`` without leaving blank-line debris.

    The lines and their terminator go. When the removed block opens a paragraph (it is the first
    line, or a blank line precedes it) the blank lines after it go too, so "A, blank, caption,
    blank, B" becomes "A, blank, B" rather than "A, blank, blank, B". When the block is the
    last line, the break before it goes instead, so no trailing blank line is left behind; a
    text that ended with a line break still does ("A.\n\ncaption\n" -> "A.\n").
    """
    start, end = lines[first].start, _line_end(text, lines[last].end)
    opens_paragraph = first == 0 or _is_blank_line(text, lines[first - 1])
    if opens_paragraph:
        k = last + 1
        while k < len(lines) and _is_blank_line(text, lines[k]):
            end = _line_end(text, lines[k].end)
            k += 1
        if k == len(lines) and first > 0:
            # nothing follows: also drop the blank lines and the break before the block
            j = first - 1
            while j >= 0 and _is_blank_line(text, lines[j]):
                j -= 1
            if j >= 0:
                # the text's last line break stays: keep line j's terminator when the block had one
                start = _line_end(text, lines[j].end) if end > lines[last].end else lines[j].end
    elif end == lines[last].end and first > 0:
        start = lines[first - 1].end  # last line without terminator: take the break before it
    return Span(start, end)


def _lines_of(text: str) -> list[Span]:
    return list(iter_lines(text))


def _remove_lines(text: str, lines: list[Span], blocks: list[tuple[int, int, str, str]],
                  stage: str) -> tuple[Edit, ...]:
    """Edits deleting each ``(first, last, reason, source)`` block of lines; touching or
    overlapping removals are merged into one edit (a plan may not hold two touching deletions)."""
    spans: list[tuple[Span, str, str]] = []
    for first, last, reason, source in sorted(blocks):
        span = removal_span(text, lines, first, last)
        if spans and span.start <= spans[-1][0].end:
            prev, r0, s0 = spans[-1]
            merged = Span(prev.start, max(prev.end, span.end))
            spans[-1] = (merged, r0 if r0 == reason else f"{r0}; {reason}",
                         s0 if s0 == source else f"{s0} + {source}")
        else:
            spans.append((span, reason, source))
    return tuple(Edit(s.start, s.end, text[s.start : s.end], "", stage, reason, 1.0, source)
                 for s, reason, source in spans if s.end > s.start)


# --- encoding damage (ftfy) ------------------------------------------------------------------

# ftfy's defaults also uncurl quotes, unfold ligatures, change character width and NFC-normalise:
# those are typography, not damage, so they stay off unless the user asks (RepairConfig).
_CONSERVATIVE = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
    fix_line_breaks=False, normalization=None, remove_control_chars=False, explain=False,
)
_TYPOGRAPHY = ftfy.TextFixerConfig(unescape_html=False, fix_line_breaks=False, explain=False,
                                   remove_control_chars=False)


# ftfy and the character diff after it run line by line. The diff is quadratic in what it
# compares, so a longer line (a whole scraped page on one line: a 100 KB line of mojibake took
# 1 s, a 1 MB one ~100 s) is cut into pieces of _FTFY_PIECE to 2 * _FTFY_PIECE characters, at a
# place no mojibake sequence spans (see _safe_cut). Real paragraphs are shorter than a piece.
_FTFY_PIECE = 4096


def _safe_cut(text: str, lo: int, hi: int) -> int:
    """A cut in ``text[lo:hi]`` that splits no mojibake: mojibake is a run of non-ASCII characters
    (plus the space a scraper made of U+00A0 after "Ã"), so cut after a space that follows an
    ASCII character, else between two ASCII characters, else (no ASCII at all) at ``hi``."""
    i = text.find(" ", lo, hi)
    while i != -1:
        if text[i - 1].isascii() and i + 1 < len(text) and text[i + 1].isascii():
            return i + 1
        i = text.find(" ", i + 1, hi)
    for j in range(lo, hi):
        if text[j - 1].isascii() and text[j].isascii():
            return j
    return hi


def _ftfy_pieces(text: str) -> Iterator[Span]:
    """The lines of ``text``, long ones cut into pieces with :func:`_safe_cut`."""
    for line in iter_lines(text):
        start, end = line.start, line.end
        while end - start > 2 * _FTFY_PIECE:
            cut = _safe_cut(text, start + _FTFY_PIECE, start + 2 * _FTFY_PIECE)
            yield Span(start, cut)
            start = cut
        yield Span(start, end)


# Characters besides ASCII that cannot make ftfy change a line under _CONSERVATIVE: the
# typographic punctuation of ordinary English text (curly quotes, dashes, ellipsis, bullet, NBSP,
# guillemets, (c) (R) TM, degree). Every pattern of ftfy 6's mojibake detector
# (ftfy.badness.BADNESS_RE) needs a character outside ASCII and this set (an accented letter, a
# currency or numeric sign, box drawing, a C1 control, Cyrillic or Greek...), and the other
# enabled fixes need C1 controls, surrogates or ESC (\x1b, left out of the set). Lines of only
# these characters (~96% of the non-ASCII lines of the dev corpus) skip the ftfy call, which cost
# as much as ftfy's whole run over the same text. tests/test_fixers.py checks the claim
# exhaustively for strings of up to three characters (the patterns' reach without other
# characters).
_FTFY_INERT = "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\xa0\xab\xbb\xa9\xae\u2122\xb0"
_FTFY_ACTIVE_RE = re.compile("[^\x00-\x1a\x1c-\x7f" + _FTFY_INERT + "]")


def _ftfy_lines(text: str, config: ftfy.TextFixerConfig, stage: str, reason: str) -> tuple[Edit, ...]:
    edits: list[Edit] = []
    inert_ok = config is _CONSERVATIVE  # typography settings do change these characters
    for piece in _ftfy_pieces(text):
        chunk = text[piece.start : piece.end]
        if chunk.isascii():
            continue  # ftfy never changes plain ASCII under these settings: skip the call
        if inert_ok and _FTFY_ACTIVE_RE.search(chunk) is None:
            continue
        fixed = ftfy.fix_text(chunk, config)
        edits.extend(diff_edits(chunk, fixed, piece.start, stage, reason, "ftfy"))
    return tuple(edits)


def fix_mojibake(text: str) -> tuple[Edit, ...]:
    """Repair mojibake ("donâ€™t" -> "don’t") line by line with ftfy, keeping typography."""
    return _ftfy_lines(text, _CONSERVATIVE, "fix_mojibake", "mojibake repaired (ftfy)")


def normalize_typography(text: str) -> tuple[Edit, ...]:
    """Opt-in: ftfy's typography fixes (straight quotes, unfolded ligatures, half-width forms)."""
    return _ftfy_lines(text, _TYPOGRAPHY, "normalize_typography", "typography normalised (ftfy)")


# --- invisible characters -------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f]+")
_ZWJ, _ZWNJ = "\u200d", "\u200c"
# Emoji that ZWJ sequences join (👩‍💻, 🏳️‍🌈, ❤️‍🔥): pictographs plus the variation selector and
# skin-tone modifiers that may sit before the joiner. Ranges from Unicode's emoji-data.txt.
_EMOJI_RE = re.compile("[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2"
                       "\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\ufe0f"
                       "\U0001f000-\U0001faff]")


def _is_joining_letter(ch: str) -> bool:
    """A letter or mark of a script where ZWJ/ZWNJ change the rendering (Arabic, Persian, Indic...)."""
    return ord(ch) > 0x24F and (ch.isalpha() or _is_mark(ch))


def _is_mark(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch).startswith("M")


def _keep_joiner(text: str, i: int) -> bool:
    """Whether the joiner at ``text[i]`` is meaningful: inside an emoji sequence (ZWJ) or between
    letters of a script that uses joiners (Persian ZWNJ, Indic ZWJ/ZWNJ)."""
    if i == 0 or i + 1 >= len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    if text[i] == _ZWJ and _EMOJI_RE.match(before) or (
            text[i] == _ZWJ and "\U0001f3fb" <= before <= "\U0001f3ff"):
        return bool(_EMOJI_RE.match(after))
    return _is_joining_letter(before) and _is_joining_letter(after)


def remove_invisible(text: str) -> tuple[Edit, ...]:
    """Drop zero-width characters, soft hyphens, NULs and other control characters (not tab/newlines).

    A leading U+FEFF (a BOM) is kept: it is part of the file's encoding, not of its text. A
    zero-width joiner inside an emoji sequence (👩‍💻) and a joiner or non-joiner between letters
    of a script that needs it (Persian می‌خواهم, Devanagari) are kept too: there they are spelling.
    """
    edits = []
    for m in _INVISIBLE_RE.finditer(text):
        start, end = m.start(), m.end()
        if start == 0 and text.startswith("\ufeff"):
            start = 1
        # Split the run around joiners that must stay; everything else in the run goes.
        run_start = start
        for i in range(start, end):
            if text[i] in (_ZWJ, _ZWNJ) and end - start == 1 and _keep_joiner(text, i):
                if i > run_start:
                    edits.append(_invisible_edit(text, run_start, i))
                run_start = i + 1
        if end > run_start:
            edits.append(_invisible_edit(text, run_start, end))
    return tuple(edits)


def _invisible_edit(text: str, start: int, end: int) -> Edit:
    return Edit(start, end, text[start:end], "", "remove_invisible",
                "invisible or control characters removed", 1.0, "invisible")


# --- HTML remnants -----------------------------------------------------------------------------

# Elements seen in scraped bodies; a tag is only removed when its name is an HTML element, so
# "a <b and c> d" style text and "<3" are left alone (see _TAG_RE for the attribute rule).
_BLOCK_TAGS = frozenset("""
address article aside blockquote body caption center dd details div dl dt figcaption figure footer
form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section summary table tbody td tfoot
th thead title tr ul
""".split())
_INLINE_TAGS = frozenset("""
a abbr b bdi bdo big button cite code data del dfn em font i iframe img input ins kbd label mark
meta link noscript picture q s samp small source span strike strong sub sup svg time tt u var video
audio wbr
""".split())
_BREAK_TAGS = frozenset({"br"})
_ALL_TAGS = _BLOCK_TAGS | _INLINE_TAGS | _BREAK_TAGS
_ATTR = r"""[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>\r\n]*"|'[^'<>\r\n]*'|[^\s"'=<>`]+))?"""
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:[ \t]+" + _ATTR + r")*)[ \t]*/?>")
# A comment or script block: its opening, then the first closing at most _MAX_BLOCK characters on.
# (One lazy pattern "<!--.{0,20000}?-->" rescanned up to 20,000 characters from every "<!--" of
# a run of unclosed ones: quadratic-looking, ~1 s per 40 KB. The closing is found with str.find
# and remembered across openings instead; see benchmarks/bench_pathological.py.)
_BLOCK_OPEN_RE = re.compile(r"<!--|<(script|style)\b[^<>]{0,2000}>", re.IGNORECASE)
_BLOCK_CLOSE_RES = {"script": re.compile(r"</script[ \t]*>", re.IGNORECASE),
                    "style": re.compile(r"</style[ \t]*>", re.IGNORECASE)}
_MAX_BLOCK = 20000
_ENTITY_RE = re.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _tag_kind(m: re.Match[str]) -> str | None:
    """'block', 'break' or 'inline' when the match is an HTML tag we remove, else None."""
    closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
    if name not in _ALL_TAGS:
        return None
    if attrs.strip():
        # Attributes must include a name=value pair: "<b and c>" in prose is not a tag.
        if closing or "=" not in attrs:
            return None
    if name in _BREAK_TAGS:
        return "break"
    return "block" if name in _BLOCK_TAGS else "inline"


def _entity_value(entity: str) -> str | None:
    """The decoded text of one (possibly multiply escaped) entity, or None to leave it alone."""
    value = entity
    for _ in range(8):  # "&amp;amp;#8217;" and friends: unescape until it stops changing
        nxt = html.unescape(value)
        if nxt == value:
            break
        value = nxt
        if not _ENTITY_RE.fullmatch(value):
            break
    if value == entity or "\ufffd" in value:
        return None  # unknown name, or a code point that is not a character (&#0;, &#xD800;)
    if _INVISIBLE_RE.fullmatch(value):
        return ""  # &#8203; and friends decode to invisible debris: drop them outright
    return value


def unescape_entities(text: str) -> tuple[Edit, ...]:
    """HTML entities (``&amp;`` ``&#8217;`` ``&nbsp;``, also double-escaped ``&amp;amp;``) decoded.

    Only complete entities with the closing semicolon count, so "AT&T" and "R&D;" stay as they are.
    """
    edits = []
    for m in _ENTITY_RE.finditer(text):
        ent = m.group()
        name = ent.lstrip("&").removeprefix("amp;" * ent.count("amp;"))
        if not name.startswith("#") and name not in _HTML5_ENTITIES and ent.count("amp;") == 0:
            continue
        value = _entity_value(ent)
        if value is None:
            continue
        edits.append(Edit(m.start(), m.end(), ent, value, "remove_markup",
                          "HTML entity decoded", 1.0, "html-entity"))
    return _merge_disjoint(text, edits)  # "&#8203;&amp;": a deletion may not touch another edit


def _find_block_close(text: str, kind: str, pos: int, cache: dict[str, tuple[int, int, int]]) -> tuple[int, int]:
    """``(start, end)`` of the first closing of ``kind`` ('' = "-->") at or after ``pos`` ((-1, -1): none).

    ``cache`` keeps the last answer per kind: openings come in increasing order, so the closing
    found for one is still the first for the next unless the next opening lies past it.
    """
    hit = cache.get(kind)
    if hit is not None and hit[0] <= pos and (hit[1] < 0 or hit[1] >= pos):
        return hit[1], hit[2]
    if kind:
        m = _BLOCK_CLOSE_RES[kind].search(text, pos)
        found = (m.start(), m.end()) if m else (-1, -1)
    else:
        i = text.find("-->", pos)
        found = (i, i + 3) if i >= 0 else (-1, -1)
    cache[kind] = (pos, *found)
    return found


def _block_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of HTML comments and script/style blocks, left to right, not overlapping."""
    cache: dict[str, tuple[int, int, int]] = {}
    pos = 0
    while m := _BLOCK_OPEN_RE.search(text, pos):
        start, end = _find_block_close(text, (m.group(1) or "").lower(), m.end(), cache)
        if start >= 0 and start - m.end() <= _MAX_BLOCK:
            yield m.start(), end
            pos = end
        else:
            pos = m.start() + 1


def remove_html_comments(text: str) -> tuple[Edit, ...]:
    """HTML comments and whole ``<script>``/``<style>`` blocks (their content is code, not prose)."""
    return _merge_disjoint(text, [Edit(s, e, text[s:e], "", "remove_markup",
                                       "HTML comment or script block removed", 1.0, "html-comment")
                                  for s, e in _block_spans(text)])


def strip_tags(text: str) -> tuple[Edit, ...]:
    """HTML tags (``<h1>``, ``</p>``, ``<p><img src=...>``, ``<br>``) removed line by line.

    A line that held only tags is removed with its line break. Inside a line, a run of tags
    between words becomes a paragraph break when it holds a block tag (``</p><p>``), a line
    break for ``<br>``, and nothing for inline tags (one of two surrounding spaces is kept).
    Whitespace between the tags of an inline run separated words, so it stays as one space
    ("<b>One</b> <i>two</i>" -> "One two"); tags inside a word ("vol<b>un</b>teers") leave none.
    Between lines, a block tag (at the end of one line of text, on lines of only markup, or at
    the start of the next line of text) leaves a blank line when there is none, so
    "<h1>T</h1>\n<p>One.</p>\n<p>Two.</p>\n" becomes "T\n\nOne.\n\nTwo.\n".
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = _lines_of(text)
    edits: list[Edit] = []
    blank_blocks: list[tuple[int, int, str, str]] = []
    # Per line: "text" (words remain), "markup" (only tags) or "blank", the kinds of tags in the
    # markup-only line or in the runs at the text's start and end, and the indexes of those edits.
    kind_of: list[str] = []
    markup_kinds: dict[int, set[str]] = {}
    lead: dict[int, tuple[int, set[str]]] = {}
    trail: dict[int, tuple[int, set[str]]] = {}
    for idx, line in enumerate(lines):
        # (start, end, tag kinds, whether whitespace lies between two of the run's tags)
        runs: list[tuple[int, int, set[str], bool]] = []
        for m in _TAG_RE.finditer(text, line.start, line.end):
            kind = _tag_kind(m)
            if kind is None:
                continue
            if runs and not text[runs[-1][1] : m.start()].strip(" \t"):
                s0, e0, kinds0, spaced0 = runs[-1]
                runs[-1] = (s0, m.end(), kinds0 | {kind}, spaced0 or m.start() > e0)
            else:
                runs.append((m.start(), m.end(), {kind}, False))
        if not runs:
            kind_of.append("blank" if _is_blank_line(text, line) else "text")
            continue
        rest = "".join(text[a:b] for a, b in _gaps(line.start, line.end, runs))
        if not rest.strip():
            kind_of.append("markup")
            markup_kinds[idx] = set().union(*(r[2] for r in runs))
            continue
        kind_of.append("text")
        # Where the line's text starts and ends: whether a run is at the start or end of the line
        # is a comparison, not a copy of everything before or after it (a 20 MB line with
        # 100,000 tags spent 11 minutes copying; benchmarks/bench_pathological.py --large).
        content = text[line.start : line.end]
        first = line.start + len(content) - len(content.lstrip())
        last = line.start + len(content.rstrip())
        del content
        for s, e, kinds, spaced in runs:
            at_start, at_end = s <= first, e >= last
            if at_start:
                s = line.start
                e = _skip_blanks(text, e, line.end)
                repl = ""
                lead[idx] = (len(edits), kinds)
            elif at_end:
                s = _skip_blanks_back(text, s, line.start)
                e = line.end
                repl = ""
                trail[idx] = (len(edits), kinds)
            elif "block" in kinds:
                s = _skip_blanks_back(text, s, line.start)
                e = _skip_blanks(text, e, line.end)
                repl = newline * 2
            elif "break" in kinds:
                s = _skip_blanks_back(text, s, line.start)
                e = _skip_blanks(text, e, line.end)
                repl = newline
            else:
                repl = ""
                if text[s - 1] in " \t" and e < line.end and text[e] in " \t":
                    e += 1  # "see <img src=x> here" -> "see here", not two spaces
                elif spaced and not text[s - 1].isspace() and not text[e].isspace():
                    repl = " "  # "One</b> <i>two": the space between the tags parted two words
            edits.append(Edit(s, e, text[s:e], repl, "remove_markup", "HTML tag removed", 1.0,
                              "html-tag"))
    breaks = _paragraph_breaks(text, lines, kind_of, markup_kinds, lead, trail, edits, newline)
    for first, last in _markup_groups(kind_of):
        if first not in breaks:
            blank_blocks.append((first, last, "line of HTML markup removed", "html-tag"))
    removed = _remove_lines(text, lines, blank_blocks, "remove_markup")
    return _merge_disjoint(text, [*edits, *breaks.values(), *removed])


def _markup_groups(kind_of: list[str]) -> Iterator[tuple[int, int]]:
    """``(first, last)`` of each run of consecutive markup-only lines."""
    i = 0
    while i < len(kind_of):
        if kind_of[i] != "markup":
            i += 1
            continue
        j = i
        while j + 1 < len(kind_of) and kind_of[j + 1] == "markup":
            j += 1
        yield i, j
        i = j + 1


def _paragraph_breaks(text: str, lines: list[Span], kind_of: list[str], markup_kinds: dict[int, set[str]],
                      lead: dict[int, tuple[int, set[str]]], trail: dict[int, tuple[int, set[str]]],
                      edits: list[Edit], newline: str) -> dict[int, Edit]:
    """Where a block tag parts two lines of text with no blank line between them, one blank line.

    Markup-only lines between them become that blank line (one edit, returned by first line);
    without them the tag run at the end of the first line (else at the start of the second)
    gets a line break as its replacement (``edits`` is updated in place).
    """
    out: dict[int, Edit] = {}
    texts = [i for i, k in enumerate(kind_of) if k == "text"]
    for a, b in zip(texts, texts[1:]):
        between = range(a + 1, b)
        if any(kind_of[i] == "blank" for i in between):
            continue  # the paragraphs are already apart
        block = ("block" in trail.get(a, (0, set()))[1] or "block" in lead.get(b, (0, set()))[1]
                 or any("block" in markup_kinds.get(i, ()) for i in between))
        if not block:
            continue
        if between:
            s, e = lines[a + 1].start, _line_end(text, lines[b - 1].end)
            out[a + 1] = Edit(s, e, text[s:e], newline, "remove_markup",
                              "line of HTML markup removed; its block tag parts two paragraphs", 1.0, "html-tag")
            continue
        k = trail[a][0] if a in trail else lead[b][0]
        e0 = edits[k]
        edits[k] = Edit(e0.start, e0.end, e0.original, newline, e0.stage,
                        "HTML tag removed; its block tag parts two paragraphs", e0.confidence, e0.source)
    return out


def _skip_blanks(text: str, pos: int, end: int) -> int:
    """``pos`` moved forward over spaces and tabs (not past ``end``)."""
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos


def _skip_blanks_back(text: str, pos: int, start: int) -> int:
    """``pos`` moved back over the spaces and tabs before it (not before ``start``)."""
    while pos > start and text[pos - 1] in " \t":
        pos -= 1
    return pos


def _gaps(start: int, end: int, runs: list[tuple[int, int, set[str], bool]]) -> list[tuple[int, int]]:
    out, pos = [], start
    for s, e, *_ in runs:
        out.append((pos, s))
        pos = e
    out.append((pos, end))
    return out


def _merge_disjoint(text: str, edits: list[Edit]) -> tuple[Edit, ...]:
    """Sort edits made on one text and merge any that overlap or touch into one edit (a valid
    plan may not hold a deletion that touches another edit, see validate_edits)."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        if out and e.start <= out[-1].end:
            p = out[-1]
            start, end = p.start, max(p.end, e.end)
            # the later edit's replacement follows the earlier one's; text between them is kept
            middle = text[p.end : e.start] if e.start > p.end else ""
            tail = e.replacement if e.end >= p.end else ""
            repl = p.replacement + middle + tail
            out[-1] = Edit(start, end, text[start:end], repl, p.stage,
                           p.reason if p.reason == e.reason else f"{p.reason}; {e.reason}",
                           min(p.confidence, e.confidence),
                           p.source if p.source == e.source else f"{p.source} + {e.source}")
        else:
            out.append(e)
    return tuple(e for e in out if e.original != e.replacement)


def remove_markup(text: str) -> tuple[Edit, ...]:
    """HTML remnants: comments and script blocks, entities (``&amp;`` ``&#8217;``) and tags.

    Entities are decoded before tags are stripped, and the chain repeats until nothing changes,
    so "&lt;b&gt;" (a tag once decoded) and "<<b>b>" leave no markup behind: the fixer is
    idempotent.
    """
    if "<" not in text and "&" not in text:
        return ()
    return chain_fixers(text, (remove_html_comments, unescape_entities, strip_tags), max_rounds=6)


# --- scraping debris -----------------------------------------------------------------------

# Link text that screen-reader hints leak into scraped bodies (corpus pairs/047: "Password
# Manager (opens in new tab) LastPass"). Spaces before the hint go with it.
_LINK_LEAK_RE = re.compile(
    r"[ \t]*\((?:opens|open|opening)(?: link)? in (?:a )?new (?:tab|window)\)"
    r"|[ \t]*\(link is external\)|[ \t]*\(external link\)",
    re.IGNORECASE,
)


def remove_link_leaks(text: str) -> tuple[Edit, ...]:
    """"(opens in new tab)", "(opens in a new tab)", "(Opens in new window)" link-text leaks."""
    low = text.lower()
    if "new tab" not in low and "new window" not in low and "external" not in low:
        return ()  # the common case, without running the pattern at every offset
    edits = []
    for m in _LINK_LEAK_RE.finditer(text):
        s, e = m.start(), m.end()
        # At the start of a line (only blanks since the last "\n"): the following space goes too.
        # Walked back over the blanks, not copied from the line start (quadratic on long lines).
        i = s
        while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
            i -= 1
        if i == 0 or text[i - 1] == "\n":
            while e < len(text) and text[e] in " \t":
                e += 1
            s = m.start() + len(m.group()) - len(m.group().lstrip(" \t"))
        edits.append(Edit(s, e, text[s:e], "", "remove_debris",
                          "link-text leak removed", 1.0, "link-leak"))
    return _merge_disjoint(text, [e for e in edits if e.end > e.start])


# " date 2022-05-11 " at the very start of a body: an index artefact in scraped copies (corpus
# clean/001.txt, pairs/010/original.txt), glued to the first sentence or on its own line.
# A lone "\r" must not be followed by "\n": otherwise "\r\n" matches as one break or as two, and
# a run of blank CRLF lines backtracks exponentially (issue 5, benchmarks/bench_pathological.py).
_INDEX_DATE_RE = re.compile(
    r"\A(?:[ \t]*(?:\r\n|\n|\r(?!\n)))*([ \t]*date[ \t]+\d{4}-\d{2}-\d{2}"
    r"(?:[ \t]*(?:(?:\r\n|\n|\r(?!\n))[ \t]*)+|[ \t]+|[ \t]*\Z))"
)


def remove_index_artefact(text: str) -> tuple[Edit, ...]:
    """A leading ``" date 2022-05-11 "`` index artefact (only at the start of the body)."""
    m = _INDEX_DATE_RE.match(text)
    if not m:
        return ()
    s, e = m.span(1)
    date = re.search(r"\d{4}-\d{2}-\d{2}", m.group(1))
    return (Edit(s, e, text[s:e], "", "remove_debris",
                 f"index artefact 'date {date.group() if date else ''}' removed", 1.0,
                 "index-artefact"),)


# Caption and credit lines. Each pattern matches a *whole* line; prose never does, because a
# caption is one short sentence ending in a credit, and a credit is a name, not a clause.
# Checked over ../shared/corpus (clean, pairs, dict) and the seeds: see tests/cases/debris.json.
_CREDIT_WORD = r"(?:Source|Sources|Supply|Credit|Credits|Image credit|Image source|Photo credit|Photo)"
# One word of a credited name. The lookahead makes the word as long as it can be: without it a
# token like "U.S.U.S.U.S." could be cut into names at every capital, and "(?:NAME){1,6}" tried
# every cut (a 200-character line of "U.S." never finished; benchmarks/bench_pathological.py).
_NAME = r"[A-Z@][\w&'’.+-]*(?![\w&'’.+-])(?:[ \t]*[/|,&][ \t]*|[ \t]+)?"
_CREDIT_NAME = rf"(?:(?:{_NAME}){{1,6}}|[\w-]+\.(?:com|org|net|io|tv|co\.uk))"
_AGENCY = (r"(?:AP|AFP|Reuters|Getty Images|Getty|Bloomberg|PA|PA Images|PA Wire|EPA|EPA-EFE|"
           r"Shutterstock|Alamy|NurPhoto|SOPA Images|Sipa|ZUMA Press|Xinhua|Anadolu|Invision|"
           r"LightRocket|Bloomberg via Getty Images|AFP via Getty Images|The Washington Post)")
_PIC_WORD = r"(?:Image|Images|Photo|Photos|Picture|Photograph|Illustration|Graphic|Video|Screenshot|Screengrab)"
_SOCIAL = r"(?:YouTube|Twitter|Instagram|Facebook|TikTok|Vimeo|Reddit|Twitch|LinkedIn)"
_VIA = r"(?:via|through|by way of)"
_DOMAIN = r"[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|tv|co\.uk)"
# a caption: one sentence-like stretch (no ". X" sentence break inside), at most ~30 words
_CAPTION = r"(?:(?!\.[ \t]+[A-Z])[^\r\n]){3,240}?"

_CREDIT_LINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "(Image credit: LastPass)", "Photo: Jane Doe/Getty Images", "Image credit: Apple"
    ("credit line", re.compile(
        rf"\(?{_PIC_WORD}[ \t]*(?:credit|credits|source|courtesy)?[ \t]*:[ \t]*[^\r\n()]{{0,80}}\)?",
        re.IGNORECASE)),
    # "Source: TradingView", "Credit: AP" (a name, not a clause; "Supply:" only as a suffix below)
    ("credit line", re.compile(rf"\(?(?:Source|Sources|Credit|Credits|Image source|Photo credit)"
                               rf"[ \t]*:[ \t]*{_CREDIT_NAME}\)?")),
    # "BTC/USD 1-hour candle chart (Bitstamp). Source: TradingView", "... days | Supply: CryptoQuant",
    # "... last year. Credit:AP", "... privacy. Credit:" (credit cut off by the scraper)
    ("caption with credit", re.compile(
        rf"{_CAPTION}(?:[.)][ \t]+|[ \t]+\|[ \t]+|\.){_CREDIT_WORD}[ \t]*:[ \t]*(?:{_CREDIT_NAME})?")),
    # "Apple's iOS 16 beta 5 shows battery percentage (Image: Todd Haselton | CNBC)"
    ("caption with credit", re.compile(
        rf"{_CAPTION}[ \t]\({_PIC_WORD}s?[ \t]*(?:credit)?[ \t]*:[^\r\n()]{{0,80}}\)?")),
    # "Elon Musk said his bid ... is on hold ‘temporarily’ (Evan Agostini/AP)"
    ("caption with credit", re.compile(
        rf"{_CAPTION}[ \t]\((?:{_NAME}){{0,5}}/[ \t]?(?:[A-Z][\w.-]*/)?{_AGENCY}\)")),
    # "Getty Images", "AFP/Getty Images", "Jane Doe/AP Photo" on a line of their own
    ("credit line", re.compile(rf"(?:(?:{_NAME}){{1,5}}/[ \t]?)?{_AGENCY}(?: Photo)?")),
    # "CBS This Morning through YouTube / By way of youtube.com" (the seed body)
    ("credit line", re.compile(
        rf"(?:{_NAME}){{1,6}}(?i:{_VIA})[ \t]+(?i:{_SOCIAL}|{_DOMAIN})[ \t]*/[ \t]*(?i:{_VIA})[ \t]+"
        rf"(?i:{_DOMAIN})")),
    # "Screenshot via Twitter", "Image courtesy of NASA", "Via youtube.com"
    ("credit line", re.compile(rf"(?i:{_PIC_WORD})[ \t]+(?i:via|courtesy of)[ \t]+"
                               rf"(?:(?i:{_SOCIAL}|{_DOMAIN})|(?:{_NAME}){{1,4}})")),
    ("credit line", re.compile(rf"(?i:{_VIA})[ \t]+(?i:{_DOMAIN})")),
)
# A caption split over two lines by the scraper: "... percentage (Image:" + "Todd Haselton | CNBC)"
_OPEN_CREDIT_RE = re.compile(rf"{_CAPTION}[ \t]\({_PIC_WORD}s?[ \t]*(?:credit)?[ \t]*:[ \t]*")
_CLOSE_CREDIT_RE = re.compile(rf"(?:{_NAME}){{1,6}}\)")
_MAX_CAPTION_WORDS = 30


# A line longer than a bare credit ("Getty Images", "Jane Doe/AP Photo") can only match when it
# holds one of these words or a "/": plain substring tests rule out most prose lines before the
# full matches run (those were ~40% of a --no-restore run over the benchmark corpus).
_CREDIT_HINTS = ("source", "supply", "credit", "image", "photo", "picture", "illustration", "graphic",
                 "video", "screen", "via ", "through ", "by way of", "courtesy", "/")
_SHORT_CREDIT_WORDS = 8


def credit_line_kind(line: str) -> str | None:
    """Which caption/credit pattern a whole line matches ('credit line', 'caption with credit'), or None."""
    s = line.strip()
    if not s or len(s) > 300:
        return None
    n_words = len(s.split())
    if n_words > _MAX_CAPTION_WORDS + 8:
        return None
    if n_words > _SHORT_CREDIT_WORDS:
        low = s.lower()
        if not any(hint in low for hint in _CREDIT_HINTS):
            return None
    for kind, pattern in _CREDIT_LINE_PATTERNS:
        if pattern.fullmatch(s):
            return kind
    return None


def remove_credit_lines(text: str) -> tuple[Edit, ...]:
    """Whole caption and credit lines ("Source: TradingView", "(Image credit: LastPass)", "CBS This
    Morning through YouTube / By way of youtube.com"), each removed with its line break."""
    lines = _lines_of(text)
    blocks: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(lines):
        content = text[lines[i].start : lines[i].end]
        # (an opening "(Image:" needs both characters: most lines skip the pattern)
        if (i + 1 < len(lines) and "(" in content and ":" in content
                and _OPEN_CREDIT_RE.fullmatch(content.strip())
                and _CLOSE_CREDIT_RE.fullmatch(text[lines[i + 1].start : lines[i + 1].end].strip())):
            blocks.append((i, i + 1, "caption with credit removed", "caption-credit"))
            i += 1
        elif kind := credit_line_kind(content):
            blocks.append((i, i, f"{kind} removed", "caption-credit"))
        i += 1
    return _remove_lines(text, lines, blocks, "remove_debris")


# Page furniture: whole lines that a page's widgets, not its article, put into a scraped body.
# Lone labels (corpus pairs/018 spun "Advertisement" twice, pairs/007 spun "Table of Contents"):
# a line that is only one of these is never prose.
_FURNITURE_LABELS = frozenset(s.casefold() for s in (
    "Advertisement", "Skip Advertisement", "Skip to content", "Skip to main content",
    "Table of Contents", "Story continues below advertisement", "Continue reading the main story",
    "Scroll to continue with content", "Article continues below"))
# Unfilled template slots (corpus pairs/036 original: a newsletter box "[[title]] [[text]] An error
# occurred. ... [[success]] Email address Sign up"): two or more lower-case [[slot]] names on a
# short line. Wiki links ("[[United States]]") are capitalised or hold spaces, so they never match.
_TEMPLATE_SLOT_RE = re.compile(r"\[\[[a-z_][a-z0-9_-]{0,30}\]\]")
_MAX_TEMPLATE_WORDS = 30


def furniture_line_kind(line: str) -> str | None:
    """``"page label"`` or ``"template slots"`` when a whole line is page furniture, else None."""
    s = line.strip()
    if not s:
        return None
    if len(s) <= 40 and s.casefold() in _FURNITURE_LABELS:
        return "page label"
    if "[[" in s and len(_TEMPLATE_SLOT_RE.findall(s)) >= 2 and len(s.split()) <= _MAX_TEMPLATE_WORDS:
        return "template slots"
    return None


def remove_page_furniture(text: str) -> tuple[Edit, ...]:
    """Whole lines of page furniture: a lone "Advertisement" / "Table of Contents" label, or a
    widget's unfilled "[[title]] [[text]] ... Sign up" template line, each with its line break."""
    low = text.casefold()
    if "[[" not in text and not any(k in low for k in ("advertisement", "contents", "skip ", "continue")):
        return ()  # the common case, without splitting lines
    lines = _lines_of(text)
    blocks = [(i, i, f"{kind} removed", "page-furniture") for i, ln in enumerate(lines)
              if (kind := furniture_line_kind(text[ln.start : ln.end]))]
    return _remove_lines(text, lines, blocks, "remove_debris")


def remove_debris(text: str) -> tuple[Edit, ...]:
    """Scraping debris: a leading index date, "(opens in new tab)" leaks, caption and credit lines,
    page furniture.

    Each concern is its own sub-fixer (edit ``source``: ``index-artefact``, ``link-leak``,
    ``caption-credit``, ``page-furniture``); they run in that order and their edits are composed
    into one list.
    """
    return chain_fixers(text, (remove_index_artefact, remove_link_leaks, remove_credit_lines,
                               remove_page_furniture), max_rounds=3)
