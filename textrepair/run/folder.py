"""Folder runs: find inputs under SRC, repair each into OUT atomically, and write one report line per input."""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import functools
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from ..core.config import RepairConfig
from ..core.errors import NotAFileError, TextrepairError, UsageError  # noqa: F401 - NotAFileError re-exported
from ..core.summary import RunSummary
from ..text.document import DEFAULT_MAX_BYTES, _kind, read_input
from ..text.files import _discard, _umask, write_atomic
from .bounded import DEFAULT_MAX_EDITS
from .collector import batch_collection, relax_for_batch
from .progress import Progress
from .worker import picklable, repair_input, report_entry

REPORT_NAME = "report.jsonl"
#: Written into OUT at the start of every folder run: the options ``--resume`` must match.
RUN_RECORD_NAME = ".textrepair-run.json"

SAME_FOLDER_ERROR_TEXT = (
    "refusing to write into the input folder: OUT ({out}) is SRC or inside it; "
    "choose an output folder outside {src}"
)


@dataclass(frozen=True)
class FileOutcome:
    """The report entry for one input, and the repaired text when it succeeded."""

    rel: str
    status: str  # "ok" or "error"
    report: dict[str, Any]
    text: str | None = None


#: What a folder run takes by default (``pattern=None``; issue 10): names ending in one of these
#: (any case) and names without an extension. Hidden files (".DS_Store") are left out.
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".text")


def is_text_name(name: str) -> bool:
    """Whether a file name is one the default selection takes (see :data:`TEXT_SUFFIXES`)."""
    if name.startswith("."):
        return False
    suffix = Path(name).suffix.lower()
    return suffix == "" or suffix in TEXT_SUFFIXES


def _selected(name: str, pattern: str | None) -> bool:
    return is_text_name(name) if pattern is None else fnmatch.fnmatch(name, pattern)


def check_folders(src: Path, out: Path) -> None:
    """Refuse OUT equal to or inside SRC (the input folder is never written to)."""
    s, o = src.resolve(), out.resolve()
    if o == s or s in o.parents:
        raise UsageError(SAME_FOLDER_ERROR_TEXT.format(out=out, src=src))
    if not s.is_dir():
        msg = f"{src} is not a folder"
        raise UsageError(msg)


def iter_inputs(src: Path, pattern: str | None = "*") -> Iterator[Path]:
    """Files under ``src`` matching ``pattern`` (on the file name; None: text files, see
    :func:`is_text_name`), sorted, never leaving ``src``.

    The files :func:`walk_inputs` would repair, plus broken links (reading them fails with an
    error the caller reports); links out of ``src``, links to folders, FIFOs, sockets and devices
    are left out, so nothing outside is read and nothing blocks.
    """
    for entry in walk_inputs(src, pattern):
        if entry.problem is None or entry.problem.endswith(_BROKEN_LINK):
            yield entry.path


@dataclass(frozen=True)
class InputEntry:
    """One entry found under SRC: a file to repair, or (``problem`` set) one to report and skip."""

    path: Path
    rel: str
    problem: str | None = None


def walk_inputs(src: Path, pattern: str | None = "*",
                skipped: Callable[[str], None] | None = None) -> Iterator[InputEntry]:
    """Every entry under ``src`` whose name matches ``pattern``, sorted, as :class:`InputEntry`.

    ``pattern`` is an fnmatch pattern on the file name, or None for text files by name
    (:func:`is_text_name`); ``skipped`` is called with the relative path of each name left out.

    Nothing outside ``src`` is read and nothing can hang the walk: links to folders are not
    followed (a link loop is one reported entry), a link to a file is followed only when its
    target lies inside ``src``, FIFOs, sockets and devices are reported without being opened,
    and a folder that cannot be listed is reported instead of silently skipped.
    """
    root = src.resolve()
    unlisted: list[OSError] = []

    def report_unlisted() -> Iterator[InputEntry]:
        while unlisted:
            err = unlisted.pop(0)
            where = Path(err.filename) if err.filename else src
            rel = _rel(where, src)
            yield InputEntry(where, rel, f"{rel}: cannot list folder ({err.strerror or err})")

    for dirpath, dirnames, filenames in os.walk(src, onerror=unlisted.append, followlinks=False):
        yield from report_unlisted()
        dirnames.sort()
        base = Path(dirpath)
        linked_dirs = [d for d in dirnames if (base / d).is_symlink()]
        names = sorted(filenames + linked_dirs)
        dirnames[:] = [d for d in dirnames if d not in linked_dirs]
        for name in names:
            if not _selected(name, pattern):
                if skipped is not None:
                    skipped(_rel(base / name, src))
                continue
            p = base / name
            rel = _rel(p, src)
            yield InputEntry(p, rel, _problem(p, rel, root))
    yield from report_unlisted()


