"""The SPARQL behind the pages: one function per question a page asks.

Each page shows the queries that produced it, word for word, with a link
that runs them at the endpoint; so these are written to be read: one
question each, the resource in a ``VALUES`` clause at the top, only the
prefixes the query uses. They run over the union of the named graphs (the
ontology's included, so controlled terms have their labels).

Counts are of citing instances (``COUNT(DISTINCT ?citation)``), so a case
with two titles (texts spell it differently) is not counted twice; names are
``MIN`` over the spellings, so the choice is the same on every run.
Citations an opinion only reports, inside a ``(quoting X)`` parenthetical,
are made by X (``cito:hasCitingEntity``), so they are not the opinion's own
and do not count as its citations; the opinion page still highlights them,
reached through ``sdd:nestedIn``.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .namespaces import PREFIXES

_ALL_PREFIXES = {**PREFIXES, "cito": "http://purl.org/spar/cito/", "oa": "http://www.w3.org/ns/oa#"}


def _query(body: str) -> str:
    """``body`` with the PREFIX lines of the prefixes it uses."""
    used = [p for p in _ALL_PREFIXES if re.search(rf"(?<![\w-]){p}:", body)]
    return "".join(f"PREFIX {p}: <{_ALL_PREFIXES[p]}>\n" for p in used) + "\n" + body.strip() + "\n"


def _iri(iri: str) -> str:
    """``<iri>``, checked to be an IRI (so it cannot break out of the query)."""
    return f"<{ox.NamedNode(iri).value}>"


def types(iri: str) -> str:
    return _query(f"""
# What kind of resource this is.
SELECT DISTINCT ?type WHERE {{ {_iri(iri)} a ?type }} ORDER BY ?type
""")


# --- Cases -------------------------------------------------------------------------


def case_opinions(case: str) -> str:
    return _query(f"""
# The opinions of the case: type, author, who joined, pages, whether the
# dataset holds the text, and how many citations each makes.
SELECT ?opinion ?label ?type ?author ?author_name ?joiner ?joiner_name
       ?first_page ?last_page ?summary ?text ?citations
WHERE {{
  VALUES ?case {{ {_iri(case)} }}
  ?opinion sdd:opinionOf ?case ;
           sdd:opinionType/skos:prefLabel ?type .
  OPTIONAL {{ ?opinion rdfs:label ?label }}
  OPTIONAL {{ ?opinion sdd:author ?author . ?author rdfs:label ?author_name }}
  OPTIONAL {{ ?opinion sdd:joinedBy ?joiner . ?joiner rdfs:label ?joiner_name }}
  OPTIONAL {{ ?opinion sdd:firstPage ?first_page }}
  OPTIONAL {{ ?opinion sdd:lastPage ?last_page }}
  OPTIONAL {{ ?opinion dcterms:description ?summary }}
  OPTIONAL {{ ?opinion sdd:sourceText ?text }}
  OPTIONAL {{
    SELECT ?opinion (COUNT(DISTINCT ?c) AS ?citations)
    WHERE {{ ?c a sdd:Citation ; cito:hasCitingEntity ?opinion }}
    GROUP BY ?opinion
  }}
}}
ORDER BY ?first_page ?label ?opinion ?joiner
""")


def cites(*, case: str | None = None, opinion: str | None = None) -> str:
    """What the opinions of ``case`` (or the one ``opinion``) cite."""
    which = (f"VALUES ?case {{ {_iri(case)} }}\n  ?opinion sdd:opinionOf ?case ." if case
             else f"VALUES ?opinion {{ {_iri(opinion)} }}")
    return _query(f"""
# What it cites: per citing opinion, cited case (or, for a reference to
# another opinion of the same case, that opinion), treatment and signal, the number of citing instances, with the cited
# decision's name, citation and year.
SELECT ?opinion (MIN(?opinion_label) AS ?opinion_name) ?cited ?sibling ?treatment ?signal
       (COUNT(DISTINCT ?citation) AS ?instances)
       (MIN(?title) AS ?name) (MIN(?citation_text) AS ?cite) (MIN(?y) AS ?year)
