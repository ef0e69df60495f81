"""Why spun words are never restored: each substitution of a spinner family on the DEV half, by the first reason that stops it.

Reasons, in order: the spun word is not eligible (a function word, short, an acronym); it is
capitalised inside a sentence (needs substitution.CAPITAL_MARGIN more); the inverse thesaurus does
not list the original for it; the original is listed but cut from the shortlist; the original is
shortlisted but "as written" scores better (its score <= 0, final pass, document words and grammar
cues as in restoration); otherwise the original scores above "as written" (split by whether it is
the span's best option). Brown press dev half only (never the test half).

With ``--joint`` the spans are read after joint decoding of neighbours, as the restorer reads them
(a joint option's score is its marginal against "as written"; spans lifted from every floor).

With ``--capitals`` a capitalised word inside a sentence is classified by the same reasons,
prefixed "capitalised:" (a score then includes substitution.CAPITAL_RESTORE_MARGIN).

Run: python benchmarks/measure_misses.py [--families wn-base-30] [--docs 44] [--joint] [--capitals]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_spin_heldout import brown_docs  # noqa: E402
from spinners import FAMILIES, spin, spun_offsets  # noqa: E402

from textrepair.lexical import thesaurus as T  # noqa: E402
from textrepair.spin import substitution as S  # noqa: E402
from textrepair.spin.tokens import protected_spans, tokenize  # noqa: E402
from textrepair.text.segment import split_paragraphs  # noqa: E402


def classify(docs, family: str, joint: bool = False, capitals: bool = False) -> Counter:
    cfg = FAMILIES[family]
    out: Counter = Counter()
    floor = S.REPORT_FLOOR
    S.REPORT_FLOOR = -1e9  # every scored span, whatever its margin
    try:
        for k, (_, text) in enumerate(docs):
            spun, subs = spin(text, cfg, seed=k)
            parts = [(tokenize(spun, p), protected_spans(spun, p)) for p in split_paragraphs(spun)]
            ev = S.analyse_document(spun, parts, screen=False)
            if joint:  # as the restorer reads them (no table hit excluded here)
                by_start = {s.start: s for (tk, _), e in zip(parts, ev) for s in S.decode_runs(tk, e.spans)}
            else:
                by_start = {s.start: s for e in ev for s in e.spans}
            toks = {t.start: (t, spun) for tk, _ in parts for t in tk}
            for (a, _), (_, _, orig, rep) in zip(spun_offsets(subs), subs):
                o, r = orig.lower(), rep.lower()
                t = toks.get(a)
                if t is None or not S._word_class(t[0].norm) or spun[a:a + len(rep)].isupper():
                    out["not eligible"] += 1
                elif not capitals and spun[a].isupper() and not t[0].sentence_start and not t[0].in_headline:
                    out["capitalised inside a sentence"] += 1
                else:
                    cap = "capitalised: " if spun[a].isupper() and not t[0].sentence_start and not t[0].in_headline else ""
                    out[cap + _reason(o, r, by_start.get(a))] += 1
    finally:
        S.REPORT_FLOOR = floor
    return out


def _reason(o: str, r: str, sp) -> str:
    """Why an eligible substitution (original ``o``, spun ``r``; its scored span ``sp``) is or is not restored."""
    if not any(c.text == o for c in T.candidates(r)):
        return "original not listed"
    if not any(" ".join(c[0]) == o for c in S.shortlist(r)):
        return "listed, cut from the shortlist"
    score = dict(sp.options).get(o) if sp is not None else None
    if score is None:
        return "shortlisted, not scored as one span"
    if score <= 0:
        return "as written reads better"
    if sp.options[0][0] == o:
        return "original beats as written, ranked first"
    return "original beats as written, another option first"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--families", default="wn-base-30")
    ap.add_argument("--docs", type=int, default=44)
    ap.add_argument("--sentences", type=int, default=40)
    ap.add_argument("--joint", action="store_true",
                    help="read the spans after joint decoding of neighbours (substitution.decode_runs)")
    ap.add_argument("--capitals", action="store_true",
                    help="split capitalised words inside a sentence by the same reasons as the others")
    args = ap.parse_args(argv)
    docs = brown_docs("dev", args.sentences)[: args.docs]
    for fam in args.families.split(","):
        c = classify(docs, fam, args.joint, args.capitals)
        n = sum(c.values())
        print(f"{fam}: {n} substitutions (dev half, {len(docs)} documents)")
        for reason, k in c.most_common():
            print(f"  {reason:48s} {k:6d} {k / n:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
