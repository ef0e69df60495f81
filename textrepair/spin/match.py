"""Table matching: phrase tables compiled into a TableSet, and where their entries (and the artefact rules) match a paragraph's tokens."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ..core.errors import UnknownTableError
from ..core.types import Span
from ..lexical import inflect, lm
from ..lexical.tables import PhraseEntry, PhraseTable, load_table, read_table
from .hits import Hit, Option, _normalise_weights, _option_stats, _tuple_new, make_hit
from .tokens import WORD_RE, Token, is_protected
from .verbforms import _has_tensed_option, fit_verb_forms

#: Packaged tables used when the caller names none, in order (missing ones are skipped: the
#: extra table is optional).
DEFAULT_TABLES = ("spinner-news", "names-news", "spinner-news-extra")

#: Packaged tables whose rows already include inflected variants (built with textrepair.lexical.inflect).
SELF_INFLECTED_TABLES = frozenset({"spinner-news", "names-news", "spinner-news-extra"})

#: Weight given to document-specific pairs learned from a linked record (an aligned excerpt is
#: direct evidence for this very document, so it outranks the general table).
RECORD_WEIGHT = 0.9

#: Weight kept when a match only holds after lemmatising ("agencies" against an entry written
#: for "agency"): inflecting back can pick the wrong form, so such matches count a bit less.
LEMMA_DISCOUNT = 0.85

_DIGIT_RE = re.compile(r"\d")
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
# "six.25" for "6.25": a dictionary spinner turns the digit before a decimal point into a word.
_DIGIT_DOT_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\.(\d+)\b", re.IGNORECASE)
# "{that a}" / "{plus|and}": spintax braces left in the output.
_SPINTAX_RE = re.compile(r"\{([^{}|\n]{1,60}(?:\|[^{}|\n]{1,60})*)\}")


# --- morphology (one implementation: textrepair.lexical.inflect) -------------------------------------

#: Forms a one-word entry is matched through: noun and verb inflections. (Comparatives are left
#: out: their suffix rule reads "water" as "wat" + "er" and "later" as "late" + "er".)
_MATCH_FORMS = frozenset({inflect.PLURAL, inflect.THIRD, inflect.PAST, inflect.PARTICIPLE,
                          inflect.GERUND})


#: Auxiliaries are grammar, not wording: "was" or "being" is not re-inflected through an entry
#: written for another form of "be" (a table lists the spun forms of these it knows).
_AUXILIARIES = frozenset({"be", "have", "do"})


@lru_cache(maxsize=1 << 15)
def _all_readings(word: str) -> tuple[tuple[str, str], ...]:
    """Inflectional ``(lemma, form)`` readings of a lowercase word (no base reading, no
    auxiliary), by :func:`textrepair.lexical.inflect.guess_forms`. Words of three letters or fewer get
    only their irregular readings ("its" is not the plural of "it")."""
    if not word.isalpha():
        return ()
    readings = inflect.irregular_readings(word) if len(word) <= 3 else inflect.guess_forms(word)
    return tuple(r for r in readings if r[1] in _MATCH_FORMS and r[0] not in _AUXILIARIES)


@lru_cache(maxsize=1 << 15)
def word_readings(word: str) -> tuple[tuple[str, str], ...]:
    """The readings a text word is re-inflected through: :func:`_all_readings`, except that a
    word reading as both past tense and participle of one lemma ("noticed", "said") reads as
    past tense only. Over-generates on purpose ("news" -> "new" + plural): callers use a reading
    only when its lemma is a table key and the re-inflected original is a word the language
    model knows. Whether a participle slot needs "seen" rather than "saw" is decided from the
    context (:func:`fit_verb_forms`)."""
    readings = _all_readings(word)
    past = {lemma for lemma, form in readings if form == inflect.PAST}
    return tuple(r for r in readings if not (r[1] == inflect.PARTICIPLE and r[0] in past))


def _form_of(word: str, lemma: str) -> str | None:
    """The form ``word`` has as an inflection of ``lemma`` (base when equal), None if none."""
    if word == lemma:
        return inflect.BASE
    for lem, form in word_readings(word):
        if lem == lemma:
            return form
    return None


# --- the compiled table set ------------------------------------------------------------------


_END = "\x00"  # trie key marking where an spun form ends (never a word)


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A compiled spun form: its model words, punctuation wrapper and entry, plus what the
    matcher asks of it on every match (precomputed: the same few patterns match thousands of times)."""

    words: tuple[str, ...]
    prefix: str
    suffix: str
    entry: PhraseEntry
    gaps: tuple[str, ...] = ()     # the punctuation between its words ("" for a space)
    is_date: bool = False          # "date" flag: only in a month's place
    free: bool = False             # name, record or artefact entry: capitals inside a sentence are fine
    artefact: bool = False
    capitalised: bool = False      # the table wrote the spun form capitalised
    has_digit: bool = False        # a word with a digit: only artefact entries may match numbers
    wrap: int = 0                  # len(prefix) + len(suffix)
    plain: bool = True             # neither date nor case-sensitive: _usable is the capitals rule


