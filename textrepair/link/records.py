"""Front-matter records: the Record type and loading from a folder of files (or of plain articles), JSON Lines or mappings."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.errors import RecordProblem, TextrepairError
from ..text.decode import decode_bytes
from ..text.document import DEFAULT_MAX_BYTES
from ..text.frontmatter import find_front_matter, load_yaml_mapping

# URL fields of the aggregator's records, most authoritative first: originalUrl is the publisher's
# page, webUrl often the same page with tracking parameters, the AMP ones mirrors of it.
URL_FIELDS = ("originalUrl", "webUrl", "url", "ampWebUrl", "cdnAmpWebUrl")
DATE_FIELDS = ("publishedDateTime", "published_date", "date", "publishedAt")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Record:
    """One front-matter record: what an article is (title, lede excerpt, URLs, provider, date).

    ``id`` names it for the user: the file's path relative to the records folder, the JSONL
    ``id`` (or ``FILE:LINE``), or ``<parent id>#related[i]`` for an entry of a ``related`` list.
    ``raw`` is the mapping it was read from (JSON-able types are not guaranteed: YAML dates stay
    dates).
    """

    id: str
    title: str = ""
    excerpt: str = ""
    urls: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False)
    provider: str = ""
    published: datetime | None = None
    topics: tuple[str, ...] = ()
    related: tuple[Record, ...] = field(default=(), hash=False)
    raw: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, hash=False, repr=False)

    @property
    def url(self) -> str:
        """The most authoritative URL (originalUrl, else webUrl, else any), or ""."""
        for name in URL_FIELDS:
            if name in self.urls:
                return self.urls[name]
        return next(iter(self.urls.values()), "")

    def with_related(self) -> tuple[Record, ...]:
        """This record followed by its related entries (each usable as a record of its own)."""
        return (self, *self.related)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "excerpt": self.excerpt, "urls": dict(self.urls),
                "provider": self.provider,
                "published": self.published.isoformat() if self.published else None,
                "topics": list(self.topics), "related": [r.id for r in self.related]}


# --- field readers: each returns a clean value or raises RecordProblem with a reason ----------

def _text_field(data: Mapping[str, Any], name: str, rid: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # an unquoted numeric title ("1984") is still a title
    if not isinstance(value, str):
        raise RecordProblem(rid, f"'{name}' must be text, not a YAML {type(value).__name__}")
    return " ".join(value.split())


def _urls(data: Mapping[str, Any]) -> Mapping[str, str]:
    urls: dict[str, str] = {}
    for name in URL_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            urls[name] = value.strip()
    for name, value in data.items():  # any other *Url field, e.g. canonicalUrl
        if name not in urls and name.lower().endswith("url") and isinstance(value, str) and value.strip():
            urls[name] = value.strip()
    return MappingProxyType(urls)


def _provider(data: Mapping[str, Any]) -> str:
    value = data.get("provider")
    if isinstance(value, Mapping):
        name = value.get("name") or value.get("domain") or ""
        return str(name).strip()
    if isinstance(value, str):
        return value.strip()
    return ""


_ISO_Z = re.compile(r"Z$")


def parse_date(value: Any) -> datetime | None:
    """A record date as an aware UTC datetime: YAML datetimes/dates, ISO strings; None when unreadable."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(_ISO_Z.sub("+00:00", value.strip()))
        except ValueError:
            return None
        return parse_date(parsed)
    return None


def _published(data: Mapping[str, Any]) -> datetime | None:
    for name in DATE_FIELDS:
        if name in data:
            return parse_date(data[name])
    return None


def _topics(data: Mapping[str, Any]) -> tuple[str, ...]:
    value = data.get("topics")
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(t) for t in value if isinstance(t, (str, int, float)))
    return ()


def record_from_mapping(data: Any, rid: str, *,
                        problems: list[RecordProblem] | None = None) -> Record:
    """Build a :class:`Record` from a mapping; raise :class:`RecordProblem` when it cannot be one.

    A record needs a title or an excerpt (there is nothing else to link on). Malformed
    ``related`` entries are reported into ``problems`` (when given) and left out; the record
    itself still loads.
    """
    if not isinstance(data, Mapping):
        raise RecordProblem(rid, f"a record must be a mapping of fields, not a {type(data).__name__}")
    title = _text_field(data, "title", rid)
    excerpt = _text_field(data, "excerpt", rid)
    if not title and not excerpt:
        raise RecordProblem(rid, "record has neither a title nor an excerpt")
    related: list[Record] = []
    entries = data.get("related")
    if entries is not None and not isinstance(entries, (list, tuple)):
        if problems is not None:
            problems.append(RecordProblem(f"{rid}#related", "'related' must be a list; ignored"))
        entries = ()
    for i, entry in enumerate(entries or ()):
        sub_id = f"{rid}#related[{i}]"
        try:
            related.append(record_from_mapping(entry, sub_id, problems=problems))
        except RecordProblem as err:
            if problems is not None:
                problems.append(err)
    return Record(rid, title, excerpt, _urls(data), _provider(data), _published(data), _topics(data),
                  tuple(related), data if isinstance(data, MappingProxyType) else MappingProxyType(dict(data)))


