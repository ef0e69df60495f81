"""Bytes to text: strict UTF-8 first, then a recorded, conservative fallback; binary input is refused."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .errors import DecodeError

# Bytes that never occur in text files: C0 controls other than TAB, LF, VT, FF, CR and ESC.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset((0x0E, 0x0F)) | frozenset(range(0x10, 0x1B)) \
    | frozenset(range(0x1C, 0x20))
# A text file may hold a few stray NULs or controls (issue 5 asks that they "work"); above this
# share of the first 64 KiB we call it binary. 5% is far above what scraped text shows (0 in the
# dev corpus) and far below what images, archives and executables show (>20%).
BINARY_CONTROL_SHARE = 0.05
_CONTROL_TABLE = bytes(sorted(_CONTROL_BYTES))
_SNIFF = 65536
# A file whose invalid UTF-8 bytes are at most this share of its non-ASCII bytes is UTF-8 with
# damage, not another encoding: the bad bytes are decoded one by one as cp1252 and recorded.
MOSTLY_UTF8_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded text, the encoding that produced it, and notes on any fallback taken."""

    text: str
    encoding: str
    bom: bool
    notes: tuple[str, ...] = ()


def _cp1252_or_latin1(byte: int) -> str:
    ch = bytes([byte]).decode("cp1252", errors="ignore")
    return ch or chr(byte)  # cp1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined: use latin-1


_BYTE_TO_CP1252 = {b: _cp1252_or_latin1(b) for b in range(0x80, 0x100)}


def _bytes_as_cp1252(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each undecodable byte becomes its cp1252 (else latin-1) character.

    Decoding with it runs in C; translating a decoded 50 MB text character by character took 7 s.
    """
    if not isinstance(err, UnicodeDecodeError):  # pragma: no cover - registered for decoding only
        raise err
    bad = err.object[err.start : err.end]
    return "".join(_BYTE_TO_CP1252.get(b, chr(b)) for b in bad), err.end


_BYTES_AS_CP1252 = "textrepair-bytes-as-cp1252"
codecs.register_error(_BYTES_AS_CP1252, _bytes_as_cp1252)
_NON_ASCII_TABLE = bytes(range(0x80, 0x100))


def looks_binary(data: bytes) -> bool:
    """True when the first 64 KiB hold too many control bytes to be text."""
    head = data[:_SNIFF]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has many NULs; decode_bytes handles its BOM
    bad = len(head) - len(head.translate(None, _CONTROL_TABLE))  # bytes.translate runs in C
    return bad / len(head) > BINARY_CONTROL_SHARE


def decode_bytes(data: bytes, *, path: str | None = None) -> Decoded:
    """Decode file bytes conservatively.

    UTF-8 (with or without BOM) is decoded as is; a leading BOM stays in the text as U+FEFF so
    offsets and bytes round-trip. UTF-16 with a BOM is decoded. UTF-8 with a few invalid bytes
    keeps its valid parts and decodes each bad byte as cp1252 (recorded in ``notes``). Anything
    else that is not binary is decoded as cp1252 (latin-1 for the five undefined bytes), recorded.
    Empty and binary input raise :class:`DecodeError`.

    >>> decode_bytes("café".encode("cp1252"))
    Decoded(text='café', encoding='cp1252', bom=False, notes=('not UTF-8: decoded as cp1252 (Windows-1252)',))
    >>> decode_bytes(b"", path="empty.txt")
    Traceback (most recent call last):
    ...
    textrepair.errors.DecodeError: empty.txt: the file is empty
    """
    where = path or "<bytes>"
    if not data:
        msg = f"{where}: the file is empty"
        raise DecodeError(msg)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", True, ("decoded as UTF-16 (BOM)",))
        except UnicodeDecodeError as err:
            msg = f"{where}: starts with a UTF-16 byte-order mark but is not valid UTF-16 ({err.reason})"
            raise DecodeError(msg) from err
    if looks_binary(data):
        msg = f"{where}: looks like a binary file (too many control bytes), not text"
        raise DecodeError(msg)
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        return Decoded(data.decode("utf-8"), "utf-8-sig" if bom else "utf-8", bom)
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    # Counted in C (a generator over a 50 MB file took 10 s): the bad bytes are the ones lost when
    # the escaped text is encoded dropping its surrogates, the non-ASCII bytes the ones lost when
    # bytes.translate deletes them.
    strict_bad = len(data) - len(escaped.encode("utf-8", errors="ignore"))
    non_ascii = (len(data) - len(data.translate(None, _NON_ASCII_TABLE))) or 1
    if strict_bad / non_ascii <= MOSTLY_UTF8_SHARE:
        note = f"invalid UTF-8: {strict_bad} byte(s) decoded as cp1252"
        return Decoded(data.decode("utf-8", errors=_BYTES_AS_CP1252), "utf-8+cp1252", bom, (note,))
    text = data.decode("cp1252", errors=_BYTES_AS_CP1252)
    return Decoded(text, "cp1252", False, ("not UTF-8: decoded as cp1252 (Windows-1252)",))


def encode_text(text: str, encoding: str = "utf-8") -> bytes:
    """Encode output text. Output is always UTF-8 (a kept U+FEFF re-creates the BOM)."""
    return text.encode("utf-8")
