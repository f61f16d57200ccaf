"""Named SPARQL queries over the built dataset, and their result formats.

Each ``sdd_kg/queries/NAME.rq`` opens with a comment header (``# name:``,
``# question:``, ``# description:``) saying which research question it
answers; ``sdd-kg query --list`` prints them. A parameterised query also
declares its default with ``# bind: VAR=VALUE`` (the syntax of ``--bind``), so
the file runs as it stands and ``--bind`` points it elsewhere. Queries run over
the dataset's union graph with the ontology beside it, so controlled terms'
labels and notations are available to them.

The answer is engine-neutral (:class:`Answer`): the CLI asks the Oxigraph
store (:func:`run`); the benchmark also asks rdflib's in-memory engine
(:func:`run_rdflib`), and both format the same way.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal
from rdflib.query import Result

from . import store as query_store
from .errors import InputError
from .serialize import rdflib_graph, rdflib_term, to_turtle
from .source import read_source

RESULT_FORMATS = ("table", "csv", "json")
MAX_QUERY_BYTES = 1024 * 1024

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)
_REAL_TYPES = frozenset(_XSD + name for name in ("decimal", "double", "float"))

Term = ox.NamedNode | ox.Literal
"""What ``--bind`` gives a variable."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    description: str
    text: str
    origin: str
    bindings: tuple[tuple[str, str], ...] = ()
    """Defaults from ``# bind: VAR=VALUE`` header lines, as written."""


class Cell(NamedTuple):
    """One value of a result row: ``text`` is the lexical form (an IRI, a
    literal's lexical form, a blank node's label), as SPARQL's CSV format
    gives it; ``native`` is what JSON shows: a number for a numeric literal, a
    boolean for an xsd:boolean one, else the text."""

    text: str
    native: object


@dataclass(frozen=True)
class Answer:
    """A query's answer, whichever engine computed it: ``columns`` and
    ``rows`` (``None`` for an unbound value) for SELECT, ``boolean`` for ASK,
    ``graph`` for CONSTRUCT and DESCRIBE."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Cell | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None


# -- loading ---------------------------------------------------------------


def _header(text: str) -> tuple[dict[str, str], list[str]]:
    """The header's fields (continuation lines folded in), and its ``bind`` lines."""
    fields: dict[str, str] = {}
    binds: list[str] = []
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*([a-z_]+):\s*(.*)", line)
        if match and match[1] == "bind":
            binds.append(match[2].strip())
            key = None
        elif match:
            key = match[1]
            fields[key] = match[2].strip()
        elif key:
            fields[key] += " " + line.lstrip("#").strip()
    return fields, binds


def _from_text(text: str, origin: str, fallback_name: str) -> NamedQuery:
    head, binds = _header(text)
    defaults = tuple(split_binding(b, origin) for b in binds)
    for name, value in defaults:
        parse_term(value, origin)  # a bad default is the file's error, found when it loads
        _require_variable(text, name, origin)
    return NamedQuery(
        name=head.get("name", fallback_name),
        question=head.get("question", ""),
        description=head.get("description", ""),
        text=text,
        origin=origin,
        bindings=defaults,
    )


def named_queries() -> dict[str, NamedQuery]:
    folder = resources.files("sdd_kg").joinpath("queries")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            query = _from_text(entry.read_text("utf-8"), f"sdd_kg/queries/{entry.name}", entry.name[:-3])
            found[query.name] = query
    return found


