"""Dask bags in local mode: partitions repaired like the JSON Lines CLI, tables loaded once per worker process."""

from __future__ import annotations

import json

import pytest

from textrepair import RepairConfig, repair
from textrepair.run.dist import partition_stats, repair_bag, repair_jsonl_partition, repair_partition

MOJIBAKE = "The caf\u00c3\u00a9 opened <b>today</b>."


def test_partition_function_without_an_engine():
    out = repair_partition([MOJIBAKE, {"id": 2, "body": "x"}, 3], RepairConfig(restore=False))
    assert out[0]["text"] == "The café opened today." and out[0]["textrepair"]["status"] == "ok"
    assert out[1]["id"] == 2 and "no 'text' field" in out[1]["textrepair"]["error"]
    assert out[2]["textrepair"]["status"] == "error"
    lines = [json.dumps({"body": MOJIBAKE}), "", "{bad"]
    out = repair_jsonl_partition(lines, RepairConfig(restore=False), text_field="body", output_field="fixed")
    assert out[0]["fixed"] == "The café opened today." and out[0]["body"] == MOJIBAKE
    assert out[1]["textrepair"]["line"] == 3 and "invalid JSON" in out[1]["textrepair"]["error"]


def test_dask_bag_with_two_local_worker_processes():
    dask = pytest.importorskip("dask")
    db = pytest.importorskip("dask.bag")
    texts = [f"Item {i}: caf\u00c3\u00a9 &amp; <i>news</i> in line with reports.\n" for i in range(16)]
    records = [{"id": i, "text": t} for i, t in enumerate(texts)] + [{"id": 99}]
    bag = db.from_sequence(records, npartitions=4)
    out_bag = repair_bag(bag)
    stats_bag = db.from_sequence(range(4), npartitions=4).map_partitions(partition_stats)
    with dask.config.set(scheduler="processes", num_workers=2):
        out, stats = dask.compute(out_bag, stats_bag)
    assert [r.get("id") for r in out] == list(range(16)) + [99]  # partition order is input order
    assert [r["text"] for r in out[:16]] == [repair(t) for t in texts]  # same as a local repair
    assert out[-1]["textrepair"]["status"] == "error"
    # Each worker process loaded every cached resource at most once, however many partitions it ran.
    assert 1 <= len({s["pid"] for s in stats}) <= 2
    for s in stats:
        assert s["warm"] == 1
        assert all(v <= 1 for k, v in s.items() if k in ("packaged_tables", "language_model"))
    by_pid: dict[int, list[dict]] = {}
    for s in stats:
        by_pid.setdefault(s["pid"], []).append(s)
    for runs in by_pid.values():  # later partitions in a process loaded nothing new
        assert all(r == runs[0] for r in runs)
