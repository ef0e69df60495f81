"""Tokens the linker reads: normalised words with kinds, the immutables skeleton, match keys, sentence words."""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from ..core.types import Span
from ..lexical.lexicon import lemmas as _lemmas
from ..lexical.lexicon import synonyms as _synonyms
from ..spin.tokens import FUNC, NAME, NUM, WORD, Token
from ..text.segment import split_sentences

_tuple_new = tuple.__new__  # builds a Token without its Python-level __new__ (as spin.tokens does)

# --- tokens and the immutables skeleton ---------------------------------------------------------

#: Words at or above this wordfreq Zipf value count as "immutables" (anchors.md §2.1, §4.5: a
#: spinner's dictionary does not rewrite the very frequent function words, so their sequence
#: survives spinning; the toy check there keeps 0.71 Jaccard on 3-grams at 30% substitution).
IMMUTABLE_ZIPF = 6.0

# Whole numbers with thousands separators, decimals, currency and percent are one token
# ("$1,250.5", "90%"), so "14,000" does not become the two tokens "14" and "000".
_TOKEN_RE = re.compile(
    r"[$£€]?\d(?:[\d,.]*\d)?%?"
    r"|(?:[A-Za-z]\.){2,}"
    r"|[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*"
)
_NUM_CLEAN_RE = re.compile(r"[$£€,%]")

# Slug words that say nothing about an article (URL furniture).
_SLUG_STOP = frozenset("""
article articles news story stories amp amphtml html htm php index www com org net co uk tech
technology post posts blog c s p id en us world business category tag
""".split())


@cache
def immutables() -> frozenset[str]:
    """Very frequent English words (wordfreq Zipf >= 6): ~110 function words like the, of, to, said."""
    import wordfreq

    return frozenset(w for w in wordfreq.top_n_list("en", 500)
                     if wordfreq.zipf_frequency(w, "en") >= IMMUTABLE_ZIPF)


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    import wordfreq

    return wordfreq.zipf_frequency(word, "en")


def _norm_word(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w


@lru_cache(maxsize=200_000)
def _word_class(w: str) -> tuple[str, int, bool]:
    """A word's normal form, NUM / FUNC / WORD (names are told by position and case), and whether
    it is common (Zipf >= 4): one lookup per distinct word instead of per token."""
    c = w[0]
    if c.isdigit() or c in "$£€":
        return _NUM_CLEAN_RE.sub("", w).rstrip("."), NUM, False
    norm = _norm_word(w)
    if norm in immutables():
        return norm, FUNC, True
    return norm, WORD, c.isupper() and _zipf(norm) >= 4.0


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The linker's tokens of ``text[start:end]``, with their kinds (FUNC, NUM, NAME, WORD).

    Unlike restoration's :func:`textrepair.spin.tokens.tokenize` (the language model's words),
    a number with separators, decimals, currency or percent is one token ("$1,250.5", "90%":
    "14,000" is not "14" and "000"), ``norm`` drops a possessive ("Apple's" -> "apple"), and
    every token has a kind: numbers and names are what a spinner leaves alone. A capitalised
    word is a NAME unless it starts a sentence and is a common word (Zipf >= 4: "Regulation" at
    the start of a sentence is not a name, "Clearview" is).
    """
    end = len(text) if end is None else end
    out: list[Token] = []
    append = out.append
    for m in _TOKEN_RE.finditer(text, start, end):
        w = m.group()
        s = m.start()
        norm, kind, common = _word_class(w)
        j = s - 1
        while j >= start and text[j] in " \t\"'“‘(":
            j -= 1
        initial = j < start or text[j] in ".!?\n\r:"
        if kind == WORD and w[0].isupper():
            kind = WORD if initial and common else NAME
        append(_tuple_new(Token, (s, m.end(), norm, initial, False, kind)))
    return out


def word_norms(text: str) -> list[tuple[str, int]]:
    """(normal form, kind) of every word of ``text``, names not told apart from words (a quick
    tokenize for indexing)."""
    return [_word_class(w)[:2] for w in _TOKEN_RE.findall(text)]


def _char(tok: Token) -> str:
    # Skeleton alphabet: one character per token so rapidfuzz aligns token sequences at C speed.
    # A stable hash (crc32, not hash()) keeps results identical across runs.
    return chr(0x4E00 + zlib.crc32(tok.norm.encode("utf-8")) % 20000)


def _encode(tokens: Sequence[Token], skip: int, char: Callable[[Token], str]) -> tuple[str, list[int]]:
    """One character per token whose kind is not ``skip``, and the token index of each character."""
    where = [i for i, t in enumerate(tokens) if t.kind != skip]
    return "".join(char(tokens[i]) for i in where), where


def skeleton(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """The immutables skeleton (function words, numbers, names) as a string, and the token index of each char."""
    return _encode(tokens, WORD, _char)


def _stem_char(tok: Token) -> str:
    # Five-letter prefixes as crude stems ("suspended"/"suspend", "security"/"secure"): paraphrase
    # and round-trip translation change inflections far more often than word stems.
    return chr(0x4E00 + zlib.crc32(tok.norm[:5].encode("utf-8")) % 20000)


def stems(tokens: Iterable[Token]) -> frozenset[str]:
    """Five-letter stems of the content words, names and numbers among ``tokens``."""
    return frozenset(t.norm[:5] for t in tokens if t.kind != FUNC and len(t.norm) > 1)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def content_string(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """The complement of the skeleton: stems of content words, names and numbers, in order."""
    return _encode(tokens, FUNC, _stem_char)


def slug_words(url: str) -> list[str]:
    """The words of a URL's path (its slug), minus furniture and opaque ids."""
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return []
    words = re.findall(r"[a-z]+|\d+", path.lower())
    return [w for w in words if w not in _SLUG_STOP and len(w) > 1
            and not (w.isdigit() and len(w) > 4)]


