"""The SPARQL endpoint of a real `sdd-kg serve` process, with two independent
clients (SPARQLWrapper, curl), checked against the same queries answered by
the store directly; refusals, limits, and a runaway query that is stopped
while the server keeps answering."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import SPARQLWrapper
from rdflib import Graph
from rdflib.compare import isomorphic

from sdd_kg.serialize import rdflib_graph

from .conftest import require_external
from .serving import alive, cpu_seconds, descendants, get, request

PREFIXES = """PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
CASES = PREFIXES + """SELECT ?case ?title ?year ?court WHERE {
  ?case a sdd:Case ; dcterms:title ?title .
  OPTIONAL { ?case sdd:decisionYear ?year }
  OPTIONAL { ?case sdd:court/rdfs:label ?court }
} ORDER BY ?case ?title ?year ?court"""
TREATMENTS = PREFIXES + "SELECT ?t ?label WHERE { ?t a sdd:Treatment ; skos:prefLabel ?label } ORDER BY ?t ?label"
KENNEDY = PREFIXES + """CONSTRUCT { ?case ?p ?o } WHERE {
  ?case sdd:primaryCitation/sdd:citationText "439 F.3d 1055" ; ?p ?o }"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = PREFIXES + "SELECT ?court WHERE { ?court a sdd:Court } ORDER BY ?court LIMIT 3"


# --- What the store itself answers, in each format's terms -----------------


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode"}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        found["datatype"] = term.datatype.value
    return found


def store_rows(store, query: str) -> tuple[list[str], list[dict]]:
    result = store.query(query)
    names = [v.value for v in result.variables]
    return names, [{n: row[n] for n in names if row[n] is not None} for row in result]


def _binding_from_xml(element) -> dict:
    node = next(c for c in element.childNodes if c.nodeType == c.ELEMENT_NODE)
    kind = {"uri": "uri", "literal": "literal", "bnode": "bnode"}[node.tagName]
    if kind == "bnode":
        return {"type": "bnode"}
    found = {"type": kind, "value": "".join(t.data for t in node.childNodes)}
    if node.getAttribute("xml:lang"):
        found["xml:lang"] = node.getAttribute("xml:lang")
    if node.getAttribute("datatype"):
        found["datatype"] = node.getAttribute("datatype")
    return found


def wrapper(server, query: str, fmt: str, method: str = "GET"):
    client = SPARQLWrapper.SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


# --- SPARQLWrapper ---------------------------------------------------------


@pytest.mark.parametrize("query", [CASES, TREATMENTS], ids=["cases", "treatments"])
@pytest.mark.parametrize("fmt, method", [("json", "GET"), ("xml", "POST"), ("csv", "GET"), ("tsv", "POST")])
def test_sparqlwrapper_select(server, store, query, fmt, method):
    names, rows = store_rows(store, query)
    assert rows, "the query should find something"
    result = wrapper(server, query, fmt, method).query()
    content_type = result.response.headers["Content-Type"].split(";")[0]
    converted = result.convert()
    if fmt == "json":
        assert content_type == "application/sparql-results+json"
        assert converted["head"]["vars"] == names
        got = [{k: {x: y for x, y in v.items()} for k, v in b.items()} for b in converted["results"]["bindings"]]
        assert got == [{n: _json_term(t) for n, t in row.items()} for row in rows]
    elif fmt == "xml":
        assert content_type == "application/sparql-results+xml"
        got = [
            {b.getAttribute("name"): _binding_from_xml(b) for b in r.getElementsByTagName("binding")}
            for r in converted.getElementsByTagName("result")
        ]
        assert got == [{n: _json_term(t) for n, t in row.items()} for row in rows]
    elif fmt == "csv":
        assert content_type == "text/csv"
        table = list(csv.reader(io.StringIO(converted.decode("utf-8"))))
        assert table[0] == names
        assert table[1:] == [[row[n].value if n in row else "" for n in names] for row in rows]
    else:
        assert content_type == "text/tab-separated-values"
        lines = converted.decode("utf-8").rstrip("\n").split("\n")
        assert lines[0].split("\t") == ["?" + n for n in names]
        assert [line.split("\t") for line in lines[1:]] == [[str(row[n]) if n in row else "" for n in names] for row in rows]


@pytest.mark.parametrize(
    "query",
    [PREFIXES + "ASK { ?c a sdd:Case }", PREFIXES + "ASK { ?c a sdd:Court ; dcterms:title 'no such court' }"],
    ids=["true", "false"],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparqlwrapper_ask(server, store, query, fmt):
    expected = bool(store.query(query))
    assert expected is query.endswith("sdd:Case }")  # the table's two cases: one true, one false
    converted = wrapper(server, query, fmt).query().convert()
    if fmt == "json":
        assert converted["boolean"] is expected
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == str(expected).lower()


@pytest.mark.parametrize(
    "query", [KENNEDY, "DESCRIBE <https://w3id.org/sdd-kg/court/ca9>"], ids=["construct", "describe"]
)
@pytest.mark.parametrize(
    "fmt, accept, rdflib_format",
    [("turtle", None, "turtle"), ("n3", "application/n-triples", "nt"), ("json-ld", None, "json-ld")],
)
def test_sparqlwrapper_graph(server, store, query, fmt, accept, rdflib_format):
    expected = rdflib_graph(store.query(query))
    assert len(expected)
    client = wrapper(server, query, fmt)
    if accept:  # SPARQLWrapper has no N-Triples format: ask for it by header
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", accept)
    result = client.query()
    body = result.response.read()
    media = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json"}
    assert result.response.headers["Content-Type"].split(";")[0] == media[rdflib_format]
    got = Graph().parse(data=body, format=rdflib_format)
    assert isomorphic(got, expected)


# --- curl -------------------------------------------------------------------

CURL = shutil.which("curl")
needs_curl = pytest.mark.skipif(CURL is None and not require_external(), reason="curl is not installed")


def curl(*args: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a curl call."""
    done = subprocess.run(
        [CURL or "curl", "-sS", "-o", "-", "-w", "\n%{http_code} %{content_type}", *args],
        capture_output=True, check=True, timeout=60,
    )
    body, _, trailer = done.stdout.rpartition(b"\n")
    status, _, content_type = trailer.decode().partition(" ")
    return int(status), content_type, body


