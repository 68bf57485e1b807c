"""What changed between two versions of the data, read from git itself (so any clone can
answer): records added, removed, renamed (the same content under a new id) and changed, field
by field with the old and the new value; and the commits that touched one record."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..reading.yaml_reader import YamlProblem, read_document

Key = tuple[str, str]  # (kind, id)
WORK_TREE = None  # a revision of None: the files as they are now


class HistoryError(Exception):
    """Git could not answer (not a repository, an unknown revision ...): one line why."""


@dataclass
class Repository:
    """The git repository holding a data folder, and the folder's path inside it."""

    root: Path
    data: str  # the data folder relative to the root, with forward slashes ("data")

    @classmethod
    def of(cls, data_dir: Path) -> Repository:
        found = _git(data_dir, "rev-parse", "--show-toplevel").strip()
        if not found:
            raise HistoryError(f"{str(data_dir)!r} is not in a git repository")
        root = Path(found).resolve()
        relative = data_dir.resolve().relative_to(root)
        return cls(root, relative.as_posix() if str(relative) != "." else "")

    def git(self, *args: str, stdin: str | None = None) -> str:
        return _git(self.root, *args, stdin=stdin)

    def start(self, *args: str) -> Running:
        """Start a git command and go on; its output when `result()` is asked for."""
        return Running(self.root, args)

    def prefix(self) -> str:
        return f"{self.data}/" if self.data else ""


class Running:
    """A git command under way (`dt validate --changed` reads files while git searches)."""

    def __init__(self, where: Path, args: tuple[str, ...], stdin: bool = False) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "-C", str(where), *args],
                stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise HistoryError(f"cannot run git: {exc.strerror or exc}") from None

    def result(self, stdin: str | None = None) -> str:
        """Its output; HistoryError with git's last line when it failed."""
        given = stdin.encode("utf-8") if stdin is not None else None
        out, err = self._process.communicate(given)
        if self._process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise HistoryError((lines or ["git failed"])[-1].removeprefix("fatal: "))
        return out.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def _git(where: Path, *args: str, stdin: str | None = None) -> str:
    return Running(where, args, stdin=stdin is not None).result(stdin)


def records_at(
    repo: Repository, rev: str | None
) -> tuple[dict[Key, dict[str, Any]], dict[Key, str]]:
    """Every record file of the data folder at revision `rev` (None: the work tree), parsed
    as dt reads it: (kind, id) -> data; and the files that could not be read or parsed, with
    the reason (a diff names them rather than taking them for removed records)."""
    texts = _texts_at(repo, rev)
    found: dict[Key, dict[str, Any]] = {}
    unreadable: dict[Key, str] = {}
    for path, raw in texts.items():
        kind, name = path.split("/")[-2:]
        key = (kind, name.removesuffix(".yaml"))
        if isinstance(raw, str):
            unreadable[key] = raw
            continue
        try:
            data = read_document(raw).data
        except YamlProblem as exc:
            unreadable[key] = str(exc)
            continue
        if isinstance(data, dict):
            found[key] = data
        else:
            unreadable[key] = "not a mapping of fields"
    return found, unreadable


