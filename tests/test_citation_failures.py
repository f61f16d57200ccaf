"""Every extraction failure measured on raw CAP text, as a snippet and its
expected result (issue "Citations at research grade", section "Why").

Each snippet goes through the real stages (star pagination, footnote calls,
normalisation, eyecite), so a row fails if any stage regresses. Spans are
checked against the raw snippet, markers and all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sdd_kg.citations import CitedCase, Extraction, ReporterCite, extract_citations
from sdd_kg.footnotes import clean_text_for_extraction, split_footnotes
from sdd_kg.pagination import paginate

WOOD = "Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989). "


def _extract(raw: str, **kwargs) -> Extraction:
    """Snippets start on page 1126 unless a marker says otherwise."""
    paged = paginate(raw, first_page=1126)
    return extract_citations(*clean_text_for_extraction(split_footnotes(paged)), **kwargs)


@dataclass(frozen=True)
class Row:
    """What one citing instance must come out as; None fields are not checked."""

    span: str  # raw text of the instance, markers included
    form: str
    case: str | None
    pin: tuple[int, int] | None = None
    cited_as: tuple[str, ...] | None = None
    sibling: str | None = None
    pin_footnote: int | None = None


def _rows(raw: str, ex: Extraction) -> list[Row]:
    return [
        Row(
            raw[c.raw_start : c.raw_end], c.form, c.case_key,
            (c.pin_start, c.pin_end) if c.pin_start is not None else None,
            tuple(x.text for x in c.cited_as), c.sibling, c.pin_footnote,
        )
        for c in ex.citations
    ]


def _check(actual: list[Row], expected: list[Row]) -> None:
    assert len(actual) == len(expected), actual
    for got, want in zip(actual, expected, strict=True):
        for name in ("span", "form", "case", "pin", "cited_as", "sibling", "pin_footnote"):
            if getattr(want, name) is not None:
                assert getattr(got, name) == getattr(want, name), (name, got)


INSTANCE_CASES = {
    "year glued to the court": (
        "Wood v. Ostrander, 879 F.2d 583, 586 (9th Cir.1989) (holding so).",
        {},
        [Row("Wood v. Ostrander, 879 F.2d 583, 586 (9th Cir.1989)", "full", "879 F.2d 583", (586, 586))],
    ),
    "star marker glued to a parallel volume": (
        "*1127 Collins v. City of Harker Heights, 503 U.S. 115, 112 S.Ct. 1061, 117 L.Ed.2d 261 (1992). "
        "See 503 U.S. at 125-30, *1128112 S.Ct. 1061.",
        {},
        [
            Row("Collins v. City of Harker Heights, 503 U.S. 115, 112 S.Ct. 1061, 117 L.Ed.2d 261 (1992)",
                "full", "503 U.S. 115", cited_as=("503 U.S. 115", "112 S.Ct. 1061", "117 L.Ed.2d 261")),
            Row("503 U.S. at 125-30, *1128112 S.Ct. 1061", "short", "503 U.S. 115", (125, 130),
                ("503 U.S. 115", "112 S.Ct. 1061")),
        ],
    ),
    "star marker glued to a short-cite pin": (
        "*1127 Patel v. Kent Sch. Dist., 648 F.3d 965 (9th Cir.2011). Patel, 648 F.3d at *1128975-76.",
        {},
        [
            Row("Patel v. Kent Sch. Dist., 648 F.3d 965 (9th Cir.2011)", "full", "648 F.3d 965"),
            Row("648 F.3d at *1128975-76", "short", "648 F.3d 965", (975, 976)),
        ],
    ),
    "parallel cites are one instance of one case": (
        "DeShaney v. Winnebago County Dep't of Soc. Servs., 489 U.S. 189, 109 S.Ct. 998, 103 L.Ed.2d 249 (1989).",
        {},
        [Row("DeShaney v. Winnebago County Dep't of Soc. Servs., 489 U.S. 189, 109 S.Ct. 998, 103 L.Ed.2d 249 (1989)",
             "full", "489 U.S. 189", cited_as=("489 U.S. 189", "109 S.Ct. 998", "103 L.Ed.2d 249"))],
    ),
    "Id. after a parallel group, pinned in the first reporter": (
        "DeShaney v. Winnebago County, 489 U.S. 189, 109 S.Ct. 998, 103 L.Ed.2d 249 (1989). Id. at 195.",
        {},
        [Row("DeShaney v. Winnebago County, 489 U.S. 189, 109 S.Ct. 998, 103 L.Ed.2d 249 (1989)", "full",
             "489 U.S. 189"),
         Row("Id. at 195", "id", "489 U.S. 189", (195, 195))],
    ),
    "Id. with a printed parallel": (
        "DeShaney v. Winnebago County, 489 U.S. 189, 109 S.Ct. 998 (1989). Id. at 200, 109 S.Ct. 998.",
        {},
        [Row("DeShaney v. Winnebago County, 489 U.S. 189, 109 S.Ct. 998 (1989)", "full", "489 U.S. 189"),
         Row("Id. at 200, 109 S.Ct. 998", "id", "489 U.S. 189", (200, 200), ("109 S.Ct. 998",))],
    ),
    "Id. opening a string cite": (
        WOOD + "It was so. Id.; see also Penilla v. City of Huntington Park, 115 F.3d 707 (9th Cir.1997).",
        {},
        [Row("Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989)", "full", "879 F.2d 583"),
         Row("Id.", "id", "879 F.2d 583"),
         Row("Penilla v. City of Huntington Park, 115 F.3d 707 (9th Cir.1997)", "full", "115 F.3d 707")],
    ),
    "Maj. Op. is the sibling opinion, and so is the Id. after it": (
        WOOD + "The majority disagrees. Maj. Op. at 1064. But see id. at 1066.",
        {"sibling_types": ("majority",)},
        [Row("Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989)", "full", "879 F.2d 583"),
         Row("The majority", "sibling", None, sibling="majority"),
         Row("Maj. Op. at 1064", "sibling", None, (1064, 1064), sibling="majority"),
         Row("id. at 1066", "id", None, (1066, 1066), sibling="majority")],
    ),
    "a footnote pin": (
        "Russell v. Gregoire, 124 F.3d 1079, 1093 n. 10 (9th Cir.1997).",
        {},
        [Row("Russell v. Gregoire, 124 F.3d 1079, 1093 n. 10 (9th Cir.1997)", "full", "124 F.3d 1079",
             (1093, 1093), pin_footnote=10)],
    ),
    "See footnote 3, supra is a cross-reference, not a citation": (
        WOOD + "As explained above. See footnote 3, supra.",
        {},
        [Row("Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989)", "full", "879 F.2d 583")],
    ),
}


@pytest.mark.parametrize("name", list(INSTANCE_CASES))
def test_instances(name):
    raw, kwargs, expected = INSTANCE_CASES[name]
    ex = _extract(raw, **kwargs)
    _check(_rows(raw, ex), expected)
    assert ex.unresolved == ()


@pytest.mark.parametrize(
    ("raw", "key", "name", "court", "year"),
    [
        # the missing space before the year lost court and year
        (WOOD, "879 F.2d 583", "Wood v. Ostrander", "ca9", 1989),
        # a year must not leak from the citation before ("1082,1087" got 1997)
        ("Penilla v. City of Huntington Park, 115 F.3d 707, 710 (9th Cir.1997); Munger v. City of Glasgow "
         "Police Dep't, 227 F.3d 1082,1087 (9th Cir.2000).", "227 F.3d 1082",
         "Munger v. City of Glasgow Police Dep't", "ca9", 2000),
        # a star marker inside a split name: joined where the text attests the word
        ("DeShaney governs. See DeSha-*1127ney v. Winnebago County, 489 U.S. 189 (1989).", "489 U.S. 189",
         "DeShaney v. Winnebago County", "scotus", 1989),
        # courts-db spells the Third Circuit "3rd Cir."
        ("Kneipp v. Tedder, 95 F.3d 1199, 1211 (3d Cir. 1996).", "95 F.3d 1199", "Kneipp v. Tedder", "ca3", 1996),
        # OCR split the last letter off a word
        ("Balistreri v. Pacific a Police Dep't, 901 F.2d 696, 699 (9th Cir.1988).", "901 F.2d 696",
         "Balistreri v. Pacifica Police Dep't", "ca9", 1988),
        # typographic apostrophes normalised, so one party has one spelling
        ("Munger v. City of Glasgow Police Dep\u2019t, 227 F.3d 1082 (9th Cir.2000).", "227 F.3d 1082",
         "Munger v. City of Glasgow Police Dep't", "ca9", 2000),
    ],
)
def test_case_facts(raw, key, name, court, year):
    case = _extract(raw).cases[key]
    assert (case.name, case.court, case.year) == (name, court, year)


@pytest.mark.parametrize(
    ("raw", "signals"),
    [
        ("See " + WOOD, ["see"]),
        ("See also " + WOOD, ["see-also"]),
        ("See, e.g., " + WOOD, ["see-e.g."]),
        ("Cf. " + WOOD, ["cf."]),
        ("But see " + WOOD, ["but-see"]),
        ("But cf. " + WOOD, ["but-cf."]),
        ("Compare " + WOOD, ["compare"]),
        ("Contra " + WOOD, ["contra"]),
        ("Accord " + WOOD, ["accord"]),
        ("See generally " + WOOD, ["see-generally"]),
        (WOOD, ["none"]),
        # a string cite carries its signal; OCR lost the comma after the name
        ("See, e.g., " + WOOD[:-2] + "; Penilla 115 F.3d 707, 710 (9th Cir.1997).", ["see-e.g.", "see-e.g."]),
        # "Kennedy,. 439 F.3d": a doubled comma does not hide the signal
        ("Kennedy v. City of Ridgefield, 439 F.3d 1055 (9th Cir.2006). See Kennedy,. 439 F.3d at 1062.",
         ["none", "see"]),
    ],
)
def test_signals(raw, signals):
    assert [c.signal for c in _extract(raw).citations] == signals


def test_quoting_parenthetical_is_a_citation_of_the_quoted_case():
    raw = (
        "Johnson v. City of Seattle, 474 F.3d 634, 639 (9th Cir.2007) (quoting DeShaney v. Winnebago County, "
        "489 U.S. 189, 201 (1989)). Id. at 641."
    )
    ex = _extract(raw)
    johnson, deshaney, id_ = ex.citations
    assert (deshaney.case_key, deshaney.nested_in, deshaney.nesting) == ("489 U.S. 189", 0, "quoting")
    assert johnson.nested_in is None
    assert (id_.case_key, id_.antecedent) == ("474 F.3d 634", 0)  # Id. skips the nested cite


def test_named_separate_opinion_of_a_cited_case():
    raw = "DeShaney v. Winnebago County, 489 U.S. 189, 212 (1989) (Blackmun, J., dissenting)."
    (cit,) = _extract(raw).citations
    assert cit.opinion == ("dissent", "Blackmun")


def test_defined_short_name_is_kept():
    raw = "L.W. v. Grubbs (\u201cGrubbs II), 92 F.3d 894, 896 (9th Cir. 1996)."
    assert _extract(raw).cases["92 F.3d 894"].short_names == ("Grubbs II",)


def test_different_printed_years_keep_the_best_supported():
    raw = (
        "Balistreri v. Pacifica Police Dep't, 901 F.2d 696 (9th Cir.1988). "
        "Balistreri v. Pacifica Police Dep't, 901 F.2d 696 (9th Cir.1990). "
        "Balistreri v. Pacifica Police Dep't, 901 F.2d 696, 699 (9th Cir.1990)."
    )
    case = _extract(raw).cases["901 F.2d 696"]
    assert (case.year, case.other_years) == (1990, (1988,))


def test_short_cite_resolves_against_a_case_cited_elsewhere():
    """Pauluk cites Wood v. Ostrander only as 879 F.2d at 588-90."""
    raw = "In Wood v. Ostrander, the officer left her there. 879 F.2d at 588-90. Later text."
    alone = _extract(raw)  # no document cites it in full: a partial case, named by the prose
    (partial,) = alone.cases.values()
    assert (partial.id, partial.partial, partial.name) == ("879 F.2d ___", True, "Wood v. Ostrander")
    wood = ReporterCite(879, "F.2d", 583, True)
    other = ReporterCite(879, "F.2d", 900, True)  # its pages cannot hold pin 588
    known = [CitedCase(wood, (wood,), "Wood v. Ostrander", "ca9", 1989, introduced_by="urn:x:full"),
             CitedCase(other, (other,), "Other", "ca9", 1989)]
    ex = _extract(raw, known=known)
    (cit,) = ex.citations
    assert (cit.form, cit.case_key, cit.antecedent) == ("short", "879 F.2d 583", None)
    case = ex.cases["879 F.2d 583"]
    assert case.elsewhere and case.introduced_by == "urn:x:full" and case.name is None
    assert ex.unresolved == ()


def test_record_citation_is_not_a_case():
    raw = (
        "See Plaintiffs' Opposition to Defendants' Motion for Summary Judgment, Pauluk v. Savage, "
        "No. 07-CV-1681 at *10 (D. Nev. Oct. 7, 2013), ECF No. 131. " + WOOD
    )
    ex = _extract(raw)
    (rc,) = ex.record_cites
    assert (rc.case_name, rc.docket_number, rc.ecf_number) == ("Pauluk v. Savage", "07-CV-1681", 131)
    assert raw[rc.raw_start : rc.raw_end].startswith("Pauluk v. Savage, No. 07-CV-1681")
    assert raw[rc.raw_start : rc.raw_end].endswith("ECF No. 131")
    assert list(ex.cases) == ["879 F.2d 583"]
