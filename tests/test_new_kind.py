"""A kind declared only here (a throwaway "drills" kind with one filter and one link) gets
its listing, filter, JSON, CSV, export table and `show` page with no other code."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from defense_ties import kinds
from defense_ties.core import declaration as declare
from defense_ties.core.declaration import Declaration, attr, sources_column
from defense_ties.core.fields import Date, PlatformId, Text
from defense_ties.core.records import Sourced

from .conftest import GOOD


class Drill(Sourced):
    record_kind: ClassVar[str] = "drills"
    name: Text
    held: Date
    platforms: list[PlatformId] = []


DRILLS: Declaration[Any] = Declaration(
    name="drills",
    singular="drill",
    model=Drill,
    label=lambda d: d.name,
    summary="Drills (a kind declared in a test).",
    columns=(
        attr("id", shown=True),
        attr("name", shown=True),
        attr("held", shown=True),
        attr("platforms", shown=True),
        sources_column(),
    ),
    filters=(
        declare.names(
            "platform", "Only drills with this platform.", "platforms", lambda kb, d: d.platforms
        ),
    ),
)

RECORDS = {
    "jet-drill-2014": """\
id: jet-drill-2014
name: Jet Drill
held: 2014-08
platforms: [test-jet]
sources:
  - source: example-2014-08-08-visit
    quote: The jets drilled in August 2014.
""",
    "boat-drill-2014": """\
id: boat-drill-2014
name: Boat Drill
held: 2014
platforms: [river-boat]
sources:
  - source: example-2014-08-08-visit
    quote: The boats drilled in 2014.
""",
}


@pytest.fixture
def kb(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "kb"
    shutil.copytree(GOOD, folder)
    (folder / "drills").mkdir()
    for name, text in RECORDS.items():
        (folder / "drills" / f"{name}.yaml").write_text(text)
    kinds.register(DRILLS)
    try:
        yield folder
    finally:
        kinds.unregister(DRILLS)


def dt(kb: Path, *args: str) -> str:
    from defense_ties.cli.app import build_app
    from defense_ties.storing.listings import listing_specs

    app = build_app(listing_specs(use_cache=False))
    result = CliRunner().invoke(app, ["--data-dir", str(kb), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_listing_and_filter(kb: Path) -> None:
    listed = dt(kb, "drills", "--format", "ids")
    assert listed.split() == ["boat-drill-2014", "jet-drill-2014"]
    assert dt(kb, "drills", "--platform", "test-jet", "--format", "ids").split() == [
        "jet-drill-2014"
    ]
    table = dt(kb, "drills")
    assert "Jet Drill" in table and "Boat Drill" in table


def test_json_and_csv(kb: Path) -> None:
    rows = json.loads(dt(kb, "drills", "--format", "json"))
    jet = next(r for r in rows if r["id"] == "jet-drill-2014")
    assert jet["held"] == "2014-08" and jet["platforms"] == ["test-jet"]
    assert jet["sources"] == [
        {"source": "example-2014-08-08-visit", "quote": "The jets drilled in August 2014."}
    ]
    table = list(csv.DictReader(io.StringIO(dt(kb, "drills", "--format", "csv"))))
    assert [r["name"] for r in table] == ["Boat Drill", "Jet Drill"]


def test_export_table(kb: Path, tmp_path: Path) -> None:
    target = tmp_path / "kb.sqlite"
    dt(kb, "export", "--to", "sqlite", str(target))
    with sqlite3.connect(target) as db:
        names = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        assert "drills" in names
        rows = db.execute("select id, name, held from drills order by id").fetchall()
        assert rows == [
            ("boat-drill-2014", "Boat Drill", "2014"),
            ("jet-drill-2014", "Jet Drill", "2014-08"),
        ]
        links = db.execute(
            "select * from drill_platforms where platform_id = 'test-jet'"
        ).fetchall()
        assert len(links) == 1


def test_show_page_both_ways(kb: Path) -> None:
    page = dt(kb, "show", "jet-drill-2014")
    assert "Jet Drill" in page and "test-jet" in page and "2014-08" in page
    assert "jet-drill-2014" in dt(kb, "show", "test-jet")  # the link back from the platform


def test_validate_checks_the_link(kb: Path) -> None:
    from defense_ties.cli.app import build_app
    from defense_ties.storing.listings import listing_specs

    (kb / "drills" / "jet-drill-2014.yaml").write_text(
        RECORDS["jet-drill-2014"].replace("[test-jet]", "[no-such-jet]")
    )
    result = CliRunner().invoke(
        build_app(listing_specs(use_cache=False)), ["--data-dir", str(kb), "validate"]
    )
    assert result.exit_code == 1
    assert "drills/jet-drill-2014.yaml" in result.stdout and "no-such-jet" in result.stdout


def test_every_field_of_every_kind_is_a_column_unless_declared_otherwise():
    """Listing columns follow the model: a field is a column of every format (table and TSV
    through --columns, CSV, JSON), unless the declaration says why not."""
    import json

    from defense_ties.kinds import registry

    from .conftest import run_dt

    for d in registry():
        if not d.listed:
            continue
        columns = {c.name for c in d.listed_columns}
        for name in d.model.model_fields:
            if name == "sources" or name in d.unlisted:
                assert name not in d.unlisted or d.unlisted[name], (d.name, name)
                continue
            assert name in columns, (d.name, name)
        code, out, err = run_dt(d.name, "--format", "csv", "--limit", "1")
        assert code == 0, err
        header = out.splitlines()[0].split(",")
        assert header == [c.name for c in d.listed_columns]
        code, out, _ = run_dt(d.name, "--format", "json", "--limit", "1")
        docs = json.loads(out)
        if docs:
            assert set(d.model.model_fields) <= set(docs[0]), d.name
