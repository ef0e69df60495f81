"""The linker's misses and false links on generated bodies, by body kind and cause (misses: ranked first but below the threshold or the text gate, ranked behind another record, or not a candidate; false links: which record, from which story, on what evidence).

For analysis of the generated set built by benchmarks/linkgen.py (bench_link_general.py's index and
bodies, linked as the CLI links them). Per miss: the body, its kind, excerpt style and headline;
when its own record is ranked first, the decision's inputs and the main features with the best
competitor of another article; otherwise the record ranked first and both records' main features.
Then the counts by cause and by kind. Per false link: the body, its kind (or negative kind), the
record linked and whether it is a record of the body's own story's source (a record of another clean
text, a generated other-outlet record of the same story, or a record of another story), the score,
pair score, margin, text evidence and which text feature carried it. Use it on the fit split to design; the report split's
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

TEXT_FEATURES = ("wording", "sequence", "sentences", "verbatim", "title_order")
SHOWN = ("found", "all", "wording", "sequence", "sentences", "order", "skeleton", "title", "words")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="report", choices=("report", "fit"))
    args = ap.parse_args()
    s, index = build_index(args.split)
    causes: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    false_causes: Counter[str] = Counter()
    for b in s.bodies:
        doc = link_view(b.text)
        report = index.explain_document(doc)
        linked = [lk.record.id for lk in report.links]
        for lk in report.links:
            if lk.record.id in b.expected:
                continue
            f = dict(lk.features)
            te = text_evidence(f) if f else float("nan")
            carrier = max(TEXT_FEATURES, key=lambda k: f.get(k, 0.0)) if f else "?"
            story = b.story.split("#")[0]
            rid = lk.record.id
            relation = ("generated record of the same story" if story in rid
                        else "record of another clean text" if "gen/clean:" in rid
                        else "real corpus record" if not rid.startswith("gen/")
                        else "generated record of another story")
            cause = f"{'with a headline' if b.headline else 'no headline'}, {relation}, text from {carrier}"
            false_causes[cause] += 1
            print(f"FALSE {b.name} [{b.kind}{', ' + b.negative_kind if b.negative_kind else ''}, "
                  f"{'headline' if b.headline else 'no headline'}] -> {rid} score {lk.score:.2f} pair {lk.pair_score:.2f} "
                  f"margin {lk.margin:.1f} text {te:.2f} ({carrier}) | "
                  + " ".join(f"{k}={f.get(k, 0.0):.2f}" for k in SHOWN))
        if not b.expected:
            continue
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
    print("\n| false link: headline, record, text evidence from | links |\n|---|---:|")
    for cause, n in false_causes.most_common():
        print(f"| {cause} | {n} |")
    print("\n| body kind | misses | causes |\n|---|---:|---|")
    for kind in sorted(by_kind):
        c = by_kind[kind]
        print(f"| {kind} | {sum(c.values())} | " + ", ".join(f"{k} {v}" for k, v in c.most_common()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
