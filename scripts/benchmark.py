"""Measure the pipeline: time per stage and document, build time, peak memory.

Prints figures; asserts nothing (speed targets are read off this output, not
enforced by timed unit tests). Usage:

    python scripts/benchmark.py [--repeat 5] [--data data] [--sources tests/fixtures/ingest]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sdd_kg.build import build, document_paths
from sdd_kg.citations import extract_citations
from sdd_kg.convert import classify_treatments, metadata_path_for, naming_words, sibling_types
from sdd_kg.doctrine import extract_doctrine, factor_cues
from sdd_kg.footnotes import clean_text_for_extraction, split_footnotes
from sdd_kg.mapping import new_dataset, opinion_graph, record_graph
from sdd_kg.metadata import load_record
from sdd_kg.namespaces import ontology_graph
from sdd_kg.pagination import paginate
from sdd_kg.serialize import serialize, union
from sdd_kg.source import read_source
from sdd_kg.validation import validate_graph


def timed(samples: dict[str, list[float]], name: str, func, *args):
    start = time.perf_counter()
    result = func(*args)
    samples.setdefault(name, []).append(time.perf_counter() - start)
    return result


def stages(path: Path, samples: dict[str, list[float]]) -> int:
    record = timed(samples, "metadata", load_record, metadata_path_for(path))
    source = timed(samples, "read", read_source, path)
    paged = timed(samples, "paginate", paginate, source.text, record.first_page, record.last_page)
    layout = timed(samples, "footnotes", split_footnotes, paged)
    text, offsets = timed(samples, "clean", clean_text_for_extraction, layout)
    extraction = timed(samples, "citations", extract_citations, text, offsets, sibling_types(record))
    treatments = timed(samples, "treatment", classify_treatments, source.text, extraction.citations, extraction.cases)
    naming = {key: naming_words(case) for key, case in extraction.cases.items()}
    cues = factor_cues(ontology_graph())
    timed(samples, "doctrine", extract_doctrine, text, offsets, source.text, record, extraction.citations,
          extraction.cases, naming, cues)
    ds = new_dataset()
    timed(samples, "rdf", lambda: (record_graph(ds, record, source),
                                   opinion_graph(ds, record, source, layout, extraction, treatments)))
    graph = union(ds)
    for fmt in ("ttl", "nt", "trig", "jsonld"):
        timed(samples, f"serialize-{fmt}", serialize, ds, fmt)
    timed(samples, "validate", validate_graph, graph)
    return len(source.text)


def sources(folder: Path, repeat: int) -> None:
    """Reading each source format: the reader, then the plan (records built
    and validated, every opinion converted in memory), as `sdd-kg add` does."""
    from sdd_kg.ingest import convert_planned, plan
    from sdd_kg.readers import read

    print(f"\nsources in {folder} (read / read + plan + convert in memory)")
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".json", ".html", ".xml")):
        reads, plans = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            ingested = read(path)
            reads.append(time.perf_counter() - start)
            try:
                planned = plan(ingested, {"citations": ["999 F.4th 1201"]} if path.suffix == ".xml" else {}).planned
            except Exception as exc:  # a source that needs facts it lacks: timed up to the refusal
                print(f"  {path.name:<28} {statistics.median(reads):8.4f}  (not added: {exc})")
                break
            convert_planned(planned, folder)
            plans.append(time.perf_counter() - start)
        else:
            print(f"  {path.name:<28} {statistics.median(reads):8.4f} {statistics.median(plans):8.4f}  "
                  f"({path.stat().st_size:,} bytes, {len(ingested.case['opinions'])} opinions)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--sources", type=Path, default=Path("tests/fixtures/ingest"),
                        help="Folder of source files in other formats to time the readers on.")
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}, repeat {args.repeat}, median seconds")
    for path in document_paths(args.data):
        samples: dict[str, list[float]] = {}
        chars = 0
        for _ in range(args.repeat):
            chars = stages(path, samples)
        print(f"\n{path.name} ({chars:,} characters)")
        for name, values in samples.items():
            print(f"  {name:<18} {statistics.median(values):8.4f}")
        convert = sum(
            statistics.median(samples[k])
            for k in ("read", "paginate", "footnotes", "clean", "citations", "treatment", "doctrine", "rdf")
        )
        print(f"  {'convert total':<18} {convert:8.4f}  ({chars / convert / 1e6:.2f} M chars/s)")

    builds = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            result = build(args.data, Path(out))
            builds.append(time.perf_counter() - start)
    summary = result.summary()
    print(f"\nbuild (convert + validate + write 4 formats): {statistics.median(builds):.3f} s median, "
          f"{summary['triples']:,} triples, {summary['citations']} citations")
    if args.sources.is_dir():
        sources(args.sources, args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
