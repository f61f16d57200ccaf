"""HTML pages for people: the one module the server calls for ``text/html``.

The contract (all the server relies on):

``render(site, iri) -> Page | None``
    The page for the resource ``iri`` (a public IRI under
    ``https://w3id.org/sdd-kg/``), or None if there is nothing to show, which
    the server answers with 404. Called for ``GET {iri}.html``, where a
    browser lands after the 303 from ``{iri}``.
``index(site) -> Page``
    The home page, ``GET /``.
``sparql_form(site) -> Page``
    ``GET /sparql`` with no query, when the client prefers HTML.
``network_svg(site) -> str``
    The citation network of the whole dataset as an SVG document
    (``GET /network.svg``).

``site`` is a :class:`sdd_kg.site.Site`. Pages read the data only through
``site.select`` (trusted, bounded SELECTs from :mod:`sdd_kg.page_queries`)
and ``site.describe`` (a resource's description), and every page shows the
queries it ran, word for word, each in a collapsible block beside the
section it feeds, with a link that runs it at the endpoint. The opinion page
also reads the opinion's source text from the data folder
(:mod:`sdd_kg.opinion_text`), the file the graph's offsets index.

Which page a resource gets depends on its type: a case, an opinion, a
judge, a court, a factor of the doctrine (``sdd:Factor``), the ontology
document (its terms are fragments of it); anything else (a citing
instance, a selector, a graph, the dataset description) gets the generic
page: its statements, the parts it owns, the links to it. A factor's IRI
is a fragment of the ontology's (``ontology#AffirmativeAct``), so a browser
asking for it gets the ontology page at that anchor; the factor's own page,
with the findings on it, is at the IRI with the ``#`` escaped
(``ontology%23AffirmativeAct.html``), which the server maps back.

Templates are Jinja2 (``sdd_kg/templates``) with autoescaping on: every
value from the data is escaped; the only markup built here is the opinion
text (:mod:`sdd_kg.highlight`, escaped segment by segment) and the network
picture (:mod:`sdd_kg.network`, escaped likewise).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from . import namespaces, ontology_doc
from . import network as net
from . import page_queries as pq
from .describe import LABELS, RDF_TYPE
from .highlight import Span
from .namespaces import BASE, ONTOLOGY_IRI, PREFIXES, SDD_NS
from .opinion_text import opinion_text
from .void import DOC as VOID_DOC
from .void import EXTRA_PREFIXES

_PREFIXES = {**PREFIXES, **EXTRA_PREFIXES}

OWNED_SHOWN = 200
"""Parts listed on a generic page; an opinion owns over a thousand (all are in the RDF)."""
_RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
_RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
_RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
_FORMATS = (("ttl", "Turtle", "text/turtle"), ("jsonld", "JSON-LD", "application/ld+json"),
            ("nt", "N-Triples", "application/n-triples"))
SDD = SDD_NS
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TREATMENT_WORDS = {key: words for key, words, _ in net.TREATMENTS}


@dataclass(frozen=True)
class Page:
    title: str
    html: str


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sdd_kg", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


def _chrome(site) -> dict:
    """What every page's frame links to."""
    return {
        "home": site.base.local,
        "sparql": site.sparql_url,
        "void": site.local(VOID_DOC),
        "ontology": site.local(str(ONTOLOGY_IRI)),
        "version": site.version,
    }


def _render(site, template: str, title: str, **context) -> Page:
    html = _environment().get_template(template).render(title=title, **_chrome(site), **context)
    return Page(title, html)


# --- The queries a page runs, kept to show them ----------------------------------


class _Sources:
    """Runs a page's queries through the site and keeps each, to show it."""

    def __init__(self, site) -> None:
        self.site = site
        self.shown: dict[str, dict] = {}

    def _keep(self, name: str, purpose: str, query: str, size: str, runnable: bool = True) -> None:
        self.shown[name] = {
            "purpose": purpose, "query": query, "size": size,
            "url": self.site.sparql_url + "?query=" + quote(query, safe="") if runnable else None,
        }

    def select(self, name: str, purpose: str, query: str) -> list[dict]:
        rows = self.site.select(query)
        self._keep(name, purpose, query, f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
        return rows

    def describe(self, name: str, purpose: str, iri: str):
        description = self.site.describe(iri)
        if description is not None:
            # The dataset description is made at start-up from counts, not by a query.
            self._keep(name, purpose, description.query, f"{len(description.triples)} triples", iri != VOID_DOC)
        return description


def _v(row: dict, name: str) -> str:
    term = row.get(name)
    return term.value if term is not None else ""


def _int(row: dict, name: str) -> int | None:
    text = _v(row, name)
    try:
        return int(text)
    except ValueError:
        return None


# --- Terms as people read them -----------------------------------------------------


def curie(iri: str) -> str:
    """``sdd:Case``, ``dcterms:title``, or a path under our base (``case/489-U.S.-189``)."""
    short = namespaces.curie(iri, _PREFIXES)
    if short != iri:
        return short
    if iri.startswith(BASE):
        return iri[len(BASE):] or iri
    return iri


def page_url(site, iri: str, ext: str = "") -> str:
    """Where a link to ``iri`` goes. A fragment IRI (a factor) keeps its
    ``#`` escaped, so the link reaches the resource's own page instead of
    an anchor of the ontology page; ``ext`` asks for one representation."""
    local = site.local(iri)
    if "#" in iri and iri.startswith(BASE):
        local = local.replace("#", "%23")
        return local + "." + (ext or "html")
    return local + ("." + ext if ext else "")


def _formats(site, iri: str) -> list[dict]:
    return [{"href": page_url(site, iri, ext), "name": name, "type": media} for ext, name, media in _FORMATS]


def opinion_short(label: str) -> str:
    """``Kennedy v. ..., 439 F.3d 1055: Bybee, J., dissenting`` -> ``Bybee, J., dissenting``."""
    return label.rsplit(": ", 1)[-1] if ": " in label else label


def _date(text: str) -> str:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day:%B} {day.day}, {day.year}"


