"""Mangled-text fixers: each is a small named function ``(text) -> tuple[Edit, ...]`` over a body."""

from __future__ import annotations

import re
from collections.abc import Callable

import ftfy
from rapidfuzz.distance import Indel

from .segment import iter_lines
from .types import Edit

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


# --- encoding damage (ftfy) ------------------------------------------------------------------

# ftfy's defaults also uncurl quotes, unfold ligatures, change character width and NFC-normalise:
# those are typography, not damage, so they stay off unless the user asks (RepairConfig).
_CONSERVATIVE = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
    fix_line_breaks=False, normalization=None, remove_control_chars=False, explain=False,
)
_TYPOGRAPHY = ftfy.TextFixerConfig(unescape_html=False, fix_line_breaks=False, explain=False,
                                   remove_control_chars=False)


def _ftfy_lines(text: str, config: ftfy.TextFixerConfig, stage: str, reason: str) -> tuple[Edit, ...]:
    edits: list[Edit] = []
    for line in iter_lines(text):
        chunk = text[line.start : line.end]
        if chunk.isascii():
            continue  # ftfy never changes plain ASCII under these settings: skip the call
        fixed = ftfy.fix_text(chunk, config)
        edits.extend(diff_edits(chunk, fixed, line.start, stage, reason, "ftfy"))
    return tuple(edits)


def fix_mojibake(text: str) -> tuple[Edit, ...]:
    """Repair mojibake ("donâ€™t" -> "don’t") line by line with ftfy, keeping typography."""
    return _ftfy_lines(text, _CONSERVATIVE, "fix_mojibake", "mojibake repaired (ftfy)")


def normalize_typography(text: str) -> tuple[Edit, ...]:
    """Opt-in: ftfy's typography fixes (straight quotes, unfolded ligatures, half-width forms)."""
    return _ftfy_lines(text, _TYPOGRAPHY, "normalize_typography", "typography normalised (ftfy)")


# --- invisible characters -------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f]+")


def remove_invisible(text: str) -> tuple[Edit, ...]:
    """Drop zero-width characters, soft hyphens, NULs and other control characters (not tab/newlines).

    A leading U+FEFF (a BOM) is kept: it is part of the file's encoding, not of its text.
    """
    edits = []
    for m in _INVISIBLE_RE.finditer(text):
        if m.start() == 0 and m.group().startswith("\ufeff"):
            if len(m.group()) == 1:
                continue
            edits.append(Edit(1, m.end(), m.group()[1:], "", "remove_invisible",
                              "invisible or control characters removed"))
            continue
        edits.append(Edit(m.start(), m.end(), m.group(), "", "remove_invisible",
                          "invisible or control characters removed"))
    return tuple(edits)
