"""Highlighting spans of an opinion text: overlapping and nested spans, one
link per segment, the text kept exactly, everything escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from sdd_kg.highlight import Call, Mismatch, PageMarker, Span, TextRenderer, check, parts


class Tree(HTMLParser):
    """The rendered fragment as people and tests read it: its text, the text
    under each span key, the links (and whether any link nests in another),
    the ids."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.by_key: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.ids: list[str] = []
        self.nested_links = 0
        self.own: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            return
        if tag == "a" and any(t == "a" for t, _ in self._stack):
            self.nested_links += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "own" in attrs.get("class", ""):
            self.own.append(attrs["data-own"])
        self._stack.append((tag, attrs))
        if tag == "a" and "href" in attrs:
            self.links.append((attrs["href"], ""))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.text += data
        for _, attrs in self._stack:
            for key in attrs.get("data-ann", "").split():
                self.by_key[key] = self.by_key.get(key, "") + data
        if self._stack and self._stack[-1][0] == "a" and self.links:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)


RAW = "In Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989), we held X. Unlike Wood, *1072here the officer acted.1\n"
WOOD = RAW.index("Wood v.")
WOOD_END = RAW.index("),") + 1
SENTENCE_END = RAW.index("X.") + 2
UNLIKE = RAW.index("Unlike")
STAR = RAW.index("*1072")
CALL = len(RAW) - 2


def span(start, end, key, **kw):
    return Span(start, end, key, **kw)


CASES = [
    # (name, spans) -> every span's text is raw[start:end]; the whole text is kept
    ("one span", [span(WOOD, WOOD_END, "c1", classes=("cite",), href="/case/wood", own="/c1")]),
    ("nested: a cue inside a citation", [
        span(WOOD, WOOD_END, "c1", classes=("cite",), href="/case/wood", own="/c1"),
        span(WOOD, WOOD + 4, "e1", classes=("cue",), own="/e1", priority=1),
    ]),
    ("a citation inside a quote", [
        span(0, SENTENCE_END, "q1", classes=("quote",), own="/q1", priority=2),
        span(WOOD, WOOD_END, "c1", classes=("cite",), href="/case/wood", own="/c1"),
    ]),
    ("overlapping, neither inside the other", [
        span(WOOD, SENTENCE_END, "q1", classes=("quote",), own="/q1", priority=2),
        span(UNLIKE - 10, UNLIKE + 12, "q2", classes=("quote",), own="/q2", priority=2),
    ]),
    ("two quotes of one span", [
        span(UNLIKE, len(RAW) - 1, "q1", classes=("quote",), own="/q1", priority=2),
        span(UNLIKE, len(RAW) - 1, "q2", classes=("quote",), own="/q2", priority=3),
    ]),
    ("a span over a page marker and a footnote call", [
        span(UNLIKE, len(RAW) - 1, "q1", classes=("quote",), own="/q1", priority=2),
    ]),
]


@pytest.mark.parametrize("name, spans", CASES, ids=[c[0] for c in CASES])
def test_spans_keep_their_text_and_links_never_nest(name, spans):
    renderer = TextRenderer(RAW, spans, [PageMarker(STAR, STAR + 5, 1072)], [Call(CALL, CALL + 1, 1)])
    tree = Tree(str(renderer.render(0, len(RAW))))
    assert tree.text == RAW
    for s in spans:
        assert tree.by_key[s.key] == RAW[s.start:s.end], s.key
    assert tree.nested_links == 0
    # Every span can be reached: its words link to its page, or a mark after it does.
    linked = {href for href, _ in tree.links}
    for s in spans:
        assert s.own in linked
    assert renderer.rendered == {s.key for s in spans}
    # Each span starts at an anchor of its own key.
    assert {s.key for s in spans} <= set(tree.ids)


def test_the_lowest_priority_then_the_shortest_span_takes_the_link():
    spans = [
        span(0, SENTENCE_END, "q1", own="/q1", priority=2),
        span(WOOD, WOOD_END, "c1", href="/case/wood", own="/c1", priority=0),
        span(WOOD, WOOD + 4, "e1", own="/e1", priority=1),
    ]
    tree = Tree(str(TextRenderer(RAW, spans).render(0, len(RAW))))
    links = dict((text, href) for href, text in tree.links if text)
    assert links["Wood"] == "/case/wood"  # the citation's words link to the case, cue or not
    assert links[" v. Ostrander, 879 F.2d 583 (9th Cir.1989)"] == "/case/wood"
    assert links["In "] == "/q1" and links[", we held X."] == "/q1"
    # The citation's own page and the cue's, whose words link elsewhere, get marks after them.
    assert tree.own == ["e1", "c1"]


