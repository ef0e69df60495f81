"""The fit's operating point for bodies without a headline line (benchmarks/fit_link_weights.py
``--headless-point``, issue 14's tenth pass): a shift of the decision's no_headline weight chosen by
the same rule as the threshold, never costlier than no shift."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

np = pytest.importorskip("numpy")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
fit = pytest.importorskip("fit_link_weights")

from textrepair.link.score import DECISION_INPUTS  # noqa: E402

NO_HEADLINE = DECISION_INPUTS.index("no_headline")


def _row(pair_logit: float, headless: bool, right: bool, has_record: bool):  # type: ignore[no-untyped-def]
    """One out-of-fold decision as fit_link_weights builds them: (inputs, best is right, body, best id,
    text evidence, features)."""
    x = [0.0] * len(DECISION_INPUTS)
    x[DECISION_INPUTS.index("pair")] = pair_logit
    x[NO_HEADLINE] = 1.0 if headless else 0.0
    body = SimpleNamespace(expected=frozenset({"own"}) if has_record else frozenset(), story="s")
    return (tuple(x), int(right), body, "own" if right else "other", 0.5, {})


def _set(headless_positive: float, headless_negative: float):  # type: ignore[no-untyped-def]
    rows = []
    rows += [_row(3.0, False, True, True) for _ in range(40)]      # copies with a headline: far above
    rows += [_row(1.0, False, False, False) for _ in range(2)]     # hard negatives with a headline
    rows += [_row(headless_positive, True, True, True) for _ in range(20)]
    rows += [_row(headless_negative, True, False, False) for _ in range(200)]
    return rows


def _cost(rows, d, bias, shift):  # type: ignore[no-untyped-def]
    arrays = fit._decision_arrays(rows, fit.shifted(d, shift), bias)
    t, g = fit.choose_vec(*arrays)
    return fit._rule_cost(*arrays, t, g)


def test_headless_copies_below_the_headed_negatives_get_their_own_point() -> None:
    # The headed negatives (logit 1) hold the threshold above the headless copies (logit 0.5);
    # headless negatives sit far below both, so a shift for headless bodies links the copies.
    rows = _set(headless_positive=0.5, headless_negative=-3.0)
    d, bias = np.array([1.0, 0.0, 0.0, 0.0]), 0.0
    shift, t, g = fit.choose_headless(rows, d, bias)
    assert shift > 0
    arrays = fit._decision_arrays(rows, fit.shifted(d, shift), bias)
    score, te, ok, pos, has = arrays
    linked = (score >= t) & (te >= g)
    assert (linked & ok & pos).sum() == 60
    assert (linked & ~ok & has).sum() == 0
    assert _cost(rows, d, bias, shift) < _cost(rows, d, bias, 0.0)


@pytest.mark.parametrize("negative", [-3.0, 0.4, 0.6, 2.0])
def test_the_shift_is_never_costlier_than_none(negative: float) -> None:
    rows = _set(headless_positive=0.5, headless_negative=negative)
    d, bias = np.array([1.0, 0.0, 0.0, 0.5]), -0.2
    shift, t, g = fit.choose_headless(rows, d, bias)
    assert shift in fit.HEADLESS_SHIFTS
    assert _cost(rows, d, bias, shift) <= _cost(rows, d, bias, 0.0)


def test_shifted_moves_only_the_no_headline_weight_and_keeps_it_non_negative() -> None:
    d = np.array([0.5, 0.8, 5.0, 1.3])
    up = fit.shifted(d, 0.75)
    assert up[NO_HEADLINE] == pytest.approx(2.05)
    assert np.delete(up, NO_HEADLINE).tolist() == np.delete(d, NO_HEADLINE).tolist()
    assert fit.shifted(d, -5.0)[NO_HEADLINE] == 0.0
    assert d[NO_HEADLINE] == 1.3  # the input is not changed in place
