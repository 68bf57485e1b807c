"""The real knowledge base in data/: it loads clean, meets its floors, and keeps verified facts.

The pinned facts below were each checked against the cited sources; a later edit that changes
one must change this test too, on purpose.
"""

from __future__ import annotations

import datetime

import pytest

from defense_ties.core.filters import status_on
from defense_ties.core.knowledge_base import KnowledgeBase
from defense_ties.kinds.agreements import Agreement
from defense_ties.kinds.deals import Deal, conversion
from defense_ties.kinds.deals import history as deal_history
from defense_ties.kinds.meetings import Meeting
from defense_ties.kinds.officials import SINGLE_HOLDER_OFFICES, Official, held, office
from defense_ties.kinds.platforms import Platform
from defense_ties.kinds.rates import RateTable
from defense_ties.kinds.sources import Source
from defense_ties.reading.loading import load_with_problems
from defense_ties.reading.paths import default_data_dir

from .conftest import DATA


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb, problems = load_with_problems(DATA)
    assert [str(p) for p in problems] == []
    return kb


def test_the_bundled_data_is_the_repository_data():
    bundled = sorted(
        p.relative_to(default_data_dir()).as_posix() for p in default_data_dir().rglob("*.yaml")
    )
    assert bundled == sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml"))


def test_floors(kb):
    counts = {kind: len(records) for kind, records in kb.records.items()}
    assert counts["meetings"] >= 40 and counts["officials"] >= 35 and counts["deals"] >= 25
    assert counts["platforms"] >= 25 and counts["agreements"] >= 20 and counts["sources"] >= 60


def test_every_source_is_cited_and_every_citation_quotes(kb):
    cited = {c.source for r in kb if hasattr(r, "sources") for c in r.sources}
    assert set(kb.of(Source)) == cited
    assert all(c.quote.strip() for r in kb if hasattr(r, "sources") for c in r.sources)
    assert all(s.url.startswith(("http://", "https://")) for s in kb.of(Source).values())


def _meeting(kb, meeting_id):
    m = kb.of(Meeting)[meeting_id]
    return str(m.date), m.kind.value, m.participants, m.location and m.location.city


@pytest.mark.parametrize(
    "meeting_id, expected",
    [
        (
            "2014-08-08-hagel-modi-new-delhi",
            ("2014-08-08", "meeting", ["chuck-hagel", "narendra-modi"], "New Delhi"),
        ),
        (
            "2014-08-08-hagel-jaitley-new-delhi",
            ("2014-08-08", "meeting", ["chuck-hagel", "arun-jaitley"], "New Delhi"),
        ),
        (
            "2014-08-08-hagel-swaraj-new-delhi",
            ("2014-08-08", "meeting", ["chuck-hagel", "sushma-swaraj"], "New Delhi"),
        ),
        (
            "2025-07-01-hegseth-rajnath-singh-call",
            ("2025-07-01", "phone-call", ["pete-hegseth", "rajnath-singh"], None),
        ),
        (
            "2025-07-01-hegseth-jaishankar-washington",
            ("2025-07-01", "meeting", ["pete-hegseth", "s-jaishankar"], "Washington"),
        ),
        (
            "2025-10-31-hegseth-rajnath-singh-kuala-lumpur",
            ("2025-10-31", "meeting", ["pete-hegseth", "rajnath-singh"], "Kuala Lumpur"),
        ),
    ],
)
def test_seed_meetings(kb, meeting_id, expected):
    assert _meeting(kb, meeting_id) == expected


@pytest.mark.parametrize(
    "agreement_id, signed, signatories",
    [
        (
            "2005-new-framework-for-us-india-defense-relationship",
            "2005-06-28",
            ["donald-rumsfeld", "pranab-mukherjee"],
        ),
        ("2016-lemoa", "2016-08-29", ["ashton-carter", "manohar-parrikar"]),
        ("2018-comcasa", "2018-09-06", ["nirmala-sitharaman", "james-mattis"]),
        ("2020-beca", "2020-10-27", ["jivesh-nandan"]),  # no page read names the US signatory
        (
            "2025-framework-for-us-india-major-defense-partnership",
            "2025-10-31",
            ["pete-hegseth", "rajnath-singh"],
        ),
    ],
)
def test_agreement_signatures(kb, agreement_id, signed, signatories):
    a = kb.of(Agreement)[agreement_id]
    assert (str(a.signed), a.signatories) == (signed, signatories)


def test_the_2015_helicopter_deal_keeps_its_values_apart(kb):
    deal = kb.of(Deal)["2015-apache-chinook"]
    assert str(deal.step("signed")) == "2015-09-28"
    assert str(deal.step("completed")) == "2020-07-10" and deal.status.value == "completed"
    assert [(i.platform, i.quantity) for i in deal.items] == [("ah-64e", 22), ("ch-47f", 15)]
    kinds = {(v.amount, v.currency): v.kind.value for v in deal.values}
    assert kinds[(3_000_000_000, "USD")] == "contract"
    assert kinds[(198_000_000_000, "INR")] == "reported"  # the newspaper's rupee figure
    assert deal.headline() is not None and deal.headline().kind.value == "contract"


