"""Learn a spinner's substitutions: from (spun, original) pairs by alignment, or from spun output alone.

API (every pair, of texts or of forms, is ordered (spun, original))::

    learn_table(spun, original, *, name="learned") -> PhraseTable
    learn_pairs_table(pairs, *, name="learned", min_count=1) -> PhraseTable   # pairs: [(spun, original)]
    learn_folder(path) -> PhraseTable        # path/NNN/{original,spun}.txt (like corpus/dict)
    mine_table(texts, *, name="mined", min_texts=2, min_gain=1.0, include_known=False,
               table="spinner-news", min_articles=1) -> PhraseTable

``learn_*`` aligns sentences (``textrepair.text.align.align_sentences``), compares their words
(``difflib``), grows an inserted or deleted word into a phrase with its neighbour ("software" ->
"software program"), splits equal-length replaced stretches into word pairs ("law enforcement agencies" ->
"regulation enforcement companies" gives law->regulation and agencies->companies), keeps
unequal ones of at most ``MAX_PHRASE`` words per side as phrase pairs ("according to" -> "in line
with"), and attaches the next unchanged word to a lone function word ("in the" -> "within the") so
that function-word rows carry their context. Rows: observed = spun form, original = original form,
weight = count / (occurrences of the observed form in the aligned spun sentences + 1), source
"learned: N occurrences".

``mine_table`` needs no originals: a dictionary spinner is nearly deterministic, so its outputs recur
across texts. It works in two steps.

1. Shortlist: word n-grams (1-3 words) that occur in at least ``min_texts`` texts and are improbable
   English (pocketsphinx 3-gram phrase zipf below a threshold) get restored forms from the spinner
   table and the inverse synonym graph (whole, or one content word replaced); a restored form that is
   the more probable phrase and reads better in each of the n-gram's contexts is reduced to its
   changed words ("the worth" -> "the price" gives worth -> price) and shortlisted.
2. Judge each observed form over *all* its contexts (a noisy channel, not the LM alone, since the
   LM prefers generic words): a candidate original scores, per context, LM gain + log10 channel
   prior (the table weight for a known row; 1 / (1 + synonyms listed under the original) for a
   thesaurus one) + log10 spun share (the original must be rare in the same texts: a spinner
   replaces most uses of a word it knows). Candidates compete with each other, with the table's
   known originals, and with leaving the form alone. The best mean score wins; it is kept when it
   reaches ``min_gain`` and reads best in at least half the contexts (consistency), in at least
   ``min_articles`` independent articles (spun copies of one article, which share most of their
   3-grams, count once).

Rows: source "mined: N occurrences; reads best in P% of contexts, in A article(s); LM gain +G",
weight = that share (capped at 0.9). Rows the spinner table already has (``table``, default the
packaged ``spinner-news``; ``None`` mines from the synonym graph and LM alone) are left out unless
``include_known``, and so is a phrase row that only repeats mined or known word rows. Mined rows
are candidates to review, not certainties; benchmarks/bench_mine.py measures them against aligned
pairs.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import LearnError
from ..lexical.tables import VERSION, PhraseEntry, PhraseTable
from ..text.align import align_sentences, words_of

MAX_PHRASE = 4
# Function words that mean little alone: a learned row for one of them carries the next word.
_FUNCTION = frozenset(
    "a an the in on at of to for by with from as into onto about over under is are was were be been "
    "this that these those it its and or but".split())


def _norm(w: str) -> str:
    return w.replace("’", "'")


def aligned_substitutions(spun: str, original: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(pairs, sentences)``: every (spun form, original form) substitution found, and the aligned
    (spun sentence, original sentence) texts (for counting unchanged occurrences)."""
    pairs: list[tuple[str, str]] = []
    sentences: list[tuple[str, str]] = []
    for sp in align_sentences(original, spun):
        a = [_norm(w) for w, _ in words_of(original, sp.a)]
        b = [_norm(w) for w, _ in words_of(spun, sp.b)]
        sentences.append((" ".join(b), " ".join(a)))
        pairs.extend(_diff_pairs(a, b))
    return pairs, sentences


