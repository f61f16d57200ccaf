"""`sdd-kg publish` against a real triple store: a private Virtuoso on loopback.

The server (tests/virtuoso.py) starts once for this module. Our side of every
comparison is read from the built query store with pyoxigraph, independently
of the publishing code; Virtuoso's side through its SPARQL endpoint and its
graph store (GET). Variants of the dataset (a graph changed, one removed) are
copies of the built store edited in place, which is all `publish` reads.
"""

from __future__ import annotations

import re
import shutil

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from sdd_kg.cli import main
from sdd_kg.publish import GRAPH_NAMESPACE, dataset_graphs, make_auth

from . import virtuoso
from .conftest import DATA, require_external
from .serving import free_port

PASSWORD_VAR = "SDD_KG_TEST_STORE_PASSWORD"
XSD = "http://www.w3.org/2001/XMLSchema#"
KENNEDY_RECORD = GRAPH_NAMESPACE + "case/439-F.3d-1055/record"
KENNEDY_CURATED = GRAPH_NAMESPACE + "case/439-F.3d-1055/opinion/dissent/jay-s-bybee/curated"
PAULUK_OPINION = GRAPH_NAMESPACE + "case/836-F.3d-1117/opinion/concurrence-in-part-dissent-in-part/mary-h-murguia"
ONTOLOGY = GRAPH_NAMESPACE + "ontology"
TEST_PREDICATE = ox.NamedNode("https://w3id.org/sdd-kg/test#value")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not virtuoso.installed():
        if require_external():
            pytest.fail("virtuoso-t is missing: apt-get install virtuoso-opensource")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    instance = virtuoso.start(tmp_path_factory.mktemp("virtuoso"))
    yield instance
    instance.stop()


@pytest.fixture(scope="module")
def dist(built):
    return built[1]


def edited_copy(dist, folder, edit):
    """A dist folder whose store is the built one changed by ``edit(store)``."""
    folder.mkdir()
    shutil.copytree(dist / "store", folder / "store")
    shutil.copy2(dist / "sdd-kg.trig", folder / "sdd-kg.trig")  # keeps its mtime: not stale
    store = ox.Store(str(folder / "store"))
    edit(store)
    store.flush()
    del store  # release RocksDB's lock: publish opens it read-only
    return folder


@pytest.fixture(scope="module")
def changed(dist, tmp_path_factory):
    """One graph gains a triple, one loses one, one is gone (as if its document were removed)."""
    extra = ox.Quad(ox.NamedNode("https://w3id.org/sdd-kg/case/439-F.3d-1055"), TEST_PREDICATE,
                    ox.Literal("added by the publishing test"), ox.NamedNode(KENNEDY_RECORD))
    dropped = min(ox.Store.read_only(str(dist / "store")).quads_for_pattern(None, None, None, ox.NamedNode(KENNEDY_CURATED)),
                  key=str)

    def edit(store):
        store.add(extra)
        store.remove(dropped)
        store.remove_graph(ox.NamedNode(PAULUK_OPINION))

    return edited_copy(dist, tmp_path_factory.mktemp("changed") / "dist", edit), extra, dropped


def run(*args, password="dba"):
    return CliRunner().invoke(main, ["publish", *args], env={PASSWORD_VAR: password})


def publish_args(server, dist, *extra):
    return ("--endpoint", server.endpoint, "--graph-store", server.graph_store, "--user", virtuoso.USER,
            "--password-env", PASSWORD_VAR, "--dist", str(dist), "--data", str(DATA), *extra)


def our_graphs(dist) -> dict[str, Graph]:
    store = ox.Store.read_only(str(dist / "store"))
    graphs = {}
    for name in store.named_graphs():
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, name))
        graphs[name.value] = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graphs


def our_counts(dist) -> dict[str, int]:
    store = ox.Store.read_only(str(dist / "store"))
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


def as_rdflib(quad: ox.Quad):
    (triple,) = Graph().parse(data=ox.serialize([quad.triple], format=ox.RdfFormat.N_TRIPLES), format="nt")
    return triple


