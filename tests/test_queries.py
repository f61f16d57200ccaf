"""`sdd-kg query` over the store: parameters, query forms, errors, formats,
and the cookbook's named queries, each checked against the data by an
independent route (another query, the source texts, the build's records)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from sdd_kg import iris
from sdd_kg.cli import main
from sdd_kg.errors import InputError
from sdd_kg.namespaces import ontology_graph
from sdd_kg.queries import (
    Answer,
    Cell,
    NamedQuery,
    bindings_for,
    format_result,
    load_query,
    named_queries,
    parse_term,
    run,
)
from sdd_kg.store import open_store, query

from .conftest import DATA

XSD = "http://www.w3.org/2001/XMLSchema#"
GRUBBS_I = "https://w3id.org/sdd-kg/case/974-F.2d-119"
HUFFMAN = "https://w3id.org/sdd-kg/case/147-F.3d-1054"
BYBEE = str(iris.opinion("439 F.3d 1055", "dissent", "Jay S. Bybee"))
BROWNING = str(iris.opinion("439 F.3d 1055", "majority", "James R. Browning"))
MURGUIA = str(iris.opinion("836 F.3d 1117", "concurrence-in-part-dissent-in-part", "Mary H. Murguia"))
HONESTLY_EMPTY = {"criticised"}  # the extractor records no criticism today; see docs/queries.md


def _invoke(out, *args):
    return CliRunner().invoke(main, ["query", *args, "--dist", str(out), "--data", str(DATA)])


def _rows(out, *args):
    result = _invoke(out, *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _raw_texts(result):
    """Source text per opinion label and per file name."""
    by_label, by_file = {}, {}
    for conv in result.conversions:
        opinion = iris.opinion(conv.record.case.citations[0], conv.record.opinion.type, conv.record.opinion.author)
        by_label[str(result.graph.value(opinion, RDFS.label))] = conv.source.text
        by_file[conv.source.path.name] = conv.source
    return by_label, by_file


# -- parameters ------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("<https://w3id.org/sdd-kg/case/974-F.2d-119>", ox.NamedNode(GRUBBS_I)),
    ("1081", ox.Literal("1081", datatype=ox.NamedNode(XSD + "integer"))),
    ("-3", ox.Literal("-3", datatype=ox.NamedNode(XSD + "integer"))),
    ('"1081"', ox.Literal("1081")),
    ("L.W. v. Grubbs", ox.Literal("L.W. v. Grubbs")),
    ("", ox.Literal("")),
])
def test_bind_values(value, expected):
    assert parse_term(value) == expected


@pytest.mark.parametrize("binding, problem", [
    ("case", "expected VAR=VALUE"),
    ("=<https://x.org/>", "expected VAR=VALUE"),
    ("1case=2", "expected VAR=VALUE"),
    ("case=<not an iri>", "bad IRI"),
    ("nothing=1", "no such variable"),
])
def test_bad_bindings_are_one_line_errors(built, binding, problem):
    _, out = built
    result = _invoke(out, "precedent-outcomes", "--bind", binding)
    assert result.exit_code == 2
    assert problem in result.stderr and result.stderr.count("\n") == 1


def test_a_default_in_the_header_and_bind_pointing_elsewhere(built):
    _, out = built
    default = _rows(out, "precedent-outcomes")
    assert default and {r["case"] for r in default} == {GRUBBS_I}
    huffman = _rows(out, "precedent-outcomes", "--bind", f"case=<{HUFFMAN}>")
    assert huffman and {r["case"] for r in huffman} == {HUFFMAN}
    assert load_query("precedent-outcomes").bindings == (("case", f"<{GRUBBS_I}>"),)


def test_bind_in_own_query_file_with_an_integer(built, tmp_path):
    """Digits bind an xsd:integer, so they match the data's page numbers."""
    _, out = built
    rq = tmp_path / "page.rq"
    rq.write_text("PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>\n"
                  "SELECT ?cit ?page WHERE { ?cit sdd:citingPage ?page }", "utf-8")
    on_page = _rows(out, str(rq), "--bind", "?page=1081")
    expected = [r for r in _rows(out, "citations") if r["page"] == "1081"]
    assert on_page and len(on_page) == len(expected) and {r["page"] for r in on_page} == {"1081"}
    assert _rows(out, str(rq), "--bind", 'page="1081"') == []  # a string is not the integer 1081