class _Labels:
    """Labels and types from a description's triples."""

    def __init__(self, triples) -> None:
        # iri -> (property rank, not English, text), for sorting by preference
        self.labels: dict[str, list[tuple[int, bool, str]]] = defaultdict(list)
        self.types: dict[str, list[str]] = defaultdict(list)
        for t in triples:
            if not isinstance(t.subject, ox.NamedNode):
                continue
            p = t.predicate.value
            if p in LABELS and isinstance(t.object, ox.Literal):
                self.labels[t.subject.value].append((LABELS.index(p), t.object.language not in (None, "en"), t.object.value))
            elif p == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                self.types[t.subject.value].append(t.object.value)

    def short(self, iri: str) -> str | None:
        """The shortest label of the most preferred property (for link text)."""
        found = sorted(self.labels.get(iri, ()), key=lambda x: (x[0], x[1], len(x[2]), x[2]))
        return found[0][2] if found else None

    def title(self, iri: str) -> str:
        """The fullest label (rdfs:label, then dcterms:title, then skos:prefLabel)."""
        found = sorted(self.labels.get(iri, ()), key=lambda x: (x[0], x[1], -len(x[2]), x[2]))
        return found[0][2] if found else curie(iri)


def _link(site, labels: _Labels, iri: str) -> dict:
    return {"href": site.local(iri), "text": labels.short(iri) or curie(iri), "iri": iri}


def _ref(site, iri: str, text: str) -> dict:
    return {"href": site.local(iri), "text": text or curie(iri), "iri": iri}


def _property(site, iri: str) -> dict:
    """A property is shown by its prefixed name, which is what queries use."""
    return {"href": site.local(iri), "text": curie(iri), "iri": iri}


# --- Dispatch ------------------------------------------------------------------------


def render(site, iri: str) -> Page | None:
    """The page of one resource (see the module docstring for the contract)."""
    if iri == str(ONTOLOGY_IRI):
        return ontology_page(site)
    if not site.known(iri):
        return None
    sources = _Sources(site)
    kinds = {row["type"].value for row in sources.select("types", "What kind of resource this is", pq.types(iri))}
    for kind, page in ((SDD + "Opinion", opinion_page), (SDD + "Case", case_page), (SDD + "Judge", judge_page),
                       (SDD + "Court", court_page), (SDD + "Factor", factor_page)):
        if kind in kinds:
            return page(site, iri, sources)
    return resource_page(site, iri)


# --- The network picture -------------------------------------------------------------


def _network(site) -> tuple[net.Network, dict]:
    """The dataset's citation network and the two queries that give it,
    made once per site (the store does not change while it is served)."""

    def make():
        sources = _Sources(site)
        nodes = []
        for row in sources.select("network_cases", "The cases (nodes of the network)", pq.network_cases()):
            iri = row["case"].value
            year = _int(row, "year")
            name = _v(row, "name")
            cite = _v(row, "cite")
            nodes.append(net.Node(
                key=iri,
                label=_v(row, "short") or net.short_name(name, curie(iri)),
                title=", ".join(x for x in (name or curie(iri), cite, str(year) if year else "") if x),
                href=site.local(iri),
                court=_v(row, "court") or None,
                court_label=_v(row, "court_short") or None,
                court_name=_v(row, "court_name") or None,
                year=year,
            ))
        edges = [
            (row["citing"].value, row["cited"].value, _v(row, "treatment"), _int(row, "instances") or 0)
            for row in sources.select("network_citations", "Who cites whom, and how (edges)", pq.network_citations())
        ]
        return net.build_network(nodes, edges), sources.shown

    return site.memo("network", make)


