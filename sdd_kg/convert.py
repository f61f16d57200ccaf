"""The conversion pipeline for one document: (text, metadata) -> Dataset.

``convert`` is a pure function of its inputs: no global state, no I/O, no
clock, so documents convert independently (in parallel or streamed) and the
same inputs always give the same graph. ``convert_files`` adds the reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from .citations import Extraction, extract_citations
from .errors import InputError
from .footnotes import Layout, clean_text_for_extraction, split_footnotes
from .mapping import new_dataset, opinion_graph, record_graph
from .metadata import DocumentRecord, load_record
from .pagination import paginate
from .source import SourceText, read_source


@dataclass(frozen=True)
class Conversion:
    """A converted document and what the stages found on the way."""

    dataset: Dataset
    source: SourceText
    record: DocumentRecord
    layout: Layout
    extraction: Extraction


def convert(source: SourceText, record: DocumentRecord) -> Conversion:
    paged = paginate(source.text, record.first_page, record.last_page, path=source.path)
    layout = split_footnotes(paged)
    text, offsets = clean_text_for_extraction(layout)
    extraction = extract_citations(text, offsets)
    if not extraction.citations:
        raise InputError(source.path, "no case citations found: is this an opinion text?")
    ds = new_dataset()
    record_graph(ds, record, source)
    opinion_graph(ds, record, source, layout, extraction)
    return Conversion(ds, source, record, layout, extraction)


def metadata_path_for(text_path: Path) -> Path:
    """``data/x.txt`` -> ``data/x.meta.yaml`` (the record beside the text)."""
    return text_path.with_name(text_path.stem + ".meta.yaml")


def convert_files(text_path: str | Path, meta_path: str | Path | None = None) -> Conversion:
    text_path = Path(text_path)
    meta = Path(meta_path) if meta_path else metadata_path_for(text_path)
    if meta_path is None and text_path.exists() and not meta.exists():
        raise InputError(text_path, f"no metadata record beside it (expected {meta.name}); pass --meta")
    source = read_source(text_path)
    record = load_record(meta)
    if meta_path is None and record.text != text_path.name:
        raise InputError(meta, f"document.text names {record.text!r} but the record sits beside {text_path.name!r}")
    return convert(source, record)