def test_every_status_agrees_with_the_milestones_today(kb):
    today = datetime.date.today().toordinal()
    for deal in kb.of(Deal).values():
        assert status_on(deal_history(deal), (today, today)) == deal.status.value, deal.id


def test_every_conversion_uses_the_rate_of_the_values_own_year(kb):
    converted = 0
    for deal in kb.of(Deal).values():
        for money in deal.values:
            found = conversion(kb, deal, money)
            if money.currency == "USD" or found is None:
                continue
            converted += 1
            assert found.year == deal.value_date(money).year, (deal.id, money)
            [table] = kb.of(RateTable).values()
            assert found.per_usd == next(r.per_usd for r in table.rates if r.year == found.year)
    assert converted >= 10


def test_no_cancelled_or_unsigned_deal_has_a_contract_value(kb):
    for deal in kb.of(Deal).values():
        if any(v.kind.value == "contract" for v in deal.values):
            assert deal.step("signed") is not None, deal.id


def test_february_2025_plans(kb):
    assert {d for d in kb.of(Meeting)["2025-02-13-trump-modi-washington"].deals} == {
        "2025-p-8i-additional-six",
        "2025-javelin-co-production",
        "2025-stryker-co-production",
    }
    assert [(i.platform, i.quantity) for i in kb.of(Deal)["2025-p-8i-additional-six"].items] == [
        ("p-8i", 6)
    ]


def test_mq_9b_has_no_official_contract_value_and_converts_reports_at_2024_rates(kb):
    deal = kb.of(Deal)["2024-mq-9b"]
    assert str(deal.step("signed")) == "2024-10-15"
    assert not [v for v in deal.values if v.kind.value == "contract"]
    [reported] = [v for v in deal.values if v.amount == 345_000_000_000]
    assert (reported.currency, reported.kind.value) == ("INR", "reported")
    found = conversion(kb, deal, reported)
    assert found is not None and (found.year, found.usd) == (
        2024,
        4_120_000_000,
    )  # 345 (crore): three digits


def test_hagel_in_office_as_secretary_of_defense(kb):
    [position] = kb.of(Official)["chuck-hagel"].positions
    assert (position.title, str(position.start), str(position.end)) == (
        "Secretary of Defense",
        "2013-02-27",
        "2015-02-17",
    )


@pytest.mark.parametrize(
    "platform", ["c-130j", "c-17", "p-8i", "ch-47f", "mh-60r", "ah-64e", "harpoon", "m777", "mq-9b"]
)
def test_us_platforms_india_operates(kb, platform):
    p = kb.of(Platform)[platform]
    assert p.origin_country == "US"
    assert "IN" in [op.country for op in p.operators]


def _dt(*args):
    from .conftest import run_dt

    code, out, err = run_dt("--data-dir", str(DATA), *args)
    assert code == 0, err
    return out


def test_acceptance_commands_in_every_format():
    import csv
    import io
    import json

    meetings = json.loads(_dt("meetings", "--year", "2025", "--format", "json"))
    assert "2025-07-01-hegseth-rajnath-singh-call" in [m["id"] for m in meetings]
    assert all(m["date"].startswith("2025") for m in meetings)
    call = next(m for m in meetings if m["id"] == "2025-07-01-hegseth-rajnath-singh-call")
    assert [r["title"] for r in call["roles"]] == ["Secretary of Defense", "Minister of Defence"]
    rows = list(csv.DictReader(io.StringIO(_dt("meetings", "--year", "2025", "--format", "csv"))))
    assert [r["id"] for r in rows] == [m["id"] for m in meetings]
    assert "Pete Hegseth (Secretary of Defense)" in _dt("meetings", "--year", "2025")

    platforms = json.loads(_dt("platforms", "--country", "US", "--format", "json"))
    assert {"p-8i", "javelin", "stryker", "mq-9b"} <= {p["id"] for p in platforms}
    assert all(p["origin_country"] == "US" for p in platforms)
    assert "P-8I" in _dt("platforms", "--country", "US", "--limit", "0")
    assert (
        len(_dt("platforms", "--country", "us", "--format", "csv").splitlines())
        == len(platforms) + 1
    )

    deals = json.loads(_dt("deals", "--min-value", "1e9", "--format", "json"))
    assert "2015-apache-chinook" in [d["id"] for d in deals]
    assert all(d["value_usd"] >= 1_000_000_000 for d in deals)
    rows = list(csv.DictReader(io.StringIO(_dt("deals", "--min-value", "1e9", "--format", "csv"))))
    assert [r["id"] for r in rows] == [d["id"] for d in deals]
    assert "2015-apache-chinook" in _dt("deals", "--min-value", "1e9")


