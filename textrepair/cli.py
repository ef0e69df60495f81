"""The command line: argument parsing only, mapped onto library calls (``main(argv) -> int``)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .core.config import DOMAINS, RepairConfig
from .core.errors import TextrepairError, UsageError
from .core.version import __version__
from .pipeline import repair_document
from .run.bounded import DEFAULT_MAX_EDITS
from .run.folder import clean_folder, linker_reaches_workers
from .text.decode import decode_bytes
from .text.document import DEFAULT_MAX_BYTES, parse_document, read_document

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
#: Version of ``repair --format json``'s layout (docs/cli.md). 2: "stages" summarises each stage
#: (its name and edit count) unless --plan asks for every stage's edits. 3: an edit names the text
#: it replaces "found" (was "original"), and the stages include "detect" (issue 11).
JSON_SCHEMA = 3


def _whole_number(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``least`` (anything else is a usage error, exit 2)."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
        if n < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}, not {n}")
        return n

    return parse


def _unit_interval(value: str) -> float:
    """An argparse type: a number in [0, 1] (scores and thresholds)."""
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], not {value!r}") from None
    if not 0.0 <= x <= 1.0:  # (also refuses nan)
        raise argparse.ArgumentTypeError(f"must be in [0, 1], not {value}")
    return x


def _check_tables(paths: Sequence[str]) -> None:
    """Read every ``--table`` up front: a missing or malformed table is a usage error (exit 2),
    not an error repeated for every input file."""
    if paths:
        from .spin.match import table_set

        table_set(list(paths))  # reads only these tables (cached for the run)


def _add_repair_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-restore", action="store_true", help="only fix mangled text; do not undo spinning")
    p.add_argument("--threshold", type=_unit_interval, default=None, metavar="P",
                   help="paragraph spin score in [0, 1] above which restoration runs (default: calibrated)")
    p.add_argument("--table", action="append", default=[], metavar="FILE",
                   help="an extra phrase table (TSV; format in docs/data.md, or a PPS CSV export); may be repeated")
    p.add_argument("--typography", action="store_true",
                   help="also normalise typography (straight quotes, ligatures, widths)")
    p.add_argument("--max-bytes", type=_whole_number(1), default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"refuse files larger than N bytes (default {DEFAULT_MAX_BYTES:,})")
    _add_domain_option(p)


def _add_domain_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--domain", choices=DOMAINS, default="news",
                   help="substitution knowledge to use: 'news' (spinner tables, the default) or 'science' "
                        "(tortured phrases of paper mills; --table then takes a PPS CSV export or a phrase "
                        "table, and --threshold is the confidence from which a finding is applied)")


def _config(args: argparse.Namespace) -> RepairConfig:
    return RepairConfig(restore=not args.no_restore, threshold=args.threshold,
                        tables=tuple(args.table), normalize_typography=args.typography, domain=args.domain)


def _run_clean(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        return _run_clean_jsonl(args)
    if args.src is None:
        raise UsageError("clean needs SRC (a folder) or --jsonl IN (a JSON Lines file, '-' for stdin)")
    from .report.html import format_summary, write_report_html

    src, out = Path(args.src), Path(args.output)
    config = _config(args)
    _check_tables(args.table)
    linker = _linker(args) if args.records else None
    if args.jobs > 1 and not linker_reaches_workers(linker):
        raise UsageError("--jobs with --records needs worker processes started by fork, which this "
                         "platform lacks; run with --jobs 1")
    # What else decides the outputs, for --resume to check (records change restoration).
    run_options = {"records": str(Path(args.records).resolve()), "related": args.related,
                   "link_threshold": args.link_threshold} if args.records else None
    with _sigterm_as_interrupt():  # a terminated run cleans up its temporary file like Ctrl-C
        summary = clean_folder(src, out, pattern=args.glob, jobs=args.jobs, config=config,
                               max_bytes=args.max_bytes, linker=linker, max_edits=args.max_edits,
                               resume=args.resume, run_options=run_options, executor=getattr(args, "executor", None))
    if summary.resumed:
        print(f"resumed: {summary.resumed} file(s) taken over from the previous run", file=sys.stderr)
    print(format_summary(summary), file=sys.stderr)
    if summary.skipped:
        print(_skipped_note(summary), file=sys.stderr)
    print(f"report: {out / 'report.jsonl'}", file=sys.stderr)
    if args.report_html:
        write_report_html(out / "report.jsonl", args.report_html, outputs=out, summary=summary)
        print(f"HTML report: {args.report_html}", file=sys.stderr)
    for message in summary.error_messages[:20]:
        print(f"  error: {message}", file=sys.stderr)
    if summary.errors > 20:
        print(f"  ... and {summary.errors - 20} more (see the report)", file=sys.stderr)
    return EXIT_SOME_FAILED if summary.errors else EXIT_OK


def _skipped_note(summary: Any) -> str:
    """What the default selection left out: counts by kind, then the first paths."""
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.skipped_suffixes.items(), key=lambda kv: (-kv[1], kv[0])))
    lines = [f"skipped {summary.skipped} file(s) that are not text files by name ({kinds}); "
             f"choose files with --glob (e.g. --glob '*' for every file):"]
    lines += [f"  skipped: {rel}" for rel in summary.skipped_paths]
    if summary.skipped > len(summary.skipped_paths):
        lines.append(f"  ... and {summary.skipped - len(summary.skipped_paths)} more")
    return "\n".join(lines)


def _on_dask(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """``clean --dask ADDRESS``: ``run`` with ``args.executor`` on an existing Dask cluster (None
    without --dask) and ``args.jobs`` set to its worker threads. This process reads the inputs and
    writes OUT and the report, so outputs, report, --resume and exit status are a local run's;
    the workers need the same textrepair, not the files (see textrepair.run.cluster)."""
    def on_dask(args: argparse.Namespace) -> int:
        if getattr(args, "dask", None) is None:
            return run(args)
        if args.jobs != 1:
            raise UsageError("--jobs starts local worker processes; with --dask the cluster's workers repair")
        if args.records:
            raise UsageError("--records cannot be used with --dask yet; link in a local run")
        _check_tables(args.table)  # a bad table: the local usage error, before any connection
        from .run.cluster import open_cluster

        with open_cluster(args.dask, _config(args)) as cluster:
            print(f"dask: {cluster.address}: {cluster.workers} workers, {cluster.threads} threads",
                  file=sys.stderr)
            args.executor, args.jobs = cluster.executor, cluster.threads
            return run(args)

    return on_dask


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while a folder run works (main thread only), so the
    temporary file being written is removed and the exit status is 130, as for Ctrl-C."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_clean_jsonl(args: argparse.Namespace) -> int:
    """``clean --jsonl IN -o OUT``: one output object per input line ('-' is stdin / stdout)."""
    from .report.html import format_summary, write_report_html
    from .run.collector import batch_collection
    from .run.stream import iter_jsonl, repair_stream, write_jsonl

    if args.resume:
        raise UsageError("--resume works with a folder SRC, not with --jsonl input")
    if args.src is not None:
        raise UsageError("give either SRC (a folder) or --jsonl IN, not both")
    if args.glob is not None:
        raise UsageError("--glob applies to folders, not to --jsonl input")
    if "-" not in (args.jsonl, args.output) and Path(args.output).resolve() == Path(args.jsonl).resolve():
        raise UsageError(f"refusing to overwrite the input {args.jsonl}: choose another output file")
    total = 0 if args.jsonl == "-" else Path(args.jsonl).stat().st_size if Path(args.jsonl).is_file() else 0
    config = _config(args)
    _check_tables(args.table)
    linker = _linker(args) if args.records else None
    if args.jobs > 1 and not linker_reaches_workers(linker):
        raise UsageError("--jobs with --records needs worker processes started by fork, which this "
                         "platform lacks; run with --jobs 1")
    items = iter_jsonl(args.jsonl, text_field=args.text_field, max_bytes=args.max_bytes)
    results = repair_stream(items, config, jobs=args.jobs, max_bytes=args.max_bytes, linker=linker,
                            max_edits=args.max_edits, executor=getattr(args, "executor", None))
    # Report entries for --report-html go to a spool file, not memory: the input may be any size.
    spool = tempfile.TemporaryFile("w+", encoding="utf-8") if args.report_html else None
    with batch_collection():  # a batch run, as a folder run (textrepair.run.collector)
        run = write_jsonl(results, args.output, text_field=args.text_field, output_field=args.output_field,
                          progress=None, total_bytes=total, entries_to=spool)
    print(format_summary(run.summary), file=sys.stderr)
    if run.broken_pipe:
        print(f"textrepair: output closed after {run.summary.files} records; stopped", file=sys.stderr)
    for message in run.summary.error_messages[:20]:
        print(f"  error: {message}", file=sys.stderr)
    if run.summary.errors > 20:
        print(f"  ... and {run.summary.errors - 20} more (see the output records)", file=sys.stderr)
    if spool is not None:
        with spool:
            spool.seek(0)
            write_report_html((json.loads(line) for line in spool), args.report_html, summary=run.summary,
                              title=f"textrepair run report: {args.jsonl}")
        print(f"HTML report: {args.report_html}", file=sys.stderr)
    return EXIT_SOME_FAILED if run.summary.errors else EXIT_OK


def _run_repair(args: argparse.Namespace) -> int:
    if args.file != "-" and Path(args.file).is_dir():
        raise UsageError(f"{args.file} is a folder; repair takes one file. "
                         f"To repair a folder: textrepair clean {args.file} -o OUT")
    if args.file == "-":
        data = sys.stdin.buffer.read()
        decoded = decode_bytes(data, path="<stdin>")
        doc = parse_document(decoded.text, path="<stdin>", encoding=decoded.encoding,
                             decode_notes=decoded.notes)
    else:
        doc = read_document(args.file, max_bytes=args.max_bytes)
    if args.plan and args.format != "json":
        raise UsageError("--plan adds the stage-by-stage plan to --format json; use it with --format json")
    result = repair_document(doc, _config(args))
    if args.explain or args.diff:
        from .report.explain import explain_edits, word_diff

        name = "<stdin>" if args.file == "-" else args.file
        if args.explain:
            _write_stdout(explain_edits(doc.text, result.edits, path=name, suggestions=result.suggestions))
        else:
            _write_stdout(word_diff(doc.text, result.edits, path=name))
    elif args.format == "json":
        payload: dict[str, Any] = {"schema": JSON_SCHEMA, **result.to_dict(plan=args.plan)}
        payload["paragraphs"] = payload.get("paragraphs") or [
            {"start": p.start, "end": p.end} for p in doc.paragraphs]
        # Compact separators: for machines (a third smaller than json.dumps' default on the seed).
        _write_stdout(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    else:
        _write_stdout(result.text)
    return EXIT_OK


def _write_stdout(text: str) -> None:
    """Write UTF-8 whatever the locale says (outputs are always UTF-8), and end quietly when the
    reader goes away (``textrepair repair FILE | head``) instead of printing a traceback."""
    import os

    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
    except BrokenPipeError:
        # Python would report the pipe again when it flushes stdout at exit: point it at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _file_error(path: str, err: Exception) -> str:
    """One input's error message, naming the input (an OSError's own text names a descriptor or
    repeats "[Errno 2]"; a textrepair error already names the file)."""
    if isinstance(err, TextrepairError):
        return str(err)
    if isinstance(err, OSError):
        return f"{path}: {err.strerror or err}"
    return f"{path}: {err}"


def _load_index(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Records from ``--records`` into an index; malformed records are reported on stderr, not fatal."""
    from .link.index import RecordIndex
    from .link.records import load_records

    records, problems = load_records(args.records)
    for problem in problems:
        print(f"textrepair: skipped record {problem}", file=sys.stderr)
    if not records:
        raise UsageError(f"no usable records in {args.records}")
    return RecordIndex(records, include_related=args.related)


