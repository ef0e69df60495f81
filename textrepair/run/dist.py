"""Distributed engines: partition functions for Dask bags and PySpark ``mapPartitions``, warmed once per worker.

The lexical tables and the language model are loaded lazily and cached per process
(``functools.cache`` on ``tables.load_table``, ``spin.match._packaged_defaults`` and ``lm.model``), so a
worker process pays the load once, on its first partition, and every later partition it runs reuses
them. Nothing is broadcast: each worker reads the packaged data from its own installed copy.

Dask (local processes here; the same on a ``distributed`` cluster)::

    import dask.bag as db
    from textrepair.run.dist import repair_bag
    lines = db.read_text("articles-*.jsonl", blocksize="16MiB")
    out = repair_bag(lines, jsonl=True, text_field="body")          # one output record per line
    out.map(json.dumps).to_textfiles("repaired-*.jsonl")

PySpark::

    from functools import partial
    from textrepair.run.dist import repair_jsonl_partition
    rdd = spark.sparkContext.textFile("articles.jsonl")
    out = rdd.mapPartitions(partial(repair_jsonl_partition, text_field="body"))

With ``textFile(...).zipWithIndex()`` and :func:`repair_numbered_jsonl_partition`, records carry
their line in the whole file, as ``textrepair clean --jsonl`` writes them. Whole runs (folder or
JSON Lines, with report, ``--resume`` and exit status) go to a Dask cluster with
:mod:`textrepair.run.cluster` or to Spark with :class:`textrepair.run.spark.SparkExecutor`.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.config import RepairConfig
from ..text.document import DEFAULT_MAX_BYTES
from .stream import StreamItem, _json_item, iter_texts, repair_stream


@dataclass(frozen=True)
class WorkerState:
    """What :func:`warm` did in this process: which process, and how long the loading took."""

    pid: int
    seconds: float


def warm(config: RepairConfig | None = None) -> WorkerState:
    """Load everything a repair with ``config`` needs (tables, language model) once in this process.

    Cached per process and per config, so calling it at the top of every partition is free after
    the first. A worker would load the same lazily on its first document; warming first keeps
    that cost out of the first partition's per-document timings.
    """
    return _warm(config or RepairConfig())  # None and the default config are one cache entry


@functools.cache
def _warm(config: RepairConfig) -> WorkerState:
    t0 = time.perf_counter()
    from ..pipeline import repair_and_explain

    repair_and_explain("Warm-up text: the tables load once per worker.", config)
    if config.restore:
        try:
            from ..spin.match import table_set
            from ..lexical.lm import model

            table_set(None, extra=config.tables)
            model()
        except ImportError:  # pragma: no cover - a build without the restorer
            pass
    return WorkerState(os.getpid(), time.perf_counter() - t0)


def worker_stats() -> dict[str, Any]:
    """This process's id and how often each cached loader actually loaded (1 = once)."""
    from ..lexical import tables

    stats: dict[str, Any] = {"pid": os.getpid(), "warm": _warm.cache_info().misses,
                             "load_table": tables.load_table.cache_info().misses}
    try:
        from ..lexical import lm
        from ..spin import match

        stats["packaged_tables"] = match._packaged_defaults.cache_info().misses
        stats["language_model"] = lm.model.cache_info().misses
    except (ImportError, AttributeError):  # pragma: no cover
        pass
    return stats


def _repair_items(items: Iterable[StreamItem], config: RepairConfig | None, text_field: str,
                  output_field: str | None) -> list[dict[str, Any]]:
    config = config or RepairConfig()
    warm(config)
    return [r.to_json(text_field, output_field) for r in repair_stream(iter(items), config, text_field=text_field)]


def repair_partition(records: Iterable[str | Mapping[str, Any]], config: RepairConfig | None = None, *,
                     text_field: str = "text", output_field: str | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict[str, Any]]:
    """Repair one partition of texts or records; returns one output record per input.

    Output records are those of ``textrepair clean --jsonl``: the record's fields with the repaired
    text (in ``output_field``, default in place of ``text_field``) and a ``"textrepair"`` object
    with status, error, edits and paragraph scores. A bare string becomes ``{text_field: ...}``.
    Bad records become error records; the partition never fails because of one input.
    """
    items = iter_texts(records, text_field=text_field, max_bytes=max_bytes)
    return _repair_items(items, config, text_field, output_field)


def repair_jsonl_partition(lines: Iterable[str | bytes], config: RepairConfig | None = None, *,
                           text_field: str = "text", output_field: str | None = None,
                           max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict[str, Any]]:
    """Like :func:`repair_partition` for raw JSON Lines (``read_text`` / ``textFile`` partitions).

    Malformed lines become error records; their ``line`` counts within the partition.
    """
    def items() -> Iterable[StreamItem]:
        for n, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            yield _json_item(raw, n, text_field, max_bytes)

    return _repair_items(items(), config, text_field, output_field)


def repair_numbered_jsonl_partition(numbered: Iterable[tuple[str | bytes, int]], config: RepairConfig | None = None,
                                    *, text_field: str = "text", output_field: str | None = None,
                                    max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict[str, Any]]:
    """Like :func:`repair_jsonl_partition` for ``(line, index)`` pairs as PySpark's
    ``textFile(...).zipWithIndex()`` gives them: line numbers count in the whole file (index + 1),
    so the records equal those of ``textrepair clean --jsonl`` on that file."""
    def items() -> Iterable[StreamItem]:
        for raw, index in numbered:
            if not raw.strip():
                continue
            yield _json_item(raw, index + 1, text_field, max_bytes)

    return _repair_items(items(), config, text_field, output_field)


def repair_bag(bag: Any, config: RepairConfig | None = None, *, text_field: str = "text",
               output_field: str | None = None, jsonl: bool = False) -> Any:
    """A Dask bag of output records for a bag of texts/records (or of JSON Lines with ``jsonl=True``)."""
    fn = repair_jsonl_partition if jsonl else repair_partition
    return bag.map_partitions(fn, config, text_field=text_field, output_field=output_field)


def partition_stats(partition: Iterable[Any]) -> list[dict[str, Any]]:
    """A partition function reporting :func:`worker_stats` (after :func:`warm`), for checking a cluster."""
    warm()
    return [worker_stats()]