@needs_curl
@pytest.mark.parametrize(
    "operation",
    ["get", "post-form", "post-direct"],
)
def test_curl_protocol_operations(server, store, operation):
    args = {
        "get": ["-G", "--data-urlencode", f"query={CASES}"],
        "post-form": ["--data-urlencode", f"query={CASES}"],
        "post-direct": ["-H", "Content-Type: application/sparql-query", "--data-binary", CASES],
    }[operation]
    status, content_type, body = curl("-H", "Accept: application/sparql-results+json", *args, server.sparql)
    assert (status, content_type) == (200, "application/sparql-results+json")  # JSON has no charset parameter
    names, rows = store_rows(store, CASES)
    assert json.loads(body)["results"]["bindings"] == [{n: _json_term(t) for n, t in row.items()} for row in rows]


RECORD = "https://w3id.org/sdd-kg/graph/case/439-F.3d-1055/record"
ONTOLOGY = "https://w3id.org/sdd-kg/graph/ontology"


@needs_curl
@pytest.mark.parametrize(
    "params, query, expected",
    [
        # default-graph-uri: the default graph is that graph alone
        ([f"default-graph-uri={RECORD}"], "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
         f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{RECORD}> {{ ?s ?p ?o }} }}"),
        # and it overrides the query's FROM
        ([f"default-graph-uri={RECORD}"], f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> {{ ?s ?p ?o }}",
         f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{RECORD}> {{ ?s ?p ?o }} }}"),
        # named-graph-uri alone: GRAPH ?g sees that graph, the default graph is empty
        ([f"named-graph-uri={RECORD}"], "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
         f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{RECORD}> {{ ?s ?p ?o }} }}"),
        ([f"named-graph-uri={RECORD}"], "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "SELECT (0 AS ?n) {}"),
        # without parameters, FROM picks the default graph
        ([], f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> {{ ?s ?p ?o }}",
         f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}"),
        # and the default graph is the union of the named graphs, a set, as SPARQL merges graphs
        ([], "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
         "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"),
        ([], "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
         "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"),
    ],
)
def test_curl_dataset(server, store, params, query, expected):
    args = ["-G", "--data-urlencode", f"query={query}"]
    for param in params:
        args += ["--data-urlencode", param]
    status, _, body = curl("-H", "Accept: text/csv", *args, server.sparql)
    assert status == 200
    want = next(iter(store.query(expected)))["n"].value
    assert body.decode().splitlines() == ["n", want]


