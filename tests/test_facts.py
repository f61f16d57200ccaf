"""Case facts from printed head-matter lines; a line that is not one gives nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from sdd_kg.readers import facts


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("November 19, 2024", dt.date(2024, 11, 19)),
        ("Nov. 19, 2024.", dt.date(2024, 11, 19)),
        ("2024-11-19", dt.date(2024, 11, 19)),
        ("Sept. 8, 2016", dt.date(2016, 9, 8)),
        ("February 30, 2024", None),  # no such day
        ("Fall 2024", None),
        ("", None),
    ],
)
def test_parse_date(text: str, date) -> None:
    assert facts.parse_date(text) == date


@pytest.mark.parametrize(
    ("line", "argued", "decided"),
    [
        ("Argued and Submitted May 14, 2024, Seattle, Washington.", dt.date(2024, 5, 14), None),
        ("Argued November 2, 1988", dt.date(1988, 11, 2), None),
        ("Filed November 19, 2024.", None, dt.date(2024, 11, 19)),
        ("Decided February 22, 1989.", None, dt.date(1989, 2, 22)),
        ("No. 23-35501.", None, None),
    ],
)
def test_argued_and_decided(line: str, argued, decided) -> None:
    assert (facts.argued_date(line), facts.decided_date(line)) == (argued, decided)


@pytest.mark.parametrize(
    ("text", "docket"),
    [("No. 23-35501.", "23-35501"), ("Nos. 1383, 1384", "1383, 1384"), ("03-35333", "03-35333"), ("No.", None), ("", None)],
)
def test_docket_number(text: str, docket) -> None:
    assert facts.docket_number(text) == docket


@pytest.mark.parametrize(
    ("printed", "court"),
    [
        ("United States Court of Appeals, Ninth Circuit.", "ca9"),
        ("United States Court of Appeals for the Ninth Circuit", "ca9"),
        ("9th Cir.", "ca9"),
        ("3d Cir.", "ca3"),
        ("Supreme Court of United States.", "scotus"),
        ("United States District Court for the Western District of Washington", "wawd"),
        ("Court of Nowhere", None),
    ],
)
def test_court_id(printed: str, court) -> None:
    assert facts.court_id(printed) == court


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Before: ADA M. WHITCOMBE, PETER J. CARROW, and RUTH L. NAVARRO, Circuit Judges.",
         ["Ada M. Whitcombe", "Peter J. Carrow", "Ruth L. Navarro"]),
        ("Before TORRUELLA, Chief Judge, BOUDIN and STAHL, Circuit Judges.", ["Torruella", "Boudin", "Stahl"]),
        ("Before: JOHN T. NOONAN, WILLIAM A. FLETCHER, and MARY H. MURGUIA, Circuit Judges.",
         ["John T. Noonan", "William A. Fletcher", "Mary H. Murguia"]),
        ("Opinion by Judge Whitcombe", None),
    ],
)
def test_panel(line: str, names) -> None:
    assert facts.panel(line) == names


@pytest.mark.parametrize(
    ("caption", "parties", "short"),
    [
        ("Dana HARLAN, Plaintiff-Appellee, v. Owen PRYCE, Defendant-Appellant, and CITY OF MARLOWE, Defendant.",
         [("Dana Harlan", "plaintiff-appellee"), ("Owen Pryce", "defendant-appellant"), ("City of Marlowe", "defendant")],
         "Harlan v. Pryce"),
        ("Kimberly KENNEDY, et al., Plaintiffs-Appellees, v. RIDGEFIELD CITY OF; Noel Shields, Defendants-Appellants.",
         [("Kimberly Kennedy", "plaintiff-appellee"), ("Ridgefield City of", "defendant-appellant"),
          ("Noel Shields", "defendant-appellant")],
         "Kennedy v. Ridgefield City of"),
        ("Wendy J. PAULUK, et al., Plaintiffs-Appellees, v. Glenn SAVAGE and Edward Wojcik, Defendants-Appellants.",
         [("Wendy J. Pauluk", "plaintiff-appellee"), ("Glenn Savage", "defendant-appellant"),
          ("Edward Wojcik", "defendant-appellant")],
         "Pauluk v. Savage"),
        ("In re Estate of Smith", [], None),
    ],
)
def test_parties_and_short_name(caption: str, parties, short) -> None:
    assert facts.parties(caption) == parties
    assert facts.short_name(caption) == short


def test_lower_court_and_docket() -> None:
    line = "Appeal from the United States District Court for the Western District of Washington, D.C. No. 3:21-cv-05012-ABC"
    assert facts.lower_court(line) == ("wawd", "3:21-cv-05012-ABC")
