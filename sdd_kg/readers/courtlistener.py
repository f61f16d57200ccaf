"""CourtListener REST API v4 records: an opinion cluster with its opinions and docket.

The API serves a case as three kinds of record, each linking the others by
URL: the cluster (``case_name``, ``case_name_full``, ``date_filed``,
``citations [{volume, reporter, page, type}]``, ``judges``,
``disposition``, ``sub_opinions``), its opinions (``type`` codes such as
``020lead`` or ``040dissent``, ``author_str``, ``joined_by_str``,
``per_curiam``, ``ordering_key`` and the text fields ``xml_harvard``,
``html_lawbox``, ``html_columbia``, ``html``, ``html_with_citations``,
``plain_text``, ...), and the docket (``court_id``, ``docket_number``,
``date_argued``, ``appeal_from``, ``original_court_info``). We read them
saved together, either as a bundle ``{"cluster": ..., "opinions": [...],
"docket": ...}`` (the three responses side by side) or as a cluster whose
``sub_opinions`` and ``docket`` hold the records themselves instead of URLs.

Of an opinion's text fields the first non-empty one in :data:`TEXT_FIELDS`
is kept: the originals before ``html_with_citations`` (which CourtListener
derives from them, wrapping plain text in ``<pre>``), and markup before
plain text, because page markers and footnotes are elements there. Field
names and where each is documented: docs/source-formats.md, sections 4-5.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..markup import parse_html, parse_xml
from . import Ingested, OpinionText, expect
from . import facts as F
from .authors import REFINES, title_case
from .opinions import opinion_entry, page_span, paged_text, split_opinions

# Opinion type codes (courtlistener cl/search/models.py, Opinion.OPINION_TYPES)
# -> sdd:OpinionTypes notation; None: a document of the case that is not an
# opinion of the panel, left out; "combined": all of the case's opinions in
# one text, cut at their author lines.
TYPE_CODES: dict[str, str | None] = {
    "010combined": "combined",
    "015unamimous": "majority",  # sic: CourtListener's code is misspelt
    "020lead": "majority",
    "025plurality": "plurality",
    "030concurrence": "concurrence",
    "035concurrenceinpart": "concurrence-in-part-dissent-in-part",
    "040dissent": "dissent",
    "050addendum": None,
    "060remittitur": None,
    "070rehearing": None,
    "080onthemerits": None,
    "090onmotiontostrike": None,
    "100trialcourt": None,
}
TEXT_FIELDS = ("xml_harvard", "html_columbia", "html_lawbox", "html_anon_2020", "html", "html_with_citations", "plain_text")


def read_json(obj: dict[str, Any], path: Path, digest: str) -> Ingested:
    if "cluster" in obj:
        cluster = expect(obj.get("cluster"), dict, path, "cluster")
        opinions = expect(obj.get("opinions"), list, path, "opinions")
        docket = obj.get("docket")
        where = "opinions"
    else:
        cluster = obj
        opinions = expect(cluster.get("sub_opinions"), list, path, "sub_opinions")
        if opinions and not isinstance(opinions[0], dict):
            raise InputError(path, "field sub_opinions: holds URLs, not opinion records; save the opinions beside the cluster")
        docket = cluster.get("docket")
        where = "sub_opinions"
    docket = docket if isinstance(docket, dict) else None
    case, notes = _cluster_facts(cluster, docket, path)
    records = [expect(op, dict, path, f"{where}.{i}") for i, op in enumerate(opinions)]
    order = sorted(range(len(records)), key=lambda i: (records[i].get("ordering_key") is None, records[i].get("ordering_key") or 0, i))
    texts, entries, left_out = [], [], []
    for i in order:
        text, found, note = _opinion(records[i], path, f"{where}.{i}")
        if text is None:
            left_out.append(note)
            continue
        notes.extend(note for note in [note] if note)
        texts.append(text)
        entries.extend(found)
    case["opinions"] = entries
    if not entries:
        raise InputError(path, f"field {where}: no opinion of the panel to read")
    return Ingested(path, "CourtListener cluster with its opinions", digest, case, tuple(texts), tuple(notes), tuple(left_out))


def _citation_rank(cite: dict[str, Any]) -> tuple[int, int]:
    """Official reporters first, so the case's key citation is the official
    one: U.S., the Federal Reporter and other federal reporters, then S. Ct.
    and L. Ed., early Supreme Court, state, regional, specialty, neutral,
    Westlaw and Lexis (CourtListener's citation types 1-8)."""
    reporter = str(cite.get("reporter", ""))
    kind = cite.get("type")
    if reporter == "U.S.":
        return 0, 0
    if kind == 1:
        return (2, 0) if reporter.replace(" ", "") in ("S.Ct.", "L.Ed.", "L.Ed.2d") else (1, 0)
    return {5: 3, 2: 4, 3: 5, 4: 6, 8: 7, 7: 8, 6: 9}.get(kind if isinstance(kind, int) else -1, 10), 0


def _cluster_facts(cluster: dict[str, Any], docket: dict[str, Any] | None, path: Path) -> tuple[dict[str, Any], list[str]]:
    case: dict[str, Any] = {}
    notes: list[str] = []
    name = expect(cluster.get("case_name"), str, path, "cluster.case_name", required=False)
    if name:
        case["name"] = name
    full = expect(cluster.get("case_name_full"), str, path, "cluster.case_name_full", required=False)
    if full:
        case["caption"] = full
        parties = F.parties(full)
        if parties:
            case["parties"] = [{"name": n, "role": r} for n, r in parties]
    cites = []
    for i, cite in enumerate(expect(cluster.get("citations"), list, path, "cluster.citations")):
        cite = expect(cite, dict, path, f"cluster.citations.{i}")
        volume = expect(cite.get("volume"), int, path, f"cluster.citations.{i}.volume")
        reporter = expect(cite.get("reporter"), str, path, f"cluster.citations.{i}.reporter")
        page = expect(cite.get("page"), (str, int), path, f"cluster.citations.{i}.page")
        expect(cite.get("type"), int, path, f"cluster.citations.{i}.type")
        cites.append((cite, f"{volume} {reporter} {page}"))
    cites.sort(key=lambda pair: _citation_rank(pair[0]))
    case["citations"] = [text for _, text in cites]
    if cites and str(cites[0][0]["page"]).isdigit():
        case["first_page"] = int(cites[0][0]["page"])
    date_filed = expect(cluster.get("date_filed"), str, path, "cluster.date_filed", required=False)
    decided = F.parse_date(date_filed)
    if decided:
        case["decided"] = decided.isoformat()
        if cluster.get("date_filed_is_approximate"):
            notes.append("CourtListener marks date_filed as approximate")
    judges = expect(cluster.get("judges"), str, path, "cluster.judges", required=False)
    if judges:
        case["panel"] = F.surnames(judges)
        notes.append(f"panel by surname from cluster.judges {judges!r}")
    disposition = expect(cluster.get("disposition"), str, path, "cluster.disposition", required=False)
    if disposition:
        case["disposition"] = disposition
    if docket is None:
        notes.append("no docket record: the court, docket number and date argued are not known from this file")
        return case, notes
    court = expect(docket.get("court_id"), str, path, "docket.court_id", required=False)
    if court:
        if F.courts.exists(court):
            case["court"] = court
        else:
            notes.append(f"docket.court_id {court!r} is not a courts-db id")
    number = expect(docket.get("docket_number"), str, path, "docket.docket_number", required=False)
    if number:
        case["docket_number"] = number
    argued = F.parse_date(expect(docket.get("date_argued"), str, path, "docket.date_argued", required=False))
    if argued:
        case["argued"] = argued.isoformat()
    appeal_from = expect(docket.get("appeal_from"), str, path, "docket.appeal_from", required=False)
    lower = re.search(r"/courts/([a-z0-9]+)/?$", appeal_from or "")
    if lower and F.courts.exists(lower[1]):
        case["lower_court"] = {"court": lower[1]}
        info = docket.get("original_court_info")
        if isinstance(info, dict) and info.get("docket_number"):
            case["lower_court"]["docket_number"] = expect(info["docket_number"], str, path, "docket.original_court_info.docket_number")
    return case, notes


def _opinion(record: dict[str, Any], path: Path, where: str) -> tuple[OpinionText | None, list[dict[str, Any]], str | None]:
    """The kept text of one opinion record and the opinion(s) it holds."""
    code = expect(record.get("type"), str, path, f"{where}.type")
    if code not in TYPE_CODES:
        raise InputError(path, f"field {where}.type: unknown CourtListener opinion type {code!r}")
    kind = TYPE_CODES[code]
    if kind is None:
        return None, [], f"{where}: type {code} is not an opinion of the panel (left out)"
    field = next((f for f in TEXT_FIELDS if isinstance(record.get(f), str) and record[f].strip()), None)
    for f in TEXT_FIELDS:
        expect(record.get(f), str, path, f"{where}.{f}", required=False)
    if field is None:
        raise InputError(path, f"field {where}: the opinion has no text in any of {', '.join(TEXT_FIELDS)}")
    raw = record[field]
    fmt = "cap-xml" if field == "xml_harvard" else "text" if field == "plain_text" else "html"
    markup = parse_xml(raw, path) if fmt == "cap-xml" else parse_html(raw, path) if fmt == "html" else None
    text = markup.text if markup is not None else raw
    paged = paged_text(text, markup)
    found = split_opinions(text, markup, paged)
    origin = f"{path.name}#/{where.replace('.', '/')}/{field}"
    notes = []
    if kind == "combined" and len(found) > 1:
        entries = [op.entry() for op in found]
        spans = tuple((op.start, op.end) for op in found)
        notes.append(f"{where}: a combined opinion, cut at its {len(found)} author lines")
    else:
        line = found[0] if found else None
        kind = "majority" if kind == "combined" else kind
        if kind == "majority" and record.get("per_curiam") is True:
            kind = "per-curiam"
        if line is not None and line.type in REFINES.get(kind, ()):
            notes.append(f"{where}: type {line.type} from the author line (CourtListener says {code})")
            kind = line.type
        author_str = expect(record.get("author_str"), str, path, f"{where}.author_str", required=False)
        author = title_case(author_str.strip()) if author_str and author_str.strip() else (line.author if line else None)
        if kind == "per-curiam" or (author and author.lower() == "per curiam"):
            kind, author = "per-curiam", None
        joined_str = expect(record.get("joined_by_str"), str, path, f"{where}.joined_by_str", required=False)
        joined = tuple(F.surnames(joined_str)) if joined_str and joined_str.strip() else (line.joined_by if line else ())
        start = line.start if line is not None else 0
        first, last = page_span(paged, start, len(text))
        entries = [opinion_entry(kind, author, joined, first, last)]
        whole = line is None or not text[:start].strip()
        spans = () if whole else ((start, len(text)),)
    content = raw.encode("utf-8")
    opinion_text = OpinionText(
        fmt, content, origin, tuple(e["id"] for e in entries), spans,
        first_page=paged.first_page if paged else None, last_page=paged.last_page if paged else None,
    )
    return opinion_text, entries, "; ".join(notes) or None