def _linker(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .link.context import DocumentLinker

    return DocumentLinker(_load_index(args), threshold=args.link_threshold)


def _run_link(args: argparse.Namespace) -> int:
    """``link FILE... --records DIR_OR_JSONL``: one JSON line per file with its links, best first
    (each body linked as the fixers leave it; spans index the file's decoded text)."""
    from .run.linking import link_report

    index = _load_index(args)
    status = EXIT_OK
    for path in args.files:
        try:
            doc = read_document(path, max_bytes=args.max_bytes)
            report = link_report(doc, index, threshold=args.link_threshold)
            payload: dict[str, Any] = {"path": path, **report.to_dict()}
        except (TextrepairError, OSError) as err:
            payload = {"path": path, "error": _file_error(path, err)}
            status = EXIT_SOME_FAILED
        if args.format == "json":
            print(json.dumps(payload, ensure_ascii=False), flush=True)
        elif "error" in payload:
            print(f"{path}\terror\t{payload['error']}", flush=True)
        else:
            for lk in payload["links"]:
                print(f"{path}\t{lk['record']}\t{lk['score']:.3f}\t{lk['start']}-{lk['end']}", flush=True)
                for alt in lk["alternates"]:
                    what = f"same story ({alt['why']})" if alt["relation"] == "same story" else f"close: {alt['why']}"
                    print(f"{path}\t{alt['record']}\t{alt['score']:.3f}\t{lk['start']}-{lk['end']}\t{what}",
                          flush=True)
            if not payload["links"]:
                print(f"{path}\t-\tno link", flush=True)
            for ab in report.unlinked if "unlinked" in payload else ():
                print(f"{path}\t-\t{ab.start}-{ab.end}\tnot linked: {ab.summary()}", flush=True)
    return status


def _add_record_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--records", required=required, default=None, metavar="DIR_OR_JSONL",
                   help="the candidate sources: a folder of front-matter records or of plain articles "
                        "(first line = title), or a JSON Lines file of records")
    p.add_argument("--related", action="store_true",
                   help="also link to the records' 'related' entries (ids like PATH#related[3])")
    p.add_argument("--link-threshold", type=_unit_interval, default=0.5, metavar="P",
                   help="calibrated score from which a record is linked (default 0.5)")


