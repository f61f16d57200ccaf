"""Curated annotations of one opinion text: findings and holdings with quotes.

A person reads the opinion and records, in ``data/<stem>.annotations.yaml``
(format: docs/annotations.md, schema: ``schema/annotations.schema.json``), how
it decides each element of the doctrine and which outcomes it states, each
with exact quotes and raw offsets. This module loads such a file and checks
it against the text and the record: every quote must occur exactly at its
offsets, every factor must be a concept of the scheme, every opinion id one
of the record's. A file that fails is refused with one line naming the file,
the entry and the problem; nothing of it reaches the graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import InputError
from .metadata import DocumentRecord
from .source import SourceText, read_yaml

SCHEMA_RESOURCE = "schema/annotations.schema.json"
MAX_ANNOTATION_BYTES = 2 * 1024 * 1024
OWN = "own"


@dataclass(frozen=True)
class Evidence:
    """A quote of the raw text: ``raw[start:end] == quote``."""

    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One opinion's position on one factor, as a text states it.

    ``position_of`` is the record id of the opinion whose position it is
    ("own" is resolved to the annotated opinion on load).
    """

    id: str
    factor: str  # notation in sdd:Factors
    position: str  # notation in sdd:FindingPositions
    position_of: str
    evidence: tuple[Evidence, ...]
    note: str | None = None


@dataclass(frozen=True)
class Holding:
    """A holding the text states: its own conclusion about its case, or the
    outcome it attributes to a cited precedent (``case`` is its key)."""

    id: str
    kind: str  # own-conclusion | precedent-outcome
    case: str
    outcome: str  # notation in sdd:Outcomes
    position_of: str
    evidence: tuple[Evidence, ...]
    factor: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Annotations:
    path: Path
    document: str
    annotator: str
    reviewed: str
    findings: tuple[Finding, ...]
    holdings: tuple[Holding, ...]


def annotations_path_for(text_path: Path) -> Path:
    """``data/x.txt`` -> ``data/x.annotations.yaml`` (beside the text)."""
    return text_path.with_name(text_path.stem + ".annotations.yaml")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("sdd_kg").joinpath(SCHEMA_RESOURCE).read_text("utf-8"))


def _describe(error: jsonschema.ValidationError) -> str:
    field = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "enum":
        return f"{field}: {error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    return f"{field}: {error.message}"


def load_annotations(
    path: Path, source: SourceText, record: DocumentRecord, factors: Iterable[str]
) -> Annotations:
    """Read ``path`` and check it against the text, the record and the scheme."""
    obj = read_yaml(path, "annotations", max_bytes=MAX_ANNOTATION_BYTES)
    if isinstance(obj, dict) and "reviewed" in obj and not isinstance(obj["reviewed"], str):
        obj["reviewed"] = str(obj["reviewed"])  # YAML reads an unquoted date as a date
    errors = sorted(
        jsonschema.Draft202012Validator(schema()).iter_errors(obj),
        key=lambda e: (len(e.path), list(map(str, e.path))),
    )
    if errors:
        raise InputError(path, f"annotations field {_describe(errors[0])}")
    if obj["document"] != source.path.name:
        raise InputError(path, f"document names {obj['document']!r} but annotates {source.path.name!r}")
    known_factors = set(factors)
    opinions = {op.id for op in record.case.opinions}
    raw = source.text
    seen: set[str] = set()

    def check(entry: dict[str, Any], kind: str) -> tuple[str, tuple[Evidence, ...]]:
        where = f"{kind} {entry['id']}"
        if entry["id"] in seen:
            raise InputError(path, f"{where}: id used twice")
        seen.add(entry["id"])
        factor = entry.get("factor")
        if factor is not None and factor not in known_factors:
            raise InputError(path, f"{where}: factor {factor!r} is not a concept of sdd:Factors")
        whose = record.opinion_id if entry["position_of"] == OWN else entry["position_of"]
        if whose not in opinions:
            raise InputError(path, f"{where}: position_of {entry['position_of']!r} is not an opinion of the record")
        evidence = []
        for n, ev in enumerate(entry["evidence"], 1):
            start, end, quote = ev["start"], ev["end"], ev["quote"]
            if raw[start:end] != quote:
                found = raw.find(quote)
                hint = f" (it occurs at {found}-{found + len(quote)})" if found >= 0 else " (it does not occur in the text)"
                raise InputError(path, f"{where}: quote {n} does not match the text at {start}-{end}{hint}")
            evidence.append(Evidence(quote, start, end))
        return whose, tuple(evidence)

    findings = []
    for entry in obj.get("findings", []):
        whose, evidence = check(entry, "finding")
        findings.append(Finding(entry["id"], entry["factor"], entry["position"], whose, evidence, entry.get("note")))
    holdings = []
    for entry in obj.get("holdings", []):
        whose, evidence = check(entry, "holding")
        holdings.append(
            Holding(entry["id"], entry["kind"], entry["case"], entry["outcome"], whose, evidence,
                    entry.get("factor"), entry.get("note"))
        )
    return Annotations(path, obj["document"], obj["annotator"], obj["reviewed"], tuple(findings), tuple(holdings))
