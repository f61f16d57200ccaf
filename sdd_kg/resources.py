"""Where the project's shipped files live: ontology/, shapes/, data/.

The ontology and shapes are part of the dataset, not of the Python package,
so they sit at the top of the repository. Lookup order: ``$SDD_KG_ROOT``;
the current folder or a parent holding ``ontology/sdd-kg.ttl`` (a checkout);
the checkout an editable install points at; the copy a regular install puts
under ``<prefix>/share/sdd-kg``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MARKER = Path("ontology") / "sdd-kg.ttl"


def project_root(start: Path | None = None) -> Path:
    env = os.environ.get("SDD_KG_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    package_checkout = Path(__file__).resolve().parents[1]
    if (package_checkout / MARKER).is_file():
        return package_checkout
    installed = Path(sys.prefix) / "share" / "sdd-kg"  # pyproject data-files
    if (installed / MARKER).is_file():
        return installed
    raise FileNotFoundError(
        "cannot find the sdd-kg project folder (ontology/sdd-kg.ttl); run from a checkout or set SDD_KG_ROOT"
    )


def ontology_dir() -> Path:
    return project_root() / "ontology"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def data_dir() -> Path:
    return project_root() / "data"