@needs_curl
def test_curl_service_description(server):
    status, content_type, body = curl("-H", "Accept: text/turtle", server.sparql)
    assert (status, content_type) == (200, "text/turtle; charset=utf-8")
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert {str(o) for _, p, o in graph if str(p) == sd + "endpoint"} == {server.sparql}
    assert {str(o) for _, p, o in graph if str(p) == sd + "feature"} == {sd + "UnionDefaultGraph"}
    page = get(server.sparql, "text/html,application/xhtml+xml,*/*;q=0.8")  # a browser gets a query form
    assert (page.status, page.type) == (200, "text/html")
    assert '<textarea name="query"' in page.text


# --- Refused, malformed, not acceptable -------------------------------------


class Listener:
    """A listening TCP port: the kernel queues any connection to it, so
    after a request we can tell whether the server tried to fetch from it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def connected(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize(
    "method, params, headers, body, words",
    [
        ("GET", {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, {}, None, "SPARQL Update is not allowed"),
        ("POST", {}, {"Content-Type": "application/sparql-update"}, b"CLEAR ALL", "SPARQL Update is not allowed"),
        ("POST", {}, {"Content-Type": "application/x-www-form-urlencoded"}, b"update=DROP+ALL", "SPARQL Update is not allowed"),
        ("GET", {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, {}, None, "SPARQL Update is not allowed"),
        ("GET", {"query": "DELETE WHERE { ?s ?p ?o }"}, {}, None, "(the request contains DELETE)"),
        ("GET", {"query": "LOAD <{listener}>"}, {}, None, "LOAD is not allowed"),
        ("GET", {"query": "SELECT * WHERE { SERVICE <{listener}> { ?s ?p ?o } }"}, {}, None, "SERVICE is not allowed"),
        ("POST", {}, {"Content-Type": "application/sparql-query"},
         b"SELECT * WHERE { ?x ?y ?z . SeRvIcE SILENT <{listener}> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("GET", {"query": "SELECT * WHERE { ?s ?p "}, {}, None, "SPARQL syntax error"),
        ("GET", {"query": "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s"}, {}, None, "SPARQL"),
        # an evaluation error (pyoxigraph's RuntimeError) is the query's fault, not the worker's
        ("GET", {"query": "SELECT (<http://example.com/fn>(1) AS ?x) {}"}, {}, None, "custom function <http://example.com/fn>"),
    ],
)
def test_refused_with_400(server, method, params, headers, body, words):
    listener = Listener()
    try:
        params = {k: v.replace("{listener}", listener.url) for k, v in params.items()}
        if body is not None:
            body = body.replace(b"{listener}", listener.url.encode())
        url = server.sparql + ("?" + urlencode(params) if params else "")
        reply = request(method, url, headers, body)
        fetched = listener.connected()
    finally:
        listener.close()
    assert reply.status == 400, reply.text
    assert reply.type == "text/plain"
    assert words in reply.text
    assert not fetched


def test_a_keyword_in_a_string_is_data(server, store):
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> { } INSERT DATA" AS ?x) }'
    reply = get(server.sparql, "application/sparql-results+json", query=query)
    assert reply.status == 200
    [binding] = json.loads(reply.body)["results"]["bindings"]
    assert binding["x"]["value"] == next(iter(store.query(query)))["x"].value


@pytest.mark.parametrize(
    "method, headers, body, status",
    [
        ("PUT", {"Content-Type": "application/sparql-query"}, b"ASK {}", 405),
        ("DELETE", {}, None, 405),
        ("POST", {"Content-Type": "text/plain"}, b"ASK {}", 415),
        ("POST", {"Content-Type": "application/sparql-query"}, b"#" * (1024 * 1024 + 10), 413),
    ],
)
def test_other_requests(server, method, headers, body, status):
    assert request(method, server.sparql, headers, body).status == status


@pytest.mark.parametrize(
    "query, accept",
    [
        (SIMPLE, "text/turtle"),
        (SIMPLE, "image/png"),
        (KENNEDY, "text/csv"),
        (KENNEDY, "application/sparql-results+json"),
    ],
)
def test_not_acceptable(server, query, accept):
    reply = get(server.sparql, accept, query=query)
    assert reply.status == 406
    assert "acceptable" in reply.text
    assert reply.headers["vary"].startswith("Accept")


# --- Limits -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, accept",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "text/turtle"),
    ],
)
def test_result_size_limit(server, store, query, accept):
    assert len(list(store.query(query))) > server.max_results  # the limit bites on this query
    reply = get(server.sparql, accept, query=query)
    assert reply.status == 422
    assert f"more than {server.max_results}" in reply.text
    within = query.replace("WHERE { ?s ?p ?o }", f"WHERE {{ ?s ?p ?o }} LIMIT {server.max_results}")
    assert get(server.sparql, accept, query=within).status == 200


def test_memory_limit(server, store):
    """A query that would fill the machine's memory kills only its worker."""
    hog = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d LIMIT 1"
    reply = get(server.sparql, "application/sparql-results+json", query=hog)
    assert reply.status == 500, reply.text
    assert "out of memory" in reply.text
    assert "died during a query" in server.log.read_text()
    assert get(server.sparql, "text/csv", query=SIMPLE).status == 200


