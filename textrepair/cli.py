"""The command line: argument parsing only, mapped onto library calls (``main(argv) -> int``)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .batch import UsageError, clean_folder
from .chunked import DEFAULT_MAX_EDITS
from .config import RepairConfig
from .decode import decode_bytes
from .document import DEFAULT_MAX_BYTES, parse_document, read_document
from .errors import TextrepairError
from .pipeline import repair_document

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _add_repair_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-restore", action="store_true", help="only fix mangled text; do not undo spinning")
    p.add_argument("--threshold", type=float, default=None,
                   help="paragraph spin score above which restoration runs (default: calibrated)")
    p.add_argument("--table", action="append", default=[], metavar="FILE",
                   help="an extra phrase table (TSV, see README); may be repeated")
    p.add_argument("--typography", action="store_true",
                   help="also normalise typography (straight quotes, ligatures, widths)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES:,})")


def _config(args: argparse.Namespace) -> RepairConfig:
    return RepairConfig(restore=not args.no_restore, threshold=args.threshold,
                        tables=tuple(args.table), normalize_typography=args.typography)


def _run_clean(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        return _run_clean_jsonl(args)
    if args.src is None:
        raise UsageError("clean needs SRC (a folder) or --jsonl IN (a JSON Lines file, '-' for stdin)")
    from .report_html import format_summary, write_report_html

    src, out = Path(args.src), Path(args.output)
    linker = _linker(args) if args.records else None
    # What else decides the outputs, for --resume to check (records change restoration).
    run_options = {"records": str(Path(args.records).resolve()), "related": args.related,
                   "link_threshold": args.link_threshold} if args.records else None
    with _sigterm_as_interrupt():  # a terminated run cleans up its temporary file like Ctrl-C
        summary = clean_folder(src, out, pattern=args.glob, jobs=max(1, args.jobs), config=_config(args),
                               max_bytes=args.max_bytes, linker=linker, max_edits=args.max_edits,
                               resume=args.resume, run_options=run_options)
    if summary.resumed:
        print(f"resumed: {summary.resumed} file(s) taken over from the previous run", file=sys.stderr)
    print(format_summary(summary), file=sys.stderr)
    print(f"report: {out / 'report.jsonl'}", file=sys.stderr)
    if args.report_html:
        write_report_html(out / "report.jsonl", args.report_html, outputs=out, summary=summary)
        print(f"HTML report: {args.report_html}", file=sys.stderr)
    for message in summary.error_messages[:20]:
        print(f"  error: {message}", file=sys.stderr)
    if summary.errors > 20:
        print(f"  ... and {summary.errors - 20} more (see the report)", file=sys.stderr)
    return EXIT_SOME_FAILED if summary.errors else EXIT_OK


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
    from .report_html import format_summary, write_report_html
    from .stream import iter_jsonl, repair_stream, write_jsonl

    if args.resume:
        raise UsageError("--resume works with a folder SRC, not with --jsonl input")
    if args.src is not None:
        raise UsageError("give either SRC (a folder) or --jsonl IN, not both")
    if args.glob != "*":
        raise UsageError("--glob applies to folders, not to --jsonl input")
    if "-" not in (args.jsonl, args.output) and Path(args.output).resolve() == Path(args.jsonl).resolve():
        raise UsageError(f"refusing to overwrite the input {args.jsonl}: choose another output file")
    total = 0 if args.jsonl == "-" else Path(args.jsonl).stat().st_size if Path(args.jsonl).is_file() else 0
    items = iter_jsonl(args.jsonl, text_field=args.text_field, max_bytes=args.max_bytes)
    linker = _linker(args) if args.records else None
    results = repair_stream(items, _config(args), jobs=max(1, args.jobs), max_bytes=args.max_bytes, linker=linker,
                            max_edits=args.max_edits)
    # Report entries for --report-html go to a spool file, not memory: the input may be any size.
    spool = tempfile.TemporaryFile("w+", encoding="utf-8") if args.report_html else None
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
    if args.file == "-":
        data = sys.stdin.buffer.read()
        decoded = decode_bytes(data, path="<stdin>")
        doc = parse_document(decoded.text, path="<stdin>", encoding=decoded.encoding,
                             decode_notes=decoded.notes)
    else:
        doc = read_document(args.file, max_bytes=args.max_bytes)
    result = repair_document(doc, _config(args))
    if args.format == "json":
        payload: dict[str, Any] = result.to_dict()
        payload["paragraphs"] = payload.get("paragraphs") or [
            {"start": p.start, "end": p.end} for p in doc.paragraphs]
        _write_stdout(json.dumps(payload, ensure_ascii=False) + "\n")
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


def _load_index(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Records from ``--records`` into an index; malformed records are reported on stderr, not fatal."""
    from .link import RecordIndex
    from .records import load_records

    records, problems = load_records(args.records)
    for problem in problems:
        print(f"textrepair: skipped record {problem}", file=sys.stderr)
    if not records:
        raise UsageError(f"no usable records in {args.records}")
    return RecordIndex(records, include_related=args.related)


