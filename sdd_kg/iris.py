"""Mint every IRI of the dataset from a stable key.

Keeping all IRI patterns in one module is what makes them persistent: a case
is named by its first official reporter citation, so the same decision cited
in two documents (or described by its own record) is one node everywhere. The
patterns are documented in docs/architecture.md; tests pin them.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

BASE = "https://w3id.org/sdd-kg/"

# "Dep't" -> "dept", "O'Connor" -> "oconnor": apostrophes vanish, other
# punctuation separates words.
_APOSTROPHES = str.maketrans("", "", "'’‘")


def slug(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: ``Jay S. Bybee`` -> ``jay-s-bybee``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.split(r"[^a-z0-9]+", ascii_text.translate(_APOSTROPHES).lower())
    result = "-".join(w for w in words if w)
    if not result:
        raise ValueError(f"cannot make an IRI key from {text!r}")
    return result


def parse_citation(citation: str) -> tuple[int, str, int]:
    """``439 F.3d 1055`` -> ``(439, "F.3d", 1055)``."""
    match = re.fullmatch(r"\s*(\d+)\s+(.+?)\s+(\d+)\s*", citation)
    if not match:
        raise ValueError(f"not a reporter citation: {citation!r}")
    return int(match[1]), match[2], int(match[3])


def citation_key(citation: str) -> str:
    """``439 F.3d 1055`` -> ``439-F.3d-1055``; ``109 S. Ct. 998`` -> ``109-S.Ct.-998``.

    Spaces inside the reporter abbreviation are dropped so that both common
    spellings of a reporter give one key.
    """
    volume, reporter, page = parse_citation(citation)
    return f"{volume}-{reporter.replace(' ', '')}-{page}"


def case(citation: str) -> URIRef:
    return URIRef(f"{BASE}case/{citation_key(citation)}")


def partial_case(volume: int, reporter: str) -> URIRef:
    """``case/879-F.2d-___``: a case known by volume and reporter only; the
    blank page is the Bluebook's own mark for a page not yet known."""
    return URIRef(f"{BASE}case/{volume}-{reporter.replace(' ', '')}-___")


def reporter_citation(citation: str) -> URIRef:
    return URIRef(f"{BASE}reporter-citation/{citation_key(citation)}")


def court(courts_db_id: str) -> URIRef:
    return URIRef(f"{BASE}court/{courts_db_id}")


def judge(name: str) -> URIRef:
    return URIRef(f"{BASE}judge/{slug(name)}")


def party(case_citation: str, name: str) -> URIRef:
    return URIRef(f"{case(case_citation)}/party/{slug(name)}")


def opinion(case_citation: str, opinion_type: str, author: str | None) -> URIRef:
    """``case/{cite}/opinion/{type}/{author}``; unsigned opinions use ``per-curiam``."""
    who = slug(author) if author else "per-curiam"
    return URIRef(f"{case(case_citation)}/opinion/{opinion_type}/{who}")


def citation_instance(opinion_iri: URIRef, raw_start: int, raw_end: int) -> URIRef:
    return URIRef(f"{opinion_iri}/citation/{raw_start}-{raw_end}")


def record_citation(opinion_iri: URIRef, raw_start: int, raw_end: int) -> URIRef:
    return URIRef(f"{opinion_iri}/record-citation/{raw_start}-{raw_end}")


def target(resource: URIRef) -> URIRef:
    return URIRef(f"{resource}/target")


def position_selector(resource: URIRef) -> URIRef:
    return URIRef(f"{resource}/target/position")


def quote_selector(resource: URIRef) -> URIRef:
    return URIRef(f"{resource}/target/quote")


def treatment_evidence(citation_iri: URIRef) -> tuple[URIRef, URIRef, URIRef]:
    """The span that decided a citation's treatment, and its position and
    quote selectors: ``{citation}/treatment-evidence`` (+ ``/position``,
    ``/quote``)."""
    node = URIRef(f"{citation_iri}/treatment-evidence")
    return node, URIRef(f"{node}/position"), URIRef(f"{node}/quote")


def finding(opinion_iri: URIRef, origin: str, key: str) -> URIRef:
    """``{opinion}/finding/{curated|machine}/{id}``: a factor finding the
    opinion's text states, from the curated file or from the extractor."""
    return URIRef(f"{opinion_iri}/finding/{origin}/{key}")


def holding(opinion_iri: URIRef, origin: str, key: str) -> URIRef:
    """``{opinion}/holding/{curated|machine}/{id}``."""
    return URIRef(f"{opinion_iri}/holding/{origin}/{key}")


def evidence(resource: URIRef, n: int) -> tuple[URIRef, URIRef, URIRef]:
    """The n-th quote of a finding or holding and its two selectors:
    ``{resource}/evidence/{n}`` (+ ``/position``, ``/quote``)."""
    node = URIRef(f"{resource}/evidence/{n}")
    return node, URIRef(f"{node}/position"), URIRef(f"{node}/quote")


def curated_graph(opinion_iri: URIRef) -> URIRef:
    """``graph/case/X/opinion/T/A/curated``: what a person recorded about the
    opinion's text, kept apart from what software extracted."""
    return URIRef(f"{graph_of(opinion_iri)}/curated")


def annotator(name: str) -> URIRef:
    return URIRef(f"{BASE}agent/{slug(name)}")


def curation_activity(file_name: str) -> URIRef:
    return URIRef(f"{BASE}activity/curate/{file_name}")


def source_text(file_name: str) -> URIRef:
    return URIRef(f"{BASE}source/{file_name}")


def graph_of(resource: URIRef) -> URIRef:
    """The named graph that holds what a resource's document says.

    ``case/X/opinion/T/A`` -> ``graph/case/X/opinion/T/A``.
    """
    if not str(resource).startswith(BASE):
        raise ValueError(f"{resource} is not under {BASE}")
    return URIRef(f"{BASE}graph/{str(resource)[len(BASE):]}")


def record_graph(case_citation: str) -> URIRef:
    return URIRef(f"{graph_of(case(case_citation))}/record")


def software(version: str) -> URIRef:
    return URIRef(f"{BASE}software/sdd-kg/{version}")


def conversion_activity(version: str) -> URIRef:
    return URIRef(f"{BASE}activity/convert/{version}")
