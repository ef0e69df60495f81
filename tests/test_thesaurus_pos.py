"""The inverse thesaurus restores an original only in forms of the parts of speech it shares with the spun word.

Cases: tests/cases/thesaurus_pos.json (written for this project; WordNet 3.0 facts).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.lexical import thesaurus

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "thesaurus_pos.json").read_text(encoding="utf-8"))


def _candidates(spun: str) -> dict[str, int]:
    return {c.text: c.sources for c in thesaurus.candidates(spun)}


@pytest.mark.parametrize("case", CASES["base"], ids=lambda c: f"{c['spun']}-{c['original']}")
def test_base_form_spun_word_keeps_the_shared_parts_of_speech(case) -> None:
    links = {o: (bits, pos) for o, bits, pos in thesaurus.originals(case["spun"])}
    assert links[case["original"]] == (thesaurus.WORDNET, case["pos"])
    cands = _candidates(case["spun"])
    for form in case["kept"]:
        assert form in cands, form
    for form in case["dropped"]:
        assert form not in cands, form


@pytest.mark.parametrize("case", CASES["moby"], ids=lambda c: c["spun"])
def test_a_moby_link_keeps_other_forms_with_its_moby_channel_only(case) -> None:
    cands = _candidates(case["spun"])
    for form in case["kept"]:
        assert cands[form] & thesaurus.WORDNET, form
    for form in case["moby_only"]:
        assert cands[form] == thesaurus.MOBY, form


@pytest.mark.parametrize("case", CASES["inflected"], ids=lambda c: c["spun"])
def test_inflected_spun_word_keeps_its_form(case) -> None:
    cands = _candidates(case["spun"])
    for form in case["kept"]:
        assert form in cands, form


def test_restricted_forms_of_a_wordnet_link_are_of_its_parts_of_speech() -> None:
    # Every WordNet-only candidate of a base-form spun word whose link names parts of speech is
    # the original's base form or an inflection of one of those parts of speech.
    checked = 0
    for spun in ("double-decker", "sideboard", "tally", "penalisation", "chapeau", "rack up", "plot"):
        for o, bits, pos in thesaurus.originals(spun):
            if not pos or bits != thesaurus.WORDNET:
                continue
            allowed = thesaurus._pos_texts(o, pos)
            for c in thesaurus.candidates(spun):
                if c.lemma == o and c.sources == thesaurus.WORDNET:
                    assert c.text in allowed, (spun, o, c.text)
                    checked += 1
    assert checked
