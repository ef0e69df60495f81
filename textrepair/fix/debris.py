"""Scraping debris: a leading index date, link-text leaks, caption and credit lines, page furniture."""

from __future__ import annotations

import re

from ..core.types import Edit
from .chain import _lines_of, _merge_disjoint, _remove_lines, chain_fixers


# Link text that screen-reader hints leak into scraped bodies (corpus pairs/047: "Password
# Manager (opens in new tab) LastPass"). Spaces before the hint go with it.
_LINK_LEAK_RE = re.compile(
    r"[ \t]*\((?:opens|open|opening)(?: link)? in (?:a )?new (?:tab|window)\)"
    r"|[ \t]*\(link is external\)|[ \t]*\(external link\)",
    re.IGNORECASE,
)


def _may_leak(text: str) -> bool:
    """Whether a "(" is followed within 40 characters by "new tab", "new w" or "external" in any
    case, as every match of _LINK_LEAK_RE is ("(opening link in a new window)" is 30 characters):
    a test that lower-cases only the text after each "(" (the body lower-cased for the test that
    follows it was ~0.7% of a cold `textrepair clean` of the bench corpus, 2026-12-07, py-spy).
    "new w" rather than "new window": the pattern's IGNORECASE reads a dotless "ı" as "i",
    lower() does not."""
    find = text.find
    i = find("(")
    while i >= 0:
        w = text[i : i + 40].lower()
        if "new tab" in w or "new w" in w or "external" in w:
            return True
        i = find("(", i + 1)
    return False


def remove_link_leaks(text: str) -> tuple[Edit, ...]:
    """"(opens in new tab)", "(opens in a new tab)", "(Opens in new window)" link-text leaks."""
    if not _may_leak(text):
        return ()  # the common case, without lower-casing the body
    low = text.lower()
    if "new tab" not in low and "new window" not in low and "external" not in low:
        return ()  # without running the pattern at every offset
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
# Characters a whole-line match of each pattern above needs, in order: the ":" after a credit
# word, the "(" and ":" of a caption's "(Image: ...)", the "(", "/" and ")" of "(Name/AP)", the
# "/" and "." of a "via youtube.com" pair, the "." of a domain. Tested first: a caption pattern
# tries every cut of the line (_CAPTION), and most prose lines hold a hint word ("through",
# "video"), so they ran on most lines: ~1% of a cold `textrepair clean` of the bench corpus
# (2026-12-07, py-spy --native). tests/test_speed_paths.py checks the result against the
# patterns alone.
_CREDIT_LINE_NEEDS: tuple[str, ...] = (":", ":", ":", "(:", "(/)", "", "/.", "", ".")
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
    for (kind, pattern), needs in zip(_CREDIT_LINE_PATTERNS, _CREDIT_LINE_NEEDS):
        if needs and not all(c in s for c in needs):
            continue
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
