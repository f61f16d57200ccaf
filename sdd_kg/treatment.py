"""Treatment of cited cases: how an opinion uses each case it cites, read from the words around each citation.

A signal says little about treatment: most citations carry none or "See", and a
dissent that writes "Unlike the officers in Penilla v. City of Huntington Park,
115 F.3d 707 (9th Cir.1997), Shields ..." distinguishes Penilla with no signal at
all. So the words around a citing instance decide first, the signal second:

1. a cue in the citation's own explanatory parenthetical, when the parenthetical
   describes the cited case (``(easily distinguishable ...)``), not what the
   cited case did (``(distinguishing X)``, ``(holding ...)``: a parenthetical
   opening with an ``-ing`` word reports the cited case and is skipped);
2. the nearest cue in the citation's own sentence that reaches it (below);
3. when the sentence is a bare citation sentence ("879 F.2d at 590.", "See
   Wood, ...; Penilla, ..."), the cue nearest the end of the previous prose
   sentence of the same paragraph: such citations support that sentence, so its
   cue is theirs ("Unlike in Wood, the officer here did nothing. 879 F.2d at
   590." distinguishes Wood). Only after the last citation of that sentence
   (cues before a citation are its own), and not across a paragraph break (a
   citation opening a paragraph follows a block quote: the quoted court's
   words). A contrary or comparative signal (but see, but cf., contra, compare,
   see generally) keeps its own meaning; a "See"-type signal is the opinion
   vouching for the case, so it takes an inherited distinction ("these cases
   are inapplicable. See Kneipp ...") but not an inherited criticism or report
   ("As the majority notes, X. See Saucier ..." relies on Saucier);
4. with no signal, a sentence that names the cited case narrates it: the
   opinion discusses the case (:func:`_recital`; only when names are given);
5. the signal: but see / but cf. / contra criticise, compare / see generally
   discuss, anything else relies on (basis "default" when there is no signal).

Cues are read in prose only. Citations (with a short cite's name and the
parentheticals that follow), quoted language (the quoted court's words, not
this opinion's: Kennedy quotes Wood's "*1071distinguished Wood from the general
public") and star page markers are masked first, so "distinguish" inside a
quote or a case name is no cue.

Reach, i.e. where a cue may stand relative to the citation it treats:

* before it, with no ``,;:`` between ("Unlike the nurse in Grubbs, Kennedy
  knew ..., see Wood, ..." does not distinguish Wood): ``unlike``, ``in
  contrast to``, ``distinguishable from``, ``differs from``, ``a far cry
  from``, ``is not like``, ``not analogous``, ``overrule``;
* after it, as its predicate (an appositive comma, then at most four words
  and no ``,;:``: "Wood, 879 F.2d at 590, is distinguishable"): the same
  distinction cues and the criticism cues. Criticism is aimed at the subject
  ("the majority's holding is contrary to DeShaney" relies on DeShaney), so
  ``contrary to``, ``wrong(ly)``, ``erroneous(ly)``, ``misguided``,
  ``flawed``, ``misread``, ``misapply``, ``cannot be squared`` count only here;
* anywhere before it in the clause, commas included but not ``;``: the
  sentence cues ``in contrast,``/``by contrast,``, ``I/we disagree``, and
  reports of another opinion's use of a case ("the majority relies on /
  cites / characterizes / points to / notes / observes / reads / holds ...",
  "the majority's reliance on / reading of", for the majority, dissent,
  concurrence, district court or court below): discusses.

The nearest reaching cue wins. Another citation blocks the scan, so "Unlike
Wood, 879 F.2d at 590, this case resembles Penilla, 115 F.3d at 710."
distinguishes Wood only; but citations joined as a list (only ``,``/``;``,
"and", a signal between them) are one unit, so a cue before or after the list
reaches every member. A citation inside another's parenthetical ("quoting X")
is decided by its signal alone: the words around it are about the other case.

A distinction or criticism cue with "not", "no", "never", "cannot", "nor",
"neither" or an "-n't" word among the three words before it (no punctuation
between) is negated and yields relies-on: "is not distinguishable", "no reason
to distinguish". The reported cue span then starts at the negator.

Sentences (:func:`_sentence_starts`): a paragraph break, or ``.``/``?``/``!``
(with closing quotes or brackets and glued footnote-call digits, ``existed.3``)
followed by space and a capital, an opening quote or bracket, or a digit (a
bare short cite: "did nothing. 879 F.2d at 590."). A period is no sentence end
after a known abbreviation (``v.``, ``Cir.``, ``Dep't.``, ``No.``, ``Maj. Op.``
...), a single letter other than ``I`` (``J.``, ``n.``; but "Grubbs I." ends),
a dotted token (``U.S.``, ``L.W.``, ``S.Ct.``, ``e.g.``), a reporter between
volume and page, or at the start of a line (a CAP footnote's ". "); nor inside
matched parentheses or quotation marks, nor inside a citation. ``Id.`` is
deliberately *not* an abbreviation: followed by a capital it ends a citation
sentence ("Id. In doing so, we reasoned ..."), while "Id. at 590" never looked
like an end.

Pure and deterministic: the raw text, the spans and the signals in, one
:class:`Treatment` per instance out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = ["TREATMENTS", "Treatment", "classify"]

TREATMENTS: tuple[str, ...] = ("relies-on", "distinguishes", "criticises", "discusses")
"""Notations of the treatment concepts, in the ontology's order."""

