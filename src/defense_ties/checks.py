"""Checks across records, run after everything has loaded. Each problem has a stable code:

- dangling-reference: an id that names no record
- wrong-kind: an id that names a record of another kind (a platform given as a participant)
- missing-source: a citation or value that names no source record
- uncited-source: a value or rate attributed to a source the record does not cite
- duplicate-reference: the same id twice in one list
- end-before-start: a period that ends before it starts
- not-in-office: a meeting participant who held no position on the meeting's date
- no-rate: a value in a currency with no exchange-rate table in data/rates/
- duplicate-year: an exchange-rate table listing a year twice
"""

from __future__ import annotations

from collections.abc import Iterator, Set

from .dates import PartialDate
from .knowledge_base import KnowledgeBase
from .models import Agreement, Deal, Meeting, Official, Platform, RateTable, Record, Sourced
from .vocab import Kind
from .yaml_reader import Path_

# (record id, path to the offending node, field label or None for the path, message, code)
Finding = tuple[str, Path_, str | None, str, str]
Ref = tuple[Path_, str, Kind]


def cross_check(kb: KnowledgeBase, unloadable: Set[str] = frozenset()) -> Iterator[Finding]:
    """Problems between records; ids in `unloadable` name files already reported as broken."""
    for record in kb:
        yield from _check_references(kb, record, unloadable)
        yield from _check_periods(record)
        if isinstance(record, Meeting):
            yield from _check_in_office(kb, record)
        if isinstance(record, Deal):
            yield from _check_currencies(kb, record)
        if isinstance(record, RateTable):
            yield from _check_rate_years(record)


def references(record: Record) -> list[Ref]:
    """Every id a record names, with where it sits and the kind it must be."""
    refs: list[Ref] = []
    if isinstance(record, Sourced):
        refs += [
            (("sources", i, "source"), c.source, Kind.SOURCES) for i, c in enumerate(record.sources)
        ]
    if isinstance(record, Meeting):
        refs += _list_refs(record.participants, "participants", Kind.OFFICIALS)
        refs += _list_refs(record.agreements, "agreements", Kind.AGREEMENTS)
        refs += _list_refs(record.deals, "deals", Kind.DEALS)
        refs += _list_refs(record.platforms, "platforms", Kind.PLATFORMS)
    elif isinstance(record, Deal):
        refs += [
            (("items", i, "platform"), it.platform, Kind.PLATFORMS)
            for i, it in enumerate(record.items)
        ]
        refs += _list_refs(record.agreements, "agreements", Kind.AGREEMENTS)
        refs += [(path, source, Kind.SOURCES) for path, source in _value_sources(record)]
    elif isinstance(record, Agreement):
        refs += _list_refs(record.signatories, "signatories", Kind.OFFICIALS)
        if record.supersedes:
            refs.append((("supersedes",), record.supersedes, Kind.AGREEMENTS))
    elif isinstance(record, RateTable):
        refs += [
            (("rates", i, "source"), r.source, Kind.SOURCES) for i, r in enumerate(record.rates)
        ]
    return refs


def _list_refs(ids: list[str], name: str, kind: Kind) -> list[Ref]:
    return [((name, i), ref, kind) for i, ref in enumerate(ids)]


def _value_sources(deal: Deal) -> list[tuple[Path_, str]]:
    found: list[tuple[Path_, str]] = []
    if deal.value and deal.value.source:
        found.append((("value", "source"), deal.value.source))
    found += [
        (("other_values", i, "source"), v.source)
        for i, v in enumerate(deal.other_values)
        if v.source
    ]
    return found


def _check_references(kb: KnowledgeBase, record: Record, unloadable: Set[str]) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for path, ref, kind in references(record):
        list_name = str(path[0])
        if (list_name, ref) in seen and isinstance(path[-1], int):
            yield record.id, path, None, f"{ref!r} is listed twice", "duplicate-reference"
        seen.add((list_name, ref))
        if ref in kb.records[kind] or ref in unloadable:
            continue
        other = kb.find(ref)
        if other is not None:
            yield (
                record.id,
                path,
                None,
                f"{ref!r} is {_a(other.record_kind.singular)}, not {_a(kind.singular)}",
                "wrong-kind",
            )
        elif kind is Kind.SOURCES:
            yield (record.id, path, None, f"no source {ref!r} in sources/", "missing-source")
        else:
            yield (
                record.id,
                path,
                None,
                f"no {kind.singular} {ref!r} in {kind.value}/",
                "dangling-reference",
            )
    if isinstance(record, Sourced):
        cited = {c.source for c in record.sources}
        attributed = _value_sources(record) if isinstance(record, Deal) else []
        if isinstance(record, RateTable):
            attributed = [(("rates", i, "source"), r.source) for i, r in enumerate(record.rates)]
        for path, source in attributed:
            if source not in cited:
                yield (
                    record.id,
                    path,
                    None,
                    f"source {source!r} is not among this record's "
                    "sources: cite it there with a quote",
                    "uncited-source",
                )


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _periods(record: Record) -> Iterator[tuple[Path_, PartialDate | None, PartialDate | None]]:
    if isinstance(record, Official):
        for i, p in enumerate(record.positions):
            yield ("positions", i, "end"), p.start, p.end
    elif isinstance(record, Meeting):
        yield ("end_date",), record.date, record.end_date
    elif isinstance(record, Platform):
        for i, op in enumerate(record.operators):
            yield ("operators", i, "until"), op.since, op.until
    elif isinstance(record, Agreement):
        yield ("expires",), record.effective or record.signed, record.expires
    elif isinstance(record, Deal):
        yield ("completed",), record.delivered, record.completed


def _check_periods(record: Record) -> Iterator[Finding]:
    for path, start, end in _periods(record):
        if start is not None and end is not None and end.end < start.start:
            yield record.id, path, None, f"{end} is before the start {start}", "end-before-start"


def _check_in_office(kb: KnowledgeBase, meeting: Meeting) -> Iterator[Finding]:
    for i, official_id in enumerate(meeting.participants):
        official = kb.officials.get(official_id)
        if official is None:
            continue
        held = official.positions_during(meeting.date, meeting.end_date)
        if not held:
            yield (
                meeting.id,
                ("participants", i),
                None,
                f"{official_id!r} held no recorded position on {meeting.date}",
                "not-in-office",
            )


def _check_currencies(kb: KnowledgeBase, deal: Deal) -> Iterator[Finding]:
    tables = {table.currency for table in kb.rates.values()}
    values = [(("value", "currency"), deal.value)] if deal.value else []
    values += [(("other_values", i, "currency"), v) for i, v in enumerate(deal.other_values)]
    for path, money in values:
        if money is not None and money.currency != "USD" and money.currency not in tables:
            yield (
                deal.id,
                path,
                None,
                f"no exchange rates for {money.currency}: add rates/{money.currency.lower()}.yaml",
                "no-rate",
            )


def _check_rate_years(table: RateTable) -> Iterator[Finding]:
    seen: set[int] = set()
    for i, rate in enumerate(table.rates):
        if rate.year in seen:
            yield (
                table.id,
                ("rates", i, "year"),
                None,
                f"year {rate.year} listed twice",
                "duplicate-year",
            )
        seen.add(rate.year)
