"""Claim-level provenance: for every checkable field of a record (its kind's `claims`), the
quotes that state it.

A field is `supported` when a quote of one of its citations states it (a milestone or a value:
a quote of its own source; a citation with `supports` counts only for the fields it lists),
`supported-elsewhere` when only a quote of a record it names (or of a record its kind relates
to the claim, such as a platform's deals) states it, else `unsupported`."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any, NamedTuple

from ..core import support
from ..core.declaration import Claim, Declaration
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Citation, Record, Sourced
from ..kinds import declaration, registry
from ..kinds.sources import Source
from ..reading.yaml_reader import dotted
from .links import outgoing

SUPPORTED, ELSEWHERE, UNSUPPORTED = "supported", "supported-elsewhere", "unsupported"


class Evidence(NamedTuple):  # tuples: thousands are made per validate
    record_id: str  # the record whose citation states it
    citation: Citation
    spans: tuple[support.Span, ...]  # where in the quote


class Finding(NamedTuple):
    record: Record
    claim: Claim
    status: str
    evidence: tuple[Evidence, ...]

    @property
    def field(self) -> str:
        return dotted(self.claim.path)


class Reader:
    """Reads each quote once (with its source's publication date) and checks claims.
    `first_only`: stop at the first quote that states a field (a status is all `validate`
    and `stats` need; `why` shows every quote)."""

    def __init__(self, kb: KnowledgeBase, first_only: bool = False) -> None:
        self.kb = kb
        self.first_only = first_only
        self.sources = kb.of(Source)
        self._quotes: dict[tuple[str, str], support.Quote] = {}
        self._joined: dict[tuple[str, tuple[str, ...] | None], tuple[str, list[int]] | None] = {}
        self._neighbours: dict[str, list[Record]] = {}
        self._all: dict[str, support.Quote] = {}

    def quote(self, citation: Citation) -> support.Quote:
        key = (citation.source, citation.quote)
        found = self._quotes.get(key)
        if found is None:
            source = self.sources.get(citation.source)
            found = support.read_quote(citation.quote, source.published if source else None)
            self._quotes[key] = found
        return found

    def findings(self, record: Record, kind: Declaration[Any] | None = None) -> list[Finding]:
        """`kind`: the record's declaration, when the caller has it at hand."""
        if not isinstance(record, Sourced):
            return []
        found = []
        plain = all(c.supports is None for c in record.sources)  # each cited for every field
        for claim in (kind or declaration(record.record_kind)).claims(self.kb, record):
            evidence = self._evidence(record, claim, _eligible(record, claim, plain))
            status = SUPPORTED
            if not evidence:
                evidence = self._elsewhere(record, claim)
                status = ELSEWHERE if evidence else UNSUPPORTED
            found.append(Finding(record, claim, status, tuple(evidence)))
        return found

    def _evidence(self, record: Sourced, claim: Claim, citations: list[Citation]) -> list[Evidence]:
        if self.first_only and citations:
            quick = self._quick(record, claim, citations)
            if quick is not None:
                return [quick]
        if not support.may_state(self._all_quotes(record), claim.check, claim.value):
            return []  # no quote of the record could: none is read
        found = []
        for citation in citations:
            spans = states(self.quote(citation), claim, self.first_only)
            if spans:
                found.append(Evidence(record.id, citation, tuple(spans)))
                if self.first_only:
                    break
        return found

    def _all_quotes(self, record: Sourced) -> support.Quote:
        """Every quote of the record as one text, for the cheap test of `support.may_state`."""
        found = self._all.get(record.id)
        if found is None:
            found = self._all[record.id] = support.read_quote(
                "\n".join(c.quote for c in record.sources)
            )
        return found

    def _quick(self, record: Record, claim: Claim, citations: list[Citation]) -> Evidence | None:
        """One string search over the record's quotes joined, for the commonest forms (a day
        written out, a name): the quote that holds it, or None (then each is read)."""
        needles = support.literal_needles(claim.check, claim.value)
        if not needles:
            return None
        key = (record.id, claim.sources)
        if key not in self._joined:
            if any(c.supports is not None for c in citations):  # the set differs by field
                self._joined[key] = None
            else:
                folded = [c.quote.casefold() for c in citations]  # as Quote.folded
                starts, at = [], 0
                for text in folded:
                    starts.append(at)
                    at += len(text) + 1
                self._joined[key] = ("\n".join(folded), starts)
        cached = self._joined[key]
        if cached is None:
            return None
        joined, starts = cached
        for needle, digits_only in needles:
            if needle in joined:
                for start, end in support.whole(joined, needle, digits_only):
                    i = bisect.bisect_right(starts, start) - 1
                    span = (start - starts[i], end - starts[i])
                    return Evidence(record.id, citations[i], (span,))
        return None

    def _elsewhere(self, record: Record, claim: Claim) -> list[Evidence]:
        if claim.sources is not None:
            return []  # a milestone or value names its own source
        found: list[Evidence] = []
        others = self._neighbours.get(record.id)
        if others is None:
            others = self._neighbours[record.id] = _neighbours(self.kb, record)
        related = [r for r in (self.kb.find(i) for i in claim.related) if r is not None]
        for other in [*others, *related]:
            if isinstance(other, Sourced):
                found += self._evidence(other, claim, other.sources)
                if found and self.first_only:
                    break
        return found


def states(quote: support.Quote, claim: Claim, first: bool = False) -> list[support.Span]:
    """Where `quote` states the claim's value (`first`: one place is enough)."""
    check, value = claim.check, claim.value
    if check == "date":
        return support.states_date(quote, value, first)
    if check == "amount":
        return support.states_amount(quote, *value)
    if check == "number":
        return support.states_number(quote, value)
    if check == "decimal":
        return _decimal(quote, value)
    if check == "names":
        return support.names(quote, *value)
    raise ValueError(f"unknown check {check!r}")


def _decimal(quote: support.Quote, value: float) -> list[support.Span]:
    import re

    digits = f"{value:g}".replace(".", r"\.")
    return [m.span() for m in re.finditer(rf"(?<![\d.]){digits}0*(?![\d])", quote.text)]


def _eligible(record: Sourced, claim: Claim, plain: bool) -> list[Citation]:
    """The citations whose quotes may state the claim; `plain`: no citation of the record
    names the fields it `supports`."""
    if claim.sources is None and plain:
        return record.sources
    field = dotted(claim.path)
    return [
        c
        for c in record.sources
        if (claim.sources is None or c.source in claim.sources)
        and (c.supports is None or any(_covers(s, field) for s in c.supports))
    ]


def _covers(entry: str, field: str) -> bool:
    return field == entry or field.startswith((entry + ".", entry + "["))


def _neighbours(kb: KnowledgeBase, record: Record) -> list[Record]:
    """The records this one names (not its sources), each once; a kind names in a claim's
    `related` the records that name it and may state it (a platform's deals)."""
    found: dict[str, Record] = {}
    for link in outgoing(record):
        if link.field != "sources" and link.target_id != record.id:
            other = kb.find(link.target_id)
            if other is not None:
                found[other.id] = other
    return list(found.values())


def every_finding(kb: KnowledgeBase) -> list[Finding]:
    """Each claim of each record with its status (and the first quote that states it)."""
    from ..storing.store import no_gc

    reader = Reader(kb, first_only=True)
    with no_gc():  # a whole knowledge base is in memory: collecting would rescan it often
        return [
            f
            for kind in registry()
            if issubclass(kind.model, Sourced)
            for record in kb.records.get(kind.name, {}).values()
            for f in reader.findings(record, kind)
        ]


def shares(findings: Iterable[Finding]) -> dict[str, dict[str, Any]]:
    """Per kind: checkable fields, how many of each status, and the supported share."""
    by_kind: dict[str, dict[str, Any]] = {}
    for f in findings:
        counts = by_kind.setdefault(
            f.record.record_kind, {"fields": 0, SUPPORTED: 0, ELSEWHERE: 0, UNSUPPORTED: 0}
        )
        counts["fields"] += 1
        counts[f.status] += 1
    for counts in by_kind.values():
        counts["supported_share"] = round(counts[SUPPORTED] / counts["fields"], 3)
    return by_kind