# --- sources ------------------------------------------------------------------------------------

def load_record_file(path: str | os.PathLike[str], rid: str | None = None, *,
                     max_bytes: int = DEFAULT_MAX_BYTES,
                     problems: list[RecordProblem] | None = None) -> Record:
    """One record from a file with a front-matter block (the body, if any, is ignored)."""
    p = Path(path)
    rid = rid or p.name
    return _front_matter_record(_read_text(p, rid, max_bytes), rid, problems)


def _front_matter_record(text: str, rid: str, problems: list[RecordProblem] | None) -> Record:
    found = find_front_matter(text)
    if found is None:
        raise RecordProblem(rid, "no front-matter block (a file must start with a '---' line "
                                 "and the block must be closed by another)")
    _, _, ys, ye = found
    try:
        data = load_yaml_mapping(text[ys:ye], line_offset=text.count("\n", 0, ys))
    except TextrepairError as err:
        reason = getattr(err, "reason", str(err))
        line = getattr(err, "line", None)
        raise RecordProblem(rid, f"line {line}: {reason}" if line else reason) from None
    return record_from_mapping(data, rid, problems=problems)


# --- plain articles -----------------------------------------------------------------------------

#: A plain article's first non-blank line is its title when it is at most this long (the linker's
#: own headline limit, link.segment_view); a longer first line is text, and the article has no title.
MAX_TITLE_CHARS = 200
#: How much of a plain article's text becomes the record's excerpt, cut at a sentence end: the
#: linker compares an excerpt with a body's opening (link.OPENING_CHARS, 2,500 characters) and
#: was calibrated on aggregator excerpts of 150-2,000 characters; a whole long article would
#: dilute its sentence-alignment feature (aligned share of the excerpt) and slow the alignment.
ARTICLE_EXCERPT_CHARS = 2500
_OPENS_BLOCK_RE = re.compile(r"\A\ufeff?---[ \t]*(?:\r\n|\n|\r)")  # as frontmatter.find_front_matter
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


def opens_front_matter(text: str) -> bool:
    """Whether ``text`` starts with a ``---`` line (a front-matter block, closed or not)."""
    return bool(_OPENS_BLOCK_RE.match(text))


def _excerpt_of(text: str, limit: int = ARTICLE_EXCERPT_CHARS) -> str:
    """The article text as an excerpt: paragraphs on one line each (a hard-wrapped line is not a
    sentence end), blank lines between, cut at the last sentence end within ``limit``."""
    from ..text.segment import split_sentences

    paras = [" ".join(p.split()) for p in _BLANK_LINE_RE.split(text.replace("\r\n", "\n").replace("\r", "\n"))]
    joined = "\n\n".join(p for p in paras if p)
    if len(joined) <= limit:
        return joined
    ends = [sp.end for sp in split_sentences(joined[: limit + 1]) if sp.end <= limit]
    return joined[: ends[-1]] if ends else joined[:limit].rsplit(None, 1)[0]


def article_record(text: str, rid: str) -> Record:
    """A plain article (no front matter) as a :class:`Record`: the first non-blank line is the
    title (unless longer than :data:`MAX_TITLE_CHARS`: then all is text), the rest the text.

    The excerpt the linker aligns with a body is the text's start (:data:`ARTICLE_EXCERPT_CHARS`,
    cut at a sentence end); ``raw`` is ``{"title", "text"}`` with the whole text. Raises
    :class:`RecordProblem` when there is no text after the title.
    """
    body = text.lstrip("\ufeff")
    lines = body.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise RecordProblem(rid, "the file holds only blank lines")
    title = " ".join(lines[first].split())
    if len(title) > MAX_TITLE_CHARS:
        title, rest = "", "\n".join(lines[first:])
    else:
        rest = "\n".join(lines[first + 1 :])
    if not rest.strip():
        raise RecordProblem(rid, "a plain article needs text after its title line (first line = title, "
                                 "the rest = the article)")
    raw = MappingProxyType({"title": title, "text": rest.strip()})
    return Record(rid, title, _excerpt_of(rest), raw=raw)


def _read_text(p: Path, rid: str, max_bytes: int) -> str:
    """A record file's decoded text; every failure is a :class:`RecordProblem` naming ``rid``."""
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise RecordProblem(rid, f"{size:,} bytes is over the limit of {max_bytes:,}")
        return decode_bytes(p.read_bytes(), path=rid).text
    except OSError as err:
        raise RecordProblem(rid, f"cannot read file ({err.strerror or err})") from None
    except RecordProblem:
        raise
    except TextrepairError as err:
        raise RecordProblem(rid, str(err).removeprefix(f"{rid}: ")) from None


def _peek_front_matter(p: Path) -> bool:
    """Whether the file at ``p`` starts with a ``---`` line (read from its first bytes only)."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return opens_front_matter(head.decode("utf-16", errors="replace"))
    return opens_front_matter(head.decode("utf-8", errors="replace"))


def iter_record_files(folder: Path, pattern: str = "*") -> list[Path]:
    """Regular files under ``folder`` (sorted, hidden files and folders skipped, links not followed)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not Path(name).match(pattern):
                continue
            p = Path(dirpath) / name
            if p.is_file():
                out.append(p)
    return out


