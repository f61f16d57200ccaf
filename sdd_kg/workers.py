"""Answer SPARQL queries from the web in worker processes that can be killed.

pyoxigraph cannot cancel a running query, and a query can run for ever (a
cross product of the store with itself) or hold the GIL's neighbour, the
process, at 100 % CPU. So the server never runs a visitor's query itself:
each runs in a worker process holding its own read-only handle on the store
(:func:`sdd_kg.store.open_store`; RocksDB lets several readers share it).
When a query passes the time limit the worker is killed (SIGKILL; nothing
else can stop Oxigraph) and a fresh one takes its place, while the other
workers and the server's event loop, which never waits on a query, go on
answering.

Workers are forked from a ``forkserver`` that has already imported this
module with pyoxigraph and rdflib, so a replacement is ready in a few tens
of milliseconds, and no worker inherits the server's threads. A worker asks
the kernel to kill it if its parent dies (``PR_SET_PDEATHSIG``), so a
runaway query cannot outlive a server that was itself killed.

Everything a worker does for one request is in :func:`answer`: lex the query
(:func:`sdd_kg.protocol.inspect_query`: refuse updates and SERVICE),
negotiate the result format from the ``Accept`` header, run the query with
the merge of the named graphs as the default graph (unless the query or the
request names its own dataset), enforce the result-size limit, serialize.
Doing the lexing here too keeps a megabyte of pathological query text from
stalling the event loop, and puts it under the time limit.

Status codes (docs/server.md): 400 a refused or malformed query, with the
parser's message; 406 no acceptable format; 422 more results than
``max_results`` (the query is valid, this server will not send that much:
add a LIMIT); 503 the time limit was hit (the query was stopped), or every
worker stayed busy for as long as the time limit (with ``Retry-After``);
500 a worker died (e.g. out of memory).
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from .conneg import negotiate
from .protocol import GRAPH_TYPES, RESULT_TYPES, ProtocolError, QueryRequest, inspect_query, offered_types
from .serialize import serialize_triples

log = logging.getLogger(__name__)
TEXT = "text/plain; charset=utf-8"
_CHARSET_TYPES = ("text/turtle", "application/n-triples", "text/csv", "text/tab-separated-values")


@dataclass(frozen=True)
class Limits:
    """What visitors' SPARQL queries may take (``sdd-kg serve`` options)."""

    timeout: float = 30.0
    """Seconds a query may run before its worker is killed (503)."""
    max_results: int = 10_000
    """Solutions or triples a result may hold (more: 422)."""
    workers: int = 2
    """Worker processes, so as many queries at once."""
    memory_mb: int | None = 2048
    """Address space a query may take on top of what its worker maps once
    the store is open (RLIMIT_AS, set then); a query past it kills its
    worker (500). Set after opening, not before: RocksDB starts threads as
    it opens, and a limit counted from zero made that fail on a machine
    with more mapped already (thread stacks, malloc arenas)."""


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, Content-Type, body and any extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str, **headers: str) -> Answer:
    return Answer(status, TEXT, (message.rstrip() + "\n").encode("utf-8"), dict(headers))


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in _CHARSET_TYPES else media_type


def dataset_arguments(request: QueryRequest) -> dict:
    """pyoxigraph's dataset arguments for a request (SPARQL 1.1 Protocol §2.1.4).

    ``default-graph-uri`` / ``named-graph-uri`` define the dataset and
    override ``FROM`` / ``FROM NAMED``; a request with only named graphs has
    an empty default graph. Otherwise the query's own ``FROM`` applies, or
    the store's default graph, which is the merge of all named graphs
    (:mod:`sdd_kg.store`).
    """
    if request.sets_dataset:
        return {
            "default_graph": [ox.NamedNode(iri) for iri in request.default_graphs],
            "named_graphs": [ox.NamedNode(iri) for iri in request.named_graphs],
        }
    return {}


def answer(store: ox.Store, request: QueryRequest, accept: str | None, max_results: int) -> Answer:
    """Run one protocol request against ``store`` and serialize the result."""
    try:
        form = inspect_query(request.text)
    except ProtocolError as exc:
        return error(exc.status, exc.message)
    offered = offered_types(form)
    if negotiate(accept, offered) is None:
        return _not_acceptable(form, accept, offered)
    try:
        result = store.query(request.text, **dataset_arguments(request))
        if isinstance(result, ox.QueryBoolean):
            return _boolean(result, accept)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, accept, max_results)
        return _triples(result, accept, max_results)
    except SyntaxError as exc:
        return error(400, f"SPARQL syntax error: {exc}")
    except (ValueError, TypeError, RuntimeError) as exc:  # RuntimeError: pyoxigraph's evaluation errors
        return error(400, f"SPARQL error: {exc}")
    except OSError as exc:
        return error(500, f"the store failed: {exc}")


def _not_acceptable(form: str | None, accept: str | None, offered: list[str]) -> Answer:
    what = f"a {form} query's result" if form else "this query's result"
    return error(406, f"cannot send {what} as {accept!r}; acceptable: {', '.join(offered)}")


def _boolean(result: ox.QueryBoolean, accept: str | None) -> Answer:
    chosen = negotiate(accept, list(RESULT_TYPES))
    if chosen is None:
        return _not_acceptable("ASK", accept, list(RESULT_TYPES))
    return Answer(200, _content_type(chosen), result.serialize(format=RESULT_TYPES[chosen]))


