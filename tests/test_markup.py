"""HTML and XML sources: text content, element spans, balance."""

from __future__ import annotations

import pytest

from sdd_kg.errors import InputError
from sdd_kg.markup import parse_html, parse_xml

TEXT_CONTENT = [
    # entities decoded, nothing inserted at tags
    ("<p>A &amp; B</p><p>C</p>", "A & BC"),
    # the head, scripts and styles are not text
    ("<html><head><title>T</title><style>p{}</style></head><body><p>x</p><script>y()</script></body></html>", "x"),
    # comments are not text; whitespace is kept as it is
    ("<div>\n  a <!-- note -->b\n</div>", "\n  a b\n"),
    # a void element and a self-closed one hold no text
    ("a<br>b<br/>c<img src=x>d", "abcd"),
    # <p> closed by the next block, as HTML allows
    ("<div><p>one<p>two</div>", "onetwo"),
    # character references in attributes do not leak into the text
    ('<a href="?a=1&amp;b=2">link</a>', "link"),
]


@pytest.mark.parametrize(("source", "text"), TEXT_CONTENT)
def test_html_text_content(source: str, text: str) -> None:
    assert parse_html(source, "t.html").text == text


def test_element_spans_index_the_text() -> None:
    markup = parse_html('<p>Text <span class="star-pagination">*192</span> more<sup>[1]</sup></p>', "t.html")
    (star,) = markup.find("span", "star-pagination")
    (sup,) = markup.find("sup")
    assert markup.text[star.start : star.end] == "*192"
    assert markup.text[sup.start : sup.end] == "[1]"
    assert markup.block_starts() == (0,)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("<div><span>x</div>", "</div> at line 1, column 13 closes <span> opened at line 1, column 6"),
        ("<div>x", "<div> opened at line 1, column 1 is never closed"),
        ("x</div>", "</div> at line 1, column 2 has no open <div>"),
        ("<p><b>x</p>", "</p> at line 1, column 8 closes <b> opened at line 1, column 4"),
        ("<table>\n<tr><td>x</table></div>", "</div> at line 2, column 18 has no open <div>"),
    ],
)
def test_unbalanced_html_is_refused_with_the_place(source: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_html(source, "bad.html")
    assert str(caught.value) == f"bad.html: malformed HTML: {problem}"


def test_optional_end_tags_are_not_unbalanced() -> None:
    markup = parse_html("<ul><li>a<li>b</ul><table><tr><td>c<td>d</table>", "ok.html")
    assert markup.text == "abcd"
    assert [markup.text[e.start : e.end] for e in markup.find("li")] == ["a", "b"]


def test_xml_text_and_local_names() -> None:
    markup = parse_xml(
        '<?xml version="1.0"?><casebody xmlns="urn:x" firstpage="1"><opinion type="dissent">'
        '<author>A, J., dissenting.</author><p>T <page-number label="2">*2</page-number>u&amp;v</p></opinion></casebody>',
        "c.xml",
    )
    assert markup.text == "A, J., dissenting.T *2u&v"
    (page,) = markup.find("page-number")
    assert (page.attr("label"), markup.text[page.start : page.end]) == ("2", "*2")
    assert markup.elements[0].tag == "casebody" and markup.elements[0].attr("firstpage") == "1"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("<a><b></a>", "malformed XML: mismatched tag at line 1, column 9"),
        ("<a>", "malformed XML: no element found at line 1, column 4"),
        ("<a>&nbsp;</a>", "malformed XML: undefined entity at line 1, column 4"),
    ],
)
def test_malformed_xml_is_refused(source: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_xml(source, "c.xml")
    assert str(caught.value) == f"c.xml: {problem}"
