"""Shared fixtures: the project paths, the converted documents, a built dataset,
its store and a real server over it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
DOCUMENTS = sorted(DATA.glob("*.txt"))


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/*.ttl from the current converter instead of comparing.",
    )


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def require_external() -> bool:
    """CI sets SDD_KG_REQUIRE_EXTERNAL=1 so a missing tool fails, not skips."""
    return os.environ.get("SDD_KG_REQUIRE_EXTERNAL") == "1"


@pytest.fixture(scope="session")
def conversions():
    from sdd_kg.convert import convert_files

    return {path.stem: convert_files(path) for path in DOCUMENTS}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One real build of data/ into a temporary dist folder."""
    from sdd_kg.build import build

    out = tmp_path_factory.mktemp("dist")
    return build(DATA, out), out


@pytest.fixture(scope="module")
def store(built):
    """The built dataset's Oxigraph store, opened read-only."""
    from sdd_kg.store import open_store

    return open_store(built[1])


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """A real `sdd-kg serve` process over the built dataset, one per module
    (a module's runaway and killed queries stay its own)."""
    from .serving import start_server, stop_server

    server = start_server(built[1], tmp_path_factory.mktemp("server") / "serve.log")
    yield server
    stop_server(server)