WHERE {{
  {which}
  ?citation a sdd:Citation ;
            cito:hasCitingEntity ?opinion ;
            cito:hasCitedEntity ?entity ;
            sdd:treatment/skos:notation ?treatment ;
            sdd:signal/skos:prefLabel ?signal .
  OPTIONAL {{ ?citation sdd:citedCase ?case_cited }}
  BIND (COALESCE(?case_cited, ?entity) AS ?cited)
  BIND (!BOUND(?case_cited) AS ?sibling)
  OPTIONAL {{ ?opinion rdfs:label ?opinion_label }}
  OPTIONAL {{ ?cited dcterms:title ?case_title }}
  OPTIONAL {{ ?cited rdfs:label ?label }}
  BIND (COALESCE(?case_title, ?label) AS ?title)
  OPTIONAL {{ ?cited (sdd:opinionOf?)/sdd:primaryCitation/sdd:citationText ?citation_text }}
  OPTIONAL {{ ?cited sdd:decisionYear ?y }}
}}
GROUP BY ?opinion ?cited ?sibling ?treatment ?signal
ORDER BY ?opinion ?cited ?treatment ?signal
""")


def cited_by(case: str) -> str:
    return _query(f"""
# What cites it: per citing opinion (of another case), treatment and signal,
# the number of citing instances; also citations of one of its opinions
# ("Blackmun, J., dissenting"), which ?entity names.
SELECT ?citing_case ?opinion ?entity ?treatment ?signal (COUNT(DISTINCT ?citation) AS ?instances)
       (MIN(?title) AS ?name) (MIN(?citation_text) AS ?cite) (MIN(?opinion_label) AS ?opinion_name)
WHERE {{
  VALUES ?case {{ {_iri(case)} }}
  ?citation a sdd:Citation ;
            sdd:citedCase ?case ;
            cito:hasCitedEntity ?entity ;
            cito:hasCitingEntity ?opinion ;
            sdd:treatment/skos:notation ?treatment ;
            sdd:signal/skos:prefLabel ?signal .
  ?opinion sdd:opinionOf ?citing_case .
  FILTER (?citing_case != ?case)
  OPTIONAL {{ ?citing_case dcterms:title ?title }}
  OPTIONAL {{ ?citing_case sdd:primaryCitation/sdd:citationText ?citation_text }}
  OPTIONAL {{ ?opinion rdfs:label ?opinion_label }}
}}
GROUP BY ?citing_case ?opinion ?entity ?treatment ?signal
ORDER BY ?citing_case ?opinion ?treatment ?signal
""")


def holdings(*, case: str | None = None, opinion: str | None = None) -> str:
    """Holdings about ``case``, or stated in ``opinion``."""
    which = (f"VALUES ?case {{ {_iri(case)} }}" if case else f"VALUES ?stated_in {{ {_iri(opinion)} }}")
    return _query(f"""
# Holdings: the case a holding is about, its kind and outcome, the factor
# that decided it, the opinion that states it and whose position it is,
# whether a person curated it or the extractor proposed it, and a quote.
SELECT ?holding ?case (MIN(?case_title) AS ?case_name) ?cite ?kind ?outcome ?factor ?factor_label
       ?stated_in ?stated_label ?position_of ?position_label ?origin (MIN(?exact) AS ?quote)
WHERE {{
  {which}
  ?holding a sdd:Holding ;
           sdd:holdingOf ?case ;
           sdd:holdingKind/skos:prefLabel ?kind ;
           sdd:outcome/skos:prefLabel ?outcome ;
           sdd:statedIn ?stated_in ;
           sdd:positionOf ?position_of ;
           prov:wasAttributedTo ?agent .
  OPTIONAL {{ ?holding sdd:decidingFactor ?factor . ?factor skos:prefLabel ?factor_label }}
  OPTIONAL {{ ?case dcterms:title ?case_title }}
  OPTIONAL {{ ?case sdd:primaryCitation/sdd:citationText ?cite }}
  OPTIONAL {{ ?stated_in rdfs:label ?stated_label }}
  OPTIONAL {{ ?position_of rdfs:label ?position_label }}
  OPTIONAL {{ ?holding sdd:textTarget/oa:hasSelector ?selector .
             ?selector a oa:TextQuoteSelector ; oa:exact ?exact }}
  BIND (IF(EXISTS {{ ?agent a prov:Person }}, "curated", "machine") AS ?origin)
}}
GROUP BY ?holding ?case ?cite ?kind ?outcome ?factor ?factor_label
         ?stated_in ?stated_label ?position_of ?position_label ?origin
