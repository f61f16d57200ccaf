"""Measure publishing: a private Virtuoso's start-up, and `sdd-kg publish` of the whole dataset.

Starts Virtuoso (Debian's virtuoso-opensource) the way the tests do
(tests/virtuoso.py), then times, per repeat: a fresh server's start-up until
its SPARQL endpoint answers; preparing the N-Triples bodies; the first
publish to the empty store; a second publish that replaces the same graphs;
and the whole command as a user runs it (a new process: Python start-up,
bodies, PUTs, pruning, counts). Prints figures; asserts nothing. Usage:

    python scripts/benchmark_publish.py [--repeat 3] [--dist dist] [--data data]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sdd_kg.publish import Target, dataset_graphs, publish  # noqa: E402
from tests import virtuoso  # noqa: E402


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def summary(name: str, samples: list[float]) -> str:
    return f"{name:<40} median {statistics.median(samples):7.2f} s   min {min(samples):7.2f} s   max {max(samples):7.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    if not virtuoso.installed():
        sys.exit("virtuoso-t is not installed: apt-get install virtuoso-opensource")
    if not (args.dist / "store" / "CURRENT").is_file():
        from sdd_kg.build import build

        build(args.data, args.dist)

    samples: dict[str, list[float]] = {}
    graphs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            server = virtuoso.start(Path(folder))
            try:
                samples.setdefault("virtuoso start-up", []).append(server.startup_seconds)
                graphs, seconds = timed(dataset_graphs, args.dist)
                samples.setdefault("prepare bodies (dataset_graphs)", []).append(seconds)
                target = Target(server.endpoint, server.graph_store, httpx.DigestAuth(virtuoso.USER, virtuoso.PASSWORD))
                for label in ("publish to an empty store", "publish again (replace)"):
                    result, seconds = timed(publish, graphs, target)
                    assert result.agrees
                    samples.setdefault(label, []).append(seconds)
                command = [sys.executable, "-m", "sdd_kg.cli", "publish", "--endpoint", server.endpoint,
                           "--graph-store", server.graph_store, "--user", virtuoso.USER, "--password-env",
                           "BENCH_PASSWORD", "--dist", str(args.dist), "--data", str(args.data)]
                env = {**os.environ, "BENCH_PASSWORD": virtuoso.PASSWORD}
                completed, seconds = timed(subprocess.run, command, env=env, capture_output=True, text=True)
                if completed.returncode != 0:
                    sys.exit(completed.stderr)
                samples.setdefault("`sdd-kg publish` command, end to end", []).append(seconds)
            finally:
                server.stop()

    triples = sum(g.triples for g in graphs)
    size = sum(len(g.body) for g in graphs)
    print(f"dataset: {len(graphs)} graphs, {triples} triples, {size / 1e6:.2f} MB of N-Triples; {args.repeat} repeats")
    for name, values in samples.items():
        print(summary(name, values))


if __name__ == "__main__":
    main()
