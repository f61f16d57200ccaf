"""SHACL validation with pyshacl, and a report a person can act on.

The data graph is validated against ``shapes/*.ttl`` with the ontology mixed
in (so ``sh:class`` sees subclass links and the controlled individuals'
types). Warnings do not break conformance; violations do. Exit codes follow
pySHACL: 0 conforms, 1 does not conform, 2 error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import processor as sparql_processor

from .errors import InputError
from .iris import BASE
from .namespaces import bind_prefixes, factor_graph, model_graph
from .resources import shapes_dir


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation" | "Warning" | "Info"
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{value} [{self.shape}]"


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    findings: tuple[Finding, ...]
    report_turtle: str

    @property
    def violations(self) -> int:
        return sum(f.severity == "Violation" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "Warning" for f in self.findings)

    @property
    def text(self) -> str:
        head = "Conforms." if self.conforms else "Does not conform."
        counts = f" {self.violations} violation(s), {self.warnings} warning(s)."
        return "\n".join([head + counts, *(f.line() for f in self.findings)]) + "\n"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def _short(term, g: Graph) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(BASE):
            return text[len(BASE):]
        try:
            return g.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{text}>"
    if isinstance(term, Literal):
        return repr(str(term)) if len(str(term)) < 80 else repr(str(term)[:77] + "...")
    return str(term)


@lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, namespaces: tuple):
    return sparql_processor.prepareQuery(text, dict(namespaces), base)


@contextmanager
def _prepared_sparql() -> Iterator[None]:
    """Parse each SHACL-SPARQL constraint once, not once per focus node.

    pySHACL hands rdflib the constraint's query text for every focus node
    it checks, and rdflib parses it anew each time: with a few hundred
    focus nodes, parsing was most of a build's validation time. rdflib's
    prepared queries are meant to be evaluated again with other bindings,
    so the parsed form is cached by its text while validation runs.
    """
    original = sparql_processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
        if isinstance(strOrQuery, str):
            strOrQuery = _prepared(strOrQuery, base, tuple(sorted((initNs or {}).items())))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    sparql_processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        sparql_processor.SPARQLProcessor.query = original


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationResult:
    shapes = shapes if shapes is not None else shapes_graph()
    # The factor scheme goes in with the data, not as ont_graph: pySHACL
    # deep-clones ont_graph nodes along every link, and the scheme's
    # broader/narrower/closeMatch web makes that explode.
    checked = Graph()
    for triple in data:
        checked.add(triple)
    for triple in factor_graph():
        checked.add(triple)
    with _prepared_sparql():
        conforms, report, _ = pyshacl.validate(
            checked,
            shacl_graph=shapes,
            ont_graph=model_graph(),
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
    bind_prefixes(report)
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1],
                focus=_short(report.value(result, SH.focusNode), report),
                path=_short(path, report) if path is not None else None,
                value=_short(value, report) if value is not None else None,
                message=str(message) if message else "constraint not met",
                shape=_short(report.value(result, SH.sourceShape), shapes),
            )
        )
    findings.sort(key=lambda f: ({"Violation": 0, "Warning": 1}.get(f.severity, 2), f.focus, f.path or "", f.message, f.value or ""))
    return ValidationResult(bool(conforms), tuple(findings), _report_turtle(bool(conforms), report))


def _report_turtle(conforms: bool, report: Graph) -> str:
    """The SHACL report with its blank nodes named by content, for stable bytes.

    pyshacl's report is all blank nodes, which would make two identical builds
    differ. Each result becomes ``urn:sdd-kg:validation:<digest>``; a blank
    source shape (an anonymous property shape) is named the same way.
    """
    out = Graph()
    bind_prefixes(out)
    node = URIRef("urn:sdd-kg:validation:report")
    out.add((node, RDF.type, SH.ValidationReport))
    out.add((node, SH.conforms, Literal(conforms)))
    keep = (SH.focusNode, SH.resultPath, SH.value, SH.resultMessage, SH.resultSeverity, SH.sourceConstraintComponent, SH.sourceShape)
    for result in report.subjects(RDF.type, SH.ValidationResult):
        pairs = []
        for pred in keep:
            obj = report.value(result, pred)
            if obj is None:
                continue
            if isinstance(obj, BNode):
                described = sorted(f"{p.n3()} {o.n3()}" for p, o in report.predicate_objects(obj) if not isinstance(o, BNode))
                obj = URIRef("urn:sdd-kg:validation:node:" + hashlib.sha1("|".join(described).encode()).hexdigest()[:16])
            pairs.append((pred, obj))
        digest = hashlib.sha1("|".join(f"{p.n3()} {o.n3()}" for p, o in sorted(pairs)).encode()).hexdigest()[:16]
        rnode = URIRef(f"urn:sdd-kg:validation:{digest}")
        out.add((node, SH.result, rnode))
        out.add((rnode, RDF.type, SH.ValidationResult))
        for pred, obj in pairs:
            out.add((rnode, pred, obj))
    return out.serialize(format="turtle")


RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld"}


def validate_files(paths: list[Path]) -> ValidationResult:
    """Validate the union of RDF files (quad formats are flattened)."""
    data = Graph()
    for path in paths:
        if not path.exists():
            raise InputError(path, "file not found")
        fmt = RDF_FORMATS.get(path.suffix)
        if fmt is None:
            raise InputError(path, f"unknown RDF file type {path.suffix!r} (use .ttl, .nt, .nq, .trig or .jsonld)")
        try:
            if fmt in ("nquads", "trig"):
                for s, p, o, _ in Dataset().parse(path, format=fmt).quads():
                    data.add((s, p, o))
            else:
                data.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many parser types
            raise InputError(path, f"cannot parse as {fmt}: {exc}") from None
    return validate_graph(data)
