"""Footnotes: separate the appended footnote paragraphs from the body, find their calls.

CAP texts append the footnotes after the body. A footnote begins on a line that
starts with ``. `` (the printed number is gone) and runs until the next such
line, so a block quote inside a footnote is a line that does not start with
``. `` (Kennedy's footnote 3 spans six lines). A line starting with ``. .`` is
an ellipsis, not a footnote. Footnotes are numbered 1..n in order.

The calls in the body are the bare numbers glued after a word or punctuation
(``dissent.1``, ``;5``, ``”11``). They are matched in order, call k+1 only after
call k, and must be followed by whitespace or the end of the body, so that
``2:30 a.m.`` or the numbers of a citation are not taken for calls. Calls are
searched in the marker-free text (a marker between a word and its call would
hide it in the raw text) and reported in raw offsets.

A footnote is printed on the page of its call, not where the appended text's
last star marker happens to be: :meth:`Layout.page_at` starts each footnote on
its call's page and follows only the markers inside the footnote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import chain

from sdd_kg.pagination import PagedText

_CALL_BEFORE = r"(?:(?<=[^\W\d_])|(?<=[.,;:)”\"’']))"
_FOOTNOTE_PREFIX = ". "


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
    page: int


@dataclass(frozen=True)
class Layout:
    """A paged text split into body (``raw[:body_end_raw]``) and footnotes, with the calls' raw spans."""

    paged: PagedText
    body_end_raw: int
    footnotes: tuple[Footnote, ...]
    calls: tuple[tuple[int, int], ...]

    def footnote_at(self, raw_offset: int) -> Footnote | None:
        """The footnote whose text span holds ``raw_offset``, else None."""
        index = bisect_right(self.footnotes, raw_offset, key=lambda note: note.raw_start) - 1
        if index >= 0 and raw_offset < self.footnotes[index].raw_end:
            return self.footnotes[index]
        return None

    def page_at(self, raw_offset: int) -> int:
        """Page of the raw character at ``raw_offset``.

        In the body this is the star map's page. In the footnotes it is the
        page of the footnote the offset belongs to (its ``. `` prefix and
        trailing newline included), moved on by any star marker inside that
        footnote before the offset.
        """
        if raw_offset < self.body_end_raw or not self.footnotes:
            return self.paged.page_at(raw_offset)
        if raw_offset > len(self.paged.raw):
            raise IndexError(f"raw offset {raw_offset} outside 0..{len(self.paged.raw)}")
        # The footnote whose line (its '. ' included) starts at or before the offset.
        prefix = len(_FOOTNOTE_PREFIX)
        index = bisect_right(self.footnotes, raw_offset + prefix, key=lambda note: note.raw_start) - 1
        note = self.footnotes[index]
        begins = note.raw_start - prefix
        markers = self.paged.markers
        last = bisect_right(markers, raw_offset, key=lambda marker: marker.raw_start) - 1
        if last >= 0 and markers[last].raw_start >= begins:
            return markers[last].page
        return note.page


def _is_footnote_start(line: str) -> bool:
    """``. text`` starts a footnote; an ellipsis (``. . . .``) or a bare ``. `` does not."""
    if not line.startswith(_FOOTNOTE_PREFIX):
        return False
    rest = line[len(_FOOTNOTE_PREFIX) :].lstrip()
    return bool(rest) and not rest.startswith(".")


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end before its ``\\n`` (and a ``\\r`` before that)."""
    lines = []
    start = 0
    while True:
        newline = raw.find("\n", start)
        end = len(raw) if newline < 0 else newline
        content_end = end - 1 if end > start and raw[end - 1] == "\r" else end
        lines.append((start, content_end))
        if newline < 0:
            return lines
        start = newline + 1


def _footnote_spans(raw: str) -> list[tuple[int, int]]:
    """Raw (start, end) of each footnote's text, continuation lines included, blank lines not."""
    spans: list[list[int]] = []
    for start, end in _lines(raw):
        line = raw[start:end]
        if _is_footnote_start(line):
            spans.append([start + len(_FOOTNOTE_PREFIX), end])
        elif spans and line.strip():
            spans[-1][1] = end
    return [(start, end) for start, end in spans]


def _find_calls(paged: PagedText, count: int, body_end_raw: int) -> list[tuple[int, int] | None]:
    """Raw spans of calls 1..count in the body, in sequence; None for a call not found."""
    body_end = bisect_left(paged.offsets, body_end_raw)
    found: list[tuple[int, int] | None] = []
    position = 0
    for number in range(1, count + 1):
        pattern = re.compile(rf"{_CALL_BEFORE}{number}(?=\s|\Z)")
        match = pattern.search(paged.text, position, body_end)
        if match is None:
            found.append(None)
            continue
        found.append(paged.raw_span(match.start(), match.end()))
        position = match.end()
    return found


def split_footnotes(paged: PagedText) -> Layout:
    """Split ``paged`` into body and footnotes and match each footnote to its call.

    The body ends where the first footnote line starts (``len(raw)`` when there
    is none).
    """
    spans = _footnote_spans(paged.raw)
    body_end_raw = spans[0][0] - len(_FOOTNOTE_PREFIX) if spans else len(paged.raw)
    calls = _find_calls(paged, len(spans), body_end_raw)
    footnotes = []
    for number, ((start, end), call) in enumerate(zip(spans, calls, strict=True), start=1):
        page = paged.page_at(call[0] if call else start)
        footnotes.append(
            Footnote(
                number=number,
                raw_start=start,
                raw_end=end,
                call_raw_start=call[0] if call else None,
                call_raw_end=call[1] if call else None,
                page=page,
            )
        )
    return Layout(
        paged=paged,
        body_end_raw=body_end_raw,
        footnotes=tuple(footnotes),
        calls=tuple(call for call in calls if call is not None),
    )


def clean_text_for_extraction(layout: Layout) -> tuple[str, tuple[int, ...]]:
    """The clean text without the call digits (``dissent.1`` -> ``dissent.``) and its clean -> raw map.

    Citation extraction runs on this text; a call glued to a citation would
    otherwise read as part of it. Every index still maps to its raw character.
    """
    paged = layout.paged
    kept: list[tuple[int, int]] = []
    position = 0
    for raw_start, raw_end in layout.calls:
        start = bisect_left(paged.offsets, raw_start)
        end = bisect_left(paged.offsets, raw_end)
        if start > position:
            kept.append((position, start))
        position = end
    if position < len(paged.text):
        kept.append((position, len(paged.text)))
    text = "".join(paged.text[start:end] for start, end in kept)
    offsets = tuple(chain.from_iterable(paged.offsets[start:end] for start, end in kept))
    return text, offsets
