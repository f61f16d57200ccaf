"""Measure `sdd-kg serve`: requests per second and latency, with and without
a runaway query running. Prints figures; asserts nothing.

Starts the server on a free port over an existing build (``--dist``), then
loads it with ``wrk`` (apt install wrk) if present, else with a small
keep-alive client in threads (slower: Python shares the two cores with the
server). Usage:

    python scripts/benchmark_server.py [--dist dist] [--duration 10] [--connections 8]

Figures:

* a simple SELECT through the SPARQL endpoint (every request goes through a
  query worker process: lexing, Oxigraph, serialization, the pipe);
* a case's description in Turtle (``/case/439-F.3d-1055.ttl``), which the
  server caches after the first request (the store never changes while it
  runs), and the 303 from the case IRI;
* the cost of a description before it is cached, per case, in-process, and
  of rendering each kind of page;
* the simple SELECT again while a runaway query occupies one of the two
  query workers until the time limit stops it.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serving import start_server, stop_server  # noqa: E402 (the tests' way of starting the server)

SIMPLE = ("PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>\n"
          "SELECT ?court WHERE { ?court a sdd:Court } ORDER BY ?court LIMIT 3")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CASE = "case/439-F.3d-1055"
LARGEST = "https://w3id.org/sdd-kg/case/439-F.3d-1055/opinion/dissent/jay-s-bybee"


def fetch(port: int, path: str, accept: str = "*/*") -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept": accept})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - start


def with_wrk(port: int, path: str, accept: str, duration: int, connections: int) -> dict:
    done = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-H", f"Accept: {accept}",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    )
    out = done.stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])}
    for name, pattern in (("p50", r"50%\s+([\d.]+)(us|ms|s)"), ("p99", r"99%\s+([\d.]+)(us|ms|s)")):
        value, unit = re.search(pattern, out).groups()
        figures[name] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    figures["errors"] = int(errors[1]) if errors else 0
    return figures


def with_threads(port: int, path: str, accept: str, duration: int, connections: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + duration

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            latencies.append(time.perf_counter() - start)
            if response.status >= 400:
                errors[0] += 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "rps": len(latencies) / duration,
        "p50": 1000 * latencies[len(latencies) // 2],
        "p99": 1000 * latencies[int(len(latencies) * 0.99)],
        "errors": errors[0],
    }


def describe_cold(dist: Path) -> list[float]:
    """Milliseconds to describe and serialize each case once (no cache)."""
    from sdd_kg.describe import Describer
    from sdd_kg.serialize import serialize_triples
    from sdd_kg.store import open_store

    store = open_store(dist)
    describer = Describer(store)
    cases = [r["c"].value for r in store.query(
        "SELECT DISTINCT ?c { ?c a <https://w3id.org/sdd-kg/ontology#Case> } ORDER BY ?c")]
    times = []
    for iri in cases:
        start = time.perf_counter()
        serialize_triples(describer.describe(iri).triples, "ttl", lead=iri)
        times.append(1000 * (time.perf_counter() - start))
    return times


def largest_cold(dist: Path) -> dict[str, float]:
    """Milliseconds for the largest description (an opinion with its text), per format."""
    from sdd_kg.pages import render
    from sdd_kg.site import BaseMap, Site
    from sdd_kg.store import open_store

    site = Site(open_store(dist), BaseMap("http://127.0.0.1:8000/"), dist, ROOT / "data")
    found = {}
    start = time.perf_counter()
    description = site.describe(LARGEST)
    found["describe"] = 1000 * (time.perf_counter() - start)
    from sdd_kg.serialize import serialize_triples

    for fmt in ("ttl", "nt", "jsonld"):
        start = time.perf_counter()
        serialize_triples(description.triples, fmt, lead=LARGEST)
        found[fmt] = 1000 * (time.perf_counter() - start)
    start = time.perf_counter()
    render(site, LARGEST)
    found["html"] = 1000 * (time.perf_counter() - start)
    found["triples"] = len(description.triples)
    return found


def measure(port: int, load, args: argparse.Namespace) -> tuple[list, dict]:
    """The load figures, over the running server on ``port``, with ``load``
    (:func:`with_wrk` or :func:`with_threads`)."""
    select = "/sparql?" + urlencode({"query": SIMPLE})
    fetch(port, f"/{CASE}.ttl", "text/turtle")  # the first request fills the cache
    rows = [
        ("simple SELECT (JSON)", load(port, select, "application/sparql-results+json", args.duration, args.connections)),
        ("case in Turtle (cached)", load(port, f"/{CASE}.ttl", "text/turtle", args.duration, args.connections)),
        ("case IRI -> 303", load(port, f"/{CASE}", "text/turtle", args.duration, args.connections)),
    ]
    runaway: dict = {}

    def run_away() -> None:
        runaway["status"], runaway["seconds"] = fetch(port, "/sparql?query=" + quote(RUNAWAY), "text/csv")

    thread = threading.Thread(target=run_away)
    thread.start()
    time.sleep(0.5)  # let it reach a worker
    rows.append(("simple SELECT, runaway running",
                 load(port, select, "application/sparql-results+json", args.duration, args.connections)))
    rows.append(("case in Turtle, runaway running",
                 load(port, f"/{CASE}.ttl", "text/turtle", args.duration, args.connections)))
    thread.join()
    return rows, runaway


PAGES = (
    ("home page", None),
    ("a case (Kennedy)", "https://w3id.org/sdd-kg/case/439-F.3d-1055"),
    ("opinion with text (Murguia)",
     "https://w3id.org/sdd-kg/case/836-F.3d-1117/opinion/concurrence-in-part-dissent-in-part/mary-h-murguia"),
    ("opinion with text (Bybee)", LARGEST),
    ("the ontology", "https://w3id.org/sdd-kg/ontology"),
    ("a court (Ninth Circuit)", "https://w3id.org/sdd-kg/court/ca9"),
    ("a factor (affirmative act)", "https://w3id.org/sdd-kg/ontology#AffirmativeAct"),
    ("a citation", LARGEST + "/citation/54286-54331"),
)


def pages_cold(dist: Path, runs: int = 5) -> list[tuple[str, float]]:
    """Median milliseconds to render each kind of page in-process, uncached
    (a fresh site per run, so nothing is memoised between runs)."""
    from sdd_kg.pages import index, render
    from sdd_kg.site import BaseMap, Site
    from sdd_kg.store import open_store

    store = open_store(dist)
    found = []
    for name, iri in PAGES:
        times = []
        for _ in range(runs):
            site = Site(store, BaseMap("http://127.0.0.1:8000/"), dist, ROOT / "data")
            start = time.perf_counter()
            page = index(site) if iri is None else render(site, iri)
            times.append(1000 * (time.perf_counter() - start))
            if page is None:
                raise SystemExit(f"no page for {iri}")
        found.append((name, statistics.median(times)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    load = with_wrk if shutil.which("wrk") else with_threads
    print(f"load generator: {'wrk' if load is with_wrk else 'Python threads'}, "
          f"{args.connections} connections, {args.duration} s per figure")
    timeout = 3 * args.duration
    with tempfile.TemporaryDirectory() as folder:
        # serve's own defaults for the result and memory limits
        server = start_server(args.dist, Path(folder) / "serve.log", timeout=timeout, max_results=10_000, memory_mb=2048)
        try:
            rows, runaway = measure(urlsplit(server.url).port, load, args)
        finally:
            stop_server(server)

    print(f"{'request':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, f in rows:
        print(f"{name:<34} {f['rps']:>8.0f} {f['p50']:>8.2f} {f['p99']:>8.2f} {f['errors']:>7}")
    print(f"runaway query: HTTP {runaway.get('status')} after {runaway.get('seconds', 0):.1f} s "
          f"(time limit {timeout} s)")
    cold = describe_cold(args.dist)
    print(f"uncached description + Turtle, {len(cold)} cases: mean {statistics.mean(cold):.1f} ms, "
          f"median {statistics.median(cold):.1f} ms, max {max(cold):.1f} ms")
    print("pages rendered in-process, uncached (median of 5): " + ", ".join(
        f"{name} {ms:.0f} ms" for name, ms in pages_cold(args.dist)))
    big = largest_cold(args.dist)
    print(f"largest description ({big['triples']:.0f} triples, Judge Bybee's dissent), uncached: "
          f"describe {big['describe']:.0f} ms, then Turtle {big['ttl']:.0f} ms, N-Triples {big['nt']:.0f} ms, "
          f"JSON-LD {big['jsonld']:.0f} ms, page (describe included) {big['html']:.0f} ms")


if __name__ == "__main__":
    main()
