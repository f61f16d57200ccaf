"""An opinion's text as HTML, with its annotated spans highlighted and linked.

The graph anchors every citation, treatment cue and finding or holding quote
to raw character offsets of the source text. This module turns a slice of
that text and the spans that fall in it into HTML, under three rules:

* **Everything is escaped.** The text is cut at every span boundary into
  segments, each segment's characters are escaped on their own, and the
  markup is put *around* escaped segments, never inserted into raw text.
* **The text stays the text.** The rendered element's ``textContent`` is
  exactly ``raw[start:end]``: star page markers and footnote calls keep
  their characters (styled and linked), and the small marks added after a
  citation carry no text (their label is CSS content and an ``aria-label``).
  So a reader, or a test, can check a highlight against the graph's quote.
* **Every span can be linked to.** An empty ``<span id="{key}">`` marks
  where it starts, so a citation's own page can point at its place in the text.
* **Overlaps are flat.** Spans nest and overlap (a cue inside a citation, a
  citation inside a finding's quote, two findings quoting one sentence), and
  HTML forbids a link inside a link. So nothing is nested: each segment is
  one ``<mark>`` carrying the classes, keys and tooltips of *every* span
  covering it, and at most one link, that of the covering span with the
  lowest ``priority`` (then the shortest). A span whose own page no segment
  links to (a citation, whose words link to the cited case; a quote wholly
  inside a citation) gets a small link mark after its last character.

Checking a span against the graph's ``oa:exact`` quote is the caller's job
(:func:`check`), before it is handed in: a span that disagrees is shown as an
error, never highlighted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A highlighted span ``raw[start:end]``.

    ``key`` names it on the page (``data-ann``); ``href`` is where its words
    link (a citation: the cited case), ``own`` its own page (the citation's
    IRI); words link to ``href``, else ``own``."""

    start: int
    end: int
    key: str
    classes: tuple[str, ...] = ()
    title: str = ""
    href: str | None = None
    own: str | None = None
    own_label: str = ""
    priority: int = 0

    @property
    def link(self) -> str | None:
        return self.href or self.own


@dataclass(frozen=True)
class PageMarker:
    """A star page marker (``*1068``) at ``raw[start:end]``: page ``page`` begins."""

    start: int
    end: int
    page: int


@dataclass(frozen=True)
class Call:
    """The call of footnote ``number`` at ``raw[start:end]``."""

    start: int
    end: int
    number: int


@dataclass(frozen=True)
class Mismatch:
    """A span whose text is not the graph's quote (or lies outside the text)."""

    key: str
    start: int
    end: int
    exact: str
    found: str | None  # None: the offsets are outside the text


def check(raw: str, start: int, end: int, exact: str, key: str) -> Mismatch | None:
    """None when ``raw[start:end] == exact``, else what disagrees."""
    if not 0 <= start < end <= len(raw):
        return Mismatch(key, start, end, exact, None)
    found = raw[start:end]
    return None if found == exact else Mismatch(key, start, end, exact, found)