# --- sentence words for paraphrase alignment ------------------------------------------------------

#: Sentences with fewer content words than this are not aligned (datelines, captions, "Advertisement").
MIN_SENTENCE_WORDS = 3
#: A record's excerpt sentences need only this many (an elided or short excerpt is fragments).
MIN_RECORD_SENTENCE_WORDS = 2


@lru_cache(maxsize=200_000)
def match_keys(norm: str) -> frozenset[str]:
    """What a word matches on: its form, its lemmas (textrepair.lexicon: "stole" -> "steal",
    "agencies" -> "agency") and, for words of 5+ letters, its 5-letter stem ("~secur")."""
    if norm[:1].isdigit():
        return frozenset((norm,))
    keys = {norm, *_lemmas(norm)}
    if len(norm) >= 5:
        keys.add("~" + norm[:5])
    return frozenset(keys)


@lru_cache(maxsize=50_000)
def synonym_keys(norm: str) -> frozenset[str]:
    """Synonyms of a word's form and lemmas (textrepair.lexicon.synonyms: WordNet + Moby)."""
    out: set[str] = set()
    for lemma in {norm, *_lemmas(norm)}:
        out |= _synonyms(lemma)
    return frozenset(out)


#: Packaged phrase tables whose (spun, original) pairs widen a body sentence's keys (the
#: spinner's own dictionary: "know-how" may stand for "technology", "international locations"
#: for "countries").
SPINNER_TABLES = ("spinner-news", "names-news")


@cache
def spinner_originals() -> tuple[Mapping[tuple[str, ...], frozenset[str]], dict[str, int]]:
    """Spun phrase (its token norms) -> match keys of the content words of its originals in
    SPINNER_TABLES; and first token of a spun phrase -> the longest phrase starting with it, in
    tokens (a plain dict, read once per token of every body: a mapping proxy's lookups cost twice
    as much). Both empty when no table is packaged."""
    from ..lexical.tables import load_table

    out: dict[tuple[str, ...], set[str]] = {}
    for name in SPINNER_TABLES:
        try:
            table = load_table(name)
        except Exception:  # noqa: BLE001 - linking works without the tables, only less well on spun text
            continue
        for e in table.entries:
            spun = tuple(t.norm for t in tokenize(e.spun))
            keys = {k for t in tokenize(e.original) if t.kind != FUNC and len(t.norm) > 1
                    for k in match_keys(t.norm)}
            if spun and keys:
                out.setdefault(spun, set()).update(keys)
    starts: dict[str, int] = {}
    for phrase in out:
        starts[phrase[0]] = max(starts.get(phrase[0], 0), len(phrase))
    return MappingProxyType({k: frozenset(v) for k, v in out.items()}), starts


