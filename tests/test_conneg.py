"""Content negotiation: RFC 9110 quality values, specificity, server order."""

import pytest

from sdd_kg.conneg import negotiate

RDF = ["text/turtle", "application/ld+json", "application/n-triples", "text/html"]
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "text/turtle"),  # no header: anything, so our first choice
        ("", "text/turtle"),
        ("*/*", "text/turtle"),
        (FIREFOX, "text/html"),
        (CHROME, "text/html"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("text/html;q=0.1, text/turtle", "text/turtle"),
        ("application/*", "application/ld+json"),  # server order among equals
        ("text/*;q=0.3, text/html;q=0.7", "text/html"),  # the more specific range sets the q
        ("text/*, text/turtle;q=0", "text/html"),  # q=0: not acceptable, however broad the rest
        ("*/*;q=0.1, application/n-triples", "application/n-triples"),
        ("TEXT/Turtle", "text/turtle"),  # case-insensitive
        ("text/turtle; charset=utf-8", "text/turtle"),  # parameters other than q ignored
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("application/rdf+xml, image/*;q=0.5", None),
        ("text/turtle;q=abc, application/ld+json", "application/ld+json"),  # a malformed q drops its range
        ("garbage", "text/turtle"),  # nothing parseable: no preference
    ],
)
def test_negotiate(accept, expected):
    assert negotiate(accept, RDF) == expected
