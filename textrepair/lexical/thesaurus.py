"""The inverse thesaurus and its channel model: which originals a thesaurus spinner could have turned into a spun form, and how likely.

A WordNet-style spinner replaces a word ``o`` by a form drawn (about uniformly) from the distinct
lemma names of all of ``o``'s synsets, often in base form ("scored" -> "score", "won" -> "win").
The packaged ``thesaurus-inverse.tsv.gz`` (built by ``data/build_thesaurus.py`` from WordNet 3.0
and Moby; licences in ``data/LICENSES``) maps every spun form, however odd ("chapeau",
"penalisation", "rack up"), to the ordinary originals that list it, with each original's fan-out
(how many forms a spinner could write for it). From these:

- :func:`originals` -- (original lemma, sources, parts of speech) a spun form could come from,
  the form's own lemma included (a lemmatising spinner writes "score" for "scored");
- :func:`channel_logprob` -- log10 P(spun form | original, spun): a mixture of a uniform WordNet
  spinner (1 / WordNet fan-out) and a uniform Moby spinner (1 / Moby fan-out);
- :func:`candidates` -- the re-inflected original words for an observed word or phrase, each
  with its channel log-probability, best first.

Everything loads lazily on first use (~0.3 s) and is cached for the process.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from . import inflect as _inf
from . import lexicon, lm, spelling

TABLE = "thesaurus-inverse.tsv.gz"
FORMAT = "textrepair-thesaurus"
VERSION = 2

#: Source bits of a link: listed by WordNet synsets, by Moby, or both.
WORDNET, MOBY = 1, 2
_SUFFIX_BITS = {"": WORDNET, "+": WORDNET | MOBY, "~": MOBY}

#: Mixture weights of the two spinner models in the channel (a spun text is assumed to come from
#: a WordNet-style or a Moby-style spinner; WordNet-based augmenters are the common open-source
#: kind). Measured on the dev half of benchmarks/bench_spin_heldout.py (fit_thesaurus.py).
W_WORDNET = 0.7
W_MOBY = 0.3

#: Word forms an original may be restored in, by WordNet part of speech.
_FORMS_BY_POS = {
    "n": (_inf.PLURAL,),
    "v": (_inf.THIRD, _inf.PAST, _inf.PARTICIPLE, _inf.GERUND),
    "a": (_inf.COMPARATIVE, _inf.SUPERLATIVE),
    "r": (),
}
_POS_OF_FORM = {f: p for p, forms in _FORMS_BY_POS.items() for f in forms}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An original wording for an observed form: the words, its lemma, and log10 P(observed | it, spun)."""

    text: str
    lemma: str
    channel: float
    sources: int


@cache
def _load() -> tuple[Mapping[str, str], Mapping[str, str]]:
    # One split per line, no per-line branching beyond the section marker: ~130k lines load in
    # a fraction of a second. Fan-out numbers are parsed on use (fanout()).
    body = lexicon.versioned_lines(TABLE, FORMAT, VERSION)
    fan_lines = [ln[1:].split("\t", 1) for ln in body if ln[0] == "@"]
    inverse = dict(ln.split("\t", 1) for ln in body if ln[0] != "@")
    fanout = {o: rest for o, rest in fan_lines}
    return MappingProxyType(inverse), MappingProxyType(fanout)


@lru_cache(maxsize=1 << 16)
def fanout(original: str) -> tuple[int, int]:
    """(WordNet, Moby) fan-out of an original lemma: how many distinct forms each could write."""
    raw = _load()[1].get(original.lower())
    if raw is None:
        return (0, 0)
    nw, _, nm = raw.partition("\t")
    return int(nw), int(nm)


@lru_cache(maxsize=1 << 15)
def originals(spun: str) -> tuple[tuple[str, int, str], ...]:
    """(original lemma, source bits, parts of speech) that list ``spun`` (lowercase) among their
    synonyms; a spun form that is itself an ordinary WordNet lemma lists itself (its inflections
    are candidates). The parts of speech ("n", "v", "a", "r" letters) are those of the WordNet
    synsets the two share when they are fewer than the original's own, else "" (no restriction)."""
    raw = _load()[0].get(spun)
    out: dict[str, tuple[int, str]] = {}
    if raw:
        for item in raw.split("|"):
            suf = item[-1] if item[-1] in "+~" else ""
            o, _, pos = item[: len(item) - len(suf)].partition(":")
            out[o] = (_SUFFIX_BITS[suf], pos)
    if spun not in out and spun in _load()[1]:  # an ordinary lemma: its own inflections (last)
        out[spun] = (WORDNET, "")
    return tuple((o, bits, pos) for o, (bits, pos) in out.items())


@lru_cache(maxsize=1 << 16)
def listed(word: str) -> bool:
    """Whether ``word`` (lowercase) or one of its lemmas has originals (a cheap test, no candidates)."""
    inverse, fan = _load()
    if word in inverse or word in fan:
        return True
    return any(lem in inverse or lem in fan for lem in lexicon.lemmas(word))


@lru_cache(maxsize=1 << 16)
def channel_logprob(original: str, sources: int, inflected: bool = False) -> float:
    """log10 P(a given spun form | original, the word was spun), for a link of ``sources``.

    An inflected original word ("scored") has one more WordNet form to be spun into than its
    lemma has synonyms: the lemma itself ("score")."""
    nw, nm = fanout(original)
    nw += inflected
    p = 0.0
    if sources & WORDNET and nw:
        p += W_WORDNET / nw
    if sources & MOBY and nm:
        p += W_MOBY / nm
    return math.log10(p) if p > 0 else -9.0