ORDER BY ?origin ?stated_in ?cite ?holding
""")


def findings(*, opinion: str | None = None, factor: str | None = None) -> str:
    """Factor findings stated in ``opinion``, or on ``factor``."""
    which = (f"VALUES ?stated_in {{ {_iri(opinion)} }}" if opinion else f"VALUES ?factor {{ {_iri(factor)} }}")
    return _query(f"""
# Factor findings: the factor, the position taken on it and whose position it
# is, the opinion that states it, curated or machine-proposed, and a quote.
SELECT ?finding ?factor ?factor_label ?position ?position_of ?position_label
       ?stated_in ?stated_label ?origin (MIN(?exact) AS ?quote)
WHERE {{
  {which}
  ?finding a sdd:FactorFinding ;
           sdd:factor ?factor ;
           sdd:position/skos:prefLabel ?position ;
           sdd:positionOf ?position_of ;
           sdd:statedIn ?stated_in ;
           prov:wasAttributedTo ?agent .
  ?factor skos:prefLabel ?factor_label .
  OPTIONAL {{ ?position_of rdfs:label ?position_label }}
  OPTIONAL {{ ?stated_in rdfs:label ?stated_label }}
  OPTIONAL {{ ?finding sdd:textTarget/oa:hasSelector ?selector .
             ?selector a oa:TextQuoteSelector ; oa:exact ?exact }}
  BIND (IF(EXISTS {{ ?agent a prov:Person }}, "curated", "machine") AS ?origin)
}}
GROUP BY ?finding ?factor ?factor_label ?position ?position_of ?position_label ?stated_in ?stated_label ?origin
ORDER BY ?origin ?stated_in ?factor_label ?finding
""")


# --- Opinions ----------------------------------------------------------------------


def opinion_facts(opinion: str) -> str:
    return _query(f"""
# The opinion: its case, type, author and who joined, its pages, a summary,
# and the source text the offsets index (file name, SHA-256, format).
SELECT ?case ?case_name ?cite ?type ?author ?author_name ?joiner ?joiner_name
       ?first_page ?last_page ?summary ?text ?file ?sha256 ?format ?label
WHERE {{
  VALUES ?opinion {{ {_iri(opinion)} }}
  ?opinion sdd:opinionOf ?case ;
           sdd:opinionType/skos:prefLabel ?type .
  OPTIONAL {{ ?opinion rdfs:label ?label }}
  OPTIONAL {{ SELECT ?case (MIN(?title) AS ?case_name) WHERE {{ ?case dcterms:title ?title }} GROUP BY ?case }}
  OPTIONAL {{ ?case sdd:primaryCitation/sdd:citationText ?cite }}
  OPTIONAL {{ ?opinion sdd:author ?author . ?author rdfs:label ?author_name }}
  OPTIONAL {{ ?opinion sdd:joinedBy ?joiner . ?joiner rdfs:label ?joiner_name }}
  OPTIONAL {{ ?opinion sdd:firstPage ?first_page }}
  OPTIONAL {{ ?opinion sdd:lastPage ?last_page }}
  OPTIONAL {{ ?opinion dcterms:description ?summary }}
  OPTIONAL {{
    ?opinion sdd:sourceText ?text .
    ?text dcterms:identifier ?file ; sdd:sha256 ?sha256 .
    OPTIONAL {{ ?text dcterms:format ?format }}
  }}
}}
ORDER BY ?joiner
""")


def opinion_citations(opinion: str) -> str:
    return _query(f"""
