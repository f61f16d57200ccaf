"""Read and decode one opinion text, rejecting anything that is not usable text.

Every span in the graph is an offset into ``SourceText.text``, so the text must
be the file's bytes decoded as UTF-8 and nothing else: no newline translation,
no BOM stripping, no Unicode normalisation. A leading U+FEFF is kept as the
first character so that offsets index the decoded file exactly.

An HTML or CAP XML opinion (``.html``, ``.xml``) is read the same way, then
its markup is parsed (:mod:`sdd_kg.markup`): ``text`` is then the file's text
content, which is what Web Annotation offsets into markup count, and
``markup`` keeps the elements (page markers, footnotes, paragraphs).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from sdd_kg.errors import InputError
from sdd_kg.markup import MarkupText, parse_html, parse_xml

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""Largest accepted file; an opinion is a few hundred KB, so more is a mistake.

The same checks serve every text file a user hands us (opinion texts,
metadata records, SPARQL files), so all of them fail with the same words."""

_BOM = "\ufeff"

TEXT_FORMATS = {
    "text": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "cap-xml": "application/xml; charset=utf-8",
}
"""The forms an opinion text takes in data/, and their media types."""

FORMAT_BY_SUFFIX = {".txt": "text", ".html": "html", ".htm": "html", ".xml": "cap-xml"}


@dataclass(frozen=True)
class SourceText:
    """A decoded source text.

    ``text`` is exactly ``raw_bytes.decode("utf-8")`` (for markup, the text
    content of that); ``sha256`` is the hex digest of the raw bytes and
    ``size`` their length, so provenance records identify the file byte for
    byte.
    """

    path: Path
    text: str
    sha256: str
    size: int
    format: str = "text"  # a key of TEXT_FORMATS
    markup: MarkupText | None = None

    @property
    def media_type(self) -> str:
        return TEXT_FORMATS[self.format]


def decode_source(
    data: bytes, path: str | Path, *, max_bytes: int = MAX_SOURCE_BYTES
) -> SourceText:
    """Validate and decode ``data`` (the bytes of ``path``) into a :class:`SourceText`.

    Raises :class:`InputError` naming ``path`` if the data is larger than
    ``max_bytes``, empty or whitespace-only, binary (holds a NUL byte) or not
    valid UTF-8 (the message gives the byte offset of the first bad byte).
    """
    path = Path(path)
    if len(data) > max_bytes:
        raise InputError(path, f"file is {len(data)} bytes, larger than the limit of {max_bytes} bytes")
    if not data:
        raise InputError(path, "file is empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        # UTF-16/32 text also lands here; it is not UTF-8 either way.
        raise InputError(path, f"binary file: NUL byte at byte offset {nul}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}"
        ) from None
    # A BOM alone carries no text; it is not whitespace to str.strip().
    if not text.lstrip(_BOM).strip():
        raise InputError(path, "file holds only whitespace")
    return SourceText(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def read_source(path: str | Path, *, max_bytes: int = MAX_SOURCE_BYTES) -> SourceText:
    """Read ``path`` in binary mode and decode it with :func:`decode_source`.

    Raises :class:`InputError` for a missing path, a directory or an unreadable
    file, and checks the size limit before reading so a huge file is not loaded.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if path.is_dir():
        raise InputError(path, "is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"file is {size} bytes, larger than the limit of {max_bytes} bytes")
        # Read at most one byte past the limit: the file may have grown since stat().
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    return decode_source(data, path, max_bytes=max_bytes)


def read_yaml(path: str | Path, what: str, *, max_bytes: int) -> Any:
    """Read and parse a YAML file of ours (a metadata record, an annotation
    file); a syntax error is an :class:`InputError` naming the line and
    column: ``malformed {what} at line 3, column 7: ...``."""
    text = read_source(path, max_bytes=max_bytes).text
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(Path(path), f"malformed {what}{where}: {problem}") from None


def format_for(path: str | Path) -> str:
    """The text format a file name implies (``.txt``, ``.html``, ``.xml``)."""
    fmt = FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(path, f"not an opinion text: expected one of {', '.join(FORMAT_BY_SUFFIX)}")
    return fmt


def with_markup(source: SourceText, fmt: str) -> SourceText:
    """``source`` read as ``fmt``: for HTML or CAP XML, its text content and
    elements; a file of markup with no text is refused."""
    if fmt == "text":
        return replace(source, format="text", markup=None)
    if fmt not in TEXT_FORMATS:
        raise InputError(source.path, f"unknown text format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
    markup = parse_html(source.text, source.path) if fmt == "html" else parse_xml(source.text, source.path)
    if not markup.text.strip():
        raise InputError(source.path, "the markup holds no text")
    return replace(source, text=markup.text, format=fmt, markup=markup)