def _busy_worker(server, since: dict[int, float], seconds: float = 0.2) -> int | None:
    for pid in descendants(server.process.pid):
        if cpu_seconds(pid) - since.get(pid, 0.0) >= seconds:
            return pid
    return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process CPU times from /proc")
def test_runaway_query_is_stopped_while_others_are_answered(server, store):
    cpu_before = {pid: cpu_seconds(pid) for pid in descendants(server.process.pid)}
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(get, server.sparql, "application/sparql-results+json", query=RUNAWAY)
        # Wait until a worker is burning CPU on it (a readiness poll, not a sleep).
        deadline, runner = time.monotonic() + 10, None
        while runner is None and time.monotonic() < deadline:
            runner = _busy_worker(server, cpu_before)
        assert runner is not None, "no worker started on the query"

        quick = get(server.sparql, "text/csv", query=SIMPLE)
        page = get(server.url + "case/439-F.3d-1055.ttl")
        assert not slow.done()
        assert quick.status == 200 and quick.elapsed < 1.0, quick
        assert [line for line in quick.text.splitlines()[1:]] == [r["court"].value for r in store.query(SIMPLE)]
        assert page.status == 200 and page.elapsed < 1.0

        stopped = slow.result(timeout=server.timeout + 30)
    assert stopped.status == 503
    assert "time limit" in stopped.text
    assert server.timeout <= stopped.elapsed < server.timeout + 3

    # Really stopped: the worker is gone and the server's processes go idle.
    deadline = time.monotonic() + 5
    while alive(runner) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(runner)
    tree = [server.process.pid, *descendants(server.process.pid)]
    before = sum(cpu_seconds(pid) for pid in tree)
    time.sleep(1.0)  # measuring a CPU rate takes an interval
    assert sum(cpu_seconds(pid) for pid in tree) - before < 0.4

    # And the pool is whole again: two queries at once are both answered.
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda _: get(server.sparql, "text/csv", query=SIMPLE), range(2)))
    assert [r.status for r in replies] == [200, 200]
