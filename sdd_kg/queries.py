"""Named SPARQL queries over the built dataset, and their result formats.

Each ``sdd_kg/queries/NAME.rq`` opens with a comment header (``# name:``,
``# question:``, ``# description:``) saying which research question it
answers; ``sdd-kg query --list`` prints them. Queries run over the dataset's
union graph with the ontology beside it, so controlled terms' labels and
notations are available to them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.query import Result

from .errors import InputError
from .source import read_source

RESULT_FORMATS = ("table", "csv", "json")
MAX_QUERY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    description: str
    text: str
    origin: str


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*([a-z_]+):\s*(.*)", line)
        if match:
            key = match[1]
            fields[key] = match[2].strip()
        elif key:
            fields[key] += " " + line.lstrip("#").strip()
    return fields


def _from_text(text: str, origin: str, fallback_name: str) -> NamedQuery:
    head = _header(text)
    return NamedQuery(
        name=head.get("name", fallback_name),
        question=head.get("question", ""),
        description=head.get("description", ""),
        text=text,
        origin=origin,
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


def run(query: NamedQuery, graph: Graph) -> Result:
    try:
        return graph.query(query.text)
    except Exception as exc:  # pyparsing and rdflib raise several types
        raise InputError(query.origin, f"SPARQL error: {exc}") from None


def _cell(value) -> str:
    """A term as CSV/table text: the lexical form, as SPARQL's CSV format has it."""
    return "" if value is None else str(value)


def _json_cell(value):
    if value is None:
        return None
    if isinstance(value, Literal):
        py = value.toPython()
        return py if isinstance(py, (int, float, bool)) else str(value)
    return str(value)


def format_result(result: Result, fmt: str) -> str:
    if result.type != "SELECT":
        graph = result.graph if result.graph is not None else Graph()
        return graph.serialize(format="turtle")
    columns = [str(v) for v in result.vars]
    rows = [[row[v] for v in result.vars] for row in result]
    if fmt == "json":
        return json.dumps([{c: _json_cell(v) for c, v in zip(columns, row, strict=True)} for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buffer.getvalue()
    if fmt == "table":
        cells = [columns] + [[_cell(v) for v in row] for row in rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines) + f"\n({len(rows)} rows)\n"
    raise ValueError(f"unknown result format {fmt!r}")