def network_svg(site) -> str:
    """The whole citation network, a standalone SVG document (made once per site)."""
    return site.memo("network.svg", lambda: net.to_svg(
        _network(site)[0], title="The citation network of the sdd-kg dataset", id_prefix="net"))


# --- Cases -------------------------------------------------------------------------------


def _treatment_cells(counts: dict[str, int]) -> list[dict]:
    order = [key for key, _, _ in net.TREATMENTS]
    keys = sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [{"key": k, "words": TREATMENT_WORDS.get(k, k), "count": counts[k]} for k in keys]


def _signal_cells(counts: dict[str, int]) -> list[dict]:
    return [{"words": k, "count": counts[k]} for k in sorted(counts, key=lambda k: (-counts[k], k))]


def _grouped_citations(rows, keys) -> list[dict]:
    """Rows of (..., treatment, signal, instances), one per ``keys`` tuple,
    with treatment and signal counts, most instances first."""
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(_v(row, k) for k in keys)
        group = groups.setdefault(key, {"row": row, "treatments": defaultdict(int), "signals": defaultdict(int), "instances": 0})
        n = _int(row, "instances") or 0
        group["treatments"][_v(row, "treatment")] += n
        group["signals"][_v(row, "signal")] += n
        group["instances"] += n
    return sorted(groups.values(), key=lambda g: (-g["instances"], tuple(_v(g["row"], k) for k in keys)))


def _cites_table(site, rows) -> list[dict]:
    out = []
    for group in _grouped_citations(rows, ("cited", "opinion")):
        row = group["row"]
        cited = row["cited"].value
        sibling = _v(row, "sibling") == "true"
        out.append({
            "cited": _ref(site, cited, opinion_short(_v(row, "name")) if sibling else _v(row, "name")),
            "cite": _v(row, "cite"),
            "year": _v(row, "year"),
            "sibling": sibling,
            "opinion": _ref(site, row["opinion"].value, opinion_short(_v(row, "opinion_name"))),
            "treatments": _treatment_cells(group["treatments"]),
            "signals": _signal_cells(group["signals"]),
            "instances": group["instances"],
        })
    return out


def _holdings_table(site, rows) -> list[dict]:
    return [{
        "iri": row["holding"].value,
        "href": site.local(row["holding"].value),
        "case": _ref(site, row["case"].value, _v(row, "case_name") or curie(row["case"].value)),
        "cite": _v(row, "cite"),
        "kind": _v(row, "kind"),
        "outcome": _v(row, "outcome"),
        "factor": ({"href": page_url(site, row["factor"].value), "text": _v(row, "factor_label")}
                   if row.get("factor") else None),
        "stated_in": _ref(site, row["stated_in"].value, opinion_short(_v(row, "stated_label"))),
        "position_of": _ref(site, row["position_of"].value, opinion_short(_v(row, "position_label"))),
        "origin": _v(row, "origin"),
        "quote": _v(row, "quote"),
    } for row in rows]


def _findings_table(site, rows) -> list[dict]:
    return [{
        "iri": row["finding"].value,
        "href": site.local(row["finding"].value),
        "factor": {"href": page_url(site, row["factor"].value), "text": _v(row, "factor_label")},
        "position": _v(row, "position"),
        "position_of": _ref(site, row["position_of"].value, opinion_short(_v(row, "position_label"))),
        "stated_in": _ref(site, row["stated_in"].value, opinion_short(_v(row, "stated_label"))),
        "own": row["position_of"].value == row["stated_in"].value,
        "origin": _v(row, "origin"),
        "quote": _v(row, "quote"),
    } for row in rows]


def _facts(site, description, iri: str) -> tuple[list[dict], _Labels]:
    """A case's facts, from its description, in the order a lawyer reads them."""
    labels = _Labels(description.triples)
    node = ox.NamedNode(iri)
    values: dict[str, list] = defaultdict(list)
    for t in description.triples:
        if t.subject == node:
            values[t.predicate.value].append(t.object)

    def texts(p: str) -> list[str]:
        """Literal values of ``p`` (an sdd: local name, or a full IRI)."""
        iri = p if p.startswith("http") else SDD + p
        return sorted({o.value for o in values.get(iri, ()) if isinstance(o, ox.Literal)})

    def links(p: str) -> list[dict]:
        found = sorted({o.value for o in values.get(SDD + p, ()) if isinstance(o, ox.NamedNode)})
        return [_link(site, labels, i) for i in found]

    facts: list[dict] = []

    def add(label: str, items: list, kind: str = "text") -> None:
        if items:
            facts.append({"label": label, "kind": kind, "entries": items})

    add("Name", texts(DCTERMS + "title"))
    add("Short name", texts(SKOS + "altLabel"))
    primary = {o.value for o in values.get(SDD + "primaryCitation", ())}
    citations = sorted(links("reporterCitation"), key=lambda c: (c["iri"] not in primary, c["text"]))
    add("Citations", citations, "links")
    add("Court", links("court"), "links")
    add("Docket", texts("docketNumber"))
    add("Argued", [_date(t) for t in texts("dateArgued")])
    add("Decided", [_date(t) for t in texts("dateDecided")])
    if not texts("dateDecided"):
        add("Year", texts("decisionYear"))
    add("Also printed with the year", texts("otherPrintedYear"))
    pages = texts("firstPage") + [f"to {p}" for p in texts("lastPage")]
    add("Pages", [" ".join(pages)] if pages else [])
    add("Panel", links("panelJudge"), "links")
    add("Disposition", texts("disposition"))
    add("Court below", links("lowerCourt"), "links")
    add("Docket below", texts("lowerCourtDocketNumber"))
    add("Judge below", links("lowerCourtJudge"), "links")
    add("Caption", texts("caption"))
    parties = []
    for party in sorted({o.value for o in values.get(SDD + "hasParty", ())}):
        role = next((t.object.value for t in description.triples
                     if t.subject.value == party and t.predicate.value == SDD + "partyRole"), "")
        parties.append({**_link(site, labels, party), "role": role.replace("-", " ")})
    add("Parties", parties, "parties")
    if texts("partial") == ["true"]:
        add("Note", ["Cited only in short form; no text of the dataset gives its full citation, court or year."])
    return facts, labels