def load_query(name_or_path: str) -> NamedQuery:
    """A shipped query by name, or a ``.rq`` file by path."""
    queries = named_queries()
    if name_or_path in queries:
        return queries[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.exists():
        return _from_text(read_source(path, max_bytes=MAX_QUERY_BYTES).text, str(path), path.stem)
    raise InputError(name_or_path, f"no such named query; choose one of {', '.join(queries)} or give a .rq file")


# -- parameters ------------------------------------------------------------


def split_binding(text: str, origin: str = "--bind") -> tuple[str, str]:
    """``VAR=VALUE`` (``?VAR`` and ``$VAR`` too) -> (``VAR``, ``VALUE``)."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise InputError(origin, f"bad binding {text!r}: expected VAR=VALUE, e.g. case=<https://w3id.org/sdd-kg/case/974-F.2d-119>")
    return name, value.strip()


def parse_term(value: str, origin: str = "--bind") -> Term:
    """A binding's value as an RDF term.

    ``<...>`` is an IRI; an optionally signed run of digits is an
    ``xsd:integer`` (volumes, pages, pins, counts are integers in the data);
    ``"..."`` is a plain literal without its quotes (a number as a string);
    anything else is a plain literal as written.
    """
    try:
        if value.startswith("<") and value.endswith(">"):
            return ox.NamedNode(value[1:-1])
    except ValueError as exc:
        raise InputError(origin, f"bad IRI {value}: {exc}") from None
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "integer"))
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return ox.Literal(value[1:-1])
    return ox.Literal(value)


def _require_variable(text: str, name: str, origin: str) -> None:
    if not re.search(rf"[?$]{re.escape(name)}\b", text):
        raise InputError(origin, f"cannot bind ?{name}: the query has no such variable")


def bindings_for(query: NamedQuery, overrides: list[str] | tuple[str, ...] = ()) -> dict[str, Term]:
    """The query's default bindings, replaced or extended by ``--bind`` texts."""
    chosen = dict(query.bindings)
    for text in overrides:
        name, value = split_binding(text)
        _require_variable(query.text, name, query.origin)
        chosen[name] = value
    return {name: parse_term(value) for name, value in chosen.items()}


# -- running ---------------------------------------------------------------


def run(query: NamedQuery, store: ox.Store, bindings: dict[str, Term] | None = None) -> Answer:
    """Answer ``query`` from the Oxigraph store (see :mod:`sdd_kg.store`)."""
    result = query_store.query(store, query.text, query.origin, bindings)
    with query_store.answering(query.origin):  # evaluation is lazy: errors surface while reading
        if isinstance(result, ox.QueryBoolean):
            return Answer(boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            columns = tuple(v.value for v in result.variables)
            rows = tuple(tuple(_oxigraph_cell(solution[i]) for i in range(len(columns))) for solution in result)
            return Answer(columns=columns, rows=rows)
        return Answer(graph=rdflib_graph(result))


def run_rdflib(query: NamedQuery, dataset: Dataset, bindings: dict[str, Term] | None = None) -> Answer:
    """Answer ``query`` with rdflib's in-memory engine, for comparison.

    ``dataset`` should have ``default_union=True``: its default graph is then
    the merge of its named graphs, as the store's is.
    """
    init = {name: rdflib_term(term) for name, term in (bindings or {}).items()}
    try:
        result: Result = dataset.query(query.text, initBindings=init)
        if result.type == "ASK":
            return Answer(boolean=bool(result.askAnswer))
        if result.type != "SELECT":
            return Answer(graph=result.graph if result.graph is not None else Graph())
        columns = tuple(str(v) for v in result.vars)
        rows = tuple(tuple(_rdflib_cell(row[v]) for v in result.vars) for row in result)
    except Exception as exc:  # pyparsing and rdflib raise several types
        raise InputError(query.origin, f"SPARQL error: {exc}") from None
    return Answer(columns=columns, rows=rows)


def _native(lexical: str, datatype: str | None) -> object:
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype in _REAL_TYPES:
            number = float(lexical)
            return number if math.isfinite(number) else lexical  # JSON has no NaN or INF
        if datatype == _XSD + "boolean" and lexical in ("true", "false", "1", "0"):
            return lexical in ("true", "1")
    except ValueError:  # an ill-typed literal keeps its text
        pass
    return lexical


def _oxigraph_cell(term) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return Cell(term.value, _native(term.value, term.datatype.value))
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return Cell(term.value, term.value)
    return Cell(str(term), str(term))  # an RDF 1.2 triple term


def _rdflib_cell(term) -> Cell | None:
    if term is None:
        return None
    text = str(term)
    datatype = str(term.datatype) if isinstance(term, Literal) and term.datatype else None
    return Cell(text, _native(text, datatype))


# -- formatting ------------------------------------------------------------


def format_result(answer: Answer, fmt: str) -> str:
    """Turtle for a graph; ``true``/``false`` for ASK; a table, CSV or JSON
    array of objects for SELECT (CSV and table cells are lexical forms; JSON
    gives numbers and booleans natively and ``null`` for unbound)."""
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"unknown result format {fmt!r}")
    if answer.graph is not None:
        return to_turtle(answer.graph)
    if answer.boolean is not None:
        return ("true" if answer.boolean else "false") + "\n"
    columns, rows = list(answer.columns), answer.rows
    if fmt == "json":
        objects = [{c: None if v is None else v.native for c, v in zip(columns, row, strict=True)} for row in rows]
        return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
    texts = [["" if v is None else v.text for v in row] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(texts)
        return buffer.getvalue()
    cells = [columns] + texts
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"
