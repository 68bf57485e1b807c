"""A Datasette site from the SQLite export: its metadata (titles, descriptions, labels, facets,
canned queries) as Datasette serves them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_dt

pytest.importorskip("datasette")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    code, _, err = run_dt("export", "--to", "sqlite", str(folder / "defense-ties.db"))
    assert code == 0 and "Datasette metadata in" in err, err
    return folder


def get(site: Path, path: str) -> dict | list:
    done = subprocess.run(
        [sys.executable, "-m", "datasette", str(site / "defense-ties.db"), "-m",
         str(site / "defense-ties.metadata.json"), "--get", path],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_the_deals_page_has_facets_and_labelled_foreign_keys(site: Path) -> None:
    page = get(site, "/defense-ties/deals.json?_labels=on&_size=5")
    assert isinstance(page, dict)
    assert {"status", "value_kind"} <= set(page["facet_results"])
    statuses = {f["value"] for f in page["facet_results"]["status"]["results"]}
    assert {"signed", "completed"} <= statuses
    source = next(
        r["milestones_signed_source"] for r in page["rows"] if r["milestones_signed_source"]
    )
    assert set(source) == {"value", "label"} and source["label"] != source["value"]
    meetings = get(site, "/defense-ties/meetings.json?_size=1")
    assert {"kind", "year"} <= set(meetings["facet_results"])


def test_every_table_and_column_is_described(site: Path) -> None:
    metadata = json.loads((site / "defense-ties.metadata.json").read_text())
    tables = metadata["databases"]["defense-ties"]["tables"]
    with sqlite3.connect(site / "defense-ties.db") as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for name in names:
            assert tables[name]["description"], name
            columns = [r[1] for r in db.execute(f'PRAGMA table_info("{name}")')]
            described = tables[name]["columns"]
            assert all(described.get(c) for c in columns), (name, set(columns) - set(described))
    assert metadata["title"] and metadata["description"] and metadata["license"]


def test_each_canned_query_returns_rows(site: Path) -> None:
    contracted = get(site, "/defense-ties/contracted_value_by_year.json?_shape=array")
    code, out, _ = run_dt("stats", "--format", "json")
    stats = {str(r["year"]): r["value_usd"] for r in json.loads(out)["value_by_year"] if r["deals"]}
    assert {r["year"]: r["value_usd"] for r in contracted} == stats
    holders = get(
        site,
        "/defense-ties/office_holders_on_a_date.json?_shape=array"
        "&office=Minister+of+Defence&date=2014-08-08",
    )
    assert [h["id"] for h in holders] == ["arun-jaitley"]
    cites = get(site, "/defense-ties/citations_of_a_record.json?_shape=array&id=2011-c-17")
    assert cites and all(c["quote"] and c["url"] for c in cites)


def test_the_metadata_file_is_never_taken_from_the_user(tmp_path: Path) -> None:
    mine = tmp_path / "kb.metadata.json"
    mine.write_text('{"title": "my own"}\n')
    code, out, err = run_dt("export", "--to", "sqlite", str(tmp_path / "kb.db"))
    assert (code, out) == (2, "") and "not Datasette metadata written by dt" in err
    assert mine.read_text() == '{"title": "my own"}\n' and not (tmp_path / "kb.db").exists()
    assert run_dt("export", "--to", "sqlite", str(tmp_path / "kb.db"), "--force")[0] == 0
    assert json.loads(mine.read_text())["title"].startswith("defense-ties")
    assert run_dt("export", "--to", "sqlite", str(tmp_path / "kb.db"))[0] == 0  # now ours