def _run_scan_science(args: argparse.Namespace) -> int:
    """``scan --domain science``: per file the PPS-style summary and its findings (JSON or a text table)."""
    from .report.tortured import format_findings_text, write_findings_html
    from .spin.tortured import known_tables, scan_science

    known_tables(tuple(args.table))  # a bad table is a usage error, not a per-file one
    status = EXIT_OK
    entries = []
    for path in args.files:
        try:
            doc = read_document(path, max_bytes=args.max_bytes)
            payload = {"path": path, **scan_science(doc, tables=tuple(args.table), min_confidence=args.threshold)}
            if args.report_html:
                entries.append({**payload, "text": doc.text})
        except (TextrepairError, OSError) as err:
            payload = {"path": path, "error": _file_error(path, err)}
            status = EXIT_SOME_FAILED
            if args.report_html:
                entries.append(payload)
        # _write_stdout: a reader that goes away (scan ... | head) ends the output quietly
        if args.format == "json":
            _write_stdout(json.dumps(payload, ensure_ascii=False) + "\n")
        else:
            _write_stdout(format_findings_text(payload) + "\n")
    if args.report_html:
        write_findings_html(entries, args.report_html)
        print(f"HTML report: {args.report_html}", file=sys.stderr)
    return status


def _run_scan(args: argparse.Namespace) -> int:
    if args.domain == "science":
        return _run_scan_science(args)
    if args.report_html:
        raise UsageError("scan --report-html needs --domain science (for news runs: clean --report-html)")
    from .spin.match import table_set  # loads the tables (and later the language model) on first use
    from .spin.detect import scan_document

    RepairConfig(threshold=args.threshold)  # validates the threshold: a usage error, not per file
    tables = table_set(None, extra=tuple(args.table))  # a bad table is a usage error too
    status = EXIT_OK
    for path in args.files:
        try:
            doc = read_document(path, max_bytes=args.max_bytes)
            payload = {"path": path, **scan_document(doc, tables=tables, threshold=args.threshold)}
        except (TextrepairError, OSError) as err:
            payload = {"path": path, "error": _file_error(path, err)}
            status = EXIT_SOME_FAILED
        if args.format == "json":
            print(json.dumps(payload, ensure_ascii=False), flush=True)
        elif "error" in payload:
            print(f"{path}\terror\t{payload['error']}", flush=True)
        else:
            flagged = sum(1 for p in payload["paragraphs"] if p["spun"])
            print(f"{path}\t{payload['score']:.3f}\t{'spun' if payload['spun'] else 'clean'}\t"
                  f"{flagged}/{len(payload['paragraphs'])} paragraphs flagged", flush=True)
    return status


