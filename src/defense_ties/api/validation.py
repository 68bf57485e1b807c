"""The validate policy: every problem of the files and between records (errors), then the
warnings: each field no quote states (reviewed or new, and reviewed lines now stated) and each
kind's advisories (a gap in a numbered series). `--strict` makes every warning an error."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..reading.report import Validation

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase
    from ..storing.store import Progress


def validate(
    data_dir: Path,
    use_cache: bool = True,
    support_check: bool = True,
    progress: Progress | None = None,
) -> Validation:
    """Read and check every file of `data_dir` (never trusting the cache; refreshing it when
    all is well), then the warnings. Raises DataDirError for a folder that is not one."""
    from ..reading.release import read_release
    from ..reading.reviewed import read_reviewed
    from ..storing.store import open_store

    store, problems = open_store(data_dir, use_cache, progress, trust_cache=False)
    reviewed, unreadable = read_reviewed(data_dir)
    _, release_problems = read_release(data_dir)
    found = Validation(store.count, [*problems, *unreadable, *release_problems])
    if found.problems:
        return found
    kb = store.knowledge_base()
    found.advice = advisories(data_dir, kb)
    if support_check:
        found.unsupported = unsupported(data_dir, kb)
        found.stale = [key for key in reviewed if key not in found.unsupported]
    found.new = [key for key in found.unsupported if key not in reviewed]
    return found


def unsupported(data_dir: Path, kb: KnowledgeBase) -> dict[str, str]:
    """Each field no quote of its citations states: `kind/id.yaml field` -> located line."""
    from ..reading.loading import locator
    from ..reading.provenance import UNSUPPORTED, every_finding

    lines, located = {}, {}
    for f in every_finding(kb):
        if f.status == UNSUPPORTED:
            key = (f.record.record_kind, f.record.id)
            if key not in located:
                located[key] = locator(data_dir, *key)
            message = f"{f.claim.shown!r} is stated by no quote of its citations (see dt why)"
            line = str(located[key](f.claim.path, message, "unsupported"))
            lines[f"{key[0]}/{key[1]}.yaml {f.field}"] = line
    return dict(sorted(lines.items(), key=lambda item: item[1]))


def advisories(data_dir: Path, kb: KnowledgeBase) -> list[str]:
    """Each kind's warnings (a gap in a numbered series ...) as located lines, in file order."""
    from ..kinds import registry
    from ..reading.loading import locator

    lines = []
    for declaration in registry():
        for record in kb.records.get(declaration.name, {}).values():
            for advise in declaration.advisories:
                for record_id, path, message, code in advise(kb, record):
                    locate = locator(data_dir, declaration.name, record_id)
                    lines.append(str(locate(path, message, code)))
    return sorted(lines)
