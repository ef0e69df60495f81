"""Human views of a repair: each change in its context with reason and confidence, and a unified word diff."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from ..core.types import Edit, Suggestion

#: Words of unchanged text shown on each side of a change in :func:`explain_edits`.
CONTEXT_WORDS = 4
#: A removed or inserted stretch longer than this is shown cut in the middle (a script block, a
#: caption line): the view is for reading; the JSON output keeps every character.
MAX_SHOWN = 80


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with line breaks, tabs and invisible characters written as escapes (``\\n``,
    ``\\u200b``), so a removed zero-width space or no-break space can be seen."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\n" if keep_newlines else "\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\xa0" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _cut(text: str, limit: int = MAX_SHOWN) -> str:
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]} ({len(text):,} characters)"


def marked(old: str, new: str, *, keep_newlines: bool = False, limit: int | None = MAX_SHOWN) -> str:
    """One change in word-diff notation: ``[-old-]{+new+}`` (only one part for a pure deletion
    or insertion), as ``git diff --word-diff=plain`` writes it."""
    def show(s: str) -> str:
        s = visible(s, keep_newlines=keep_newlines)
        return _cut(s, limit) if limit else s

    return (f"[-{show(old)}-]" if old else "") + (f"{{+{show(new)}+}}" if new else "")


class _Lines:
    """Line numbers (1-based) and line bounds of a text, by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def number(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def start(self, number: int) -> int:
        return self.starts[number - 1]

    def end(self, number: int) -> int:
        """Offset after the line's break (or the end of the text)."""
        return self.starts[number] if number < len(self.starts) else len(self.text)


def _words_before(text: str, pos: int, line_start: int, n: int) -> str:
    chunk = text[line_start:pos]
    words = chunk.split()
    if not words:
        return chunk.lstrip()
    keep = " ".join(words[-n:])
    if chunk[-1:].isspace():
        keep += " "
    return ("…" if len(words) > n else "") + keep


def _words_after(text: str, pos: int, line_end: int, n: int) -> str:
    chunk = text[pos:line_end].rstrip("\r\n")
    words = chunk.split()
    if not words:
        return chunk.rstrip()
    keep = " ".join(words[:n])
    if chunk[:1].isspace():
        keep = " " + keep
    return keep + ("…" if len(words) > n else "")


def explain_edits(original: str, edits: Sequence[Edit], *, path: str | None = None,
                  suggestions: Sequence[Suggestion] = (), context_words: int = CONTEXT_WORDS) -> str:
    """A plain-text account of ``edits`` (spans into ``original``) for a person to read.

    A heading counts the changes by stage; then each change takes two lines: its line number, a
    few words of context on each side (``context_words``) with the change in word-diff notation
    (:func:`marked`), then its stage, confidence and reason.
    """
    name = path or "<text>"
    if not edits:
        head = f"{name}: no changes"
    else:
        by_stage = Counter(e.stage for e in edits)
        stages = ", ".join(f"{stage} {n}" for stage, n in by_stage.items())
        head = f"{name}: {len(edits)} change{'s' if len(edits) != 1 else ''} ({stages})"
    if suggestions:
        head += (f"; {len(suggestions)} possible restoration{'s' if len(suggestions) != 1 else ''} below "
                 f"the confidence threshold not made (listed under 'suggestions' in --format json)")
    out = [head]
    lines = _Lines(original)
    width = len(str(lines.number(len(original))))
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        n = lines.number(e.start)
        left = _words_before(original, e.start, lines.start(n), context_words)
        last = lines.number(max(e.start, e.end - 1)) if e.end > e.start else n
        right = _words_after(original, e.end, lines.end(last), context_words)
        out.append(f"  line {n:>{width}}: {visible(left)}{marked(e.found, e.replacement)}{visible(right)}")
        out.append(f"  {'':>{width + 5}}  {e.stage}, confidence {e.confidence:.2f}: {e.reason}")
    return "\n".join(out) + "\n"


def _word_groups(original: str, edits: Sequence[Edit]) -> list[tuple[int, int, str]]:
    """The edits widened to whole words where they start or end inside one (a mojibake fix in
    "donâ€™t" shows as the word), merged where they meet: ``(start, end, new text)`` on ``original``."""
    groups: list[tuple[int, int, list[Edit]]] = []
    n = len(original)
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        s, t = e.start, e.end
        if 0 < s < n and not original[s - 1].isspace() and not original[s].isspace():
            while s > 0 and not original[s - 1].isspace():
                s -= 1
        if 0 < t < n and not original[t].isspace() and not original[t - 1].isspace():
            while t < n and not original[t].isspace():
                t += 1
        if groups and s <= groups[-1][1]:
            s0, t0, members = groups[-1]
            groups[-1] = (s0, max(t0, t), [*members, e])
        else:
            groups.append((s, t, [e]))
    out = []
    for s, t, members in groups:
        pieces, pos = [], s
        for e in members:
            pieces.append(original[pos : e.start])
            pieces.append(e.replacement)
            pos = e.end
        pieces.append(original[pos:t])
        out.append((s, t, "".join(pieces)))
    return out


def word_diff(original: str, edits: Sequence[Edit], *, path: str | None = None) -> str:
    """A unified word diff of ``original`` and its repair (``edits``), as ``git diff -U0
    --word-diff=plain`` writes one: a ``---``/``+++`` header, then for each run of changed lines
    a ``@@ -line,count +line,count @@`` header and the lines with each change marked
    ``[-old-]{+new+}`` in place. Empty when nothing changed."""
    groups = _word_groups(original, edits)
    if not groups:
        return ""
    name = path or "text"
    lines = _Lines(original)
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    # Hunks: groups whose lines touch or overlap share one.
    hunks: list[tuple[int, int, list[tuple[int, int, str]]]] = []
    for s, t, new in groups:
        first = lines.number(s)
        last = lines.number(max(s, t - 1)) if t > s else first
        if hunks and first <= hunks[-1][1]:
            a, b, members = hunks[-1]
            hunks[-1] = (a, max(b, last), [*members, (s, t, new)])
        else:
            hunks.append((first, last, [(s, t, new)]))
    added_lines = 0  # line breaks the hunks before this one added (negative: removed)
    for first, last, members in hunks:
        lo, hi = lines.start(first), lines.end(last)
        body, pos, delta = [], lo, 0
        for s, t, new in members:
            body.append(visible(original[pos:s], keep_newlines=True))
            body.append(marked(original[s:t], new, keep_newlines=True, limit=None))
            delta += new.count("\n") - original.count("\n", s, t)
            pos = t
        body.append(visible(original[pos:hi], keep_newlines=True))
        old_count = last - first + 1
        new_count = old_count + delta
        new_first = first + added_lines
        if new_count == 0:
            new_first -= 1  # (unified diff: an empty range names the line before it)
        out.append(f"@@ -{first},{old_count} +{new_first},{new_count} @@\n")
        text = "".join(body)
        # A hunk covers whole lines of the input, so it ends with their line break; when that
        # break lies inside a change ("[-...\n-]") or the input has none, one is added to end
        # the hunk (a reader rebuilding the texts tells it apart by the line counts).
        out.append(text if text.endswith("\n") else text + "\n")
        added_lines += delta
    return "".join(out)
