"""End to end on the two real documents: golden files and the facts they hold."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from sdd_kg import iris
from sdd_kg.namespaces import CITO, OA, SDD
from sdd_kg.serialize import serialize, union

from .conftest import DOCUMENTS, ROOT
from .graphdiff import assert_isomorphic

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_matches_golden_turtle(path, conversions, update_golden):
    actual = union(conversions[path.stem].dataset)
    golden = GOLDEN / f"{path.stem}.ttl"
    if update_golden:
        golden.write_text(serialize(conversions[path.stem].dataset, "ttl"), "utf-8")
    assert golden.exists(), f"no golden file {golden}; run pytest --update-golden"
    assert_isomorphic(Graph().parse(golden, format="turtle"), actual)


KENNEDY = iris.case("439 F.3d 1055")
PAULUK = iris.case("836 F.3d 1117")


@pytest.mark.parametrize(
    "doc, case, facts",
    [
        (
            "kennedy-v-ridgefield-2006-dissent-bybee",
            KENNEDY,
            [
                (DCTERMS.title, Literal("Kennedy v. City of Ridgefield")),
                (SDD.court, iris.court("ca9")),
                (SDD.docketNumber, Literal("03-35333")),
                (SDD.lowerCourt, iris.court("wawd")),
                (SDD.lowerCourtDocketNumber, Literal("CV-01-05631-JKA")),
                (SDD.lowerCourtJudge, iris.judge("J. Kelley Arnold")),
                (SDD.dateArgued, Literal("2004-09-17", datatype=XSD.date)),
                (SDD.dateDecided, Literal("2006-03-07", datatype=XSD.date)),
                (SDD.panelJudge, iris.judge("James R. Browning")),
                (SDD.panelJudge, iris.judge("A. Wallace Tashima")),
                (SDD.panelJudge, iris.judge("Jay S. Bybee")),
                (SDD.primaryCitation, iris.reporter_citation("439 F.3d 1055")),
                (SDD.hasOpinion, iris.opinion("439 F.3d 1055", "majority", "James R. Browning")),
                (SDD.hasOpinion, iris.opinion("439 F.3d 1055", "dissent", "Jay S. Bybee")),
                (SDD.hasParty, iris.party("439 F.3d 1055", "Noel Shields")),
            ],
        ),
        (
            "pauluk-v-savage-2016-partial-dissent-murguia",
            PAULUK,
            [
                (DCTERMS.title, Literal("Pauluk v. Savage")),
                (SDD.docketNumber, Literal("14-15027")),
                (SDD.lowerCourt, iris.court("nvd")),
                (SDD.lowerCourtDocketNumber, Literal("2:07-cv-01681-PMP-VCF")),
                (SDD.dateArgued, Literal("2016-02-11", datatype=XSD.date)),
                (SDD.dateDecided, Literal("2016-09-08", datatype=XSD.date)),
                (SDD.disposition, Literal("Reversed and remanded")),
                (SDD.hasOpinion, iris.opinion("836 F.3d 1117", "majority", "William A. Fletcher")),
                (SDD.hasOpinion, iris.opinion("836 F.3d 1117", "concurrence-in-part-dissent-in-part", "Mary H. Murguia")),
                (SDD.hasOpinion, iris.opinion("836 F.3d 1117", "dissent", "John T. Noonan")),
            ],
        ),
    ],
)
def test_case_facts_from_the_record(doc, case, facts, conversions):
    g = union(conversions[doc].dataset)
    missing = [(p, o) for p, o in facts if (case, p, o) not in g]
    assert not missing


def test_only_the_document_opinion_has_text(conversions):
    g = union(conversions["pauluk-v-savage-2016-partial-dissent-murguia"].dataset)
    with_text = set(g.subjects(SDD.sourceText, None))
    assert with_text == {iris.opinion("836 F.3d 1117", "concurrence-in-part-dissent-in-part", "Mary H. Murguia")}
    assert len(set(g.subjects(SDD.opinionOf, PAULUK))) == 3


def test_pauluk_citation_of_kennedy_lands_on_the_kennedy_case(conversions):
    g = union(conversions["pauluk-v-savage-2016-partial-dissent-murguia"].dataset)
    murguia = iris.opinion("836 F.3d 1117", "concurrence-in-part-dissent-in-part", "Mary H. Murguia")
    assert (murguia, CITO.cites, KENNEDY) in g
    assert g.value(KENNEDY, SDD.court) == iris.court("ca9")
    assert str(g.value(KENNEDY, SDD.decisionYear)) == "2006"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_cited_case_has_name_court_year_and_citation(path, conversions):
    conv = conversions[path.stem]
    g = union(conv.dataset)
    opinion = iris.opinion(conv.record.case.citations[0], conv.record.opinion.type, conv.record.opinion.author)
    cases = {c for c in g.objects(opinion, CITO.cites) if (c, RDF.type, SDD.Case) in g}
    # alone, Pauluk's "879 F.2d at 588-90" is a partial case: only its name is known
    cited = {c for c in cases if (c, SDD.partial, Literal(True)) not in g}
    assert len(cited) >= 10
    incomplete = [
        str(c)
        for c in cited
        if not (g.value(c, DCTERMS.title) and g.value(c, SDD.court) and g.value(c, SDD.decisionYear) and g.value(c, SDD.primaryCitation))
    ]
    assert not incomplete


def test_every_case_in_the_dataset_is_named(built):
    """Pauluk names Penilla and Munger in prose a sentence before citing them."""
    result, _ = built
    g = union(result.dataset)
    nameless = [str(c) for c in g.subjects(RDF.type, SDD.Case) if g.value(c, DCTERMS.title) is None]
    assert not nameless


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_quote_selector_matches_the_raw_text_at_its_offsets(path, conversions):
    conv = conversions[path.stem]
    g = union(conv.dataset)
    raw = path.read_text("utf-8")
    targets = list(g.subjects(RDF.type, OA.SpecificResource))
    assert targets
    for target in targets:
        selectors = list(g.objects(target, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert raw[start:end] == str(g.value(quote, OA.exact))
        assert raw[:start].endswith(str(g.value(quote, OA.prefix)))
        assert raw[end:].startswith(str(g.value(quote, OA.suffix)))


def test_citing_page_comes_from_the_star_map(conversions):
    """DeShaney's full cite in the Pauluk opinion begins on page 1126 (before *1127)."""
    conv = conversions["pauluk-v-savage-2016-partial-dissent-murguia"]
    g = union(conv.dataset)
    deshaney = iris.case("489 U.S. 189")
    full = [
        c
        for c in g.subjects(CITO.hasCitedEntity, deshaney)
        if (c, SDD.citationForm, SDD.FullCitation) in g
    ]
    assert [int(g.value(c, SDD.citingPage)) for c in full] == [1126]


