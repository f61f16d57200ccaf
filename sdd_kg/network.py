"""The citation network as a picture: cases on a timeline, one lane per court.

A lawyer reads a citation network by time and by court: precedent flows
backwards in time, and a Supreme Court decision weighs differently from a
sister circuit's. So the layout is not a force simulation but a chart:

* **x** is the decision year (a case without a known year, a *partial*
  case, stands in a column of its own at the left);
* **y** is the court: one horizontal lane per court, the Supreme Court
  first, then the circuits in number order, then the rest by id, a case
  of unknown court last; inside a lane, cases are packed into rows so that
  no circle or label overlaps another (greedy interval packing by x);
* a **node** is a circle coloured by its court (legend) whose area grows
  with the times the dataset cites the case, labelled with its short name,
  and a link to the case's page;
* an **edge** runs from the citing case to the cited case, a curve with an
  arrowhead, coloured by how the citing opinions treat the cited case
  (relies on, distinguishes, criticises, discusses; legend) and thicker for
  more citing instances. Where one case treats another in several ways the
  edge takes the treatment of most instances, a tie going to the one a
  reader most needs to see (criticises, distinguishes, relies on,
  discusses); its tooltip lists them all.

Everything is computed from the :class:`Network` in a fixed order and every
coordinate is written with one decimal, so the same data give byte-identical
SVG: no randomness, no iteration over unordered sets, no library whose
floating point could differ between machines. The text widths used for
packing are estimates (the SVG is drawn by the reader's browser, in its
fonts), generous enough that labels do not collide in common sans-serif
fonts.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field, replace
from html import escape

TREATMENTS = (
    ("relies-on", "relies on", "#1a7f37"),
    ("distinguishes", "distinguishes", "#b35900"),
    ("criticises", "criticises", "#cf222e"),
    ("discusses", "discusses", "#6e7781"),
)
"""Treatment notations (``sdd:Treatments``), how the legend says them, colour."""
_TREATMENT_COLOUR = {key: colour for key, _, colour in TREATMENTS}
_TIE_ORDER = ("criticises", "distinguishes", "relies-on", "discusses")
_UNKNOWN_TREATMENT = "#8c959f"
COURT_COLOURS = {
    "scotus": "#5b3a9e", "ca1": "#4a6fa5", "ca2": "#1f6fb2", "ca3": "#0f8a9d", "ca4": "#6d2e46",
    "ca5": "#b5478a", "ca6": "#8c564b", "ca7": "#3c4fa8", "ca8": "#c06c84", "ca9": "#1d3557",
    "ca10": "#006d77", "ca11": "#7b4b94", "cadc": "#545e75", "cafc": "#8a6d3b",
}
"""A court's colour, the same in every picture: purples, blues, teals, pinks,
browns, none near the treatments' green, orange, red and grey (so a node
never reads as an edge). Other courts take one of :data:`OTHER_COLOURS` by a
checksum of their id."""
OTHER_COLOURS = ("#6a4c93", "#277da1", "#9d4edd", "#5e548e", "#a05195", "#665191")
_NO_COURT_COLOUR = "#9e9e9e"

FONT_SIZE = 11
CHAR_WIDTH = 6.6  # a generous average advance of an 11 px sans-serif glyph
LANE_LABEL_WIDTH = 92.0
UNDATED_COLUMN = 44.0
LEFT = LANE_LABEL_WIDTH + 24.0
TOP = 34.0  # the year axis
LANE_PAD = 6.0
ROW_GAP = 6.0
LABEL_GAP = 4.0
PACK_GAP = 10.0
PLOT_WIDTH = 820.0
MIN_PER_YEAR, MAX_PER_YEAR = 14.0, 60.0


@dataclass(frozen=True)
class Node:
    """A case. ``key`` is its IRI; ``label`` the short name drawn beside it;
    ``title`` the tooltip; ``court`` a courts-db id and ``court_label`` what
    the lane and legend call it."""

    key: str
    label: str
    title: str
    href: str
    court: str | None = None
    court_label: str | None = None
    court_name: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Edge:
    """Citations from the opinions of case ``source`` of case ``target``:
    ``counts`` is (treatment notation, instances), one per treatment."""

    source: str
    target: str
    counts: tuple[tuple[str, int], ...]

    @property
    def instances(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def treatment(self) -> str:
        """The treatment of most instances; ties as the module docstring says."""
        rank = {t: i for i, t in enumerate(_TIE_ORDER)}
        return min(self.counts, key=lambda tn: (-tn[1], rank.get(tn[0], len(rank)), tn[0]))[0]


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def cited(self, key: str) -> int:
        """Citing instances of the case ``key`` in the dataset's opinions."""
        return sum(e.instances for e in self.edges if e.target == key)

    def neighbourhood(self, key: str) -> Network:
        """The case ``key``, what it cites and what cites it, and those edges."""
        edges = tuple(e for e in self.edges if key in (e.source, e.target))
        keep = {key} | {e.source for e in edges} | {e.target for e in edges}
        return Network(tuple(n for n in self.nodes if n.key in keep), edges)


