"""Restoration candidates: where spinner-table entries (and artefact rules) match a text, and what each match could have been."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from . import inflect, lm
from .errors import UnknownTableError
from .segment import is_headline
from .tables import PhraseEntry, PhraseTable, load_table, read_table
from .types import Span

#: Packaged tables used when the caller names none, in order (missing ones are skipped: the
#: extra table is optional).
DEFAULT_TABLES = ("spinner-news", "names-news", "spinner-news-extra")

#: Packaged tables whose rows already include inflected variants (built with textrepair.inflect).
SELF_INFLECTED_TABLES = frozenset({"spinner-news", "names-news", "spinner-news-extra"})

#: Weight given to document-specific pairs learned from a linked record (an aligned excerpt is
#: direct evidence for this very document, so it outranks the general table).
RECORD_WEIGHT = 0.9

#: Weight kept when a match only holds after lemmatising ("agencies" against an entry written
#: for "agency"): inflecting back can pick the wrong form, so such matches count a bit less.
LEMMA_DISCOUNT = 0.85

_WORD_RE = re.compile(
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
_DIGIT_RE = re.compile(r"\d")
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
# "six.25" for "6.25": a dictionary spinner turns the digit before a decimal point into a word.
_DIGIT_DOT_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\.(\d+)\b", re.IGNORECASE)
# "{that a}" / "{plus|and}": spintax braces left in the output.
_SPINTAX_RE = re.compile(r"\{([^{}|\n]{1,60}(?:\|[^{}|\n]{1,60})*)\}")


@dataclass(frozen=True, slots=True)
class Option:
    """One thing a match could originally have been, with the table's P(original | observed)."""

    replacement: str
    weight: float
    source: str
    kind: str = "table"          # table | rule | record | name
    artefact: bool = False


_tuple_new = tuple.__new__  # builds a named tuple without its Python-level __new__


class Hit(NamedTuple):
    """A stretch of text (words ``[i, j)`` of its paragraph) that a table entry or rule matches.

    (A named tuple: thousands are made per document, and a frozen dataclass's ``__init__`` cost
    ~6% of a full repair. Build one with :func:`make_hit`, which fills in the derived fields.)"""

    start: int
    end: int
    i: int
    j: int
    observed: str
    options: tuple[Option, ...]
    #: The chance the observed form was written by the spinner (sum of option weights).
    spin_prob: float
    artefact: bool


def _option_stats(options: Sequence[Option]) -> tuple[float, bool]:
    return min(0.99, sum(o.weight for o in options)), any(o.artefact for o in options)


def make_hit(start: int, end: int, i: int, j: int, observed: str, options: tuple[Option, ...]) -> Hit:
    """A :class:`Hit` with ``spin_prob`` and ``artefact`` derived from its options."""
    return _tuple_new(Hit, (start, end, i, j, observed, options, *_option_stats(options)))


class Token(NamedTuple):
    """A word of a paragraph: its span, the model's spelling, and whether a sentence starts here.

    (A named tuple, not a frozen dataclass: paragraphs are tokenised on every call, and tuples
    are several times cheaper to build.)"""

    start: int
    end: int
    norm: str
    sentence_start: bool
    in_headline: bool = False


# --- morphology (one implementation: textrepair.inflect) -------------------------------------

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
    auxiliary), by :func:`textrepair.inflect.guess_forms`. Words of three letters or fewer get
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
    for m in _WORD_RE.finditer(chunk):
        s, e = m.span()
        if prev_end < 0:
            starts = True
        elif s == prev_end + 1 and chunk[prev_end] == " ":  # the usual gap: one space
            starts = False
        else:  # a sentence boundary in the gap before this word
            starts = gap(chunk, prev_end, s) is not None
        append(_tuple_new(Token, (start0 + s, start0 + e, low[s:e], starts, headline)))
        prev_end = e
    return out


