"""Treatment of cited cases: cue, signal and default rows, sentence cuts, blocking, and real Kennedy spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdd_kg.treatment import TREATMENTS, Treatment, classify

KENNEDY = Path(__file__).resolve().parent.parent / "data" / "kennedy-v-ridgefield-2006-dissent-bybee.txt"

PENILLA = "Penilla v. City of Huntington Park, 115 F.3d 707, 710 (9th Cir.1997)"
WOOD = "Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989)"
WOOD_588 = "Wood v. Ostrander, 879 F.2d 583, 588 (9th Cir.1989)"


def spans_of(raw: str, cites: list[str]) -> list[tuple[int, int]]:
    """Raw spans of ``cites``, each found after the previous one (so a repeated text is the next printing)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for cite in cites:
        start = raw.index(cite, pos)
        spans.append((start, start + len(cite)))
        pos = start + len(cite)
    return spans


def classify_one(raw: str, cite: str, signal: str) -> Treatment:
    [treatment] = classify(raw, spans_of(raw, [cite]), [signal])
    return treatment


def cue_text(raw: str, treatment: Treatment) -> str | None:
    if treatment.cue_start is None or treatment.cue_end is None:
        return None
    return raw[treatment.cue_start : treatment.cue_end]


# snippet, citation in it, signal, kind, basis, cue text (raw[cue_start:cue_end]) or None
ONE_CITATION = [
    # -- distinguishes
    pytest.param(
        f"Unlike the officers in {PENILLA}, Shields did not leave Kennedy in a worse position.",
        PENILLA, "none", "distinguishes", "cue", "Unlike", id="unlike-before",
    ),
    pytest.param(
        f"This case is readily distinguishable from {WOOD}, where the trooper stranded the plaintiff at night.",
        WOOD, "none", "distinguishes", "cue", "distinguishable", id="distinguishable-from",
    ),
    pytest.param(
        f"{WOOD}, is inapposite here because no officer stranded Kennedy.",
        WOOD, "none", "distinguishes", "cue", "inapposite", id="inapposite-after",
    ),
    pytest.param(
        f"We have distinguished {WOOD}, where the danger did not exist before the police acted.",
        WOOD, "none", "distinguishes", "cue", "distinguished", id="distinguished-verb",
    ),
    pytest.param(
        "By contrast, the officers in Munger v. City of Glasgow Police Dep’t, 227 F.3d 1082, 1087 (9th Cir.2000),"
        " ejected the plaintiff into subfreezing weather.",
        "Munger v. City of Glasgow Police Dep’t, 227 F.3d 1082, 1087 (9th Cir.2000)",
        "none", "distinguishes", "cue", "By contrast", id="by-contrast-adverb",
    ),
    pytest.param(
        "The facts here differ markedly from those in L.W. v. Grubbs, 974 F.2d 119, 121 (9th Cir.1992).",
        "L.W. v. Grubbs, 974 F.2d 119, 121 (9th Cir.1992)",
        "none", "distinguishes", "cue", "differ markedly from", id="differs-from",
    ),
    pytest.param(
        f"Kennedy’s claim is a far cry from {PENILLA}.",
        PENILLA, "none", "distinguishes", "cue", "a far cry from", id="far-cry",
    ),
    pytest.param(
        "This case is not like Munger, 227 F.3d at 1087, because Kennedy chose to stay home.",
        "227 F.3d at 1087", "none", "distinguishes", "cue", "is not like", id="is-not-like-short-cite",
    ),
    pytest.param(
        "Kennedy’s facts are not analogous to Grubbs I, 974 F.2d at 121.",
        "974 F.2d at 121", "none", "distinguishes", "cue", "not analogous", id="not-analogous",
    ),
    # -- criticises
    pytest.param(
        "Huffman v. County of Los Angeles, 147 F.3d 1054 (9th Cir.1998), was wrongly decided.",
        "Huffman v. County of Los Angeles, 147 F.3d 1054 (9th Cir.1998)",
        "none", "criticises", "cue", "wrongly", id="wrongly-decided",
    ),
    pytest.param(
        "Lawrence v. United States, 340 F.3d 952, 957 (9th Cir.2003), misreads DeShaney.",
        "Lawrence v. United States, 340 F.3d 952, 957 (9th Cir.2003)",
        "none", "criticises", "cue", "misreads", id="misreads",
    ),
    pytest.param(
        "Kallstrom v. City of Columbus, 136 F.3d 1055 (6th Cir.1998), cannot be squared with DeShaney.",
        "Kallstrom v. City of Columbus, 136 F.3d 1055 (6th Cir.1998)",
        "none", "criticises", "cue", "cannot be squared", id="cannot-be-squared",
    ),
    pytest.param(
        "We respectfully disagree with the reasoning of Kallstrom v. City of Columbus, 136 F.3d 1055 (6th Cir.1998).",
        "Kallstrom v. City of Columbus, 136 F.3d 1055 (6th Cir.1998)",
        "none", "criticises", "cue", "We respectfully disagree", id="we-disagree",
    ),
    pytest.param(
        "To the extent it holds otherwise, we overrule Ketchum v. Alameda County, 811 F.2d 1243 (9th Cir.1987).",
        "Ketchum v. Alameda County, 811 F.2d 1243 (9th Cir.1987)",
        "none", "criticises", "cue", "overrule", id="overrule",
    ),
    # criticism hits the subject; the case after "contrary to" is the authority
    pytest.param(
        "The majority’s holding is contrary to DeShaney v. Winnebago County Dep’t of Soc. Servs.,"
        " 489 U.S. 189, 109 S.Ct. 998, 103 L.Ed.2d 249 (1989).",
        "DeShaney v. Winnebago County Dep’t of Soc. Servs., 489 U.S. 189, 109 S.Ct. 998, 103 L.Ed.2d 249 (1989)",
        "none", "relies-on", "default", None, id="contrary-to-object-is-authority",
    ),
    # -- discusses: another opinion's use of the case
    pytest.param(
        f"The majority relies on {PENILLA}, for the proposition that danger enhancement suffices.",
        PENILLA, "none", "discusses", "cue", "The majority relies", id="majority-relies-on",
    ),
    pytest.param(
        "The majority’s reliance on Grubbs I, 974 F.2d at 121, is misplaced.",
        "974 F.2d at 121", "none", "discusses", "cue", "The majority’s reliance on", id="majority-reliance-on",
    ),
    pytest.param(
        "As the majority notes, the Supreme Court’s opinion in Saucier v. Katz, 533 U.S. 194 (2001), provides"
        " the framework for our analysis.",
        "Saucier v. Katz, 533 U.S. 194 (2001)", "none", "discusses", "cue", "the majority notes", id="as-majority-notes",
    ),
    pytest.param(
        "The majority cites Munger, 227 F.3d at 1086, for that rule.",
        "227 F.3d at 1086", "none", "discusses", "cue", "The majority cites", id="majority-cites",
    ),
    pytest.param(
        "The majority opinion characterizes Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989), as a danger-enhancement"
        " case.",
        WOOD, "none", "discusses", "cue", "The majority opinion characterizes", id="majority-characterizes",
    ),
    pytest.param(
        "The majority points to L.W. v. Grubbs, 974 F.2d 119 (9th Cir.1992).",
        "L.W. v. Grubbs, 974 F.2d 119 (9th Cir.1992)", "none", "discusses", "cue", "The majority points to",
        id="majority-points-to",
    ),
    # "the majority distinguishes X" reports the majority's distinction (longest cue wins)
    pytest.param(
        f"The majority distinguishes {WOOD}, on its facts.",
        WOOD, "none", "discusses", "cue", "The majority distinguishes", id="majority-distinguishes",
    ),
    # -- negation
    pytest.param(
        "This case is not distinguishable from Munger v. City of Glasgow Police Dep’t, 227 F.3d 1082 (9th Cir.2000).",
        "Munger v. City of Glasgow Police Dep’t, 227 F.3d 1082 (9th Cir.2000)",
        "none", "relies-on", "cue", "not distinguishable", id="not-distinguishable",
    ),
    pytest.param(
        f"There is no reason to distinguish {PENILLA}.",
        PENILLA, "none", "relies-on", "cue", "no reason to distinguish", id="no-reason-to-distinguish",
    ),
    pytest.param(
        "We cannot meaningfully distinguish Grubbs I, 974 F.2d at 121, on that ground.",
        "974 F.2d at 121", "none", "relies-on", "cue", "cannot meaningfully distinguish", id="cannot-distinguish",
    ),
    pytest.param(
        "Munger, 227 F.3d at 1087, was not wrongly decided.",
        "227 F.3d at 1087", "none", "relies-on", "cue", "not wrongly", id="not-wrongly",
    ),
    pytest.param(
        "This case isn’t distinguishable from Grubbs I, 974 F.2d at 121.",
        "974 F.2d at 121", "none", "relies-on", "cue", "isn’t distinguishable", id="isnt-contraction",
    ),
    # -- phrase cues stop at a clause break
    pytest.param(
        f"Unlike the nurse in Grubbs, Kennedy knew of the danger, see {WOOD}.",
        WOOD, "see", "relies-on", "signal", None, id="unlike-other-clause",
    ),
    pytest.param(
        f"The state cannot be held liable; by contrast, in {WOOD_588}, the trooper acted.",
        WOOD_588, "none", "distinguishes", "cue", "by contrast", id="adverb-after-semicolon",
    ),
    pytest.param(
        f"By contrast, the majority ignores Grubbs; we rely on {WOOD_588}.",
        WOOD_588, "none", "relies-on", "default", None, id="semicolon-stops-sentence-cue",
    ),
    # -- parentheticals: only those describing the cited case count
    pytest.param(
        "Cf. Kallstrom v. City of Columbus, 136 F.3d 1055 (6th Cir.1998) (easily distinguishable, because the"
        " disclosure there was avoidable).",
        "Kallstrom v. City of Columbus, 136 F.3d 1055 (6th Cir.1998)",
        "cf.", "distinguishes", "cue", "distinguishable", id="paren-describes-case",
    ),
    pytest.param(
        "See Nicholas v. Wallenstein, 266 F.3d 1083, 1087 (9th Cir.2001) (distinguishing Wood on its facts).",
        "Nicholas v. Wallenstein, 266 F.3d 1083, 1087 (9th Cir.2001)",
        "see", "relies-on", "signal", None, id="paren-reports-cited-case",
    ),
    pytest.param(
        "See, e.g., Wood, 879 F.2d at 590 (reasoning that the trooper’s action “distinguish[ed] [the plaintiff]"
        " from the general public”).",
        "879 F.2d at 590", "see-e.g.", "relies-on", "signal", None, id="paren-quote-masked",
    ),
    pytest.param(
        f"{PENILLA} (on which the majority relies), involved officers who moved the victim indoors.",
        PENILLA, "none", "discusses", "cue", "the majority relies", id="paren-majority-relies",
    ),
    # -- quotations are the quoted court's words
    pytest.param(
        "We reasoned that “[t]he fact that Ostrander arrested the driver distinguished Wood from the general"
        " public.” Id. at 590.",
        "Id. at 590", "none", "relies-on", "default", None, id="quoted-cue-masked",
    ),
    # -- a bare citation sentence takes the previous sentence's cue
    pytest.param(
        "Unlike in Wood, the officer here did nothing. 879 F.2d at 590.",
        "879 F.2d at 590", "none", "distinguishes", "cue", "Unlike", id="inherit-unlike",
    ),
    pytest.param(
        "Some of these cases left helpless people in a dangerous place; these cases are inapplicable."
        " See Kneipp v. Tedder, 95 F.3d 1199 (3d Cir.1996) (holding that police could not leave a drunk pedestrian).",
        "Kneipp v. Tedder, 95 F.3d 1199 (3d Cir.1996)",
        "see", "distinguishes", "cue", "inapplicable", id="inherit-through-see",
    ),
    pytest.param(
        "The majority relies on a single sentence in Penilla. 115 F.3d at 710.",
        "115 F.3d at 710", "none", "discusses", "cue", "The majority relies", id="inherit-majority-relies",
    ),
    pytest.param(
        "Contrary to the majority’s suggestion, Grubbs I did not rest on a misrepresentation. Maj. Op. at 1068.",
        "Maj. Op. at 1068", "none", "criticises", "cue", "Contrary to", id="inherit-criticism",
    ),
    # a See-type signal is this opinion's own support: no inherited criticism or report
    pytest.param(
        "Contrary to the majority’s suggestion, Grubbs I did not rest on a misrepresentation."
        " See L.W. v. Grubbs, 974 F.2d 119, 121 (9th Cir.1992).",
        "L.W. v. Grubbs, 974 F.2d 119, 121 (9th Cir.1992)", "see", "relies-on", "signal", None,
        id="see-blocks-inherited-criticism",
    ),
    pytest.param(
        "As the majority notes, the right must be clearly established. See Saucier v. Katz, 533 U.S. 194, 201 (2001).",
        "Saucier v. Katz, 533 U.S. 194, 201 (2001)", "see", "relies-on", "signal", None,
        id="see-blocks-inherited-report",
    ),
    pytest.param(
        f"Unlike in Wood, the officer here did nothing. But see {PENILLA}.",
        PENILLA, "but-see", "criticises", "signal", None, id="but-see-keeps-its-meaning",
    ),
    pytest.param(
        "Unlike in Wood, the officer here did nothing.\n879 F.2d at 590.",
        "879 F.2d at 590", "none", "relies-on", "default", None, id="paragraph-break-stops-inheritance",
    ),
    pytest.param(
        "Unlike in Wood, the officer here did nothing. Id. at 590; see also 879 F.2d at 588.",
        "879 F.2d at 588", "see-also", "distinguishes", "cue", "Unlike", id="inherit-in-string-cite",
    ),
    # -- sentence ends and abbreviations
    pytest.param(
        f"The officers here did not strand Kennedy; unlike in Wood, she stayed home. See {WOOD_588}.",
        WOOD_588, "see", "distinguishes", "cue", "unlike", id="citation-sentence-with-abbreviations",
    ),
    pytest.param(
        "As the majority notes, the Court in L.W. v. Grubbs relied on Wood v. Ostrander, 879 F.2d 583 (9th Cir.1989).",
        WOOD, "none", "discusses", "cue", "the majority notes", id="v-and-initials-no-end",
    ),
    pytest.param(
        "As the majority notes, the U.S. Supreme Court has not adopted the doctrine, see DeShaney, 489 U.S. at 197.",
        "489 U.S. at 197", "see", "discusses", "cue", "the majority notes", id="dotted-no-end",
    ),
    pytest.param(
        "As the majority notes, the Ridgefield Police Dep’t. Unit No. 4 never called CAIC, see Grubbs I,"
        " 974 F.2d at 121.",
        "974 F.2d at 121", "see", "discusses", "cue", "the majority notes", id="dept-and-no-no-end",
    ),
    pytest.param(
        "As the majority notes, Justice Blackmun and J. Marshall dissented, see DeShaney, 489 U.S. at 212.",
        "489 U.S. at 212", "see", "discusses", "cue", "the majority notes", id="single-initial-no-end",
    ),
    pytest.param(
        "The majority relies on Grubbs. Id. Wood, 879 F.2d at 590, involved a stranded passenger.",
        "879 F.2d at 590", "none", "relies-on", "default", None, id="id-ends-sentence",
    ),
    pytest.param(
        "The majority relies on Grubbs. Id. Wood, 879 F.2d at 590, involved a stranded passenger.",
        "Id.", "none", "discusses", "cue", "The majority relies", id="bare-id-inherits",
    ),
    pytest.param(
        "The majority relies on Grubbs I. Wood, 879 F.2d at 590, involved a stranded passenger.",
        "879 F.2d at 590", "none", "relies-on", "default", None, id="roman-numeral-ends-sentence",
    ),
    pytest.param(
        "As the majority notes, the Court warned that “sympathy is natural. But the harm was inflicted by a private"
        " actor,” see DeShaney, 489 U.S. at 203.",
        "489 U.S. at 203", "see", "discusses", "cue", "the majority notes", id="no-end-inside-quotation",
    ),
    pytest.param(
        "Unlike in Wood, the officer here did nothing.3 Id. at 590.",
        "Id. at 590", "none", "distinguishes", "cue", "Unlike", id="footnote-call-after-period",
    ),
    # -- star page markers
    pytest.param(
        f"Un*1068like the officers in {PENILLA}, Shields stayed with Kennedy.",
        PENILLA, "none", "distinguishes", "cue", "Un*1068like", id="star-inside-cue",
    ),
    pytest.param(
        f"This case is *1071distinguishable from {WOOD}.",
        WOOD, "none", "distinguishes", "cue", "distinguishable", id="star-glued-before-cue",
    ),
    pytest.param(
        "Shields warned her promptly. *1077Unlike in Wood, the officer here did nothing. 879 F.2d at 590.",
        "879 F.2d at 590", "none", "distinguishes", "cue", "Unlike", id="star-at-sentence-start",
    ),
]


