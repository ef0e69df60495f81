"""Folder runs: find inputs under SRC, repair each into OUT atomically, and write one report line per input."""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from .chunked import DEFAULT_MAX_EDITS, repair_bounded
from .config import RepairConfig
from .decode import decode_bytes
from .document import DEFAULT_MAX_BYTES, _kind, parse_document, read_input
from .errors import NotAFileError, TextrepairError  # noqa: F401 - NotAFileError re-exported

REPORT_NAME = "report.jsonl"
#: Written into OUT at the start of every folder run: the options ``--resume`` must match.
RUN_RECORD_NAME = ".textrepair-run.json"

SAME_FOLDER_ERROR_TEXT = (
    "refusing to write into the input folder: OUT ({out}) is SRC or inside it; "
    "choose an output folder outside {src}"
)


class UsageError(TextrepairError, ValueError):
    """A folder run was asked for something it must refuse (e.g. OUT inside SRC)."""


@dataclass(frozen=True)
class FileOutcome:
    """The report entry for one input, and the repaired text when it succeeded."""

    rel: str
    status: str  # "ok" or "error"
    report: dict[str, Any]
    text: str | None = None


@dataclass
class RunSummary:
    files: int = 0
    errors: int = 0
    edits: int = 0
    flagged_paragraphs: int = 0
    links: int = 0
    bytes_in: int = 0
    seconds: float = 0.0
    error_paths: list[str] = field(default_factory=list)
    error_messages: list[str] = field(default_factory=list)
    resumed: int = 0  # inputs a --resume run took from the previous report (counted in files too)


def check_folders(src: Path, out: Path) -> None:
    """Refuse OUT equal to or inside SRC (the input folder is never written to)."""
    s, o = src.resolve(), out.resolve()
    if o == s or s in o.parents:
        raise UsageError(SAME_FOLDER_ERROR_TEXT.format(out=out, src=src))
    if not s.is_dir():
        msg = f"{src} is not a folder"
        raise UsageError(msg)


def iter_inputs(src: Path, pattern: str = "*") -> Iterator[Path]:
    """Files under ``src`` matching ``pattern`` (on the file name), sorted, never leaving ``src``.

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


def walk_inputs(src: Path, pattern: str = "*") -> Iterator[InputEntry]:
    """Every entry under ``src`` whose name matches ``pattern``, sorted, as :class:`InputEntry`.

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
            if not fnmatch.fnmatch(name, pattern):
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
    report: dict[str, Any] = {"path": rel, "status": "error", "error": message}
    if sha256 is not None:
        report["sha256"] = sha256
    return FileOutcome(rel, "error", report)


def process_file(path: Path, rel: str, config: RepairConfig, max_bytes: int = DEFAULT_MAX_BYTES,
                 linker: Callable[[Any], list[dict[str, Any]]] | None = None, *,
                 max_edits: int = DEFAULT_MAX_EDITS) -> FileOutcome:
    """Read, repair and report one file; every failure becomes an error entry, never an exception.

    The entry records the input's SHA-256 (``--resume`` uses it to skip files already done).
    Large bodies are repaired in pieces and files needing more than ``max_edits`` edits are
    refused (:func:`textrepair.chunked.repair_bounded`).
    """
    links: list[dict[str, Any]] | None = None
    digest: str | None = None
    try:
        data = read_input(path, max_bytes)
        digest = hashlib.sha256(data).hexdigest()
        decoded = decode_bytes(data, path=str(path))
        del data
        doc = parse_document(decoded.text, path=str(path), encoding=decoded.encoding,
                             decode_notes=decoded.notes)
        del decoded
        if linker is not None:
            # Link first: substitutions learned from a linked record go to restoration (issue 3).
            links = linker(doc)
            pairs = tuple((p["spun"], p["original"]) for lk in links for p in lk.get("context_pairs", ()))
            if pairs:
                config = replace(config, context_pairs=tuple(dict.fromkeys((*config.context_pairs, *pairs))))
        result = repair_bounded(doc, config, max_edits=max_edits)
    except TextrepairError as err:
        return _error(rel, str(err), digest)
    except OSError as err:
        return _error(rel, f"{rel}: cannot read file ({err.strerror or err})", digest)
    except RecursionError:
        return _error(rel, f"{rel}: input nests too deeply to process", digest)
    except MemoryError:
        return _error(rel, f"{rel}: out of memory while repairing it (lower --max-bytes)", digest)
    report: dict[str, Any] = {
        "path": rel,
        "sha256": digest,
        "status": "ok",
        "encoding": doc.encoding,
        "decode_notes": list(doc.decode_notes),
        "changed": result.changed,
        "edits": [e.to_dict() for e in result.edits],
        "segments": [s.to_dict() for s in result.segments],
        "paragraphs": [p.to_dict() for p in result.scores],
        "suggestions": [s.to_dict() for s in result.suggestions],
    }
    if result.meta.get("pieces", 1) > 1:
        # Repaired in pieces (textrepair.chunked): "paragraphs" then lists flagged paragraphs only.
        report["pieces"] = result.meta["pieces"]
        report["paragraphs_scored"] = result.meta["paragraphs_scored"]
    if links is not None:
        report["links"] = links
    return FileOutcome(rel, "ok", report, result.text)


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write to a temporary name in the same folder, then rename: readers never see half a file.

    The rename makes a write all-or-nothing if the process is killed or interrupted. ``durable``
    also fsyncs before the rename (survives power loss); it is off for per-file outputs because
    one fsync per file was ~30% of a --no-restore run over the 1 MB benchmark corpus.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        # mkstemp creates the file 0600; an output gets the mode a plain open() would give it.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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


