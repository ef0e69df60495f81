"""Loader and matcher for the Problematic Paper Screener's tortured-phrase CSV export.

The export has the header ``Fingerprint - Tortured Phrase, Expected Text, Nb Retrieved Papers`` and one
fingerprint per row. A fingerprint is a small search expression (the screener runs them as
Dimensions/Lucene-style queries); this module honours the parts of that syntax the list uses:

- a quoted phrase ``"counterfeit consciousness"`` (case-insensitive, on word boundaries); an unquoted
  fingerprint is one phrase;
- ``*`` inside a phrase: ``"bosom peril*"`` (a word with any ending) or a lone ``*`` (any one word);
- proximity ``"irregular woodland"~3``: all words of the phrase within a window of
  ``len(words) + 3`` words, in any order (Lucene phrase slop, simplified to a window);
- context clauses ``"bosom" AND "breast"`` (every AND clause must also occur in the text) and
  ``"profound learning" NOT "learning disability"`` (no NOT clause may occur in the text;
  ``AND NOT`` is accepted too). The first clause is the tortured phrase: its occurrences are the
  reported spans; the other clauses are context, checked over the whole text given to ``find``.

API::

    table = load_pps_csv(path)                     # or parse_pps_csv(text); raises PPSFormatError (line numbers)
    table.find(text) -> list[tuple[Span, str, str]]   # (span, expected text, fingerprint), sorted
    table.to_phrase_table() -> PhraseTable         # plain-phrase rows only, flag "artefact"

Parentheses and OR are not supported and are reported as format errors with their line number.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import PPSFormatError
from ..core.types import Span
from .phrases import VERSION, PhraseEntry, PhraseTable

HEADER = ("Fingerprint - Tortured Phrase", "Expected Text", "Nb Retrieved Papers")
PLAIN_WEIGHT = 0.9  # a tortured phrase almost never has an innocent reading in scientific text
_TOKEN = re.compile(r'\s*(?:(?P<q>"(?P<phrase>[^"]*)"(?:~(?P<slop>\d+))?)|(?P<op>AND|NOT)\b|(?P<bad>\S+))')
_WORD = re.compile(r"[\w*]+(?:['’-][\w*]+)*")


@dataclass(frozen=True, slots=True)
class Clause:
    """One quoted phrase of a fingerprint, with optional proximity ``slop`` and polarity."""

    words: tuple[str, ...]
    slop: int | None = None
    negated: bool = False

    @property
    def plain(self) -> bool:
        return self.slop is None and not any("*" in w for w in self.words)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A parsed row: ``clauses[0]`` is the tortured phrase, the rest are context."""

    text: str
    expected: str
    papers: int | None
    clauses: tuple[Clause, ...]
    line: int

    @property
    def plain(self) -> bool:
        return len(self.clauses) == 1 and self.clauses[0].plain


def parse_fingerprint(expr: str, *, origin: str = "<fingerprint>", line: int = 0) -> tuple[Clause, ...]:
    """Parse a fingerprint expression into clauses (see the module docstring for the syntax)."""
    expr = expr.strip()
    where = f"{origin}, line {line}" if line else origin
    if not expr:
        raise PPSFormatError(f"{where}: empty fingerprint")
    if '"' not in expr:  # unquoted: the whole cell is one phrase
        return (Clause(_words(expr, where)),)
    clauses: list[Clause] = []
    negate_next = False
    expect_phrase = True
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        if m.group("bad"):
            raise PPSFormatError(f"{where}: unsupported syntax {m.group('bad')!r} in fingerprint {expr!r}")
        if m.group("op"):
            if expect_phrase and not (m.group("op") == "NOT" and clauses and not negate_next):
                raise PPSFormatError(f"{where}: operator {m.group('op')} without a phrase before it")
            negate_next = negate_next or m.group("op") == "NOT"
            expect_phrase = True
            continue
        if not expect_phrase:
            raise PPSFormatError(f"{where}: two phrases without AND/NOT between them in {expr!r}")
        slop = int(m.group("slop")) if m.group("slop") is not None else None
        words = _words(m.group("phrase"), where)
        if negate_next and not clauses:
            raise PPSFormatError(f"{where}: a fingerprint cannot start with NOT")
        clauses.append(Clause(words, slop, negate_next))
        negate_next = False
        expect_phrase = False
    if expect_phrase or not clauses:
        raise PPSFormatError(f"{where}: fingerprint {expr!r} ends with an operator")
    return tuple(clauses)


def _words(phrase: str, where: str) -> tuple[str, ...]:
    words = tuple(w.lower().replace("’", "'") for w in _WORD.findall(phrase))
    if not words:
        raise PPSFormatError(f"{where}: empty phrase in fingerprint")
    return words


def _word_regex(word: str) -> str:
    if word == "*":
        return r"[\w'’-]+"
    return r"[\w'’-]*".join(re.escape(part).replace("'", "['’]") for part in word.split("*"))


@dataclass(frozen=True)
class _Compiled:
    fingerprint: Fingerprint
    patterns: tuple[re.Pattern[str] | None, ...]  # phrase regex per clause (None for proximity)


def _compile_clause(c: Clause) -> re.Pattern[str] | None:
    if c.slop is not None:
        return None
    body = r"\W+".join(_word_regex(w) for w in c.words)
    return re.compile(r"(?<![\w'’-])" + body + r"(?![\w'’-])", re.IGNORECASE)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower().replace("’", "'"), m.start(), m.end())
            for m in re.finditer(r"\w+(?:['’-]\w+)*", text)]


