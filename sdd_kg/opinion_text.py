"""An opinion's text as its page shows it: its part of the source file, its
star pages and footnotes, and the spans the graph anchors in it.

The graph's offsets count characters of the source file's text
(:func:`sdd_kg.convert.read_text_and_record` gives it as ``source.text``, the same
for plain text, HTML and CAP XML), so the page reads that file from the data
folder, not a copy: the file the build converted, which the graph pins by
its SHA-256. From :func:`sdd_kg.convert.text_layout` come the star markers
(``*1068``, or the page-number markup) and the footnotes with their calls.

A text may hold several opinions (a lawbox page of a majority and two
dissents): the record gives each its part, and only this opinion's part is
shown, with the footnotes it calls. A text's appended footnotes (CAP's
``. `` lines, lawbox's ``[1]`` lines) are taken out of the body and shown
under it, each with a link back to its call.

Every span is checked against the graph's quote (``raw[start:end] ==
exact``) before it is highlighted; one that disagrees is listed as an error
on the page, and its words are left plain. So is a changed file (its SHA-256
differs from the graph's), a missing one, or one the record cannot read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from . import iris
from .convert import read_text_and_record, text_layout
from .errors import InputError
from .highlight import Call, PageMarker, Span, TextRenderer, check, parts

APPENDED_STYLES = ("cap", "bracket")
"""Footnote conventions whose notes follow the body, from ``body_end_raw`` on."""


@dataclass
class Footnote:
    number: int
    html: Markup
    has_call: bool


@dataclass
class OpinionText:
    """What the opinion page shows of the text (empty when ``problem``)."""

    file: str
    body: Markup = Markup("")
    footnotes: list[Footnote] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None
    highlighted: int = 0
    span: tuple[int, int] | None = None


def opinion_text(data: Path, file_name: str, sha256: str | None, opinion_iri: str,
                 spans: Iterable[tuple[Span, str]]) -> OpinionText:
    """The text of ``opinion_iri`` from ``data/file_name`` with ``spans``
    (each with the graph's exact quote) highlighted; see the module docstring."""
    shown = OpinionText(file=file_name)
    path = Path(data) / file_name
    if not path.is_file():
        shown.problem = f"the source text {file_name} is not in the data folder ({data})"
        return shown
    try:
        source, record = read_text_and_record(path)
        layout = text_layout(source, record)
    except InputError as exc:
        shown.problem = str(exc)
        return shown
    if sha256 and source.sha256 != sha256:
        shown.warnings.append(
            f"{file_name} has changed since the build (SHA-256 {source.sha256[:12]}…, the graph has {sha256[:12]}…): "
            "the offsets may not fit it, and every span is checked below."
        )
    raw = source.text
    part = next(
        (p for p in record.per_opinion()
         if str(iris.opinion(record.case.citations[0], p.opinion.type, p.opinion.author)) == opinion_iri),
        None,
    )
    if part is None:
        shown.problem = f"the record of {file_name} lists no part of the text for this opinion"
        return shown
    start, end = part.span or (0, len(raw))
    shown.span = (start, end)
    several = bool(record.parts)
    notes = [n for n in layout.footnotes
             if (n.call_raw_start is not None and start <= n.call_raw_start < end)
             or (not several and start <= n.raw_start < end)]
    body_end = end
    if layout.style in APPENDED_STYLES and start < layout.body_end_raw < end:
        body_end = layout.body_end_raw
    holes = [(n.line_start, n.region_end) for n in layout.footnotes]

    good = []
    for span, exact in spans:
        mismatch = check(raw, span.start, span.end, exact, span.key)
        if mismatch is None:
            good.append(span)
        elif mismatch.found is None:
            shown.errors.append(f"{span.key}: offsets {span.start}-{span.end} lie outside the text "
                                f"({len(raw)} characters); the graph quotes \u201c{exact}\u201d")
        else:
            shown.errors.append(f"{span.key}: the text at {span.start}-{span.end} reads \u201c{mismatch.found}\u201d, "
                                f"the graph quotes \u201c{exact}\u201d; not highlighted")
    markers = [PageMarker(m.raw_start, m.raw_end, m.page) for m in layout.paged.markers]
    calls = [Call(n.call_raw_start, n.call_raw_end, n.number) for n in notes
             if n.call_raw_start is not None and n.call_raw_end is not None]
    breaks = source.markup.block_starts() if source.markup is not None else ()
    renderer = TextRenderer(raw, good, markers, calls, breaks)
    body_parts = parts(start, body_end, holes)
    shown.body = Markup("").join(renderer.render(a, b) for a, b in body_parts)
    shown.footnotes = [Footnote(n.number, renderer.render(n.raw_start, n.raw_end), n.call_raw_start is not None)
                       for n in sorted(notes, key=lambda n: (n.number, n.raw_start))]
    regions = [*body_parts, *((n.raw_start, n.raw_end) for n in notes)]
    shown.pages = sorted({m.page for m in markers if any(a <= m.start < b for a, b in regions)})
    shown.highlighted = len({s.key for s in good} & renderer.rendered)
    outside = sorted({s.key for s in good} - renderer.rendered)
    if outside:
        shown.warnings.append(f"{len(outside)} span(s) lie outside the opinion's text as shown: {', '.join(outside[:5])}"
                              + (" …" if len(outside) > 5 else ""))
    partly = sorted(s.key for s in good if s.key in renderer.rendered
                    and sum(max(0, min(s.end, b) - max(s.start, a)) for a, b in regions) < s.end - s.start)
    if partly:
        shown.warnings.append(f"{len(partly)} span(s) run on beyond the opinion's text as shown (into notes of "
                              f"other opinions, or the page's head), and are marked only where shown: {', '.join(partly[:5])}"
                              + (" …" if len(partly) > 5 else ""))
    return shown