# Every citing instance in the opinion's text, in text order: its offsets and
# exact quote, what it cites, form, signal, treatment, page, pin, footnote,
# parenthetical; citations it reports from a quoted decision (sdd:nestedIn)
# and citations of the record (docket filings) too.
SELECT ?citation ?kind ?start ?end ?exact ?entity ?cited (MIN(?title) AS ?name) ?form ?signal
       ?treatment ?page ?pin_start ?pin_end ?pin_note ?footnote ?parenthetical ?nesting
WHERE {{
  VALUES ?opinion {{ {_iri(opinion)} }}
  VALUES ?kind {{ sdd:Citation sdd:RecordCitation }}
  ?citation a ?kind ;
            sdd:nestedIn*/cito:hasCitingEntity ?opinion ;
            sdd:textTarget/oa:hasSelector ?position, ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL {{ ?citation cito:hasCitedEntity ?entity }}
  OPTIONAL {{ ?citation sdd:citedCase ?case }}
  BIND (COALESCE(?case, ?entity) AS ?cited)
  OPTIONAL {{ ?cited dcterms:title ?case_title }}
  OPTIONAL {{ ?citation rdfs:label ?own_label }}
  OPTIONAL {{ ?cited rdfs:label ?cited_label }}
  BIND (COALESCE(?case_title, ?cited_label, ?own_label) AS ?title)
  OPTIONAL {{ ?citation sdd:citationForm/skos:prefLabel ?form }}
  OPTIONAL {{ ?citation sdd:signal/skos:prefLabel ?signal }}
  OPTIONAL {{ ?citation sdd:treatment/skos:notation ?treatment }}
  OPTIONAL {{ ?citation sdd:citingPage ?page }}
  OPTIONAL {{ ?citation sdd:pinStart ?pin_start ; sdd:pinEnd ?pin_end }}
  OPTIONAL {{ ?citation sdd:pinFootnote ?pin_note }}
  OPTIONAL {{ ?citation sdd:inFootnote ?footnote }}
  OPTIONAL {{ ?citation sdd:parenthetical ?parenthetical }}
  OPTIONAL {{ ?citation sdd:nesting ?nesting }}
}}
GROUP BY ?citation ?kind ?start ?end ?exact ?entity ?cited ?form ?signal ?treatment ?page
         ?pin_start ?pin_end ?pin_note ?footnote ?parenthetical ?nesting
ORDER BY ?start ?end ?citation
""")


def treatment_evidence(opinion: str) -> str:
    return _query(f"""
# The words that decided each citation's treatment ("unlike", "but see"):
# their offsets and exact quote.
SELECT ?citation ?evidence ?treatment ?start ?end ?exact
WHERE {{
  VALUES ?opinion {{ {_iri(opinion)} }}
  ?citation sdd:nestedIn*/cito:hasCitingEntity ?opinion ;
            sdd:treatmentEvidence ?evidence ;
            sdd:treatment/skos:notation ?treatment .
  ?evidence oa:hasSelector ?position, ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
}}
ORDER BY ?start ?end ?citation
""")


def statement_evidence(opinion: str) -> str:
    return _query(f"""
# The quotes that support each factor finding and holding stated in the
# opinion: their offsets and exact words, curated or machine-proposed.
SELECT ?statement ?kind ?target ?start ?end ?exact ?label ?origin
WHERE {{
  VALUES ?opinion {{ {_iri(opinion)} }}
  VALUES ?kind {{ sdd:FactorFinding sdd:Holding }}
  ?statement a ?kind ;
             sdd:statedIn ?opinion ;
             sdd:textTarget ?target ;
             prov:wasAttributedTo ?agent .
  ?target oa:hasSelector ?position, ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL {{ ?statement rdfs:label ?label }}
  BIND (IF(EXISTS {{ ?agent a prov:Person }}, "curated", "machine") AS ?origin)
}}
ORDER BY ?start ?end ?statement ?target
""")


# --- Judges and courts -------------------------------------------------------------


def judge_opinions(judge: str) -> str:
    return _query(f"""
