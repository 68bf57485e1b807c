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

import contextlib
import csv
import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any, TextIO

from ..core.json_text import json_text as _json_text
from ..storing.atomic import replacing, replacing_folder
from .export_tables import Table
from .safe_text import csv_cell

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x64745442  # "dtTB": PRAGMA application_id of every dt export
SCHEMA_VERSION = 3  # PRAGMA user_version and the JSON mark's version; bumped when tables change
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
    if kind == "sqlite":
        for companion in companions(path):
            _check_companion(companion)
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
    if kind == "csv":
        _check_csv_folder(path)
        return
    foreign = None if _empty(path) else _foreign(kind, path)
    if foreign is not None and not force:
        raise TargetError(f"{str(path)!r} {foreign}; not replacing it (--force replaces the file)")


def _empty(path: Path) -> bool:
    return os.stat(path).st_size == 0


def _foreign(kind: str, path: Path) -> str | None:
    """Why the file at `path` is not an earlier export of dt (None: it is one). Only the marks
    dt writes prove it, and an export holding anything dt did not write is not one."""
    if kind == "sqlite":
        return _sqlite_foreign(path)
    return _json_foreign(path)


def is_export(kind: str, path: Path) -> bool:
    """Whether `path` holds an earlier export of dt and nothing else, or nothing to lose."""
    if kind == "csv":
        try:
            _check_csv_folder(path)
        except TargetError:
            return False
        return True
    return _empty(path) or _foreign(kind, path) is None


def _sqlite_foreign(path: Path) -> str | None:
    what = "exists and is not an SQLite export of dt"
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return what
    # The header's big-endian fields: application_id at 68.
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        return what
    from .export_tables import empty_tables

    ours = empty_tables()
    allowed = {t.name for t in ours}
    allowed |= {s.split('"')[1] for t in ours for s in index_statements(t)}
    found = _schema_objects(path)
    if found is None:
        return "is an SQLite export of dt that cannot be read"
    extra = sorted(name for name in found if name not in allowed)
    if extra:
        return f"is an SQLite export of dt that also holds {extra[0]!r}, which dt did not write"
    return None


def _schema_objects(path: Path) -> list[str] | None:
    """The names of an SQLite file's tables, views, triggers and indexes (not SQLite's own),
    read without writing anything beside it; None if it cannot be read."""
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as db:
            rows = db.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            return [r[0] for r in rows]
    except sqlite3.Error:
        return None


def _json_foreign(path: Path) -> str | None:
    what = "exists and is not a JSON export of dt"
    try:
        with path.open(encoding="utf-8") as f:
            keys, mark = _top_level(_Reader(f))
    except (ValueError, UnicodeDecodeError):
        return what
    if not isinstance(mark, dict):
        return what
    from ..kinds import names

    extra = [k for k in keys if k != EXPORT_KEY and k not in names()]
    if extra:
        return f"is a JSON export of dt that also holds {extra[0]!r}, which dt did not write"
    return None


def _top_level(reader: _Reader) -> tuple[list[str], Any]:
    """The keys of the JSON object a file holds, in order, and the value of its mark (None
    without one); ValueError if the file is not one JSON object. An array is read one item at
    a time, each let go once read: an export of 100,000 records is checked in the memory of
    one (json.load would hold them all)."""
    keys: list[str] = []
    mark: Any = None
    reader.take("{")
    if reader.peek() == "}":
        reader.take("}")
    else:
        while True:
            key = reader.value()
            if not isinstance(key, str):
                raise ValueError("a key that is not a string")
            keys.append(key)
            reader.take(":")
            if reader.peek() == "[":
                reader.skip_array()
                value = None
            else:
                value = reader.value()
            if key == EXPORT_KEY:
                mark = value
            if reader.peek() == ",":
                reader.take(",")
                continue
            reader.take("}")
            break
    if reader.peek() != "":
        raise ValueError("more after the object")
    return keys, mark


class _Reader:
    """A JSON text read a piece at a time (json.JSONDecoder.raw_decode on a window of it)."""

    def __init__(self, f: TextIO) -> None:
        self._f, self._text, self._at, self._ended = f, "", 0, False

    def _more(self) -> bool:
        # at least as much again as the window holds: a long value is decoded O(n) times
        piece = "" if self._ended else self._f.read(max(1 << 20, len(self._text) - self._at))
        if not piece:
            self._ended = True
            return False
        self._text, self._at = self._text[self._at :] + piece, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            self._at = _SPACE.match(self._text, self._at).end()  # type: ignore[union-attr]
            if self._at < len(self._text):
                return self._text[self._at]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise ValueError(f"{char} expected")
        self._at += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, self._at)
            except json.JSONDecodeError:
                if self._more():
                    continue
                raise
            if end == len(self._text) and self._more():  # a number the window cut short
                continue
            self._at = end
            return value

    def skip_array(self) -> None:
        self.take("[")
        if self.peek() == "]":
            self.take("]")
            return
        while True:
            self.value()
            if self.peek() == ",":
                self.take(",")
                continue
            self.take("]")
            return


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _check_csv_folder(folder: Path) -> None:
    """A folder takes a CSV export if it is empty or marked as one; the entries the export
    writes (`<table>.csv`, the mark) must be regular files there or absent. Every other
    entry is left as it is. Never overridden by --force: a folder is never deleted."""
    names = set(os.listdir(folder))
    if not names:
        return
    if MARK_FILE not in names:
        shown = sorted(names)[0]
        raise TargetError(
            f"{str(folder)!r} is not a CSV export of dt (it holds {shown!r}, and no "
            f"{MARK_FILE} mark): give a new or empty folder"
        )
    for name in sorted({MARK_FILE, *csv_names()} & names):
        if not stat.S_ISREG(os.lstat(folder / name).st_mode):
            raise TargetError(
                f"{str(folder / name)!r} is not a regular file; not replacing it "
                "(the export writes a file of that name)"
            )


