"""Map the records of one document to RDF.

Input: the validated metadata record, the decoded source, the layout (pages
and footnotes) and the citation extraction. Output: an ``rdflib.Dataset`` with
the case's *record graph* (curated facts) and one *opinion graph* for the
opinion whose text the document holds (what that text says). The split keeps
provenance visible: a triple in a record graph comes from a curated record, a
triple in an opinion graph from a span of the opinion's text.

No blank nodes are produced, so serializations are deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from . import __version__, courts, iris
from .annotations import Annotations, Evidence, Finding, Holding
from .citations import CitationRecord, CitedCase, Extraction, ReporterCite
from .footnotes import Layout
from .metadata import DocumentRecord
from .namespaces import CITO, OA, SDD, bind_prefixes
from .source import SourceText
from .treatment import Treatment

OPINION_TYPES = {
    "majority": SDD.Majority,
    "plurality": SDD.Plurality,
    "per-curiam": SDD.PerCuriam,
    "concurrence": SDD.Concurrence,
    "concurrence-in-judgment": SDD.ConcurrenceInJudgment,
    "dissent": SDD.Dissent,
    "concurrence-in-part-dissent-in-part": SDD.ConcurrenceInPartDissentInPart,
}

# How each opinion type reads in a label: "Bybee, J., dissenting".
OPINION_TYPE_PHRASES = {
    "majority": "opinion of the court",
    "plurality": "plurality opinion",
    "per-curiam": "per curiam",
    "concurrence": "concurring",
    "concurrence-in-judgment": "concurring in the judgment",
    "dissent": "dissenting",
    "concurrence-in-part-dissent-in-part": "concurring in part and dissenting in part",
}

CITATION_FORMS = {
    "full": SDD.FullCitation,
    "short": SDD.ShortCitation,
    "id": SDD.IdCitation,
    "supra": SDD.SupraCitation,
    "sibling": SDD.ReferenceCitation,
}

TREATMENTS = {
    "relies-on": SDD.RelyingOn,
    "distinguishes": SDD.Distinguishing,
    "criticises": SDD.Criticising,
    "discusses": SDD.Discussing,
}

# Treatment -> the property stated between the citing opinion and what it
# cites; the ontology states the same table (sdd:citoCharacterization) and a
# test keeps the two in step. CiTO has no "distinguishes", hence sdd's.
CITO_FOR_TREATMENT = {
    "relies-on": CITO.citesAsAuthority,
    "distinguishes": SDD.distinguishes,
    "criticises": CITO.critiques,
    "discusses": CITO.discusses,
}

SIGNALS = {
    "none": SDD.NoSignal,
    "see": SDD.See,
    "see-e.g.": SDD.SeeEg,
    "see-also": SDD.SeeAlso,
    "cf.": SDD.Cf,
    "compare": SDD.Compare,
    "but-see": SDD.ButSee,
    "but-cf.": SDD.ButCf,
    "contra": SDD.Contra,
    "accord": SDD.Accord,
    "see-generally": SDD.SeeGenerally,
}

# Signal -> CiTO characterization; the same table is stated in the ontology
# (sdd:citoCharacterization) and a test keeps the two in step.
CITO_FOR_SIGNAL = {
    "none": CITO.citesAsAuthority,
    "see": CITO.citesAsEvidence,
    "see-e.g.": CITO.citesAsEvidence,
    "see-also": CITO.citesAsRelated,
    "cf.": CITO.citesAsRelated,
    "compare": CITO.citesAsRelated,
    "but-see": CITO.disagreesWith,
    "but-cf.": CITO.disagreesWith,
    "contra": CITO.disputes,
    "accord": CITO.agreesWith,
    "see-generally": CITO.citesForInformation,
}

FINDING_POSITIONS = {
    "met": SDD.Met,
    "not-met": SDD.NotMet,
    "assumed-arguendo": SDD.AssumedArguendo,
    "not-reached": SDD.NotReached,
    "disputed": SDD.Disputed,
}

OUTCOMES = {
    "violation-found": SDD.ViolationFound,
    "violation-not-found": SDD.ViolationNotFound,
    "claim-stated": SDD.ClaimStated,
    "claim-not-stated": SDD.ClaimNotStated,
    "immunity-granted": SDD.ImmunityGranted,
    "immunity-denied": SDD.ImmunityDenied,
}

HOLDING_KINDS = {"own-conclusion": SDD.OwnConclusion, "precedent-outcome": SDD.PrecedentOutcome}

QUOTE_CONTEXT = 32  # characters of prefix/suffix kept in a TextQuoteSelector


def short_judge_name(full_name: str) -> str:
    """``Jay S. Bybee`` -> ``Bybee`` (for labels only, never for keys)."""
    return full_name.split()[-1]


def new_dataset() -> Dataset:
    ds = Dataset()
    bind_prefixes(ds)
    return ds


def merge_datasets(datasets: Sequence[Dataset]) -> Dataset:
    """One dataset of all graphs; graphs with the same IRI (a case record
    shared by two opinions of one case) merge."""
    merged = new_dataset()
    for ds in datasets:
        for graph in ds.graphs():
            if len(graph):
                target = merged.graph(graph.identifier)
                for triple in graph:
                    target.add(triple)
    return merged


def add_reporter_citation(g: Graph, citation: str) -> URIRef:
    volume, reporter, page = iris.parse_citation(citation)
    node = iris.reporter_citation(citation)
    g.add((node, RDF.type, SDD.ReporterCitation))
    g.add((node, RDFS.label, Literal(citation)))
    g.add((node, SDD.citationText, Literal(citation)))
    g.add((node, SDD.volume, Literal(volume)))
    g.add((node, SDD.reporter, Literal(reporter)))
    g.add((node, SDD.page, Literal(page)))
    return node


def add_court(g: Graph, court_id: str) -> URIRef:
    node = iris.court(court_id)
    g.add((node, RDF.type, SDD.Court))
    g.add((node, RDFS.label, Literal(courts.name(court_id))))
    g.add((node, SDD.courtsDbId, Literal(court_id)))
    abbreviation = courts.citation_string(court_id)
    if abbreviation:
        g.add((node, SDD.citationAbbreviation, Literal(abbreviation)))
    return node


def add_judge(g: Graph, name: str) -> URIRef:
    node = iris.judge(name)
    g.add((node, RDF.type, SDD.Judge))
    g.add((node, RDFS.label, Literal(name)))
    return node


def add_record_file(g: Graph, record: DocumentRecord) -> URIRef:
    """The curated metadata file, with the citable record its facts come from."""
    name = record.path.name if record.path else f"{Path(record.text).stem}.meta.yaml"
    node = iris.source_text(name)
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDFS.label, Literal(name)))
    g.add((node, DCTERMS.format, Literal("application/yaml")))
    g.add((node, DCTERMS.source, Literal(record.record_source)))
    return node


def add_source_text(
    g: Graph,
    source: SourceText,
    origin: str | None = None,
    origin_sha256: str | None = None,
    pages_marked: bool | None = None,
) -> URIRef:
    """The text file an opinion graph was read from. For HTML and XML, the
    comment says what the offsets of its selectors count."""
    node = iris.source_text(source.path.name)
    if origin:
        g.add((node, DCTERMS.source, Literal(f"{origin} (SHA-256 {origin_sha256})" if origin_sha256 else origin)))
    g.add((node, RDF.type, SDD.SourceText))
    g.add((node, RDFS.label, Literal(source.path.name)))
    g.add((node, DCTERMS.identifier, Literal(source.path.name)))
    g.add((node, DCTERMS.format, Literal(source.media_type)))
    g.add((node, SDD.sha256, Literal(source.sha256)))
    g.add((node, SDD.byteSize, Literal(source.size)))
    if pages_marked is not None:
        g.add((node, SDD.pagesMarked, Literal(pages_marked)))
    if source.markup is not None:
        g.add((node, RDFS.comment, Literal(
            "Text positions count characters of the file's text content: its text nodes in document order, "
            "character references decoded, markup and the HTML head left out (document.body.textContent)."
        )))
    return node


def opinion_label(case_name: str, citation: str, opinion_type: str, author: str | None) -> str:
    who = f"{short_judge_name(author)}, J., " if author else ""
    return f"{case_name}, {citation}: {who}{OPINION_TYPE_PHRASES[opinion_type]}"


def add_provenance(g: Graph, graph_iri: URIRef, derived_from: list[URIRef]) -> None:
    """Describe a named graph: what it was derived from, by which software."""
    activity = iris.conversion_activity(__version__)
    agent = iris.software(__version__)
    g.add((graph_iri, RDF.type, PROV.Entity))
    for source in derived_from:
        g.add((graph_iri, PROV.wasDerivedFrom, source))
    g.add((graph_iri, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"conversion by sdd-kg {__version__}")))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"sdd-kg {__version__}")))


def record_graph(ds: Dataset, record: DocumentRecord, source: SourceText, pages_marked: bool = True) -> URIRef:
    """Add the case's curated facts to their record graph; return the case IRI.
    ``pages_marked``: whether the text marks its page breaks (see
    :attr:`sdd_kg.pagination.PagedText.pages_marked`)."""
    case = record.case
    key = case.citations[0]
    graph_iri = iris.record_graph(key)
    g = ds.graph(graph_iri)
    node = iris.case(key)
    year = case.decided.year
    court_abbr = courts.citation_string(case.court) or case.court
    g.add((node, RDF.type, SDD.Case))
    g.add((node, RDFS.label, Literal(f"{case.name}, {key} ({court_abbr} {year})")))
    g.add((node, DCTERMS.title, Literal(case.name)))
    if case.caption:
        g.add((node, SDD.caption, Literal(case.caption)))
    for party in case.parties:
        pnode = iris.party(key, party.name)
        g.add((node, SDD.hasParty, pnode))
        g.add((pnode, RDF.type, SDD.Party))
        g.add((pnode, RDFS.label, Literal(party.name)))
        g.add((pnode, SDD.partyRole, Literal(party.role)))
    for citation in case.citations:
        g.add((node, SDD.reporterCitation, add_reporter_citation(g, citation)))
    g.add((node, SDD.primaryCitation, iris.reporter_citation(key)))
    g.add((node, SDD.court, add_court(g, case.court)))
    g.add((node, SDD.docketNumber, Literal(case.docket_number)))
    if case.lower_court:
        lower = case.lower_court
        g.add((node, SDD.lowerCourt, add_court(g, lower.court)))
        if lower.docket_number:
            g.add((node, SDD.lowerCourtDocketNumber, Literal(lower.docket_number)))
        if lower.judge:
            g.add((node, SDD.lowerCourtJudge, add_judge(g, lower.judge)))
    if case.argued:
        g.add((node, SDD.dateArgued, Literal(case.argued.isoformat(), datatype=XSD.date)))
    g.add((node, SDD.dateDecided, Literal(case.decided.isoformat(), datatype=XSD.date)))
    g.add((node, SDD.decisionYear, Literal(str(year), datatype=XSD.gYear)))
    for name in case.panel:
        g.add((node, SDD.panelJudge, add_judge(g, name)))
    if case.disposition:
        g.add((node, SDD.disposition, Literal(case.disposition)))
    g.add((node, SDD.firstPage, Literal(case.first_page)))
    if case.last_page is not None:
        g.add((node, SDD.lastPage, Literal(case.last_page)))

    text_node = add_source_text(g, source, record.origin, record.origin_sha256, pages_marked)
    for op in case.opinions:
        onode = iris.opinion(key, op.type, op.author)
        g.add((node, SDD.hasOpinion, onode))
        g.add((onode, SDD.opinionOf, node))
        g.add((onode, RDF.type, SDD.Opinion))
        g.add((onode, RDFS.label, Literal(opinion_label(case.name, key, op.type, op.author))))
        g.add((onode, SDD.opinionType, OPINION_TYPES[op.type]))
        if op.author:
            g.add((onode, SDD.author, add_judge(g, op.author)))
        for name in op.joined_by:
            g.add((onode, SDD.joinedBy, add_judge(g, name)))
        if op.first_page is not None:
            g.add((onode, SDD.firstPage, Literal(op.first_page)))
        if op.last_page is not None:
            g.add((onode, SDD.lastPage, Literal(op.last_page)))
        if op.summary:
            g.add((onode, DCTERMS.description, Literal(op.summary)))
        if op.id == record.opinion_id:
            g.add((onode, SDD.sourceText, text_node))
    add_provenance(g, graph_iri, [text_node, add_record_file(g, record)])
    return node


def case_iri(cited: CitedCase) -> URIRef:
    """A cited case's IRI: by its key citation, or the blank-page IRI of a
    partial case."""
    if cited.partial:
        return iris.partial_case(cited.key.volume, cited.key.reporter)
    return iris.case(cited.key.text)


def cited_case_node(g: Graph, cited: CitedCase) -> URIRef:
    """What the citing text says about a cited case: name, court, year, cites.

    A case resolved against another document's full citation gets its type
    only: this text states nothing else about it. A partial case (no document
    cites it in full) gets the blank-page IRI, its label and the name the
    prose gives, if any.
    """
    node = case_iri(cited)
    if cited.partial:
        g.add((node, RDF.type, SDD.Case))
        g.add((node, SDD.partial, Literal(True)))
        g.add((node, RDFS.label, Literal(cited.name or cited.id)))
        if cited.name:
            g.add((node, DCTERMS.title, Literal(cited.name)))
        return node
    g.add((node, RDF.type, SDD.Case))
    if cited.elsewhere:
        return node
    g.add((node, RDFS.label, Literal(cited.name or cited.key.text)))
    if cited.name:
        g.add((node, DCTERMS.title, Literal(cited.name)))
    for short_name in cited.short_names:
        g.add((node, SKOS.altLabel, Literal(short_name)))
    for cite in cited.cites:
        g.add((node, SDD.reporterCitation, add_reporter_citation(g, cite.text)))
    g.add((node, SDD.primaryCitation, iris.reporter_citation(cited.key.text)))
    if cited.court and courts.exists(cited.court):
        g.add((node, SDD.court, add_court(g, cited.court)))
    if cited.year:
        g.add((node, SDD.decisionYear, Literal(str(cited.year), datatype=XSD.gYear)))
    for year in cited.other_years:
        g.add((node, SDD.otherPrintedYear, Literal(str(year), datatype=XSD.gYear)))
    g.add((node, SDD.firstPage, Literal(cited.key.page)))
    return node


def separate_opinion_node(g: Graph, cited: CitedCase, opinion_type: str, judge: str) -> URIRef:
    """A separate opinion of a cited case, named by a "(Blackmun, J.,
    dissenting)" parenthetical; its judge is known by surname only."""
    case_node = iris.case(cited.key.text)
    node = iris.opinion(cited.key.text, opinion_type, judge)
    g.add((node, RDF.type, SDD.Opinion))
    g.add((node, RDFS.label, Literal(opinion_label(cited.name or cited.key.text, cited.key.text, opinion_type, judge))))
    g.add((node, SDD.opinionOf, case_node))
    g.add((node, SDD.opinionType, OPINION_TYPES[opinion_type]))
    g.add((node, SDD.author, add_judge(g, judge)))
    return node