def test_conversion_is_a_pure_function(conversions):
    """Converting again gives the same bytes: no hidden state between runs."""
    from sdd_kg.convert import convert_files

    for path in DOCUMENTS:
        again = convert_files(path)
        assert serialize(again.dataset, "nq") == serialize(conversions[path.stem].dataset, "nq")


def test_labels_everywhere(conversions):
    for conv in conversions.values():
        g = union(conv.dataset)
        for cls in (SDD.Case, SDD.Court, SDD.Judge, SDD.Opinion, SDD.ReporterCitation, SDD.Party):
            for node in g.subjects(RDF.type, cls):
                assert g.value(node, RDFS.label), f"{node} has no label"
                assert isinstance(node, URIRef)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_each_document_alone_conforms(path, conversions):
    """Documents convert independently, so each one's graph must validate alone."""
    from sdd_kg.validation import validate_graph

    result = validate_graph(union(conversions[path.stem].dataset))
    assert result.conforms, result.text
    assert {f.shape for f in result.findings} <= {"shapes#ReporterVolumeYearOrderShape"}


@pytest.mark.parametrize(
    ("name", "short_names", "words"),
    [
        ("Penilla v. City of Huntington Park", (), ("Penilla", "Huntington")),
        ("DeShaney v. Winnebago County Dep't of Soc. Servs.", (), ("DeShaney", "Winnebago")),
        ("L.W. v. Grubbs", ("Grubbs II",), ("Grubbs", "Grubbs II")),
        ("County of Sacramento v. Lewis", (), ("Sacramento", "Lewis")),
        (None, (), ()),
    ],
)
def test_naming_words(name, short_names, words):
    from sdd_kg.citations import CitedCase, ReporterCite
    from sdd_kg.convert import naming_words

    cite = ReporterCite(1, "F.3d", 1, True)
    assert naming_words(CitedCase(cite, (cite,), name, None, None, short_names=short_names)) == words