def case_page(site, iri: str, sources: _Sources) -> Page:
    description = sources.describe("facts", "The case's facts: its description", iri)
    facts, labels = _facts(site, description, iri)
    opinions: dict[str, dict] = {}
    for row in sources.select("opinions", "Its opinions", pq.case_opinions(iri)):
        o = opinions.setdefault(row["opinion"].value, {
            **_ref(site, row["opinion"].value, opinion_short(_v(row, "label"))),
            "type": _v(row, "type"),
            "author": _ref(site, row["author"].value, _v(row, "author_name")) if row.get("author") else None,
            "joined": [],
            "pages": "–".join(x for x in (_v(row, "first_page"), _v(row, "last_page")) if x),
            "summary": _v(row, "summary"),
            "held": bool(row.get("text")),
            "citations": _int(row, "citations") or 0,
        })
        if row.get("joiner"):
            o["joined"].append(_ref(site, row["joiner"].value, _v(row, "joiner_name")))
    cites = _cites_table(site, sources.select("cites", "What its opinions cite", pq.cites(case=iri)))
    cited_by = []
    for group in _grouped_citations(sources.select("cited_by", "What cites it", pq.cited_by(iri)),
                                    ("citing_case", "opinion", "entity")):
        row = group["row"]
        entity = row["entity"].value
        cited_by.append({
            "case": _ref(site, row["citing_case"].value, _v(row, "name")),
            "cite": _v(row, "cite"),
            "opinion": _ref(site, row["opinion"].value, opinion_short(_v(row, "opinion_name"))),
            "entity": _ref(site, entity, opinion_short(labels.short(entity) or curie(entity))) if entity != iri else None,
            "treatments": _treatment_cells(group["treatments"]),
            "signals": _signal_cells(group["signals"]),
            "instances": group["instances"],
        })
    holdings = _holdings_table(site, sources.select("holdings", "Holdings about it", pq.holdings(case=iri)))
    network, network_queries = _network(site)
    sources.shown.update(network_queries)
    around = network.neighbourhood(iri)
    picture = None
    if len(around.nodes) > 1:
        picture = Markup(net.to_svg(around, title=f"What {labels.title(iri)} cites and what cites it",
                                    focus=iri, id_prefix="hood"))
    return _render(
        site, "case.html", labels.title(iri),
        iri=iri, facts=facts, opinions=list(opinions.values()), cites=cites, cited_by=cited_by,
        holdings=holdings, picture=picture, queries=sources.shown, formats=_formats(site, iri),
        cites_total=sum(c["instances"] for c in cites if not c["sibling"]),
        cited_total=sum(c["instances"] for c in cited_by),
    )


# --- Opinions ------------------------------------------------------------------------


def _pin(row) -> str:
    start, end, note = _v(row, "pin_start"), _v(row, "pin_end"), _v(row, "pin_note")
    if not start:
        return ""
    return start + (f"-{end}" if end and end != start else "") + (f" n. {note}" if note else "")


