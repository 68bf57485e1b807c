"""`dt stats --chart FILE`: a bar chart whose bars are the figures `dt stats` prints."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import run_dt

pytest.importorskip("matplotlib")

SVG = "{http://www.w3.org/2000/svg}"


def _heights(svg: Path, kind: str) -> dict[int, float]:
    """Each bar's height in the drawing, by year (its path's y extent)."""
    found = {}
    for group in ET.parse(svg).iter(f"{SVG}g"):
        match = re.fullmatch(rf"bar-{kind}-(\d{{4}})", group.get("id", ""))
        if match:
            [path] = group.iter(f"{SVG}path")
            ys = [float(y) for y in re.findall(r"[ML]\s*[-\d.]+\s+([-\d.]+)", path.get("d", ""))]
            found[int(match.group(1))] = max(ys) - min(ys) if ys else 0.0
    return found


@pytest.mark.parametrize("kind", ["contract", "notification"])
def test_the_bars_match_the_figures(tmp_path: Path, kind: str) -> None:
    svg = tmp_path / "chart.svg"
    code, out, err = run_dt("stats", "--value-kind", kind, "--chart", str(svg), "--format", "json")
    assert code == 0, err
    rows = {r["year"]: r["value_usd"] for r in json.loads(out)["value_by_year"]}
    heights = _heights(svg, kind)
    assert set(heights) == set(rows)
    largest = max(rows.values())
    tallest = heights[max(rows, key=rows.__getitem__)]
    for year, value in rows.items():
        assert heights[year] == pytest.approx(value / largest * tallest, abs=0.05), year


def test_stacked_kinds_each_keep_their_own_bars(tmp_path: Path) -> None:
    svg = tmp_path / "stack.svg"
    code, _, err = run_dt("stats", "--chart", str(svg), "--stack")
    assert code == 0, err
    for kind in ("contract", "notification", "reported"):
        code, out, _ = run_dt("stats", "--value-kind", kind, "--format", "json")
        counted = {r["year"] for r in json.loads(out)["value_by_year"] if r["value_usd"]}
        drawn = {y for y, h in _heights(svg, kind).items() if h > 0}
        assert drawn == counted, kind


def test_a_png_and_a_bad_name(tmp_path: Path) -> None:
    png = tmp_path / "chart.png"
    assert run_dt("stats", "--chart", str(png))[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out, err = run_dt("stats", "--chart", str(tmp_path / "chart.gif"))
    assert code == 2 and "as .svg or .png" in err
