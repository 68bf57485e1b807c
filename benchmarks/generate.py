"""Generate a synthetic, valid defense-ties knowledge base of about N records, for benchmarks.

    python benchmarks/generate.py N OUTDIR [--seed S] [--force]

Writes one YAML file per record, OUTDIR/<kind>/<id>.yaml, with the shipped data's proportions of
kinds (sources are the majority) and its shapes: 2-4 citations per record with quotes of realistic
length, meetings of 2-4 officials who hold a position on the day, deals over platforms valued in
USD or INR (with an INR rate table covering every year), agreements with parties and signatories,
platforms with operators. `dt --data-dir OUTDIR validate` passes. The same seed gives the same
bytes.

For the baselines it also writes, next to OUTDIR:
- OUTDIR.json: every record in one document, {"sources": [...], "deals": [...], ...}; each deal
  carries a precomputed `value_usd` (converted the way `dt` converts), so the jq query
  `[.deals[] | select(.value_usd != null and .value_usd >= 1e9)]` selects what
  `dt deals --min-value 1e9` selects.
- OUTDIR.sqlite: a table deals(id, value_usd REAL, doc TEXT) indexed on value_usd, so
  `SELECT doc FROM deals WHERE value_usd >= 1e9` selects the same deals.

Only the standard library is used to generate; PyYAML is needed only to export an existing
knowledge base (`export`, used for the shipped data).
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Record = dict[str, Any]
Corpus = dict[str, list[Record]]

KINDS = ("sources", "rates", "officials", "platforms", "agreements", "deals", "meetings")
# Records per kind in the shipped data (data/, November 2026; 690 records). Fixed here so that a
# seed gives the same knowledge base whatever the curators add later.
SHIPPED_COUNTS = {
    "sources": 487,
    "meetings": 69,
    "officials": 42,
    "deals": 33,
    "platforms": 29,
    "agreements": 29,
    "rates": 1,
}
MINIMUM = {"officials": 4, "platforms": 3, "agreements": 2, "deals": 2, "meetings": 2}
FIRST_YEAR, LAST_YEAR = 2000, 2025  # meetings, deals and agreements fall in these years
RATE_YEARS = range(1995, 2027)
RETRIEVED = "2026-11-22"

# ---------------------------------------------------------------------------------------------
# Vocabulary for realistic text


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words("""
the defence ministry said india and united states agreed to deepen cooperation on maritime
security co-production of engines aircraft helicopters in the indo-pacific region a joint
statement issued after talks between two sides also reviewed progress on logistics
interoperability technology transfer industrial partnership training exercises intelligence
sharing counter-terrorism space cyber domain awareness officials noted that contract worth
billion million dollars was signed for delivery over next five years indian air force navy army
will induct first batch under foreign military sales programme congress notified proposed sale
which would improve security of an important partner strengthen strategic relationship minister
visited washington new delhi met his counterpart at pentagon south block during visit leaders
welcomed conclusion framework for major partnership decade ahead while discussing regional
situation supply chains critical emerging technologies jointly develop produce systems
""")
TOPICS = [
    "co-production",
    "maritime security",
    "defence industrial cooperation",
    "counter-terrorism",
    "technology transfer",
    "logistics",
    "Indo-Pacific",
    "space",
    "cyber",
    "jet engines",
    "supply chains",
    "military exercises",
    "intelligence sharing",
    "nuclear cooperation",
    "Afghanistan",
    "critical and emerging technologies",
]
FIRST_NAMES = {
    "US": "James John Robert Michael William David Richard Joseph Thomas Charles Mary Patricia "
    "Linda Barbara Elizabeth Susan Jessica Sarah Karen Lisa Mark Steven Paul Andrew Kenneth "
    "Joshua Kevin Brian George Timothy Ronald Jason Edward Jeffrey Ryan Jacob Gary Nicholas Eric "
    "Jonathan Stephen",
    "IN": "Rajesh Suresh Anil Sunil Vijay Sanjay Amit Rahul Manoj Arun Ravi Ashok Pradeep Vinod "
    "Deepak Ramesh Priya Anita Sunita Kavita Meena Pooja Neha Rekha Shobha Lakshmi Arvind Mohan "
    "Girish Harish Naveen Prakash Rakesh Satish Ajay Alok Gopal Kiran Mukesh Nitin",
}
LAST_NAMES = {
    "US": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
    "Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell "
    "Parker Evans",
    "IN": "Sharma Verma Gupta Singh Kumar Patel Reddy Rao Nair Menon Iyer Pillai Mukherjee "
    "Banerjee Chatterjee Das Bose Sen Joshi Kulkarni Deshpande Jain Agarwal Mehta Shah Desai "
    "Chopra Kapoor Malhotra Bhatia Saxena Mishra Pandey Tiwari Dubey Yadav Chauhan Thakur "
    "Krishnan Subramanian",
}
TITLES = {
    "US": [
        "Secretary of Defense",
        "Secretary of State",
        "National Security Advisor",
        "Under Secretary of Defense for Policy",
        "Deputy Secretary of Defense",
        "Under Secretary of Defense for Acquisition and Sustainment",
        "Commander, U.S. Indo-Pacific Command",
        "Assistant Secretary of State for South and Central Asia",
    ],
    "IN": [
        "Minister of Defence",
        "Minister of External Affairs",
        "National Security Adviser",
        "Defence Secretary",
        "Foreign Secretary",
        "Chief of Defence Staff",
        "Secretary (Defence Production)",
        "Minister of State for Defence",
    ],
}
ORGANIZATIONS = {  # of each title above, in order
    "US": ["Department of Defense", "Department of State", "White House"]
    + ["Department of Defense"] * 3
    + ["U.S. Indo-Pacific Command", "Department of State"],
    "IN": ["Ministry of Defence", "Ministry of External Affairs", "Prime Minister's Office"]
    + ["Ministry of Defence", "Ministry of External Affairs"]
    + ["Ministry of Defence"] * 3,
}
CITIES = {
    "US": ["Washington", "New York", "Honolulu", "San Francisco", "Norfolk"],
    "IN": ["New Delhi", "Mumbai", "Bengaluru", "Goa", "Visakhapatnam", "Hyderabad"],
}
PUBLISHERS = [
    ("pib", "Press Information Bureau", "pib.gov.in"),
    ("dod", "U.S. Department of Defense", "www.defense.gov"),
    ("state", "U.S. Department of State", "www.state.gov"),
    ("mea", "Ministry of External Affairs", "www.mea.gov.in"),
    ("thehindu", "The Hindu", "www.thehindu.com"),
    ("reuters", "Reuters", "www.reuters.com"),
    ("pti", "Press Trust of India", "www.ptinews.com"),
    ("dsca", "Defense Security Cooperation Agency", "www.dsca.mil"),
    ("rediff", "Rediff", "www.rediff.com"),
    ("hindustantimes", "Hindustan Times", "www.hindustantimes.com"),
    ("indianexpress", "The Indian Express", "indianexpress.com"),
    ("defensenews", "Defense News", "www.defensenews.com"),
]
CATEGORIES = {
    "aircraft": "transport aircraft",
    "helicopter": "multi-role helicopter",
    "uav": "long-endurance drone",
    "missile": "anti-ship missile",
    "munition": "guided artillery shell",
    "artillery": "ultra-light howitzer",
    "armoured-vehicle": "infantry combat vehicle",
    "ship": "amphibious transport dock",
    "engine": "turbofan engine",
    "small-arms": "assault rifle",
    "sensor": "weapon-locating radar",
    "system": "integrated air defence system",
}
MANUFACTURERS = {
    "US": ["Boeing", "Lockheed Martin", "General Electric", "General Atomics", "Raytheon", "BAE"],
    "IN": ["Hindustan Aeronautics Limited", "Bharat Electronics", "Larsen & Toubro", "DRDO"],
}
NICKNAMES = _words("Hawk Falcon Sentinel Guardian Trident Vajra Garuda Neptune Atlas Titan Raven")
PREFIXES = _words("ah ch mh mq kc rq ag mk lm ge sm ap ff hq")
DEAL_STATUS = ["signed", "delivering", "completed", "approved", "notified", "proposed"]
VALUE_KINDS = ["contract", "notification", "approval", "reported", "estimate"]
AGREEMENT_KINDS = [
    "foundational-agreement",
    "framework",
    "joint-statement",
    "initiative",
    "mou",
    "arrangement",
    "dialogue",
]
AGREEMENT_THEMES = [
    ("logistics", "Logistics Exchange"),
    ("communications", "Communications Compatibility and Security"),
    ("geospatial", "Basic Exchange and Cooperation"),
    ("supply", "Security of Supply"),
    ("technology", "Defense Technology and Trade"),
    ("maritime", "Maritime Security Cooperation"),
    ("industrial", "Industrial Security"),
    ("space", "Space Situational Awareness"),
    ("liaison", "Liaison Officers"),
    ("innovation", "Defence Innovation Bridge"),
]
MEETING_KINDS = ["meeting"] * 8 + ["summit"] * 3 + ["dialogue"] * 2 + ["phone-call", "video-call"]

# ---------------------------------------------------------------------------------------------
# Text and dates


def sentence(rng: random.Random, low: int, high: int) -> str:
    """A sentence of `low`-`high` words: quotes of 70-420 characters, like the shipped ones."""
    words = rng.choices(WORDS, k=rng.randint(low, high))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


def day(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


def ordinal(year: int, month: int = 1, dom: int = 1) -> int:
    return datetime.date(year, month, dom).toordinal()


def random_day(rng: random.Random, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> int:
    return rng.randint(ordinal(first), ordinal(last, 12, 31))


def unique(wanted: str, used: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever is not used yet."""
    candidate, n = wanted, 1
    while candidate in used:
        n += 1
        candidate = f"{wanted}-{n}"
    used.add(candidate)
    return candidate


