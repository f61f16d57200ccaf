"""The HTTP server: SPARQL endpoint, dereferenceable IRIs, pages, dataset files.

Starlette (routing, requests, responses, CORS) on uvicorn (an ASGI server
over h11/asyncio). ASGI, not WSGI, because a SPARQL query can take as long
as the time limit: the event loop only *waits* on a query worker
(:mod:`sdd_kg.workers`), so one process keeps answering pages and simple
queries while slow ones run; a WSGI server would need a thread per waiting
request. Starlette is small and stable (it is what FastAPI is built on),
and adds nothing we do not use.

Routes (docs/server.md has the full table and examples):

=========================  ==================================================
``/``                      home page (HTML); RDF clients are sent (303) to
                           the dataset description
``/sparql``                SPARQL 1.1 Protocol: GET, POST form, POST direct;
                           without a query, the service description
``/.well-known/void``      VoID + DCAT dataset description (conneg, 200;
                           the same as the IRI ``/void``)
``/context.jsonld``        the JSON-LD context
``/download/{file}``       the dumps: sdd-kg.ttl, .nt, .trig, .jsonld
``/network.svg``           the citation network as a picture (from
                           :func:`sdd_kg.pages.network_svg`)
``/{path}``                the resource ``https://w3id.org/sdd-kg/{path}``:
                           ``303 See Other`` to ``/{path}.{ext}`` chosen by
                           the Accept header (``Vary: Accept``)
``/{path}.{ext}``          its description: ``ttl``, ``jsonld``, ``nt``,
                           ``html`` (from :mod:`sdd_kg.pages`)
=========================  ==================================================

Why 303 and suffixed documents rather than a 200 that varies with Accept:
a case, a judge or a court is not a document, and the W3C's "Cool URIs for
the Semantic Web" keeps the thing and the document about it apart with
303 (the httpRange-14 resolution); each description gets an address of its
own that can be linked (the page links its Turtle), bookmarked and cached
without ``Vary``. The price is one extra round trip, which a client
following redirects does not notice.
"""

from __future__ import annotations

import contextlib
import copy
import socket
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from . import pages
from .conneg import negotiate
from .errors import InputError
from .protocol import MAX_QUERY_BYTES, ProtocolError, read_request
from .resources import ontology_dir
from .serialize import serialize_triples
from .site import BaseMap, Site
from .store import open_store
from .void import DOC as VOID_DOC
from .void import service_description
from .workers import Limits, QueryPool

DOCUMENT_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
# What a resource IRI offers, in order of preference: */* gets Turtle, a
# browser (text/html at q=1, */* lower) gets the page.
RESOURCE_OFFER = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt", "text/html": "html"}
RDF_OFFER = {k: v for k, v in RESOURCE_OFFER.items() if v != "html"}
DUMPS = {
    "sdd-kg.ttl": "text/turtle; charset=utf-8",
    "sdd-kg.nt": "application/n-triples; charset=utf-8",
    "sdd-kg.trig": "application/trig; charset=utf-8",
    "sdd-kg.jsonld": "application/ld+json",
}
VARY = {"Vary": "Accept"}


@dataclass(frozen=True)
class ServerConfig:
    dist: Path
    data: Path
    base_url: str
    limits: Limits = Limits()
    cache_size: int = 256


def _text(status: int, message: str, headers: dict | None = None) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


def _not_acceptable(accept: str | None, offered) -> PlainTextResponse:
    return _text(406, f"nothing here matches Accept: {accept}; available: {', '.join(offered)}", VARY)


class Documents:
    """The representations of resources, cached: the store never changes
    while the server runs, so a description made once stays right."""

    def __init__(self, site: Site, cache_size: int) -> None:
        self.site = site
        self.get = lru_cache(maxsize=cache_size)(self._make)

    def _make(self, iri: str, ext: str) -> bytes | None:
        site = self.site
        if ext == "html":
            page = pages.render(site, iri)
            return page.html.encode("utf-8") if page else None
        if iri == VOID_DOC:
            return site.dataset_description.serialize(ext)
        description = site.describe(iri)
        return serialize_triples(description.triples, ext, lead=iri) if description else None


