"""`reviewed-unsupported.txt`: the unsupported fields a curator reviewed, one
`<kind>/<id>.yaml <field>` a line, read under the data folder's rules like any record file (a
link must stay inside the folder; only a regular file, and at most LIMIT bytes, is read; a line
holding a control character is a problem, never printed as it is)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..core.text import control_character
from .files import read_regular
from .problems import Problem, display_path

REVIEWED = "reviewed-unsupported.txt"
LIMIT = 4 << 20  # 4 MiB: some 50,000 lines


def read_reviewed(data_dir: Path) -> tuple[list[str], list[Problem]]:
    """The listed fields, and the problems of the file (none when it is absent)."""
    path = data_dir / REVIEWED
    shown = display_path(path)

    def problem(message: str, code: str, line: int = 1) -> tuple[list[str], list[Problem]]:
        return [], [Problem(shown, line, 1, "(file)", message, code)]

    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
        target = path.resolve(strict=True)
        inode = os.stat(target).st_ino
    except FileNotFoundError:
        return (
            ([], [])
            if not os.path.lexists(path)
            else problem("symbolic link to nothing", "broken-symlink")
        )
    except (OSError, RuntimeError) as exc:
        return problem(getattr(exc, "strerror", None) or "symbolic link loop", "unreadable")
    if link and not target.is_relative_to(data_dir.resolve()):
        return problem(
            "symbolic link to a file outside the data folder: not read", "outside-data-folder"
        )
    try:
        raw = read_regular(str(path), inode, follow=link, limit=LIMIT)
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return problem("not UTF-8 text", "not-utf8")
    except OSError as exc:
        return problem(
            exc.strerror or str(exc), "not-a-file" if "regular" in str(exc) else "unreadable"
        )
    lines, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        found = control_character(line, name=True)
        if found is not None:
            message = f"a line may not hold {found}: not read"
            problems.append(Problem(shown, number, 1, "(file)", message, "control-character"))
        elif line.strip() and not line.startswith("#"):
            lines.append(line.strip())
    return lines, problems
