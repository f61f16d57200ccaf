"""IRI patterns are the dataset's public contract: pin them row by row."""

import pytest
from rdflib import URIRef

from sdd_kg import iris

B = iris.BASE


@pytest.mark.parametrize(
    "made, expected",
    [
        (iris.case("439 F.3d 1055"), B + "case/439-F.3d-1055"),
        (iris.case("109 S. Ct. 998"), B + "case/109-S.Ct.-998"),
        (iris.reporter_citation("103 L. Ed. 2d 249"), B + "reporter-citation/103-L.Ed.2d-249"),
        (iris.court("ca9"), B + "court/ca9"),
        (iris.judge("Jay S. Bybee"), B + "judge/jay-s-bybee"),
        (iris.judge("A. Wallace Tashima"), B + "judge/a-wallace-tashima"),
        (iris.judge("Sandra Day O’Connor"), B + "judge/sandra-day-oconnor"),
        (iris.opinion("439 F.3d 1055", "dissent", "Jay S. Bybee"), B + "case/439-F.3d-1055/opinion/dissent/jay-s-bybee"),
        (iris.opinion("1 U.S. 1", "per-curiam", None), B + "case/1-U.S.-1/opinion/per-curiam/per-curiam"),
        (iris.party("836 F.3d 1117", "Wendy J. Pauluk et al."), B + "case/836-F.3d-1117/party/wendy-j-pauluk-et-al"),
        (iris.graph_of(iris.opinion("836 F.3d 1117", "dissent", "John T. Noonan")), B + "graph/case/836-F.3d-1117/opinion/dissent/john-t-noonan"),
        (iris.record_graph("836 F.3d 1117"), B + "graph/case/836-F.3d-1117/record"),
        (iris.source_text("a.txt"), B + "source/a.txt"),
        (iris.partial_case(879, "F.2d"), B + "case/879-F.2d-___"),
        (iris.partial_case(117, "L. Ed. 2d"), B + "case/117-L.Ed.2d-___"),
        (iris.opinion("489 U.S. 189", "dissent", "Blackmun"), B + "case/489-U.S.-189/opinion/dissent/blackmun"),
        (iris.record_citation(iris.opinion("836 F.3d 1117", "dissent", "A B"), 9753, 9828),
         B + "case/836-F.3d-1117/opinion/dissent/a-b/record-citation/9753-9828"),
        (iris.treatment_evidence(URIRef(B + "x/citation/1-2"))[0], B + "x/citation/1-2/treatment-evidence"),
        (iris.treatment_evidence(URIRef(B + "x/citation/1-2"))[2], B + "x/citation/1-2/treatment-evidence/quote"),
    ],
)
def test_iri_patterns(made, expected):
    assert str(made) == expected


@pytest.mark.parametrize("bad", ["", "F.3d 1055", "439 F.3d", "four F.3d 1055"])
def test_citation_key_rejects_non_citations(bad):
    with pytest.raises(ValueError):
        iris.citation_key(bad)


def test_slug_rejects_text_with_no_letters():
    with pytest.raises(ValueError):
        iris.slug("—")


def test_spellings_of_one_reporter_give_one_case():
    assert iris.case("112 S.Ct. 1061") == iris.case("112 S. Ct. 1061")
