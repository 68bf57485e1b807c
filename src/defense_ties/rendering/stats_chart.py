"""Rendering `dt stats`: coverage figures, and deal value by year as a terminal bar chart."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

FORMATS = ("table", "json", "csv", "markdown")
BAR_WIDTH = 32  # cells of the longest bar
_EIGHTHS = " ▏▎▍▌▋▊▉"  # a cell filled by 0/8 to 7/8; a full cell is █
_CSV_BY_YEAR = (
    ("deal_value_usd", "value_usd"),
    ("deals", "deals"),
    ("deals_without_value", "deals_without_value"),
)
_CHART_TITLE = "Deal value by year (USD, by deal date)"


def render(figures: dict[str, Any], fmt: str, out: TextIO) -> None:
    {"table": _table, "json": _json, "csv": _csv, "markdown": _markdown}[fmt](figures, out)


def bar(value: float, largest: float, width: int = BAR_WIDTH) -> str:
    """A bar of block characters, `width` cells for `largest`, in eighths of a cell.

    Any value above zero shows at least a sliver, so a small year is not mistaken for none.
    """
    if value <= 0 or largest <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + _EIGHTHS[part].strip()


def _year(row: dict[str, Any]) -> str:
    return "undated" if row["year"] is None else str(row["year"])


def chart_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The chart: one line per year with its total, bar, deals and deals without a value."""
    largest = max((r["value_usd"] for r in rows), default=0)
    lines = [_CHART_TITLE, f"{'year':<8}{'value':>15}  {'':<{BAR_WIDTH}}  {'deals':>5}  no value"]
    for r in rows:
        shown = bar(r["value_usd"], largest)
        lines.append(
            f"{_year(r):<8}{r['value_usd']:>15,}  {shown:<{BAR_WIDTH}}  {r['deals']:>5}"
            f"  {r['deals_without_value']:>8}"
        )
    return lines


def _others(figures: dict[str, Any]) -> list[tuple[str, Any]]:
    """The figures other than records per kind and the chart, as (name in words, value)."""
    skip = {"records", "deal_value_by_year"}
    return [(k.replace("_", " "), v) for k, v in figures.items() if k not in skip]


def _shown(name: str, value: Any) -> str:
    return f"{value:.1%}" if name.endswith(" share") else str(value)


def _table(figures: dict[str, Any], out: TextIO) -> None:
    for kind, count in figures["records"].items():
        out.write(f"{kind:<12}{count:>8}\n")
    for name, value in _others(figures):
        out.write(f"{name:<44}{_shown(name, value):>8}\n")
    out.write("\n" + "\n".join(chart_lines(figures["deal_value_by_year"])) + "\n")


def _json(figures: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(figures, indent=2) + "\n")


def _csv(figures: dict[str, Any], out: TextIO) -> None:
    """Long format, one figure a row: `figure,key,value`; key is the kind or the year."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("figure", "key", "value"))
    writer.writerows(("records", kind, n) for kind, n in figures["records"].items())
    writer.writerows((name.replace(" ", "_"), "", value) for name, value in _others(figures))
    for row in figures["deal_value_by_year"]:
        year = "" if row["year"] is None else row["year"]
        for figure, field in _CSV_BY_YEAR:
            writer.writerow((figure, year, row[field]))


def _markdown(figures: dict[str, Any], out: TextIO) -> None:
    out.write("| figure | value |\n| --- | ---: |\n")
    rows = [(f"{kind} records", n) for kind, n in figures["records"].items()] + _others(figures)
    for name, value in rows:
        out.write(f"| {name} | {_shown(name, value)} |\n")
    out.write("\n| year | value (USD) | deals | no value |\n| --- | ---: | ---: | ---: |\n")
    for r in figures["deal_value_by_year"]:
        cells = (_year(r), f"{r['value_usd']:,}", r["deals"], r["deals_without_value"])
        out.write("| " + " | ".join(map(str, cells)) + " |\n")