def _diff_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str]]:
    """(spun form, original form) pairs where the spun words ``b`` differ from the original words ``a``."""
    out: list[tuple[str, str]] = []
    la, lb = [w.lower() for w in a], [w.lower() for w in b]
    ops = difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag in ("insert", "delete"):
            # "software" -> "software program": an insertion grows the word before it (or after it,
            # at the start of a sentence) into a phrase; a deletion shrinks one.
            if i1 > 0 and j1 > 0 and la[i1 - 1] == lb[j1 - 1]:
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(a) and j2 < len(b) and la[i2] == lb[j2]:
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
            tag = "replace"
        if tag != "replace":
            continue
        na, nb = i2 - i1, j2 - j1
        if na == nb:
            chunks = [((i, i + 1), (j, j + 1)) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
        elif na <= MAX_PHRASE and nb <= MAX_PHRASE:
            chunks = _split_block(a, b, i1, i2, j1, j2)
        else:
            continue  # a rewrite, not a substitution
        for (s1, s2), (t1, t2) in chunks:
            oa, ob = list(a[s1:s2]), list(b[t1:t2])
            if _junk(oa, ob):
                continue
            if all(w.lower() in _FUNCTION for w in oa + ob) and s2 < len(a) and t2 < len(b) \
                    and la[s2] == lb[t2]:
                oa.append(a[s2])
                ob.append(b[t2])
            out.append((" ".join(ob), " ".join(oa)))
    return out


def _known_pair(spun: str, original: str) -> bool:
    """Whether the lexicon or the spinner table already links ``spun`` to ``original``."""
    from ..lexical import lexicon
    if spun.lower() in lexicon.synonyms(original):
        return True
    return any(e.original.lower() == original.lower() for e in lexicon.table_candidates(spun))


def _split_block(a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int,
                 j2: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """An unequal replaced stretch as one phrase pair, or as two when a split point makes one half a
    known substitution ("many countries" -> "lots of international locations")."""
    whole = [((i1, i2), (j1, j2))]
    if _known_pair(" ".join(b[j1:j2]), " ".join(a[i1:i2])):
        return whole

    def content(words: Sequence[str]) -> bool:
        return any(w.lower() not in _FUNCTION for w in words)

    def edge_function(words: Sequence[str]) -> bool:
        return words[0].lower() in _FUNCTION or words[-1].lower() in _FUNCTION

    best: tuple[float, list[tuple[tuple[int, int], tuple[int, int]]]] = (0.0, whole)
    for i in range(i1 + 1, i2):
        for j in range(j1 + 1, j2):
            halves = [((i1, i), (j1, j)), ((i, i2), (j, j2))]
            score = 0.0
            for (s1, s2), (t1, t2) in halves:
                o, s = a[s1:s2], b[t1:t2]
                if content(o) and content(s) and _known_pair(" ".join(s), " ".join(o)):
                    score += 2 + 0.1 * len(s)  # a longer known half explains more of the stretch
                if edge_function(o) or edge_function(s):
                    score -= 1  # a half that starts or ends with "of"/"the" is a bad cut
            if score > best[0]:
                best = (score, halves)
    return best[1]


def _junk(a: list[str], b: list[str]) -> bool:
    sa, sb = " ".join(a), " ".join(b)
    if sa.lower() == sb.lower():
        return True  # case only
    if re.fullmatch(r"[\d.,%$]+", sa) and re.fullmatch(r"[\d.,%$]+", sb):
        return True  # two different numbers: different excerpts, not spinning
    return False


def _count_phrase(phrase: str, sentence: str) -> int:
    return len(re.findall(r"(?<![\w'-])" + re.escape(phrase.lower()) + r"(?![\w'-])", sentence.lower()))


def learn_pairs_table(pairs: Iterable[tuple[str, str]], *, name: str = "learned", min_count: int = 1,
                      description: str = "") -> PhraseTable:
    """A table from several (spun text, original text) pairs; see the module docstring."""
    counts: Counter[tuple[str, str]] = Counter()
    sentences: list[tuple[str, str]] = []
    n_pairs = 0
    for spun, original in pairs:
        n_pairs += 1
        found, sents = aligned_substitutions(spun, original)
        counts.update(found)
        sentences.extend(sents)
    # Case-folded grouping: one row per (spun, original) in the most frequent casing.
    folded: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for (s, o), n in counts.items():
        folded[(s.lower(), o.lower())][(s, o)] += n
    occurrences: dict[str, int] = {}
    entries: list[PhraseEntry] = []
    for (s_low, _o_low), forms in sorted(folded.items()):
        n = sum(forms.values())
        if n < min_count:
            continue
        (s, o), _ = forms.most_common(1)[0]
        if s_low not in occurrences:
            occurrences[s_low] = sum(_count_phrase(s_low, sb) for sb, _ in sentences)
        total = max(n, occurrences[s_low])
        weight = round(min(0.99, n / (total + 1)), 3)
        entries.append(PhraseEntry(s, o, max(weight, 0.01), f"learned: {n} occurrence{'s' * (n != 1)}"))
    desc = description or f"learned from {n_pairs} original/spun pair(s) by textrepair.spin.learn"
    return PhraseTable(name, VERSION, tuple(entries), desc)


def learn_table(spun: str, original: str, *, name: str = "learned") -> PhraseTable:
    """The substitutions that turned ``original`` into ``spun``, with counts, as a phrase table."""
    return learn_pairs_table([(spun, original)], name=name)


def read_pair_folder(path: str | Path) -> list[tuple[str, str]]:
    """(spun, original) texts from ``path/*/spun.txt`` + ``original.txt`` (or a single pair folder)."""
    root = Path(path)
    if not root.is_dir():
        raise LearnError(f"{root}: not a folder of pairs")
    dirs = [root] if (root / "original.txt").is_file() else sorted(p for p in root.iterdir() if p.is_dir())
    out = []
    for d in dirs:
        o, s = d / "original.txt", d / "spun.txt"
        if o.is_file() and s.is_file():
            try:
                original = o.read_text(encoding="utf-8")
                out.append((s.read_text(encoding="utf-8"), original))
            except (OSError, UnicodeDecodeError) as err:
                raise LearnError(f"{d}: cannot read pair ({err})") from err
    if not out:
        raise LearnError(f"{root}: no NNN/original.txt + NNN/spun.txt pairs found")
    return out


def learn_folder(path: str | Path, *, name: str = "learned", min_count: int = 1) -> PhraseTable:
    pairs = read_pair_folder(path)
    return learn_pairs_table(pairs, name=name, min_count=min_count,
                             description=f"learned from {len(pairs)} pair(s) under {Path(path).name}")


# --- mining from spun output alone -------------------------------------------------------------

MINE_MAX_ZIPF_PHRASE = 3.0   # an n-gram (n >= 2) this improbable may be spinner output
MINE_MAX_ZIPF_WORD = 3.8     # a single word must be rarer than this
# Acceptance: mean over contexts of log10 (LM gain x channel prior x spun share) at least this, and
# the restoration reading best in at least half the observed form's contexts. 1.0 kept from the
# former LM-gain-minus-fan-out rule; benchmarks/bench_mine.py sweeps 0.5-2.0 (README restoration).
MINE_MIN_GAIN = 1.0
MINE_MIN_WIN_SHARE = 0.5
MAX_CONTEXTS = 12            # contexts per n-gram when shortlisting restorations
MAX_JUDGE_CONTEXTS = 40      # contexts per observed form when judging them


def _sentences_words(text: str) -> list[list[str]]:
    from ..text.segment import split_sentences
    return [[_norm(w).lower() for w, _ in words_of(text, s)] for s in split_sentences(text)]


def _phrase_zipf(words: Sequence[str]) -> float:
    from ..lexical import lm
    return lm.logprob(list(words)) + 9.0


Gram = tuple[str, ...]
Context = tuple[int, Gram, Gram]   # (article group, two words before, two words after)


@dataclass(frozen=True)
class _Corpus:
    """The spun texts as n-gram statistics: occurrences with contexts (the first
    ``MAX_JUDGE_CONTEXTS``), counts (n <= 4) and the number of texts each n-gram (n <= 3) occurs in."""

    contexts: Mapping[Gram, list[Context]]
    counts: Mapping[Gram, int]
    texts: Mapping[Gram, int]

    def count(self, gram: Gram) -> int:
        return self.counts.get(gram, 0)


def _index_corpus(docs: Sequence[list[list[str]]]) -> _Corpus:
    contexts: dict[Gram, list[Context]] = defaultdict(list)
    counts: Counter[Gram] = Counter()
    df: Counter[Gram] = Counter()
    groups = _article_groups(docs)
    for d, sents in enumerate(docs):
        for ws in sents:
            for n in (1, 2, 3, 4):
                for i in range(len(ws) - n + 1):
                    g = tuple(ws[i:i + n])
                    counts[g] += 1
                    if n <= 3 and len(contexts[g]) < MAX_JUDGE_CONTEXTS:
                        contexts[g].append((groups[d], tuple(ws[max(0, i - 2):i]), tuple(ws[i + n:i + n + 2])))
    for sents in docs:
        df.update({tuple(ws[i:i + n]) for ws in sents for n in (1, 2, 3) for i in range(len(ws) - n + 1)})
    return _Corpus(contexts, counts, df)


# Spun copies of one article share most of their word 3-grams (overlap coefficient 0.67-0.82 between
# the corpus/dict copies 002/003, 006/007, 012/013/014), unrelated articles almost none (<= 0.01):
# 0.3 separates them with a wide margin.
SAME_ARTICLE_OVERLAP = 0.3


def _article_groups(docs: Sequence[list[list[str]]]) -> list[int]:
    """A group id per text: spun copies of the same article share one, so that a word the copies
    keep from their common original does not count as recurring spinner output."""
    grams = [{tuple(ws[i:i + 3]) for ws in sents for i in range(len(ws) - 2)} for sents in docs]
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(docs)):
        for j in range(i):
            small = min(len(grams[i]), len(grams[j]))
            if small and len(grams[i] & grams[j]) / small >= SAME_ARTICLE_OVERLAP:
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(docs))]