@dataclass(frozen=True, slots=True)
class SentenceWords:
    """The content words of one sentence (numbers, names, words other than immutables) for
    paraphrase alignment, with the keys they match on."""

    span: Span
    words: tuple[str, ...]
    common: tuple[bool, ...]        # per word: an ordinary word (not a number or a name)
    keys: frozenset[str]            # match_keys of every word
    table_keys: frozenset[str] = frozenset()    # keys of what spun phrases here stood for (bodies only)
    alt: tuple[frozenset[str], ...] = ()         # per word: the table keys of the phrase covering it
    # key -> indices of the words it belongs to (records only): a body sentence is matched
    # through set intersections instead of word by word
    key_words: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))


def _table_hits(norms: Sequence[str]) -> list[frozenset[str]]:
    """Per token, the keys of the originals of spinner-table phrases covering it (longest first)."""
    # Only phrases that start with this token can match here, and none longer than the longest
    # of them: most tokens start none (one dict lookup instead of one per phrase length).
    table, starts = spinner_originals()
    alt: list[frozenset[str]] = [frozenset()] * len(norms)
    i = 0
    while i < len(norms):
        longest = starts.get(norms[i], 0)
        for n in range(min(longest, len(norms) - i), 0, -1):
            keys = table.get(tuple(norms[i : i + n]))
            if keys is not None:
                for j in range(i, i + n):
                    alt[j] = alt[j] | keys
                i += n
                break
        else:
            i += 1
    return alt


def sentence_words(text: str, span: Span, tokens: Sequence[Token], *, as_record: bool = False,
                   with_table: bool = False, sentences: Sequence[Span] | None = None,
                   min_words: int = MIN_SENTENCE_WORDS,
                   table: Sequence[frozenset[str]] | None = None) -> tuple[SentenceWords, ...]:
    """The sentences of ``text[span]`` with at least ``min_words`` content words.

    ``tokens`` are tokens of ``text`` sorted by position (they may cover more than ``span``).
    ``as_record``: index the words by key (a record's excerpt, matched against many body
    sentences); ``with_table``: add spinner-table keys (a body: spun text). ``sentences``: the
    sentence spans of ``span`` when already split; ``table``: the spinner-table keys of every
    token of ``tokens`` when already found (table_keys_per_token), for ``with_table``.
    """
    starts = [t.start for t in tokens]
    out = []
    for sent in (sentences if sentences is not None else split_sentences(text, span)):
        k = bisect_left(starts, sent.start)
        j = k
        while j < len(tokens) and tokens[j].end <= sent.end:
            j += 1
        toks = tokens[k:j]
        content = [i for i, t in enumerate(toks) if t.kind != FUNC and len(t.norm) > 1]
        if len(content) < min_words:
            continue
        words = tuple(toks[i].norm for i in content)
        common = tuple(toks[i].kind == WORD for i in content)
        keys: set[str] = set()
        for w in words:
            keys |= match_keys(w)
        key_words: dict[str, list[int]] = {}
        if as_record:
            for i, w in enumerate(words):
                for key in match_keys(w):
                    key_words.setdefault(key, []).append(i)
        alt: tuple[frozenset[str], ...] = ()
        table_keys: frozenset[str] = frozenset()
        if with_table:
            hits = list(table[k:j]) if table is not None else _table_hits([t.norm for t in toks])
            table_keys = frozenset().union(*hits) - keys
            alt = tuple(hits[i] for i in content)
        out.append(SentenceWords(sent, words, common, frozenset(keys), table_keys, alt,
                                 MappingProxyType({k: tuple(v) for k, v in key_words.items()})))
    return tuple(out)




# --- soft token sequences: word order with spun words matched to what they stood for -------------

_FUNC_BASE = 0x4E00        # function words: one character per form, shared by every text
_CONTENT_BASE = 0xA000     # a record's content words: one character per distinct word
_OTHER_BASE = 0x10000      # a body's content words that match nothing of the record


def table_keys_per_token(tokens: Sequence[Token]) -> tuple[frozenset[str], ...]:
    """Per token, the match keys of what a spinner-table phrase covering it stood for."""
    return tuple(_table_hits([t.norm for t in tokens]))