def test_every_day_since_2000_has_at_most_one_holder_of_each_single_holder_office(kb):
    first, today = datetime.date(2000, 1, 1).toordinal(), datetime.date.today().toordinal()
    terms: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for o in kb.of(Official).values():
        for p in o.positions:
            if office(p) in SINGLE_HOLDER_OFFICES.get(o.country, set()):
                start, end = held(p)
                terms.setdefault((o.country, office(p)), []).append(
                    (start or first, today if end is None else end, o.id)
                )
    assert len(terms) >= 12
    for key, spans in terms.items():
        for day in range(first, today + 1):
            holders = [who for start, end, who in spans if start <= day <= end]
            assert len(holders) <= 1, (key, datetime.date.fromordinal(day), holders)


@pytest.mark.parametrize(
    "edition, start, end, countries, place",
    [
        ("yudh-abhyas-2019", "2019-09-05", "2019-09-18", {"US", "IN"}, "Joint Base Lewis-McChord"),
        ("malabar-2020", "2020-11-03", "2020-11-06", {"IN", "US", "JP", "AU"}, "Visakhapatnam"),
        ("malabar-2020-phase-2", "2020-11-17", "2020-11-20", {"IN", "US", "JP", "AU"}, "Arabian"),
        ("cope-india-2018", "2018-12-03", "2018-12-14", {"US", "IN"}, "Kalaikunda"),
    ],
)
def test_sample_exercise_editions(kb, edition, start, end, countries, place):
    from defense_ties.kinds.exercises import Exercise

    e = kb.of(Exercise)[edition]
    assert (str(e.start), str(e.end)) == (start, end)
    assert {p.country for p in e.participants} == countries
    assert any(place in loc.place for loc in e.locations)


def test_exercise_coverage():
    from defense_ties.kinds.exercises import Exercise

    kb, _ = load_with_problems(DATA)
    editions = kb.of(Exercise).values()
    series = {e.series for e in editions}
    assert len(editions) >= 60
    assert {
        "malabar",
        "yudh-abhyas",
        "vajra-prahar",
        "cope-india",
        "tarkash",
        "tiger-triumph",
    } <= series
    assert (
        min(e.start.year for e in editions) <= 2002 and max(e.start.year for e in editions) >= 2025
    )


def test_notification_coverage_and_links(kb):
    from defense_ties.kinds.notifications import Notification

    notifications = kb.of(Notification)
    assert len(notifications) >= 25
    linked = [n for n in notifications.values() if n.deal]
    assert len(linked) >= 15 and all(
        n.value is None or n.value.kind.value == "notification" for n in notifications.values()
    )


def test_the_research_log_covers_every_year_and_says_what_was_searched():
    """research/<year>/ holds, for every year from 2000 to the coverage's review date, the log
    of each systematic pass, each naming what was searched."""
    import datetime

    from .conftest import REPO

    last = max(int(str(c.reviewed_through)[:4]) for c in kb_of("coverage").values())
    assert last >= datetime.date(2026, 1, 1).year
    for year in range(2000, last + 1):
        for topic in ("meetings", "dialogues", "exercises", "deals"):
            log = REPO / "research" / str(year) / f"{topic}.md"
            assert log.is_file(), log
            text = log.read_text(encoding="utf-8")
            assert "Searched" in text or "searched" in text, log


def kb_of(kind: str) -> dict:
    from defense_ties.reading.loading import load_with_problems

    kb, problems = load_with_problems(DATA)
    assert problems == []
    return kb.records[kind]


def test_the_data_meets_the_completeness_pass():
    """Issue #21's floor: at least 15 series, 320 meetings, 160 exercise editions; every
    numbered series without an unexplained gap; every signed notification linked to its deal."""
    from defense_ties.kinds.series import gaps
    from defense_ties.reading.loading import load_with_problems

    kb, problems = load_with_problems(DATA)
    assert problems == []
    series = kb.records["series"]
    assert len(series) >= 15
    assert len(kb.records["meetings"]) >= 320
    assert len(kb.records["exercises"]) >= 160
    assert {s_id: gaps(kb, s) for s_id, s in series.items() if gaps(kb, s)} == {}
    deals = kb.records["deals"]
    for n in kb.records["notifications"].values():
        if n.deal is not None:
            assert n.deal in deals
    for deal in deals.values():
        notified = deal.step("notified")
        if deal.step("signed") and notified is not None:
            linked = [n for n in kb.records["notifications"].values() if n.deal == deal.id]
            same_day = [
                n for n in kb.records["notifications"].values() if str(n.date) == str(notified)
            ]
            assert linked or not same_day, deal.id
