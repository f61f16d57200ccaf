"""``sdd-kg add``: put source files into data/ in the canonical form.

The canonical form is what the build reads: each opinion text as a file
(``.txt``, ``.html`` or ``.xml``), byte for byte as received (the value of a
JSON string field, an HTML field, the file itself), with a metadata record
beside it (docs/metadata.md). The record holds the case facts the source
prints, normalised (courts-db ids, ISO dates, dockets without "No."), says
where they come from (``record_source``, ``document.origin`` with the
source's SHA-256), and lists in ``notes`` what was inferred and what the
source did not say.

Adding is all or nothing. Every source is read, every record validated and
every text converted in memory first; a missing fact, a duplicate opinion
(same case, same opinion) or any error stops it before data/ is touched.
Then the files are written together (:func:`sdd_kg.serialize.write_all_atomic`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from . import __version__, iris
from .annotations import annotations_path_for
from .convert import Conversion, convert_document
from .errors import InputError
from .metadata import DocumentRecord, case_to_mapping, load_record, parse_record
from .readers import Ingested, OpinionText, read
from .serialize import write_all_atomic
from .source import decode_source, with_markup

REQUIRED = ("name", "citations", "court", "docket_number", "decided", "panel", "first_page")
"""Case facts a record must have (sdd_kg/schema/metadata.schema.json)."""
OPTIONAL = ("caption", "parties", "lower_court", "argued", "disposition", "last_page")
MAIN_OPINIONS = ("majority", "plurality", "per-curiam")
CASE_FIELD_ORDER = ("name", "caption", "parties", "citations", "court", "docket_number", "lower_court", "argued",
                    "decided", "panel", "disposition", "first_page", "last_page", "history", "opinions")
OPTIONS = {"name": "--name", "citations": "--citation", "court": "--court", "docket_number": "--docket",
           "decided": "--decided", "panel": "--panel", "first_page": "--citation"}


@dataclass(frozen=True)
class Planned:
    """One text and its record, as they will be written to data/."""

    text_name: str
    content: bytes
    record: dict[str, Any]
    document: DocumentRecord  # the record, parsed and validated
    as_is: dict[str, bytes] = field(default_factory=dict)  # files copied unchanged (a curated record, its annotations)

    @property
    def record_name(self) -> str:
        return Path(self.text_name).stem + ".meta.yaml"


@dataclass(frozen=True)
class Plan:
    """What adding one source means: its texts and records, and the account."""

    source: Ingested
    planned: tuple[Planned, ...]
    notes: tuple[str, ...]
    missing: tuple[str, ...]  # optional facts the source does not give


def resolve_authors(case: dict[str, Any]) -> list[str]:
    """Give an author or joiner known by surname ("Whitcombe", "W. Fletcher")
    the full name the panel prints ("Ada M. Whitcombe"), when exactly one
    panel judge has that surname. Returns what was inferred."""
    notes = []
    panel = case.get("panel") or []

    def full(name: str) -> str | None:
        last = _surname(name)
        matches = [p for p in panel if _surname(p) == last and p != name]
        return matches[0] if len(matches) == 1 and len(matches[0].split()) > len(name.split()) else None

    for op in case.get("opinions", []):
        if op.get("author") and (name := full(op["author"])):
            notes.append(f"opinion {op['id']}: author {op['author']!r} is {name!r} of the panel")
            op["author"] = name
        if op.get("joined_by"):
            op["joined_by"] = [full(j) or j for j in op["joined_by"]]
    return notes


def _surname(name: str) -> str:
    words = [w for w in re.split(r"[\s,]+", name) if w and w.rstrip(".").lower() not in ("jr", "sr", "ii", "iii")]
    return words[-1].lower() if words else ""


def _key(case: Mapping[str, Any], opinion: Mapping[str, Any]) -> tuple[str, str, str]:
    """Identity of an opinion across sources: the case's key citation, the
    type and the author's surname (sources differ in full name or not)."""
    return (iris.citation_key(case["citations"][0]), opinion["type"], _surname(opinion.get("author") or "per curiam"))


def base_name(case: Mapping[str, Any], text: OpinionText) -> str:
    """``harlan-v-pryce-2024-dissent-carrow``: the case, the year, and the
    opinion when the text holds one."""
    year = str(case.get("decided", ""))[:4]
    stem = "-".join(part for part in (iris.slug(case["name"]), year) if part)
    return f"{stem}-{text.opinions[0]}" if len(text.opinions) == 1 else stem


