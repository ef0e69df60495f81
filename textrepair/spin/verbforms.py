"""Verb forms fitted to their context: "has been seen", never "has been saw" (options of a hit re-inflected or dropped)."""

from __future__ import annotations

from collections.abc import Sequence

from ..lexical import inflect
from .hits import Hit, Option, _normalise_weights, make_hit
from .tokens import Token

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
    not that it was kept). Where the past-only row is all the hit has, its first word is put into the
    participle ("started" -> "begun", "took place" -> "taken place"). A simple-past slot ("they
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
        return make_hit(hit.start, hit.end, hit.i, hit.j, hit.found,
                        _rescaled(fitting, sum(o.weight for o in hit.options))) if fitting else None
    opts: dict[str, Option] = {}
    for o in hit.options:
        head, sep, rest = o.replacement.partition(" ")
        rep = inflect.match_case(to_pp[head.lower()], head) + sep + rest
        if rep == hit.found:
            continue
        prev = opts.get(rep)
        opts[rep] = Option(rep, o.weight if prev is None else min(0.99, prev.weight + o.weight),
                           o.source if prev is None else prev.source, o.kind, o.artefact)
    if not opts:
        return None
    return make_hit(hit.start, hit.end, hit.i, hit.j, hit.found, _normalise_weights(opts.values()))


def _rescaled(options: Sequence[Option], total: float) -> tuple[Option, ...]:
    """``options`` with their weights scaled to sum to ``total`` (at most 0.99)."""
    have = sum(o.weight for o in options)
    if have <= 0:
        return tuple(options)
    k = min(0.99, total) / have
    return tuple(Option(o.replacement, o.weight * k, o.source, o.kind, o.artefact) for o in options)
