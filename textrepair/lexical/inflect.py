"""English inflection by rule: plurals, verb forms, comparatives, and recognising which form a word is.

Pure functions over single words, with small built-in irregular lists (written for this project;
the WordNet exception lists, loaded by :mod:`textrepair.lexical.lexicon`, extend the analysis side).
Forms are named by the constants below; ``apply_form(lemma, form)`` re-inflects a lemma and
``guess_forms(word)`` proposes ``(lemma, form)`` readings of an observed word (unvalidated: the
caller filters lemmas against a lexicon).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType

BASE, PLURAL, THIRD, PAST, PARTICIPLE, GERUND, COMPARATIVE, SUPERLATIVE = (
    "base", "plural", "3sg", "past", "pp", "ing", "er", "est")
FORMS = (BASE, PLURAL, THIRD, PAST, PARTICIPLE, GERUND, COMPARATIVE, SUPERLATIVE)

_VOWELS = frozenset("aeiou")

# Irregular verbs: base -> (past, past participle). Hand-written list of the common ones.
_IRREGULAR_VERBS_TEXT = """
arise arose arisen|awake awoke awoken|be was been|bear bore borne|beat beat beaten|become became become
begin began begun|bend bent bent|bet bet bet|bid bid bid|bind bound bound|bite bit bitten|blow blew blown
break broke broken|bring brought brought|broadcast broadcast broadcast|build built built|burst burst burst
buy bought bought|cast cast cast|catch caught caught|choose chose chosen|cling clung clung|come came come
cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|dig dug dug|do did done|draw drew drawn
drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt
fight fought fought|find found found|flee fled fled|fly flew flown|forbid forbade forbidden
forecast forecast forecast|foresee foresaw foreseen|forget forgot forgotten|forgive forgave forgiven
freeze froze frozen|get got gotten|give gave given|go went gone|grind ground ground|grow grew grown
hang hung hung|have had had|hear heard heard|hide hid hidden|hit hit hit|hold held held|hurt hurt hurt
keep kept kept|know knew known|lay laid laid|lead led led|leave left left|lend lent lent|let let let
lie lay lain|light lit lit|lose lost lost|make made made|mean meant meant|meet met met|mislead misled misled
overcome overcame overcome|oversee oversaw overseen|overtake overtook overtaken|pay paid paid|put put put
quit quit quit|read read read|ride rode ridden|ring rang rung|rise rose risen|run ran run|say said said
see saw seen|seek sought sought|sell sold sold|send sent sent|set set set|shake shook shaken|shed shed shed
shine shone shone|shoot shot shot|show showed shown|shrink shrank shrunk|shut shut shut|sing sang sung
sink sank sunk|sit sat sat|sleep slept slept|slide slid slid|speak spoke spoken|spend spent spent
spin spun spun|split split split|spread spread spread|stand stood stood|steal stole stolen|stick stuck stuck
sting stung stung|strike struck struck|swear swore sworn|sweep swept swept|swim swam swum|swing swung swung
take took taken|teach taught taught|tear tore torn|tell told told|think thought thought|throw threw thrown
undergo underwent undergone|understand understood understood|undertake undertook undertaken
uphold upheld upheld|upset upset upset|wake woke woken|wear wore worn|weep wept wept|win won won
withdraw withdrew withdrawn|withhold withheld withheld|write wrote written|prove proved proven
"""

_IRREGULAR_NOUNS_TEXT = """
child children|man men|woman women|person people|mouse mice|foot feet|tooth teeth|goose geese
analysis analyses|crisis crises|thesis theses|basis bases|diagnosis diagnoses|hypothesis hypotheses
criterion criteria|phenomenon phenomena|medium media|datum data|life lives|wife wives|knife knives
leaf leaves|half halves|shelf shelves|thief thieves|wolf wolves|self selves|calf calves|loaf loaves
policeman policemen|spokesman spokesmen|chairman chairmen|businessman businessmen|fisherman fishermen
ox oxen|sheep sheep|fish fish|deer deer|series series|species species|aircraft aircraft
"""

_IRREGULAR_ADJ_TEXT = """
good better best|well better best|bad worse worst|far further furthest|little less least|many more most
much more most|old older oldest
"""

# Two-syllable verbs with final stress double their last consonant (prefer -> preferred).
_DOUBLING = frozenset(
    "admit commit compel control omit occur patrol permit prefer propel rebel refer regret submit "
    "transfer equip extol expel dispel repel acquit abet forget begin upset outfit".split())


def _pairs(text: str) -> list[list[str]]:
    return [chunk.split() for chunk in text.replace("\n", "|").split("|") if chunk.strip()]


@cache
def _irregular_verbs() -> dict[str, tuple[str, str]]:
    return {p[0]: (p[1], p[2]) for p in _pairs(_IRREGULAR_VERBS_TEXT)}


@cache
def _irregular_nouns() -> dict[str, str]:
    return {p[0]: p[1] for p in _pairs(_IRREGULAR_NOUNS_TEXT)}


@cache
def _irregular_adjs() -> dict[str, tuple[str, str]]:
    return {p[0]: (p[1], p[2]) for p in _pairs(_IRREGULAR_ADJ_TEXT)}


@cache
def _reverse_irregulars() -> dict[str, tuple[tuple[str, str], ...]]:
    """Inflected irregular form -> ((lemma, form), ...)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for base, (past, pp) in _irregular_verbs().items():
        out.setdefault(past, []).append((base, PAST))
        out.setdefault(pp, []).append((base, PARTICIPLE))
    for base, plural in _irregular_nouns().items():
        if plural != base:
            out.setdefault(plural, []).append((base, PLURAL))
    for base, (er, est) in _irregular_adjs().items():
        out.setdefault(er, []).append((base, COMPARATIVE))
        out.setdefault(est, []).append((base, SUPERLATIVE))
    return {k: tuple(v) for k, v in out.items()}


