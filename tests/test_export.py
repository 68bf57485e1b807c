"""`dt export`: SQLite, CSV and JSON hold every record of data/ as its YAML says; bad paths: 2."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import shutil
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from defense_ties.kinds import names
from defense_ties.reading.loading import load_with_problems
from defense_ties.rendering import export_files
from defense_ties.rendering import export_tables as export_module
from defense_ties.rendering.export_tables import empty_tables

from .conftest import DATA, GOOD, overlay_kb, run_dt

SPECS = [t.name for t in empty_tables()]

KINDS = names()
MEETING = "2014-08-08-hagel-modi-new-delhi"


@functools.cache
def yaml_docs(kind: str) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (DATA / kind).glob("*.yaml")]


def export(data: Path, to: str, target: Path) -> str:
    code, out, err = run_dt("--data-dir", str(data), "export", "--to", to, str(target))
    assert (code, out) == (0, ""), err
    return err


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "kb.db"
    err = export(DATA, "sqlite", path)
    total = sum(len(list((DATA / k).glob("*.yaml"))) for k in KINDS)
    assert err.startswith(f"wrote {total} records to {path} ({len(SPECS)} tables, ")
    assert len(err.splitlines()) == 1
    return path


@pytest.fixture()
def db(db_path: Path):
    connection = sqlite3.connect(db_path)
    yield connection
    connection.close()


def count(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


@pytest.mark.parametrize("kind", KINDS)
def test_one_row_per_yaml_file(db, kind):
    assert count(db, kind) == len(list((DATA / kind).glob("*.yaml"))) > 0


@pytest.mark.parametrize(
    "table, kind, field",
    [
        ("meeting_participants", "meetings", "participants"),
        ("meeting_topics", "meetings", "topics"),
        ("deal_items", "deals", "items"),
        ("deal_values", "deals", "values"),
        ("official_positions", "officials", "positions"),
        ("agreement_parties", "agreements", "parties"),
        ("platform_operators", "platforms", "operators"),
        ("rate_years", "rates", "rates"),
    ],
)
def test_one_link_row_per_list_item(db, table, kind, field):
    assert count(db, table) == sum(len(d.get(field) or []) for d in yaml_docs(kind))


def test_one_citation_row_per_citation(db):
    expected = sum(
        len(d.get("sources") or []) for k in KINDS if k != "sources" for d in yaml_docs(k)
    )
    assert count(db, "citations") == expected


def test_foreign_keys_hold_are_declared_and_enforced(db):
    db.execute("PRAGMA foreign_keys=ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    declared = db.execute("SELECT * FROM pragma_foreign_key_list('meeting_participants')")
    assert {(row[2], row[3]) for row in declared} == {
        ("meetings", "meeting_id"),
        ("officials", "official_id"),
    }
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(f"INSERT INTO meeting_participants VALUES ('{MEETING}', 99, 'nobody')")


def test_every_foreign_key_column_leads_an_index(db):
    for table in SPECS:
        indexed = {
            db.execute(f"SELECT name FROM pragma_index_info('{name}')").fetchone()[0]
            for (name,) in db.execute(f"SELECT name FROM pragma_index_list('{table}')")
        }
        keys = {row[3] for row in db.execute(f"SELECT * FROM pragma_foreign_key_list('{table}')")}
        assert keys <= indexed, table


def test_join_gives_the_participants_the_yaml_names(db):
    meeting = yaml.safe_load((DATA / "meetings" / f"{MEETING}.yaml").read_text(encoding="utf-8"))
    names = [
        yaml.safe_load((DATA / "officials" / f"{o}.yaml").read_text(encoding="utf-8"))["name"]
        for o in meeting["participants"]
    ]
    rows = db.execute(
        "SELECT m.date, m.location_city, o.name FROM meetings m"
        " JOIN meeting_participants p ON p.meeting_id = m.id"
        " JOIN officials o ON o.id = p.official_id WHERE m.id = ? ORDER BY p.seq",
        (MEETING,),
    ).fetchall()
    assert rows == [(str(meeting["date"]), meeting["location"]["city"], n) for n in names]


def test_deal_columns_on_the_fixture_exactly(tmp_path):
    export(GOOD, "sqlite", tmp_path / "kb.db")
    with sqlite3.connect(tmp_path / "kb.db") as db:
        deals = db.execute(
            "SELECT id, date, value_usd, value_kind, status, milestones_signed_date"
            " FROM deals ORDER BY id"
        ).fetchall()
        items = db.execute("SELECT * FROM deal_items ORDER BY deal_id").fetchall()
        values = db.execute("SELECT * FROM deal_values ORDER BY deal_id, seq").fetchall()
    assert deals == [
        ("2014-test-jets", "2014-08", 1_400_000_000, "reported", "under-negotiation", None),
        ("2016-boat-order", "2016-03-01", 100_000_000, "contract", "signed", "2016-03-01"),
    ]
    assert items == [
        ("2014-test-jets", 1, "test-jet", 10, None),
        ("2016-boat-order", 1, "river-boat", 4, None),
    ]
    source = "example-2014-08-08-visit"
    assert values == [
        ("2014-test-jets", 1, 1_400_000_000, "USD", "reported", None, source, None, None),
        ("2014-test-jets", 2, 1_200_000_000, "USD", "estimate", None, source, "2014-06", None),
        ("2016-boat-order", 1, 6_800_000_000, "INR", "contract", None, source, None, None),
    ]


def _leaves(value: Any) -> list[str]:
    """Every scalar inside a record's data, as text."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [] if value is None else [str(value)]


