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
from dataclasses import dataclass

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
    parallel seen, key first. ``name``/``court``/``year`` come from the first
    full citation that gives them (a bare "DeSha-ney, 489 U.S. 189" name is
    replaced by a later "X v. Y" one); ``year`` is the *printed* year (the Pauluk
    text prints 2001 for Patel, a 2011 decision: correcting it is the curated
    metadata's job, not the extractor's).
    """

    key: ReporterCite
    cites: tuple[ReporterCite, ...]
    name: str | None
    court: str | None
    year: int | None


@dataclass(frozen=True)
class CitationRecord:
    """One citing instance.

    ``form`` is "full" | "short" | "id" | "supra". ``raw_start``/``raw_end``
    is the half-open raw-text span: for full cites from the case name (or the
    first token when unnamed) through the ``)`` of the court/year
    parenthetical; for the other forms the eyecite span of the first token
    with its pin, extended over printed parallels. ``cited_as`` holds the
    reporter cites printed here (a short cite's ``879 F.2d at 588`` is shown
    as the case's 879 F.2d cite; a bare ``Id.`` prints none). Pins are read
    from the first printed element only, because a pin is relative to one
    reporter's pagination; ``pin_end`` closes the first range only ("588-90"
    -> 590), a list ("1057, 1067") is not a range. ``parenthetical`` is the
    first balanced parenthetical after the citation (after the court/year
    one for full cites), which eyecite truncates or over-extends on nested
    parens. ``antecedent`` is an index into the returned
    citation list: the preceding instance for Id., the full citation that
    introduced the case for short and supra cites. ``signal`` is the
    introductory signal as a notation of ``sdd:Signals`` ("see", "see-e.g.",
    "cf.", ...; "none" when the citation stands bare), see :func:`_signals`.
    """

    form: str
    raw_start: int
    raw_end: int
    case_key: str
    cited_as: tuple[ReporterCite, ...]
    pin_start: int | None
    pin_end: int | None
    parenthetical: str | None
    antecedent: int | None
    signal: str = "none"


@dataclass(frozen=True)
class Extraction:
    """All citing instances of a text, the cases they cite, and the misses.

    ``unresolved`` holds (raw_start, raw_end, matched text) of short / Id. /
    supra cites that could not be tied to a case and of dropped hits (a
    volume over 2000 is a glued page marker); they are reported, never
    emitted. Sorted; the text is the cleaned text as eyecite matched it.
    """

    citations: tuple[CitationRecord, ...]
    cases: dict[str, CitedCase]
    unresolved: tuple[tuple[int, int, str], ...]


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


def normalize(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Insert the spaces eyecite needs, carrying the offset map along.

    Only insertions, never deletions or substitutions, so every original
    character keeps its raw index; an inserted character maps to the raw
    index of the next original character (so it never widens a span start,
    and span ends are computed from the last *original* character). The
    returned map has the same convention as the input (``len(text)`` or
    ``len(text) + 1`` entries). Insertions: a space before a year glued to a
    court abbreviation, after a comma between citation numbers, and before
    an ``Id.`` glued to closing punctuation.
    """
    _check_offsets(text, offsets)
    points: set[int] = set()
    points.update(m.start() for m in _YEAR_GLUE.finditer(text))
    points.update(
        m.start() + 1
        for m in _DIGIT_COMMA.finditer(text)
        if _CITE_BEFORE_COMMA.search(text[max(0, m.start() - 40) : m.start()])
    )
    points.update(m.start() for m in _ID_GLUE.finditer(text))
    if not points:
        return text, list(offsets)
    out_text: list[str] = []
    out_offs: list[int] = []
    for i, ch in enumerate(text):
        if i in points:
            out_text.append(" ")
            out_offs.append(offsets[i])
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

    kind: str  # full | short | id | supra | barrier
    start: int
    end: int
    volume: int | None = None
    reporter: str | None = None
    page: int | None = None  # first page; None for short cites
    official: bool = False
    scotus: bool = False
    pin: tuple[int, int] | None = None
    named: bool = False  # eyecite found a plaintiff or defendant
    name_hint: int | None = None  # eyecite full_span start
    guess: str | None = None  # eyecite antecedent guess (short, supra)

    def cite(self) -> ReporterCite | None:
        if self.volume is None or self.reporter is None or self.page is None:
            return None
        return ReporterCite(self.volume, self.reporter, self.page, self.official)


