"""The garbage-collector setting of batch runs: raised for the run, never lowered, restored after it."""

from __future__ import annotations

import gc

import pytest

from textrepair.run import collector
from textrepair.run.folder import clean_folder


@pytest.fixture
def thresholds():
    old = gc.get_threshold()
    yield old
    gc.set_threshold(*old)


def test_batch_collection_raises_and_restores(thresholds) -> None:
    gc.set_threshold(700, 10, 10)
    with collector.batch_collection():
        assert gc.get_threshold() == (collector.BATCH_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_batch_collection_never_lowers_a_higher_threshold(thresholds) -> None:
    gc.set_threshold(collector.BATCH_THRESHOLD * 2, 5, 7)
    with collector.batch_collection():
        assert gc.get_threshold() == (collector.BATCH_THRESHOLD * 2, 5, 7)
    assert gc.get_threshold() == (collector.BATCH_THRESHOLD * 2, 5, 7)


def test_restored_when_the_block_raises(thresholds) -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError), collector.batch_collection():
        raise RuntimeError
    assert gc.get_threshold() == (700, 10, 10)


def _threshold_spy(monkeypatch, module, name: str) -> list[int]:
    """Wrap ``module.name`` to record the collector's youngest threshold at each call."""
    seen: list[int] = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_clean_folder_runs_relaxed_and_restores(thresholds, tmp_path, monkeypatch) -> None:
    import textrepair.run.folder as folder

    gc.set_threshold(700, 10, 10)
    seen = _threshold_spy(monkeypatch, folder, "process_file")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("The cat sat on the mat.\n", encoding="utf-8")
    clean_folder(src, tmp_path / "out", progress=False)
    assert seen == [collector.BATCH_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)


def _threshold_in_worker(tasks, *args, **kwargs):
    """A stand-in for the stream's batch function that reports the worker's threshold."""
    return [None if t is None else gc.get_threshold()[0] for t in tasks]


def test_stream_pool_workers_run_relaxed(thresholds, monkeypatch) -> None:
    import textrepair.run.stream as stream

    gc.set_threshold(700, 10, 10)
    pool = stream.ProcessPoolExecutor(max_workers=1, initializer=stream._init_worker, initargs=(None,))
    try:
        assert pool.submit(_threshold_in_worker, [("a", "x", None)]).result() == [collector.BATCH_THRESHOLD]
    finally:
        pool.shutdown()
    assert gc.get_threshold() == (700, 10, 10)  # the parent is not touched by a worker's setting


def test_cli_jsonl_run_relaxed_and_restores(thresholds, tmp_path, monkeypatch) -> None:
    import json

    import textrepair.run.stream as stream
    from textrepair.cli import main

    gc.set_threshold(700, 10, 10)
    seen = _threshold_spy(monkeypatch, stream, "_repair_task")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "The cat sat on the mat."}) + "\n", encoding="utf-8")
    assert main(["clean", "--jsonl", str(src), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert seen == [collector.BATCH_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)