def _table_originals(observed: str, table: str | None) -> dict[Gram, float]:
    """Originals the spinner table gives for ``observed``, with their weights."""
    from ..lexical import lexicon
    if table is None:
        return {}
    out: dict[Gram, float] = {}
    for e in lexicon.table_candidates(observed, table):
        key = tuple(e.original.lower().split())
        out[key] = max(out.get(key, 0.0), e.weight)
    return out


def _restorations(gram: Gram, table: str | None = "spinner-news") -> set[Gram]:
    """Restored forms of ``gram``: whole (table, inverse synonyms) or one content word replaced."""
    from ..lexical import lexicon
    out: set[Gram] = set(_table_originals(" ".join(gram), table))
    out.update(tuple(c.split()) for c in lexicon.inverse_synonyms(" ".join(gram)))
    if len(gram) > 1:
        for i, w in enumerate(gram):
            if w in _FUNCTION:
                continue
            subs = set(_table_originals(w, table)) | {tuple(c.split()) for c in lexicon.inverse_synonyms(w)}
            for c in subs:
                out.add((*gram[:i], *c, *gram[i + 1:]))
    out.discard(gram)
    return out


def _gains(gram: Gram, cand: Gram, contexts: Sequence[Context]) -> list[float]:
    from ..lexical import lm
    return [lm.logprob(list(cand), list(left), list(right)) - lm.logprob(list(gram), list(left), list(right))
            for _, left, right in contexts]


