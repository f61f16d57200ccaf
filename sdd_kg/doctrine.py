"""Machine extraction of the doctrine layer: factor findings and holdings.

Reads one opinion sentence by sentence and proposes what a curator records
by hand (sdd_kg/annotations.py): how the opinion decides each element of the
test, whose position that is, and the outcomes it states for its own case and
for the precedents it cites. Everything it proposes is a span of the text
and is marked machine-made in the graph; the curated file stays the
reference it is scored against (``sdd-kg evaluate``).

Pipeline per sentence (sentences from nupunkt, which knows legal
abbreviations such as "v.", "F.3d", "Cir." and does not break inside
citations, on the cleaned text so star markers do not split words):

1. **Factor cues**: the scheme's hidden labels (``skos:hiddenLabel`` of each
   ``sdd:Factor``), matched as whole phrases, case-insensitively.
2. **About whom**: a sentence that cites or names a precedent narrates the
   precedent, not this case: it yields holdings, not findings, unless it
   also speaks of this case ("here", a party of the record, "I would").
3. **Whose position**: "the majority", "Maj. Op." or "the opinion" make it
   the majority's position as this opinion reports it; otherwise its own.
4. **Position**: modality first ("need not decide" -> not reached;
   "assuming", "even if" -> assumed arguendo; "genuine dispute" ->
   disputed), then negation ("not", "no", "cannot", "failed to", "absent"
   ...) -> not met; otherwise met.
5. **Outcomes**: phrases such as "found a due process violation", "declined
   to find", "stated a claim", "entitled to qualified immunity", each tied to
   the case the sentence cites or names (or the citation sentence right after
   it), or to this case for "I would hold".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import nupunkt
from rdflib import Graph, URIRef

from .annotations import Evidence, Finding, Holding
from .citations import CitationRecord, CitedCase
from .metadata import DocumentRecord
from .namespaces import RDF, SDD, SKOS

__all__ = ["FactorCues", "factor_cues", "factor_iris", "extract_doctrine", "sentences"]

MAX_EVIDENCE = 3  # quotes kept per proposed statement

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class FactorCues:
    """Each factor's notation and the lower-case phrases that signal it."""

    by_factor: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def notations(self) -> frozenset[str]:
        return frozenset(n for n, _ in self.by_factor)

    def find(self, sentence: str) -> list[tuple[str, int, int]]:
        """(factor, start, end) of every cue in a lower-cased sentence."""
        hits = []
        for notation, phrases in self.by_factor:
            for phrase in phrases:
                for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", sentence):
                    hits.append((notation, m.start(), m.end()))
        return sorted(hits, key=lambda h: (h[1], h[0]))


@lru_cache(maxsize=2)
def factor_cues(ontology: Graph) -> FactorCues:
    """The cue phrases of every factor concept in the ontology graph (cached:
    the ontology graph is parsed once and not mutated, and every document
    needs the same cues)."""
    found = []
    for concept in sorted(ontology.subjects(RDF.type, SDD.Factor)):
        notation = ontology.value(concept, SKOS.notation)
        if notation is None:
            continue
        phrases = {str(label).lower().translate(_QUOTES) for label in ontology.objects(concept, SKOS.hiddenLabel)}
        found.append((str(notation), tuple(sorted(phrases, key=lambda p: (-len(p), p)))))
    return FactorCues(tuple(found))


@lru_cache(maxsize=2)
def factor_iris(ontology: Graph) -> dict[str, URIRef]:
    """Notation -> concept IRI for every factor of the scheme (cached, as
    :func:`factor_cues`; do not mutate the result)."""
    return {
        str(notation): concept
        for concept in ontology.subjects(RDF.type, SDD.Factor)
        if (notation := ontology.value(concept, SKOS.notation)) is not None
    }


@lru_cache(maxsize=8)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """nupunkt sentence spans of a text (cached: the same cleaned text is
    split for findings and holdings)."""
    return tuple((s, e) for s, e in nupunkt.sent_spans(text))


# position cues, read on the lower-cased sentence
_NOT_REACHED = re.compile(r"\b(?:need not|do not|would not|not necessary to) (?:decide|reach|address)\b")
_ASSUMED = re.compile(r"\b(?:assum(?:e|es|ed|ing)|even if|arguendo)\b")
_DISPUTED = re.compile(r"\b(?:genuine (?:dispute|issue)|question of (?:material )?fact|triable)\b")
_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|can't|neither|nor|without|absent|lack(?:s|ed|ing)?|fail(?:s|ed)? to"
    r"|insufficient|too (?:remote|attenuated)|rather than)\b|n't\b"
)
_MAJORITY = re.compile(r"\bmajority\b|\bmaj\. op\b|\bthe opinion\b")
_OWN_CASE = re.compile(r"\b(?:here|this case|i would|in our case|the facts here)\b")

