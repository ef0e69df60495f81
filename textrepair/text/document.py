"""The document model: decoded text, front matter, body, title, paragraphs and article segments, all as exact offsets."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.errors import InputTooLargeError, NotAFileError, require_text
from ..core.types import Segment, Span
from .decode import decode_bytes
from .frontmatter import MAX_FRONT_MATTER_CHARS, FrontMatter, parse_front_matter
from .segment import split_articles, split_paragraphs, split_sentences, split_words

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

    Raises :class:`~textrepair.core.errors.FrontMatterError` (naming ``path`` and the line) when a
    leading ``---`` block is not a YAML mapping.
    """
    require_text(text)
    fm = parse_front_matter(text, path=path, max_chars=max_front_matter)
    body_start = fm.end if fm else (1 if text.startswith("\ufeff") else 0)
    return _with_body(Document(text, path, encoding, decode_notes, fm), body_start)


def with_new_body(doc: Document, text: str) -> Document:
    """``doc`` with ``text`` in place of its text, whose body starts where ``doc``'s does (the
    front matter unchanged: e.g. the body after the fixers); paragraphs, segments and title are
    found again in the new body."""
    require_text(text)
    return _with_body(Document(text, doc.path, doc.encoding, doc.decode_notes, doc.front_matter),
                      doc.body.start)


def _with_body(doc: Document, body_start: int) -> Document:
    text = doc.text
    body = Span(body_start, len(text))
    paragraphs = split_paragraphs(text, body.start, body.end)
    segments = split_articles(text, body.start, body.end, paragraphs=paragraphs)
    # The title is the first segment's headline line (see split_articles / is_title_line).
    first = segments[0]
    title = Span(first.title_start, first.title_end) if first.title_start is not None \
        and first.title_end is not None else None
    return replace(doc, body=body, title=title, paragraphs=paragraphs, segments=segments)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def read_input(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A regular file's bytes, refused over ``max_bytes`` (checked on the open file, and again
    while reading in case it grows). Opening never blocks, so a FIFO raises NotAFileError
    instead of waiting for a writer; OSError (missing, unreadable) passes through."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        # Checked on the descriptor, before a file object exists: os.fdopen on a folder raises an
        # IsADirectoryError that names the descriptor ("3: Is a directory"), not the path.
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            msg = f"{path}: {_kind(st.st_mode)}, not a regular file"
            raise NotAFileError(msg)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        if st.st_size > max_bytes:
            msg = f"{path}: {st.st_size:,} bytes is over the limit of {max_bytes:,} (raise it with --max-bytes)"
            raise InputTooLargeError(msg)
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        msg = f"{path}: over the limit of {max_bytes:,} bytes (it grew while being read; raise it with --max-bytes)"
        raise InputTooLargeError(msg)
    return data


def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_front_matter: int = MAX_FRONT_MATTER_CHARS) -> Document:
    """Read and decode a file, then :func:`parse_document` it. Errors are textrepair errors naming the file."""
    p = Path(path)
    decoded = decode_bytes(read_input(p, max_bytes), path=str(p))
    return parse_document(decoded.text, path=str(p), encoding=decoded.encoding,
                          decode_notes=decoded.notes, max_front_matter=max_front_matter)
