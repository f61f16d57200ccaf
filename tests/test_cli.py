"""The sdd-kg command line, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from sdd_kg import __version__
from sdd_kg.cli import main
from sdd_kg.namespaces import SDD

from .conftest import DATA, DOCUMENTS

KENNEDY_TXT = DATA / "kennedy-v-ridgefield-2006-dissent-bybee.txt"
KENNEDY_META = DATA / "kennedy-v-ridgefield-2006-dissent-bybee.meta.yaml"


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-dist")
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_version_and_help(runner):
    assert runner.invoke(main, ["--version"]).output.strip() == f"sdd-kg, version {__version__}"
    for args in (["-h"], ["build", "-h"], ["query", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0 and "Usage:" in result.output
    assert "[default: dist]" in runner.invoke(main, ["build", "-h"]).output


def test_build_reports_a_conforming_dataset(dist):
    out, output = dist
    assert "conforms: true" in output
    assert "documents: 2" in output
    assert "opinions: 6" in output  # five on record, and DeShaney's Blackmun dissent as cited
    for name in ("sdd-kg.ttl", "sdd-kg.nt", "sdd-kg.trig", "sdd-kg.jsonld", "validation-report.ttl", "validation-report.txt", "extraction-report.txt"):
        assert (out / name).stat().st_size > 0
    report = (out / "extraction-report.txt").read_text("utf-8")
    # Pauluk's short cite of Wood has no full cite in its own text: reported, not guessed
    # Pauluk's 879 F.2d at 588-90 resolves to Kennedy's Wood v. Ostrander
    assert "879 F.2d" not in report
    assert "unresolved 3258-3281 (page 1127): my concurring colleague" in report
    assert "kennedy-v-ridgefield-2006-dissent-bybee.txt: pages 1067-1083, 11 footnotes," in report
    ds = Dataset().parse(out / "sdd-kg.trig", format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/sdd-kg/graph/case/439-F.3d-1055/opinion/dissent/jay-s-bybee" in graphs
    assert "https://w3id.org/sdd-kg/graph/case/836-F.3d-1117/record" in graphs


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig"), ("nq", "nquads")])
def test_convert_one_document(runner, tmp_path, fmt, parse_as):
    out = tmp_path / f"k.{fmt}"
    result = runner.invoke(main, ["convert", str(KENNEDY_TXT), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    g = Dataset() if fmt in ("trig", "nq") else Graph()
    g.parse(out, format=parse_as)
    assert len(g) > 500 if fmt not in ("trig", "nq") else sum(len(x) for x in g.graphs()) > 500


def test_convert_to_stdout_with_explicit_meta(runner):
    result = runner.invoke(main, ["convert", str(KENNEDY_TXT), "--meta", str(KENNEDY_META)])
    assert result.exit_code == 0
    assert "<https://w3id.org/sdd-kg/case/439-F.3d-1055>" in result.output


def test_validate_conforming_and_failing_files(runner, dist, tmp_path):
    out, _ = dist
    ok = runner.invoke(main, ["validate", str(out / "sdd-kg.ttl")])
    assert ok.exit_code == 0 and ok.output.startswith("Conforms.")
    broken = tmp_path / "broken.ttl"
    # Drop every opinion type: the opinion shape must complain in words.
    g = Graph().parse(out / "sdd-kg.ttl", format="turtle")
    g.remove((None, SDD.opinionType, None))
    g.serialize(broken, format="turtle")
    bad = runner.invoke(main, ["validate", str(broken)])
    assert bad.exit_code == 1
    assert bad.output.startswith("Does not conform.")
    assert "Violation:" in bad.output and "sdd:opinionType" in bad.output


def test_validate_unparseable_file_is_an_error(runner, tmp_path):
    bad = tmp_path / "x.ttl"
    bad.write_text("this is not turtle", "utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {bad}: cannot parse as turtle")


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt", "nq", "trig"])
def test_export_formats(runner, dist, tmp_path, fmt):
    out, _ = dist
    target = tmp_path / f"export.{fmt}"
    result = runner.invoke(main, ["export", "--format", fmt, "--dist", str(out), "-o", str(target)])
    assert result.exit_code == 0, result.output
    if fmt != "nq":
        assert target.read_bytes() == (out / f"sdd-kg.{fmt}").read_bytes()
    else:
        quads = Dataset().parse(target, format="nquads")
        trig = Dataset().parse(out / "sdd-kg.trig", format="trig")
        assert set(quads.quads()) == set(trig.quads())


def test_query_cited_cases_has_the_promised_columns(runner, dist):
    out, _ = dist
    result = runner.invoke(main, ["query", "cited-cases", "--format", "csv", "--dist", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["citing_case", "citing_opinion", "cited_case", "cited_citation", "cited_name", "cited_court", "cited_year", "instances"]
    by_cite = {(r["citing_case"], r["cited_citation"]): r for r in rows}
    pauluk_kennedy = by_cite[("836 F.3d 1117", "439 F.3d 1055")]
    assert pauluk_kennedy["cited_case"] == "https://w3id.org/sdd-kg/case/439-F.3d-1055"
    assert (pauluk_kennedy["cited_court"], pauluk_kennedy["cited_year"]) == ("ca9", "2006")
    deshaney = by_cite[("439 F.3d 1055", "489 U.S. 189")]
    assert deshaney["cited_court"] == "scotus" and int(deshaney["instances"]) >= 5


def test_query_opinions_lists_opinions_without_text(runner, dist):
    out, _ = dist
    result = runner.invoke(main, ["query", "opinions", "--format", "json", "--dist", str(out)])
    rows = json.loads(result.output)
    assert {(r["citation"], r["type"], r["author"], r["has_text"]) for r in rows} == {
        ("439 F.3d 1055", "majority", "James R. Browning", False),
        ("439 F.3d 1055", "dissent", "Jay S. Bybee", True),
        ("836 F.3d 1117", "majority", "William A. Fletcher", False),
        ("836 F.3d 1117", "concurrence-in-part-dissent-in-part", "Mary H. Murguia", True),
        ("836 F.3d 1117", "dissent", "John T. Noonan", False),
        ("489 U.S. 189", "dissent", "Blackmun", False),
    }
    bybee = next(r for r in rows if r["author"] == "Jay S. Bybee")
    assert (bybee["first_page"], bybee["last_page"]) == (1067, 1083)


def test_query_table_and_file(runner, dist, tmp_path):
    out, _ = dist
    table = runner.invoke(main, ["query", "opinions", "--dist", str(out)])
    assert table.exit_code == 0 and table.output.rstrip().endswith("(6 rows)")
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/sdd-kg/ontology#Case> }", "utf-8")
    result = runner.invoke(main, ["query", str(rq), "--format", "json", "--dist", str(out)])
    assert json.loads(result.output)[0]["n"] > 20


def test_query_list_names_the_shipped_queries(runner):
    result = runner.invoke(main, ["query", "--list"])
    assert "cited-cases:" in result.output and "opinions:" in result.output


@pytest.mark.parametrize("args, expected", [(["query", "no-such-query"], "no such named query"), (["query", "missing.rq"], "missing.rq: file not found")])
def test_query_errors(runner, dist, args, expected):
    out, _ = dist
    result = runner.invoke(main, [*args, "--dist", str(out)])
    assert result.exit_code == 2 and expected in result.output


def test_query_builds_first_when_needed(runner, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for path in DOCUMENTS[:1]:
        shutil.copy(path, data)
        shutil.copy(path.with_name(path.stem + ".meta.yaml"), data)
    out = tmp_path / "dist"
    result = runner.invoke(main, ["query", "opinions", "--data", str(data), "--dist", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert (out / "sdd-kg.trig").exists()
    assert "building" in result.stderr
    assert result.stdout.count("\n") == 4  # header, two Kennedy opinions, DeShaney's cited dissent