def _pattern(entry: PhraseEntry) -> _Pattern | None:
    obs = entry.spun
    ms = list(WORD_RE.finditer(obs))
    if not ms:
        return None
    is_name, artefact = _entry_flags(entry)
    words = tuple(lm.normalise(m.group()) for m in ms)
    prefix, suffix = obs[: ms[0].start()].strip(), obs[ms[-1].end() :].strip()
    return _Pattern(words, prefix, suffix, entry, tuple(g.strip() for g in WORD_RE.split(obs)[1:-1]),
                    "date" in entry.flags, is_name or artefact, artefact, obs[:1].isupper(),
                    any(_DIGIT_RE.search(w) for w in words), len(prefix) + len(suffix),
                    "date" not in entry.flags and not entry.case_sensitive)


#: The flag, option kind and source of a pair learned from a linked record (``context_pairs``).
RECORD = "record"


def _record_flags(spun: str) -> frozenset[str]:
    """Flags of a document pair: a pair with capitals is matched in its own case ("cs"), so a
    pair learned from a title-case headline ("State Freeway" -> "State Highway") changes only
    capitalised occurrences and writes its original as learned; an all-lowercase pair matches
    any case and takes the case of the text it replaces (the linker lowers a capital that only
    starts a sentence: textrepair.link.context)."""
    return frozenset({RECORD, "cs"}) if any(c.isupper() for c in spun) else frozenset({RECORD})