def _linker(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .link import DocumentLinker

    return DocumentLinker(_load_index(args), threshold=args.link_threshold)


def _run_link(args: argparse.Namespace) -> int:
    """``link FILE... --records DIR_OR_JSONL``: one JSON line per file with its links, best first."""
    if not 0.0 <= args.link_threshold <= 1.0:
        raise UsageError(f"--link-threshold must be in [0, 1], not {args.link_threshold}")
    index = _load_index(args)
    status = EXIT_OK
    for path in args.files:
        try:
            doc = read_document(path, max_bytes=args.max_bytes)
            report = index.explain_document(doc, threshold=args.link_threshold)
            payload: dict[str, Any] = {"path": path, **report.to_dict()}
        except (TextrepairError, OSError) as err:
            msg = str(err) if isinstance(err, TextrepairError) else f"{path}: {err.strerror or err}"
            payload = {"path": path, "error": msg}
            status = EXIT_SOME_FAILED
        if args.format == "json":
            print(json.dumps(payload, ensure_ascii=False), flush=True)
        elif "error" in payload:
            print(f"{path}\terror\t{payload['error']}", flush=True)
        else:
            for lk in payload["links"]:
                print(f"{path}\t{lk['record']}\t{lk['score']:.3f}\t{lk['start']}-{lk['end']}", flush=True)
                for alt in lk["alternates"]:
                    print(f"{path}\t{alt['record']}\t{alt['score']:.3f}\t{lk['start']}-{lk['end']}\t"
                          f"same story ({alt['why']})", flush=True)
            if not payload["links"]:
                print(f"{path}\t-\tno link", flush=True)
            for ab in report.unlinked if "unlinked" in payload else ():
                print(f"{path}\t-\t{ab.start}-{ab.end}\tnot linked: {ab.summary()}", flush=True)
    return status


def _add_record_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--records", required=required, default=None, metavar="DIR_OR_JSONL",
                   help="front-matter records: a folder of files with a YAML block, or a JSON Lines file")
    p.add_argument("--related", action="store_true",
                   help="also link to the records' 'related' entries (ids like PATH#related[3])")
    p.add_argument("--link-threshold", type=float, default=0.5, metavar="P",
                   help="calibrated score from which a record is linked (default 0.5)")


