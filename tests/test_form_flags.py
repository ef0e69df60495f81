"""Restoration's inflection flags (substitution.FORM_FLAGS): which candidates carry them, and that the scorer weighs them as FEATURES says.

Cases: tests/cases/form_flags.json (written for this project).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from textrepair.spin import grammar, substitution
from textrepair.spin.tokens import tokenize
from textrepair.text.segment import split_paragraphs

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "form_flags.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["flags"], ids=[c["word"] for c in CASES["flags"]])
def test_form_flags(case) -> None:
    flags = substitution._form_flags(substitution._forms_of(case["word"], case["lemma"]))
    on = {f for f, v in zip(substitution.FORM_FLAGS, flags) if v}
    assert on == set(case["flags"])


def test_weights_cover_every_feature() -> None:
    n = len(substitution.FEATURES)
    assert len(substitution.WEIGHTS) == len(substitution.DETECTION_WEIGHTS) == len(substitution._weights()) == n
    # The flags serve restoration only: the detector's constants were fitted without them.
    for name, d in zip(substitution.FEATURES, substitution.DETECTION_WEIGHTS):
        if name.startswith("form_"):
            assert d == 0.0


def test_gerund_and_plural_flags_weigh_against_a_candidate() -> None:
    # Fitted on the dev half: a candidate that can only be a gerund or a plural is held back.
    w = dict(zip(substitution.FEATURES, substitution.WEIGHTS))
    assert w["form_gerund"] < 0 and w["form_plural"] < 0


@pytest.mark.parametrize("text", CASES["paragraphs"])
def test_score_span_is_the_weighted_feature_sum(text) -> None:
    # score_span computes its sums inline (speed); they must equal WEIGHTS . option_features,
    # the form flags included, for every scored span.
    para = split_paragraphs(text)[0]
    toks = tokenize(text, para)
    ctx = [t.norm for t in toks]
    starts = [t.sentence_start for t in toks]
    words = tuple(ctx)
    lean = grammar.tense_lean(words)
    doc_words = frozenset(ctx)
    checked = 0
    for i, j, _kind, key in substitution._spots(text, toks, ()):
        cands = substitution.shortlist(key)
        if not cands:
            continue
        cue = grammar.cue(words, starts, i)
        _, opts, _ = substitution.score_span(ctx, starts, i, j, words[i:j], cands, doc_words, cue, lean)
        feats = substitution.option_features(ctx, starts, i, j, words[i:j], cands, doc_words, cue, lean)
        expected = {t: sum(a * b for a, b in zip(f, substitution.WEIGHTS)) for t, f in feats}
        for t, v in opts:
            assert math.isclose(v, expected[t], abs_tol=1e-9), (key, t, v, expected[t])
        checked += any(any(f[13:]) for _, f in feats)
    assert checked, "no candidate with an inflection flag was scored"