def reference_codes(tokens: Sequence[Token]) -> tuple[str, Mapping[str, str]]:
    """A record text (excerpt or title) as one character per token, and the map from every
    match key of its content words to that word's character (see :func:`matched_codes`)."""
    chars = []
    key_code: dict[str, str] = {}
    own: dict[str, str] = {}
    for t in tokens:
        if t.kind == FUNC:
            chars.append(chr(_FUNC_BASE + zlib.crc32(t.norm.encode("utf-8")) % 20000))
            continue
        c = own.get(t.norm)
        if c is None:
            c = own[t.norm] = chr(_CONTENT_BASE + min(len(own), 0x3FFF))
            for k in match_keys(t.norm):
                key_code.setdefault(k, c)
        chars.append(c)
    return "".join(chars), MappingProxyType(key_code)


@dataclass(frozen=True)
class CodedTokens:
    """A body text prepared for :func:`matched_codes`: the default character of every token
    (function words by form, content words their own), and where each match key and each
    spinner-table original key occurs (token positions, in order)."""

    chars: tuple[str, ...]
    key_positions: Mapping[str, tuple[int, ...]]
    table_positions: Mapping[str, tuple[int, ...]]


def code_tokens(tokens: Sequence[Token], table: Sequence[frozenset[str]] = ()) -> CodedTokens:
    chars = []
    keys: dict[str, list[int]] = {}
    tkeys: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if t.kind == FUNC:
            chars.append(chr(_FUNC_BASE + zlib.crc32(t.norm.encode("utf-8")) % 20000))
            continue
        chars.append(chr(_OTHER_BASE + zlib.crc32(t.norm.encode("utf-8")) % 0xFFFF))
        for k in match_keys(t.norm):
            keys.setdefault(k, []).append(i)
        if table and table[i]:
            for k in table[i]:
                tkeys.setdefault(k, []).append(i)
    return CodedTokens(tuple(chars), MappingProxyType({k: tuple(v) for k, v in keys.items()}),
                       MappingProxyType({k: tuple(v) for k, v in tkeys.items()}))


def matched_codes(body: CodedTokens, key_code: Mapping[str, str]) -> str:
    """A body text as one character per token, in the alphabet of a record text: a content word
    whose form, lemma or stem (or, through the spinner table, what its spun phrase stood for) is
    a word of the record gets that word's character; other content words keep characters of
    their own. Aligning the two strings measures word order with spun words counted as their
    originals: a word-for-word spin keeps it, a report written independently does not."""
    chars = list(body.chars)
    done: set[int] = set()
    # Direct matches first, then table originals; within each, the record's words in order.
    for positions in (body.key_positions, body.table_positions):
        for k, c in key_code.items():
            for i in positions.get(k, ()):
                if i not in done:
                    chars[i] = c
                    done.add(i)
    return "".join(chars)


# --- the outlet's wording: word pairs ------------------------------------------------------------

#: Names and numbers in a word pair: every report of an event shares them, so they stand for any
#: name or number and never make a pair count on their own (see word_pairs).
FACT = "#"
#: Two tokens are neighbours when at most this many characters (spaces, punctuation) separate them.
MAX_PAIR_GAP = 3


def _pair_key(tok: Token) -> str:
    if tok.kind in (NAME, NUM):
        return FACT
    if tok.kind == FUNC:
        return tok.norm
    return tok.norm[:5]


def word_pairs(tokens: Sequence[Token], *, own_only: bool = False) -> frozenset[tuple[str, str]]:
    """The pairs of neighbouring tokens, each as a key (a function word as itself, any other word
    as its 5-letter stem, a name or number as FACT). With ``own_only``, only the pairs that hold
    an ordinary content word (the outlet's own wording: a pair of function words is in every text,
    and names and numbers are shared by every report of the event)."""
    keys = [_pair_key(t) for t in tokens]
    out = set()
    for i in range(len(keys) - 1):
        a, b = tokens[i], tokens[i + 1]
        if b.start - a.end > MAX_PAIR_GAP:
            continue  # not neighbours in the text (a quotation left out between them)
        if own_only and a.kind != WORD and b.kind != WORD:
            continue
        out.add((keys[i], keys[i + 1]))
    return frozenset(out)

