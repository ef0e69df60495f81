"""Phrase tables: the versioned TSV format, its loader, and lazy access to the tables packaged in ``textrepair/data``.

Format (UTF-8, tab-separated)::

    #format=textrepair-phrases	version=1
    #name=spinner-news
    #description=free text
    # any other line starting with '#' is a comment
    observed	original	weight	source	flags
    in line with	according to	0.9	seed 001; corpus dict/001	
    Fb	Facebook	1.0	seed 001	cs

- ``observed``: the form found in the text (a word or phrase; matched case-insensitively on word
  boundaries unless the ``cs`` flag is set). ``original``: what it is restored to.
- ``weight``: P(original | observed) for the restorer, in (0, 1]; several rows may share an
  ``observed`` form (one spun word, several originals) and their weights should sum to <= 1, the
  rest being the chance the word was not spun at all.
- ``source``: where the entry comes from (a corpus file, "curated", "mined: N pairs").
- ``flags`` (optional, comma-separated): ``cs`` case-sensitive; ``artefact`` a spinner artefact
  that is not ordinary English (restored with high confidence); ``name`` a multiword name;
  ``date`` a month name, to be applied only next to a day number or a year ("Might 2020" -> "May 2020").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from ..core.errors import TableFormatError, UnknownTableError
from .phrases import VERSION, PhraseEntry, PhraseTable

FORMAT = "textrepair-phrases"
COLUMNS = ("observed", "original", "weight", "source", "flags")
KNOWN_FLAGS = frozenset({"cs", "artefact", "name", "date"})


def parse_table(text: str, *, name: str | None = None, origin: str = "<table>") -> PhraseTable:
    """Parse the TSV format above; errors name ``origin`` and the line."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#format="):
        msg = f"{origin}: line 1 must be '#format={FORMAT}\\tversion={VERSION}'"
        raise TableFormatError(msg)
    header = dict(part.split("=", 1) for part in lines[0][1:].split("\t") if "=" in part)
    if header.get("format") != FORMAT:
        msg = f"{origin}: unknown format {header.get('format')!r}, expected {FORMAT!r}"
        raise TableFormatError(msg)
    try:
        version = int(header.get("version", ""))
    except ValueError:
        version = -1
    if version != VERSION:
        msg = f"{origin}: unsupported table version {header.get('version')!r} (this library reads {VERSION})"
        raise TableFormatError(msg)
    meta: dict[str, str] = {}
    entries: list[PhraseEntry] = []
    seen_columns = False
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        if line.startswith("#"):
            if "=" in line and not line.startswith("# "):
                k, v = line[1:].split("=", 1)
                meta[k.strip()] = v.strip()
            continue
        row = next(csv.reader(io.StringIO(line), delimiter="\t", quoting=csv.QUOTE_NONE))
        if not seen_columns and tuple(c.strip() for c in row[:2]) == COLUMNS[:2]:
            seen_columns = True
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            msg = f"{origin}, line {lineno}: a row needs at least 'observed' and 'original' columns"
            raise TableFormatError(msg)
        try:
            weight = float(row[2]) if len(row) > 2 and row[2].strip() else 1.0
        except ValueError:
            msg = f"{origin}, line {lineno}: weight {row[2]!r} is not a number"
            raise TableFormatError(msg) from None
        if not (0.0 < weight <= 1.0):
            msg = f"{origin}, line {lineno}: weight {weight} must be in (0, 1]"
            raise TableFormatError(msg)
        flags = frozenset(f.strip() for f in (row[4] if len(row) > 4 else "").split(",") if f.strip())
        bad = flags - KNOWN_FLAGS
        if bad:
            msg = f"{origin}, line {lineno}: unknown flag(s) {', '.join(sorted(bad))}"
            raise TableFormatError(msg)
        entries.append(PhraseEntry(row[0].strip(), row[1].strip(), weight,
                                   row[3].strip() if len(row) > 3 else "", flags))
    return PhraseTable(name or meta.get("name", origin), version, tuple(entries),
                       meta.get("description", ""))


def format_table(table: PhraseTable | Iterable[PhraseEntry], *, name: str = "table",
                 description: str = "") -> str:
    """Serialise entries in the TSV format (the inverse of :func:`parse_table`)."""
    if isinstance(table, PhraseTable):
        name, description, entries = table.name, table.description, table.entries
    else:
        entries = tuple(table)
    out = [f"#format={FORMAT}\tversion={VERSION}", f"#name={name}"]
    if description:
        out.append(f"#description={description}")
    out.append("\t".join(COLUMNS))
    for e in entries:
        out.append("\t".join((e.spun, e.original, f"{e.weight:.4g}", e.source,
                              ",".join(sorted(e.flags)))))
    return "\n".join(out) + "\n"


def available_tables() -> dict[str, str]:
    """Packaged tables: name -> description."""
    out = {}
    for item in sorted(resources.files("textrepair.data").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".tsv"):
            table = load_table(item.name[: -len(".tsv")])
            out[table.name] = table.description
    return out


@cache
def load_table(name: str) -> PhraseTable:
    """A packaged table by name, parsed once and cached (entries are immutable)."""
    ref = resources.files("textrepair.data").joinpath(f"{name}.tsv")
    if not ref.is_file():
        names = sorted(p.name[:-4] for p in resources.files("textrepair.data").iterdir()
                       if p.name.endswith(".tsv"))
        msg = f"no packaged table {name!r}; available: {', '.join(names) or 'none'}"
        raise UnknownTableError(msg)
    return parse_table(ref.read_text(encoding="utf-8"), name=name, origin=f"textrepair/data/{name}.tsv")


def read_table(path: str | Path) -> PhraseTable:
    """A user table from a file (``--table FILE``).

    A Problematic Paper Screener tortured-phrase CSV export is accepted too: its plain-phrase rows
    become a phrase table (``textrepair.lexical.pps``; rows with AND/NOT/~N/* need ``pps.load_pps_csv``).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        msg = f"{p}: cannot read table ({reason})"
        raise TableFormatError(msg) from err
    if text.lstrip().lower().startswith("fingerprint - tortured phrase"):
        from .pps import parse_pps_csv

        return parse_pps_csv(text, origin=str(p)).to_phrase_table(name=p.stem)
    return parse_table(text, origin=str(p))
