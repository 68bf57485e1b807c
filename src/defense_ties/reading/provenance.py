"""Claim-level provenance: for every checkable field of a record (its kind's `claims`), the
quotes that state it.

A field is `supported` when a quote of one of its citations states it (a milestone or a value:
a quote of its own source; a citation with `supports` counts only for the fields it lists),
`supported-elsewhere` when only a quote of a record it names (or of a record its kind relates
to the claim, such as a platform's deals) states it, else `unsupported`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ..core import support
from ..core.declaration import Claim, Declaration
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Citation, Record, Sourced
from ..core.shape import references
from ..kinds import declaration, registry
from ..kinds.sources import Source
from .yaml_reader import dotted

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

    `statuses_only`: each field's status is all that is wanted (`validate`, `stats`): a field
    stops at the first quote that states it and no quote is kept (the findings' `evidence`
    is empty); else every quote that states it is found (`why`)."""

    def __init__(self, kb: KnowledgeBase, statuses_only: bool = False) -> None:
        self.kb = kb
        self.statuses_only = statuses_only
        self.sources = kb.of(Source)
        self._quotes: dict[tuple[str, str], support.Quote] = {}
        self._joined: dict[tuple[str, tuple[str, ...] | None], str | None] = {}
        self._all: dict[str, support.Quote] = {}
        self._neighbours: dict[str, list[Sourced]] = {}

    def quote(self, citation: Citation) -> support.Quote:
        key = (citation.source, citation.quote)
        found = self._quotes.get(key)
        source = self.sources.get(citation.source)  # read each time: a trace notes it
        if found is None:
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
            cited = _eligible(record, claim, plain)
            if self.statuses_only:
                if self._states(record, claim, cited):
                    status = SUPPORTED
                elif any(
                    self._states(o, claim, o.sources, own=False)
                    for o in self._others(record, claim)
                ):
                    status = ELSEWHERE
                else:
                    status = UNSUPPORTED
                found.append(Finding(record, claim, status, ()))
                continue
            evidence = self._evidence(record, claim, cited)
            status = SUPPORTED
            if not evidence:
                others = self._others(record, claim)
                evidence = [e for o in others for e in self._evidence(o, claim, o.sources)]
                status = ELSEWHERE if evidence else UNSUPPORTED
            found.append(Finding(record, claim, status, tuple(evidence)))
        return found

    def _states(
        self, record: Sourced, claim: Claim, citations: list[Citation], own: bool = True
    ) -> bool:
        """Whether a quote of `citations` states the claim: one string search over them
        joined for the commonest forms and a cheap test over all the record's quotes, then
        each quote read until one does. The search goes first for the record's `own` claims
        (most are found by it), the test for a linked record's (most are not stated)."""
        if not citations:
            return False
        if own and self._quick(record, claim, citations):
            return True
        if not support.may_state(self._all_quotes(record), claim.check, claim.value):
            return False
        if not own and self._quick(record, claim, citations):
            return True
        return any(states(self.quote(c), claim, first=True) for c in citations)

    def _evidence(self, record: Sourced, claim: Claim, citations: list[Citation]) -> list[Evidence]:
        """Every quote of `citations` that states the claim, with where."""
        if not support.may_state(self._all_quotes(record), claim.check, claim.value):
            return []  # no quote of the record could: none is read
        found = []
        for citation in citations:
            spans = states(self.quote(citation), claim)
            if spans:
                found.append(Evidence(record.id, citation, tuple(spans)))
        return found

    def _all_quotes(self, record: Sourced) -> support.Quote:
        """Every quote of the record as one text, for the cheap test of `support.may_state`
        (false for the whole is false for each part)."""
        found = self._all.get(record.id)
        if found is None:
            found = self._all[record.id] = support.read_quote(
                "\n".join(c.quote for c in record.sources)
            )
        return found

    def _quick(self, record: Record, claim: Claim, citations: list[Citation]) -> bool:
        """Whether a plain string search over the quotes joined finds the claim written the
        commonest way (a day written out, a name). False: each quote must be read."""
        needles = support.literal_needles(claim.check, claim.value)
        if not needles:
            return False
        key = (record.id, claim.sources)
        joined = self._joined.get(key, "")
        if joined == "":  # not joined yet (quotes are never empty)
            if any(c.supports is not None for c in citations):  # the set differs by field
                joined = None
            else:  # casefolded as Quote.folded
                joined = "\n".join(c.quote.casefold() for c in citations)
            self._joined[key] = joined
        if joined is None:
            return False
        for needle, digits_only in needles:  # a loop, not any(): this runs for every claim
            if support.has_whole(joined, needle, digits_only):
                return True
        return False

    def _others(self, record: Record, claim: Claim) -> list[Sourced]:
        """The records whose quotes may state a claim no own quote states: those it names,
        and those its kind relates to the claim (none for a milestone or a value, which
        names its own source)."""
        if claim.sources is not None:
            return []
        others = self._neighbours.get(record.id)
        if others is None:
            others = self._neighbours[record.id] = _neighbours(self.kb, record)
        related = (self.kb.find(i) for i in claim.related)
        return [*others, *(r for r in related if isinstance(r, Sourced))]


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


def _neighbours(kb: KnowledgeBase, record: Record) -> list[Sourced]:
    """The sourced records this one names (not its sources), each once."""
    found: dict[str, Sourced] = {}
    for ref in references(record):
        if ref.path[0] != "sources" and ref.target != record.id:
            other = kb.records.get(ref.kind, {}).get(ref.target)  # loaded: of the named kind
            if isinstance(other, Sourced):
                found[other.id] = other
    return list(found.values())


def every_finding(kb: KnowledgeBase) -> list[Finding]:
    """Each claim of each record with its status (no quotes kept)."""
    from ..core.gc_pause import no_gc

    reader = Reader(kb, statuses_only=True)
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


def check_support(kb: KnowledgeBase) -> None:
    """Make `kb.unsupported(id)` answer (listings mark the fields no quote states): each
    record's fields are checked when first asked for, once, so a listing checks only the
    records of its own kind."""
    kb.memo("unsupported-fields", lambda: Unsupported(kb).fields)


class Unsupported:
    """The fields of a record that no quote states (KnowledgeBase.unsupported keeps each
    record's answer)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb, self._reader = kb, Reader(kb, statuses_only=True)

    def fields(self, record_id: str) -> list[str]:
        record = self._kb.find(record_id)
        findings = self._reader.findings(record) if record is not None else []
        return [f.field for f in findings if f.status == UNSUPPORTED]