DESCRIPTION = """\
Repair article bodies that were spun (synonym-substituted by an "article spinner") or mangled
(HTML remnants, mojibake, invisible characters, scraping debris), explain every change, and link
bodies to the records or articles they were copied from. Front matter is kept verbatim; inputs
are never written to."""

EPILOG = """\
examples:
  textrepair clean articles/ -o repaired/          repair a folder (see the report it writes)
  textrepair repair story.txt --explain            what would change in one file, and why
  textrepair scan *.txt --format text              which files look spun
  textrepair link copy.txt --records sources/      which source article a copy was made from

exit status: 0 every input was processed, 1 some inputs failed (each is reported),
2 usage error (bad option, missing or unreadable input, output inside the input).
'textrepair COMMAND --help' describes each command."""

_CLEAN_EPILOG = """\
By default clean takes text files (*.txt, *.md, *.html, *.htm, *.text and names without an
extension) and lists the others as skipped; --glob chooses other files. Each output is written
to OUT under the input's relative path, plus OUT/report.jsonl (one JSON object per input: status,
error, edits, scores, links) and a summary on stderr.

examples:
  textrepair clean articles/ -o repaired/
  textrepair clean articles/ -o repaired/ --no-restore --jobs 2     fix mangling only, 2 processes
  textrepair clean articles/ -o repaired/ --glob '*.txt' --report-html report.html
  textrepair clean articles/ -o repaired/ --resume                  continue an interrupted run
  textrepair clean copies/ -o repaired/ --records sources/          restore using the sources
  textrepair clean --jsonl items.jsonl -o repaired.jsonl --text-field body"""