# signal notation -> (kind, basis) when no cue decides
_BY_SIGNAL = {
    "none": ("relies-on", "default"),
    "see": ("relies-on", "signal"),
    "see-e.g.": ("relies-on", "signal"),
    "see-also": ("relies-on", "signal"),
    "accord": ("relies-on", "signal"),
    "cf.": ("relies-on", "signal"),
    "compare": ("discusses", "signal"),
    "see-generally": ("discusses", "signal"),
    "but-see": ("criticises", "signal"),
    "but-cf.": ("criticises", "signal"),
    "contra": ("criticises", "signal"),
}
# Signals that merely support the sentence they follow: an inherited cue says more.
_SUPPORTIVE = frozenset(("none", "see", "see-e.g.", "see-also", "accord", "cf."))
# Inherited cues that a "See"-type signal overrides: the opinion vouching for
# a case neither criticises it nor merely reports another's use of it.
_REPORTED_ONLY = frozenset(("criticises", "discusses"))


@dataclass(frozen=True)
class Treatment:
    """How one citing instance treats the case it cites.

    ``kind`` is one of :data:`TREATMENTS`. ``basis`` says what decided it:
    "cue" (a phrase of the text; ``raw[cue_start:cue_end]`` is that phrase,
    negator included, star markers inside it kept), "signal" (the
    introductory signal) or "default" (neither: a bare citation relies on the
    case it cites). The cue span is None unless the basis is "cue".
    """

    kind: str
    basis: str
    cue_start: int | None
    cue_end: int | None


# --------------------------------------------------------------------------
# cues
# --------------------------------------------------------------------------

# Reach of a cue: where it may stand relative to the citation it applies to.
_BEFORE = "before"  # governs the phrase after it: "unlike X", "in contrast to X"
_AFTER = "after"  # a predicate of the citation: "X was wrongly decided"
_BOTH = "both"  # either: "distinguishable from X", "X is distinguishable"
_SENTENCE = "sentence"  # before it, across commas: "By contrast, ... X"; "the majority relies on ... X"

