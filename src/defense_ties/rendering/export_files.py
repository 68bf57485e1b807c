"""Writing an export: SQLite, CSV or JSON, each file through a temporary file then a rename.

A target is written whole or not at all: the data goes to a temporary file in the target's
folder, which replaces the target only once complete. An existing export is overwritten; a
file that is not one (not SQLite, not a JSON object) is refused, so a typo cannot destroy it.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from ..storing.atomic import replacing
from .export_tables import Table

SQLITE_HEADER = b"SQLite format 3\x00"
SCHEMA_VERSION = 1  # PRAGMA user_version of the SQLite file; bumped when the tables change


class TargetError(Exception):
    """The path given cannot take this export (a one-line reason)."""


def check_target(kind: str, path: Path) -> None:
    """Refuse, before any work, a target that cannot be written or must not be replaced."""
    parent = path.absolute().parent
    if parent.exists() and not parent.is_dir():
        raise TargetError(f"{str(parent)!r} is not a folder")
    if not parent.is_dir():
        raise TargetError(f"folder {str(parent)!r} does not exist")
    if kind == "csv":
        if path.exists() and not path.is_dir():
            raise TargetError(
                f"{str(path)!r} is not a folder: CSV export writes one file per table"
            )
        return
    if path.is_dir():
        raise TargetError(f"{str(path)!r} is a folder: give a file name")
    if path.exists() and not _is_export(kind, path):
        what = "an SQLite database" if kind == "sqlite" else "a JSON document"
        raise TargetError(f"{str(path)!r} exists and is not {what}; not overwriting it")


def _is_export(kind: str, path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if not head:
        return True  # an empty file holds nothing to lose
    return head == SQLITE_HEADER if kind == "sqlite" else head.lstrip().startswith(b"{")


def write_sqlite(tables: list[Table], path: Path) -> None:
    """One SQLite file: the tables with their keys, foreign keys and indexes."""
    with replacing(path) as temporary, closing(sqlite3.connect(temporary)) as db:
        db.isolation_level = None  # explicit transactions
        db.execute("PRAGMA journal_mode=MEMORY")  # no journal file beside the temporary one
        db.execute("PRAGMA foreign_keys=ON")
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
    """One `<table>.csv` per table in `folder` (created if missing), with a header row."""
    folder.mkdir(exist_ok=True)
    for table in tables:
        target = folder / f"{table.name}.csv"
        with replacing(target) as temporary, temporary.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(table.column_names)
            writer.writerows(tuple(_csv_cell(v) for v in row) for row in table.rows)


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


def write_json(documents: dict[str, list[dict[str, Any]]], path: Path) -> None:
    """One JSON document `{kind: [records]}`, indented, UTF-8."""
    with replacing(path) as temporary:
        temporary.write_text(json_text(documents), encoding="utf-8")


def json_text(documents: dict[str, list[dict[str, Any]]]) -> str:
    return json.dumps(documents, indent=2, ensure_ascii=False) + "\n"