class TableSet:
    """Phrase tables compiled for matching: patterns by first word, and by lemma of a one-word form."""

    def __init__(self, tables: Sequence[PhraseTable], context_pairs: Sequence[tuple[str, str]] = ()):
        self.tables = tuple(tables)
        entries: list[PhraseEntry] = []
        self.table_of: dict[PhraseEntry, str] = {}
        for t in self.tables:
            for e in t.entries:
                if e.spun.strip() and e.original.strip():
                    entries.append(e)
                    self.table_of.setdefault(e, t.name)
        for spun, original in context_pairs:
            if spun.strip() and original.strip() and spun.strip().lower() != original.strip().lower():
                entries.append(PhraseEntry(spun.strip(), original.strip(), RECORD_WEIGHT,
                                           RECORD, _record_flags(spun)))
        self.by_first: dict[str, list[_Pattern]] = {}
        self.by_lemma: dict[str, list[_Pattern]] = {}
        self.max_words = 1
        for e in entries:
            p = _pattern(e)
            if p is None:
                continue
            self.by_first.setdefault(p.words[0], []).append(p)
            self.max_words = max(self.max_words, len(p.words))
            # Packaged tables list their inflected variants themselves, by part of speech
            # ("report" -> "record" is a noun there, so no "reporting" row): re-inflecting their
            # rows would invent readings. User tables and record pairs get inflection-aware
            # matching ("agencies" against an entry for "agency").
            if (len(p.words) == 1 and not p.prefix and not p.suffix and " " not in e.original
                    and self.table_of.get(e) not in SELF_INFLECTED_TABLES):
                self.by_lemma.setdefault(p.words[0], []).append(p)
        for pats in self.by_first.values():
            pats.sort(key=lambda p: -len(p.words))
        # A word trie over the spun forms, for longest-match lookup.
        self.trie: dict[str, dict] = {}
        for pats in self.by_first.values():
            for p in pats:
                node = self.trie.setdefault(p.words[0], {})
                for w in p.words[1:]:
                    node = node.setdefault(w, {})
                node.setdefault(_END, []).append(p)
        self.names = {t.name for t in self.tables}
        self.inflected_index: dict[str, list[_Pattern]] | None = None
        self._lemma_keys: frozenset[str] | None = None
        # Options built for a matched surface form (the same words recur across documents):
        # (options, spin probability, artefact, whether an option shows its tense).
        self.option_cache: dict[tuple, tuple[tuple[Option, ...], float, bool, bool]] = {}
        self.word_kind: dict[str, int] = {}  # see find_hits
        #: Match one-word entries against other inflections of their word ("agencies" for "agency").
        self.inflect = True

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_first.values())

    def lemma_keys(self) -> frozenset[str]:
        """Lemmas under which one-word forms can match an inflected word of the text."""
        if self._lemma_keys is None:
            _lemma_keyed(self, "")
            assert self.inflected_index is not None
            self._lemma_keys = frozenset(self.by_lemma) | frozenset(self.inflected_index)
        return self._lemma_keys


def _read_any(name_or_path: str) -> PhraseTable:
    if name_or_path.endswith(".tsv") or "/" in name_or_path or "\\" in name_or_path:
        return read_table(name_or_path)
    return load_table(name_or_path)


@cache
def _packaged_defaults() -> tuple[PhraseTable, ...]:
    out = []
    for name in DEFAULT_TABLES:
        try:
            out.append(load_table(name))
        except UnknownTableError:
            continue
    return tuple(out)


@lru_cache(maxsize=16)
def _table_set(extra: tuple[str, ...], context_pairs: tuple[tuple[str, str], ...],
               defaults: bool) -> TableSet:
    tables = list(_packaged_defaults()) if defaults else []
    tables.extend(_read_any(x) for x in extra)
    return TableSet(tables, context_pairs)


def table_set(tables: TableSet | Iterable[PhraseTable | str] | None = None, *,
              extra: Iterable[str] = (), context_pairs: Iterable[tuple[str, str]] = ()) -> TableSet:
    """The tables to match: a ready :class:`TableSet`, explicit tables/paths, or (None) the
    packaged defaults plus ``extra`` paths and document ``context_pairs``; cached."""
    if isinstance(tables, TableSet):
        return tables
    pairs = tuple((str(a), str(b)) for a, b in context_pairs)
    if tables is None:
        return _table_set(tuple(str(x) for x in extra), pairs, True)
    items = list(tables)
    if all(isinstance(t, str) for t in items):
        return _table_set(tuple(items) + tuple(str(x) for x in extra), pairs, False)
    resolved = [t if isinstance(t, PhraseTable) else _read_any(str(t)) for t in items]
    resolved.extend(_read_any(str(x)) for x in extra)
    return TableSet(resolved, pairs)


# --- matching ---------------------------------------------------------------------------------


def _gaps_match(text: str, toks: Sequence[Token], i: int, n: int, pattern: _Pattern) -> bool:
    # Words of a multiword form must be separated by whitespace (or the same punctuation).
    obs_gaps = pattern.gaps
    for k in range(n - 1):
        gap = text[toks[i + k].end : toks[i + k + 1].start]
        if gap == " ":
            if k < len(obs_gaps) and obs_gaps[k]:
                return False
            continue
        want = obs_gaps[k] if k < len(obs_gaps) else ""
        if gap.strip() != want or "\n\n" in gap or len(gap) > 3 + len(want):
            return False
    if pattern.prefix and text[max(0, toks[i].start - len(pattern.prefix)) : toks[i].start] != pattern.prefix:
        return False
    end = toks[i + n - 1].end
    return not (pattern.suffix and text[end : end + len(pattern.suffix)] != pattern.suffix)


