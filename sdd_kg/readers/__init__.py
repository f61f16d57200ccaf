"""Readers: opinions in the forms researchers hold them, read into one shape.

A researcher has a case as Caselaw Access Project JSON (the API's, or a 2024
static file), as CAP XML, as CourtListener API records, as an HTML page
(lawbox), or as plain text with or without a metadata record. Each reader
turns one such file into an :class:`Ingested`: the case facts the file
prints, as the ``case:`` mapping of a metadata record (docs/metadata.md);
the opinion texts it holds, each **byte for byte as received** (a JSON
string field's value, an HTML field, the file itself) with the opinions it
holds and where; and what was inferred, from where, and what was left out.

Nothing is guessed. A fact the file does not print is missing, and
:mod:`sdd_kg.ingest` asks for it (``--meta``, ``--citation``, ...) before
anything is written. Texts keep their format: HTML and CAP XML are read
through their markup (:mod:`sdd_kg.markup`), so their page markers and
footnotes are found from the elements.

Sources: the field names of each format, and where each is documented, are
in docs/source-formats.md and tests/fixtures/ingest/README.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..metadata import DocumentRecord
from ..source import MAX_SOURCE_BYTES, read_source

TEXT_SUFFIX = {"text": ".txt", "html": ".html", "cap-xml": ".xml"}


@dataclass(frozen=True)
class OpinionText:
    """One text to keep in data/: its bytes as received and what it holds.

    ``opinions`` lists the ids of the opinions it holds, in order; for a
    text of several (or one opinion after head matter), ``spans`` gives each
    one's ``(start, end)`` in the text's characters, else it is empty and the
    whole text is the one opinion. ``first_page``/``last_page`` are the pages
    the text spans, when the source says.
    """

    format: str  # a key of source.TEXT_FORMATS
    content: bytes
    origin: str  # the source file, and where in it: "case.json#/casebody/data/opinions/0/text"
    opinions: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()
    first_page: int | None = None
    last_page: int | None = None

    @property
    def suffix(self) -> str:
        return TEXT_SUFFIX[self.format]


@dataclass(frozen=True)
class Ingested:
    """What one source file gives: case facts, texts, and the reader's account."""

    path: Path
    kind: str  # "CAP case JSON (API v1)", ...
    sha256: str
    case: dict[str, Any]  # a partial `case:` mapping; `opinions` is a list of dicts
    texts: tuple[OpinionText, ...]
    notes: tuple[str, ...] = field(default=())  # what was inferred, and from where
    left_out: tuple[str, ...] = field(default=())  # what the file holds that is not kept, and why
    record: DocumentRecord | None = None  # the curated record the file came with: both are added as they are


def load_json(path: Path) -> tuple[Any, str]:
    """Parse a JSON file (size, encoding and binary checks of
    :func:`sdd_kg.source.read_source` first); a syntax error names the line
    and column. Returns the object and the file's SHA-256."""
    source = read_source(path, max_bytes=MAX_SOURCE_BYTES)
    try:
        return json.loads(source.text), source.sha256
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def expect(value: Any, kind: type | tuple[type, ...], path: Path, where: str, *, required: bool = True) -> Any:
    """``value`` if it has the type a known field must have, else an
    :class:`InputError` naming the file and the field."""
    if value is None and not required:
        return None
    names = {str: "a string", int: "an integer", list: "a list", dict: "an object", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if value is None or not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        wanted = " or ".join(names.get(k, k.__name__) for k in kinds)
        got = "missing" if value is None else f"{type(value).__name__} {json.dumps(value)[:40]}"
        raise InputError(path, f"field {where}: expected {wanted}, got {got}")
    return value


def read(path: str | Path) -> Ingested:
    """Read any supported source file, telling the format by its suffix and,
    for JSON, by its shape (CAP's ``casebody``, CourtListener's ``cluster``
    or ``sub_opinions``)."""
    from . import cap, courtlistener, html, text

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        obj, digest = load_json(path)
        if isinstance(obj, dict) and "casebody" in obj:
            return cap.read_json(obj, path, digest)
        if isinstance(obj, dict) and ("sub_opinions" in obj or "cluster" in obj):
            return courtlistener.read_json(obj, path, digest)
        raise InputError(path, "not a CAP case (no casebody) or a CourtListener cluster (no cluster or sub_opinions)")
    if suffix == ".xml":
        return cap.read_xml_file(path)
    if suffix in (".html", ".htm"):
        return html.read_file(path)
    if suffix == ".txt":
        return text.read_file(path)
    raise InputError(path, "unknown source format: expected .json (CAP, CourtListener), .xml (CAP), .html or .txt")
