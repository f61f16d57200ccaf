"""The one exception type the pipeline raises for bad input.

Every stage that reads something a user supplied (a text, a metadata record, a
query file) raises :class:`InputError` with the offending path and a short
statement of the problem. The CLI prints ``str(error)`` as a single line and
exits with code 2, so the message must name the file and fit on one line.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: ``<path>: <problem>``, always on one line."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        # Collapse whitespace so a multi-line library message stays one line.
        self.problem = " ".join(str(problem).split())
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem
