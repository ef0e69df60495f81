"""Streaming repair: documents from a folder, JSON Lines or strings, repaired in input order with bounded memory."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from ..core.config import RepairConfig
from ..core.errors import TextrepairError, UsageError
from ..core.summary import RunSummary
from ..core.types import RepairResult
from ..text.document import DEFAULT_MAX_BYTES, Document
from ..text.files import _umask
from .bounded import DEFAULT_MAX_EDITS
from .collector import relax_for_batch
from .folder import iter_inputs
from .progress import Progress
from .worker import RESULT_KEY, Linker, Outcome, output_record, picklable, repair_input, report_entry  # noqa: F401 - RESULT_KEY re-exported


@dataclass(frozen=True)
class StreamItem:
    """One input: its key (relative path, line number or position), and either text or a path to read.

    ``fields`` is the whole JSON object of a JSON Lines input (kept for the output record);
    ``error`` is set when the input could not even be read (malformed JSON, missing field).
    """

    key: str
    text: str | None = None
    path: Path | None = None
    fields: dict[str, Any] | None = None
    error: str | None = None
    size: int = 0
    line: int | None = None


@dataclass(frozen=True)
class StreamResult:
    """The outcome for one :class:`StreamItem`: the result, or an error message (never an exception)."""

    key: str
    result: RepairResult | None
    error: str | None = None
    fields: dict[str, Any] | None = None
    size: int = 0
    line: int | None = None
    links: tuple[dict[str, Any], ...] | None = None

    @property
    def status(self) -> str:
        return "ok" if self.error is None else "error"

    def to_json(self, text_field: str = "text", output_field: str | None = None) -> dict[str, Any]:
        """The output record: the input's fields, the repaired text in ``output_field`` (default: in
        place of ``text_field``), and under ``"textrepair"`` the status, error, edits and scores
        (:func:`textrepair.run.worker.output_record`)."""
        return output_record(self.key, self.result, self.error, fields=self.fields, line=self.line,
                             links=self.links, text_field=text_field, output_field=output_field)

    def report_entry(self) -> dict[str, Any]:
        """The same fields as a folder run's report.jsonl line (:func:`textrepair.run.worker.report_entry`)."""
        return report_entry(self.key, self.result, self.error, links=self.links)


# ---------------------------------------------------------------------------------------------------
# Sources


def _open_binary(source: str | os.PathLike[str] | IO[Any]) -> tuple[BinaryIO | IO[str], bool]:
    """A readable file for ``source`` ('-' is standard input) and whether we opened it (and must close it)."""
    if isinstance(source, (str, os.PathLike)):
        if str(source) == "-":
            return sys.stdin.buffer, False
        try:
            return open(source, "rb"), True  # noqa: SIM115 - closed by the caller
        except OSError as err:
            msg = f"cannot read {source}: {err.strerror or err}"
            raise UsageError(msg) from err
    return source, False


def _json_item(raw: bytes | str, line: int, text_field: str, max_bytes: int) -> StreamItem:
    key = str(line)
    size = len(raw)
    if isinstance(raw, bytes):
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            msg = f"line {line}: not valid UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1})"
            return StreamItem(key, error=msg, size=size, line=line)
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        msg = f"line {line}: invalid JSON ({err.msg} at column {err.colno})"
        return StreamItem(key, error=msg, size=size, line=line)
    except RecursionError:
        msg = f"line {line}: JSON nests too deeply to read"
        return StreamItem(key, error=msg, size=size, line=line)
    if not isinstance(obj, dict):
        msg = f"line {line}: expected a JSON object, found {type(obj).__name__}"
        return StreamItem(key, error=msg, size=size, line=line)
    return item_from_record(obj, key, text_field=text_field, max_bytes=max_bytes, size=size, line=line,
                            where=f"line {line}")


def item_from_record(obj: dict[str, Any], key: str, *, text_field: str = "text", max_bytes: int = DEFAULT_MAX_BYTES,
                     size: int = 0, line: int | None = None, where: str | None = None) -> StreamItem:
    """An item for a record (a JSON object or mapping) whose ``text_field`` holds the text."""
    where = where or f"record {key}"
    text = obj.get(text_field)
    if text_field not in obj:
        msg = f"{where}: no {text_field!r} field (fields: {', '.join(map(str, list(obj)[:10])) or 'none'}); choose one with --text-field"
        return StreamItem(key, fields=obj, error=msg, size=size, line=line)
    if not isinstance(text, str):
        msg = f"{where}: field {text_field!r} holds {type(text).__name__}, not a string"
        return StreamItem(key, fields=obj, error=msg, size=size, line=line)
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        msg = f"{where}: field {text_field!r} is larger than {max_bytes:,} bytes"
        return StreamItem(key, fields=obj, error=msg, size=size, line=line)
    return StreamItem(key, text=text, fields=obj, size=size or len(text), line=line)


