"""Case facts from the words a source prints: dates, docket, court, panel, parties.

The head matter of an opinion (CAP's ``head_matter``, a CAP XML casebody's
head elements, a lawbox page's caption) prints the facts a metadata record
holds: "No. 23-35501.", "Argued and Submitted May 14, 2024", "Filed November
19, 2024.", "Before: ADA M. WHITCOMBE, ... Circuit Judges.", the court and
the parties with their roles. These functions read one such line each and
return ``None`` for a line they do not recognise, so a reader keeps only
what is printed and reports the rest as missing.
"""

from __future__ import annotations

import datetime as dt
import re

import courts_db

from .. import courts
from .authors import title_case

_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}
_DATE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s*(\d{4})\b")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str | None) -> dt.date | None:
    """``November 19, 2024``, ``Nov. 19, 2024`` or ``2024-11-19``; None otherwise."""
    if not text:
        return None
    iso = _ISO.match(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        match = _DATE.search(text)
        if match and match[1].lower() in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))
    except ValueError:
        return None
    return None


def argued_date(line: str) -> dt.date | None:
    """"Argued and Submitted May 14, 2024, Seattle" / "Argued November 2, 1988"."""
    match = re.search(r"\b(?:Argued|Submitted)\b(.*)", line)
    return parse_date(match[1]) if match else None


def decided_date(line: str) -> dt.date | None:
    """"Filed November 19, 2024." / "Decided February 22, 1989."."""
    match = re.search(r"\b(?:Filed|Decided|Opinion\s+Filed)\b(.*)", line)
    return parse_date(match[1]) if match else None


def docket_number(text: str | None) -> str | None:
    """"No. 23-35501." -> ``23-35501``; ``Nos. 1383, 1384`` -> ``1383, 1384``."""
    if not text or not text.strip():
        return None
    match = re.match(r"\s*(?:Nos?\.|Docket\s+No\.)?\s*(.+?)\s*\.?\s*$", text)
    return match[1] if match and re.search(r"\d", match[1]) else None


def court_id(text: str | None) -> str | None:
    """The courts-db id of a court as printed, by its citation string (``9th
    Cir.``) or its name ("United States Court of Appeals, Ninth Circuit."),
    or None unless exactly one court matches."""
    if not text or not text.strip():
        return None
    by_cite = courts.id_for_citation_string(text.strip())
    if by_cite:
        return by_cite
    name = re.sub(r"[\s.]+$", "", text.strip())
    for candidate in (name, re.sub(r"\bof United States\b", "of the United States", name)):
        found = courts_db.find_court(candidate, bankruptcy=False)
        if len(found) == 1:
            return found[0]
    return None


def lower_court(line: str) -> tuple[str | None, str | None]:
    """(court id, docket) of "Appeal from the United States District Court for
    the Western District of Washington ... D.C. No. 3:21-cv-05012-ABC"."""
    match = re.search(r"Appeal\s+from\s+the\s+(.+?)(?:[,;.]\s|,?\s+D\.C\.|$)", line)
    court = court_id(match[1]) if match else None
    docket = re.search(r"D\.C\.\s+No\.\s*([\w:.\-]+?)\.?(?:\s|$|;|,)", line)
    return court, docket[1] if docket else None


_JUDGE_TITLES = r"(?:Senior\s+|Chief\s+)?(?:Circuit|District)?\s*(?:Judges?|Justices?)"


def panel(line: str) -> list[str] | None:
    """Names in "Before: ADA M. WHITCOMBE, PETER J. CARROW, and RUTH L.
    NAVARRO, Circuit Judges." (title case; titles dropped), or None."""
    match = re.match(r"\s*Before:?\s+(.+?)\.?\s*$", line, re.IGNORECASE)
    if not match:
        return None
    body = re.sub(rf",\s*{_JUDGE_TITLES}\b", ",", match[1], flags=re.IGNORECASE)
    names = [
        title_case(part.strip(" ,."))
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", body)
        if part.strip(" ,.") and not re.fullmatch(_JUDGE_TITLES, part.strip(" ,."), re.IGNORECASE)
    ]
    return names or None


def surnames(text: str) -> list[str]:
    """CourtListener's ``judges`` field, "Carrow, Navarro, Whitcombe"."""
    return [title_case(part.strip()) for part in re.split(r",|\band\b|;", text) if part.strip()]


# Party roles as printed -> the record's role values (docs/metadata.md).
_ROLES = {
    "plaintiff": "plaintiff", "plaintiffs": "plaintiff", "defendant": "defendant", "defendants": "defendant",
    "plaintiff-appellee": "plaintiff-appellee", "plaintiffs-appellees": "plaintiff-appellee",
    "plaintiff-appellant": "plaintiff-appellant", "plaintiffs-appellants": "plaintiff-appellant",
    "defendant-appellee": "defendant-appellee", "defendants-appellees": "defendant-appellee",
    "defendant-appellant": "defendant-appellant", "defendants-appellants": "defendant-appellant",
    "petitioner": "petitioner", "petitioners": "petitioner", "respondent": "respondent", "respondents": "respondent",
    "appellant": "appellant", "appellants": "appellant", "appellee": "appellee", "appellees": "appellee",
}
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "de", "la", "et", "al."}


def party_name(printed: str) -> str:
    """"Dana HARLAN" -> ``Dana Harlan``; "CITY OF MARLOWE" -> ``City of Marlowe``."""
    words = title_case(printed.strip(" ,;.")).split()
    return " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(words))


def parties(caption: str) -> list[tuple[str, str]]:
    """(name, role) of each party of a caption such as "Dana HARLAN,
    Plaintiff-Appellee, v. Owen PRYCE, Defendant-Appellant, and CITY OF
    MARLOWE, Defendant." A role applies to the names printed before it on
    its side ("RIDGEFIELD CITY OF; Noel Shields, Defendants-Appellants");
    a name no role follows is left out."""
    found: list[tuple[str, str]] = []
    for side in re.split(r"\s+v\.?\s+", caption.strip().rstrip(".")):
        pending: list[str] = []
        for token in re.split(r"\s*[;,]\s*(?:and\s+)?|\s+and\s+", side):
            token = token.strip(" ,;.")
            if not token or token.lower() in ("et al", "et al."):
                continue
            role = _ROLES.get(token.lower())
            if role is None:
                pending.append(token)
                continue
            found.extend((party_name(name), role) for name in pending)
            pending = []
    return found


def short_name(caption: str) -> str | None:
    """Bluebook short form of a caption: the first party of each side, an
    individual by surname (rule 10.2.1(g)): "Dana HARLAN, ... v. Owen PRYCE,
    ..." -> ``Harlan v. Pryce``."""
    sides = re.split(r"\s+v\.?\s+", caption.strip(), maxsplit=1)
    if len(sides) != 2:
        return None
    firsts = []
    for side in sides:
        first = re.split(r",|;", side)[0].strip()
        if not first:
            return None
        words = first.split()
        upper = [w for w in words if w.isupper() and len(w) > 1]
        # A person printed "Dana HARLAN": the capitalised word is the surname.
        firsts.append(party_name(upper[-1]) if upper and len(upper) < len(words) else party_name(first))
    return f"{firsts[0]} v. {firsts[1]}"

