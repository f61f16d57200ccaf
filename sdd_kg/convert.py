"""The conversion pipeline for one document: (text, metadata) -> Dataset.

``convert`` is a pure function of its inputs: no global state, no I/O, no
clock, so documents convert independently (in parallel or streamed) and the
same inputs always give the same graph. ``convert_files`` adds the reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef

from . import __version__, iris
from .annotations import Annotations, Finding, Holding, annotations_path_for, load_annotations
from .citations import CitationRecord, CitedCase, Extraction, extract_citations
from .doctrine import extract_doctrine, factor_cues, factor_iris
from .errors import InputError
from .footnotes import Layout, clean_text_for_extraction, split_footnotes
from .mapping import (
    case_iri,
    curated_graph,
    doctrine_statements,
    merge_datasets,
    new_dataset,
    opinion_graph,
    record_graph,
)
from .metadata import DocumentRecord, load_record
from .namespaces import ontology_graph
from .pagination import markers_from_markup, paginate
from .source import SourceText, read_source, with_markup
from .treatment import Treatment, classify


@dataclass(frozen=True)
class Conversion:
    """A converted document and what the stages found on the way."""

    dataset: Dataset
    source: SourceText
    record: DocumentRecord
    layout: Layout
    extraction: Extraction
    treatments: tuple[Treatment, ...]  # one per citing instance
    findings: tuple[Finding, ...] = ()  # machine-extracted
    holdings: tuple[Holding, ...] = ()  # machine-extracted
    annotations: Annotations | None = None  # curated, when the text has a file


def sibling_types(record: DocumentRecord) -> tuple[str, ...]:
    """Types of the case's other opinions, which "Maj. Op." and "the
    majority" may refer to."""
    return tuple(op.type for op in record.case.opinions if op.id != record.opinion_id)


# Words of a case name that do not name that case: "City of", "County", ...
_GENERIC_NAME_WORDS = frozenset(
    "City County State United States People Estate Department Dep't Dist Sch School Police Public "
    "Board Commonwealth Town Village of the and ex rel In re Inc Co Corp".split()
)


def naming_words(case: CitedCase) -> tuple[str, ...]:
    """Words by which prose names a case: the first distinctive word of each
    party ("Penilla", "Huntington"; "DeShaney", "Winnebago") and the short
    names the text defines ("Grubbs II")."""
    words = []
    for party in re.split(r"\s+v\.\s+", case.name or "")[:2]:
        word = next(
            (w for w in re.findall(r"[A-Z][\w'’-]+", party) if w not in _GENERIC_NAME_WORDS and len(w) > 2), None
        )
        if word:
            words.append(word)
    return (*words, *case.short_names)


def classify_treatments(raw: str, citations: Sequence[CitationRecord], cases: Mapping[str, CitedCase]) -> list[Treatment]:
    """Treatments of case citations and of sibling references, classified
    apart: the classifier reads another citation between a cue and a cite as
    a boundary, and "The majority notes ... DeShaney" must keep its cue. A
    sibling reference answers that opinion: absent a cue it is discussed,
    not relied on as authority."""
    result: list[Treatment | None] = [None] * len(citations)
    for is_case in (True, False):
        index = [i for i, c in enumerate(citations) if (c.case_key is not None) == is_case]
        found = classify(
            raw,
            [(citations[i].raw_start, citations[i].raw_end) for i in index],
            [citations[i].signal for i in index],
            [naming_words(cases[citations[i].case_key]) if is_case else () for i in index],
        )
        for i, t in zip(index, found, strict=True):
            result[i] = t if is_case or t.basis == "cue" else Treatment("discusses", "default", None, None)
    return [t for t in result if t is not None]


def text_layout(source: SourceText, record: DocumentRecord) -> Layout:
    """Pages and footnotes of a whole text (all its opinions): from its
    markup where it has some, else from its characters."""
    markup = source.markup
    markers = markers_from_markup(markup) if markup is not None else None
    paged = paginate(source.text, record.first_page, record.last_page, path=source.path, markers=markers)
    return split_footnotes(paged, markup)


def convert(
    source: SourceText,
    record: DocumentRecord,
    known: Sequence[CitedCase] = (),
    annotations: Annotations | None = None,
    layout: Layout | None = None,
) -> Conversion:
    """Convert the opinion ``record`` names (its part of the text, when the
    text holds several).

    ``known``: cases other documents cite in full, for short cites whose
    full cite this text lacks (see :func:`sdd_kg.citations.extract_citations`).
    ``annotations``: the curated file of this text, if there is one; its
    holdings must be about this case or a case the text cites. A whole text
    with no case citation is refused; one opinion of several may have none
    ("I concur."). ``layout``: :func:`text_layout`, when the caller has it
    (the opinions of one text share it).
    """
    layout = layout if layout is not None else text_layout(source, record)
    paged = layout.paged
    breaks = source.markup.block_starts() if source.markup is not None else ()
    text, offsets = clean_text_for_extraction(layout, record.span, breaks)
    extraction = extract_citations(text, offsets, sibling_types(record), known)
    if record.span is None and not any(c.case_key for c in extraction.citations):
        raise InputError(source.path, "no case citations found: is this an opinion text?")
    treatments = classify_treatments(source.text, extraction.citations, extraction.cases)
    ontology = ontology_graph()
    naming = {key: naming_words(case) for key, case in extraction.cases.items()}
    findings, holdings = extract_doctrine(
        text, offsets, source.text, record, extraction.citations, extraction.cases, naming, factor_cues(ontology)
    )
    factors = factor_iris(ontology)
    own_key = record.case.citations[0]
    cases = {own_key: iris.case(own_key), **{k: case_iri(c) for k, c in extraction.cases.items()}}
    if annotations is not None:
        cases.update(_holding_cases(annotations, extraction, cases))
    ds = new_dataset()
    record_graph(ds, record, source, paged.pages_marked)
    graph_iri = opinion_graph(ds, record, source, layout, extraction, treatments)
    doctrine_statements(
        ds.graph(graph_iri), record, source, findings, holdings, factors, cases, "machine",
        iris.conversion_activity(__version__), iris.software(__version__),
    )
    if annotations is not None:
        curated_graph(ds, record, source, annotations, factors, cases)
    return Conversion(ds, source, record, layout, extraction, tuple(treatments), findings, holdings, annotations)


