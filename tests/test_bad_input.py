"""Bad input: one line naming the file and the problem, exit 2, nothing written."""

from __future__ import annotations

import shutil

import pytest
import yaml
from click.testing import CliRunner

from sdd_kg.cli import main

from .conftest import DATA

KENNEDY = DATA / "kennedy-v-ridgefield-2006-dissent-bybee"


def _case_folder(tmp_path, text: bytes | None = None, meta_edit=None):
    """A data folder holding one (possibly damaged) copy of the Kennedy document."""
    data = tmp_path / "data"
    data.mkdir()
    txt = data / "doc.txt"
    if text is None:
        shutil.copy(KENNEDY.with_suffix(".txt"), txt)
    else:
        txt.write_bytes(text)
    meta = yaml.safe_load(KENNEDY.with_suffix(".meta.yaml").read_text("utf-8"))
    meta["document"]["text"] = "doc.txt"
    if meta_edit:
        meta_edit(meta)
    (data / "doc.meta.yaml").write_text(yaml.safe_dump(meta), "utf-8")
    return data, txt


def _no_court(m):
    del m["case"]["court"]


def _pages_as_text(m):
    m["case"]["first_page"] = "one thousand"


def _names_another_text(m):
    m["document"]["text"] = "other.txt"


def _pages_contradict(m):
    m["document"]["first_page"] = 1060
    for op in m["case"]["opinions"]:
        if op["id"] == "dissent-bybee":
            op["first_page"] = 1060


CASES = [
    ("empty text", b"", None, "doc.txt: file is empty"),
    ("whitespace text", b"   \n\n", None, "doc.txt: file holds only whitespace"),
    ("binary text", b"\x89PNG\r\n\x1a\n\x00\x00\x00", None, "doc.txt: binary file"),
    ("latin-1 text", "Kennedy’s".encode()[:-1] + "café".encode("latin-1"), None, "doc.txt: not valid UTF-8"),
    ("no citations", b"*1068 Nothing is cited here at all.\n", None, "no case citations found"),
    ("metadata missing field", None, _no_court, "doc.meta.yaml: metadata field case.court is missing"),
    ("metadata wrong type", None, _pages_as_text, "doc.meta.yaml: metadata field case.first_page: expected integer"),
    ("pages contradict markers", None, _pages_contradict, "disagrees with the star markers"),
    ("record names another text", None, _names_another_text, "doc.meta.yaml: document.text names 'other.txt'"),
]


@pytest.mark.parametrize("label, text, edit, expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["build", "convert"])
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, label, text, edit, expected, command):
    data, txt = _case_folder(tmp_path, text, edit)
    out = tmp_path / "out"
    args = ["build", "--data", str(data), "--out", str(out)] if command == "build" else ["convert", str(txt), "-o", str(out / "x.ttl")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert expected in lines[0]
    assert not out.exists()


def test_missing_path(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {tmp_path / 'nope.txt'}: file not found"


def test_missing_data_folder(tmp_path):
    result = CliRunner().invoke(main, ["build", "--data", str(tmp_path / "nothing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "data folder not found" in result.output


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    """A build that fails halfway must not replace a good dist/ with a partial one."""
    data, txt = _case_folder(tmp_path)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out)]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}  # the query store's files too
    shutil.copy(txt, data / "second.txt")
    (data / "second.meta.yaml").write_text("schema_version: 1\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_source_texts_are_never_modified(built):
    import hashlib

    expected = {
        "kennedy-v-ridgefield-2006-dissent-bybee.txt": "f6fb7f33992ed9b3dfe48b2ff0aaebddec92dc66dd42696f8660dc74789dbde3",
        "pauluk-v-savage-2016-partial-dissent-murguia.txt": "82010256fb62f65f44dc69d2476089536c0967d2df4e5cc4be795e4f809dc5a9",
    }
    for name, digest in expected.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    data, txt = _case_folder(tmp_path)
    with txt.open("r+b") as handle:  # sparse: 21 MiB on paper, no disk used
        handle.truncate(21 * 1024 * 1024)
    result = CliRunner().invoke(main, ["convert", str(txt), "-o", str(tmp_path / "out.ttl")])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {txt}: file is 22020096 bytes, larger than the limit of 20971520 bytes"
    assert not (tmp_path / "out.ttl").exists()