@pytest.mark.parametrize(("raw", "cite", "signal", "kind", "basis", "cue"), ONE_CITATION)
def test_one_citation(raw: str, cite: str, signal: str, kind: str, basis: str, cue: str | None) -> None:
    treatment = classify_one(raw, cite, signal)
    assert (treatment.kind, treatment.basis, cue_text(raw, treatment)) == (kind, basis, cue)


SIGNAL_WORDS = {
    "none": "",
    "see": "See ",
    "see-e.g.": "See, e.g., ",
    "see-also": "See also ",
    "accord": "Accord ",
    "cf.": "Cf. ",
    "compare": "Compare ",
    "see-generally": "See generally ",
    "but-see": "But see ",
    "but-cf.": "But cf. ",
    "contra": "Contra ",
}


@pytest.mark.parametrize(
    ("signal", "kind", "basis"),
    [
        ("none", "relies-on", "default"),
        ("see", "relies-on", "signal"),
        ("see-e.g.", "relies-on", "signal"),
        ("see-also", "relies-on", "signal"),
        ("accord", "relies-on", "signal"),
        ("cf.", "relies-on", "signal"),
        ("compare", "discusses", "signal"),
        ("see-generally", "discusses", "signal"),
        ("but-see", "criticises", "signal"),
        ("but-cf.", "criticises", "signal"),
        ("contra", "criticises", "signal"),
    ],
)
def test_signal_without_cue(signal: str, kind: str, basis: str) -> None:
    raw = f"The state must act affirmatively. {SIGNAL_WORDS[signal]}{WOOD_588}."
    assert classify_one(raw, WOOD_588, signal) == Treatment(kind, basis, None, None)