def _word_matches(pattern_word: str, token: str) -> bool:
    if "*" not in pattern_word:
        return token == pattern_word
    return re.fullmatch(_word_regex(pattern_word), token) is not None


def _proximity(c: Clause, toks: list[tuple[str, int, int]]) -> list[Span]:
    """Windows of len(words)+slop tokens that contain every word of the clause (any order)."""
    n = len(c.words)
    width = n + (c.slop or 0)
    out: list[Span] = []
    i = 0
    while i < len(toks):
        if not any(_word_matches(w, toks[i][0]) for w in c.words):
            i += 1
            continue
        window = toks[i:i + width]
        used: set[int] = set()
        for w in c.words:
            k = next((k for k, t in enumerate(window) if k not in used and _word_matches(w, t[0])), None)
            if k is None:
                break
            used.add(k)
        else:
            end = max(used)
            out.append(Span(window[0][1], window[end][2]))
            i += end + 1
            continue
        i += 1
    return out


@dataclass(frozen=True)
class PPSTable:
    """Parsed fingerprints with a compiled matcher."""

    fingerprints: tuple[Fingerprint, ...]
    origin: str = "<pps>"

    def __len__(self) -> int:
        return len(self.fingerprints)

    @property
    def _compiled(self) -> tuple[_Compiled, ...]:
        return _compile_table(self)

    def find(self, text: str) -> list[tuple[Span, str, str]]:
        """``(span, expected text, fingerprint)`` for every tortured-phrase hit whose context holds."""
        toks: list[tuple[str, int, int]] | None = None
        out: list[tuple[Span, str, str]] = []
        for comp in self._compiled:
            fp = comp.fingerprint

            def spans(k: int) -> list[Span]:
                nonlocal toks
                pat = comp.patterns[k]
                if pat is not None:
                    return [Span(m.start(), m.end()) for m in pat.finditer(text)]
                if toks is None:
                    toks = _tokens(text)
                return _proximity(fp.clauses[k], toks)

            hits = spans(0)
            if not hits:
                continue
            ok = True
            for k, c in enumerate(fp.clauses[1:], start=1):
                found = bool(spans(k))
                if found == c.negated:
                    ok = False
                    break
            if ok:
                out.extend((s, fp.expected, fp.text) for s in hits)
        out.sort(key=lambda x: (x[0].start, -x[0].end))
        return out

    def to_phrase_table(self, name: str = "pps") -> PhraseTable:
        """Plain-phrase rows as a phrase table (observed = tortured phrase, original = expected)."""
        entries = []
        for fp in self.fingerprints:
            if fp.plain:
                papers = f"{fp.papers} papers" if fp.papers is not None else "count unknown"
                entries.append(PhraseEntry(" ".join(fp.clauses[0].words), fp.expected, PLAIN_WEIGHT,
                                           f"pps: {papers} ({self.origin}, line {fp.line})",
                                           frozenset({"artefact"})))
        return PhraseTable(name, VERSION, tuple(entries),
                           f"Tortured phrases from the Problematic Paper Screener export {self.origin}")


_COMPILED_CACHE: dict[int, tuple[PPSTable, tuple[_Compiled, ...]]] = {}


def _compile_table(table: PPSTable) -> tuple[_Compiled, ...]:
    hit = _COMPILED_CACHE.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    comp = tuple(_Compiled(fp, tuple(_compile_clause(c) for c in fp.clauses)) for fp in table.fingerprints)
    _COMPILED_CACHE[id(table)] = (table, comp)
    return comp


def parse_pps_csv(text: str, *, origin: str = "<pps>") -> PPSTable:
    """Parse the CSV export (text). Errors name ``origin`` and the line."""
    text = text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise PPSFormatError(f"{origin}, line 1: empty file; expected the header {', '.join(HEADER)}")
    got = tuple(c.strip() for c in rows[0])
    if tuple(c.lower() for c in got[:3]) != tuple(h.lower() for h in HEADER):
        raise PPSFormatError(f"{origin}, line 1: header {', '.join(got)!r} is not the tortured-phrase "
                             f"export header {', '.join(HEADER)!r}")
    fps: list[Fingerprint] = []
    # csv can spread one record over several lines (quoted newlines); track physical line numbers.
    line_of = _record_lines(text)
    for rec, row in enumerate(rows[1:], start=1):
        line = line_of[rec] if rec < len(line_of) else rec + 1
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise PPSFormatError(f"{origin}, line {line}: expected 3 columns "
                                 f"(fingerprint, expected text, paper count), got {len(row)}")
        expected = row[1].strip()
        if not expected:
            raise PPSFormatError(f"{origin}, line {line}: empty expected text")
        papers: int | None = None
        if len(row) > 2 and row[2].strip():
            try:
                papers = int(row[2].strip().replace(",", ""))
            except ValueError:
                raise PPSFormatError(f"{origin}, line {line}: paper count {row[2]!r} is not a number") from None
        clauses = parse_fingerprint(row[0], origin=origin, line=line)
        fps.append(Fingerprint(row[0].strip(), expected, papers, clauses, line))
    return PPSTable(tuple(fps), origin)


def _record_lines(text: str) -> list[int]:
    """1-based physical line where each CSV record starts."""
    starts: list[int] = []
    line = 1
    in_quotes = False
    at_start = True
    for ch in text:
        if at_start:
            starts.append(line)
            at_start = False
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "\n":
            line += 1
            if not in_quotes:
                at_start = True
    return starts


def load_pps_csv(path: str | Path) -> PPSTable:
    """Read and parse a tortured-phrase CSV export from a file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise PPSFormatError(f"{p}: cannot read tortured-phrase CSV ({err})") from err
    return parse_pps_csv(text, origin=str(p))
