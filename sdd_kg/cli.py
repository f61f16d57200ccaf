"""The ``sdd-kg`` command line.

Exit codes, as in pySHACL: 0 success (and the graph conforms), 1 the graph
does not conform, 2 an error (bad input, missing file); errors print one line
on standard error naming the file and the problem.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click
from rdflib import Dataset

from . import __version__
from .errors import InputError
from .serialize import FORMATS, serialize, write_atomic

CONTEXT = {"help_option_names": ["-h", "--help"], "show_default": True, "max_content_width": 100}
EXIT_OK, EXIT_NONCONFORMING, EXIT_ERROR = 0, 1, 2


def reports_errors(func):
    """Turn InputError (and missing project files) into one line + exit 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (InputError, FileNotFoundError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="sdd-kg")
def main() -> None:
    """Build, validate, query and export the state-created danger knowledge graph."""


@main.command(context_settings=CONTEXT)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default="data", help="Folder of opinion texts and their .meta.yaml records.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default="dist", help="Output folder.")
@reports_errors
def build(data_dir: Path, out_dir: Path) -> None:
    """Convert every document in DATA, validate, and write OUT.

    Writes sdd-kg.ttl, sdd-kg.nt, sdd-kg.trig (one named graph per opinion
    and per case record), sdd-kg.jsonld and the validation report.
    """
    from .build import build as run_build

    result = run_build(data_dir, out_dir)
    summary = result.summary()
    for key, value in summary.items():
        click.echo(f"{key.replace('_', ' ')}: {str(value).lower() if isinstance(value, bool) else value}")
    click.echo(f"written: {', '.join(str(p) for p in result.outputs)}")
    if not result.validation.conforms:
        lines = result.validation.text.splitlines()
        shown = lines[:21]
        if len(lines) > len(shown):
            shown.append(f"... {len(lines) - len(shown)} more in {out_dir / 'validation-report.txt'}")
        click.echo("\n".join(shown), err=True)
        sys.exit(EXIT_NONCONFORMING)


def _case_options(func):
    """Options that supply case facts a source does not print."""
    options = [
        click.option("--meta", "meta", type=click.Path(path_type=Path), default=None,
                     help="YAML case facts (a case: mapping, or a whole metadata record) filling or replacing what the source prints."),
        click.option("--name", default=None, help="Case name, e.g. 'Harlan v. Pryce'."),
        click.option("--citation", "citations", multiple=True, help="Reporter citation, official first (repeat for parallels)."),
        click.option("--court", default=None, help="courts-db id of the court, e.g. ca9."),
        click.option("--docket", "docket_number", default=None, help="Docket number, e.g. 23-35501."),
        click.option("--decided", default=None, help="Decision date, YYYY-MM-DD."),
        click.option("--argued", default=None, help="Date argued, YYYY-MM-DD."),
        click.option("--panel", "panel", multiple=True, help="A judge of the panel (repeat for each)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _overrides(meta: Path | None, **facts) -> dict:
    from .ingest import load_case_facts

    supplied = load_case_facts(meta) if meta else {}
    for key, value in facts.items():
        if value:
            supplied[key] = list(value) if isinstance(value, tuple) else value
    return supplied


@main.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(path_type=Path))
@_case_options
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld", "nt", "nq", "trig"]), default="ttl")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write here instead of standard output.")
@reports_errors
def convert(file: Path, meta: Path | None, fmt: str, output: Path | None, **facts) -> None:
    """Convert one source FILE to RDF: every opinion it holds.

    FILE is an opinion text with its .meta.yaml beside it (or given with
    --meta), or any source `sdd-kg add` reads: CAP case JSON, CAP XML,
    CourtListener JSON, an HTML page, a plain text with an author line.
    """
    from .convert import convert_paths, merged_dataset, metadata_path_for

    # A text with a whole record (given, or beside it) converts as in data/;
    # anything else goes through the readers, like `sdd-kg add`.
    has_record = _is_record(meta) if meta is not None else metadata_path_for(file).exists()
    if file.suffix.lower() == ".txt" and has_record and not any(facts.values()):
        conversions = convert_paths(file, meta)
    else:
        from .ingest import convert_planned, plan
        from .readers import read

        planned = plan(read(file), _overrides(meta, **facts)).planned
        conversions = convert_planned(planned, file.parent)
    text = serialize(merged_dataset(conversions), fmt)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _is_record(path: Path) -> bool:
    """Whether a --meta file is a whole metadata record (it has a document: part)."""
    from .source import read_yaml

    obj = read_yaml(path, "metadata", max_bytes=1024 * 1024)
    return isinstance(obj, dict) and "document" in obj


