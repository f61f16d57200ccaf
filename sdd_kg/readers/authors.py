"""Author lines: the line that opens an opinion and says whose it is.

``BYBEE, Circuit Judge, dissenting:``, ``JUSTICE BLACKMUN, dissenting.``,
``CHIEF JUSTICE REHNQUIST delivered the opinion of the Court.``,
``JUSTICE BRENNAN, with whom JUSTICE MARSHALL and JUSTICE BLACKMUN join,
dissenting.``, ``PER CURIAM.``: the author (as printed, a surname or
initials and surname), the opinion type, and the judges who join. The forms
are those of U.S. Reports and of the federal courts of appeals
(docs/source-formats.md, section 6).

A line is an author line only when the whole line is one: it starts with
the name (after any page marker), and nothing but the role follows, so that
"(Frankfurter, J., dissenting)" inside a citation parenthetical, or a
syllabus sentence ("Blackmun, J., delivered the opinion of the Court, in
which ..."), is never taken for one. What the line does not say is not
guessed: a circuit judge's line with no role (``WHITCOMBE, Circuit Judge:``)
is the opinion of the court, because that is how the courts of appeals print
it; a line that fits no form gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Role phrases, most specific first; each maps to an sdd:OpinionTypes notation.
_ROLES = (
    (r"concurring\s+in\s+part\s+and\s+dissenting\s+in\s+part", "concurrence-in-part-dissent-in-part"),
    (r"dissenting\s+in\s+part\s+and\s+concurring\s+in\s+part", "concurrence-in-part-dissent-in-part"),
    (r"concurring\s+in\s+the\s+judgment(?:\s+in\s+part)?", "concurrence-in-judgment"),
    (r"concurring\s+in\s+the\s+result", "concurrence-in-judgment"),
    (r"concurring\s+in\s+part", "concurrence-in-part-dissent-in-part"),
    (r"dissenting\s+in\s+part", "concurrence-in-part-dissent-in-part"),
    (r"specially\s+concurring|concurring\s+specially|concurring", "concurrence"),
    (r"dissenting", "dissent"),
)
_PLURALITY = r"announced\s+the\s+judgment\s+of\s+the\s+court\s+and\s+delivered\s+an\s+opinion"

_NAME = r"[A-Z][A-Za-z'’.\-]*(?:\s+[A-Z][A-Za-z'’.\-]*){0,3}"
_JUSTICE = rf"(?:(?:MR\.|Mr\.|ME\.|Me\.)\s+)?(?:CHIEF\s+JUSTICE|Chief\s+Justice|JUSTICE|Justice)\s+(?P<name>{_NAME})"
_JUDGE = (
    rf"(?P<jname>{_NAME}),\s+(?:(?:Senior|Chief|SENIOR|CHIEF)\s+)?"
    r"(?:(?:Circuit|District|Chief|CIRCUIT|DISTRICT|CHIEF)\s+)?(?:Judge|JUDGE|Justice|JUSTICE|C\.\s?J\.|J\.)"
)
_JOINS = r"(?:,?\s+(?:with\s+)?whom\s+(?P<joiners>.+?)\s+joins?(?:\s+(?:as\s+to|except\s+as\s+to)\s+[^,]+)?)?"
_LINE = re.compile(
    rf"^\s*(?:\*\d+\s+)*(?:(?P<percuriam>PER\s+CURIAM|Per\s+Curiam)\s*[.:]?|"
    rf"(?:THE\s+CHIEF\s+JUSTICE|The\s+Chief\s+Justice|{_JUSTICE}|{_JUDGE}){_JOINS}"
    rf"(?:,\s*(?P<role>[a-z][a-z ]+?)|\s+(?P<court>delivered\s+the\s+opinion\s+of\s+the\s+[Cc]ourt|"
    rf"announced\s+the\s+judgment\s+of\s+the\s+[Cc]ourt\s+and\s+delivered\s+(?:an|the)\s+opinion[^.:]*))?"
    rf"\s*[.:\u2014-]?)\s*$"
)
MAX_LINE = 240
"""Longest line read as an author line; longer lines are prose."""

# The opinion types an author line may make more specific than the type a
# source states: "concurring in the judgment" for a concurrence, a per curiam
# or plurality for a lead opinion.
REFINES = {"concurrence": {"concurrence-in-judgment"}, "majority": {"per-curiam", "plurality"}}


@dataclass(frozen=True)
class AuthorLine:
    """What an author line says; ``start``/``end`` span it in the text."""

    start: int
    end: int
    opinion_type: str
    author: str | None  # as printed, in title case ("Bybee", "W. Fletcher"); None for per curiam
    joined_by: tuple[str, ...] = ()


def title_case(name: str) -> str:
    """``BYBEE`` -> ``Bybee``, ``O'SCANNLAIN`` -> ``O'Scannlain``, ``W. FLETCHER``
    -> ``W. Fletcher``; a word already in mixed case is kept (``McKeown``)."""

    def word(w: str) -> str:
        if not w.isupper():
            return w
        return re.sub(r"(^|['’\-])([a-z])", lambda m: m[1] + m[2].upper(), w.lower())

    return " ".join(word(w) for w in name.split())


def parse_author_line(line: str) -> tuple[str, str | None, tuple[str, ...]] | None:
    """(opinion type, author, joined by) of one line, or None if it is not an author line."""
    if len(line) > MAX_LINE:
        return None
    match = _LINE.match(line)
    if match is None:
        return None
    if match["percuriam"]:
        return "per-curiam", None, ()
    name = match["name"] or match["jname"]
    author = "The Chief Justice" if name is None else title_case(name.rstrip("."))
    if match["role"]:
        role = next((kind for pattern, kind in _ROLES if re.fullmatch(pattern, match["role"].strip())), None)
        if role is None:
            return None  # "X, J., filed a dissenting opinion" and other prose
        kind = role
    elif match["court"]:
        kind = "plurality" if re.match(_PLURALITY, match["court"], re.IGNORECASE) else "majority"
    elif match["jname"]:
        kind = "majority"  # "WHITCOMBE, Circuit Judge:" opens the opinion of the court
    else:
        return None  # "JUSTICE X" alone says nothing of the opinion
    return kind, author, _joiners(match["joiners"])


def _joiners(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text)
    names = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if re.fullmatch(r"THE\s+CHIEF\s+JUSTICE|The\s+Chief\s+Justice", part):
            names.append("The Chief Justice")
            continue
        part = re.sub(r"^(?:(?:MR\.|Mr\.)\s+)?(?:CHIEF\s+JUSTICE|Chief\s+Justice|JUSTICE|Justice|Judge|JUDGE)\s+", "", part)
        names.append(title_case(part))
    return tuple(names)


def find_author_lines(text: str, line_starts: Sequence[int] = ()) -> list[AuthorLine]:
    """Every author line of ``text``: lines (after a newline, or at a block
    start that ``line_starts`` gives for markup) that read as one."""
    starts = sorted({0, *(i + 1 for i, ch in enumerate(text) if ch == "\n"), *line_starts})
    found = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        newline = text.find("\n", start, end)
        end = newline if newline >= 0 else end
        line = text[start:end]
        parsed = parse_author_line(line)
        if parsed is not None:
            kind, author, joined = parsed
            found.append(AuthorLine(start + len(line) - len(line.lstrip()), end, kind, author, joined))
    return found
