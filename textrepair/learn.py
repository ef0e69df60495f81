"""Learn a spinner's substitutions: from (original, spun) pairs by alignment, or from spun output alone.

API::

    learn_table(original, spun, *, name="learned") -> PhraseTable
    learn_pairs_table(pairs, *, name="learned", min_count=1) -> PhraseTable   # pairs: [(original, spun)]
    learn_folder(path) -> PhraseTable        # path/NNN/{original,spun}.txt (like corpus/dict)
    mine_table(texts, *, name="mined", min_texts=2) -> PhraseTable

``learn_*`` aligns sentences (``textrepair.align.align_sentences``), compares their words
(``difflib``), grows an inserted or deleted word into a phrase with its neighbour ("software" ->
"software program"), splits equal-length replaced stretches into word pairs ("law enforcement agencies" ->
"regulation enforcement companies" gives law->regulation and agencies->companies), keeps
unequal ones of at most ``MAX_PHRASE`` words per side as phrase pairs ("according to" -> "in line
with"), and attaches the next unchanged word to a lone function word ("in the" -> "within the") so
that function-word rows carry their context. Rows: observed = spun form, original = original form,
weight = count / (occurrences of the observed form in the aligned spun sentences + 1), source
"learned: N occurrences".

``mine_table`` needs no originals: a dictionary spinner is nearly deterministic, so its outputs recur
across texts. Word n-grams (1-3 words) that occur in at least ``min_texts`` texts, are improbable
English (pocketsphinx 3-gram phrase zipf below a threshold) and have a restored form (from the
spinner table and the inverse synonym graph, word by word or whole phrase) that the language model
scores much higher in the n-gram's actual contexts (mean log10 gain >= ``min_gain``) are reduced to
their changed words ("the worth" -> "the price" gives worth -> price) and become rows with evidence in
the source: "mined: N occurrences in M texts; LM gain +G". Rows the packaged spinner table already
has are left out unless ``include_known``. Mined rows are candidates to review, not certainties.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from .align import align_sentences, words_of
from .errors import TextrepairError
from .tables import VERSION, PhraseEntry, PhraseTable

MAX_PHRASE = 4
# Function words that mean little alone: a learned row for one of them carries the next word.
_FUNCTION = frozenset(
    "a an the in on at of to for by with from as into onto about over under is are was were be been "
    "this that these those it its and or but".split())


class LearnError(TextrepairError, ValueError):
    """Bad input to learn/mine (an unreadable folder, no pairs)."""


def _norm(w: str) -> str:
    return w.replace("’", "'")


def aligned_substitutions(original: str, spun: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(pairs, sentences)``: every (original form, spun form) substitution found, and the aligned
    (original sentence, spun sentence) texts (for counting unchanged occurrences)."""
    pairs: list[tuple[str, str]] = []
    sentences: list[tuple[str, str]] = []
    for sp in align_sentences(original, spun):
        a = [_norm(w) for w, _ in words_of(original, sp.a)]
        b = [_norm(w) for w, _ in words_of(spun, sp.b)]
        sentences.append((" ".join(a), " ".join(b)))
        pairs.extend(_diff_pairs(a, b))
    return pairs, sentences


def _diff_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str]]:
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
            out.append((" ".join(oa), " ".join(ob)))
    return out


def _known_pair(original: str, spun: str) -> bool:
    """Whether the lexicon or the spinner table already links ``original`` to ``spun``."""
    from . import lexicon
    if spun.lower() in lexicon.synonyms(original):
        return True
    return any(e.original.lower() == original.lower() for e in lexicon.table_candidates(spun))


