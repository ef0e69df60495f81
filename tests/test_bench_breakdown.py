"""The cause a leave-one-out wrong edit is filed under (benchmarks/bench_restore.py --loo --breakdown), on made-up sentences."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from textrepair.core.types import Edit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_restore  # noqa: E402  (a benchmark script: its helpers decide the printed breakdown)

CASES = json.loads((Path(__file__).parent / "cases" / "loo_breakdown.json").read_text(encoding="utf-8"))["cases"]


def _edit(spun: str, spec: dict) -> Edit:
    start = spun.index(spec["found"])
    return Edit(start, start + len(spec["found"]), spec["found"], spec["replacement"], "restore", "test",
                0.9, spec.get("source", "spinner-news:test"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_wrong_edit_cause(case: dict) -> None:
    index = {k: set(v) for k, v in case["table"].items()}
    cause, true = bench_restore.wrong_cause(case["spun"], case["original"], _edit(case["spun"], case["edit"]), index)
    assert cause == case["cause"]
    assert true == case["true"]
    assert cause in bench_restore.WRONG_CAUSES


def test_equal_length_stretches_pair_word_for_word() -> None:
    ops = bench_restore._word_ops("the promoting quantity was larger".split(), "the selling volume was greater".split())
    changed = [(op.i, op.j, op.original) for op in ops if op.tag != "equal"]
    assert changed == [(1, 2, "selling"), (2, 3, "volume"), (4, 5, "greater")]


def test_unequal_stretch_stays_one_phrase() -> None:
    ops = bench_restore._word_ops("the price in line with the data".split(), "the price according to the data".split())
    changed = [(op.i, op.j, op.original) for op in ops if op.tag != "equal"]
    assert changed == [(2, 5, "according to")]


# --- the gates of --screen-gates (bench_restore.SCREEN_GATES) -----------------------------------

def _choice(weights: dict[str, float], posteriors: dict[str | None, float]):
    from textrepair.spin import restore
    from textrepair.spin.hits import Option, make_hit

    options = tuple(Option(r, w, "spinner-news:test") for r, w in weights.items())
    by_name = {o.replacement: o for o in options}
    ranked = sorted(posteriors.items(), key=lambda kv: -kv[1])
    best = by_name.get(ranked[0][0]) if ranked[0][0] is not None else None
    posts = tuple((by_name[k] if k is not None else None, p) for k, p in ranked)
    return restore.Choice(make_hit(0, 4, 0, 1, "cash", options), best, ranked[0][1], posts, 0.0)


def test_choice_features_read_the_posteriors() -> None:
    f = bench_restore.choice_features(_choice({"money": 0.5, "coins": 0.2}, {"money": 0.6, "coins": 0.3, None: 0.1}))
    assert f.confidence == pytest.approx(0.6)
    assert f.kept == pytest.approx(0.1)
    assert f.runner_up == pytest.approx(0.3)
    assert not f.carried  # 0.5 of table weight against a "kept" prior of 0.3


def test_an_option_below_the_kept_prior_is_carried_by_the_lm() -> None:
    f = bench_restore.choice_features(_choice({"moment": 0.13}, {"moment": 0.9, None: 0.1}))
    assert f.carried
    assert f.runner_up == 0.0


@pytest.mark.parametrize(("gate", "value", "passes"), [
    ("share", 0.0, True), ("share", 0.6, True), ("share", 0.7, False),      # 0.6 / 0.9 = 0.67
    ("runner_up", 1.0, True), ("runner_up", 0.4, True), ("runner_up", 0.3, False),
    ("carried", 0.55, True), ("carried", 0.95, True),                        # not carried: no bar
])
def test_gate_passes(gate: str, value: float, passes: bool) -> None:
    f = bench_restore.choice_features(_choice({"money": 0.5, "coins": 0.2}, {"money": 0.6, "coins": 0.3, None: 0.1}))
    assert bench_restore.gate_passes(gate, value, f) is passes


def test_carried_gate_holds_a_weak_lm_carried_edit() -> None:
    f = bench_restore.choice_features(_choice({"moment": 0.13}, {"moment": 0.8, None: 0.2}))
    assert bench_restore.gate_passes("carried", 0.75, f)
    assert not bench_restore.gate_passes("carried", 0.85, f)


def test_gates_let_non_table_edits_through_and_reject_unknown_names() -> None:
    for gate, values in bench_restore.SCREEN_GATES.items():
        assert all(bench_restore.gate_passes(gate, v, None) for v in values)
        f = bench_restore.choice_features(_choice({"money": 0.5}, {"money": 0.99, None: 0.01}))
        assert bench_restore.gate_passes(gate, values[0], f)  # the first value lets every edit through
    with pytest.raises(ValueError, match="unknown gate"):
        bench_restore.gate_passes("nope", 0.5, None)


def test_unwritten_gate_holds_an_original_the_copy_never_writes() -> None:
    from dataclasses import replace

    f = bench_restore.choice_features(_choice({"money": 0.5}, {"money": 0.8, None: 0.2}))
    assert f.written  # by default: no bar
    assert bench_restore.gate_passes("unwritten", 0.95, f)
    f = replace(f, written=False)
    assert bench_restore.gate_passes("unwritten", 0.75, f)
    assert not bench_restore.gate_passes("unwritten", 0.85, f)


@pytest.mark.parametrize(("text", "span", "words", "written"), [
    ("They paid in cash. The money was counted.", (13, 17), "money", True),
    ("They paid in cash. The moneybags smiled.", (13, 17), "money", False),    # word boundaries
    ("They paid in cash. MONEY talks.", (13, 17), "money", True),              # case-insensitive
    ("The software program ran.", (4, 20), "software", False),                 # inside the edit only
    ("We found the software program. The software ran.", (13, 29), "software", True),
])
def test_written_elsewhere(text: str, span: tuple[int, int], words: str, written: bool) -> None:
    assert bench_restore.written_elsewhere(text, *span, words) is written
