"""HTML and XML sources: their text, and the elements that structure it.

Offsets into an HTML or XML source count characters of its *text*: the
character data of its text nodes in document order, character references
decoded, nothing inserted, removed or normalised, and nothing from
``<head>``, ``<script>``, ``<style>`` or ``<template>`` (in XML, every text
node). That is what a browser's ``document.body.textContent`` holds, and it
is what the Web Annotation model asks a ``TextPositionSelector`` to count in
markup ("tags removed, character entities replaced"). So a quote from an
HTML opinion is checked with ``html_text(file)[start:end] == exact``.

The parse also records every element as a span of that text, which is how
the page-break markers (``<span class="star-pagination">*192</span>``,
``<page-number label="194">*194</page-number>``), footnotes and opinions of
a marked-up source are found without guessing from the characters.

HTML is parsed leniently by the standard library, then checked for balance:
an end tag that closes nothing, or closes an element other than the last
one opened (except the elements HTML lets one leave open, such as ``<p>``
and ``<li>``), or an element never closed, is an :class:`InputError`. XML
goes through expat, which refuses anything not well-formed.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.parsers import expat

from .errors import InputError

# Elements with no content and no end tag.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
# Elements whose end tag HTML lets one omit: closed by their parent's end tag.
_OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rt rp html head body".split())
# Elements whose text is not part of the document's text content.
_HIDDEN = frozenset("head script style template title".split())
# Start tags that implicitly close an open <p> (HTML's "close a p element").
_CLOSES_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hgroup hr main menu nav ol p pre section table ul center".split()
)
# Start tags that close an open sibling of the same kind.
_CLOSES_SIBLING = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}, "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"}}

BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote br center dd details div dl dt fieldset figcaption figure footer footnote form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol opinion p pre section table td th tr ul author parties docketnumber "
    "court decisiondate otherdate attorneys judges headnotes summary syllabus disposition".split()
)
"""Elements that start a new line of the text for a reader: a footnote or
an author line begins at the start of one, as it begins a line in plain text."""


@dataclass(frozen=True)
class Element:
    """One element: ``text[start:end]`` is its text content."""

    tag: str  # lower-case local name
    attrs: tuple[tuple[str, str], ...]
    start: int
    end: int
    line: int  # of its start tag in the file, for messages

    def attr(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset((self.attr("class") or "").split())


@dataclass(frozen=True)
class MarkupText:
    """The text content of a marked-up file and its elements, in the order
    their start tags appear."""

    text: str
    elements: tuple[Element, ...]

    def find(self, tag: str, css_class: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (css_class is None or css_class in e.classes)]

    def block_starts(self) -> tuple[int, ...]:
        """Offsets where a block element's text begins, ascending."""
        return tuple(sorted({e.start for e in self.elements if e.tag in BLOCK_ELEMENTS}))


class _Open:
    """An element whose end tag has not been seen yet."""

    __slots__ = ("tag", "attrs", "order", "start", "line", "column")

    def __init__(self, tag: str, attrs: tuple[tuple[str, str], ...], order: int, start: int, line: int, column: int):
        self.tag, self.attrs, self.order, self.start, self.line, self.column = tag, attrs, order, start, line, column


class _Collector:
    """Text and element spans, shared by the HTML and XML parsers."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[_Open] = []
        self.done: list[tuple[int, Element]] = []  # (start-tag order, element)
        self.order = 0

    def text(self, data: str) -> None:
        self.parts.append(data)
        self.length += len(data)

    def open(self, tag: str, attrs: tuple[tuple[str, str], ...], line: int, column: int) -> None:
        self.stack.append(_Open(tag, attrs, self.order, self.length, line, column))
        self.order += 1

    def empty(self, tag: str, attrs: tuple[tuple[str, str], ...], line: int) -> None:
        self.done.append((self.order, Element(tag, attrs, self.length, self.length, line)))
        self.order += 1

    def close_from(self, index: int) -> list[_Open]:
        """Close ``stack[index]`` and every element opened after it."""
        closed = []
        while len(self.stack) > index:
            item = self.stack.pop()
            closed.append(item)
            self.done.append((item.order, Element(item.tag, item.attrs, item.start, self.length, item.line)))
        return closed

    def result(self) -> MarkupText:
        elements = tuple(element for _, element in sorted(self.done, key=lambda pair: pair[0]))
        return MarkupText("".join(self.parts), elements)


def _attrs(pairs) -> tuple[tuple[str, str], ...]:
    return tuple((key, value or "") for key, value in pairs)


class _HTMLText(HTMLParser):
    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.out = _Collector()
        self.hidden = 0  # depth inside <head>, <script>, ...

    def _fail(self, problem: str) -> None:
        raise InputError(self.path, f"malformed HTML: {problem}")

    def _where(self, item: _Open | None = None) -> str:
        line, column = (item.line, item.column) if item else self.getpos()
        return f"line {line}, column {column + 1}"

    def _close_from(self, index: int) -> None:
        self.hidden -= sum(1 for item in self.out.close_from(index) if item.tag in _HIDDEN)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.text(data)

    def handle_starttag(self, tag: str, attrs) -> None:
        stack = self.out.stack
        if tag in _CLOSES_P and stack and stack[-1].tag == "p":
            self._close_from(len(stack) - 1)
        if tag in _CLOSES_SIBLING and stack and stack[-1].tag in _CLOSES_SIBLING[tag]:
            self._close_from(len(stack) - 1)
        line, column = self.getpos()
        if tag in _VOID:
            self.out.empty(tag, _attrs(attrs), line)
            return
        self.out.open(tag, _attrs(attrs), line, column)
        if tag in _HIDDEN:
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.out.empty(tag, _attrs(attrs), self.getpos()[0])

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return  # </br> and the like: browsers ignore them too
        stack = self.out.stack
        for index in range(len(stack) - 1, -1, -1):
            if stack[index].tag == tag:
                unclosed = [item for item in stack[index + 1 :] if item.tag not in _OPTIONAL_END]
                if unclosed:
                    item = unclosed[-1]
                    self._fail(f"</{tag}> at {self._where()} closes <{item.tag}> opened at {self._where(item)}")
                self._close_from(index)
                return
        self._fail(f"</{tag}> at {self._where()} has no open <{tag}>")

    def parse(self, source: str) -> MarkupText:
        self.feed(source)
        self.close()
        unclosed = [item for item in self.out.stack if item.tag not in _OPTIONAL_END]
        if unclosed:
            item = unclosed[-1]
            self._fail(f"<{item.tag}> opened at {self._where(item)} is never closed")
        self._close_from(0)
        return self.out.result()


def parse_html(source: str, path: str | Path) -> MarkupText:
    """The text content and elements of an HTML document or fragment."""
    return _HTMLText(Path(path)).parse(source)


def parse_xml(source: str, path: str | Path) -> MarkupText:
    """The text content and elements of an XML document; element names are
    local names (a CAP casebody's namespace is dropped)."""
    out = _Collector()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        out.open(local, tuple((k.rsplit(" ", 1)[-1], v) for k, v in attrs.items()), parser.CurrentLineNumber, parser.CurrentColumnNumber)

    def end(name: str) -> None:
        out.close_from(len(out.stack) - 1)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = out.text
    try:
        parser.Parse(source, True)
    except expat.ExpatError as exc:
        problem = expat.errors.messages.get(exc.code, str(exc)) if hasattr(exc, "code") else str(exc)
        raise InputError(Path(path), f"malformed XML: {problem} at line {exc.lineno}, column {exc.offset + 1}") from None
    return out.result()
