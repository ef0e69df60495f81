"""Lazy, cached, read-only access to the packaged lexicon: synonym graph, WordNet lemmas, inflection.

Everything loads on first use from ``textrepair/data`` (built by ``data/build_lexicon.py``; WordNet 3.0
licence in ``data/LICENSES/WordNet``, Moby is public domain) and is cached for the process.

API (all words are matched lowercased; results are lowercase unless stated):

- ``synonyms(word) -> frozenset[str]``: neighbours in the synonym graph, both directions
  (WordNet synset co-members plus Moby head -> synonyms; 1-3 word entries, frequency-filtered).
- ``forward_synonyms(word)`` / ``inverse_synonyms(word)``: only the head -> synonym direction (what a
  thesaurus-driven spinner could turn ``word`` into) / only the reverse (what could have become
  ``word``). A restorer wants ``inverse_synonyms(observed)`` as candidate originals.
- ``lemmas(word) -> tuple[str, ...]``: WordNet-morphy-like base forms (exception lists, then suffix
  rules validated against WordNet lemmas). A word that is itself a lemma comes first
  (``data`` -> ``("data", "datum")``); otherwise inflectional readings (``agencies`` -> ``("agency",)``,
  ``pictures`` -> ``("picture",)``). Unknown words give ``(word,)``.
- ``analyse(word) -> tuple[tuple[str, str], ...]``: validated ``(lemma, form)`` readings, ``form`` one of
  ``textrepair.lexical.inflect.FORMS`` (``"base"``, ``"plural"``, ``"3sg"``, ``"past"``, ``"pp"``, ``"ing"``,
  ``"er"``, ``"est"``), in the order ``lemmas`` uses.
- ``inflect(lemma, like=observed) -> str``: ``lemma`` put into the inflection of ``observed`` (its
  first inflectional reading; a noun lemma such as "data" counts as base), with ``observed``'s
  capitalisation: ``inflect("company", like="Agencies") == "Companies"``,
  ``inflect("show", like="exhibits") == "shows"``, ``inflect("say", like="mentioned") == "said"``.
  Multiword lemmas inflect their head (see ``textrepair.lexical.inflect.apply_form``).
- ``spinner_forward() -> Mapping[str, tuple[str, ...]]``: original (lowercase) -> spun forms, the
  packaged ``spinner-news`` table read in the spinner's direction (used by ``textrepair.lexical.names``).
- ``table_candidates(observed) -> tuple[PhraseEntry, ...]``: entries of the ``spinner-news`` table for
  ``observed``, directly or, failing that, through its lemma with the original re-inflected like
  ``observed`` (source marked ``"(via lemma)"``); possessives (``corporate's``, ``companies'``)
  through their base with the suffix put back. Case-sensitive entries must match exactly.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from . import inflect as _inf
from .tables import PhraseEntry, load_table

_POS_FOR_FORM = {
    _inf.PLURAL: "n", _inf.THIRD: "v", _inf.PAST: "v", _inf.PARTICIPLE: "v", _inf.GERUND: "v",
    _inf.COMPARATIVE: "a", _inf.SUPERLATIVE: "a",
}


def _read_gz(name: str) -> list[str]:
    data = resources.files("textrepair.data").joinpath(name).read_bytes()
    return [ln for ln in gzip.decompress(data).decode("utf-8").splitlines() if ln and not ln.startswith("#")]


def versioned_lines(name: str, fmt: str, version: int) -> list[str]:
    """The lines of a packaged gzip table after its header line, comments and blanks left out;
    the header ("#format=...<TAB>version=...") must name ``fmt`` and ``version``
    (:class:`~textrepair.core.errors.TableFormatError` otherwise: a table from another build)."""
    data = resources.files("textrepair.data").joinpath(name).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    head = dict(part.split("=", 1) for part in lines[0][1:].split("\t") if "=" in part) if lines else {}
    if head.get("format") != fmt or head.get("version") != str(version):
        from ..core.errors import TableFormatError

        msg = f"textrepair/data/{name}: expected format {fmt} version {version}, found {lines[0][:80] if lines else ''!r}"
        raise TableFormatError(msg)
    return [ln for ln in lines[1:] if ln and ln[0] != "#"]


@cache
def _raw_graph(name: str) -> Mapping[str, str]:
    # Keep each adjacency list as its raw "a|b|c" string and split on lookup: loading then costs
    # ~0.1 s per direction instead of ~1 s for 860k tuple items.
    out: dict[str, str] = {}
    for line in _read_gz(name):
        head, _, rest = line.partition("\t")
        out[head] = rest
    return MappingProxyType(out)


@cache
def _neighbours(name: str, word: str) -> frozenset[str]:
    raw = _raw_graph(name).get(word)
    return frozenset(raw.split("|")) if raw else frozenset()


@cache
def _lemma_pos() -> Mapping[str, str]:
    out: dict[str, str] = {}
    for line in _read_gz("wordnet-lemmas.tsv.gz"):
        w, _, pos = line.partition("\t")
        out[w] = pos
    return MappingProxyType(out)


@cache
def _exceptions() -> Mapping[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for line in _read_gz("wordnet-exc.tsv.gz"):
        form, lemma, pos = line.split("\t")
        out.setdefault(form, []).append((lemma, pos))
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def forward_synonyms(word: str) -> frozenset[str]:
    """Synonyms listed under ``word`` (head -> synonym direction)."""
    return _neighbours("synonyms.tsv.gz", word.lower())


def inverse_synonyms(word: str) -> frozenset[str]:
    """Heads that list ``word`` as a synonym: the candidate originals of an observed word."""
    return _neighbours("synonyms-inverse.tsv.gz", word.lower())


@cache
def synonyms(word: str) -> frozenset[str]:
    """Neighbours of ``word`` in the synonym graph, both directions."""
    return forward_synonyms(word) | inverse_synonyms(word)


def is_lemma(word: str, pos: str | None = None) -> bool:
    """Whether ``word`` is a single-word WordNet lemma (of part of speech ``pos`` in 'nvar')."""
    p = _lemma_pos().get(word.lower())
    return p is not None and (pos is None or pos in p)


def _exc_form(word: str, lemma: str, pos: str) -> tuple[str, ...]:
    if pos == "n":
        return (_inf.PLURAL,)
    if pos == "v":
        if word.endswith("ing"):
            return (_inf.GERUND,)
        if word.endswith("s") and not word.endswith("ss"):
            return (_inf.THIRD,)
        return (_inf.PAST, _inf.PARTICIPLE)
    if pos in ("a", "r"):
        return (_inf.SUPERLATIVE,) if word.endswith("st") else (_inf.COMPARATIVE,)
    return (_inf.BASE,)


@cache
def analyse(word: str) -> tuple[tuple[str, str], ...]:
    """Validated ``(lemma, form)`` readings of ``word``; see the module docstring for the order."""
    w = word.lower()
    lex = _lemma_pos()
    inflected: list[tuple[str, str]] = []
    for lemma, pos in _exceptions().get(w, ()):
        for form in _exc_form(w, lemma, pos):
            if (lemma, form) not in inflected:
                inflected.append((lemma, form))
    for lemma, form in _inf.guess_forms(w):
        if form == _inf.BASE or (lemma, form) in inflected:
            continue
        pos = _POS_FOR_FORM[form]
        if pos in lex.get(lemma, ""):
            inflected.append((lemma, form))
    base = [(w, _inf.BASE)] if w in lex or not inflected else []
    return tuple(base + inflected)


@cache
def lemmas(word: str) -> tuple[str, ...]:
    """Base forms of ``word`` (itself first when it is a lemma); ``(word,)`` if unknown."""
    return tuple(dict.fromkeys(lemma for lemma, _ in analyse(word)))


def inflect(lemma: str, like: str) -> str:
    """``lemma`` in the inflection and capitalisation of ``like`` (its first reading).

    >>> inflect("company", like="Agencies"), inflect("say", like="mentioned")
    ('Companies', 'said')
    """
    form = _inflection_of(like)
    out = _inf.apply_form(lemma, form)
    # A lowercase lemma takes the observed capitalisation; a cased one (a name) keeps its own.
    return _inf.match_case(out, like) if lemma.islower() else out


@cache
def _inflection_of(word: str) -> str:
    """The form to copy from ``word``: an inflectional reading wins over the word being a lemma itself
    ("advised", "running", "larger" are WordNet lemmas too), except that a noun lemma keeps its base
    over a plural reading ("data" is not re-read as the plural of "datum", "news" stays "news")."""
    noun_lemma = is_lemma(word, "n")
    for _lemma, form in analyse(word):
        if form != _inf.BASE and not (form == _inf.PLURAL and noun_lemma):
            return form
    return _inf.BASE


@cache
def spinner_forward() -> Mapping[str, tuple[str, ...]]:
    """Original (lowercase) -> spun forms, from the packaged ``spinner-news`` table."""
    out: dict[str, list[str]] = {}
    for e in load_table("spinner-news").entries:
        out.setdefault(e.original.lower(), [])
        if e.spun not in out[e.original.lower()]:
            out[e.original.lower()].append(e.spun)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def table_candidates(observed: str, table_name: str = "spinner-news") -> tuple[PhraseEntry, ...]:
    """Table entries for ``observed``: direct hits, else lemma hits with the original re-inflected."""
    index = load_table(table_name).by_spun
    direct = _filter_case(index.get(observed.lower(), ()), observed)
    if direct:
        return direct
    for suffix in ("'s", "’s", "s'", "s’"):
        # possessives: "corporate's" -> "company's" via "corporate" -> "company"
        if observed.endswith(suffix) and len(observed) > len(suffix) + 1:
            base = observed[: -len(suffix)] + ("s" if suffix.startswith("s") else "")
            return tuple(PhraseEntry(observed, _possessive(e.original, suffix), e.weight,
                                     e.source + " (possessive)", e.flags)
                         for e in table_candidates(base, table_name))
    if " " in observed.strip():
        return direct
    out: list[PhraseEntry] = []
    for lemma, form in analyse(observed):
        if form == _inf.BASE:
            continue
        for e in _filter_case(index.get(lemma, ()), lemma):
            orig = _inf.apply_form(e.original, form)
            out.append(PhraseEntry(observed, orig, e.weight, e.source + " (via lemma)", e.flags))
    return tuple(out)


def _possessive(original: str, suffix: str) -> str:
    if suffix.startswith("s"):  # plural possessive: the original is a plural too
        return original + suffix[1:] if original.endswith("s") else original + suffix[1] + "s"
    return original + suffix


def _filter_case(entries: tuple[PhraseEntry, ...], observed: str) -> tuple[PhraseEntry, ...]:
    return tuple(e for e in entries if not e.case_sensitive or e.spun == observed)
