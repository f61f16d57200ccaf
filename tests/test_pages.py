"""The pages people read, rendered by a real browser from a real server.

Two `sdd-kg serve` processes: one over a build of data/, one over a data
folder holding the Harlan fixture (a lawbox HTML page with a majority and two
dissents in one file), so that an HTML source and a text of several opinions
are exercised. Headless Chromium (Debian's ``chromium`` driven by Selenium
through Debian's ``chromium-driver``, the two always of one version) loads
each kind of page; the checks read the rendered DOM and compare it with the
store, queried here independently of the pages' own queries. A screenshot of
each kind of page is saved under pytest's temporary folder, and the paths are
printed at the end of the module.

A crawler (plain HTTP, no browser) follows every internal link from the
home page and checks that none fails.

The browser tests skip when Chromium, its driver or Selenium is missing,
unless SDD_KG_REQUIRE_EXTERNAL=1 (CI), where they fail.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlencode, urljoin, urlsplit

import pytest

from sdd_kg.build import build
from sdd_kg.convert import read_document, text_layout
from sdd_kg.store import open_store

from .conftest import ROOT, require_external
from .serving import get, start_server, stop_server

BASE = "https://w3id.org/sdd-kg/"
KENNEDY = BASE + "case/439-F.3d-1055"
BYBEE = KENNEDY + "/opinion/dissent/jay-s-bybee"
HARLAN = BASE + "case/999-F.4th-1201"
HARLAN_OPINIONS = {
    HARLAN + "/opinion/majority/ada-m-whitcombe": "WHITCOMBE, Circuit Judge:",
    HARLAN + "/opinion/dissent/peter-j-carrow": "CARROW, Circuit Judge, dissenting:",
    HARLAN + "/opinion/dissent/ruth-l-navarro": "NAVARRO, Circuit Judge, dissenting:",
}
CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
PREFIX = """PREFIX sdd: <https://w3id.org/sdd-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


# --- The servers, the browser, the screenshots -----------------------------------------