def _is_capitalised_name(tok: Token, text: str) -> bool:
    w = text[tok.start : tok.end]
    return w[:1].isupper() and not tok.sentence_start and not tok.in_headline


def _entry_flags(e: PhraseEntry) -> tuple[bool, bool]:
    return "name" in e.flags or RECORD in e.flags, "artefact" in e.flags


def _option(e: PhraseEntry, found: str, replacement: str | None = None, weight: float | None = None,
            table_name: str = "") -> Option:
    is_name, artefact = _entry_flags(e)
    rep = replacement if replacement is not None else e.original
    if not e.case_sensitive:
        rep = inflect.match_case(rep, found)
    kind = RECORD if RECORD in e.flags else ("name" if is_name else "table")
    src = RECORD if kind == RECORD else f"{table_name}:{e.spun}" if table_name else e.spun
    return Option(rep, e.weight if weight is None else weight, src, kind, artefact)


def _source_name(ts: TableSet, e: PhraseEntry) -> str:
    return ts.table_of.get(e, RECORD if RECORD in e.flags else "table")


_DAY_OR_YEAR_RE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?|\d{4}")


# Words that put a capitalised "Might"/"Could" mid-sentence in a month's place ("in Might").
_MONTH_PREPOSITIONS = frozenset("in since until till from by during early late mid last next "
                                "this through before after".split())


def _next_to_date_number(toks: Sequence[Token], i: int, n: int) -> bool:
    """A month name stands next to a day number or a year ("Might 2020", "12 Might"), or right
    after a time preposition inside a sentence ("the halving in Might")."""
    for k in (i - 1, i + n):
        if 0 <= k < len(toks) and _DAY_OR_YEAR_RE.fullmatch(toks[k].norm):
            return True
    return i > 0 and not toks[i].sentence_start and toks[i - 1].norm in _MONTH_PREPOSITIONS


def _usable(text: str, toks: Sequence[Token], i: int, n: int, p: _Pattern, cap_name: bool) -> bool:
    """Whether pattern ``p`` may apply to words ``[i, i + n)``; ``cap_name`` is
    :func:`_is_capitalised_name` of the first word (the same for every pattern tried there)."""
    if p.is_date and not _next_to_date_number(toks, i, n):
        return False
    e = p.entry
    if e.case_sensitive:
        found = text[toks[i].start : toks[i + n - 1].end]
        return e.spun.startswith(found[:1]) and found.lower() in e.spun.lower()
    # A capitalised word inside a sentence is a name ("Wall", "Apple"): leave it unless the
    # table wrote the spun form capitalised itself.
    return p.free or not cap_name or p.capitalised


# What a word can start (memoised per table set in TableSet.word_kind): a table form, an
# inflection-aware match, the digit-word rule. Most words are none of these and cost one lookup.
_IN_TRIE, _MAYBE_LEMMA, _NUMBER_WORD = 1, 2, 4


def _word_kind(ts: TableSet, norm: str) -> int:
    kind = (_IN_TRIE if norm in ts.trie else 0) | (_NUMBER_WORD if norm in _NUMBER_WORD_SET else 0)
    if norm.isalpha():
        lemma_keys = ts.lemma_keys()
        if any(lem in lemma_keys for lem, _ in word_readings(norm)):
            kind |= _MAYBE_LEMMA
    ts.word_kind[norm] = kind
    return kind