def plan(
    source: Ingested,
    overrides: Mapping[str, Any] | None = None,
    existing: Sequence[DocumentRecord] = (),
) -> Plan:
    """The records and texts a source gives, checked and converted in memory.

    ``overrides`` are case facts the user supplies (``--meta``, ``--court``,
    ...); they fill or replace what the source prints. When data/ already
    holds a record of the same case, its facts are the reference and the
    source's opinions must be among its opinions.
    """
    if source.record is not None and not overrides:
        return _as_it_is(source)
    case = dict(source.case)
    found = [dict(op) for op in source.case.get("opinions", [])]
    case["opinions"] = found
    for key, value in (overrides or {}).items():
        if value not in (None, [], ""):
            case[key] = [dict(op) for op in value] if key == "opinions" else value
    notes = list(source.notes)
    if not found:
        raise InputError(source.path, "no opinion found: no author line opens the text and no record says which opinion it is")
    if case.get("citations") and "first_page" not in case:
        case["first_page"] = iris.parse_citation(case["citations"][0])[2]
    missing = [field for field in REQUIRED if not case.get(field)]
    if missing:
        options = sorted({OPTIONS[f] for f in missing})
        raise InputError(
            source.path,
            f"cannot add it: the source does not give case {', '.join(missing)}; "
            f"give {'them' if len(missing) > 1 else 'it'} with {', '.join(options)} or --meta",
        )
    notes.extend(resolve_authors(case))
    reference = _existing_case(case, existing)
    if reference is not None:
        case = case_to_mapping(reference.case)
        notes.append(f"case facts from the existing record {reference.path.name if reference.path else ''}")
    # The opinions a source holds must be among the case's: the ones it lists,
    # or those a record (--meta, or data/) lists; ids follow the list.
    listed = "the existing record" if reference is not None else "--meta" if (overrides or {}).get("opinions") else None
    ids = _match(found, case, source.path, listed) if listed else {op["id"]: op["id"] for op in found}
    if not any(op["type"] in MAIN_OPINIONS for op in case["opinions"]):
        raise InputError(
            source.path,
            f"the source holds only separate opinions ({', '.join(op['id'] for op in found)}) and does not say "
            "who wrote the opinion of the court; list the case's opinions with --meta",
        )
    planned = []
    names: set[str] = set()
    for text in source.texts:
        name = base_name(case, text)
        while name in names:
            name += "-2"
        names.add(name)
        record = _record(source, case, text, name, notes, overrides, ids)
        path = Path(name + ".meta.yaml")
        planned.append(Planned(name + text.suffix, text.content, record, parse_record(record, path)))
    absent = [f"case.{f}" for f in OPTIONAL if not case.get(f)]
    return Plan(source, tuple(planned), tuple(notes), tuple(absent))


def _as_it_is(source: Ingested) -> Plan:
    """A text that comes with its record (today's form in data/): both are
    added unchanged, with its curated annotations when it has them."""
    document = source.record
    record_file = document.path
    copies = {record_file.name: record_file.read_bytes()}
    notes = annotations_path_for(source.path)
    if notes.is_file():
        copies[notes.name] = notes.read_bytes()
    record = yaml.safe_load(copies[record_file.name])
    planned = Planned(source.path.name, source.texts[0].content, record, document, copies)
    return Plan(source, (planned,), (), ())


def _existing_case(case: dict[str, Any], existing: Sequence[DocumentRecord]) -> DocumentRecord | None:
    key = iris.citation_key(case["citations"][0])
    return next((r for r in existing if iris.citation_key(r.case.citations[0]) == key), None)


def _match(found: list[dict[str, Any]], case: dict[str, Any], path: Path, listed: str) -> dict[str, str]:
    """The source's opinion ids mapped to the ids of the same opinions (type
    and author's surname) in the case's list, so their IRIs agree."""
    known = {_key(case, op): op["id"] for op in case["opinions"]}
    ids = {}
    for op in found:
        if _key(case, op) not in known:
            raise InputError(
                path, f"opinion {op['id']} is not among the opinions {listed} lists for {case['citations'][0]}"
            )
        ids[op["id"]] = known[_key(case, op)]
    return ids


def _record(
    source: Ingested,
    case: dict[str, Any],
    text: OpinionText,
    name: str,
    notes: list[str],
    overrides: Mapping[str, Any] | None,
    ids: Mapping[str, str],
) -> dict[str, Any]:
    case_out = dict(case)
    opinion_ids = [ids.get(op, op) for op in text.opinions]
    document: dict[str, Any] = {"text": name + text.suffix, "format": text.format}
    if text.spans:
        document["opinions"] = [{"opinion": op, "start": a, "end": b} for op, (a, b) in zip(opinion_ids, text.spans, strict=True)]
    else:
        document["opinion"] = opinion_ids[0]
    document["first_page"] = text.first_page or case_out["first_page"]
    last = text.last_page if text.first_page else None
    if last is not None:
        document["last_page"] = last
    document["origin"] = text.origin
    if text.origin != source.path.name or text.format != "text":
        document["origin_sha256"] = source.sha256
    supplied = sorted(k for k, v in (overrides or {}).items() if v not in (None, [], ""))
    record_source = (source.record.record_source if source.record else None) or (
        f"{source.kind} {source.path.name} (SHA-256 {source.sha256}), read by sdd-kg add {__version__}: "
        "the case facts as the file prints them"
        + (f"; {', '.join('case.' + k for k in supplied)} supplied by the user" if supplied else "")
    )
    record: dict[str, Any] = {"schema_version": 2, "record_source": record_source}
    if notes:
        record["notes"] = list(notes)
    record["document"] = document
    record["case"] = {k: case_out[k] for k in CASE_FIELD_ORDER if k in case_out}
    return record


