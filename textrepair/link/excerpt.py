"""Record excerpts made usable for alignment: cut tail, furniture, bylines, datelines, captions, a repeated headline.

Aggregator excerpts are not clean ledes (../shared/corpus/records, the seeds): they are cut mid-word
and end in "...", may begin with a byline and posting time ("By A and B Posted on February 5, 2020,
at 6:09 p.m. ET"), a wire dateline ("ROME (AP) —"), a photo caption and its credit, a syndication
notice ("This article was originally published by ..."), the headline again, or repeat a sentence;
some are only the headline. Evidence measured against the raw excerpt is capped by that debris, so
the linker aligns the *usable* excerpt and measures shares of it. Every removal is kept with its
reason: the evidence of a link says what was set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

_SENTENCE_END_RE = re.compile(r"[.!?:;\"”’)]\s*$")
_WS_RE = re.compile(r"\s+")
_ELLIPSIS_TAIL = ("...", "…", "[…]", "[...]", "(…)")
_ELISION_RE = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[…\]|\[\.\.\.\])\s*(?=\S)")

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d\d-\d\d|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?)"
# A person's name as bylines write it: 2-3 capitalised words, an initial allowed ("Jane Q. Public").
_NAME = (r"(?!(?:Posted|Published|Updated)\b)[A-Z][\w'’-]+(?:\s+[A-Z]\.)?"
         r"(?:\s+(?:van |de |von )?(?!(?:Posted|Published|Updated)\b)[A-Z][\w'’-]+){1,2}")
_BYLINE_RE = re.compile(
    rf"\A(?:By|BY|Written by|Words by)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
    rf"(?:\s*(?:[|,•·–—-]|\s)\s*(?:(?:Posted|Published|Updated|Last updated)(?:\s+on)?:?\s*)?{_DATE}{_TIME}?"
    rf"|\s*(?:[|,•·–—-])\s*(?:Posted|Published|Updated)\b[^.]{{0,40}}?{_DATE}{_TIME}?"
    rf"|,\s*(?:[A-Z][\w.&'’-]*\s?){{1,4}}(?:Updated|Published|Posted)(?:\s+on)?:?\s*{_DATE}{_TIME}?)?\s*[|•·–—:-]?\s*")
_POSTED_RE = re.compile(rf"\A(?:Posted|Published|Updated|Last updated)(?:\s+on)?:?\s*{_DATE}{_TIME}?\s*[|•·–—-]?\s*")
# "ROME (AP) —", "LONDON, May 23 (Reuters) -", "WASHINGTON —": a place in capitals, an optional
# date and agency, and a dash.
_DATELINE_RE = re.compile(
    r"\A[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][A-Za-z.]{1,12}\.?(?:\s+[A-Z][A-Za-z.]{1,12})?)?"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?\s*(?:\((?:AP|Reuters|AFP|UPI|Bloomberg|CNN|IANS|PTI|dpa|Xinhua|[A-Z][A-Za-z]{1,12})\))?"
    r"\s*[—–-]{1,2}\s+(?=[A-Z\"“])")
_AGENCY = (r"(?:AP|Reuters|REUTERS|Getty Images|Getty|AFP|Bloomberg|Shutterstock|EPA|Alamy|PA|PA Wire|Xinhua|"
           r"Anadolu|SOPA Images|LightRocket|NurPhoto|Unsplash|Pexels|iStock|dpa|CNN|BBC|Wikimedia Commons)")
# A leading caption: one sentence (no sentence break of its own) ending in a credit.
_CAPTION_RES = (
    re.compile(r"\A[^()]{0,240}?\((?:Photo|Photos|Image|Picture|Photograph|Credit|Image credit|Photo credit|"
               r"Illustration|Video)[^)]{0,80}\)\s*"),
    re.compile(rf"\A[^.]{{0,240}}?(?:\.\s+)?(?:Photo|Photograph|Image|Picture|Illustration|Credit)s?(?: by)?:\s*"
               rf"[^.]{{0,60}}?(?:/\s*)?{_AGENCY}(?:\s+for\s+[A-Z][\w ]{{1,30}}?)?(?:/[A-Z][\w ]{{1,20}})?\.?\s+(?=[A-Z\"“])"),
    re.compile(r"\A[^.]{0,240}?(?:\.\s+)?(?:Photo|Photograph|Image|Picture|Credit)s?(?: by)?:\s*"
               rf"{_NAME}\s+for\s+(?:The\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){{0,3}}\.?\s+(?=[A-Z\"“])"),
    re.compile(rf"\A[^.]{{0,240}}?\.\s+(?:{_AGENCY})/{_NAME}(?:/[A-Z][a-z]+)?\.?\s+(?=[A-Z\"“])"),
    re.compile(rf"\A[^.]{{0,240}}?\.\s+{_NAME}/{_AGENCY}\.?\s+(?=[A-Z\"“])"),
    re.compile(r"\AFILE PHOTO:[^.]{0,240}\.\s+(?:[A-Z]{2,}/[A-Z][\w'’ -]{2,40}(?:/[A-Z][a-z]+)?\s+)?(?=[A-Z\"“])"),
)
# Syndication notices and page furniture that open an excerpt.
_FURNITURE_RES = (
    re.compile(r"\A(?:This|The) (?:article|story|post|piece) (?:was |is |has been )?(?:originally |first )"
               r"(?:published|appeared|posted|ran)\b[^.!?]{0,200}[.!?]\s*", re.I),
    re.compile(r"\A(?:NEW\s+)?You can now listen to [^.!?]{0,60}[.!?]\s*", re.I),
    re.compile(r"\A(?:Listen to this (?:article|story)|Advertisement|Skip to (?:main )?content|Share this (?:article|story)"
               r"|Sign up for [^.!?]{0,80}[.!?]|Subscribe to [^.!?]{0,80}[.!?]|Editor[’']s note:[^.!?]{0,200}[.!?]"
               r"|(?:\d{1,2} )?min(?:ute)? read|Updated)\b\s*[:|•·–—-]?\s*", re.I),
)
_TAIL_FURNITURE_RES = (
    re.compile(r"\s*\[\+\d+ chars\]\s*\Z"),
    re.compile(r"\s*The post .{3,200} appeared first on .{2,80}\Z"),
    re.compile(r"\s*(?:Continue reading|Read more|Read the full (?:story|article))\b.{0,80}\Z", re.I),
)
# Cheap gates: the patterns above are only tried when the start of the excerpt could hold them.
_CAPTION_HINT_RE = re.compile(r"Photo|Image|Credit|Picture|Illustration|FILE PHOTO|/|\(")
_FURNITURE_HINT_RE = re.compile(r"(?i)\A(?:this|the|new|you|listen|advert|skip|share|sign|subscribe|editor|\d|min|updated)")
_CUT_MARK_RE = re.compile(r"(?:\.\s?\.\s?\.|…|\[…\]|\[\.\.\.\]|\(…\)|[\s.,;:!?|•·–—-])+")
_TITLE_SEPARATOR_RE = re.compile(r"\s*[|:•·–—-]?\s*")  # used with match(s, pos): no \A
# Labels a site puts before a headline, and a site name after it (" | The Harbour Post", " - CNET").
_TITLE_LABEL_RE = re.compile(r"\A(?:Report|WATCH|Watch|Update|UPDATE|Updated|EXCLUSIVE|Exclusive|BREAKING|Breaking|"
                             r"VIDEO|Video|LIVE|Opinion|OPINION|Analysis|Explainer)\s*[:|–—-]\s*")
_TITLE_SITE_RE = re.compile(r"(?:\s+\|\s+(?:[A-Z0-9][\w.&'’]*|the|of|and)(?:\s+(?:[A-Z0-9][\w.&'’]*|the|of|and)){0,4}"
                            r"|\s+[–—-]\s+[A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*)?)\s*\Z")


# A photo credit anywhere in a line: "(Photo: ...)", "Photograph: ...", "AP/Jane Doe", "Doe/Getty Images".
_CREDIT_RE = re.compile(rf"\((?:Photo|Photos|Image|Picture|Photograph|Credit|Image credit|Photo credit|Illustration|Video)"
                        rf"\b[^)]{{0,80}}\)|\b(?:Photo|Photograph|Image|Picture|Illustration|Credit)s?(?: by)?:\s"
                        rf"|\AFILE PHOTO:|\b(?i:{_AGENCY})/[A-Z]|[a-z]/(?i:{_AGENCY})\b")
# A site's prompt as a line of its own.
_PROMPT_RE = re.compile(r"(?i)\A(?:subscribe (?:to|now)|sign up (?:for|to|now)|follow us|read more|related(?=:)|advertisement"
                        r"|share this (?:article|story|page)|listen to this)\b")
_INDEX_DATE_RE = re.compile(r"\A\s*date \d{4}-\d\d-\d\d\s+")
_DATE_IN_RE = re.compile(_DATE)


def page_line(line: str) -> bool:
    """A short line of page furniture rather than a headline: a byline or posting time (after an
    index date, if any), a photo caption with its credit, a syndication notice or a site prompt
    ("Share this article", "Subscribe to our newsletter"). The linker takes evidence against a
    record from the body's headline (score.headline_contradicts), never from these."""
    s = _INDEX_DATE_RE.sub("", line.strip())
    if s.startswith(("By ", "BY ", "Written by", "Words by")) and _BYLINE_RE.match(s) and \
            (len(s.split()) <= 14 or _DATE_IN_RE.search(s)):
        return True
    if _POSTED_RE.match(s):
        return True
    if _PROMPT_RE.match(s) or (_FURNITURE_HINT_RE.match(s) and any(rx.match(s + " A") for rx in _FURNITURE_RES)):
        return True  # (" A": the notices are written for an excerpt's opening, with text after them)
    return bool(_CREDIT_RE.search(s))