def find_hits(text: str, toks: Sequence[Token], ts: TableSet,
              protected: list[tuple[int, int]] | None = None) -> list[Hit]:
    """Table and rule matches over the words ``toks`` of ``text``: longest match first, never
    overlapping, never inside a protected span or on a number (except the digit-word rule)."""
    protected = protected if protected is not None else []
    hits: list[Hit] = []
    n_tok = len(toks)
    if not n_tok:
        return hits
    trie = ts.trie
    kinds = ts.word_kind
    # Spintax braces ("{that a}") are rare: look for them only where the text has a brace.
    braces = "{" in text[max(0, toks[0].start - 1) : toks[-1].end]
    i = 0
    while i < n_tok:
        norm = toks[i].norm
        kind = kinds.get(norm)
        if kind is None:
            kind = _word_kind(ts, norm)
        if not kind and not braces:
            i += 1
            continue
        hit = None
        if kind & _IN_TRIE:
            node = trie[norm]
            # Most first words ("the", "in") only start longer forms: skip unless the next word continues one.
            if _END in node or (i + 1 < n_tok and toks[i + 1].norm in node):
                hit = _match_at(text, toks, i, ts)  # numbers only match artefact entries ("1000's")
        if hit is None and kind & _MAYBE_LEMMA and ts.inflect:
            hit = _lemma_match_at(text, toks, i, ts)
        if hit is None and (kind & _NUMBER_WORD or braces and text[toks[i].start - 1 : toks[i].start] == "{"):
            hit = _rule_at(text, toks, i)
        if hit is not None and not is_protected(hit.start, hit.end, protected):
            hits.append(hit)
            i = hit.j
        else:
            i += 1
    return hits


def _match_at(text: str, toks: Sequence[Token], i: int, ts: TableSet) -> Hit | None:
    node = ts.trie.get(toks[i].norm)
    if node is None:
        return None
    # Walk the word trie as far as the text goes, remembering every depth where forms end.
    ends: list[tuple[int, list[_Pattern]]] = []
    k = i
    while True:
        here = node.get(_END)
        if here:
            ends.append((k - i + 1, here))
        k += 1
        if k >= len(toks):
            break
        node = node.get(toks[k].norm)
        if node is None:
            break
    best_n = 0
    matched: list[_Pattern] = []
    cap_name = _is_capitalised_name(toks[i], text)
    for n, pats in reversed(ends):  # longest first
        for p in pats:
            # Numbers only match artefact entries ("1000's"); the walked words are the pattern's.
            if p.has_digit and not p.artefact:
                continue
            if (n > 1 or p.wrap) and not _gaps_match(text, toks, i, n, p):
                continue
            if not (p.free or not cap_name or p.capitalised if p.plain
                    else _usable(text, toks, i, n, p, cap_name)):
                continue
            matched.append(p)
        if matched:
            best_n = n
            break
    if not matched:
        return None
    if len(matched) > 1:
        # The most specific form wins: "Supply:" (with its colon) over plain "supply".
        wrap = max(p.wrap for p in matched)
        matched = [p for p in matched if p.wrap == wrap]
    p0 = matched[0]
    chosen = [p.entry for p in matched]
    first = toks[i]
    last = toks[i + best_n - 1]
    start = first.start - len(p0.prefix)
    end = last.end + len(p0.suffix)
    observed = text[start:end]
    key = (observed, *map(id, matched))  # patterns live as long as the table set
    cached = ts.option_cache.get(key)
    if cached is None:
        options = _build_options(ts, text[first.start : last.end], observed, p0, chosen)
        cached = ts.option_cache[key] = (options, *_option_stats(options),
                                         _has_tensed_option(options))
    if not cached[0]:
        return None
    hit = _tuple_new(Hit, (start, end, i, i + best_n, observed, *cached[:3]))
    return fit_verb_forms(hit, toks) if cached[3] else hit


