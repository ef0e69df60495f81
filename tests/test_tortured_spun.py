"""Tortured phrases: the phrase-level evidence that the words as written are spun (spun_max, spun_min).

The word table counts, per word, how often it was a word of a substituted spun unit and how often a
word of an original; ScienceModel.spun_ratios turns that into two features of every candidate."""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.spin.tortured import FEATURES, WEIGHTS, ScienceModel, learn_substitutions, words_of

HERE = Path(__file__).parent / "cases"
PAIRS = [tuple(p) for p in json.loads((HERE / "tortured.json").read_text(encoding="utf-8"))["invented_pairs"]]
WORDS = sorted({w for p in PAIRS for s in p for w in words_of(s)} | {"unseen", "of"})


def test_table_counts_spun_and_original_words() -> None:
    table = learn_substitutions(PAIRS)
    # "glimmering" stood for "optical" in three pairs and was never written in an original
    assert table.spun_words["glimmering"] == 3
    assert table.original_words["glimmering"] == 0
    # "optical": three times a substituted original, once kept as written ("optical detector")
    assert table.original_words["optical"] == 4
    assert table.spun_words["optical"] == 0
    # a kept word counts as an original word, never as a spun one ("fiber" in "glimmering fiber")
    assert table.spun_words["fiber"] == 0 and table.original_words["fiber"] >= 1


def test_spun_ratios_read_the_table() -> None:
    model = ScienceModel(learn_substitutions(PAIRS), {})
    hi, lo = model.spun_ratios(("glimmering", "fiber"))
    assert hi == math.log10((3 + 1) / (0 + 1))
    assert lo == math.log10((0 + 1) / (model.table.original_words["fiber"] + 1))
    # grammar words are not asked; a phrase of grammar words only still gets a value
    assert model.spun_ratios(("glimmering", "of", "fiber")) == (hi, lo)
    assert model.spun_ratios(("of",)) == (0.0, 0.0)
    # an unseen word reads neutral
    assert model.spun_ratios(("unseen",)) == (0.0, 0.0)


def test_features_carry_the_ratios_only_when_asked() -> None:
    table = learn_substitutions(PAIRS)
    obs = ("glimmering", "sensor")
    on = ScienceModel(table, {}, spun_evidence=True)
    scored = on.scored(obs)
    assert scored, "the table rewrites 'glimmering'"
    hi, lo = on.spun_ratios(obs)
    assert hi > 0 > lo
    for _, _, f in scored:
        assert len(f) == len(FEATURES) == len(WEIGHTS)
        assert f[FEATURES.index("spun_max")] == hi
        assert f[FEATURES.index("spun_min")] == lo
    # off (the default, measured and not adopted): the features are 0 and every other one is unchanged
    off = ScienceModel(table, {}).scored(obs)
    assert [c.words for _, c, _ in off] == [c.words for _, c, _ in scored]  # weight 0: same ranking
    zero = {FEATURES.index("spun_max"), FEATURES.index("spun_min")}
    by_words = {c.words: f for _, c, f in scored}
    for _, c, f in off:
        assert all(f[i] == 0.0 for i in zero)
        assert all(a == b for i, (a, b) in enumerate(zip(f, by_words[c.words])) if i not in zero)


def test_shipped_weights_leave_the_option_inert() -> None:
    # while it is off, the shipped constants give these features no weight
    assert WEIGHTS[FEATURES.index("spun_max")] == 0.0 and WEIGHTS[FEATURES.index("spun_min")] == 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.sampled_from(WORDS))
def test_spun_ratios_bounded_ordered_and_monotone(obs: list[str], word: str) -> None:
    base = ScienceModel(learn_substitutions(PAIRS), {})
    hi, lo = base.spun_ratios(tuple(obs))
    assert -3.0 <= lo <= hi <= 3.0
    # one more pair showing ``word`` spun (into a word it is not) never lowers either ratio
    more = ScienceModel(learn_substitutions([*PAIRS, (word, "zzzoriginal")]), {})
    hi2, lo2 = more.spun_ratios(tuple(obs))
    assert hi2 >= hi and lo2 >= lo
