"""Star pagination: find the ``*NNNN`` page-break markers, map text to pages.

CAP texts put ``*1068`` where printed page 1068 begins. Markers are often glued
to what follows: to a word (``DeSha-*1127ney``) or to a number
(``*1128112 S.Ct. 1061`` is marker ``*1128`` then ``112 S.Ct. 1061``), so the
page is a *prefix* of the digit run and the run alone is ambiguous. It is read
against the sequence the markers form:

* the body markers run page by page (``*1068``, ``*1069``, ...); the first
  marker is the one that starts the longest such run, markers whose whole
  digit run is the page counting double (a stray ``*10`` from a Westlaw pin
  cite starts none), and each next marker is the expected page, read with the
  expected page's number of digits;
* footnotes, appended after the body, carry markers that go back to earlier
  pages (Pauluk's footnotes have ``*1128`` after the body's ``*1132``): a
  marker naming a page already in the text (or, when the caller gives the last
  page, any page of the range) is accepted anywhere after the first marker;
* anything else (``at *10``) is not a page break and stays in the text.

Without a page range from the caller the text's own markers decide, and one
lost marker is tolerated when the run continues after the gap. With a range,
the markers must agree with it or :class:`InputError` says how they disagree.

Marked-up sources say where their page breaks are (CAP XML's
``<page-number label="194">*194</page-number>``, CourtListener's
``<span class="star-pagination">*192</span>``): :func:`markers_from_markup`
reads them and :func:`paginate` takes them as they are, checking only that
they agree with the page range.

The cleaned text is the raw text minus the markers, nothing else; ``offsets``
maps every clean index to its raw index.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from sdd_kg.errors import InputError
from sdd_kg.markup import MarkupText

_STAR = re.compile(r"\*(\d+)")
MAX_PAGE_DIGITS = 6
"""Longest page number considered; bounds the prefixes tried on long digit runs."""
MAX_SKIP = 2
"""Pages a lost marker may leave out in a text read without a page range."""
ANCHOR_WINDOW = 20
"""Stars examined as candidates for the first marker (it comes early)."""


@dataclass(frozen=True)
class StarMarker:
    """One page break: ``raw[raw_start:raw_end]`` is e.g. ``*1128``; text after it is on ``page``."""

    raw_start: int
    raw_end: int
    page: int


@dataclass(frozen=True)
class PagedText:
    """A raw text, its marker-free clean text and the clean -> raw offset map.

    ``offsets[i]`` is the raw index of ``text[i]``; ``first_page`` is the page
    the text starts on; ``markers`` are in raw order.
    """

    raw: str = field(repr=False)
    text: str = field(repr=False)
    offsets: tuple[int, ...] = field(repr=False)
    first_page: int
    markers: tuple[StarMarker, ...]
    pages_marked: bool = True  # False: the text spans pages it does not mark, so positions have no known page

    def to_raw(self, clean_index: int) -> int:
        """Raw index of ``text[clean_index]``; ``len(text)`` maps to ``len(raw)``."""
        if clean_index == len(self.text):
            return len(self.raw)
        if not 0 <= clean_index < len(self.text):
            raise IndexError(f"clean index {clean_index} outside 0..{len(self.text)}")
        return self.offsets[clean_index]

    def raw_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Half-open raw span of the clean span; it covers any marker inside it.

        An empty clean span maps to the empty raw span at ``to_raw(clean_start)``.
        """
        if not 0 <= clean_start <= clean_end <= len(self.text):
            raise IndexError(f"clean span {clean_start}-{clean_end} outside 0..{len(self.text)}")
        if clean_start == clean_end:
            start = self.to_raw(clean_start)
            return start, start
        return self.offsets[clean_start], self.offsets[clean_end - 1] + 1

    def page_at(self, raw_offset: int) -> int:
        """Page of the raw character at ``raw_offset``: the last marker at or before it, else ``first_page``.

        Footnote text needs :meth:`sdd_kg.footnotes.Layout.page_at`, which
        starts from the page of the footnote's call.
        """
        if not 0 <= raw_offset <= len(self.raw):
            raise IndexError(f"raw offset {raw_offset} outside 0..{len(self.raw)}")
        index = bisect_right(self.markers, raw_offset, key=lambda marker: marker.raw_start)
        return self.markers[index - 1].page if index else self.first_page

    @property
    def last_page(self) -> int:
        """Highest page any marker names, or ``first_page`` when there is none."""
        return max((marker.page for marker in self.markers), default=self.first_page)


