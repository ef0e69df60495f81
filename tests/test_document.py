"""Document model: lossless decoding, front-matter spans and errors, body/title/paragraph offsets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from textrepair import (
    DecodeError,
    FrontMatterError,
    InputTooLargeError,
    InputTypeError,
    decode_bytes,
    parse_document,
    read_document,
    repair_and_explain,
)
from textrepair.text.frontmatter import find_front_matter, jsonable

FM = "---\ntitle: \"Harbor Bridge Reopens\"\npublishedDateTime: 2023-05-02T09:30:00Z\n---\n"
BODY = "Harbor Bridge Reopens After Repairs\n\nThe bridge reopened on Tuesday.\n\nTraffic was light.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- decoding ----------------------------------------------------------------------------

def test_utf8_bom_is_kept_and_round_trips(tmp_path):
    raw = b"\xef\xbb\xbf" + BODY.replace("\n", "\r\n").encode("utf-8")
    doc = read_document(_write(tmp_path, "bom.txt", raw))
    assert doc.text.startswith("\ufeff") and doc.encoding == "utf-8-sig"
    assert doc.body.start == 1
    assert doc.text.encode("utf-8") == raw  # lossless: BOM and CRLF both survive
    r = repair_and_explain(doc, restore=False)
    assert r.text.encode("utf-8") == raw and r.edits == ()


def test_crlf_is_kept_and_spans_exclude_it(tmp_path):
    raw = BODY.replace("\n", "\r\n").encode("utf-8")
    doc = read_document(_write(tmp_path, "crlf.txt", raw))
    assert doc.text.encode("utf-8") == raw
    for p in doc.paragraphs:
        assert "\r" not in doc.text[p.start : p.end] and "\n" not in doc.text[p.start : p.end]
    assert [doc.text[p.start : p.end] for p in doc.paragraphs][-1] == "Traffic was light."


def test_latin1_file_decodes_with_a_recorded_fallback(tmp_path):
    doc = read_document(_write(tmp_path, "latin1.txt", "Crème brûlée at the café.".encode("latin-1")))
    assert doc.text == "Crème brûlée at the café."
    assert doc.encoding == "cp1252" and doc.decode_notes


def test_cp1252_quotes_decode(tmp_path):
    doc = read_document(_write(tmp_path, "cp1252.txt", b"It\x92s \x93quoted\x94."))
    assert doc.text == "It’s “quoted”."


def test_mostly_utf8_with_a_bad_byte_keeps_the_utf8(tmp_path):
    raw = "café — naïve ".encode("utf-8") * 5 + b"caf\xe9"
    doc = read_document(_write(tmp_path, "mixed.txt", raw))
    assert doc.text.endswith("café") and doc.text.startswith("café — naïve")
    assert doc.encoding == "utf-8+cp1252" and "1 byte" in doc.decode_notes[0]


def test_utf16_with_bom_decodes(tmp_path):
    doc = read_document(_write(tmp_path, "u16.txt", "Hello, café".encode("utf-16")))
    assert doc.text == "Hello, café" and doc.encoding == "utf-16"


@pytest.mark.parametrize(("name", "data", "words"), [
    ("empty.txt", b"", "empty"),
    ("binary.bin", bytes(range(256)) * 8, "binary"),
    ("png.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 50, "PNG image"),  # named by its signature (issue 10)
])
def test_unreadable_files_raise_decode_error_naming_the_file(tmp_path, name, data, words):
    with pytest.raises(DecodeError) as info:
        read_document(_write(tmp_path, name, data))
    assert name in str(info.value) and words in str(info.value)


def test_a_few_stray_controls_are_still_text():
    assert decode_bytes(b"Hello\x00 world, " * 2 + b"plain text " * 20).text.startswith("Hello")


def test_size_limit(tmp_path):
    p = _write(tmp_path, "big.txt", b"word " * 100)
    with pytest.raises(InputTooLargeError, match="big.txt"):
        read_document(p, max_bytes=100)
    assert read_document(p, max_bytes=1000).text.startswith("word")


def test_bytes_are_refused_with_a_hint():
    with pytest.raises(InputTypeError, match="decode"):
        parse_document(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        repair_and_explain(b"bytes")  # type: ignore[arg-type]


# --- front matter -------------------------------------------------------------------------

def test_front_matter_spans_are_exact():
    text = FM + BODY
    doc = parse_document(text)
    fm = doc.front_matter
    assert fm is not None
    assert text[fm.start : fm.end] == FM
    assert text[fm.yaml_start : fm.yaml_end] == FM[4:-4]
    assert doc.body.start == fm.end and doc.body_text == BODY
    assert doc.metadata["title"] == "Harbor Bridge Reopens"
    assert isinstance(doc.metadata["publishedDateTime"], datetime)  # unquoted timestamps parse
    assert jsonable(doc.metadata)["publishedDateTime"].startswith("2023-05-02T09:30")
    with pytest.raises(TypeError):
        doc.metadata["title"] = "x"  # type: ignore[index]


def test_front_matter_with_bom_and_crlf():
    text = "\ufeff" + (FM + BODY).replace("\n", "\r\n")
    doc = parse_document(text)
    fm = doc.front_matter
    assert fm is not None and fm.start == 1
    assert text[fm.start : fm.end] == FM.replace("\n", "\r\n")
    assert doc.body_text == BODY.replace("\n", "\r\n")
    assert doc.metadata["title"] == "Harbor Bridge Reopens"


@pytest.mark.parametrize("block", ["---\n---\n", "---\n\n---\n", "---\n# only a comment\n---\n"])
def test_empty_front_matter_is_fine(block):
    doc = parse_document(block + "Body.")
    assert doc.front_matter is not None and dict(doc.metadata) == {}
    assert doc.body_text == "Body."


# The words asserted are the library's own: the parser's explanation that follows them is
# PyYAML's wording, which may change with any release.
@pytest.mark.parametrize(("block", "line", "words"), [
    ('---\ntitle: "broken\nfoo: 1\n---\n', 2, "invalid YAML in front matter"),  # unclosed quote: where it starts
    ("---\na: 1\nb: [1, 2\nc: 3\n---\n", 3, "invalid YAML in front matter"),
    ("---\na: 1\n  b: 2\n---\n", 3, "invalid YAML in front matter"),
    ("---\ntitle: x\ntitle: {\n---\n", 3, "invalid YAML"),
    ("---\n- a\n- b\n---\n", 2, "not a YAML list"),
    ("---\njust a string\n---\n", 2, "not a YAML str"),
])
def test_bad_front_matter_names_file_and_line(tmp_path, block, line, words):
    p = _write(tmp_path, "post.md", (block + "Body text.\n").encode("utf-8"))
    with pytest.raises(FrontMatterError) as info:
        read_document(p)
    err = info.value
    assert err.path == str(p) and err.line == line
    assert str(p) in str(err) and f"line {line}" in str(err) and words in str(err)


def test_front_matter_lines_count_from_the_file_start():
    text = "\ufeff---\r\na: 1\r\nb: [\r\n---\r\nBody"
    with pytest.raises(FrontMatterError) as info:
        parse_document(text, path="x.md")
    assert info.value.line == 3


def test_alias_bomb_is_refused():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    with pytest.raises(FrontMatterError, match="alias bomb"):
        parse_document("---\n" + "\n".join(levels) + "\n---\nBody")


def test_unclosed_block_is_not_front_matter():
    text = "---\nnot closed\n\nBody text."
    assert find_front_matter(text) is None
    doc = parse_document(text)
    assert doc.front_matter is None and doc.body.start == 0


def test_dashes_later_in_the_text_are_not_front_matter():
    doc = parse_document("Intro.\n---\na: 1\n---\nMore.")
    assert doc.front_matter is None


def test_seed_records_parse(shared):
    for path in sorted((shared / "seeds").glob("*.txt")):
        doc = read_document(path)
        if doc.text.startswith("---"):
            assert doc.front_matter is not None and "title" in doc.metadata, path
            assert doc.text[doc.front_matter.end - 4 : doc.front_matter.end] == "---\n"


# --- body, title, paragraphs --------------------------------------------------------------

def test_body_title_and_paragraph_spans():
    text = FM + BODY
    doc = parse_document(text)
    assert doc.title is not None
    assert text[doc.title.start : doc.title.end] == "Harbor Bridge Reopens After Repairs"
    paras = [text[p.start : p.end] for p in doc.paragraphs]
    assert paras == ["Harbor Bridge Reopens After Repairs", "The bridge reopened on Tuesday.",
                     "Traffic was light."]
    for p in doc.paragraphs:
        assert doc.body.contains(p)
    assert [text[s.start : s.end] for s in doc.sentences()][1] == "The bridge reopened on Tuesday."
    assert text[doc.words()[0].start : doc.words()[0].end] == "Harbor"
    assert len(doc.segments) == 1 and doc.segments[0].start == doc.body.start
    d = doc.to_dict()
    assert d["front_matter"] == {"start": 0, "end": len(FM)}
    assert d["title"] == {"start": doc.title.start, "end": doc.title.end}


def test_front_matter_is_kept_verbatim_by_repair():
    block = "---\ntitle: \"A &amp; B\"\nnote: <b>kept</b>\n---\n"
    r = repair_and_explain(block + "Body &amp; <b>text</b>.\n", restore=False)
    assert r.text == block + "Body & text.\n"
    assert all(e.start >= len(block) for e in r.edits)