#: Past forms kept out of :func:`participle_of_past`, where the past form also serves after
#: "have"/"be": "has got" (possession), "has proved" (both participles are standard), "was
#: broke" (the adjective).
_PAST_KEPT = frozenset({"got", "proved", "broke"})


@cache
def _tense_counterparts() -> tuple[dict[str, str], dict[str, str]]:
    """(past-only form -> participle, participle-only form -> past) of the irregular verbs whose
    two forms differ ("saw" <-> "seen"). A form that is also some verb's base ("become", "run",
    "lay") or the other form of another verb is left out: it does not show the tense."""
    verbs = _irregular_verbs()
    pasts = {past for past, _ in verbs.values()}
    pps = {pp for _, pp in verbs.values()}
    to_pp: dict[str, str] = {}
    to_past: dict[str, str] = {}
    clash: set[str] = set()
    for base, (past, pp) in verbs.items():
        if past == pp or base == "be":
            continue
        if past not in verbs and past not in pps and past not in _PAST_KEPT:
            if to_pp.setdefault(past, pp) != pp:
                clash.add(past)
        if pp not in verbs and pp not in pasts:
            if to_past.setdefault(pp, past) != past:
                clash.add(pp)
    for w in clash:
        to_pp.pop(w, None)
        to_past.pop(w, None)
    return to_pp, to_past


def tense_forms() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """Lowercase (past-only form -> participle, participle-only form -> past) maps, read-only:
    the forms :func:`participle_of_past` and :func:`past_of_participle` know."""
    to_pp, to_past = _tense_counterparts()
    return MappingProxyType(to_pp), MappingProxyType(to_past)


def participle_of_past(word: str) -> str | None:
    """The participle of a form that can only be a simple past (``saw`` -> ``seen``, ``began`` ->
    ``begun``, ``took`` -> ``taken``), in ``word``'s capitalisation; None for any other word
    (regular ``noticed`` serves as both). ``became`` -> ``become``, though ``become`` has no
    past here: being a base too, it does not show its tense."""
    pp = _tense_counterparts()[0].get(word.lower())
    return None if pp is None else match_case(pp, word)


