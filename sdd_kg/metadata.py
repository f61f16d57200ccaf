"""Load and validate the curated metadata record that travels with a text.

The record is YAML (JSON is YAML too) checked against
``sdd_kg/schema/metadata.schema.json``; the schema is the documentation of the
format (see docs/metadata.md). Beyond what JSON Schema can say, this module
checks calendar dates, date order, page order and the cross references inside
the record (the document's opinion must be one of the case's opinions). Every
problem becomes one :class:`~sdd_kg.errors.InputError` naming the file and the
field.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import InputError
from .source import format_for, read_yaml

SCHEMA_RESOURCE = "schema/metadata.schema.json"
MAX_RECORD_BYTES = 1024 * 1024  # a record is a few KB


@dataclass(frozen=True)
class Party:
    name: str
    role: str


@dataclass(frozen=True)
class OpinionRecord:
    id: str
    type: str  # a notation of sdd:OpinionTypes, e.g. "dissent"
    author: str | None
    joined_by: tuple[str, ...] = ()
    first_page: int | None = None
    last_page: int | None = None
    summary: str | None = None


@dataclass(frozen=True)
class LowerCourt:
    court: str
    docket_number: str | None = None
    judge: str | None = None
    judge_title: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    citation: str
    relation: str
    note: str | None = None


@dataclass(frozen=True)
class CaseRecord:
    name: str
    citations: tuple[str, ...]
    court: str
    docket_number: str
    decided: dt.date
    panel: tuple[str, ...]
    opinions: tuple[OpinionRecord, ...]
    first_page: int
    caption: str | None = None
    parties: tuple[Party, ...] = ()
    lower_court: LowerCourt | None = None
    argued: dt.date | None = None
    disposition: str | None = None
    last_page: int | None = None
    history: tuple[HistoryEntry, ...] = ()

    def opinion(self, opinion_id: str) -> OpinionRecord:
        return next(o for o in self.opinions if o.id == opinion_id)


@dataclass(frozen=True)
class DocumentRecord:
    """A metadata file: which text, which opinion of which case.

    A text may hold several opinions (a CAP casebody, a lawbox page): then
    ``parts`` lists each opinion's ``(id, start, end)`` and the record seen
    through :meth:`per_opinion` is one record per opinion, each with its
    ``span``. A record of a single-opinion text has no parts and no span.
    """

    path: Path | None
    text: str  # file name of the text, beside the record
    opinion_id: str
    first_page: int
    last_page: int | None  # None: unknown (the text does not mark its pages)
    case: CaseRecord
    record_source: str
    origin: str | None = None
    format: str = "text"  # how to read the text: a key of source.TEXT_FORMATS
    origin_sha256: str | None = None
    notes: tuple[str, ...] = ()
    parts: tuple[tuple[str, int, int], ...] = ()
    span: tuple[int, int] | None = None  # this opinion's part of the text

    @property
    def opinion(self) -> OpinionRecord:
        return self.case.opinion(self.opinion_id)

    def per_opinion(self) -> tuple[DocumentRecord, ...]:
        """One record per opinion the text holds, each with its span."""
        if not self.parts:
            return (self,)
        return tuple(replace(self, opinion_id=op, span=(start, end)) for op, start, end in self.parts)

    @property
    def text_path(self) -> Path:
        base = self.path.parent if self.path else Path(".")
        return base / self.text


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("sdd_kg").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    return json.loads(text)


def load_record(path: str | Path) -> DocumentRecord:
    """Read, parse and validate the metadata file at ``path``."""
    path = Path(path)
    obj = read_yaml(path, "metadata", max_bytes=MAX_RECORD_BYTES)
    return parse_record(obj, path)


def parse_record(obj: Any, path: str | Path | None = None) -> DocumentRecord:
    """Validate an already-parsed record (a dict) and build the dataclasses."""
    path = Path(path) if path is not None else None
    obj = _dates_to_strings(obj)
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(obj), key=lambda e: (len(e.path), list(map(str, e.path))))
    if errors:
        raise InputError(path, _describe(errors[0]))
    doc, case = obj["document"], obj["case"]
    parts = tuple((p["opinion"], p["start"], p["end"]) for p in doc.get("opinions", []))
    record = DocumentRecord(
        path=path,
        text=doc["text"],
        opinion_id=doc["opinion"] if "opinion" in doc else parts[0][0],
        first_page=doc["first_page"],
        last_page=doc.get("last_page"),
        origin=doc.get("origin"),
        format=doc.get("format") or format_for(doc["text"]),
        origin_sha256=doc.get("origin_sha256"),
        notes=tuple(obj.get("notes", [])),
        parts=parts,
        record_source=obj["record_source"],
        case=CaseRecord(
            name=case["name"],
            caption=case.get("caption"),
            parties=tuple(Party(p["name"], p["role"]) for p in case.get("parties", [])),
            citations=tuple(case["citations"]),
            court=case["court"],
            docket_number=case["docket_number"],
            lower_court=LowerCourt(**case["lower_court"]) if "lower_court" in case else None,
            argued=_date(case.get("argued"), "case.argued", path),
            decided=_date(case["decided"], "case.decided", path),
            panel=tuple(case["panel"]),
            disposition=case.get("disposition"),
            first_page=case["first_page"],
            last_page=case.get("last_page"),
            history=tuple(HistoryEntry(**h) for h in case.get("history", [])),
            opinions=tuple(
                OpinionRecord(
                    id=o["id"],
                    type=o["type"],
                    author=o.get("author"),
                    joined_by=tuple(o.get("joined_by", [])),
                    first_page=o.get("first_page"),
                    last_page=o.get("last_page"),
                    summary=o.get("summary"),
                )
                for o in case["opinions"]
            ),
        ),
    )
    if obj["schema_version"] == 1:
        if "last_page" not in doc:
            raise InputError(path, "metadata field document.last_page is missing")
        newer = [f for f in ("format", "opinions", "origin_sha256") if f in doc] + (["notes"] if "notes" in obj else [])
        if newer:
            raise InputError(path, f"metadata field document.{newer[0]} needs schema_version 2")
    _check_consistency(record, path)
    return record


def _check_consistency(rec: DocumentRecord, path: Path | None) -> None:
    case = rec.case
    ids = [o.id for o in case.opinions]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(path, f"case.opinions: duplicate opinion id {dupes[0]!r}")
    held = [op for op, _, _ in rec.parts] or [rec.opinion_id]
    field = "document.opinions" if rec.parts else "document.opinion"
    for op_id in held:
        if op_id not in ids:
            raise InputError(path, f"{field}: {op_id!r} is not one of case.opinions ({', '.join(ids)})")
    if len(set(held)) < len(held):
        raise InputError(path, f"{field}: an opinion is listed twice")
    previous_end = 0
    for op_id, start, end in rec.parts:
        if start >= end or start < previous_end:
            raise InputError(path, f"document.opinions: the part of {op_id!r} ({start}-{end}) is empty or overlaps the one before")
        previous_end = end
    if case.argued and case.argued > case.decided:
        raise InputError(path, f"case.argued {case.argued} is after case.decided {case.decided}")
    if rec.last_page is not None and rec.first_page > rec.last_page:
        raise InputError(path, f"document pages run backwards: {rec.first_page}-{rec.last_page}")
    for op_id in held:
        op = case.opinion(op_id)
        if (op.first_page, op.last_page) == (None, None):
            continue
        if not rec.parts and (op.first_page, op.last_page) != (rec.first_page, rec.last_page):
            raise InputError(
                path,
                f"document pages {rec.first_page}-{rec.last_page} disagree with opinion {op.id!r} pages {op.first_page}-{op.last_page}",
            )
        inside = [p for p in (op.first_page, op.last_page) if p is not None]
        if rec.parts and not all(rec.first_page <= p <= (rec.last_page or p) for p in inside):
            raise InputError(
                path,
                f"opinion {op.id!r} pages {op.first_page}-{op.last_page} lie outside the document pages {rec.first_page}-{rec.last_page}",
            )
    for o in case.opinions:
        if o.first_page is not None and o.first_page < case.first_page:
            raise InputError(path, f"opinion {o.id!r} starts on page {o.first_page}, before the case's first page {case.first_page}")
        if o.type != "per-curiam" and not o.author:
            raise InputError(path, f"opinion {o.id!r} ({o.type}) has no author; only a per-curiam opinion is unsigned")


def _date(value: str | None, field: str, path: Path | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"{field}: {value!r} is not a calendar date") from None


def _dates_to_strings(obj: Any) -> Any:
    """YAML turns unquoted 2006-03-07 into a date; the schema wants strings."""
    if isinstance(obj, dict):
        return {k: _dates_to_strings(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_dates_to_strings(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()[:10]
    return obj


def _describe(error: jsonschema.ValidationError) -> str:
    field = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        where = f"{field}." if field != "(top level)" else ""
        return f"metadata field {where}{missing} is missing"
    if error.validator == "additionalProperties":
        return f"metadata {field}: {error.message}"
    if error.validator == "type":
        return f"metadata field {field}: expected {error.validator_value}, got {type(error.instance).__name__} {error.instance!r}"
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"metadata field {field}: {error.instance!r} is not one of {allowed}"
    if error.validator == "oneOf":
        choices = [name for option in error.validator_value for name in option.get("required", [])]
        return f"metadata field {field}: give exactly one of {', '.join(choices)}"
    return f"metadata field {field}: {error.message}"


def case_to_mapping(case: CaseRecord) -> dict[str, Any]:
    """The ``case:`` mapping of a record, as parse_record reads it: what
    ``sdd-kg add`` writes, and how an existing record's facts are reused."""
    out: dict[str, Any] = {"name": case.name}
    if case.caption:
        out["caption"] = case.caption
    if case.parties:
        out["parties"] = [{"name": p.name, "role": p.role} for p in case.parties]
    out["citations"] = list(case.citations)
    out["court"] = case.court
    out["docket_number"] = case.docket_number
    if case.lower_court:
        lower = case.lower_court
        out["lower_court"] = {
            k: v for k, v in (("court", lower.court), ("docket_number", lower.docket_number),
                              ("judge", lower.judge), ("judge_title", lower.judge_title)) if v
        }
    if case.argued:
        out["argued"] = case.argued.isoformat()
    out["decided"] = case.decided.isoformat()
    out["panel"] = list(case.panel)
    if case.disposition:
        out["disposition"] = case.disposition
    out["first_page"] = case.first_page
    if case.last_page is not None:
        out["last_page"] = case.last_page
    if case.history:
        out["history"] = [{k: v for k, v in (("citation", h.citation), ("relation", h.relation), ("note", h.note)) if v}
                          for h in case.history]
    out["opinions"] = [
        {k: v for k, v in (("id", o.id), ("type", o.type), ("author", o.author), ("joined_by", list(o.joined_by)),
                           ("first_page", o.first_page), ("last_page", o.last_page), ("summary", o.summary)) if v}
        for o in case.opinions
    ]
    return out