# ---------------------------------------------------------------------------------------------
# Records


@dataclass
class Chain:
    """One office held by a succession of officials: who held it on a given day."""

    starts: list[int] = field(default_factory=list)
    holders: list[str] = field(default_factory=list)

    def holder(self, on: int) -> str:
        """Who held the office on day `on` (the first holder for days before the chain)."""
        return self.holders[max(bisect.bisect_right(self.starts, on) - 1, 0)]


@dataclass
class Builder:
    rng: random.Random
    source_ids: list[str]
    used: set[str] = field(default_factory=set)
    cursor: int = 0
    chains: dict[str, list[Chain]] = field(default_factory=dict)
    platform_names: dict[str, str] = field(default_factory=dict)
    agreement_ids: list[str] = field(default_factory=list)
    deal_ids: list[str] = field(default_factory=list)
    rates: dict[int, float] = field(default_factory=dict)

    def citations(self, low: int = 2, high: int = 4) -> list[Record]:
        """The next sources in a shuffled cycle, so that every source gets cited."""
        count = min(self.rng.randint(low, high), len(self.source_ids))
        cited = []
        for _ in range(count):
            cited.append(self.source_ids[self.cursor % len(self.source_ids)])
            self.cursor += 1
        return [{"source": s, "quote": sentence(self.rng, 12, 70)} for s in cited]

    def officials_on(self, on: int, country: str, count: int) -> list[str]:
        chains = self.chains[country]
        picked = self.rng.sample(range(len(chains)), min(count, len(chains)))
        return [chains[i].holder(on) for i in picked]