# snippet, citations in it, expected kind of each
SEVERAL_CITATIONS = [
    pytest.param(
        "Unlike Wood, 879 F.2d at 590, this case resembles Penilla, 115 F.3d at 710.",
        ["879 F.2d at 590", "115 F.3d at 710"], ["distinguishes", "relies-on"], id="nearest-cue-blocked-by-citation",
    ),
    pytest.param(
        "Unlike the officers in Wood, 879 F.2d at 590, and Penilla, 115 F.3d at 710, Shields never moved Kennedy.",
        ["879 F.2d at 590", "115 F.3d at 710"], ["distinguishes", "distinguishes"], id="cue-before-a-list",
    ),
    pytest.param(
        "Wood, 879 F.2d at 590, and Penilla, 115 F.3d at 710, are both distinguishable.",
        ["879 F.2d at 590", "115 F.3d at 710"], ["distinguishes", "distinguishes"], id="cue-after-a-list",
    ),
    pytest.param(
        "The majority relies on Wood, 879 F.2d at 590, but this case is governed by Wallenstein, 266 F.3d at 1087.",
        ["879 F.2d at 590", "266 F.3d at 1087"], ["discusses", "relies-on"], id="report-blocked-by-citation",
    ),
    pytest.param(
        "The majority relies on Wood, 879 F.2d at 590; Penilla, 115 F.3d at 710.",
        ["879 F.2d at 590", "115 F.3d at 710"], ["discusses", "discusses"], id="report-over-string-cite",
    ),
    pytest.param(
        "Unlike Wood, 879 F.2d at 590, the officer here did nothing. Id. at 591.",
        ["879 F.2d at 590", "Id. at 591"], ["distinguishes", "relies-on"], id="inherit-only-after-last-citation",
    ),
    pytest.param(
        "Ketchum v. Alameda County, 811 F.2d 1243, 1247 (9th Cir.1987) (quoting Bowers v. DeVito, 686 F.2d 616, 618"
        " (7th Cir.1982)), is inapposite.",
        ["Ketchum v. Alameda County, 811 F.2d 1243, 1247 (9th Cir.1987)", "Bowers v. DeVito, 686 F.2d 616, 618"
         " (7th Cir.1982)"],
        ["distinguishes", "relies-on"], id="nested-citation-by-signal-only",
    ),
]