def past_of_participle(word: str) -> str | None:
    """The simple past of a form that can only be a participle (``seen`` -> ``saw``, ``gone`` ->
    ``went``), in ``word``'s capitalisation; None for any other word."""
    past = _tense_counterparts()[1].get(word.lower())
    return None if past is None else match_case(past, word)


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant (not w/x/y): the doubling pattern of one-syllable words."""
    if len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxy"


def _syllables(word: str) -> int:
    groups, prev = 0, False
    for ch in word:
        v = ch in _VOWELS or ch == "y"
        if v and not prev:
            groups += 1
        prev = v
    if word.endswith("e") and groups > 1 and not word.endswith(("le", "ee")):
        groups -= 1
    return max(1, groups)


def _doubles(word: str) -> bool:
    return word in _DOUBLING or (_cvc(word) and _syllables(word) == 1)


def _sibilant(word: str) -> bool:
    return word.endswith(("s", "x", "z", "ch", "sh"))


def _add_s(word: str) -> str:
    """The regular -s ending, shared by plurals and third persons (``agency`` -> ``agencies``,
    ``watch`` -> ``watches``, ``report`` -> ``reports``)."""
    low = word.lower()
    if low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if _sibilant(low):
        return word + "es"
    return word + "s"


def plural(noun: str) -> str:
    """Plural of a noun (``agency`` -> ``agencies``, ``child`` -> ``children``)."""
    irr = _irregular_nouns().get(noun.lower())
    if irr is not None:
        return match_case(irr, noun)
    return _add_s(noun)


def third_person(verb: str) -> str:
    """Third person singular present (``watch`` -> ``watches``)."""
    low = verb.lower()
    if low == "be":
        return match_case("is", verb)
    if low == "have":
        return match_case("has", verb)
    if low in ("do", "go"):
        return verb + "es"
    return _add_s(verb)


def past(verb: str) -> str:
    """Simple past (``stop`` -> ``stopped``, ``say`` -> ``said``)."""
    irr = _irregular_verbs().get(verb.lower())
    if irr is not None:
        return match_case(irr[0], verb)
    return _ed(verb)


def participle(verb: str) -> str:
    """Past participle (``show`` -> ``shown``, ``use`` -> ``used``)."""
    irr = _irregular_verbs().get(verb.lower())
    if irr is not None:
        return match_case(irr[1], verb)
    return _ed(verb)


def _ed(verb: str) -> str:
    low = verb.lower()
    if low.endswith("e"):
        return verb + "d"
    if low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        return verb[:-1] + "ied"
    if _doubles(low):
        return verb + verb[-1] + "ed"
    return verb + "ed"


def gerund(verb: str) -> str:
    """Present participle (``make`` -> ``making``, ``run`` -> ``running``, ``die`` -> ``dying``)."""
    low = verb.lower()
    if low.endswith("ie"):
        return verb[:-2] + "ying"
    if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) and low not in ("be",):
        return verb[:-1] + "ing"
    if _doubles(low):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def comparative(adj: str) -> str:
    irr = _irregular_adjs().get(adj.lower())
    if irr is not None:
        return match_case(irr[0], adj)
    return _er(adj, "er")


def superlative(adj: str) -> str:
    irr = _irregular_adjs().get(adj.lower())
    if irr is not None:
        return match_case(irr[1], adj)
    return _er(adj, "est")


def _er(adj: str, suffix: str) -> str:
    low = adj.lower()
    if low.endswith("e"):
        return adj + suffix[1:]
    if low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        return adj[:-1] + "i" + suffix
    if _cvc(low) and _syllables(low) == 1:
        return adj + adj[-1] + suffix
    return adj + suffix


_APPLY = {
    BASE: lambda w: w, PLURAL: plural, THIRD: third_person, PAST: past, PARTICIPLE: participle,
    GERUND: gerund, COMPARATIVE: comparative, SUPERLATIVE: superlative,
}


def apply_form(lemma: str, form: str) -> str:
    """``lemma`` put into ``form`` (one of :data:`FORMS`); multiword lemmas inflect their head.

    The head of a multiword lemma is its last word for plurals and comparatives
    (``law enforcement agency``) and its first word for verb forms (``focus on`` -> ``focused on``).
    """
    if form not in _APPLY:
        msg = f"unknown form {form!r}; expected one of {', '.join(FORMS)}"
        raise ValueError(msg)
    words = lemma.split(" ")
    if len(words) == 1:
        return _APPLY[form](lemma)
    if form in (PLURAL, COMPARATIVE, SUPERLATIVE, BASE):
        return " ".join([*words[:-1], _APPLY[form](words[-1])])
    return " ".join([_APPLY[form](words[0]), *words[1:]])


def irregular_readings(word: str) -> tuple[tuple[str, str], ...]:
    """``(lemma, form)`` readings of ``word`` from the irregular lists alone (``took`` ->
    ``(("take", "past"),)``); empty for a regular or unknown word."""
    return _reverse_irregulars().get(word.lower(), ())


@lru_cache(maxsize=1 << 15)
def guess_forms(word: str) -> tuple[tuple[str, str], ...]:
    """Candidate ``(lemma, form)`` readings of ``word`` by suffix rules and irregular lists.

    Always includes ``(word, "base")``. Lemmas are not validated: ``lexicon.lemmas`` filters them
    against the WordNet lemma list. (Cached: the restorer asks for every word of every text.)
    """
    low = word.lower()
    out: list[tuple[str, str]] = [(low, BASE)]
    out.extend(irregular_readings(low))

    def add(lemma: str, *forms: str) -> None:
        if len(lemma) >= 2:
            for f in forms:
                if (lemma, f) not in out:
                    out.append((lemma, f))

    if low.endswith("ies") and len(low) > 4:
        add(low[:-3] + "y", PLURAL, THIRD)
    if low.endswith("es") and len(low) > 3:
        add(low[:-2], PLURAL, THIRD)
    if low.endswith("s") and not low.endswith("ss") and len(low) > 2:
        add(low[:-1], PLURAL, THIRD)
    if low.endswith("ied") and len(low) > 4:
        add(low[:-3] + "y", PAST, PARTICIPLE)
    if low.endswith("ed") and len(low) > 3:
        stem = low[:-2]
        add(stem, PAST, PARTICIPLE)
        add(stem + "e", PAST, PARTICIPLE)
        if len(stem) > 2 and stem[-1] == stem[-2]:
            add(stem[:-1], PAST, PARTICIPLE)
    if low.endswith("ing") and len(low) > 4:
        stem = low[:-3]
        add(stem, GERUND)
        add(stem + "e", GERUND)
        if stem.endswith("y"):
            add(stem[:-1] + "ie", GERUND)
        if len(stem) > 2 and stem[-1] == stem[-2]:
            add(stem[:-1], GERUND)
    for suffix, form in (("est", SUPERLATIVE), ("er", COMPARATIVE)):
        if low.endswith("i" + suffix) and len(low) > len(suffix) + 2:
            add(low[: -len(suffix) - 1] + "y", form)
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            add(stem, form)
            add(stem + "e", form)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                add(stem[:-1], form)
    return tuple(out)


def match_case(word: str, like: str) -> str:
    """``word`` in the case pattern of ``like``: UPPER (``like`` has two or more letters, all
    capitals), Title Case (every word of a multiword ``like`` capitalised), Capitalised, or as
    written. A ``word`` with capitals of its own (a name: "BuzzFeed News") keeps them, unless
    ``like`` is all capitals. The package's one case matcher: inflection ("Agencies" ->
    "Companies") and restoration ("In line with" -> "According to") both use it.

    >>> match_case("according to", "In line with"), match_case("technology", "KNOW-HOW")
    ('According to', 'TECHNOLOGY')
    >>> match_case("Facebook", "fb"), match_case("law enforcement", "Regulation Enforcement")
    ('Facebook', 'Law Enforcement')
    """
    letters = [c for c in like if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if word[:1].isupper() or any(c.isupper() for c in word[1:]):
        return word  # the table wrote a name's own capitals
    words = like.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):  # Title Case Of A Headline
        return " ".join(w[:1].upper() + w[1:] for w in word.split(" "))
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