def create_app(config: ServerConfig) -> Starlette:
    """The ASGI application (the query workers start with its lifespan)."""
    base = BaseMap(config.base_url)
    store = open_store(config.dist)
    site = Site(store, base, Path(config.dist), Path(config.data), config.limits)
    site.dataset_description  # noqa: B018 -- made now, not on the first request
    documents = Documents(site, config.cache_size)
    pool = QueryPool(config.dist, config.limits)
    service = service_description(site)
    service_document = lru_cache(maxsize=None)(service.serialize)

    async def home(request: Request) -> Response:
        offer = {"text/html": "html", **RDF_OFFER}
        chosen = negotiate(request.headers.get("accept"), list(offer))
        if chosen is None:
            return _not_acceptable(request.headers.get("accept"), offer)
        if offer[chosen] != "html":
            return RedirectResponse(site.document_url(VOID_DOC, offer[chosen]), 303, headers=VARY)
        page = await run_in_threadpool(pages.index, site)
        return Response(page.html, media_type=DOCUMENT_TYPES["html"], headers={
            **VARY, "Link": f'<{base.local}.well-known/void>; rel="describedby"'})

    async def sparql(request: Request) -> Response:
        try:
            body = await _read_body(request)
            query = read_request(request.method, request.url.query, request.headers.get("content-type"), body)
        except ProtocolError as exc:
            return _text(exc.status, exc.message, VARY)
        accept = request.headers.get("accept")
        if query is None:
            return await _service_description(accept)
        answer = await pool.answer(query, accept)
        return Response(answer.body, answer.status, headers={**answer.headers, **VARY}, media_type=answer.content_type)

    async def _service_description(accept: str | None) -> Response:
        offer = {**RDF_OFFER, "text/html": "html"}
        chosen = negotiate(accept, list(offer))
        if chosen is None:
            return _not_acceptable(accept, offer)
        if offer[chosen] == "html":
            page = await run_in_threadpool(pages.sparql_form, site)
            return Response(page.html, media_type=DOCUMENT_TYPES["html"], headers=VARY)
        return Response(service_document(offer[chosen]), media_type=DOCUMENT_TYPES[offer[chosen]], headers=VARY)

    async def well_known_void(request: Request) -> Response:
        accept = request.headers.get("accept")
        chosen = negotiate(accept, list(RESOURCE_OFFER))
        if chosen is None:
            return _not_acceptable(accept, RESOURCE_OFFER)
        ext = RESOURCE_OFFER[chosen]
        body = await run_in_threadpool(documents.get, VOID_DOC, ext)
        return Response(body, media_type=DOCUMENT_TYPES[ext], headers={
            **VARY, "Content-Location": site.document_url(VOID_DOC, ext)})

    async def context(request: Request) -> Response:
        return FileResponse(ontology_dir() / "context.jsonld", media_type="application/ld+json")

    async def network(request: Request) -> Response:
        body = await run_in_threadpool(pages.network_svg, site)
        return Response(body, media_type="image/svg+xml")

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        path = site.dist / name
        if name not in DUMPS or not path.is_file():
            return _text(404, f"no file {name!r}; the dumps are {', '.join(DUMPS)}")
        return FileResponse(path, media_type=DUMPS[name])

    async def resource(request: Request) -> Response:
        raw = request.scope.get("raw_path", b"").decode("latin-1")
        path = raw[len(base.path):] if raw.startswith(base.path) else request.path_params["path"]
        iri = _resource_iri(path)
        if iri is not None:
            accept = request.headers.get("accept")
            chosen = negotiate(accept, list(RESOURCE_OFFER))
            if chosen is None:
                return _not_acceptable(accept, RESOURCE_OFFER)
            return RedirectResponse(site.document_url(iri, RESOURCE_OFFER[chosen]), 303, headers=VARY)
        for ext, media_type in DOCUMENT_TYPES.items():
            if path.endswith("." + ext):
                iri = _resource_iri(path[: -len(ext) - 1])
                if iri is not None:
                    body = await run_in_threadpool(documents.get, iri, ext)
                    if body is not None:
                        return Response(body, media_type=media_type)
        return _text(404, f"nothing is known about {base.to_public(unquote(path))}")

    def _resource_iri(path: str) -> str | None:
        """The public IRI a request path names, if the store knows it."""
        for candidate in dict.fromkeys((path, unquote(path))):
            iri = base.to_public(candidate)
            if candidate and site.known(iri):
                return iri
        return None

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/.well-known/void", well_known_void, methods=["GET"]),
        Route("/context.jsonld", context, methods=["GET"]),
        Route("/download/{name}", download, methods=["GET"]),
        Route("/network.svg", network, methods=["GET"]),
        Route("/{path:path}", resource, methods=["GET"]),
    ]
    if base.path != "/":
        routes = [Route("/.well-known/void", well_known_void, methods=["GET"]), Mount(base.path.rstrip("/"), routes=routes)]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD"],
                               allow_headers=["*"], expose_headers=["Location", "Content-Location", "Link", "Vary"])],
    )
    app.state.site = site
    app.state.pool = pool
    return app


async def _read_body(request: Request) -> bytes:
    """The request body, refused (413) past the protocol's size limit."""
    if request.method not in ("POST",):
        return b""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_QUERY_BYTES:
        raise ProtocolError(413, f"the request body is over {MAX_QUERY_BYTES} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise ProtocolError(413, f"the request body is over {MAX_QUERY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or an InputError naming the address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets
    # only if their proto says TCP, and without it Nagle's algorithm meets
    # the client's delayed ACK and every keep-alive response waits ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"{host}:{port}", f"cannot listen here: {exc.strerror or exc}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(config: ServerConfig, sock: socket.socket, access_log: bool = True) -> None:
    """Run the server on ``sock`` until interrupted (SIGINT / SIGTERM)."""
    import uvicorn

    app = create_app(config)
    logging = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    logging["loggers"]["sdd_kg"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    uv = uvicorn.Config(app, log_level="info", log_config=logging, access_log=access_log, lifespan="on",
                        timeout_graceful_shutdown=5)
    server = uvicorn.Server(uv)
    print(f"sdd-kg: serving {config.dist} at {config.base_url} (SPARQL at {config.base_url}sparql)", file=sys.stderr, flush=True)
    server.run(sockets=[sock])
