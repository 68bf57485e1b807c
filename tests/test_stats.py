"""`dt stats`: labelled sections, and deal values by year for one value kind (contracted
value by default), as data (json, csv, markdown) and as a bar chart."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter

import pytest

from defense_ties.rendering.stats_chart import BAR_WIDTH, bar

from .conftest import DATA, GOOD, run_dt

# The good fixture: 2016-boat-order signed 2016-03-01 for INR 6.8 billion (contract; at 68.0
# per USD = USD 100 million); 2014-test-jets under negotiation: USD 1.4 billion reported
# (2014-08), USD 1.2 billion estimated (2014-06).
CONTRACTED = [
    {"year": 2016, "value_usd": 100_000_000, "deals": 1, "at_least": False, "uncounted": []}
]


def stats(data, *args: str) -> str:
    code, out, err = run_dt("--data-dir", str(data), "stats", *args)
    assert code == 0, err
    return out


def test_json_gives_contracted_value_by_year_by_default():
    figures = json.loads(stats(GOOD, "--format", "json"))
    assert figures["value_kind"] == "contract"
    assert figures["value_by_year"] == CONTRACTED


def test_other_kinds_by_the_year_of_their_value():
    reported = json.loads(stats(GOOD, "--format", "json", "--value-kind", "reported"))
    assert reported["value_by_year"] == [
        {"year": 2014, "value_usd": 1_400_000_000, "deals": 1, "at_least": False, "uncounted": []}
    ]
    notified = json.loads(stats(GOOD, "--format", "json", "--value-kind", "notification"))
    assert notified["value_by_year"] == []
    assert "(no deal has a value of this kind)" in stats(GOOD, "--value-kind", "notification")


def test_every_year_of_the_range_is_shown_with_zeros(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    boats = (kb / "deals" / "2016-boat-order.yaml").read_text(encoding="utf-8")
    (kb / "deals" / "2019-more-boats.yaml").write_text(
        boats.replace("2016-boat-order", "2019-more-boats")
        .replace("2016-03-01", "2019-03-01")
        .replace("6_800_000_000", "7_000_000_000"),
        encoding="utf-8",
    )
    code, out, _ = run_dt("--data-dir", str(kb), "--no-cache", "validate")
    assert code == 1 and "no INR rate for 2019 in rates/inr.yaml" in out  # never a nearby year
    rates = kb / "rates" / "inr.yaml"
    rates.write_text(
        rates.read_text().replace(
            "sources:", "missing:\n  - year: 2019\n    reason: not published yet\nsources:"
        )
    )
    years = json.loads(stats(kb, "--format", "json"))["value_by_year"]
    assert [(y["year"], y["deals"], y["uncounted"]) for y in years] == [
        (2016, 1, []),
        (2017, 0, []),
        (2018, 0, []),
        # 2019 declared missing: in scope, named, not converted, not in the total
        (2019, 0, [{"id": "2019-more-boats", "reason": "no USD rate for its year"}]),
    ]
    assert [y["value_usd"] for y in years] == [100_000_000, 0, 0, 0]


def test_the_chart_scales_bars_to_the_largest_year():
    lines = stats(GOOD, "--value-kind", "estimate").splitlines()
    start = lines.index("Estimates by year stated (USD; latest per deal)")
    assert lines[start + 2 :] == [
        f"  2014  {1_200_000_000:>18,}  {'█' * BAR_WIDTH}  {1:>5}  {0:>11}"
    ]


def test_sections_are_labelled():
    lines = stats(GOOD).splitlines()
    assert lines[0] == "Data release: not declared"  # the fixture has no release.yaml
    assert lines[1:3] == ["", "Records per kind"]
    assert lines[3].split() == ["sources", "2"]
    assert "Coverage" in lines and "dated to the day" in stats(GOOD)
    assert any(line.startswith("Records citing a primary source") for line in lines)
    assert lines[-2].startswith("  year")
    assert lines[-3] == ("Contracted value by year of signature (USD; signed deals, not cancelled)")


@pytest.mark.parametrize(
    "value, largest, expected",
    [
        (0, 10, ""),
        (10, 10, "█" * BAR_WIDTH),
        (5, 10, "█" * (BAR_WIDTH // 2)),
        (1, 10**6, "▏"),  # a sliver, never nothing, for a year with some value
        (1, 8 * BAR_WIDTH, "▏"),
        (12, 8 * BAR_WIDTH, "█▌"),
        (3, 0, ""),
    ],
)
def test_bar(value, largest, expected):
    assert bar(value, largest) == expected


def test_csv_gives_every_figure_one_per_row():
    rows = list(csv.reader(io.StringIO(stats(GOOD, "--format", "csv"))))
    assert rows[0] == ["section", "key", "value"]
    assert ["records", "deals", "2"] in rows
    assert ["coverage", "dated_to_the_day_share", "0.8"] in rows
    assert rows[-3:] == [
        ["contract_value_usd_by_year", "2016", "100000000"],
        ["contract_at_least_by_year", "2016", "False"],
        ["contract_deals_by_year", "2016", "1"],
    ]


def test_markdown_has_a_table_per_section():
    out = stats(GOOD, "--format", "markdown")
    assert "### Records per kind" in out and "| deals | 2 |" in out
    assert "| dated to the day | 80.0% |" in out
    assert out.endswith("| 2016 | 100,000,000 | 1 |  |\n")


def test_contracted_value_equals_a_sum_over_the_contract_listing():
    """The figures equal a sum over `dt deals --value-kind contract --format json` by year
    of signature, and no cancelled or unsigned deal contributes to them."""
    years = json.loads(stats(DATA, "--format", "json"))["value_by_year"]
    code, out, _ = run_dt(
        "--data-dir", str(DATA), "deals", "--value-kind", "contract", "-f", "json"
    )
    assert code == 0
    deals = json.loads(out)
    named = {u["id"]: u["reason"] for y in years for u in y["uncounted"]}
    counted = [d for d in deals if d["status"] != "cancelled" and d["id"] not in named]
    assert all(d["milestones"]["signed"] for d in deals)
    totals: Counter[int] = Counter()
    for d in counted:
        totals[int(d["milestones"]["signed"]["date"][:4])] += d["value_usd"]
    assert {y["year"]: y["value_usd"] for y in years if y["value_usd"]} == dict(totals)
    assert sum(y["deals"] for y in years) == len(counted)
    listed = {d["id"] for d in deals}
    assert {i for i, r in named.items() if r != "no contract value"} <= listed
    assert [y["year"] for y in years] == list(range(years[0]["year"], years[-1]["year"] + 1))


def test_a_bad_format_or_kind_is_one_line_and_exit_2():
    code, out, err = run_dt("--data-dir", str(GOOD), "stats", "--format", "ids")
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "'ids' is not one of: table, json, csv, markdown" in err
    code, out, err = run_dt("--data-dir", str(GOOD), "stats", "--value-kind", "rumour")
    assert (code, out) == (2, "") and "'rumour' is not one of: contract" in err