def sibling_opinion(record: DocumentRecord, opinion_type: str) -> URIRef:
    """The case's other opinion of that type (the extractor resolved only
    types exactly one sibling has)."""
    (op,) = [o for o in record.case.opinions if o.type == opinion_type and o.id != record.opinion_id]
    return opinion_of_record(record, op.id)


def add_specific_resource(
    g: Graph, node: URIRef, position: URIRef, quote: URIRef, source_node: URIRef, raw: str, start: int, end: int
) -> None:
    """``node`` as a Web Annotation specific resource: ``raw[start:end]``
    of the source, by position and by quote."""
    g.add((node, RDF.type, OA.SpecificResource))
    g.add((node, OA.hasSource, source_node))
    g.add((node, OA.hasSelector, position))
    g.add((node, OA.hasSelector, quote))
    g.add((position, RDF.type, OA.TextPositionSelector))
    # The Web Annotation model types offsets as non-negative integers.
    g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(raw[start:end])))
    g.add((quote, OA.prefix, Literal(raw[max(0, start - QUOTE_CONTEXT):start])))
    g.add((quote, OA.suffix, Literal(raw[end:end + QUOTE_CONTEXT])))


def add_text_target(g: Graph, resource: URIRef, source_node: URIRef, raw: str, start: int, end: int) -> URIRef:
    """Anchor ``resource`` to ``raw[start:end]`` with Web Annotation selectors."""
    target = iris.target(resource)
    g.add((resource, SDD.textTarget, target))
    add_specific_resource(
        g, target, iris.position_selector(resource), iris.quote_selector(resource), source_node, raw, start, end
    )
    return target