# The opinions the judge wrote or joined, with their cases.
SELECT ?role ?opinion ?label ?type ?case ?case_name ?cite ?year ?text
WHERE {{
  VALUES ?judge {{ {_iri(judge)} }}
  VALUES (?property ?role) {{ (sdd:author "wrote") (sdd:joinedBy "joined") }}
  ?opinion ?property ?judge ;
           sdd:opinionOf ?case ;
           sdd:opinionType/skos:prefLabel ?type .
  OPTIONAL {{ ?opinion rdfs:label ?label }}
  OPTIONAL {{ SELECT ?case (MIN(?title) AS ?case_name) WHERE {{ ?case dcterms:title ?title }} GROUP BY ?case }}
  OPTIONAL {{ ?case sdd:primaryCitation/sdd:citationText ?cite }}
  OPTIONAL {{ ?case sdd:decisionYear ?year }}
  OPTIONAL {{ ?opinion sdd:sourceText ?text }}
}}
ORDER BY DESC(?role) ?year ?cite ?opinion
""")


def judge_cases(judge: str) -> str:
    return _query(f"""
# The cases the judge sat on: on the panel, or as the judge of the court below.
SELECT ?role ?case ?case_name ?cite ?year ?court_name
WHERE {{
  VALUES ?judge {{ {_iri(judge)} }}
  VALUES (?property ?role) {{ (sdd:panelJudge "panel") (sdd:lowerCourtJudge "court below") }}
  ?case ?property ?judge .
  OPTIONAL {{ SELECT ?case (MIN(?title) AS ?case_name) WHERE {{ ?case dcterms:title ?title }} GROUP BY ?case }}
  OPTIONAL {{ ?case sdd:primaryCitation/sdd:citationText ?cite }}
  OPTIONAL {{ ?case sdd:decisionYear ?year }}
  OPTIONAL {{ ?case sdd:court/rdfs:label ?court_name }}
}}
ORDER BY DESC(?role) ?year ?cite
""")


def court_facts(court: str) -> str:
    return _query(f"""
# The court: its name, courts-db id and citation abbreviation.
SELECT ?name ?id ?abbreviation
WHERE {{
  VALUES ?court {{ {_iri(court)} }}
  OPTIONAL {{ ?court rdfs:label ?name }}
  OPTIONAL {{ ?court sdd:courtsDbId ?id }}
  OPTIONAL {{ ?court sdd:citationAbbreviation ?abbreviation }}
}}
""")


def court_cases(court: str) -> str:
    return _query(f"""
# Cases decided there (or reviewed from there: "court below"), with how often
# the dataset's opinions cite each and how many opinions of it the dataset knows.
SELECT ?role ?case (MIN(?title) AS ?name) (MIN(?citation_text) AS ?cite) (MIN(?y) AS ?year)
       (COUNT(DISTINCT ?citing) AS ?cited) (COUNT(DISTINCT ?opinion) AS ?opinions)
WHERE {{
  VALUES ?court {{ {_iri(court)} }}
  VALUES (?property ?role) {{ (sdd:court "decided") (sdd:lowerCourt "court below") }}
  ?case ?property ?court .
  OPTIONAL {{ ?case dcterms:title ?title }}
  OPTIONAL {{ ?case sdd:primaryCitation/sdd:citationText ?citation_text }}
  OPTIONAL {{ ?case sdd:decisionYear ?y }}
  OPTIONAL {{ ?citing a sdd:Citation ; sdd:citedCase ?case ; cito:hasCitingEntity/sdd:opinionOf ?other .
             FILTER (?other != ?case) }}
  OPTIONAL {{ ?opinion sdd:opinionOf ?case }}
}}
GROUP BY ?role ?case
ORDER BY ?role ?year ?cite ?case
""")


def court_cites(court: str) -> str:
    return _query(f"""
# What the opinions of its cases cite: per cited case and treatment, the
# number of citing instances.
SELECT ?cited (MIN(?title) AS ?name) (MIN(?citation_text) AS ?cite) (MIN(?y) AS ?year) ?treatment
       (COUNT(DISTINCT ?citation) AS ?instances)