@dataclass(frozen=True)
class _Star:
    start: int  # index of the '*'
    digits: str


def _read(digits: str, width: int) -> int | None:
    """The page the first ``width`` digits name, or None (too short, leading zero)."""
    if width < 1 or len(digits) < width or digits[0] == "0":
        return None
    return int(digits[:width])


def _continues(stars: list[_Star], after: int, page: int) -> bool:
    """Whether some star after index ``after`` reads as ``page``."""
    width = len(str(page))
    return any(_read(star.digits, width) == page for star in stars[after + 1 :])


def _run_from(stars: list[_Star], index: int, page: int) -> tuple[list[tuple[int, int]], int]:
    """The body run that starts with star ``index`` read as ``page``, and its score.

    The run is a list of (star index, page). A star joins when it reads as the
    expected page, or as a page at most MAX_SKIP later when a later star
    confirms the run goes on from it (a lost marker, not a stray number). A
    star whose whole digit run is the page scores 2, a glued one 1, so a run
    made of chance prefixes (``*1068`` read as 1, ``*2013`` as 2) loses.
    """
    run = [(index, page)]
    score = _weight(stars[index], page)
    expected = page + 1
    for j in range(index + 1, len(stars)):
        value = _read(stars[j].digits, len(str(expected)))
        if value is None or value < expected:
            continue
        if value == expected or (value <= expected + MAX_SKIP and _continues(stars, j, value + 1)):
            run.append((j, value))
            score += _weight(stars[j], value)
            expected = value + 1
    return run, score


def _weight(star: _Star, page: int) -> int:
    return 2 if len(star.digits) == len(str(page)) else 1


def _body_run(
    stars: list[_Star], first_page: int | None, last_page: int | None
) -> list[tuple[int, int]]:
    """The best-scoring body run among runs starting at one of the first stars.

    With ``first_page`` every candidate is read with the digit count of
    ``first_page + 1`` (a lone glued ``*1128112`` is then 1128). Ties go to
    a first page within ``last_page``, then the earliest star, then the longer
    reading.
    """
    best: list[tuple[int, int]] = []
    best_key: tuple[int, bool, int, int] | None = None
    for index, star in enumerate(stars[:ANCHOR_WINDOW]):
        if first_page is not None:
            widths = [len(str(first_page + 1))]
        else:
            widths = list(range(1, min(len(star.digits), MAX_PAGE_DIGITS) + 1))
        for width in widths:
            page = _read(star.digits, width)
            if page is None:
                continue
            run, score = _run_from(stars, index, page)
            key = (score, last_page is None or page <= last_page, -index, width)
            if best_key is None or key > best_key:
                best, best_key = run, key
    return best


def _back_reference(digits: str, low: int, high: int) -> int | None:
    """The page in ``low..high`` a prefix of ``digits`` names (longest prefix first), else None."""
    for width in range(len(str(high)), len(str(low)) - 1, -1):
        page = _read(digits, width)
        if page is not None and low <= page <= high:
            return page
    return None


def _range_label(first_page: int | None, last_page: int | None) -> str:
    if first_page is not None and last_page is not None:
        return f"page range {first_page}-{last_page}"
    if first_page is not None:
        return f"first page {first_page}"
    return f"last page {last_page}"


def markers_from_markup(markup: MarkupText) -> tuple[StarMarker, ...] | None:
    """The page breaks a marked-up text marks, or None when it marks none.

    A marker is a ``<page-number>`` element (CAP XML; its ``label`` is the
    page), an element of class ``star-pagination`` (CourtListener) or
    ``page-label`` (CAP's static HTML, page in ``data-label``); its span is
    the element's text (``*194``), which the clean text drops. A marker
    whose page cannot be read is left in the text.
    """
    found = []
    for element in markup.elements:
        if element.tag != "page-number" and not {"star-pagination", "page-label"} & element.classes:
            continue
        label = element.attr("label") or element.attr("data-label") or markup.text[element.start : element.end]
        digits = re.search(r"\d+", label)
        if digits and element.end > element.start:
            found.append(StarMarker(element.start, element.end, int(digits.group())))
    return tuple(sorted(found, key=lambda marker: marker.raw_start)) or None


