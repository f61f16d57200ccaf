"""Every source format against the hand-written record of the same case.

The fixtures (tests/fixtures/ingest/, see its README) give one fictional
three-opinion case in each format researchers hold. For each format:

* the case facts the reader gives equal the hand-written record
  (expected/harlan.case.yaml) wherever the format prints them, and exactly
  the facts it does not print are reported missing;
* each opinion text is kept byte for byte as the source holds it;
* converted, every opinion makes the same citations (form, cited case,
  pin, signal) as the canonical plain text of that opinion, and the graph
  conforms to the shapes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import yaml

from sdd_kg.build import build
from sdd_kg.ingest import Plan, add, convert_planned, plan
from sdd_kg.readers import read
from sdd_kg.readers.opinions import opinion_id

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
EXPECTED = yaml.safe_load((FIXTURES / "expected" / "harlan.case.yaml").read_text("utf-8"))["case"]
CANONICAL = {op: FIXTURES / "canonical" / f"{op}.txt" for op in ("majority-whitcombe", "dissent-carrow", "dissent-navarro")}
ALL = tuple(CANONICAL)


@dataclass(frozen=True)
class Format:
    fixture: str
    missing: frozenset[str]  # case facts the format does not print
    opinions: tuple[str, ...] = ALL
    overrides: dict = field(default_factory=dict)  # facts a user must give (--citation ...)
    by_surname: bool = False  # the panel and authors are printed by surname only
    unpaged: tuple[str, ...] = ()  # opinions whose text marks no page

    def __str__(self) -> str:
        return self.fixture


FORMATS = [
    Format("cap-api-v1.json", frozenset({"disposition"}), unpaged=ALL),
    Format("cap-static-2024.json", frozenset({"disposition"}), unpaged=ALL),
    Format("cap-api-v1-xml.json", frozenset({"disposition"})),
    Format("cap-casebody.xml", frozenset({"disposition"}), overrides={"citations": ["999 F.4th 1201"]}),
    Format("courtlistener-cluster.json", frozenset({"last_page"}), by_surname=True, unpaged=("dissent-navarro",)),
    Format("lawbox-combined.html", frozenset({"lower_court", "disposition", "last_page"})),
    Format("lawbox-majority.html", frozenset({"lower_court", "disposition", "last_page"}), opinions=("majority-whitcombe",)),
]


def surname(name: str) -> str:
    return name.split()[-1]


@cache
def planned(fixture: str) -> Plan:
    fmt = next(f for f in FORMATS if f.fixture == fixture)
    return plan(read(FIXTURES / fixture), fmt.overrides)


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
def test_case_facts_equal_the_hand_written_record(fmt: Format) -> None:
    result = planned(fmt.fixture)
    (case,) = {json.dumps(item.record["case"], sort_keys=True) for item in result.planned}  # one case, every record
    case = json.loads(case)
    for key, expected in EXPECTED.items():
        if key in ("opinions", "panel", "caption"):
            continue
        if key in fmt.missing:
            assert key not in case, f"{fmt}: {key} is not printed, yet the reader gives {case.get(key)!r}"
            assert f"case.{key}" in result.missing
        else:
            assert case.get(key) == expected, f"{fmt}: {key}"
    # CAP's JSON and CourtListener print the caption without the final period
    assert case["caption"].rstrip(".") == " ".join(EXPECTED["caption"].split()).rstrip(".")
    panel = [surname(n) for n in EXPECTED["panel"]] if fmt.by_surname else EXPECTED["panel"]
    assert sorted(case["panel"]) == sorted(panel)


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
def test_opinions_equal_the_hand_written_record(fmt: Format) -> None:
    result = planned(fmt.fixture)
    expected = {op["id"]: op for op in EXPECTED["opinions"]}
    held = [part for item in result.planned for part in item.document.per_opinion()]
    assert [part.opinion_id for part in held] == list(fmt.opinions)
    for part in held:
        op, want = part.opinion, expected[part.opinion_id]
        assert (op.type, op.id) == (want["type"], opinion_id(want["type"], want["author"]))
        assert op.author == (surname(want["author"]) if fmt.by_surname else want["author"])
        if part.opinion_id in fmt.unpaged:
            assert (op.first_page, op.last_page) == (None, None)
        else:
            assert (op.first_page, op.last_page) == (want["first_page"], want["last_page"])


def _field(obj, pointer: str):
    for key in pointer.strip("/").split("/"):
        obj = obj[int(key)] if isinstance(obj, list) else obj[key]
    return obj


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
def test_texts_are_kept_as_received(fmt: Format) -> None:
    for item in planned(fmt.fixture).planned:
        origin = item.record["document"]["origin"]
        name, _, pointer = origin.partition("#")
        source = FIXTURES / name
        if pointer:
            assert item.content == _field(json.loads(source.read_text("utf-8")), pointer).encode("utf-8")
            assert item.record["document"]["origin_sha256"] == planned(fmt.fixture).source.sha256
        else:
            assert item.content == source.read_bytes()


def citation_keys(conversions) -> dict[str, list[tuple]]:
    """Per opinion: (form, cited case or sibling type, pin, signal) of each citing instance, in text order."""
    out: dict[str, list[tuple]] = {}
    for conv in conversions:
        out.setdefault(conv.record.opinion_id, []).extend(
            (c.form, c.case_key or c.sibling, c.pin_start, c.signal) for c in conv.extraction.citations
        )
    return out


@cache
def canonical_citations() -> dict[str, list[tuple]]:
    """The oracle: each opinion's canonical plain text, with the hand-written record."""
    conversions = []
    for path in CANONICAL.values():
        conversions += convert_planned(plan(read(path), EXPECTED).planned, path.parent)
    return citation_keys(conversions)


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
def test_every_format_makes_the_same_citations(fmt: Format) -> None:
    found = citation_keys(convert_planned(planned(fmt.fixture).planned, FIXTURES))
    oracle = canonical_citations()
    assert sorted(found) == sorted(fmt.opinions)
    for opinion, keys in found.items():
        assert keys == oracle[opinion], opinion