def _docket_numbers(docket: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", docket)]


def _same_docket(printed: str, recorded: str | None) -> bool:
    """ "07-CV-1681" names "2:07-cv-01681-PMP-VCF": the printed numbers
    (year, case number) end the recorded ones, ignoring the office prefix."""
    if not recorded:
        return False
    p, r = _docket_numbers(printed), _docket_numbers(recorded)
    return bool(p) and any(r[i : i + len(p)] == p for i in range(len(r) - len(p) + 1))


def opinion_graph(
    ds: Dataset,
    record: DocumentRecord,
    source: SourceText,
    layout: Layout,
    extraction: Extraction,
    treatments: Sequence[Treatment],
) -> URIRef:
    """Add what the opinion's text says to the opinion's named graph.

    A citation nested in another's "(quoting ...)" parenthetical is made by
    the outer cited decision: its citing entity is that decision, and the
    opinion states only that the decision cites it. Each treatment of a
    directly cited decision is also stated between the opinion and the
    decision, as the CiTO property of the treatment.
    """
    case = record.case
    key = case.citations[0]
    onode = opinion_of_record(record, record.opinion_id)
    graph_iri = iris.graph_of(onode)
    g = ds.graph(graph_iri)
    text_node = iris.source_text(source.path.name)
    raw = source.text

    case_nodes = {k: cited_case_node(g, c) for k, c in extraction.cases.items()}
    instance_iris = [iris.citation_instance(onode, c.raw_start, c.raw_end) for c in extraction.citations]
    cited_entities: list[URIRef] = []
    for cit in extraction.citations:
        if cit.case_key is None:
            cited_entities.append(sibling_opinion(record, cit.sibling or ""))
        elif cit.opinion is not None:
            cited_entities.append(separate_opinion_node(g, extraction.cases[cit.case_key], *cit.opinion))
        else:
            cited_entities.append(case_nodes[cit.case_key])
    for cit, cnode, cited, treatment in zip(
        extraction.citations, instance_iris, cited_entities, treatments, strict=True
    ):
        signal = cit.signal
        citing = onode if cit.nested_in is None else cited_entities[cit.nested_in]
        g.add((citing, CITO.cites, cited))
        g.add((cnode, RDF.type, SDD.Citation))
        g.add((cnode, CITO.hasCitingEntity, citing))
        g.add((cnode, CITO.hasCitedEntity, cited))
        if cit.case_key is not None:
            g.add((cnode, SDD.citedCase, case_nodes[cit.case_key]))
        g.add((cnode, CITO.hasCitationCharacterization, CITO_FOR_SIGNAL[signal]))
        g.add((cnode, SDD.citationForm, CITATION_FORMS[cit.form]))
        g.add((cnode, SDD.signal, SIGNALS[signal]))
        for cite in cit.cited_as:
            g.add((cnode, SDD.citedAs, iris.reporter_citation(cite.text)))
        page = layout.page_at(cit.raw_start)
        if page is not None:  # unknown in a text that does not mark its pages
            g.add((cnode, SDD.citingPage, Literal(page)))
        footnote = layout.footnote_at(cit.raw_start)
        if footnote is not None:
            g.add((cnode, SDD.inFootnote, Literal(footnote.number)))
        if cit.pin_start is not None:
            g.add((cnode, SDD.pinStart, Literal(cit.pin_start)))
            g.add((cnode, SDD.pinEnd, Literal(cit.pin_end if cit.pin_end is not None else cit.pin_start)))
            pinned = _pinned_reporter(cit, extraction)
            if pinned is not None:
                g.add((cnode, SDD.pinnedTo, add_reporter_citation(g, pinned.text)))
        if cit.pin_footnote is not None:
            g.add((cnode, SDD.pinFootnote, Literal(cit.pin_footnote)))
        if cit.parenthetical:
            g.add((cnode, SDD.parenthetical, Literal(cit.parenthetical)))
        if cit.antecedent is not None:
            g.add((cnode, SDD.antecedent, instance_iris[cit.antecedent]))
        elif cit.case_key is not None and extraction.cases[cit.case_key].introduced_by:
            g.add((cnode, SDD.antecedent, URIRef(extraction.cases[cit.case_key].introduced_by)))
        if cit.nested_in is not None:
            g.add((cnode, SDD.nestedIn, instance_iris[cit.nested_in]))
            g.add((cnode, SDD.nesting, Literal(cit.nesting)))
        g.add((cnode, SDD.treatment, TREATMENTS[treatment.kind]))
        if treatment.cue_start is not None and treatment.cue_end is not None:
            evidence, position, quote = iris.treatment_evidence(cnode)
            g.add((cnode, SDD.treatmentEvidence, evidence))
            add_specific_resource(
                g, evidence, position, quote, text_node, raw, treatment.cue_start, treatment.cue_end
            )
        if cit.nested_in is None:
            g.add((onode, CITO_FOR_TREATMENT[treatment.kind], cited))
        add_text_target(g, cnode, text_node, raw, cit.raw_start, cit.raw_end)
    for rc in extraction.record_cites:
        rnode = iris.record_citation(onode, rc.raw_start, rc.raw_end)
        g.add((rnode, RDF.type, SDD.RecordCitation))
        g.add((rnode, RDFS.label, Literal(" ".join(raw[rc.raw_start:rc.raw_end].split()))))
        g.add((rnode, CITO.hasCitingEntity, onode))
        g.add((rnode, SDD.filingDocketNumber, Literal(rc.docket_number)))
        if rc.ecf_number is not None:
            g.add((rnode, SDD.ecfNumber, Literal(rc.ecf_number)))
        lower = case.lower_court.docket_number if case.lower_court else None
        if _same_docket(rc.docket_number, lower) or _same_docket(rc.docket_number, case.docket_number):
            g.add((rnode, SDD.filedIn, iris.case(key)))
        add_text_target(g, rnode, text_node, raw, rc.raw_start, rc.raw_end)
    add_provenance(g, graph_iri, [text_node])
    return graph_iri


def _pinned_reporter(cit: CitationRecord, extraction: Extraction) -> ReporterCite | None:
    """The reporter a pin counts in.

    A short cite's pin counts in the first reporter it prints (``503 U.S. at
    117, 112 S.Ct. 1061``). An Id. cite's counts in its antecedent's, even when
    a parallel follows it (``id. at 195, 109 S.Ct. 998``: 195 is a U.S. page).
    """
    if cit.form == "id" and cit.antecedent is not None:
        return _pinned_reporter(extraction.citations[cit.antecedent], extraction)
    if cit.cited_as:
        return cit.cited_as[0]
    if cit.case_key is None or extraction.cases[cit.case_key].partial:
        return None  # a sibling's pages, or a case whose first page is unknown
    return extraction.cases[cit.case_key].key


def opinion_of_record(record: DocumentRecord, opinion_id: str) -> URIRef:
    key = record.case.citations[0]
    op = record.case.opinion(opinion_id)
    return iris.opinion(key, op.type, op.author)


def doctrine_statements(
    g: Graph,
    record: DocumentRecord,
    source: SourceText,
    findings: Sequence[Finding],
    holdings: Sequence[Holding],
    factors: Mapping[str, URIRef],
    cases: Mapping[str, URIRef],
    origin: str,
    generated_by: URIRef,
    attributed_to: URIRef,
) -> None:
    """Factor findings and holdings of one opinion's text into ``g``.

    ``origin`` ("curated" or "machine") goes into the IRIs, and each
    statement says which activity made it and to whom it is attributed
    (the annotator, or the software), so curated and machine statements
    stay apart even in the union graph. ``factors`` maps notations to
    concepts of sdd:Factors, ``cases`` case keys to case IRIs.
    """
    onode = opinion_of_record(record, record.opinion_id)
    text_node = iris.source_text(source.path.name)
    who = short_judge_name(record.opinion.author) if record.opinion.author else "per curiam"

    def common(node: URIRef, evidence: Sequence[Evidence], whose: str) -> None:
        g.add((node, SDD.statedIn, onode))
        g.add((node, SDD.positionOf, opinion_of_record(record, whose)))
        g.add((node, PROV.wasGeneratedBy, generated_by))
        g.add((node, PROV.wasAttributedTo, attributed_to))
        for n, ev in enumerate(evidence, 1):
            target, position, quote = iris.evidence(node, n)
            g.add((node, SDD.textTarget, target))
            add_specific_resource(g, target, position, quote, text_node, source.text, ev.start, ev.end)

    def whose_label(whose: str) -> str:
        return "" if whose == record.opinion_id else f" ({record.case.opinion(whose).type}'s position)"

    for f in findings:
        node = iris.finding(onode, origin, f.id)
        g.add((node, RDF.type, SDD.FactorFinding))
        g.add((node, RDFS.label, Literal(f"{who}: {f.factor} {f.position}{whose_label(f.position_of)}")))
        g.add((node, SDD.factor, factors[f.factor]))
        g.add((node, SDD.position, FINDING_POSITIONS[f.position]))
        common(node, f.evidence, f.position_of)
    for h in holdings:
        node = iris.holding(onode, origin, h.id)
        g.add((node, RDF.type, SDD.Holding))
        g.add((node, RDFS.label, Literal(f"{h.case}: {h.outcome} ({h.kind}, per {who}){whose_label(h.position_of)}")))
        g.add((node, SDD.holdingKind, HOLDING_KINDS[h.kind]))
        g.add((node, SDD.holdingOf, cases[h.case]))
        g.add((node, SDD.outcome, OUTCOMES[h.outcome]))
        if h.factor:
            g.add((node, SDD.decidingFactor, factors[h.factor]))
        common(node, h.evidence, h.position_of)


def curated_graph(
    ds: Dataset,
    record: DocumentRecord,
    source: SourceText,
    annotations: Annotations,
    factors: Mapping[str, URIRef],
    cases: Mapping[str, URIRef],
) -> URIRef:
    """The curated annotations of one opinion, in their own named graph,
    attributed to the annotator and derived from the annotation file."""
    onode = opinion_of_record(record, record.opinion_id)
    graph_iri = iris.curated_graph(onode)
    g = ds.graph(graph_iri)
    file_node = iris.source_text(annotations.path.name)
    activity = iris.curation_activity(annotations.path.name)
    person = iris.annotator(annotations.annotator)
    g.add((file_node, RDF.type, PROV.Entity))
    g.add((file_node, RDFS.label, Literal(annotations.path.name)))
    g.add((file_node, DCTERMS.format, Literal("application/yaml")))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"curation of {source.path.name}, reviewed {annotations.reviewed}")))
    g.add((activity, PROV.wasAssociatedWith, person))
    g.add((person, RDF.type, PROV.Person))
    g.add((person, RDFS.label, Literal(annotations.annotator)))
    g.add((graph_iri, RDF.type, PROV.Entity))
    g.add((graph_iri, PROV.wasDerivedFrom, file_node))
    g.add((graph_iri, PROV.wasDerivedFrom, iris.source_text(source.path.name)))
    g.add((graph_iri, PROV.wasGeneratedBy, activity))
    doctrine_statements(
        g, record, source, annotations.findings, annotations.holdings, factors, cases, "curated", activity, person
    )
    return graph_iri