def test_page_markers_and_calls_keep_their_characters_and_get_ids_once():
    renderer = TextRenderer(RAW, [], [PageMarker(STAR, STAR + 5, 1072)], [Call(CALL, CALL + 1, 1)])
    first = str(renderer.render(0, CALL + 1))
    again = str(renderer.render(0, len(RAW)))  # the same page, rendered twice: ids only once
    assert '<span class="page-marker" id="page-1072" title="page 1072 begins">*1072</span>' in first
    assert '<sup class="fn-call"><a href="#fn-1" id="fnref-1" title="footnote 1">1</a></sup>' in first
    assert 'id="page-1072"' not in again and 'id="fnref-1"' not in again and 'href="#fn-1"' in again


@pytest.mark.parametrize("hostile", [
    '<script>alert("x")</script>',
    "Smith & Sons' <b>bold</b> \"quoted\"",
    "]]><!-- -->&amp;",
])
def test_everything_is_escaped(hostile):
    raw = f"See {hostile} v. Jones, 1 F.3d 2.\n"
    s = span(4, len(raw) - 2, "c1", classes=('x" onmouseover="alert(1)',), title=hostile, href='/x"><script>', own="/c1")
    html = str(TextRenderer(raw, [s]).render(0, len(raw)))
    assert "<script>" not in html and "<b>" not in html and '" onmouseover="' not in html
    tree = Tree(html)
    assert tree.text == raw and tree.by_key["c1"] == raw[4:-2]


def test_a_slice_renders_only_its_part_of_a_span():
    s = span(WOOD, SENTENCE_END, "q1", own="/q1")
    renderer = TextRenderer(RAW, [s])
    tree = Tree(str(renderer.render(WOOD + 5, WOOD + 20)))
    assert tree.text == RAW[WOOD + 5:WOOD + 20] == tree.by_key["q1"]
    assert "q1" not in tree.ids  # it starts outside the slice


def test_block_starts_break_lines_without_adding_text():
    text = "One.Two.\nThree."  # the text content of <p>One.</p><p>Two.</p>\n<p>Three.</p>
    html = str(TextRenderer(text, [], breaks=[0, 4, 9]).render(0, len(text)))
    assert html == 'One.<br class="block">Two.\nThree.' and Tree(html).text == text  # no break after a newline


@pytest.mark.parametrize("start, end, exact, expected", [
    (3, 7, "Wood", None),  # the quote is there
    (3, 7, "Wool", Mismatch("k", 3, 7, "Wool", "Wood")),  # other words at the offsets
    (3, 200, "Wood", Mismatch("k", 3, 200, "Wood", None)),  # past the text's end
    (5, 5, "", Mismatch("k", 5, 5, "", None)),  # an empty span is no span
    (-1, 3, "In ", Mismatch("k", -1, 3, "In ", None)),  # before the text's start
])
def test_check(start, end, exact, expected):
    assert check(RAW, start, end, exact, "k") == expected


@pytest.mark.parametrize("start, end, holes, expected", [
    (0, 10, [], [(0, 10)]),
    (0, 10, [(2, 4), (6, 8)], [(0, 2), (4, 6), (8, 10)]),
    (0, 10, [(6, 8), (2, 4)], [(0, 2), (4, 6), (8, 10)]),
    (0, 10, [(0, 3), (8, 12)], [(3, 8)]),
    (5, 10, [(0, 3), (20, 30)], [(5, 10)]),
    (0, 10, [(2, 6), (4, 8)], [(0, 2), (8, 10)]),
    (0, 10, [(0, 10)], []),
])
def test_parts(start, end, holes, expected):
    assert parts(start, end, holes) == expected


def test_the_link_mark_stays_on_the_line_a_span_ends():
    raw = "A quoted sentence.\nThe next line."
    html = str(TextRenderer(raw, [span(0, 19, "q", href="/case", own="/q")]).render(0, len(raw)))
    assert html.index('data-own="q"') < html.index("\n")
    assert Tree(html).by_key["q"] == raw[:19] and Tree(html).text == raw
