"""The SHACL shapes, tested shape by shape with real pySHACL.

Every row of the tables below names a fixture in ``tests/fixtures/shapes/``
(a delta on ``base.ttl``, see the README there) and what validation must say:

* ``Fail(fixture, shape, component, severity, also)``: the report holds a
  result from ``sdds:<shape>`` with ``sh:<component>ConstraintComponent`` and
  that severity, and no shape fires except ``shape`` and the shapes in
  ``also``;
* ``Pass(fixture, shapes)``: the report holds no result at all; ``shapes``
  names the node shapes the fixture exercises.

The coverage tests make the tables complete: every shape and every constraint
of a shape needs a failing row, every node shape a passing row, and every
fixture file exactly one row. So a new shape, or a new constraint on a shape,
fails the suite until it has fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyshacl
import pytest
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILE = ROOT / "shapes" / "sdd-kg-shapes.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

SDDS = Namespace("https://w3id.org/sdd-kg/shapes#")
SDD = Namespace("https://w3id.org/sdd-kg/ontology#")
FX = Namespace("https://w3id.org/sdd-kg/test/fixture#")


@dataclass(frozen=True)
class Fail:
    fixture: str
    shape: str
    component: str
    severity: str = "Violation"
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pass:
    fixture: str
    shapes: tuple[str, ...]


W = "Warning"

FAIL_ROWS = [
    # --- Case
    Fail("case-missing-label", "Case-label", "MinCount"),
    Fail("case-label-not-string", "Case-label", "Datatype"),
    Fail("case-missing-title", "Case-title", "MinCount", W),
    Fail("case-title-not-string", "Case-title", "Datatype", W),
    Fail("case-alt-label-not-string", "Case-altLabel", "Datatype"),
    Fail("case-two-captions", "Case-caption", "MaxCount"),
    Fail("case-caption-not-string", "Case-caption", "Datatype"),
    Fail("case-party-not-party", "Case-party", "Class"),
    Fail("case-missing-reporter-citation", "CaseIdentifiedShape", "SPARQL"),
    Fail("case-partial-not-boolean", "Case-partial", "Datatype"),
    Fail("case-two-partial-values", "Case-partial", "MaxCount"),
    Fail("case-reporter-citation-not-reporter-citation", "Case-reporterCitation", "Class"),
    Fail("case-two-courts", "Case-court", "MaxCount"),
    Fail("case-court-not-court", "Case-court", "Class"),
    Fail("case-docket-number-not-string", "Case-docketNumber", "Datatype"),
    Fail("case-two-lower-courts", "Case-lowerCourt", "MaxCount"),
    Fail("case-lower-court-not-court", "Case-lowerCourt", "Class"),
    Fail("case-lower-court-docket-number-not-string", "Case-lowerCourtDocketNumber", "Datatype"),
    Fail("case-lower-court-judge-not-judge", "Case-lowerCourtJudge", "Class"),
    Fail("case-date-argued-not-date", "Case-dateArgued", "Datatype"),
    Fail("case-two-dates-decided", "Case-dateDecided", "MaxCount"),
    Fail("case-date-decided-not-date", "Case-dateDecided", "Datatype"),
    Fail("case-decision-year-not-gyear", "Case-decisionYear", "Datatype"),
    Fail("case-two-decision-years", "Case-singleDecisionYear", "MaxCount", W),
    Fail("case-other-printed-year", "Case-otherPrintedYear", "MaxCount", W),
    Fail("case-panel-judge-not-judge", "Case-panelJudge", "Class"),
    Fail("case-two-dispositions", "Case-disposition", "MaxCount"),
    Fail("case-disposition-not-string", "Case-disposition", "Datatype"),
    Fail("case-first-page-not-integer", "Case-firstPage", "Datatype"),
    Fail("case-two-first-pages", "Case-firstPage", "MaxCount"),
    Fail("case-first-page-zero", "Case-firstPage", "MinInclusive"),
    Fail("case-pages-reversed", "Case-firstPage", "LessThanOrEquals"),
    Fail("case-last-page-not-integer", "Case-lastPage", "Datatype"),
    Fail("case-two-last-pages", "Case-lastPage", "MaxCount"),
    Fail("case-last-page-zero", "Case-lastPage", "MinInclusive", also=("Case-firstPage",)),
    Fail("case-opinion-not-opinion", "Case-opinion", "Class"),
    # --- Case with a record
    Fail("case-record-not-a-case", "CaseRecordShape", "Class",
         also=("CaseRecord-title", "CaseRecord-docketNumber", "CaseRecord-panelJudge", "CaseRecord-opinion")),
    Fail("case-record-missing-title", "CaseRecord-title", "MinCount", also=("Case-title",)),
    Fail("case-record-missing-docket-number", "CaseRecord-docketNumber", "MinCount"),
    Fail("case-record-missing-panel", "CaseRecord-panelJudge", "MinCount"),
    Fail("case-record-missing-opinions", "CaseRecord-opinion", "MinCount"),
    # --- Court, Judge, Party
    Fail("court-missing-label", "Court-label", "MinCount"),
    Fail("court-label-not-string", "Court-label", "Datatype"),
    Fail("court-missing-courts-db-id", "Court-courtsDbId", "MinCount"),
    Fail("court-two-courts-db-ids", "Court-courtsDbId", "MaxCount"),
    Fail("court-courts-db-id-upper-case", "Court-courtsDbId", "Pattern"),
    Fail("court-courts-db-id-not-string", "Court-courtsDbId", "Datatype"),
    Fail("judge-missing-label", "Judge-label", "MinCount"),
    Fail("judge-label-not-string", "Judge-label", "Datatype"),
    Fail("party-missing-label", "Party-label", "MinCount"),
    Fail("party-label-not-string", "Party-label", "Datatype"),
    Fail("party-missing-role", "Party-role", "MinCount"),
    Fail("party-two-roles", "Party-role", "MaxCount"),
    Fail("party-role-unknown", "Party-role", "In"),
    Fail("party-role-not-string", "Party-role", "Datatype"),
    # --- Reporter citation
    Fail("reporter-citation-missing-label", "ReporterCitation-label", "MinCount"),
    Fail("reporter-citation-label-not-string", "ReporterCitation-label", "Datatype"),
    Fail("reporter-citation-missing-citation-text", "ReporterCitation-citationText", "MinCount"),
    Fail("reporter-citation-two-citation-texts", "ReporterCitation-citationText", "MaxCount"),
    Fail("reporter-citation-citation-text-not-string", "ReporterCitation-citationText", "Datatype"),
    Fail("reporter-citation-missing-volume", "ReporterCitation-volume", "MinCount"),
    Fail("reporter-citation-two-volumes", "ReporterCitation-volume", "MaxCount"),
    Fail("reporter-citation-volume-not-integer", "ReporterCitation-volume", "Datatype"),
    Fail("reporter-citation-volume-zero", "ReporterCitation-volume", "MinInclusive"),
    Fail("reporter-citation-missing-reporter", "ReporterCitation-reporter", "MinCount"),
    Fail("reporter-citation-two-reporters", "ReporterCitation-reporter", "MaxCount"),
    Fail("reporter-citation-reporter-not-string", "ReporterCitation-reporter", "Datatype"),
    Fail("reporter-citation-missing-page", "ReporterCitation-page", "MinCount"),
    Fail("reporter-citation-two-pages", "ReporterCitation-page", "MaxCount"),
    Fail("reporter-citation-page-not-integer", "ReporterCitation-page", "Datatype"),
    Fail("reporter-citation-page-zero", "ReporterCitation-page", "MinInclusive"),
    # --- Opinion
    Fail("opinion-missing-label", "Opinion-label", "MinCount"),
    Fail("opinion-label-not-string", "Opinion-label", "Datatype"),
    Fail("opinion-missing-case", "Opinion-case", "MinCount"),
    Fail("opinion-two-cases", "Opinion-case", "MaxCount"),
    Fail("opinion-case-not-case", "Opinion-case", "Class"),
    Fail("opinion-missing-type", "Opinion-type", "MinCount"),
    Fail("opinion-two-types", "Opinion-type", "MaxCount"),
    Fail("opinion-type-unknown", "Opinion-type", "In"),
    Fail("opinion-two-authors", "Opinion-author", "MaxCount"),
    Fail("opinion-author-not-judge", "Opinion-author", "Class", also=("AuthorOnPanelShape",)),
    Fail("opinion-two-source-texts", "Opinion-sourceText", "MaxCount"),
    Fail("opinion-source-text-not-source-text", "Opinion-sourceText", "Class"),
    Fail("opinion-first-page-not-integer", "Opinion-firstPage", "Datatype"),
    Fail("opinion-two-first-pages", "Opinion-firstPage", "MaxCount"),
    Fail("opinion-first-page-zero", "Opinion-firstPage", "MinInclusive", also=("OpinionPagesWithinCaseShape",)),
    Fail("opinion-last-page-not-integer", "Opinion-lastPage", "Datatype"),
    Fail("opinion-two-last-pages", "Opinion-lastPage", "MaxCount"),
    Fail("opinion-last-page-zero", "Opinion-lastPage", "MinInclusive", also=("OpinionPagesWithinCaseShape",)),
    Fail("opinion-cites-not-case", "Opinion-cites", "Or"),
    Fail("opinion-cites-as-authority-not-case", "Opinion-citesAsAuthority", "Or"),
    Fail("opinion-distinguishes-not-case", "Opinion-distinguishes", "Or"),
    Fail("opinion-critiques-not-case", "Opinion-critiques", "Or"),
    Fail("opinion-discusses-not-case", "Opinion-discusses", "Or"),
    # --- Source text
    Fail("source-text-missing-label", "SourceText-label", "MinCount"),
    Fail("source-text-label-not-string", "SourceText-label", "Datatype"),
    Fail("source-text-two-formats", "SourceText-format", "MaxCount"),
    Fail("source-text-format-not-string", "SourceText-format", "Datatype"),
    Fail("source-text-missing-sha256", "SourceText-sha256", "MinCount"),
    Fail("source-text-two-sha256", "SourceText-sha256", "MaxCount"),
    Fail("source-text-sha256-upper-case", "SourceText-sha256", "Pattern"),
    Fail("source-text-sha256-not-string", "SourceText-sha256", "Datatype"),
    Fail("source-text-pages-marked-not-boolean", "SourceText-pagesMarked", "Datatype"),
    Fail("source-text-two-pages-marked", "SourceText-pagesMarked", "MaxCount"),
    # --- Citation
    Fail("citation-missing-citing-entity", "Citation-citingEntity", "MinCount"),
    Fail("citation-two-citing-entities", "Citation-citingEntity", "MaxCount"),
    Fail("citation-citing-entity-not-opinion", "Citation-citingEntity", "Or"),
    Fail("citation-missing-cited-entity", "Citation-citedEntity", "MinCount"),
    Fail("citation-two-cited-entities", "Citation-citedEntity", "MaxCount"),
    Fail("citation-cited-entity-not-case", "Citation-citedEntity", "Or"),
    Fail("citation-missing-characterization", "Citation-characterization", "MinCount"),
    Fail("citation-two-characterizations", "Citation-characterization", "MaxCount"),
    Fail("citation-characterization-not-cito", "Citation-characterization", "Pattern"),
    Fail("citation-characterization-not-iri", "Citation-characterization", "NodeKind"),
    Fail("citation-missing-form", "Citation-form", "MinCount"),
    Fail("citation-two-forms", "Citation-form", "MaxCount"),
    # an unknown form is not one that stands alone, so it needs an antecedent too
    Fail("citation-form-unknown", "Citation-form", "In", also=("NonFullCitationHasAntecedentShape",)),
    Fail("citation-missing-signal", "Citation-signal", "MinCount"),
    Fail("citation-two-signals", "Citation-signal", "MaxCount"),
    Fail("citation-signal-unknown", "Citation-signal", "In"),
    Fail("citation-cited-as-not-reporter-citation", "Citation-citedAs", "Class"),
    Fail("citation-pin-start-not-integer", "Citation-pinStart", "Datatype"),
    Fail("citation-two-pin-starts", "Citation-pinStart", "MaxCount"),
    Fail("citation-pin-start-zero", "Citation-pinStart", "MinInclusive", also=("PinNotBeforeFirstPageShape",)),
    Fail("citation-pin-range-reversed", "Citation-pinStart", "LessThanOrEquals"),
    Fail("citation-pin-end-not-integer", "Citation-pinEnd", "Datatype"),
    Fail("citation-two-pin-ends", "Citation-pinEnd", "MaxCount"),
    Fail("citation-pin-end-zero", "Citation-pinEnd", "MinInclusive", also=("Citation-pinStart",)),
    Fail("citation-two-pinned-to", "Citation-pinnedTo", "MaxCount"),
    Fail("citation-pinned-to-not-reporter-citation", "Citation-pinnedTo", "Class"),
    Fail("citation-missing-citing-page", "CitationPageKnownShape", "Or"),
    Fail("citation-missing-citing-page-in-paged-text", "CitationPageKnownShape", "Or"),
    Fail("citation-two-citing-pages", "Citation-citingPage", "MaxCount"),
    Fail("citation-citing-page-not-integer", "Citation-citingPage", "Datatype"),
    Fail("citation-citing-page-zero", "Citation-citingPage", "MinInclusive"),
    Fail("citation-two-footnotes", "Citation-inFootnote", "MaxCount"),
    Fail("citation-footnote-not-integer", "Citation-inFootnote", "Datatype"),
    Fail("citation-footnote-zero", "Citation-inFootnote", "MinInclusive"),
    Fail("citation-parenthetical-not-string", "Citation-parenthetical", "Datatype"),
    Fail("citation-two-antecedents", "Citation-antecedent", "MaxCount"),
    Fail("citation-antecedent-not-citation", "Citation-antecedent", "Class"),
    Fail("citation-missing-text-target", "Citation-textTarget", "MinCount"),
    Fail("citation-two-text-targets", "Citation-textTarget", "MaxCount"),
    Fail("citation-text-target-not-specific-resource", "Citation-textTarget", "Class"),
    Fail("citation-two-cited-cases", "Citation-citedCase", "MaxCount"),
    Fail("citation-cited-case-not-case", "Citation-citedCase", "Class"),
    Fail("citation-missing-treatment", "Citation-treatment", "MinCount"),
    Fail("citation-two-treatments", "Citation-treatment", "MaxCount"),
    Fail("citation-treatment-unknown", "Citation-treatment", "In"),
    Fail("citation-two-treatment-evidences", "Citation-treatmentEvidence", "MaxCount"),
    Fail("citation-treatment-evidence-not-specific-resource", "Citation-treatmentEvidence", "Class"),
    Fail("citation-two-nested-in", "Citation-nestedIn", "MaxCount"),
    Fail("citation-nested-in-not-citation", "Citation-nestedIn", "Class"),
    Fail("citation-two-nestings", "Citation-nesting", "MaxCount"),
    Fail("citation-nesting-unknown", "Citation-nesting", "In"),
    Fail("citation-nesting-not-string", "Citation-nesting", "Datatype"),
    Fail("citation-two-pin-footnotes", "Citation-pinFootnote", "MaxCount"),
    Fail("citation-pin-footnote-not-integer", "Citation-pinFootnote", "Datatype"),
    Fail("citation-pin-footnote-zero", "Citation-pinFootnote", "MinInclusive"),
    # --- Record citation
    Fail("record-citation-missing-label", "RecordCitation-label", "MinCount"),
    Fail("record-citation-label-not-string", "RecordCitation-label", "Datatype"),
    Fail("record-citation-missing-citing-entity", "RecordCitation-citingEntity", "MinCount"),
    Fail("record-citation-two-citing-entities", "RecordCitation-citingEntity", "MaxCount"),
    Fail("record-citation-citing-entity-not-opinion", "RecordCitation-citingEntity", "Class"),
    Fail("record-citation-missing-filing-docket-number", "RecordCitation-filingDocketNumber", "MinCount"),
    Fail("record-citation-two-filing-docket-numbers", "RecordCitation-filingDocketNumber", "MaxCount"),
    Fail("record-citation-filing-docket-number-not-string", "RecordCitation-filingDocketNumber", "Datatype"),
    Fail("record-citation-two-ecf-numbers", "RecordCitation-ecfNumber", "MaxCount"),
    Fail("record-citation-ecf-number-not-integer", "RecordCitation-ecfNumber", "Datatype"),
    Fail("record-citation-ecf-number-zero", "RecordCitation-ecfNumber", "MinInclusive"),
    Fail("record-citation-two-filed-in", "RecordCitation-filedIn", "MaxCount"),
    Fail("record-citation-filed-in-not-case", "RecordCitation-filedIn", "Class"),
    Fail("record-citation-missing-text-target", "RecordCitation-textTarget", "MinCount"),
    Fail("record-citation-two-text-targets", "RecordCitation-textTarget", "MaxCount"),
    Fail("record-citation-text-target-not-specific-resource", "RecordCitation-textTarget", "Class"),
    # --- Text anchors
    Fail("text-target-missing-source", "TextTarget-source", "MinCount"),
    Fail("text-target-two-sources", "TextTarget-source", "MaxCount"),
    Fail("text-target-source-not-source-text", "TextTarget-source", "Class"),
    Fail("text-target-selector-of-unknown-kind", "TextTarget-selector", "Or"),
    Fail("text-target-missing-position-selector", "TextTarget-positionSelector", "QualifiedMinCount"),
    Fail("text-target-two-position-selectors", "TextTarget-positionSelector", "QualifiedMaxCount"),
    Fail("text-target-two-quote-selectors", "TextTarget-quoteSelector", "QualifiedMaxCount"),
    Fail("position-selector-missing-start", "TextPositionSelector-start", "MinCount"),
    Fail("position-selector-two-starts", "TextPositionSelector-start", "MaxCount"),
    Fail("position-selector-start-not-integer", "TextPositionSelector-start", "Datatype"),
    Fail("position-selector-negative-start", "TextPositionSelector-start", "MinInclusive"),
    Fail("position-selector-empty-span", "TextPositionSelector-start", "LessThan"),
    Fail("position-selector-missing-end", "TextPositionSelector-end", "MinCount"),
    Fail("position-selector-two-ends", "TextPositionSelector-end", "MaxCount"),
    Fail("position-selector-end-not-integer", "TextPositionSelector-end", "Datatype"),
    Fail("quote-selector-missing-exact", "TextQuoteSelector-exact", "MinCount"),
    Fail("quote-selector-two-exacts", "TextQuoteSelector-exact", "MaxCount"),
    Fail("quote-selector-exact-not-string", "TextQuoteSelector-exact", "Datatype"),
    Fail("quote-selector-two-prefixes", "TextQuoteSelector-prefix", "MaxCount"),
    Fail("quote-selector-prefix-not-string", "TextQuoteSelector-prefix", "Datatype"),
    Fail("quote-selector-two-suffixes", "TextQuoteSelector-suffix", "MaxCount"),
    Fail("quote-selector-suffix-not-string", "TextQuoteSelector-suffix", "Datatype"),
    # --- Holding, factor finding, factor
    Fail("holding-missing-case", "Holding-case", "MinCount"),
    Fail("holding-two-cases", "Holding-case", "MaxCount"),
    Fail("holding-case-not-case", "Holding-case", "Class"),
    Fail("holding-missing-stated-in", "Holding-statedIn", "MinCount"),
    Fail("holding-two-stated-in", "Holding-statedIn", "MaxCount"),
    Fail("holding-stated-in-not-opinion", "Holding-statedIn", "Class"),
    Fail("holding-missing-text-target", "Holding-textTarget", "MinCount"),
    Fail("holding-text-target-not-specific-resource", "Holding-textTarget", "Class"),
    Fail("holding-missing-kind", "Holding-kind", "MinCount"),
    Fail("holding-two-kinds", "Holding-kind", "MaxCount"),
    Fail("holding-kind-unknown", "Holding-kind", "In"),
    Fail("holding-missing-outcome", "Holding-outcome", "MinCount"),
    Fail("holding-two-outcomes", "Holding-outcome", "MaxCount"),
    Fail("holding-outcome-unknown", "Holding-outcome", "In"),
    Fail("holding-two-deciding-factors", "Holding-decidingFactor", "MaxCount"),
    Fail("holding-deciding-factor-not-factor", "Holding-decidingFactor", "Class"),
    Fail("holding-missing-position-of", "Holding-positionOf", "MinCount"),
    Fail("holding-two-positions-of", "Holding-positionOf", "MaxCount"),
    Fail("holding-position-of-not-opinion", "Holding-positionOf", "Class"),
    Fail("holding-missing-generated-by", "Holding-generatedBy", "MinCount"),
    Fail("holding-two-generated-by", "Holding-generatedBy", "MaxCount"),
    Fail("holding-generated-by-not-iri", "Holding-generatedBy", "NodeKind"),
    Fail("holding-missing-attributed-to", "Holding-attributedTo", "MinCount"),
    Fail("holding-two-attributed-to", "Holding-attributedTo", "MaxCount"),
    Fail("holding-attributed-to-not-iri", "Holding-attributedTo", "NodeKind"),
    Fail("factor-finding-missing-factor", "FactorFinding-factor", "MinCount"),
    Fail("factor-finding-two-factors", "FactorFinding-factor", "MaxCount"),
    Fail("factor-finding-factor-not-factor", "FactorFinding-factor", "Class"),
    Fail("factor-finding-missing-position", "FactorFinding-position", "MinCount"),
    Fail("factor-finding-two-positions", "FactorFinding-position", "MaxCount"),
    Fail("factor-finding-position-unknown", "FactorFinding-position", "In"),
    Fail("factor-finding-missing-position-of", "FactorFinding-positionOf", "MinCount"),
    Fail("factor-finding-two-positions-of", "FactorFinding-positionOf", "MaxCount"),
    Fail("factor-finding-position-of-not-opinion", "FactorFinding-positionOf", "Class"),
    Fail("factor-finding-missing-stated-in", "FactorFinding-statedIn", "MinCount"),
    Fail("factor-finding-two-stated-in", "FactorFinding-statedIn", "MaxCount"),
    Fail("factor-finding-stated-in-not-opinion", "FactorFinding-statedIn", "Class"),
    Fail("factor-finding-missing-text-target", "FactorFinding-textTarget", "MinCount"),
    Fail("factor-finding-text-target-not-specific-resource", "FactorFinding-textTarget", "Class"),
    Fail("factor-finding-missing-generated-by", "FactorFinding-generatedBy", "MinCount"),
    Fail("factor-finding-two-generated-by", "FactorFinding-generatedBy", "MaxCount"),
    Fail("factor-finding-generated-by-not-iri", "FactorFinding-generatedBy", "NodeKind"),
    Fail("factor-finding-missing-attributed-to", "FactorFinding-attributedTo", "MinCount"),
    Fail("factor-finding-two-attributed-to", "FactorFinding-attributedTo", "MaxCount"),
    Fail("factor-finding-attributed-to-not-iri", "FactorFinding-attributedTo", "NodeKind"),
    Fail("factor-missing-label", "Factor-prefLabel", "MinCount"),
    Fail("factor-two-labels-same-language", "Factor-prefLabel", "UniqueLang"),
    Fail("factor-label-not-literal", "Factor-prefLabel", "NodeKind"),
    Fail("factor-not-in-scheme", "Factor-scheme", "HasValue"),
    Fail("factor-missing-notation", "Factor-notation", "MinCount"),
    Fail("factor-two-notations", "Factor-notation", "MaxCount"),
    Fail("factor-notation-not-string", "Factor-notation", "Datatype"),
    Fail("factor-missing-definition", "Factor-definition", "MinCount"),
    Fail("factor-definition-not-literal", "Factor-definition", "NodeKind"),
    Fail("factor-missing-source", "Factor-source", "MinCount"),
    Fail("factor-broader-not-factor", "Factor-broader", "Class"),
    Fail("factor-narrower-not-factor", "Factor-narrower", "Class"),
    Fail("factor-close-match-not-factor", "Factor-closeMatch", "Class"),
    Fail("factor-hidden-label-not-literal", "Factor-hiddenLabel", "NodeKind"),
    Fail("factor-articulated-in-not-iri", "Factor-articulatedIn", "NodeKind"),
    Fail("factor-articulated-in-not-case", "Factor-articulatedIn", "Pattern"),
    Fail("factor-circuit-not-iri", "Factor-circuit", "NodeKind"),
    Fail("factor-circuit-not-court", "Factor-circuit", "Pattern"),
    # --- SPARQL-based consistency rules
    Fail("cites-later-case", "CitesNoLaterCaseShape", "SPARQL"),
    Fail("distinguishes-opinion-of-later-case", "CitesNoLaterCaseShape", "SPARQL"),
    Fail("pin-before-first-page", "PinNotBeforeFirstPageShape", "SPARQL"),
    Fail("reporter-citation-of-two-cases", "OneCasePerReporterCitationShape", "SPARQL"),
    Fail("separate-opinion-without-main-opinion", "SeparateOpinionNeedsMainOpinionShape", "SPARQL"),
    Fail("author-not-on-panel", "AuthorOnPanelShape", "SPARQL"),
    Fail("opinion-starts-before-case", "OpinionPagesWithinCaseShape", "SPARQL"),
    Fail("opinion-ends-after-case", "OpinionPagesWithinCaseShape", "SPARQL"),
    Fail("opinion-ends-before-it-starts", "OpinionPagesWithinCaseShape", "SPARQL"),
    Fail("reporter-volume-year-out-of-order", "ReporterVolumeYearOrderShape", "SPARQL", W),
    Fail("factor-broader-without-narrower", "BroaderNarrowerInverseShape", "SPARQL", W),
    Fail("short-citation-without-antecedent", "NonFullCitationHasAntecedentShape", "Or"),
]

PASS_ROWS = [
    Pass("case-minimal", ("CaseShape", "ReporterCitationShape")),
    Pass("case-with-short-name", ("CaseShape",)),
    Pass("case-record-minimal", ("CaseRecordShape", "CaseShape")),
    Pass("court", ("CourtShape",)),
    Pass("judge-and-party-roles", ("JudgeShape", "PartyShape")),
    Pass("reporter-citation-parallel", ("ReporterCitationShape", "OneCasePerReporterCitationShape")),
    Pass("per-curiam-order-with-dissent", ("OpinionShape", "AuthorOnPanelShape")),
    Pass("plurality-as-main-opinion", ("SeparateOpinionNeedsMainOpinionShape",)),
    Pass("cited-dissent-without-main-opinion", ("SeparateOpinionNeedsMainOpinionShape", "OpinionShape")),
    Pass("author-without-known-panel", ("AuthorOnPanelShape", "OpinionShape")),
    Pass("source-text", ("SourceTextShape",)),
    Pass("citation-without-page-in-unpaged-text", ("CitationShape", "CitationPageKnownShape", "SourceTextShape")),
    Pass("partial-case-short-citation", ("CaseShape", "CaseIdentifiedShape", "NonFullCitationHasAntecedentShape")),
    Pass("short-citation-with-antecedent", ("CitationShape", "NonFullCitationHasAntecedentShape", "PinNotBeforeFirstPageShape", "TextTargetShape")),
    Pass("reference-citation", ("CitationShape", "NonFullCitationHasAntecedentShape", "CitesNoLaterCaseShape", "TextQuoteSelectorShape")),
    Pass("nested-citation-quoting", ("CitationShape", "NonFullCitationHasAntecedentShape", "PinNotBeforeFirstPageShape")),
    Pass("record-citation-minimal", ("RecordCitationShape",)),
    Pass("text-anchor-at-start-of-text", ("TextTargetShape", "TextPositionSelectorShape", "TextQuoteSelectorShape")),
    Pass("holding-with-two-spans", ("HoldingShape",)),
    Pass("holding-own-conclusion-with-deciding-factor", ("HoldingShape", "FactorShape")),
    Pass("holding-of-majority-stated-in-dissent", ("HoldingShape",)),
    Pass("factor-finding-on-affirmative-act", ("FactorFindingShape", "FactorShape")),
    Pass("factor-finding-machine-made", ("FactorFindingShape",)),
    Pass("factor-hierarchy-and-close-match", ("FactorShape", "BroaderNarrowerInverseShape")),
    Pass("cites-case-of-same-year", ("CitesNoLaterCaseShape",)),
    Pass("pin-on-first-page", ("PinNotBeforeFirstPageShape",)),
    Pass("opinion-ends-on-last-page-of-case", ("OpinionPagesWithinCaseShape", "CaseShape")),
    Pass("reporter-volume-year-in-order", ("ReporterVolumeYearOrderShape",)),
    Pass("reporter-volume-year-slack", ("ReporterVolumeYearOrderShape",)),
]

# Shape parameters that are constraints, and the component each one reports.
CONSTRAINT_PARAMETERS = {
    SH.minCount: "MinCount",
    SH.maxCount: "MaxCount",
    SH.datatype: "Datatype",
    SH["class"]: "Class",
    SH["in"]: "In",
    SH.pattern: "Pattern",
    SH.minInclusive: "MinInclusive",
    SH.lessThan: "LessThan",
    SH.lessThanOrEquals: "LessThanOrEquals",
    SH.nodeKind: "NodeKind",
    SH["or"]: "Or",
    SH.hasValue: "HasValue",
    SH.uniqueLang: "UniqueLang",
    SH.qualifiedMinCount: "QualifiedMinCount",
    SH.qualifiedMaxCount: "QualifiedMaxCount",
    SH.sparql: "SPARQL",
}
# Shape parameters that are not constraints by themselves.
OTHER_PARAMETERS = {
    RDF.type, SH.name, SH.description, SH.message, SH.severity, SH.path, SH.targetClass,
    SH.targetSubjectsOf, SH.property, SH.qualifiedValueShape, SH.prefixes,
}


def component(name: str) -> URIRef:
    return SH[f"{name}ConstraintComponent"]


# ---------------------------------------------------------------------------
# Loading and validating
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def base() -> Graph:
    return Graph().parse(FIXTURES / "base.ttl", format="turtle")


def compose(delta_file: Path) -> Graph:
    """``base.ttl`` with the delta applied: ``fx:drops`` first, then additions."""
    delta = Graph().parse(delta_file, format="turtle")
    data = Graph()
    data += base()
    for subject, prop in delta.subject_objects(FX.drops):
        assert (subject, prop, None) in data, f"{delta_file.name}: base has no {prop} on {subject} to drop"
        data.remove((subject, prop, None))
    for triple in delta:
        if triple[1] != FX.drops:
            data.add(triple)
    return data


@dataclass(frozen=True)
class Result:
    shape: URIRef
    component: URIRef
    severity: URIRef
    focus: str
    message: str

    def __str__(self) -> str:
        short = lambda term: str(term).rsplit("#", 1)[-1]  # noqa: E731
        return f"{short(self.severity)} {short(self.shape)} {short(self.component)} at <{self.focus}>: {self.message}"


def validate(data: Graph) -> tuple[bool, list[Result]]:
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        results.append(
            Result(
                shape=report.value(node, SH.sourceShape),
                component=report.value(node, SH.sourceConstraintComponent),
                severity=report.value(node, SH.resultSeverity),
                focus=str(report.value(node, SH.focusNode)),
                message=str(report.value(node, SH.resultMessage) or ""),
            )
        )
    return bool(conforms), results


def show(results: list[Result]) -> str:
    return "\n".join(str(r) for r in results) or "(no results)"


# ---------------------------------------------------------------------------
# The fixture tables
# ---------------------------------------------------------------------------


def test_base_conforms_with_no_result():
    conforms, results = validate(base())
    assert conforms and not results, show(results)


@pytest.mark.parametrize("row", FAIL_ROWS, ids=lambda row: row.fixture)
def test_failing_fixture(row: Fail):
    conforms, results = validate(compose(FIXTURES / f"{row.fixture}.fail.ttl"))
    expected = (SDDS[row.shape], component(row.component), SH[row.severity])
    assert expected in {(r.shape, r.component, r.severity) for r in results}, (
        f"expected {row.severity} from sdds:{row.shape} ({row.component}); got:\n{show(results)}"
    )
    fired = {r.shape for r in results}
    allowed = {SDDS[name] for name in (row.shape, *row.also)}
    assert fired == allowed, f"shapes fired other than expected:\n{show(results)}"
    assert conforms is (row.severity != "Violation" and all(r.severity != SH.Violation for r in results))
    for result in results:
        assert result.message and not re.search(r"\{[?$]\w+\}", result.message), f"unfilled message: {result}"


@pytest.mark.parametrize("row", PASS_ROWS, ids=lambda row: row.fixture)
def test_passing_fixture(row: Pass):
    conforms, results = validate(compose(FIXTURES / f"{row.fixture}.pass.ttl"))
    assert conforms and not results, show(results)


# ---------------------------------------------------------------------------
# The tables cover every shape, constraint and fixture
# ---------------------------------------------------------------------------


def shape_iris(kind: URIRef) -> set[URIRef]:
    return {s for s in shapes().subjects(RDF.type, kind) if isinstance(s, URIRef)}


def declared_constraints() -> set[tuple[URIRef, str]]:
    pairs = set()
    unknown = set()
    for shape in shape_iris(SH.NodeShape) | shape_iris(SH.PropertyShape):
        for param in set(shapes().predicates(shape, None)):
            if param in CONSTRAINT_PARAMETERS:
                pairs.add((shape, CONSTRAINT_PARAMETERS[param]))
            elif param not in OTHER_PARAMETERS:
                unknown.add((shape, param))
    assert not unknown, f"parameters this test does not know; add them to CONSTRAINT_PARAMETERS: {unknown}"
    return pairs


def test_every_shape_has_a_failing_row():
    tested = {SDDS[row.shape] for row in FAIL_ROWS}
    missing = []
    for shape in shape_iris(SH.NodeShape) | shape_iris(SH.PropertyShape):
        own = {shape, *shapes().objects(shape, SH.property)}
        if not own & tested:
            missing.append(shape)
    assert not missing, f"shapes without a failing fixture row: {sorted(missing)}"


def test_every_constraint_has_a_failing_row():
    tested = {(SDDS[row.shape], row.component) for row in FAIL_ROWS}
    missing = declared_constraints() - tested
    assert not missing, f"constraints without a failing fixture row: {sorted(missing)}"


def test_every_node_shape_has_a_passing_row():
    tested = {SDDS[name] for row in PASS_ROWS for name in row.shapes}
    missing = shape_iris(SH.NodeShape) - tested
    assert not missing, f"node shapes without a passing fixture row: {sorted(missing)}"


def test_rows_name_existing_shapes_and_components():
    known = shape_iris(SH.NodeShape) | shape_iris(SH.PropertyShape)
    declared = declared_constraints()
    for row in FAIL_ROWS:
        for name in (row.shape, *row.also):
            assert SDDS[name] in known, f"{row.fixture}: no shape sdds:{name}"
        assert (SDDS[row.shape], row.component) in declared, f"{row.fixture}: sdds:{row.shape} has no {row.component}"
        assert row.severity in ("Violation", "Warning")
    for row in PASS_ROWS:
        for name in row.shapes:
            assert SDDS[name] in shape_iris(SH.NodeShape), f"{row.fixture}: no node shape sdds:{name}"


def test_every_fixture_file_has_exactly_one_row():
    names = [f"{row.fixture}.fail.ttl" for row in FAIL_ROWS] + [f"{row.fixture}.pass.ttl" for row in PASS_ROWS]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"fixtures used by more than one row: {duplicates}"
    on_disk = {p.name for p in FIXTURES.glob("*.ttl")} - {"base.ttl"}
    assert set(names) == on_disk, (
        f"fixtures without a row: {sorted(on_disk - set(names))}; rows without a fixture: {sorted(set(names) - on_disk)}"
    )


# ---------------------------------------------------------------------------
# The shapes graph itself
# ---------------------------------------------------------------------------

UNDOCUMENTED_SHAPES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?missing WHERE {
    ?shape a ?kind .
    VALUES ?kind { sh:NodeShape sh:PropertyShape }
    VALUES ?missing { sh:name sh:description sh:message sh:severity }
    FILTER NOT EXISTS { ?shape ?missing ?value }
}
"""

