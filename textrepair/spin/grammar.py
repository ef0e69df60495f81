"""Grammar cues for a restored word's form: the slot the words before it call for, and the tense a paragraph is written in."""

from __future__ import annotations

from collections.abc import Sequence

from ..lexical import inflect

# A lemmatising thesaurus spinner writes base forms ("the panel recommend that"), so the table-free
# restorer must choose the original's inflection itself ("recommended", "recommends"): on the
# Brown dev half (wn-base-30) the most common misranking is a wrong form of the right lemma. The
# 3-gram window sees "panel recommends that" and "panel recommended that" about equally; the cues
# below see further: an auxiliary two words back, a determiner's number, the paragraph's tense.

#: Cue classes of the words before a slot (lowercase token spellings).
HAVE = frozenset("have has had having 've i've you've we've they've who've could've would've "
                 "should've might've must've hasn't haven't hadn't".split())
BE = frozenset("be been being is are was were am get gets got getting isn't aren't wasn't weren't "
               "it's he's she's that's there's who's what's they're we're you're i'm".split())
MODAL = frozenset("will would can could may might must shall should do does did don't doesn't "
                  "didn't won't wouldn't can't cannot couldn't shouldn't let".split())
THIRD_SUBJECT = frozenset("he she".split())
OTHER_SUBJECT = frozenset("i we they".split())
SINGULAR = frozenset("a an this each every another".split())
PLURAL = frozenset("these those many several few various numerous both two three four five six "
                   "seven eight nine ten".split())
#: Adverbs that may stand between the cue and the slot ("has also recommended"); any other word
#: of five or more letters ending in "-ly" counts too.
_ADVERBS = frozenset("also not never already just recently previously since ever still yet now then "
                     "first once only even all both long often widely".split())
_MAX_ADVERBS = 2

#: What each cue allows (+1) and rules out (-1) among the forms a candidate may be in (inflect's
#: form names). A form in neither set is not judged (0): a base form after "has" may be a noun
#: ("has plans"), a plural after "to" a prepositional object.
_FIT: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "have": (frozenset({inflect.PARTICIPLE}), frozenset({inflect.THIRD, inflect.GERUND})),
    "be": (frozenset({inflect.PARTICIPLE, inflect.GERUND}), frozenset({inflect.THIRD})),
    "to": (frozenset({inflect.BASE}), frozenset({inflect.PAST, inflect.THIRD})),
    "modal": (frozenset({inflect.BASE}), frozenset({inflect.PAST, inflect.PARTICIPLE, inflect.THIRD,
                                                    inflect.GERUND, inflect.PLURAL})),
    "he": (frozenset({inflect.THIRD, inflect.PAST}), frozenset({inflect.BASE, inflect.GERUND})),
    "they": (frozenset({inflect.BASE, inflect.PAST}), frozenset({inflect.THIRD, inflect.GERUND})),
    "a": (frozenset({inflect.BASE}), frozenset({inflect.PLURAL, inflect.THIRD, inflect.PAST})),
    "these": (frozenset({inflect.PLURAL}), frozenset({inflect.THIRD, inflect.PAST})),
}


def cue(words: Sequence[str], starts: Sequence[bool], i: int) -> str | None:
    """The cue class (a key of the fit table) of the words before position ``i`` of a sentence,
    skipping up to two adverbs; None when they say nothing."""
    k = i - 1
    skipped = 0
    while k >= 0 and not starts[k + 1]:
        w = words[k]
        if w in HAVE:
            return "have"
        if w in BE:
            return "be"
        if w == "to":
            return "to"
        if w in MODAL:
            return "modal"
        if skipped == 0 and w in THIRD_SUBJECT:
            return "he"
        if skipped == 0 and w in OTHER_SUBJECT:
            return "they"
        if skipped == 0 and w in SINGULAR:
            return "a"
        if skipped == 0 and w in PLURAL:
            return "these"
        if skipped >= _MAX_ADVERBS or not (w in _ADVERBS or (len(w) > 4 and w.endswith("ly"))):
            return None
        skipped += 1
        k -= 1
    return None


def slot_fit(cue_class: str | None, forms: frozenset[str]) -> float:
    """+1 when a candidate's forms include one its slot calls for, -1 when every form it may be
    in is ruled out there, 0 when the cue does not judge them."""
    if cue_class is None or not forms:
        return 0.0
    good, bad = _FIT[cue_class]
    if not forms.isdisjoint(good):
        return 1.0
    return -1.0 if forms <= bad else 0.0


#: Auxiliaries and reporting verbs that show a paragraph's tense unambiguously.
_PAST = frozenset("was were had did said told wasn't weren't hadn't didn't".split())
_PRESENT = frozenset("is are has does says tells am isn't aren't hasn't doesn't".split())


def tense_lean(words: Sequence[str]) -> float:
    """How far a paragraph leans to the past tense, in [-0.5, 0.5]: the share of past among its
    tense-marking auxiliaries ("was", "had", "said" against "is", "has", "says"), smoothed, minus
    one half. News is mostly written in the past."""
    past = sum(1 for w in words if w in _PAST)
    present = sum(1 for w in words if w in _PRESENT)
    return (past + 1) / (past + present + 2) - 0.5


def tense_fit(forms: frozenset[str], lean: float) -> float:
    """A candidate's agreement with its paragraph's tense: ``lean`` for a simple-past form, minus
    ``lean`` for a present third-person form, 0 for the others."""
    past = inflect.PAST in forms
    third = inflect.THIRD in forms
    if past and not third:
        return lean
    if third and not past:
        return -lean
    return 0.0
