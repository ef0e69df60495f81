"""Output identity of ``textrepair clean`` across code changes: clean the bench_clean corpus into a folder, and compare two such folders.

A speed change must not change what ``clean`` writes. Run this once on the code before the
change and once after (each run imports the textrepair of the checkout it sits in), then compare:

    git stash; python benchmarks/clean_snapshot.py /tmp/before; git stash pop
    python benchmarks/clean_snapshot.py /tmp/after --against /tmp/before

The corpus is bench_clean.py's (../shared/corpus cycled to --mb megabytes, built at run time).
The comparison is byte for byte: every output file, ``report.jsonl`` and the run record; when the
report differs in bytes only, its lines are compared as parsed JSON too, so a change of
serialisation alone is told apart from a change of content. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_clean import build_corpus  # noqa: E402

from textrepair import RepairConfig  # noqa: E402
from textrepair.run.folder import REPORT_NAME, clean_folder  # noqa: E402


def snapshot(out: Path, mb: float, restore: bool) -> None:
    """Clean the bench corpus into ``out`` (replaced if present)."""
    if out.exists():
        shutil.rmtree(out)
    with tempfile.TemporaryDirectory(prefix="clean-snapshot-") as tmp:
        src = Path(tmp) / "corpus"
        src.mkdir()
        n, size = build_corpus(src, int(mb * 1_000_000))
        summary = clean_folder(src, out, config=RepairConfig(restore=restore), progress=False)
    import textrepair

    print(f"{out}: {n} files, {size / 1e6:.2f} MB cleaned by {Path(textrepair.__file__).parent}, "
          f"{summary.errors} errors, {summary.edits} edits")


def compare(a: Path, b: Path) -> list[str]:
    """The differences between two snapshot folders (empty: identical)."""
    names_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    problems = [f"only in {a}: {n}" for n in sorted(names_a - names_b)]
    problems += [f"only in {b}: {n}" for n in sorted(names_b - names_a)]
    for name in sorted(names_a & names_b):
        if (a / name).read_bytes() == (b / name).read_bytes():
            continue
        if name == REPORT_NAME:
            lines_a = (a / name).read_text(encoding="utf-8").splitlines()
            lines_b = (b / name).read_text(encoding="utf-8").splitlines()
            same = len(lines_a) == len(lines_b) and all(
                json.loads(x) == json.loads(y) for x, y in zip(lines_a, lines_b))
            problems.append(f"{name}: bytes differ, " + ("parsed JSON identical (serialisation only)"
                                                         if same else "content differs"))
        else:
            problems.append(f"{name}: differs")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="folder to clean into (replaced)")
    ap.add_argument("--against", type=Path, help="a snapshot folder to compare with")
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size in MB (default 1, as bench_clean)")
    ap.add_argument("--no-restore", action="store_true", help="fixers only")
    args = ap.parse_args()
    snapshot(args.out, args.mb, not args.no_restore)
    if args.against is not None:
        problems = compare(args.against, args.out)
        for p in problems:
            print(p)
        print("identical: every output, report.jsonl and the run record, byte for byte" if not problems
              else f"{len(problems)} difference(s)")
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