def clean_title(title: str) -> str:
    """A record title without a site's label ("Report: ") or a trailing site name (" | Site")."""
    t = _WS_RE.sub(" ", title or "").strip()
    t = _TITLE_LABEL_RE.sub("", t)
    m = _TITLE_SITE_RE.search(t)
    if m and len(t[: m.start()].split()) >= 4:
        t = t[: m.start()]
    return t


@dataclass(frozen=True)
class Excerpt:
    """A record's excerpt made usable: ``text`` for alignment (``""`` when nothing is left), the
    ``raw`` excerpt, what was removed as ``(text, reason)`` pairs, and whether the excerpt only
    repeats the record's title."""

    text: str
    raw: str
    removed: tuple[tuple[str, str], ...] = ()
    headline_only: bool = False

    def notes(self) -> list[str]:
        """Readable notes on what was set aside ("byline 'By ...' removed")."""
        out = []
        for text, reason in self.removed:
            shown = text if len(text) <= 60 else text[:57] + "..."
            out.append(f"{reason} {shown!r} set aside")
        if self.headline_only:
            out.append("the excerpt only repeats the title")
        return out


def _norm_words(text: str) -> list[str]:
    return default_process(text).split()


def _strip_headline(s: str, title: str) -> tuple[str, str]:
    """``s`` without a leading copy of ``title`` (fuzzy: a spun or re-cased headline counts), and what was cut."""
    tw = _norm_words(title)
    if len(tw) < 3 or not s:
        return s, ""
    target = " ".join(tw)
    words = list(re.finditer(r"\S+", s))
    best = (0.0, 0)
    for n in range(max(1, len(tw) - 2), min(len(words), len(tw) + 2) + 1):
        head = s[: words[n - 1].end()]
        score = fuzz.ratio(" ".join(_norm_words(head)), target)
        if score > best[0]:
            best = (score, words[n - 1].end())
    if best[0] < 88:
        return s, ""
    end = best[1]
    sep = _TITLE_SEPARATOR_RE.match(s, end)
    end = sep.end() if sep else end
    rest = s[end:].lstrip()
    if rest and _CUT_MARK_RE.fullmatch(rest):
        # Nothing but the aggregator's cut mark after the headline ("Title ..."): the excerpt is
        # the headline (before, the mark was taken for a lede that does not start a sentence, and
        # the cut tail then left a scrap of the title as the usable excerpt).
        return "", s.strip()
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘'(["):
        # What follows does not start a sentence: the lede itself begins with the headline's
        # words ("Twitter has suspended X ..." under "Twitter Has Suspended X"): keep it whole.
        return s, ""
    return rest, s[:end].strip()


