"""Case citations of one opinion text: eyecite tokens -> citing instances.

Input is the *cleaned* text of an opinion (star page markers and footnote call
digits already removed upstream) plus its offset map ``offsets[i]`` = raw
index of ``text[i]``. Output spans are raw offsets, so every
:class:`CitationRecord` can be checked against the source file byte for byte
(see docs/architecture.md, "Offsets").

Why a layer of our own over eyecite, rather than ``resolve_citations``:

* eyecite reports a parallel group (``489 U.S. 189, 109 S.Ct. 998, 103
  L.Ed.2d 249``) as three full citations and the parallel of a short cite
  (``id. at 195, 109 S.Ct. 998``) as a separate *full* citation. The graph
  needs one citing instance per printed group, keyed by the official
  reporter, so the elements are regrouped here by what separates them in the
  text (only a comma).
* its post-citation parser is greedy on OCR text: it takes the year of a
  *nested* parenthetical (Brosseau gets 2151) and copies years between
  unnamed neighbours it mistakes for parallels (Munger gets Penilla's 1997).
  Court, year and parenthetical are therefore read here with anchored
  patterns right after the group.
* ``Id.`` must not resolve through references eyecite does not see, such as
  "Maj. Op. at 1063" (the sibling opinion), nor to a case cited inside the
  previous citation's parenthetical ("X (quoting Y). Id." means X); the
  damaged forms ``Id, at`` and ``Id-`` must still be found.

eyecite still does the hard parts: reporter recognition and edition
normalisation (reporters-db), token positions, Id./supra tokens, and the
start of the case name. Court strings map to courts-db ids through a table
built from ``courts_db.courts``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from eyecite import get_citations
from eyecite.models import (
    CitationBase,
    Edition,
    FullCaseCitation,
    FullJournalCitation,
    FullLawCitation,
    IdCitation,
    ReferenceCitation,
    ShortCaseCitation,
    SupraCitation,
)

from . import courts

__all__ = [
    "CitationRecord",
    "CitedCase",
    "Extraction",
    "RecordCite",
    "ReporterCite",
    "extract_citations",
    "normalize",
]


def _drop_overlap_warning(record: logging.LogRecord) -> bool:
    """eyecite warns "Unknown overlap case" for every short cite followed by
    a printed parallel; those are the groups this module rebuilds, and with
    no logging configured the warnings would reach stderr. Only that message
    is filtered."""
    return not str(record.msg).startswith("Unknown overlap case")


logging.getLogger("eyecite.helpers").addFilter(_drop_overlap_warning)

# A reporter volume above this is a star marker glued to the volume
# ("*1128112 S.Ct."): no case reporter has reached 2000 volumes.
MAX_VOLUME = 2000
# An Id. pin more than this many pages past the first page cannot belong to
# the antecedent (same bound as eyecite's resolver).
MAX_OPINION_PAGES = 150


# --------------------------------------------------------------------------
# public records
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReporterCite:
    """One reporter citation such as ``489 U.S. 189``.

    ``reporter`` is the reporters-db edition key as eyecite normalises it
    ("S. Ct.", "L. Ed. 2d"); ``official`` marks the primary reporter of the
    court (U.S. Reports, F.3d, state official reports) as opposed to
    commercial parallels (S. Ct., L. Ed., West's state reporters).
    """

    volume: int
    reporter: str
    page: int
    official: bool

    @property
    def text(self) -> str:
        """``"109 S.Ct. 998"``: the IRI key form, reporter without spaces."""
        return f"{self.volume} {self.reporter.replace(' ', '')} {self.page}"


@dataclass(frozen=True)
class CitedCase:
    """A case the opinion cites, with what the citation text says of it.

    ``key`` is the first official reporter cite (else the first printed), and
    is the stable key the case IRI is minted from; ``cites`` lists every
    parallel seen, key first. ``name``/``court`` come from the first full
    citation that gives them (a bare "DeShaney, 489 U.S. 189" name is
    replaced by a later "X v. Y" one). ``year`` is the best-supported
    *printed* year (most often printed, else first); ``other_years`` are the
    others printed, kept so the graph can flag the disagreement. A printed
    year is never corrected here: the Pauluk text prints 2001 for Patel, a
    2011 decision, and a shape flags the volume/year mismatch instead.
    ``short_names`` are names the text defines ('("Grubbs II")').
    ``elsewhere`` marks a case this text cites only in short form and that
    was resolved against a case another document cites in full: the text
    itself states nothing about it but the volume, reporter and pin.
    ``introduced_by`` is then the IRI of that document's full citation (set
    by whoever supplies the known cases, see :func:`extract_citations`).
    ``partial`` marks a case no document cites in full: only its volume and
    reporter (and a name the prose may give) are known.
    """

    key: ReporterCite
    cites: tuple[ReporterCite, ...]
    name: str | None
    court: str | None
    year: int | None
    other_years: tuple[int, ...] = ()
    short_names: tuple[str, ...] = ()
    elsewhere: bool = False
    introduced_by: str | None = None
    partial: bool = False

    @property
    def id(self) -> str:
        """Key of the case in :attr:`Extraction.cases`: its key citation, or
        for a *partial* case (cited only in short form, its full cite in no
        document: the key's page is 0) the Bluebook's blank-page form
        ``"879 F.2d ___"``."""
        if self.partial:
            return f"{self.key.volume} {self.key.reporter.replace(' ', '')} ___"
        return self.key.text


@dataclass(frozen=True)
class CitationRecord:
    """One citing instance.

    ``form`` is "full" | "short" | "id" | "supra" | "sibling" (a reference to
    another opinion of the same case, "Maj. Op. at 1063" or "the majority";
    an Id. after a pinned one keeps form "id"). ``raw_start``/``raw_end`` is
    the half-open raw-text span: for full cites from the case name (or the
    first token when unnamed) through the ``)`` of the court/year
    parenthetical; for the other forms the eyecite span of the first token
    with its pin, extended over printed parallels. ``case_key`` is the cited
    case's key, None when ``sibling`` names the opinion type of the sibling
    opinion cited instead. ``cited_as`` holds the reporter cites printed
    here (a bare ``Id.`` prints none). Pins are read from the first printed
    element only, because a pin is relative to one reporter's pagination;
    ``pin_end`` closes the first range only ("588-90" -> 590), a list
    ("1057, 1067") is not a range; ``pin_footnote`` is a footnote pin ("1093
    n. 10" -> 10). ``parenthetical`` is the first balanced parenthetical
    after the citation (after the court/year one for full cites).
    ``antecedent`` is an index into the returned citation list: the
    preceding instance for Id., the full citation that introduced the case
    for short and supra cites. ``signal`` is the introductory signal as a
    notation of ``sdd:Signals`` ("none" when bare), see :func:`_signals`.
    ``nested_in``/``nesting``: a citation printed inside another's
    "(quoting ...)" or "(citing ...)" parenthetical is one the *outer* cited
    opinion makes; ``nested_in`` indexes the outer instance. ``opinion``
    names a separate opinion of the cited case the citation points at,
    (type, judge surname), from "(Blackmun, J., dissenting)".
    """

    form: str
    raw_start: int
    raw_end: int
    case_key: str | None
    cited_as: tuple[ReporterCite, ...]
    pin_start: int | None
    pin_end: int | None
    parenthetical: str | None
    antecedent: int | None
    signal: str = "none"
    pin_footnote: int | None = None
    sibling: str | None = None
    nested_in: int | None = None
    nesting: str | None = None
    opinion: tuple[str, str] | None = None


@dataclass(frozen=True)
class RecordCite:
    """A citation of a filing in a lower court's docket, not of a decision:
    "Pauluk v. Savage, No. 07-CV-1681 at *10 (D. Nev. Oct. 7, 2013), ECF
    No. 131". Raw span from the case name through the ECF number."""

    raw_start: int
    raw_end: int
    case_name: str
    docket_number: str
    ecf_number: int | None


@dataclass(frozen=True)
class Extraction:
    """All citing instances of a text, the cases they cite, and the misses.

    ``unresolved`` holds (raw_start, raw_end, matched text) of short / Id. /
    supra cites and sibling references that could not be tied to a case or
    an opinion, and of dropped hits (a volume over 2000 is a glued page
    marker); they are reported, never emitted. Sorted; the text is the
    normalised text as eyecite matched it. ``record_cites`` are citations of
    docket filings (see :class:`RecordCite`).
    """

    citations: tuple[CitationRecord, ...]
    cases: dict[str, CitedCase]
    unresolved: tuple[tuple[int, int, str], ...]
    record_cites: tuple[RecordCite, ...] = ()


# --------------------------------------------------------------------------
# normalisation (offset preserving)
# --------------------------------------------------------------------------

# "(9th Cir.1989)" -> "(9th Cir. 1989)": eyecite only reads a court before a
# year when whitespace separates them.
_YEAR_GLUE = re.compile(r"(?<=[A-Za-z]\.)(?=(?:1[6-9]|20)\d\d\))")
# "1082,1087" inside a citation -> "1082, 1087" so the pin is parsed; the
# look-behind context (checked separately) keeps "1,000" untouched.
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_CITE_BEFORE_COMMA = re.compile(
    r"(?:\b\d{1,4}\s+(?:[A-Z][\w.]*\s?){1,4}\s?\d+|\bat\s+\d+(?:\s*[-–]\s*\d+)?)$"
)
# '."Id. at' -> '." Id. at': eyecite wants whitespace before "Id.".
_ID_GLUE = re.compile(r"(?<=[\"”’'.;,)\]])(?=[Ii]d\.)")
# One-for-one substitutions: typographic quotes and dashes to ASCII, so the
# patterns below need one spelling ("Dep’t" and "Dep't" name one party).
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# A word split by a hyphen where the text once had a line or page break:
# "DeSha-*1127ney" reaches us as "DeSha-ney" once the marker is gone.
_SPLIT_WORD = re.compile(r"(?<![\w-])([A-Za-z]+)-([a-z]+)(?![\w-])")


def _attested_joins(text: str) -> list[int]:
    """Positions of hyphens to drop: the joined word occurs elsewhere in
    the text unhyphenated ("DeSha-ney" -> "DeShaney", "Ridge-field" ->
    "Ridgefield"); a compound no one writes closed ("Ramirez-Palmer",
    "state-created") keeps its hyphen. The document is its own lexicon."""
    words = {w.lower() for w in re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", text)}
    return [m.start(2) - 1 for m in _SPLIT_WORD.finditer(text) if (m[1] + m[2]).lower() in words]


def normalize(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Repair what eyecite trips over, carrying the offset map along.

    Insertions: a space before a year glued to a court abbreviation
    ("Cir.1989)"), after a comma between citation numbers ("1082,1087"),
    and before an ``Id.`` glued to closing punctuation. Deletions: the hyphen
    of a split word whose joined form the text attests. Substitutions (one
    for one): typographic quotes and dashes. Every surviving character keeps
    its raw index; an inserted one maps to the raw index of the next original
    character (so it never widens a span start; span ends are computed from
    the last *original* character, see :func:`_raw_span`). The returned map
    has the same convention as the input (``len(text)`` or ``len(text) + 1``
    entries).
    """
    _check_offsets(text, offsets)
    text = text.translate(_TYPOGRAPHY)
    points: set[int] = set()
    points.update(m.start() for m in _YEAR_GLUE.finditer(text))
    points.update(
        m.start() + 1
        for m in _DIGIT_COMMA.finditer(text)
        if _CITE_BEFORE_COMMA.search(text[max(0, m.start() - 40) : m.start()])
    )
    points.update(m.start() for m in _ID_GLUE.finditer(text))
    drops = set(_attested_joins(text))
    if not points and not drops:
        return text, list(offsets)
    out_text: list[str] = []
    out_offs: list[int] = []
    for i, ch in enumerate(text):
        if i in points:
            out_text.append(" ")
            out_offs.append(offsets[i])
        if i in drops:
            continue
        out_text.append(ch)
        out_offs.append(offsets[i])
    if len(offsets) == len(text) + 1:
        out_offs.append(offsets[-1])
    return "".join(out_text), out_offs


def _check_offsets(text: str, offsets: Sequence[int]) -> None:
    if len(offsets) not in (len(text), len(text) + 1):
        raise ValueError(
            f"offset map has {len(offsets)} entries for a text of {len(text)}"
        )


# --------------------------------------------------------------------------
# courts
# --------------------------------------------------------------------------

_MONTH_DAY = re.compile(
    r"\s*(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
    r"\s*\d{1,2},?\s*$"
)


def court_id(court_string: str) -> str | None:
    """courts-db id for a year-parenthetical court string, e.g. "3d Cir."."""
    s = _MONTH_DAY.sub("", court_string).strip(" ,")
    return courts.id_for_citation_string(s) if s else None


# --------------------------------------------------------------------------
# elements: eyecite hits reduced to what the grouping needs
# --------------------------------------------------------------------------

_PIN = r"\d+(?:\s*[-–—]\s*\d+)?(?:\s*(?:&\s*)?nn?\.\s*\d+(?:\s*[-–—]\s*\d+)?)?"
# A pin must end the citation: what follows is punctuation or a paren, never
# a reporter ("189, 109 S.Ct." is a parallel, not pin 109).
_PIN_END = r"(?=\s*[,;.:)\]’'”\"]|\s*\(|\s*$|\s+(?:and|&)\s)"
_PIN_LIST_RE = re.compile(
    rf"(?P<first>{_PIN}){_PIN_END}(?:(?:\s*,\s*|\s*&\s*|\s+and\s+){_PIN}{_PIN_END})*"
)
_FIRST_PIN_RE = re.compile(r"(\d+)(?:\s*[-–—]\s*(\d+))?")


@dataclass(frozen=True)
class _Element:
    """One eyecite hit (or a barrier), positions in the normalised text.

    ``end`` is the core end: token plus its pin list, which is where a
    printed parallel or the year parenthetical may follow.
    """

    kind: str  # full | short | id | supra | sibling | mention | barrier | xref
    start: int
    end: int
    volume: int | None = None
    reporter: str | None = None
    page: int | None = None  # first page; None for short cites
    official: bool = False
    scotus: bool = False
    pin: Pin | None = None
    named: bool = False  # eyecite found a plaintiff or defendant
    name_hint: int | None = None  # eyecite full_span start
    guess: str | None = None  # eyecite antecedent guess (short, supra)
    role: str | None = None  # sibling and mention: majority | concurrence | dissent

    def cite(self) -> ReporterCite | None:
        if self.volume is None or self.reporter is None or self.page is None:
            return None
        return ReporterCite(self.volume, self.reporter, self.page, self.official)


Pin = tuple[int, int, int | None]  # first page, last page, footnote number


def _pin_range(first: str) -> Pin | None:
    """ "588-90" -> (588, 590, None), "1093 n. 10" -> (1093, 1093, 10)."""
    m = _FIRST_PIN_RE.match(first)
    if not m:
        return None
    a = int(m[1])
    fn = re.search(r"nn?\.\s*(\d+)", first[m.end():])
    footnote = int(fn[1]) if fn else None
    if not m[2]:
        return a, a, footnote
    hi = m[2]
    if len(hi) < len(m[1]):  # elided range: the tail replaces the last digits
        hi = m[1][: len(m[1]) - len(hi)] + hi
    b = int(hi)
    return (a, b, footnote) if b >= a else (a, a, footnote)


def _scan_pins(text: str, pos: int, lead: str) -> tuple[Pin | None, int]:
    """Pin list at ``pos`` after the ``lead`` pattern; (first range, end)."""
    m = re.compile(lead).match(text, pos)
    if not m:
        return None, pos
    p = _PIN_LIST_RE.match(text, m.end())
    if not p:
        return None, pos
    return _pin_range(p["first"]), p.end()


def _edition(c: CitationBase) -> Edition | None:
    """eyecite's edition guess, or the single edition all candidates share."""
    if c.edition_guess is not None:
        return c.edition_guess
    names = {e.short_name: e for e in c.all_editions}
    return next(iter(names.values())) if len(names) == 1 else None


def _is_official(ed: Edition) -> bool:
    """Primary reporter? reporters-db types S. Ct. and L. Ed. as "federal"
    too, so commercial parallels are excluded by name."""
    rep = ed.reporter
    return (
        rep.cite_type in ("federal", "state", "scotus_early")
        and not rep.name.startswith("West's")
        and rep.short_name != "L. Ed."
    )


def _case_element(
    c: FullCaseCitation | ShortCaseCitation, text: str
) -> _Element | str:
    """Element for a case citation, or a reason string if it is dropped."""
    ed = _edition(c)
    vol = c.groups.get("volume") or ""
    page = c.groups.get("page") or ""
    if not (vol.isdigit() and page.isdigit()):
        return "no volume or page"
    if int(vol) > MAX_VOLUME:
        return "volume over 2000 (glued page marker)"
    reporter = ed.short_name if ed else c.groups["reporter"]
    official = bool(ed and _is_official(ed))
    scotus = bool(ed and (ed.reporter.is_scotus or ed.reporter.cite_type == "scotus_early"))
    t0, t1 = c.token.start, c.token.end
    if isinstance(c, ShortCaseCitation):
        # the token ends with its first pin page ("879 F.2d at 588")
        pin, end = _scan_pins(text, t1 - len(page), "")
        return _Element(
            "short", t0, max(t1, end), int(vol), reporter, None, official,
            scotus, pin or (int(page), int(page), None),
            guess=c.metadata.antecedent_guess,
        )
    pin, end = _scan_pins(text, t1, r",\s*")
    md = c.metadata
    return _Element(
        "full", t0, max(t1, end), int(vol), reporter, int(page), official,
        scotus, pin, named=bool(md.plaintiff or md.defendant),
        name_hint=c.full_span()[0],
    )


# Id. forms eyecite's "id." token misses: the damaged "Id, at 849" and
# "Id-Finding", and a bare "Id.;" that opens a string cite.
_ID_DAMAGED = re.compile(r"(?<![\w.])(?:Id(?=,\s+at\s)|Id(?=-[A-Z])|[Ii]d\.(?=;))")
# References to the other opinions of the same case. A pinned one ("Maj. Op.
# at 1063", "ante, at 1063") is a citation of that opinion and starts an Id.
# chain; a bare mention ("the majority's", "my concurring colleague") is a
# citation without a pin and leaves the chain alone. "ante" points back to
# the opinion printed first (the majority), "post" forward (a dissent).
_SIBLING_PINNED = re.compile(
    r"\b(?:(?P<majority>Maj(?:ority)?\.?\s*Op(?:inion)?\.?|[Mm]ajority\s+[Oo]p(?:inion)?\.?|ante,?)"
    r"|(?P<dissent>Dissent(?:ing)?\.?(?:\s*Op(?:inion)?\.?)?|Dis\.\s*Op\.?|post,?)"
    r"|(?P<concurrence>Concurrence|Conc(?:urring)?\.?\s*Op(?:inion)?\.?))"
    r"\s*at\s+(?=\d)"
)
_SIBLING_MENTION = re.compile(
    r"\b(?:[Tt]he\s+(?P<majority>majority)(?:'s)?(?:\s+opinion)?(?!\s+(?:of\b|in\s+[A-Z]))"
    r"|[Mm]y\s+(?:\w+\s+)?(?:(?P<concurrence>concurring)|(?P<dissent>dissenting))\s+colleagues?)\b"
)
# "See footnote 3, supra": a cross-reference inside the opinion, not a case.
_INTERNAL_XREF = re.compile(r"\b(?:foot)?notes?\s+\d+\s*,?\s*$", re.IGNORECASE)


def _sibling_elements(text: str) -> list[_Element]:
    pinned: list[_Element] = []
    for m in _SIBLING_PINNED.finditer(text):
        role = next(k for k, v in m.groupdict().items() if v)
        pin, end = _scan_pins(text, m.end(), "")
        pinned.append(_Element("sibling", m.start(), max(end, m.end()), pin=pin, role=role))
    mentions = [
        _Element("mention", m.start(), m.end(), role=next(k for k, v in m.groupdict().items() if v))
        for m in _SIBLING_MENTION.finditer(text)
        if not any(p.start <= m.end() and m.start() <= p.end for p in pinned)
    ]
    return pinned + mentions


def _elements(text: str) -> tuple[list[_Element], list[tuple[int, int, str]]]:
    """eyecite hits plus our damaged-Id. and sibling-reference scans."""
    elems: list[_Element] = []
    dropped: list[tuple[int, int, str]] = []
    id_starts: set[int] = set()
    for c in get_citations(text):
        if isinstance(c, (FullCaseCitation, ShortCaseCitation)):
            el = _case_element(c, text)
            if isinstance(el, str):
                dropped.append((c.token.start, c.token.end, text[c.token.start : c.token.end]))
            else:
                elems.append(el)
        elif isinstance(c, IdCitation):
            pin, end = _scan_pins(text, c.token.end, r",?\s*at\s+")
            elems.append(_Element("id", c.token.start, max(end, c.token.end), pin=pin))
            id_starts.add(c.token.start)
        elif isinstance(c, SupraCitation):
            s, e = c.span()
            if _INTERNAL_XREF.search(text, max(0, c.token.start - 30), c.token.start):
                elems.append(_Element("xref", s, e))
                continue
            pin = _pin_range((c.metadata.pin_cite or "").removeprefix("at").strip())
            elems.append(_Element("supra", s, e, pin=pin, guess=c.metadata.antecedent_guess))
        elif isinstance(c, (FullLawCitation, FullJournalCitation, ReferenceCitation)):
            # an Id. after a statute, article or name reference is not ours
            s, e = c.span()
            elems.append(_Element("barrier", s, e))
        # UnknownCitation (a bare "§ 1983" in prose) is no antecedent: skip
    for m in _ID_DAMAGED.finditer(text):
        if m.start() not in id_starts:
            t1 = m.end()
            pin, end = _scan_pins(text, t1, r",?\s*at\s+")
            elems.append(_Element("id", m.start(), max(end, t1), pin=pin))
    elems.extend(_sibling_elements(text))
    elems.sort(key=lambda e: (e.start, e.end))
    return elems, dropped


# --------------------------------------------------------------------------
# grouping into citing instances
# --------------------------------------------------------------------------


def _group(elems: list[_Element], text: str) -> list[list[_Element]]:
    """Join a case element to the previous instance when only a comma
    separates them and its reporter is new to the group: that is a printed
    parallel ("189, 109 S.Ct. 998", "id. at 195, 109 S.Ct. 998")."""
    groups: list[list[_Element]] = []
    for el in elems:
        if el.kind in ("full", "short") and groups:
            prev = groups[-1]
            gap = text[prev[-1].end : el.start]
            reporters = {p.reporter for p in prev}
            if (
                prev[0].kind in ("full", "short", "id")
                and re.fullmatch(r"\s*,\s*", gap)
                and el.reporter not in reporters
            ):
                prev.append(el)
                continue
        groups.append([el])
    return groups


# --------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------

_SIGNAL = re.compile(  # used with .match(text, pos): no "^", which ignores pos
    r"(?:see(?:\s+also|\s+generally)?|but\s+see|but\s+cf\.?|cf\.?|compare|"
    r"accord|contra|e\.\s?g\.|but|and|also|thus|in(?!\s+re\b))\s*,?\s+",
    re.IGNORECASE,
)
_NAME_CONNECTORS = frozenset(
    {"of", "the", "and", "ex", "rel.", "&", "de", "del", "la", "for", "on", "v.", "vs."}
)
_HARD_STOP = re.compile(r"[;()\n“”\"]")
# A quoted short-name parenthetical between name and cite, possibly unclosed
# (quotes are ASCII after normalize): 'L.W. v. Grubbs ("Grubbs II), 92 F.3d' /
# 'L.W. v. Grubbs ("Grubbs 974 F.2d'.
_SHORT_NAME_TAIL = re.compile(
    r"\s*\(\s*(?:hereinafter\s+)?[\"'](?P<short>[A-Z][\w.']*(?:\s+[A-Z0-9][\w.']*){0,3}?)"
    r"\s*[\"']?\s*(?P<close>\))?\s*$"
)


def _plaintiff_start(text: str, lo: int, vpos: int) -> int | None:
    """Walk back from the " v. " at ``vpos`` over capitalised words and name
    connectors ("Estate of Ford", "Armijo ex rel. Chavez", "L.W.")."""
    start = None
    words = list(re.finditer(r"\S+", text[lo:vpos]))
    for n, w in enumerate(reversed(words)):
        word = w.group()
        if n and word[-1] in ",;:":
            break
        if not (word[0].isupper() or word in _NAME_CONNECTORS) or n >= 10:
            break
        start = lo + w.start()
    # a name cannot begin with a connector ("of Sacramento")
    while start is not None:
        m = re.match(r"\S+\s+", text[start:vpos])
        if not m or text[start:start + m.end()].split()[0] not in _NAME_CONNECTORS:
            break
        start += m.end()
    return start


def _name_span(text: str, tok: int, lo: int, hint: int | None) -> tuple[int, int] | None:
    """(start, end) of the case name before the token at ``tok``.

    The name ends before a trailing short-name parenthetical ("L.W. v. Grubbs
    (“Grubbs II), 92 F.3d", even unclosed); it starts where the plaintiff
    starts before the last " v. " of the clause, else at eyecite's guess
    (names without "v.", e.g. "DeSha-ney, 489 U.S. 189"). ``lo`` bounds the
    search at the end of the previous citation.
    """
    end = lo + len(text[lo:tok].rstrip(" ,"))
    tail = _SHORT_NAME_TAIL.search(text, lo, end)
    if tail and tail.start() > lo:
        end = tail.start()
    clause_lo = lo
    for m in _HARD_STOP.finditer(text, lo, end):
        clause_lo = m.end()
    vs = [m for m in re.finditer(r"\sv(?:s)?\.\s", text[clause_lo:end])]
    start = None
    if vs:
        start = _plaintiff_start(text, clause_lo, clause_lo + vs[-1].start())
    if start is None and hint is not None and lo <= hint < end:
        start = hint
    if start is None:
        return None
    # drop signals and "In" ("In DeShaney v. ...") from the span itself
    while True:
        m = _SIGNAL.match(text, start, end)
        if not m:
            break
        start = m.end()
    while start < end and text[start] in "“\"‘'([ ":
        start += 1
    return (start, end) if start < end else None


def _defined_short_name(text: str, name_end: int, tok: int) -> str | None:
    """The short name the text defines between a case name and its cite,
    when the parenthetical closes (an unclosed one is OCR damage whose end
    cannot be trusted: 'L.W. v. Grubbs ("Grubbs 974 F.2d')."""
    end = name_end + len(text[name_end:tok].rstrip(" ,"))
    m = _SHORT_NAME_TAIL.search(text, name_end, end)
    return m["short"] if m and m["close"] else None


# A lone lower-case letter between capitalised words of a name is the tail
# of the word before, split off by OCR: "Pacific a Police Dep't".
_SPLIT_TAIL = re.compile(r"\b([A-Z][a-z]+) ([a-z])(?= [A-Z])")


def _clean_name(raw: str) -> str | None:
    """Whitespace collapsed, inner parentheticals dropped, an OCR-split
    last letter rejoined (split words were joined by :func:`normalize`)."""
    name = re.sub(r"\s*\([^()]*\)", "", raw)
    name = " ".join(name.split()).strip(" ,;:")
    name = _SPLIT_TAIL.sub(r"\1\2", name)
    return name if re.search(r"[A-Za-z]", name) else None


def _name_in_context(text: str, lo: int, tok: int) -> str | None:
    """The case name a sentence introduces before an unnamed full citation.

    Opinions often name the case in prose and cite it sentences later: "in
    Penilla v. City of Huntington Park, we denied qualified immunity to
    officers who ... left him to die. 115 F.3d 707, 708 (9th Cir. 1997)". The
    last "X v. Y," in the same paragraph after the previous citation is taken;
    anything else (another citation, a paragraph break) in between means the
    citation stays unnamed.
    """
    para_lo = max(lo, text.rfind("\n", lo, tok) + 1)
    for m in reversed(list(re.finditer(r"\sv\.\s", text[para_lo:tok]))):
        vpos = para_lo + m.start()
        start = _plaintiff_start(text, para_lo, vpos)
        defendant = re.match(r"[A-Z][^,;:()\n]{0,80}?(?=,)", text[vpos + len(m.group()):tok])
        if start is None or defendant is None:
            continue
        while (sig := _SIGNAL.match(text, start, vpos)) is not None:
            start = sig.end()
        return _clean_name(text[start:vpos + len(m.group()) + defendant.end()])
    return None


# --------------------------------------------------------------------------
# post-citation: court/year and explanatory parenthetical
# --------------------------------------------------------------------------

# Court/date parenthetical: "(9th Cir. 1989)", "(1989)", "(9th Cir. Mar. 7,
# 2006)". The court part is validated in code (every word capitalised or a
# number) rather than by a nested regex quantifier, which could backtrack.
_YEAR_PAREN = re.compile(r"[\s,]*\((?P<court>[^()\n]{0,80}?)\s*(?P<year>(?:1[6-9]|20)\d\d)\)")
# A stray quote before the paren is OCR noise: "(8th Cir.1996)'(collecting".
_OPEN_PAREN = re.compile(r"[ \t'\"]*\(")


def _paren_after(text: str, pos: int) -> tuple[str | None, int]:
    """Balanced parenthetical starting at ``pos`` (after whitespace), within
    the paragraph; (content, end) or (None, pos)."""
    m = _OPEN_PAREN.match(text, pos)
    if not m:
        return None, pos
    depth = 0
    for i in range(m.end() - 1, len(text)):
        ch = text[i]
        if ch == "\n":
            return None, pos
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                content = " ".join(text[m.end() : i].split())
                return (content or None), i + 1
    return None, pos


# --------------------------------------------------------------------------
# resolution
# --------------------------------------------------------------------------

# "(Blackmun, J., dissenting)": the citation is of that separate opinion of
# the cited case, and names its author.
_SEPARATE_OPINION = re.compile(
    r"(?P<judge>[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?),\s*(?:C\.\s*)?J\.,?\s*"
    r"(?P<kind>concurring in part and dissenting in part|dissenting in part|"
    r"concurring in (?:the )?judgment|concurring|dissenting)\b"
)
SEPARATE_OPINION_TYPES = {
    "concurring in part and dissenting in part": "concurrence-in-part-dissent-in-part",
    "dissenting in part": "concurrence-in-part-dissent-in-part",
    "concurring in the judgment": "concurrence-in-judgment",
    "concurring in judgment": "concurrence-in-judgment",
    "concurring": "concurrence",
    "dissenting": "dissent",
}
# The last "quoting"/"citing" before a nested citation inside a parenthetical.
_NESTING_WORD = re.compile(r"\b(quoting|citing)\b")
# Opinion types a sibling reference may point at, by role.
_ROLE_TYPES = {
    "majority": ("majority", "plurality", "per-curiam"),
    "concurrence": ("concurrence", "concurrence-in-judgment", "concurrence-in-part-dissent-in-part"),
    "dissent": ("dissent", "concurrence-in-part-dissent-in-part"),
}


def separate_opinion(parenthetical: str | None) -> tuple[str, str] | None:
    """``"Blackmun, J., dissenting"`` -> ``("dissent", "Blackmun")``."""
    m = _SEPARATE_OPINION.match(parenthetical or "")
    return (SEPARATE_OPINION_TYPES[m["kind"]], m["judge"]) if m else None


def sibling_type(role: str, sibling_types: Sequence[str]) -> str | None:
    """The opinion type a reference by ``role`` means among the case's other
    opinions: the first listed type of the role that exactly one sibling
    has ("the majority" with a majority and a plurality is the majority);
    None when no sibling or several siblings fit ("my concurring colleague"
    with no concurrence on record)."""
    for opinion_type in _ROLE_TYPES[role]:
        n = list(sibling_types).count(opinion_type)
        if n == 1:
            return opinion_type
        if n > 1:
            return None
    return None


@dataclass
class _CaseAcc:
    """Mutable accumulator for one cited case while the text is read."""

    cites: list[ReporterCite]
    name: str | None
    court: str | None
    years: list[int]  # every year printed with a full citation, in order
    first_full: int | None  # record index of the introducing full citation
    short_names: list[str]
    elsewhere: bool = False  # resolved against a case another document cites
    introduced_by: str | None = None
    partial: bool = False  # cited only in short form, first page unknown

    def key(self) -> ReporterCite:
        return next((c for c in self.cites if c.official), self.cites[0])

    def year(self) -> int | None:
        """The best-supported printed year: the most printed, else the first."""
        if not self.years:
            return None
        return max(self.years, key=lambda y: (self.years.count(y), -self.years.index(y)))


@dataclass(frozen=True)
class _Hit:
    """A resolved instance in the normalised text, before raw mapping."""

    form: str
    start: int
    end: int
    case: int  # index into the case accumulators; -1 for a sibling opinion
    cited_as: tuple[ReporterCite, ...]
    pin: Pin | None
    parenthetical: str | None
    antecedent: int | None  # index into the hit list
    paren_end: int  # end of the explanatory parenthetical (= end if none)
    sibling: str | None = None  # opinion type of the sibling opinion cited
    nested_in: int | None = None  # hit whose (quoting/citing ...) holds this one
    nesting: str | None = None  # "quoting" | "citing"


@dataclass
class _Outer:
    """The instance whose explanatory parenthetical we are inside: "X
    (quoting Y). Id." refers to X, and Y is a citation X makes."""

    chain: tuple[int, int, ReporterCite | None] | None
    hit: int
    paren_start: int
    paren_end: int


class _Resolver:
    """Reads instances in text order, keeping the case index and Id. chain."""

    def __init__(self, text: str, sibling_types: Sequence[str], known: Sequence[CitedCase]) -> None:
        self.text = text
        self.sibling_types = tuple(sibling_types)
        self.known = tuple(known)
        self.cases: list[_CaseAcc] = []
        self.by_cite: dict[tuple[int, str, int], int] = {}
        self.hits: list[_Hit] = []
        self.misses: list[tuple[int, int]] = []
        # (hit, case, pin cite) of the last instance; None after a miss or a
        # barrier, so a following Id. fails too
        self.last: tuple[int, int, ReporterCite | None] | None = None
        self.outer: _Outer | None = None

    # ---- case index
    def _lookup(self, cite: ReporterCite) -> int | None:
        return self.by_cite.get((cite.volume, cite.reporter, cite.page))

    def _add_cites(self, ci: int, cites: Sequence[ReporterCite]) -> None:
        acc = self.cases[ci]
        for c in cites:
            k = (c.volume, c.reporter, c.page)
            if k not in self.by_cite:
                self.by_cite[k] = ci
                acc.cites.append(c)

    def _by_volume(self, el: _Element, pin: Pin | None) -> int | None:
        """Short cite -> the one earlier case with that volume and reporter
        (pin not before its first page); ties broken by the antecedent name;
        failing that, the one case another document cites there."""
        cands = sorted(
            {
                ci
                for (v, r, p), ci in self.by_cite.items()
                if v == el.volume and r == el.reporter and (pin is None or pin[0] >= p)
            }
        )
        if not cands:
            return self._from_elsewhere(el, pin)
        if len(cands) > 1 and el.guess:
            g = el.guess.strip(" ,.").lower()
            cands = [ci for ci in cands if g and g in (self.cases[ci].name or "").lower()]
        return cands[0] if len(cands) == 1 else None

    def _from_elsewhere(self, el: _Element, pin: Pin | None) -> int | None:
        """A short cite whose full cite is in another document ("879 F.2d at
        588-90" in Pauluk, Wood v. Ostrander in Kennedy): the one known case
        with that volume and reporter whose pages can hold the pin."""
        found = [
            case
            for case in self.known
            if any(
                c.volume == el.volume
                and c.reporter == el.reporter
                and (pin is None or c.page <= pin[0] <= c.page + MAX_OPINION_PAGES)
                for c in case.cites
            )
        ]
        if len(found) != 1:
            return None
        ci = len(self.cases)
        self.cases.append(_CaseAcc([], None, None, [], None, [], True, found[0].introduced_by))
        self._add_cites(ci, [found[0].key, *(c for c in found[0].cites if c != found[0].key)])
        return ci

    def _partial(self, el: _Element, lo: int) -> int:
        """A case known only from this short cite: volume and reporter, and
        the name the prose may give ("In Wood v. Ostrander, ... 879 F.2d at
        588-90"). Its cite has page 0, which matches any later pin."""
        ci = len(self.cases)
        name = _name_in_context(self.text, lo, el.start)
        self.cases.append(_CaseAcc([], name, None, [], None, [], partial=True))
        self._add_cites(ci, [ReporterCite(el.volume or 0, el.reporter or "", 0, el.official)])
        return ci

    def _cite_of(self, ci: int, el: _Element) -> ReporterCite | None:
        return next(
            (
                c
                for c in self.cases[ci].cites
                if c.volume == el.volume and c.reporter == el.reporter
            ),
            None,
        )

    # ---- instances
    def miss(self, start: int, end: int) -> None:
        self.misses.append((start, end))
        self.last = None

    def mention(self, el: _Element) -> None:
        """A bare sibling mention ("the majority's"): a citation without pin
        that neither starts nor breaks an Id. chain."""
        target = sibling_type(el.role or "", self.sibling_types)
        if target is None:
            self.misses.append((el.start, el.end))
            return
        self.hits.append(_Hit("sibling", el.start, el.end, -1, (), None, None, None, el.end, sibling=target))

    def instance(self, group: list[_Element], lo: int) -> int:
        """Resolve one group; return the end of what it consumed."""
        head = group[0]
        outer = self.outer
        if outer is not None and head.start >= outer.paren_end:
            outer = self.outer = None
        n_hits = len(self.hits)
        end = self._instance(group, lo)
        if outer is not None:  # nested in a parenthetical: the chain stays outside
            if len(self.hits) > n_hits:
                words = _NESTING_WORD.findall(self.text, outer.paren_start, head.start)
                if words:
                    self.hits[-1] = replace(self.hits[-1], nested_in=outer.hit, nesting=words[-1])
            self.last = outer.chain
        elif len(self.hits) > n_hits and self.hits[-1].paren_end > end:
            self.outer = _Outer(self.last, len(self.hits) - 1, end, self.hits[-1].paren_end)
        return end

    def barrier_at(self, start: int) -> None:
        if self.outer is not None and start < self.outer.paren_end:
            return  # a reference inside a parenthetical does not break the chain
        self.outer = None
        self.last = None

    def _instance(self, group: list[_Element], lo: int) -> int:
        head = group[0]
        core_end = group[-1].end
        if head.kind == "full":
            return self._full(group, lo, core_end)
        if head.kind == "sibling":
            return self._sibling(head)
        parallels = [c for c in (e.cite() for e in group[1:]) if c is not None]
        # a printed full-form parallel identifies the case outright
        ci = next((c for x in parallels if (c := self._lookup(x)) is not None), None)
        antecedent: int | None = None
        pin_ref: ReporterCite | None = None
        cited: list[ReporterCite] = []
        sibling: str | None = None
        if head.kind == "short":
            ci = ci if ci is not None else self._by_volume(head, head.pin)
            if ci is None and not parallels:
                ci = self._partial(head, lo)
            if ci is not None and not self.cases[ci].partial:
                own = self._cite_of(ci, head)
                cited = [own] if own else []
                pin_ref = own
                antecedent = self.cases[ci].first_full
        elif head.kind == "id":
            chain = self.last
            if (
                chain is not None
                and (ci is None or ci == chain[1])
                and (ci is not None or self._pin_fits(head.pin, chain[2]))
            ):
                antecedent, ci, pin_ref = chain
                sibling = self.hits[antecedent].sibling
            elif ci is not None:  # chain broken, but the parallel names the case
                antecedent = self._last_hit_of(ci)
                pin_ref = self.cases[ci].key()
        elif head.kind == "supra":
            ci = self._by_name(head.guess)
            if ci is not None:
                antecedent = self.cases[ci].first_full
                pin_ref = self.cases[ci].key()
        if ci is None:
            self.miss(head.start, core_end)
            return core_end
        if ci >= 0:
            cited.extend(parallels)
            self._add_cites(ci, parallels)
        paren, paren_end = _paren_after(self.text, core_end)
        self.hits.append(
            _Hit(
                head.kind, head.start, core_end, ci, tuple(cited), head.pin, paren,
                antecedent, paren_end, sibling=sibling,
            )
        )
        self.last = (len(self.hits) - 1, ci, pin_ref)
        return core_end

    def _sibling(self, head: _Element) -> int:
        """ "Maj. Op. at 1063": a pinned citation of a sibling opinion."""
        target = sibling_type(head.role or "", self.sibling_types)
        if target is None:
            self.miss(head.start, head.end)
            return head.end
        paren, paren_end = _paren_after(self.text, head.end)
        self.hits.append(
            _Hit("sibling", head.start, head.end, -1, (), head.pin, paren, None, paren_end, sibling=target)
        )
        self.last = (len(self.hits) - 1, -1, None)
        return head.end

    def _last_hit_of(self, ci: int) -> int | None:
        return next((i for i in range(len(self.hits) - 1, -1, -1) if self.hits[i].case == ci), None)

    def _pin_fits(self, pin: Pin | None, cite: ReporterCite | None) -> bool:
        if pin is None or cite is None:
            return True
        return cite.page <= pin[0] <= cite.page + MAX_OPINION_PAGES

    def _by_name(self, guess: str | None) -> int | None:
        g = (guess or "").strip(" ,.").lower()
        if not g or not re.search(r"[a-z]", g):
            return None
        cands = [
            ci
            for ci, acc in enumerate(self.cases)
            if acc.name and re.search(rf"(?<!\w){re.escape(g)}(?!\w)", acc.name.lower())
        ]
        return cands[0] if len(cands) == 1 else None

    def _full(self, group: list[_Element], lo: int, core_end: int) -> int:
        head = group[0]
        cites = [c for c in (e.cite() for e in group) if c is not None]
        text = self.text
        # court / year parenthetical right after the group
        court_str, year, end = None, None, core_end
        m = _YEAR_PAREN.match(text, core_end)
        if m and all(w[0].isupper() or w[0].isdigit() for w in m["court"].split()):
            court_str, year, end = m["court"], int(m["year"]), m.end()
        paren, paren_end = _paren_after(text, end)
        court = court_id(court_str) if court_str and court_str.strip() else None
        if court is None and not (court_str or "").strip() and any(e.scotus for e in group):
            court = "scotus"
        name, start, short_name = None, head.start, None
        if head.named:
            span = _name_span(text, head.start, lo, head.name_hint)
            if span:
                name = _clean_name(text[span[0] : span[1]])
                start = span[0] if name else start
                short_name = _defined_short_name(text, span[1], head.start)
        if name is None:  # named in the prose before it; the span stays the cite
            name = _name_in_context(text, lo, head.start)
        ci = next((c for x in cites if (c := self._lookup(x)) is not None), None)
        if ci is None:
            ci = len(self.cases)
            self.cases.append(_CaseAcc([], name, court, [], len(self.hits), []))
        acc = self.cases[ci]
        if name and (acc.name is None or (" v. " in name and " v. " not in acc.name)):
            acc.name = name
        acc.court = acc.court or court
        if year is not None:
            acc.years.append(year)
        if short_name and short_name not in acc.short_names:
            acc.short_names.append(short_name)
        if acc.first_full is None:
            acc.first_full = len(self.hits)
        self._add_cites(ci, cites)
        self.hits.append(
            _Hit("full", start, end, ci, tuple(cites), head.pin, paren, None, paren_end)
        )
        self.last = (len(self.hits) - 1, ci, cites[0])
        return end


# --------------------------------------------------------------------------
# signals
# --------------------------------------------------------------------------

# Bluebook rule 1.2 signals, longest first so "see also" wins over "see".
# The notation is the skos:notation of the signal in sdd:Signals.
_SIGNAL_WORDS = (
    (r"see,?\s+e\.\s?g\.,?", "see-e.g."),
    (r"see\s+also", "see-also"),
    (r"see\s+generally", "see-generally"),
    (r"but\s+see", "but-see"),
    (r"but\s+cf\.", "but-cf."),
    (r"cf\.", "cf."),
    (r"compare", "compare"),
    (r"contra", "contra"),
    (r"accord", "accord"),
    (r"e\.\s?g\.,", "see-e.g."),
    (r"see", "see"),
)
# A signal, then optionally the short case name a short cite repeats
# ("see also Munger, 227 F.3d at 1086"), then the citation itself.
# OCR drops or doubles the comma ("Penilla 115 F.3d", "Kennedy,. 439 F.3d").
_NAME_BEFORE_CITE = r"(?:[^;:()\s][^;:()]{0,80}?(?:,\.?\s*|\s+))?"
_SIGNAL_BEFORE = re.compile(
    r"(?:^|(?<=[\s(;.,:—–-]))(?:"
    + "|".join(f"(?P<s{i}>{pattern})" for i, (pattern, _) in enumerate(_SIGNAL_WORDS))
    + r")(?![A-Za-z])\s*,?\s+" + _NAME_BEFORE_CITE + r"$",
    re.IGNORECASE,
)
# What may separate two citations of one string cite: "; " and the next
# citation's short name. A string cite keeps its signal until a new one.
_STRING_CITE_GAP = re.compile(r"\s*;\s*" + _NAME_BEFORE_CITE + r"$")
_LOOKBACK = 120


def _signal_before(text: str, start: int) -> str | None:
    match = _SIGNAL_BEFORE.search(text, max(0, start - _LOOKBACK), start)
    if not match:
        return None
    index = next(int(k[1:]) for k, v in match.groupdict().items() if v is not None)
    return _SIGNAL_WORDS[index][1]


def _signals(text: str, hits: Sequence[_Hit]) -> list[str]:
    """The signal introducing each hit (hits in text order).

    A signal printed right before the citation (or before the short name a
    short cite repeats) applies; otherwise a citation that follows the
    previous one in the same string cite (only "; " and a short name between
    them) inherits that one's signal (Bluebook rule 1.2: a signal governs
    the citations after it until another signal); otherwise "none".
    """
    signals: list[str] = []
    for i, hit in enumerate(hits):
        found = _signal_before(text, hit.start)
        if found is None and i > 0:
            prev = hits[i - 1]
            gap_start = max(prev.end, prev.paren_end)
            if gap_start <= hit.start and _STRING_CITE_GAP.fullmatch(text, gap_start, hit.start):
                found = signals[i - 1]
        signals.append(found or "none")
    return signals


# --------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------


def _raw_span(offs: Sequence[int], s: int, e: int) -> tuple[int, int]:
    """Raw half-open span of text[s:e]: end is one past the raw index of the
    last *original* character (inserted characters share the next index), so
    a marker removed right after the span is never swallowed."""
    j = e - 1
    while j > s and j + 1 < len(offs) and offs[j] == offs[j + 1]:
        j -= 1
    return offs[s], offs[j] + 1


# ", No. 07-CV-1681 at *10 (D. Nev. Oct. 7, 2013), ECF No. 131": a docket
# filing. The case name before it is found by walking back from " v. ".
_RECORD_CITE = re.compile(
    r",\s+No\.\s+(?P<docket>\d[\w:-]*)[^;\n]{0,120}?,?\s+ECF\s+No\.?\s*(?P<ecf>\d+)"
)


def _record_cites(text: str) -> list[tuple[int, int, str, str, int]]:
    found = []
    for m in _RECORD_CITE.finditer(text):
        line_lo = text.rfind("\n", 0, m.start()) + 1
        vs = list(re.finditer(r"\sv\.\s", text[line_lo : m.start()]))
        if not vs:
            continue
        start = _plaintiff_start(text, line_lo, line_lo + vs[-1].start())
        if start is not None:
            found.append((start, m.end(), " ".join(text[start : m.start()].split()), m["docket"], int(m["ecf"])))
    return found


def extract_citations(
    text: str,
    offsets: Sequence[int],
    sibling_types: Sequence[str] = (),
    known: Sequence[CitedCase] = (),
) -> Extraction:
    """Find, group and resolve the case citations of a cleaned opinion text.

    ``sibling_types`` are the opinion types of the case's *other* opinions
    (a dissent's majority): references such as "Maj. Op. at 1063" and "the
    majority" resolve to them, or stay unresolved when none fits. ``known``
    are cases cited in full elsewhere (other documents): a short cite with no
    full cite in this text resolves against them.

    Steps: :func:`normalize`; eyecite ``get_citations``; reduce hits to
    elements (dropping volumes over 2000, adding damaged ``Id,``/``Id-``,
    sibling references and internal cross-references); group printed
    parallels; resolve in text order (full cites find or create a case by any
    parallel; short cites by a printed parallel, else volume + reporter of an
    earlier case, else of a known one; Id. to the preceding instance unless
    a barrier or a miss intervenes or its pin is outside the antecedent's
    pages; supra by a unique name match; a citation inside a "(quoting ...)"
    parenthetical is the outer case's); read signals; map spans to raw
    offsets. Deterministic: no sets are iterated unsorted.
    """
    _check_offsets(text, offsets)
    if not text.strip():  # eyecite rejects empty input
        return Extraction((), {}, ())
    ntext, noffs = normalize(text, offsets)
    if len(noffs) == len(ntext):  # a sentinel makes the end-of-text index exist
        noffs = [*noffs, noffs[-1] + 1]
    elems, dropped = _elements(ntext)
    resolver = _Resolver(ntext, sibling_types, known)
    lo = 0  # end of the previous citation: a case name cannot start before it
    for group in _group(elems, ntext):
        head = group[0]
        if head.kind in ("barrier", "xref"):
            resolver.barrier_at(head.start)
            lo = max(lo, head.end)
        elif head.kind == "mention":
            resolver.mention(head)
        else:
            lo = max(lo, resolver.instance(group, lo))

    missed = [*resolver.misses, *((s, e) for s, e, _ in dropped)]
    unresolved = sorted({(*_raw_span(noffs, s, e), ntext[s:e]) for s, e in missed})
    cases = []
    for acc in resolver.cases:
        key = acc.key()
        year = acc.year()
        cases.append(
            CitedCase(
                key,
                (key, *[c for c in acc.cites if c != key]),
                acc.name,
                acc.court,
                year,
                tuple(sorted({y for y in acc.years if y != year})),
                tuple(acc.short_names),
                acc.elsewhere,
                acc.introduced_by,
                acc.partial,
            )
        )
    hits = resolver.hits
    signals = _signals(ntext, hits)
    spans = [_raw_span(noffs, h.start, h.end) for h in hits]
    order = sorted(range(len(hits)), key=lambda i: (spans[i], i))
    new_index = {old: new for new, old in enumerate(order)}

    def renumber(i: int | None) -> int | None:
        return None if i is None else new_index[i]

    records = tuple(
        CitationRecord(
            form=hits[i].form,
            raw_start=spans[i][0],
            raw_end=spans[i][1],
            case_key=cases[hits[i].case].id if hits[i].case >= 0 else None,
            cited_as=hits[i].cited_as,
            pin_start=hits[i].pin[0] if hits[i].pin else None,
            pin_end=hits[i].pin[1] if hits[i].pin else None,
            parenthetical=hits[i].parenthetical,
            antecedent=renumber(hits[i].antecedent),
            signal=signals[i],
            pin_footnote=hits[i].pin[2] if hits[i].pin else None,
            sibling=hits[i].sibling,
            nested_in=renumber(hits[i].nested_in),
            nesting=hits[i].nesting,
            opinion=separate_opinion(hits[i].parenthetical)
            if hits[i].case >= 0 and not cases[hits[i].case].partial
            else None,
        )
        for i in order
    )
    by_key: dict[str, CitedCase] = {}  # insertion order = first citation order
    for i in order:
        if hits[i].case >= 0:
            case = cases[hits[i].case]
            by_key.setdefault(case.id, case)
    record_cites = tuple(
        RecordCite(*_raw_span(noffs, s, e), name, docket, ecf) for s, e, name, docket, ecf in _record_cites(ntext)
    )
    return Extraction(records, by_key, tuple(unresolved), record_cites)
