"""Author lines -> (opinion type, author, joined by); other lines -> nothing."""

from __future__ import annotations

import pytest

from sdd_kg.readers.authors import find_author_lines, parse_author_line, title_case

AUTHOR_LINES = [
    # courts of appeals
    ("BYBEE, Circuit Judge, dissenting:", ("dissent", "Bybee", ())),
    ("WHITCOMBE, Circuit Judge:", ("majority", "Whitcombe", ())),
    ("W. FLETCHER, Circuit Judge:", ("majority", "W. Fletcher", ())),
    ("MURGUIA, Circuit Judge, concurring in part and dissenting in part:",
     ("concurrence-in-part-dissent-in-part", "Murguia", ())),
    ("WILKINSON, Circuit Judge, concurring in the judgment:", ("concurrence-in-judgment", "Wilkinson", ())),
    ("James L. Dennis, Circuit Judge, dissenting:", ("dissent", "James L. Dennis", ())),
    ("O'SCANNLAIN, J., concurring in the judgment", ("concurrence-in-judgment", "O'Scannlain", ())),
    ("TORRUELLA, Chief Judge.", ("majority", "Torruella", ())),
    ("*1202 WHITCOMBE, Circuit Judge:", ("majority", "Whitcombe", ())),  # a page marker before it
    # U.S. Reports
    ("JUSTICE BLACKMUN, dissenting.", ("dissent", "Blackmun", ())),
    ("CHIEF JUSTICE REHNQUIST delivered the opinion of the Court.", ("majority", "Rehnquist", ())),
    ("Mr. Justice Holmes delivered the opinion of the court.", ("majority", "Holmes", ())),
    ("Justice Stevens, concurring.", ("concurrence", "Stevens", ())),
    ("PER CURIAM.", ("per-curiam", None, ())),
    ("JUSTICE BRENNAN, with whom JUSTICE MARSHALL and JUSTICE BLACKMUN join, dissenting.",
     ("dissent", "Brennan", ("Marshall", "Blackmun"))),
    ("MR. JUSTICE HARLAN, with whom MR. JUSTICE DOUGLAS, MR. JUSTICE BRENNAN, and MR. JUSTICE MARSHALL join, dissenting.",
     ("dissent", "Harlan", ("Douglas", "Brennan", "Marshall"))),
    ("JUSTICE O'CONNOR, with whom THE CHIEF JUSTICE, JUSTICE SCALIA, and JUSTICE THOMAS join, dissenting.",
     ("dissent", "O'Connor", ("The Chief Justice", "Scalia", "Thomas"))),
    ("JUSTICE SOUTER, with whom JUSTICE KENNEDY joins as to Part II, concurring in part and dissenting in part.",
     ("concurrence-in-part-dissent-in-part", "Souter", ("Kennedy",))),
    ("MR. JUSTICE HARLAN, whom MR. JUSTICE MARSHALL joins, concurring in part and dissenting in part.",
     ("concurrence-in-part-dissent-in-part", "Harlan", ("Marshall",))),
    # not author lines
    ("(Frankfurter, J., dissenting)", None),
    ("Blackmun, J., delivered the opinion of the Court, in which Brennan, J., joined.", None),
    ("The majority relies on Penilla.", None),
    ("JUSTICE DOUGLAS took no part in the consideration or decision of this case.", None),
    ("Bybee, J., filed a dissenting opinion.", None),
    ("I respectfully dissent.", None),
]


@pytest.mark.parametrize(("line", "expected"), AUTHOR_LINES)
def test_author_line(line: str, expected) -> None:
    assert parse_author_line(line) == expected


@pytest.mark.parametrize(
    ("printed", "name"),
    [("BYBEE", "Bybee"), ("O'SCANNLAIN", "O'Scannlain"), ("W. FLETCHER", "W. Fletcher"), ("McKeown", "McKeown"),
     ("RAMIREZ-PALMER", "Ramirez-Palmer")],
)
def test_title_case(printed: str, name: str) -> None:
    assert title_case(printed) == name


def test_author_lines_are_found_at_line_and_block_starts_only() -> None:
    text = "Head matter.\nBYBEE, Circuit Judge, dissenting:\nText (Frankfurter, J., dissenting).NAVARRO, Circuit Judge, dissenting:"
    block = text.index("NAVARRO")
    lines = find_author_lines(text)
    assert [(line.author, line.start) for line in lines] == [("Bybee", 13)]
    lines = find_author_lines(text, (block,))
    assert [(line.author, text[line.start : line.end]) for line in lines] == [
        ("Bybee", "BYBEE, Circuit Judge, dissenting:"),
        ("Navarro", "NAVARRO, Circuit Judge, dissenting:"),
    ]