def _run_scan(args: argparse.Namespace) -> int:
    from .candidates import table_set  # loads the tables (and later the language model) on first use
    from .detect import scan_document

    RepairConfig(threshold=args.threshold)  # validates the threshold: a usage error, not per file
    tables = table_set(None, extra=tuple(args.table))  # a bad table is a usage error too
    status = EXIT_OK
    for path in args.files:
        try:
            doc = read_document(path, max_bytes=args.max_bytes)
            payload = {"path": path, **scan_document(doc, tables=tables, threshold=args.threshold)}
        except (TextrepairError, OSError) as err:
            payload = {"path": path, "error": str(err)}
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textrepair", description=__doc__.split(":")[0])
    parser.add_argument("--version", action="version", version=f"textrepair {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("clean", help="repair every text file under SRC (or every line of --jsonl IN) into OUT")
    p.add_argument("src", metavar="SRC", nargs="?", help="input folder (or use --jsonl)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output folder; with --jsonl an output JSON Lines file ('-' for stdout)")
    p.add_argument("--jsonl", metavar="IN", default=None,
                   help="read JSON Lines ('-' for stdin) instead of a folder: one output object per input line")
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="with --jsonl: the field holding the text (default 'text')")
    p.add_argument("--output-field", default=None, metavar="NAME",
                   help="with --jsonl: write the repaired text here (default: replace the text field)")
    p.add_argument("--report-html", default=None, metavar="PATH", help="also write a browsable HTML report")
    p.add_argument("--glob", default="*", metavar="PATTERN", help="file-name pattern (default: all files)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same OUT: files reported ok whose bytes "
                        "are unchanged (SHA-256) are kept, the rest are repaired")
    p.add_argument("--max-edits", type=int, default=DEFAULT_MAX_EDITS, metavar="N",
                   help=f"refuse a file (or --jsonl record) that needs more than N edits "
                        f"(default {DEFAULT_MAX_EDITS:,})")
    _add_repair_options(p)
    _add_record_options(p, required=False)
    p.set_defaults(func=_run_clean)

    p = sub.add_parser("repair", help="repair one file ('-' for stdin) and print it")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _add_repair_options(p)
    p.set_defaults(func=_run_repair)

    p = sub.add_parser("scan", help="score files for spinning: one line (or JSON object) per file")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="json")
    p.add_argument("--threshold", type=float, default=None,
                   help="paragraph/document score from which text counts as spun (default: calibrated)")
    p.add_argument("--table", action="append", default=[], metavar="FILE",
                   help="an extra phrase table (TSV, see README); may be repeated")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES:,})")
    p.set_defaults(func=_run_scan)

    p = sub.add_parser("link", help="link each file's articles to the front-matter records they copy")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES:,})")
    _add_record_options(p, required=True)
    p.set_defaults(func=_run_link)

    p = sub.add_parser("learn", help="learn a spinner's substitutions from ORIGINAL/SPUN pairs into a phrase table")
    p.add_argument("original", nargs="?", metavar="ORIGINAL", help="the original text file")
    p.add_argument("spun", nargs="?", metavar="SPUN", help="its spun copy")
    p.add_argument("--pairs", metavar="DIR", default=None,
                   help="a folder of pairs DIR/NNN/{original,spun}.txt instead of one pair")
    p.add_argument("--min-count", type=int, default=1, metavar="N", help="keep rows seen at least N times")
    p.add_argument("-o", "--output", required=True, metavar="TABLE", help="output table (TSV; '-' for stdout)")
    p.set_defaults(func=_run_learn)

    p = sub.add_parser("mine", help="mine candidate spinner substitutions from spun texts alone")
    p.add_argument("folder", metavar="FOLDER", help="folder of spun .txt files (searched recursively)")
    p.add_argument("--min-texts", type=int, default=2, metavar="N", help="an n-gram must recur in N texts")
    p.add_argument("--min-articles", type=int, default=1, metavar="N",
                   help="a row must hold in N independent articles (spun copies of one article count once)")
    p.add_argument("--include-known", action="store_true",
                   help="also list rows the packaged spinner table already has")
    p.add_argument("--no-table", action="store_true",
                   help="mine without the packaged spinner table (synonym graph and language model only)")
    p.add_argument("-o", "--output", required=True, metavar="TABLE", help="output table (TSV; '-' for stdout)")
    p.set_defaults(func=_run_mine)
    return parser


def _write_table_output(table: Any, output: str) -> None:
    from .tables import format_table

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
    from .learn import learn_folder, learn_pairs_table

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
                raise UsageError(f"cannot read {path}: {err}") from err
            texts.append(doc.body_text)
        table = learn_pairs_table([(texts[0], texts[1])], min_count=args.min_count,
                                  description=f"learned from {args.original} -> {args.spun}")
    _write_table_output(table, args.output)
    return EXIT_OK


def _run_mine(args: argparse.Namespace) -> int:
    from .learn import mine_table, read_text_folder

    for flag in ("min_texts", "min_articles"):
        if getattr(args, flag) < 1:
            raise UsageError(f"mine: --{flag.replace('_', '-')} must be at least 1")
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