def their_counts(server) -> dict[str, int]:
    """Triples per graph under our namespace at Virtuoso."""
    query = (f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
             f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}")) }} GROUP BY ?g')
    response = httpx.get(server.endpoint, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in response.json()["results"]["bindings"]}


def their_graph(server, iri) -> Graph:
    response = httpx.get(server.graph_store, params={"graph": iri}, headers={"Accept": "application/n-triples"},
                         auth=httpx.DigestAuth(virtuoso.USER, virtuoso.PASSWORD), timeout=60)
    response.raise_for_status()
    return Graph().parse(data=response.text, format="nt")


def same_triples(a: Graph, b: Graph) -> bool:
    """Isomorphism; between graphs without blank nodes that is set equality of
    the exact terms (rdflib's Literal equality is lexical), and much faster."""
    if any(isinstance(term, BNode) for graph in (a, b) for triple in graph for term in triple):
        return isomorphic(a, b)
    return set(a) == set(b)


def assert_store_holds(server, dist, compare=None):
    """Virtuoso's graphs under our namespace are ours: same counts, same triples."""
    assert their_counts(server) == our_counts(dist)
    ours = our_graphs(dist)
    for iri in compare or ours:
        assert same_triples(their_graph(server, iri), ours[iri]), iri


def table_row(output, first, *numbers):
    pattern = r"\s+".join([re.escape(first), *map(str, numbers)])
    return re.search(f"^{pattern}$", output, re.MULTILINE)


def test_publish_replaces_every_graph_and_the_counts_agree(server, dist):
    result = run(*publish_args(server, dist))
    assert result.exit_code == 0, result.output + result.stderr
    counts = our_counts(dist)
    assert ONTOLOGY in counts and len(counts) == 7
    for iri, n in counts.items():
        assert table_row(result.stdout, iri, n, n), iri
    total = sum(counts.values())
    assert table_row(result.stdout, f"total ({len(counts)} graphs)", total, total)
    assert f"all 7 graphs agree with {server.endpoint}" in result.stdout
    # Every graph, the ontology's blank nodes included, comes back as the same
    # triples: Virtuoso keeps our literals' forms (see docs/publish.md).
    assert_store_holds(server, dist)


def test_publishing_again_changes_nothing(server, dist, tmp_path):
    secret = tmp_path / "password"
    secret.write_text("dba\n", "utf-8")  # the file's first line, newline dropped
    args = ("--endpoint", server.endpoint, "--graph-store", server.graph_store, "--user", "dba",
            "--password-file", str(secret), "--dist", str(dist), "--data", str(DATA))
    for _ in range(2):
        result = run(*args)
        assert result.exit_code == 0, result.output + result.stderr
    assert_store_holds(server, dist, compare=[KENNEDY_RECORD, ONTOLOGY])  # no duplicates, no second bnode copy


def test_a_changed_dataset_replaces_the_old_contents(server, dist, changed):
    changed_dist, extra, dropped = changed
    assert run(*publish_args(server, dist)).exit_code == 0
    # Without pruning, the removed document's graph lives on at the store, and
    # the total under our namespace says so.
    kept = run(*publish_args(server, changed_dist, "--no-prune"))
    assert kept.exit_code == 1, kept.output + kept.stderr
    assert f"differ from ours for: the total under {GRAPH_NAMESPACE}" in kept.stderr
    assert their_counts(server)[PAULUK_OPINION] == our_counts(dist)[PAULUK_OPINION]

    result = run(*publish_args(server, changed_dist))
    assert result.exit_code == 0, result.output + result.stderr
    assert f"deleted {PAULUK_OPINION} (not in the dataset)" in result.stdout
    assert PAULUK_OPINION not in their_counts(server)
    assert_store_holds(server, changed_dist, compare=[KENNEDY_RECORD, KENNEDY_CURATED])
    assert as_rdflib(extra) in their_graph(server, KENNEDY_RECORD)
    curated = their_graph(server, KENNEDY_CURATED)
    assert as_rdflib(dropped) not in curated  # replaced, not added to: nothing left over
    assert len(curated) == our_counts(dist)[KENNEDY_CURATED] - 1

    restored = run(*publish_args(server, dist))
    assert restored.exit_code == 0
    assert_store_holds(server, dist, compare=[KENNEDY_RECORD, KENNEDY_CURATED, PAULUK_OPINION])


