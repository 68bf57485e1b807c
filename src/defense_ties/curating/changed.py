"""`dt validate --changed [REV]`: a pull request's check in a fraction of a full validate. The
record files changed since REV (git diff, and files git does not track yet) are read and
checked fully, with the same messages; the rest only as far as those checks need: the records
they name (one step), the records that name them or a removed id (found by `git grep`, which
reads no YAML, while the changed files are read), every rate table, and every official when
one changed (one holder at a time)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..reading.report import Validation
from .history import HistoryError, Repository, Running

if TYPE_CHECKING:  # imported when a record is read: a check of no change imports no model
    from ..core.declaration import Declaration

Key = tuple[str, str]  # (kind, id)


def _list_changes(repo: Repository, rev: str) -> list[Running]:
    """Start listing the files changed since `rev` and those git does not track yet."""
    spec = repo.data or "."
    return [
        repo.start("diff", "--name-only", "--no-renames", rev, "--", spec),
        repo.start("ls-files", "--others", "--exclude-standard", "--", spec),
    ]


def _changes(repo: Repository, listing: list[Running]) -> tuple[set[Key], set[Key]]:
    """The record files `_list_changes` found: (those present now, those removed)."""
    from ..kinds import names

    kinds, prefix = set(names()), repo.prefix()
    listed = [path for running in listing for path in running.result().splitlines()]
    present: set[Key] = set()
    removed: set[Key] = set()
    for path in listed:
        rest = path[len(prefix) :] if path.startswith(prefix) else path
        parts = rest.split("/")
        if len(parts) != 2 or parts[0] not in kinds or not parts[1].endswith(".yaml"):
            continue
        key = (parts[0], parts[1].removesuffix(".yaml"))
        (present if (repo.root / path).is_file() else removed).add(key)
    return present, removed


def _on_disk(data_dir: Path) -> dict[str, tuple[str, str]]:
    """Every record file by id: (kind, path); names only, nothing read."""
    from ..kinds import names

    found: dict[str, tuple[str, str]] = {}
    for kind in names():
        try:
            with os.scandir(data_dir / kind) as entries:
                for e in entries:
                    if e.name.endswith(".yaml") and not e.name.startswith("."):
                        found.setdefault(e.name[:-5], (kind, e.path))
        except OSError:
            continue
    return found


def _search(repo: Repository, ids: set[str]) -> Running:
    """Start looking for the record files whose text holds one of `ids` (git grep: no YAML
    read); `_mentioning` takes the answer."""
    patterns = [arg for i in sorted(ids) for arg in ("-e", i)]
    return repo.start("grep", "-l", "-F", "--untracked", *patterns, "--", repo.data or ".")


def _mentioning(search: Running) -> set[str]:
    """The ids of the files found by `_search`."""
    try:
        out = search.result()
    except HistoryError:  # git grep exits 1 when nothing matches
        return set()
    return {Path(p).stem for p in out.splitlines() if p.endswith(".yaml")}


def validate_changed(data_dir: Path, rev: str = "HEAD", support_check: bool = True) -> Validation:
    """Check the records changed since `rev` as `dt validate` checks them (errors, and the
    fields no quote states), reading only what those checks need."""
    from ..kinds import declaration

    repo = Repository.of(data_dir)
    listing = _list_changes(repo, rev)
    # while git works (it runs beside Python): the imports, most of the fixed cost
    from ..reading.loading import load_files, record_file
    from ..reading.reviewed import read_reviewed

    present, removed = _changes(repo, listing)
    if not present and not removed:
        return Validation(0, changed=True)
    changed = {i for _, i in present}
    search = _search(repo, changed | {i for _, i in removed})
    # while git searches: the models of the changed kinds and the names of every record file
    for kind in sorted({k for k, _ in present}):
        declaration(kind)
    disk = _on_disk(data_dir)
    referrers = _mentioning(search) - changed
    wanted = changed | referrers | {i for i, (k, _) in disk.items() if k == "rates"}
    if any(k == "officials" for k, _ in present):
        wanted |= {i for i, (k, _) in disk.items() if k == "officials"}
    kinds = sorted({disk[i][0] for i in changed | referrers if i in disk})
    by_kind = {k: declaration(k) for k in kinds}  # only the kinds read: each costs an import
    wanted |= _named_by(disk, by_kind, changed | referrers)  # one step out
    for kind in sorted({disk[i][0] for i in wanted if i in disk}):
        by_kind.setdefault(kind, declaration(kind))
    declarations = list(by_kind.values())
    files = [record_file(disk[i][1], by_kind[disk[i][0]]) for i in sorted(wanted) if i in disk]
    problems: list[Any] = []
    kb, problems = load_files(
        files, declarations, problems, check=changed | referrers, known=set(disk) - wanted
    )
    found = Validation(len(changed), problems, changed=True)
    reviewed, unreadable = read_reviewed(data_dir)
    found.problems += unreadable
    if found.problems or not support_check:
        return found
    mine = {f"{kind}/{i}.yaml" for kind, i in present}
    found.unsupported = _unsupported(data_dir, kb, changed)
    found.new = [key for key in found.unsupported if key not in reviewed]
    found.stale = [
        key for key in reviewed if key.split()[0] in mine and key not in found.unsupported
    ]
    return found


def _named_by(
    disk: dict[str, tuple[str, str]], by_kind: dict[str, Declaration[Any]], ids: set[str]
) -> set[str]:
    """The ids the records `ids` name (read from their files), for the checks that look at
    the records named: an official's terms, a deal's milestones, a quote's source."""
    from ..core.shape import references
    from ..reading.files import read_regular
    from ..reading.yaml_reader import YamlProblem, read_document

    found: set[str] = set()
    for record_id in ids:
        if record_id not in disk:
            continue
        kind, path = disk[record_id]
        try:
            data = read_document(read_regular(path)).data
            record = by_kind[kind].model.model_validate(data)
        except (OSError, YamlProblem, ValueError):
            continue  # reported when it is loaded
        found |= {ref.target for ref in references(record)}
    return found


def _unsupported(data_dir: Path, kb: Any, ids: set[str]) -> dict[str, str]:
    """The fields of the records `ids` that no quote states, as `dt validate` reports them."""
    from ..reading.loading import locator
    from ..reading.provenance import UNSUPPORTED, Reader

    reader = Reader(kb, statuses_only=True)
    lines: dict[str, str] = {}
    for record in kb:
        if record.id not in ids or not hasattr(record, "sources"):
            continue
        located = locator(data_dir, record.record_kind, record.id)
        for f in reader.findings(record):
            if f.status == UNSUPPORTED:
                message = f"{f.claim.shown!r} is stated by no quote of its citations (see dt why)"
                key = f"{record.record_kind}/{record.id}.yaml {f.field}"
                lines[key] = str(located(f.claim.path, message, "unsupported"))
    return dict(sorted(lines.items(), key=lambda item: item[1]))
