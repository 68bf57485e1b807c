"""Honest answers: no listing, filter or total drops or mislabels what it cannot classify. Each
test is one thing an analyst saw (issue #20), over the real data where the data shows it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from defense_ties.core.dates import PartialDate
from defense_ties.reading.loading import load_with_problems

from .conftest import DATA, GOOD, REPO, run_dt


def dt_json(*args: str) -> list[dict]:
    code, out, err = run_dt(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def rows(*args: str, fmt: str = "csv") -> list[dict[str, str]]:
    code, out, err = run_dt(*args, "--format", fmt)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out), delimiter="\t" if fmt == "tsv" else ","))


# Totals account for every deal in scope.


def _stats(*more: str) -> dict:
    code, out, err = run_dt("stats", "--format", "json", *more)
    assert code == 0, err
    return json.loads(out)


def test_stats_names_every_signed_deal_it_does_not_count_in_every_format() -> None:
    years = {r["year"]: r for r in _stats()["value_by_year"]}
    assert {"id": "2024-mq-9b", "reason": "no contract value"} in years[2024]["uncounted"]
    signed = [d for d in dt_json("deals") if d["milestones"].get("signed")]
    for deal in signed:
        if deal["milestones"].get("cancelled"):
            continue
        year = int(deal["milestones"]["signed"]["date"].split()[-1][:4])
        named = {u["id"] for u in years[year]["uncounted"]}
        counted = years[year]["deals"]
        assert deal["id"] in named or counted > 0, deal["id"]
    total_in_scope = sum(r["deals"] + len(r["uncounted"]) for r in years.values())
    assert total_in_scope == len([d for d in signed if not d["milestones"].get("cancelled")])
    _, table, _ = run_dt("stats")
    assert "not counted: 2024-mq-9b (no contract value)" in table
    _, markdown, _ = run_dt("stats", "--format", "markdown")
    assert "2024-mq-9b (no contract value)" in markdown
    _, text, _ = run_dt("stats", "--format", "csv")
    assert "contract_not_counted_by_year,2024,2024-mq-9b: no contract value" in text


def test_a_value_no_quote_states_is_counted_only_when_asked() -> None:
    default = {r["year"]: r for r in _stats()["value_by_year"]}
    unstated = [
        (y, u["id"])
        for y, r in default.items()
        for u in r["uncounted"]
        if u["reason"] == "no quote states its value"
    ]
    assert unstated, "the data holds a signed deal whose contract value no quote states"
    year, deal = unstated[0]
    counted = {r["year"]: r for r in _stats("--include-unstated")["value_by_year"]}
    assert counted[year]["deals"] == default[year]["deals"] + 1
    assert deal not in {u["id"] for u in counted[year]["uncounted"]}


def test_a_total_with_a_lower_bound_says_it_is_one() -> None:
    years = {r["year"]: r for r in _stats()["value_by_year"]}
    assert years[2020]["at_least"] is True  # the MH-60R contract: "more than Rs 14,000 crore"
    _, table, _ = run_dt("stats")
    assert "≥" + f"{years[2020]['value_usd']:,}" in table


# --as-of keeps what is uncertain, marked.


def test_agreements_as_of_keeps_one_signed_with_no_recorded_entry_into_force() -> None:
    found = {a["id"]: a["status"] for a in dt_json("agreements", "--as-of", "2025-12-01")}
    for kept in (
        "2020-beca",
        "2019-industrial-security-annex",
        "2024-security-of-supply-arrangement",
        "2025-framework-for-us-india-major-defense-partnership",
    ):
        assert found[kept] == "signed, entry into force not recorded", kept


def test_deals_as_of_counts_the_announcement() -> None:
    found = dt_json("deals", "--as-of", "2024-01-01", "--platform", "mq-9b")
    assert {d["id"]: d["status"] for d in found}["2024-mq-9b"] == "announced"


def test_a_milestone_dated_by_a_bound_is_possible_before_and_certain_after() -> None:
    before = {d["id"]: d["status"] for d in dt_json("deals", "--as-of", "2016-01-01")}
    after = {d["id"]: d["status"] for d in dt_json("deals", "--as-of", "2019-08-26")}
    assert before["2011-c-17"] == "delivering (possibly completed)"
    assert after["2011-c-17"] == "completed"
    [c17] = [d for d in dt_json("deals") if d["id"] == "2011-c-17"]
    assert c17["milestones"]["completed"]["date"] == "by 2019-08-26"


def test_platform_operators_keep_their_end_service_and_unknown_start() -> None:
    found = {r["id"]: r["operators"] for r in rows("platforms", "--columns", "id,operators")}
    assert "retired 2024-06-28" in found["uh-3h"] and "navy" in found["uh-3h"]
    as_of = {
        p["id"]: p["operators"]
        for p in dt_json("platforms", "--as-of", "2010-01-01", "--columns", "id,operators")
    }
    for unknown in ("harpoon", "agm-84l", "ge-lm2500", "mk-54-torpedo"):
        assert unknown in as_of
        assert any("(since ?)" in op or "(possibly)" in op for op in as_of[unknown]), unknown
    assert "ah-64e" not in as_of  # inducted 2019: not yet


# Sorting by a shown quantity sorts by its number.


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json"])
@pytest.mark.parametrize("sort", ["value", "-value"])
def test_sort_by_value_is_numeric_in_every_format(fmt: str, sort: str) -> None:
    code, out, _ = run_dt("deals", "--sort", sort, "--columns", "id,value_usd", "--format", fmt)
    assert code == 0
    if fmt == "json":
        values = [d["value_usd"] for d in json.loads(out)]
    else:
        delimiter = "\t" if fmt == "tsv" else ","
        values = [r["value_usd"] for r in csv.DictReader(io.StringIO(out), delimiter=delimiter)]
    numbers = [int(v) for v in values if v not in ("", None)]
    assert numbers == sorted(numbers, reverse=sort.startswith("-")) and len(numbers) > 10
    assert all(v in ("", None) for v in values[len(numbers) :])  # no value: last


def test_the_readme_sql_example_never_sums_across_value_kinds(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sums = [line for line in readme.splitlines() if "sum(value_usd)" in line]
    assert sums and all("value_kind = 'contract'" in readme[readme.index(s) :][:300] for s in sums)
    db = tmp_path / "kb.db"
    assert run_dt("export", "--to", "sqlite", str(db))[0] == 0
    start = readme.index('sqlite3 /tmp/defense-ties.db "SELECT substr(')
    sql = readme[start:].split('"', 2)[1]
    with sqlite3.connect(db) as connection:
        found = connection.execute(sql).fetchall()
    assert found and all(isinstance(total, int) for _, total in found)


# Bounds, unsupported figures and contested claims show in every format.


def test_a_bound_shows_in_every_format_and_the_export(tmp_path: Path) -> None:
    for fmt in ("csv", "tsv"):
        [mh] = [
            r for r in rows("deals", "--platform", "mh-60r", fmt=fmt) if r["id"] == "2020-mh-60r"
        ]
        assert mh["value"].startswith("≥≈$1.9B")
    _, table, _ = run_dt("deals", "--platform", "mh-60r", "--format", "table")
    assert "≥≈$1.9B" in table
    [mh] = [d for d in dt_json("deals") if d["id"] == "2020-mh-60r"]
    assert mh["headline_value"]["bound"] == "at-least" and mh["value_bound"] == "at-least"
    db = tmp_path / "kb.db"
    assert run_dt("export", "--to", "sqlite", str(db))[0] == 0
    with sqlite3.connect(db) as connection:
        bound = connection.execute("SELECT value_bound FROM deals WHERE id = '2020-mh-60r'")
        assert bound.fetchone() == ("at-least",)
        values = connection.execute("SELECT bound FROM deal_values WHERE deal_id = '2020-mh-60r'")
        assert ("at-least",) in values.fetchall()


def test_a_value_no_quote_states_is_marked_wherever_it_shows(tmp_path: Path) -> None:
    unstated = [r for r in rows("deals") if "†" in r["value"]]
    assert unstated, "the data holds a headline value no quote states"
    deal = unstated[0]["id"]
    assert unstated[0]["flags"] and "amount" in unstated[0]["unsupported"]
    _, table, _ = run_dt("deals", "--format", "table", "--limit", "0")
    assert "†" in table
    [doc] = [d for d in dt_json("deals") if d["id"] == deal]
    assert any(f.endswith(".amount") for f in doc["unsupported"])
    db = tmp_path / "kb.db"
    assert run_dt("export", "--to", "sqlite", str(db))[0] == 0
    with sqlite3.connect(db) as connection:
        fields = connection.execute("SELECT field FROM unsupported WHERE record_id = ?", (deal,))
        assert any(f.endswith(".amount") for (f,) in fields.fetchall())


def test_a_contested_claim_shows_both_sides_everywhere(tmp_path: Path) -> None:
    deal = "2025-stryker-co-production"
    [row] = [r for r in rows("deals") if r["id"] == deal]
    assert "contested" in row["flags"] and "false and fabricated" in row["contested"]
    [tsv] = [r for r in rows("deals", fmt="tsv") if r["id"] == deal]
    assert "contested" in tsv["flags"]
    [doc] = [d for d in dt_json("deals") if d["id"] == deal]
    [contest] = doc["contested"]
    assert contest["field"] == "status" and contest["disputed_by"].startswith("sputnik-2025-08-08")
    code, page, _ = run_dt("show", deal)
    assert code == 0 and "Contested (both sides kept)" in page and "false and fabricated" in page
    code, why, _ = run_dt("why", deal, "status", "--format", "json")
    both = json.loads(why)["contested"][0]
    assert both["claimed_by"]["quotes"] and both["disputed_by"]["quotes"]
    db = tmp_path / "kb.db"
    assert run_dt("export", "--to", "sqlite", str(db))[0] == 0
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT field FROM contested WHERE record_id = ?", (deal,))
        assert found.fetchall() == [("status",)]


# Scope and currency are declared.


def test_every_listed_kind_declares_its_scope_and_review_date() -> None:
    reviewed = _stats()["reviewed"]
    assert set(reviewed) >= {"meetings", "deals", "agreements", "exercises", "platforms"}
    for kind, r in reviewed.items():
        assert r["scope"] and r["reviewed_through"], kind
        assert PartialDate.parse(r["reviewed_through"]).start >= date(2026, 5, 1)
    code, out, _ = run_dt("meetings", "--help")
    assert "Scope:" in out and "dt stats" in out


def test_a_query_past_the_review_date_says_so_and_an_empty_one_too() -> None:
    code, out, err = run_dt("meetings", "--year", "2027")
    assert code == 0 and "reviewed through 2026-05-26" in err
    code, out, err = run_dt("meetings", "--since", "2026-05", "--format", "tsv")
    assert code == 0 and "dt: note: meetings are reviewed through" in err
    code, out, err = run_dt("meetings", "--year", "2014", "--format", "tsv")
    assert "reviewed through" not in err


def test_stats_counts_records_per_kind_per_year() -> None:
    by_year = _stats()["records_by_year"]
    meetings = {int(y): n for y, n in by_year["meetings"].items()}
    assert sum(meetings.values()) == len(list((DATA / "meetings").glob("*.yaml")))
    assert all(year in meetings for year in range(min(meetings), max(meetings) + 1))


# Filters users need.


def test_meetings_by_office_held_that_day_kind_and_in_person() -> None:
    found = dt_json(
        "meetings", "--office", "Secretary of Defense", "--office", "Minister of Defence"
    )
    assert found
    for m in found:
        titles = [r["title"].lower().replace("defence", "defense") for r in m["roles"]]
        assert any("secretary of defense" in t for t in titles)
        assert any("minister of defense" in t for t in titles)
    calls = dt_json("meetings", "--kind", "phone-call")
    assert calls and {m["kind"] for m in calls} == {"phone-call"}
    in_person = dt_json("meetings", "--in-person")
    assert in_person and not {m["kind"] for m in in_person} & {
        "phone-call",
        "video-call",
        "contact",
    }
    everything = dt_json("meetings")
    assert len(in_person) + len(calls) < len(everything)


def test_the_timeline_lists_a_notified_deal_once_with_columns() -> None:
    code, out, _ = run_dt("timeline", "--since", "2024-02-01", "--until", "2024-02-01")
    lines = [line for line in out.splitlines()[1:] if "2024-02-01" in line]
    assert len(lines) == 1 and "notification" in lines[0]
    docs = dt_json(
        "timeline", "--since", "2024-02", "--until", "2024-02", "--columns", "id,summary,sources"
    )
    assert docs and set(docs[0]) == {"id", "summary", "sources"}


# Small ones.


def test_show_writes_years_without_separators() -> None:
    code, out, _ = run_dt("show", "inr")
    assert code == 0 and "year: 2000" in out and "2,000" not in out


def test_validate_without_the_support_check_claims_nothing_is_stale() -> None:
    code, out, err = run_dt("validate", "--no-support-check")
    assert code == 0 and "[stale]" not in out


def test_validate_does_not_say_no_problems_after_warnings() -> None:
    code, out, err = run_dt("validate")
    assert code == 0
    assert ("[unsupported]" in out) == ("no errors; warnings:" in err)
    assert "no problems" not in err or "[unsupported]" not in out


# No record possibly current on a day is missing from an --as-of answer.

DAYS = [f"{year}-{month:02d}-15" for year in range(2000, 2027) for month in (1, 7)]


def _possible_deal(deal, day: int) -> bool:
    dates = [
        m.date
        for m in (
            deal.milestones.notified,
            deal.milestones.approved,
            deal.milestones.signed,
            deal.milestones.first_delivery,
            deal.milestones.completed,
            deal.milestones.cancelled,
        )
        if m
    ]
    dates += [deal.announced] if deal.announced else []
    if deal.status.value in ("proposed", "under-negotiation") and deal.date is not None:
        dates.append(deal.date)
    return any(d.first_day <= day for d in dates if not d.by) or any(
        d.last_day <= day for d in dates if d.by
    )


def _possible_agreement(a, later: list, day: int) -> bool:
    binding = a.kind.value in ("foundational-agreement", "framework", "mou", "arrangement", "other")
    begun = a.effective or a.signed if binding else a.effective or a.signed or a.announced
    if begun is None or begun.first_day > day or a.status.value == "proposed":
        return False
    if binding and a.status.value not in ("in-force", "expired", "superseded", "signed"):
        return False
    if a.status.value == "expired" and a.expires and a.expires.first_day <= day:
        return False
    return not any(
        (s := b.effective or b.signed or b.announced) and s.last_day <= day for b in later
    )


def _possible_operator(op, day: int) -> bool:
    start, end = op.inducted or op.first_delivery, op.retired
    begun = start is None or start.by or start.first_day <= day
    return begun and (end is None or end.last_day >= day)


def _possibly_held(p, day: int) -> bool:
    """From its start to its end; an end to the day is the successor's first day."""
    end = p.end
    if end is None:
        last = None
    elif end.bound is None and end.precision == "day":
        last = end.first_day - 1
    else:
        last = end.last_day
    return p.start.first_day <= day and (last is None or last >= day)