@pytest.mark.parametrize("text, expected", [
    ("ASK { <https://w3id.org/sdd-kg/case/974-F.2d-119> a <https://w3id.org/sdd-kg/ontology#Case> }", "true\n"),
    ("ASK { <https://w3id.org/sdd-kg/case/974-F.2d-119> a <https://w3id.org/sdd-kg/ontology#Opinion> }", "false\n"),
])
def test_ask(built, tmp_path, text, expected):
    _, out = built
    rq = tmp_path / "ask.rq"
    rq.write_text(text, "utf-8")
    for fmt in ("table", "json"):
        result = _invoke(out, str(rq), "--format", fmt)
        assert (result.exit_code, result.stdout) == (0, expected)


def test_construct_and_describe_print_turtle(built, tmp_path):
    result, out = built
    rq = tmp_path / "graph.rq"
    rq.write_text("PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                  "CONSTRUCT { ?case dcterms:title ?t } WHERE { ?case dcterms:title ?t }", "utf-8")
    answer = _invoke(out, str(rq))
    assert answer.exit_code == 0, answer.output
    titles = Graph().parse(data=answer.stdout, format="turtle")
    title = URIRef("http://purl.org/dc/terms/title")
    expected = set(result.graph.triples((None, title, None))) | set(ontology_graph().triples((None, title, None)))
    assert set(titles) == expected  # with the ontology's @en title: language tags survive
    rq.write_text(f"DESCRIBE <{GRUBBS_I}>", "utf-8")
    described = Graph().parse(data=_invoke(out, str(rq)).stdout, format="turtle")
    assert (URIRef(GRUBBS_I), URIRef("http://purl.org/dc/terms/title"), Literal("L.W. v. Grubbs")) in described


@pytest.mark.parametrize("text, args, problem", [
    ("SELECT ?s WHERE { ?s ?p ", (), "SPARQL syntax error"),
    ("SELECT ?s WHERE { ?s ?p ?o }", ("--bind", "y=1"), "cannot bind ?y: the query has no such variable"),
    ("SELECT ?p WHERE { ?s ?p ?o }", ("--bind", f"s=<{GRUBBS_I}>"), "SPARQL error"),  # a SELECT must project it
    ("# bind: case=<no-scheme>\nSELECT ?case WHERE { ?case ?p ?o }", (), "bad IRI"),
])
def test_query_errors_name_the_file_on_one_line(built, tmp_path, text, args, problem):
    _, out = built
    rq = tmp_path / "bad.rq"
    rq.write_text(text, "utf-8")
    result = _invoke(out, str(rq), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {rq}: ") and problem in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


# -- formats ---------------------------------------------------------------

ANSWER = Answer(
    columns=("iri", "n", "x", "flag", "odd", "none"),
    rows=((Cell("https://x.org/a", "https://x.org/a"), Cell("12", 12), Cell("2.5", 2.5), Cell("true", True),
           Cell("abc", "abc"), None),),
)


@pytest.mark.parametrize("fmt, expected", [
    ("csv", "iri,n,x,flag,odd,none\nhttps://x.org/a,12,2.5,true,abc,\n"),
    ("json", '[\n  {\n    "iri": "https://x.org/a",\n    "n": 12,\n    "x": 2.5,\n    "flag": true,\n'
             '    "odd": "abc",\n    "none": null\n  }\n]\n'),
    ("table", "iri              n   x    flag  odd  none\n"
              "---------------  --  ---  ----  ---  ----\n"
              "https://x.org/a  12  2.5  true  abc\n(1 rows)\n"),
])
def test_formats(fmt, expected):
    assert format_result(ANSWER, fmt) == expected


@pytest.mark.parametrize("term, native", [
    (ox.Literal("7", datatype=ox.NamedNode(XSD + "nonNegativeInteger")), 7),
    (ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal")), 0.5),
    (ox.Literal("INF", datatype=ox.NamedNode(XSD + "double")), "INF"),
    (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), True),
    (ox.Literal("x", datatype=ox.NamedNode(XSD + "integer")), "x"),
    (ox.Literal("1992", datatype=ox.NamedNode(XSD + "gYear")), "1992"),
])
def test_json_natives(term, native):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://x.org/s"), ox.NamedNode("https://x.org/p"), term))
    query = NamedQuery("t", "", "", "SELECT ?o WHERE { ?s ?p ?o }", "t.rq")
    (row,) = run(query, store).rows
    assert row[0].native == native and row[0].text == term.value


# -- the cookbook ----------------------------------------------------------

def test_every_named_query_has_its_header_and_answers(built):
    _, out = built
    store = open_store(out)
    queries = named_queries()
    assert len(queries) >= 17
    for q in queries.values():
        assert q.question and q.description and q.origin == f"sdd_kg/queries/{q.name}.rq", q.name
        answer = run(q, store, bindings_for(q))
        assert bool(answer.rows) != (q.name in HONESTLY_EMPTY), q.name


def test_most_cited_and_by_court_agree_with_cited_cases(built):
    _, out = built
    per_opinion = Counter()
    for r in _rows(out, "cited-cases"):
        per_opinion[r["cited_citation"]] += int(r["instances"])
    most = _rows(out, "most-cited")
    assert {r["citation"]: int(r["instances"]) for r in most} == dict(per_opinion)
    assert [int(r["instances"]) for r in most] == sorted((int(r["instances"]) for r in most), reverse=True)
    spread = _rows(out, "citations-by-court-and-decade")
    assert sum(int(r["instances"]) for r in spread) == sum(per_opinion.values())
    assert sum(int(r["cases"]) for r in spread) == len(most)  # a case has one court and one year


def test_reliance_and_distinction_agree_with_treatment(built):
    _, out = built
    label = _opinion_labels(out)
    expected = Counter()
    for r in _rows(out, "treatment"):
        if r["treatment"] in ("relies-on", "distinguishes") and r["cited"] not in label:  # cases, not siblings
            expected[(label[r["citing_opinion"]], r["cited_citation"], r["treatment"])] += int(r["instances"])
    found = Counter()
    for r in _rows(out, "reliance-and-distinction"):
        for treatment, column in (("relies-on", "relies_on"), ("distinguishes", "distinguishes")):
            if int(r[column]):
                found[(r["opinion"], r["citation"], treatment)] += int(r[column])
    assert found == expected
    kneipp = next(r for r in _rows(out, "reliance-and-distinction") if r["citation"] == "95 F.3d 1199")
    assert (kneipp["distinguishes"], kneipp["distinguishing_words"]) == ("1", "inapplicable")


def _opinion_labels(out) -> dict[str, str]:
    """Opinion IRI -> its rdfs:label, the name the cookbook queries print."""
    rows = query(open_store(out), "SELECT ?o ?l WHERE { ?o a <https://w3id.org/sdd-kg/ontology#Opinion> ; "
                                  "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    return {row["o"].value: row["l"].value for row in rows}


def test_answers_to_majority_counts_every_sibling_reference(built):
    _, out = built
    references = [r for r in _rows(out, "citations") if r["cited_case"] == BROWNING]
    rows = _rows(out, "answers-to-majority")
    assert sum(int(r["references"]) for r in rows) == len(references) > 0
    pinned = Counter(r["pin"].split()[0].split("-")[0] for r in references if r["pin"])  # "1062-1063", "1063 n. 3"
    assert {r["pinned_page"]: int(r["references"]) for r in rows if r["pinned_page"]} == dict(pinned)


def test_shared_precedents_are_the_cases_both_dissents_cite(built):
    _, out = built
    cited = {}
    for r in _rows(out, "cited-cases"):
        cited.setdefault(r["citing_opinion"], {})[r["cited_citation"]] = int(r["instances"])
    shared = _rows(out, "shared-precedents")
    assert shared
    assert {r["citation"] for r in shared} == set(cited[BYBEE]) & set(cited[MURGUIA])
    for r in shared:
        assert (int(r["first_cites"]), int(r["second_cites"])) == (cited[BYBEE][r["citation"]], cited[MURGUIA][r["citation"]])
        assert int(r["first_relies"]) <= int(r["first_cites"]) and int(r["second_relies"]) <= int(r["second_cites"])


def test_findings_by_factor_lists_every_curated_finding_with_its_words(built):
    result, out = built
    texts, _ = _raw_texts(result)
    rows = _rows(out, "findings-by-factor")
    assert len(rows) == sum(len(c.annotations.findings) for c in result.conversions if c.annotations)
    for r in rows:
        start = int(r["start"])
        assert texts[r["stated_in"]][start:start + len(r["quote"])] == r["quote"]


def test_precedent_outcome_quotes_are_at_their_offsets(built):
    result, out = built
    texts, _ = _raw_texts(result)
    for binding in (f"case=<{GRUBBS_I}>", f"case=<{HUFFMAN}>"):
        rows = _rows(out, "precedent-outcomes", "--bind", binding)
        assert rows, binding
        for r in rows:
            start = int(r["start"])
            assert texts[r["stated_in"]][start:start + len(r["quote"])] == r["quote"]


@pytest.mark.parametrize("statement", [
    f"{BYBEE}/citation/54286-54331",  # the default: Kneipp, "inapplicable"
    f"{BYBEE}/holding/curated/h-grubbs-i",
])
def test_provenance_spans_check_against_the_file(built, statement):
    result, out = built
    _, sources = _raw_texts(result)
    rows = _rows(out, "provenance", "--bind", f"statement=<{statement}>")
    assert rows and {r["statement"] for r in rows} == {statement}
    for r in rows:
        source = sources[r["source_file"]]
        assert source.text[int(r["start"]):int(r["end"])] == r["quote"]
        assert hashlib.sha256(source.path.read_bytes()).hexdigest() == r["sha256"]
    assert {r["role"] for r in _rows(out, "provenance")} == {"text", "treatment evidence"}


def test_short_form_only_finds_wood_in_pauluk_resolved_from_kennedy(built):
    _, out = built
    (wood,) = [r for r in _rows(out, "short-form-only") if r["citation"] == "879 F.2d 583"]
    assert wood["opinion"].endswith("Murguia, J., concurring in part and dissenting in part")
    assert wood["full_citation_in"].endswith("Bybee, J., dissenting") and wood["partial"] == "false"
    full = [r for r in _rows(out, "citations")
            if r["citing_opinion"] == MURGUIA and r["cited_citation"] == "879 F.2d 583" and r["kind"] == "full"]
    assert full == []


def test_criticised_lists_a_citation_once_its_treatment_says_so(built, tmp_path):
    """Nothing is criticised in today's graph; mark two citations as
    criticising in a copy of the store and the query finds them."""
    _, out = built
    shutil.copytree(out / "store", tmp_path / "store")
    store = ox.Store(str(tmp_path / "store"))
    for cit in (f"{BYBEE}/citation/54286-54331", f"{BYBEE}/citation/12550-12564"):  # Kneipp; "Maj. Op."
        store.update(
            "PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>\n"
            f"DELETE {{ <{cit}> sdd:treatment ?t }} INSERT {{ <{cit}> sdd:treatment sdd:Criticising }} "
            f"WHERE {{ <{cit}> sdd:treatment ?t }}"
        )
    rows = run(load_query("criticised"), store).rows
    found = {(r[1].text, r[3].text, "" if r[6] is None else r[6].text) for r in rows}
    assert found == {("95 F.3d 1199", "1", "inapplicable"), ("439 F.3d 1055", "1", "")}


def test_oxigraph_errors_while_reading_results_are_input_errors():
    store = ox.Store()
    service = NamedQuery("svc", "", "", "SELECT * WHERE { SERVICE <http://localhost:9/sparql> { ?s ?p ?o } }", "svc.rq")
    with pytest.raises(InputError, match=r"^svc.rq: SPARQL error"):
        run(service, store)


def test_json_output_of_a_cookbook_query(built):
    _, out = built
    rows = json.loads(_invoke(out, "most-cited", "--format", "json").stdout)
    assert isinstance(rows[0]["instances"], int) and isinstance(rows[0]["decided"], str)