def _texts_at(repo: Repository, rev: str | None) -> dict[str, bytes | str]:
    """The record files' bytes at `rev`, by path relative to the data folder: kind/id.yaml;
    in the work tree, read as `dt fmt` reads them (a regular file, no link, at most
    EDIT_LIMIT bytes), with the reason in place of the bytes for one that cannot be read."""
    from ..kinds import names

    kinds = set(names())
    if rev is WORK_TREE:
        folder = repo.root / repo.data
        return {
            f"{p.parent.name}/{p.name}": _read(p)
            for p in sorted(folder.glob("*/*.yaml"))
            if p.parent.name in kinds
        }
    listing = repo.git("ls-tree", "-r", "--name-only", rev, "--", repo.data or ".")
    paths = [
        p for p in listing.splitlines()
        if p.endswith(".yaml") and p.count("/") == repo.prefix().count("/") + 1
        and p.split("/")[-2] in kinds
    ]  # fmt: skip
    if not paths:
        return {}
    batch = "".join(f"{rev}:{p}\n" for p in paths)
    raw = subprocess.run(
        ["git", "-C", str(repo.root), "cat-file", "--batch"],
        input=batch.encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout
    found: dict[str, bytes | str] = {}
    at = 0
    for path in paths:
        end = raw.index(b"\n", at)
        size = int(raw[at:end].split()[2])
        found["/".join(path.split("/")[-2:])] = raw[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return found


def _read(path: Path) -> bytes | str:
    import errno

    from ..reading.files import EDIT_LIMIT, read_regular

    try:
        return read_regular(str(path), follow=False, limit=EDIT_LIMIT)
    except OSError as exc:
        return "a symbolic link" if exc.errno == errno.ELOOP else exc.strerror or str(exc)


@dataclass
class Change:
    """One record's fields that changed: (field, old value, new value), as `dt why` names a
    field (`milestones.signed.date`, `values[1].amount`)."""

    kind: str
    id: str
    fields: list[tuple[str, Any, Any]]


@dataclass
class Changes:
    old: str
    new: str
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    renamed: list[tuple[Key, Key]] = field(default_factory=list)  # (old key, new key)
    changed: list[Change] = field(default_factory=list)
    unreadable: list[tuple[Key, str, str]] = field(default_factory=list)  # (key, where, why)

    def as_data(self) -> dict[str, Any]:
        """JSON-ready: each list by kind and id, changed fields with old and new values."""
        return {
            "from": self.old,
            "to": self.new,
            "added": [{"kind": k, "id": i} for k, i in self.added],
            "removed": [{"kind": k, "id": i} for k, i in self.removed],
            "renamed": [
                {"kind": old[0], "from": old[1], "to": new[1]} for old, new in self.renamed
            ],
            "changed": [
                {
                    "kind": c.kind,
                    "id": c.id,
                    "fields": [{"field": f, "old": o, "new": n} for f, o, n in c.fields],
                }
                for c in self.changed
            ],
            "unreadable": [
                {"kind": k, "id": i, "at": where, "reason": why}
                for (k, i), where, why in self.unreadable
            ],
        }


def diff(repo: Repository, old: str | None, new: str | None) -> Changes:
    """What changed in the data folder from revision `old` to `new` (None: the work tree)."""
    (before, broken_before), (after, broken_after) = records_at(repo, old), records_at(repo, new)
    found = Changes(old or "work tree", new or "work tree")
    for side, broken in ((found.old, broken_before), (found.new, broken_after)):
        found.unreadable += [(key, side, why) for key, why in sorted(broken.items())]
        for key in broken:  # not known on that side: neither added, removed nor changed
            before.pop(key, None)
            after.pop(key, None)
    gone = [k for k in before if k not in after]
    came = [k for k in after if k not in before]
    for key in list(gone):  # renamed: the same content under a new id
        twin = next(
            (
                c
                for c in came
                if c[0] == key[0] and _without_id(after[c]) == _without_id(before[key])
            ),
            None,
        )
        if twin is not None:
            found.renamed.append((key, twin))
            gone.remove(key)
            came.remove(twin)
    found.added, found.removed = sorted(came), sorted(gone)
    for key in sorted(k for k in before if k in after):
        fields = changed_fields(before[key], after[key])
        if fields:
            found.changed.append(Change(key[0], key[1], fields))
    return found


def _without_id(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "id"}


def changed_fields(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Each leaf that differs: (path, old value, new value); None for a side without it."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else str(key)
            found += changed_fields(old.get(key), new.get(key), sub)
        return found
    if isinstance(old, list) and isinstance(new, list) and old != new:
        if all(not isinstance(v, dict | list) for v in [*old, *new]):
            return [(path, old, new)]  # a list of plain values: shown whole
        found = []
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else None
            b = new[i] if i < len(new) else None
            found += changed_fields(a, b, f"{path}[{i}]")
        return found
    return [] if old == new else [(path, old, new)]


def log(repo: Repository, record_id: str) -> list[dict[str, str]]:
    """The commits that touched the record's file (any kind), newest first."""
    spec = f":(glob){repo.prefix()}*/{record_id}.yaml"
    out = repo.git("log", "--format=%H%x1f%ad%x1f%an%x1f%s", "--date=short", "--", spec)
    found = []
    for line in out.splitlines():
        commit, date, author, subject = (line.split("\x1f") + ["", "", ""])[:4]
        found.append({"commit": commit, "date": date, "author": author, "subject": subject})
    return found
