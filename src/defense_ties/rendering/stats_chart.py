"""Rendering `dt stats`: labelled sections (records, coverage, primary sources) and the value
of deals by year as a terminal bar chart; the same figures as JSON, CSV or markdown."""

from __future__ import annotations

import csv
from typing import Any, TextIO

from ..core.json_text import json_text
from ..core.text import escape

FORMATS = ("table", "json", "csv", "markdown")
BAR_WIDTH = 32  # cells of the longest bar
_EIGHTHS = " ▏▎▍▌▋▊▉"  # a cell filled by 0/8 to 7/8; a full cell is █
_YEAR_FIELDS = ("value_usd", "at_least", "deals")


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


def label(name: str) -> str:
    """`dated_to_the_day_share` -> `dated to the day`."""
    return name.removesuffix("_share").replace("_", " ")


def shown(name: str, value: Any) -> str:
    return f"{value:.1%}" if name.endswith("_share") else f"{value:,}"


def sections(figures: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The labelled figures, section by section, as (label, text) pairs."""
    return [
        ("Records per kind", [(k, f"{n:,}") for k, n in figures["records"].items()]),
        ("Coverage", [(label(k), shown(k, v)) for k, v in figures["coverage"].items()]),
        (
            "Records citing a primary source (government, armed forces, agency, embassy)",
            [(k, f"{v:.1%}") for k, v in figures["primary_source_share"].items()],
        ),
        (
            "Checkable fields a quote of their citations states (dt why shows which)",
            [(k, f"{v:.1%}") for k, v in figures["supported_field_share"].items()],
        ),
    ]


def total_text(row: dict[str, Any]) -> str:
    """A year's total: `1,887,000,000`, or `≥1,887,000,000` when a value counted is a lower
    bound."""
    return ("≥" if row["at_least"] else "") + f"{row['value_usd']:,}"


def uncounted_text(row: dict[str, Any]) -> str:
    """`2024-mq-9b (no contract value), ...`: the deals in scope not in the total."""
    return ", ".join(f"{u['id']} ({u['reason']})" for u in row["uncounted"])


def chart_lines(title: str, rows: list[dict[str, Any]]) -> list[str]:
    """The chart: a line per year with its total, bar, deals counted and deals not counted,
    each of those named on a line of its own below the year."""
    largest = max((r["value_usd"] for r in rows), default=0)
    head = f"  {'year':<6}{'USD':>18}  {'':<{BAR_WIDTH}}  {'deals':>5}  not counted"
    lines = [title, head]
    for r in rows:
        lines.append(
            f"  {r['year']:<6}{total_text(r):>18}  {bar(r['value_usd'], largest):<{BAR_WIDTH}}"
            f"  {r['deals']:>5}  {len(r['uncounted']):>11}"
        )
        lines += [f"        not counted: {u['id']} ({u['reason']})" for u in r["uncounted"]]
    if not rows:
        lines.append("  (no deal has a value of this kind)")
    return lines


def year_matrix(figures: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Records per year: a header (year and each dated kind), then a row per year."""
    by_kind = figures["records_by_year"]
    kinds = list(by_kind)
    years = sorted({int(y) for counts in by_kind.values() for y in counts})
    rows = [[str(y), *(str(by_kind[k].get(str(y), "")) for k in kinds)] for y in years]
    return ["year", *kinds], rows


def review_lines(figures: dict[str, Any], width: int = 80) -> list[str]:
    """Each kind's review date, then its scope folded below it."""
    import textwrap

    lines = ["Reviewed through (a later event may be missing: not yet reviewed), and scope"]
    for kind, r in figures["reviewed"].items():
        lines.append(f"  {kind:<15}{r['reviewed_through'] or 'not declared'}")
        scope = escape(r["scope"] or "")
        lines += textwrap.wrap(scope, width - 1, initial_indent=" " * 4, subsequent_indent=" " * 4)
    return lines


def release_line(figures: dict[str, Any]) -> str:
    r = figures.get("release")
    return f"Data release {r['version']} ({r['released']})" if r else "Data release: not declared"


def _table(figures: dict[str, Any], out: TextIO) -> None:
    out.write(release_line(figures) + "\n\n")
    for title, pairs in sections(figures):
        out.write(title + "\n")
        width = max((len(k) for k, _ in pairs), default=0) + 2
        for key, text in pairs:
            out.write(f"  {escape(key):<{width}}{text:>10}\n")
        out.write("\n")
    from .formats.as_table import terminal_width

    out.write("\n".join(review_lines(figures, terminal_width(out))) + "\n\n")
    header, rows = year_matrix(figures)
    out.write("Records per year (by date, or start)\n")
    widths = [max(len(h), 4) for h in header]
    for line in [header, *rows]:
        out.write("  " + "  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) + "\n")
    out.write("\n")
    out.write("\n".join(chart_lines(figures["value_title"], figures["value_by_year"])) + "\n")


def _json(figures: dict[str, Any], out: TextIO) -> None:
    out.write(json_text(figures) + "\n")


def _csv(figures: dict[str, Any], out: TextIO) -> None:
    """Long format, one figure a row: `section,key,value`; key is the kind, the figure or the
    year."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "key", "value"))
    for key, value in (figures.get("release") or {}).items():
        writer.writerow(("release", key, value))
    writer.writerows(("records", k, n) for k, n in figures["records"].items())
    writer.writerows(("coverage", k, v) for k, v in figures["coverage"].items())
    for section in ("primary_source_share", "supported_field_share"):
        writer.writerows((section, k, v) for k, v in figures[section].items())
    for k, r in figures["reviewed"].items():
        writer.writerow(("reviewed_through", k, r["reviewed_through"] or ""))
        writer.writerow(("scope", k, r["scope"] or ""))
    for k, counts in figures["records_by_year"].items():
        writer.writerows((f"{k}_by_year", year, n) for year, n in counts.items())
    kind = figures["value_kind"]
    for row in figures["value_by_year"]:
        for field in _YEAR_FIELDS:
            writer.writerow((f"{kind}_{field}_by_year", row["year"], row[field]))
        for u in row["uncounted"]:
            writer.writerow(
                (f"{kind}_not_counted_by_year", row["year"], f"{u['id']}: {u['reason']}")
            )


def _markdown(figures: dict[str, Any], out: TextIO) -> None:
    out.write(f"{release_line(figures)}\n\n")
    for title, pairs in sections(figures):
        out.write(f"### {title}\n\n| figure | value |\n| --- | ---: |\n")
        out.writelines(f"| {key} | {text} |\n" for key, text in pairs)
        out.write("\n")
    out.write("### Reviewed through, and scope\n\n| kind | reviewed through | scope |\n")
    out.write("| --- | --- | --- |\n")
    for kind, r in figures["reviewed"].items():
        scope = (r["scope"] or "").replace("|", "\\|")
        out.write(f"| {kind} | {r['reviewed_through'] or 'not declared'} | {scope} |\n")
    header, rows = year_matrix(figures)
    out.write("\n### Records per year\n\n| " + " | ".join(header) + " |\n")
    out.write("|" + "|".join(" ---: " for _ in header) + "|\n")
    out.writelines("| " + " | ".join(row) + " |\n" for row in rows)
    out.write(f"\n### {figures['value_title']}\n\n")
    out.write("| year | USD | deals | not counted |\n| --- | ---: | ---: | --- |\n")
    for r in figures["value_by_year"]:
        cells = (r["year"], total_text(r), r["deals"], uncounted_text(r).replace("|", "\\|"))
        out.write("| " + " | ".join(map(str, cells)) + " |\n")
