"""Output identity of the linker across code changes: every body's links, scores and abstentions, written to a file and compared.

A speed change to the linker must not change what it links. Run this once on the code before the
change and once after (each run imports the textrepair of the checkout it sits in), then compare:

    git stash; python benchmarks/link_snapshot.py /tmp/before.json; git stash pop
    python benchmarks/link_snapshot.py /tmp/after.json --against /tmp/before.json

What is recorded, per body (built at run time, nothing is committed):

- ``general``: the bodies of the generated report split against bench_link_general.py's index
  (its records, the Brown distractors and the real distractor records): the whole
  ``RecordIndex.explain_document`` report of the body as the CLI links it, and the ranked
  candidates of its first segment (as bench_link_general.evaluate ranks them);
- ``accuracy``: the real pairs and clean texts of ../shared/corpus against bench_link_accuracy.py's
  records: the decision and the ranked candidates of each body's segment, the decision of every
  spun copy with its original's record held out, and the seed body's two segments;
- ``scale`` (``--scale N``, 0 to skip): bench_link.py's queries against its N-record set (the
  synthesised distractors plus the real and generated records): ``link_document`` of each body.

Scores, pair scores, margins and every feature value are kept as full floats (JSON writes a
float's shortest exact form), besides the rounded ``to_dict`` forms the CLI prints. Two
comparisons are made: bit for bit, and at the printed precision (every float rounded to 4
places, as ``to_dict`` prints scores). Bit for bit needs one string hash seed in both runs: the
linker sums word weights over set intersections, whose order follows the hashes, so the last bit
of a float may differ between two runs of the same code; the script sets PYTHONHASHSEED=0 (by
running itself again) unless it is set. Exit status 1 on any difference; the first are printed.

Run: python benchmarks/link_snapshot.py OUT.json [--against BEFORE.json] [--scale 100000] [--parts general,accuracy,scale]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_link  # noqa: E402
import bench_link_accuracy as acc  # noqa: E402
import bench_link_general as gen  # noqa: E402
import linkgen  # noqa: E402

from textrepair.link import Link, RecordIndex, segment_view  # noqa: E402
from textrepair.link.records import load_mappings, load_records  # noqa: E402
from textrepair.link.score import Abstention  # noqa: E402


def exact_link(lk: Link) -> dict[str, Any]:
    """A link (or a ranked candidate) with its floats unrounded."""
    return {"record": lk.record.id, "score": lk.score, "pair_score": lk.pair_score, "margin": lk.margin,
            "start": lk.start, "end": lk.end, "features": dict(sorted(lk.features.items())),
            "evidence": [e.to_dict() for e in lk.evidence],
            "alternates": [[a.record.id, a.score, a.relation, a.why] for a in lk.alternates]}


def exact_decision(d: Link | Abstention) -> dict[str, Any]:
    if isinstance(d, Link):
        return {"link": exact_link(d), "printed": d.to_dict()}
    return {"abstain": {"best": None if d.best is None else exact_link(d.best), "missing": list(d.missing),
                        "against": list(d.against)}, "printed": d.to_dict()}


def ranked_ids(ranked: list[Link]) -> list[list[Any]]:
    return [[lk.record.id, lk.score] for lk in ranked]


def general_part() -> dict[str, Any]:
    s, index = gen.build_index("report")
    out = {}
    for b in s.bodies:
        doc = acc.link_view(b.text)
        report = index.explain_document(doc)
        seg = doc.segments[0] if doc.segments else None
        ranked = index.rank_segment(segment_view(doc.text, seg)) if seg is not None else []
        out[b.name] = {"links": [exact_link(lk) for lk in report.links],
                       "unlinked": [exact_decision(a)["abstain"] for a in report.unlinked],
                       "printed": report.to_dict(), "ranked": ranked_ids(ranked)}
    return out


def accuracy_part() -> dict[str, Any]:
    records, bodies = acc.build(acc.SHARED)
    index = RecordIndex(records)
    out: dict[str, Any] = {}
    for b in bodies:
        doc = acc.link_view(b.text)
        sv = segment_view(doc.text, doc.segments[b.segment])
        out[b.name] = {"decision": exact_decision(index.explain_segment(sv)),
                       "ranked": ranked_ids(index.rank_segment(sv))}
    # Each original's record held out in turn (bench_link_accuracy.evaluate's false-link check).
    for rid in sorted({b.original for b in bodies if b.original and b.style != "clean"}):
        sub = RecordIndex([r for r in records if r.id != rid])
        for b in bodies:
            if b.original == rid:
                doc = acc.link_view(b.text)
                out[f"held-out {b.name}"] = exact_decision(sub.explain_segment(segment_view(doc.text, doc.segments[b.segment])))
    out["seed"] = acc.seed_check(acc.SHARED, records)
    return out


def scale_part(size: int) -> dict[str, Any]:
    titles, sentences = bench_link.sentence_pool(acc.SHARED)
    orig_maps, _, _ = acc.original_records(acc.SHARED)
    real, _ = load_mappings(orig_maps)
    seeds, _ = load_records(acc.SHARED / "seeds")
    real += seeds
    qs = bench_link.queries(acc.SHARED)
    g = linkgen.build("report")
    gen_records, problems = load_mappings(g.records)
    assert not problems
    real += gen_records
    qs += [(b.name, b.text, b.expected or None) for b in g.bodies]
    index = RecordIndex(bench_link.synthesise(size - len(real), titles, sentences) + real)
    out = {}
    for name, text, _ in qs:
        doc = acc.link_view(text)
        out[name] = [exact_link(lk) for lk in index.link_document(doc)]
    return out


def compare(a: Any, b: Any, where: str, diffs: list[str]) -> None:
    if type(a) is not type(b):
        diffs.append(f"{where}: {a!r} != {b!r}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                diffs.append(f"{where}/{k}: only in {'after' if k in a else 'before'}")
            else:
                compare(a[k], b[k], f"{where}/{k}", diffs)
    elif isinstance(a, list):
        if len(a) != len(b):
            diffs.append(f"{where}: {len(a)} items != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{where}[{i}]", diffs)
    elif a != b:
        diffs.append(f"{where}: {a!r} != {b!r}")


def rounded(x: Any) -> Any:
    """``x`` with every float rounded to the printed precision (4 places)."""
    if isinstance(x, float):
        return round(x, 4)
    if isinstance(x, dict):
        return {k: rounded(v) for k, v in x.items()}
    if isinstance(x, list):
        return [rounded(v) for v in x]
    return x


def main() -> int:
    if "PYTHONHASHSEED" not in os.environ:  # one hash seed for every run: see the module docstring
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--against", type=Path, help="a snapshot to compare with (made on the code before the change)")
    ap.add_argument("--scale", type=int, default=100_000, help="records in the scale part (0: skip it)")
    ap.add_argument("--parts", default="general,accuracy,scale")
    args = ap.parse_args()
    if not acc.SHARED.is_dir() or not linkgen.BROWN.is_dir():
        print("../shared or the Brown corpus is not present", file=sys.stderr)
        return 1
    parts = args.parts.split(",")
    snap: dict[str, Any] = {}
    for part in parts:
        t0 = time.perf_counter()
        if part == "general":
            snap[part] = general_part()
        elif part == "accuracy":
            snap[part] = accuracy_part()
        elif part == "scale" and args.scale:
            snap[f"scale {args.scale}"] = scale_part(args.scale)
        else:
            continue
        print(f"{part}: {len(next(reversed(snap.values())))} entries in {time.perf_counter() - t0:.0f} s")
    args.out.write_text(json.dumps(snap, indent=1, sort_keys=True), encoding="utf-8")
    if args.against is None:
        return 0
    before = json.loads(args.against.read_text(encoding="utf-8"))
    after = json.loads(args.out.read_text(encoding="utf-8"))
    diffs: list[str] = []
    printed: list[str] = []
    for part in after:
        if part not in before:
            print(f"{part}: not in {args.against}")
            continue
        n, m = len(diffs), len(printed)
        compare(after[part], before[part], part, diffs)
        compare(rounded(after[part]), rounded(before[part]), part, printed)
        print(f"{part}: {len(after[part])} entries; {len(diffs) - n} differences bit for bit, "
              f"{len(printed) - m} at the printed precision")
    for d in (printed or diffs)[:20]:
        print("  " + d)
    print(f"hash seed {os.environ['PYTHONHASHSEED']}: "
          + ("IDENTICAL" if not diffs else f"{len(diffs)} DIFFERENCES ({len(printed)} at the printed precision)"))
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
