"""Pure filters: a knowledge base and criteria in, the matching records out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .dates import PartialDate, period_overlaps
from .knowledge_base import KnowledgeBase
from .models import Agreement, Deal, Meeting, Official, Operator, Platform
from .money import deal_value_usd


@dataclass(frozen=True)
class Period:
    """A closed range of days; None on either side is unbounded."""

    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def build(
        cls,
        year: int | None = None,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
    ) -> Period:
        start = since.start if since else None
        end = until.end if until else None
        if year is not None:
            start = max(start or dt.date(year, 1, 1), dt.date(year, 1, 1))
            end = min(end or dt.date(year, 12, 31), dt.date(year, 12, 31))
        return cls(start, end)

    @property
    def unbounded(self) -> bool:
        return self.start is None and self.end is None

    def touches(self, first: PartialDate | None, last: PartialDate | None = None) -> bool:
        if self.unbounded:
            return True
        return first is not None and period_overlaps(first, last, self.start, self.end)


def meetings(
    kb: KnowledgeBase,
    period: Period = Period(),
    country: str | None = None,
    official: str | None = None,
) -> list[Meeting]:
    found = []
    for m in kb.meetings.values():
        if not period.touches(m.date, m.end_date):
            continue
        if official and official not in m.participants:
            continue
        if country and country not in _meeting_countries(kb, m):
            continue
        found.append(m)
    return found


def _meeting_countries(kb: KnowledgeBase, meeting: Meeting) -> set[str]:
    countries = {kb.officials[p].country for p in meeting.participants if p in kb.officials}
    if meeting.location:
        countries.add(meeting.location.country)
    return countries


def officials(
    kb: KnowledgeBase, country: str | None = None, as_of: PartialDate | None = None
) -> list[Official]:
    return [
        o
        for o in kb.officials.values()
        if (country is None or o.country == country)
        and (as_of is None or o.positions_during(as_of))
    ]


def platforms(
    kb: KnowledgeBase,
    origin: str | None = None,
    operator: str | None = None,
    category: str | None = None,
    as_of: PartialDate | None = None,
) -> list[Platform]:
    """`as_of`: only platforms in service then (a recorded service entry on or before it)."""
    found = []
    for p in kb.platforms.values():
        if (origin and p.origin_country != origin) or (category and p.category != category):
            continue
        if (operator or as_of) and not any(_in_service(op, operator, as_of) for op in p.operators):
            continue
        found.append(p)
    return found


def _in_service(op: Operator, country: str | None, as_of: PartialDate | None) -> bool:
    if country and op.country != country:
        return False
    if as_of is None:
        return True
    return (
        op.since is not None
        and op.since.start <= as_of.end
        and (op.until is None or op.until.end >= as_of.start)
    )


@dataclass(frozen=True)
class DealCriteria:
    min_usd: Decimal | None = None
    max_usd: Decimal | None = None
    period: Period = Period()
    buyer: str | None = None
    seller: str | None = None
    status: str | None = None
    platform: str | None = None


def deals(kb: KnowledgeBase, criteria: DealCriteria) -> list[Deal]:
    c = criteria
    found = []
    for d in kb.deals.values():
        usd = deal_value_usd(kb, d)
        if (c.min_usd is not None or c.max_usd is not None) and usd is None:
            continue
        if (c.min_usd is not None and usd is not None and usd < c.min_usd) or (
            c.max_usd is not None and usd is not None and usd > c.max_usd
        ):
            continue
        if not c.period.touches(d.date):
            continue
        if (c.buyer and d.buyer != c.buyer) or (c.seller and d.seller != c.seller):
            continue
        if c.status and d.status != c.status:
            continue
        if c.platform and all(item.platform != c.platform for item in d.items):
            continue
        found.append(d)
    return found


def in_force(kb: KnowledgeBase, agreement: Agreement, when: PartialDate) -> bool:
    """In force on `when`: begun (effective, signed or announced) and not expired or
    superseded by then. Proposals are never in force."""
    start = agreement.effective or agreement.signed or agreement.announced
    if start is None or agreement.status == "proposed" or start.start > when.end:
        return False
    ends = [agreement.expires] if agreement.expires else []
    ends += [
        later.effective or later.signed or later.announced
        for later in kb.agreements.values()
        if later.supersedes == agreement.id
    ]
    return all(end is None or end.end >= when.start for end in ends)


def agreements(
    kb: KnowledgeBase,
    period: Period = Period(),
    status: str | None = None,
    party: str | None = None,
    kind: str | None = None,
    as_of: PartialDate | None = None,
) -> list[Agreement]:
    return [
        a
        for a in kb.agreements.values()
        if period.touches(a.date)
        and (as_of is None or in_force(kb, a, as_of))
        and (status is None or a.status == status)
        and (party is None or party in a.parties)
        and (kind is None or a.kind == kind)
    ]
