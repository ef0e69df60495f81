"""The document model: decoded text, front matter, body, title, paragraphs and article segments, all as exact offsets."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .decode import decode_bytes
from .errors import InputTooLargeError, require_text
from .frontmatter import MAX_FRONT_MATTER_CHARS, FrontMatter, parse_front_matter
from .segment import split_articles, split_paragraphs, split_sentences, split_words
from .types import Segment, Span

# Default refusal size for one file (issue 5: configurable with --max-bytes). The dev corpus
# files are 2-30 KB; 50 MB keeps a 100 MB dump from being loaded whole by accident.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """A decoded text with exact offsets: ``text[body.start:body.end]`` is the body.

    ``text`` is the whole decoded file (a UTF-8 BOM stays in it as U+FEFF, CRLF stays CRLF), so
    every span in the library indexes the same string and writing ``text`` back as UTF-8
    reproduces a UTF-8 input byte for byte.
    """

    text: str
    path: str | None = None
    encoding: str = "utf-8"
    decode_notes: tuple[str, ...] = ()
    front_matter: FrontMatter | None = None
    body: Span = Span(0, 0)
    title: Span | None = None
    paragraphs: tuple[Span, ...] = ()
    segments: tuple[Segment, ...] = ()

    @property
    def metadata(self) -> Mapping[str, Any]:
        return self.front_matter.metadata if self.front_matter else MappingProxyType({})

    @property
    def body_text(self) -> str:
        return self.text[self.body.start : self.body.end]

    def sentences(self, span: Span | None = None) -> tuple[Span, ...]:
        return split_sentences(self.text, self.body if span is None else span)

    def words(self, span: Span | None = None) -> tuple[Span, ...]:
        return split_words(self.text, self.body if span is None else span)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "encoding": self.encoding,
            "decode_notes": list(self.decode_notes),
            "front_matter": None if not self.front_matter else
            {"start": self.front_matter.start, "end": self.front_matter.end},
            "body": {"start": self.body.start, "end": self.body.end},
            "title": None if not self.title else {"start": self.title.start, "end": self.title.end},
            "paragraphs": [{"start": p.start, "end": p.end} for p in self.paragraphs],
            "segments": [s.to_dict() for s in self.segments],
        }


def parse_document(text: str, *, path: str | None = None, encoding: str = "utf-8",
                   decode_notes: tuple[str, ...] = (),
                   max_front_matter: int = MAX_FRONT_MATTER_CHARS) -> Document:
    """Build a :class:`Document` from text: split front matter, find title, paragraphs and segments.

    Raises :class:`~textrepair.errors.FrontMatterError` (naming ``path`` and the line) when a
    leading ``---`` block is not a YAML mapping.
    """
    require_text(text)
    fm = parse_front_matter(text, path=path, max_chars=max_front_matter)
    body_start = fm.end if fm else (1 if text.startswith("\ufeff") else 0)
    body = Span(body_start, len(text))
    paragraphs = split_paragraphs(text, body.start, body.end)
    segments = split_articles(text, body.start, body.end)
    # The title is the first segment's headline line (see split_articles / is_title_line).
    first = segments[0]
    title = Span(first.title_start, first.title_end) if first.title_start is not None \
        and first.title_end is not None else None
    return Document(text, path, encoding, decode_notes, fm, body, title, paragraphs, segments)


def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_front_matter: int = MAX_FRONT_MATTER_CHARS) -> Document:
    """Read and decode a file, then :func:`parse_document` it. Errors are textrepair errors naming the file."""
    p = Path(path)
    size = p.stat().st_size
    if size > max_bytes:
        msg = f"{p}: {size:,} bytes is over the limit of {max_bytes:,} (raise it with --max-bytes)"
        raise InputTooLargeError(msg)
    decoded = decode_bytes(p.read_bytes(), path=str(p))
    return parse_document(decoded.text, path=str(p), encoding=decoded.encoding,
                          decode_notes=decoded.notes, max_front_matter=max_front_matter)