WHERE {{
  VALUES ?court {{ {_iri(court)} }}
  ?case sdd:court ?court .
  ?opinion sdd:opinionOf ?case .
  ?citation a sdd:Citation ;
            cito:hasCitingEntity ?opinion ;
            sdd:citedCase ?cited ;
            sdd:treatment/skos:notation ?treatment .
  FILTER (?cited != ?case)
  OPTIONAL {{ ?cited dcterms:title ?title }}
  OPTIONAL {{ ?cited sdd:primaryCitation/sdd:citationText ?citation_text }}
  OPTIONAL {{ ?cited sdd:decisionYear ?y }}
}}
GROUP BY ?cited ?treatment
ORDER BY ?cited ?treatment
""")


# --- Factors ---------------------------------------------------------------------


def factor_statements(factor: str) -> str:
    return _query(f"""
# The factor as the scheme defines it: every statement about it, with the
# labels of the terms it points to.
SELECT ?property ?value (MIN(?name) AS ?value_label)
WHERE {{
  VALUES ?factor {{ {_iri(factor)} }}
  ?factor ?property ?value .
  OPTIONAL {{ ?value skos:prefLabel|dcterms:title|rdfs:label ?name }}
}}
GROUP BY ?property ?value
ORDER BY ?property ?value
""")


def factor_cases(factor: str) -> str:
    return _query(f"""
# The cases that articulate the factor, with their citations, years and courts.
SELECT ?case (MIN(?title) AS ?name) (MIN(?citation_text) AS ?cite) (MIN(?y) AS ?year) (MIN(?court_label) AS ?court)
WHERE {{
  VALUES ?factor {{ {_iri(factor)} }}
  ?factor sdd:articulatedIn ?case .
  OPTIONAL {{ ?case dcterms:title ?title }}
  OPTIONAL {{ ?case sdd:primaryCitation/sdd:citationText ?citation_text }}
  OPTIONAL {{ ?case sdd:decisionYear ?y }}
  OPTIONAL {{ ?case sdd:court/rdfs:label ?court_label }}
}}
GROUP BY ?case
ORDER BY ?year ?cite ?case
""")


def factor_holdings(factor: str) -> str:
    return _query(f"""
# Holdings the factor decided (sdd:decidingFactor).
SELECT ?holding ?case (MIN(?title) AS ?case_name) (MIN(?citation_text) AS ?cite) ?outcome ?stated_in
       (MIN(?stated) AS ?stated_label) ?origin
WHERE {{
  VALUES ?factor {{ {_iri(factor)} }}
  ?holding sdd:decidingFactor ?factor ;
           sdd:holdingOf ?case ;
           sdd:outcome/skos:prefLabel ?outcome ;
           sdd:statedIn ?stated_in ;
           prov:wasAttributedTo ?agent .
  OPTIONAL {{ ?case dcterms:title ?title }}
  OPTIONAL {{ ?case sdd:primaryCitation/sdd:citationText ?citation_text }}
  OPTIONAL {{ ?stated_in rdfs:label ?stated }}
  BIND (IF(EXISTS {{ ?agent a prov:Person }}, "curated", "machine") AS ?origin)
}}
GROUP BY ?holding ?case ?outcome ?stated_in ?origin
ORDER BY ?origin ?cite ?holding
""")


# --- The dataset: the home page and the network -----------------------------------


def index_cases() -> str:
    return _query("""
# Every case: name, citation, court, year, the opinions the dataset knows, and
# how many citing instances it makes and receives.
SELECT ?case (MIN(?title) AS ?name) (MIN(?citation_text) AS ?cite) (MIN(?y) AS ?year)
       (MIN(?court_label) AS ?court) (COUNT(DISTINCT ?opinion) AS ?opinions)
       (COUNT(DISTINCT ?text) AS ?texts) (COUNT(DISTINCT ?made) AS ?cites) (COUNT(DISTINCT ?received) AS ?cited)
WHERE {
  ?case a sdd:Case .
  OPTIONAL { ?case dcterms:title ?title }
  OPTIONAL { ?case sdd:primaryCitation/sdd:citationText ?citation_text }
  OPTIONAL { ?case sdd:decisionYear ?y }
  OPTIONAL { ?case sdd:court/rdfs:label ?court_label }
  OPTIONAL { ?opinion sdd:opinionOf ?case . OPTIONAL { ?opinion sdd:sourceText ?text } }
  OPTIONAL { ?made a sdd:Citation ; cito:hasCitingEntity/sdd:opinionOf ?case }
  OPTIONAL { ?received a sdd:Citation ; sdd:citedCase ?case ; cito:hasCitingEntity/sdd:opinionOf ?other .
             FILTER (?other != ?case) }
}
GROUP BY ?case
ORDER BY DESC(?texts) DESC(?cited) ?name ?case
""")


def index_opinions() -> str:
    return _query("""