@pytest.fixture(scope="module")
def built_formats(tmp_path_factory):
    """`sdd-kg add` of each format into its own data folder, then a build."""
    results = {}
    for fmt in FORMATS:
        data = tmp_path_factory.mktemp("data")
        add([FIXTURES / fmt.fixture], data, fmt.overrides)
        results[fmt.fixture] = build(data, tmp_path_factory.mktemp("dist"))
    return results


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
def test_each_format_builds_a_conforming_graph(built_formats, fmt: Format) -> None:
    result = built_formats[fmt.fixture]
    assert result.validation.conforms, result.validation.text
    summary = result.summary()
    assert summary["opinions_with_text"] == len(fmt.opinions)
    assert summary["citations"] == sum(len(canonical_citations()[op]) for op in fmt.opinions)
    assert summary["unresolved_citations"] == 0


def test_unpaged_texts_say_so_and_their_citations_have_no_page(built_formats) -> None:
    from rdflib.namespace import RDF

    from sdd_kg.namespaces import SDD

    graph = built_formats["cap-api-v1.json"].graph
    sources = set(graph.subjects(RDF.type, SDD.SourceText))
    assert sources and all(graph.value(s, SDD.pagesMarked).toPython() is False for s in sources)
    assert not list(graph.subject_objects(SDD.citingPage))
    paged = built_formats["cap-api-v1-xml.json"].graph
    assert len(set(paged.subject_objects(SDD.citingPage))) == len(set(paged.subjects(RDF.type, SDD.Citation)))


def test_sibling_references_resolve_between_the_opinions_of_one_source(built_formats) -> None:
    """"Maj. Op. at 1204" in a dissent points at the majority read from the same file."""
    from rdflib import URIRef

    from sdd_kg.namespaces import CITO, SDD

    graph = built_formats["lawbox-combined.html"].graph
    majority = URIRef("https://w3id.org/sdd-kg/case/999-F.4th-1201/opinion/majority/ada-m-whitcombe")
    citing = {
        graph.value(c, CITO.hasCitingEntity)
        for c in graph.subjects(SDD.citationForm, SDD.ReferenceCitation)
        if graph.value(c, CITO.hasCitedEntity) == majority
    }
    assert {str(o).rsplit("/", 1)[-1] for o in citing} == {"peter-j-carrow", "ruth-l-navarro"}


def test_a_text_alone_needs_the_case_facts_and_takes_them_from_meta(tmp_path) -> None:
    from sdd_kg.errors import InputError

    text = FIXTURES / "text-alone-carrow.txt"
    with pytest.raises(InputError, match="does not give case name, citations, court, docket_number, decided, panel"):
        plan(read(text))
    result = plan(read(text), EXPECTED)
    (item,) = result.planned
    assert item.document.opinion_id == "dissent-carrow"
    assert (item.document.first_page, item.document.last_page) == (1205, 1207)
    assert any("author line 'CARROW, Circuit Judge, dissenting:'" in note for note in result.notes)