def _cut_tail(s: str) -> tuple[str, str]:
    """``s`` without an aggregator's cut ("... without" / "collecting and us ..."), and what was cut."""
    orig = s
    cut = False
    for tail in _ELLIPSIS_TAIL:
        if s.endswith(tail):
            s = s[: -len(tail)].rstrip()
            cut = True
            break
    if s and (cut or not _SENTENCE_END_RE.search(s)):
        # The last word may be a fragment: drop it (rsplit, not a regex: a regex anchored at the
        # end rescans a long token from every position, quadratic on hostile input).
        words = s.rsplit(None, 1)
        s = words[0] if len(words) == 2 else ""
        s = s.rstrip(" ,;:—–-")
    return s, orig[len(s):].strip()


def _drop_repeated_sentences(s: str) -> tuple[str, list[str]]:
    """Sentences that repeat an earlier one (in full, or as a cut prefix of it) are dropped."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", s)
    if len(parts) < 2:
        return s, []
    kept: list[str] = []
    seen: list[str] = []
    dropped = []
    for p in parts:
        n = default_process(p)
        if len(n) >= 30 and any(n == q or (len(n) >= 30 and q.startswith(n)) or (len(q) >= 30 and n.startswith(q))
                                for q in seen):
            dropped.append(p)
            continue
        seen.append(n)
        kept.append(p)
    return " ".join(kept), dropped


def read_excerpt(excerpt: str, title: str = "") -> Excerpt:
    """The usable part of a record's excerpt, with what was removed and why.

    Order: whitespace normalised; trailing furniture ("[+1234 chars]", "The post ... appeared
    first on ...") removed; a leading copy of the headline; the cut tail; then, repeatedly from
    the start, a repeated headline, a syndication notice or page furniture, a byline with its
    posting time, a wire dateline, a photo caption with its credit; then sentences that repeat an
    earlier one.
    Elisions (" ... ") become sentence breaks ("…"), so each fragment aligns on its own.
    """
    raw = excerpt
    s = _WS_RE.sub(" ", excerpt or "").strip()
    removed: list[tuple[str, str]] = []
    for rx in _TAIL_FURNITURE_RES:
        m = rx.search(s)
        if m:
            removed.append((m.group().strip(), "furniture"))
            s = s[: m.start()].rstrip()
    title_core = clean_title(title)
    if title_core:
        # Before the cut tail: an excerpt that is the whole headline has no sentence end either.
        s, cut = _strip_headline(s, title_core)
        if cut:
            removed.append((cut, "repeated headline"))
    s, tail = _cut_tail(s)
    if tail:
        removed.append((tail, "cut tail"))
    for _ in range(6):
        before = s
        if title_core:
            s, cut = _strip_headline(s, title_core)
            if cut:
                removed.append((cut, "repeated headline"))
        if _FURNITURE_HINT_RE.match(s):
            for rx in _FURNITURE_RES:
                m = rx.match(s)
                if m and m.end() > 0:
                    removed.append((m.group().strip(), "furniture"))
                    s = s[m.end():]
        for rx, reason, gate in ((_BYLINE_RE, "byline", ("By", "BY", "Written", "Words")),
                                 (_POSTED_RE, "posting time", ("Posted", "Published", "Updated", "Last")),
                                 (_DATELINE_RE, "dateline", None)):
            if gate is not None and not s.startswith(gate):
                continue
            m = rx.match(s)
            if m and m.end() > 0 and m.end() < len(s):
                removed.append((m.group().strip(), reason))
                s = s[m.end():]
        if _CAPTION_HINT_RE.search(s, 0, 330):
            for rx in _CAPTION_RES:
                m = rx.match(s)
                if m and 0 < m.end() < len(s):
                    removed.append((m.group().strip(), "caption"))
                    s = s[m.end():]
                    break
        s = s.lstrip(" |•·–—-:")
        if s == before:
            break
    s, dropped = _drop_repeated_sentences(s)
    removed += [(d, "repeated sentence") for d in dropped]
    as_read, s = s, _ELISION_RE.sub(" … ", s).strip()
    headline_only = False
    if title_core and len(_norm_words(s)) < 3:
        # Nothing but the title (or a scrap of it) is left: the excerpt is the headline.
        headline_only = any(r == "repeated headline" for _, r in removed)
        if s:
            # as the excerpt has it, not with its elisions spaced as sentence breaks ("…0", not "… 0")
            removed.append((as_read.strip(), "fragment"))
        s = ""
    return Excerpt(s, raw, tuple(removed), headline_only)


def clean_excerpt(excerpt: str, title: str = "") -> str:
    """The usable text of an excerpt (see :func:`read_excerpt`); ``""`` when nothing is left."""
    return read_excerpt(excerpt, title).text