def iter_jsonl(source: str | os.PathLike[str] | IO[Any], *, text_field: str = "text",
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[StreamItem]:
    """Items from a JSON Lines file, '-' (standard input) or an open file, one line at a time.

    Blank lines are skipped; a malformed line, a line that is not an object, an object without a
    string ``text_field`` and an over-long line each become an item with ``error`` set, and the
    stream goes on. Lines are read with a length cap, so one giant line never sits in memory whole.
    """
    fh, owned = _open_binary(source)
    # JSON escapes can make a line up to 6x its text ("\\u00e9"), plus the other fields.
    limit = 6 * max_bytes + 65_536
    try:
        line = 0
        while True:
            raw = fh.readline(limit)
            if not raw:
                break
            line += 1
            if len(raw) >= limit and not raw.endswith(b"\n" if isinstance(raw, bytes) else "\n"):
                skipped = len(raw)
                while True:  # drain the rest of the over-long line in bounded chunks
                    chunk = fh.readline(limit)
                    skipped += len(chunk)
                    if not chunk or chunk.endswith(b"\n" if isinstance(chunk, bytes) else "\n"):
                        break
                msg = f"line {line}: longer than {limit:,} bytes ({skipped:,}); skipped"
                yield StreamItem(str(line), error=msg, size=skipped, line=line)
                continue
            if not raw.strip():
                continue
            yield _json_item(raw, line, text_field, max_bytes)
    finally:
        if owned:
            fh.close()


def iter_folder(src: str | os.PathLike[str], pattern: str = "*") -> Iterator[StreamItem]:
    """Items for the files under ``src`` (sorted, as a folder run finds them); files are read by the worker."""
    root = Path(src)
    for p in iter_inputs(root, pattern):
        try:
            size = p.stat().st_size
        except OSError:
            size = 0
        yield StreamItem(p.relative_to(root).as_posix(), path=p, size=size)


def iter_texts(texts: Iterable[Any], *, text_field: str = "text",
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[StreamItem]:
    """Items for an iterable of strings (or records: mappings whose ``text_field`` holds the text),
    keyed by position; anything else becomes an error item."""
    for i, text in enumerate(texts):
        if isinstance(text, StreamItem):
            yield text
        elif isinstance(text, Mapping):
            yield item_from_record(dict(text), str(i), text_field=text_field, max_bytes=max_bytes)
        elif isinstance(text, str):
            yield StreamItem(str(i), text=text, size=len(text))
        elif isinstance(text, Document):
            yield StreamItem(text.path or str(i), text=text.text, size=len(text.text))
        else:
            hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
            yield StreamItem(str(i), error=f"item {i}: expected a string or a record, got {type(text).__name__}{hint}")


def iter_documents(source: Any, *, text_field: str = "text", pattern: str = "*",
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[StreamItem]:
    """Items from ``source``: a folder, a JSON Lines file (``text_field`` holds the text), '-' for
    JSON Lines on standard input, an open file of JSON Lines, or an iterable of strings.

    A ``str`` or path is always a location, never text: pass texts inside a list or generator.
    Nothing is read ahead: items are produced as the consumer asks for them.
    """
    if isinstance(source, (str, os.PathLike)):
        if str(source) == "-":
            return iter_jsonl(source, text_field=text_field, max_bytes=max_bytes)
        p = Path(source)
        if p.is_dir():
            return iter_folder(p, pattern)
        if p.is_file():
            return iter_jsonl(p, text_field=text_field, max_bytes=max_bytes)
        msg = f"{source}: no such folder or JSON Lines file (to repair text, pass it inside a list)"
        raise UsageError(msg)
    if isinstance(source, (io.IOBase, io.TextIOBase)) or hasattr(source, "readline"):
        return iter_jsonl(source, text_field=text_field, max_bytes=max_bytes)
    if isinstance(source, (bytes, bytearray)):
        msg = "iter_documents got bytes: decode them first, or pass a path"
        raise UsageError(msg)
    return iter_texts(source, text_field=text_field, max_bytes=max_bytes)


# ---------------------------------------------------------------------------------------------------
# Repair

_WORKER_LINKER: Linker | None = None


def _init_worker(linker: Linker | None) -> None:
    """Runs once per worker process: the linker (and its record index) is unpickled once, not per
    task, and the collector is relaxed for a batch (:mod:`textrepair.run.collector`)."""
    global _WORKER_LINKER
    _WORKER_LINKER = linker
    relax_for_batch()


def _repair_task(key: str, text: str | None, path: Path | None, config: RepairConfig, max_bytes: int,
                 linker: Linker | None = None, max_edits: int = DEFAULT_MAX_EDITS) -> Outcome:
    """Repair one input (:func:`textrepair.run.worker.repair_input`, as in folder runs: a large body
    in pieces, and an input needing more than ``max_edits`` edits becomes an error)."""
    return repair_input(key, config, path=path, text=text, max_bytes=max_bytes, max_edits=max_edits,
                        linker=linker or _WORKER_LINKER)


def _finish(item: StreamItem, outcome: Outcome) -> StreamResult:
    return StreamResult(item.key, outcome.result, outcome.error, item.fields, item.size, item.line,
                        outcome.links)


#: Small documents travel to a worker together, up to this many or this many bytes per batch: one
#: round trip per document costs more than repairing a short one (bench_scale: ~0.2 s CPU extra
#: for 83 corpus documents sent one by one to two workers).
BATCH_DOCS = 16
BATCH_BYTES = 256 * 1024
#: Text in flight (sent, or done but waiting for an earlier document) is capped at this many bytes.
WINDOW_BYTES = 64 * 1024 * 1024


def repair_stream(docs: Any, config: RepairConfig | None = None, *, jobs: int = 1, window: int | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES, linker: Linker | None = None,
                  text_field: str = "text", batch: int = BATCH_DOCS,
                  max_edits: int = DEFAULT_MAX_EDITS, executor: Executor | None = None) -> Iterator[StreamResult]:
    """Repair ``docs`` (anything :func:`iter_documents` takes, or its items) and yield results in input order.

    With ``jobs > 1`` a process pool works on at most ``window`` inputs (default ``32 * jobs``)
    and :data:`WINDOW_BYTES` of text at a time, so memory stays bounded however long the input;
    each result is yielded as soon as it and all inputs before it are done. Small documents go to
    the workers in batches of up to ``batch`` (``batch=1`` for the lowest latency on a slow
    source). ``linker(document) -> list[dict]`` adds links; in a pool it reaches each worker once.
    Each input is repaired as a folder run repairs a file (:func:`textrepair.run.bounded.repair_bounded`):
    a large body in pieces, and one needing more than ``max_edits`` edits becomes an error result.
    Closing the generator early cancels the pending work.

    ``executor`` (any ``concurrent.futures.Executor``; :mod:`textrepair.run.cluster` makes one for
    a Dask cluster) works instead of a local pool, ``jobs`` then sizing the window. Texts travel to
    it; folder inputs travel as paths, so its workers must see the same files (a cluster job over
    a folder is :func:`textrepair.run.folder.clean_folder`, which sends the bytes). A
    :class:`TextrepairError` from it (a worker died on a batch more often than the scheduler
    retries) becomes an error result for each document of that batch.
    """
    config = config or RepairConfig()
    if executor is not None and linker is not None:
        raise UsageError("a run on an executor cannot link to records yet; link in a local run")
    if jobs > 1 and not picklable(linker) and "fork" not in multiprocessing.get_all_start_methods():
        jobs = 1  # no way to hand this linker to workers here: run in this process
    if isinstance(docs, (str, os.PathLike, bytes, bytearray)) or hasattr(docs, "readline"):
        items = iter_documents(docs, text_field=text_field, max_bytes=max_bytes)
    else:
        items = iter_texts(docs, text_field=text_field, max_bytes=max_bytes)  # items pass through
    if jobs <= 1 and executor is None:
        for item in items:
            if item.error is not None:
                yield StreamResult(item.key, None, item.error, item.fields, item.size, item.line)
                continue
            yield _finish(item, _repair_task(item.key, item.text, item.path, config, max_bytes, linker, max_edits))
        return
    window = max(1, window or 32 * jobs)
    batch = max(1, min(batch, window // (2 * jobs) or 1))
    pending: deque[tuple[list[StreamItem], Future[Any]]] = deque()
    in_flight = [0, 0]  # documents, bytes
    global _WORKER_LINKER
    saved = _WORKER_LINKER
    if executor is not None:
        pool = executor
    elif picklable(linker):
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(linker,))
    else:
        # A linker holding unpicklable state (an index of records) reaches forked workers by
        # inheritance: set it here, before the pool forks, and restore it afterwards.
        _WORKER_LINKER = linker
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=relax_for_batch)

    def submit(group: list[StreamItem]) -> None:
        tasks = [None if it.error is not None else (it.key, it.text, it.path) for it in group]
        pending.append((group, pool.submit(_repair_batch, tasks, config, max_bytes, max_edits)))
        in_flight[0] += len(group)
        in_flight[1] += sum(it.size for it in group)

    def collect() -> list[StreamResult]:
        group, fut = pending.popleft()
        in_flight[0] -= len(group)
        in_flight[1] -= sum(it.size for it in group)
        try:
            outs = fut.result()
        except TextrepairError as err:
            outs = [None if it.error is not None else Outcome(it.key, None, f"{it.key}: {err}") for it in group]
        return [StreamResult(it.key, None, it.error, it.fields, it.size, it.line) if out is None else _finish(it, out)
                for it, out in zip(group, outs)]

    try:
        group: list[StreamItem] = []
        group_bytes = 0
        for item in items:
            group.append(item)
            group_bytes += item.size
            if len(group) < batch and group_bytes < BATCH_BYTES:
                continue
            submit(group)
            group, group_bytes = [], 0
            while pending and (in_flight[0] >= window or in_flight[1] >= WINDOW_BYTES or pending[0][1].done()):
                yield from collect()
        if group:
            submit(group)
        while pending:
            yield from collect()
    finally:
        if executor is None:
            pool.shutdown(wait=True, cancel_futures=True)
        else:  # not ours to shut down: cancel what this stream left pending
            for _, fut in pending:
                fut.cancel()
        _WORKER_LINKER = saved


def _repair_batch(tasks: list[tuple[str, str | None, Path | None] | None], config: RepairConfig,
                  max_bytes: int, max_edits: int = DEFAULT_MAX_EDITS) -> list[Any]:
    """Repair a batch in a worker; ``None`` stands for an input that already failed to read."""
    return [None if t is None else _repair_task(*t, config, max_bytes, max_edits=max_edits) for t in tasks]




# ---------------------------------------------------------------------------------------------------
# Output


@dataclass
class StreamRun:
    """What :func:`write_jsonl` did: the summary counts and the report entries (when kept)."""

    summary: RunSummary
    entries: list[dict[str, Any]] = field(default_factory=list)
    broken_pipe: bool = False  # the reader of standard output went away before the end


def write_jsonl(results: Iterable[StreamResult], out: str | os.PathLike[str] | IO[str], *,
                text_field: str = "text", output_field: str | None = None, progress: bool | None = False,
                total_bytes: int = 0, keep_entries: bool = False, entries_to: IO[str] | None = None) -> StreamRun:
    """Write one JSON object per result to ``out`` ('-' is standard output), flushing each line.

    Returns the run summary; with ``keep_entries`` also the report entries (for an HTML report).
    ``entries_to`` receives them as JSON Lines instead (a spool file keeps memory bounded).
    """
    run = StreamRun(RunSummary())
    t0 = time.monotonic()
    bar = Progress(0, enabled=progress, total_bytes=total_bytes)
    to_stdout = not hasattr(out, "write") and str(out) == "-"
    if to_stdout:
        # Bytes straight to stdout: output is UTF-8 whatever the locale says.
        sys.stdout.flush()
        fh: IO[Any] = getattr(sys.stdout, "buffer", sys.stdout)
        owned = False
    elif isinstance(out, (str, os.PathLike)):
        # Written under a temporary name and renamed at the end: a reader never sees half a file,
        # and an interrupted run leaves no truncated output behind.
        dest = Path(out)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 -> the mode a plain open() gives
        fh = os.fdopen(fd, "w", encoding="utf-8")
        owned = True
    else:
        fh, owned = out, False
    binary = isinstance(fh, (io.BufferedIOBase, io.RawIOBase))
    try:
        for r in results:
            line = json.dumps(r.to_json(text_field, output_field), ensure_ascii=False) + "\n"
            fh.write(line.encode("utf-8") if binary else line)
            fh.flush()
            entry = r.report_entry()
            run.summary.add(entry, r.size)
            if keep_entries:
                run.entries.append(entry)
            if entries_to is not None:
                entries_to.write(json.dumps(entry, ensure_ascii=False) + "\n")
            bar.step(r.size)
    except BrokenPipeError:
        # The reader went away (`... -o - | head`): stop quietly; closing `results` cancels pending work.
        if to_stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        run.broken_pipe = True
    except BaseException:
        if owned:
            fh.close()
            os.unlink(tmp)
            owned = False
        raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
        bar.close()
        if owned:
            fh.close()
            os.replace(tmp, dest)
    run.summary.seconds = time.monotonic() - t0
    return run