@main.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default="data", help="The data folder to add to.")
@_case_options
@click.option("--replace", "replace_existing", is_flag=True, help="Replace an opinion data/ already holds (same case, same opinion).")
@click.option("--dry-run", is_flag=True, help="Read, check and convert, print what would be added, write nothing.")
@reports_errors
def add(sources: tuple[Path, ...], data_dir: Path, meta: Path | None, replace_existing: bool, dry_run: bool, **facts) -> None:
    """Add SOURCES to DATA in the canonical form: each opinion text as received, a record beside it.

    SOURCES: CAP case JSON (API v1 or 2024 static), CAP XML case bodies,
    CourtListener clusters with their opinions and docket, HTML opinion
    pages (lawbox), plain texts (an author line gives the opinion; the case
    facts come from --meta or the options). Prints what was read, inferred
    and left out. Nothing is written unless every source can be added.
    """
    from .ingest import add as run_add

    plans = run_add(list(sources), data_dir, _overrides(meta, **facts), replace_existing, dry_run)
    verb = "would add" if dry_run else "added"
    for p in plans:
        click.echo(f"{p.source.path}: {p.source.kind}")
        for item in p.planned:
            opinions = ", ".join(part.opinion_id for part in item.document.per_opinion())
            beside = ", ".join([item.record_name, *sorted(n for n in item.as_is if n != item.record_name)])
            kept = " (as they are)" if item.as_is else ""
            click.echo(f"  {verb} {data_dir / item.text_name} ({opinions}) and {beside}{kept}")
        for note in p.notes:
            click.echo(f"  inferred: {note}")
        if p.missing:
            click.echo(f"  not in the source: {', '.join(p.missing)}")
        for note in p.source.left_out:
            click.echo(f"  left out: {note}")


@main.command(context_settings=CONTEXT)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default="data", help="Folder of opinion texts and their .meta.yaml records.")
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path), default="tests/gold", help="Folder of hand-checked <document>.citations.yaml files.")
@click.option("--misses/--no-misses", default=True, help="List every missed, extra and differing item.")
@click.option("--fail-under", type=float, default=None, help="Exit 1 if any precision or recall is below this.")
@reports_errors
def evaluate(data_dir: Path, gold_dir: Path, misses: bool, fail_under: float | None) -> None:
    """Precision and recall of the extraction against hand-made references.

    Citations: every document in DATA that has a gold file in GOLD is scored
    on distinct cited cases, case citing instances, references to sibling
    opinions and (case, treatment) pairs, with agreement on signals,
    treatments and case facts. Doctrine: every document with a curated
    .annotations.yaml has its machine-extracted findings, precedent outcomes
    and own conclusions scored against it.
    """
    from .build import convert_all
    from .evaluation import evaluate as score
    from .evaluation import evaluate_doctrine, gold_path, load_gold, report

    results = []
    for conversion in convert_all(data_dir):
        path = gold_path(gold_dir, conversion.source.path.name)
        if path.exists():
            results.append(score(conversion, load_gold(path)))
        doctrine = evaluate_doctrine(conversion)
        if doctrine is not None:
            results.append(doctrine)
    if not results:
        raise InputError(gold_dir, "nothing to score: no gold file matches a document, and no document has a curated file")
    click.echo(report(results, misses), nl=False)
    lowest = min(min(s.precision, s.recall) for r in results for s in r.scores)
    if fail_under is not None and lowest < fail_under:
        click.echo(f"lowest precision or recall {lowest:.3f} is under {fail_under}", err=True)
        sys.exit(EXIT_NONCONFORMING)


@main.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text", help="Report as sentences or as a SHACL report graph.")
@reports_errors
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Validate RDF FILES (ttl, nt, nq, trig, jsonld) against the shapes."""
    from .validation import validate_files

    result = validate_files(list(files))
    click.echo(result.text if fmt == "text" else result.report_turtle, nl=False)
    sys.exit(EXIT_OK if result.conforms else EXIT_NONCONFORMING)


def _build_if_stale(data_dir: Path, out_dir: Path, product: Path) -> None:
    """Build out_dir from data_dir when ``product`` (a file or folder the
    build writes) is absent or older than any file in data_dir."""
    stale = not product.exists() or any(
        p.stat().st_mtime > product.stat().st_mtime for p in data_dir.glob("*") if p.is_file()
    )
    if stale:
        from .build import build as run_build

        click.echo(f"building {out_dir} first ...", err=True)
        run_build(data_dir, out_dir)


def _store_marker(out_dir: Path) -> Path:
    """The file whose age is the query store's: RocksDB writes CURRENT when
    the store is made, and a store without it is no store."""
    from .store import store_path

    return store_path(out_dir) / "CURRENT"


def _built_dataset(out_dir: Path, data_dir: Path) -> Dataset:
    """The dataset from out_dir's TriG, building it first when absent or stale."""
    trig = out_dir / "sdd-kg.trig"
    _build_if_stale(data_dir, out_dir, trig)
    ds = Dataset()
    ds.parse(trig, format="trig")
    return ds


