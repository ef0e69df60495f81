"""Bytes to text: strict UTF-8 first, then a recorded, conservative fallback; binary input is refused."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..core.errors import DecodeError, NotTextError

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


# Formats a folder of articles often holds besides text, recognised by their first bytes (magic
# numbers: PDF 1.7 §7.5.2, ZIP APPNOTE §4.3.7, OLE2 compound file, PNG/JPEG/GIF, gzip RFC 1952):
# (signature, kind, what it is, what to do). {in} and {out} become the file's name and a
# suggested output name.
_SKIP_ADVICE = "leave it out (clean takes text files unless --glob says otherwise)"
_SIGNATURES: tuple[tuple[bytes, str, str, str], ...] = (
    (b"%PDF-", "pdf", "a PDF document", "extract its text first (e.g. pdftotext {in} {out}) and clean that"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2", "an old Microsoft Office document (.doc, .xls, .ppt)",
     "save it as plain text from the application (or: libreoffice --headless --convert-to txt {in}) "
     "and clean that"),
    (b"\x89PNG\r\n\x1a\n", "png", "a PNG image", _SKIP_ADVICE),
    (b"\xff\xd8\xff", "jpeg", "a JPEG image", _SKIP_ADVICE),
    (b"GIF89a", "gif", "a GIF image", _SKIP_ADVICE),
    (b"GIF87a", "gif", "a GIF image", _SKIP_ADVICE),
    (b"\x1f\x8b", "gzip", "a gzip-compressed file", "decompress it first (e.g. gunzip {in}) and clean that"),
)
# Inside a ZIP, the first entries' names say what the package is (they appear in the local headers).
_ZIP_KINDS: tuple[tuple[bytes, str, str, str], ...] = (
    (b"word/", "docx", "a Word document (.docx)",
     "save it as plain text from Word, or extract it (e.g. pandoc {in} -t plain -o {out}), and clean that"),
    (b"opendocument.text", "odt", "an OpenDocument text (.odt)",
     "save it as plain text, or extract it (e.g. pandoc {in} -t plain -o {out}), and clean that"),
    (b"xl/", "xlsx", "an Excel workbook (.xlsx)", "export the text you need to a .txt or .jsonl file first"),
    (b"ppt/", "pptx", "a PowerPoint presentation (.pptx)", "export its text to a .txt file first"),
)
_ZIP = ("zip", "a ZIP archive", "unpack it (e.g. unzip {in} -d FOLDER) and clean the text files inside")
#: UTF-16 without a BOM: ASCII-range text puts a NUL in every other byte. At least this share of
#: one byte parity must be NUL (and at most 1 - it of the other) over at least _UTF16_MIN bytes.
UTF16_NUL_SHARE = 0.9
_UTF16_MIN = 16


def _utf16_without_bom(head: bytes) -> str | None:
    """'LE' or 'BE' when ``head`` reads as UTF-16 text without a byte-order mark, else None."""
    n = len(head) - len(head) % 2
    if n < _UTF16_MIN:
        return None
    half = n // 2
    even_nul, odd_nul = head[0:n:2].count(0) / half, head[1:n:2].count(0) / half
    for order, zeros, other in (("LE", odd_nul, even_nul), ("BE", even_nul, odd_nul)):
        if zeros >= UTF16_NUL_SHARE and other <= 1 - UTF16_NUL_SHARE:
            try:
                head[:n].decode(f"utf-16-{order.lower()}")
            except UnicodeDecodeError:
                return None
            return order
    return None


def _names(path: str | None, suffix: str) -> dict[str, str]:
    """The file's name and an output name for the advice ({in}, {out}), quoted for a shell."""
    import shlex
    from pathlib import PurePath

    if not path or path.startswith("<"):
        return {"in": "FILE", "out": "FILE" + suffix}
    name = PurePath(path).name
    out = PurePath(name).stem + suffix
    if out == name:
        out = PurePath(name).stem + ".extracted" + suffix
    return {"in": shlex.quote(name), "out": shlex.quote(out)}


def sniff_not_text(data: bytes, path: str | None = None) -> NotTextError | None:
    """The :class:`NotTextError` for ``data`` when it is a known non-text format or UTF-16 without
    a BOM (judged by content, never by file name), else None. Its message names ``path``, says
    what the file probably is and what to do."""
    head = data[:_SNIFF]
    where = path or "<bytes>"
    found: tuple[str, str, str] | None = None
    for signature, kind, what, advice in _SIGNATURES:
        # (A GIF's signature is letters: it counts only with the NUL bytes its header holds.)
        if head.startswith(signature) and (kind != "gif" or 0 in head[6:32]):
            found = (kind, what, advice)
            break
    else:
        if head.startswith(b"PK\x03\x04"):
            found = next(((k, w, a) for marker, k, w, a in _ZIP_KINDS if marker in head), _ZIP)
    if found is not None:
        kind, what, advice = found
        advice = advice.format(**_names(path, ".txt"))
        return NotTextError(f"{where}: looks like {what}, not text: {advice}", kind=kind, advice=advice)
    order = _utf16_without_bom(head)
    if order is not None:
        names = _names(path, ".utf8.txt")
        advice = f"convert it to UTF-8 first (e.g. iconv -f UTF-16{order} -t UTF-8 {names['in']} > {names['out']})"
        return NotTextError(f"{where}: looks like UTF-16{order} text without a byte-order mark: {advice}",
                            kind=f"utf-16-{order.lower()}", advice=advice)
    return None


def decode_bytes(data: bytes, *, path: str | None = None) -> Decoded:
    """Decode file bytes conservatively.

    UTF-8 (with or without BOM) is decoded as is; a leading BOM stays in the text as U+FEFF so
    offsets and bytes round-trip. UTF-16 with a BOM is decoded. UTF-8 with a few invalid bytes
    keeps its valid parts and decodes each bad byte as cp1252 (recorded in ``notes``). Anything
    else that is not binary is decoded as cp1252 (latin-1 for the five undefined bytes), recorded.
    Empty and binary input raise :class:`DecodeError`; a PDF, a Word or other ZIP package, an
    image, gzip data or UTF-16 without a BOM raise its subclass :class:`NotTextError`, whose
    message says what the file probably is and what to do (see :func:`sniff_not_text`).

    >>> decode_bytes("café".encode("cp1252"))
    Decoded(text='café', encoding='cp1252', bom=False, notes=('not UTF-8: decoded as cp1252 (Windows-1252)',))
    >>> decode_bytes(b"", path="empty.txt")
    Traceback (most recent call last):
    ...
    textrepair.core.errors.DecodeError: empty.txt: the file is empty
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
    known = sniff_not_text(data, path)
    if known is not None:
        raise known
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
