"""Encoding damage: mojibake repaired line by line with ftfy (typography kept unless asked), as edits."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ftfy

from ..core.types import Edit, Span
from ..text.segment import iter_lines
from .chain import diff_edits


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
    # The per-piece skips below, decided once for the whole text: most bodies hold no character
    # that could make ftfy act, and then no line needs to be cut out (same edits: a piece of an
    # ASCII / inert text is ASCII / inert).
    if text.isascii() or (inert_ok and _FTFY_ACTIVE_RE.search(text) is None):
        return ()
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
