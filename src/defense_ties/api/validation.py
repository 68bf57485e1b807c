"""The validate policy: every problem of the files and between records (errors), then the
warnings: each field no quote states (reviewed or new, and reviewed lines now stated) and each
kind's advisories (a gap in a numbered series). `--strict` makes every warning an error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..reading.problems import Problem
from ..reading.reviewed import REVIEWED

if TYPE_CHECKING:
    from ..core.knowledge_base import KnowledgeBase
    from ..storing.store import Progress


@dataclass
class Validation:
    """What `dt validate` found in one knowledge base."""

    count: int  # records read
    problems: list[Problem] = field(default_factory=list)  # errors: the data cannot be used
    advice: list[str] = field(default_factory=list)  # other warnings, located lines
    unsupported: dict[str, str] = field(default_factory=dict)  # `kind/id.yaml field` -> line
    new: list[str] = field(default_factory=list)  # unsupported and not reviewed
    stale: list[str] = field(default_factory=list)  # reviewed lines now stated

    def ok(self, strict: bool = False) -> bool:
        """No errors; with `strict`, no new unsupported field, stale line or warning either."""
        return not self.problems and not (strict and (self.new or self.stale or self.advice))

    def stale_lines(self) -> list[str]:
        return [
            f"{REVIEWED}: {key}: listed as unsupported but now stated: remove it [stale]"
            for key in self.stale
        ]

    def summary(self) -> str:
        """`ok: N records, no errors` and, apart, what it warned of."""
        unsupported, new, stale = len(self.unsupported), len(self.new), len(self.stale)
        warnings = []
        if unsupported:
            warnings.append(
                f"{unsupported} unsupported field{'s' * (unsupported != 1)} "
                f"({unsupported - new} reviewed)"
            )
        if stale:
            warnings.append(f"{stale} reviewed line{'s' * (stale != 1)} now stated")
        if self.advice:
            advice = len(self.advice)
            warnings.append(f"{advice} other warning{'s' * (advice != 1)}")
        if not warnings:
            return f"ok: {self.count} records, no problems"
        return f"ok: {self.count} records, no errors; warnings: {', '.join(warnings)}"

    def strict_failure(self) -> str:
        return (
            f"dt: --strict: {len(self.new)} unsupported field(s) not in {REVIEWED}, "
            f"{len(self.stale)} listed there but stated, {len(self.advice)} other warning(s)"
        )


def validate(
    data_dir: Path,
    use_cache: bool = True,
    support_check: bool = True,
    progress: Progress | None = None,
) -> Validation:
    """Read and check every file of `data_dir` (never trusting the cache; refreshing it when
    all is well), then the warnings. Raises DataDirError for a folder that is not one."""
    from ..reading.reviewed import read_reviewed
    from ..storing.store import open_store

    store, problems = open_store(data_dir, use_cache, progress, trust_cache=False)
    reviewed, unreadable = read_reviewed(data_dir)
    found = Validation(store.count, [*problems, *unreadable])
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
