"""How each kind is shown: flat rows (tables, CSV, sorting) and full documents (JSON)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .vocab import Kind

if TYPE_CHECKING:  # importing this module stays light: a cached listing needs only the columns
    from .knowledge_base import KnowledgeBase
    from .models import Agreement, Deal, Meeting, Money, Official, Platform, Record

Row = dict[str, Any]


@dataclass(frozen=True)
class View:
    title: str
    row: Callable[[KnowledgeBase, Any], Row]
    extra: Callable[[KnowledgeBase, Any], Row]  # computed fields added to the JSON document
    fields: tuple[str, ...]  # the keys of `row`, in order
    table_columns: tuple[str, ...]
    default_sort: str


def document(kb: KnowledgeBase, record: Record, view: View) -> dict[str, Any]:
    """The record as JSON-ready data: YAML field names, then computed fields, then sources."""
    data = record.model_dump(mode="json")
    tail = {key: data.pop(key) for key in ("notes", "sources") if key in data}
    return {"id": data.pop("id"), **data, **view.extra(kb, record), **tail}


def _usd(kb: KnowledgeBase, deal: Deal) -> int | None:
    from .money import deal_value_usd

    return deal_value_usd(kb, deal)


def _ids(values: list[str]) -> str:
    return "; ".join(values)


def _sources(record: Any) -> str:
    return _ids([c.source for c in record.sources])


def roles(kb: KnowledgeBase, meeting: Meeting) -> list[dict[str, Any]]:
    """Each participant with the title(s) they held on the meeting's date."""
    found = []
    for official_id in meeting.participants:
        official = kb.officials[official_id]
        held = official.positions_during(meeting.date, meeting.end_date)
        found.append(
            {
                "official": official_id,
                "name": official.name,
                "country": official.country,
                "title": " / ".join(p.title for p in held),
            }
        )
    return found


def _meeting_row(kb: KnowledgeBase, m: Meeting) -> Row:
    return {
        "id": m.id,
        "date": str(m.date),
        "end_date": _str(m.end_date),
        "kind": m.kind.value,
        "city": m.location.city if m.location else None,
        "country": m.location.country if m.location else None,
        "participants": "; ".join(f"{r['name']} ({r['title']})" for r in roles(kb, m)),
        "topics": _ids(m.topics),
        "summary": m.summary,
        "agreements": _ids(m.agreements),
        "deals": _ids(m.deals),
        "platforms": _ids(m.platforms),
        "sources": _sources(m),
    }


def _official_row(kb: KnowledgeBase, o: Official) -> Row:
    positions = [f"{p.title} ({p.start}–{p.end or 'present'})" for p in o.positions]
    return {
        "id": o.id,
        "name": o.name,
        "country": o.country,
        "positions": "; ".join(positions),
        "meetings": len(kb.meetings_by_official.get(o.id, [])),
        "sources": _sources(o),
    }


def _platform_row(kb: KnowledgeBase, p: Platform) -> Row:
    operators = [
        f"{op.country} (since {op.since})" if op.since else op.country for op in p.operators
    ]
    return {
        "id": p.id,
        "name": p.name,
        "category": p.category.value,
        "role": p.role,
        "manufacturer": p.manufacturer,
        "origin_country": p.origin_country,
        "operators": "; ".join(operators),
        "deals": _ids([d.id for d in kb.deals_by_platform.get(p.id, [])]),
        "sources": _sources(p),
    }


def money_text(money: Money | None) -> str | None:
    return f"{money.currency} {money.amount:,}" if money else None


def _deal_row(kb: KnowledgeBase, d: Deal) -> Row:
    items = [f"{i.platform} x{i.quantity}" if i.quantity else i.platform for i in d.items]
    return {
        "id": d.id,
        "date": _str(d.date),
        "title": d.title,
        "buyer": d.buyer,
        "seller": d.seller,
        "items": "; ".join(items),
        "value": money_text(d.value),
        "value_kind": d.value.kind.value if d.value and d.value.kind else None,
        "value_usd": _usd(kb, d),
        "status": d.status.value,
        "announced": _str(d.announced),
        "notified": _str(d.notified),
        "approved": _str(d.approved),
        "signed": _str(d.signed),
        "delivered": _str(d.delivered),
        "completed": _str(d.completed),
        "other_values": "; ".join(filter(None, map(money_text, d.other_values))),
        "sources": _sources(d),
    }


def _agreement_row(kb: KnowledgeBase, a: Agreement) -> Row:
    return {
        "id": a.id,
        "date": _str(a.date),
        "name": a.name,
        "short_name": a.short_name,
        "kind": a.kind.value,
        "parties": _ids(a.parties),
        "status": a.status.value,
        "announced": _str(a.announced),
        "signed": _str(a.signed),
        "effective": _str(a.effective),
        "expires": _str(a.expires),
        "supersedes": a.supersedes,
        "signatories": _ids(a.signatories),
        "sources": _sources(a),
    }


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _none(kb: KnowledgeBase, record: Any) -> Row:
    return {}


VIEWS: dict[Kind, View] = {
    Kind.MEETINGS: View(
        "Meetings",
        _meeting_row,
        lambda kb, m: {"roles": roles(kb, m)},
        (
            "id",
            "date",
            "end_date",
            "kind",
            "city",
            "country",
            "participants",
            "topics",
            "summary",
            "agreements",
            "deals",
            "platforms",
            "sources",
        ),
        ("date", "kind", "city", "participants", "id"),
        "date",
    ),
    Kind.OFFICIALS: View(
        "Officials",
        _official_row,
        lambda kb, o: {"meetings": [m.id for m in kb.meetings_by_official.get(o.id, [])]},
        ("id", "name", "country", "positions", "meetings", "sources"),
        ("name", "country", "positions", "meetings", "id"),
        "name",
    ),
    Kind.PLATFORMS: View(
        "Platforms",
        _platform_row,
        lambda kb, p: {"deals": [d.id for d in kb.deals_by_platform.get(p.id, [])]},
        (
            "id",
            "name",
            "category",
            "role",
            "manufacturer",
            "origin_country",
            "operators",
            "deals",
            "sources",
        ),
        ("name", "category", "manufacturer", "origin_country", "operators", "id"),
        "name",
    ),
    Kind.DEALS: View(
        "Deals",
        _deal_row,
        lambda kb, d: {"date": _str(d.date), "value_usd": _usd(kb, d)},
        (
            "id",
            "date",
            "title",
            "buyer",
            "seller",
            "items",
            "value",
            "value_kind",
            "value_usd",
            "status",
            "announced",
            "notified",
            "approved",
            "signed",
            "delivered",
            "completed",
            "other_values",
            "sources",
        ),
        ("date", "title", "items", "value_usd", "status", "id"),
        "date",
    ),
    Kind.AGREEMENTS: View(
        "Agreements",
        _agreement_row,
        _none,
        (
            "id",
            "date",
            "name",
            "short_name",
            "kind",
            "parties",
            "status",
            "announced",
            "signed",
            "effective",
            "expires",
            "supersedes",
            "signatories",
            "sources",
        ),
        ("date", "name", "short_name", "kind", "status", "id"),
        "date",
    ),
}