def _work(args: tuple[Path, str, RepairConfig, int, int]) -> FileOutcome:
    path, rel, config, max_bytes, max_edits = args
    return process_file(path, rel, config, max_bytes, max_edits=max_edits)


class Progress:
    """A one-line progress display on a terminal (files, MB, rate, ETA); silent when stderr is not a terminal.

    With ``total_bytes`` the ETA follows bytes (sizes vary far more than per-file cost does);
    ``total=0`` means the count is unknown (a stream), and then only counts and rates show.
    """

    #: Seconds between redraws: many small inputs must not turn progress into the bottleneck.
    REDRAW = 0.1

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 total_bytes: int = 0) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.total_bytes = total_bytes
        self.done = 0
        self.bytes = 0
        self.start = time.monotonic()
        self._drawn = 0.0

    def line(self) -> str:
        """The current progress line (without the carriage return)."""
        elapsed = max(time.monotonic() - self.start, 1e-9)
        mb, total_mb = self.bytes / 1e6, self.total_bytes / 1e6
        if self.total_bytes:
            frac = min(1.0, self.bytes / self.total_bytes)
        elif self.total:
            frac = min(1.0, self.done / self.total)
        else:
            frac = None
        files = f"{self.done}/{self.total} files" if self.total else f"{self.done} docs"
        d = 1 if max(mb, total_mb) >= 1 else 2  # small runs: 0.03 MB, not 0.0 MB
        size = f"{mb:.{d}f}/{total_mb:.{d}f} MB" if self.total_bytes else f"{mb:.{d}f} MB"
        rate = f"{mb / elapsed:.2f} MB/s"
        if frac is None:
            return f"{files}  {size}  {rate}  {elapsed:5.1f}s"
        eta = elapsed / frac - elapsed if frac > 0 else 0.0
        bar = "#" * int(frac * 30)
        return f"[{bar:<30}] {files}  {size}  {rate}  ETA {eta:5.1f}s"

    def step(self, n_bytes: int = 0) -> None:
        self.done += 1
        self.bytes += n_bytes
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn < self.REDRAW and self.done != self.total:
            return
        self._drawn = now
        self.stream.write("\r" + self.line())
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()