def _solutions(result: ox.QuerySolutions, accept: str | None, max_results: int) -> Answer:
    chosen = negotiate(accept, list(RESULT_TYPES))
    if chosen is None:
        return _not_acceptable("SELECT", accept, list(RESULT_TYPES))
    variables = result.variables
    rows = list(islice(result, max_results + 1))
    if len(rows) > max_results:
        return _too_many(max_results, "solutions")
    # pyoxigraph cannot serialize a list of solutions, only the iterator a
    # query returns, which islice has consumed. TSV writes every term in
    # SPARQL syntax, losslessly, one solution a line, so it carries the rows
    # back into pyoxigraph's parser and out through its serializers.
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return Answer(200, _content_type(chosen), parsed.serialize(format=RESULT_TYPES[chosen]))


def _triples(result: ox.QueryTriples, accept: str | None, max_results: int) -> Answer:
    chosen = negotiate(accept, list(GRAPH_TYPES))
    if chosen is None:
        return _not_acceptable("CONSTRUCT or DESCRIBE", accept, list(GRAPH_TYPES))
    triples: dict[ox.Triple, None] = {}
    for triple in result:
        triples[triple] = None  # a graph is a set: Oxigraph may repeat a triple
        if len(triples) > max_results:
            return _too_many(max_results, "triples")
    return Answer(200, _content_type(chosen), serialize_triples(triples, GRAPH_TYPES[chosen]))


def _too_many(limit: int, what: str) -> Answer:
    return error(
        422, f"the result has more than {limit} {what}, the server's limit (--max-results); add a LIMIT or narrow the query"
    )


# --- The pool ---------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pipe's EOF still ends an idle worker
        pass


def _mapped_bytes() -> int:
    """This process's address space now (VmSize), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _worker_main(conn, dist_dir: str, max_results: int, memory_bytes: int | None) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    from .store import open_store

    store = open_store(Path(dist_dir))
    if memory_bytes:
        ceiling = _mapped_bytes() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request, accept = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = answer(store, request, accept, max_results)
        except MemoryError:
            result = error(500, "the query needed more memory than a query worker may use")
        except Exception as exc:  # noqa: BLE001 (one failed query must not cost the worker)
            result = error(500, f"the query failed: {exc}")
        conn.send(result)


@dataclass(eq=False)  # identity: each worker is one process
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object


def _reap(worker: _Worker) -> None:
    worker.process.join(5)
    worker.conn.close()


class QueryPool:
    """``limits.workers`` processes answering :func:`answer` within ``limits``.

    ``await pool.answer(request, accept)`` never raises for a bad query: it
    returns the :class:`Answer` to send. Start with :meth:`start`, stop with
    :meth:`close` (both from the server's event loop).
    """

    def __init__(self, dist_dir: Path, limits: Limits = Limits()) -> None:
        self.dist_dir = Path(dist_dir)
        self.size = limits.workers
        self.timeout = limits.timeout
        self.max_results = limits.max_results
        self.memory_bytes = limits.memory_mb * 1024 * 1024 if limits.memory_mb else None
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        # One thread per worker waits on its pipe, so the event loop never does.
        self._io = ThreadPoolExecutor(max_workers=self.size + 1, thread_name_prefix="sdd-kg-query")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closing = False

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        loop = asyncio.get_running_loop()
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(theirs, str(self.dist_dir), self.max_results, self.memory_bytes),
            name="sdd-kg-query-worker",
            daemon=True,
        )
        await loop.run_in_executor(self._io, process.start)
        theirs.close()
        worker = _Worker(process, ours)
        self._all.add(worker)
        try:
            message = await loop.run_in_executor(self._io, ours.recv)
        except EOFError:
            self._all.discard(worker)
            raise RuntimeError(f"a query worker could not open the store in {self.dist_dir}") from None
        assert message[0] == "ready", message
        return worker

    async def answer(self, request: QueryRequest, accept: str | None) -> Answer:
        loop = asyncio.get_running_loop()
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            return error(
                503,
                f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again shortly",
                **{"Retry-After": str(max(1, round(self.timeout)))},
            )
        try:
            worker.conn.send((request, accept))
            reply = loop.run_in_executor(self._io, worker.conn.recv)
            result = await asyncio.wait_for(reply, self.timeout)
        except TimeoutError:
            log.warning("stopped a query at the %g s time limit (worker %s)", self.timeout, worker.process.pid)
            self._retire(worker)
            return error(
                503,
                f"the query ran for {self.timeout:g} s, the server's time limit (--query-timeout), and was stopped",
            )
        except (EOFError, OSError):
            log.warning("query worker %s died during a query (out of memory?)", worker.process.pid)
            self._retire(worker)
            return error(500, "the query worker stopped unexpectedly (out of memory?); try a smaller query")
        except asyncio.CancelledError:
            self._retire(worker)
            raise
        self._idle.put_nowait(worker)
        return result

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and start its replacement in the background."""
        self._kill(worker)
        if not self._closing:
            task = asyncio.get_running_loop().create_task(self._replace())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        started = time.monotonic()
        worker = await self._spawn()
        self._idle.put_nowait(worker)
        log.info("query worker %s ready in %.0f ms", worker.process.pid, 1000 * (time.monotonic() - started))

    def _kill(self, worker: _Worker) -> None:
        self._all.discard(worker)
        try:
            worker.process.kill()
        except (OSError, ValueError):
            pass
        # Reap it off the loop. The pipe is closed only after the process is
        # gone, when a thread still waiting on it has seen EOF: closing a
        # descriptor another thread is reading invites a reused number.
        self._io.submit(_reap, worker)

    async def close(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            self._kill(worker)
        # The reaping threads finish once the killed workers are gone.
        await asyncio.get_running_loop().run_in_executor(None, self._io.shutdown, True)
