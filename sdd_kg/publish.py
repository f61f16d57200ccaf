"""Publish the built dataset to an external triple store, and check it there.

A user who outgrows one machine moves the dataset to a standards-based store
(Virtuoso, Fuseki, GraphDB, QLever). Every one of them speaks the W3C SPARQL
1.1 Graph Store HTTP Protocol, so that is all this module uses:

* **Replace** each named graph with ``PUT <graph store>?graph=<graph IRI>``
  (indirect identification). PUT means "the graph is now exactly this", so a
  rerun replaces rather than adds, and publishing twice leaves the store as
  publishing once did.
* **Prune** (on by default): graphs under our graph namespace
  (``https://w3id.org/sdd-kg/graph/``) that the store holds and the dataset
  no longer has, such as the graphs of a document removed from ``data/``, are
  deleted with ``DELETE ?graph=``. Graphs outside that namespace are never
  touched. Without this, a removed document would live on in the store.
* **Verify** with the SPARQL 1.1 Protocol: a ``COUNT`` per graph at the query
  endpoint, compared with the triples sent, and the total over every graph
  in our namespace there, which would also show a leftover graph.

What is sent is the query store's content (:func:`sdd_kg.store.open_store`):
the graphs of ``dist/sdd-kg.trig`` *and* the ontology graph, so the target
answers the same queries as ``sdd-kg query`` (which reads the ontology's
labels and factor scheme beside the data) and can serve the ontology's terms.

Each body is N-Triples of the graph's triples in sorted order
(:func:`sdd_kg.serialize.canonical_triples`: the same dataset gives the same
bytes). N-Triples is the one
syntax all four stores list for their graph store (QLever accepts only it and
Turtle), it has no prefixes or nesting for an older parser to trip on
(Virtuoso 7's Turtle reader predates Turtle 1.1), and it is parsed line by
line. The ontology graph holds blank nodes (OWL class unions); their labels
are canonicalised (RDFC-1.0) so its body is deterministic too.

Publishing is not atomic across graphs: each PUT is its own transaction. If
graph *k* fails, graphs before it are replaced and the rest are not;
:class:`PublishError` says which, and a rerun finishes the job.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from .errors import InputError
from .namespaces import BASE
from .serialize import canonical_triples
from .store import open_store

GRAPH_NAMESPACE = BASE + "graph/"
"""Every named graph the build writes (and the ontology graph) lives here; pruning is confined to it."""
NTRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"
AUTH_SCHEMES = ("basic", "digest", "bearer")
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class GraphPayload:
    """One named graph as it will be sent."""

    iri: str
    triples: int
    body: bytes


@dataclass(frozen=True)
class Target:
    """Where and how to publish.

    ``graph_store`` takes the PUT and DELETE requests, ``endpoint`` the
    verifying SPARQL queries; many stores use two different URLs for these.
    """

    endpoint: str
    graph_store: str
    auth: httpx.Auth | None = None
    verify: ssl.SSLContext | bool = True
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class GraphCheck:
    iri: str
    sent: int
    counted: int

    @property
    def agrees(self) -> bool:
        return self.sent == self.counted


@dataclass(frozen=True)
class PublishResult:
    checks: tuple[GraphCheck, ...]
    removed: tuple[str, ...]
    total_counted: int
    """Triples in every graph under :data:`GRAPH_NAMESPACE` at the endpoint."""

    @property
    def total_sent(self) -> int:
        return sum(c.sent for c in self.checks)

    @property
    def agrees(self) -> bool:
        return all(c.agrees for c in self.checks) and self.total_sent == self.total_counted


class PublishError(InputError):
    """A request failed: one line naming the URL, the graph and the HTTP status.

    ``replaced`` and ``not_replaced`` list the graph IRIs on either side of
    the failure, since the graphs are replaced one transaction at a time.
    """

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(url, problem)
        self.replaced: list[str] = []
        self.not_replaced: list[str] = []


# -- what we send ------------------------------------------------------------


def dataset_graphs(dist_dir: Path) -> list[GraphPayload]:
    """The named graphs of the built query store, in IRI order, as N-Triples."""
    store = open_store(dist_dir)
    payloads = []
    for name in sorted(store.named_graphs(), key=lambda node: node.value):
        triples = canonical_triples(quad.triple for quad in store.quads_for_pattern(None, None, None, name))
        if triples:
            payloads.append(GraphPayload(name.value, len(triples), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))
    if not payloads:
        raise InputError(dist_dir, "the query store holds no named graph to publish")
    return payloads


# -- talking to the store ------------------------------------------------------


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>``, as QLever takes its access token."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = self._header
        yield request


def make_auth(scheme: str, user: str | None, secret: str | None) -> httpx.Auth | None:
    """The httpx authentication for ``scheme`` (None without credentials)."""
    if scheme not in AUTH_SCHEMES:
        raise InputError("--auth", f"unknown scheme {scheme!r}; choose one of {', '.join(AUTH_SCHEMES)}")
    if scheme == "bearer":
        if user is not None:
            raise InputError("--user", "bearer authentication takes a token, not a user name")
        return BearerAuth(secret) if secret is not None else None
    if user is None and secret is None:
        return None
    if user is None:
        raise InputError("--user", f"{scheme} authentication needs a user name with the password")
    if secret is None:
        raise InputError("--user", "a user needs a password: give --password-env VAR or --password-file FILE")
    return httpx.BasicAuth(user, secret) if scheme == "basic" else httpx.DigestAuth(user, secret)


def tls_verification(ca_file: Path | None) -> ssl.SSLContext | bool:
    """Verify certificates always: against the system's CAs, or those in ``ca_file``."""
    if ca_file is None:
        return True
    try:
        return ssl.create_default_context(cafile=str(ca_file))
    except (OSError, ssl.SSLError) as exc:
        raise InputError(ca_file, f"cannot read CA certificates: {exc}") from None


