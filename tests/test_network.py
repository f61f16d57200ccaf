"""The citation network picture: deterministic layout, its structure, what it
says with colour and size, and escaping."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest

from sdd_kg import network as net

SVG = "{http://www.w3.org/2000/svg}"


def node(key, year, court, label=None, **kw):
    names = {"scotus": "Supreme Court", "ca9": "Ninth Circuit", "ca10": "Tenth Circuit", None: None}
    return net.Node(key=key, label=label or key, title=f"{key} ({year})", href=f"/case/{key}", court=court,
                    court_label=court, court_name=names.get(court, court), year=year, **kw)


NODES = [
    node("deshaney", 1989, "scotus", "DeShaney"),
    node("wood", 1989, "ca9", "Wood"),
    node("grubbs", 1992, "ca9", "Grubbs"),
    node("uhlrig", 1995, "ca10", "Uhlrig"),
    node("kennedy", 2006, "ca9", "Kennedy"),
    node("pauluk", 2016, "ca9", "Pauluk"),
    node("partial", None, None, "879 F.2d ___"),
]
ROWS = [
    ("kennedy", "deshaney", "relies-on", 10), ("kennedy", "deshaney", "discusses", 2),
    ("kennedy", "wood", "relies-on", 7), ("kennedy", "grubbs", "distinguishes", 3),
    ("kennedy", "uhlrig", "criticises", 1), ("pauluk", "kennedy", "relies-on", 4),
    ("pauluk", "deshaney", "discusses", 2), ("pauluk", "partial", "relies-on", 1),
    ("kennedy", "kennedy", "discusses", 82),  # a dissent answering its majority: not an edge
    ("kennedy", "nowhere", "relies-on", 1),  # an unknown node: not an edge
]


def network():
    return net.build_network(NODES, ROWS)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_same_data_same_bytes_whatever_the_order():
    first = net.to_svg(network(), title="t")
    shuffled_nodes, shuffled_rows = NODES[:], ROWS[:]
    random.Random(7).shuffle(shuffled_nodes)
    random.Random(8).shuffle(shuffled_rows)
    assert net.to_svg(net.build_network(shuffled_nodes, shuffled_rows), title="t") == first
    assert net.to_svg(network(), title="t") == first


def test_structure_nodes_edges_legends():
    graph = network()
    root = parse(net.to_svg(graph, title="The network"))
    nodes = root.findall(f".//{SVG}a[@class='node']")
    assert sorted(a.get("data-iri") for a in nodes) == sorted(n.key for n in NODES)
    assert all(a.get("href") == f"/case/{a.get('data-iri')}" for a in nodes)
    assert {a.find(f"{SVG}text").text for a in nodes} == {n.label for n in NODES}
    edges = root.findall(f".//{SVG}path[@class='edge']")
    assert len(edges) == len(graph.edges) == 7  # self-citation and unknown node left out
    colours = {key: colour for key, _, colour in net.TREATMENTS}
    by_treatment = sorted(e.get("data-treatment") for e in edges)
    assert by_treatment == sorted(["relies-on", "relies-on", "distinguishes", "criticises", "relies-on", "discusses", "relies-on"])
    assert all(e.get("stroke") == colours[e.get("data-treatment")] for e in edges)
    # Kennedy -> DeShaney: relies on 10, discusses 2; the tooltip says both.
    tip = next(e.find(f"{SVG}title").text for e in edges if "DeShaney" in e.find(f"{SVG}title").text
               and e.find(f"{SVG}title").text.startswith("Kennedy"))
    assert tip == "Kennedy \u2192 DeShaney: discusses 2, relies on 10"
    legend = root.find(f".//{SVG}g[@class='legend']")
    courts = [t.text for t in legend.findall(f"{SVG}text[@class='legend-court']")]
    assert courts == ["Supreme Court", "Ninth Circuit", "Tenth Circuit", "court unknown"]  # lane order
    assert [t.text for t in legend.findall(f"{SVG}text[@class='legend-treatment']")] == [w for _, w, _ in net.TREATMENTS]
    # Colour by court: every circle has its court's colour.
    for a in nodes:
        court = next(n.court for n in NODES if n.key == a.get("data-iri"))
        assert a.find(f"{SVG}circle").get("fill") == net.court_colour(court)


def test_size_by_times_cited_and_time_runs_left_to_right():
    graph = network()
    place = net.layout(graph)
    cited = {n.key: graph.cited(n.key) for n in NODES}
    assert cited == {"deshaney": 14, "wood": 7, "grubbs": 3, "uhlrig": 1, "kennedy": 4, "pauluk": 0, "partial": 1}
    radius = {k: place.positions[k][2] for k in cited}
    assert radius["deshaney"] > radius["wood"] > radius["kennedy"] > radius["grubbs"] > radius["uhlrig"] > radius["pauluk"]
    x = {k: place.positions[k][0] for k in cited}
    assert x["partial"] < x["wood"] == x["deshaney"] < x["grubbs"] < x["uhlrig"] < x["kennedy"] < x["pauluk"]


def test_lanes_follow_court_rank_and_nothing_overlaps():
    many = [node(f"c{i}", 1990 + i % 3, "ca9", f"Case number {i}") for i in range(12)]
    many += [node("s", 1991, "scotus"), node("t", 1991, "ca10"), node("u", 1991, "ca2"), node("d", 1991, "wawd")]
    graph = net.build_network(many, [("c0", f"c{i}", "relies-on", i) for i in range(1, 12)])
    place = net.layout(graph)
    assert [lane.court for lane in place.lanes] == ["scotus", "ca2", "ca9", "ca10", "wawd"]
    boxes = []
    for n in graph.nodes:
        x, y, r = place.positions[n.key]
        boxes.append((x - r, x + r + net.LABEL_GAP + net.label_width(n.label), y - max(r, 7), y + max(r, 7), n.key))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2], (a[4], b[4])
    for lane in place.lanes:  # every node sits in its court's lane
        for n in graph.nodes:
            if n.court == lane.court:
                assert lane.top < place.positions[n.key][1] < lane.bottom


def test_neighbourhood_keeps_the_case_what_it_cites_and_what_cites_it():
    around = network().neighbourhood("kennedy")
    assert sorted(n.key for n in around.nodes) == ["deshaney", "grubbs", "kennedy", "pauluk", "uhlrig", "wood"]
    assert all("kennedy" in (e.source, e.target) for e in around.edges) and len(around.edges) == 5
    root = parse(net.to_svg(around, title="t", focus="kennedy", id_prefix="hood"))
    focus = root.findall(f".//{SVG}a[@class='node focus']")
    assert [a.get("data-iri") for a in focus] == ["kennedy"]
    assert all(m.get("id").startswith("hood-") for m in root.iter(f"{SVG}marker"))


@pytest.mark.parametrize("counts, expected", [
    ((("relies-on", 3),), "relies-on"),
    ((("discusses", 2), ("relies-on", 10)), "relies-on"),
    ((("discusses", 2), ("relies-on", 2)), "relies-on"),
    ((("distinguishes", 2), ("relies-on", 2)), "distinguishes"),
    ((("criticises", 1), ("distinguishes", 1)), "criticises"),
    ((("discusses", 5), ("distinguishes", 1)), "discusses"),
])
def test_edge_treatment_is_the_majority_ties_to_what_matters_most(counts, expected):
    assert net.Edge("a", "b", counts).treatment == expected


@pytest.mark.parametrize("title, expected", [
    ("Kennedy v. City of Ridgefield", "Kennedy"),
    ("DeShaney v. Winnebago County Dep't of Soc. Servs.", "DeShaney"),
    ("L.W. v. Grubbs", "Grubbs"),
    ("County of Sacramento v. Lewis", "Sacramento"),
    ("United States v. Lawrence", "Lawrence"),
    ("Estate of Ford v. Ramirez-Palmer", "Ford"),
    (None, "case/1-F.3d-___"),
])
def test_short_name(title, expected):
    assert net.short_name(title, "case/1-F.3d-___") == expected


def test_two_cases_of_one_name_are_told_apart_by_year():
    graph = net.build_network([node("g1", 1992, "ca9", "Grubbs"), node("g2", 1996, "ca9", "Grubbs")], [])
    assert sorted(n.label for n in graph.nodes) == ["Grubbs (1992)", "Grubbs (1996)"]


def test_hostile_names_are_escaped():
    evil = net.Node(key="e", label='<script>alert("x")</script> & Co', title="</title><b>x</b>",
                    href='/case/e"><script>', court="ca9", court_label="9th <Cir>", court_name="Ninth & <Circuit>", year=2000)
    svg = net.to_svg(net.build_network([evil, node("k", 2006, "ca9")], [("k", "e", "relies-on", 1)]), title="<x>")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # well-formed XML
    a = root.find(f".//{SVG}a[@data-iri='e']")
    assert a.find(f"{SVG}text").text == '<script>alert("x")</script> & Co'
    assert a.get("href") == '/case/e"><script>'
