"""Writing an export: SQLite, CSV or JSON, whole or not at all, and only over an earlier export.

Every export is marked so that a later one can recognise it: the SQLite file by its
`application_id` (and its `user_version`, the schema version), the JSON document by its
`EXPORT_KEY` member, the CSV folder by a `MARK_FILE`. A target that exists and is not an
earlier export is refused (`--force` overrides that), and a device, FIFO, socket or a folder
where a file is wanted is never replaced. The data goes to a temporary beside the target
(a file, or a whole folder for CSV), which takes the target's place only once complete; an
SQLite target's stale `-wal`, `-shm` and `-journal` files are removed with it, so that SQLite
never replays an old log onto the new file.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import stat
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

from ..core.json_text import json_text as _json_text
from ..storing.atomic import replacing, replacing_folder
from .export_tables import Table
from .safe_text import csv_cell

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x64745442  # "dtTB": PRAGMA application_id of every dt export
SCHEMA_VERSION = 2  # PRAGMA user_version and the JSON mark's version; bumped when tables change
EXPORT_KEY = "defense_ties_export"  # the JSON document's mark: {"schema_version": N}
MARK_FILE = ".defense-ties-export"  # the CSV folder's mark (holds the schema version)
COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database


class TargetError(Exception):
    """The path given cannot take this export (a one-line reason)."""


def check_target(kind: str, path: Path, force: bool = False) -> None:
    """Refuse, before any work, a target that cannot be written or must not be replaced."""
    parent = path.absolute().parent
    if parent.exists() and not parent.is_dir():
        raise TargetError(f"{str(parent)!r} is not a folder")
    if not parent.is_dir():
        raise TargetError(f"folder {str(parent)!r} does not exist")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    wanted = "folder" if kind == "csv" else "file"
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        if not force:
            raise TargetError(
                f"{str(path)!r} is a symbolic link; give the real {wanted} "
                "(--force replaces the link itself)"
            )
        return
    if kind == "csv" and not stat.S_ISDIR(mode):
        raise TargetError(f"{str(path)!r} is not a folder: CSV export writes one file per table")
    if kind != "csv" and stat.S_ISDIR(mode):
        raise TargetError(f"{str(path)!r} is a folder: give a file name")
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise TargetError(f"{str(path)!r} is not a regular file (a device, FIFO or socket)")
    if not force and not is_export(kind, path):
        what = {"sqlite": "an SQLite export", "json": "a JSON export"}.get(kind, "a CSV export")
        raise TargetError(
            f"{str(path)!r} exists and is not {what} of dt; not replacing it (--force replaces it)"
        )


def is_export(kind: str, path: Path) -> bool:
    """Whether `path` (a regular file, or a folder for csv) holds an earlier export of dt, or
    nothing to lose (an empty file or folder)."""
    if kind == "csv":
        names = set(os.listdir(path))
        legacy = {f"{t}.csv" for t in LEGACY_TABLES}  # a version-1 export: only its tables
        return not names or MARK_FILE in names or (legacy <= names and _all_csv(names))
    if os.stat(path).st_size == 0:
        return True
    if kind == "sqlite":
        return _is_sqlite_export(path)
    return _is_json_export(path)


def _is_sqlite_export(path: Path) -> bool:
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return False
    # The header's big-endian fields: user_version at 60, application_id at 68.
    if int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        return True
    return int.from_bytes(header[60:64], "big") == 1 and _tables(path) >= LEGACY_TABLES


LEGACY_TABLES = {"deals", "meetings", "officials", "sources"}  # a version-1 export (unmarked)


def _tables(path: Path) -> set[str]:
    """The table names of an SQLite file, read without writing anything beside it."""
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as db:
            return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error:
        return set()


def _is_json_export(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as f:
            head = json.load(f)
    except (ValueError, UnicodeDecodeError):
        return False
    if not isinstance(head, dict):
        return False
    if isinstance(head.get(EXPORT_KEY), dict):
        return True
    return head.keys() >= LEGACY_TABLES and all(isinstance(v, list) for v in head.values())


def _all_csv(names: set[str]) -> bool:
    return all(n.endswith(".csv") for n in names)


def write_sqlite(tables: list[Table], path: Path) -> None:
    """One SQLite file: the tables with their keys, foreign keys and indexes."""
    companions = tuple(path.with_name(path.name + c) for c in COMPANIONS)
    for companion in companions:
        _check_companion(companion)
    with (
        replacing(path, before_replace=companions) as temporary,
        closing(sqlite3.connect(temporary)) as db,
    ):
        db.isolation_level = None  # explicit transactions
        db.execute("PRAGMA journal_mode=MEMORY")  # no journal file beside the temporary
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute("BEGIN")
        db.execute("PRAGMA defer_foreign_keys=ON")  # checked at COMMIT, whatever the order
        for table in tables:
            db.execute(create_statement(table))
            for statement in index_statements(table):
                db.execute(statement)
            marks = ", ".join("?" * len(table.columns))
            db.executemany(f"INSERT INTO {_q(table.name)} VALUES ({marks})", table.rows)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("COMMIT")  # raises IntegrityError if a reference names no row


def _check_companion(companion: Path) -> None:
    """A stale SQLite companion is removed with the old export; anything else is refused."""
    try:
        mode = os.lstat(companion).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise TargetError(f"{str(companion)!r} is not a regular file; not removing it")


def create_statement(table: Table) -> str:
    lines = []
    for c in table.columns:
        lines.append(f"{_q(c.name)} {c.type}{' NOT NULL' if c.required else ''}")
    lines.append(f"PRIMARY KEY ({', '.join(map(_q, table.key))})")
    for c in table.columns:
        if c.references:
            lines.append(f"FOREIGN KEY ({_q(c.name)}) REFERENCES {_q(c.references)} (id)")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {_q(table.name)} (\n  {body}\n)"


def index_statements(table: Table) -> list[str]:
    """An index on each foreign key the primary key does not already lead with."""
    return [
        f"CREATE INDEX {_q(f'{table.name}_{c.name}')} ON {_q(table.name)} ({_q(c.name)})"
        for c in table.columns
        if c.references and c.name != table.key[0]
    ]


def _q(name: str) -> str:
    return f'"{name}"'


def write_csv(tables: list[Table], folder: Path) -> None:
    """One `<table>.csv` per table, with a header row, in a new folder that replaces
    `folder` whole. Text cells that a spreadsheet would run as a formula are neutralised."""
    with replacing_folder(folder) as temporary:
        for table in tables:
            with (temporary / f"{table.name}.csv").open("w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(table.column_names)
                writer.writerows(_csv_row(row) for row in table.rows)
        (temporary / MARK_FILE).write_text(f"schema_version {SCHEMA_VERSION}\n")


def _csv_row(row: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(csv_cell(v) for v in row)


def marked(documents: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The JSON export: the mark first, then `{kind: [records]}`."""
    return {EXPORT_KEY: {"schema_version": SCHEMA_VERSION}, **documents}


def write_json(documents: dict[str, list[dict[str, Any]]], path: Path) -> None:
    """One JSON document `{mark, kind: [records]}`, indented, UTF-8."""
    with replacing(path) as temporary:
        temporary.write_text(json_text(documents), encoding="utf-8")


def json_text(documents: dict[str, list[dict[str, Any]]]) -> str:
    return _json_text(marked(documents)) + "\n"
