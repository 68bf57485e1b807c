"""Hostile set 3: every listing, format and option together; nothing a user owns is deleted or
taken for an export; every file dt reads or writes obeys the data folder's rules; a reader that
goes away ends dt quietly."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from defense_ties.core.listing import ListingSpec
from defense_ties.reading.files import ChangedFile, NotRegularFile, read_regular
from defense_ties.rendering import export_files
from defense_ties.storing.listings import listing_specs

from .conftest import DATA, GOOD, run_dt

SPECS: dict[str, ListingSpec] = {s.name: s for s in listing_specs(use_cache=False)}
FORMATS = ["table", "tsv", "json", "csv", "markdown", "ids"]


def _column_sets(spec: ListingSpec) -> list[list[str] | None]:
    """No --columns, one column, several, and several reordered."""
    many = [c for c in spec.columns if c != "id"][:3]
    return [None, [spec.columns[-1]], ["id", *many], [*reversed(many), "id"]]


def _parsed(fmt: str, out: str) -> tuple[list[str] | None, int]:
    """The header a format shows (None: it has none) and its number of records."""
    if fmt == "json":
        docs = json.loads(out)
        return (list(docs[0]) if docs else None), len(docs)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        return rows[0], len(rows) - 1
    if fmt == "tsv":
        lines = out.splitlines()
        return lines[0].split("\t"), len(lines) - 1
    if fmt == "markdown":
        lines = out.splitlines()
        header = [c.strip().replace(" ", "_") for c in lines[0].strip("|").split("|")]
        return header, len(lines) - 2
    if fmt == "ids":
        return None, len(out.splitlines())
    return None, -1  # a table: checked for exit code and content only


@pytest.mark.parametrize("kind", sorted(SPECS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_listing_renders_every_format_with_any_columns(kind: str, fmt: str) -> None:
    spec = SPECS[kind]
    total = None
    for columns in _column_sets(spec):
        args = [kind, "--format", fmt, "--limit", "0"]
        if columns:
            args += ["--columns", ",".join(columns)]
        code, out, err = run_dt(*args)
        assert code == 0, (args, err)
        assert out and "Traceback" not in err
        header, count = _parsed(fmt, out)
        if fmt in ("csv", "tsv", "markdown") or (fmt == "json" and columns):
            wanted = columns or list(spec.columns if fmt == "csv" else spec.shown)
            if not columns and fmt != "csv" and header is not None and "flags" not in header:
                wanted = [c for c in wanted if c != "flags"]  # no row flagged: left out
            assert header == wanted, args
        if count >= 0:
            total = count if total is None else total
            assert count == total, args  # every record, whatever the columns


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_column_sorts_both_ways(kind: str) -> None:
    spec = SPECS[kind]
    for column in spec.columns:
        for sort in (column, "-" + column):
            code, out, err = run_dt(kind, "--format", "json", "--sort", sort, "--columns", "id")
            assert code == 0, (sort, err)
            ids = [d["id"] for d in json.loads(out)]
            assert sorted(ids) == sorted(r["id"] for r in json.loads(run_dt(kind, "-f", "json")[1]))


def test_the_reported_columns_with_csv_tracebacks_now_work() -> None:
    code, out, err = run_dt("meetings", "--year", "2025", "--columns", "date,id", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "date,id"
    code, out, err = run_dt(
        "platforms", "--operator", "India", "--format", "csv", "--columns", "id,operators"
    )
    assert code == 0 and out.splitlines()[0] == "id,operators" and len(out.splitlines()) > 5


# Re-export: a user's own files are kept, or the export is refused whole.


def export(to: str, target: Path, *more: str) -> tuple[int, str, str]:
    return run_dt("--data-dir", str(GOOD), "export", "--to", to, str(target), *more)


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def test_a_csv_reexport_keeps_the_users_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    assert export("csv", folder)[0] == 0
    (folder / "notes.txt").write_text("my notes\n")
    (folder / "mywork").mkdir()
    (folder / "mywork" / "draft.md").write_text("draft\n")
    (folder / "deals.csv").write_text("stale\n")
    code, _, err = export("csv", folder)
    assert code == 0, err
    assert (folder / "notes.txt").read_text() == "my notes\n"
    assert (folder / "mywork" / "draft.md").read_text() == "draft\n"
    assert (folder / "deals.csv").read_text().startswith("id,")  # the export's own: new


def test_a_folder_named_like_a_table_refuses_the_export_whole(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    assert export("csv", folder)[0] == 0
    (folder / "meeting_participants.csv").unlink()
    (folder / "meeting_participants.csv").mkdir()
    (folder / "meeting_participants.csv" / "mine.txt").write_text("keep\n")
    (folder / "deals.csv").write_text("old\n")
    before = _tree(folder)
    code, out, err = export("csv", folder, "--force")
    assert (code, out) == (2, "")
    assert "meeting_participants.csv' is not a regular file" in err and len(err.splitlines()) == 1
    assert _tree(folder) == before


def test_a_stale_table_the_earlier_export_listed_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    assert export("csv", folder)[0] == 0
    mark = folder / export_files.MARK_FILE
    mark.write_text(mark.read_text() + "retired_table.csv\n")
    (folder / "retired_table.csv").write_text("a\n")
    (folder / "unlisted.csv").write_text("b\n")
    assert export("csv", folder)[0] == 0
    assert not (folder / "retired_table.csv").exists()
    assert (folder / "unlisted.csv").read_text() == "b\n"  # not listed: not ours


def test_a_users_folder_with_table_names_is_not_taken_for_an_export(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    for name in ("deals", "meetings", "officials", "sources", "budget"):
        (folder / f"{name}.csv").write_text(f"{name}\n")
    before = _tree(folder)
    for more in ((), ("--force",)):
        code, out, err = export("csv", folder, *more)
        assert (code, out) == (2, "") and "is not a CSV export of dt" in err
        assert "--force" not in err  # no hint that --force would help: it never deletes
    assert _tree(folder) == before


def test_force_never_deletes_a_folder_of_someone_elses_files(tmp_path: Path) -> None:
    folder = tmp_path / "thesis"
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "main.py").write_text("print('hi')\n")
    (folder / "thesis.tex").write_text("\\documentclass{article}\n")
    before = _tree(folder)
    code, _, _ = export("csv", folder, "--force")
    assert code == 2 and _tree(folder) == before


def test_an_unmarked_sqlite_file_with_the_old_tables_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "mine.db"
    with sqlite3.connect(db_path) as db:
        for name in ("deals", "meetings", "officials", "sources", "budget"):
            db.execute(f"CREATE TABLE {name} (x)")
        db.execute("PRAGMA user_version=1")
    before = db_path.read_bytes()
    code, out, err = export("sqlite", db_path)
    assert (code, out) == (2, "") and "is not an SQLite export of dt" in err
    assert db_path.read_bytes() == before


def test_an_export_the_user_added_a_table_to_is_not_replaced_without_force(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "kb.db"
    assert export("sqlite", db_path)[0] == 0
    with sqlite3.connect(db_path) as db:
        db.execute("CREATE TABLE my_notes (note TEXT)")
        db.execute("INSERT INTO my_notes VALUES ('keep me')")
    code, _, err = export("sqlite", db_path)
    assert code == 2 and "'my_notes', which dt did not write" in err
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT note FROM my_notes").fetchone() == ("keep me",)
    assert export("sqlite", db_path, "--force")[0] == 0  # a file: --force replaces it


def test_a_json_document_with_the_old_keys_or_extra_keys_is_refused(tmp_path: Path) -> None:
    legacy = tmp_path / "mine.json"
    legacy.write_text(json.dumps({k: [] for k in ("deals", "meetings", "officials", "sources")}))
    code, _, err = export("json", legacy)
    assert code == 2 and "is not a JSON export of dt" in err
    extra = tmp_path / "kb.json"
    assert export("json", extra)[0] == 0
    data = json.loads(extra.read_text())
    data["my_key"] = [1]
    extra.write_text(json.dumps(data))
    code, _, err = export("json", extra)
    assert code == 2 and "'my_key', which dt did not write" in err
    assert json.loads(extra.read_text())["my_key"] == [1]


@pytest.mark.parametrize("to", ["sqlite", "csv"])
def test_only_json_goes_to_standard_output(tmp_path: Path, to: str, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_dt("--data-dir", str(GOOD), "export", "--to", to, "-")
    assert (code, out) == (2, "") and "cannot go to standard output" in err
    assert list(tmp_path.iterdir()) == []


def test_a_linked_wal_or_a_journal_folder_beside_an_export_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "kb.db"
    assert export("sqlite", target)[0] == 0
    outside = tmp_path / "outside"
    outside.write_text("keep\n")
    (tmp_path / "kb.db-wal").symlink_to(outside)
    code, out, err = export("sqlite", target)
    assert (code, out) == (2, "") and "kb.db-wal' is not a regular file" in err
    assert len(err.splitlines()) == 1 and outside.read_text() == "keep\n"
    (tmp_path / "kb.db-wal").unlink()
    (tmp_path / "kb.db-journal").mkdir()
    code, _, err = export("sqlite", target)
    assert code == 2 and "kb.db-journal' is not a regular file" in err
    assert (tmp_path / "kb.db-journal").is_dir()


def test_the_summary_line_escapes_the_target(tmp_path: Path) -> None:
    target = tmp_path / "kb\x1b[31m.json"
    code, _, err = export("json", target)
    assert code == 0 and "\x1b" not in err and "\\x1b[31m" in err


# Every file dt reads obeys the data folder's rules.


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "kb"
    shutil.copytree(GOOD, target)
    return target


def test_a_reviewed_list_linked_outside_the_folder_is_refused(kb: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("deals/x.yaml values[0].amount\n")
    (kb / "reviewed-unsupported.txt").symlink_to(secret)
    code, out, _ = run_dt("--data-dir", str(kb), "validate")
    assert code == 1
    assert out.splitlines()[0].endswith(
        "reviewed-unsupported.txt:1:1: (file): symbolic link to a file outside the data "
        "folder: not read [outside-data-folder]"
    )


def test_a_reviewed_list_that_is_a_fifo_or_a_device_is_never_read(kb: Path) -> None:
    os.mkfifo(kb / "reviewed-unsupported.txt")
    done = subprocess.run(
        [sys.executable, "-c", "from defense_ties.entry import main; main()"]
        + ["--data-dir", str(kb), "validate"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "[not-a-file]" in done.stdout, done.stdout + done.stderr


def test_a_reviewed_line_with_control_characters_is_a_problem_never_printed(kb: Path) -> None:
    (kb / "reviewed-unsupported.txt").write_text("deals/x.yaml \x1b]0;owned\x07 amount\n")
    code, out, err = run_dt("--data-dir", str(kb), "validate")
    assert code == 1 and "\x1b" not in out + err and "[control-character]" in out


def test_read_regular_checks_what_it_opened(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("id: a\n")
    second.write_text("id: b\n")
    with pytest.raises(ChangedFile):
        read_regular(str(first), inode=second.stat().st_ino)
    link = tmp_path / "link.yaml"
    link.symlink_to(first)
    with pytest.raises(OSError):  # a name checked as a file is a link now: not followed
        read_regular(str(link), inode=first.stat().st_ino, follow=False)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(NotRegularFile):  # opened without blocking, then refused
        read_regular(str(tmp_path / "fifo"))
    assert read_regular(str(link), inode=first.stat().st_ino) == b"id: a\n"


def test_schema_out_never_writes_through_a_link_or_waits_on_a_fifo(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    (out / "deals.schema.json").symlink_to(victim)
    code, _, err = run_dt("schema", "--out", str(out))
    assert code == 2 and "deals.schema.json' is not a regular file" in err
    assert victim.read_text() == "keep\n" and not (out / "agreements.schema.json").exists()
    (out / "deals.schema.json").unlink()
    os.mkfifo(out / "meetings.schema.json")
    done = subprocess.run(
        [sys.executable, "-c", "from defense_ties.entry import main; main()"]
        + ["schema", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "meetings.schema.json' is not a regular file" in done.stderr


def test_a_conversion_beyond_the_largest_amount_is_a_problem_not_an_overflow(kb: Path) -> None:
    deal = kb / "deals" / "2016-boat-order.yaml"
    text = deal.read_text()
    assert "amount: 6_800_000_000\n    currency: INR" in text
    deal.write_text(text.replace("amount: 6_800_000_000", "amount: 1_000_000_000_000_000"))
    rates = (kb / "rates" / "inr.yaml").read_text()
    (kb / "rates" / "inr.yaml").write_text(rates.replace("per_usd: 68.0", "per_usd: 0.000001"))
    code, out, err = run_dt("--data-dir", str(kb), "validate")
    assert code == 1 and "[conversion-too-large]" in out and "Traceback" not in err


# A reader that goes away.

DT = [sys.executable, "-c", "from defense_ties.entry import main; main()"]


def _read_one_byte(*args: str) -> tuple[int, str]:
    """Run dt, read one byte of its output, close the pipe: (exit code, stderr)."""
    process = subprocess.Popen(
        [*DT, "--data-dir", str(DATA), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(1)
    process.stdout.close()
    err = process.stderr.read().decode()
    return process.wait(timeout=60), err


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_stats_ends_quietly_when_the_reader_goes_away(fmt: str) -> None:
    for _ in range(3):
        assert _read_one_byte("stats", "--format", fmt) == (0, "")


def test_an_export_to_a_reader_that_went_away_claims_nothing() -> None:
    assert _read_one_byte("export", "--to", "json", "-") == (0, "")
