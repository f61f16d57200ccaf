"""Star pagination: glued markers, back references, offset map, page ranges."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sdd_kg.errors import InputError
from sdd_kg.pagination import PagedText, StarMarker, paginate

DATA = Path(__file__).resolve().parent.parent / "data"
KENNEDY = ("kennedy-v-ridgefield-2006-dissent-bybee.txt", 1067, 1083)
PAULUK = ("pauluk-v-savage-2016-partial-dissent-murguia.txt", 1126, 1132)


@cache
def real(name: str, first: int | None, last: int | None) -> PagedText:
    path = DATA / name
    return paginate(path.read_bytes().decode("utf-8"), first, last, path=path)


@pytest.mark.parametrize(
    ("raw", "first", "last", "text", "markers"),
    [
        # marker glued into a hyphenated word
        ("In DeSha-*1127ney v.", 1126, 1132, "In DeSha-ney v.", [(9, 14, 1127)]),
        # glued to the following volume number: *1128 then 112 S.Ct. 1061
        ("at 125-30, *1128112 S.Ct. 1061;", 1127, None, "at 125-30, 112 S.Ct. 1061;", [(11, 16, 1128)]),
        # glued to a pin cite: *1132 then 975-76
        ("648 F.3d at *1132975-76 (refusing", 1131, 1132, "648 F.3d at 975-76 (refusing", [(12, 17, 1132)]),
        # same, with the pages inferred from the markers
        ("a *1128112 S.Ct. b *1129c", None, None, "a 112 S.Ct. b c", [(2, 7, 1128), (19, 24, 1129)]),
        ("no markers at all", 1067, 1083, "no markers at all", []),
        ("one page only", None, 1070, "one page only", []),
        # a marker at the very start and the very end
        ("*1068x*1069", 1067, None, "x", [(0, 5, 1068), (6, 11, 1069)]),
        # a Westlaw pin cite is not a page break, with or without a range
        ("x *1127y at *10 (D. Nev.) *1128z", None, None, "x y at *10 (D. Nev.) z", [(2, 7, 1127), (26, 31, 1128)]),
        ("x *1127y at *10 (D. Nev.) *1128z", 1126, 1132, "x y at *10 (D. Nev.) z", [(2, 7, 1127), (26, 31, 1128)]),
        # a star number before the first marker does not start the pages
        ("see *3 then *1068a *1069b", None, None, "see *3 then a b", [(12, 17, 1068), (19, 24, 1069)]),
        # outside the given range: left in the text
        ("a *1068b *2013 c", 1067, 1083, "a b *2013 c", [(2, 7, 1068)]),
        ("a *1068b *2013 c", None, None, "a b *2013 c", [(2, 7, 1068)]),
        # a lone glued marker is read with the width the given first page implies
        ("x *1128112 S.Ct.", 1127, 1128, "x 112 S.Ct.", [(2, 7, 1128)]),
        # footnote markers go back to pages already seen
        ("a*1127b*1128c\n. unrea*1127sonable", 1126, 1128, "abc\n. unreasonable", [(1, 6, 1127), (7, 12, 1128), (21, 26, 1127)]),
        ("a*1127b*1128c\n. unrea*1127sonable", None, None, "abc\n. unreasonable", [(1, 6, 1127), (7, 12, 1128), (21, 26, 1127)]),
        # without a range, a lost marker is bridged when the run goes on after it
        ("a*1068b*1069c*1071d*1072e", None, None, "abcde", [(1, 6, 1068), (7, 12, 1069), (13, 18, 1071), (19, 24, 1072)]),
        # page numbers crossing a digit boundary
        ("a*999b*1000c", 998, 1000, "abc", [(1, 5, 999), (6, 11, 1000)]),
    ],
)
def test_markers(raw: str, first: int | None, last: int | None, text: str, markers: list[tuple[int, int, int]]) -> None:
    paged = paginate(raw, first, last)
    assert paged.text == text
    assert paged.markers == tuple(StarMarker(*marker) for marker in markers)
    assert all(raw[paged.to_raw(i)] == text[i] for i in range(len(text)))


@pytest.mark.parametrize(
    ("raw", "first", "last", "clean_word", "raw_index"),
    [
        ("In DeSha-*1127ney v.", 1126, None, "ney", 14),  # 'n' comes right after the marker
        ("at *1128112 S.Ct.", 1127, None, "112", 8),
        ("at *1132975-76", 1131, None, "975", 8),
    ],
)
def test_to_raw_skips_the_marker(raw: str, first: int, last: int | None, clean_word: str, raw_index: int) -> None:
    paged = paginate(raw, first, last)
    assert paged.to_raw(paged.text.index(clean_word)) == raw_index


@pytest.mark.parametrize(
    ("clean_start", "clean_end", "span"),
    [
        (0, 4, (0, 9)),
        (1, 3, (1, 8)),  # covers the marker between b and c
        (2, 4, (7, 9)),
        (2, 2, (7, 7)),  # empty span at c
        (4, 4, (9, 9)),  # empty span at the end
        (0, 0, (0, 0)),
    ],
)
def test_raw_span(clean_start: int, clean_end: int, span: tuple[int, int]) -> None:
    paged = paginate("ab*1068cd", 1067, 1068)
    assert paged.text == "abcd"
    assert paged.raw_span(clean_start, clean_end) == span


@pytest.mark.parametrize(("call", "args"), [("to_raw", (5,)), ("to_raw", (-1,)), ("raw_span", (3, 2)), ("page_at", (10,))])
def test_out_of_range(call: str, args: tuple[int, ...]) -> None:
    paged = paginate("ab*1068cd", 1067, 1068)
    with pytest.raises(IndexError):
        getattr(paged, call)(*args)


@pytest.mark.parametrize("source", [KENNEDY, PAULUK])
@pytest.mark.parametrize("use_range", [True, False])
def test_offset_round_trip_on_real_files(source: tuple[str, int, int], use_range: bool) -> None:
    name, first, last = source
    paged = real(name, first, last) if use_range else real(name, None, None)
    raw, text = paged.raw, paged.text
    assert len(paged.offsets) == len(text)
    assert all(raw[paged.to_raw(i)] == text[i] for i in range(len(text)))
    assert paged.to_raw(len(text)) == len(raw)
    assert len(raw) - len(text) == sum(m.raw_end - m.raw_start for m in paged.markers)
    assert "".join(raw[m.raw_start : m.raw_end] for m in paged.markers) == "".join(f"*{m.page}" for m in paged.markers)
    assert (paged.first_page, paged.last_page) == (first, last)


@pytest.mark.parametrize(
    ("source", "pages"),
    [
        (KENNEDY, list(range(1068, 1084))),
        # body 1127..1132, then the footnotes' *1128 (unrea*1128sonable) and *1132 (*1132of mold)
        (PAULUK, [1127, 1128, 1129, 1130, 1131, 1132, 1128, 1132]),
    ],
)
def test_real_marker_pages(source: tuple[str, int, int], pages: list[int]) -> None:
    assert [m.page for m in real(*source).markers] == pages


@pytest.mark.parametrize(
    ("source", "anchor", "shift", "page"),
    [
        (KENNEDY, None, 0, 1067),  # first character of the text
        (KENNEDY, "*1068", -1, 1067),  # the space before the first marker
        (KENNEDY, "*1068", 0, 1068),  # the marker itself starts the page
        (KENNEDY, "*1068", 5, 1068),  # the character right after it
        (KENNEDY, "*1078Even", 5, 1078),  # a marker at the start of a line
        (KENNEDY, "re*1081motely", 7, 1081),
        (KENNEDY, "*1083DeShaney", 5, 1083),
        (PAULUK, None, 0, 1126),
        (PAULUK, "DeSha-*1127ney", -1, 1126),  # the '-' before the glued marker
        (PAULUK, "DeSha-*1127ney", 5, 1127),  # 'n'
        (PAULUK, "*1128112 S.Ct.", 5, 1128),
        (PAULUK, "at *10 (D. Nev.", 4, 1129),  # '*10' is text on page 1129
        (PAULUK, "*1132975-76", 5, 1132),
        (PAULUK, "unrea*1128sonable", 10, 1128),  # star map only; footnote pages are Layout's job
    ],
)
def test_page_at_real_files(source: tuple[str, int, int], anchor: str | None, shift: int, page: int) -> None:
    paged = real(*source)
    offset = (paged.raw.index(anchor) + (anchor.index("*") if "*" in anchor else 0) if anchor else 0) + shift
    assert paged.page_at(offset) == page


@pytest.mark.parametrize(
    ("raw", "first", "page_at_end", "last_page"),
    [
        ("no markers", 1067, 1067, 1067),
        ("a*1068b", 1067, 1068, 1068),
    ],
)
def test_pages_of_small_texts(raw: str, first: int, page_at_end: int, last_page: int) -> None:
    paged = paginate(raw, first)
    assert paged.page_at(len(raw) - 1) == page_at_end
    assert paged.last_page == last_page


@pytest.mark.parametrize(
    ("raw", "first", "last", "problem"),
    [
        (KENNEDY, 1060, 1083, "page range 1060-1083 disagrees with the star markers: first marker *1068 means the text starts on page 1067"),
        (KENNEDY, 1070, 1083, "page range 1070-1083 disagrees with the star markers: first marker *1068 means the text starts on page 1067"),
        (KENNEDY, 1060, None, "first page 1060 disagrees with the star markers: first marker *1068 means the text starts on page 1067"),
        (KENNEDY, 1067, 1081, "page range 1067-1081 disagrees with the star markers: marker *1082 at offset 43983 is beyond the last page"),
        (KENNEDY, None, 1080, "last page 1080 disagrees with the star markers: marker *1081 at offset 43396 is beyond the last page"),
        (PAULUK, 1126, 1131, "page range 1126-1131 disagrees with the star markers: marker *1132 at offset 18245 is beyond the last page"),
        ("a*1068b*1069c*1071d*1072e", 1067, 1083, "page range 1067-1083 disagrees with the star markers: marker *1071 at offset 13 follows *1069, so page 1070 has no marker"),
        ("a*1068b*1069c*1075d", 1067, 1083, "page range 1067-1083 disagrees with the star markers: marker *1075 at offset 13 is out of sequence after *1069"),
        ("plain text", None, None, "no star page markers and no first page given: cannot tell the pages"),
        ("a*1068b", 1083, 1067, "page range 1083-1067 is empty"),
    ],
)
def test_range_errors(raw: str | tuple[str, int, int], first: int | None, last: int | None, problem: str) -> None:
    path = DATA / raw[0] if isinstance(raw, tuple) else Path("text.txt")
    text = path.read_bytes().decode("utf-8") if isinstance(raw, tuple) else raw
    with pytest.raises(InputError) as caught:
        paginate(text, first, last, path=path)
    assert str(caught.value) == f"{path}: {problem}"
