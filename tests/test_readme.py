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


def test_readme_publish_figures_match_what_is_sent(built):
    """The dataset as `sdd-kg publish` sends it (the ontology graph too)."""
    from sdd_kg.publish import dataset_graphs

    graphs = dataset_graphs(built[1])
    assert f"({len(graphs)} graphs, {sum(g.triples for g in graphs):,} triples with the ontology)" in README


def test_setup_commands_open_the_readme_and_ci_runs_the_test_one():
    setup = _block("sh", "# sdd-kg").strip().splitlines()
    assert len(setup) == 2
    assert setup[0].endswith("sdd-kg build") and "pytest" in setup[1]
    assert "readme_test_command" in (ROOT / ".ci" / "run").read_text("utf-8")


NUMBERS = {"Ten": 10, "Eleven": 11, "Twelve": 12, "Thirteen": 13, "Fourteen": 14, "Fifteen": 15,
           "Sixteen": 16, "Seventeen": 17, "Eighteen": 18, "Nineteen": 19, "Twenty": 20}


def test_readme_names_every_named_query_and_counts_them():
    """The cookbook's summary in the README lists exactly the queries that ship."""
    from sdd_kg.queries import named_queries

    names = set(named_queries())
    match = re.search(r"(\w+) named queries ship with the package", README)
    assert match and NUMBERS.get(match.group(1)) == len(names), f"README counts {match and match.group(1)!r}, {len(names)} ship"
    section = README[match.start():README.index("## CLI reference")]
    mentioned = set(re.findall(r"`([a-z]+(?:-[a-z]+)+|[a-z]+)(?: --bind[^`]*)?`", section))
    assert names <= mentioned, f"not in the README: {sorted(names - mentioned)}"


def test_readme_command_examples_run(built):
    """Every `sdd-kg query` line in the README's shell blocks runs and answers rows."""
    import shlex

    _, out = built
    lines = [line for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines()
             if line.startswith("sdd-kg query ")]
    assert len(lines) >= 3
    for line in lines:
        args = shlex.split(line)[1:] + ["--dist", str(out)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, f"{line}: {result.output}"
        assert result.stdout.strip(), line