def convert_planned(planned: Sequence[Planned], data_dir: Path) -> list[Conversion]:
    """Convert each planned text in memory, as the build will from data/."""
    conversions = []
    for item in planned:
        raw = decode_source(item.content, data_dir / item.text_name)
        source = with_markup(raw, item.document.format)
        document = replace(item.document, path=data_dir / item.record_name)
        conversions.extend(convert_document(source, document))
    return conversions


def existing_records(data_dir: Path) -> list[DocumentRecord]:
    return [load_record(path) for path in sorted(data_dir.glob("*.meta.yaml"))]


def duplicates(plans: Sequence[Plan], existing: Sequence[DocumentRecord]) -> list[tuple[str, DocumentRecord]]:
    """(new opinion id, the existing record holding the same opinion)."""
    held = {}
    for record in existing:
        case = case_to_mapping(record.case)
        for part in record.per_opinion():
            held[_key(case, next(o for o in case["opinions"] if o["id"] == part.opinion_id))] = record
    found = []
    for p in plans:
        for item in p.planned:
            case = item.record["case"]
            for part in item.document.per_opinion():
                opinion = next(o for o in case["opinions"] if o["id"] == part.opinion_id)
                if (match := held.get(_key(case, opinion))) is not None:
                    found.append((part.opinion_id, match))
    return found


def yaml_text(record: Mapping[str, Any], source: Ingested) -> str:
    head = f"# Written by sdd-kg add {__version__} from {source.path.name} ({source.kind}).\n"
    return head + yaml.safe_dump(dict(record), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def load_case_facts(path: Path) -> dict[str, Any]:
    """Case facts a user supplies with ``--meta``: a YAML file holding a
    ``case:`` mapping (a whole metadata record will do) or the mapping alone."""
    from .source import read_yaml

    obj = read_yaml(path, "case facts", max_bytes=1024 * 1024)
    facts = obj.get("case", obj) if isinstance(obj, dict) else None
    if not isinstance(facts, dict):
        raise InputError(path, "expected a mapping of case facts (the case: part of a metadata record)")
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in facts.items()}


def add(
    sources: Sequence[Path],
    data_dir: Path,
    overrides: Mapping[str, Any] | None = None,
    replace_existing: bool = False,
    dry_run: bool = False,
) -> list[Plan]:
    """Add every source to data/, or nothing. Returns the plans carried out
    (with ``dry_run``, the plans, and nothing written)."""
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found")
    existing = existing_records(data_dir)
    plans = [plan(read(path), overrides, existing) for path in sources]
    clashes = duplicates(plans, existing)
    removed: list[Path] = []
    if clashes and not replace_existing:
        opinion, record = clashes[0]
        raise InputError(
            plans[0].source.path if len(plans) == 1 else data_dir,
            f"{record.path.name} already holds opinion {opinion} of {record.case.citations[0]} ({record.case.name}); "
            "use --replace to replace it",
        )
    replaced = {op for op, _ in clashes}
    for _, record in clashes:
        if any(part.opinion_id not in replaced for part in record.per_opinion()):
            raise InputError(record.path, "holds other opinions too; it cannot be replaced by part")
        notes = annotations_path_for(record.text_path)
        if notes.exists():
            raise InputError(notes, "curated annotations of the text to be replaced; move them aside first")
        removed.extend([record.path, record.text_path])
    names = [item.text_name for p in plans for item in p.planned]
    if len(set(names)) < len(names):
        raise InputError(data_dir, "two sources give the same opinion text; add them one at a time")
    files: dict[Path, str | bytes] = {}
    for p in plans:
        convert_planned(p.planned, data_dir)
        for item in p.planned:
            text_path, record_path = data_dir / item.text_name, data_dir / item.record_name
            for path in (text_path, record_path):
                if path.exists() and path not in removed:
                    raise InputError(path, "a file of that name is already in the data folder")
            files[text_path] = item.content
            files[record_path] = yaml_text(item.record, p.source)
            for name, content in item.as_is.items():
                files[data_dir / name] = content
    if dry_run:
        return plans
    write_all_atomic(files)
    for path in dict.fromkeys(removed):
        if path not in files:
            path.unlink(missing_ok=True)
    return plans
