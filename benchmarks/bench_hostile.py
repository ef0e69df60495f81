"""The issue-5 acceptance run at full size: `textrepair clean` over the hostile corpus with its 100 MB, 20 MB and 40 MB files, then kill and --resume.

Builds the corpus with ``tests/data/hostile/make_hostile.py --large`` in a temporary folder
(nothing is committed) and, with the default limits (--max-bytes 50 MB, --max-edits 100,000):

1. runs ``python -m textrepair clean SRC -o OUT`` (restoration on) in a child process and reports
   its exit status, wall time and peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``), checks
   that every input has a report line with the expected status, that no traceback was printed
   and that outputs exist exactly for the inputs that succeeded;
2. runs it again into OUT2, kills it with SIGKILL once --kill-after report lines are written,
   checks that OUT2 holds only complete outputs, reruns with ``--resume`` and compares OUT2 with
   OUT byte for byte (outputs and report).

    python benchmarks/bench_hostile.py [--jobs 1] [--kill-after 20] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "data" / "hostile"))

import make_hostile  # noqa: E402

REPORT, RECORD = "report.jsonl", ".textrepair-run.json"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def _clean(src: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    # --glob '*': every entry of the corpus, not only text files by name (clean's default)
    cmd = [sys.executable, "-m", "textrepair", "clean", str(src), "-o", str(out), "--glob", "*", *extra]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", default="1")
    ap.add_argument("--kill-after", type=int, default=20, help="report lines before SIGKILL")
    ap.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        t = time.monotonic()
        expected = make_hostile.build(work, large=True)
        size = sum(p.stat().st_size for p in (work / "src").rglob("*") if p.is_file() and not p.is_symlink())
        print(f"corpus: {len(expected)} inputs, {size / 1e6:.0f} MB, built in {time.monotonic() - t:.0f} s")
        src, out, out2 = work / "src", work / "out", work / "out2"
        for d in (out, out2):
            shutil.rmtree(d, ignore_errors=True)

        t = time.monotonic()
        proc = _clean(src, out, "--jobs", args.jobs)
        _, err = proc.communicate()
        wall = time.monotonic() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        err_text = err.decode("utf-8", "replace")
        report = {}
        for line in (out / REPORT).read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            report[entry["path"]] = entry
        wrong = []
        for rel, want in expected.items():
            e = report.get(rel)
            ok = e is not None and ((want is None and e["status"] == "ok" and (out / rel).is_file())
                                    or (want is not None and e["status"] == "error" and want in e["error"]))
            if not ok:
                wrong.append((rel, want, e and (e["status"], e.get("error"))))
        outputs = {r for r in _tree(out) if r not in (REPORT, RECORD)}
        want_outputs = {r for r, w in expected.items() if w is None}
        print(f"clean: exit {proc.returncode}, {wall:.1f} s, peak RSS {peak:.0f} MB, "
              f"{len(report)} report lines ({sum(e['status'] == 'error' for e in report.values())} errors), "
              f"traceback: {'yes' if 'Traceback' in err_text else 'no'}")
        print(f"expected statuses: {'all match' if not wrong else wrong}")
        print(f"outputs exactly for the inputs that succeeded: {outputs == want_outputs}")
        for rel in ("over-limit.txt", "fm-huge.md", "zero-width-everywhere.txt"):
            print(f"  {rel}: {report[rel].get('error', report[rel]['status'])}")
        for rel in ("one-line.txt", "paragraphs-40mb.txt"):
            print(f"  {rel}: {report[rel]['status']}, {len(report[rel]['edits'])} edits")

        t = time.monotonic()
        proc = _clean(src, out2, "--jobs", args.jobs)
        while proc.poll() is None:
            try:
                if (out2 / REPORT).read_bytes().count(b"\n") >= args.kill_after:
                    break
            except FileNotFoundError:
                pass
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        lines = (out2 / REPORT).read_bytes().count(b"\n")
        reference, partial = _tree(out), _tree(out2)
        complete = all(data == reference.get(rel) for rel, data in partial.items() if rel not in (REPORT, RECORD))
        print(f"killed after {time.monotonic() - t:.1f} s with {lines} report lines; "
              f"every file left in OUT is a complete output: {complete}")
        t = time.monotonic()
        proc = _clean(src, out2, "--jobs", args.jobs, "--resume")
        _, err = proc.communicate()
        same = _tree(out2) == reference
        print(f"--resume: exit {proc.returncode}, {time.monotonic() - t:.1f} s; "
              f"outputs and report identical to the uninterrupted run: {same}")
        return 0 if not wrong and complete and same and outputs == want_outputs else 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
