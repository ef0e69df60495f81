"""HTML remnants: comments and script blocks, entities and tags removed, paragraph breaks kept where block tags stood."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.entities import html5 as _HTML5_ENTITIES

from ..core.types import Edit, Span
from .chain import _is_blank_line, _line_end, _lines_of, _merge_disjoint, _remove_lines, chain_fixers
from .invisible import _INVISIBLE_RE


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
        edits[k] = Edit(e0.start, e0.end, e0.found, newline, e0.stage,
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


def remove_markup(text: str) -> tuple[Edit, ...]:
    """HTML remnants: comments and script blocks, entities (``&amp;`` ``&#8217;``) and tags.

    Entities are decoded before tags are stripped, and the chain repeats until nothing changes,
    so "&lt;b&gt;" (a tag once decoded) and "<<b>b>" leave no markup behind: the fixer is
    idempotent.
    """
    if "<" not in text and "&" not in text:
        return ()
    return chain_fixers(text, (remove_html_comments, unescape_entities, strip_tags), max_rounds=6)