@main.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="ttl")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write here instead of standard output.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default="data", help="Folder of documents, built first if DIST is missing or older.")
@click.option("--dist", "out_dir", type=click.Path(path_type=Path), default="dist", help="Folder of the built dataset.")
@reports_errors
def export(fmt: str, output: Path | None, data_dir: Path, out_dir: Path) -> None:
    """Export the built dataset in one format."""
    text = serialize(_built_dataset(out_dir, data_dir), fmt)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@main.command(context_settings=CONTEXT)
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", help="Format of a SELECT answer (a graph is Turtle, ASK is true/false).")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE", help="Give ?VAR a value before evaluation (repeatable; replaces the query's '# bind:' default). <...> is an IRI, digits an xsd:integer, \"...\" or anything else a plain literal.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default="data", help="Folder of documents, built first if DIST's store is missing or older.")
@click.option("--dist", "out_dir", type=click.Path(path_type=Path), default="dist", help="Folder of the built dataset and its query store.")
@reports_errors
def query(query: str | None, fmt: str, binds: tuple[str, ...], list_queries: bool, data_dir: Path, out_dir: Path) -> None:
    """Run a named QUERY (see --list) or a .rq file over the built dataset.

    The query store (DIST/store, Oxigraph) answers; its default graph is the
    union of the dataset's named graphs and the ontology. Named queries with
    a parameter say so in --list; e.g. `sdd-kg query precedent-outcomes
    --bind case=<https://w3id.org/sdd-kg/case/147-F.3d-1054>`.
    """
    from .queries import bindings_for, format_result, load_query, named_queries, run
    from .store import open_store

    if list_queries or not query:
        for q in named_queries().values():
            params = "".join(f" [--bind {name}=...]" for name, _ in q.bindings)
            click.echo(f"{q.name}{params}: {q.question}")
        return
    named = load_query(query)
    bindings = bindings_for(named, binds)
    _build_if_stale(data_dir, out_dir, _store_marker(out_dir))
    click.echo(format_result(run(named, open_store(out_dir), bindings), fmt), nl=False)


def _read_secret(password_env: str | None, password_file: Path | None) -> str | None:
    """The password or token, from an environment variable or the first line of a file."""
    if password_env and password_file:
        raise InputError("--password-env", "give --password-env or --password-file, not both")
    if password_env:
        secret = os.environ.get(password_env)
        if secret is None:
            raise InputError(f"${password_env}", "environment variable is not set")
    elif password_file:
        try:
            lines = password_file.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(password_file, f"cannot read the password: {exc}") from None
        secret = lines[0] if lines else ""
    else:
        return None
    if not secret:
        raise InputError(password_file or f"${password_env}", "the password is empty")
    return secret


