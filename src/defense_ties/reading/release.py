"""The data's release: `release.yaml` in the data folder gives its version and release date,
which `dt --version` and `dt stats` show and every export records, so a reader can cite the
version they used. Read under the data folder's rules, like any file there."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from .files import read_regular
from .problems import Problem, display_path

RELEASE = "release.yaml"


class Release(NamedTuple):
    version: str  # calendar versioning: 2026.12.0 (year, month, number in the month)
    released: str  # YYYY-MM-DD


def read_release(data_dir: Path) -> tuple[Release | None, list[Problem]]:
    """The release the data folder declares (None when it declares none), and the problems of
    its file."""
    import re

    from ..core.dates import PartialDate
    from .yaml_reader import YamlProblem, read_document

    path = data_dir / RELEASE
    shown = display_path(path)

    def problem(message: str, code: str, field: str = "(file)") -> tuple[None, list[Problem]]:
        return None, [Problem(shown, 1, 1, field, message, code)]

    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return problem("a symbolic link: not read", "not-a-file")
        raw = read_regular(str(path), follow=False, limit=1 << 16)
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return problem(exc.strerror or str(exc), "unreadable")
    try:
        data = read_document(raw).data
    except YamlProblem as exc:
        return None, [Problem(shown, *exc.mark, exc.field, exc.message, exc.code)]
    if not isinstance(data, dict) or set(data) - {"version", "released", "notes"}:
        return problem("expected version, released and optional notes", "invalid-value")
    version, released = str(data.get("version", "")), str(data.get("released", ""))
    if not re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", version):
        return problem(f"{version!r} is not a version like 2026.12.0", "invalid-value", "version")
    try:
        day = PartialDate.parse(released)
    except ValueError as exc:
        return problem(str(exc), "invalid-value", "released")
    if day.precision != "day":
        return problem("give the release day: YYYY-MM-DD", "invalid-value", "released")
    return Release(version, released), []


def release_info(data_dir: Path) -> dict[str, str] | None:
    """The release as plain data for exports and stats (None when none is declared or it
    cannot be read: `dt validate` reports why)."""
    found, _ = read_release(data_dir)
    return found._asdict() if found is not None else None