def _values(row: tuple[Any, ...]) -> list[str]:
    """A row's cells as text; a JSON array cell (a list inside a list item) by its items."""
    found = []
    for v in row:
        if isinstance(v, str) and v.startswith("[") and v.endswith("]"):
            found += [str(item) for item in json.loads(v)]
        elif v is not None:
            found.append(str(v))
    return found


def _assert_every_value_exported(data: Path, db: sqlite3.Connection) -> None:
    """Each scalar of each record (with its multiplicity) is in a row that belongs to it."""
    kb, problems = load_with_problems(data)
    assert problems == []
    exported: dict[str, Counter[str]] = {}
    for table in SPECS:
        cursor = db.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        owner = names.index("record_id" if table == "citations" else names[0])
        for row in cursor:
            exported.setdefault(row[owner], Counter()).update(_values(row))
    for record in kb:
        missing = Counter(_leaves(record.model_dump(mode="json"))) - exported[record.id]
        assert not missing, (record.id, missing)


def test_every_value_of_every_record_is_in_the_database(db):
    _assert_every_value_exported(DATA, db)


# Records that fill every optional field of every model, added to the good fixture.
FULL = {
    "sources/full-2014-09-01-everything.yaml": """id: full-2014-09-01-everything
title: Everything at once
publisher: Example News
published: 2014-09-01
url: https://example.com/everything
retrieved: 2026-01-15
notes: A made-up source that fills every field.
""",
    "officials/dana-full.yaml": """id: dana-full
name: Dana Full
country: US
aliases: [D. Full]
positions:
  - title: Deputy Secretary of Defense
    organization: Department of Defense
    start: 2014-01
    end: 2016
notes: Made up.
sources:
  - source: full-2014-09-01-everything
    quote: Dana Full was deputy secretary.
""",
    "platforms/full-jet.yaml": """id: full-jet
name: Full Jet
aliases: [FJ-1]
category: aircraft
role: trainer
manufacturer: Example Aerospace
origin_country: US
operators:
  - country: IN
    service: air-force
    first_delivery: 2013-11
    inducted: 2014
    retired: by 2020-06
    note: Made up.
notes: Made up.
sources:
  - source: full-2014-09-01-everything
    quote: India flew the FJ-1 from 2014 to June 2020, after the first arrived in November 2013.
""",
    "agreements/2014-full-accord.yaml": """id: 2014-full-accord
name: Full Accord
short_name: FA
kind: mou
parties: [US, IN]
announced: 2014-08
signed: 2014-09-01
effective: 2014-10
expires: 2024
status: expired
supersedes: 2015-test-framework
signatories: [dana-full, bina-rao]
summary: Made up.
notes: Made up.
contested:
  - claim: The accord lapsed in 2020.
    source: full-2014-09-01-everything
    dispute: The accord ran until 2024.
    disputed_by: full-2014-09-01-everything
    field: expires
    note: Made up.
sources:
  - source: full-2014-09-01-everything
    quote: The accord was signed.
""",
    "coverage/deals.yaml": """id: deals
reviewed_through: 2016-02
searched: Made up.
gaps: [Made up.]
notes: Made up.
""",
    "deals/2014-full-order.yaml": """id: 2014-full-order
title: Full order
buyer: IN
seller: US
items:
  - platform: full-jet
    quantity: 2
    note: two jets
status: cancelled
announced: 2014-08
milestones:
  notified:
    date: 2014-08-15
    source: full-2014-09-01-everything
    note: notified
  approved:
    date: 2014-08-20
    source: full-2014-09-01-everything
  signed:
    date: 2014-09-01
    source: full-2014-09-01-everything
  first_delivery:
    date: 2015
    source: full-2014-09-01-everything
  completed:
    date: 2016-01
    source: full-2014-09-01-everything
  cancelled:
    date: 2016-02
    source: full-2014-09-01-everything
values:
  - amount: 1_000
    currency: INR
    kind: contract
    source: full-2014-09-01-everything
    date: 2016-01
    note: a small order
  - amount: 2_000
    currency: USD
    kind: estimate
    bound: at-least
    source: full-2014-09-01-everything
    date: 2014-08
    note: as reported
agreements: [2014-full-accord]
summary: Made up.
notes: Made up.
sources:
  - source: full-2014-09-01-everything
    quote: Two jets were ordered.
""",
    "series/full-dialogue.yaml": """id: full-dialogue
name: The Full Dialogue
kind: dialogue
countries: [US, IN]
offices: [Full Secretary, Full Minister]
services: [navy]
first_edition: 2013
cadence: annual
missing:
  - edition: 1
    through: 1
    reason: Made up.
summary: Made up.
notes: Made up.
sources:
  - source: full-2014-09-01-everything
    quote: The first was in 2013.
""",
    "meetings/2014-09-01-full-washington.yaml": """id: 2014-09-01-full-washington
date: 2014-09-01
end_date: 2014-09-02
kind: dialogue
series: full-dialogue
edition: 2
location:
  city: Washington
  country: US
participants: [dana-full, bina-rao]
topics: [everything]
summary: Made up.
agreements: [2014-full-accord]
deals: [2014-full-order]
platforms: [full-jet]
notes: Made up.
sources:
  - source: full-2014-09-01-everything
    quote: They met in Washington.
    supports: [location.city]
""",
}


