"""Measure the query store against rdflib: load time, size, query times, memory.

Prints figures; asserts nothing. For each dataset size, every named query of
the cookbook (``sdd_kg/queries/*.rq``, with its default bindings) runs up to
``--runs`` times in

* **Oxigraph**: the on-disk store exactly as ``sdd-kg build`` writes it
  (:func:`sdd_kg.store.stage_store`: the named graphs, the ontology graph, and
  their merge as the default graph), opened read-only, one process per query;
* **rdflib**: an in-memory ``Dataset(default_union=True)`` holding the same
  quads and the ontology, loaded once per size; each query runs in a forked
  copy of that process.

Both engines answer through :mod:`sdd_kg.queries` (``run`` and
``run_rdflib``), so a run's time is evaluation plus reading every row. A query
that has not finished all its runs ``--limit`` seconds after it started is
stopped: the table shows the median of the runs that finished, or "> LIMIT s"
when none did. The row counts of the two engines must agree; a mismatch is
printed as ``!!! MISMATCH``, and answers with the same count but different
values are flagged too. Peak RSS is each engine's own (``VmHWM``): of its
loading process, and the largest of its query processes (a forked rdflib
query process counts the loaded dataset it shares with its parent).

**How the sizes are made.** The base is the dataset as built from ``data/``:
the quads of its named graphs (12,901 today), read from the built store. It is
replicated k times. Copy 0 is the base unchanged; in copy i > 0 every IRI
(subject, object or graph name) that starts with ``https://w3id.org/sdd-kg/``
is rewritten to start with ``https://w3id.org/sdd-kg/copy-i/``, except the
vocabulary (IRIs starting ``https://w3id.org/sdd-kg/ontology``: the ``sdd:``
terms, the factor concepts and the ontology itself), so that copies do not
merge and each copy answers the cookbook's queries as the original does.
Literals are kept. The ontology and factor scheme (1,818 triples today) are added
once, in their own graph. k is the whole number of copies whose quad count
comes nearest the target (at least 1); the exact count is printed.

Usage:

    python scripts/benchmark_store.py [--sizes 10000,100000,1000000] [--runs 5]
                                      [--limit 60] [--dist DIST] [--queries a,b]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

from sdd_kg.namespaces import BASE, ontology_graph
from sdd_kg.queries import Answer, bindings_for, named_queries
from sdd_kg.store import ONTOLOGY_GRAPH, commit_store, open_store, stage_store, store_path

ONTOLOGY_TRIPLES = len(ontology_graph())  # the ontology graph, added once at every size

VOCABULARY = BASE + "ontology"
ROOT = Path(__file__).resolve().parents[1]


# -- the scaled dataset ----------------------------------------------------


def base_quads(dist: Path) -> list[ox.Quad]:
    """The build's named-graph quads (not the ontology graph, not the merged default graph)."""
    store = open_store(dist)
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    return [q for q in store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != ontology]


def _moved(term, prefix: str):
    if isinstance(term, ox.NamedNode) and term.value.startswith(BASE) and not term.value.startswith(VOCABULARY):
        return ox.NamedNode(prefix + term.value[len(BASE):])
    return term


def write_scaled(base: list[ox.Quad], copies: int, path: Path) -> int:
    """Write ``copies`` copies of ``base`` as N-Quads; returns the quad count."""
    with path.open("wb") as out:
        for i in range(copies):
            prefix = f"{BASE}copy-{i}/"
            quads = base if i == 0 else (
                ox.Quad(_moved(q.subject, prefix), q.predicate, _moved(q.object, prefix), _moved(q.graph_name, prefix))
                for q in base
            )
            ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
    return copies * len(base)


# -- running one query, with a time limit -----------------------------------


