"""Located problems, reported like a compiler: `path:line:col: field: message [code]`."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.text import escape


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    message: str
    code: str

    def __str__(self) -> str:
        """One line, whatever the file name, field or message holds."""
        where = f"{escape(self.path)}:{self.line}:{self.col}"
        return f"{where}: {escape(self.field)}: {escape(self.message)} [{self.code}]"


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else as given.

    A file that is not a symbolic link lies below the working directory when its folder
    does, so the folder's answer is kept (validate may show hundreds of files of a folder,
    and resolving each path costs a system call per component)."""
    try:
        if path.name and not path.is_symlink():
            folder = _display_folder(str(path.parent), os.getcwd())
            return path.name if folder == "." else os.path.join(folder, path.name)
        return _display(path)
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a symbolic link loop
        return str(path)


def _display(path: Path) -> str:
    return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)


@functools.lru_cache(maxsize=64)
def _display_folder(folder: str, cwd: str) -> str:
    return _display(Path(folder))


class InvalidKnowledgeBase(Exception):
    """Raised when a knowledge base has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        files = len({p.path for p in self.problems})
        count = len(self.problems)
        lines.append(
            f"{count} error{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )
        return "\n".join(lines)
