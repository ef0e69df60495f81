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