_ACTOR = r"(?:the\s+)?(?:majority|dissent|concurrence|district\s+court|court\s+below)(?:\s+opinion)?"
_REPORTING_VERB = (
    r"(?:\w+ly\s+)?(?:rel(?:y|ies|ied)|cit(?:e|es|ed)|characteriz(?:e|es|ed)|points?\s+to|pointed\s+to"
    r"|not(?:e|es|ed)|observ(?:e|es|ed)|quot(?:e|es|ed)|invok(?:e|es|ed)|likens|analogizes|reads|read"
    r"|acknowledg(?:e|es|ed)|recogniz(?:e|es|ed)|explain(?:s|ed)?|writes|wrote|holds|held|conclud(?:e|es|ed)"
    r"|assert(?:s|ed)?|stat(?:e|es|ed)|suggest(?:s|ed)?|contend(?:s|ed)?|argu(?:e|es|ed)|claim(?:s|ed)?"
    r"|distinguish(?:es|ed)?|critici[sz](?:es|ed))"
)
_REPORTING_NOUN = (
    r"[’']s\s+(?:\w+\s+)?(?:reliance\s+(?:on|upon)|citation\s+(?:of|to)|reading\s+of"
    r"|characterization\s+of|use\s+of|discussion\s+of|description\s+of|invocation\s+of)"
)