def _holding_cases(annotations: Annotations, extraction: Extraction, cases: dict[str, URIRef]) -> dict[str, URIRef]:
    """Case IRIs for the curated holdings' keys. A holding is about this case
    or one the text cites; a key the text cites only in short form ("879 F.2d
    583" for "879 F.2d at 588-90") is the partial case of that volume and
    reporter. Any other key is a typo, refused."""
    partial = {
        (c.key.volume, c.key.reporter.replace(" ", "")): case_iri(c) for c in extraction.cases.values() if c.partial
    }
    found = {}
    for holding in annotations.holdings:
        if holding.case in cases:
            continue
        volume, reporter, _ = iris.parse_citation(holding.case)
        node = partial.get((volume, reporter.replace(" ", "")))
        if node is None:
            raise InputError(
                annotations.path, f"holding {holding.id}: case {holding.case!r} is neither this case nor one the text cites"
            )
        found[holding.case] = node
    return found


def metadata_path_for(text_path: Path) -> Path:
    """``data/x.txt`` -> ``data/x.meta.yaml`` (the record beside the text)."""
    return text_path.with_name(text_path.stem + ".meta.yaml")


def read_document(
    text_path: str | Path, meta_path: str | Path | None = None
) -> tuple[SourceText, DocumentRecord, Annotations | None]:
    """The text, its record and its curated annotations (None when the text
    has no ``.annotations.yaml`` beside it), checked to belong together. The
    text is read in the format the record gives (plain, HTML, CAP XML)."""
    text_path = Path(text_path)
    source, record = read_text_and_record(text_path, meta_path)
    notes = annotations_path_for(text_path)
    if notes.is_file() and record.parts:
        raise InputError(notes, "curated annotations of a text that holds several opinions are not supported")
    annotations = (
        load_annotations(notes, source, record, factor_iris(ontology_graph())) if notes.is_file() else None
    )
    return source, record, annotations


def read_text_and_record(text_path: str | Path, meta_path: str | Path | None = None) -> tuple[SourceText, DocumentRecord]:
    """The text and its record, checked to belong together (what
    :func:`read_document` reads, without the annotations)."""
    text_path = Path(text_path)
    meta = Path(meta_path) if meta_path else metadata_path_for(text_path)
    if meta_path is None and text_path.exists() and not meta.exists():
        raise InputError(text_path, f"no metadata record beside it (expected {meta.name}); pass --meta")
    raw = read_source(text_path)
    record = load_record(meta)
    if meta_path is None and record.text != text_path.name:
        raise InputError(meta, f"document.text names {record.text!r} but the record sits beside {text_path.name!r}")
    source = with_markup(raw, record.format)
    for op_id, _, end in record.parts:
        if end > len(source.text):
            raise InputError(meta, f"document.opinions: the part of {op_id!r} ends at {end}, after the text's end ({len(source.text)})")
    return source, record


def convert_document(
    source: SourceText,
    record: DocumentRecord,
    known: Sequence[CitedCase] = (),
    annotations: Annotations | None = None,
) -> tuple[Conversion, ...]:
    """Every opinion the text holds, converted; a text none of whose
    opinions cites a case is refused."""
    layout = text_layout(source, record)
    conversions = tuple(convert(source, part, known, annotations, layout) for part in record.per_opinion())
    if record.parts and not any(c.case_key for conv in conversions for c in conv.extraction.citations):
        raise InputError(source.path, "no case citations found in any of its opinions: is this an opinion text?")
    return conversions


def convert_files(text_path: str | Path, meta_path: str | Path | None = None) -> Conversion:
    """The one opinion of a single-opinion text (see :func:`convert_paths`)."""
    source, record, annotations = read_document(text_path, meta_path)
    if record.parts:
        raise InputError(text_path, f"the text holds {len(record.parts)} opinions; convert them with convert_paths")
    return convert(source, record, annotations=annotations)


def convert_paths(text_path: str | Path, meta_path: str | Path | None = None) -> tuple[Conversion, ...]:
    source, record, annotations = read_document(text_path, meta_path)
    return convert_document(source, record, annotations=annotations)


def merged_dataset(conversions: Sequence[Conversion]) -> Dataset:
    """The conversions' datasets as one (graphs with the same IRI merge)."""
    return merge_datasets([c.dataset for c in conversions])
