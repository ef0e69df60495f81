"""Spelling variants: British and American (and other house) spellings of one word, which are never a substitution.

WordNet and Moby list "metre" beside "meter", "colour" beside "color", "analyse" beside
"analyze", so the inverse thesaurus offers the American spelling as an "original" of the British
one, and the pocketsphinx 3-gram, trained on American text, prefers it by a wide margin. Read as
a substitution, that Americanises a British or Australian article ("metres" -> "meters") and
raises a clean British document's spin score: the fresh clean check set (2026-12-07,
benchmarks/bench_clean_fresh.py) had its two highest clean documents scored by "metres" ->
"meters" and "finishing line" -> "finish line". A spelling is not wording: the table-free model
never proposes one spelling of a word for another (:func:`same_word`).

The rules are the regular British -> American patterns (-our, -re, -ise/-yse, -ll-, -ogue, ae/oe,
four -ence nouns) plus a short list of irregular pairs, written for this project from common
knowledge of the two spellings; each maps a word to one canonical spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Each (pattern, replacement) maps a British spelling onto the American one; applied in order to
# one lowercase word. Length floors keep short function words out ("our", "four", "hour").
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    # colour, honours, favourite, labourer, neighbourhood
    (r"(?<=\w{2})our(s|ed|ing|ite|ites|able|er|ers|hood|hoods|ful|less)?$", r"or\1"),
    # centre, metres, theatre, fibres, centred (a consonant before -re; "more", "fire" untouched)
    (r"(?<=\w[^aeiou\W])re(s)?$", r"er\1"),
    (r"(?<=\w[^aeiou\W])red$", "ered"),
    # organise, realised, organisation, analyse, paralysing
    (r"(?<=\w{2})is(e|es|ed|ing|er|ers|ation|ations)$", r"iz\1"),
    (r"(?<=\w)ys(e|es|ed|ing)$", r"yz\1"),
    # travelled, cancelling, labellers, counsellor
    (r"(?<=\w{2}[aeiou])ll(ed|ing|er|ers|or|ors)$", r"l\1"),
    # catalogue, dialogues
    (r"(?<=\w{3})ogue(s)?$", r"og\1"),
    # paediatric, anaemia, manoeuvre, oestrogen
    (r"(?<=\w)ae(?=\w{2})|^ae(?=\w{4})", "e"),
    (r"(?<=\w)oe(?=\w{3})|^oe(?=\w{4})", "e"),
    # defence, offences, licence, pretence
    (r"^(def|off|lic|pret)ence(s)?$", r"\1ense\2"),
))

#: Irregular pairs (British, American), each spelling of a word on its own.
_PAIRS = {
    "grey": "gray", "greys": "grays", "greyer": "grayer", "greying": "graying",
    "programme": "program", "programmes": "programs", "jewellery": "jewelry",
    "aluminium": "aluminum", "tyre": "tire", "tyres": "tires", "cheque": "check",
    "cheques": "checks", "plough": "plow", "ploughs": "plows", "mould": "mold",
    "moulds": "molds", "sceptic": "skeptic", "sceptical": "skeptical", "storey": "story",
    "storeys": "stories", "draught": "draft", "draughts": "drafts", "pyjamas": "pajamas",
    "whisky": "whiskey", "artefact": "artifact", "artefacts": "artifacts", "enrol": "enroll",
    "enrols": "enrolls", "fulfil": "fulfill", "fulfils": "fulfills", "instil": "instill",
    "skilful": "skillful", "ageing": "aging", "judgement": "judgment",
    "judgements": "judgments", "acknowledgement": "acknowledgment", "kerb": "curb",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "manoeuvred": "maneuvered",
    "metre": "meter", "metres": "meters", "litre": "liter", "litres": "liters",
}


@lru_cache(maxsize=1 << 14)
def canonical(word: str) -> str:
    """One spelling for every regional spelling of a lowercase word ("colour" -> "color")."""
    if word in _PAIRS:
        return _PAIRS[word]
    for pattern, repl in _RULES:
        word = pattern.sub(repl, word)
    return word


def same_word(a: str, b: str) -> bool:
    """Whether two different lowercase words or phrases are spellings of one wording, word by
    word ("finishing metres" / "finishing meters"; not "filled" / "filed")."""
    if a == b:
        return False
    wa, wb = a.split(" "), b.split(" ")
    return len(wa) == len(wb) and all(x == y or canonical(x) == canonical(y) for x, y in zip(wa, wb))