def clean_folder(src: Path, out: Path, *, pattern: str = "*", jobs: int = 1,
                 config: RepairConfig | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 progress: bool | None = None,
                 linker: Callable[[Any], list[dict[str, Any]]] | None = None,
                 max_edits: int = DEFAULT_MAX_EDITS, resume: bool = False,
                 run_options: Mapping[str, Any] | None = None) -> RunSummary:
    """Repair every matching file under ``src`` into ``out`` (same relative paths) plus ``out/report.jsonl``.

    Inputs are processed in sorted order and reported in that order whatever ``jobs`` is, so
    outputs and reports are byte-identical across runs and job counts. Each output is written
    to a temporary name and renamed, then its report line is written and flushed, so a killed
    run leaves complete outputs and a report of exactly the files it finished.

    ``resume`` continues such a run: an input whose report entry says ``ok`` with the SHA-256
    of its current bytes, and whose output exists, is taken over from the previous report
    instead of being repaired again (failed inputs are retried); new entries are appended as
    they finish, and at the end the report is rewritten in input order, so it is byte-identical
    to the report of one uninterrupted run. The options (``config``, limits, ``pattern`` and
    ``run_options``, e.g. the CLI's record options) are saved in ``out/.textrepair-run.json``
    and a resume with different options is refused.
    """
    check_folders(src, out)
    config = config or RepairConfig()
    out.mkdir(parents=True, exist_ok=True)
    options = _run_options(config, pattern, max_bytes, max_edits, run_options)
    report_path = out / REPORT_NAME
    previous: dict[str, dict[str, Any]] = {}
    if resume:
        previous = _load_previous_run(out, options)
    write_atomic(out / RUN_RECORD_NAME, (json.dumps(options, sort_keys=True, indent=1) + "\n").encode(),
                 durable=True)
    entries = [_reserved(e) for e in walk_inputs(src, pattern)]
    _remove_stale_parts(out, {e.rel for e in entries}, src)
    summary = RunSummary()
    t0 = time.monotonic()
    # Progress by bytes: sizes come from stat (cheap) so the ETA does not wait for the first large file.
    sizes = [_size(e.path) if e.problem is None else 0 for e in entries]
    bar = Progress(len(entries), enabled=progress, total_bytes=sum(sizes))
    reused = {e.rel: previous[e.rel] for e in entries if e.problem is None and _done_before(e, out, previous)}
    tasks = [(e.path, e.rel, config, max_bytes, max_edits) for e in entries
             if e.problem is None and e.rel not in reused]
    mode = "a" if resume and report_path.exists() else "w"
    # errors="backslashreplace": a file name that is not UTF-8 (bytes kept as surrogates by
    # os.walk) is written as a JSON \\udcXX escape, which reads back as the same name.
    with open(report_path, mode, encoding="utf-8", errors="backslashreplace") as report:
        if jobs > 1 and len(tasks) > 1 and linker is None:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_exit_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                done: Iterator[FileOutcome] = pool.map(_work, tasks, chunksize=4)
                _drain(_in_order(entries, reused, done), out, report, summary, bar, sizes,
                       src=src, skip_written=set(reused))
        else:
            done = (process_file(t[0], t[1], config, max_bytes, linker, max_edits=max_edits) for t in tasks)
            _drain(_in_order(entries, reused, done), out, report, summary, bar, sizes,
                   src=src, skip_written=set(reused))
    if mode == "a":
        _rewrite_report(report_path, entries, summary)
    summary.resumed = len(reused)
    bar.close()
    summary.seconds = time.monotonic() - t0
    return summary


