"""The linker's misses on generated bodies, by body kind and cause (ranked first but below the threshold or the text gate, ranked behind another record, or not a candidate).

For analysis of the generated set built by benchmarks/linkgen.py (bench_link_general.py's index and
bodies, linked as the CLI links them). Per miss: the body, its kind, excerpt style and headline;
when its own record is ranked first, the decision's inputs and the main features with the best
competitor of another article; otherwise the record ranked first and both records' main features.
Then the counts by cause and by kind. Use it on the fit split to design; the report split's
misses are for the report only.

Run: python benchmarks/measure_link_misses.py [--split fit|report]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_link_accuracy import link_view  # noqa: E402
from bench_link_general import build_index  # noqa: E402

from textrepair.link import segment_view  # noqa: E402
from textrepair.link.score import TEXT_MIN, same_article, text_evidence  # noqa: E402

SHOWN = ("found", "all", "wording", "sequence", "sentences", "order", "skeleton", "title", "words")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="report", choices=("report", "fit"))
    args = ap.parse_args()
    s, index = build_index(args.split)
    causes: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for b in s.bodies:
        if not b.expected:
            continue
        doc = link_view(b.text)
        report = index.explain_document(doc)
        linked = [lk.record.id for lk in report.links]
        if any(r in b.expected for r in linked) and all(r in b.expected for r in linked):
            continue
        if not doc.segments:
            cause, detail = "no segment", ""
        else:
            ranked = index.rank_segment(segment_view(doc.text, doc.segments[0]))
            pos = next((i for i, lk in enumerate(ranked) if lk.record.id in b.expected), None)
            if pos == 0:
                top, f = ranked[0], ranked[0].features
                te = text_evidence(f)
                cause = "ranked first, text gate" if te < TEXT_MIN else "ranked first, decision below the threshold"
                best = report.unlinked[0].best if report.unlinked else None
                top_view = index.view_of(top.record)
                comp = next((lk for lk in ranked[1:] if not same_article(top_view, index.view_of(lk.record))), None)
                detail = (f"pair {top.score:.2f}"
                          + (f" margin {best.margin:.1f} score {best.score:.2f}" if best and best.margin is not None else "")
                          + f" text {te:.2f} | " + " ".join(f"{k}={f[k]:.2f}" for k in SHOWN)
                          + (f" | competitor {comp.record.id} {comp.score:.2f}" if comp else ""))
            elif pos is None:
                cause = "own record not a candidate"
                detail = f"ranked first: {ranked[0].record.id}" if ranked else "no candidate"
            else:
                cause = f"ranked {pos + 1}"
                top, own = ranked[0], ranked[pos]
                detail = (f"behind {top.record.id} {top.score:.2f}, own {own.score:.2f} | first: "
                          + " ".join(f"{k}={top.features[k]:.2f}" for k in SHOWN[:5])
                          + " | own: " + " ".join(f"{k}={own.features[k]:.2f}" for k in SHOWN[:5]))
        causes[cause] += 1
        by_kind[b.kind][cause] += 1
        print(f"{b.name} [{b.kind}, {b.excerpt_style}, {'headline' if b.headline else 'no headline'}"
              f"{'' if b.linkable else ', unlinkable'}] {cause}: {detail}")
    print("\n| cause | bodies |\n|---|---:|")
    for cause, n in causes.most_common():
        print(f"| {cause} | {n} |")
    print("\n| body kind | misses | causes |\n|---|---:|---|")
    for kind in sorted(by_kind):
        c = by_kind[kind]
        print(f"| {kind} | {sum(c.values())} | " + ", ".join(f"{k} {v}" for k, v in c.most_common()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