_PARTICLES = frozenset("up down out off in on over away back about around through along by".split())


@lru_cache(maxsize=1 << 16)
def _forms(lemma: str) -> tuple[str, ...]:
    words = lemma.split(" ")
    lex = lexicon._lemma_pos()
    if len(words) == 1:
        pos = lex.get(lemma, "")
    elif len(words) == 2 and "v" in lex.get(words[0], "") and words[1] in _PARTICLES:
        pos = "v"  # a phrasal verb inflects its verb ("rack up" -> "racked up")
    elif not any(w in _PARTICLES or w in ("of", "and", "the", "a") for w in words):
        pos = "n" if "n" in lex.get(words[-1], "") else ""  # a compound noun its last word
    else:
        pos = ""
    out = [_inf.BASE]
    for p in pos:
        out.extend(f for f in _FORMS_BY_POS.get(p, ()) if f not in out)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _known(phrase: str) -> bool:
    return all(lm.known(w) for w in phrase.split(" "))


@lru_cache(maxsize=1 << 17)
def _inflected(original: str, form: str) -> str | None:
    """``original`` put into ``form``, or None when it has no such form or the language model
    does not know every word of it (cached: the same originals serve many spun forms)."""
    try:
        text = _inf.apply_form(original, form)
    except ValueError:
        return None
    return text if _known(text) else None


@lru_cache(maxsize=1 << 16)
def _pos_texts(original: str, pos: str) -> frozenset[str]:
    """The written forms of ``original`` in the parts of speech ``pos`` (its base form always)."""
    return frozenset(t for f in _forms(original) if f == _inf.BASE or _POS_OF_FORM.get(f, "") in pos
                     for t in (_inflected(original, f),) if t is not None)


@lru_cache(maxsize=1 << 16)
def _lemma_rank(o: str, bits: int) -> float:
    return channel_logprob(o, bits) + 0.5 * sum(lm.unigram_logprob(w) for w in o.split(" "))


def candidates(observed: str, max_lemmas: int = 0) -> tuple[Candidate, ...]:
    """Original wordings for ``observed`` (a lowercase word or phrase as written), best channel
    first, without ``observed`` itself; with ``max_lemmas``, only the forms of that many
    original lemmas per reading (the likeliest by channel + half their unigram log-probability).

    A base-form observed word may come from any inflection of an original (spinners that
    lemmatise lose the form); an inflected one ("exhibited") from the same inflection of an
    original of its lemma. Every candidate is a phrase the language model knows.

    Not cached: :func:`textrepair.spin.substitution.shortlist`, its caller in the package, caches
    the few it keeps (a cache here held ~100,000 candidates for a folder of spun news, which the
    garbage collector then walked at every full collection)."""
    readings: list[tuple[str, str]] = [(observed, _inf.BASE)]
    if " " not in observed:
        readings += [r for r in lexicon.analyse(observed) if r[1] != _inf.BASE]
    out: dict[str, Candidate] = {}
    for lemma, form in readings:
        origs = originals(lemma)
        if max_lemmas and len(origs) > max_lemmas:
            # The table lists originals likeliest first (channel + half the unigram, at build
            # time); the form's own lemma, appended by originals(), competes on the same rank.
            head = list(origs[:max_lemmas])
            own = origs[-1]
            if (own[0] == lemma and own not in head
                    and _lemma_rank(own[0], own[1]) > _lemma_rank(head[-1][0], head[-1][1])):
                head[-1] = own
            origs = tuple(head)
        for o, link_bits, pos in origs:
            for text, ch, bits in _original_forms(o, link_bits, form, pos):
                # another spelling of the same word ("meters" for "metres") is no original
                if text == observed or spelling.same_word(text, observed):
                    continue
                prev = out.get(text)
                if prev is None or prev.channel < ch:
                    out[text] = Candidate(text, o, ch, bits)
    return tuple(sorted(out.values(), key=lambda c: (-c.channel, c.text)))


@lru_cache(maxsize=1 << 16)
def _original_forms(original: str, sources: int, form: str,
                    pos: str = "") -> tuple[tuple[str, float, int], ...]:
    """(text, channel log-probability, link bits) of ``original`` (a link of ``sources``, in the
    parts of speech ``pos`` it shares with the spun form, "" for all) in each form a spun form
    read in ``form`` may come from: every form of :func:`_forms` for a base form, else ``form``
    itself; only those :func:`_inflected` gives (in that order). :func:`candidates`' inner loop,
    cached per original: the same originals serve many spun forms, and one look-up here stands
    for three per form (a cold `textrepair clean` of spun news builds a candidate list for every
    new word type it screens).

    A base-form spun word comes from a WordNet spinner's synonyms of the original *word*, in the
    parts of speech the two share: "spirit" (a noun of "feel") is never written for "felt", a
    verb form. Such a form keeps only its Moby link, or is no candidate. (Inflected spun words
    are re-inflected by suffix, whatever the part of speech.)"""
    base = form == _inf.BASE
    forms = _forms(original) if base else (form,)
    allowed = _pos_texts(original, pos) if pos and base else None
    out = []
    for f in forms:
        text = _inflected(original, f)
        if text is None:
            continue
        bits = sources
        if allowed is not None and text not in allowed:
            bits &= MOBY
            if not bits:
                continue
        out.append((text, channel_logprob(original, bits, f != _inf.BASE), bits))
    return tuple(out)