def _run_options(config: RepairConfig, pattern: str, max_bytes: int, max_edits: int,
                 extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """Everything that decides a run's outputs, as JSON (what ``--resume`` must find unchanged)."""
    from . import __version__

    return json.loads(json.dumps({
        "textrepair": __version__,
        "config": dataclasses.asdict(config),
        "glob": pattern,
        "max_bytes": max_bytes,
        "max_edits": max_edits,
        **({"options": dict(extra)} if extra else {}),
    }, sort_keys=True, default=str))


def _load_previous_run(out: Path, options: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The previous run's report entries by path, after checking it used the same options.

    A torn last line (the run was killed while writing it) is cut off the report, so appending
    continues on a line boundary; later entries for a path win over earlier ones.
    """
    report_path = out / REPORT_NAME
    record_path = out / RUN_RECORD_NAME
    if not report_path.exists():
        return {}
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
    data = report_path.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) != len(data):
        with open(report_path, "r+b") as fh:
            fh.truncate(len(complete))
    previous: dict[str, dict[str, Any]] = {}
    for line in complete.decode("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            previous[entry["path"]] = entry
    return previous


def _sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _done_before(entry: InputEntry, out: Path, previous: dict[str, dict[str, Any]]) -> bool:
    """Whether a resumed run may take ``entry`` over: reported ok, same bytes, output present."""
    prev = previous.get(entry.rel)
    if not prev or prev.get("status") != "ok" or not prev.get("sha256"):
        return False
    target = out / entry.rel
    if target.is_symlink() or not target.is_file():
        return False
    return _sha256_file(entry.path) == prev["sha256"]


def _in_order(entries: list[InputEntry], reused: dict[str, dict[str, Any]],
              done: Iterator[FileOutcome]) -> Iterator[FileOutcome]:
    """Outcomes in input order: problems and reused entries in place, repaired files from ``done``."""
    for e in entries:
        if e.problem is not None:
            yield _error(e.rel, e.problem)
        elif e.rel in reused:
            prev = reused[e.rel]
            yield FileOutcome(e.rel, "ok", prev)
        else:
            yield next(done)


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
_PART_RE = re.compile(r"\..+\.[a-z0-9_]{8}\.part")


def _remove_stale_parts(out: Path, keep: set[str], src: Path) -> None:
    """Delete temporary files a killed run left in OUT (the outputs of inputs so named are kept;
    SRC is never entered, even when it lies inside OUT)."""
    root = src.resolve()
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames[:] = [d for d in dirnames if (Path(dirpath) / d).resolve() != root]
        for name in filenames:
            if _PART_RE.fullmatch(name):
                p = Path(dirpath) / name
                if _rel(p, out) not in keep:
                    try:
                        p.unlink()
                    except OSError:
                        pass


def _rewrite_report(report_path: Path, entries: list[InputEntry], summary: RunSummary) -> None:
    """The appended report of a resumed run, rewritten with one entry per input in input order."""
    latest: dict[str, str] = {}
    with open(report_path, encoding="utf-8") as fh:
        for line in fh:
            try:
                path = json.loads(line).get("path")
            except (ValueError, AttributeError):
                continue
            if isinstance(path, str):
                latest[path] = line if line.endswith("\n") else line + "\n"
    lines = [latest[e.rel] for e in entries if e.rel in latest]
    write_atomic(report_path, "".join(lines).encode("utf-8", errors="backslashreplace"), durable=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _output_problem(oc: FileOutcome, out: Path, src: Path | None,
                    written: dict[tuple[int, int], str]) -> str | None:
    """Why ``oc``'s output must not be written, or None. Outputs never land inside SRC (SRC inside
    OUT: "clean data/in -o data" would write data/in/x over input in/in/x) and two inputs never
    write one file (a case-insensitive or normalising file system under OUT maps "A.txt" and
    "a.txt", or NFC and NFD names, to one file: detected by its inode)."""
    target = out / oc.rel
    if src is not None:
        parent = target.parent.resolve()
        root = src.resolve()
        if parent == root or root in parent.parents:
            return f"{oc.rel}: its output {target} would land inside the input folder; not written"
    try:
        st = target.lstat()
    except OSError:
        return None
    other = written.get((st.st_dev, st.st_ino))
    if other is not None and other != oc.rel:
        return (f"{oc.rel}: its output {target} is the same file as the output of {other} "
                f"(a case-insensitive or normalising file system?); not written")
    return None


def _drain(outcomes: Iterator[FileOutcome], out: Path, report: TextIO, summary: RunSummary,
           bar: Progress, sizes: list[int] | None = None, *, src: Path | None = None,
           skip_written: set[str] | None = None) -> None:
    written: dict[tuple[int, int], str] = {}
    for rel in skip_written or ():
        try:
            st = (out / rel).lstat()
            written[(st.st_dev, st.st_ino)] = rel
        except OSError:
            pass
    for i, oc in enumerate(outcomes):
        size = sizes[i] if sizes is not None and i < len(sizes) else 0
        summary.files += 1
        summary.bytes_in += size
        if oc.rel == REPORT_NAME and oc.status == "ok":
            # (walk_inputs entries are checked up front by _reserved; this guards direct callers)
            msg = (f"{oc.rel}: an input named {REPORT_NAME} at the top of the input folder would "
                   f"overwrite the run report; rename it or use --glob to skip it")
            oc = _error(oc.rel, msg, oc.report.get("sha256"))
        is_new = not (skip_written and oc.rel in skip_written)
        if oc.status == "ok" and oc.text is not None and is_new:
            problem = _output_problem(oc, out, src, written)
            if problem is None:
                try:
                    target = out / oc.rel
                    write_atomic(target, oc.text.encode("utf-8"))
                    st = target.lstat()
                    written[(st.st_dev, st.st_ino)] = oc.rel
                except OSError as err:
                    where = f" ({err.filename})" if err.filename else ""
                    problem = f"{oc.rel}: cannot write its output: {err.strerror or err}{where}"
            if problem is not None:
                oc = _error(oc.rel, problem, oc.report.get("sha256"))
        if oc.status == "ok":
            summary.edits += len(oc.report.get("edits", ()))
            summary.flagged_paragraphs += sum(1 for p in oc.report.get("paragraphs", ()) if p.get("spun"))
            summary.links += len(oc.report.get("links", ()))
        else:
            summary.errors += 1
            summary.error_paths.append(oc.rel)
            summary.error_messages.append(str(oc.report.get("error", oc.rel)))
        if is_new:
            report.write(json.dumps(oc.report, ensure_ascii=False, sort_keys=True) + "\n")
            report.flush()
        bar.step(size)