# outcome cues, most specific first ("not entitled" before "entitled")
_OUTCOMES = (
    ("immunity-denied", r"(?:not entitled to|deni(?:ed|al of)|deny(?:ing)?) qualified immunity"),
    ("immunity-granted", r"(?:entitled to|grant(?:ed|ing)?|have|has) qualified immunity"),
    ("claim-not-stated", r"fail(?:ed|s)? to state a claim"),
    ("claim-stated", r"stated a (?:cognizable )?(?:\w+ )?claim|adequately alleged|allowed (?:her|his|the) claim to proceed"),
    ("violation-not-found",
     r"declin\w* to find|no (?:cognizable )?(?:due process|constitutional) violation|did not violate"
     r"|ruled in favor of the state|rejected the plaintiff|not liable|unforeseeable consequence"),
    ("violation-found",
     r"found (?:a |an )?(?:cognizable )?(?:due process|constitutional|substantive due process) violation"
     r"|found (?:evidence of )?affirmative action|could be liable|found (?:a )?state-created danger"),
)
_OUTCOME_RES = tuple((outcome, re.compile(rf"\b(?:{pattern})\b")) for outcome, pattern in _OUTCOMES)


def _naming_pattern(cases: Iterable[tuple[str, Sequence[str]]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (key, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"))
        for key, words in cases
        if words
    ]


def _own_words(record: DocumentRecord) -> list[str]:
    """Distinctive words of this case's parties ("Shields", "Kennedy")."""
    words = set()
    for party in record.case.parties:
        words.update(w.lower() for w in re.findall(r"[A-Z][a-z]{3,}", party.name))
    return sorted(words - {"city", "county", "state", "officer", "district", "department", "health"})


def extract_doctrine(
    text: str,
    offsets: Sequence[int],
    raw: str,
    record: DocumentRecord,
    citations: Sequence[CitationRecord],
    cases: dict[str, CitedCase],
    naming: dict[str, Sequence[str]],
    cues: FactorCues,
) -> tuple[tuple[Finding, ...], tuple[Holding, ...]]:
    """Proposed findings and holdings of one opinion (ids ``m-...``).

    ``text``/``offsets`` are the cleaned text and its raw offset map;
    ``citations``/``cases`` the extraction; ``naming[key]`` the words that name
    each cited case in prose.
    """
    own_key = record.case.citations[0]
    majority = next((op.id for op in record.case.opinions if op.type == "majority" and op.id != record.opinion_id), None)
    own_words = _own_words(record)
    names = _naming_pattern((k, naming.get(k, ())) for k in cases)
    cited = [(c.raw_start, c.raw_end, c.case_key) for c in citations if c.case_key and c.nested_in is None]
    spans = sentences(text)
    raw_spans = [(offsets[s], offsets[e - 1] + 1) for s, e in spans]

    def cited_in(raw_start: int, raw_end: int) -> list[str]:
        return list(dict.fromkeys(k for s, e, k in cited if s < raw_end and e > raw_start))

    findings: dict[tuple[str, str, str], list[Evidence]] = {}
    holdings: dict[tuple[str, str, str, str], tuple[list[Evidence], str | None]] = {}
    for n, ((s, e), (rs, re_)) in enumerate(zip(spans, raw_spans, strict=True)):
        sentence = text[s:e].translate(_QUOTES).lower()
        evidence = Evidence(raw[rs:re_], rs, re_)
        precedents = cited_in(rs, re_) or [k for k, pattern in names if k != own_key and pattern.search(text[s:e])]
        about_own = bool(_OWN_CASE.search(sentence)) or any(re.search(rf"\b{w}\b", sentence) for w in own_words)
        whose = majority if (majority and _MAJORITY.search(sentence)) else record.opinion_id
        factor_hits = cues.find(sentence)

        if factor_hits and (about_own or not precedents):
            position = _position(sentence)
            for factor, _, _ in factor_hits:
                findings.setdefault((factor, position, whose), []).append(evidence)

        outcome = next((o for o, regex in _OUTCOME_RES if regex.search(sentence)), None)
        if outcome is None:
            continue
        deciding = factor_hits[0][0] if factor_hits else None
        if precedents and not re.search(r"\bi would\b", sentence):
            targets, kind = precedents[:1], "precedent-outcome"
        elif about_own or whose != record.opinion_id:
            targets, kind = [own_key], "own-conclusion"
        else:
            following = cited_in(*raw_spans[n + 1]) if n + 1 < len(raw_spans) else []
            if not following:
                continue
            targets, kind = following[:1], "precedent-outcome"
        for key in targets:
            who = record.opinion_id if kind == "precedent-outcome" else whose
            entry = holdings.setdefault((kind, key, outcome, who), ([], deciding))
            entry[0].append(evidence)

    found = tuple(
        Finding(f"m-{i}", factor, position, whose, tuple(ev[:MAX_EVIDENCE]))
        for i, ((factor, position, whose), ev) in enumerate(sorted(findings.items()), 1)
    )
    held = tuple(
        Holding(f"m-{i}", kind, key, outcome, whose, tuple(ev[:MAX_EVIDENCE]), deciding)
        for i, ((kind, key, outcome, whose), (ev, deciding)) in enumerate(sorted(holdings.items()), 1)
    )
    return found, held


def _position(sentence: str) -> str:
    if _NOT_REACHED.search(sentence):
        return "not-reached"
    if _ASSUMED.search(sentence):
        return "assumed-arguendo"
    if _DISPUTED.search(sentence):
        return "disputed"
    if _NEGATION.search(sentence):
        return "not-met"
    return "met"

