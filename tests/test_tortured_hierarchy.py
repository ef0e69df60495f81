"""WordNet hierarchy links in the science model: the packaged table, its lazy load, and the reach it adds.

Cases in tests/cases/tortured_hierarchy.json (phrases written for this test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from textrepair.lexical import hierarchy
from textrepair.spin.tortured import FEATURES, WEIGHTS, ScienceModel, learn_substitutions, packaged_terms

CASES = json.loads((Path(__file__).parent / "cases" / "tortured_hierarchy.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["links"], ids=lambda c: f"{c['spun']}->{c['original']}")
def test_packaged_links(case: dict) -> None:
    assert case["relation"] in hierarchy.relations_of(case["spun"])[case["original"]]
    assert case["original"] in hierarchy.originals(case["spun"], case["relation"])
    other = "".join(r for r in hierarchy.RELATIONS if r not in hierarchy.relations_of(case["spun"])[case["original"]])
    assert case["original"] not in hierarchy.originals(case["spun"], other)


@pytest.mark.parametrize("pair", CASES["unrelated"], ids=lambda p: "->".join(p))
def test_unrelated_words_are_not_linked(pair: list[str]) -> None:
    spun, original = pair
    assert original not in hierarchy.originals(spun, "hgod")
    assert hierarchy.originals("no-such-word-here") == ()


def test_unknown_relation_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown hierarchy relation"):
        hierarchy.originals("laptop", "hx")


def test_table_loads_lazily_and_only_when_asked() -> None:
    # The default science model leaves the hierarchy off: scanning a text must not load the table.
    code = """
import sys
from textrepair.lexical import hierarchy
from textrepair.spin import tortured as T
T.find_tortured("In this study, a personal laptop and profound learning are used to analyse the results.")
print(hierarchy._load.cache_info().currsize)
m = T.ScienceModel(T.learn_substitutions([]), {}, hierarchy="h")
m.candidates(("personal", "laptop"))
print(hierarchy._load.cache_info().currsize)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "1"]


def test_feature_has_a_weight() -> None:
    assert len(FEATURES) == len(WEIGHTS) and FEATURES[-1] == "hier"


@pytest.fixture(scope="module")
def models() -> tuple[ScienceModel, ScienceModel]:
    empty = learn_substitutions([])  # no learned pair: only the thesaurus and the hierarchy link words
    terms = packaged_terms()
    return ScienceModel(empty, terms), ScienceModel(empty, terms, hierarchy="hgod")


@pytest.mark.parametrize("case", CASES["reach"], ids=lambda c: c["spun"])
def test_hierarchy_adds_reach(models: tuple[ScienceModel, ScienceModel], case: dict) -> None:
    off, on = models
    spun, want = tuple(case["spun"].split()), tuple(case["original"].split())
    assert all(c.words != want for c in off.candidates(spun))
    got = [c for c in on.candidates(spun) if c.words == want]
    assert got
    assert any(s[2] == "hierarchy" for s in got[0].subs)
    scored = {c.words: f for _p, c, f in on.scored(spun)}
    if want in scored:  # the feature counts the hierarchy substitutions
        assert scored[want][FEATURES.index("hier")] >= 1


def test_hierarchy_options_are_new_words_in_the_observed_inflection(models: tuple[ScienceModel, ScienceModel]) -> None:
    off, on = models
    for word in ("laptops", "stallions", "sparrows"):
        base = [o for _n, o, _lp, _k, _c in off._options([word], 0)]
        hier = [o for _n, o, _lp, kind, _c in on._options([word], 0) if kind == "hierarchy"]
        assert hier and not set(hier) & set(base)
        assert word not in hier and len(hier) == len(set(hier))
        assert all(o.endswith("s") for o in hier)
        # lower prior than any thesaurus link of the word
        thes = [lp for _n, _o, lp, kind, _c in on._options([word], 0) if kind == "thesaurus"]
        hlp = [lp for _n, _o, lp, kind, _c in on._options([word], 0) if kind == "hierarchy"]
        assert not thes or max(hlp) <= max(thes)


def test_hierarchy_inside_listed_terms_only() -> None:
    # hierarchy_beam=False: no hierarchy option in the beam, but a listed term is still reached
    # through the term index ("personal computer" is a WordNet multiword lemma)
    model = ScienceModel(learn_substitutions([]), packaged_terms(), hierarchy="hgod", hierarchy_beam=False)
    assert not [o for _n, o, _lp, kind, _c in model._options(["laptop"], 0) if kind == "hierarchy"]
    for c in model.candidates(("personal", "laptop")):
        if any(s[2] == "hierarchy" for s in c.subs):
            assert " ".join(c.words) in packaged_terms()
    got = [c for c in model.candidates(("personal", "laptop")) if c.words == ("personal", "computer")]
    assert got and got[0].subs[0][2] == "hierarchy"