_BROKEN_LINK = "broken symbolic link (its target is missing or the links form a loop)"


def _rel(p: Path, src: Path) -> str:
    try:
        return p.relative_to(src).as_posix()
    except ValueError:
        return p.as_posix()


def _problem(p: Path, rel: str, root: Path) -> str | None:
    """Why ``p`` is not read (a message naming it), or None when it is a file to repair."""
    try:
        st = p.lstat()
    except OSError as err:
        return f"{rel}: cannot read file ({err.strerror or err})"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = p.resolve(strict=True)
        except (OSError, RuntimeError):
            return f"{rel}: {_BROKEN_LINK}"
        if target.is_dir():
            return f"{rel}: symbolic link to a folder; links to folders are not followed"
        if root not in target.parents:
            return f"{rel}: symbolic link to a file outside the input folder ({target}); not followed"
        try:
            st = target.stat()
        except OSError as err:
            return f"{rel}: cannot read file ({err.strerror or err})"
    if not stat.S_ISREG(st.st_mode):
        return f"{rel}: {_kind(st.st_mode)}, not a regular file; skipped"
    return None


def _error(rel: str, message: str, sha256: str | None = None) -> FileOutcome:
    return FileOutcome(rel, "error", report_entry(rel, None, message, sha256=sha256))


def process_file(path: Path, rel: str, config: RepairConfig, max_bytes: int = DEFAULT_MAX_BYTES,
                 linker: Callable[[Any], list[dict[str, Any]]] | None = None, *,
                 max_edits: int = DEFAULT_MAX_EDITS, data: bytes | None = None) -> FileOutcome:
    """Read, link, repair and report one file (:func:`textrepair.run.worker.repair_input`); every
    failure becomes an error entry, never an exception.

    The entry records the input's SHA-256 (``--resume`` uses it to skip files already done).
    Large bodies are repaired in pieces and files needing more than ``max_edits`` edits are
    refused (:func:`textrepair.run.bounded.repair_bounded`). ``data``: the file's bytes when
    they were already read (a cluster worker gets them from the client).
    """
    oc = repair_input(rel, config, path=path, max_bytes=max_bytes, max_edits=max_edits, linker=linker,
                      digest=True, data=data)
    return FileOutcome(rel, oc.status, oc.entry(), None if oc.result is None else oc.result.text)


def _exit_with_parent(parent: int) -> None:
    """Pool worker initializer: end the worker when the run that started it is gone. A run killed
    with SIGKILL cannot stop its pool, and the workers would otherwise wait forever for work."""
    import signal
    import threading

    # The CLI turns SIGTERM into KeyboardInterrupt in the run; a forked worker inherits that, and
    # must instead end at once when terminated.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="textrepair-parent-watch", daemon=True).start()


#: The run's linker in a pool worker (set by _init_worker, or inherited through fork).
_WORKER_LINKER: Callable[[Any], list[dict[str, Any]]] | None = None


def _init_worker(parent: int, linker: Callable[[Any], list[dict[str, Any]]] | None) -> None:
    """Pool worker initializer: watch the parent, relax the garbage collector for a batch
    (:mod:`textrepair.run.collector`), and take the run's linker (once per worker)."""
    global _WORKER_LINKER
    _exit_with_parent(parent)
    relax_for_batch()
    if linker is not None:
        _WORKER_LINKER = linker