def _pin_range(first: str) -> tuple[int, int] | None:
    """ "588-90" -> (588, 590), "1093 n. 10" -> (1093, 1093)."""
    m = _FIRST_PIN_RE.match(first)
    if not m:
        return None
    a = int(m[1])
    if not m[2]:
        return a, a
    hi = m[2]
    if len(hi) < len(m[1]):  # elided range: the tail replaces the last digits
        hi = m[1][: len(m[1]) - len(hi)] + hi
    b = int(hi)
    return (a, b) if b >= a else (a, a)


def _scan_pins(text: str, pos: int, lead: str) -> tuple[tuple[int, int] | None, int]:
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
            scotus, pin or (int(page), int(page)),
            guess=c.metadata.antecedent_guess,
        )
    pin, end = _scan_pins(text, t1, r",\s*")
    md = c.metadata
    return _Element(
        "full", t0, max(t1, end), int(vol), reporter, int(page), official,
        scotus, pin, named=bool(md.plaintiff or md.defendant),
        name_hint=c.full_span()[0],
    )


# Damaged Id. forms eyecite's "id." token misses: "Id, at 849", "Id-Finding".
_ID_DAMAGED = re.compile(r"(?<![\w.])(?:Id,(?=\s+at\s)|Id-(?=[A-Z]))")
# References to a sibling opinion ("Maj. Op. at 1063", "Maj. Op at 1063"):
# an Id. after one refers to that opinion, not to a case.
_SIBLING_REF = re.compile(
    r"\b(?:Maj(?:ority)?\.?|Dissent|Dis\.|Concurrence|Conc\.)\s*(?:Op(?:inion)?\.?)?"
    r"\s*at\s+\d+(?:\s*[-–]\s*\d+)?(?:\s*nn?\.\s*\d+)?"
)


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
            pin = _pin_range((c.metadata.pin_cite or "").removeprefix("at").strip())
            elems.append(_Element("supra", s, e, pin=pin, guess=c.metadata.antecedent_guess))
        elif isinstance(c, (FullLawCitation, FullJournalCitation, ReferenceCitation)):
            # an Id. after a statute, article or name reference is not ours
            s, e = c.span()
            elems.append(_Element("barrier", s, e))
        # UnknownCitation (a bare "§ 1983" in prose) is no antecedent: skip
    for m in _ID_DAMAGED.finditer(text):
        if m.start() not in id_starts:
            t1 = m.start() + 2
            pin, end = _scan_pins(text, t1, r",?\s*at\s+")
            elems.append(_Element("id", m.start(), max(end, t1), pin=pin))
    for m in _SIBLING_REF.finditer(text):
        elems.append(_Element("barrier", m.start(), m.end()))
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
# A quoted short-name parenthetical between name and cite, possibly unclosed:
# 'L.W. v. Grubbs (“Grubbs II), 92 F.3d' / 'L.W. v. Grubbs (“Grubbs 974 F.2d'.
_SHORT_NAME_TAIL = re.compile(
    r"\s*\(\s*[“\"‘][A-Z][\w.’']*(?:\s+[A-Z0-9][\w.’']*){0,3}\s*[”\"’]?\s*\)?\s*$"
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


def _clean_name(raw: str, text: str) -> str | None:
    """Whitespace collapsed, inner parentheticals dropped, OCR line-end
    hyphens joined where the joined word is attested elsewhere in the text
    (DeSha-ney -> DeShaney; Ramirez-Palmer stays)."""
    name = re.sub(r"\s*\([^()]*\)", "", raw)
    name = " ".join(name.split()).strip(" ,;:")

    def join(m: re.Match[str]) -> str:
        joined = m[1] + m[2]
        attested = re.search(rf"(?<![\w-]){re.escape(joined)}(?![\w-])", text, re.IGNORECASE)
        return joined if attested else m[0]

    name = re.sub(r"(?<![\w-])(\w+)-(\w+)(?![\w-])", join, name)
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
        return _clean_name(text[start:vpos + len(m.group()) + defendant.end()], text)
    return None


# --------------------------------------------------------------------------
# post-citation: court/year and explanatory parenthetical
# --------------------------------------------------------------------------

# Court/date parenthetical: "(9th Cir. 1989)", "(1989)", "(9th Cir. Mar. 7,
# 2006)". The court part is validated in code (every word capitalised or a
# number) rather than by a nested regex quantifier, which could backtrack.
_YEAR_PAREN = re.compile(r"[\s,]*\((?P<court>[^()\n]{0,80}?)\s*(?P<year>(?:1[6-9]|20)\d\d)\)")
_OPEN_PAREN = re.compile(r"[ \t]*\(")


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


@dataclass
class _CaseAcc:
    """Mutable accumulator for one cited case while the text is read."""

    cites: list[ReporterCite]
    name: str | None
    court: str | None
    year: int | None
    first_full: int | None  # record index of the introducing full citation

    def key(self) -> ReporterCite:
        return next((c for c in self.cites if c.official), self.cites[0])


@dataclass(frozen=True)
class _Hit:
    """A resolved instance in the normalised text, before raw mapping."""

    form: str
    start: int
    end: int
    case: int  # index into the case accumulators
    cited_as: tuple[ReporterCite, ...]
    pin: tuple[int, int] | None
    parenthetical: str | None
    antecedent: int | None  # index into the hit list
    paren_end: int  # end of the explanatory parenthetical (= end if none)


class _Resolver:
    """Reads instances in text order, keeping the case index and Id. chain."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cases: list[_CaseAcc] = []
        self.by_cite: dict[tuple[int, str, int], int] = {}
        self.hits: list[_Hit] = []
        self.misses: list[tuple[int, int]] = []
        # case index and pin reference cite of the last instance; None after
        # a miss or a barrier, so a following Id. fails too
        self.last: tuple[int, int, ReporterCite | None] | None = None  # (hit, case, pin cite)
        # the instance whose explanatory parenthetical we are inside, with the
        # parenthetical's end: "X (quoting Y). Id." refers to X, not Y
        self.outer: tuple[tuple[int, int, ReporterCite | None] | None, int] | None = None

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

    def _by_volume(self, el: _Element, pin: tuple[int, int] | None) -> int | None:
        """Short cite -> the one earlier case with that volume and reporter
        (pin not before its first page); ties broken by the antecedent name."""
        cands = sorted(
            {
                ci
                for (v, r, p), ci in self.by_cite.items()
                if v == el.volume and r == el.reporter and (pin is None or pin[0] >= p)
            }
        )
        if len(cands) > 1 and el.guess:
            g = el.guess.strip(" ,.").lower()
            cands = [ci for ci in cands if g and g in (self.cases[ci].name or "").lower()]
        return cands[0] if len(cands) == 1 else None

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

    def instance(self, group: list[_Element], lo: int) -> int:
        """Resolve one group; return the end of what it consumed."""
        head = group[0]
        outer = self.outer
        if outer is not None and head.start >= outer[1]:
            outer = self.outer = None
        n_hits = len(self.hits)
        end = self._instance(group, lo)
        if outer is not None:  # nested in a parenthetical: the chain stays outside
            self.last = outer[0]
        elif len(self.hits) > n_hits and self.hits[-1].paren_end > end:
            self.outer = (self.last, self.hits[-1].paren_end)
        return end

    def barrier_at(self, start: int) -> None:
        if self.outer is not None and start < self.outer[1]:
            return  # a reference inside a parenthetical does not break the chain
        self.outer = None
        self.last = None

    def _instance(self, group: list[_Element], lo: int) -> int:
        head = group[0]
        core_end = group[-1].end
        if head.kind == "full":
            return self._full(group, lo, core_end)
        parallels = [c for c in (e.cite() for e in group[1:]) if c is not None]
        # a printed full-form parallel identifies the case outright
        ci = next((c for x in parallels if (c := self._lookup(x)) is not None), None)
        antecedent: int | None = None
        pin_ref: ReporterCite | None = None
        cited: list[ReporterCite] = []
        if head.kind == "short":
            ci = ci if ci is not None else self._by_volume(head, head.pin)
            if ci is not None:
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
        cited.extend(parallels)
        self._add_cites(ci, parallels)
        paren, paren_end = _paren_after(self.text, core_end)
        self.hits.append(
            _Hit(
                head.kind, head.start, core_end, ci, tuple(cited), head.pin, paren,
                antecedent, paren_end,
            )
        )
        self.last = (len(self.hits) - 1, ci, pin_ref)
        return core_end

    def _last_hit_of(self, ci: int) -> int | None:
        return next((i for i in range(len(self.hits) - 1, -1, -1) if self.hits[i].case == ci), None)

    def _pin_fits(self, pin: tuple[int, int] | None, cite: ReporterCite | None) -> bool:
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
        name, start = None, head.start
        if head.named:
            span = _name_span(text, head.start, lo, head.name_hint)
            if span:
                name = _clean_name(text[span[0] : span[1]], text)
                start = span[0] if name else start
        if name is None:  # named in the prose before it; the span stays the cite
            name = _name_in_context(text, lo, head.start)
        ci = next((c for x in cites if (c := self._lookup(x)) is not None), None)
        if ci is None:
            ci = len(self.cases)
            self.cases.append(_CaseAcc([], name, court, year, len(self.hits)))
        else:
            acc = self.cases[ci]
            if name and (acc.name is None or (" v. " in name and " v. " not in acc.name)):
                acc.name = name
            acc.court = acc.court or court
            acc.year = acc.year or year
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
_NAME_BEFORE_CITE = r"(?:[^;:()\s][^;:()]{0,80}?,\s*)?"
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


def extract_citations(text: str, offsets: Sequence[int]) -> Extraction:
    """Find, group and resolve the case citations of a cleaned opinion text.

    Steps: :func:`normalize`; eyecite ``get_citations``; reduce hits to
    elements (dropping volumes over 2000, adding damaged ``Id,``/``Id-`` and
    sibling-opinion references); group printed parallels; resolve in text
    order (full cites found or create a case by any parallel; short cites by
    a printed parallel, else volume + reporter of an earlier case; Id. to the
    preceding instance unless a barrier or a miss intervenes or its pin is
    outside the antecedent's pages; supra by a unique name match); map spans
    to raw offsets. Deterministic: no sets are iterated unsorted.
    """
    _check_offsets(text, offsets)
    if not text.strip():  # eyecite rejects empty input
        return Extraction((), {}, ())
    ntext, noffs = normalize(text, offsets)
    if len(noffs) == len(ntext):  # a sentinel makes the end-of-text index exist
        noffs = [*noffs, noffs[-1] + 1]
    elems, dropped = _elements(ntext)
    resolver = _Resolver(ntext)
    lo = 0  # end of the previous citation: a case name cannot start before it
    for group in _group(elems, ntext):
        if group[0].kind == "barrier":
            resolver.barrier_at(group[0].start)
            lo = max(lo, group[0].end)
        else:
            lo = max(lo, resolver.instance(group, lo))

    missed = [*resolver.misses, *((s, e) for s, e, _ in dropped)]
    unresolved = sorted({(*_raw_span(noffs, s, e), ntext[s:e]) for s, e in missed})
    cases = []
    for acc in resolver.cases:
        key = acc.key()
        cases.append(
            CitedCase(
                key, (key, *[c for c in acc.cites if c != key]), acc.name, acc.court, acc.year
            )
        )
    hits = resolver.hits
    signals = _signals(ntext, hits)
    spans = [_raw_span(noffs, h.start, h.end) for h in hits]
    order = sorted(range(len(hits)), key=lambda i: (spans[i], i))
    new_index = {old: new for new, old in enumerate(order)}
    records = tuple(
        CitationRecord(
            form=hits[i].form,
            raw_start=spans[i][0],
            raw_end=spans[i][1],
            case_key=cases[hits[i].case].key.text,
            cited_as=hits[i].cited_as,
            pin_start=hits[i].pin[0] if hits[i].pin else None,
            pin_end=hits[i].pin[1] if hits[i].pin else None,
            parenthetical=hits[i].parenthetical,
            antecedent=None if hits[i].antecedent is None else new_index[hits[i].antecedent],
            signal=signals[i],
        )
        for i in order
    )
    by_key: dict[str, CitedCase] = {}  # insertion order = first citation order
    for i in order:
        case = cases[hits[i].case]
        by_key.setdefault(case.key.text, case)
    return Extraction(records, by_key, tuple(unresolved))
