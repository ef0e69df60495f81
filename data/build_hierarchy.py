"""Build textrepair/data/wordnet-hierarchy.tsv.gz: WordNet 3.0 hierarchy links read as spun form -> possible originals.

Run (build time only; CI never runs this, it loads the committed output):

    python data/build_hierarchy.py          # needs /usr/share/wordnet (Debian wordnet-base)

A tortured-phrase generator often writes a word related to the original that is not its synonym:
a hyponym ("laptop" for computer), a hypernym, or a derivational relative. For every single-word
noun or verb lemma of WordNet 3.0 (the spun form), the originals it may stand for, each tagged with
how it is related (one letter each, several possible):

- ``h``: a lemma of a direct hypernym of one of its senses (``@``, ``@i``): "laptop" -> "computer"
  through "portable computer", because a multiword hypernym lemma gives its head word (its last
  word), which is what a term written with the hyponym needs back;
- ``g``: the same two levels up (a hypernym's hypernym);
- ``o``: a lemma of a direct hyponym (``~``, ``~i``) of one of its senses, single words only;
- ``d``: a derivationally related form (``+``), single words only.

Single-word originals need wordfreq zipf >= 3 (the synonym graph's filter, data/build_lexicon.py; a
filter only, no wordfreq numbers are written), the spun form needs zipf >= 1.5 (a spun form may be
rare: that is what a spinner makes). A sense's hyponyms are used only when it has at most
MAX_HYPONYMS of them ("person" has 400). Source: WordNet 3.0 data.noun / data.verb, parsed directly;
licence in data/LICENSES/WordNet.

Output lines: ``spun<TAB>original:letters|original:letters|...`` (sorted), after a format header.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from pathlib import Path

from build_lexicon import synset_records  # the one WordNet data-line reader of data/

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "textrepair" / "data" / "wordnet-hierarchy.tsv.gz"
POS_FILES = {"n": "noun", "v": "verb"}
MIN_ORIGINAL_ZIPF = 3.0
MIN_SPUN_ZIPF = 1.5
#: A sense with more direct hyponyms than this is too general to stand for any one of them.
MAX_HYPONYMS = 40
_WORD = re.compile(r"^[a-z][a-z'-]*$")


def read_synsets() -> dict[str, tuple[list[str], list[tuple[str, str]]]]:
    """Synset key ('n01234567') -> (lemmas, [(pointer symbol, target key)])."""
    out: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}
    for pos, parts, lemmas in synset_records(POS_FILES):
        k = 4 + 2 * len(lemmas)
        np_ = int(parts[k])
        ptrs = []
        for j in range(np_):
            sym, off, tpos = parts[k + 1 + 4 * j], parts[k + 2 + 4 * j], parts[k + 3 + 4 * j]
            tpos = "a" if tpos == "s" else tpos
            ptrs.append((sym, tpos + off))
        out[pos + parts[0]] = (lemmas, ptrs)
    return out


def heads(lemmas: list[str]) -> set[str]:
    """The one-word forms of a synset's lemmas: single words, and the last word of multiword ones."""
    out = set()
    for lem in lemmas:
        w = lem.split(" ")[-1]
        if _WORD.match(w):
            out.add(w)
    return out


def singles(lemmas: list[str]) -> set[str]:
    return {lem for lem in lemmas if _WORD.match(lem)}


def build() -> None:
    from wordfreq import zipf_frequency

    syn = read_synsets()
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def hypernyms(key: str) -> list[str]:
        return [t for s, t in syn[key][1] if s in ("@", "@i") and t in syn]

    for key, (lemmas, ptrs) in syn.items():
        spun_forms = singles(lemmas)
        if not spun_forms:
            continue
        rel: dict[str, set[str]] = defaultdict(set)
        for h in hypernyms(key):
            for o in heads(syn[h][0]):
                rel[o].add("h")
            for g in hypernyms(h):
                for o in heads(syn[g][0]):
                    rel[o].add("g")
        hypo = [t for s, t in ptrs if s in ("~", "~i") and t in syn]
        if len(hypo) <= MAX_HYPONYMS:
            for t in hypo:
                for o in singles(syn[t][0]):
                    rel[o].add("o")
        for s, t in ptrs:
            if s == "+" and t in syn:
                for o in singles(syn[t][0]):
                    rel[o].add("d")
        for spun in spun_forms:
            for o, letters in rel.items():
                if o != spun:
                    links[spun][o] |= letters

    zipf: dict[str, float] = {}

    def z(w: str) -> float:
        if w not in zipf:
            zipf[w] = zipf_frequency(w, "en")
        return zipf[w]

    lines = []
    n_links = 0
    for spun in sorted(links):
        if z(spun) < MIN_SPUN_ZIPF:
            continue
        items = [f"{o}:{''.join(sorted(ls))}" for o, ls in sorted(links[spun].items()) if z(o) >= MIN_ORIGINAL_ZIPF]
        if items:
            lines.append(f"{spun}\t{'|'.join(items)}")
            n_links += len(items)
    header = ("#format=textrepair-hierarchy\tversion=1\n"
              "#source=WordNet 3.0 data.noun/data.verb pointers (Debian wordnet-base; licence data/LICENSES/WordNet)\n"
              "#relations=h hypernym (head word of a multiword lemma), g hypernym two levels up, "
              f"o hyponym (senses with <= {MAX_HYPONYMS}), d derivation\n"
              f"#filter=original wordfreq zipf >= {MIN_ORIGINAL_ZIPF}; spun zipf >= {MIN_SPUN_ZIPF}\n")
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write((header + "\n".join(lines) + "\n").encode("utf-8"))
    print(f"{OUT.name}: {len(lines)} spun forms, {n_links} links, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    build()