_REPAIR_EPILOG = """\
examples:
  textrepair repair story.txt > story.repaired.txt
  textrepair repair story.txt --explain          each change in context, its reason and confidence
  textrepair repair story.txt --diff             a unified word diff ([-old-]{+new+})
  textrepair repair story.txt --format json      text, edits, scores and suggestions for programs
  cat story.txt | textrepair repair - --no-restore"""

_SCAN_EPILOG = """\
One JSON object per file (path, score, spun, paragraphs with their evidence), or with --format
text one line: path, score, spun/clean, paragraphs flagged.

examples:
  textrepair scan story.txt
  textrepair scan articles/*.txt --format text --threshold 0.4"""

_LINK_EPILOG = """\
--records takes a folder of front-matter records (files starting with a '---' YAML block with
title, excerpt, URLs, date), a folder of plain articles (first non-blank line = the title, the
rest = the text), or a JSON Lines file of records. One JSON line per file lists its links, best
first (record, score, the span of the body it covers, evidence).

examples:
  textrepair link copy.txt --records sources/
  textrepair link copies/*.txt --records records.jsonl --format text --link-threshold 0.7"""

_LEARN_EPILOG = """\
examples:
  textrepair learn original.txt spun.txt -o my-spinner.tsv
  textrepair learn --pairs pairs/ --min-count 2 -o my-spinner.tsv
  textrepair clean copies/ -o repaired/ --table my-spinner.tsv       then use the table"""

_MINE_EPILOG = """\
examples:
  textrepair mine spun-copies/ -o candidates.tsv
  textrepair mine spun-copies/ --min-texts 3 --min-articles 2 -o -"""


