"""`dt stats --chart FILE`: deal values by year as a bar chart in an SVG or PNG file, drawn
with matplotlib (an optional extra: `pip install 'defense-ties[chart]'`). One value kind, or
each kind stacked in its own colour (never added into one bar of one colour). Every bar has the
id `bar-<kind>-<year>` in an SVG, so a script can read the chart back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

FORMATS = (".svg", ".png")
COLOURS = {
    "contract": "#1b6ca8",
    "notification": "#e08a1e",
    "approval": "#4e9a44",
    "estimate": "#8d6cab",
    "reported": "#9c9c9c",
}


class ChartError(Exception):
    """The chart cannot be drawn: no plotting library, or a file name it cannot write."""


def draw(series: dict[str, list[dict[str, Any]]], title: str, path: Path) -> None:
    """Bars of `value_usd` by year for each kind in `series` (value kind -> the rows of
    `dt stats`' value_by_year), stacked in the order given; written to `path` (.svg or .png)."""
    if path.suffix.lower() not in FORMATS:
        raise ChartError(f"{path.name!r}: the chart is written as .svg or .png")
    try:
        import matplotlib

        matplotlib.use("Agg")  # no screen
        import matplotlib.pyplot as plt
    except ImportError:
        raise ChartError(
            "the chart needs matplotlib: pip install 'defense-ties[chart]' (or matplotlib)"
        ) from None
    years = sorted({r["year"] for rows in series.values() for r in rows})
    figure, axes = plt.subplots(figsize=(max(6.0, len(years) * 0.35), 4.0))
    bottom = dict.fromkeys(years, 0.0)
    for kind, rows in series.items():
        values = {r["year"]: r["value_usd"] / 1e9 for r in rows}
        heights = [values.get(y, 0.0) for y in years]
        bars = axes.bar(
            [str(y) for y in years],
            heights,
            bottom=[bottom[y] for y in years],
            label=kind,
            color=COLOURS.get(kind, "#555555"),
        )
        for year, bar in zip(years, bars, strict=True):
            bar.set_gid(f"bar-{kind}-{year}")
            bottom[year] += values.get(year, 0.0)
    axes.set_title(title, fontsize=10)
    axes.set_ylabel("USD billion")
    axes.tick_params(axis="x", labelrotation=90, labelsize=7)
    if len(series) > 1:
        axes.legend(title="value kind", fontsize=8)
    figure.tight_layout()
    try:
        from ..storing.atomic import replacing

        with replacing(path) as temporary:
            figure.savefig(temporary, format=path.suffix.lower()[1:], metadata=_metadata(path))
    finally:
        plt.close(figure)


def _metadata(path: Path) -> dict[str, Any]:
    """No creation date in an SVG (the same data draws the same file); PNGs carry none."""
    return {"Date": None} if path.suffix.lower() == ".svg" else {}