def digest(answer: Answer) -> str:
    """Order-free fingerprint of an answer's values, to compare engines."""
    if answer.boolean is not None:
        return str(answer.boolean)
    if answer.graph is not None:
        return hashlib.sha256("\n".join(sorted(f"{s} {p} {o}" for s, p, o in answer.graph)).encode()).hexdigest()
    rows = sorted("\t".join("" if v is None else v.text for v in row) for row in answer.rows)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def size_of(answer: Answer) -> int:
    return len(answer.graph) if answer.graph is not None else 1 if answer.boolean is not None else len(answer.rows)


def runs_until(limit: float, runs: int, once, emit) -> None:
    """Run ``once`` up to ``runs`` times, emitting each run's figures at once;
    start no new run after ``limit`` seconds."""
    started = time.perf_counter()
    for _ in range(runs):
        t0 = time.perf_counter()
        try:
            answer = once()
        except Exception as exc:  # reported in the table, not raised
            emit({"error": str(exc)})
            return
        emit({"seconds": time.perf_counter() - t0, "rows": size_of(answer), "digest": digest(answer), "rss": peak_rss_mib()})
        if time.perf_counter() - started >= limit:
            break


class Lines:
    """JSON lines from a pipe, read against a clock."""

    def __init__(self, fd: int) -> None:
        self.fd, self.buffer = fd, b""

    def read(self, limit: float, until=None) -> list[dict]:
        """Lines until EOF, ``limit`` seconds, or a line for which ``until`` holds."""
        deadline = time.monotonic() + limit
        found = []
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                if line.strip():
                    found.append(json.loads(line))
                    if until is not None and until(found[-1]):
                        return found
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return found
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return found
            self.buffer += chunk


def summarise(name: str, results: list[dict], runs: int, limit: float) -> dict:
    rss = max([0.0] + [r["rss"] for r in results if "rss" in r])
    errors = [r["error"] for r in results if r.get("error") not in (None, "stopped")]
    results = [r for r in results if "error" not in r]
    if not results:
        return {"query": name, "median": None, "rows": None, "digest": None, "runs": 0, "limit": limit,
                "error": errors[0] if errors else None, "rss": rss}
    return {
        "query": name,
        "rss": rss,
        "median": statistics.median(r["seconds"] for r in results),
        "rows": results[0]["rows"],
        "digest": results[0]["digest"],
        "runs": len(results),
        "wanted": runs,
    }