def test_a_lone_separate_opinion_needs_the_case_opinions(tmp_path) -> None:
    from sdd_kg.errors import InputError

    with pytest.raises(InputError, match="holds only separate opinions \\(dissent-navarro\\)"):
        plan(read(FIXTURES / "lawbox-dissent.html"))
    (item,) = plan(read(FIXTURES / "lawbox-dissent.html"), {"opinions": EXPECTED["opinions"]}).planned
    assert [part.opinion_id for part in item.document.per_opinion()] == ["dissent-navarro"]


def test_the_canonical_fixture_texts_are_the_plain_text_fixture() -> None:
    assert (FIXTURES / "text-alone-carrow.txt").read_bytes() == CANONICAL["dissent-carrow"].read_bytes()


# --- details of the formats, on edited copies of the fixtures -------------------------


def _edited(tmp_path, fixture: str, edit) -> Path:
    obj = json.loads((FIXTURES / fixture).read_text("utf-8"))
    edit(obj)
    path = tmp_path / fixture
    path.write_text(json.dumps(obj), "utf-8")
    return path


def test_courtlistener_documents_that_are_not_opinions_are_left_out(tmp_path) -> None:
    def edit(bundle):
        bundle["opinions"][2]["type"] = "050addendum"

    ingested = read(_edited(tmp_path, "courtlistener-cluster.json", edit))
    assert [op["id"] for op in ingested.case["opinions"]] == ["majority-whitcombe", "dissent-carrow"]
    assert ingested.left_out == ("opinions.2: type 050addendum is not an opinion of the panel (left out)",)


def test_courtlistener_combined_opinion_is_cut_at_its_author_lines(tmp_path) -> None:
    combined = (FIXTURES / "lawbox-combined.html").read_text("utf-8")

    def edit(bundle):
        bundle["opinions"] = [dict(bundle["opinions"][0], type="010combined", html_lawbox=combined, html_with_citations="")]

    ingested = read(_edited(tmp_path, "courtlistener-cluster.json", edit))
    (text,) = ingested.texts
    assert text.opinions == ALL and len(text.spans) == 3
    assert text.content == combined.encode("utf-8")


def test_courtlistener_per_curiam_and_official_citation_first(tmp_path) -> None:
    def edit(bundle):
        bundle["opinions"] = [dict(bundle["opinions"][0], per_curiam=True, author_str="")]
        bundle["cluster"]["citations"] = [
            {"volume": 109, "reporter": "S. Ct.", "page": "998", "type": 1},
            {"volume": 489, "reporter": "U.S.", "page": "189", "type": 1},
            {"volume": 1989, "reporter": "WL", "page": "12345", "type": 7},
        ]

    ingested = read(_edited(tmp_path, "courtlistener-cluster.json", edit))
    assert ingested.case["citations"] == ["489 U.S. 189", "109 S. Ct. 998", "1989 WL 12345"]
    # CourtListener's per_curiam flag makes the lead opinion a per curiam one
    assert [op["type"] for op in ingested.case["opinions"]] == ["per-curiam"]


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda case: case["casebody"].update(status="error_auth_required"),
         "field casebody.status is 'error_auth_required': the file holds no opinion text"),
        (lambda case: case["casebody"]["data"]["opinions"][1].update(text="  "),
         "field casebody.data.opinions.1.text: the opinion has no text"),
        (lambda case: case.update(first_page="xii"), "field first_page: 'xii' is not a page number"),
        (lambda case: case.update(citations="999 F.4th 1201"), "field citations: expected a list, got str"),
    ],
)
def test_cap_problems_name_the_field(tmp_path, edit, problem: str) -> None:
    from sdd_kg.errors import InputError

    path = _edited(tmp_path, "cap-api-v1.json", edit)
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: {problem}")


def test_cap_types_we_do_not_model_are_left_out(tmp_path) -> None:
    def edit(case):
        case["casebody"]["data"]["opinions"][2]["type"] = "remittitur"

    ingested = read(_edited(tmp_path, "cap-api-v1.json", edit))
    assert [op["id"] for op in ingested.case["opinions"]] == ["majority-whitcombe", "dissent-carrow"]
    assert "CAP type 'remittitur' is not an opinion type of sdd-kg" in ingested.left_out[0]