_END = "\x00"  # trie key marking where an observed form ends (never a word)


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A compiled observed form: its model words, punctuation wrapper and entry, plus what the
    matcher asks of it on every match (precomputed: the same few patterns match thousands of times)."""

    words: tuple[str, ...]
    prefix: str
    suffix: str
    entry: PhraseEntry
    gaps: tuple[str, ...] = ()     # the punctuation between its words ("" for a space)
    is_date: bool = False          # "date" flag: only in a month's place
    free: bool = False             # name, record or artefact entry: capitals inside a sentence are fine
    artefact: bool = False
    capitalised: bool = False      # the table wrote the observed form capitalised
    has_digit: bool = False        # a word with a digit: only artefact entries may match numbers
    wrap: int = 0                  # len(prefix) + len(suffix)
    plain: bool = True             # neither date nor case-sensitive: _usable is the capitals rule


def _pattern(entry: PhraseEntry) -> _Pattern | None:
    obs = entry.observed
    ms = list(_WORD_RE.finditer(obs))
    if not ms:
        return None
    is_name, artefact = _entry_flags(entry)
    words = tuple(lm.normalise(m.group()) for m in ms)
    prefix, suffix = obs[: ms[0].start()].strip(), obs[ms[-1].end() :].strip()
    return _Pattern(words, prefix, suffix, entry, tuple(g.strip() for g in _WORD_RE.split(obs)[1:-1]),
                    "date" in entry.flags, is_name or artefact, artefact, obs[:1].isupper(),
                    any(_DIGIT_RE.search(w) for w in words), len(prefix) + len(suffix),
                    "date" not in entry.flags and not entry.case_sensitive)


class TableSet:
    """Phrase tables compiled for matching: patterns by first word, and by lemma of a one-word form."""

    def __init__(self, tables: Sequence[PhraseTable], context_pairs: Sequence[tuple[str, str]] = ()):
        self.tables = tuple(tables)
        entries: list[PhraseEntry] = []
        self.table_of: dict[PhraseEntry, str] = {}
        for t in self.tables:
            for e in t.entries:
                if e.observed.strip() and e.original.strip():
                    entries.append(e)
                    self.table_of.setdefault(e, t.name)
        for spun, original in context_pairs:
            if spun.strip() and original.strip() and spun.strip().lower() != original.strip().lower():
                entries.append(PhraseEntry(spun.strip(), original.strip(), RECORD_WEIGHT,
                                           "record", frozenset({"record"})))
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
        # A word trie over the observed forms, for longest-match lookup.
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


_PROTECTED_HINT_RE = re.compile(r"`|://|www\.|@|\.(?:com|org|net|io|co|uk|gov|edu|info|news)\b",
                                re.IGNORECASE)


def protected_spans(text: str, span: Span | None = None) -> list[tuple[int, int]]:
    """URL, e-mail and code spans inside ``span`` (restoration leaves them alone)."""
    span = span or Span(0, len(text))
    # Most paragraphs hold none: a cheap scan for their markers skips the full pattern.
    if not _PROTECTED_HINT_RE.search(text, span.start, span.end):
        return []
    return [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(text, span.start, span.end)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def match_case(found: str, replacement: str) -> str:
    """``replacement`` in the case pattern of ``found`` (UPPER, Title, lower); mixed-case
    replacements (names such as "BuzzFeed News") are kept as written."""
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if replacement[:1].isupper() or any(c.isupper() for c in replacement[1:]):
        return replacement  # the table wrote a name's own capitals
    words = found.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):  # Title Case Of A Headline
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


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
    return "name" in e.flags or "record" in e.flags, "artefact" in e.flags


def _option(e: PhraseEntry, found: str, replacement: str | None = None, weight: float | None = None,
            table_name: str = "") -> Option:
    is_name, artefact = _entry_flags(e)
    rep = replacement if replacement is not None else e.original
    if not e.case_sensitive:
        rep = match_case(found, rep)
    kind = "record" if "record" in e.flags else ("name" if is_name else "table")
    src = "record" if kind == "record" else f"{table_name}:{e.observed}" if table_name else e.observed
    return Option(rep, e.weight if weight is None else weight, src, kind, artefact)


def _source_name(ts: TableSet, e: PhraseEntry) -> str:
    return ts.table_of.get(e, "record" if "record" in e.flags else "table")


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
        return e.observed.startswith(found[:1]) and found.lower() in e.observed.lower()
    # A capitalised word inside a sentence is a name ("Wall", "Apple"): leave it unless the
    # table wrote the observed form capitalised itself.
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
        if hit is not None and not _overlaps(hit.start, hit.end, protected):
            hits.append(hit)
            i = hit.j
        else:
            i += 1
    return hits


# --- verb forms fitted to their context ("has been seen", never "has been saw") ---------------
# A table row written for the simple past ("noticed" -> "saw") also matches the participle,
# which is spelled the same for regular verbs ("has been noticed"); the packaged tables expand
# verbs into both forms under one observed spelling. The words before the hit tell which form
# the slot takes, and irregular originals of the other form are dropped or, failing any other
# option, put into that form (fit_verb_forms).

#: Words after which a verb is a participle: "have" (perfect) and "be"/"get" (passive), with
#: their contractions (lowercase, typewriter apostrophes: the tokens' spelling).
_PARTICIPLE_CUES = frozenset(
    "have has had having be been being is are was were am get gets got getting gotten "
    "hasn't haven't hadn't isn't aren't wasn't weren't i've you've we've they've who've "
    "could've would've should've might've must've it's he's she's that's there's who's "
    "what's here's we're you're they're i'm".split())
#: Subject pronouns after which a verb is a finite form ("they saw", never "they seen"). "it"
#: and "you" are left out: as objects they take participles ("made it known").
_PAST_CUES = frozenset("i he she we they who".split())
#: Adverbs that may stand between the cue and the verb ("were also seen", "they then began");
#: any other word of five or more letters ending in "-ly" counts too.
_ADVERBS = frozenset("also not never already just recently previously since ever still yet "
                     "now then first once only even all both long often widely".split())
#: At most this many adverbs are skipped looking for a cue.
_MAX_ADVERBS = 2


def _verb_slot(toks: Sequence[Token], i: int) -> str | None:
    """The verb form the words before token ``i`` call for: ``"pp"`` after have/be/get,
    ``"past"`` after a subject pronoun, None when they do not say."""
    k = i - 1
    skipped = 0
    while k >= 0 and not toks[k + 1].sentence_start:
        w = toks[k].norm
        if w in _PARTICIPLE_CUES:
            return inflect.PARTICIPLE
        if w in _PAST_CUES:
            return inflect.PAST
        if skipped >= _MAX_ADVERBS or not (w in _ADVERBS or (len(w) > 4 and w.endswith("ly"))):
            return None
        skipped += 1
        k -= 1
    return None


def _head(form: str) -> str:
    return form.partition(" ")[0]


def _has_tensed_option(options: Sequence[Option]) -> bool:
    """Whether an option starts with an irregular form that shows its tense ("saw", "seen")."""
    to_pp, to_past = inflect.tense_forms()
    for o in options:
        head = _head(o.replacement).lower()
        if head in to_pp or head in to_past:
            return True
    return False


def fit_verb_forms(hit: Hit, toks: Sequence[Token]) -> Hit | None:
    """``hit`` with its options fitted to the verb form its context calls for (:func:`_verb_slot`).

    A participle slot ("has been noticed") takes no past-only irregular original ("saw"). Where
    the hit offers other originals that fit the slot ("observed", whose "-ed" serves both, or a
    row written for the participle, "chosen" beside "chose"), the past-only row is dropped: its
    weight was estimated from past-tense uses, and it would outweigh the rows written for this
    form (a converted "confirmed" -> "shown" beat "proven" in "which has confirmed so
    important"); the dropped rows' weight goes to the fitting ones (it said the form is spun,
    not that it was kept). Where the past-only row is all the hit has, its first word is put
    into the participle ("started" -> "begun", "took place" -> "taken place"). A simple-past slot ("they
    recognized") drops participle-only originals ("known"): turning them into "knew" would
    invent a pairing the table does not state. Unchanged where the context does not say; None
    if no option is left."""
    slot = _verb_slot(toks, hit.i)
    if slot is None:
        return hit
    to_pp, to_past = inflect.tense_forms()
    wrong = to_pp if slot == inflect.PARTICIPLE else to_past
    fitting = [o for o in hit.options if _head(o.replacement).lower() not in wrong]
    if len(fitting) == len(hit.options):
        return hit
    if fitting or slot == inflect.PAST:
        # The dropped rows' weight said the form is spun, not that it was kept: the fitting
        # originals take it over in proportion, so "kept" (1 - sum) stays what the table says.
        return make_hit(hit.start, hit.end, hit.i, hit.j, hit.observed,
                        _rescaled(fitting, sum(o.weight for o in hit.options))) if fitting else None
    opts: dict[str, Option] = {}
    for o in hit.options:
        head, sep, rest = o.replacement.partition(" ")
        rep = inflect.match_case(to_pp[head.lower()], head) + sep + rest
        if rep == hit.observed:
            continue
        prev = opts.get(rep)
        opts[rep] = Option(rep, o.weight if prev is None else min(0.99, prev.weight + o.weight),
                           o.source if prev is None else prev.source, o.kind, o.artefact)
    if not opts:
        return None
    return make_hit(hit.start, hit.end, hit.i, hit.j, hit.observed, _normalise_weights(opts.values()))


def _rescaled(options: Sequence[Option], total: float) -> tuple[Option, ...]:
    """``options`` with their weights scaled to sum to ``total`` (at most 0.99)."""
    have = sum(o.weight for o in options)
    if have <= 0:
        return tuple(options)
    k = min(0.99, total) / have
    return tuple(Option(o.replacement, o.weight * k, o.source, o.kind, o.artefact) for o in options)


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
        # Keep the observed form's own punctuation wrapper ("Supply:" -> "Source:").
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


def _normalise_weights(opts: Iterable[Option]) -> tuple[Option, ...]:
    items = sorted(opts, key=lambda o: -o.weight)
    total = sum(o.weight for o in items)
    if total > 0.99:  # the table promised weights summing to <= 1; keep room for "not spun"
        items = [Option(o.replacement, o.weight * 0.99 / total, o.source, o.kind, o.artefact)
                 for o in items]
    return tuple(items)


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
            # The original was written in the observed form's inflection: take it back to its
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
    """Entries whose one-word observed form is an inflection of ``lemma`` ("exhibits" for "exhibit")."""
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


# --- language-model evidence -------------------------------------------------------------------


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


@lru_cache(maxsize=1 << 16)
def lm_words(form: str) -> tuple[str, ...]:
    """The model words of a form ("Source:" -> ("source",), "according to" -> two words)."""
    return tuple(lm.normalise(m.group()) for m in _WORD_RE.finditer(form))


@lru_cache(maxsize=1 << 16)
def phrase_logprob(words: tuple[str, ...]) -> float:
    """log10 P(words) without context: the words' own probability, divided out of a window score
    so that the table weight (which already holds how common the original is) is not counted twice."""
    return lm.score_seq(words) if words else 0.0


#: How much of a candidate's own (context-free) probability is divided out of its window score.
#: 1 is the textbook channel model when table weights are posteriors P(original | observed);
#: lower values let the LM's preference for common phrasings back in.
OWN_PROB_WEIGHT = 1.0


@lru_cache(maxsize=1 << 18)
def fit_score(words: tuple[str, ...], left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """How well ``words`` fit between ``left`` and ``right``: log10 P(window) - log10 P(words)."""
    return lm.score_seq(left + words + right, len(left)) - OWN_PROB_WEIGHT * phrase_logprob(words)


def lm_gain(hit: Hit, toks: Sequence[Token]) -> float:
    """How much better (log10) the best candidate fits its context than the observed words."""
    return lm_gains((hit,), toks)[0]


def lm_gains(hits: Sequence[Hit], toks: Sequence[Token]) -> tuple[float, ...]:
    """:func:`lm_gain` of each hit (one loop: this runs for every hit of every paragraph)."""
    out = []
    fit, words, window = fit_score, lm_words, context_window
    for h in hits:
        left, right = window(toks, h.i, h.j)
        base = fit(words(h.observed), left, right)
        opts = h.options
        if len(opts) == 1:
            out.append(fit(words(opts[0].replacement), left, right) - base)
        else:
            out.append(max([fit(words(o.replacement), left, right) for o in opts]) - base)
    return tuple(out)


# --- spun names found fuzzily (textrepair.names) ---------------------------------------------

#: A fuzzy name match is weaker evidence than a listed variant: its weight is the match score
#: times this (a score of 0.88, the names module's floor, gives 0.79).
FUZZY_NAME_WEIGHT = 0.9


@cache
def _spun_name_words() -> frozenset[str]:
    """Words that some spun name variant has and its canonical name lacks ("information" in
    "BuzzFeed Information"), lowercased with typewriter apostrophes (read from ``names-news``)."""
    from . import names

    def words(s: str) -> set[str]:
        return set(s.replace("\u2019", "'").replace("\u2018", "'").lower().split())

    out: set[str] = set()
    for e in load_table(getattr(names, "DEFAULT_TABLE", "names-news")).entries:
        out |= words(e.observed) - words(e.original)
    return frozenset(out)


def _may_hold_fuzzy_name(text: str, toks: Sequence[Token]) -> bool:
    """A necessary condition for :func:`textrepair.names.find_name_matches` to find a fuzzy
    match in a paragraph, from its tokens (the same word spans names.py splits): it only looks at
    runs of two or more capitalised words (one connector word allowed between two of them), and
    a match must share a spun word of its variant. About two thirds of flagged dev paragraphs
    fail it and skip the fuzzy search. tests/test_restore.py checks it against the full search."""
    from . import names

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
    Informations"), found by :func:`textrepair.names.find_name_matches`; only those not
    overlapping ``hits``. Thin adapter: the names module owns the matching."""
    try:
        from .names import find_name_matches
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