def _explicit(
    raw: str, markers: tuple[StarMarker, ...], first_page: int | None, last_page: int | None, path: str | Path | None
) -> PagedText:
    """A :class:`PagedText` from markers the markup gives. The first marker
    fixes the start page (its page minus one); with a range, that must be
    ``first_page`` and no marker may lie outside it."""
    start_page = markers[0].page - 1
    disagree = f"{_range_label(first_page, last_page)} disagrees with the page markers"
    if first_page is not None and start_page != first_page:
        raise InputError(path, f"{disagree}: first marker {markers[0].page} means the text starts on page {start_page}")
    for marker in markers:
        if marker.page <= start_page or (last_page is not None and marker.page > last_page):
            raise InputError(path, f"{disagree}: marker {marker.page} at offset {marker.raw_start} is outside it")
    text, offsets = _remove_spans(raw, [(marker.raw_start, marker.raw_end) for marker in markers])
    return PagedText(raw=raw, text=text, offsets=offsets, first_page=start_page, markers=markers)


def paginate(
    raw: str,
    first_page: int | None = None,
    last_page: int | None = None,
    *,
    path: str | Path | None = None,
    markers: tuple[StarMarker, ...] | None = None,
) -> PagedText:
    """Find the star markers of ``raw`` and build its :class:`PagedText`.

    ``first_page`` / ``last_page`` come from the case record; when given, the
    markers must agree: the first marker is ``first_page + 1``, body markers
    are consecutive and none is beyond ``last_page``, else :class:`InputError`
    (naming ``path``). Without ``first_page`` it is the first marker's page
    minus one; a text with neither markers nor ``first_page`` is an error.
    ``markers``, from :func:`markers_from_markup`, replace the search.
    """
    if first_page is not None and last_page is not None and last_page < first_page:
        raise InputError(path, f"page range {first_page}-{last_page} is empty")
    if markers:
        return _explicit(raw, markers, first_page, last_page, path)
    disagree = f"{_range_label(first_page, last_page)} disagrees with the star markers"
    stars = [_Star(match.start(), match.group(1)) for match in _STAR.finditer(raw)]
    run = _body_run(stars, first_page, last_page)
    strict = first_page is not None or last_page is not None

    if run:
        first_star, anchor_page = run[0]
        if first_page is not None and anchor_page != first_page + 1:
            raise InputError(
                path,
                f"{disagree}: first marker *{anchor_page} means the text starts on page {anchor_page - 1}",
            )
        start_page = anchor_page - 1
    elif first_page is not None:
        start_page = first_page
    elif last_page is not None:
        start_page = last_page  # no page break, so the whole text is on that page
    else:
        raise InputError(path, "no star page markers and no first page given: cannot tell the pages")

    body = dict(run)
    markers: list[StarMarker] = []
    previous = highest = start_page
    for index, star in enumerate(stars):
        page = body.get(index)
        if page is not None:
            if strict and last_page is not None and page > last_page:
                raise InputError(
                    path, f"{disagree}: marker *{page} at offset {star.start} is beyond the last page"
                )
            if strict and page != previous + 1:
                raise InputError(
                    path,
                    f"{disagree}: marker *{page} at offset {star.start} follows *{previous}, "
                    f"so page {previous + 1} has no marker",
                )
            previous = page
            highest = max(highest, page)
        elif run and index > first_star:
            # The caller's last page bounds back references; without it only
            # pages already seen can be referred back to.
            upper = last_page if last_page is not None else highest
            page = _back_reference(star.digits, start_page, upper)
            if page is None:
                continue
            if page > highest:
                raise InputError(
                    path,
                    f"{disagree}: marker *{page} at offset {star.start} is out of sequence after *{highest}",
                )
        else:
            continue
        markers.append(StarMarker(star.start, star.start + 1 + len(str(page)), page))

    text, offsets = _remove_spans(raw, [(marker.raw_start, marker.raw_end) for marker in markers])
    # Without markers the page is known only for a text the caller puts on one page.
    marked = bool(markers) or last_page == start_page
    return PagedText(
        raw=raw, text=text, offsets=offsets, first_page=start_page, markers=tuple(markers), pages_marked=marked
    )


def _remove_spans(raw: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[int, ...]]:
    """``raw`` without the sorted, disjoint ``spans``, and the raw index of each kept character."""
    kept: list[tuple[int, int]] = []
    position = 0
    for start, end in spans:
        if start > position:
            kept.append((position, start))
        position = end
    if position < len(raw):
        kept.append((position, len(raw)))
    text = "".join(raw[start:end] for start, end in kept)
    offsets = tuple(chain.from_iterable(range(start, end) for start, end in kept))
    return text, offsets