def _table(rows: list[tuple[str, ...]]) -> str:
    """Left-aligned first column, right-aligned numbers."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
        for row in rows
    )


@main.command(context_settings=CONTEXT)
@click.option("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint of the target store; the counts are checked here.")
@click.option("--graph-store", metavar="URL", default=None, show_default="the endpoint", help="SPARQL 1.1 Graph Store Protocol URL that takes the PUTs (see docs/publish.md for each store).")
@click.option("--user", metavar="NAME", default=None, help="User name for basic or digest authentication.")
@click.option("--password-env", metavar="VAR", default=None, help="Environment variable holding the password (or bearer token).")
@click.option("--password-file", type=click.Path(path_type=Path), default=None, help="File whose first line is the password (or bearer token).")
@click.option("--auth", "auth_scheme", type=click.Choice(["basic", "digest", "bearer"]), default="digest", help="HTTP authentication scheme; bearer sends the secret as a token (QLever).")
@click.option("--ca-file", type=click.Path(path_type=Path), default=None, help="Verify TLS against these CA certificates instead of the system's (verification is always on).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, metavar="S", help="Seconds to wait for each request.")
@click.option("--prune/--no-prune", default=True, help="Delete graphs under https://w3id.org/sdd-kg/graph/ that the store holds and the dataset no longer has.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent, send nothing.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default="data", help="Folder of documents, built first if DIST is missing or older.")
@click.option("--dist", "out_dir", type=click.Path(path_type=Path), default="dist", help="Folder of the built dataset.")
@reports_errors
def publish(endpoint: str, graph_store: str | None, user: str | None, password_env: str | None,
            password_file: Path | None, auth_scheme: str, ca_file: Path | None, timeout: float, prune: bool,
            dry_run: bool, data_dir: Path, out_dir: Path) -> None:
    """Replace each named graph at a triple store, then check the counts there.

    Sends every graph of the built dataset, and the ontology graph, with the
    SPARQL 1.1 Graph Store HTTP Protocol (PUT ?graph=IRI, N-Triples), so a
    rerun changes nothing; then counts each graph at ENDPOINT. Exit 0 when
    every count agrees, 1 when one differs, 2 on an error. Not atomic across
    graphs: on a failure it lists the graphs replaced and those not.
    """
    from .publish import GRAPH_NAMESPACE, PublishError, Target, dataset_graphs, make_auth, tls_verification
    from .publish import publish as run_publish

    graph_store = graph_store or endpoint
    auth = make_auth(auth_scheme, user, _read_secret(password_env, password_file))
    target = Target(endpoint, graph_store, auth, tls_verification(ca_file), timeout)
    _build_if_stale(data_dir, out_dir, _store_marker(out_dir))
    graphs = dataset_graphs(out_dir)
    if dry_run:
        click.echo(f"dry run: would PUT {len(graphs)} graphs to {graph_store} and count them at {endpoint}")
        rows = [("graph", "triples", "bytes")] + [(g.iri, str(g.triples), str(len(g.body))) for g in graphs]
        rows.append((f"total ({len(graphs)} graphs)", str(sum(g.triples for g in graphs)), str(sum(len(g.body) for g in graphs))))
        click.echo(_table(rows))
        if prune:
            click.echo(f"and delete any other graph under {GRAPH_NAMESPACE} there")
        return
    try:
        result = run_publish(graphs, target, prune)
    except PublishError as exc:
        for iri in exc.replaced:
            click.echo(f"replaced      {iri}")
        for iri in exc.not_replaced:
            click.echo(f"not replaced  {iri}")
        raise
    for iri in result.removed:
        click.echo(f"deleted {iri} (not in the dataset)")
    rows = [("graph", "sent", "counted")] + [(c.iri, str(c.sent), str(c.counted)) for c in result.checks]
    rows.append((f"total ({len(result.checks)} graphs)", str(result.total_sent), str(result.total_counted)))
    click.echo(_table(rows))
    if not result.agrees:
        differing = [c.iri for c in result.checks if not c.agrees] or [f"the total under {GRAPH_NAMESPACE}"]
        click.echo(f"counts at {endpoint} differ from ours for: {', '.join(differing)}", err=True)
        sys.exit(EXIT_NONCONFORMING)
    click.echo(f"all {len(result.checks)} graphs agree with {endpoint}")


@main.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, help="Port to listen on (0: any free port).")
@click.option("--dist", "out_dir", type=click.Path(path_type=Path), default="dist", help="Folder of the built dataset and its store.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default="data", help="Folder of documents, built first if DIST's store is missing or older.")
@click.option("--base-url", default=None, help="Public address of this server, where https://w3id.org/sdd-kg/ is served.  [default: http://HOST:PORT/]")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, help="Seconds a SPARQL query may run before it is stopped (503).")
@click.option("--max-results", type=click.IntRange(min=1), default=10_000, help="Most solutions or triples a SPARQL query may return (more: 422).")
@click.option("--query-workers", type=click.IntRange(1, 64), default=2, help="Worker processes running SPARQL queries.")
@click.option("--query-memory", type=click.IntRange(min=64), default=2048, help="Address space a query may take, in MiB, on top of its worker's own once the store is open; a query past it is answered 500.")
@click.option("--access-log/--no-access-log", default=True, help="Log every request on standard error.")
@reports_errors
def serve(host: str, port: int, out_dir: Path, data_dir: Path, base_url: str | None, query_timeout: float,
          max_results: int, query_workers: int, query_memory: int, access_log: bool) -> None:
    """Serve the dataset over HTTP: a SPARQL endpoint, every IRI, pages.

    /sparql answers SPARQL 1.1 queries (read-only); every IRI under
    https://w3id.org/sdd-kg/ is served at BASE-URL with content negotiation
    (303 to its .ttl, .jsonld, .nt or .html); /.well-known/void describes
    the dataset. See docs/server.md.
    """
    from .server import ServerConfig, bind
    from .server import serve as run_server
    from .site import BaseMap
    from .workers import Limits

    if base_url is not None:
        BaseMap(base_url)  # refuse a bad URL before building or binding
    _build_if_stale(data_dir, out_dir, _store_marker(out_dir))
    sock = bind(host, port)
    if base_url is None:
        name = f"[{host}]" if ":" in host else host
        base_url = f"http://{name}:{sock.getsockname()[1]}/"
    config = ServerConfig(
        dist=out_dir,
        data=data_dir,
        base_url=BaseMap(base_url).local,
        limits=Limits(timeout=query_timeout, max_results=max_results, workers=query_workers, memory_mb=query_memory),
    )
    run_server(config, sock, access_log=access_log)


if __name__ == "__main__":  # pragma: no cover
    main()