def _split_block(a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int,
                 j2: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """An unequal replaced stretch as one phrase pair, or as two when a split point makes one half a
    known substitution ("many countries" -> "lots of international locations")."""
    whole = [((i1, i2), (j1, j2))]
    if _known_pair(" ".join(a[i1:i2]), " ".join(b[j1:j2])):
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
                if content(o) and content(s) and _known_pair(" ".join(o), " ".join(s)):
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
    """A table from several (original text, spun text) pairs; see the module docstring."""
    counts: Counter[tuple[str, str]] = Counter()
    sentences: list[tuple[str, str]] = []
    n_pairs = 0
    for original, spun in pairs:
        n_pairs += 1
        found, sents = aligned_substitutions(original, spun)
        counts.update((o, s) for o, s in found)
        sentences.extend(sents)
    # Case-folded grouping: one row per (observed, original) in the most frequent casing.
    folded: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for (o, s), n in counts.items():
        folded[(s.lower(), o.lower())][(s, o)] += n
    occurrences: dict[str, int] = {}
    entries: list[PhraseEntry] = []
    for (s_low, _o_low), forms in sorted(folded.items()):
        n = sum(forms.values())
        if n < min_count:
            continue
        (s, o), _ = forms.most_common(1)[0]
        if s_low not in occurrences:
            occurrences[s_low] = sum(_count_phrase(s_low, sb) for _, sb in sentences)
        total = max(n, occurrences[s_low])
        weight = round(min(0.99, n / (total + 1)), 3)
        entries.append(PhraseEntry(s, o, max(weight, 0.01), f"learned: {n} occurrence{'s' * (n != 1)}"))
    desc = description or f"learned from {n_pairs} original/spun pair(s) by textrepair.learn"
    return PhraseTable(name, VERSION, tuple(entries), desc)


def learn_table(original: str, spun: str, *, name: str = "learned") -> PhraseTable:
    """The substitutions that turned ``original`` into ``spun``, with counts, as a phrase table."""
    return learn_pairs_table([(original, spun)], name=name)


def read_pair_folder(path: str | Path) -> list[tuple[str, str]]:
    """(original, spun) texts from ``path/*/original.txt`` + ``spun.txt`` (or a single pair folder)."""
    root = Path(path)
    if not root.is_dir():
        raise LearnError(f"{root}: not a folder of pairs")
    dirs = [root] if (root / "original.txt").is_file() else sorted(p for p in root.iterdir() if p.is_dir())
    out = []
    for d in dirs:
        o, s = d / "original.txt", d / "spun.txt"
        if o.is_file() and s.is_file():
            try:
                out.append((o.read_text(encoding="utf-8"), s.read_text(encoding="utf-8")))
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
MINE_MIN_GAIN = 1.0          # mean log10 LM gain in context minus the fan-out penalty
MAX_CONTEXTS = 12


def _sentences_words(text: str) -> list[list[str]]:
    from .segment import split_sentences
    return [[_norm(w).lower() for w, _ in words_of(text, s)] for s in split_sentences(text)]


def _phrase_zipf(words: Sequence[str]) -> float:
    from . import lm
    return lm.logprob(list(words)) + 9.0


def _restorations(gram: tuple[str, ...]) -> set[tuple[str, ...]]:
    from . import lexicon
    out: set[tuple[str, ...]] = set()
    phrase = " ".join(gram)
    for e in lexicon.table_candidates(phrase):
        out.add(tuple(e.original.lower().split()))
    for c in lexicon.inverse_synonyms(phrase):
        out.add(tuple(c.split()))
    if len(gram) > 1:
        for i, w in enumerate(gram):
            if w in _FUNCTION:
                continue
            subs = {e.original.lower() for e in lexicon.table_candidates(w)}
            subs |= set(lexicon.inverse_synonyms(w))
            for c in subs:
                out.add(tuple([*gram[:i], *c.split(), *gram[i + 1:]]))
    out.discard(gram)
    return out


def mine_table(texts: Iterable[str], *, name: str = "mined", min_texts: int = 2,
               min_gain: float = MINE_MIN_GAIN, include_known: bool = False) -> PhraseTable:
    """Candidate spinner substitutions from spun texts alone (see the module docstring)."""
    from . import lexicon, lm

    docs = [_sentences_words(t) for t in texts]
    if not docs:
        raise LearnError("mine: no texts given")
    occ: dict[tuple[str, ...], list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
    df: Counter[tuple[str, ...]] = Counter()
    for sents in docs:
        seen: set[tuple[str, ...]] = set()
        for ws in sents:
            for n in (1, 2, 3):
                for i in range(len(ws) - n + 1):
                    g = tuple(ws[i:i + n])
                    if not all(re.fullmatch(r"[a-z][a-z'-]*", w) for w in g):
                        continue
                    if g[0] in _FUNCTION and g[-1] in _FUNCTION:
                        continue
                    if len(occ[g]) < MAX_CONTEXTS:
                        occ[g].append((tuple(ws[max(0, i - 2):i]), tuple(ws[i + n:i + n + 2])))
                    seen.add(g)
        df.update(seen)
    # Score each improbable recurring n-gram's best restoration, then aggregate by the changed part
    # only ("the worth" -> "the price" and "worth went" -> "price went" both count for worth -> price).
    agg: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # occ, texts, gain*occ
    for g, m in df.items():
        if m < min_texts:
            continue
        z = _phrase_zipf(g)
        if z >= (MINE_MAX_ZIPF_WORD if len(g) == 1 else MINE_MAX_ZIPF_PHRASE):
            continue
        best: tuple[float, tuple[str, ...]] | None = None
        for cand in _restorations(g):
            if _phrase_zipf(cand) <= z:
                continue  # the restored form must be the more probable phrase
            gains = [lm.logprob(list(cand), list(left), list(right))
                     - lm.logprob(list(g), list(left), list(right)) for left, right in occ[g]]
            if min(gains) <= 0:
                continue  # a real substitution reads better in every context it occurs in
            # Noisy-channel fan-out penalty (research/prototype.md): a spinner that picks among the
            # synonyms of a generic word rarely picks this one, so generic originals pay log10 |syn|.
            gain = sum(gains) / len(gains) - _fan_out(cand)
            if best is None or gain > best[0]:
                best = (gain, cand)
        if best is None or best[0] < min_gain:
            continue
        obs, orig = _changed_part(g, best[1])
        if not obs or not orig:
            continue
        slot = agg[(" ".join(obs), " ".join(orig))]
        n_occ = len(occ[g])
        if n_occ > slot[0]:  # the n-grams of one substitution overlap: keep the best-attested one
            slot[0], slot[1], slot[2] = n_occ, m, best[0]
        else:
            slot[2] = max(slot[2], best[0])
    entries: list[PhraseEntry] = []
    for (obs_s, orig_s), (n_occ, m, gain) in sorted(agg.items()):
        if not include_known and any(e.original.lower() == orig_s for e in lexicon.table_candidates(obs_s)):
            continue
        # Heuristic weight: a larger LM gain in context means a likelier restoration; mined rows
        # are candidates for review, so they stay below 0.9.
        weight = round(min(0.9, 0.3 + 0.1 * gain), 3)
        entries.append(PhraseEntry(obs_s, orig_s, weight,
                                   f"mined: {int(n_occ)}{'+' if n_occ >= MAX_CONTEXTS else ''} occurrences "
                                   f"in {int(m)} texts; LM gain +{gain:.1f}"))
    return PhraseTable(name, VERSION, tuple(entries),
                       f"mined from {len(docs)} spun text(s) by textrepair.learn.mine_table")


def _fan_out(cand: tuple[str, ...]) -> float:
    from . import lexicon
    import math
    n = max((len(lexicon.forward_synonyms(w)) for w in cand if w not in _FUNCTION), default=0)
    n = max(n, len(lexicon.forward_synonyms(" ".join(cand))))
    return math.log10(1 + n)


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
