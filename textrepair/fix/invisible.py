"""Invisible characters: zero-width and control characters dropped, joiners kept where a script or an emoji needs them."""

from __future__ import annotations

import re

from ..core.types import Edit


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

    ``text`` is a document's body: the file's BOM, part of its encoding, is outside the body
    (``Document.body`` starts after it), so every U+FEFF here is a stray one and goes, also one
    at the start that an earlier fixer exposed ("<p>\ufeffSource: X"; kept, it hid a credit line
    from the debris fixer until a second repair). A zero-width joiner inside an emoji sequence (👩‍💻) and a joiner or non-joiner between letters
    of a script that needs it (Persian می‌خواهم, Devanagari) are kept too: there they are spelling.
    """
    edits = []
    for m in _INVISIBLE_RE.finditer(text):
        start, end = m.start(), m.end()
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