def _spans(site, opinion: str, citations, evidence, statements) -> list[tuple[Span, str]]:
    """The highlights of the opinion text, each with the graph's quote."""

    def key(resource: str) -> str:
        tail = resource[len(opinion) + 1:] if resource.startswith(opinion + "/") else curie(resource)
        return tail.replace("/", "-")

    spans = []
    for row in citations:
        citation = row["citation"].value
        record = _v(row, "kind") == SDD + "RecordCitation"
        treatment = _v(row, "treatment")
        cited = row["cited"].value if row.get("cited") else None
        facts = [_v(row, "name") or (curie(cited) if cited else "")]
        if not record:
            facts += [TREATMENT_WORDS.get(treatment, treatment), _v(row, "signal"), _v(row, "form")]
        facts += [f"page {_v(row, 'page')}" if row.get("page") else "", f"pin {_pin(row)}" if _pin(row) else "",
                  f"footnote {_v(row, 'footnote')}" if row.get("footnote") else "",
                  f"reported: {_v(row, 'nesting')} a decision it cites" if row.get("nesting") else ""]
        classes = ("record-cite",) if record else ("cite", f"t-{treatment}", *(("nested",) if row.get("nesting") else ()))
        spans.append((Span(
            start=_int(row, "start"), end=_int(row, "end"), key=key(citation), classes=classes,
            title=" · ".join(f for f in facts if f), href=site.local(cited) if cited and not record else None,
            own=site.local(citation), own_label=f"this citation ({_v(row, 'start')}-{_v(row, 'end')})", priority=0,
        ), _v(row, "exact")))
    for row in evidence:
        treatment = _v(row, "treatment")
        spans.append((Span(
            start=_int(row, "start"), end=_int(row, "end"), key=key(row["evidence"].value),
            classes=("cue", f"t-{treatment}"), title=f"treatment cue: {TREATMENT_WORDS.get(treatment, treatment)}",
            own=site.local(row["evidence"].value), own_label="the words that decided the treatment", priority=1,
        ), _v(row, "exact")))
    for row in statements:
        kind = "finding" if _v(row, "kind") == SDD + "FactorFinding" else "holding"
        origin = _v(row, "origin")
        spans.append((Span(
            start=_int(row, "start"), end=_int(row, "end"), key=key(row["target"].value),
            classes=("quote", kind, origin), title=f"{kind} ({origin}): {_v(row, 'label')}",
            own=site.local(row["statement"].value), own_label=f"{kind}: {_v(row, 'label')}",
            priority=2 if origin == "curated" else 3,
        ), _v(row, "exact")))
    return [(s, exact) for s, exact in spans if s.start is not None and s.end is not None]


def opinion_page(site, iri: str, sources: _Sources) -> Page:
    rows = sources.select("facts", "The opinion, its case and its text", pq.opinion_facts(iri))
    first = rows[0] if rows else {}
    case = first["case"].value if first.get("case") else None
    facts = {
        "case": _ref(site, case, _v(first, "case_name")) if case else None,
        "cite": _v(first, "cite"),
        "type": _v(first, "type"),
        "author": _ref(site, first["author"].value, _v(first, "author_name")) if first.get("author") else None,
        "joined": [_ref(site, r["joiner"].value, _v(r, "joiner_name")) for r in rows if r.get("joiner")],
        "pages": "–".join(x for x in (_v(first, "first_page"), _v(first, "last_page")) if x),
        "summary": _v(first, "summary"),
        "file": _v(first, "file"),
        "text": _ref(site, first["text"].value, _v(first, "file")) if first.get("text") else None,
        "format": _v(first, "format"),
    }
    title = _v(first, "label") or curie(iri)
    cites = _cites_table(site, sources.select("cites", "What it cites", pq.cites(opinion=iri)))
    text = None
    if facts["file"]:
        citations = sources.select("citations", "Every citing instance in its text", pq.opinion_citations(iri))
        evidence = sources.select("evidence", "The words that decided each treatment", pq.treatment_evidence(iri))
        statements = sources.select("quotes", "The quotes of its findings and holdings", pq.statement_evidence(iri))
        text = opinion_text(site.data, facts["file"], _v(first, "sha256") or None, iri,
                            _spans(site, iri, citations, evidence, statements))
    findings = _findings_table(site, sources.select("findings", "Its factor findings", pq.findings(opinion=iri)))
    holdings = _holdings_table(site, sources.select("holdings", "Its holdings", pq.holdings(opinion=iri)))
    return _render(
        site, "opinion.html", title,
        iri=iri, facts=facts, cites=cites, text=text, findings=findings, holdings=holdings,
        queries=sources.shown, formats=_formats(site, iri), treatments=net.TREATMENTS,
    )


# --- Judges, courts, factors -------------------------------------------------------


def judge_page(site, iri: str, sources: _Sources) -> Page:
    description = sources.describe("facts", "The judge's description", iri)
    labels = _Labels(description.triples)
    written, joined = [], []
    for row in sources.select("opinions", "Opinions written or joined", pq.judge_opinions(iri)):
        entry = {
            "opinion": _ref(site, row["opinion"].value, opinion_short(_v(row, "label"))),
            "type": _v(row, "type"),
            "case": _ref(site, row["case"].value, _v(row, "case_name")),
            "cite": _v(row, "cite"), "year": _v(row, "year"), "held": bool(row.get("text")),
        }
        (written if _v(row, "role") == "wrote" else joined).append(entry)
    sat = [{
        "role": _v(row, "role"),
        "case": _ref(site, row["case"].value, _v(row, "case_name")),
        "cite": _v(row, "cite"), "year": _v(row, "year"), "court": _v(row, "court_name"),
    } for row in sources.select("cases", "Cases sat on", pq.judge_cases(iri))]
    return _render(site, "judge.html", labels.title(iri), iri=iri, written=written, joined=joined, sat=sat,
                   queries=sources.shown, formats=_formats(site, iri))


