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


def test_clean_folder_runs_relaxed_and_restores(thresholds, tmp_path, monkeypatch) -> None:
    gc.set_threshold(700, 10, 10)
    seen = []
    import textrepair.run.folder as folder

    real = folder.process_file

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(folder, "process_file", spy)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("The cat sat on the mat.\n", encoding="utf-8")
    clean_folder(src, tmp_path / "out", progress=False)
    assert seen == [collector.BATCH_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)