def _build_options(ts: TableSet, found: str, observed: str, p0: _Pattern,
                   chosen: Sequence[PhraseEntry]) -> tuple[Option, ...]:
    opts: dict[str, Option] = {}
    for e in chosen:
        # Keep the spun form's own punctuation wrapper ("Supply:" -> "Source:").
        o = _option(e, found, _strip_wrapper(e.original, p0), None, _source_name(ts, e))
        rep = p0.prefix + o.replacement + p0.suffix if (p0.prefix or p0.suffix) else o.replacement
        if rep == observed:
            continue
        if rep in opts:
            prev = opts[rep]
            opts[rep] = Option(rep, min(0.99, prev.weight + o.weight), prev.source, prev.kind,
                               prev.artefact or o.artefact)
        else:
            opts[rep] = Option(rep, o.weight, o.source, o.kind, o.artefact)
    return _normalise_weights(opts.values()) if opts else ()


def _strip_wrapper(original: str, p: _Pattern) -> str:
    s = original.strip()
    if p.prefix and s.startswith(p.prefix):
        s = s[len(p.prefix) :]
    if p.suffix and s.endswith(p.suffix):
        s = s[: -len(p.suffix)]
    return s.strip()


def _lemma_match_at(text: str, toks: Sequence[Token], i: int, ts: TableSet) -> Hit | None:
    tok = toks[i]
    word = tok.norm
    found = text[tok.start : tok.end]
    opts: dict[str, Option] = {}
    cap_name = _is_capitalised_name(tok, text)
    for lemma, form in word_readings(word):
        for p in ts.by_lemma.get(lemma, []) + _lemma_keyed(ts, lemma):
            e = p.entry
            if e.case_sensitive or not _usable(text, toks, i, 1, p, cap_name):
                continue
            obs_form = _form_of(p.words[0], lemma)
            if obs_form is None:
                continue
            orig = lm.normalise(e.original)
            # The original was written in the spun form's inflection: take it back to its
            # lemma by the same form, then inflect to the text's form.
            orig_lemma = orig if obs_form == inflect.BASE else _lemma_in_form(orig, obs_form)
            if orig_lemma is None:
                continue
            new = inflect.apply_form(orig_lemma, form)
            if not lm.known(new) or new == word:
                continue
            o = _option(e, found, new, e.weight * LEMMA_DISCOUNT, _source_name(ts, e))
            if o.replacement not in opts:
                opts[o.replacement] = o
    if not opts:
        return None
    hit = make_hit(tok.start, tok.end, i, i + 1, found, _normalise_weights(opts.values()))
    return fit_verb_forms(hit, toks) if _has_tensed_option(hit.options) else hit


#: Verb forms an "-ed" word can stand for: an entry written for "noticed" -> "seen" holds
#: for the verb, whichever of the two the entry's words were.
_PAST_OR_PARTICIPLE = frozenset({inflect.PAST, inflect.PARTICIPLE})


def _lemma_in_form(original: str, form: str) -> str | None:
    """The lemma of a one-word ``original`` read in ``form`` (a past tense or participle
    accepts either), one the language model knows; None if it has no such reading."""
    forms = _PAST_OR_PARTICIPLE if form in _PAST_OR_PARTICIPLE else (form,)
    return next((lem for lem, f in _all_readings(original) if f in forms and lm.known(lem)), None)


def _lemma_keyed(ts: TableSet, lemma: str) -> list[_Pattern]:
    """Entries whose one-word spun form is an inflection of ``lemma`` ("exhibits" for "exhibit")."""
    if ts.inflected_index is None:
        idx: dict[str, list[_Pattern]] = {}
        for key, pats in ts.by_lemma.items():
            for lem, _form in word_readings(key):
                if lm.known(lem):
                    idx.setdefault(lem, []).extend(pats)
        ts.inflected_index = idx
    return ts.inflected_index.get(lemma, [])


