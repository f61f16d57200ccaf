"""Build the whole dataset: every document in data/ -> dist/.

Documents convert independently; their datasets are merged (graphs with the
same IRI, such as a case record shared by two opinions of one case, merge),
validated once against the ontology and shapes, and written atomically with
a validation report and an extraction report (what each text yielded and
which citations stayed unresolved), and loaded into the embedded query
store (``dist/store``, see :mod:`sdd_kg.store`).
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from . import iris
from .citations import CitedCase
from .convert import Conversion, convert, convert_document, merged_dataset, read_document
from .errors import InputError
from .mapping import opinion_of_record
from .metadata import DocumentRecord
from .namespaces import SDD
from .serialize import serialize, to_nquads, union, write_all_atomic
from .source import FORMAT_BY_SUFFIX
from .store import commit_store, stage_store
from .validation import ValidationResult, validate_graph

DATASET_NAME = "sdd-kg"
OUTPUT_FORMATS = ("ttl", "nt", "trig", "jsonld")


@dataclass(frozen=True)
class BuildResult:
    conversions: tuple[Conversion, ...]
    dataset: Dataset
    graph: Graph  # union of the dataset's graphs
    validation: ValidationResult
    outputs: tuple[Path, ...]

    def summary(self) -> dict[str, int | bool]:
        g = self.graph
        return {
            "documents": len(self.conversions),
            "opinions": len(set(g.subjects(RDF.type, SDD.Opinion))),
            "opinions_with_text": len(set(g.subjects(SDD.sourceText, None))),
            "cases": len(set(g.subjects(RDF.type, SDD.Case))),
            "citations": len(set(g.subjects(RDF.type, SDD.Citation))),
            "unresolved_citations": sum(len(c.extraction.unresolved) for c in self.conversions),
            "triples": len(g),
            "named_graphs": sum(1 for x in self.dataset.graphs() if len(x)),
            "violations": self.validation.violations,
            "warnings": self.validation.warnings,
            "conforms": self.validation.conforms,
        }


def document_paths(data_dir: Path) -> list[Path]:
    """Opinion texts in data/ (``.txt``, ``.html``, ``.xml``), in name order;
    each must have a record beside it."""
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found")
    texts = sorted(p for p in data_dir.iterdir() if p.is_file() and p.suffix.lower() in FORMAT_BY_SUFFIX)
    if not texts:
        raise InputError(data_dir, f"no opinion texts ({', '.join('*' + s for s in FORMAT_BY_SUFFIX)}) in the data folder")
    return texts


def check_case_records(records: list[DocumentRecord]) -> None:
    """Records of one case (texts of its different opinions) must state the
    same facts about it, or the case's record graph would hold both."""
    first: dict[str, DocumentRecord] = {}
    for record in records:
        key = record.case.citations[0]
        seen = first.setdefault(key, record)
        if seen.case != record.case:
            field = next(f for f in seen.case.__dataclass_fields__ if getattr(seen.case, f) != getattr(record.case, f))
            raise InputError(
                record.path,
                f"case.{field} differs from the record of the same case in {seen.path.name if seen.path else '?'}",
            )


def extraction_report(conversions: tuple[Conversion, ...]) -> str:
    """What each document yielded, and every citation left unresolved.

    The unresolved ones are reported, never guessed into the graph; the raw
    offsets and page let a reader find each in the source text.
    """
    lines = []
    for conv in conversions:
        ex, layout = conv.extraction, conv.layout
        forms = Counter(c.form for c in ex.citations)
        breakdown = ", ".join(f"{n} {form}" for form, n in sorted(forms.items()))
        lines.append(
            f"{conv.source.path.name}{_part(conv.record)}: pages {conv.record.first_page}-{conv.record.last_page or '?'}, "
            f"{len(layout.footnotes)} footnotes, {len(ex.citations)} citing instances ({breakdown}), "
            f"{len(ex.cases)} cited cases, {len(ex.unresolved)} unresolved"
        )
        for start, end, text in ex.unresolved:
            lines.append(f"  unresolved {start}-{end} (page {layout.page_at(start)}): {' '.join(text.split())}")
    return "\n".join(lines) + "\n"


def _part(record: DocumentRecord) -> str:
    """`` (dissent-carrow, 2887-4056)`` for one opinion of a text of several."""
    return f" ({record.opinion_id}, {record.span[0]}-{record.span[1]})" if record.span else ""


def convert_all(data_dir: Path) -> tuple[Conversion, ...]:
    """Convert every document, each knowing the cases the others cite in full.

    Two passes: the first finds what each text cites; the second resolves a
    short cite whose full cite is only in another document (Pauluk's "879
    F.2d at 588-90" is Kennedy's Wood v. Ostrander) and adds the curated
    annotations, whose holdings may be about such a case. A case another text
    merely resolved is not passed on, so the result does not depend on order.
    """
    documents = [read_document(path) for path in document_paths(data_dir)]
    check_case_records([record for _, record, _ in documents])
    first = [conv for source, record, _ in documents for conv in convert_document(source, record)]
    annotated = {record.path: notes for _, record, notes in documents}
    conversions = []
    for i, conv in enumerate(first):
        notes = annotated[conv.record.path]
        partial = any(case.partial for case in conv.extraction.cases.values())
        if not partial and notes is None:
            conversions.append(conv)
            continue
        known = [case for j, other in enumerate(first) if j != i for case in cited_in_full(other)] if partial else []
        conversions.append(convert(conv.source, conv.record, known, notes, conv.layout))
    return tuple(conversions)


def cited_in_full(conversion: Conversion) -> list[CitedCase]:
    """The cases a document cites in full, each with the IRI of the citing
    instance that introduced it (the antecedent of a short cite elsewhere)."""
    record = conversion.record
    onode = opinion_of_record(record, record.opinion_id)
    first_full = {}
    for cit in conversion.extraction.citations:
        if cit.form == "full" and cit.case_key is not None:
            first_full.setdefault(cit.case_key, str(iris.citation_instance(onode, cit.raw_start, cit.raw_end)))
    return [
        replace(case, introduced_by=first_full[key])
        for key, case in conversion.extraction.cases.items()
        if key in first_full
    ]


def build(data_dir: Path, out_dir: Path) -> BuildResult:
    conversions = convert_all(data_dir)
    dataset = merged_dataset(conversions)
    graph = union(dataset)
    validation = validate_graph(graph)
    files = {out_dir / f"{DATASET_NAME}.{fmt}": serialize(dataset, fmt, graph) for fmt in OUTPUT_FORMATS}
    files[out_dir / "validation-report.ttl"] = validation.report_turtle
    files[out_dir / "validation-report.txt"] = validation.text
    files[out_dir / "extraction-report.txt"] = extraction_report(conversions)
    staged = stage_store(to_nquads(dataset), out_dir)
    try:
        write_all_atomic(files)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    store = commit_store(staged, out_dir)
    return BuildResult(conversions, dataset, graph, validation, (*sorted(files), store))