def court_page(site, iri: str, sources: _Sources) -> Page:
    rows = sources.select("facts", "The court", pq.court_facts(iri))
    facts = rows[0] if rows else {}
    decided, below = [], []
    for row in sources.select("cases", "Cases decided there, or reviewed from there", pq.court_cases(iri)):
        entry = {
            "case": _ref(site, row["case"].value, _v(row, "name")),
            "cite": _v(row, "cite"), "year": _v(row, "year"),
            "cited": _int(row, "cited") or 0, "opinions": _int(row, "opinions") or 0,
        }
        (decided if _v(row, "role") == "decided" else below).append(entry)
    rows = sources.select("cites", "What the opinions of its cases cite", pq.court_cites(iri))
    cites = [{
        "case": _ref(site, group["row"]["cited"].value, _v(group["row"], "name")),
        "cite": _v(group["row"], "cite"), "year": _v(group["row"], "year"),
        "treatments": _treatment_cells(group["treatments"]), "instances": group["instances"],
    } for group in _grouped_citations(rows, ("cited",))]
    cites.sort(key=lambda e: (-e["instances"], e["case"]["text"]))
    name = _v(facts, "name") or curie(iri)
    return _render(site, "court.html", name, iri=iri, name=name, courts_db=_v(facts, "id"),
                   abbreviation=_v(facts, "abbreviation"), decided=decided, below=below, cites=cites,
                   queries=sources.shown, formats=_formats(site, iri))


def factor_page(site, iri: str, sources: _Sources) -> Page:
    statements = sources.select("facts", "The factor as the scheme defines it", pq.factor_statements(iri))
    values: dict[str, list[dict]] = defaultdict(list)
    for row in statements:
        value = row["value"]
        values[row["property"].value].append({
            "iri": value.value if isinstance(value, ox.NamedNode) else None,
            "text": _v(row, "value_label") or value.value,
            "href": page_url(site, value.value) if isinstance(value, ox.NamedNode) else None,
        })

    def texts(p: str) -> list[str]:
        return sorted(v["text"] for v in values.get(p, ()) if v["iri"] is None)

    def factors(p: str) -> list[dict]:
        return sorted((v for v in values.get(p, ()) if v["iri"] and v["iri"].startswith(SDD)), key=lambda v: v["text"])

    label = (texts(SKOS + "prefLabel") or [curie(iri)])[0]
    cases = [{
        "case": _ref(site, row["case"].value, _v(row, "name")), "cite": _v(row, "cite"),
        "year": _v(row, "year"), "court": _v(row, "court"),
    } for row in sources.select("cases", "The cases that articulate it", pq.factor_cases(iri))]
    findings = _findings_table(site, sources.select("findings", "Every finding on it", pq.findings(factor=iri)))
    decided = [{
        "href": site.local(row["holding"].value),
        "case": _ref(site, row["case"].value, _v(row, "case_name")), "cite": _v(row, "cite"),
        "outcome": _v(row, "outcome"), "origin": _v(row, "origin"),
        "stated_in": _ref(site, row["stated_in"].value, opinion_short(_v(row, "stated_label"))),
    } for row in sources.select("holdings", "Holdings it decided", pq.factor_holdings(iri))]
    circuit = [{"href": site.local(v["iri"]), "text": v["text"]} for v in values.get(SDD + "circuit", ()) if v["iri"]]
    return _render(
        site, "factor.html", label,
        iri=iri, label=label, notation=(texts(SKOS + "notation") or [""])[0],
        definition=(texts(SKOS + "definition") or [""])[0], scope=texts(SKOS + "scopeNote"),
        sources_cited=texts(DCTERMS + "source"), other_names=texts(SKOS + "altLabel"), cues=texts(SKOS + "hiddenLabel"),
        broader=factors(SKOS + "broader"), narrower=factors(SKOS + "narrower"), close=factors(SKOS + "closeMatch"),
        circuit=circuit, cases=cases, findings=findings, decided=decided,
        anchor=site.local(str(ONTOLOGY_IRI)) + "#" + iri[len(SDD):],
        queries=sources.shown, formats=_formats(site, iri),
    )


# --- The ontology -----------------------------------------------------------------