_GENERIC_WORDS = frozenset(
    "city county state states united people estate department dep't dist district sch school police "
    "public board commonwealth town village of the and ex rel in re inc co corp".split()
)


def short_name(title: str | None, fallback: str) -> str:
    """The name a lawyer's short form uses: the first distinctive word of the
    first party ("Kennedy", "DeShaney"), else of the second ("L.W. v. Grubbs"
    is "Grubbs", "County of Sacramento v. Lewis" is "Lewis")."""
    for party in re.split(r"\s+v\.\s+", title or "")[:2]:
        for word in re.findall(r"[A-Z][\w'\u2019-]+", party):
            if word.lower() not in _GENERIC_WORDS and len(word) > 2:
                return word
    return title or fallback


def build_network(nodes, edge_rows) -> Network:
    """A :class:`Network` from nodes and ``(source, target, treatment,
    instances)`` rows, in a canonical order (so the picture does not depend on
    the order a query happened to return). Self-citations (a case's opinions
    answering each other) and edges to unknown nodes are left out. Two cases
    with the same label are told apart by their years."""
    nodes = sorted({n.key: n for n in nodes}.values(), key=lambda n: n.key)
    same: dict[str, int] = {}
    for node in nodes:
        same[node.label] = same.get(node.label, 0) + 1
    nodes = tuple(
        replace(n, label=f"{n.label} ({n.year if n.year is not None else '?'})") if same[n.label] > 1 else n
        for n in nodes
    )
    known = {n.key for n in nodes}
    grouped: dict[tuple[str, str], dict[str, int]] = {}
    for source, target, treatment, instances in edge_rows:
        if source == target or source not in known or target not in known:
            continue
        counts = grouped.setdefault((source, target), {})
        counts[treatment] = counts.get(treatment, 0) + int(instances)
    edges = tuple(
        Edge(s, t, tuple(sorted(counts.items()))) for (s, t), counts in sorted(grouped.items())
    )
    return Network(nodes, edges)


# --- Layout ------------------------------------------------------------------------


def court_rank(court: str | None) -> tuple:
    """Lane order: Supreme Court, numbered circuits, D.C. and Federal
    Circuits, other courts by id, unknown court last."""
    if court is None:
        return (4, 0, "")
    if court == "scotus":
        return (0, 0, court)
    numbered = re.fullmatch(r"ca(\d+)", court)
    if numbered:
        return (1, int(numbered.group(1)), court)
    if court in ("cadc", "cafc"):
        return (1, 100, court)
    return (2, 0, court)


def radius(cited: int) -> float:
    """Circle radius: area grows with the times cited, within 4..18 px."""
    return min(4.0 + 2.2 * math.sqrt(cited), 18.0)


def label_width(text: str) -> float:
    return CHAR_WIDTH * len(text)


@dataclass(frozen=True)
class Lane:
    court: str | None
    label: str
    colour: str
    top: float
    bottom: float


@dataclass
class Placement:
    """Where everything goes: node centres and radii, lanes, the year axis."""

    positions: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    lanes: list[Lane] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    ticks: list[tuple[int, float]] = field(default_factory=list)
    undated_x: float | None = None
    plot_bottom: float = 0.0


def layout(network: Network) -> Placement:
    """Place every node (see the module docstring); deterministic."""
    place = Placement()
    years = [n.year for n in network.nodes if n.year is not None]
    low, high = (min(years), max(years)) if years else (2000, 2000)
    if high - low < 4:
        low, high = low - 2, high + 2
    per_year = min(max(PLOT_WIDTH / (high - low), MIN_PER_YEAR), MAX_PER_YEAR)
    left = LEFT + (UNDATED_COLUMN if any(n.year is None for n in network.nodes) else 0.0)
    if left != LEFT:
        place.undated_x = LEFT + UNDATED_COLUMN / 2 - 8

    def x_of(node: Node) -> float:
        return place.undated_x if node.year is None else left + (node.year - low) * per_year

    cited = {n.key: network.cited(n.key) for n in network.nodes}
    courts = sorted({n.court for n in network.nodes}, key=court_rank)
    colours = {court: court_colour(court) for court in courts}
    right_edge = left + (high - low) * per_year
    y = TOP
    for court in courts:
        members = sorted(
            (n for n in network.nodes if n.court == court),
            key=lambda n: (x_of(n), -cited[n.key], n.label, n.key),
        )
        rows: list[list] = []  # [right end, largest radius, [(node, x, r)]]
        for node in members:
            x, r = x_of(node), radius(cited[node.key])
            extent = x + r + LABEL_GAP + label_width(node.label)
            right_edge = max(right_edge, extent)
            row = next((row for row in rows if row[0] + PACK_GAP <= x - r), None)
            if row is None:
                row = [0.0, 0.0, []]
                rows.append(row)
            row[0], row[1] = extent, max(row[1], r)
            row[2].append((node, x, r))
        top = y
        y += LANE_PAD
        for _, largest, placed in rows:
            height = max(2 * largest, FONT_SIZE + 3) + ROW_GAP
            for node, x, r in placed:
                place.positions[node.key] = (x, y + height / 2, r)
            y += height
        y += LANE_PAD
        sample = next(iter(members), None)
        label = (sample.court_label if sample and sample.court_label else court) or "court unknown"
        place.lanes.append(Lane(court, label, colours[court], top, y))
    place.plot_bottom = y
    place.width = math.ceil(right_edge + 16)
    step = 5 if per_year >= 10 else 10
    place.ticks = [(yr, left + (yr - low) * per_year) for yr in range(low, high + 1) if yr % step == 0]
    place.height = y
    return place


