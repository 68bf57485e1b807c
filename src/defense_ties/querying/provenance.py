"""Claim-level provenance: for every checkable field of a record (its kind's `claims`), the
quotes that state it.

A field is `supported` when a quote of one of its citations states it (a milestone or a value:
a quote of its own source; a citation with `supports` counts only for the fields it lists),
`supported-elsewhere` when only a quote of a record it links to, or that links to it, states
it, else `unsupported`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core import support
from ..core.declaration import Claim
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Citation, Record, Sourced
from ..kinds import declaration
from ..kinds.sources import Source
from ..reading.yaml_reader import dotted

SUPPORTED, ELSEWHERE, UNSUPPORTED = "supported", "supported-elsewhere", "unsupported"


@dataclass(frozen=True)
class Evidence:
    record_id: str  # the record whose citation states it
    citation: Citation
    spans: tuple[support.Span, ...]  # where in the quote


@dataclass(frozen=True)
class Finding:
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

    def quote(self, citation: Citation) -> support.Quote:
        key = (citation.source, citation.quote)
        found = self._quotes.get(key)
        if found is None:
            source = self.sources.get(citation.source)
            found = support.read_quote(citation.quote, source.published if source else None)
            self._quotes[key] = found
        return found

    def findings(self, record: Record) -> list[Finding]:
        if not isinstance(record, Sourced):
            return []
        found = []
        for claim in declaration(record.record_kind).claims(self.kb, record):
            evidence = self._evidence(record, claim, _eligible(record, claim))
            status = SUPPORTED
            if not evidence:
                evidence = self._elsewhere(record, claim)
                status = ELSEWHERE if evidence else UNSUPPORTED
            found.append(Finding(record, claim, status, tuple(evidence)))
        return found

    def _evidence(
        self, record: Record, claim: Claim, citations: Iterable[Citation]
    ) -> list[Evidence]:
        found = []
        for citation in citations:
            spans = states(self.quote(citation), claim, self.first_only)
            if spans:
                found.append(Evidence(record.id, citation, tuple(spans)))
                if self.first_only:
                    break
        return found

    def _elsewhere(self, record: Record, claim: Claim) -> list[Evidence]:
        if claim.sources is not None:
            return []  # a milestone or value names its own source
        found: list[Evidence] = []
        related = [self.kb.find(i) for i in claim.related]
        others = _neighbours(self.kb, record) + [r for r in related if r is not None]
        for other in others:
            if isinstance(other, Sourced):
                found += self._evidence(other, claim, other.sources)
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


def _eligible(record: Sourced, claim: Claim) -> list[Citation]:
    if claim.sources is None and all(c.supports is None for c in record.sources):
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
    """The records this one names and those that name it (not sources), each once."""
    index = kb.memo("provenance:neighbours", lambda: _neighbour_index(kb))
    return index.get(record.id, [])


def _neighbour_index(kb: KnowledgeBase) -> dict[str, list[Record]]:
    """Both ways of every reference but citations, from the knowledge base's one walk."""
    found: dict[str, dict[str, Record]] = {}
    by_id = {r.id: r for r in kb}
    for target_id, named_by in kb.incoming.items():
        target = by_id.get(target_id)
        if target is None or target.record_kind == "sources":
            continue
        for record, _ in named_by:
            if record.id != target_id:
                found.setdefault(record.id, {})[target_id] = target
                found.setdefault(target_id, {})[record.id] = record
    return {k: list(v.values()) for k, v in found.items()}


def every_finding(kb: KnowledgeBase) -> list[Finding]:
    """Each claim of each record with its status (and the first quote that states it)."""
    from ..storing.store import no_gc

    reader = Reader(kb, first_only=True)
    with no_gc():  # a whole knowledge base is in memory: collecting would rescan it often
        return [f for record in kb for f in reader.findings(record)]


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
