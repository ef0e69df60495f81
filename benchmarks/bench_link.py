"""Linking at scale: index build time, memory and per-body query latency at 1k, 10k and 100k records.

Record sets are synthesised at run time (nothing is committed): titles spliced from two real
titles (the aggregator's records and their related entries in ../shared), excerpts made of two
sentences of Brown corpus fiction (categories no query body comes from), numbers re-drawn so they
do not repeat, URL slugs from the spliced titles, dates spread over 2019-2023. The real seed
records and one record per corpus original (as in bench_link_accuracy.py) are added to every
set, so each query has its true record among the distractors.

Queries: the seed body 001_* (two articles), every spun copy in corpus/pairs and corpus/dict, and
the bodies of the generated report split (benchmarks/linkgen.py, whose records are added to every
set too; ``--split fit`` takes the fit split's instead, for development runs), each as the CLI links
it (bench_link_accuracy.link_view: the fixers' view, made before timing). Prints per size: build
time, index memory (tracemalloc: Python allocations made while building), query latency per body
(all segments, ``RecordIndex.link_document``: the linker alone): CPU time of
the process (p50, p95, p99, max: what one core spends; other jobs on a shared machine do not
inflate it) and the wall-clock median, and how many queries linked their own record.

Run: python benchmarks/bench_link.py [--sizes 1000,10000,100000] [--queries N] [--no-generated]
     [--split report|fit] [--no-real]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import linkgen  # noqa: E402
from bench_link_accuracy import SHARED, link_view, original_records  # noqa: E402

from textrepair.link import RecordIndex  # noqa: E402
from textrepair.link.records import Record, expand_related, load_mappings, load_records  # noqa: E402
from textrepair.text.segment import split_sentences  # noqa: E402

_NUM_RE = re.compile(r"\d+")


#: Brown categories no other benchmark text comes from (linkgen.py uses the press sections for
#: stories and cd-cj for distractors and frames): the synthetic excerpts' sentences.
SYNTHETIC_CATS = ("ck", "cl", "cm", "cn", "cp", "cr")


def sentence_pool(shared: Path) -> tuple[list[str], list[str]]:
    """Titles and sentences to recombine: record titles, and sentences of Brown fiction
    (SYNTHETIC_CATS), which no query body contains (spliced sentences of the query bodies' own
    sources would make a synthetic record a partial copy of them)."""
    recs, _ = load_records(shared / "corpus" / "records")
    seeds, _ = load_records(shared / "seeds")
    titles = [r.title for r in expand_related(recs) + expand_related(seeds) if r.title]
    sentences = []
    if linkgen.BROWN.is_dir():
        for a in linkgen.brown_articles(linkgen.BROWN, SYNTHETIC_CATS):
            for p in a.paragraphs:
                sentences += linkgen.sentences_of(p)
    else:  # without the Brown corpus: record excerpts (no query body holds them)
        for r in expand_related(recs) + expand_related(seeds):
            if r.excerpt:
                sentences += [s.of(r.excerpt) for s in split_sentences(r.excerpt)]
    sentences = [s for s in sentences if 40 <= len(s) <= 300]
    return titles, sentences


def synthesise(n: int, titles: list[str], sentences: list[str], seed: int = 0) -> list[Record]:
    rng = random.Random(seed)

    def renumber(text: str) -> str:
        return _NUM_RE.sub(lambda m: str(rng.randint(1, 10 ** len(m.group())) if len(m.group()) < 4
                                         else rng.randint(1990, 2030)), text)

    maps = []
    for i in range(n):
        a, b = rng.sample(titles, 2)
        wa, wb = a.split(), b.split()
        title = renumber(" ".join(wa[: max(1, len(wa) // 2)] + wb[len(wb) // 2 :]))
        excerpt = renumber(" ".join(rng.sample(sentences, 2)))
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        maps.append({"id": f"synthetic/{i:06d}.md", "title": title, "excerpt": excerpt,
                     "webUrl": f"https://example.{rng.choice(['com', 'org', 'net'])}/{rng.randint(2019, 2023)}/{slug}",
                     "publishedDateTime": f"{rng.randint(2019, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:00:00Z"})
    records, problems = load_mappings(maps)
    assert not problems
    return records


def queries(shared: Path) -> list[tuple[str, str, str | None]]:
    """(name, text, expected record id of the first segment); a generated body may expect any
    record of a set (its article held twice)."""
    _, owner, _ = original_records(shared)
    out = [("seed 001", next((shared / "seeds").glob("001_*")).read_text(encoding="utf-8"),
            next((shared / "seeds").glob("000_*")).name)]
    for folder, rid in sorted(owner.items()):
        out.append((folder, (shared / "corpus" / folder / "spun.txt").read_text(encoding="utf-8"), rid))
    return out


def percentile(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--queries", type=int, default=0, help="use only the first N query bodies (0 = all)")
    ap.add_argument("--no-generated", action="store_true", help="query only the real bodies of ../shared")
    ap.add_argument("--split", default="report", choices=("report", "fit"),
                    help="the generated split whose bodies and records are added ('fit' for development runs: "
                         "no held-out body is read)")
    ap.add_argument("--no-real", action="store_true", help="do not query the real bodies of ../shared")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc build (slow at 100k)")
    args = ap.parse_args()
    if not SHARED.is_dir():
        print("../shared is not present", file=sys.stderr)
        return 1
    titles, sentences = sentence_pool(SHARED)
    orig_maps, _, _ = original_records(SHARED)
    real, _ = load_mappings(orig_maps)
    seeds, _ = load_records(SHARED / "seeds")
    real += seeds
    qs = [] if args.no_real else queries(SHARED)
    if not args.no_generated and linkgen.BROWN.is_dir():
        gen = linkgen.build(args.split)
        gen_records, problems = load_mappings(gen.records)
        assert not problems
        real += gen_records
        qs += [(b.name, b.text, b.expected or None) for b in gen.bodies]
    if args.queries:
        qs = qs[: args.queries]
    # Bodies as the CLI links them (the fixers' view); the latency is the linker's alone.
    docs = [(name, link_view(text), exp) for name, text, exp in qs]
    print(f"pool: {len(titles)} titles, {len(sentences)} sentences; real and generated records: {len(real)}; "
          f"query bodies: {len(docs)} ({sum(len(d.segments) for _, d, _ in docs)} segments)")
    # Warm caches that are not the index's own cost (wordfreq, punkt, the lexicon, the tables).
    warm = RecordIndex(real)
    for _, doc, _ in docs[:: max(1, len(docs) // 20)]:
        warm.link_document(doc)
    del warm
    print(f"{'records':>8} {'build s':>8} {'rec/s':>7} {'index MB':>9} {'cpu p50':>8} {'cpu p95':>8} {'cpu p99':>8} "
          f"{'cpu max':>8} {'wall p50':>9} {'own record':>11}   (latencies in ms per body)")
    for size in (int(x) for x in args.sizes.split(",")):
        records = synthesise(size - len(real), titles, sentences) + real
        mem = float("nan")
        if not args.no_memory:
            tracemalloc.start()
            index = RecordIndex(records)
            mem = tracemalloc.get_traced_memory()[0] / 2**20
            tracemalloc.stop()
            del index
        # Build again without tracemalloc for the time (tracing slows allocation-heavy code).
        c0 = time.process_time()
        index = RecordIndex(records)
        build = time.process_time() - c0
        lat, cpu = [], []
        hits = expected = 0
        for _, doc, exp in docs:
            t0 = time.perf_counter()
            c0 = time.process_time()
            links = index.link_document(doc)
            cpu.append(1000 * (time.process_time() - c0))
            lat.append(1000 * (time.perf_counter() - t0))
            if exp is not None and doc.segments:
                expected += 1
                first = [lk for lk in links if lk.start == doc.segments[0].start]
                hits += bool(first) and first[0].record.id in ({exp} if isinstance(exp, str) else exp)
        print(f"{len(records):>8} {build:>8.1f} {len(records) / build:>7.0f} {mem:>9.1f} "
              f"{statistics.median(cpu):>8.1f} {percentile(cpu, 0.95):>8.1f} {percentile(cpu, 0.99):>8.1f} "
              f"{max(cpu):>8.1f} {statistics.median(lat):>9.1f} {hits:>5}/{expected}")
    # Incremental add: the cost of one more record on the largest index.
    extra = synthesise(1000, titles, sentences, seed=1)
    c0 = time.process_time()
    for r in extra:
        index.add(Record(f"added/{r.id}", r.title, r.excerpt, r.urls, r.provider, r.published))
    per_add = (time.process_time() - c0) / len(extra)
    print(f"incremental add: {1e6 * per_add:.0f} us CPU per record (1,000 added to the {len(records):,}-record index)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
