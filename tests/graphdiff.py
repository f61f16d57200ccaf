"""Compare graphs by isomorphism and explain the difference in triples."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic


def describe_difference(expected: Graph, actual: Graph, limit: int = 40) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{len(only_expected)} triple(s) only in expected, {len(only_actual)} only in actual"]
    for sign, graph in (("-", only_expected), ("+", only_actual)):
        for s, p, o in sorted(graph)[:limit]:
            lines.append(f"{sign} {s.n3()} {p.n3()} {o.n3()}")
    return "\n".join(lines)


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if to_isomorphic(expected) != to_isomorphic(actual):
        raise AssertionError("graphs differ:\n" + describe_difference(expected, actual))