def _work(args: tuple[Path, str, RepairConfig, int, int], data: bytes | None = None) -> FileOutcome:
    path, rel, config, max_bytes, max_edits = args
    return process_file(path, rel, config, max_bytes, _WORKER_LINKER, max_edits=max_edits, data=data)


def _submit_read(executor: Executor, args: tuple[Path, str, RepairConfig, int, int]) -> Any:
    """Read one input here and send its bytes to ``executor`` (its workers need no access to SRC).

    An input that cannot be read gets, here, the entry a local run gives it; a
    :class:`TextrepairError` from the executor (textrepair.run.cluster: a worker died on this input
    more often than the scheduler retries) becomes this input's error entry, not the run's end.
    """
    path, rel, config, max_bytes, max_edits = args
    try:
        data = read_input(path, max_bytes)
    except (TextrepairError, OSError, MemoryError):
        return process_file(path, rel, config, max_bytes, max_edits=max_edits)  # the same error entry
    digest = hashlib.sha256(data).hexdigest()
    done: Future[FileOutcome] = Future()

    def forward(fut: Future[FileOutcome]) -> None:
        try:
            done.set_result(fut.result())
        except TextrepairError as err:
            done.set_result(_error(rel, f"{rel}: {err}", digest))
        except BaseException as err:  # noqa: BLE001 - handed to the reader of ``done``
            done.set_exception(err)

    executor.submit(_work, args, data).add_done_callback(forward)
    return done


def linker_reaches_workers(linker: Callable[[Any], list[dict[str, Any]]] | None) -> bool:
    """Whether a ``jobs > 1`` run can give ``linker`` to its worker processes: it pickles, or
    (a linker holding a record index does not) workers can be forked. When not (Windows, with an
    unpicklable linker), :func:`clean_folder` repairs in this process instead."""
    import multiprocessing

    return linker is None or "fork" in multiprocessing.get_all_start_methods() or picklable(linker)


@contextlib.contextmanager
def _pool(jobs: int, linker: Callable[[Any], list[dict[str, Any]]] | None) -> Iterator[ProcessPoolExecutor | None]:
    """A worker pool for ``jobs`` processes that gives each worker ``linker`` (None when it cannot,
    see :func:`linker_reaches_workers`)."""
    import multiprocessing

    global _WORKER_LINKER
    kwargs: dict[str, Any] = {"initializer": _init_worker, "initargs": (os.getpid(), linker)}
    if linker is not None and not picklable(linker):
        if not linker_reaches_workers(linker):
            yield None
            return
        # A linker holding unpicklable state (a record index) reaches forked workers by
        # inheritance: set here, before the pool forks (workers start on the first submit).
        _WORKER_LINKER = linker
        kwargs = {"initializer": _init_worker, "initargs": (os.getpid(), None),
                  "mp_context": multiprocessing.get_context("fork")}
    try:
        with ProcessPoolExecutor(max_workers=jobs, **kwargs) as pool:
            yield pool
    finally:
        _WORKER_LINKER = None