def ontology_page(site) -> Page:
    sources = _Sources(site)
    iri = str(ONTOLOGY_IRI)
    description = sources.describe("ontology", "The ontology's named graph", iri)
    doc = ontology_doc.document(description.triples, site.local)
    factor_pages = {t.iri: page_url(site, t.iri) for t in (doc.factors.members if doc.factors else [])}
    return _render(site, "ontology.html", doc.title, iri=iri, doc=doc, factor_pages=factor_pages,
                   queries=sources.shown, formats=_formats(site, iri), triples=len(description.triples))


# --- Any other resource --------------------------------------------------------------


def _value(site, labels: _Labels, term, bnodes: dict, depth: int = 0) -> dict:
    """A template-ready value: a link, a literal, or a blank node's contents."""
    if isinstance(term, ox.NamedNode):
        return {"kind": "iri", **_link(site, labels, term.value)}
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else curie(term.datatype.value)
        if note == "xsd:string":
            note = ""
        return {"kind": "literal", "text": term.value, "note": note}
    if depth > 6:
        return {"kind": "literal", "text": "[...]", "note": ""}
    items = _list_items(term, bnodes)
    if items is not None:
        return {"kind": "list", "members": [_value(site, labels, i, bnodes, depth + 1) for i in items]}
    rows = [
        {"predicate": _property(site, p.value), "value": _value(site, labels, o, bnodes, depth + 1)}
        for p, o in sorted(bnodes.get(term, ()), key=str)
    ]
    return {"kind": "bnode", "rows": rows}


def _list_items(node, bnodes: dict) -> list | None:
    """The members of the RDF list starting at ``node``, or None if it is not one."""
    items = []
    while not (isinstance(node, ox.NamedNode) and node.value == _RDF_NIL):
        props = {p.value: o for p, o in bnodes.get(node, ())}
        if set(props) != {_RDF_FIRST, _RDF_REST} or len(items) > 1000:
            return None
        items.append(props[_RDF_FIRST])
        node = props[_RDF_REST]
    return items


def _rows(site, labels, pairs, bnodes) -> list[dict]:
    """Statement rows, rdf:type first, then by property and value."""
    ordered = sorted(pairs, key=lambda po: (po[0].value != RDF_TYPE, curie(po[0].value), str(po[1])))
    return [{"predicate": _property(site, p.value), "value": _value(site, labels, o, bnodes)} for p, o in ordered]


def resource_page(site, iri: str) -> Page | None:
    """The generic page: statements, owned parts, links here, the query."""
    sources = _Sources(site)
    description = sources.describe("description", "The resource's description", iri)
    if description is None:
        return None
    labels = _Labels(description.triples)
    by_subject: dict = defaultdict(list)
    for t in description.triples:
        by_subject[t.subject].append((t.predicate, t.object))
    bnodes = {s: po for s, po in by_subject.items() if isinstance(s, ox.BlankNode)}
    node = ox.NamedNode(iri)

    # The parts the resource itself points to first (a case's parties, the
    # dataset a description is about), then the rest in IRI order.
    pointed = {o.value for _, o in by_subject.get(node, ()) if isinstance(o, ox.NamedNode)}
    parts = sorted(description.owned, key=lambda part: (part not in pointed, part))
    shown = parts[:OWNED_SHOWN]
    sections = [
        {
            "id": part[len(iri) + 1:],
            "link": _link(site, labels, part),
            "title": labels.title(part),
            "rows": _rows(site, labels, by_subject[ox.NamedNode(part)], bnodes),
        }
        for part in shown
    ]
    part_set = set(parts)
    inbound = sorted(
        (t for t in description.triples
         if t.object == node and t.subject != node and isinstance(t.subject, ox.NamedNode)
         and t.subject.value not in part_set),
        key=lambda t: (curie(t.predicate.value), labels.short(t.subject.value) or t.subject.value),
    )
    links_here = [
        {"subject": _link(site, labels, t.subject.value), "predicate": _property(site, t.predicate.value)}
        for t in inbound
    ]
    quote, in_text = _place_in_text(site, iri, description)
    title = labels.title(iri)
    if quote and title == curie(iri):
        kinds = [labels.short(t) or curie(t) for t in sorted(labels.types.get(iri, ()))]
        shown = quote if len(quote) <= 90 else quote[:89] + "\u2026"
        title = f"{kinds[0] if kinds else 'Span'}: \u201c{shown}\u201d"
    return _render(
        site,
        "resource.html",
        title,
        quote=quote,
        in_text=in_text,
        iri=iri,
        types=[_link(site, labels, t) for t in sorted(labels.types.get(iri, ()))],
        rows=_rows(site, labels, by_subject.get(node, []), bnodes),
        sections=sections,
        parts_total=len(parts),
        links_here=links_here,
        inbound_total=description.inbound,
        inbound_truncated=description.inbound_truncated,
        formats=_formats(site, iri),
        queries=sources.shown,
        query_url=sources.shown["description"]["url"],
        triples=len(description.triples),
    )


_SPAN_PARTS = ("/citation/", "/record-citation/", "/finding/", "/holding/")
_EXACT = "http://www.w3.org/ns/oa#exact"


