"""Exports never destroy: only an earlier export is replaced, whole, with its SQLite journal;
a CSV folder is swapped whole; temporaries of killed calls are swept; formulas neutralised."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from defense_ties.rendering import export_files
from defense_ties.storing import atomic

from .conftest import GOOD, run_dt

RECORDS = 13  # in the good fixture


def export(to: str, target: Path, *more: str) -> tuple[int, str, str]:
    return run_dt("--data-dir", str(GOOD), "export", "--to", to, str(target), *more)


def deal_count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM deals").fetchone()[0])


def test_exports_are_marked(tmp_path: Path) -> None:
    assert export("sqlite", tmp_path / "kb.db")[0] == 0
    with sqlite3.connect(tmp_path / "kb.db") as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == export_files.APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == export_files.SCHEMA_VERSION
    assert export("json", tmp_path / "kb.json")[0] == 0
    doc = json.loads((tmp_path / "kb.json").read_text())
    assert next(iter(doc)) == "defense_ties_export"
    assert export("csv", tmp_path / "csv")[0] == 0
    mark = (tmp_path / "csv" / ".defense-ties-export").read_text().splitlines()
    assert mark[0] == f"schema_version {export_files.SCHEMA_VERSION}"
    assert sorted(mark[1:]) == sorted(p.name for p in (tmp_path / "csv").glob("*.csv"))


def test_a_stale_wal_is_never_replayed_onto_a_new_export(tmp_path: Path) -> None:
    target = tmp_path / "kb.db"
    assert export("sqlite", target)[0] == 0
    expected = deal_count(target)
    # A user opened the export in WAL mode and added rows; the log was left behind.
    db = sqlite3.connect(target)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("DELETE FROM deal_items")
    db.execute(
        "INSERT INTO sources SELECT id || '-stale', notes, title, publisher, published, url, "
        "retrieved FROM sources"
    )
    db.commit()
    wal = target.with_name("kb.db-wal")
    saved = wal.read_bytes()
    db.close()
    wal.write_bytes(saved)  # the log a crashed reader leaves
    assert export("sqlite", target)[0] == 0
    assert not wal.exists()
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM sources WHERE id LIKE '%-stale'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM deal_items").fetchone()[0] > 0
    assert deal_count(target) == expected


def test_files_that_are_not_exports_are_refused_unless_forced(tmp_path: Path) -> None:
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE users (name TEXT)")
        db.execute("INSERT INTO users VALUES ('ann')")
    package = tmp_path / "package.json"
    package.write_text('{"name": "my-app"}\n')
    before = other.read_bytes()
    code, out, err = export("sqlite", other)
    assert (code, out) == (2, "")
    assert err == (
        f"dt: error: Invalid value for 'PATH': {str(other)!r} exists and is not an SQLite export "
        "of dt; not replacing it (--force replaces the file)\n"
    )
    assert other.read_bytes() == before
    code, out, err = export("json", package)
    assert code == 2 and "is not a JSON export of dt" in err
    assert package.read_text() == '{"name": "my-app"}\n'
    assert export("sqlite", other, "--force")[0] == 0 and deal_count(other) > 0
    assert export("json", package, "--force")[0] == 0


def test_a_fifo_a_folder_or_a_device_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "dir.db").mkdir()
    for to, target, message in (
        ("sqlite", fifo, "is not a regular file (a device, FIFO or socket)"),
        ("json", fifo, "is not a regular file (a device, FIFO or socket)"),
        ("sqlite", tmp_path / "dir.db", "is a folder: give a file name"),
        ("sqlite", Path("/dev/null"), "is not a regular file (a device, FIFO or socket)"),
        ("csv", fifo, "is not a folder"),
    ):
        code, out, err = export(to, target, "--force")  # not even with --force
        assert (code, out) == (2, "") and message in err, err
        assert len(err.splitlines()) == 1
    assert fifo.exists() and (tmp_path / "dir.db").is_dir()


def test_a_symbolic_link_is_refused_and_forced_replaces_the_link_only(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text('{"mine": true}\n')
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, err = export("json", link)
    assert code == 2 and "is a symbolic link" in err
    assert export("json", link, "--force")[0] == 0
    assert not link.is_symlink() and real.read_text() == '{"mine": true}\n'


def test_a_csv_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8")
    code, _, err = export("csv", folder)
    assert code == 2 and "is not a CSV export of dt" in err
    assert [p.name for p in folder.iterdir()] == ["cat.jpg"]


def test_a_csv_export_that_fails_half_way_leaves_the_old_one_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "csv"
    assert export("csv", folder)[0] == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    written = []

    def failing(row: object) -> tuple[object, ...]:
        written.append(row)
        if len(written) > 20:
            raise OSError(28, "No space left on device")
        return tuple(row)  # type: ignore[call-overload]

    monkeypatch.setattr(export_files, "_csv_row", failing)
    code, out, err = export("csv", folder)
    assert (code, out) == (2, "")
    assert err.endswith("cannot write " + repr(str(folder)) + ": No space left on device\n")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]  # no temporary left


def test_temporaries_of_killed_calls_are_swept(tmp_path: Path) -> None:
    dead = tmp_path / ".kb.db.dt-tmp-999999999-x1y2"
    dead.write_text("half an export")
    dead_folder = tmp_path / ".csv.dt-old-999999999-abc"
    dead_folder.mkdir()
    alive = tmp_path / f".kb.db.dt-tmp-{os.getppid()}-live"  # a running process's
    alive.write_text("being written")
    unrelated = tmp_path / ".kb.db.backup"
    unrelated.write_text("mine")
    assert export("sqlite", tmp_path / "kb.db")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["kb.db", "kb.metadata.json", alive.name, unrelated.name]
    )
    assert atomic.sweep(tmp_path) == 0


def test_formula_cells_are_neutralised_in_csv(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    page = kb / "platforms" / "test-jet.yaml"
    page.write_text(page.read_text().replace("role: transport aircraft", 'role: "=1+2"'))
    code, out, _ = run_dt("--data-dir", str(kb), "platforms", "--format", "csv")
    assert code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["test-jet"]["role"] == "'=1+2"
    code, _, _ = run_dt("--data-dir", str(kb), "export", "--to", "csv", str(tmp_path / "csv"))
    assert code == 0
    with (tmp_path / "csv" / "platforms.csv").open() as f:
        exported = {r["id"]: r for r in csv.DictReader(f)}
    assert exported["test-jet"]["role"] == "'=1+2"
    code, out, _ = run_dt("--data-dir", str(kb), "platforms", "--format", "json")
    assert [p["role"] for p in json.loads(out) if p["id"] == "test-jet"] == ["=1+2"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("none", None),
        ("compact", None),  # the same document, another layout
        ("key-after-a-list", "is a JSON export of dt that also holds 'mine', which dt did not"),
        ("key-on-the-same-line", "is a JSON export of dt that also holds 'mine', which dt did"),
        ("truncated", "exists and is not a JSON export of dt"),
        ("after-the-end", "exists and is not a JSON export of dt"),
        ("no-mark", "exists and is not a JSON export of dt"),
        ("a-list", "exists and is not a JSON export of dt"),
    ],
)
def test_an_earlier_json_export_is_recognised_whatever_its_layout(
    tmp_path: Path, edit: str, expected: str | None
) -> None:
    """Only a JSON document with dt's mark and nothing dt did not write is an earlier export,
    read as json.load reads it (one item of a list at a time)."""
    target = tmp_path / "kb.json"
    assert export("json", target)[0] == 0
    text = target.read_text()
    doc = json.loads(text)
    if edit == "compact":
        text = json.dumps(doc, separators=(",", ":"))
    elif edit == "key-after-a-list":
        text = text.rstrip()[:-1] + ',\n  "mine": [1, 2]\n}\n'
    elif edit == "key-on-the-same-line":
        text = text.replace('\n  "meetings": [', '\n  "mine": 0, "meetings": [', 1)
    elif edit == "truncated":
        text = text[: len(text) // 2]
    elif edit == "after-the-end":
        text += "{}"
    elif edit == "no-mark":
        text = json.dumps({k: v for k, v in doc.items() if k != export_files.EXPORT_KEY})
    elif edit == "a-list":
        text = json.dumps([doc])
    target.write_text(text)
    found = export_files._foreign("json", target)
    assert found is None if expected is None else (found or "").startswith(expected)
    code, _, err = export("json", target)
    assert (code == 0) == (expected is None)
    if expected is not None:
        assert target.read_text() == text and expected[:40] in err


def test_an_earlier_json_export_is_checked_in_the_memory_of_one_record(tmp_path: Path) -> None:
    import tracemalloc

    target = tmp_path / "big.json"
    record = {"id": "x", "summary": "y" * 1000, "topics": ["z" * 50] * 20}
    doc = {export_files.EXPORT_KEY: {"schema_version": 3}, "meetings": [record] * 20_000}
    target.write_text(json.dumps(doc, indent=2))  # about 45 MB
    tracemalloc.start()
    try:
        assert export_files._foreign("json", target) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20  # json.load would hold every record: several times the file
