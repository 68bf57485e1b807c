"""The loaded knowledge base: records by kind, with reverse links computed on demand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from .models import Agreement, Deal, Meeting, Official, Platform, RateTable, Record, Source
from .vocab import Kind


@dataclass
class KnowledgeBase:
    records: dict[Kind, dict[str, Record]] = field(
        default_factory=lambda: {kind: {} for kind in Kind}
    )

    def add(self, record: Record) -> None:
        self.records[record.record_kind][record.id] = record

    def find(self, record_id: str) -> Record | None:
        for by_id in self.records.values():
            if record_id in by_id:
                return by_id[record_id]
        return None

    def __iter__(self) -> Iterator[Record]:
        for by_id in self.records.values():
            yield from by_id.values()

    def __len__(self) -> int:
        return sum(len(by_id) for by_id in self.records.values())

    @property
    def sources(self) -> dict[str, Source]:
        return self.records[Kind.SOURCES]  # type: ignore[return-value]

    @property
    def officials(self) -> dict[str, Official]:
        return self.records[Kind.OFFICIALS]  # type: ignore[return-value]

    @property
    def meetings(self) -> dict[str, Meeting]:
        return self.records[Kind.MEETINGS]  # type: ignore[return-value]

    @property
    def deals(self) -> dict[str, Deal]:
        return self.records[Kind.DEALS]  # type: ignore[return-value]

    @property
    def platforms(self) -> dict[str, Platform]:
        return self.records[Kind.PLATFORMS]  # type: ignore[return-value]

    @property
    def agreements(self) -> dict[str, Agreement]:
        return self.records[Kind.AGREEMENTS]  # type: ignore[return-value]

    @property
    def rates(self) -> dict[str, RateTable]:
        return self.records[Kind.RATES]  # type: ignore[return-value]

    @cached_property
    def deals_by_platform(self) -> dict[str, list[Deal]]:
        index: dict[str, list[Deal]] = defaultdict(list)
        for deal in self.deals.values():
            for platform in dict.fromkeys(item.platform for item in deal.items):
                index[platform].append(deal)
        return index

    @cached_property
    def superseded_by(self) -> dict[str, list[Agreement]]:
        index: dict[str, list[Agreement]] = defaultdict(list)
        for agreement in self.agreements.values():
            if agreement.supersedes:
                index[agreement.supersedes].append(agreement)
        return index

    @cached_property
    def meetings_by_official(self) -> dict[str, list[Meeting]]:
        index: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in self.meetings.values():
            for official in meeting.participants:
                index[official].append(meeting)
        return index
