"""Court facts from courts-db: names by id, ids by citation abbreviation.

courts-db is the reference for US court identifiers; we only index it. Its
citation strings spell the Third Circuit ``3rd Cir.`` where opinions print
``3d Cir.``, so lookups fold ordinal spellings and spaces before comparing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from courts_db import courts as _COURTS


def _fold(text: str) -> str:
    """Spacing-, period- and ordinal-insensitive key: ``3rd Cir.`` == ``3d Cir.``."""
    text = re.sub(r"(\d+)(?:st|nd|rd|d|th)\b", r"\1", text.lower())
    return re.sub(r"[\s.]+", "", text)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, dict]:
    return {c["id"]: c for c in _COURTS}


@lru_cache(maxsize=1)
def _by_citation() -> dict[str, str]:
    """Folded abbreviation -> id, leaving out abbreviations several courts
    share: an ambiguous court string must not pick one of them."""
    seen: dict[str, set[str]] = {}
    for court in _COURTS:
        cite = court.get("citation_string")
        if cite and cite.strip():
            seen.setdefault(_fold(cite), set()).add(court["id"])
    return {key: next(iter(ids)) for key, ids in seen.items() if len(ids) == 1}


def exists(court_id: str) -> bool:
    return court_id in _by_id()


def name(court_id: str) -> str:
    """Full name, e.g. ``Court of Appeals for the Ninth Circuit``."""
    return _by_id()[court_id]["name"]


def citation_string(court_id: str) -> str | None:
    return _by_id()[court_id].get("citation_string") or None


def id_for_citation_string(text: str) -> str | None:
    """``9th Cir.`` -> ``ca9``; ``3d Cir.`` -> ``ca3``; unknown -> None."""
    return _by_citation().get(_fold(text))
