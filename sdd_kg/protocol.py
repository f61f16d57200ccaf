"""The SPARQL 1.1 Protocol, read-only: what a request asks and whether we answer it.

This module is pure (no I/O, no store): :func:`read_request` turns an HTTP
request's method, URL query string, content type and body into a
:class:`QueryRequest`, or raises :class:`ProtocolError` with the HTTP status
the W3C Protocol prescribes; :func:`inspect_query` tells a query's form and
refuses what a public, read-only endpoint must not run.

Refusals (HTTP 400, with a body that says why):

* SPARQL Update, whether sent as ``update=``, as
  ``application/sparql-update``, or as update text in ``query=``
  (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``,
  ``MOVE``, ``COPY``, ``WITH``);
* ``SERVICE``: pyoxigraph ships an HTTP client and would fetch any URL a
  query names, so a federated query would turn the server into a proxy.

Both are found by *lexing* the query with SPARQL's own terminals (strings,
long strings, IRIs, prefixed names with their escapes, variables, language
tags, comments), not by a substring match: ``"SERVICE"`` in a string,
``<http://x/SERVICE>``, ``ex:SERVICE`` or ``?service`` are not the keyword.
A full parse is not needed, because these words are reserved keywords that
the query grammar never uses (the update ones) or uses in one production
only (``SERVICE``); what matters is that the lexer agrees with Oxigraph on
where strings, IRIs and comments begin and end. It errs towards refusing:
an unterminated string is lexed as a lone quote, so the text after it is
still inspected, and the text is also lexed a second time after SPARQL's
codepoint escapes (``\\u0053ERVICE``) are expanded, which the grammar allows
anywhere (Oxigraph does not expand them outside strings; a query that hides
a keyword from one reading is refused if the other reading shows it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox

MAX_QUERY_BYTES = 1024 * 1024
"""Largest query (or form body) accepted; more is answered 413."""

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

# Media types offered per query form, in order of preference (the first is
# what */* gets). application/json is an alias some clients ask for.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}


class ProtocolError(Exception):
    """A request we do not answer: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    """A SPARQL query with the protocol's RDF dataset parameters."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def sets_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


# --- The lexer: SPARQL 1.1 terminals (grammar §19.8) -------------------------

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_ESCAPE = r"(?:\\[tbnrf\\\"']|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})"  # ECHAR, and UCHAR as Oxigraph reads it
_STRING = "|".join(
    (
        rf"'''(?:(?:'|'')?(?:[^'\\]|{_ESCAPE}))*'''",
        rf'"""(?:(?:"|"")?(?:[^"\\]|{_ESCAPE}))*"""',
        rf"'(?:[^'\\\n\r]|{_ESCAPE})*'",
        rf'"(?:[^"\\\n\r]|{_ESCAPE})*"',
    )
)

_TOKEN = re.compile(
    "|".join(
        f"(?P<{name}>{pattern})"
        for name, pattern in (
            ("comment", r"#[^\n\r]*"),
            ("string", _STRING),
            ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
            ("var", f"[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
            ("bnode", f"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
            ("pname", f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
            ("langtag", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
            ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
            ("number", r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"),
            ("space", r"\s+"),
            ("other", r"."),  # punctuation, operators, and a lone quote
        )
    ),
    re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for every token, spaces and comments included."""
    for match in _TOKEN.finditer(text):
        yield match.lastgroup or "other", match.group()


def expand_codepoints(text: str) -> str:
    r"""SPARQL §19.2: ``\uXXXX`` / ``\UXXXXXXXX`` may stand for any character."""

    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _CODEPOINT.sub(char, text)


def _keywords(text: str) -> list[str]:
    return [t.upper() for kind, t in tokens(text) if kind == "word"]


def _form(text: str) -> str | None:
    """The first keyword after the prologue (BASE <iri>, PREFIX p: <iri>)."""
    for kind, tok in tokens(text):
        if kind in ("space", "comment", "iri", "pname"):
            continue
        word = tok.upper() if kind == "word" else None
        if word in ("BASE", "PREFIX"):
            continue
        return word if word in QUERY_FORMS else None
    return None