def test_virtuoso_merges_equal_numbers_of_different_datatypes(server, dist, tmp_path):
    """"1"^^xsd:integer and "1"^^xsd:decimal are two RDF terms (and two triples in
    Oxigraph); Virtuoso stores numbers as values and keeps one. The count check
    catches it: exit 1, naming the graph."""
    subject = ox.NamedNode("https://w3id.org/sdd-kg/case/439-F.3d-1055")

    def edit(store):
        for datatype in ("integer", "decimal"):
            store.add(ox.Quad(subject, TEST_PREDICATE, ox.Literal("1", datatype=ox.NamedNode(XSD + datatype)),
                              ox.NamedNode(KENNEDY_RECORD)))

    numeric = edited_copy(dist, tmp_path / "dist", edit)
    sent = our_counts(numeric)[KENNEDY_RECORD]
    assert sent == our_counts(dist)[KENNEDY_RECORD] + 2
    result = run(*publish_args(server, numeric))
    assert result.exit_code == 1, result.output + result.stderr
    assert table_row(result.stdout, KENNEDY_RECORD, sent, sent - 1)
    assert result.stderr.strip() == f"counts at {server.endpoint} differ from ours for: {KENNEDY_RECORD}"
    assert run(*publish_args(server, dist)).exit_code == 0


def test_a_failure_midway_says_which_graphs_were_replaced(server, dist, changed, tmp_path):
    """Virtuoso 7.2 ignores Content-Type on its graph store and sniffs the first
    64 KiB of the body; a first line longer than that is refused (HTTP 500).
    A graph starting with such a line makes the third PUT fail for real."""
    long_line = ox.Quad(ox.NamedNode("https://w3id.org/sdd-kg/a-test"), TEST_PREDICATE, ox.Literal("x" * 70_000),
                        ox.NamedNode(KENNEDY_RECORD))
    failing = edited_copy(dist, tmp_path / "dist", lambda store: store.add(long_line))
    assert run(*publish_args(server, changed[0])).exit_code == 0  # the store holds the changed dataset
    result = run(*publish_args(server, failing))
    line = one_error_line(result)
    assert line.startswith(f"error: {server.graph_store}: PUT <{KENNEDY_RECORD}>: HTTP 500 Request Failed: ")
    assert "unsupported type text/plain" in line
    graphs = sorted(our_counts(dist))
    assert graphs.index(KENNEDY_RECORD) == 2
    assert result.stdout.splitlines() == (
        [f"replaced      {iri}" for iri in graphs[:2]] + [f"not replaced  {iri}" for iri in graphs[2:]])
    theirs = their_counts(server)
    assert theirs[KENNEDY_CURATED] == our_counts(dist)[KENNEDY_CURATED]  # replaced: the dropped triple is back
    assert theirs[KENNEDY_RECORD] == our_counts(changed[0])[KENNEDY_RECORD]  # not replaced: still the changed one
    assert PAULUK_OPINION not in theirs  # not replaced: still absent
    assert run(*publish_args(server, dist)).exit_code == 0


def test_dry_run_sends_nothing(server, dist, changed):
    assert run(*publish_args(server, changed[0])).exit_code == 0
    before = their_counts(server)
    assert before == our_counts(changed[0])
    result = run(*publish_args(server, dist, "--dry-run"))
    assert result.exit_code == 0, result.output + result.stderr
    for iri, n in our_counts(dist).items():
        assert re.search(rf"^{re.escape(iri)}\s+{n}\s+\d+$", result.stdout, re.MULTILINE), iri
    assert their_counts(server) == before  # the published changed dataset is still there
    assert run(*publish_args(server, dist)).exit_code == 0


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_a_wrong_password_is_one_line_and_replaces_nothing(server, dist):
    result = run(*publish_args(server, dist), password="not-the-password")
    graphs = sorted(our_counts(dist))
    assert one_error_line(result) == f"error: {server.graph_store}: PUT <{graphs[0]}>: HTTP 401 Unauthorized"
    assert result.stdout.splitlines() == [f"not replaced  {iri}" for iri in graphs]


