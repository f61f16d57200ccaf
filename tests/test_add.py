"""`sdd-kg add`: into data/ in the canonical form, all or nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sdd_kg.cli import main

from .conftest import DATA, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "ingest"


def tree(folder: Path) -> dict[str, str]:
    """Every file of a folder and its digest: what "untouched" means."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_add_prints_what_it_read_inferred_and_missed(data) -> None:
    result = run("add", str(FIXTURES / "courtlistener-cluster.json"), "--data", str(data))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "CourtListener cluster with its opinions" in out
    for name in ("harlan-v-pryce-2024-majority-whitcombe.html", "harlan-v-pryce-2024-dissent-carrow.xml",
                 "harlan-v-pryce-2024-dissent-navarro.txt"):
        assert f"added {data / name}" in out
        assert (data / name).is_file() and (data / name).with_suffix(".meta.yaml").is_file()
    assert "inferred: panel by surname from cluster.judges 'Carrow, Navarro, Whitcombe'" in out
    assert "not in the source: case.last_page" in out
    record = yaml.safe_load((data / "harlan-v-pryce-2024-dissent-carrow.meta.yaml").read_text("utf-8"))
    assert record["document"]["origin"] == "courtlistener-cluster.json#/opinions/1/xml_harvard"
    assert record["document"]["format"] == "cap-xml" and record["schema_version"] == 2
    assert "read by sdd-kg add" in record["record_source"]


def test_a_second_add_of_the_same_file_is_refused(data) -> None:
    assert run("add", str(FIXTURES / "cap-api-v1.json"), "--data", str(data)).exit_code == 0
    before = tree(data)
    result = run("add", str(FIXTURES / "cap-api-v1.json"), "--data", str(data))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message
    assert message == (
        f"error: {FIXTURES / 'cap-api-v1.json'}: harlan-v-pryce-2024-majority-whitcombe.meta.yaml already holds "
        "opinion majority-whitcombe of 999 F.4th 1201 (Harlan v. Pryce); use --replace to replace it"
    )
    assert tree(data) == before


def test_the_same_opinions_from_another_format_are_duplicates_too(data) -> None:
    assert run("add", str(FIXTURES / "cap-api-v1.json"), "--data", str(data)).exit_code == 0
    result = run("add", str(FIXTURES / "lawbox-combined.html"), "--data", str(data))
    assert result.exit_code == 2 and "already holds opinion majority-whitcombe" in result.stderr


def test_replace_swaps_the_texts_and_records(data) -> None:
    assert run("add", str(FIXTURES / "cap-api-v1.json"), "--data", str(data)).exit_code == 0
    result = run("add", str(FIXTURES / "lawbox-combined.html"), "--data", str(data), "--replace")
    assert result.exit_code == 0, result.output
    assert sorted(tree(data)) == ["harlan-v-pryce-2024.html", "harlan-v-pryce-2024.meta.yaml"]


