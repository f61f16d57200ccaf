"""Score the citation extraction against hand-checked gold files.

A gold file (``tests/gold/<document stem>.citations.yaml``, format in
``tests/gold/README.md``) lists every case a text cites, keyed by official
reporter citation, and every citing instance by the raw offset ``at`` of its
first token (the volume of a full or short cite, the "I" of Id., the "M" of
"Maj. Op."), with its form, case, signal and treatment.

A predicted instance *matches* a gold one when its raw span contains the
gold ``at`` and it cites the same case (or, for a reference to the majority,
the same sibling opinion). Matching by containment, not equality, because
our full-citation span starts at the case name while the gold anchors the
volume. Figures:

* distinct cases: predicted case keys against gold case keys;
* case instances: full, short, Id. and supra cites of cases (the measure
  the issue's targets are set on);
* sibling references: pinned references to another opinion of the same
  case and the Id. cites that follow them (bare mentions such as "the
  majority" are not in the gold and not scored);
* signals and treatments: agreement on matched case instances, and the
  (case, treatment) pairs of direct citations as sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .convert import Conversion
from .errors import InputError
from .source import read_source

FORMS = ("full", "short", "id", "supra", "sibling")


@dataclass(frozen=True)
class GoldInstance:
    at: int
    form: str
    case: str  # reporter-citation key, or "majority" etc. for a sibling opinion
    signal: str
    treatment: str | None
    nested: str | None

    @property
    def is_sibling(self) -> bool:
        return " " not in self.case


@dataclass(frozen=True)
class Gold:
    document: str
    cases: frozenset[str]
    instances: tuple[GoldInstance, ...]
    facts: tuple[tuple[str, str | None, str | None, int | None], ...] = ()  # (key, name, court, printed year)


@dataclass(frozen=True)
class Score:
    """Precision and recall of one measure, with what was missed."""

    name: str
    true_positives: int
    predicted: int
    expected: int
    misses: tuple[str, ...] = ()  # gold items not found
    extras: tuple[str, ...] = ()  # predicted items not in the gold

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


@dataclass(frozen=True)
class Agreement:
    name: str
    agreed: int
    compared: int
    disagreements: tuple[str, ...] = ()

    @property
    def rate(self) -> float:
        return self.agreed / self.compared if self.compared else 1.0


@dataclass(frozen=True)
class DocumentEvaluation:
    document: str
    scores: tuple[Score, ...]
    agreements: tuple[Agreement, ...] = field(default=())

    def score(self, name: str) -> Score:
        return next(s for s in self.scores if s.name == name)


def _field(path: Path, entry: dict, key: str, kind: type, where: str):
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(path, f"{where}: {key!r} must be a {kind.__name__}, got {value!r}")
    return value


def load_gold(path: Path) -> Gold:
    """Read and check a gold file; a malformed one is an :class:`InputError`."""
    try:
        data = yaml.safe_load(read_source(path).text)
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise InputError(path, "a gold file is a mapping with document, cases and instances")
    document = _field(path, data, "document", str, "top level")
    cases = _field(path, data, "cases", dict, "top level")
    raw_instances = _field(path, data, "instances", list, "top level")
    instances = []
    for n, entry in enumerate(raw_instances, 1):
        where = f"instance {n}"
        if not isinstance(entry, dict):
            raise InputError(path, f"{where}: expected a mapping")
        form = _field(path, entry, "form", str, where)
        if form not in FORMS:
            raise InputError(path, f"{where}: form {form!r} is not one of {', '.join(FORMS)}")
        case = str(_field(path, entry, "case", str, where))
        if " " in case and case not in cases:
            raise InputError(path, f"{where}: case {case!r} is not listed under cases")
        instances.append(
            GoldInstance(
                at=_field(path, entry, "at", int, where),
                form=form,
                case=case,
                signal=str(entry.get("signal", "none")),
                treatment=entry.get("treatment"),
                nested=entry.get("nested"),
            )
        )
    facts = tuple(
        (str(key), value.get("name"), value.get("court"), value.get("year_printed", value.get("year")))
        for key, value in sorted(cases.items())
        if isinstance(value, dict)
    )
    return Gold(document, frozenset(str(k) for k in cases), tuple(instances), facts)


def _score(name: str, predicted: Iterable[str], expected: Iterable[str]) -> Score:
    p, e = set(predicted), set(expected)
    return Score(name, len(p & e), len(p), len(e), tuple(sorted(e - p)), tuple(sorted(p - e)))


def evaluate(conversion: Conversion, gold: Gold) -> DocumentEvaluation:
    """Compare one converted document with its gold file."""
    raw = conversion.source.text
    citations = conversion.extraction.citations
    treatments = conversion.treatments

    def context(start: int) -> str:
        return " ".join(raw[start : start + 40].split())

    def label(c) -> str:
        return c.case_key if c.case_key is not None else (c.sibling or "?")

    def matches(g: GoldInstance) -> list[int]:
        return [
            i
            for i, c in enumerate(citations)
            if c.raw_start <= g.at < c.raw_end and (label(c) == g.case or (g.is_sibling and c.case_key is None))
        ]

    case_gold = [g for g in gold.instances if not g.is_sibling]
    sibling_gold = [g for g in gold.instances if g.is_sibling]
    case_pred = [i for i, c in enumerate(citations) if c.case_key is not None]
    sibling_pred = [
        i for i, c in enumerate(citations) if c.case_key is None and (c.pin_start is not None or c.form == "id")
    ]

    def instance_score(name: str, golds: list[GoldInstance], preds: list[int]) -> tuple[Score, dict[int, int]]:
        pairs: dict[int, int] = {}  # gold index -> predicted index
        taken: set[int] = set()
        for gi, g in enumerate(golds):
            for pi in matches(g):
                if pi in preds and pi not in taken:
                    pairs[gi] = pi
                    taken.add(pi)
                    break
        misses = tuple(
            f"{g.at} {g.form} {g.case}: {context(g.at)}" for gi, g in enumerate(golds) if gi not in pairs
        )
        extras = tuple(
            f"{citations[pi].raw_start} {citations[pi].form} {label(citations[pi])}: {context(citations[pi].raw_start)}"
            for pi in preds
            if pi not in taken
        )
        return Score(name, len(pairs), len(preds), len(golds), misses, extras), pairs

    instances, pairs = instance_score("case instances", case_gold, case_pred)
    siblings, _ = instance_score("sibling references", sibling_gold, sibling_pred)
    cases = _score("distinct cases", conversion.extraction.cases, gold.cases)

    signal_agree, treatment_agree = [], []
    for gi, pi in sorted(pairs.items()):
        g, c = case_gold[gi], citations[pi]
        if g.signal != c.signal:
            signal_agree.append(f"{g.at} {g.case}: gold {g.signal}, got {c.signal}")
        if g.treatment and g.treatment != treatments[pi].kind:
            treatment_agree.append(f"{g.at} {g.case}: gold {g.treatment}, got {treatments[pi].kind}")
    compared_treatments = sum(1 for gi in pairs if case_gold[gi].treatment)
    agreements = (
        Agreement("signals", len(pairs) - len(signal_agree), len(pairs), tuple(signal_agree)),
        Agreement("treatments", compared_treatments - len(treatment_agree), compared_treatments, tuple(treatment_agree)),
        _case_facts(conversion, gold),
    )
    treatment_pairs = _score(
        "case treatments",
        {f"{c.case_key} {treatments[i].kind}" for i, c in enumerate(citations) if c.case_key and c.nested_in is None},
        {f"{g.case} {g.treatment}" for g in case_gold if g.treatment and not g.nested},
    )
    return DocumentEvaluation(gold.document, (cases, instances, siblings, treatment_pairs), agreements)


def _same_name(a: str | None, b: str | None) -> bool:
    def fold(name: str | None) -> str:
        return " ".join((name or "").replace("\u2019", "'").lower().split())

    return fold(a) == fold(b)


def _case_facts(conversion: Conversion, gold: Gold) -> Agreement:
    """Name, court and printed year of each case the text itself describes
    (not one resolved against another document, whose facts that one gives)."""
    cases = conversion.extraction.cases
    compared, differing = 0, []
    for key, name, court, year in gold.facts:
        case = cases.get(key)
        if case is None or case.elsewhere:
            continue
        compared += 1
        got = (case.name, case.court, case.year)
        if not (_same_name(case.name, name) and case.court == court and case.year == year):
            differing.append(f"{key}: gold {(name, court, year)}, got {got}")
    return Agreement("case facts", compared - len(differing), compared, tuple(differing))


def evaluate_doctrine(conversion: Conversion) -> DocumentEvaluation | None:
    """Machine-extracted findings and holdings against the curated file.

    Compared as sets: findings by (factor, position, whose position),
    precedent outcomes by (case, outcome), own conclusions by (case,
    outcome, whose position). Evidence spans are not compared: a finding
    is right when the extractor reaches the curator's conclusion, from
    whichever sentence. None when the text has no curated file.
    """
    curated = conversion.annotations
    if curated is None:
        return None

    def findings(items) -> set[str]:
        return {f"{f.factor} {f.position} ({f.position_of})" for f in items}

    def holdings(items, kind: str) -> set[str]:
        return {
            f"{h.case} {h.outcome}" + (f" ({h.position_of})" if kind == "own-conclusion" else "")
            for h in items
            if h.kind == kind
        }

    scores = (
        _score("findings", findings(conversion.findings), findings(curated.findings)),
        _score("precedent outcomes", holdings(conversion.holdings, "precedent-outcome"),
               holdings(curated.holdings, "precedent-outcome")),
        _score("own conclusions", holdings(conversion.holdings, "own-conclusion"),
               holdings(curated.holdings, "own-conclusion")),
    )
    return DocumentEvaluation(f"{conversion.source.path.name} (doctrine, machine vs curated)", scores)


def gold_path(gold_dir: Path, document: str) -> Path:
    return gold_dir / f"{Path(document).stem}.citations.yaml"


def report(results: Iterable[DocumentEvaluation], show_misses: bool = True) -> str:
    lines = []
    for result in results:
        lines.append(result.document)
        for s in result.scores:
            lines.append(
                f"  {s.name:<20} precision {s.precision:.3f} ({s.true_positives}/{s.predicted})"
                f"  recall {s.recall:.3f} ({s.true_positives}/{s.expected})"
            )
            if show_misses:
                lines.extend(f"    missed: {m}" for m in s.misses)
                lines.extend(f"    extra:  {x}" for x in s.extras)
        for a in result.agreements:
            lines.append(f"  {a.name:<20} agreement {a.rate:.3f} ({a.agreed}/{a.compared})")
            if show_misses:
                lines.extend(f"    differs: {d}" for d in a.disagreements)
    return "\n".join(lines) + "\n"
