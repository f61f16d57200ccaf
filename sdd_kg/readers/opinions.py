"""Which opinions a text holds, where, and on which pages.

Shared by the readers. A text opens each opinion with an author line
(:mod:`sdd_kg.readers.authors`); a text of several opinions (a lawbox page,
a CourtListener combined opinion, a plain text) is cut at them, each
opinion running to the next one's author line. Head matter before the first
author line belongs to no opinion. Pages come from the text's own page
markers; a text without markers has no page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import iris
from ..errors import InputError
from ..markup import MarkupText
from ..pagination import PagedText, markers_from_markup, paginate
from .authors import AuthorLine, find_author_lines


@dataclass(frozen=True)
class FoundOpinion:
    """An opinion found in a text: ``text[start:end]`` is it."""

    type: str
    author: str | None
    joined_by: tuple[str, ...]
    start: int
    end: int
    first_page: int | None
    last_page: int | None
    line: AuthorLine  # the author line it was read from

    @property
    def id(self) -> str:
        return opinion_id(self.type, self.author)

    def entry(self) -> dict[str, Any]:
        """The opinion as an entry of the record's ``opinions`` list."""
        return opinion_entry(self.type, self.author, self.joined_by, self.first_page, self.last_page)


def opinion_id(opinion_type: str, author: str | None) -> str:
    """``dissent-carrow``: the type and the author's surname (``per-curiam``
    alone when unsigned), the form of the ids in data/."""
    if not author:
        return opinion_type if opinion_type == "per-curiam" else f"{opinion_type}-unsigned"
    return f"{opinion_type}-{iris.slug(author.split()[-1])}"


def opinion_entry(
    kind: str, author: str | None, joined_by: tuple[str, ...], first_page: int | None, last_page: int | None
) -> dict[str, Any]:
    """An entry of the record's ``opinions`` list; what is unknown is left out."""
    entry: dict[str, Any] = {"id": opinion_id(kind, author), "type": kind}
    if author:
        entry["author"] = author
    if joined_by:
        entry["joined_by"] = list(joined_by)
    if first_page is not None:
        entry["first_page"], entry["last_page"] = first_page, last_page
    return entry


def paged_text(text: str, markup: MarkupText | None) -> PagedText | None:
    """The text's page map from its own markers, or None when it has none."""
    markers = markers_from_markup(markup) if markup is not None else None
    try:
        paged = paginate(text, markers=markers)
    except InputError:  # no markers at all: the text says nothing of its pages
        return None
    return paged if paged.markers else None


def page_span(paged: PagedText | None, start: int, end: int) -> tuple[int | None, int | None]:
    """First and last page of ``text[start:end]``: the page of its first
    word (a marker before any word, as in ``<author>*1202 SMITH``, starts
    it on that page), and the highest page a marker inside it names."""
    if paged is None:
        return None, None
    raw = paged.raw
    position = start
    for marker in paged.markers:
        if marker.raw_start < position:
            continue
        if raw[position:marker.raw_start].strip():
            break
        position = marker.raw_end
    while position < end and raw[position].isspace():
        position += 1
    first = paged.page_at(min(position, end))
    inside = [m.page for m in paged.markers if start <= m.raw_start < end]
    return first, max([first, *inside])


def split_opinions(text: str, markup: MarkupText | None = None, paged: PagedText | None = None) -> list[FoundOpinion]:
    """The opinions of a text by its author lines, in order; [] when it has
    none. ``paged`` is the text's :func:`paged_text`, when it has pages."""
    lines = find_author_lines(text, markup.block_starts() if markup is not None else ())
    found = []
    for k, line in enumerate(lines):
        end = lines[k + 1].start if k + 1 < len(lines) else len(text)
        first, last = page_span(paged, line.start, end)
        found.append(FoundOpinion(line.opinion_type, line.author, line.joined_by, line.start, end, first, last, line))
    return found
