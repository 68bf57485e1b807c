"""`dt stats`: deal value by year, as data (json, csv, markdown) and as a bar chart."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from defense_ties.kinds.deals import Deal
from defense_ties.kinds.deals import value_usd as deal_value_usd
from defense_ties.reading.loading import load_with_problems
from defense_ties.rendering.stats_chart import BAR_WIDTH, bar

from .conftest import DATA, GOOD, run_dt

# The good fixture: 2014-test-jets (2014-08, USD 1.4 billion), 2016-boat-order (2016-03-01,
# INR 6.8 billion at 68.0 per USD = USD 100 million).
FIXTURE_YEARS = [
    {"year": 2014, "value_usd": 1_400_000_000, "deals": 1, "deals_without_value": 0},
    {"year": 2016, "value_usd": 100_000_000, "deals": 1, "deals_without_value": 0},
]


def stats(data, *args: str) -> str:
    code, out, err = run_dt("--data-dir", str(data), "stats", *args)
    assert code == 0, err
    return out


def test_json_gives_deal_value_by_year():
    assert json.loads(stats(GOOD, "--format", "json"))["deal_value_by_year"] == FIXTURE_YEARS


def test_deals_without_value_or_date_are_counted(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    jets = (kb / "deals" / "2014-test-jets.yaml").read_text(encoding="utf-8")
    no_value = (
        jets.split("value:")[0]
        + "status: proposed\nannounced: 2016-05\n"
        + jets[jets.index("sources:") :]
    )
    (kb / "deals" / "2016-more-jets.yaml").write_text(
        no_value.replace("2014-test-jets", "2016-more-jets"), encoding="utf-8"
    )
    undated = no_value.replace("announced: 2016-05\n", "").replace("2014-test-jets", "more-jets")
    (kb / "deals" / "more-jets.yaml").write_text(undated, encoding="utf-8")
    assert json.loads(stats(kb, "--format", "json"))["deal_value_by_year"] == [
        FIXTURE_YEARS[0],
        {"year": 2016, "value_usd": 100_000_000, "deals": 2, "deals_without_value": 1},
        {"year": None, "value_usd": 0, "deals": 1, "deals_without_value": 1},
    ]
    assert stats(kb).splitlines()[-1].split() == ["undated", "0", "1", "1"]


def test_the_chart_scales_bars_to_the_largest_year():
    lines = stats(GOOD).splitlines()
    start = lines.index("Deal value by year (USD, by deal date)")
    assert lines[start + 2 :] == [
        f"2014    {1_400_000_000:>15,}  {'█' * BAR_WIDTH}  {1:>5}  {0:>8}",
        f"2016    {100_000_000:>15,}  {'██▎':<{BAR_WIDTH}}  {1:>5}  {0:>8}",  # 1/14 of 32
    ]


def test_the_coverage_lines_come_first_as_before():
    lines = stats(GOOD).splitlines()
    assert lines[0] == "sources            2"
    assert lines[8].startswith("dated records") and lines[8].endswith("5")
    assert lines[9].startswith("day precision share") and lines[9].endswith("80.0%")


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
    assert rows[0] == ["figure", "key", "value"]
    assert ["records", "deals", "2"] in rows and ["day_precision_share", "", "0.8"] in rows
    assert rows[-6:] == [
        ["deal_value_usd", "2014", "1400000000"],
        ["deals", "2014", "1"],
        ["deals_without_value", "2014", "0"],
        ["deal_value_usd", "2016", "100000000"],
        ["deals", "2016", "1"],
        ["deals_without_value", "2016", "0"],
    ]


def test_markdown_has_a_figures_table_and_a_years_table():
    out = stats(GOOD, "--format", "markdown")
    assert "| deals records | 2 |" in out and "| day precision share | 80.0% |" in out
    assert out.endswith("| 2014 | 1,400,000,000 | 1 | 0 |\n| 2016 | 100,000,000 | 1 | 0 |\n")


def test_real_data_years_add_up_to_every_deal():
    kb, problems = load_with_problems(DATA)
    assert problems == []
    years = json.loads(stats(DATA, "--format", "json"))["deal_value_by_year"]
    assert sum(y["deals"] for y in years) == len(list((DATA / "deals").glob("*.yaml")))
    assert sum(y["value_usd"] for y in years) == sum(
        deal_value_usd(kb, d) or 0 for d in kb.of(Deal).values()
    )
    assert [y["year"] for y in years] == sorted(y["year"] for y in years)


def test_a_bad_format_is_one_line_and_exit_2():
    code, out, err = run_dt("--data-dir", str(GOOD), "stats", "--format", "ids")
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "'ids' is not one of: table, json, csv, markdown" in err