def _shortlist(corpus: _Corpus, min_texts: int, table: str | None) -> dict[Gram, set[Gram]]:
    """Observed form -> originals worth judging: from each recurring improbable n-gram, every
    restoration that is the more probable phrase and reads better in each of its contexts, reduced
    to the changed words ("the worth" -> "the price" gives worth -> price)."""
    hyps: dict[Gram, set[Gram]] = defaultdict(set)
    for g, m in corpus.texts.items():
        if m < min_texts or len(g) > 3:
            continue
        if not all(re.fullmatch(r"[a-z][a-z'-]*", w) for w in g) or (g[0] in _FUNCTION and g[-1] in _FUNCTION):
            continue
        z = _phrase_zipf(g)
        if z >= (MINE_MAX_ZIPF_WORD if len(g) == 1 else MINE_MAX_ZIPF_PHRASE):
            continue
        ctx = corpus.contexts[g][:MAX_CONTEXTS]
        for cand in _restorations(g, table):
            if _phrase_zipf(cand) <= z or min(_gains(g, cand, ctx)) <= 0:
                continue
            obs, orig = _changed_part(g, cand)
            if obs and orig:
                hyps[obs].add(orig)
    return hyps


@dataclass(frozen=True)
class _Verdict:
    """The best restoration of one observed form, judged over all its contexts."""

    observed: Gram
    original: Gram
    score: float        # mean over contexts of (LM gain + channel prior), log10
    gain: float         # mean LM gain alone
    win_share: float    # share of contexts where this original reads best (and beats no change)
    win_articles: int   # independent articles (copies of one article count once) with such a context
    spun_share: float   # observed count / (observed + original count) in the texts
    occurrences: int


