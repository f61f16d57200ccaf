"""The ``sdd-kg`` command line.

Exit codes, as in pySHACL: 0 success (and the graph conforms), 1 the graph
does not conform, 2 an error (bad input, missing file); errors print one line
on standard error naming the file and the problem.
"""

from __future__ import annotations

import functools
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


@main.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--meta", "meta", type=click.Path(path_type=Path), default=None, help="Metadata record (default: FILE's .meta.yaml beside it).")
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld", "nt", "nq", "trig"]), default="ttl")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write here instead of standard output.")
@reports_errors
def convert(file: Path, meta: Path | None, fmt: str, output: Path | None) -> None:
    """Convert one document FILE to RDF."""
    from .convert import convert_files

    text = serialize(convert_files(file, meta).dataset, fmt)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


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
    from .store import open_store, store_path

    if list_queries or not query:
        for q in named_queries().values():
            params = "".join(f" [--bind {name}=...]" for name, _ in q.bindings)
            click.echo(f"{q.name}{params}: {q.question}")
        return
    named = load_query(query)
    bindings = bindings_for(named, binds)
    _build_if_stale(data_dir, out_dir, store_path(out_dir))
    click.echo(format_result(run(named, open_store(out_dir), bindings), fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