#: Why a plain file in a folder of front-matter records is skipped.
MIXED_FOLDER_REASON = ("no front-matter block; the other files here are front-matter records, so a "
                       "plain file is not read as an article (keep plain articles in a folder of their own)")


def load_folder(folder: str | os.PathLike[str], *, pattern: str = "*",
                max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Record], list[RecordProblem]]:
    """Every record file under ``folder``; ids are paths relative to it (POSIX separators).

    A folder holds either front-matter records or plain articles. When any file starts with a
    ``---`` line, the folder is one of front-matter records: those files load as records and a
    file without front matter is reported (:data:`MIXED_FOLDER_REASON`), as a stray body among
    records should be. When none does, every file is a plain article (:func:`article_record`:
    first non-blank line = title, the rest = the text).
    """
    root = Path(folder)
    records: list[Record] = []
    problems: list[RecordProblem] = []
    files = iter_record_files(root, pattern)
    front = [_peek_front_matter(p) for p in files]
    articles = not any(front)
    for p, has_block in zip(files, front):
        rid = p.relative_to(root).as_posix()
        try:
            text = _read_text(p, rid, max_bytes)
            if articles:
                records.append(article_record(text, rid))
            elif opens_front_matter(text):
                records.append(_front_matter_record(text, rid, problems))
            else:
                problems.append(RecordProblem(rid, MIXED_FOLDER_REASON))
        except RecordProblem as err:
            problems.append(err)
    return records, problems


def load_jsonl(path: str | os.PathLike[str]) -> tuple[list[Record], list[RecordProblem]]:
    """Records from JSON Lines: one object per line, id from its ``id`` field or ``FILE:LINE``."""
    p = Path(path)
    records: list[Record] = []
    problems: list[RecordProblem] = []
    seen: set[str] = set()
    try:
        text = decode_bytes(p.read_bytes(), path=str(p)).text
    except OSError as err:
        return [], [RecordProblem(p.name, f"cannot read file ({err.strerror or err})")]
    except TextrepairError as err:
        return [], [RecordProblem(p.name, str(err))]
    for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{p.name}:{lineno}"
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as err:
            problems.append(RecordProblem(where, f"invalid JSON: {getattr(err, 'msg', err)}"))
            continue
        rid = where
        if isinstance(data, Mapping) and isinstance(data.get("id"), (str, int)) \
                and not isinstance(data.get("id"), bool) and str(data["id"]).strip():
            rid = str(data["id"]).strip()
        if rid in seen:
            problems.append(RecordProblem(where, f"duplicate id {rid!r}; the first one is kept"))
            continue
        try:
            records.append(record_from_mapping(data, rid, problems=problems))
            seen.add(rid)
        except RecordProblem as err:
            problems.append(RecordProblem(where if rid == where else f"{where} (id {rid})", err.reason))
    return records, problems


def load_mappings(items: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]]
                  ) -> tuple[list[Record], list[RecordProblem]]:
    """Records from Python mappings: a list (id from ``id`` or ``[i]``) or a dict of id -> mapping."""
    pairs: Iterable[tuple[str, Any]]
    if isinstance(items, Mapping):
        pairs = ((str(k), v) for k, v in items.items())
    else:
        pairs = ((str(m["id"]) if isinstance(m, Mapping) and m.get("id") not in (None, "") else f"[{i}]", m)
                 for i, m in enumerate(items))
    records: list[Record] = []
    problems: list[RecordProblem] = []
    for rid, data in pairs:
        try:
            records.append(record_from_mapping(data, rid, problems=problems))
        except RecordProblem as err:
            problems.append(err)
    return records, problems


def load_records(source: str | os.PathLike[str] | Iterable[Mapping[str, Any]] | Mapping[str, Any],
                 *, pattern: str = "*") -> tuple[list[Record], list[RecordProblem]]:
    """Load records from a folder (of front-matter files, or of plain articles: see
    :func:`load_folder`), a ``.jsonl`` file, one record file or plain article, or mappings.

    Returns ``(records, problems)``: malformed records are skipped and reported (path and
    reason), the rest load. A missing source raises :class:`RecordProblem`.
    """
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        if p.is_dir():
            return load_folder(p, pattern=pattern)
        if not p.exists():
            raise RecordProblem(str(p), "no such file or folder")
        if p.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            return load_jsonl(p)
        problems: list[RecordProblem] = []
        try:
            text = _read_text(p, p.name, DEFAULT_MAX_BYTES)
            if not opens_front_matter(text):
                return [article_record(text, p.name)], problems  # one plain article
            return [_front_matter_record(text, p.name, problems)], problems
        except RecordProblem as err:
            return [], [*problems, err]
    return load_mappings(source)


def expand_related(records: Iterable[Record]) -> list[Record]:
    """Each record followed by its ``related`` entries, as one flat list (for indexing them too)."""
    return [r for rec in records for r in rec.with_related()]
