"""Plain text: with its metadata record beside it, or alone.

With ``NAME.meta.yaml`` beside it (today's form in data/), the record says
everything. Alone, the text says what its author lines say: each opinion's
type, author and joiners, and its pages from the star markers. The case
(name, citation, court, dates, panel) is not in an opinion's text and is
reported missing.
"""

from __future__ import annotations

from pathlib import Path

from ..convert import metadata_path_for
from ..errors import InputError
from ..metadata import case_to_mapping, load_record
from ..source import SourceText, read_source
from . import Ingested, OpinionText
from .opinions import paged_text, split_opinions


def read_file(path: Path) -> Ingested:
    source = read_source(path)
    meta = metadata_path_for(path)
    if meta.is_file():
        return _with_record(path, source, meta)
    paged = paged_text(source.text, None)
    found = split_opinions(source.text, paged=paged)
    notes = [
        f"opinion {op.id}: type {op.type} and author {op.author or '(unsigned)'} from the author line "
        f"{source.text[op.line.start:op.line.end]!r} at characters {op.line.start}-{op.line.end}"
        for op in found
    ]
    if paged is not None:
        notes.append(f"pages {paged.first_page}-{paged.last_page} from the star markers")
    whole = len(found) == 1 and not source.text[: found[0].start].strip()
    text = OpinionText(
        format="text",
        content=source.text.encode("utf-8"),
        origin=path.name,
        opinions=tuple(op.id for op in found),
        spans=() if whole else tuple((op.start, op.end) for op in found),
        first_page=paged.first_page if paged else None,
        last_page=paged.last_page if paged else None,
    )
    case = {"opinions": [op.entry() for op in found]}
    return Ingested(path, "plain text", source.sha256, case, (text,), tuple(notes))


def _with_record(path: Path, source: SourceText, meta: Path) -> Ingested:
    """Today's form: the record beside the text says everything; it must
    name this text."""
    record = load_record(meta)
    if record.text != path.name:
        raise InputError(meta, f"document.text names {record.text!r} but the record sits beside {path.name!r}")
    text = OpinionText(
        format=record.format,
        content=source.text.encode("utf-8"),
        origin=record.origin or path.name,
        opinions=tuple(op for op, _, _ in record.parts) or (record.opinion_id,),
        spans=tuple((start, end) for _, start, end in record.parts),
        first_page=record.first_page,
        last_page=record.last_page,
    )
    return Ingested(
        path, "plain text with its metadata record", source.sha256, case_to_mapping(record.case), (text,),
        record.notes, record=record,
    )