# (kind, reach, pattern); matched case-insensitively between word boundaries.
# Overlapping matches keep the longest ("the majority distinguishes" is a
# report, not a distinction; "in contrast to" is a phrase, "in contrast," a
# sentence adverb).
_CUES: tuple[tuple[str, str, str], ...] = (
    ("distinguishes", _BOTH, r"distinguishable|distinguish(?:es|ed|ing)?"),
    ("distinguishes", _BOTH, r"unlike"),
    ("distinguishes", _BEFORE, r"(?:in|by)\s+contrast\s+(?:to|with)"),
    ("distinguishes", _SENTENCE, r"(?:in|by)\s+contrast"),
    ("distinguishes", _BOTH, r"differ(?:s|ed|ent)?\s+(?:\w+ly\s+)?from"),
    ("distinguishes", _BOTH, r"inapposite|inapplicable"),
    ("distinguishes", _BOTH, r"not\s+(?:\w+ly\s+)?analogous"),
    ("distinguishes", _BOTH, r"(?:is|was|are|were)(?:\s+not|n[’']t)\s+like"),
    ("distinguishes", _BOTH, r"(?:a\s+)?far\s+cry\s+from"),
    # Criticism is aimed at the subject: "the majority's holding is contrary to
    # DeShaney" relies on DeShaney. So these count after the citation only.
    ("criticises", _AFTER, r"misguided|flawed|erroneous(?:ly)?|wrong(?:ly)?"),
    ("criticises", _AFTER, r"contrary\s+to"),
    ("criticises", _AFTER, r"misread(?:s|ing)?|misappl(?:y|ies|ied|ying|ication)"),
    ("criticises", _AFTER, r"cannot\s+be\s+squared"),
    ("criticises", _BOTH, r"overrul(?:e|es|ed|ing)"),
    ("criticises", _SENTENCE, r"(?:I|we)\s+(?:\w+ly\s+)?disagree"),
    ("discusses", _SENTENCE, _ACTOR + r"(?:\s+" + _REPORTING_VERB + r"|" + _REPORTING_NOUN + r")"),
)
_CUE_RES = tuple((kind, reach, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for kind, reach, pattern in _CUES)
_NEGATABLE = frozenset(("distinguishes", "criticises"))
_NEGATORS = frozenset(("not", "no", "never", "cannot", "nor", "neither"))
_NEGATION_WINDOW = 3
_PREDICATE_WORDS = 4  # words allowed between a citation and a predicate cue after it
_WORD = re.compile(r"[\w’'-]+")
_CLAUSE_BREAK = re.compile(r"[,;:]")
_SENTENCE_BREAK = re.compile(r";")
_PUNCT_BREAK = re.compile(r"[.,;:!?()\[\]“”\"]")


@dataclass(frozen=True)
class _Hit:
    start: int  # clean offsets
    end: int
    kind: str
    reach: str


def _find_cues(masked: str) -> list[_Hit]:
    """Every cue of the masked text, overlaps resolved longest-first, sorted by start."""
    found = [_Hit(m.start(), m.end(), kind, reach) for kind, reach, regex in _CUE_RES for m in regex.finditer(masked)]
    found.sort(key=lambda h: (h.start - h.end, h.start))  # longest first
    kept: list[_Hit] = []  # sorted by start, pairwise disjoint
    for hit in found:
        i = bisect_left(kept, hit.start, key=lambda k: k.start)
        if (i == 0 or kept[i - 1].end <= hit.start) and (i == len(kept) or hit.end <= kept[i].start):
            kept.insert(i, hit)
    return kept


def _negator_start(masked: str, start: int) -> int | None:
    """Start of a negator among the three words before ``start`` (no punctuation between), else None."""
    window_start = max(0, start - 80)
    window = masked[window_start:start]
    breaks = list(_PUNCT_BREAK.finditer(window))
    if breaks:
        window_start += breaks[-1].end()
        window = masked[window_start:start]
    for m in list(_WORD.finditer(window))[-_NEGATION_WINDOW:]:
        word = m.group().lower().replace("’", "'")
        if word in _NEGATORS or word.endswith("n't"):
            return window_start + m.start()
    return None


# --------------------------------------------------------------------------
# the text: star markers out, brackets and quotes paired, sentences cut
# --------------------------------------------------------------------------

_STAR = re.compile(r"\*\d+")
_ABBREVIATIONS = frozenset(
    """v vs cir dist ct cal wash or ore ill mich tex fla pa ariz nev colo mass conn del ga ind kan ky la md
    minn miss mo mont neb okla tenn va vt wis wyo dep't dept dep’t soc servs serv co corp inc ltd no nos nat'l
    nat’l ass'n ass’n univ cnty cty pub sch schs educ gov't gov’t comm'n comm’n mun hosp ctr envtl ins bros mfg
    bd auth prot admin dev am mr mrs ms dr jr sr st mt ft app supp rev stat ann civ crim proc const amend art cl
    ch pt maj op rel al cf sec para reg fed super",
    """.split()
)
_BEFORE_PERIOD = re.compile(r"(\S+)\Z")
_REPORTER_BEFORE = re.compile(r"\b\d+\s+[A-Z][\w.’']*\Z")
_SENTENCE_END = re.compile(r"([.?!]+)(?:[”\"’')\]]| (?=[”\"]))*(?:\d{1,2}(?=\s))?\s+(?=[A-Z“\"‘'\[\d])")
_DOTTED = re.compile(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}")  # U.S, L.W, S.Ct, e.g, D.C


def _strip_markers(raw: str) -> tuple[str, list[int]]:
    """``raw`` without star page markers and ``offsets[i]`` = raw index of clean ``text[i]``.

    A marker glued to a word (``*1071distinguished``, ``Of*1076ficer``) would
    hide the word from the cues; glued to a number it swallows the whole digit
    run, which only shortens a citation nothing here reads.
    """
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _STAR.finditer(raw):
        parts.append(raw[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(raw[pos:])
    offsets.extend(range(pos, len(raw)))
    return "".join(parts), offsets


def _pair(text: str) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Matched parentheses (open index -> close index) and quotations (open, close), within paragraphs.

    An unmatched bracket or quote is ignored rather than allowed to swallow the
    rest of the paragraph (OCR drops them). A double quote is an opener at the
    start of a word (OCR prints ``”increas[ing]`` and ``"left helpless...”``),
    else a closer; a second opener while one is open restarts the quotation,
    because real nesting uses single quotes.
    """
    close_of: dict[int, int] = {}
    quotes: list[tuple[int, int]] = []
    stack: list[int] = []
    quote_open: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            quote_open = None
        elif ch == "(":
            stack.append(i)
        elif ch == ")":
            if stack:
                close_of[stack.pop()] = i
        elif ch in '“”"':
            opener = ch == "“" or (
                (i == 0 or text[i - 1].isspace() or text[i - 1] in "([—–")
                and i + 1 < len(text)
                and not text[i + 1].isspace()
            )
            if opener:
                quote_open = i
            elif quote_open is not None:
                quotes.append((quote_open, i))
                quote_open = None
    return close_of, quotes


def _is_period_end(text: str, pos: int, next_char: str) -> bool:
    """Whether the period at ``pos`` can end a sentence (see the module docstring)."""
    token_match = _BEFORE_PERIOD.search(text, max(0, pos - 40), pos)
    if token_match is None:
        return False  # a line opening with ". " is a CAP footnote, whose number is gone
    token = token_match.group(1).lstrip("([“\"‘'")
    if not token or token[-1].isdigit() or token[-1] in ")]”\"’'":
        return True
    if token.lower() in _ABBREVIATIONS or _DOTTED.fullmatch(token):
        return False
    if len(token) == 1 and token.isalpha() and token != "I":  # "Grubbs I." ends a sentence, "J." does not
        return False
    return not (next_char.isdigit() and _REPORTER_BEFORE.search(text, max(0, pos - 40), pos))


def _sentence_starts(text: str, enclosed: bytearray) -> list[int]:
    """Sorted start offsets of the sentences of ``text`` (0 first); ``enclosed[i]`` marks bracketed/quoted text."""
    starts = {0}
    starts.update(m.end() for m in re.finditer(r"\n", text))
    for m in _SENTENCE_END.finditer(text):
        cut = m.end()
        if cut >= len(text) or enclosed[cut]:
            continue
        if set(m.group(1)) == {"."} and not _is_period_end(text, m.start(), text[cut]):
            continue
        starts.add(cut)
    return sorted(s for s in starts if s <= len(text))


@dataclass(frozen=True)
class _Unit:
    """A citation as the prose sees it: short-cite name, the span, its parentheticals (clean offsets)."""

    start: int
    span_start: int
    span_end: int
    end: int
    parens: tuple[tuple[int, int], ...]  # (open, close) indices of the explanatory parentheticals


_SHORT_NAME = re.compile(r"([A-Z][\w’'-]*(?:\s+I{1,3})?)[ \t]*,?[ \t]*\Z")
_NOT_NAMES = frozenset(("See", "Cf", "Accord", "Compare", "Contra", "But", "Unlike", "In", "Id", "Also", "And", "With"))
_JOINER = re.compile(
    r"\s*[,;]?\s*(?:(?:and|or|with)\s+)?"
    r"(?:(?:but\s+)?(?:see(?:\s+also|\s+generally|,?\s+e\.\s?g\.,?)?|cf\.|accord|contra|compare|e\.\s?g\.,)\s*,?\s*)?",
    re.IGNORECASE,
)
_LEAD = re.compile(r"\s*,?\s*")
_REPORTING_PAREN = re.compile(r"\s*[a-z]+ing\b")
_CITATION_WORDS = frozenset(
    "see also e.g cf but compare with and or accord contra generally at n nn id supra infra v of ex rel op maj "
    "note footnote p pp et seq".split()
)


class _Text:
    """The clean text of one ``classify`` call: masks, sentences, units. Built once, read per instance."""

    def __init__(self, raw: str, spans: Sequence[tuple[int, int]]) -> None:
        self.text, self.offsets = _strip_markers(raw)
        n = len(self.text)
        self.close_of, quotes = _pair(self.text)
        self.paren_opens = sorted(self.close_of)
        self._bare: dict[int, bool] = {}
        enclosed_delta = [0] * (n + 1)
        masked = list(self.text)
        for open_, close in (*self.close_of.items(), *quotes):
            enclosed_delta[open_ + 1] += 1
            enclosed_delta[close] -= 1
        for open_, close in quotes:
            masked[open_ + 1 : close] = "_" * (close - open_ - 1)
        self.masked = "".join(masked)
        enclosed = bytearray(n + 1)
        depth = 0
        for i in range(n + 1):
            depth += enclosed_delta[i]
            enclosed[i] = depth > 0
        self.cues = _find_cues(self.masked)
        self.cue_starts = [h.start for h in self.cues]

        self.units = [self._unit(*self._clean_span(s, e)) for s, e in spans]
        # Top-level units: those not inside an earlier citation's parenthetical.
        order = sorted(range(len(self.units)), key=lambda i: (self.units[i].span_start, self.units[i].span_end))
        self.nested = [False] * len(self.units)
        top: list[_Unit] = []
        for i in order:
            unit = self.units[i]
            if top and (unit.span_start, unit.span_end) == (top[-1].span_start, top[-1].span_end):
                self.units[i] = top[-1]  # two instances, one printed citation
                continue
            if top and unit.span_start < top[-1].end:
                self.nested[i] = True  # inside the previous citation's parenthetical
                continue
            if top and unit.start < top[-1].end:  # a name cannot reach into the previous unit
                unit = self.units[i] = replace(unit, start=top[-1].end)
            top.append(unit)
        self.top = top
        self.top_starts = [u.start for u in top]
        # A cut inside a citation is never a sentence end.
        self.starts = [
            s for s in _sentence_starts(self.text, enclosed) if not any(u.start < s < u.end for u in self._near(s))
        ]

    def _near(self, pos: int) -> list[_Unit]:
        i = bisect_right(self.top_starts, pos)
        return self.top[max(0, i - 3) : i]

    def _clean_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        start = bisect_left(self.offsets, raw_start)
        end = max(start, bisect_left(self.offsets, raw_end))
        return start, end

    def _unit(self, start: int, end: int) -> _Unit:
        text = self.text
        name_start = start
        if start < len(text) and text[start].isdigit():
            m = _SHORT_NAME.search(text, max(0, start - 40), start)
            if m and m.group(1).split()[0] not in _NOT_NAMES:
                name_start = m.start(1)
        parens: list[tuple[int, int]] = []
        pos = end
        while True:
            probe = pos
            while probe < len(text) and text[probe] in " \t":
                probe += 1
            if probe < len(text) and probe in self.close_of:
                parens.append((probe, self.close_of[probe]))
                pos = self.close_of[probe] + 1
            else:
                break
        return _Unit(name_start, start, end, pos, tuple(parens))

    # sentences ----------------------------------------------------------

    def sentence_index(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def sentence(self, index: int) -> tuple[int, int]:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.starts[index], end

    def units_in(self, start: int, end: int) -> list[_Unit]:
        return self.top[bisect_left(self.top_starts, start) : bisect_left(self.top_starts, end)]

    def is_bare(self, index: int) -> bool:
        """Whether sentence ``index`` holds only citations: the rest is signals, names, pins and punctuation.

        Prose always has a word in lower case (a verb at least); citation
        residue has only capitalised names, numbers and a few words such as
        "see", "at", "n.", "supra", "Maj. Op.".
        """
        if index not in self._bare:
            self._bare[index] = self._is_bare(*self.sentence(index))
        return self._bare[index]

    def _is_bare(self, start: int, end: int) -> bool:
        units = self.units_in(start, end)
        if not units:
            return False
        keep = bytearray(b"\x01") * (end - start)
        for unit in units:
            keep[unit.start - start : unit.end - start] = bytes(unit.end - unit.start)
        for open_ in self.paren_opens[bisect_left(self.paren_opens, start) : bisect_left(self.paren_opens, end)]:
            close = self.close_of[open_]
            if close < end:
                keep[open_ - start : close + 1 - start] = bytes(close + 1 - open_)
        residue = "".join(ch if flag else " " for ch, flag in zip(self.text[start:end], keep, strict=True))
        for token in re.findall(r"[^\s,;:()]+", residue):
            if not any(ch.isalpha() for ch in token) or token[0].isupper() or token[0].isdigit():
                continue
            if token.rstrip(".").lower() not in _CITATION_WORDS:
                return False
        return True

    def cues_in(self, start: int, end: int) -> list[_Hit]:
        i = bisect_left(self.cue_starts, start)
        hits = []
        while i < len(self.cues) and self.cues[i].start < end:
            if self.cues[i].end <= end:
                hits.append(self.cues[i])
            i += 1
        return hits

    def treatment(self, hit: _Hit) -> Treatment:
        """The Treatment a cue gives, negation applied, with its raw span."""
        start, kind = hit.start, hit.kind
        if kind in _NEGATABLE:
            negator = _negator_start(self.masked, hit.start)
            if negator is not None:
                start, kind = negator, "relies-on"
        return Treatment(kind, "cue", self.offsets[start], self.offsets[hit.end - 1] + 1)


# --------------------------------------------------------------------------
# deciding
# --------------------------------------------------------------------------


def _paren_cue(doc: _Text, unit: _Unit) -> _Hit | None:
    """The first cue of the unit's parentheticals that describe the cited case (not ``(holding ...)``)."""
    for open_, close in unit.parens:
        if _REPORTING_PAREN.match(doc.masked, open_ + 1):
            continue
        hits = doc.cues_in(open_ + 1, close)
        if hits:
            return hits[0]
    return None


def _scan(doc: _Text, units: list[_Unit], k: int, sent_start: int, sent_end: int) -> _Hit | None:
    """The nearest cue that reaches unit ``units[k]`` within its sentence, else None.

    Backward: through the prose before the unit, continuing past earlier
    units joined to it as a list; a "before"/"both" cue must have no ``,;:``
    between it and the unit that follows it, a sentence cue no ``;``.
    Forward: "after"/"both" cues only, as a predicate right after the unit
    (or after the list it belongs to). Distance is counted in characters
    from the cue to this unit.
    """
    this = units[k]
    best: tuple[int, _Hit] | None = None

    def offer(distance: int, hit: _Hit) -> None:
        nonlocal best
        if best is None or distance < best[0]:
            best = (distance, hit)

    j = k
    while True:
        gap_start = units[j - 1].end if j > 0 else sent_start
        gap_end = units[j].start
        for hit in doc.cues_in(gap_start, gap_end):
            if hit.reach == _AFTER:
                continue
            breaks = _SENTENCE_BREAK if hit.reach == _SENTENCE else _CLAUSE_BREAK
            if not breaks.search(doc.masked, hit.end, gap_end):
                offer(this.start - hit.end, hit)
        if j > 0 and _JOINER.fullmatch(doc.text, gap_start, gap_end):
            j -= 1
            continue
        break

    j = k
    while True:
        gap_start = units[j].end
        gap_end = units[j + 1].start if j + 1 < len(units) else sent_end
        after = _LEAD.match(doc.masked, gap_start, gap_end).end()
        for hit in doc.cues_in(after, gap_end):
            between = doc.masked[after : hit.start]
            if hit.reach in (_AFTER, _BOTH) and not _CLAUSE_BREAK.search(between):
                if len(_WORD.findall(between)) <= _PREDICATE_WORDS:
                    offer(hit.start - this.end, hit)
        if j + 1 < len(units) and _JOINER.fullmatch(doc.text, gap_start, gap_end):
            j += 1
            continue
        break
    return best[1] if best else None


def _inherited_cue(doc: _Text, index: int) -> _Hit | None:
    """For a bare citation sentence: the cue nearest the end of the previous prose sentence of its paragraph.

    Only the prose after that sentence's last citation is read (cues before a
    citation are that citation's). Bare sentences in between are passed over,
    a paragraph break stops the search (a citation opening a paragraph follows
    a block quote, whose words are the quoted court's).
    """
    while index > 0:
        start, end = doc.sentence(index - 1)
        if "\n" in doc.text[start:end]:
            return None
        index -= 1
        if doc.is_bare(index):
            continue
        units = doc.units_in(start, end)
        hits = doc.cues_in(units[-1].end if units else start, end)
        return max(hits, key=lambda h: h.end) if hits else None
    return None


# A narrated past ("the officers ejected", "the court held") against a rule
# stated in the present ("we must", "requires", "is").
_NARRATIVE = re.compile(r"\b(?:had|was|were|held|found|\w{3,}ed)\b")
_NORMATIVE = re.compile(r"\b(?:must|should|instructs?|requires?|is|are|has|have)\b")


def _recital(doc: _Text, index: int, names: Sequence[str]) -> _Hit | None:
    """Rule 5: a citation without signal that supports a sentence naming the
    cited case narrates that case ("In Wood v. Ostrander, the officers ...
    879 F.2d at 588-90."; "The Collins Court firmly rejected ... Id. at
    126."): the opinion discusses it rather than relying on it.

    The supported sentence is the citation's own, or for a bare citation
    sentence the previous prose sentence of the paragraph. Names are read in
    prose only (citations are masked), so a full citation's own case name
    does not count.
    """
    if not names:
        return None
    if doc.is_bare(index):
        while True:
            if index == 0:
                return None
            start, end = doc.sentence(index - 1)
            if "\n" in doc.text[start:end]:
                return None
            index -= 1
            if not doc.is_bare(index):
                break
    start, end = doc.sentence(index)
    sentence = doc.masked[start:end]
    if _NORMATIVE.search(sentence) or not _NARRATIVE.search(sentence):
        return None  # a rule the opinion states ("Saucier instructs that we must"), not a story
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
    match = pattern.search(doc.masked, start, end)
    return _Hit(match.start(), match.end(), "discusses", _SENTENCE) if match else None


def classify(
    raw: str,
    spans: Sequence[tuple[int, int]],
    signals: Sequence[str],
    names: Sequence[Sequence[str]] | None = None,
) -> list[Treatment]:
    """One Treatment per citing instance, in input order.

    ``raw`` is the full raw opinion text (star markers and footnote calls
    included); ``spans[i]`` the raw half-open span of citing instance ``i``
    (the citation text itself, e.g. "Wood v. Ostrander, 879 F.2d 583 (9th
    Cir.1989)" or "Id. at 590"); ``signals[i]`` its signal notation: one of
    none, see, see-e.g., see-also, cf., compare, but-see, but-cf., contra,
    accord, see-generally. The order of decision is in the module docstring.

    ``names[i]``, when given, are the words that name instance ``i``'s case
    in prose ("Wood", "Ostrander", "Grubbs I"), for rule 5 (:func:`_recital`).

    Raises ValueError when the sequences differ in length, a span is not
    within the text, or a signal is unknown.
    """
    if len(spans) != len(signals) or (names is not None and len(names) != len(spans)):
        raise ValueError(f"{len(spans)} spans but {len(signals)} signals")
    for (start, end), signal in zip(spans, signals, strict=True):
        if not 0 <= start <= end <= len(raw):
            raise ValueError(f"span ({start}, {end}) outside the text (0..{len(raw)})")
        if signal not in _BY_SIGNAL:
            raise ValueError(f"unknown signal {signal!r}; expected one of {', '.join(_BY_SIGNAL)}")
    doc = _Text(raw, spans)
    result: list[Treatment] = []
    for i, signal in enumerate(signals):
        by_signal = Treatment(*_BY_SIGNAL[signal], None, None)
        unit = doc.units[i]
        if doc.nested[i]:
            # Cited inside another citation's parenthetical ("quoting X"): the
            # words around it are about the other case.
            result.append(by_signal)
            continue
        hit = _paren_cue(doc, unit)
        index = doc.sentence_index(unit.span_start)
        if hit is None:
            start, end = doc.sentence(index)
            units = doc.units_in(start, end)
            hit = _scan(doc, units, units.index(unit), start, end)
            if hit is None and signal in _SUPPORTIVE:
                if doc.is_bare(index):
                    hit = _inherited_cue(doc, index)
                    if hit is not None and hit.kind in _REPORTED_ONLY and signal != "none":
                        hit = None  # "As the majority notes, X. See Y.": Y is this opinion's own support
            if hit is None and signal == "none" and names is not None:
                hit = _recital(doc, index, names[i])
        result.append(doc.treatment(hit) if hit is not None else by_signal)
    return result