def make_source(rng: random.Random, used: set[str]) -> Record:
    prefix, publisher, domain = rng.choice(PUBLISHERS)
    when = random_day(rng, 1998, LAST_YEAR)
    title_words = rng.choices(WORDS, k=rng.randint(6, 12))
    short = "-".join(rng.sample(title_words, 3))
    record_id = unique(slug(f"{prefix}-{day(when)}-{short}"), used)
    precision = rng.random()
    published = (
        day(when) if precision < 0.85 else day(when)[:7] if precision < 0.95 else day(when)[:4]
    )
    return {
        "id": record_id,
        "title": " ".join(title_words).capitalize(),
        "publisher": publisher,
        "published": published,
        "url": f"https://{domain}/{day(when)[:7].replace('-', '/')}/{record_id}.html",
        "retrieved": RETRIEVED,
    }


def make_rates(b: Builder) -> Record:
    rates, source = [], b.source_ids[0]
    for year in RATE_YEARS:
        per_usd = round(35 + 1.6 * (year - RATE_YEARS[0]) + b.rng.uniform(-1.5, 1.5), 4)
        b.rates[year] = per_usd
        rates.append({"year": year, "per_usd": per_usd, "source": source})
    citations = b.citations(1, 2)
    citations[0]["source"] = source
    return {"id": "inr", "currency": "INR", "rates": rates, "sources": citations}