def _short_reason(response: httpx.Response) -> str:
    """Status, reason phrase and the start of the body's text, on one line."""
    text = re.sub(r"<[^>]*>", " ", response.text or "")
    text = " ".join(text.split())
    reason = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
    if text:
        reason += f": {text[:200]}{'...' if len(text) > 200 else ''}"
    return reason


def _send(client: httpx.Client, method: str, url: str, what: str, **kwargs) -> httpx.Response:
    """One request; transport failures and error statuses become a PublishError."""
    try:
        response = client.request(method, url, **kwargs)
    except httpx.TimeoutException:
        raise PublishError(url, f"{what}: no answer within {client.timeout.read} s") from None
    except httpx.HTTPError as exc:
        raise PublishError(url, f"{what}: cannot reach the server: {exc}") from None
    if response.is_success or (method == "DELETE" and response.status_code == 404):
        return response
    raise PublishError(url, f"{what}: {_short_reason(response)}")


def put_graph(client: httpx.Client, target: Target, graph: GraphPayload) -> None:
    _send(client, "PUT", target.graph_store, f"PUT <{graph.iri}>", params={"graph": graph.iri},
          content=graph.body, headers={"Content-Type": NTRIPLES})


def delete_graph(client: httpx.Client, target: Target, iri: str) -> None:
    _send(client, "DELETE", target.graph_store, f"DELETE <{iri}>", params={"graph": iri})


def select(client: httpx.Client, target: Target, query: str, what: str) -> list[dict]:
    """Bindings of a SELECT query, sent as the SPARQL 1.1 Protocol's GET."""
    response = _send(client, "GET", target.endpoint, what, params={"query": query},
                     headers={"Accept": SPARQL_JSON})
    try:
        return response.json()["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise PublishError(target.endpoint, f"{what}: the answer is not SPARQL JSON results") from None


def _count(client: httpx.Client, target: Target, pattern: str, what: str) -> int:
    rows = select(client, target, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", what)
    try:
        return int(rows[0]["n"]["value"])
    except (IndexError, KeyError, TypeError, ValueError):
        raise PublishError(target.endpoint, f"{what}: the answer holds no count") from None


def _in_namespace(variable: str) -> str:
    return f'FILTER(STRSTARTS(STR({variable}), "{GRAPH_NAMESPACE}"))'


def count_graph(client: httpx.Client, target: Target, iri: str) -> int:
    return _count(client, target, f"GRAPH <{iri}> {{ ?s ?p ?o }}", f"count <{iri}>")


def count_namespace(client: httpx.Client, target: Target) -> int:
    pattern = f"GRAPH ?g {{ ?s ?p ?o }} {_in_namespace('?g')}"
    return _count(client, target, pattern, f"count the graphs under <{GRAPH_NAMESPACE}>")


def graphs_in_namespace(client: httpx.Client, target: Target) -> list[str]:
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_in_namespace('?g')} }}"
    rows = select(client, target, query, f"list the graphs under <{GRAPH_NAMESPACE}>")
    return sorted(row["g"]["value"] for row in rows if "g" in row)


# -- the whole run ---------------------------------------------------------------


def publish(graphs: list[GraphPayload], target: Target, prune: bool = True) -> PublishResult:
    """Replace each graph at ``target``, prune stale ones, then count them there.

    Raises :class:`PublishError` on any failed request, with the graphs
    replaced before it and those not replaced.
    """
    replaced: list[str] = []
    with httpx.Client(auth=target.auth, verify=target.verify, timeout=target.timeout) as client:
        for graph in graphs:
            try:
                put_graph(client, target, graph)
            except PublishError as exc:
                exc.replaced, exc.not_replaced = replaced, [g.iri for g in graphs[len(replaced):]]
                raise
            replaced.append(graph.iri)
        try:
            removed: list[str] = []
            if prune:
                ours = {g.iri for g in graphs}
                for iri in graphs_in_namespace(client, target):
                    if iri not in ours:
                        delete_graph(client, target, iri)
                        removed.append(iri)
            checks = tuple(GraphCheck(g.iri, g.triples, count_graph(client, target, g.iri)) for g in graphs)
            total = count_namespace(client, target)
        except PublishError as exc:
            exc.replaced = replaced
            raise
    return PublishResult(checks, tuple(removed), total)