def clean_folder(src: Path, out: Path, *, pattern: str | None = "*", jobs: int = 1,
                 config: RepairConfig | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 progress: bool | None = None,
                 linker: Callable[[Any], list[dict[str, Any]]] | None = None,
                 max_edits: int = DEFAULT_MAX_EDITS, resume: bool = False,
                 run_options: Mapping[str, Any] | None = None, executor: Executor | None = None) -> RunSummary:
    """Repair every matching file under ``src`` into ``out`` (same relative paths) plus ``out/report.jsonl``.

    ``pattern`` is an fnmatch pattern on file names, or None for text files by name
    (:data:`TEXT_SUFFIXES` and names without an extension); the files None leaves out are
    counted and listed in the summary (``skipped``, ``skipped_suffixes``, ``skipped_paths``),
    not reported.

    Inputs are processed in sorted order and reported in that order whatever ``jobs`` is, so
    outputs and reports are byte-identical across runs and job counts. Each output is written
    to a temporary name and renamed, then its report line is written and flushed, so a killed
    run leaves complete outputs and a report of exactly the files it finished. Memory does not
    grow with the number of files: the folder is walked as a stream (once to count for the
    progress line, once to work) and at most a few files per worker are in flight.

    With ``linker`` (links each document to records first, see :class:`textrepair.link.DocumentLinker`)
    the workers get the linker once each (pickled, or inherited by fork); outputs and report are
    the same as with ``jobs=1``.

    ``resume`` continues such a run: an input whose report entry says ``ok`` with the SHA-256
    of its current bytes, and whose output exists, is taken over from the previous report
    instead of being repaired again (failed inputs are retried); new entries are appended as
    they finish, and at the end the report is rewritten in input order, so it is byte-identical
    to the report of one uninterrupted run. The options (``config``, limits, ``pattern`` and
    ``run_options``, e.g. the CLI's record options) are saved in ``out/.textrepair-run.json``
    and a resume with different options is refused.

    ``executor`` (any ``concurrent.futures.Executor``; :mod:`textrepair.run.cluster` makes one for
    a Dask cluster) repairs instead of a local pool: this process reads each input and sends its
    bytes, so the workers need no access to SRC, and at most ``8 * jobs`` inputs are in flight.
    Outputs and report are those of a local run.
    """
    check_folders(src, out)
    if executor is not None and linker is not None:
        raise UsageError("a run on an executor cannot link to records yet; link in a local run")
    config = config or RepairConfig()
    out.mkdir(parents=True, exist_ok=True)
    options = _run_options(config, pattern, max_bytes, max_edits, run_options)
    report_path = out / REPORT_NAME
    previous = _PreviousRun.open(out, options) if resume else None
    write_atomic(out / RUN_RECORD_NAME, (json.dumps(options, sort_keys=True, indent=1) + "\n").encode(),
                 durable=True)
    _remove_stale_parts(out, src)
    summary = RunSummary()
    t0 = time.monotonic()
    # Progress by bytes: sizes come from stat (cheap) so the ETA does not wait for the first large file.
    total = total_bytes = 0
    for e in walk_inputs(src, pattern, skipped=summary.skip if pattern is None else None):
        total += 1
        total_bytes += _size(e.path) if e.problem is None else 0
    bar = Progress(total, enabled=progress, total_bytes=total_bytes)
    fold = _name_folding(out)
    # errors="backslashreplace": a file name that is not UTF-8 (bytes kept as surrogates by
    # os.walk) is written as a JSON \\udcXX escape, which reads back as the same name.
    with (batch_collection(),
          open(report_path, "a" if previous else "w", encoding="utf-8", errors="backslashreplace") as report):
        try:
            with _pool(jobs, linker) if executor is None and jobs > 1 and total > 1 else contextlib.nullcontext() as pool:
                if executor is not None:
                    # 8 inputs in flight per worker thread: a Dask round trip on a LocalCluster took
                    # 9 ms per task with 4, 5.5 ms with 8, 5 ms with 32 (bench_cluster.py, 2026-12-07).
                    _drain(_outcomes(walk_inputs(src, pattern), out, config, max_bytes, max_edits, previous,
                                     functools.partial(_submit_read, executor), window=8 * max(1, jobs)),
                           out, report, summary, bar, src=src, fold=fold)
                elif pool is not None:
                    def submit(t: tuple[Path, str, RepairConfig, int, int]) -> Future[FileOutcome]:
                        return pool.submit(_work, t)

                    items = _outcomes(walk_inputs(src, pattern), out, config, max_bytes, max_edits,
                                      previous, submit, window=4 * jobs)
                    _drain(items, out, report, summary, bar, src=src, fold=fold)
            if pool is None and executor is None:
                def run(t: tuple[Path, str, RepairConfig, int, int]) -> FileOutcome:
                    return process_file(t[0], t[1], t[2], t[3], linker, max_edits=t[4])

                items = _outcomes(walk_inputs(src, pattern), out, config, max_bytes, max_edits,
                                  previous, run, window=1)
                _drain(items, out, report, summary, bar, src=src, fold=fold)
        finally:
            if previous is not None:
                previous.close()
    if previous is not None:
        _rewrite_report(report_path, src, pattern)
    bar.close()
    summary.seconds = time.monotonic() - t0
    return summary