def _rule_at(text: str, toks: Sequence[Token], i: int) -> Hit | None:
    tok = toks[i]
    m = _DIGIT_DOT_RE.match(text, tok.start)
    if m and m.start() == tok.start:
        digit = str(_NUMBER_WORDS.index(m.group(1).lower()))
        j = i + 1
        while j < len(toks) and toks[j].end <= m.end():
            j += 1
        return make_hit(m.start(), m.end(), i, j, m.group(), (
            Option(digit + "." + m.group(2), 0.99, "rule:digit-word-decimal", "rule", True),))
    if tok.start > 0 and text[tok.start - 1] == "{":
        m = _SPINTAX_RE.match(text, tok.start - 1)
        if m:
            inner = m.group(1).split("|")[0]
            j = i
            while j < len(toks) and toks[j].end <= m.end():
                j += 1
            if j > i:
                return make_hit(m.start(), m.end(), i, j, m.group(), (
                    Option(inner, 0.99, "rule:spintax-braces", "rule", True),))
    return None


# --- spun names found fuzzily (textrepair.lexical.names) ---------------------------------------------

#: A fuzzy name match is weaker evidence than a listed variant: its weight is the match score
#: times this (a score of 0.88, the names module's floor, gives 0.79).
FUZZY_NAME_WEIGHT = 0.9


@cache
def _spun_name_words() -> frozenset[str]:
    """Words that some spun name variant has and its canonical name lacks ("information" in
    "BuzzFeed Information"), lowercased with typewriter apostrophes (read from ``names-news``)."""
    from ..lexical import names

    def words(s: str) -> set[str]:
        return set(s.replace("\u2019", "'").replace("\u2018", "'").lower().split())

    out: set[str] = set()
    for e in load_table(getattr(names, "DEFAULT_TABLE", "names-news")).entries:
        out |= words(e.spun) - words(e.original)
    return frozenset(out)


def _may_hold_fuzzy_name(text: str, toks: Sequence[Token]) -> bool:
    """A necessary condition for :func:`textrepair.lexical.names.find_name_matches` to find a fuzzy
    match in a paragraph, from its tokens (the same word spans names.py splits): it only looks at
    runs of two or more capitalised words (one connector word allowed between two of them), and
    a match must share a spun word of its variant. About two thirds of flagged dev paragraphs
    fail it and skip the fuzzy search. tests/test_restore.py checks it against the full search."""
    from ..lexical import names

    connectors = getattr(names, "_CONNECTORS", None)
    if connectors is None:  # names.py changed its internals: run the full search
        return True
    spun = _spun_name_words()
    n = len(toks)
    cap = [text[t.start : t.start + 1].isupper() for t in toks]
    i = 0
    while i < n:
        if not cap[i]:
            i += 1
            continue
        j = i + 1
        while j < n and (cap[j] or (toks[j].norm in connectors and j + 1 < n and cap[j + 1])):
            j += 1
        if j - i >= 2 and any(toks[k].norm.replace("\u2018", "'") in spun for k in range(i, j)):
            return True
        i = j
    return False


def name_hits(text: str, span: Span, toks: Sequence[Token], hits: Sequence[Hit]) -> list[Hit]:
    """Spun multiword names in ``text[span]`` that the tables did not list verbatim ("BuzzFeed
    Informations"), found by :func:`textrepair.lexical.names.find_name_matches`; only those not
    overlapping ``hits``. Thin adapter: the names module owns the matching."""
    try:
        from ..lexical.names import find_name_matches
    except ImportError:  # pragma: no cover - names is part of the package
        return []
    if not _may_hold_fuzzy_name(text, toks):
        return []
    chunk = text[span.start : span.end]
    starts = [t.start for t in toks]
    out: list[Hit] = []
    for m in find_name_matches(chunk):
        if m.how != "fuzzy":
            continue  # exact variants are rows of the names-news table, matched like any entry
        start, end = span.start + m.span.start, span.start + m.span.end
        if any(h.start < end and start < h.end for h in hits):
            continue
        i = bisect_left(starts, start)
        j = bisect_left(starts, end)
        found = text[start:end]
        if i >= j or found == m.canonical:
            continue
        out.append(make_hit(start, end, i, j, found, (
            Option(m.canonical, min(0.95, m.score * FUZZY_NAME_WEIGHT), f"names-news:{m.observed}",
                   "name", False),)))
    return out