def test_an_unreachable_endpoint_is_one_line(dist):
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    result = run("--endpoint", url, "--user", "dba", "--password-env", PASSWORD_VAR, "--dist", str(dist),
                 "--data", str(DATA), "--timeout", "5")
    assert one_error_line(result).startswith(f"error: {url}: PUT <")
    assert "cannot reach the server" in result.stderr


def test_tls_certificates_are_verified(server, dist):
    if server.https_port is None:
        if require_external():
            pytest.fail("openssl is missing, so the TLS test has no certificate")
        pytest.skip("openssl is not installed")
    # Virtuoso binds its SPARQL paths to the plain listener only, so past the
    # TLS handshake it refuses the PUT (501): an HTTP answer shows verification passed.
    args = ("--endpoint", server.https_url("/sparql"), "--graph-store", server.https_url("/sparql-graph-crud-auth"),
            "--user", "dba", "--password-env", PASSWORD_VAR, "--dist", str(dist), "--data", str(DATA))
    assert "CERTIFICATE_VERIFY_FAILED" in one_error_line(run(*args))
    verified = one_error_line(run(*args, "--ca-file", str(server.certificate)))
    assert re.search(r": HTTP [45]\d\d ", verified) and "CERTIFICATE" not in verified


@pytest.mark.parametrize(
    ("args", "env", "problem"),
    [
        (["--user", "dba"], {}, "a user needs a password"),
        (["--password-env", "PW"], {"PW": "x"}, "digest authentication needs a user name"),
        (["--user", "dba", "--password-env", "SDD_KG_UNSET_VARIABLE"], {}, "$SDD_KG_UNSET_VARIABLE: environment variable is not set"),
        (["--user", "dba", "--password-env", "PW"], {"PW": ""}, "the password is empty"),
        (["--user", "dba", "--password-env", "PW", "--password-file", "pw.txt"], {"PW": "x"}, "not both"),
        (["--user", "dba", "--password-file", "missing.txt"], {}, "missing.txt: cannot read the password"),
        (["--auth", "bearer", "--user", "dba", "--password-env", "PW"], {"PW": "x"}, "takes a token, not a user name"),
        (["--ca-file", "missing.pem"], {}, "missing.pem: cannot read CA certificates"),
    ],
)
def test_bad_credentials_options(args, env, problem, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pw.txt").write_text("x\n", "utf-8")
    result = CliRunner().invoke(main, ["publish", "--endpoint", "http://127.0.0.1:9/sparql", *args], env=env)
    assert problem in one_error_line(result)
    assert not (tmp_path / "dist").exists()  # refused before building anything


@pytest.mark.parametrize(
    ("scheme", "user", "secret", "header"),
    [
        ("basic", "dba", "dba", "Basic ZGJhOmRiYQ=="),
        ("bearer", None, "token-1", "Bearer token-1"),
        ("digest", "dba", "dba", None),  # digest answers a challenge: nothing on the first request
        ("basic", None, None, None),
    ],
)
def test_authentication_header(scheme, user, secret, header):
    auth = make_auth(scheme, user, secret)
    request = httpx.Request("PUT", "http://127.0.0.1/graph-store")
    sent = next(auth.sync_auth_flow(request)) if auth else request
    assert sent.headers.get("Authorization") == header


def test_graph_bodies_are_deterministic_n_triples(dist):
    first, second = dataset_graphs(dist), dataset_graphs(dist)
    assert [g.body for g in first] == [g.body for g in second]
    assert [g.iri for g in first] == sorted(our_counts(dist))
    ours = our_graphs(dist)
    for graph in first:
        lines = graph.body.decode("utf-8").splitlines()
        assert lines == sorted(lines) and len(lines) == graph.triples == len(ours[graph.iri])
        assert same_triples(Graph().parse(data=graph.body, format="nt"), ours[graph.iri]), graph.iri