def _place_in_text(site, iri: str, description) -> tuple[str | None, str | None]:
    """For a resource anchored in an opinion's text (a citation, a finding,
    a holding, their targets and selectors): the quote of its first span,
    and the place of that span on the opinion's page."""
    cut = min((iri.find(part) for part in _SPAN_PARTS if part in iri), default=-1)
    if cut < 0:
        return None, None
    opinion = iri[:cut]
    quotes = sorted((t.subject.value, t.object.value) for t in description.triples
                    if t.predicate.value == _EXACT and t.subject.value.startswith(iri))
    if not quotes:
        return None, None
    selector, quote = min(quotes, key=lambda sq: (len(sq[0]), sq[0]))
    target = selector.rsplit("/", 1)[0]  # .../target/quote -> .../target
    if target.endswith("/target"):
        target = target[: -len("/target")]  # a citation's key is the citation's own
    key = target[len(opinion) + 1:].replace("/", "-")
    return quote, page_url(site, opinion, "html") + "#" + key


# --- The home page and the query form --------------------------------------

EXAMPLE_QUERY = """PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# The precedents each opinion relies on, with how often.
SELECT ?opinion ?cited (COUNT(*) AS ?instances) WHERE {
  ?citation <http://purl.org/spar/cito/hasCitingEntity> ?o ;
            sdd:citedCase ?c ;
            sdd:treatment sdd:RelyingOn .
  ?o rdfs:label ?opinion .
  ?c dcterms:title ?cited .
}
GROUP BY ?opinion ?cited
ORDER BY ?opinion DESC(?instances)
LIMIT 20
"""


def index(site) -> Page:
    """The home page: the network, every case, opinion and factor, and where
    the data is; made once per site, as the store does not change while it
    is served."""
    return site.memo("index", lambda: _index(site))


def _index(site) -> Page:
    sources = _Sources(site)
    cases = [{
        **_ref(site, row["case"].value, _v(row, "name")),
        "cite": _v(row, "cite"), "year": _v(row, "year"), "court": _v(row, "court"),
        "opinions": _int(row, "opinions") or 0, "texts": _int(row, "texts") or 0,
        "cites": _int(row, "cites") or 0, "cited": _int(row, "cited") or 0,
    } for row in sources.select("cases", "Every case", pq.index_cases())]
    opinions = [{
        **_ref(site, row["opinion"].value, opinion_short(_v(row, "label"))),
        "case": _ref(site, row["case"].value, _v(row, "case_name")),
        "type": _v(row, "type"), "author": _v(row, "author"), "held": bool(row.get("text")),
    } for row in sources.select("opinions", "Every opinion", pq.index_opinions())]
    factor_rows = sources.select("factors", "The factors of the doctrine", pq.index_factors())
    factors = _factor_tree(site, factor_rows)
    network, network_queries = _network(site)
    sources.shown.update(network_queries)
    picture = Markup(net.to_svg(network, title="The citation network of the dataset", id_prefix="net"))
    counts = site.dataset_description.counts
    downloads = [
        {"href": site.base.local + "download/" + path.name, "name": path.name}
        for path in sorted(site.dist.glob("sdd-kg.*"))
        if path.suffix in (".ttl", ".nt", ".trig", ".jsonld")
    ]
    return _render(
        site,
        "index.html",
        "The state-created danger knowledge graph",
        cases=cases, opinions=opinions, factors=factors, picture=picture,
        triples=counts.triples, graphs=len(counts.graphs), downloads=downloads,
        network_svg=site.base.local + "network.svg",
        context=site.base.local + "context.jsonld",
        queries=sources.shown,
    )


def _factor_tree(site, rows) -> list[dict]:
    """Factors in scheme order: each top concept, then what is narrower, indented."""
    by_iri = {row["factor"].value: row for row in rows}
    children: dict[str | None, list[str]] = defaultdict(list)
    for iri, row in by_iri.items():
        parent = _v(row, "broader") or None
        children[parent if parent in by_iri else None].append(iri)
    out: list[dict] = []

    def walk(parent: str | None, depth: int) -> None:
        for iri in sorted(children.get(parent, ()), key=lambda i: _v(by_iri[i], "label")):
            row = by_iri[iri]
            out.append({
                "href": page_url(site, iri), "text": _v(row, "label"), "notation": _v(row, "notation"), "depth": depth,
                "curated": _int(row, "curated_findings") or 0, "machine": _int(row, "machine_findings") or 0,
                "holdings": _int(row, "holdings") or 0,
            })
            if depth < 8:
                walk(iri, depth + 1)

    walk(None, 0)
    return out


def sparql_form(site) -> Page:
    """A query box for people (``GET /sparql`` from a browser)."""
    return _render(
        site,
        "sparql.html",
        "SPARQL endpoint",
        example=EXAMPLE_QUERY,
        limits=site.limits,
    )