class TextRenderer:
    """Renders slices of one raw text; ids (page anchors, footnote calls) are
    given once per page, whatever the number of slices."""

    def __init__(self, raw: str, spans: Iterable[Span] = (), markers: Iterable[PageMarker] = (),
                 calls: Iterable[Call] = (), breaks: Iterable[int] = ()) -> None:
        self.raw = raw
        self.spans = sorted((s for s in spans if s.start < s.end), key=lambda s: (s.start, -s.end, s.key))
        self.markers = sorted(markers, key=lambda m: m.start)
        self.calls = sorted(calls, key=lambda c: c.start)
        self.breaks = sorted(set(breaks))
        self.rendered: set[str] = set()  # keys of spans shown, at least in part
        self._ids: set[str] = set()

    def _id(self, wanted: str) -> str | None:
        if wanted in self._ids:
            return None
        self._ids.add(wanted)
        return wanted

    def render(self, start: int, end: int) -> Markup:
        """``raw[start:end]`` as HTML (see the module docstring)."""
        start, end = max(start, 0), min(end, len(self.raw))
        if start >= end:
            return Markup("")
        inside = [s for s in self.spans if s.start < end and s.end > start]
        markers = [m for m in self.markers if m.start < end and m.end > start]
        calls = [c for c in self.calls if c.start < end and c.end > start]
        cuts = {start, end}
        for item in (*inside, *markers, *calls):
            cuts.update(p for p in (item.start, item.end) if start < p < end)
        breaks = {p for p in self.breaks if start < p < end and self.raw[p - 1] != "\n"}
        cuts |= breaks
        opening: dict[int, list[Span]] = defaultdict(list)
        closing: dict[int, list[Span]] = defaultdict(list)
        marking: dict[int, list[Span]] = defaultdict(list)
        for span in inside:
            opening[max(span.start, start)].append(span)
            closing[min(span.end, end)].append(span)
            # Its link mark goes after its last visible character, not after
            # a trailing newline (which would put it on the next line).
            last = min(span.end, end)
            while last - 1 > max(span.start, start) and self.raw[last - 1].isspace():
                last -= 1
            marking[last].append(span)
            cuts.add(last)
        points = sorted(cuts)

        # First pass: the spans over each segment and the link it carries.
        segments: list[tuple[int, int, list[Span], str | None]] = []
        active: dict[str, Span] = {}
        linked: set[tuple[str, str]] = set()  # (key, href) pairs some segment links
        for a, b in zip(points, points[1:], strict=False):
            for span in closing.get(a, ()):
                active.pop(span.key, None)
            for span in opening.get(a, ()):
                active[span.key] = span
            covering = sorted(active.values(), key=lambda s: (s.priority, s.end - s.start, s.start, s.key))
            link = next((s.link for s in covering if s.link), None)
            for span in covering:
                if span.link == link or (link is not None and span.own == link):
                    linked.add((span.key, link))
            segments.append((a, b, covering, link))

        # Second pass: the HTML.
        out: list[str] = []
        for a, b, covering, link in segments:
            if a in breaks:
                out.append('<br class="block">')
            for span in opening.get(a, ()):
                if span.start == a and (ident := self._id(span.key)):
                    out.append(f'<span class="anchor" id="{escape(ident)}"></span>')
            html = str(escape(self.raw[a:b]))
            call = next((c for c in calls if c.start <= a and b <= c.end), None)
            marker = next((m for m in markers if m.start <= a and b <= m.end), None)
            if call is not None:
                ident = self._id(f"fnref-{call.number}") if a == call.start else None
                id_attr = f' id="{ident}"' if ident else ""
                html = f'<sup class="fn-call"><a href="#fn-{call.number}"{id_attr} title="footnote {call.number}">{html}</a></sup>'
            elif link is not None:
                html = f'<a href="{escape(link)}">{html}</a>'
            if marker is not None:
                ident = self._id(f"page-{marker.page}") if a == marker.start else None
                id_attr = f' id="{ident}"' if ident else ""
                html = f'<span class="page-marker"{id_attr} title="page {marker.page} begins">{html}</span>'
            if covering:
                classes = " ".join(sorted({c for s in covering for c in s.classes}))
                keys = " ".join(s.key for s in covering)
                titles = " | ".join(dict.fromkeys(s.title for s in covering if s.title))
                self.rendered.update(s.key for s in covering)
                html = (f'<mark class="{escape(classes)}" data-ann="{escape(keys)}"'
                        f'{f" title={_quoted(titles)}" if titles else ""}>{html}</mark>')
            out.append(html)
            for span in marking.get(b, ()):
                if span.own and (span.key, span.own) not in linked:
                    label = span.own_label or span.title or "details"
                    out.append(f'<a class="own" href="{escape(span.own)}" aria-label="{escape(label)}" '
                               f'title="{escape(label)}" data-own="{escape(span.key)}"></a>')
        return Markup("".join(out))


def _quoted(value: str) -> str:
    return f'"{escape(value)}"'


def parts(start: int, end: int, holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` without the ``holes`` (footnote regions), in order."""
    pieces, at = [], start
    for a, b in sorted(holes):
        if b <= at or a >= end:
            continue
        if a > at:
            pieces.append((at, a))
        at = max(at, b)
    if at < end:
        pieces.append((at, end))
    return pieces