def make_officials(b: Builder, count: int) -> list[Record]:
    """Officials in chains of succession per office, so every day from 1996 has holders."""
    records = []
    for country, share in (("US", count // 2), ("IN", count - count // 2)):
        holders = [_official_stub(b, country) for _ in range(share)]
        n_chains = max(1, share // 6)
        b.chains[country] = []
        for c in range(n_chains):
            members = holders[c::n_chains]
            office = c % len(TITLES[country])
            title, organization = TITLES[country][office], ORGANIZATIONS[country][office]
            if c >= len(TITLES[country]):  # one holder at a time per office: other desks
                title = f"{title}, desk {c // len(TITLES[country])}"
            records += _fill_chain(b, country, (title, organization), members)
    return records


def _official_stub(b: Builder, country: str) -> Record:
    first = b.rng.choice(_words(FIRST_NAMES[country]))
    last = b.rng.choice(_words(LAST_NAMES[country]))
    name = f"{first} {last}"
    return {"id": unique(slug(name), b.used), "name": name, "country": country}


def _fill_chain(
    b: Builder, country: str, office: tuple[str, str], members: list[Record]
) -> list[Record]:
    """Give `members` successive terms of `title`: from 1995-96 on, the last still in office."""
    first = ordinal(1995) + b.rng.randint(0, 364)
    weeks = (ordinal(LAST_YEAR, 12, 31) - first) // 7
    starts = [first] + sorted(
        first + 7 * w for w in b.rng.sample(range(1, weeks), len(members) - 1)
    )
    chain = Chain(starts, [m["id"] for m in members])
    b.chains[country].append(chain)
    title, organization = office
    for i, member in enumerate(members):
        position: Record = {"title": title, "organization": organization, "start": day(starts[i])}
        if i + 1 < len(starts):
            position["end"] = day(starts[i + 1] - 1)
        positions = [position]
        if b.rng.random() < 0.3:
            earlier = starts[i] - b.rng.randint(400, 2000)
            positions.insert(
                0,
                {
                    "title": f"Adviser to the {title}",
                    "start": day(earlier),
                    "end": day(starts[i] - 30),
                },
            )
        first, last = member["name"].split()
        member["aliases"] = [f"Shri {first} {last}" if country == "IN" else f"{first[0]}. {last}"]
        member["positions"] = positions
        member["sources"] = b.citations()
    return members


def make_platform(b: Builder) -> Record:
    while True:
        designation = f"{b.rng.choice(PREFIXES)}-{b.rng.randint(1, 999)}{b.rng.choice('  aeij')}"
        record_id = slug(designation)
        if record_id not in b.used:
            b.used.add(record_id)
            break
    category = b.rng.choice(list(CATEGORIES))
    origin = "US" if b.rng.random() < 0.85 else "IN"
    name = f"{designation.strip().upper()} {b.rng.choice(NICKNAMES)}"
    b.platform_names[record_id] = name
    record: Record = {
        "id": record_id,
        "name": name,
        "aliases": [name.split()[-1]],
        "category": category,
        "role": CATEGORIES[category],
        "manufacturer": b.rng.choice(MANUFACTURERS[origin]),
        "origin_country": origin,
        "operators": [{"country": "IN", "inducted": str(b.rng.randint(FIRST_YEAR, LAST_YEAR))}],
    }
    if origin == "US" and b.rng.random() < 0.5:
        record["operators"].insert(0, {"country": "US", "inducted": str(b.rng.randint(1985, 2015))})
    record["sources"] = b.citations()
    return record


def make_agreement(b: Builder) -> Record:
    theme, name = b.rng.choice(AGREEMENT_THEMES)
    kind = b.rng.choice(AGREEMENT_KINDS)
    when = random_day(b.rng)
    year = day(when)[:4]
    record_id = unique(f"{year}-{theme}-{kind.split('-')[0]}", b.used)
    record: Record = {
        "id": record_id,
        "name": f"{name} {kind.replace('-', ' ').title()}",
        "short_name": "".join(w[0] for w in name.split()).upper(),
        "kind": kind,
        "parties": ["US", "IN"],
    }
    status = b.rng.choice(["in-force", "in-force", "signed", "announced", "expired", "superseded"])
    if status == "announced":
        record["announced"] = day(when)
    else:
        record["signed"] = day(when)
        if b.rng.random() < 0.3:
            record["effective"] = day(when + b.rng.randint(0, 90))
        if status == "expired":
            record["expires"] = day(when + 3650)
    record["status"] = status
    if b.agreement_ids and b.rng.random() < 0.1:
        older = b.rng.choice(b.agreement_ids)
        if older[:4] < year:
            record["supersedes"] = older
    if status != "announced":
        record["signatories"] = b.officials_on(when, "US", 1) + b.officials_on(when, "IN", 1)
    record["summary"] = sentence(b.rng, 20, 50)
    record["sources"] = b.citations()
    b.agreement_ids.append(record_id)
    return record


def make_deal(b: Builder) -> Record:
    platforms = b.rng.sample(list(b.platform_names), min(_item_count(b.rng), len(b.platform_names)))
    when = random_day(b.rng)
    record_id = unique(f"{day(when)[:4]}-{platforms[0]}", b.used)
    quantity = b.rng.choice([2, 4, 6, 8, 10, 12, 16, 22, 24, 31, 145])
    buyer, seller = ("IN", "US") if b.rng.random() < 0.9 else ("US", "IN")
    record: Record = {
        "id": record_id,
        "title": f"{quantity} {b.platform_names[platforms[0]]} for the Indian armed forces",
        "buyer": buyer,
        "seller": seller,
        "items": [{"platform": p, "quantity": quantity} for p in platforms],
    }
    citations = b.citations(3, 5)
    dates = _deal_dates(b.rng, when)
    record["status"] = dates.pop("status")
    if "announced" in dates:
        record["announced"] = dates.pop("announced")
    source = citations[0]["source"]
    if dates:
        record["milestones"] = {
            step: {"date": date, "source": source} for step, date in dates.items()
        }
    if b.rng.random() < 0.9:
        signed = "signed" in dates
        dated = dates.get("signed") or record.get("announced") or next(iter(dates.values()))
        record["values"] = [_money(b, when, citations, signed, dated)]
    if b.agreement_ids and b.rng.random() < 0.2:
        record["agreements"] = [b.rng.choice(b.agreement_ids)]
    record["summary"] = sentence(b.rng, 20, 50)
    record["sources"] = citations
    b.deal_ids.append(record_id)
    return record


def _item_count(rng: random.Random) -> int:
    return rng.choices([1, 2, 3], weights=[8, 1, 1])[0]


def _money(b: Builder, when: int, citations: list[Record], signed: bool, dated: str) -> Record:
    """A value log-uniform from $25M to $10B (38% at or over $1B), in USD or INR, of a kind
    the deal's milestones allow (a contract only once signed), dated like the deal."""
    usd = 10 ** b.rng.uniform(7.4, 10)
    usd = round(usd, -6) if usd >= 1e8 else round(usd, -5)
    money: Record = {"amount": int(usd), "currency": "USD"}
    if b.rng.random() < 0.25:
        per_usd = b.rates[int(str(dated)[:4])]
        money = {"amount": int(round(usd * per_usd, -7)), "currency": "INR"}
    money["kind"] = "contract" if signed else b.rng.choice(VALUE_KINDS[1:])
    money["source"] = b.rng.choice(citations)["source"]
    money["date"] = dated
    return money


def _deal_dates(rng: random.Random, when: int) -> Record:
    status = rng.choice(DEAL_STATUS)
    dates: Record = {"status": status}
    if status in ("notified", "proposed"):
        dates["notified" if status == "notified" else "announced"] = day(when)[:7]
        return dates
    if rng.random() < 0.5:
        dates["announced"] = day(when - rng.randint(30, 400))[:7]
    if status == "approved":
        dates["approved"] = day(when)
        return dates
    dates["signed"] = day(when)
    if status in ("delivering", "completed"):
        delivered = when + rng.randint(180, 1500)
        dates["first_delivery"] = day(delivered)
        if status == "completed":
            dates["completed"] = day(delivered + rng.randint(100, 900))[:7]
    return dates


def make_meeting(b: Builder) -> Record:
    when = random_day(b.rng)
    size = b.rng.choices([2, 3, 4], weights=[7, 2, 1])[0]
    us = b.officials_on(when, "US", b.rng.randint(1, size - 1))
    participants = us + b.officials_on(when, "IN", size - len(us))
    kind = b.rng.choice(MEETING_KINDS)
    country = b.rng.choice(["US", "IN"])
    city = b.rng.choice(CITIES[country])
    names = "-".join(p.split("-")[-1] for p in participants[:2])
    where = "call" if kind.endswith("call") else slug(city)
    record: Record = {"id": unique(f"{day(when)}-{names}-{where}", b.used), "date": day(when)}
    if kind in ("summit", "dialogue") and b.rng.random() < 0.3:
        record["end_date"] = day(when + b.rng.randint(1, 2))
    record["kind"] = kind
    if not kind.endswith("call"):
        record["location"] = {"city": city, "country": country}
    record["participants"] = participants
    record["topics"] = b.rng.sample(TOPICS, b.rng.randint(2, 4))
    record["summary"] = sentence(b.rng, 20, 60)
    _meeting_links(b, record)
    record["sources"] = b.citations()
    return record


def _meeting_links(b: Builder, record: Record) -> None:
    if b.agreement_ids and b.rng.random() < 0.25:
        record["agreements"] = [b.rng.choice(b.agreement_ids)]
    if b.deal_ids and b.rng.random() < 0.06:
        record["deals"] = [b.rng.choice(b.deal_ids)]
    if b.rng.random() < 0.12:
        record["platforms"] = b.rng.sample(list(b.platform_names), 1)


# ---------------------------------------------------------------------------------------------
# The whole knowledge base


def kind_counts(total: int) -> dict[str, int]:
    """Records per kind for about `total` records, in the shipped proportions."""
    shipped = sum(SHIPPED_COUNTS.values())
    counts = {"rates": 1}
    for kind, minimum in MINIMUM.items():
        counts[kind] = max(minimum, round(total * SHIPPED_COUNTS[kind] / shipped))
    counts["sources"] = max(8, total - sum(counts.values()))
    return counts


def build(total: int, seed: int) -> Corpus:
    """Every record of a knowledge base of about `total` records, by kind."""
    rng = random.Random(seed)
    counts = kind_counts(total)
    used: set[str] = set()
    sources = [make_source(rng, used) for _ in range(counts["sources"])]
    order = [s["id"] for s in sources]
    rng.shuffle(order)
    b = Builder(rng, order, used)
    corpus: Corpus = {"sources": sources, "rates": [make_rates(b)]}
    corpus["officials"] = make_officials(b, counts["officials"])
    corpus["platforms"] = [make_platform(b) for _ in range(counts["platforms"])]
    corpus["agreements"] = [make_agreement(b) for _ in range(counts["agreements"])]
    corpus["deals"] = [make_deal(b) for _ in range(counts["deals"])]
    corpus["meetings"] = [make_meeting(b) for _ in range(counts["meetings"])]
    state_facts(rng, corpus)
    return corpus


# ---------------------------------------------------------------------------------------------
# Quotes that state their records' facts, as real ones do (dt validate checks that they do)

STATED_SHARE = 0.9  # the rest keep quotes that state none: they are reported as unsupported
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _said(date: str) -> str:
    """A recorded date as a report writes it: 13 September 2000, September 2000, 2000."""
    parts = [int(p) for p in str(date).split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {_MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _money_said(money: Record) -> str:
    if money["currency"] == "INR":
        return f"Rs {money['amount'] / 10**7:,.10g} crore"
    return f"${money['amount']:,}"


def state_facts(rng: random.Random, corpus: Corpus) -> None:
    """Give most records a first quote that states their dates, amounts, quantities, people
    and places (milestones and values are re-attributed to that quote's source)."""
    names = {o["id"]: o["name"] for o in corpus["officials"]}
    for kind, records in corpus.items():
        for record in records:
            if kind == "sources" or rng.random() >= STATED_SHARE:
                continue
            facts = _facts(kind, record, names)
            if facts:
                first = record["sources"][0]
                first["quote"] = " ".join(facts) + " " + first["quote"]
                _attribute(record, first["source"])


def _facts(kind: str, r: Record, names: dict[str, str]) -> list[str]:
    if kind == "meetings":
        people = " and ".join(names[p] for p in r["participants"])
        where = f" in {r['location']['city']}" if "location" in r else ""
        until = f" to {_said(r['end_date'])}" if "end_date" in r else ""
        return [f"On {_said(r['date'])}{until}, {people} met{where}."]
    if kind == "officials":
        return [
            f"{r['name']} served as {p['title']} from {_said(p['start'])}"
            + (f" until {_said(p['end'])}." if "end" in p else ".")
            for p in r["positions"]
        ]
    if kind == "agreements":
        found = [f"The {r['name']} was {key} on {_said(r[key])}." for key in
                 ("announced", "signed", "effective", "expires") if key in r]  # fmt: skip
        if r.get("signatories"):
            found.append("It was signed by " + " and ".join(names[s] for s in r["signatories"]))
        return found
    if kind == "deals":
        found = [
            f"The deal was {step.replace('_', ' ')} on {_said(m['date'])}."
            for step, m in r.get("milestones", {}).items()
        ]
        found += [f"It covers {i['quantity']} units." for i in r["items"] if "quantity" in i]
        found += [f"It is worth {_money_said(v)}." for v in r.get("values", [])]
        if "announced" in r:
            found.append(f"It was announced in {_said(r['announced'])}.")
        return found
    if kind == "platforms":
        return [f"It has been in service since {op['inducted']}." for op in r["operators"]]
    if kind == "rates":
        return [" ".join(f"{x['year']}: {x['per_usd']}" for x in r["rates"])]
    return []


def _attribute(record: Record, source: str) -> None:
    for milestone in record.get("milestones", {}).values():
        milestone["source"] = source
    for money in record.get("values", []):
        money["source"] = source
    for rate in record.get("rates", []):
        rate["source"] = source


# ---------------------------------------------------------------------------------------------
# YAML text, written directly (no yaml.dump)

PLAIN = {
    "id", "source", "platform", "country", "currency", "kind", "status", "buyer", "seller",
    "url", "origin_country", "category", "published", "retrieved", "date", "end_date", "start",
    "end", "inducted", "retired", "announced", "notified", "approved", "signed", "effective",
    "expires", "first_delivery", "completed", "cancelled", "supersedes",
}  # fmt: skip
FOLDED = {"quote", "summary"}
PLAIN_LISTS = {"participants", "parties", "agreements", "deals", "platforms", "signatories"}
WIDTH = 100


def to_yaml(record: Record) -> str:
    return "\n".join(_mapping(record, 0)) + "\n"


def _mapping(mapping: Record, indent: int) -> list[str]:
    pad, lines = " " * indent, []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += _mapping(value, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            for item in value:
                sub = _mapping(item, indent + 4)
                sub[0] = f"{pad}  - {sub[0][indent + 4 :]}"
                lines += sub
        elif isinstance(value, list):
            quote = (lambda v: v) if key in PLAIN_LISTS else _quoted
            lines.append(f"{pad}{key}: [{', '.join(quote(v) for v in value)}]")
        elif key in FOLDED:
            lines.append(f"{pad}{key}: >-")
            lines += _folded(value, " " * (indent + 2))
        else:
            lines.append(f"{pad}{key}: {_scalar(key, value)}")
    return lines


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError(f"{key}: no boolean fields")
    if isinstance(value, int):
        return f"{value:_}" if key == "amount" else str(value)
    if isinstance(value, float):
        return repr(value)
    return value if key in PLAIN else _quoted(value)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _folded(text: str, pad: str) -> list[str]:
    """`text` as the lines of a folded block scalar (joined back with single spaces)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(pad) + len(line) + 1 + len(word) > WIDTH:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(pad + line)
    return lines


# ---------------------------------------------------------------------------------------------
# Baseline files: one JSON document and an indexed SQLite table


def value_usd(deal: Record, rates: dict[int, float]) -> int | None:
    """The deal's value in USD as `dt` computes it: at the rate of the value's own year,
    rounded to the significant digits of the amount as stated (at least two)."""
    values = deal.get("values")
    if not values:
        return None
    value = values[0]
    if value["currency"] == "USD":
        return int(value["amount"])
    exact = value["amount"] / rates[int(str(value["date"])[:4])]
    digits = max(2, len(str(value["amount"]).rstrip("0")))
    return int(round(exact, digits - len(str(int(exact)))))


def write_baselines(corpus: Corpus, outdir: Path, usd: dict[str, int | None] | None = None) -> None:
    """OUTDIR.json and OUTDIR.sqlite from the records, each deal with its `value_usd` (given,
    or computed for a generated corpus)."""
    rates = {int(r["year"]): float(r["per_usd"]) for t in corpus["rates"] for r in t["rates"]}
    for deal in corpus["deals"]:
        deal["value_usd"] = usd[deal["id"]] if usd is not None else value_usd(deal, rates)
    json_path, db_path = outdir.with_suffix(".json"), outdir.with_suffix(".sqlite")
    outdir.parent.mkdir(parents=True, exist_ok=True)
    with json_path.open("w", encoding="utf-8") as f:
        json.dump(corpus, f, ensure_ascii=False, default=str)
    db_path.unlink(missing_ok=True)
    with sqlite3.connect(db_path) as db:
        db.execute("CREATE TABLE deals (id TEXT PRIMARY KEY, value_usd REAL, doc TEXT)")
        db.executemany(
            "INSERT INTO deals VALUES (?, ?, ?)",
            ((d["id"], d["value_usd"], json.dumps(d, default=str)) for d in corpus["deals"]),
        )
        db.execute("CREATE INDEX deals_value_usd ON deals (value_usd)")
    db.close()


def export(data_dir: Path, outdir: Path) -> None:
    """Baseline files for an existing knowledge base (the shipped data), read with PyYAML."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    corpus: Corpus = {kind: [] for kind in KINDS}
    for kind in KINDS:
        for path in sorted((data_dir / kind).glob("*.yaml")):
            with path.open("rb") as f:
                corpus[kind].append(yaml.load(f, Loader=loader))
    # a real deal's headline value (its kinds, milestones and rates) as dt itself computes it
    listed = subprocess.run(
        [sys.executable, "-c", "from defense_ties.entry import main; main()",
         "--data-dir", str(data_dir), "--no-cache", "deals", "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    usd = {d["id"]: d["value_usd"] for d in json.loads(listed.stdout)}
    write_baselines(corpus, outdir, usd)


# ---------------------------------------------------------------------------------------------
# Writing


def prepare(outdir: Path, force: bool) -> None:
    """Make OUTDIR empty; replace an old one only with --force and only if it is a knowledge
    base (nothing in it but record folders)."""
    if outdir.exists() and any(outdir.iterdir()):
        foreign = [p.name for p in outdir.iterdir() if p.name not in KINDS]
        if not force or foreign:
            why = f"it holds {foreign[:3]}" if foreign else "pass --force to replace it"
            sys.exit(f"generate.py: {outdir} is not empty ({why})")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)


def write_files(corpus: Corpus, outdir: Path) -> int:
    count = 0
    for kind, records in corpus.items():
        folder = outdir / kind
        folder.mkdir(exist_ok=True)
        for record in records:
            path = os.path.join(folder, f"{record['id']}.yaml")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:  # a third faster than Path.write_text for 100,000 small files
                os.write(fd, to_yaml(record).encode("utf-8"))
            finally:
                os.close(fd)
            count += 1
    return count


def generate(total: int, outdir: Path, seed: int = 0, force: bool = False) -> dict[str, int]:
    """Write the knowledge base and its baseline files; return the records per kind."""
    prepare(outdir, force)
    corpus = build(total, seed)
    write_files(corpus, outdir)
    write_baselines(corpus, outdir)
    return {kind: len(records) for kind, records in corpus.items()}


def _counted(kinds: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in kinds.items())


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("total", type=int, metavar="N", help="about how many records (>= 50)")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="replace an existing OUTDIR")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.total < 50:
        parser.error("N must be at least 50")
    start = time.perf_counter()
    kinds = generate(args.total, args.outdir, args.seed, args.force)
    elapsed = time.perf_counter() - start
    print(f"{sum(kinds.values())} records ({_counted(kinds)}) in {args.outdir}, {elapsed:.1f} s")
    print(f"baselines: {args.outdir.with_suffix('.json')}, {args.outdir.with_suffix('.sqlite')}")


if __name__ == "__main__":
    main()
