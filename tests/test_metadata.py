"""The metadata record: the shipped records load, bad records fail in one line."""

from pathlib import Path

import pytest
import yaml

from sdd_kg.errors import InputError
from sdd_kg.metadata import load_record

DATA = Path(__file__).resolve().parents[1] / "data"
KENNEDY = DATA / "kennedy-v-ridgefield-2006-dissent-bybee.meta.yaml"
PAULUK = DATA / "pauluk-v-savage-2016-partial-dissent-murguia.meta.yaml"


def test_kennedy_record_holds_the_case_facts():
    rec = load_record(KENNEDY)
    case = rec.case
    assert case.name == "Kennedy v. City of Ridgefield"
    assert case.citations == ("439 F.3d 1055",)
    assert (case.court, case.docket_number) == ("ca9", "03-35333")
    assert case.lower_court.court == "wawd" and case.lower_court.docket_number == "CV-01-05631-JKA"
    assert str(case.argued) == "2004-09-17" and str(case.decided) == "2006-03-07"
    assert case.panel == ("James R. Browning", "A. Wallace Tashima", "Jay S. Bybee")
    assert [(o.type, o.author) for o in case.opinions] == [("majority", "James R. Browning"), ("dissent", "Jay S. Bybee")]
    assert (rec.opinion.type, rec.first_page, rec.last_page) == ("dissent", 1067, 1083)
    assert rec.text_path.is_file()


def test_pauluk_record_lists_all_three_opinions():
    rec = load_record(PAULUK)
    assert [(o.type, o.author) for o in rec.case.opinions] == [
        ("majority", "William A. Fletcher"),
        ("concurrence-in-part-dissent-in-part", "Mary H. Murguia"),
        ("dissent", "John T. Noonan"),
    ]
    assert rec.opinion.author == "Mary H. Murguia"
    assert rec.case.disposition == "Reversed and remanded"
    assert rec.case.lower_court.judge == "Philip M. Pro"


def _edited(tmp_path, edit):
    obj = yaml.safe_load(KENNEDY.read_text("utf-8"))
    edit(obj)
    path = tmp_path / "bad.meta.yaml"
    path.write_text(yaml.safe_dump(obj), "utf-8")
    return path


def _drop(*keys):
    def edit(obj):
        target = obj
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return edit


def _set(value, *keys):
    def edit(obj):
        target = obj
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return edit


@pytest.mark.parametrize(
    "edit, expected",
    [
        (_drop("case", "court"), "metadata field case.court is missing"),
        (_drop("document"), "metadata field document is missing"),
        (_set("1067", "document", "first_page"), "metadata field document.first_page: expected integer"),
        (_set("nonsense", "case", "opinions", 1, "type"), "metadata field case.opinions.1.type: 'nonsense' is not one of"),
        (_set("2006-02-30", "case", "decided"), "case.decided: '2006-02-30' is not a calendar date"),
        (_set("2007-01-01", "case", "argued"), "case.argued 2007-01-01 is after case.decided 2006-03-07"),
        (_set("concurrence-x", "document", "opinion"), "document.opinion: 'concurrence-x' is not one of case.opinions"),
        (_set(1090, "document", "first_page"), "document pages run backwards"),
        (_set(1070, "document", "first_page"), "disagree with opinion 'dissent-bybee' pages 1067-1083"),
        (_set(3, "schema_version"), "metadata field schema_version"),
        (_set("html", "document", "format"), "metadata field document.format needs schema_version 2"),
        (_set("x.pdf", "document", "text"), "metadata field document.text: 'x.pdf' does not match"),
        (_set([{"opinion": "dissent-bybee", "start": 0, "end": 9}], "document", "opinions"), "give exactly one of opinion, opinions"),
        (_set("x", "case", "extra"), "Additional properties are not allowed"),
    ],
)
def test_bad_records_fail_with_one_line_naming_the_field(tmp_path, edit, expected):
    path = _edited(tmp_path, edit)
    with pytest.raises(InputError) as caught:
        load_record(path)
    message = str(caught.value)
    assert message.startswith(str(path) + ": ")
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "file is empty"),
        (b"case: [unclosed\n", "malformed metadata at line"),
        (b"\xff\xfe not utf8", "not valid UTF-8"),
        (b"- just\n- a list\n", "expected object"),
    ],
)
def test_unreadable_records(tmp_path, content, expected):
    path = tmp_path / "x.meta.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        load_record(path)


def test_missing_record_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_record(tmp_path / "nope.meta.yaml")
