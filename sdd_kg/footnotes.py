"""Footnotes: separate the footnote paragraphs from the body, find their calls.

Three conventions, tried in this order:

* **Markup** (CAP XML): ``<footnote label="1">`` elements hold the notes and
  ``<footnotemark>1</footnotemark>`` elements are their calls; nothing is
  guessed.
* **CAP text**: the footnotes are appended after the body. A footnote begins
  on a line that starts with ``. `` (the printed number is gone) and runs
  until the next such line, so a block quote inside a footnote is a line that
  does not start with ``. `` (Kennedy's footnote 3 spans six lines). A line
  starting with ``. .`` is an ellipsis, not a footnote. The calls are the bare
  numbers glued after a word or punctuation (``dissent.1``, ``;5``, ``”11``).
* **Bracketed** (CourtListener's lawbox texts, plain or HTML): the footnotes
  are appended as lines that start ``[1]``, ``[2]``, ... and the calls are
  ``[1]``, ``[2]``, ... in the body.

A "line" starts after a newline or, in markup, where a block element (a
paragraph, a ``<div>``) starts: HTML need not put a newline between its
paragraphs. Appended footnotes are numbered 1..n in order; their calls are
matched in order, call k+1 only after call k, a bare-digit call only when
followed by whitespace or the end of the body, so that ``2:30 a.m.`` or the
numbers of a citation are not taken for calls. Calls are searched in the
marker-free text (a marker between a word and its call would hide it in the
raw text) and reported in raw offsets.

A footnote is printed on the page of its call, not where the appended text's
last star marker happens to be: :meth:`Layout.page_at` starts each footnote on
its call's page and follows only the markers inside the footnote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from sdd_kg.markup import MarkupText
from sdd_kg.pagination import PagedText

_CALL_BEFORE = r"(?:(?<=[^\W\d_])|(?<=[.,;:)”\"’']))"
_FOOTNOTE_PREFIX = ". "
_BRACKET_LABEL = re.compile(r"\[(\d{1,3})\][ \t\u00a0]*")


@dataclass(frozen=True)
class Footnote:
    """Footnote ``number``: its text is ``raw[raw_start:raw_end]`` (without the leading ``. `` and the final newline).

    ``call_raw_start``/``call_raw_end`` span its call's digits in the body
    (None when no call was found); ``page`` is the page it begins on: its
    call's page, else the page the star map gives its text.
    """

    number: int
    raw_start: int
    raw_end: int
    call_raw_start: int | None
    call_raw_end: int | None
    page: int | None  # None when the text does not mark its pages
    line_start: int  # where its line begins, its ". " or "[1] " included
    region_end: int  # raw offsets in [line_start, region_end) belong to it


@dataclass(frozen=True)
class Layout:
    """A paged text split into body and footnotes, with the calls' raw spans.

    ``style`` names the convention found (``markup``, ``cap``, ``bracket``,
    or ``none``). Appended footnotes start at ``body_end_raw``; marked-up
    ones may sit anywhere.
    """

    paged: PagedText
    body_end_raw: int
    footnotes: tuple[Footnote, ...]
    calls: tuple[tuple[int, int], ...]
    style: str = "cap"

    def footnote_at(self, raw_offset: int) -> Footnote | None:
        """The footnote whose text span holds ``raw_offset``, else None."""
        index = bisect_right(self.footnotes, raw_offset, key=lambda note: note.raw_start) - 1
        if index >= 0 and raw_offset < self.footnotes[index].raw_end:
            return self.footnotes[index]
        return None

    def region_at(self, raw_offset: int) -> Footnote | None:
        """The footnote whose region (its label and the blank lines after it
        included) holds ``raw_offset``, else None."""
        index = bisect_right(self.footnotes, raw_offset, key=lambda note: note.line_start) - 1
        if index >= 0 and raw_offset < self.footnotes[index].region_end:
            return self.footnotes[index]
        return None

    def page_at(self, raw_offset: int) -> int | None:
        """Page of the raw character at ``raw_offset``, or None when the text
        spans pages it does not mark (CAP's JSON texts): then it is unknown.

        In the body this is the star map's page. In a footnote's region it is
        the page of the footnote's call, moved on by any star marker inside
        that footnote before the offset.
        """
        if not 0 <= raw_offset <= len(self.paged.raw):
            raise IndexError(f"raw offset {raw_offset} outside 0..{len(self.paged.raw)}")
        if not self.paged.pages_marked:
            return None
        note = self.region_at(raw_offset)
        if note is None:
            return self.paged.page_at(raw_offset)
        markers = self.paged.markers
        last = bisect_right(markers, raw_offset, key=lambda marker: marker.raw_start) - 1
        if last >= 0 and markers[last].raw_start >= note.line_start:
            return markers[last].page
        return note.page


def _is_footnote_start(line: str) -> bool:
    """``. text`` starts a footnote; an ellipsis (``. . . .``) or a bare ``. `` does not."""
    if not line.startswith(_FOOTNOTE_PREFIX):
        return False
    rest = line[len(_FOOTNOTE_PREFIX) :].lstrip()
    return bool(rest) and not rest.startswith(".")


def _lines(raw: str, block_starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """(start, end) of every line, end before its ``\\n`` (and a ``\\r`` before
    that); a block start inside a line (``</p><p>`` with no newline) starts
    a new one."""
    cuts = sorted(set(block_starts))
    lines = []
    start = 0
    while True:
        newline = raw.find("\n", start)
        end = len(raw) if newline < 0 else newline
        inner = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
        for cut in inner:
            lines.append((start, cut))
            start = cut
        content_end = end - 1 if end > start and raw[end - 1] == "\r" else end
        lines.append((start, content_end))
        if newline < 0:
            return lines
        start = newline + 1


def _cap_spans(raw: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(line start, text start, text end, number) of each ``. `` footnote,
    continuation lines included, blank lines not; numbered in order."""
    spans: list[list[int]] = []
    for start, end in lines:
        line = raw[start:end]
        if _is_footnote_start(line):
            spans.append([start, start + len(_FOOTNOTE_PREFIX), end, len(spans) + 1])
        elif spans and line.strip():
            spans[-1][2] = end
    return [(a, b, c, d) for a, b, c, d in spans]


_NOTES_HEADING = re.compile(r"\s*(?:foot)?notes\s*", re.IGNORECASE)


def _bracket_spans(raw: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(line start, text start, text end, label) of each ``[1] ...`` footnote.

    Below a ``NOTES`` heading (lawbox), every labelled line starts a
    footnote and the numbering may restart at ``[1]`` for each opinion of a
    combined text. Without the heading, the footnotes are the run labelled
    ``[1]``, ``[2]``, ... in sequence that starts at the last line labelled
    ``[1]`` (a ``[1]`` earlier in the body is not a footnote). Unlabelled
    lines continue the footnote before them.
    """
    labelled = [(start, end, _BRACKET_LABEL.match(raw, start, end)) for start, end in lines]
    headings = [i for i, (start, end, _) in enumerate(labelled) if _NOTES_HEADING.fullmatch(raw, start, end)]
    if headings:
        first, restarts = headings[-1] + 1, True
    else:
        ones = [i for i, (_, _, m) in enumerate(labelled) if m and m[1] == "1"]
        if not ones:
            return []
        first, restarts = ones[-1], False
    spans: list[list[int]] = []
    for start, end, match in labelled[first:]:
        number = int(match[1]) if match else None
        expected = int(spans[-1][3]) + 1 if spans else 1
        if number is not None and (number == expected or (restarts and number == 1)):
            spans.append([start, match.end(), end, number])
        elif spans and raw[start:end].strip():
            spans[-1][2] = end
    return [(a, b, c, d) for a, b, c, d in spans]


def _find_calls(
    paged: PagedText, labels: Sequence[int], body_end_raw: int, bracketed: bool = False
) -> list[tuple[int, int] | None]:
    """Raw spans of the calls of the footnotes labelled ``labels`` (1..n, or
    restarting per opinion), in sequence in the body; None for a call not found."""
    body_end = bisect_left(paged.offsets, body_end_raw)
    found: list[tuple[int, int] | None] = []
    position = 0
    for number in labels:
        pattern = re.compile(rf"\[{number}\]" if bracketed else rf"{_CALL_BEFORE}{number}(?=\s|\Z)")
        match = pattern.search(paged.text, position, body_end)
        if match is None:
            found.append(None)
            continue
        found.append(paged.raw_span(match.start(), match.end()))
        position = match.end()
    return found


def _appended(paged: PagedText, spans: list[tuple[int, int, int, int]], style: str) -> Layout:
    """Layout of footnotes appended after the body, each called in it."""
    raw = paged.raw
    body_end_raw = spans[0][0] if spans else len(raw)
    calls = _find_calls(paged, [span[3] for span in spans], body_end_raw, bracketed=style == "bracket")
    footnotes = []
    for index, ((line_start, start, end, number), call) in enumerate(zip(spans, calls, strict=True), start=1):
        region_end = spans[index][0] if index < len(spans) else len(raw)
        footnotes.append(
            Footnote(
                number=number,
                raw_start=start,
                raw_end=end,
                call_raw_start=call[0] if call else None,
                call_raw_end=call[1] if call else None,
                page=paged.page_at(call[0] if call else start) if paged.pages_marked else None,
                line_start=line_start,
                region_end=region_end,
            )
        )
    return Layout(
        paged=paged,
        body_end_raw=body_end_raw,
        footnotes=tuple(footnotes),
        calls=tuple(call for call in calls if call is not None),
        style=style if spans else "none",
    )


def _is_note_body(element) -> bool:
    """``<footnote>`` (CAP XML), or a ``div``/``aside`` of class ``footnote``
    (CourtListener's merged Harvard XML, CAP's static HTML, Columbia)."""
    return element.tag == "footnote" or (element.tag in ("div", "aside") and "footnote" in element.classes)


def _is_call(element) -> bool:
    """``<footnotemark>`` (CAP XML), an ``<a>`` of class ``footnote`` or
    ``footnotemark`` (merged Harvard, CAP static HTML), or an ``<a>`` in a
    ``<sup>`` linking to a footnote (Columbia); which of them really are
    calls is settled by what they link to or their label."""
    return element.tag == "footnotemark" or (element.tag == "a" and (element.attr("href") or "").startswith("#"))


def _marked_up(paged: PagedText, markup: MarkupText) -> Layout | None:
    """Layout from footnote elements and the marks that call them, or None
    when the markup has no footnote element.

    A mark calls a note when its ``href`` names the note's ``id``, else when
    its text is the note's label (``<footnotemark>1</footnotemark>`` for
    ``<footnote label="1">``), taking marks in order. Marks inside a note
    (back-links) are not calls. A note is numbered by its label when that
    is a number, else by its position; its text starts after a leading
    label (``1`` in a back-link).
    """
    raw = paged.raw
    notes = [e for e in markup.elements if _is_note_body(e)]
    if not notes:
        return None

    def inside_note(element) -> bool:
        return any(n.start <= element.start and element.end <= n.end and n is not element for n in notes)

    marks = [m for m in markup.elements if _is_call(m) and m.end > m.start and not inside_note(m)]
    # Which note each element id lies in: a link calls the note it points into.
    note_of_id = {
        e.attr("id"): i
        for i, n in enumerate(notes)
        for e in markup.elements
        if e.attr("id") and n.start <= e.start and e.end <= n.end
    }
    linked: dict[int, int] = {}
    for i, m in enumerate(marks):
        target = note_of_id.get((m.attr("href") or "")[1:])
        if target is not None:
            linked.setdefault(target, i)
    used = set(linked.values())
    footnotes = []
    for index, note in enumerate(notes, start=1):
        label = (note.attr("label") or note.attr("data-label") or "").strip()
        call = linked.get(index - 1)
        if call is None:  # CAP XML: <footnotemark>1</footnotemark> calls <footnote label="1">
            call = next(
                (i for i, m in enumerate(marks)
                 if i not in used and not m.attr("href") and raw[m.start : m.end].strip() == (label or str(index))),
                None,
            )
        if call is not None:
            used.add(call)
        mark = marks[call] if call is not None else None
        if not label and mark is not None:
            label = raw[mark.start : mark.end].strip()
        start, end = note.start, note.end
        while start < end and raw[start].isspace():
            start += 1
        if label and raw.startswith(label, start):
            start += len(label)
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        footnotes.append(
            Footnote(
                number=int(label) if label.isdigit() else index,
                raw_start=start,
                raw_end=end,
                call_raw_start=mark.start if mark else None,
                call_raw_end=mark.end if mark else None,
                page=paged.page_at(mark.start if mark else start) if paged.pages_marked else None,
                line_start=note.start,
                region_end=note.end,
            )
        )
    footnotes.sort(key=lambda n: n.line_start)
    calls = tuple(sorted((n.call_raw_start, n.call_raw_end) for n in footnotes if n.call_raw_start is not None))
    return Layout(paged=paged, body_end_raw=footnotes[0].line_start, footnotes=tuple(footnotes), calls=calls, style="markup")


def split_footnotes(paged: PagedText, markup: MarkupText | None = None) -> Layout:
    """Split ``paged`` into body and footnotes and match each footnote to its call.

    ``markup``, for an HTML or XML source, supplies footnote elements (used
    as they are) and block starts (lines for the text conventions). Of the
    text conventions, CAP's ``. `` lines win when present, else bracketed
    ``[1]`` lines. Appended footnotes make the body end where the first
    footnote line starts (``len(raw)`` when there is none).
    """
    if markup is not None:
        layout = _marked_up(paged, markup)
        if layout is not None:
            return layout
    lines = _lines(paged.raw, markup.block_starts() if markup is not None else ())
    spans = _cap_spans(paged.raw, lines)
    if spans:
        return _appended(paged, spans, "cap")
    return _appended(paged, _bracket_spans(paged.raw, lines), "bracket")


def clean_text_for_extraction(
    layout: Layout, span: tuple[int, int] | None = None, breaks: Sequence[int] = ()
) -> tuple[str, tuple[int, ...]]:
    """The clean text without the calls (``dissent.1`` -> ``dissent.``) and its clean -> raw map.

    Citation extraction runs on this text; a call glued to a citation would
    otherwise read as part of it. ``span`` (raw start, end) restricts it to
    one opinion of a text that holds several: the body inside the span and
    the footnotes called from it (or, uncalled, lying in it). ``breaks`` are
    raw offsets where markup starts a block; where the text has no
    whitespace there, a newline is inserted so that paragraphs do not run
    together. An inserted character maps to the raw index of the character
    after it, as :func:`sdd_kg.citations.normalize` does.
    """
    paged = layout.paged
    removed = [(bisect_left(paged.offsets, a), bisect_left(paged.offsets, b)) for a, b in layout.calls]
    keep = _kept_ranges(layout, span)
    if keep is None and not breaks:  # the common case, by slices
        kept, position = [], 0
        for start, end in removed + [(len(paged.text), len(paged.text))]:
            kept.append((position, start))
            position = max(position, end)
        return (
            "".join(paged.text[a:b] for a, b in kept if b > a),
            tuple(chain.from_iterable(paged.offsets[a:b] for a, b in kept if b > a)),
        )
    breakset = set(breaks)
    text: list[str] = []
    offsets: list[int] = []
    position = 0
    for start, end in removed + [(len(paged.text), len(paged.text))]:
        for i in range(position, start):
            raw_index = paged.offsets[i]
            if keep is not None and not keep(raw_index):
                continue
            if raw_index in breakset and text and not text[-1].isspace() and not paged.text[i].isspace():
                text.append("\n")
                offsets.append(raw_index)
            text.append(paged.text[i])
            offsets.append(raw_index)
        position = max(position, end)
    return "".join(text), tuple(offsets)


def _kept_ranges(layout: Layout, span: tuple[int, int] | None):
    """A predicate on raw offsets for :func:`clean_text_for_extraction`, or
    None to keep everything: inside a footnote's region, whether the note
    belongs to the span (its call, or its text when uncalled, lies in it);
    elsewhere, whether the offset lies in the span. So the appended notes of
    a combined text go each with its own opinion."""
    if span is None:
        return None
    start, end = span
    mine = {
        note.line_start
        for note in layout.footnotes
        if start <= (note.call_raw_start if note.call_raw_start is not None else note.raw_start) < end
    }

    def keep(raw_index: int) -> bool:
        note = layout.region_at(raw_index)
        if note is not None:
            return note.line_start in mine
        return start <= raw_index < end

    return keep