# Every opinion, with its case, type and author, and whether the dataset holds its text.
SELECT ?opinion (MIN(?l) AS ?label) ?case (MIN(?title) AS ?case_name) (MIN(?t) AS ?type)
       (MIN(?name) AS ?author) (SAMPLE(?source) AS ?text)
WHERE {
  ?opinion a sdd:Opinion ; sdd:opinionOf ?case .
  OPTIONAL { ?opinion rdfs:label ?l }
  OPTIONAL { ?case dcterms:title ?title }
  OPTIONAL { ?opinion sdd:opinionType/skos:prefLabel ?t }
  OPTIONAL { ?opinion sdd:author/rdfs:label ?name }
  OPTIONAL { ?opinion sdd:sourceText ?source }
}
GROUP BY ?opinion ?case
ORDER BY DESC(BOUND(?text)) ?case_name ?opinion
""")


def index_factors() -> str:
    return _query("""
# The factor scheme: each factor with its broader factor and the findings and
# holdings on it, curated and machine-proposed.
SELECT ?factor (MIN(?l) AS ?label) (MIN(?n) AS ?notation) (MIN(?up) AS ?broader)
       (COUNT(DISTINCT ?curated) AS ?curated_findings) (COUNT(DISTINCT ?machine) AS ?machine_findings)
       (COUNT(DISTINCT ?holding) AS ?holdings)
WHERE {
  ?factor skos:inScheme sdd:Factors ; skos:prefLabel ?l .
  OPTIONAL { ?factor skos:notation ?n }
  OPTIONAL { ?factor skos:broader ?up }
  OPTIONAL { ?curated sdd:factor ?factor ; prov:wasAttributedTo/a prov:Person }
  OPTIONAL { ?machine sdd:factor ?factor ; prov:wasAttributedTo/a prov:SoftwareAgent }
  OPTIONAL { ?holding sdd:decidingFactor ?factor }
}
GROUP BY ?factor
ORDER BY ?notation
""")


def network_cases() -> str:
    return _query("""
# The nodes of the citation network: every case, with its short name (a
# name the texts define, like "Grubbs II"), citation, year and court.
SELECT ?case (MIN(?title) AS ?name) (MIN(?alt) AS ?short) (MIN(?citation_text) AS ?cite)
       (MIN(?y) AS ?year) (MIN(?id) AS ?court) (MIN(?abbreviation) AS ?court_short) (MIN(?court_label) AS ?court_name)
WHERE {
  ?case a sdd:Case .
  OPTIONAL { ?case dcterms:title ?title }
  OPTIONAL { ?case skos:altLabel ?alt }
  OPTIONAL { ?case sdd:primaryCitation/sdd:citationText ?citation_text }
  OPTIONAL { ?case sdd:decisionYear ?y }
  OPTIONAL { ?case sdd:court ?c . ?c sdd:courtsDbId ?id ; rdfs:label ?court_label .
             OPTIONAL { ?c sdd:citationAbbreviation ?abbreviation } }
}
GROUP BY ?case
ORDER BY ?case
""")


def network_citations() -> str:
    return _query("""
# The edges of the citation network: per citing case, cited case and
# treatment, the number of the citing opinions' own citing instances.
SELECT ?citing ?cited ?treatment (COUNT(DISTINCT ?citation) AS ?instances)
WHERE {
  ?citation a sdd:Citation ;
            cito:hasCitingEntity/sdd:opinionOf ?citing ;
            sdd:citedCase ?cited ;
            sdd:treatment/skos:notation ?treatment .
  FILTER (?citing != ?cited)
}
GROUP BY ?citing ?cited ?treatment
ORDER BY ?citing ?cited ?treatment
""")