def test_as_of_never_drops_a_record_possibly_current_that_day() -> None:
    kb, problems = load_with_problems(DATA)
    assert problems == []
    deals, agreements = kb.records["deals"].values(), kb.records["agreements"].values()
    platforms, officials = kb.records["platforms"].values(), kb.records["officials"].values()
    for text in DAYS:
        day = PartialDate.parse(text).first_day
        expected = {
            "deals": {d.id for d in deals if _possible_deal(d, day)},
            "agreements": {
                a.id
                for a in agreements
                if _possible_agreement(a, [b for b in agreements if b.supersedes == a.id], day)
            },
            "platforms": {
                p.id for p in platforms if any(_possible_operator(o, day) for o in p.operators)
            },
            "officials": {
                o.id for o in officials if any(_possibly_held(p, day) for p in o.positions)
            },
        }
        for kind, wanted in expected.items():
            code, out, err = run_dt(kind, "--as-of", text, "--format", "ids")
            assert code == 0, err
            missing = wanted - set(out.split())
            assert not missing, (kind, text, sorted(missing)[:5])


def test_the_fixture_as_of_keeps_an_undated_operator(tmp_path: Path) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    [platform] = sorted((kb / "platforms").glob("*.yaml"))[:1]
    text = platform.read_text()
    if "operators:" in text:
        text = text[: text.index("operators:")] + text[text.index("sources:") :]
    platform.write_text(text.replace("sources:", "operators:\n  - country: IN\nsources:", 1))
    code, out, err = run_dt(
        "--data-dir", str(kb), "platforms", "--as-of", "1999-01-01", "-f", "ids"
    )
    assert code == 0, err
    assert platform.stem in out.split()
