"""Reading and decoding source texts: exact decoding, one-line InputErrors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sdd_kg.errors import InputError
from sdd_kg.source import MAX_SOURCE_BYTES, SourceText, decode_source, read_source

DATA = Path(__file__).resolve().parent.parent / "data"
REAL_FILES = [
    "kennedy-v-ridgefield-2006-dissent-bybee.txt",
    "pauluk-v-savage-2016-partial-dissent-murguia.txt",
]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain", "plain"),
        (b"crlf\r\nstays\r\n", "crlf\r\nstays\r\n"),  # no newline translation
        (b"lone\rcr", "lone\rcr"),
        (b"\xef\xbb\xbfbom kept", "\ufeffbom kept"),  # offsets index the decoded file
        ("Kennedy’s “CAIC” — § 1983".encode(), "Kennedy’s “CAIC” — § 1983"),
        ("e\u0301 not normalised".encode(), "e\u0301 not normalised"),
        (b"  leading and trailing space \n\n", "  leading and trailing space \n\n"),
    ],
)
def test_decode_is_exact(data: bytes, text: str) -> None:
    source = decode_source(data, "in-memory.txt")
    assert source == SourceText(
        path=Path("in-memory.txt"), text=text, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )


@pytest.mark.parametrize(
    ("data", "max_bytes", "problem"),
    [
        (b"", MAX_SOURCE_BYTES, "file is empty"),
        (b" \n\t\r\n", MAX_SOURCE_BYTES, "file holds only whitespace"),
        (b"\xef\xbb\xbf\n", MAX_SOURCE_BYTES, "file holds only whitespace"),
        (b"ab\x00cd", MAX_SOURCE_BYTES, "binary file: NUL byte at byte offset 2"),
        ("utf-16".encode("utf-16"), MAX_SOURCE_BYTES, "binary file: NUL byte at byte offset 3"),
        (b"abc\xffdef", MAX_SOURCE_BYTES, "not valid UTF-8: byte 0xff at byte offset 3"),
        (b"caf\xe9", MAX_SOURCE_BYTES, "not valid UTF-8: byte 0xe9 at byte offset 3"),  # Latin-1
        (b"ok \xe2\x80", MAX_SOURCE_BYTES, "not valid UTF-8: byte 0xe2 at byte offset 3"),  # truncated
        (b"x" * 11, 10, "file is 11 bytes, larger than the limit of 10 bytes"),
    ],
)
def test_decode_rejects(data: bytes, max_bytes: int, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_source(data, "bad.txt", max_bytes=max_bytes)
    assert str(caught.value) == f"bad.txt: {problem}"


@pytest.mark.parametrize(
    ("make", "max_bytes", "problem"),
    [
        (lambda tmp: tmp / "missing.txt", MAX_SOURCE_BYTES, "file not found"),
        (lambda tmp: tmp, MAX_SOURCE_BYTES, "is a directory, not a file"),
        (lambda tmp: _write(tmp / "big.txt", b"y" * 100), 99, "file is 100 bytes, larger than the limit of 99 bytes"),
        (lambda tmp: _write(tmp / "empty.txt", b""), MAX_SOURCE_BYTES, "file is empty"),
        (lambda tmp: _write(tmp / "bin.txt", b"\x00\x01"), MAX_SOURCE_BYTES, "binary file: NUL byte at byte offset 0"),
        (lambda tmp: _write(tmp / "latin.txt", b"na\xefve"), MAX_SOURCE_BYTES, "not valid UTF-8: byte 0xef at byte offset 2"),
    ],
)
def test_read_rejects(tmp_path: Path, make, max_bytes: int, problem: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_source(path, max_bytes=max_bytes)
    message = str(caught.value)
    assert message == f"{path}: {problem}"
    assert "\n" not in message


@pytest.mark.parametrize("name", REAL_FILES)
def test_read_real_files(name: str) -> None:
    path = DATA / name
    data = path.read_bytes()
    source = read_source(path)
    assert source.path == path
    assert source.text == data.decode("utf-8")
    assert source.size == len(data)
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_read_keeps_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path / "crlf.txt", b"one\r\ntwo\r\n")
    assert read_source(str(path)).text == "one\r\ntwo\r\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