def _run_options(config: RepairConfig, pattern: str | None, max_bytes: int, max_edits: int,
                 extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """Everything that decides a run's outputs, as JSON (what ``--resume`` must find unchanged)."""
    from ..core.version import __version__

    return json.loads(json.dumps({
        "textrepair": __version__,
        "config": dataclasses.asdict(config),
        "glob": pattern,
        "max_bytes": max_bytes,
        "max_edits": max_edits,
        **({"options": dict(extra)} if extra else {}),
    }, sort_keys=True, default=str))


def _report_index(report_path: Path) -> dict[str, int]:
    """Byte offset of the last report line for each path (later lines win): an index, not the
    entries, so a report of a million files is never held in memory."""
    index: dict[str, int] = {}
    with open(report_path, "rb") as fh:
        offset = 0
        for line in fh:
            try:
                path = json.loads(line).get("path")
            except (ValueError, AttributeError):
                path = None
            if isinstance(path, str):
                index[path] = offset
            offset += len(line)
    return index


class _PreviousRun:
    """The report of the run ``--resume`` continues: which entries it has, read one at a time."""

    def __init__(self, report_path: Path, index: dict[str, int]) -> None:
        self.index = index
        self.fh = open(report_path, "rb")  # noqa: SIM115 - closed by close()

    @classmethod
    def open(cls, out: Path, options: dict[str, Any]) -> _PreviousRun | None:
        """The previous run in ``out`` after checking it used the same options (None: nothing to resume).

        A torn last line (the run was killed while writing it) is cut off the report, so
        appending continues on a line boundary.
        """
        report_path = out / REPORT_NAME
        record_path = out / RUN_RECORD_NAME
        if not report_path.exists():
            return None
        try:
            recorded = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            msg = (f"cannot resume: {record_path} is missing or unreadable ({err}); "
                   f"run again without --resume")
            raise UsageError(msg) from err
        if recorded != options:
            changed = sorted(k for k in set(recorded) | set(options) if recorded.get(k) != options.get(k))
            msg = (f"cannot resume: the previous run in {out} used different options "
                   f"({', '.join(changed)}); run again without --resume, or with the same options")
            raise UsageError(msg)
        with open(report_path, "r+b") as fh:
            size = fh.seek(0, os.SEEK_END)
            keep = size
            while keep > 0:  # back to the last newline
                fh.seek(max(0, keep - 65536))
                block = fh.read(keep - max(0, keep - 65536))
                nl = block.rfind(b"\n")
                if nl >= 0:
                    keep = max(0, keep - 65536) + nl + 1
                    break
                keep = max(0, keep - 65536)
            if keep != size:
                fh.truncate(keep)
        return cls(report_path, _report_index(report_path))

    def entry(self, rel: str) -> dict[str, Any] | None:
        offset = self.index.get(rel)
        if offset is None:
            return None
        self.fh.seek(offset)
        try:
            entry = json.loads(self.fh.readline())
        except ValueError:
            return None
        return entry if isinstance(entry, dict) else None

    def close(self) -> None:
        self.fh.close()


def _sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _reusable(entry: InputEntry, out: Path, previous: _PreviousRun | None) -> dict[str, Any] | None:
    """The previous report entry of ``entry`` when a resumed run may take it over: reported ok,
    with the SHA-256 of the input's current bytes, and its output still present."""
    if previous is None or entry.rel not in previous.index:
        return None
    prev = previous.entry(entry.rel)
    if not prev or prev.get("status") != "ok" or not prev.get("sha256"):
        return None
    target = out / entry.rel
    if target.is_symlink() or not target.is_file():
        return None
    return prev if _sha256_file(entry.path) == prev["sha256"] else None


# One in-order item of a run: the outcome (or the future that will hold it), the input's size for
# the progress line, and whether the report line is new (False: taken over by --resume).
_Slot = tuple[Any, int, bool]


def _outcomes(entries: Iterator[InputEntry], out: Path, config: RepairConfig, max_bytes: int,
              max_edits: int, previous: _PreviousRun | None,
              submit: Callable[[tuple[Path, str, RepairConfig, int, int]], Any],
              window: int) -> Iterator[tuple[FileOutcome, int, bool]]:
    """``(outcome, size, is_new)`` for each entry, in input order.

    Problems and entries taken over by ``--resume`` need no work; the rest go to ``submit``,
    which returns an outcome (serial runs) or a future (pool runs). At most ``window`` futures
    are in flight and at most ``4 * window`` items wait to be written, so memory stays bounded
    however many files the folder holds and however slow one of them is.
    """
    pending: deque[_Slot] = deque()
    in_flight = 0
    for e in map(_reserved, entries):
        if e.problem is not None:
            pending.append((_error(e.rel, e.problem), 0, True))
        elif (prev := _reusable(e, out, previous)) is not None:
            pending.append((FileOutcome(e.rel, "ok", prev), _size(e.path), False))
        else:
            result = submit((e.path, e.rel, config, max_bytes, max_edits))
            in_flight += isinstance(result, Future)
            pending.append((result, _size(e.path), True))
        while pending and (not isinstance(pending[0][0], Future) or in_flight >= window
                           or len(pending) >= 4 * window):
            head, size, new = pending.popleft()
            if isinstance(head, Future):
                in_flight -= 1
                head = head.result()
            yield head, size, new
    while pending:
        head, size, new = pending.popleft()
        yield (head.result() if isinstance(head, Future) else head), size, new


def _reserved(entry: InputEntry) -> InputEntry:
    """OUT/report.jsonl and OUT/.textrepair-run.json belong to the run: an input of either name at
    the top of SRC would overwrite one (or be overwritten), so it is reported instead."""
    if entry.problem is None and entry.rel in (REPORT_NAME, RUN_RECORD_NAME):
        what = "run report" if entry.rel == REPORT_NAME else "run record"
        msg = (f"{entry.rel}: an input named {entry.rel} at the top of the input folder would "
               f"overwrite the {what}; rename it or use --glob to skip it")
        return replace(entry, problem=msg)
    return entry


# write_atomic's temporary names: "." + name + "." + 8 random characters (tempfile) + ".part".
_PART_RE = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.part")


def _remove_stale_parts(out: Path, src: Path) -> None:
    """Delete temporary files a killed run left in OUT. A file so named is kept when it is the
    output of an input of that name; SRC is never entered, even when it lies inside OUT."""
    root = src.resolve()
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames[:] = [d for d in dirnames if (Path(dirpath) / d).resolve() != root]
        for name in filenames:
            if _PART_RE.fullmatch(name):
                p = Path(dirpath) / name
                if (src / _rel(p, out)).exists():
                    continue
                try:
                    p.unlink()
                except OSError:
                    pass


def _rewrite_report(report_path: Path, src: Path, pattern: str | None) -> None:
    """The appended report of a resumed run, rewritten with one line per input in input order
    (copied line by line through an offset index; written to a temporary file and renamed)."""
    index = _report_index(report_path)
    fd, tmp = tempfile.mkstemp(prefix=f".{report_path.name}.", suffix=".part", dir=report_path.parent)
    try:
        with open(report_path, "rb") as src_fh, os.fdopen(fd, "wb") as dst:
            for e in walk_inputs(src, pattern):
                offset = index.get(e.rel)
                if offset is not None:
                    src_fh.seek(offset)
                    dst.write(src_fh.readline())
            dst.flush()
            os.fsync(dst.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, report_path)
    except BaseException:
        _discard(tmp)
        raise


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _name_folding(out: Path) -> Callable[[str], str] | None:
    """How OUT's file system folds names, probed once: None on a case-sensitive, normalisation-
    sensitive one (Linux); else the folding (casefold and/or NFC) under which two different
    input paths would name one output file (macOS, Windows, ext4 casefold folders, FAT)."""
    import unicodedata

    probes = {"case": (".textrepair-probe-Aa", ".textrepair-probe-aA"),
              "nfc": (".textrepair-probe-\u00e9", ".textrepair-probe-e\u0301")}
    found: set[str] = set()
    for kind, (name, other) in probes.items():
        p = out / name
        try:
            p.touch()
            try:
                if (out / other).exists():
                    found.add(kind)
            finally:
                p.unlink()
        except OSError:
            continue
    if not found:
        return None

    def fold(rel: str) -> str:
        if "nfc" in found:
            rel = unicodedata.normalize("NFC", rel)
        return rel.casefold() if "case" in found else rel

    return fold


def _output_problem(oc: FileOutcome, out: Path, src: Path | None, seen: dict[str, str] | None,
                    fold: Callable[[str], str] | None,
                    resolved: dict[Path, Path] | None = None) -> str | None:
    """Why ``oc``'s output must not be written, or None. Outputs never land inside SRC (SRC inside
    OUT: "clean data/in -o data" would write data/in/x over input in/x) and two inputs never
    write one file (on a file system that folds names, "A.txt" and "a.txt", or the NFC and NFD
    forms of a name, are one file).

    ``resolved`` remembers resolved folders across one run's outputs (SRC, and each output's
    folder: most share one). A run only ever adds real folders and files to OUT, so a folder
    resolves the same for its later outputs; two resolves per file were ~2% of a run over the
    benchmark corpus (bench_clean.py, 2026-12-07)."""
    target = out / oc.rel
    if src is not None:
        cache: dict[Path, Path] = {} if resolved is None else resolved
        folder = target.parent
        parent = cache.get(folder)
        if parent is None:
            parent = cache[folder] = folder.resolve()
        root = cache.get(src)
        if root is None:
            root = cache[src] = src.resolve()
        if parent == root or root in parent.parents:
            return f"{oc.rel}: its output {target} would land inside the input folder; not written"
    if fold is not None and seen is not None:
        other = seen.setdefault(fold(oc.rel), oc.rel)
        if other != oc.rel:
            return (f"{oc.rel}: its output {target} is the same file as the output of {other} "
                    f"(the output folder's file system does not tell their names apart); not written")
    return None


def _drain(outcomes: Iterator[tuple[FileOutcome, int, bool]], out: Path, report: TextIO,
           summary: RunSummary, bar: Progress, *, src: Path | None = None,
           fold: Callable[[str], str] | None = None) -> None:
    """Write each outcome's output and report line, in order, and count it in ``summary``."""
    seen: dict[str, str] | None = {} if fold is not None else None
    resolved: dict[Path, Path] = {}
    for oc, size, is_new in outcomes:
        if oc.rel == REPORT_NAME and oc.status == "ok" and is_new:
            # (walk_inputs entries are checked up front by _reserved; this guards direct callers)
            msg = (f"{oc.rel}: an input named {REPORT_NAME} at the top of the input folder would "
                   f"overwrite the run report; rename it or use --glob to skip it")
            oc = _error(oc.rel, msg, oc.report.get("sha256"))
        if not is_new:
            summary.resumed += 1
            if seen is not None and fold is not None:
                seen.setdefault(fold(oc.rel), oc.rel)
        elif oc.status == "ok" and oc.text is not None:
            problem = _output_problem(oc, out, src, seen, fold, resolved)
            if problem is None:
                try:
                    write_atomic(out / oc.rel, oc.text.encode("utf-8"))
                except OSError as err:
                    where = f" ({err.filename})" if err.filename else ""
                    problem = f"{oc.rel}: cannot write its output: {err.strerror or err}{where}"
            if problem is not None:
                oc = _error(oc.rel, problem, oc.report.get("sha256"))
        summary.add(oc.report, size)
        if is_new:
            report.write(json.dumps(oc.report, ensure_ascii=False, sort_keys=True) + "\n")
            report.flush()
        bar.step(size)
