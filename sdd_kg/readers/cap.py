"""Caselaw Access Project: case JSON (the API's and the 2024 static files) and the XML case body.

* API v1 JSON (``api.case.law/v1/cases/ID/?full_case=true``): the case's
  facts at the top (``name_abbreviation``, ``name``, ``decision_date``,
  ``docket_number``, ``first_page``/``last_page`` as strings, ``citations``
  ``[{type, cite}]``, ``court``) and ``casebody: {status, data}``. With
  ``body_format=text``, ``data`` holds ``head_matter``, ``judges``,
  ``parties`` and ``opinions [{type, author, text}]``; with ``xml`` it is the
  XML case body as a string, with ``html`` the HTML one.
* 2024 static per-case JSON: the same facts, and ``casebody`` is the
  ``data`` object itself (no ``status``).
* XML case body: ``<casebody firstpage lastpage>``, head elements
  (``parties``, ``docketnumber``, ``court``, ``decisiondate``,
  ``otherdate``, ``judges``, ``p``) and ``<opinion type>`` elements with an
  ``<author>``, ``<page-number label>`` markers and ``<footnote>`` /
  ``<footnotemark>``. It carries no reporter citation.

Field names and where each is documented: docs/source-formats.md, sections
1-3. CAP's JSON texts drop the page markers and footnote calls; such a text
is kept as it is, and its citations get no page (``sdd:pagesMarked false``).
An opinion type we do not model (``remittitur``, ``rehearing``, ...) is
left out and reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..markup import MarkupText, parse_html, parse_xml
from ..source import read_source
from . import Ingested, OpinionText, expect
from . import facts as F
from .authors import REFINES, parse_author_line, title_case
from .opinions import opinion_id, page_span, paged_text

# CAP opinion types (docs/source-formats.md 3.4) -> sdd:OpinionTypes notations.
OPINION_TYPES = {
    "majority": "majority",
    "unanimous": "majority",
    "plurality": "plurality",
    "concurrence": "concurrence",
    "concurring-in-part-and-dissenting-in-part": "concurrence-in-part-dissent-in-part",
    "dissent": "dissent",
}


def read_json(obj: dict[str, Any], path: Path, digest: str) -> Ingested:
    """A CAP case JSON file, API v1 or 2024 static."""
    body = expect(obj.get("casebody"), dict, path, "casebody")
    if "status" in body or "data" in body:
        status = body.get("status")
        if status != "ok":
            raise InputError(path, f"field casebody.status is {status!r}: the file holds no opinion text")
        kind, data, pointer = "CAP case JSON (API v1)", body.get("data"), "/casebody/data"
    else:
        kind, data, pointer = "CAP case JSON (2024 static file)", body, "/casebody"
    case, notes = _top_facts(obj, path)
    if isinstance(data, str):
        fmt = "cap-xml" if data.lstrip().startswith(("<?xml", "<casebody")) else "html"
        markup = parse_xml(data, path) if fmt == "cap-xml" else parse_html(data, path)
        body_case, text, body_notes, left_out = _from_markup(markup, fmt, data.encode("utf-8"), f"{path.name}#{pointer}", path)
        _merge(case, body_case)
        return Ingested(path, kind + " with an XML/HTML body", digest, case, (text,), (*notes, *body_notes), left_out)
    data = expect(data, dict, path, pointer[1:].replace("/", "."))
    texts, opinions, left_out = [], [], []
    for i, op in enumerate(expect(data.get("opinions"), list, path, f"{pointer[1:].replace('/', '.')}.opinions")):
        where = f"{pointer[1:].replace('/', '.')}.opinions.{i}"
        op = expect(op, dict, path, where)
        text = expect(op.get("text"), str, path, f"{where}.text")
        if not text.strip():
            raise InputError(path, f"field {where}.text: the opinion has no text")
        entry, note = _opinion(op.get("type"), op.get("author"), path, where)
        if entry is None:
            left_out.append(note)
            continue
        notes.extend([note] if note else [])
        paged = paged_text(text, None)
        first, last = page_span(paged, 0, len(text))
        if first is not None:
            entry["first_page"], entry["last_page"] = first, last
        opinions.append(entry)
        texts.append(
            OpinionText(
                "text", text.encode("utf-8"), f"{path.name}#{pointer}/opinions/{i}/text", (entry["id"],),
                first_page=paged.first_page if paged else None, last_page=paged.last_page if paged else None,
            )
        )
    case["opinions"] = opinions
    _head_matter_facts(case, notes, (data.get("head_matter") or "").splitlines(), data.get("judges") or [])
    if "caption" not in case and data.get("parties"):
        case.update(_caption_facts(" ".join(map(str, data["parties"]))))
    return Ingested(path, kind, digest, case, tuple(texts), tuple(notes), tuple(left_out))


def read_xml_file(path: Path) -> Ingested:
    """A CAP XML case body saved as a file."""
    source = read_source(path)
    markup = parse_xml(source.text, path)
    case, text, notes, left_out = _from_markup(markup, "cap-xml", source.text.encode("utf-8"), path.name, path)
    return Ingested(path, "CAP XML case body", source.sha256, case, (text,), tuple(notes), left_out)


def _top_facts(obj: dict[str, Any], path: Path) -> tuple[dict[str, Any], list[str]]:
    """The facts at the top of a CAP case JSON."""
    case: dict[str, Any] = {}
    notes: list[str] = []
    if obj.get("name_abbreviation"):
        case["name"] = expect(obj["name_abbreviation"], str, path, "name_abbreviation")
    if obj.get("name"):
        case.update(_caption_facts(expect(obj["name"], str, path, "name")))
    cites = [expect(c, dict, path, f"citations.{i}") for i, c in enumerate(expect(obj.get("citations"), list, path, "citations"))]
    ordered = sorted(cites, key=lambda c: c.get("type") != "official")  # official first
    case["citations"] = [expect(c.get("cite"), str, path, "citations.cite") for c in ordered]
    court = obj.get("court")
    if court is not None:
        court = expect(court, dict, path, "court")
        found = F.court_id(court.get("name_abbreviation")) or F.court_id(court.get("name"))
        if found:
            case["court"] = found
            notes.append(f"court {found} (courts-db) from court {court.get('name_abbreviation') or court.get('name')!r}")
    decided = F.parse_date(expect(obj.get("decision_date"), str, path, "decision_date", required=False))
    if decided:
        case["decided"] = decided.isoformat()
    docket = F.docket_number(expect(obj.get("docket_number"), str, path, "docket_number", required=False))
    if docket:
        case["docket_number"] = docket
    for key in ("first_page", "last_page"):
        value = expect(obj.get(key), (str, int), path, key, required=False)
        if value is not None:
            if not str(value).isdigit():
                raise InputError(path, f"field {key}: {value!r} is not a page number")
            case[key] = int(value)
    return case, notes


def _caption_facts(caption: str) -> dict[str, Any]:
    out: dict[str, Any] = {"caption": caption.strip()}
    parties = F.parties(caption)
    if parties:
        out["parties"] = [{"name": n, "role": r} for n, r in parties]
    return out


def _head_matter_facts(case: dict[str, Any], notes: list[str], lines: list[str], judges: list[Any]) -> None:
    """Argued date, lower court, decision date and panel from head-matter lines."""
    for line in lines:
        if "argued" not in case and (argued := F.argued_date(line)):
            case["argued"] = argued.isoformat()
            notes.append(f"date argued from the head matter: {line.strip()!r}")
        if "decided" not in case and (decided := F.decided_date(line)):
            case["decided"] = decided.isoformat()
            notes.append(f"date decided from the head matter: {line.strip()!r}")
        if "lower_court" not in case and line.strip().startswith("Appeal from"):
            court, docket = F.lower_court(line)
            if court:
                case["lower_court"] = {"court": court, **({"docket_number": docket} if docket else {})}
                notes.append(f"lower court {court} from the head matter: {line.strip()!r}")
        if "docket_number" not in case and line.strip().startswith("No"):
            docket = F.docket_number(line)
            if docket:
                case["docket_number"] = docket
    for line in [*map(str, judges), *lines]:
        if "panel" not in case and (names := F.panel(line)):
            case["panel"] = names
            notes.append(f"panel from {line.strip()!r}")


def _opinion(cap_type: Any, author: Any, path: Path, where: str) -> tuple[dict[str, Any] | None, str | None]:
    """An opinion entry from CAP's type and author string, or (None, why) for
    a type we do not model. The author line may refine the type."""
    cap_type = expect(cap_type, str, path, f"{where}.type")
    kind = OPINION_TYPES.get(cap_type)
    if kind is None:
        return None, f"{where}: CAP type {cap_type!r} is not an opinion type of sdd-kg (left out)"
    author = expect(author, str, path, f"{where}.author", required=False)
    note = None
    entry: dict[str, Any] = {"type": kind}
    parsed = parse_author_line(author) if author else None
    if parsed is not None:
        line_type, name, joined = parsed
        if line_type in REFINES.get(kind, ()):
            entry["type"] = line_type
            note = f"{where}: type {line_type} from the author line {author!r} (CAP says {cap_type})"
        if name and entry["type"] != "per-curiam":
            entry["author"] = name
        if joined:
            entry["joined_by"] = list(joined)
    elif author and author.strip():
        # "Lacey, J" and other short forms: the name before the first comma
        name = author.split(",")[0].strip(" .:")
        if name and name[0].isalpha():
            entry["author"] = title_case(name)
            note = f"{where}: author {entry['author']!r} from CAP's author field {author!r}"
    entry["id"] = opinion_id(entry["type"], entry.get("author"))
    return entry, note


def _from_markup(
    markup: MarkupText, fmt: str, content: bytes, origin: str, path: Path
) -> tuple[dict[str, Any], OpinionText, list[str], tuple[str, ...]]:
    """A CAP case body (XML, or the HTML form): head facts and its opinions as
    spans of its text content."""
    text = markup.text
    case: dict[str, Any] = {}
    notes: list[str] = []
    root = markup.elements[0] if markup.elements else None
    page_attrs = (root.attr("firstpage") or root.attr("data-firstpage"), root.attr("lastpage") or root.attr("data-lastpage")) if root else (None, None)
    for key, value in zip(("first_page", "last_page"), page_attrs, strict=True):
        if value and value.isdigit():
            case[key] = int(value)

    def head(tag: str) -> list[str]:
        return [text[e.start : e.end].strip() for e in markup.elements if e.tag == tag or tag in e.classes]

    for caption in head("parties")[:1]:
        case.update(_caption_facts(caption))
        if (short := F.short_name(caption)) is not None:
            case["name"] = short
            notes.append(f"case name {short!r} from the parties {caption!r} (first party of each side)")
    for line in head("docketnumber")[:1]:
        if docket := F.docket_number(line):
            case["docket_number"] = docket
    for line in head("court")[:1]:
        if court := F.court_id(line):
            case["court"] = court
            notes.append(f"court {court} (courts-db) from {line!r}")
    for line in head("decisiondate")[:1]:
        if decided := F.parse_date(line):
            case["decided"] = decided.isoformat()
    opinion_elements = [e for e in markup.elements if e.tag == "opinion" or (e.tag == "article" and "opinion" in e.classes)]
    head_lines = head("otherdate") + [
        text[e.start : e.end].strip()
        for e in markup.elements
        if e.tag == "p" and not any(o.start <= e.start < o.end for o in opinion_elements)
    ]
    _head_matter_facts(case, notes, head_lines, head("judges"))
    paged = paged_text(text, markup)
    opinions, spans, left_out = [], [], []
    for i, element in enumerate(opinion_elements):
        where = f"opinion {i + 1}"
        author_el = next(
            (e for e in markup.elements if element.start <= e.start < element.end and (e.tag == "author" or "author" in e.classes)),
            None,
        )
        author = text[author_el.start : author_el.end].strip() if author_el else None
        entry, note = _opinion(element.attr("type") or element.attr("data-type"), author, path, where)
        if entry is None:
            left_out.append(note)
            continue
        notes.extend([note] if note else [])
        first, last = page_span(paged, element.start, element.end)
        if first is not None:
            entry["first_page"], entry["last_page"] = first, last
        opinions.append(entry)
        spans.append((element.start, element.end))
    case["opinions"] = opinions
    opinion_text = OpinionText(
        fmt, content, origin, tuple(o["id"] for o in opinions), tuple(spans),
        first_page=case.get("first_page", paged.first_page if paged else None),
        last_page=case.get("last_page", paged.last_page if paged else None),
    )
    return case, opinion_text, notes, tuple(left_out)


def _merge(case: dict[str, Any], more: dict[str, Any]) -> None:
    """Facts of the case body fill what the JSON's top level did not say."""
    for key, value in more.items():
        case.setdefault(key, value)
    case["opinions"] = more.get("opinions", [])