def court_colour(court: str | None) -> str:
    if court is None:
        return _NO_COURT_COLOUR
    return COURT_COLOURS.get(court) or OTHER_COLOURS[zlib.crc32(court.encode("utf-8")) % len(OTHER_COLOURS)]


# --- SVG -------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate with one decimal (no "-0.0")."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


BEND, MAX_BEND = 0.18, 70.0


def _curve(source: tuple[float, float, float], target: tuple[float, float, float], top: float, bottom: float) -> str:
    """A quadratic curve from the source circle's edge to just before the
    target's, bending to the left of its direction (so that two cases citing
    each other get two curves), by a fraction of its length up to a limit,
    and never so far that it leaves the plot (``top``..``bottom``)."""
    (sx, sy, sr), (tx, ty, tr) = source, target
    dx, dy = tx - sx, ty - sy
    length = math.hypot(dx, dy) or 1.0
    bend = min(BEND * length, MAX_BEND)
    cx, cy = (sx + tx) / 2 - dy / length * bend, (sy + ty) / 2 + dx / length * bend
    # The curve reaches halfway from its chord's middle to the control point.
    cy = min(max(cy, 2 * top - (sy + ty) / 2), 2 * bottom - (sy + ty) / 2)

    def toward(px, py, qx, qy, distance):
        d = math.hypot(qx - px, qy - py) or 1.0
        return px + (qx - px) / d * distance, py + (qy - py) / d * distance

    start = toward(sx, sy, cx, cy, sr)
    end = toward(tx, ty, cx, cy, tr + 2.5)
    return f"M{_n(start[0])},{_n(start[1])} Q{_n(cx)},{_n(cy)} {_n(end[0])},{_n(end[1])}"


def _edge_width(instances: int) -> float:
    return min(1.0 + 0.9 * math.sqrt(instances - 1), 5.0)


