"""An opinion page in HTML: CourtListener's lawbox and similar pages saved as files.

A lawbox page opens with a caption: ``<center>`` lines for the reporter
citation with its year ("999 F.4th 1201 (2024)"), the parties (``<h1>``,
sides split by ``<br>v.<br>``), the docket ("No. 23-35501."), the court,
"Argued ..." and "Filed ..." or "Decided ...", and a "Before: ..." line.
Resource.org's pages put the same facts in ``p.case_cite``, ``p.parties``,
``p.docket``, ``p.court`` and ``p.date``. Then come the opinions, each opening
with its author line, with ``<span class="star-pagination">*1202</span>``
page markers and ``<sup>[1]</sup>`` footnote calls, and the footnotes after a
``NOTES`` heading (docs/source-formats.md, 5.2 and 5.4).

The page is kept byte for byte; its text content is what the offsets count
(:mod:`sdd_kg.markup`). The caption is read line by line and anything it
does not print is missing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..markup import Element, MarkupText, parse_html
from ..source import read_source
from . import Ingested, OpinionText
from . import facts as F
from .opinions import paged_text, split_opinions

_CITATION_LINE = re.compile(r"^\s*(\d+\s+[A-Z][A-Za-z0-9.' ]*?\s+\d+)\s*\((?:[^)]*?\s)?(\d{4})\)\s*$")


def element_text(markup: MarkupText, element: Element) -> str:
    """An element's words, a ``<br>`` or inner block read as a space (``A<br>v.<br>B``)."""
    cuts = sorted({e.start for e in markup.elements if element.start < e.start < element.end and e.tag in ("br", "p", "div")})
    pieces, position = [], element.start
    for cut in [*cuts, element.end]:
        pieces.append(markup.text[position:cut])
        position = cut
    return " ".join(" ".join(pieces).split())


def caption_lines(markup: MarkupText, end: int) -> list[str]:
    """The non-empty lines of the text before ``end``, a block start or a
    ``<br>`` starting a new line."""
    cuts = sorted({0, end, *(e.start for e in markup.elements if e.start < end and (e.tag == "br" or e.tag in ("center", "p", "h1", "h2", "h3", "div")))})
    lines = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        lines.extend(line.strip() for line in markup.text[a:b].split("\n") if line.strip())
    return lines


def caption_facts(markup: MarkupText, end: int) -> tuple[dict[str, Any], list[str]]:
    """Case facts from the caption before the first opinion (text offset ``end``)."""
    case: dict[str, Any] = {}
    notes: list[str] = []
    parties = next(
        (e for e in markup.elements if e.start < end and (e.tag == "h1" or "parties" in e.classes)), None
    )
    if parties is not None:
        caption = element_text(markup, parties)
        case["caption"] = caption
        found = F.parties(caption)
        if found:
            case["parties"] = [{"name": n, "role": r} for n, r in found]
        if (short := F.short_name(caption)) is not None:
            case["name"] = short
            notes.append(f"case name {short!r} from the parties {caption!r} (first party of each side)")
    for line in caption_lines(markup, end):
        if "citations" not in case and (match := _CITATION_LINE.match(line)):
            case["citations"] = [" ".join(match[1].split())]
            case["first_page"] = int(match[1].split()[-1])
        elif "docket_number" not in case and re.match(r"Nos?\.\s", line):
            case["docket_number"] = F.docket_number(line)
        elif "argued" not in case and (argued := F.argued_date(line)):
            case["argued"] = argued.isoformat()
        elif "decided" not in case and (decided := F.decided_date(line)):
            case["decided"] = decided.isoformat()
        elif "panel" not in case and (names := F.panel(line)):
            case["panel"] = names
            notes.append(f"panel from {line!r}")
        elif "lower_court" not in case and line.startswith("Appeal from"):
            court, docket = F.lower_court(line)
            if court:
                case["lower_court"] = {"court": court, **({"docket_number": docket} if docket else {})}
        elif "court" not in case and "court" in line.lower() and (court := F.court_id(line)):
            case["court"] = court
            notes.append(f"court {court} (courts-db) from {line!r}")
    if "decided" not in case:
        for element in (e for e in markup.elements if e.start < end and "date" in e.classes):
            if decided := F.parse_date(element_text(markup, element)):
                case["decided"] = decided.isoformat()
    return case, notes


def read_file(path: Path) -> Ingested:
    source = read_source(path)
    markup = parse_html(source.text, path)
    text = markup.text
    paged = paged_text(text, markup)
    found = split_opinions(text, markup, paged)
    head_end = found[0].start if found else len(text)
    case, notes = caption_facts(markup, head_end)
    entries = [op.entry() for op in found]
    for op in found:
        notes.append(f"opinion {op.id}: from the author line {text[op.line.start:op.line.end].strip()!r} at characters {op.line.start}-{op.line.end}")
    case["opinions"] = entries
    opinion_text = OpinionText(
        "html", source.text.encode("utf-8"), path.name, tuple(e["id"] for e in entries), tuple((op.start, op.end) for op in found),
        first_page=paged.first_page if paged else case.get("first_page"),
        last_page=paged.last_page if paged else None,
    )
    return Ingested(path, "HTML opinion page (lawbox)", source.sha256, case, (opinion_text,), tuple(notes))