def _judge(corpus: _Corpus, obs: Gram, originals: set[Gram], table: str | None) -> _Verdict | None:
    """Noisy channel over the whole corpus: each candidate original scores, in every context of
    ``obs``, its LM gain plus log10 P(obs | original) (:func:`_channel`) plus log10 of its spun
    share, count(obs) / (count(obs) + count(original)). A dictionary spinner replaces most uses of
    a word it knows (spin rate 0.844 on the corpus/dict pairs, data/build_spinner_table.py), so an
    original the same texts keep using unspun ("about", "in", "for": generic words the LM merely
    prefers) pays for it. The candidates compete with the table's known originals for ``obs`` and
    with leaving it alone (score 0): the winner is the best mean score, and its win share is the
    share of contexts where it scores best and above 0."""
    known = _table_originals(" ".join(obs), table)
    contexts = corpus.contexts[obs]
    if not contexts:
        return None
    n_obs = corpus.count(obs)
    rows = {x: _gains(obs, x, contexts) for x in sorted(originals | set(known))}
    share = {x: n_obs / (n_obs + corpus.count(x)) for x in rows}
    prior = {x: _channel(obs, x, known) + math.log10(share[x]) for x in rows}
    best_per_ctx: list[Gram | None] = []
    for i in range(len(contexts)):
        x, s = max(((x, g[i] + prior[x]) for x, g in rows.items()), key=lambda t: (t[1], t[0]))
        best_per_ctx.append(x if s > 0 else None)
    means = {x: sum(g) / len(g) + prior[x] for x, g in rows.items()}
    top = max(means, key=lambda x: (means[x], x))
    wins = [i for i, b in enumerate(best_per_ctx) if b == top]
    return _Verdict(obs, top, means[top], sum(rows[top]) / len(contexts), len(wins) / len(contexts),
                    len({contexts[i][0] for i in wins}), share[top], n_obs)


def _channel(obs: Gram, orig: Gram, known: Mapping[Gram, float]) -> float:
    """log10 P(spinner writes ``obs`` | ``orig``) relative to leaving ``obs`` alone: the table
    weight for a known row; for a thesaurus candidate, one pick among the original's listed
    synonyms (a generic word with hundreds of synonyms rarely becomes this one)."""
    from ..lexical import lexicon
    if orig in known:
        return math.log10(known[orig])
    text = " ".join(orig)
    n = len(lexicon.forward_synonyms(text))
    if len(orig) > 1:
        n = max([n] + [len(lexicon.forward_synonyms(w)) for w in orig if w not in _FUNCTION])
    return -math.log10(1 + n)


