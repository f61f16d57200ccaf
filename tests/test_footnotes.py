"""Footnote separation: appended paragraphs, calls in sequence, footnote pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sdd_kg.footnotes import Layout, clean_text_for_extraction, split_footnotes
from sdd_kg.pagination import paginate

DATA = Path(__file__).resolve().parent.parent / "data"
KENNEDY = ("kennedy-v-ridgefield-2006-dissent-bybee.txt", 1067, 1083)
PAULUK = ("pauluk-v-savage-2016-partial-dissent-murguia.txt", 1126, 1132)


@cache
def real(name: str, first: int, last: int) -> Layout:
    path = DATA / name
    return split_footnotes(paginate(path.read_bytes().decode("utf-8"), first, last, path=path))


def layout_of(raw: str, first_page: int = 1067) -> Layout:
    return split_footnotes(paginate(raw, first_page))


@pytest.mark.parametrize(("source", "count"), [(KENNEDY, 11), (PAULUK, 4)])
def test_counts(source: tuple[str, int, int], count: int) -> None:
    layout = real(*source)
    assert [note.number for note in layout.footnotes] == list(range(1, count + 1))
    assert len(layout.calls) == count  # every footnote's call is found in these texts


@pytest.mark.parametrize(
    ("source", "number", "starts", "ends", "lines"),
    [
        (KENNEDY, 1, "Although I dissent on the merits", "this interlocutory appeal.", 1),
        (KENNEDY, 2, "The majority devotes a lengthy footnote", "see footnote 9, infra.", 1),
        # a block quote: lines 64-69 of the file are one footnote
        (KENNEDY, 3, "The majority cites to Penilla", "making it impossible for him to receive medical care.", 6),
        (KENNEDY, 4, "There may be some latent dispute", "state-created danger.", 1),
        # line 73 continues footnote 6
        (KENNEDY, 6, "In my view, whether or \"not Burns", "a violent response.", 2),
        (KENNEDY, 10, "The majority relies on a single sentence in Penilla", "See footnote 3, supra.", 1),
        (KENNEDY, 11, "The majority claims that I have improperly", "in favor of the government official.", 1),
        (PAULUK, 1, "I note at the outset", "the individually named defendants.", 1),
        (PAULUK, 2, "The plaintiff in Collins had brought suit", "Id. at 129, 112 S.Ct. 1061.", 1),
        (PAULUK, 3, "The court never had to evaluate", "Grubbs II, 92 F.3d at 895.", 1),
        (PAULUK, 4, "The opinion’s assertion that Wojcik", "is not supported by the record.", 1),
    ],
)
def test_footnote_spans(source: tuple[str, int, int], number: int, starts: str, ends: str, lines: int) -> None:
    layout = real(*source)
    note = layout.footnotes[number - 1]
    text = layout.paged.raw[note.raw_start : note.raw_end]
    assert note.number == number
    assert text.startswith(starts)
    assert text.endswith(ends)  # no trailing newline
    assert text.count("\n") + 1 == lines
    assert layout.paged.raw[note.raw_start - 2 : note.raw_start] == ". "


@pytest.mark.parametrize(
    ("source", "number", "glued"),
    [
        (KENNEDY, 1, "I respectfully dissent.1"),
        (KENNEDY, 2, "state-created danger doctrine.2"),
        (KENNEDY, 5, "about to do so;5"),
        (KENNEDY, 7, "(emphasis in original).7"),
        (KENNEDY, 10, "without police action.10"),
        (KENNEDY, 11, "“clearly established.”11"),
        (PAULUK, 1, "the state-created danger doctrine.1"),
        (PAULUK, 2, "minimal working conditions.2"),
        (PAULUK, 4, "to become deathly ill.4"),
    ],
)
def test_real_calls(source: tuple[str, int, int], number: int, glued: str) -> None:
    layout = real(*source)
    note = layout.footnotes[number - 1]
    raw = layout.paged.raw
    assert note.call_raw_start is not None and note.call_raw_end is not None
    assert raw[note.call_raw_start : note.call_raw_end] == str(number)
    assert raw[note.call_raw_end - len(glued) : note.call_raw_end] == glued
    assert note.call_raw_end <= layout.body_end_raw
    assert (note.call_raw_start, note.call_raw_end) == layout.calls[number - 1]


@pytest.mark.parametrize(
    ("raw", "calls"),
    [
        # '2:30 a.m.' is not call 2: the 2 follows a space and precedes ':'
        ("It ended.1 At 2:30 a.m. he left.2\n. One.\n. Two.", ["ended.1", "left.2"]),
        ("It ended.1 See Id.2:3 and left.2\n. One.\n. Two.", ["ended.1", "left.2"]),
        # a number followed by a digit is not a call
        ("It ended.1 See 42 U.S.C.21 and left.2\n. One.\n. Two.", ["ended.1", "left.2"]),
        # calls are matched in order: the '2' before call 1 is not call 2
        ("Text.2 later.1 then.2\n. One.\n. Two.", ["later.1", "then.2"]),
        # glued after a closing quote, a semicolon, a parenthesis, a letter
        ("“quoted.”1 a;2 (b)3 word4\n. A.\n. B.\n. C.\n. D.", ["”1", ";2", ")3", "word4"]),
        # a call at the very end of the body line; then none for footnote 2
        ("Body.1\n. One.\n. Two.", ["Body.1", None]),
        # digits inside the footnotes are never calls
        ("Body text.\n. One cites note.1 here.", [None]),
        # a star marker between the word and its call does not hide it
        ("Body text*10681 more.\n. One.", ["text1"]),
    ],
)
def test_call_matching(raw: str, calls: list[str | None]) -> None:
    layout = layout_of(raw)
    clean = layout.paged.text
    found = []
    for note in layout.footnotes:
        if note.call_raw_start is None:
            found.append(None)
            continue
        clean_end = layout.paged.offsets.index(note.call_raw_end - 1) + 1
        found.append(clean[:clean_end])
    assert len(found) == len(calls)
    for got, want in zip(found, calls, strict=False):
        assert got == want if want is None else (got is not None and got.endswith(want))


@pytest.mark.parametrize(
    ("raw", "texts", "body_end"),
    [
        # an ellipsis line in a footnote continues it
        ("Body.1 more.2\n. First quoting:\n. . . . .\nmore of first.\n. Second.", ["First quoting:\n. . . . .\nmore of first.", "Second."], 14),
        # an ellipsis line in the body does not start the footnotes
        ("Quote starts\n. . . .\nQuote ends.1\n. Note.", ["Note."], 34),
        ("Quote starts\n. ... and goes on.1\n. Note.", ["Note."], 33),
        ("No footnotes here.\nNone at all.", [], 31),
        ("Body.\n. \n. Real note.", ["Real note."], 9),  # a bare '. ' is not a footnote
        # CRLF line ends and trailing blank lines stay outside the spans
        ("Body.1\r\n. One\r\nstill one.\r\n. Two.\r\n\r\n", ["One\r\nstill one.", "Two."], 8),
    ],
)
def test_footnote_lines(raw: str, texts: list[str], body_end: int) -> None:
    layout = layout_of(raw)
    assert [raw[note.raw_start : note.raw_end] for note in layout.footnotes] == texts
    assert layout.body_end_raw == body_end


def test_no_footnotes() -> None:
    raw = "Plain body on two pages, *1068then the second.4 Done."
    layout = layout_of(raw)
    assert (layout.footnotes, layout.calls, layout.body_end_raw) == ((), (), len(raw))
    assert layout.footnote_at(0) is None
    assert [layout.page_at(i) for i in (0, len(raw) - 1)] == [1067, 1068]
    assert clean_text_for_extraction(layout) == (layout.paged.text, layout.paged.offsets)


@pytest.mark.parametrize(
    ("source", "phrase", "page", "number"),
    [
        # Collins footnote: called on 1127, runs onto 1128 at unrea*1128sonable
        (PAULUK, "The plaintiff in Collins", 1127, 2),
        (PAULUK, "unrea*1128", 1127, 2),
        (PAULUK, "sonable risks of harm", 1128, 2),
        (PAULUK, "Id. at 129, 112 S.Ct. 1061.", 1128, 2),
        # called on 1130, though the star map still says 1128 after footnote 2
        (PAULUK, "The court never had to evaluate", 1130, 3),
        # the last footnote: called on 1131, '*1132of mold' moves it to 1132
        (PAULUK, "The opinion’s assertion", 1131, 4),
        (PAULUK, "existence. *1132", 1131, 4),
        (PAULUK, "of mold is not supported", 1132, 4),
        (PAULUK, "I note at the outset", 1126, 1),
        (PAULUK, "ney v. Winnebago", 1127, None),  # body: star map
        (KENNEDY, "The majority cites to Penilla", 1072, 3),
        (KENNEDY, "Id. at 710 (citations omitted).", 1072, 3),
        (KENNEDY, "Moreover, the majority’s suggestion", 1076, 6),
        (KENNEDY, "The majority claims that I", 1082, 11),
        (KENNEDY, "I respectfully dissent.\n", 1083, None),
    ],
)
def test_pages(source: tuple[str, int, int], phrase: str, page: int, number: int | None) -> None:
    layout = real(*source)
    offset = layout.paged.raw.index(phrase)
    assert layout.page_at(offset) == page
    note = layout.footnote_at(offset)
    assert (note.number if note else None) == number
    if note is not None and phrase.startswith("The"):
        assert note.page == page


@pytest.mark.parametrize(
    ("source", "pages"),
    [
        (KENNEDY, [1068, 1069, 1072, 1073, 1075, 1076, 1077, 1078, 1081, 1082, 1082]),
        (PAULUK, [1126, 1127, 1130, 1131]),
    ],
)
def test_footnote_pages(source: tuple[str, int, int], pages: list[int]) -> None:
    assert [note.page for note in real(*source).footnotes] == pages


@pytest.mark.parametrize(
    ("source", "prefix_offset", "page"),
    [
        (PAULUK, 0, 1130),  # the '. ' before footnote 3 belongs to it
        (PAULUK, 1, 1130),
    ],
)
def test_page_of_footnote_prefix(source: tuple[str, int, int], prefix_offset: int, page: int) -> None:
    layout = real(*source)
    start = layout.footnotes[2].raw_start - 2 + prefix_offset
    assert layout.footnote_at(start) is None
    assert layout.page_at(start) == page


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("one.1 two;2 end.”3\n. A.\n. B.\n. C.", "one. two; end.”\n. A.\n. B.\n. C."),
        ("at 2:30 a.m.1 on*1068 time.2\n. A.\n. B.", "at 2:30 a.m. on time.\n. A.\n. B."),
        ("no calls\n. A.", "no calls\n. A."),
    ],
)
def test_clean_text_for_extraction(raw: str, text: str) -> None:
    got, offsets = clean_text_for_extraction(layout_of(raw))
    assert got == text
    assert all(raw[offsets[i]] == got[i] for i in range(len(got)))


@pytest.mark.parametrize(
    ("source", "gone", "kept"),
    [
        (KENNEDY, "dissent.1\n", "I respectfully dissent.\nI. BACKGROUND"),
        (KENNEDY, "so;5 and", "about to do so; and"),
        (PAULUK, "conditions.2 503", "minimal working conditions. 503 U.S. at 125-30, 112 S.Ct. 1061;"),
        (PAULUK, "ill.4 See", "deathly ill. See Patel, 648 F.3d at 975-76"),
    ],
)
def test_clean_text_on_real_files(source: tuple[str, int, int], gone: str, kept: str) -> None:
    layout = real(*source)
    text, offsets = clean_text_for_extraction(layout)
    assert gone not in text and kept in text
    raw = layout.paged.raw
    assert len(offsets) == len(text)
    assert all(raw[offsets[i]] == text[i] for i in range(len(text)))
    removed = sum(end - start for start, end in layout.calls)
    assert len(layout.paged.text) - len(text) == removed


# --- the other conventions: bracketed (lawbox), marked up (CAP XML and HTML) ---

from sdd_kg.markup import parse_html, parse_xml  # noqa: E402
from sdd_kg.pagination import markers_from_markup  # noqa: E402


def marked_up(source: str, first_page: int = 193, xml: bool = False) -> tuple[Layout, str]:
    markup = parse_xml(source, "t.xml") if xml else parse_html(source, "t.html")
    paged = paginate(markup.text, first_page, markers=markers_from_markup(markup))
    return split_footnotes(paged, markup), markup.text


def notes_of(layout: Layout, text: str) -> list[tuple[int, str, str | None]]:
    return [
        (n.number, text[n.raw_start : n.raw_end],
         text[n.call_raw_start : n.call_raw_end] if n.call_raw_start is not None else None)
        for n in layout.footnotes
    ]


@pytest.mark.parametrize(
    ("raw", "notes"),
    [
        # plain text from lawbox: "[n]" calls, "[n] " lines at the end, continuation lines
        ("Body one.[1] Two.[2]\n[1] First.\nstill first.\n[2] Second.",
         [(1, "First.\nstill first.", "[1]"), (2, "Second.", "[2]")]),
        # a "[1]" line in the body is not the start of the notes: the last [1] line is
        ("Quoted list:\n[1] item\nBody.[1]\n[1] The note.", [(1, "The note.", "[1]")]),
        # below a NOTES heading, numbering restarts for each opinion of a combined text
        ("Maj.[1] more.[2]\nDissent.[1]\nNOTES\n[1] M1.\n[2] M2.\n[1] D1.",
         [(1, "M1.", "[1]"), (2, "M2.", "[2]"), (1, "D1.", "[1]")]),
    ],
)
def test_bracketed_footnotes(raw: str, notes) -> None:
    layout = layout_of(raw)
    assert layout.style == "bracket"
    assert notes_of(layout, raw) == notes


def test_bracketed_calls_are_matched_in_order_after_a_restart() -> None:
    raw = "Maj.[1] more.[2]\nDissent.[1]\nNOTES\n[1] M1.\n[2] M2.\n[1] D1."
    layout = layout_of(raw)
    calls = [n.call_raw_start for n in layout.footnotes]
    assert calls == [raw.index("[1]"), raw.index("[2]"), raw.index("[1]", raw.index("Dissent"))]


@pytest.mark.parametrize(
    ("source", "xml", "notes", "pages"),
    [
        # CAP XML: <footnote label> and <footnotemark>
        ('<casebody><opinion><p>Text <page-number label="194">*194</page-number>more.<footnotemark>1</footnotemark>'
         ' And<footnotemark>2</footnotemark></p><footnote label="1"><p>Note one.</p></footnote>'
         '<footnote label="2"><p>Note two.</p></footnote></opinion></casebody>',
         True, [(1, "Note one.", "1"), (2, "Note two.", "2")], [194, 194]),
        # CourtListener's merged Harvard XML: a.footnote calls, div.footnote notes with a back-link
        ('<opinion><p>Text<a class="footnote" href="#fn1" id="fn1_ref">1</a> more '
         '<span class="star-pagination" label="194"> *194 </span>x.</p><div class="footnotes">'
         '<div class="footnote" id="fn1" label="1"><a class="footnote" href="#fn1_ref">1</a><p>Note one.</p></div></div></opinion>',
         False, [(1, "Note one.", "1")], [193]),
        # Columbia: the call links into the note through its label's id
        ('<p>Text<sup id="op0-ref-fn1"><a href="#op0-fn1">1</a></sup> more.</p><div class="footnote">'
         '<sup id="op0-fn1"><a href="#op0-ref-fn1">1</a></sup> Columbia note.</div>',
         False, [(1, "Columbia note.", "1")], [None]),  # no page markers: pages unknown
        # CAP static HTML: a.footnotemark, aside.footnote, a.page-label markers
        ('<article class="opinion"><p>Text<a class="footnotemark" href="#footnote_1_1" id="ref_footnote_1_1">1</a>'
         ' more <a id="p194" href="#p194" data-label="194" class="page-label">*194</a>x.<a class="footnotemark" '
         'href="#footnote_1_2">2</a></p><aside data-label="1" class="footnote" id="footnote_1_1">'
         '<a href="#ref_footnote_1_1">1</a><p>One.</p></aside><aside data-label="2" class="footnote" id="footnote_1_2">'
         '<p>Two.</p></aside></article>',
         False, [(1, "One.", "1"), (2, "Two.", "2")], [193, 194]),
    ],
)
def test_marked_up_footnotes(source: str, xml: bool, notes, pages) -> None:
    layout, text = marked_up(source, xml=xml)
    assert layout.style == "markup"
    assert notes_of(layout, text) == notes
    assert [n.page for n in layout.footnotes] == pages
    # calls are dropped from the extraction text, like CAP's bare digits
    clean, _ = clean_text_for_extraction(layout)
    assert "Text more" in clean


def test_unmarked_pages_are_unknown() -> None:
    """A text spanning several pages with no markers (CAP JSON) has no page
    anywhere; on a single page, the page is known."""
    raw = "Body.1 text.\n. A note."
    spanning = split_footnotes(paginate(raw, 1201, 1208))
    single = split_footnotes(paginate(raw, 1201, 1201))
    assert (spanning.page_at(0), spanning.footnotes[0].page, spanning.paged.pages_marked) == (None, None, False)
    assert (single.page_at(0), single.footnotes[0].page, single.paged.pages_marked) == (1201, 1201, True)


def test_span_keeps_its_own_footnotes() -> None:
    """One opinion of a combined text: its body and the notes it calls, not
    the other opinion's, although all the notes sit in the last one's span."""
    raw = "Maj. text.[1]\nDIS text.[1]\nNOTES\n[1] Majority note.\n[1] Dissent note."
    layout = layout_of(raw)
    dissent = (raw.index("DIS"), len(raw))
    majority = (0, dissent[0])
    assert clean_text_for_extraction(layout, majority)[0] == "Maj. text.\n[1] Majority note.\n"
    assert clean_text_for_extraction(layout, dissent)[0] == "DIS text.\nNOTES\n[1] Dissent note."


def test_block_starts_become_line_breaks_for_extraction() -> None:
    markup = parse_html("<p>First (9th Cir.1989).</p><p>Second.</p>", "t.html")
    layout = split_footnotes(paginate(markup.text, 1), markup)
    text, offsets = clean_text_for_extraction(layout, breaks=markup.block_starts())
    assert text == "First (9th Cir.1989).\nSecond."
    # the inserted newline maps to the character after it
    assert markup.text[offsets[text.index("\n")]] == "S"
