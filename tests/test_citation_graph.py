"""What the built graph says about citations: siblings, nesting, separate
opinions, treatments, record citations, cross-document resolution, and the
named queries `citations`, `treatment` and `cited-cases` over it."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from sdd_kg import iris
from sdd_kg.cli import main
from sdd_kg.namespaces import CITO, OA, SDD

KENNEDY_KEY, PAULUK_KEY = "439 F.3d 1055", "836 F.3d 1117"
BYBEE = iris.opinion(KENNEDY_KEY, "dissent", "Jay S. Bybee")
BROWNING = iris.opinion(KENNEDY_KEY, "majority", "James R. Browning")
MURGUIA = iris.opinion(PAULUK_KEY, "concurrence-in-part-dissent-in-part", "Mary H. Murguia")


def _citations_of(g, opinion, case_key=None):
    found = set(g.subjects(CITO.hasCitingEntity, opinion))
    if case_key:
        found &= set(g.subjects(SDD.citedCase, iris.case(case_key)))
    return found


def test_maj_op_references_cite_the_majority_with_pins(built):
    g = built[0].graph
    refs = [c for c in _citations_of(g, BYBEE) if (c, CITO.hasCitedEntity, BROWNING) in g]
    pinned = [c for c in refs if (c, SDD.citationForm, SDD.ReferenceCitation) in g and (c, SDD.pinStart, None) in g]
    ids = [c for c in refs if (c, SDD.citationForm, SDD.IdCitation) in g]
    assert (len(pinned), len(ids)) == (15, 11)  # "Maj. Op. at N", and the Id. cites after them
    assert all((c, SDD.citedCase, None) not in g for c in refs)
    assert (BYBEE, CITO.cites, BROWNING) in g
    # none of them is attached to DeShaney any more
    deshaney = _citations_of(g, BYBEE, "489 U.S. 189")
    assert all(int(g.value(c, SDD.pinStart) or 0) < 1000 for c in deshaney)


def test_wood_short_cite_in_pauluk_resolves_to_kennedys_full_cite(built):
    g = built[0].graph
    (cit,) = _citations_of(g, MURGUIA, "879 F.2d 583")
    antecedent = g.value(cit, SDD.antecedent)
    assert str(antecedent).startswith(str(BYBEE) + "/citation/")
    assert (antecedent, SDD.citationForm, SDD.FullCitation) in g
    assert (MURGUIA, CITO.cites, iris.case("879 F.2d 583")) in g


def test_nested_citation_is_made_by_the_quoting_case(built):
    g = built[0].graph
    nested = list(g.subjects(SDD.nesting, Literal("quoting")))
    assert nested
    for cit in nested:
        outer = g.value(cit, SDD.nestedIn)
        citing = g.value(cit, CITO.hasCitingEntity)
        assert citing == g.value(outer, CITO.hasCitedEntity)
        assert (citing, CITO.cites, g.value(cit, CITO.hasCitedEntity)) in g


def test_blackmun_dissent_is_a_cited_opinion_with_its_judge(built):
    g = built[0].graph
    dissent = iris.opinion("489 U.S. 189", "dissent", "Blackmun")
    assert (BYBEE, CITO.cites, dissent) in g
    assert (dissent, SDD.opinionOf, iris.case("489 U.S. 189")) in g
    assert (dissent, SDD.opinionType, SDD.Dissent) in g
    assert (g.value(dissent, SDD.author), RDF.type, SDD.Judge) in g


def test_every_citation_has_a_treatment_and_cue_evidence_matches_the_text(built):
    result, _ = built
    g = result.graph
    raws = {iris.source_text(c.source.path.name): c.source.text for c in result.conversions}
    citations = set(g.subjects(RDF.type, SDD.Citation))
    assert all((c, SDD.treatment, None) in g for c in citations)
    evidence = list(g.objects(None, SDD.treatmentEvidence))
    assert evidence
    for node in evidence:
        selectors = list(g.objects(node, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        raw = raws[g.value(node, OA.hasSource)]
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert raw[start:end] == str(g.value(quote, OA.exact))


def test_opinion_level_treatment_statements(built):
    g = built[0].graph
    # Kennedy footnote 9 calls Kneipp, Reed and White "inapplicable"
    distinguished = set(g.objects(BYBEE, SDD.distinguishes))
    assert iris.case("95 F.3d 1199") in distinguished
    assert (BYBEE, CITO.citesAsAuthority, iris.case("489 U.S. 189")) in g
    assert (BYBEE, CITO.discusses, BROWNING) in g


def test_record_citation_is_filed_in_pauluk(built):
    g = built[0].graph
    (node,) = g.subjects(RDF.type, SDD.RecordCitation)
    assert (node, SDD.filedIn, iris.case(PAULUK_KEY)) in g
    assert (node, SDD.ecfNumber, Literal(131)) in g
    assert (node, CITO.hasCitingEntity, MURGUIA) in g
    assert (node, RDF.type, SDD.Citation) not in g and (node, RDF.type, SDD.Case) not in g


def test_grubbs_ii_short_name(built):
    g = built[0].graph
    assert (iris.case("92 F.3d 894"), SKOS.altLabel, Literal("Grubbs II")) in g


def _query(out, name):
    result = CliRunner().invoke(main, ["query", name, "--format", "csv", "--dist", str(out)])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_citations_query_columns_and_spans(built):
    result, out = built
    rows = _query(out, "citations")
    assert list(rows[0]) == [
        "citing_opinion", "cited_case", "cited_citation", "kind", "start", "end", "page", "pin", "signal",
        "parenthetical", "treatment",
    ]
    assert len(rows) == result.summary()["citations"]
    raw = {str(iris.opinion(c.record.case.citations[0], c.record.opinion.type, c.record.opinion.author)): c.source.text
           for c in result.conversions}
    kinds = {r["kind"] for r in rows}
    assert kinds == {"full", "short", "id", "sibling"}
    for r in rows:
        span = raw[r["citing_opinion"]][int(r["start"]):int(r["end"])]
        if r["kind"] in ("full", "short"):
            assert r["cited_citation"].split()[0] in span, (r, span)
    footnote_pin = next(r for r in rows if r["pin"] == "1093 n. 10")
    assert footnote_pin["cited_citation"] == "124 F.3d 1079"
    maj = [r for r in rows if r["kind"] == "sibling" and r["pin"]]
    assert {r["cited_case"] for r in maj} == {str(BROWNING)}


def test_treatment_query(built):
    _, out = built
    rows = _query(out, "treatment")
    assert {r["treatment"] for r in rows} <= {"relies-on", "distinguishes", "criticises", "discusses"}
    kneipp = next(r for r in rows if r["cited_citation"] == "95 F.3d 1199" and r["treatment"] == "distinguishes")
    assert kneipp["evidence"] == "inapplicable"
    assert kneipp["cito_property"] == str(SDD.distinguishes)


def test_cited_cases_counts_case_citations_only(built):
    _, out = built
    rows = _query(out, "cited-cases")
    pauluk = {r["cited_citation"] for r in rows if r["citing_case"] == PAULUK_KEY}
    kennedy = {r["cited_citation"] for r in rows if r["citing_case"] == KENNEDY_KEY}
    # the hand counts are 35 and 16; Kennedy cites Wilson v. Layne only inside
    # "(citing Wilson ...)", a citation Saucier makes, not the dissent
    assert (len(kennedy), len(pauluk)) == (34, 16)
    assert "526 U.S. 603" not in kennedy
    assert "879 F.2d 583" in pauluk
    assert not any(r["cited_case"].startswith(str(URIRef(BROWNING))) for r in rows)