def to_svg(network: Network, *, title: str, focus: str | None = None, id_prefix: str = "net") -> str:
    """The picture as a standalone SVG document (also fit to inline in HTML).

    ``focus`` marks one case (a case page's own); ``id_prefix`` keeps the
    ids of two pictures on one page apart."""
    place = layout(network)
    by_key = {n.key: n for n in network.nodes}
    cited = {n.key: network.cited(n.key) for n in network.nodes}
    legend_top = place.height + 18
    legend, legend_height = _legend(place, network, legend_top, id_prefix)
    width, height = place.width, legend_top + legend_height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="group" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="system-ui, \'DejaVu Sans\', \'Liberation Sans\', sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(_describe(network))}</desc>',
        "<defs>",
    ]
    for key, _, colour in (*TREATMENTS, ("other", "", _UNKNOWN_TREATMENT)):
        out.append(
            f'<marker id="{id_prefix}-arrow-{key}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" '
            f'markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append(f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>')
    # Lanes and the year axis.
    for i, lane in enumerate(place.lanes):
        shade = "#f6f8fa" if i % 2 == 0 else "#ffffff"
        out.append(f'<rect class="lane" x="0" y="{_n(lane.top)}" width="{_n(width)}" height="{_n(lane.bottom - lane.top)}" fill="{shade}"/>')
        middle = (lane.top + lane.bottom) / 2
        out.append(f'<rect x="6" y="{_n(middle - 5)}" width="10" height="10" fill="{lane.colour}"/>')
        out.append(f'<text x="20" y="{_n(middle + 4)}" fill="#24292f">{escape(_clip(lane.label, 12))}</text>')
    for year, x in place.ticks:
        out.append(f'<line x1="{_n(x)}" y1="{_n(TOP - 6)}" x2="{_n(x)}" y2="{_n(place.plot_bottom)}" stroke="#d0d7de" stroke-width="0.6"/>')
        out.append(f'<text x="{_n(x)}" y="{_n(TOP - 10)}" text-anchor="middle" fill="#57606a">{year}</text>')
    if place.undated_x is not None:
        out.append(f'<text x="{_n(place.undated_x)}" y="{_n(TOP - 10)}" text-anchor="middle" fill="#57606a">no year</text>')
    # Edges under the nodes.
    out.append('<g class="edges" fill="none" stroke-opacity="0.7">')
    for edge in network.edges:
        treatment = edge.treatment
        colour = _TREATMENT_COLOUR.get(treatment, _UNKNOWN_TREATMENT)
        marker = treatment if treatment in _TREATMENT_COLOUR else "other"
        words = ", ".join(f"{_treatment_words(t)} {n}" for t, n in edge.counts)
        tip = f"{by_key[edge.source].label} \u2192 {by_key[edge.target].label}: {words}"
        out.append(
            f'<path class="edge" data-treatment="{_attr(treatment)}" d="{_curve(place.positions[edge.source], place.positions[edge.target], TOP, place.plot_bottom)}" '
            f'stroke="{colour}" stroke-width="{_n(_edge_width(edge.instances))}" marker-end="url(#{id_prefix}-arrow-{marker})">'
            f"<title>{escape(tip)}</title></path>"
        )
    out.append("</g>")
    # Nodes, each a link.
    colours = {lane.court: lane.colour for lane in place.lanes}
    out.append('<g class="nodes">')
    for node in sorted(network.nodes, key=lambda n: (place.positions[n.key][1], place.positions[n.key][0], n.key)):
        x, y, r = place.positions[node.key]
        focused = node.key == focus
        stroke = ' stroke="#1b1f24" stroke-width="2.5"' if focused else ' stroke="#ffffff" stroke-width="1"'
        weight = ' font-weight="bold"' if focused else ""
        times = cited[node.key]
        tip = f"{node.title}; cited {times} time{'s' if times != 1 else ''} in the dataset"
        out.append(
            f'<a class="node{" focus" if focused else ""}" href="{_attr(node.href)}" data-iri="{_attr(node.key)}">'
            f"<title>{escape(tip)}</title>"
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colours[node.court]}"{stroke}/>'
            f'<text x="{_n(x + r + LABEL_GAP)}" y="{_n(y + 4)}" fill="#1b1f24"{weight}>{escape(node.label)}</text></a>'
        )
    out.append("</g>")
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _treatment_words(key: str) -> str:
    return next((words for k, words, _ in TREATMENTS if k == key), key)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "\u2026"


def _describe(network: Network) -> str:
    return (f"{len(network.nodes)} cases and {len(network.edges)} citing relations; "
            "cases by decision year (left to right) and court (one lane each).")


def _legend(place: Placement, network: Network, top: float, id_prefix: str) -> tuple[list[str], float]:
    """The two keys, courts and treatments, and what the circle size means."""
    out = [f'<g class="legend" transform="translate(0,{_n(top)})">']
    out.append('<text x="6" y="0" font-weight="bold" fill="#24292f">Court (circle colour)</text>')
    column = 290.0
    per_row = max(1, int((place.width - 12) // column))
    for i, lane in enumerate(place.lanes):
        x, y = 6 + (i % per_row) * column, 16 + (i // per_row) * 16
        name = _clip(lane_name(lane, network), 42)
        out.append(f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="10" height="10" fill="{lane.colour}"/>')
        out.append(f'<text class="legend-court" x="{_n(x + 14)}" y="{_n(y)}" fill="#24292f">{escape(name)}</text>')
    y = 16 + math.ceil(len(place.lanes) / per_row) * 16 + 12
    out.append(f'<text x="6" y="{_n(y)}" font-weight="bold" fill="#24292f">Treatment (arrow from citing case to cited case)</text>')
    y += 16
    for i, (key, words, colour) in enumerate(TREATMENTS):
        x = 6 + i * 150
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 30)}" y2="{_n(y - 4)}" stroke="{colour}" stroke-width="2.5" '
            f'marker-end="url(#{id_prefix}-arrow-{key})"/>'
        )
        out.append(f'<text class="legend-treatment" x="{_n(x + 38)}" y="{_n(y)}" fill="#24292f">{escape(words)}</text>')
    y += 22
    out.append(f'<text x="6" y="{_n(y)}" fill="#57606a">Circle size: times the dataset\u2019s opinions cite the case. '
               "Line width: citing instances.</text>")
    out.append("</g>")
    return out, y + 10


def lane_name(lane: Lane, network: Network) -> str:
    """The full name of a lane's court, for the legend."""
    sample = next((n for n in network.nodes if n.court == lane.court), None)
    if sample is None or lane.court is None:
        return "court unknown"
    return sample.court_name or lane.label