@pytest.mark.parametrize(("raw", "cites", "kinds"), SEVERAL_CITATIONS)
def test_several_citations(raw: str, cites: list[str], kinds: list[str]) -> None:
    treatments = classify(raw, spans_of(raw, cites), ["none"] * len(cites))
    assert [t.kind for t in treatments] == kinds
    assert all(t.kind in TREATMENTS for t in treatments)


@pytest.mark.parametrize(
    ("spans", "signals", "message"),
    [
        ([(0, 4)], [], "1 spans but 0 signals"),
        ([], ["see"], "0 spans but 1 signals"),
        ([(0, 400)], ["none"], "outside the text"),
        ([(5, 4)], ["none"], "outside the text"),
        ([(0, 4)], ["see-also,"], "unknown signal"),
    ],
)
def test_bad_arguments(spans: list[tuple[int, int]], signals: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        classify(f"See {WOOD}.", spans, signals)


def test_empty_and_deterministic() -> None:
    assert classify("", [], []) == []
    raw = "Unlike Wood, 879 F.2d at 590, this case resembles Penilla, 115 F.3d at 710."
    spans = spans_of(raw, ["879 F.2d at 590", "115 F.3d at 710"])
    first = classify(raw, spans, ["none", "none"])
    assert classify(raw, spans, ["none", "none"]) == first
    # input order is kept, whatever the text order
    assert classify(raw, spans[::-1], ["none", "none"]) == first[::-1]


# Real spans of the Kennedy dissent, each located by an anchor before it and checked by reading:
# (anchor, citation, signal, kind, cue text or None)
KENNEDY_SPANS = [
    # "As the majority notes, the Supreme Court's opinion in Saucier ... provides the framework"
    ("As the majority notes", "Saucier v. Katz, 533 U.S. 194, 121 S.Ct. 2151, 150 L.Ed.2d 272 (2001)",
     "none", "discusses", "the majority notes"),
    ("See Estate of Ford", "Estate of Ford v. Ramirez-Palmer, 301 F.3d 1043, 1049 (9th Cir.2002)",
     "see", "relies-on", None),
    # "... exclamation, “Poor Joshua!” DeShaney v. Winnebago ..." follows "As the majority observes"
    ("Poor Joshua!", "DeShaney v. Winnebago County Dep’t of Soc. Servs., 489 U.S. 189, 213, 109 S.Ct. 998, 103 L.Ed.2d 249 (1989)",
     "none", "discusses", "the majority observes"),
    # Wood's own words "*1071distinguished Wood from the general public" are quoted, not this opinion's cue
    ("*1071distinguished", "Id. at 590", "none", "relies-on", None),
    # "(1) whether the act was directed ..., see, e.g., Wood, 879 F.2d at 590 (reasoning ... “distinguish[ed]"
    ("(1) whether the act", "879 F.2d at 590", "see-e.g.", "relies-on", None),
    # "Contrary to the majority’s suggestion, ... recognized in Grubbs I. Maj. Op. at 1068, 1066-1067."
    ("Contrary to the majority", "Maj. Op. at 1068, 1066-1067", "none", "criticises", "Contrary to"),
    # "As the majority acknowledges, “...” Maj. Op. at 1065; see Grubbs II, 92 F.3d at 898": the dissent's own support
    ("As the majority acknowledges", "92 F.3d at 898", "see", "relies-on", None),
    # footnote 3: "The majority cites to Penilla for the proposition ... Maj. Op. at 1063 n. 4; Penilla, 115 F.3d at 710"
    ("The majority cites to Penilla", "115 F.3d at 710", "none", "discusses", "The majority cites"),
    # footnote 9: "Some of these cases involve facts such as those in Wood ...; these cases are inapplicable. See ..."
    ("these cases are inapplicable", "Kneipp v. Tedder, 95 F.3d 1199 (3d Cir. 1996)",
     "see", "distinguishes", "inapplicable"),
    ("these cases are inapplicable", "Reed v. Gardner, 986 F.2d 1122 (7th Cir.1993)",
     "see", "distinguishes", "inapplicable"),
    ("these cases are inapplicable", "White v. Rochford, 592 F.2d 381, 384 (7th Cir.1979)",
     "see", "distinguishes", "inapplicable"),
    # "With a single exception, all of the cases ... were decided in favor of the government actors. See Butera ..."
    ("With a single exception", "Butera v. District of Columbia, 235 F.3d 637, 652 (D.C.Cir.2001)",
     "see", "relies-on", None),
]


def test_kennedy_dissent() -> None:
    raw = KENNEDY.read_text(encoding="utf-8")
    spans = []
    for anchor, cite, *_ in KENNEDY_SPANS:
        start = raw.index(cite, raw.index(anchor))
        spans.append((start, start + len(cite)))
    treatments = classify(raw, spans, [signal for *_, signal, _, _ in KENNEDY_SPANS])
    got = [(t.kind, cue_text(raw, t)) for t in treatments]
    assert got == [(kind, cue) for *_, kind, cue in KENNEDY_SPANS]


RECITALS = [
    # a bare citation sentence after a narrated story of the cited case
    ("In Wood v. Ostrander, the officers stranded a woman at night. 879 F.2d at 588-90.", "879 F.2d at 588-90",
     ("Wood", "Ostrander"), "discusses", "Wood"),
    ("The Grubbs I court concluded that the plaintiff stated a claim. Id. at 122.", "Id. at 122",
     ("Grubbs", "Grubbs I"), "discusses", "Grubbs I"),
    # a rule stated in the present is the opinion's own: relied on
    ("Saucier instructs that we must first ask whether a right was violated. 533 U.S. at 201.",
     "533 U.S. at 201", ("Saucier", "Katz"), "relies-on", None),
    # a narrated sentence that does not name the case: no recital
    ("The officers stranded a woman at night. 879 F.2d at 588-90.", "879 F.2d at 588-90",
     ("Wood", "Ostrander"), "relies-on", None),
]


@pytest.mark.parametrize(("raw", "cite", "names", "kind", "cue"), RECITALS)
def test_recital_of_the_cited_case_discusses_it(raw, cite, names, kind, cue) -> None:
    (treatment,) = classify(raw, spans_of(raw, [cite]), ["none"], [names])
    assert (treatment.kind, cue_text(raw, treatment)) == (kind, cue)
    # without names the rule is off, and a signal other than none turns it off
    assert classify(raw, spans_of(raw, [cite]), ["none"])[0].kind == "relies-on"
    assert classify(raw, spans_of(raw, [cite]), ["see"], [names])[0].kind == "relies-on"
