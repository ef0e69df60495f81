"""The documentation runs as written: every ```python block of README.md and docs/*.md, every
command line it shows, and every relative link it makes.

Python blocks of one page run in order in one namespace, with the repository root as the working
directory (so `textrepair/samples/...` and `examples/records` resolve as they do for a reader in a
fresh clone). Any exception fails the page and names the page and line. An HTML comment on the
line before a block changes how it is checked:

- `<!-- docs-test: output -->` before a ```text block: it must equal what the Python block just
  before it printed;
- `<!-- docs-test: needs-shared -->`: the block runs only when ../shared is present;
- `<!-- docs-test: needs-module NAME -->`: the block runs only when NAME can be imported;
- `<!-- docs-test: coming TEXT -->` before a shell block: its commands are not checked against
  the parser (they document a feature still being built).

Shell blocks are not executed, but every `textrepair SUBCOMMAND --option` they show must exist in
the CLI's parser, so the docs cannot drift from the commands.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import linecache
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from textrepair.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 250

_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w+-]*)\s*$")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<kind>[\w-]+)\s*(?P<arg>.*?)\s*-->\s*$")
_MARKER_KINDS = {"output", "needs-shared", "needs-module", "coming"}
_SHELL = {"bash", "sh", "shell", "console"}


@dataclass(frozen=True)
class Block:
    page: str
    line: int            # 1-based line of the block's first content line
    lang: str
    code: str
    marker: str | None   # kind of the docs-test marker on the line before the fence
    marker_arg: str


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, with the marker comment before each (if any)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang = m.group("indent"), m.group("lang").lower()
        start = i + 1
        j = start
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        if j == len(lines):
            raise AssertionError(f"{path.name}:{i + 1}: code fence never closed")
        body = [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines[start:j]]
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        mm = _MARKER.match(lines[k]) if k >= 0 else None
        if mm and mm.group("kind") not in _MARKER_KINDS:
            raise AssertionError(f"{path.name}:{k + 1}: unknown docs-test marker {mm.group('kind')!r}")
        found.append(Block(path.name, start + 1, lang, "\n".join(body) + "\n",
                           mm.group("kind") if mm else None, mm.group("arg") if mm else ""))
        i = j + 1
    return found


def _skip_reason(block: Block) -> str | None:
    if block.marker == "needs-shared" and not SHARED.is_dir():
        return "../shared is not present"
    if block.marker == "needs-module" and importlib.util.find_spec(block.marker_arg) is None:
        return f"module {block.marker_arg} is not installed"
    return None


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_page(path: Path) -> list[str]:
    """Execute the page's Python blocks in order in one namespace; returns the skipped blocks.

    Raises AssertionError naming the page and line for a failing block or a wrong output."""
    namespace: dict = {"__name__": "__docs__"}
    skipped: list[str] = []
    printed: str | None = None   # stdout of the last Python block that ran (None: no block yet)
    skipped_last = False         # an output block after a skipped block is skipped with it
    for block in blocks(path):
        where = f"{block.page}:{block.line}"
        if block.marker == "output":
            if skipped_last:
                continue
            if printed is None:
                raise AssertionError(f"{where}: an output block must follow a Python block that ran")
            if _normalise(block.code) != _normalise(printed):
                raise AssertionError(f"{where}: the output shown is not what the code prints.\n"
                                     f"--- shown\n{block.code}--- printed\n{printed}")
            printed = None
            continue
        if block.lang != "python":
            continue
        reason = _skip_reason(block)
        skipped_last = bool(reason)
        if reason:
            skipped.append(f"{where} ({reason})")
            printed = None
            continue
        filename = f"<docs {where}>"
        linecache.cache[filename] = (len(block.code), None, block.code.splitlines(True), filename)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(block.code, filename, "exec"), namespace)  # noqa: S102 - the docs' own code
        except Exception as err:  # any failure of a documented snippet fails loudly, with its place
            raise AssertionError(f"{where}: the Python block raised {type(err).__name__}: {err}") from err
        printed = out.getvalue()
    return skipped


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_python_blocks_run_as_written(page, monkeypatch):
    monkeypatch.chdir(ROOT)
    run_page(page)


# --- command lines ---------------------------------------------------------------------------

def _cli_options() -> dict[str, set[str]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return {name: set(p._option_string_actions) for name, p in sub.choices.items()}


def _command_lines(code: str) -> list[list[str]]:
    """Each `textrepair ...` invocation in a shell block, split into words (comments dropped)."""
    commands = []
    for line in code.replace("\\\n", " ").splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            try:
                words = shlex.split(part, comments=True)
            except ValueError:
                words = part.split()
            if words and words[0] == "textrepair":
                commands.append(words)
    return commands


def test_command_lines_use_real_subcommands_and_options():
    options = _cli_options()
    problems = []
    for page in PAGES:
        for block in blocks(page):
            if block.lang not in _SHELL or block.marker == "coming":
                continue
            for words in _command_lines(block.code):
                if len(words) < 2 or words[1].startswith("-"):
                    continue  # `textrepair --version`
                sub = words[1]
                if sub not in options:
                    problems.append(f"{block.page}:{block.line}: no subcommand {sub!r}")
                    continue
                for w in words[2:]:
                    opt = w.strip("[]").split("=")[0]
                    if opt.startswith("--") and opt not in options[sub]:
                        problems.append(f"{block.page}:{block.line}: {sub} has no option {opt}")
    assert not problems, "\n".join(problems)


# --- links and the front page --------------------------------------------------------------

def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    in_code = False
    anchors = set()
    for line in lines:
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            anchors.add(_slug(line.lstrip("#")))
    return anchors


def test_relative_links_resolve():
    problems = []
    for page in [*PAGES, ROOT / "CHANGELOG.md"]:
        prose, in_code = [], False
        for line in page.read_text(encoding="utf-8").splitlines():
            if _FENCE.match(line) or (in_code and line.strip() == "```"):
                in_code = not in_code
            elif not in_code:
                prose.append(line)
        for target in re.findall(r"\]\(([^)\s]+)\)", "\n".join(prose)):
            if re.match(r"[a-z]+:", target):
                continue  # an absolute URL
            file_part, _, anchor = target.partition("#")
            dest = (page.parent / file_part).resolve() if file_part else page
            if not dest.exists():
                problems.append(f"{page.name}: link to missing {target}")
            elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
                problems.append(f"{page.name}: no heading for #{anchor} in {dest.name}")
    assert not problems, "\n".join(problems)


def test_readme_is_a_front_page():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines (at most {README_MAX_LINES})"
    first_block = blocks(ROOT / "README.md")[0]
    assert first_block.lang == "bash" and "pip install" in first_block.code and "pytest" in first_block.code


# --- the checker itself can fail ------------------------------------------------------------

def test_a_failing_block_fails_with_its_page_and_line(tmp_path):
    page = tmp_path / "bad.md"
    page.write_text("# Bad\n\n```python\nx = 1\n```\n\ntext\n\n```python\nprint(undefined_name)\n```\n",
                    encoding="utf-8")
    with pytest.raises(AssertionError, match=r"bad\.md:10: the Python block raised NameError"):
        run_page(page)


def test_a_wrong_output_block_fails(tmp_path):
    page = tmp_path / "out.md"
    page.write_text("```python\nprint('yes')\n```\n\n<!-- docs-test: output -->\n```text\nno\n```\n",
                    encoding="utf-8")
    with pytest.raises(AssertionError, match="not what the code prints"):
        run_page(page)
    page.write_text("```python\nprint('yes')\n```\n\n<!-- docs-test: output -->\n```text\nyes\n```\n",
                    encoding="utf-8")
    assert run_page(page) == []


def test_markers_skip_and_typos_fail(tmp_path):
    page = tmp_path / "m.md"
    page.write_text("<!-- docs-test: needs-module no_such_module_xyz -->\n```python\nimport no_such_module_xyz\n```\n",
                    encoding="utf-8")
    assert run_page(page) == ["m.md:3 (module no_such_module_xyz is not installed)"]
    page.write_text("<!-- docs-test: ouput -->\n```text\nx\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="unknown docs-test marker"):
        run_page(page)


def test_command_line_check_sees_unknown_options():
    options = _cli_options()
    words = _command_lines("textrepair clean in -o out --no-such-flag  # comment --ignored\n")[0]
    assert words[:2] == ["textrepair", "clean"] and "--no-such-flag" not in options["clean"]
    assert "--ignored" not in words