def _subparser(sub: Any, name: str, help: str, epilog: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help, description=help[:1].upper() + help[1:] + ".", epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textrepair", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"textrepair {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title="commands")

    p = _subparser(sub, "clean", "repair every text file under SRC (or every line of --jsonl IN) into OUT",
                   _CLEAN_EPILOG)
    p.add_argument("src", metavar="SRC", nargs="?", help="input folder, read recursively (or use --jsonl)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output folder, outside SRC; with --jsonl an output JSON Lines file ('-' for stdout)")
    p.add_argument("--jsonl", metavar="IN", default=None,
                   help="read JSON Lines ('-' for stdin) instead of a folder: one output object per input line")
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="with --jsonl: the field holding the text (default 'text')")
    p.add_argument("--output-field", default=None, metavar="NAME",
                   help="with --jsonl: write the repaired text here (default: replace the text field)")
    p.add_argument("--report-html", default=None, metavar="PATH", help="also write a browsable HTML report")
    p.add_argument("--glob", default=None, metavar="PATTERN",
                   help="repair the files whose name matches PATTERN ('*' for every file) instead of "
                        "the default: text files (*.txt, *.md, *.html, *.htm, *.text and names without "
                        "an extension; hidden files left out), the others listed as skipped")
    p.add_argument("--jobs", type=_whole_number(1), default=1, metavar="N",
                   help="worker processes (default 1); outputs are the same for any N")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same OUT: files reported ok whose bytes "
                        "are unchanged (SHA-256) are kept, the rest are repaired")
    p.add_argument("--max-edits", type=_whole_number(0), default=DEFAULT_MAX_EDITS, metavar="N",
                   help=f"refuse a file (or --jsonl record) that needs more than N edits "
                        f"(default {DEFAULT_MAX_EDITS:,})")
    p.add_argument("--dask", metavar="ADDRESS", default=None,
                   help="repair on an existing Dask cluster (its scheduler, e.g. tcp://HOST:8786); this "
                        "process reads SRC and writes OUT, the workers need textrepair, not the files")
    _add_repair_options(p)
    _add_record_options(p, required=False)
    p.set_defaults(func=_on_dask(_run_clean))

    p = _subparser(sub, "repair", "repair one file ('-' for stdin) and print it", _REPAIR_EPILOG)
    p.add_argument("file", metavar="FILE", help="the file to repair ('-' reads standard input)")
    view = p.add_mutually_exclusive_group()
    view.add_argument("--format", choices=("text", "json"), default="text",
                      help="text: the repaired file (default); json: text, edits, stage summary, "
                           "segments, paragraph scores and suggestions, for programs")
    view.add_argument("--explain", action="store_true",
                      help="print each change instead: a few words of context on each side, the "
                           "stage, the confidence and the reason")
    view.add_argument("--diff", action="store_true",
                      help="print a unified word diff of the input and the repair instead")
    p.add_argument("--plan", action="store_true",
                   help="with --format json: list every stage's own edits under 'stages' "
                        "(by default each stage gives its name and edit count)")
    _add_repair_options(p)
    p.set_defaults(func=_run_repair)

    p = _subparser(sub, "scan", "score files for spinning: one line (or JSON object) per file", _SCAN_EPILOG)
    p.add_argument("files", nargs="+", metavar="FILE", help="the files to score")
    p.add_argument("--format", choices=("text", "json"), default="json",
                   help="json: one object per file with every paragraph's score and evidence "
                        "(default); text: one tab-separated line per file")
    p.add_argument("--threshold", type=_unit_interval, default=None, metavar="P",
                   help="paragraph/document score in [0, 1] from which text counts as spun (default: calibrated)")
    p.add_argument("--table", action="append", default=[], metavar="FILE",
                   help="an extra phrase table (TSV; format in docs/data.md, or a PPS CSV export); may be repeated")
    p.add_argument("--max-bytes", type=_whole_number(1), default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"refuse files larger than N bytes (default {DEFAULT_MAX_BYTES:,})")
    _add_domain_option(p)
    p.add_argument("--report-html", default=None, metavar="PATH",
                   help="with --domain science: also write an HTML report, each finding highlighted in its sentence")
    p.set_defaults(func=_run_scan)

    p = _subparser(sub, "link", "link each file's articles to the records or articles they copy", _LINK_EPILOG)
    p.add_argument("files", nargs="+", metavar="FILE", help="the bodies to link")
    p.add_argument("--format", choices=("json", "text"), default="json",
                   help="json: one object per file (default); text: one tab-separated line per link")
    p.add_argument("--max-bytes", type=_whole_number(1), default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"refuse files larger than N bytes (default {DEFAULT_MAX_BYTES:,})")
    _add_record_options(p, required=True)
    p.set_defaults(func=_run_link)

    p = _subparser(sub, "learn", "learn a spinner's substitutions from ORIGINAL/SPUN pairs into a phrase table",
                   _LEARN_EPILOG)
    p.add_argument("original", nargs="?", metavar="ORIGINAL", help="the original text file")
    p.add_argument("spun", nargs="?", metavar="SPUN", help="its spun copy")
    p.add_argument("--pairs", metavar="DIR", default=None,
                   help="a folder of pairs DIR/NNN/{original,spun}.txt instead of one pair")
    p.add_argument("--min-count", type=_whole_number(1), default=1, metavar="N",
                   help="keep rows seen at least N times (default 1)")
    p.add_argument("-o", "--output", required=True, metavar="TABLE", help="output table (TSV; '-' for stdout)")
    p.set_defaults(func=_run_learn)

    p = _subparser(sub, "mine", "mine candidate spinner substitutions from spun texts alone", _MINE_EPILOG)
    p.add_argument("folder", metavar="FOLDER", help="folder of spun .txt files (searched recursively)")
    p.add_argument("--min-texts", type=_whole_number(1), default=2, metavar="N",
                   help="an n-gram must recur in N texts (default 2)")
    p.add_argument("--min-articles", type=_whole_number(1), default=1, metavar="N",
                   help="a row must hold in N independent articles (spun copies of one article count "
                        "once; default 1)")
    p.add_argument("--include-known", action="store_true",
                   help="also list rows the packaged spinner table already has")
    p.add_argument("--no-table", action="store_true",
                   help="mine without the packaged spinner table (synonym graph and language model only)")
    p.add_argument("-o", "--output", required=True, metavar="TABLE", help="output table (TSV; '-' for stdout)")
    p.set_defaults(func=_run_mine)
    return parser


