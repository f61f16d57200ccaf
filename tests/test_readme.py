"""The README shows real commands and real output: keep them true."""

from __future__ import annotations

import re

from click.testing import CliRunner

from sdd_kg.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _block(language: str, after: str) -> str:
    tail = README[README.index(after):]
    match = re.search(rf"```{language}\n(.*?)```", tail, re.S)
    assert match, f"no ```{language} block after {after!r}"
    return match.group(1)


def test_readme_example_query_prints_what_the_readme_says(built, tmp_path):
    _, out = built
    query = tmp_path / "shared.rq"
    query.write_text(_block("sparql", "## Example"), "utf-8")
    result = CliRunner().invoke(main, ["query", str(query), "--dist", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == _block("text", "## Example")


def test_readme_figures_match_the_build(built):
    result, _ = built
    summary = result.summary()
    assert f"| cases | {summary['cases']} " in README
    assert f"| citing instances | {summary['citations']}: " in README
    cites = [c for conv in result.conversions for c in conv.extraction.citations]
    of_cases = sum(1 for c in cites if c.case_key is not None)
    assert f": {of_cases} citations of cases" in README
    assert f"and {len(cites) - of_cases} references to a sibling opinion" in README
    notes = [c.annotations for c in result.conversions if c.annotations]
    curated = (sum(len(n.findings) for n in notes), sum(len(n.holdings) for n in notes))
    machine = (sum(len(c.findings) for c in result.conversions), sum(len(c.holdings) for c in result.conversions))
    assert f"{curated[0]} curated findings and {curated[1]} curated holdings" in README
    assert f"{machine[0]} findings and {machine[1]} holdings proposed by the extractor" in README
    assert f"| triples | {summary['triples']:,} in {summary['named_graphs']} named graphs |" in README
    assert f"{summary['warnings']} warnings" in README


def test_setup_commands_open_the_readme_and_ci_runs_the_test_one():
    setup = _block("sh", "# sdd-kg").strip().splitlines()
    assert len(setup) == 2
    assert setup[0].endswith("sdd-kg build") and "pytest" in setup[1]
    assert "readme_test_command" in (ROOT / ".ci" / "run").read_text("utf-8")
