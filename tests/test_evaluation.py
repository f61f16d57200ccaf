"""Citation extraction scored against the hand-checked gold files.

The thresholds are the issue's acceptance targets; the gold files were made
by reading the texts, independently of the extractor (tests/gold/README.md).
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from sdd_kg.build import convert_all
from sdd_kg.cli import main
from sdd_kg.errors import InputError
from sdd_kg.evaluation import evaluate, gold_path, load_gold

from .conftest import DATA, ROOT

GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def scored():
    conversions = convert_all(DATA)
    return {c.source.path.name: (c, load_gold(gold_path(GOLD, c.source.path.name))) for c in conversions}


@pytest.mark.parametrize("document", [p.name for p in sorted(DATA.glob("*.txt"))])
def test_every_document_has_a_gold_file_that_names_it(document, scored):
    conversion, gold = scored[document]
    assert gold.document == document
    raw = conversion.source.text
    for g in gold.instances:  # anchors sit on the first character of the cite
        assert raw[g.at] in ("I", "i", "s", "M") or raw[g.at].isdigit(), g


@pytest.mark.parametrize(
    ("measure", "floor"),
    [("distinct cases", 0.98), ("case instances", 0.95), ("sibling references", 0.95)],
)
@pytest.mark.parametrize("document", [p.name for p in sorted(DATA.glob("*.txt"))])
def test_targets_are_met(document, measure, floor, scored):
    score = evaluate(*scored[document]).score(measure)
    assert score.precision >= floor and score.recall >= floor, (score.misses, score.extras)


@pytest.mark.parametrize(("measure", "floor"), [("signals", 0.95), ("case facts", 1.0)])
def test_signals_and_case_facts_agree_with_the_gold(scored, measure, floor):
    for conversion, gold in scored.values():
        agreement = next(a for a in evaluate(conversion, gold).agreements if a.name == measure)
        assert agreement.compared > 10 and agreement.rate >= floor, agreement.disagreements


def test_a_gold_instance_the_extractor_lacks_lowers_recall(scored):
    conversion, gold = scored["pauluk-v-savage-2016-partial-dissent-murguia.txt"]
    invented = replace(gold.instances[0], case="489 U.S. 189", at=0)  # nothing is cited at offset 0
    worse = replace(gold, instances=(*gold.instances, invented))
    base = evaluate(conversion, gold).score("case instances")
    score = evaluate(conversion, worse).score("case instances")
    assert score.recall < base.recall and score.precision == base.precision
    assert score.misses and score.misses[0].startswith("0 ")


def test_a_wrong_case_in_the_gold_is_a_miss_and_an_extra(scored):
    conversion, gold = scored["pauluk-v-savage-2016-partial-dissent-murguia.txt"]
    wrong = replace(gold.instances[0], case="92 F.3d 894")
    score = evaluate(conversion, replace(gold, instances=(wrong, *gold.instances[1:]))).score("case instances")
    assert (len(score.misses), len(score.extras)) == (1, 1)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("document: [unclosed", "not valid YAML"),
        ("- a list", "a gold file is a mapping"),
        ("document: x.txt\ncases: {}\n", "'instances' must be a list"),
        ("document: x.txt\ncases: {}\ninstances:\n  - {at: 1, form: cited, case: majority}\n",
         "instance 1: form 'cited' is not one of"),
        ("document: x.txt\ncases: {}\ninstances:\n  - {at: '1', form: id, case: majority}\n",
         "instance 1: 'at' must be a int"),
        ("document: x.txt\ncases: {}\ninstances:\n  - {at: 1, form: id, case: '1 U.S. 1'}\n",
         "instance 1: case '1 U.S. 1' is not listed under cases"),
    ],
)
def test_malformed_gold_files_are_named_errors(tmp_path, text, problem):
    path = tmp_path / "x.citations.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as err:
        load_gold(path)
    assert str(err.value).startswith(str(path)) and problem in str(err.value)


def test_evaluate_command(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["evaluate", "--data", str(DATA), "--gold", str(GOLD), "--no-misses"])
    assert ok.exit_code == 0, ok.output
    assert "case instances       precision 1.000" in ok.output
    strict = runner.invoke(main, ["evaluate", "--data", str(DATA), "--gold", str(GOLD), "--fail-under", "0.99"])
    assert strict.exit_code == 1  # treatments are not there yet
    assert "under 0.99" in strict.stderr
    data = tmp_path / "data"  # texts and records, but no gold and no curated file
    data.mkdir()
    for text in DATA.glob("*.txt"):
        shutil.copy(text, data)
        shutil.copy(text.with_name(text.stem + ".meta.yaml"), data)
    missing = runner.invoke(main, ["evaluate", "--data", str(data), "--gold", str(tmp_path)])
    assert missing.exit_code == 2 and "nothing to score" in missing.output