def _given_fields(value: Any, given: dict[type[BaseModel], set[str]]) -> None:
    """Collect, per model class, the fields that hold a value somewhere in `value`."""
    if isinstance(value, list):
        for v in value:
            _given_fields(v, given)
    if isinstance(value, BaseModel):
        names = given.setdefault(type(value), set())
        for name in type(value).model_fields:
            field = getattr(value, name)
            if field is not None and field != []:
                names.add(name)
            _given_fields(field, given)


def test_a_record_filling_every_field_loses_nothing(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(GOOD, kb_dir)
    for name, text in FULL.items():
        (kb_dir / name).parent.mkdir(exist_ok=True)
        (kb_dir / name).write_text(text, encoding="utf-8")
    with (kb_dir / "rates" / "inr.yaml").open("a", encoding="utf-8") as f:
        f.write("notes: Made up.\nmissing:\n  - year: 2030\n    reason: Made up.\n")
    kb, problems = load_with_problems(kb_dir)
    assert [str(p) for p in problems] == []
    given: dict[type[BaseModel], set[str]] = {}
    _given_fields(list(kb), given)
    unset = {
        (m.__name__, n) for m, names in given.items() for n in m.model_fields if n not in names
    }
    shared = {n for n in ("contested",) if any(n in names for names in given.values())}
    unset = {(m, n) for m, n in unset if n not in shared}  # every kind has it: filled once
    assert unset == set()  # a new field? fill it in FULL above so this test covers it
    export(kb_dir, "sqlite", tmp_path / "kb.db")
    with sqlite3.connect(tmp_path / "kb.db") as db:
        _assert_every_value_exported(kb_dir, db)


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 command")
def test_the_sqlite3_command_opens_it(db_path):
    done = subprocess.run(
        ["sqlite3", str(db_path), "PRAGMA integrity_check; SELECT count(*) FROM meetings;"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["ok", str(len(list((DATA / "meetings").glob("*.yaml"))))]


def test_an_earlier_export_is_replaced_and_nothing_else_is_left(tmp_path):
    target = tmp_path / "kb.db"
    export(GOOD, "sqlite", target)
    export(GOOD, "sqlite", target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db", "kb.metadata.json"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_failed_export_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "kb.db"
    export(GOOD, "sqlite", target)
    before = target.read_bytes()
    real = export_module.tables

    def broken(kb, release=None):  # a participant who is no official: the foreign key fails
        found = real(kb, release)  # at COMMIT
        links = next(t for t in found if t.name == "meeting_participants")
        links.rows.append(("2014-08-08-adams-rao-new-delhi", 9, "x"))
        return found

    monkeypatch.setattr(export_module, "tables", broken)
    with pytest.raises(sqlite3.IntegrityError):
        run_dt("--data-dir", str(GOOD), "export", "--to", "sqlite", str(target))
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db", "kb.metadata.json"]


def test_an_invalid_knowledge_base_exports_nothing(tmp_path):
    kb = overlay_kb(tmp_path, "broken", "bad-id")
    code, out, err = run_dt(
        "--data-dir", str(kb), "export", "--to", "sqlite", str(tmp_path / "x.db")
    )
    assert code == 1 and "invalid" in err
    assert not (tmp_path / "x.db").exists()


def test_csv_has_a_file_per_table_with_the_sqlite_columns(tmp_path, db):
    folder = tmp_path / "csv"
    err = export(DATA, "csv", folder)
    assert err.startswith("wrote ") and f"{folder} ({len(SPECS)} tables" in err
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*(f"{t}.csv" for t in SPECS), ".defense-ties-export"]
    )
    for table in SPECS:
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            header, *rows = list(csv.reader(f))
        columns = [r[1] for r in db.execute(f"SELECT * FROM pragma_table_info('{table}')")]
        assert header == columns, table
        assert len(rows) == count(db, table), table
    with (folder / "meetings.csv").open(encoding="utf-8", newline="") as f:
        meeting = next(r for r in csv.DictReader(f) if r["id"] == MEETING)
    assert meeting["date"] == "2014-08-08" and meeting["end_date"] == ""


def _plain(value: Any) -> Any:
    """What JSON makes of a value PyYAML read: dates as text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_json_has_every_record_and_a_record_equals_its_yaml(tmp_path):
    target = tmp_path / "kb.json"
    export(DATA, "json", target)
    data = json.loads(target.read_text(encoding="utf-8"))
    release = yaml.safe_load((DATA / "release.yaml").read_text(encoding="utf-8"))
    assert data.pop("defense_ties_export") == {
        "schema_version": export_files.SCHEMA_VERSION,
        "data_version": str(release["version"]),
        "data_released": str(release["released"]),
    }
    assert list(data) == KINDS
    for kind in KINDS:
        ids = [r["id"] for r in data[kind]]
        assert ids == sorted(p.stem for p in (DATA / kind).glob("*.yaml")), kind
    [meeting] = [m for m in data["meetings"] if m["id"] == MEETING]
    recorded = _plain(yaml.safe_load((DATA / "meetings" / f"{MEETING}.yaml").read_text("utf-8")))
    assert {k: meeting[k] for k in recorded} == recorded
    assert set(meeting) - set(recorded) <= {
        "year",
        "contested",
        "unsupported",
        "series",
        "edition",
        "end_date",
        "agreements",
        "deals",
        "platforms",
        "notes",
        "roles",
    }


def test_json_to_stdout_is_the_same_document(tmp_path):
    export(GOOD, "json", tmp_path / "kb.json")
    code, out, err = run_dt("--data-dir", str(GOOD), "export", "--to", "json", "-")
    assert code == 0 and err == "wrote 13 records to stdout\n"
    assert out == (tmp_path / "kb.json").read_text(encoding="utf-8")


def test_a_file_that_is_not_an_export_is_never_overwritten(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    for to, what in (("sqlite", "not an SQLite export of dt"), ("json", "not a JSON export")):
        code, out, err = run_dt("--data-dir", str(GOOD), "export", "--to", to, str(notes))
        assert (code, out) == (2, "") and what in err and len(err.splitlines()) == 1
    assert notes.read_text() == "my notes\n"


@pytest.mark.parametrize(
    "to, target, message",
    [
        ("sqlite", "missing/kb.db", "does not exist"),
        ("json", "a-file/kb.json", "is not a folder"),
        ("sqlite", ".", "is a folder: give a file name"),
        ("json", ".", "is a folder: give a file name"),
        ("csv", "a-file", "is not a folder"),
        ("xml", "kb.xml", "'--to'"),
    ],
)
def test_bad_targets_get_one_line_and_exit_2(tmp_path, to, target, message):
    (tmp_path / "a-file").write_text("x")
    code, out, err = run_dt("--data-dir", str(GOOD), "export", "--to", to, str(tmp_path / target))
    assert (code, out) == (2, "")
    assert err.startswith("dt: error: ") and message in err and len(err.splitlines()) == 1, err


def test_to_is_required():
    code, out, err = run_dt("--data-dir", str(GOOD), "export", "kb.db")
    assert (code, out) == (2, "") and "'--to'" in err and len(err.splitlines()) == 1


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_nobody_can_write_is_a_usage_error():
    code, out, err = run_dt("--data-dir", str(GOOD), "export", "--to", "sqlite", "/proc/kb.db")
    assert (code, out) == (2, "") and "cannot write '/proc/kb.db'" in err
    assert len(err.splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_a_usage_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    code, out, err = run_dt(
        "--data-dir", str(GOOD), "export", "--to", "sqlite", str(folder / "x.db")
    )
    assert (code, out) == (2, "") and "cannot write" in err and len(err.splitlines()) == 1


def _listed_documents(data: Path, kind: str) -> list[dict[str, Any]]:
    code, out, err = run_dt("--data-dir", str(data), kind, "--format", "json")
    assert code == 0, err
    return sorted(json.loads(out), key=lambda r: r["id"])


@pytest.mark.parametrize("cached", [False, True], ids=["from the YAML", "from the cache"])
def test_a_json_export_holds_each_record_as_its_listing_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    """The same documents as `dt KIND --format json`: computed fields, reverse links and the
    fields no quote states (`unsupported`, which exports once left empty), whether the export
    reads the YAML or a fresh cache; the text is json.dumps' own, indent 2."""
    from defense_ties.kinds import registry

    if cached:
        assert run_dt("--data-dir", str(DATA), "deals", "--format", "ids")[0] == 0  # warm
    else:
        monkeypatch.setenv("DT_NO_CACHE", "1")
    target = tmp_path / "kb.json"
    export(DATA, "json", target)
    text = target.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    listed = [d.name for d in registry() if d.listed]
    assert {"meetings", "deals", "officials"} <= set(listed)
    for kind in listed:
        assert data[kind] == _listed_documents(DATA, kind), kind
    unstated = [r["id"] for r in data["deals"] if r["unsupported"]]
    assert unstated, "the real data has deals whose amount no quote states"


def test_an_empty_kind_is_an_empty_list_in_a_json_export(tmp_path: Path) -> None:
    target = tmp_path / "kb.json"
    export(GOOD, "json", target)
    text = target.read_text(encoding="utf-8")
    data = json.loads(text)
    empty = [k for k in KINDS if data[k] == []]
    assert empty and text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
