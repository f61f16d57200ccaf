"""The SPARQL protocol's requests, and what the lexer refuses (no server here)."""

import pytest

from sdd_kg.protocol import ProtocolError, QueryRequest, expand_codepoints, inspect_query, read_request

GRAPH = "https://w3id.org/sdd-kg/graph/case/439-F.3d-1055/record"


@pytest.mark.parametrize(
    "query, form",
    [
        ("SELECT * { ?s ?p ?o }", "SELECT"),
        ("select * { ?s ?p ?o }", "SELECT"),
        ("PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>\nASK { ?c a sdd:Case }", "ASK"),
        ("BASE <http://x/> PREFIX : <y#> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("# a comment\nDESCRIBE <http://x>", "DESCRIBE"),
        ("garbage", None),  # not ours to judge: the parser's message says what is wrong
        # the keywords below are not keywords where they stand
        ('SELECT * { ?s ?p "SERVICE <http://x> {}" }', "SELECT"),
        ("SELECT * { ?s ?p 'INSERT DATA' }", "SELECT"),
        ('SELECT * { ?s ?p """a "quoted" LOAD <x>""" }', "SELECT"),
        ('SELECT * { ?s ?p "escaped \\" SERVICE" }', "SELECT"),
        ("SELECT * { ?s ?p <http://example.org/SERVICE> }", "SELECT"),
        ("SELECT * { ?s ?p ex:SERVICE }", "SELECT"),
        ("SELECT * { ?s ?p SERVICE:x }", "SELECT"),
        ("SELECT ?service { ?s ?p ?service }", "SELECT"),
        ("SELECT * { ?s ?p _:delete }", "SELECT"),
        ('SELECT * { ?s ?p "x"@drop }', "SELECT"),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://x>", "SELECT"),
        ("SELECT * { ?s ?p ex:a.SERVICE }", "SELECT"),
    ],
)
def test_form(query, form):
    assert inspect_query(query) == form


@pytest.mark.parametrize(
    "query, reason",
    [
        ("INSERT DATA { <a:s> <a:p> <a:o> }", "SPARQL Update"),
        ("PREFIX a: <http://x/> DELETE WHERE { ?s ?p ?o }", "SPARQL Update"),
        ("delete { ?s ?p ?o } where { ?s ?p ?o }", "SPARQL Update"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "SPARQL Update"),
        ("CLEAR ALL", "SPARQL Update"),
        ("DROP GRAPH <http://g>", "SPARQL Update"),
        ("CREATE GRAPH <http://g>", "SPARQL Update"),
        ("COPY <http://a> TO <http://b>", "SPARQL Update"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("SELECT * { ?s ?p ?o } ; INSERT DATA { <a:s> <a:p> <a:o> }", "SPARQL Update"),
        ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { service silent <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { ?s ex:a. SERVICE <http://x> {} }", "SERVICE"),  # the dot ends the name
        # an escaped '#' belongs to the name, so what follows is no comment
        ("SELECT * { ?s ex:a\\# SERVICE <http://x> {} }", "SERVICE"),
        # SPARQL's codepoint escapes may spell a keyword
        ("SELECT * { \\u0053ERVICE <http://x> {} }", "SERVICE"),
        # ... or, read the other way, close a string early: either reading counts
        ('SELECT * { ?s ?p "x \\u0022" SERVICE <http://x> {} "\\u0022" }', "SERVICE"),
        # an unterminated string hides nothing
        ('SELECT * { ?s ?p "open SERVICE <http://x> {} }', "SERVICE"),
    ],
)
def test_refused(query, reason):
    with pytest.raises(ProtocolError) as caught:
        inspect_query(query)
    assert caught.value.status == 400
    assert reason in caught.value.message


def test_codepoints_expand():
    assert expand_codepoints("\\u0053ERVICE \\U0001F600 \\uD800") == "SERVICE \U0001F600 \\uD800"


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "method, url_query, content_type, body, expected",
    [
        ("GET", "query=ASK%7B%7D", None, b"", QueryRequest("ASK{}")),
        ("GET", "", None, b"", None),  # the service description
        ("HEAD", "", None, b"", None),
        ("GET", f"query=ASK%7B%7D&default-graph-uri={GRAPH}&named-graph-uri={GRAPH}&format=json", None, b"",
         QueryRequest("ASK{}", (GRAPH,), (GRAPH,))),
        ("POST", "", FORM, b"query=ASK+%7B%7D", QueryRequest("ASK {}")),
        ("POST", "", FORM + "; charset=UTF-8", b"query=ASK%7B%7D&named-graph-uri=" + GRAPH.encode(),
         QueryRequest("ASK{}", (), (GRAPH,))),
        ("POST", f"default-graph-uri={GRAPH}", "application/sparql-query", "ASK { ?s ?p 'é' }".encode(),
         QueryRequest("ASK { ?s ?p 'é' }", (GRAPH,))),
    ],
)
def test_read_request(method, url_query, content_type, body, expected):
    assert read_request(method, url_query, content_type, body) == expected


@pytest.mark.parametrize(
    "method, url_query, content_type, body, status, words",
    [
        ("GET", "update=INSERT+DATA+%7B%7D", None, b"", 400, "read-only"),
        ("POST", "", FORM, b"update=CLEAR+ALL", 400, "read-only"),
        ("POST", "", "application/sparql-update", b"CLEAR ALL", 400, "read-only"),
        ("POST", "", "text/plain", b"ASK {}", 415, "application/sparql-query"),
        ("POST", "", None, b"ASK {}", 415, "Content-Type"),
        ("PUT", "", "application/sparql-query", b"ASK {}", 405, "GET or POST"),
        ("POST", "", FORM, b"", 400, "no query"),
        ("GET", "query=ASK%7B%7D&query=ASK%7B%7D", None, b"", 400, "more than one query"),
        ("POST", "query=ASK%7B%7D", FORM, b"query=ASK%7B%7D", 400, "more than one query"),
        ("GET", "query=+", None, b"", 400, "empty"),
        ("GET", "query=ASK%7B%7D&default-graph-uri=not+an+iri", None, b"", 400, "not an absolute IRI"),
        ("POST", "", "application/sparql-query", b"ASK { '\xff' }", 400, "not UTF-8"),
        ("POST", "", "application/sparql-query", b"#" * (1024 * 1024 + 1), 413, "bytes"),
    ],
)
def test_read_request_refuses(method, url_query, content_type, body, status, words):
    with pytest.raises(ProtocolError) as caught:
        read_request(method, url_query, content_type, body)
    assert caught.value.status == status
    assert words in caught.value.message
