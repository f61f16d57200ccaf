"""What the web server knows: the store, its descriptions, and where it lives.

A :class:`Site` is built once at start-up and handed to every page
(:mod:`sdd_kg.pages`) and route (:mod:`sdd_kg.server`). The store is opened
read-only and never changes while the server runs (a new ``sdd-kg build``
is picked up by a restart), so what is derived from it here, the subject
index and the dataset description, is computed once.

**The base mapping.** Every IRI the project mints starts with the public
base ``https://w3id.org/sdd-kg/`` (:data:`sdd_kg.namespaces.BASE`). The
server answers for that base at its own address, ``--base-url`` (default
``http://HOST:PORT/``): the IRI ``https://w3id.org/sdd-kg/case/439-F.3d-1055``
is served at ``{base-url}case/439-F.3d-1055``, and a request for
``{base-url}X`` is about the IRI ``https://w3id.org/sdd-kg/X``. RDF
representations keep the public IRIs (they are the data's names); only HTML
links and HTTP redirects use the local address, so browsing works on
localhost. In production w3id.org redirects the public base to the
server's base URL, and the two meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from . import __version__
from .describe import Describer, Description
from .errors import InputError
from .namespaces import BASE
from .void import DOC as VOID_DOC
from .void import dataset_description
from .workers import Limits


@dataclass(frozen=True)
class BaseMap:
    """Public IRIs <-> this server's URLs (see the module docstring)."""

    local: str
    public: str = BASE

    def __post_init__(self) -> None:
        parts = urlsplit(self.local)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise InputError("--base-url", f"not an absolute http(s) URL without query or fragment: {self.local!r}")
        if not self.local.endswith("/"):
            object.__setattr__(self, "local", self.local + "/")

    @property
    def path(self) -> str:
        """The path the server is mounted at (``/`` unless the base URL has one)."""
        return urlsplit(self.local).path

    def to_local(self, iri: str) -> str:
        """Where this server serves ``iri``; other IRIs are returned as they are."""
        return self.local + iri[len(self.public):] if iri.startswith(self.public) else iri

    def to_public(self, path: str) -> str:
        """The public IRI for a request path relative to the mount (``case/...``)."""
        return self.public + path.lstrip("/")


@dataclass
class Site:
    """The store, the base mapping and the build folders, for routes and pages."""

    store: ox.Store
    base: BaseMap
    dist: Path
    data: Path
    limits: Limits = field(default_factory=Limits)
    version: str = __version__
    describer: Describer = field(init=False)
    _memo: dict = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.describer = Describer(self.store)

    def memo(self, key: str, make):
        """``make()``, computed once per site: for what pages derive from
        the whole store (the network picture), which never changes while it
        is served. Two threads may both make it the first time; either
        result is the same."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    # -- addresses -----------------------------------------------------------
    def local(self, iri: str) -> str:
        """The URL a browser should follow for ``iri`` (see :class:`BaseMap`)."""
        return self.base.to_local(iri)

    @property
    def sparql_url(self) -> str:
        return self.base.local + "sparql"

    def document_url(self, iri: str, suffix: str) -> str:
        """The URL of ``iri``'s description in one format (``ttl``, ``html``, ...)."""
        return self.local(iri) + "." + suffix

    # -- data ----------------------------------------------------------------
    def describe(self, iri: str) -> Description | None:
        """What the server says about ``iri`` (:mod:`sdd_kg.describe`), or None.

        The dataset description's IRI (``.../void``) is described by the
        VoID / DCAT graph made at start-up, which is not in the store."""
        if iri == VOID_DOC:
            return self.dataset_description.as_description()
        return self.describer.describe(iri)

    def known(self, iri: str) -> bool:
        """Is there a description of ``iri``?"""
        return iri == VOID_DOC or self.describer.known(iri)

    def select(self, query: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """Rows of a trusted SELECT over the merged graphs, run in this process:
        for pages' own, bounded queries, never for a visitor's (those go to
        :class:`sdd_kg.workers.QueryPool`)."""
        result = self.store.query(query)
        names = [v.value for v in result.variables]
        return [{name: row[name] for name in names if row[name] is not None} for row in result]

    @cached_property
    def dataset_description(self):
        """The VoID / DCAT description (:mod:`sdd_kg.void`), made once."""
        return dataset_description(self)