def peak_rss_mib(pid: int | str = "self") -> float:
    """A process's peak resident set (VmHWM), in MiB. Not getrusage: its
    ru_maxrss survives exec, so a worker would report its parent's peak."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


# -- workers (separate processes, so each engine's memory is its own) --------


def oxigraph_load(nquads: Path, workdir: Path) -> dict:
    t0 = time.perf_counter()
    commit_store(stage_store(nquads.read_text("utf-8"), workdir), workdir)
    seconds = time.perf_counter() - t0
    on_disk = sum(p.stat().st_size for p in store_path(workdir).rglob("*") if p.is_file())
    return {"load": seconds, "bytes": on_disk, "rss": peak_rss_mib()}


def oxigraph_query(workdir: Path, name: str, runs: int, limit: float) -> None:
    from sdd_kg.queries import run

    query = named_queries()[name]
    bindings = bindings_for(query)
    store = open_store(workdir)
    print(json.dumps({"ready": True}), flush=True)
    runs_until(limit, runs, lambda: run(query, store, bindings), lambda r: print(json.dumps(r), flush=True))


def rdflib_worker(nquads: Path, names: list[str], runs: int, limit: float) -> dict:
    from rdflib import Dataset, URIRef

    from sdd_kg.namespaces import ontology_graph
    from sdd_kg.queries import run_rdflib

    t0 = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(str(nquads), format="nquads")
    ontology = dataset.graph(URIRef(ONTOLOGY_GRAPH))
    for triple in ontology_graph():
        ontology.add(triple)
    load = time.perf_counter() - t0
    loaded_rss = peak_rss_mib()
    queries = named_queries()
    results = []
    for name in names:
        query = queries[name]
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # the copy-on-write child runs the query; the parent keeps the clock
            os.close(read_end)
            try:
                _rdflib_runs(run_rdflib, query, dataset, write_end, runs, limit)
            finally:
                os._exit(0)
        os.close(write_end)
        lines = Lines(read_end).read(limit)
        os.close(read_end)
        lines.append({"error": "stopped", "rss": peak_rss_mib(child)})  # its peak, also when it is cut short
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(child, 0)
        results.append(summarise(name, lines, runs, limit))
    rss = max([peak_rss_mib()] + [r["rss"] for r in results])  # the forked children report their own
    return {"load": load, "loaded_rss": loaded_rss, "rss": rss, "queries": results}


def _rdflib_runs(run_rdflib, query, dataset, fd: int, runs: int, limit: float) -> None:
    bindings = bindings_for(query)
    runs_until(limit, runs, lambda: run_rdflib(query, dataset, bindings),
               lambda r: os.write(fd, (json.dumps(r) + "\n").encode()))


def _worker_main(args) -> None:
    if args.worker == "oxigraph-load":
        print(json.dumps(oxigraph_load(args.nquads, args.workdir)))
    elif args.worker == "oxigraph-query":
        oxigraph_query(args.workdir, args.query, args.runs, args.limit)
    elif args.worker == "rdflib":
        print(json.dumps(rdflib_worker(args.nquads, args.query.split(","), args.runs, args.limit)))


def _spawn(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


# -- the parent: sizes, engines, the table ----------------------------------


def oxigraph_side(nquads: Path, workdir: Path, names: list[str], runs: int, limit: float) -> dict:
    loaded = json.loads(subprocess.run(_spawn("--worker", "oxigraph-load", "--nquads", str(nquads), "--workdir", str(workdir)),
                                       check=True, capture_output=True, text=True).stdout)
    results, rss = [], 0.0
    for name in names:
        proc = subprocess.Popen(_spawn("--worker", "oxigraph-query", "--workdir", str(workdir), "--query", name,
                                       "--runs", str(runs), "--limit", str(limit)), stdout=subprocess.PIPE)
        stream = Lines(proc.stdout.fileno())
        if stream.read(120, until=lambda line: "ready" in line):  # imports and opening the store: not timed
            lines = stream.read(limit)
        else:
            lines = [{"error": "the query process did not start"}]
        lines.append({"error": "stopped", "rss": peak_rss_mib(proc.pid)})
        proc.kill()
        proc.wait()
        results.append(summarise(name, lines, runs, limit))
        rss = max(rss, results[-1]["rss"])
    return {"load": loaded["load"], "bytes": loaded["bytes"], "loaded_rss": loaded["rss"], "rss": rss, "queries": results}


def rdflib_side(nquads: Path, names: list[str], runs: int, limit: float) -> dict:
    out = subprocess.run(_spawn("--worker", "rdflib", "--nquads", str(nquads), "--query", ",".join(names),
                                "--runs", str(runs), "--limit", str(limit)), check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def _ms(result: dict) -> str:
    if result["median"] is None:
        if result.get("error"):
            return "" if result["error"] == "not run" else "error"
        return f"> {result['limit']:g} s"
    note = "" if result["runs"] == result["wanted"] else f" ({result['runs']} runs)"
    return f"{result['median'] * 1000:,.1f}{note}"


def _mib(n: float) -> str:
    return f"{n / 1024:,.2f} GiB" if n >= 1024 else f"{n:,.0f} MiB"


def machine() -> str:
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), {int(mem) / 1024 / 1024:.0f} GiB RAM; "
            f"Python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}, rdflib {version('rdflib')}")


def report(target: int, quads: int, copies: int, file_bytes: int, names: list[str], oxi: dict | None, rdf: dict | None) -> bool:
    total = quads + ONTOLOGY_TRIPLES
    print(f"\n== about {target:,} triples: {copies} cop{'y' if copies == 1 else 'ies'}, {quads:,} quads "
          f"+ the ontology = {total:,} (N-Quads file {file_bytes / 2**20:,.1f} MiB)")
    print(f"{'engine':<10} {'load s':>8} {'on disk':>10} {'peak RSS loading':>17} {'peak RSS querying':>18}")
    if oxi:
        print(f"{'oxigraph':<10} {oxi['load']:>8.2f} {oxi['bytes'] / 2**20:>6,.1f} MiB {_mib(oxi['loaded_rss']):>17} "
              f"{_mib(oxi['rss']):>18}")
    if rdf:
        print(f"{'rdflib':<10} {rdf['load']:>8.2f} {'(memory)':>10} {_mib(rdf['loaded_rss']):>17} {_mib(rdf['rss']):>18}")
    print(f"{'query':<48} {'rows':>6} {'oxigraph ms':>13} {'rdflib ms':>18} {'rdflib/oxigraph':>16}")
    agreed = True
    missing = [{"median": None, "rows": None, "digest": None, "limit": 0, "error": "not run"}] * len(names)
    for o, r in zip(oxi["queries"] if oxi else missing, rdf["queries"] if rdf else missing, strict=True):
        ratio = f"{r['median'] / o['median']:,.0f}x" if o["median"] and r["median"] else ""
        rows = o["rows"] if o["rows"] is not None else r["rows"]
        name = o.get("query") or r.get("query")
        print(f"{name:<48} {'' if rows is None else rows:>6} {_ms(o):>13} {_ms(r):>18} {ratio:>16}")
        if o["rows"] is not None and r["rows"] is not None:
            if o["rows"] != r["rows"]:
                agreed = False
                print(f"!!! MISMATCH {name}: oxigraph {o['rows']} rows, rdflib {r['rows']} rows")
            elif o["digest"] != r["digest"]:
                print(f"    note: {name}: same row count, different values")
    sys.stdout.flush()
    return agreed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="target sizes in triples, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (the median is shown)")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per query and engine, all runs together")
    parser.add_argument("--dist", type=Path, default=None, help="a built dataset (default: build data/ afresh)")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--queries", default=None, help="named queries to run (default: all)")
    parser.add_argument("--engines", default="oxigraph,rdflib", help="engines to measure")
    parser.add_argument("--worker", choices=["oxigraph-load", "oxigraph-query", "rdflib"], help=argparse.SUPPRESS)
    parser.add_argument("--nquads", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker_main(args)
        return 0

    names = args.queries.split(",") if args.queries else list(named_queries())
    engines = args.engines.split(",")
    print(f"machine: {machine()}")
    print(f"runs per query: {args.runs}; limit per query and engine: {args.limit:g} s; started {time.strftime('%Y-%m-%d %H:%M %Z')}")
    with tempfile.TemporaryDirectory(prefix="sdd-kg-bench-") as tmp:
        tmp = Path(tmp)
        dist = args.dist
        if dist is None:
            from sdd_kg.build import build

            dist = tmp / "dist"
            build(args.data, dist)
        base = base_quads(dist)
        print(f"base: {len(base):,} quads in the build's named graphs")
        all_agreed = True
        for target in (int(s) for s in args.sizes.split(",")):
            copies = max(1, round((target - ONTOLOGY_TRIPLES) / len(base)))
            nquads = tmp / f"scaled-{copies}.nq"
            quads = write_scaled(base, copies, nquads)
            workdir = tmp / f"store-{copies}"
            oxi = oxigraph_side(nquads, workdir, names, args.runs, args.limit) if "oxigraph" in engines else None
            shutil.rmtree(workdir, ignore_errors=True)
            rdf = rdflib_side(nquads, names, args.runs, args.limit) if "rdflib" in engines else None
            all_agreed &= report(target, quads, copies, nquads.stat().st_size, names, oxi, rdf)
            nquads.unlink()
    if len(engines) > 1:
        print("\nrow counts agree between the engines" if all_agreed else "\n!!! ROW COUNTS DISAGREE: see MISMATCH above")
    return 0


if __name__ == "__main__":
    sys.exit(main())