def mine_table(texts: Iterable[str], *, name: str = "mined", min_texts: int = 2,
               min_gain: float = MINE_MIN_GAIN, include_known: bool = False,
               table: str | None = "spinner-news", min_articles: int = 1) -> PhraseTable:
    """Candidate spinner substitutions from spun texts alone (see the module docstring).

    ``table``: the packaged spinner table whose rows serve as candidates and channel prior (and,
    unless ``include_known``, are left out of the result); ``None`` mines from the synonym graph
    and the language model alone, as for a spinner nothing is known about."""
    docs = [_sentences_words(t) for t in texts]
    if not docs:
        raise LearnError("mine: no texts given")
    corpus = _index_corpus(docs)
    verdicts = []
    for obs, originals in sorted(_shortlist(corpus, min_texts, table).items()):
        v = _judge(corpus, obs, originals, table)
        if v is not None and _accepted(v, min_gain, min_articles):
            verdicts.append(v)
    entries: list[PhraseEntry] = []
    for v in _drop_composed(verdicts):
        obs_s, orig_s = " ".join(v.observed), " ".join(v.original)
        if not include_known and _known_row(v.observed, v.original, table):
            continue
        # weight: the share of the observed form's contexts where this original reads best, an
        # estimate of P(original | observed); mined rows are candidates for review, so at most 0.9.
        entries.append(PhraseEntry(obs_s, orig_s, round(min(0.9, max(0.01, v.win_share)), 3),
                                   f"mined: {v.occurrences} occurrences; reads best in {v.win_share:.0%} of "
                                   f"contexts, in {v.win_articles} article(s); LM gain +{v.gain:.1f}"))
    return PhraseTable(name, VERSION, tuple(entries),
                       f"mined from {len(docs)} spun text(s) by textrepair.spin.learn.mine_table")


def _known_row(obs: Gram, orig: Gram, table: str | None) -> bool:
    """Whether the table has the row, or (same length) a row for each changed word."""
    if orig in _table_originals(" ".join(obs), table):
        return True
    return len(obs) > 1 and len(obs) == len(orig) and all(
        a == b or (b,) in _table_originals(a, table) for a, b in zip(obs, orig, strict=True))


def _accepted(v: _Verdict, min_gain: float, min_articles: int) -> bool:
    return v.score >= min_gain and v.win_share >= MINE_MIN_WIN_SHARE and v.win_articles >= min_articles


def _drop_composed(verdicts: list[_Verdict]) -> list[_Verdict]:
    """Leave out a phrase row that only repeats word rows also mined ("nonetheless loads" ->
    "still plenty" when nonetheless -> still and loads -> plenty are rows)."""
    words = {(v.observed, v.original) for v in verdicts if len(v.observed) == 1 and len(v.original) == 1}
    out = []
    for v in verdicts:
        if len(v.observed) > 1 and len(v.observed) == len(v.original) and all(
                a == b or ((a,), (b,)) in words for a, b in zip(v.observed, v.original, strict=True)):
            continue
        out.append(v)
    return out


def _changed_part(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``a`` and ``b`` without their common leading and trailing words."""
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    j = 0
    while j < len(a) - i and j < len(b) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    return a[i:len(a) - j], b[i:len(b) - j]


def read_text_folder(path: str | Path) -> list[str]:
    """Every ``*.txt`` under ``path`` (recursively), decoded as UTF-8."""
    root = Path(path)
    if not root.is_dir():
        raise LearnError(f"{root}: not a folder")
    out = []
    for p in sorted(root.rglob("*.txt")):
        try:
            out.append(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise LearnError(f"{p}: cannot read ({err})") from err
    if not out:
        raise LearnError(f"{root}: no .txt files")
    return out