@pytest.fixture(scope="module")
def harlan(tmp_path_factory):
    """`sdd-kg add` the lawbox page of three opinions into a fresh data folder,
    build it, and serve it."""
    folder = tmp_path_factory.mktemp("harlan")
    data, dist = folder / "data", folder / "dist"
    data.mkdir()
    added = subprocess.run(
        [sys.executable, "-m", "sdd_kg.cli", "add", str(ROOT / "tests/fixtures/ingest/lawbox-combined.html"), "--data", str(data)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert added.returncode == 0, added.stderr
    build(data, dist)
    server = start_server(dist, folder / "serve.log", data=data, workers=1)
    yield server, data, open_store(dist)
    stop_server(server)


def _browser_missing() -> list[str]:
    missing = [str(p) for p in (CHROMIUM, DRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    return missing


@pytest.fixture(scope="module")
def browser():
    missing = _browser_missing()
    if missing:
        message = f"headless Chromium needs {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if require_external():
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1280,900",
                     "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory, request):
    """Where screenshots go; their paths are printed when the module ends."""
    folder = tmp_path_factory.mktemp("screenshots")
    saved: list[Path] = []
    yield folder, saved
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and saved:
        reporter.write_line(f"\npage screenshots ({len(saved)}) in {folder}:")
        for path in saved:
            reporter.write_line(f"  {path.name}")


def shoot(browser, shots, name: str, full: bool = True) -> Path:
    """A screenshot of the page as a reader sees it: the whole page (up to a
    height) or the window."""
    folder, saved = shots
    path = folder / f"{name}.png"
    if full:
        height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 7000)")
        browser.set_window_size(1280, max(height, 300))
    browser.save_screenshot(str(path))
    browser.set_window_size(1280, 900)
    assert path.stat().st_size > 10_000  # a picture, not a blank
    saved.append(path)
    return path


def local(server, iri: str, ext: str = "html") -> str:
    path = iri[len(BASE):].replace("#", "%23")
    return server.url + path + (f".{ext}" if ext else "")


def visit(browser, url: str) -> None:
    browser.get(url)
    assert browser.execute_script("return document.readyState") == "complete"
    # No script on any page: everything works without JavaScript.
    assert browser.execute_script("return document.scripts.length") == 0


def js(browser, script: str, *args):
    return browser.execute_script(script, *args)


def rows(store, query: str) -> list[dict]:
    result = store.query(PREFIX + query)
    names = [v.value for v in result.variables]
    return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in result]


FACTS = "return Object.fromEntries([...document.querySelectorAll('[data-fact]')].map(d => [d.dataset.fact, d.textContent.trim().replace(/\\s+/g, ' ')]))"
MARKED = """const keys = {};
for (const m of document.querySelectorAll(arguments[0])) {
  for (const k of m.dataset.ann.split(' ')) keys[k] = (keys[k] || '') + m.textContent;
}
return keys;"""


def sparql_json(server, query: str) -> list[dict]:
    reply = get(server.sparql + "?" + urlencode({"query": query}), "application/sparql-results+json")
    assert reply.status == 200, reply.text
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(reply.body)["results"]["bindings"]]


# --- The home page and the network ------------------------------------------------------


def test_index(browser, server, store, shots):
    visit(browser, server.url)
    cases = rows(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a sdd:Case }")[0]["n"]
    opinions = rows(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?o a sdd:Opinion }")[0]["n"]
    factors = rows(store, "SELECT (COUNT(DISTINCT ?f) AS ?n) { ?f skos:inScheme sdd:Factors }")[0]["n"]
    counted = js(browser, """return ['cases', 'opinions', 'factors'].map(
        id => document.querySelectorAll('#' + id + ' table tr').length - 1)""")
    assert counted == [int(cases), int(opinions), int(factors)] == [43, 6, 21]
    # The picture: a node per case, each a link to the case; legends for courts and treatments.
    svg = js(browser, """const s = document.querySelector('#network svg.network');
        const nodes = [...s.querySelectorAll('a.node')];
        return {nodes: nodes.length, hrefs: nodes.map(a => a.getAttribute('href')),
                width: s.getBoundingClientRect().width, drawn: nodes.filter(a => a.getBBox().width > 0).length,
                edges: s.querySelectorAll('path.edge').length,
                courts: [...s.querySelectorAll('.legend-court')].map(t => t.textContent),
                treatments: [...s.querySelectorAll('.legend-treatment')].map(t => t.textContent)}""")
    assert svg["nodes"] == svg["drawn"] == 43 and svg["width"] > 600
    case_iris = {r["c"] for r in rows(store, "SELECT DISTINCT ?c { ?c a sdd:Case }")}
    assert set(svg["hrefs"]) == {server.url + c[len(BASE):] for c in case_iris}
    edges = rows(store, """SELECT (COUNT(DISTINCT CONCAT(STR(?a), " ", STR(?b))) AS ?n) {
        ?x a sdd:Citation ; cito:hasCitingEntity/sdd:opinionOf ?a ; sdd:citedCase ?b . FILTER (?a != ?b) }""")[0]["n"]
    assert svg["edges"] == int(edges)
    assert "Court of Appeals for the Ninth Circuit" in svg["courts"] and "Supreme Court of the United States" in svg["courts"]
    assert svg["treatments"] == ["relies on", "distinguishes", "criticises", "discusses"]
    links = js(browser, "return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    for wanted in ("sparql", "void", "ontology", "network.svg", "download/sdd-kg.ttl", "download/sdd-kg.jsonld"):
        assert server.url + wanted in links, wanted
    # The cases table is the answer to the query shown beside it.
    shown = js(browser, "return document.querySelector('#cases details.sparql pre').textContent")
    assert len(sparql_json(server, shown)) == 43
    shoot(browser, shots, "index")


def test_network_svg_document(browser, server, shots):
    reply = get(server.url + "network.svg")
    assert reply.status == 200 and reply.type == "image/svg+xml"
    assert get(server.url + "network.svg").body == reply.body  # the same bytes every time
    visit(browser, server.url + "network.svg")
    drawn = js(browser, """return {circles: document.querySelectorAll('circle').length,
        labels: [...document.querySelectorAll('a.node text')].filter(t => t.getBBox().width > 10).length}""")
    assert drawn == {"circles": 43, "labels": 43}
    shoot(browser, shots, "network-svg")


# --- A case --------------------------------------------------------------------------


def test_case_page(browser, server, store, shots):
    visit(browser, local(server, KENNEDY))
    facts = js(browser, FACTS)
    assert facts["Name"] == "Kennedy v. City of Ridgefield"
    assert facts["Citations"] == "439 F.3d 1055"
    assert facts["Court"] == "Court of Appeals for the Ninth Circuit"
    assert facts["Docket"] == "03-35333"
    assert (facts["Argued"], facts["Decided"]) == ("September 17, 2004", "March 7, 2006")
    assert facts["Panel"] == "A. Wallace Tashima, James R. Browning, Jay S. Bybee"
    assert facts["Disposition"] == "Affirmed (denial of qualified immunity to Officer Shields)"
    assert facts["Court below"] == "District Court, W.D. Washington" and facts["Docket below"] == "CV-01-05631-JKA"
    assert facts["Parties"].startswith("Kimberly Kennedy et al. (plaintiff appellee)")
    opinions = js(browser, """return [...document.querySelectorAll('#opinions table tr')].slice(1)
        .map(tr => [tr.cells[0].querySelector('a').textContent, ...[...tr.cells].slice(1).map(td => td.textContent.trim())])""")
    assert [(o[0], o[1], o[2], o[4], o[5]) for o in opinions] == [
        ("Browning, J., opinion of the court", "majority opinion", "James R. Browning", "", "not held"),
        ("Bybee, J., dissenting", "dissenting opinion", "Jay S. Bybee", "1067–1083", "held"),
    ]
    # What it cites: one row per cited case, with treatments and instance counts as the store has them.
    cited = js(browser, """return Object.fromEntries([...document.querySelectorAll('#cites tr[data-cited]')].map(tr =>
        [tr.dataset.cited, {instances: +tr.cells[4].textContent,
         treatments: [...tr.cells[2].querySelectorAll('.pill')].map(p => p.textContent)}]))""")
    expected = rows(store, f"""SELECT ?cited ?t (COUNT(DISTINCT ?c) AS ?n) {{
        ?c a sdd:Citation ; cito:hasCitingEntity/sdd:opinionOf <{KENNEDY}> ; cito:hasCitedEntity ?e ;
           sdd:treatment/skos:prefLabel ?t .
        OPTIONAL {{ ?c sdd:citedCase ?case }} BIND (COALESCE(?case, ?e) AS ?cited) }} GROUP BY ?cited ?t""")
    by_case: dict[str, dict] = {}
    for r in expected:
        entry = by_case.setdefault(r["cited"], {"instances": 0, "treatments": set()})
        entry["instances"] += int(r["n"])
        entry["treatments"].add(f"{r['t']} ×{r['n']}")
    assert {k: v["instances"] for k, v in cited.items()} == {k: v["instances"] for k, v in by_case.items()}
    assert {k: set(v["treatments"]) for k, v in cited.items()} == {k: v["treatments"] for k, v in by_case.items()}
    assert cited[BASE + "case/489-U.S.-189"] == {"instances": 12, "treatments": ["relies on ×10", "discusses ×2"]}
    # What cites it: Pauluk, with its treatments.
    citing = js(browser, """return [...document.querySelectorAll('#cited-by tr[data-citing]')].map(tr =>
        [tr.dataset.citing, tr.cells[2].textContent.trim().replace(/\\s+/g, ' '), +tr.cells[4].textContent])""")
    assert citing == [[BASE + "case/836-F.3d-1117", "relies on ×6 discusses ×2", 8]]
    # Holdings about it, curated and machine, labelled.
    origins = js(browser, "return [...document.querySelectorAll('#holdings table tr')].slice(1).map(tr => tr.className)")
    holdings = rows(store, f"""SELECT ?h ?agent {{ ?h a sdd:Holding ; sdd:holdingOf <{KENNEDY}> ;
        <http://www.w3.org/ns/prov#wasAttributedTo> ?agent }}""")
    assert len(origins) == len(holdings) and set(origins) == {"curated", "machine"}
    # Its neighbourhood in the network: itself (outlined), what it cites, what cites it.
    hood = js(browser, """const s = document.querySelector('#network svg');
        return {focus: [...s.querySelectorAll('a.node.focus')].map(a => a.dataset.iri),
                nodes: s.querySelectorAll('a.node').length, edges: s.querySelectorAll('path.edge').length}""")
    around = rows(store, f"""SELECT (COUNT(DISTINCT ?cited) AS ?cites) (COUNT(DISTINCT ?citing) AS ?cited_by) {{
        {{ ?c sdd:citedCase ?cited ; cito:hasCitingEntity/sdd:opinionOf <{KENNEDY}> FILTER (?cited != <{KENNEDY}>) }}
        UNION {{ ?c sdd:citedCase <{KENNEDY}> ; cito:hasCitingEntity/sdd:opinionOf ?citing FILTER (?citing != <{KENNEDY}>) }}
    }}""")[0]
    cites, cited_by = int(around["cites"]), int(around["cited_by"])
    assert (cites, cited_by) == (34, 1)
    assert hood["focus"] == [KENNEDY] and hood["nodes"] == 1 + cites + cited_by and hood["edges"] == cites + cited_by
    # Every section's data are the answer to the query it shows.
    shown = js(browser, "return document.querySelector('#cites details.sparql pre').textContent")
    answered = sparql_json(server, shown)
    assert sum(int(r["instances"]) for r in answered) == sum(v["instances"] for v in cited.values())
    queries = js(browser, """return [...document.querySelectorAll('details.sparql')].map(d =>
        [d.querySelector('pre').textContent.length, d.querySelector('a').getAttribute('href')])""")
    assert len(queries) >= 7 and all(n > 50 and href.startswith(server.sparql + "?query=") for n, href in queries)
    links = js(browser, "return [...document.querySelectorAll('a[type]')].map(a => a.getAttribute('href'))")
    assert local(server, KENNEDY, "ttl") in links and local(server, KENNEDY, "jsonld") in links
    shoot(browser, shots, "case")
    # A case the texts name in two ways is one case, each of its holdings one row.
    deshaney = BASE + "case/489-U.S.-189"
    visit(browser, local(server, deshaney))
    assert js(browser, FACTS)["Name"] == ("DeShaney v. Winnebago County Dep't of Soc. Servs.; "
                                          "DeShaney v. Winnebago County Department of Social Services")
    shown = js(browser, "return [...document.querySelectorAll('#holdings table tr')].slice(1).map(tr => tr.cells[1].querySelector('a').href)")
    distinct = rows(store, f"SELECT DISTINCT ?h {{ ?h a sdd:Holding ; sdd:holdingOf <{deshaney}> }}")
    assert sorted(shown) == sorted(server.url + r["h"][len(BASE):] for r in distinct) and len(shown) == 3


# --- An opinion and its text --------------------------------------------------------


def expected_spans(store, opinion: str) -> dict[str, tuple[int, int, str]]:
    """Every span the graph anchors in the opinion's text, by the key the page
    gives it (the IRI after the opinion's, slashes as dashes), with its
    offsets and quote."""
    found = rows(store, f"""SELECT ?resource ?start ?end ?exact {{
        {{ ?citation sdd:nestedIn*/cito:hasCitingEntity <{opinion}> ; sdd:textTarget ?target .
           BIND (?citation AS ?resource) }}
        UNION {{ ?citation sdd:nestedIn*/cito:hasCitingEntity <{opinion}> ; sdd:treatmentEvidence ?target .
           BIND (?target AS ?resource) }}
        UNION {{ ?statement sdd:statedIn <{opinion}> ; sdd:textTarget ?target . BIND (?target AS ?resource) }}
        ?target oa:hasSelector ?quote, ?position . ?quote oa:exact ?exact .
        ?position oa:start ?start ; oa:end ?end }}""")
    return {r["resource"][len(opinion) + 1:].replace("/", "-"): (int(r["start"]), int(r["end"]), r["exact"])
            for r in found}


def check_text(browser, store, opinion: str, raw: str, shown: list[tuple[int, int]]) -> dict:
    """The rendered text is the opinion's part of the source (``shown``: its
    body, then its footnotes), every span of the graph is highlighted with
    exactly its quote (where it runs beyond the text shown, with the part
    shown, and the page says so), links never nest."""
    body_start, body_end = shown[0]
    assert js(browser, "return document.getElementById('opinion-text').textContent") == raw[body_start:body_end]
    assert js(browser, "return document.getElementById('span-errors')") is None
    marked = js(browser, MARKED, "#opinion-text mark, #footnotes mark")
    spans = expected_spans(store, opinion)
    assert spans and marked.keys() == spans.keys()
    partly = []
    for key, (start, end, exact) in spans.items():
        assert raw[start:end] == exact, key
        visible = "".join(raw[max(start, a):min(end, b)] for a, b in shown if start < b and end > a)
        assert marked[key] == visible, key
        if visible != exact:
            partly.append(key)
    warnings = js(browser, "return [...document.querySelectorAll('#text p.warning')].map(p => p.textContent).join(' ')")
    assert all(key in warnings for key in partly)
    assert js(browser, "return document.querySelectorAll('a a, a mark a').length") == 0
    # Every citation links to what it cites, and to its own record.
    citations = rows(store, f"""SELECT ?c ?target {{ ?c a sdd:Citation ; sdd:nestedIn*/cito:hasCitingEntity <{opinion}> ;
        cito:hasCitedEntity ?e . OPTIONAL {{ ?c sdd:citedCase ?case }} BIND (COALESCE(?case, ?e) AS ?target) }}""")
    links = js(browser, """const out = {};
        for (const m of document.querySelectorAll('mark[data-ann] a')) {
          for (const k of m.closest('mark').dataset.ann.split(' ')) (out[k] = out[k] || []).push(m.href); }
        const own = {};
        for (const a of document.querySelectorAll('a.own')) own[a.dataset.own] = a.href;
        return [out, own];""")
    base = browser.current_url.split("/", 3)[:3]
    origin = "/".join(base) + "/"
    for c in citations:
        key = c["c"][len(opinion) + 1:].replace("/", "-")
        assert origin + c["target"][len(BASE):] in links[0][key], key
        assert links[1][key] == origin + c["c"][len(BASE):]
    return spans


def test_opinion_page(browser, server, store, shots):
    source, record, _ = read_document(ROOT / "data" / "kennedy-v-ridgefield-2006-dissent-bybee.txt")
    layout = text_layout(source, record)
    raw = source.text
    visit(browser, local(server, BYBEE) + "#text")
    spans = check_text(browser, store, BYBEE, raw,
                       [(0, layout.body_end_raw), *((n.raw_start, n.raw_end) for n in layout.footnotes)])
    citations = rows(store, f"""SELECT (COUNT(DISTINCT ?c) AS ?n) {{
        ?c a sdd:Citation ; sdd:nestedIn*/cito:hasCitingEntity <{BYBEE}> }}""")[0]["n"]
    assert sum(k.startswith("citation-") and "treatment-evidence" not in k for k in spans) == int(citations) > 150
    # Star pages: each marker keeps its characters, with an anchor the page list links to.
    pages = js(browser, """return [...document.querySelectorAll('.page-marker[id]')].map(s => [s.id, s.textContent])""")
    assert pages == [[f"page-{p}", f"*{p}"] for p in range(1068, 1084)]
    assert js(browser, "return [...document.querySelectorAll('nav.pages a')].length") == 16
    # Footnotes as footnotes: each with its text, called from the body, linking back.
    notes = js(browser, """return [...document.querySelectorAll('#footnotes li')].map(li =>
        [li.id, li.querySelector('.fn-text').textContent, !!document.getElementById('fnref-' + li.id.slice(3)),
         li.querySelector('a.fn-back').getAttribute('href')])""")
    assert [n[0] for n in notes] == [f"fn-{i}" for i in range(1, 12)]
    for (ident, text, called, back), note in zip(notes, layout.footnotes, strict=True):
        assert text == raw[note.raw_start:note.raw_end] and called and back == "#fnref-" + ident[3:]
    facts = js(browser, FACTS)
    assert facts["Author"] == "Jay S. Bybee" and facts["Type"] == "dissenting opinion" and facts["Pages"] == "1067–1083"
    findings = rows(store, f"SELECT (COUNT(DISTINCT ?f) AS ?n) {{ ?f a sdd:FactorFinding ; sdd:statedIn <{BYBEE}> }}")[0]["n"]
    assert js(browser, "return document.querySelectorAll('#findings table tr').length - 1") == int(findings)
    browser.execute_script("document.getElementById('page-1072').scrollIntoView()")
    shoot(browser, shots, "opinion-text", full=False)
    visit(browser, local(server, BYBEE))
    shoot(browser, shots, "opinion-top", full=False)


def test_opinions_of_one_html_text(browser, harlan, shots):
    server, data, store = harlan
    source, record, _ = read_document(data / "harlan-v-pryce-2024.html")
    layout = text_layout(source, record)
    raw = source.text
    parts = {op.opinion_id: op.span for op in record.per_opinion()}
    expected_notes = {"majority-whitcombe": 2, "dissent-carrow": 1, "dissent-navarro": 1}
    for (iri, author_line), (opinion_id, (start, end)) in zip(HARLAN_OPINIONS.items(), parts.items(), strict=True):
        visit(browser, local(server, iri))
        own = [n for n in layout.footnotes if n.call_raw_start is not None and start <= n.call_raw_start < end]
        check_text(browser, store, iri, raw, [(start, min(end, layout.body_end_raw)), *((n.raw_start, n.raw_end) for n in own)])
        text = js(browser, "return document.getElementById('opinion-text').textContent")
        assert text.lstrip("*0123456789 ").startswith(author_line)
        assert [line for line in HARLAN_OPINIONS.values() if line in text] == [author_line]
        notes = js(browser, "return [...document.querySelectorAll('#footnotes li .fn-text')].map(n => n.textContent)")
        assert len(notes) == expected_notes[opinion_id]
        assert notes == [raw[n.raw_start:n.raw_end] for n in own]
        markers = js(browser, "return [...document.querySelectorAll('#opinion-text .page-marker, #footnotes .page-marker')].map(s => s.textContent)")
        assert markers == [raw[m.raw_start:m.raw_end] for m in layout.paged.markers if start <= m.raw_start < min(end, layout.body_end_raw)]
    shoot(browser, shots, "opinion-html-dissent")
    visit(browser, local(server, HARLAN))
    assert js(browser, "return document.querySelectorAll('#opinions table tr').length - 1") == 3
    shoot(browser, shots, "case-three-opinions")


# --- Judges, courts, factors, the ontology, anything else ----------------------------


def test_judge_page(browser, server, shots):
    visit(browser, local(server, BASE + "judge/jay-s-bybee"))
    tables = js(browser, """return ['written', 'joined', 'panels'].map(id =>
        [...document.querySelectorAll('#' + id + ' table tr')].slice(1).map(tr => tr.cells[0].textContent.trim()))""")
    assert tables == [["Bybee, J., dissenting"], [], ["Kennedy v. City of Ridgefield, 439 F.3d 1055"]]
    shoot(browser, shots, "judge")


def test_court_page(browser, server, store, shots):
    visit(browser, local(server, BASE + "court/ca9"))
    decided = js(browser, "return [...document.querySelectorAll('#decided table.decided tr')].slice(1).map(tr => tr.cells[0].querySelector('a').href)")
    expected = rows(store, "SELECT DISTINCT ?c { ?c sdd:court <https://w3id.org/sdd-kg/court/ca9> }")
    assert sorted(decided) == sorted(server.url + r["c"][len(BASE):] for r in expected) and len(decided) == 17
    cites = js(browser, "return document.querySelectorAll('#cites table tr').length - 1")
    assert cites == 41
    shoot(browser, shots, "court")


def test_factor_page(browser, server, store, shots):
    factor = BASE + "ontology#AffirmativeAct"
    visit(browser, local(server, factor))
    facts = js(browser, FACTS)
    definition = rows(store, f"SELECT ?d {{ <{factor}> skos:definition ?d }}")[0]["d"]
    assert facts["Definition"] == definition
    assert facts["Broader"] == "Ninth Circuit state-created danger test" and facts["Narrower"] == "worse-position test"
    assert facts["Sources"].startswith("DeShaney v. Winnebago County Dep't of Soc. Servs., 489 U.S. 189, 195")
    findings = js(browser, """return [...document.querySelectorAll('#findings table tr')].slice(1).map(tr =>
        [tr.className, tr.cells[0].textContent.trim(), tr.cells[4].textContent.trim()])""")
    expected = rows(store, f"""SELECT ?f ?position (MIN(?exact) AS ?quote) ?person {{ ?f sdd:factor <{factor}> ;
        sdd:position/skos:prefLabel ?position ; sdd:textTarget/oa:hasSelector/oa:exact ?exact .
        OPTIONAL {{ ?f <http://www.w3.org/ns/prov#wasAttributedTo>/a ?person .
                   FILTER (?person = <http://www.w3.org/ns/prov#Person>) }} }} GROUP BY ?f ?position ?person""")
    assert sorted(map(tuple, findings)) == sorted(
        ("curated" if r["person"] else "machine", r["position"], r["quote"].strip()) for r in expected)
    assert len(findings) == 11
    cases = js(browser, "return document.querySelectorAll('#cases table tr').length - 1")
    assert cases == 6
    broader = js(browser, "return document.querySelector('[data-fact=Broader] a').getAttribute('href')")
    assert broader == local(server, BASE + "ontology#NinthCircuitTest")
    shoot(browser, shots, "factor")


def test_ontology_page(browser, server, store, shots):
    visit(browser, server.url + "ontology.html")
    ids = set(js(browser, "return [...document.querySelectorAll('[id]')].map(e => e.id)"))
    terms = rows(store, """SELECT DISTINCT ?t { GRAPH <https://w3id.org/sdd-kg/graph/ontology> { ?t ?p ?o }
        FILTER (STRSTARTS(STR(?t), "https://w3id.org/sdd-kg/ontology#")) }""")
    assert len(terms) > 150
    assert {t["t"].split("#", 1)[1] for t in terms} <= ids
    assert js(browser, "return document.querySelectorAll('#factor-scheme ul.tree li').length") == 21
    js(browser, "location.hash = '#citedCase'")
    shoot(browser, shots, "ontology", full=False)


def test_generic_page_points_into_the_text(browser, server, shots):
    citation = BYBEE + "/citation/16345-16414"
    visit(browser, local(server, citation))
    assert browser.title.startswith("citation: \u201cHuffman v. County of Los Ange-les, 147 F.3d 1054, 1061 (9th Cir.1998)\u201d")
    place = js(browser, "return document.querySelector('a.in-text').href")
    assert place == local(server, BYBEE) + "#citation-16345-16414"
    shoot(browser, shots, "citation")
    visit(browser, place)
    first = js(browser, """let n = document.getElementById('citation-16345-16414');
        while (n && n.tagName !== 'MARK') n = n.nextElementSibling;
        return n.textContent""")
    assert first == "Huffman"  # the citation's first words (its treatment cue)


# --- Every internal link answers -------------------------------------------------------


class Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.found: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)
            elif name == "id" and value:
                self.ids.add(value)


class Client:
    """One keep-alive connection to the server, following redirects."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def get(self, url: str, hops: int = 3) -> tuple[int, str, str, bytes]:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path, headers={"Accept": "text/html,*/*;q=0.8"})
                response = self.conn.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        location = response.getheader("location")
        if response.status in (301, 302, 303, 307, 308) and location and hops:
            return self.get(urljoin(url, location), hops - 1)
        return response.status, url, response.getheader("content-type", ""), body


MAX_DEPTH = 3
MAX_URLS = 6000
SPARQL_LINKS_CHECKED = 80


def test_every_internal_link_answers(server):
    """Breadth-first from the home page, every same-host href/src down to
    depth 3 (home 0, an opinion 1, a citation 2, its text target and its
    representations 3; some 4,200 URLs), at most 6,000; each fragment must
    name an id on the page it points to. The SPARQL links ("run this query")
    number in the thousands, one per query per page: one link of each
    distinct query (its IRIs aside) is run, and the first 80."""
    client = Client(server.url)
    host = urlsplit(server.url).netloc
    seen = {server.url: 0}
    queue = deque([server.url])
    failures, fragments, ids, final = [], [], {}, {}
    sparql: list[str] = []
    started, pages = time.monotonic(), 0
    while queue and len(final) < MAX_URLS:
        url = queue.popleft()
        status, landed, content_type, body = client.get(url)
        final[url] = landed
        if status >= 400:
            failures.append((status, url))
            continue
        if not content_type.startswith("text/html"):
            continue
        pages += 1
        parsed = Links(body.decode("utf-8"))
        ids[landed] = parsed.ids
        for href in parsed.found:
            target, fragment = urldefrag(urljoin(landed, href))
            if urlsplit(target).netloc != host:
                continue
            if fragment:
                fragments.append((url, target, fragment))
            if urlsplit(target).path.endswith("/sparql") and urlsplit(target).query:
                if target not in sparql:
                    sparql.append(target)
                continue
            if target not in seen and seen[url] < MAX_DEPTH:
                seen[target] = seen[url] + 1
                queue.append(target)
    # One link of each query the pages run (the resource's IRI aside), and the first few others.
    kinds = {}
    for url in sparql:
        kinds.setdefault(re.sub(r"https://w3id\.org/sdd-kg/[^\s\"'>]*", "X", unquote(urlsplit(url).query)), url)
    checked = list(dict.fromkeys([*kinds.values(), *sparql[:SPARQL_LINKS_CHECKED]]))
    for url in checked:
        status = client.get(url)[0]
        if status >= 400:
            failures.append((status, url))
    broken = [(page, target, fragment) for page, target, fragment in fragments
              if final.get(target) in ids and fragment not in ids[final[target]]]
    elapsed = time.monotonic() - started
    print(f"crawled {len(final)} URLs ({pages} pages) to depth {MAX_DEPTH}, checked {len(fragments)} fragment links "
          f"and ran {len(checked)} of {len(sparql)} query links ({len(kinds)} distinct queries) in {elapsed:.1f} s")
    assert not failures, failures[:10]
    assert not broken, broken[:10]
    assert pages > 1000 and len(kinds) > 20