UNDOCUMENTED_SPARQL_CONSTRAINTS = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?missing WHERE {
    ?shape sh:sparql ?constraint .
    {
        VALUES ?missing { sh:name sh:description sh:message sh:severity }
        FILTER NOT EXISTS { ?shape ?missing ?value }
    } UNION {
        VALUES ?missing { sh:message sh:select sh:prefixes }
        FILTER NOT EXISTS { ?constraint ?missing ?value }
    } UNION {
        BIND (rdf:type AS ?missing)
        FILTER NOT EXISTS { ?constraint a sh:SPARQLConstraint }
    }
}
"""


def test_every_shape_is_named_described_and_has_message_and_severity():
    rows = [(str(s), str(m)) for s, m in shapes().query(UNDOCUMENTED_SHAPES)]
    assert not rows, f"shapes missing documentation: {rows}"


def test_every_sparql_constraint_is_documented():
    assert len(list(shapes().subject_objects(SH.sparql))) >= 8
    rows = [(str(s), str(m)) for s, m in shapes().query(UNDOCUMENTED_SPARQL_CONSTRAINTS)]
    assert not rows, f"SPARQL constraints missing parts: {rows}"


def test_shapes_are_all_named_typed_and_used():
    g = shapes()
    # A subject that acts as a shape is a typed, named shape, unless it is an
    # anonymous member of sh:or or a qualified value shape.
    anonymous_ok = set(g.objects(None, SH.qualifiedValueShape))
    for head in g.objects(None, SH["or"]):
        anonymous_ok.update(Collection(g, head))
    acting = {s for p in (SH.path, SH.targetClass, SH.targetSubjectsOf, SH["class"], SH.sparql, SH.property) for s in g.subjects(p, None)}
    typed = shape_iris(SH.NodeShape) | shape_iris(SH.PropertyShape)
    assert acting - anonymous_ok <= typed, f"untyped or anonymous shapes: {acting - anonymous_ok - typed}"
    # Every property shape hangs off a node shape; every node shape has a target.
    for prop in shape_iris(SH.PropertyShape):
        assert (None, SH.property, prop) in g, f"{prop} is used by no node shape"
        assert g.value(prop, SH.path) is not None
    for node in shape_iris(SH.NodeShape):
        assert g.value(node, SH.targetClass) or g.value(node, SH.targetSubjectsOf), f"{node} has no target"
        assert str(node).startswith(str(SDDS))
    for prop in shape_iris(SH.PropertyShape):
        assert str(prop).startswith(str(SDDS))


def test_severities():
    warnings = {s for s in shapes().subjects(SH.severity, SH.Warning)}
    assert warnings == {
        SDDS["Case-title"], SDDS["Case-singleDecisionYear"], SDDS["Case-otherPrintedYear"],
        SDDS.ReporterVolumeYearOrderShape, SDDS.BroaderNarrowerInverseShape,
    }
    assert set(shapes().objects(None, SH.severity)) == {SH.Violation, SH.Warning}


def shacl_shacl() -> Graph:
    asset = resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"
    return Graph().parse(data=asset.read_text(encoding="utf-8"), format="turtle")


def test_shapes_graph_passes_shacl_for_shacl():
    conforms, report, text = pyshacl.validate(shapes(), shacl_graph=shacl_shacl(), inference="none")
    assert conforms, text


def test_meta_shacl_during_validation():
    try:
        conforms, _, text = pyshacl.validate(
            base(), shacl_graph=shapes(), meta_shacl=True, inference="none", advanced=True, allow_warnings=True
        )
    except ReportableRuntimeError as error:  # pragma: no cover - the failure message is the point
        pytest.fail(f"the shapes graph fails meta-SHACL: {error}")
    assert conforms, text


def test_meta_shacl_check_catches_a_broken_shapes_graph():
    broken = Graph()
    broken += shapes()
    broken.add((SDDS["Case-title"], SH.minCount, Literal("one")))
    broken.add((SDDS["Case-title"], SH.severity, Literal("high")))
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=shacl_shacl(), inference="none")
    assert not conforms
    with pytest.raises(ReportableRuntimeError):
        pyshacl.validate(base(), shacl_graph=broken, meta_shacl=True, inference="none", advanced=True)


def test_factor_scheme_conforms_with_no_result():
    """The factor concepts of ``ontology/factors.ttl``, which validation adds
    to the data with the model (the fixtures restate a few of them in
    ``base.ttl``), meet the factor shapes, with no warning either."""
    data = Graph()
    data.parse(ROOT / "ontology" / "sdd-kg.ttl", format="turtle")
    data.parse(ROOT / "ontology" / "factors.ttl", format="turtle")
    assert len(set(data.subjects(RDF.type, SDD.Factor))) > 1
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes(), inference="none", advanced=True, allow_warnings=True
    )
    assert conforms and (None, RDF.type, SH.ValidationResult) not in report, text


# ---------------------------------------------------------------------------
# The shapes agree with the data model in docs/architecture.md
# ---------------------------------------------------------------------------


def documented_individuals(label: str) -> list[str]:
    """Backquoted names in the bullet of architecture.md that starts with ``label``."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    match = re.search(rf"^\* {re.escape(label)}.*?:(.*?)(?=^\*|^\S)", text, re.S | re.M)
    assert match, f"no bullet {label!r} in {ARCHITECTURE.name}"
    body = re.sub(r"\(.*?\)", "", match.group(1), flags=re.S)
    return re.findall(r"`(\w+)`", body)


def sh_in(shape: str) -> list:
    return list(Collection(shapes(), shapes().value(SDDS[shape], SH["in"])))


@pytest.mark.parametrize(
    "label, shape",
    [
        ("opinion types", "Opinion-type"),
        ("citation forms", "Citation-form"),
        ("signals", "Citation-signal"),
        ("treatments", "Citation-treatment"),
        ("finding positions", "FactorFinding-position"),
        ("holding kinds", "Holding-kind"),
        ("outcomes", "Holding-outcome"),
    ],
)
def test_controlled_values_match_the_architecture(label, shape):
    assert sh_in(shape) == [SDD[name] for name in documented_individuals(label)]


def test_party_roles():
    assert [str(v) for v in sh_in("Party-role")] == [
        "plaintiff", "defendant", "plaintiff-appellee", "plaintiff-appellant", "defendant-appellee",
        "defendant-appellant", "petitioner", "respondent", "appellant", "appellee",
    ]


def test_shapes_use_only_documented_vocabulary():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(?:sdd:)?(\w+)`", text)) | set(re.findall(r"sdd:(\w+)", text)) | {"pinnedTo"}
    used = {
        str(term)[len(str(SDD)):]
        for triple in shapes()
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(SDD))
    }
    assert used - documented == set()