def _write_table_output(table: Any, output: str) -> None:
    from .lexical.tables import format_table

    text = format_table(table)
    if output == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err}") from err
    print(f"{len(table)} rows -> {output}", file=sys.stderr)


def _run_learn(args: argparse.Namespace) -> int:
    from .spin.learn import learn_folder, learn_pairs_table

    if args.pairs:
        if args.original or args.spun:
            raise UsageError("learn: give either ORIGINAL SPUN or --pairs DIR, not both")
        table = learn_folder(args.pairs, min_count=args.min_count)
    else:
        if not (args.original and args.spun):
            raise UsageError("learn: give ORIGINAL and SPUN files (or --pairs DIR)")
        texts = []
        for path in (args.original, args.spun):
            try:
                doc = read_document(path)
            except OSError as err:
                raise UsageError(f"cannot read {path}: {err.strerror or err}") from err
            texts.append(doc.body_text)
        table = learn_pairs_table([(texts[1], texts[0])], min_count=args.min_count,  # (spun, original)
                                  description=f"learned from {args.original} -> {args.spun}")
    _write_table_output(table, args.output)
    return EXIT_OK


def _run_mine(args: argparse.Namespace) -> int:
    from .spin.learn import mine_table, read_text_folder

    table = mine_table(read_text_folder(args.folder), min_texts=args.min_texts,
                       min_articles=args.min_articles, include_known=args.include_known,
                       table=None if args.no_table else "spinner-news")
    _write_table_output(table, args.output)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 some inputs failed, 2 usage or input error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except UsageError as err:
        print(f"textrepair: {err}", file=sys.stderr)
        return EXIT_USAGE
    except TextrepairError as err:
        print(f"textrepair: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:  # a missing FILE for `repair`, an OUT folder we may not create
        where = f"{err.filename}: " if err.filename else ""
        print(f"textrepair: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("textrepair: interrupted", file=sys.stderr)
        return 130
