"""Fuzz repair and front-matter parsing: atheris (coverage-guided libFuzzer) for a set time, or a random fallback.

Each input goes through the whole pipeline as a file would: ``decode_bytes`` -> ``parse_document``
(front matter included) -> ``repair_document`` with restoration on (news and science domains), and the body again through
``repair_bounded`` cut into tiny pieces; front-matter YAML also goes to ``load_yaml_mapping``
directly. A crash is any exception that is not a ``TextrepairError``, or a broken invariant: the
edits must replay (``apply_edits(original, edits) == text``) and so must the stage plan.

    python benchmarks/fuzz_repair.py --seconds 60            # atheris, if installed
    python benchmarks/fuzz_repair.py --seconds 60 --random   # coverage-less random inputs
    python benchmarks/fuzz_repair.py --runs 500 --random     # a fixed number of inputs

atheris runs in a child process (libFuzzer ends the process when time is up); this script
parses its final statistics and prints ``executions: N``, ``crashes: K`` and the coverage
libFuzzer reports. Crashing inputs are written to --artifacts (default: a temporary folder)
and named in the output. atheris stops at its first crash; the random fuzzer keeps going.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Pieces that reach the parsers and fixers' special cases; random inputs are built from these
# and arbitrary characters (the atheris seed corpus is made of such strings too).
FRAGMENTS = [
    # words the science domain's finder reads as tortured, so its windows and decoder are reached
    "counterfeit consciousness ", "an irregular woodland ", "profound learning ", "Bosom malignancy ",
    "flag to commotion proportion ", "repetitive brain organization. ",
    "---\n", "...\n", "---\r\n", "\ufeff---\n", "title: x\n", "&a ", "*a", "<<: ", "[", "]", "{", "}",
    "!!python/object/apply:os.system [ls]", "!!binary", "!!set", "!!timestamp", "? ", "- ", ": ",
    "0x", "9" * 50, "2001-13-45", "\x00", "\x07", "\ufeff", "\u200b", "\u200d", "\u202e", "\u05e9",
    "\u0301", "👩\u200d💻", "\r\n\r\n", "\r", "\n\n", " date 2022-05-11 ", "<!--", "-->", "<script>",
    "</script>", "<p>", "<a href=\"x\">", "&amp;", "&#8217;", "â€™", "Ã©", "Â", "in line with",
    "according to", "U.S.", "Mr.", ". ", "a-", "(", ")", "Source: TradingView", " (opens in new tab)",
    "The council said on Monday that ", "{spin|spun}", "  ", "\t",
]


def _pipeline(data: bytes) -> None:
    """One input through every entry point; raises on anything but a TextrepairError."""
    from textrepair import RepairConfig, apply_edits, apply_plan, decode_bytes, parse_document
    from textrepair.run.bounded import repair_bounded
    from textrepair.core.errors import TextrepairError
    from textrepair.text.frontmatter import load_yaml_mapping
    from textrepair.pipeline import repair_document

    try:
        load_yaml_mapping(data.decode("utf-8", "replace"))
    except TextrepairError:
        pass
    try:
        text = decode_bytes(data).text
        doc = parse_document(text)
    except TextrepairError:
        return
    for result in (repair_document(doc, RepairConfig()),
                   repair_document(doc, RepairConfig(domain="science")),
                   repair_bounded(doc, RepairConfig(restore=False), large_body=16, piece_chars=32)):
        if apply_edits(text, result.edits) != result.text:
            raise AssertionError("edits do not replay")
        if apply_plan(text, result.stages) != result.text:
            raise AssertionError("stage plan does not replay")


def random_input(rng: random.Random) -> bytes:
    parts = []
    for _ in range(rng.randint(0, 40)):
        r = rng.random()
        if r < 0.6:
            parts.append(rng.choice(FRAGMENTS))
        elif r < 0.9:
            parts.append("".join(chr(rng.choice((rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF),
                                                  rng.randint(0x1F300, 0x1FAFF))))
                                 for _ in range(rng.randint(1, 6))))
        else:
            parts.append(rng.choice(FRAGMENTS) * rng.randint(2, 200))
    text = "".join(parts).encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:  # raw byte damage: invalid UTF-8, stray controls
        buf = bytearray(text)
        for _ in range(rng.randint(1, 8)):
            buf.insert(rng.randint(0, len(buf)), rng.randint(0, 255))
        text = bytes(buf)
    if rng.random() < 0.05:
        text = text.decode("utf-8", "replace").encode("utf-16")
    return text


def run_random(seconds: float | None, runs: int | None, seed: int, artifacts: Path) -> int:
    rng = random.Random(seed)
    t0 = time.monotonic()
    n = crashes = 0
    _pipeline(b"warm up: load the tables and the language model once")
    while (runs is None or n < runs) and (seconds is None or time.monotonic() - t0 < seconds):
        data = random_input(rng)
        n += 1
        try:
            _pipeline(data)
        except Exception:  # noqa: BLE001 - a fuzzer records every unexpected exception
            crashes += 1
            artifacts.mkdir(parents=True, exist_ok=True)
            path = artifacts / f"crash-{crashes:04d}.bin"
            path.write_bytes(data)
            print(f"crash: {path}\n{traceback.format_exc(limit=3)}", file=sys.stderr)
    elapsed = time.monotonic() - t0
    print(f"fuzzer: random (no coverage guidance), seed {seed}")
    print(f"executions: {n}")
    print(f"crashes: {crashes}")
    print(f"seconds: {elapsed:.1f} ({n / max(elapsed, 1e-9):.0f} exec/s)")
    return 1 if crashes else 0


def _atheris_child(argv: list[str]) -> None:
    """Runs inside the child process: instrument textrepair and hand control to libFuzzer."""
    import atheris

    with atheris.instrument_imports(include=["textrepair"]):
        import textrepair.run.bounded  # noqa: F401
        import textrepair.pipeline  # noqa: F401
        import textrepair.spin.restore  # noqa: F401

    _pipeline(b"warm up")

    def test_one_input(data: bytes) -> None:
        _pipeline(data)

    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def run_atheris(seconds: float, runs: int | None, seed: int, artifacts: Path) -> int:
    seeds = Path(tempfile.mkdtemp(prefix="fuzz-seeds-"))
    rng = random.Random(seed)
    for i in range(64):
        (seeds / f"seed-{i:02d}").write_bytes(random_input(rng))
    artifacts.mkdir(parents=True, exist_ok=True)
    args = [f"-max_total_time={int(seconds)}", f"-seed={seed}", "-print_final_stats=1",
            f"-artifact_prefix={artifacts}/", "-max_len=4096", "-timeout=60", "-rss_limit_mb=2048"]
    if runs is not None:
        args.append(f"-runs={runs}")
    cmd = [sys.executable, __file__, "--child", "--", *args, str(seeds)]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    shutil.rmtree(seeds, ignore_errors=True)
    log = proc.stdout + proc.stderr
    execs = re.findall(r"stat::number_of_executed_units: (\d+)", log)
    cov = re.findall(r"cov: (\d+) ft: (\d+)", log)
    found = sorted(p.name for p in artifacts.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    print("fuzzer: atheris (libFuzzer, coverage-guided over textrepair's modules)")
    print(f"executions: {execs[-1] if execs else '?'}")
    print(f"crashes: {len(found)}")
    if cov:
        print(f"coverage: {cov[-1][0]} edges, {cov[-1][1]} features")
    print(f"seconds: {seconds:g} (exit status {proc.returncode})")
    for name in found:
        print(f"  {artifacts / name}")
    if proc.returncode not in (0,) and not found:
        print(log[-3000:], file=sys.stderr)
    return 1 if found or proc.returncode else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _atheris_child([sys.argv[0], *argv[2:]])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=None, help="fuzz for this long (default 60 with atheris)")
    ap.add_argument("--runs", type=int, default=None, help="stop after this many inputs")
    ap.add_argument("--random", action="store_true", help="use the coverage-less random fuzzer")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--artifacts", type=Path, default=None, help="where crashing inputs are written")
    args = ap.parse_args(argv)
    artifacts = args.artifacts or Path(tempfile.mkdtemp(prefix="fuzz-artifacts-"))
    try:
        return _run(args, artifacts)
    finally:
        if args.artifacts is None and not any(artifacts.iterdir()):
            artifacts.rmdir()  # nothing found: leave no empty folder behind


def _run(args: argparse.Namespace, artifacts: Path) -> int:
    use_random = args.random
    if not use_random:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed (pip install atheris): using the random fuzzer", file=sys.stderr)
            use_random = True
    if use_random:
        seconds = args.seconds if args.seconds is not None else (None if args.runs else 60.0)
        return run_random(seconds, args.runs, args.seed, artifacts)
    return run_atheris(args.seconds or 60.0, args.runs, args.seed, artifacts)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