def test_dry_run_writes_nothing(data) -> None:
    result = run("add", str(FIXTURES / "cap-casebody.xml"), "--data", str(data), "--citation", "999 F.4th 1201", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would add" in result.stdout and tree(data) == {}


MALFORMED = [
    ("malformed/truncated.json", "malformed JSON at line 100, column 19: Unterminated string starting at"),
    ("malformed/wrong-type.json", "field casebody.data.opinions: expected a list, got dict"),
    ("malformed/no-text-opinion.json",
     "field opinions.2: the opinion has no text in any of xml_harvard, html_columbia, html_lawbox, html_anon_2020, html, "
     "html_with_citations, plain_text"),
    ("malformed/unknown-type-code.json", "field opinions.1.type: unknown CourtListener opinion type '045dissentinpart'"),
    ("malformed/unbalanced.html", "malformed HTML: </p> at line 10, column 729 closes <span> opened at line 10, column 521"),
    ("malformed/binary.json", "binary file: NUL byte at byte offset 9"),
    ("malformed/empty.html", "file is empty"),
    ("text-alone-carrow.txt", "cannot add it: the source does not give case name, citations, court, docket_number, "
                              "decided, panel, first_page"),
    ("cap-casebody.xml", "cannot add it: the source does not give case citations; give it with --citation or --meta"),
    ("lawbox-dissent.html", "the source holds only separate opinions (dissent-navarro)"),
]


@pytest.mark.parametrize(("fixture", "problem"), MALFORMED)
def test_bad_sources_get_one_line_naming_file_and_field_and_data_is_untouched(fixture: str, problem: str, tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = tree(data)
    result = run("add", str(FIXTURES / "cap-api-v1.json"), str(FIXTURES / fixture), "--data", str(data))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {FIXTURES / fixture}: ")
    assert problem in lines[0]
    assert result.stdout == ""
    assert tree(data) == before  # the good source beside it was not added either


def test_text_alone_with_case_facts_from_meta(data) -> None:
    result = run("add", str(FIXTURES / "text-alone-carrow.txt"), "--data", str(data),
                 "--meta", str(FIXTURES / "expected" / "harlan.case.yaml"))
    assert result.exit_code == 0, result.output
    record = yaml.safe_load((data / "harlan-v-pryce-2024-dissent-carrow.meta.yaml").read_text("utf-8"))
    assert record["document"] == {
        "text": "harlan-v-pryce-2024-dissent-carrow.txt", "format": "text", "opinion": "dissent-carrow", "first_page": 1205,
        "last_page": 1207, "origin": "text-alone-carrow.txt",
    }
    assert (data / "harlan-v-pryce-2024-dissent-carrow.txt").read_bytes() == (FIXTURES / "text-alone-carrow.txt").read_bytes()


def test_added_sources_build_into_the_dataset(tmp_path) -> None:
    """The real data plus a CourtListener cluster and a lawbox page of
    another case: every opinion is in the graph, which conforms."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    assert run("add", str(FIXTURES / "courtlistener-cluster.json"), "--data", str(data)).exit_code == 0
    out = tmp_path / "dist"
    result = run("build", "--data", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "documents: 5" in result.stdout and "opinions with text: 5" in result.stdout
    assert "conforms: true" in result.stdout
    report = (out / "extraction-report.txt").read_text("utf-8")
    assert "harlan-v-pryce-2024-dissent-carrow.xml: pages 1205-1207" in report
    assert "harlan-v-pryce-2024-dissent-navarro.txt: pages 1201-?" in report


@pytest.mark.parametrize(
    ("fixture", "extra", "opinions"),
    [
        ("cap-static-2024.json", [], 3),
        ("lawbox-combined.html", [], 3),
        ("lawbox-dissent.html", ["--meta", str(FIXTURES / "expected" / "harlan.case.yaml")], 1),
    ],
)
def test_convert_reads_any_source(fixture: str, extra: list[str], opinions: int, tmp_path) -> None:
    from rdflib import Dataset
    from rdflib.namespace import RDF

    from sdd_kg.namespaces import SDD

    out = tmp_path / "out.trig"
    result = run("convert", str(FIXTURES / fixture), *extra, "--format", "trig", "-o", str(out))
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format="trig")
    texts = {s for g in ds.graphs() for s in g.subjects(SDD.sourceText, None)}
    assert len(texts) == opinions
    assert len([g for g in ds.graphs() if "/opinion/" in str(g.identifier)]) == opinions
    assert all(any(g.triples((None, RDF.type, SDD.Citation))) for g in ds.graphs() if "/opinion/" in str(g.identifier))


def test_a_text_with_its_record_is_added_as_it_is_with_its_annotations(data) -> None:
    """Today's form: the text, its record and its curated annotations, unchanged."""
    text = DATA / "pauluk-v-savage-2016-partial-dissent-murguia.txt"
    result = run("add", str(text), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "(as they are)" in result.stdout
    assert tree(data) == {name: digest for name, digest in tree(DATA).items() if name.startswith("pauluk")}