def csv_names() -> list[str]:
    """The files a CSV export writes: one per table."""
    from .export_tables import empty_tables

    return [f"{t.name}.csv" for t in empty_tables()]


def metadata_path(database: Path) -> Path:
    """The Datasette metadata written beside an SQLite export: `kb.db` -> `kb.metadata.json`."""
    return database.with_name(database.stem + ".metadata.json")


def check_metadata(path: Path, force: bool = False) -> None:
    """The metadata file beside an SQLite export is replaced only if it is one dt wrote (or
    empty, or absent); anything else needs --force, and never a link target, FIFO or folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        if not force:
            raise TargetError(f"{str(path)!r} is a symbolic link (--force replaces the link)")
        return
    if not stat.S_ISREG(mode):
        raise TargetError(f"{str(path)!r} is not a regular file; not replacing it")
    if force or _empty(path):
        return
    try:
        with path.open(encoding="utf-8") as f:
            head = json.load(f)
    except (ValueError, UnicodeDecodeError):
        head = None
    if not isinstance(head, dict) or EXPORT_KEY not in head:
        raise TargetError(
            f"{str(path)!r} exists and is not Datasette metadata written by dt; not replacing "
            "it (--force replaces the file)"
        )


def write_metadata(metadata: dict[str, Any], path: Path) -> None:
    with replacing(path) as temporary:
        temporary.write_text(_json_text(metadata) + "\n", encoding="utf-8")


def companions(path: Path) -> tuple[Path, ...]:
    """SQLite's files beside a database, removed with an old export."""
    return tuple(path.with_name(path.name + c) for c in COMPANIONS)


def write_sqlite(tables: list[Table], path: Path) -> None:
    """One SQLite file: the tables with their keys, foreign keys and indexes."""
    beside = companions(path)
    for companion in beside:
        _check_companion(companion)
    with (
        replacing(path, before_replace=beside) as temporary,
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
    """One `<table>.csv` per table, with a header row, and the mark listing them. A new folder
    is written whole and then put in place; into an earlier export (or an empty folder) each
    file is written whole beside its place and then renamed over it, the mark last, and a
    table file the earlier export listed and this one no longer writes is removed. Every
    other entry of the folder is kept. Text cells a spreadsheet would run are neutralised."""
    if os.path.isdir(folder) and not os.path.islink(folder):
        _csv_into(tables, folder)
        return
    with replacing_folder(folder) as temporary:
        for table in tables:
            _write_table(table, temporary / f"{table.name}.csv")
        _write_mark(temporary, tables)


def _csv_into(tables: list[Table], folder: Path) -> None:
    written = {f"{t.name}.csv" for t in tables}
    earlier = _marked_files(folder) - written
    with contextlib.ExitStack() as stack:
        for table in tables:
            target = folder / f"{table.name}.csv"
            temporary = stack.enter_context(replacing(target))
            _write_table(table, temporary)
    for name in sorted(earlier):
        path = folder / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
    with replacing(folder / MARK_FILE) as temporary:
        _write_mark_file(temporary, tables)


def _write_table(table: Table, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows(_csv_row(row) for row in table.rows)


def _write_mark(folder: Path, tables: list[Table]) -> None:
    _write_mark_file(folder / MARK_FILE, tables)


def _write_mark_file(path: Path, tables: list[Table]) -> None:
    """The mark: the schema version, then each file the export wrote, one a line."""
    names = "".join(f"{t.name}.csv\n" for t in tables)
    path.write_text(f"schema_version {SCHEMA_VERSION}\n{names}", encoding="utf-8")


def _marked_files(folder: Path) -> set[str]:
    """The table files an earlier export's mark lists (an older mark lists none)."""
    try:
        with (folder / MARK_FILE).open(encoding="utf-8") as f:
            lines = f.read(1 << 16).splitlines()[1:]
    except (OSError, UnicodeDecodeError):
        return set()
    return {n for n in lines if n.endswith(".csv") and "/" not in n and not n.startswith(".")}


def _csv_row(row: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(csv_cell(v) for v in row)


def marked(
    documents: dict[str, list[dict[str, Any]]], release: dict[str, str] | None = None
) -> dict[str, Any]:
    """The JSON export: the mark first (with the data's release), then `{kind: [records]}`."""
    mark: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if release:
        mark |= {"data_version": release["version"], "data_released": release["released"]}
    return {EXPORT_KEY: mark, **documents}


def write_json(
    kinds: Iterable[tuple[str, Iterable[str]]], path: Path, release: dict[str, str] | None = None
) -> None:
    """The JSON export into `path`, whole or not at all (see `stream_json`)."""
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8") as out:
        stream_json(kinds, out, release)


def stream_json(
    kinds: Iterable[tuple[str, Iterable[str]]], out: TextIO, release: dict[str, str] | None = None
) -> None:
    """One JSON document `{mark, kind: [records]}`, indented, UTF-8, written kind by kind:
    `kinds` gives each kind's name and its records' JSON texts (as json_text writes them), and
    only one kind's are held at a time. The text is what json_text gives for the whole
    document at once."""
    head = _json_text(marked({}, release))  # {"mark": {...}}: all but its closing "\n}"
    out.write(head[:-2])
    for kind, docs in kinds:
        out.write(f",\n  {_json_text(kind)}: [")
        separator = "\n    "
        for doc in docs:
            out.write(separator)
            out.write(doc.replace("\n", "\n    "))  # JSON text has no raw newline in a string
            separator = ",\n    "
        out.write("]" if separator == "\n    " else "\n  ]")
        del docs
    out.write("\n}\n")
