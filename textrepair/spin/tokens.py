"""Words of a paragraph as restoration sees them: the one token type, the tokenizer, protected spans and context windows."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from ..core.types import Span
from ..lexical import lm
from ..text.segment import is_headline

#: A word as restoration sees it (abbreviations, hyphenated and apostrophised words kept whole).
WORD_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"                          # U.S., U.K., a.m.
    r"|[^\W_]+(?:[-'’][^\W_]+)*(?:['’]s\b)?"       # know-how, 1000's, don't, BuzzFeed
)
# Spans restoration never touches: URLs, e-mail addresses, inline code and fenced code.
_PROTECTED_RE = re.compile(
    r"```.*?```|`[^`\n]*`"
    r"|\b(?:https?://|ftp://|www\.)\S+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co|uk|gov|edu|info|news)\b(?:/\S*)?",
    re.DOTALL | re.IGNORECASE,
)
_SENTENCE_GAP_RE = re.compile(r"[.!?:;…\n\"“”]")

_tuple_new = tuple.__new__  # builds a named tuple without its Python-level __new__


#: A token's ``kind``: UNCLASSIFIED from :func:`tokenize` (restoration needs none); the linker's
#: tokenizer (:func:`textrepair.link.tokens.tokenize`) tells function words (the immutables),
#: numbers, names and other words apart.
UNCLASSIFIED, FUNC, NUM, NAME, WORD = 0, 1, 2, 3, 4


class Token(NamedTuple):
    """A word of a text: its span, its normal form, whether a sentence starts here, and its kind.

    The package's one token type. :func:`tokenize` (restoration) writes the language model's
    spelling in ``norm``; the linker's tokenizer writes its match form there (a possessive
    dropped, a number without currency and separators) and fills ``kind``.

    (A named tuple, not a frozen dataclass: paragraphs are tokenised on every call, and tuples
    are several times cheaper to build.)"""

    start: int
    end: int
    norm: str
    sentence_start: bool
    in_headline: bool = False
    kind: int = UNCLASSIFIED


def tokenize(text: str, span: Span | None = None) -> list[Token]:
    """The words of ``text[span]`` with the model's spelling and sentence starts marked."""
    span = span or Span(0, len(text))
    start0 = span.start
    chunk = text[start0 : span.end]
    low = chunk.lower().replace("\u2019", "'")  # lm.normalise, once per paragraph
    # In a title-case headline every word is capitalised: capitals there are not names.
    headline = "\n" not in chunk.strip() and is_headline(chunk)
    out: list[Token] = []
    append = out.append
    gap = _SENTENCE_GAP_RE.search
    prev_end = -1
    for s, e in [m.span() for m in WORD_RE.finditer(chunk)]:  # (spans first: ~10% faster)
        if prev_end < 0:
            starts = True
        elif s == prev_end + 1 and chunk[prev_end] == " ":  # the usual gap: one space
            starts = False
        else:  # a sentence boundary in the gap before this word
            starts = gap(chunk, prev_end, s) is not None
        append(_tuple_new(Token, (start0 + s, start0 + e, low[s:e], starts, headline, UNCLASSIFIED)))
        prev_end = e
    return out


_PROTECTED_HINT_RE = re.compile(r"`|://|www\.|@|\.(?:com|org|net|io|co|uk|gov|edu|info|news)\b",
                                re.IGNORECASE)


def protected_spans(text: str, span: Span | None = None) -> list[tuple[int, int]]:
    """URL, e-mail and code spans inside ``span`` (restoration leaves them alone)."""
    span = span or Span(0, len(text))
    # Most paragraphs hold none: a cheap scan for their markers skips the full pattern.
    if not _PROTECTED_HINT_RE.search(text, span.start, span.end):
        return []
    return [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(text, span.start, span.end)]


def is_protected(start: int, end: int, protected: Sequence[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of the :func:`protected_spans` (every stage leaves
    those words alone)."""
    return any(s < end and start < e for s, e in protected)


def context_window(toks: Sequence[Token], i: int, j: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Up to two words of left and right context of words ``[i, j)``, with sentence boundaries."""
    bos, eos = lm.BOS, lm.EOS
    if i == 0 or toks[i].sentence_start:
        left: tuple[str, ...] = (bos,)
    elif i == 1 or toks[i - 1].sentence_start:
        left = (bos, toks[i - 1].norm)
    else:
        left = (toks[i - 2].norm, toks[i - 1].norm)
    n = len(toks)
    if j >= n or toks[j].sentence_start:
        right: tuple[str, ...] = (eos,)
    elif j + 1 >= n or toks[j + 1].sentence_start:
        right = (toks[j].norm, eos)
    else:
        right = (toks[j].norm, toks[j + 1].norm)
    return left, right


_Item = TypeVar("_Item")


def joint_runs(items: Sequence[_Item], toks: Sequence[Token], *, gap: int, max_combos: int,
               hypotheses: Callable[[_Item], int],
               joinable: Callable[[_Item, _Item], bool] | None = None) -> list[list[_Item]]:
    """Items with token positions ``i``/``j`` (in text order) grouped for joint decoding: neighbours
    in one sentence at most ``gap`` words apart (and ``joinable``, when given), each group at most
    ``max_combos`` joint hypotheses (``hypotheses(item)`` each), so a long chain of spun words is
    decoded group by group, each seeing its neighbours as written."""
    out: list[list[_Item]] = []
    combos = 1
    for item in items:
        n_hyp = hypotheses(item)
        if out:
            prev = out[-1][-1]
            if ((joinable is None or joinable(prev, item)) and item.i - prev.j <= gap  # type: ignore[attr-defined]
                    and combos * n_hyp <= max_combos
                    and not any(toks[k].sentence_start for k in range(prev.j, item.i + 1))):  # type: ignore[attr-defined]
                out[-1].append(item)
                combos *= n_hyp
                continue
        out.append([item])
        combos = n_hyp
    return out
