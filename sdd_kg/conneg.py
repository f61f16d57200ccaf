"""Content negotiation: pick the representation an ``Accept`` header prefers.

RFC 9110 §12.5.1 rules, which is all a linked-data server needs and less
than a framework would pull in: each offered media type takes the quality
of the *most specific* range that matches it (``text/turtle`` before
``text/*`` before ``*/*``); ``q=0`` means "not acceptable"; the highest
quality wins, and a tie goes to the server's order of preference (the order
of ``offered``). Media-type parameters other than ``q`` (``charset=utf-8``)
do not affect matching. A missing or empty header accepts anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """2 exact, 1 ``type/*``, 0 ``*/*``; -1 if the range does not match."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The ranges of an ``Accept`` header; malformed entries are skipped."""
    ranges = []
    for item in (header or "").split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        if kind.count("/") != 1:
            continue
        main, sub = (x.strip().lower() for x in kind.split("/"))
        if not main or not sub or (main == "*" and sub != "*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:
            ranges.append(MediaRange(main, sub, q))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The quality ``ranges`` give ``media_type`` (0 when none matches)."""
    best, q = -1, 0.0
    for r in ranges:
        s = r.specificity(media_type)
        if s > best:
            best, q = s, r.q
        elif s == best and s >= 0:
            q = max(q, r.q)  # the same range listed twice: the kinder reading
    return q


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the header prefers, or None if it accepts none."""
    if not (header or "").strip():
        return offered[0] if offered else None
    ranges = parse_accept(header)
    if not ranges:
        # Nothing parseable: treat as no preference rather than refuse.
        return offered[0] if offered else None
    chosen, best = None, 0.0
    for media_type in offered:
        q = quality(ranges, media_type.lower())
        if q > best:
            chosen, best = media_type, q
    return chosen
