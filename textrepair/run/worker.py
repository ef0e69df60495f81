"""The per-document worker: one input read, linked, repaired within bounds and serialised, with every failure an outcome, never an exception.

Every way of running many documents goes through :func:`repair_input`: folder runs
(:mod:`textrepair.run.folder`, ``textrepair clean SRC``), streams (:mod:`textrepair.run.stream`,
``clean --jsonl``) and cluster partitions (:mod:`textrepair.run.dist`). One document takes this
path:

1. read: a file's bytes (refused over ``max_bytes``; their SHA-256 when asked), decoded and parsed
   (:func:`textrepair.text.document.parse_document`); or a text, parsed under its key;
2. link (when a linker is given): the body as the plan's fixers leave it is linked to the records
   it copies, and (spun, original) pairs are learned from them
   (:class:`textrepair.link.context.DocumentLinker`, through
   :func:`textrepair.run.linking.link_dicts`: link spans are mapped back to index the input);
3. repair with those pairs added to the options (:func:`textrepair.core.config.with_context_pairs`),
   within bounds (:func:`textrepair.run.bounded.repair_bounded`: the pipeline's stages, a large
   body in pieces, too many edits refused). The fixers run again there: they are cheap next to
   restoration, and the repair stays exactly the repair of the input.

The outcome is serialised here once: :func:`report_entry` is a folder run's ``report.jsonl`` line
(and a stream's entry), :func:`output_record` a JSON Lines output record. The result's own parts
come from :meth:`textrepair.core.types.RepairResult.to_dict`.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.config import RepairConfig, with_context_pairs
from ..core.errors import TextrepairError
from ..core.types import RepairResult
from ..text.decode import decode_bytes
from ..text.document import DEFAULT_MAX_BYTES, parse_document, read_input
from .bounded import DEFAULT_MAX_EDITS, repair_bounded
from .linking import link_dicts

#: ``linker(document, back) -> list of link dicts`` (each may hold ``context_pairs``): the document
#: is the input as the fixers leave it, ``back`` (omitted when they changed nothing) maps its
#: positions to the input's (:class:`textrepair.link.context.DocumentLinker`).
Linker = Callable[..., list[dict[str, Any]]]

#: The parts of a result (:meth:`RepairResult.to_dict`) in a report entry, and in the
#: ``"textrepair"`` object of a JSON Lines output record (which has no segments).
ENTRY_PARTS = ("changed", "edits", "segments", "paragraphs", "suggestions", "pieces")
RECORD_PARTS = ("changed", "edits", "paragraphs", "suggestions", "pieces")

#: Name of the object added to every JSON Lines output record (status, error, edits, ...).
RESULT_KEY = "textrepair"


@dataclass(frozen=True)
class Outcome:
    """What the worker made of one input: its result, or an error message naming the input.

    ``key`` names the input (a relative path, a line number, a position); ``links`` are the
    linker's dicts (None when no linker ran); ``sha256`` (when asked), ``encoding`` and
    ``decode_notes`` describe a file's bytes (None and () for a text).
    """

    key: str
    result: RepairResult | None
    error: str | None = None
    links: tuple[dict[str, Any], ...] | None = None
    sha256: str | None = None
    encoding: str | None = None
    decode_notes: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return "ok" if self.error is None else "error"

    def entry(self) -> dict[str, Any]:
        """This outcome as a report entry (see :func:`report_entry`)."""
        return report_entry(self.key, self.result, self.error, links=self.links, sha256=self.sha256,
                            encoding=self.encoding, decode_notes=self.decode_notes)


def picklable(obj: Any) -> bool:
    """Whether ``obj`` (a linker, say) can be sent to a worker process by pickling; when not, the
    folder and stream runners fork their workers or run in this process."""
    try:
        pickle.dumps(obj)
    except Exception:  # noqa: BLE001 - any pickling failure means "hand it over another way"
        return False
    return True


def repair_input(key: str, config: RepairConfig, *, path: Path | None = None, text: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, max_edits: int = DEFAULT_MAX_EDITS,
                 linker: Linker | None = None, digest: bool = False, data: bytes | None = None) -> Outcome:
    """Read (``path``) or parse (``text``), link, and repair one input; see the module docstring.

    Every failure becomes an :class:`Outcome` with an error message, never an exception: a
    textrepair error (a file's message names its path; a text's is prefixed with ``key``), a file
    that cannot be read, input nesting too deep, running out of memory. ``digest`` records the
    SHA-256 of a file's bytes (``--resume`` compares it). ``data`` is the file's bytes when they
    were already read (a cluster's client read them and sent them to a worker): ``path`` then
    only names it.
    """
    links: tuple[dict[str, Any], ...] | None = None
    sha256: str | None = None
    try:
        if path is not None:
            data = read_input(path, max_bytes) if data is None else data
            if digest:
                sha256 = hashlib.sha256(data).hexdigest()
            decoded = decode_bytes(data, path=str(path))
            del data
            doc = parse_document(decoded.text, path=str(path), encoding=decoded.encoding,
                                 decode_notes=decoded.notes)
            del decoded
        else:
            doc = parse_document(text or "", path=key)
        if linker is not None:
            # Link the body as the fixers leave it, before restoration: substitutions learned from
            # a linked record go to restoration (issue 3), and a scraped body's markup and debris
            # would hide its record (issue 14). The links' spans index the input.
            links = link_dicts(doc, linker, config, max_edits=max_edits)
            config = with_context_pairs(config, ((p["spun"], p["original"]) for lk in links
                                                 for p in lk.get("context_pairs", ())))
        result = repair_bounded(doc, config, max_edits=max_edits)
    except TextrepairError as err:
        msg = str(err)
        # A text's document is named by its key, so an error naming it already needs no prefix.
        if path is None and not msg.startswith(f"{key}: "):
            msg = f"{key}: {msg}"
        return Outcome(key, None, msg, sha256=sha256)
    except OSError as err:
        return Outcome(key, None, f"{key}: cannot read file ({err.strerror or err})", sha256=sha256)
    except RecursionError:
        return Outcome(key, None, f"{key}: input nests too deeply to process", sha256=sha256)
    except MemoryError:
        return Outcome(key, None, f"{key}: out of memory while repairing it (lower --max-bytes)", sha256=sha256)
    if path is None:
        return Outcome(key, result, None, links)
    return Outcome(key, result, None, links, sha256, doc.encoding, doc.decode_notes)


def report_entry(key: str, result: RepairResult | None, error: str | None, *,
                 links: Sequence[dict[str, Any]] | None = None, sha256: str | None = None,
                 encoding: str | None = None, decode_notes: Sequence[str] = ()) -> dict[str, Any]:
    """One input's report entry: ``path`` (its key), ``status``, and ``error`` or the result's
    parts (:data:`ENTRY_PARTS`); ``sha256``, ``encoding`` and ``decode_notes`` for a file; ``links``
    when a linker ran. A folder run writes it as a ``report.jsonl`` line (keys sorted)."""
    entry: dict[str, Any] = {"path": key, "status": "ok" if error is None else "error"}
    if sha256 is not None:
        entry["sha256"] = sha256
    if result is None:
        entry["error"] = error
        return entry
    if encoding is not None:
        entry["encoding"] = encoding
        entry["decode_notes"] = list(decode_notes)
    entry.update(result.to_dict(parts=ENTRY_PARTS))
    if links is not None:
        entry["links"] = list(links)
    return entry


def output_record(key: str, result: RepairResult | None, error: str | None, *,
                  fields: Mapping[str, Any] | None = None, line: int | None = None,
                  links: Sequence[dict[str, Any]] | None = None, text_field: str = "text",
                  output_field: str | None = None) -> dict[str, Any]:
    """A JSON Lines output record: the input's ``fields``, the repaired text in ``output_field``
    (default: in place of ``text_field``), and under :data:`RESULT_KEY` the status, the input's
    ``line`` (or its ``key`` when it had no fields), and the error or the result's parts
    (:data:`RECORD_PARTS`) with the links."""
    obj: dict[str, Any] = dict(fields) if fields is not None else {}
    info: dict[str, Any] = {"status": "ok" if error is None else "error"}
    if line is not None:
        info["line"] = line
    if fields is None:
        info["key"] = key
    if result is None:
        info["error"] = error
    else:
        obj[output_field or text_field] = result.text
        info.update(result.to_dict(parts=RECORD_PARTS))
        if links is not None:
            info["links"] = list(links)
    obj[RESULT_KEY] = info
    return obj