def inspect_query(text: str) -> str | None:
    """The query's form (``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK``; None
    if the lexer cannot tell, and the parser will say what is wrong), or
    :class:`ProtocolError` (400) for an update or SERVICE."""
    words = set(_keywords(text))
    expanded = expand_codepoints(text)
    if expanded != text:
        words |= set(_keywords(expanded))
    update = sorted(words & UPDATE_KEYWORDS)
    if "LOAD" in update:
        raise ProtocolError(400, "LOAD is not allowed: this endpoint is read-only and fetches nothing from the web")
    if update:
        raise ProtocolError(
            400, f"SPARQL Update is not allowed: this endpoint is read-only (the request contains {update[0]})"
        )
    if "SERVICE" in words:
        raise ProtocolError(
            400, "SERVICE is not allowed: this endpoint runs no federated queries and fetches no other endpoint"
        )
    return _form(text)


# --- Requests ---------------------------------------------------------------


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} is not UTF-8") from None


def _graph_iris(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    iris = []
    for key, value in params:
        if key == name:
            try:
                ox.NamedNode(value)
            except ValueError:
                raise ProtocolError(400, f"{name} is not an absolute IRI: {value!r}") from None
            iris.append(value)
    return tuple(iris)


def read_request(method: str, url_query: str, content_type: str | None, body: bytes) -> QueryRequest | None:
    """The query a protocol request carries (SPARQL 1.1 Protocol §2.1).

    ``None`` is a GET with no query, which the server answers with its
    service description. Raises :class:`ProtocolError`: 400 for a malformed
    request or a refused operation, 405 for another method, 413 for a body
    over :data:`MAX_QUERY_BYTES`, 415 for a POST body of another type.
    """
    method = method.upper()
    if len(body) > MAX_QUERY_BYTES:
        raise ProtocolError(413, f"the request body is over {MAX_QUERY_BYTES} bytes")
    url_params = parse_qsl(url_query, keep_blank_values=True)
    kind = _media_type(content_type)
    if method in ("GET", "HEAD"):
        params = url_params
    elif method == "POST" and kind == "application/x-www-form-urlencoded":
        params = url_params + parse_qsl(_decode(body, "form body"), keep_blank_values=True)
    elif method == "POST" and kind == "application/sparql-query":
        params = url_params + [("query", _decode(body, "query"))]
    elif method == "POST" and kind == "application/sparql-update":
        raise ProtocolError(400, "SPARQL Update is not allowed: this endpoint is read-only")
    elif method == "POST":
        raise ProtocolError(
            415,
            "a POST query needs Content-Type application/sparql-query or application/x-www-form-urlencoded"
            f" (got {kind or 'none'})",
        )
    else:
        raise ProtocolError(405, f"{method} is not allowed here: use GET or POST")

    names = {key for key, _ in params}
    if "update" in names:
        raise ProtocolError(400, "SPARQL Update is not allowed: this endpoint is read-only (the request has update=)")
    queries = [value for key, value in params if key == "query"]
    if not queries:
        if method in ("GET", "HEAD"):
            return None
        raise ProtocolError(400, "no query: send query=... or an application/sparql-query body")
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query in the request")
    if not queries[0].strip():
        raise ProtocolError(400, "the query is empty")
    if len(queries[0].encode("utf-8")) > MAX_QUERY_BYTES:
        raise ProtocolError(413, f"the query is over {MAX_QUERY_BYTES} bytes")
    return QueryRequest(
        text=queries[0],
        default_graphs=_graph_iris(params, "default-graph-uri"),
        named_graphs=_graph_iris(params, "named-graph-uri"),
    )


def offered_types(form: str | None) -> list[str]:
    """Media types we can answer a query of ``form`` in (both families if unknown)."""
    if form in ("SELECT", "ASK"):
        return list(RESULT_TYPES)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return list(GRAPH_TYPES)
    return list(RESULT_TYPES) + list(GRAPH_TYPES)
