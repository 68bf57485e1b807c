"""Writing a file or folder whole or not at all: a temporary beside the target, renamed over
it. Temporaries are named `.<target>.dt-tmp-<pid>-<random>`, so that a later call can remove
those a killed process left behind (`sweep`)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

_TEMPORARY = re.compile(r"\..+\.dt-(?:tmp|old)-(\d+)-[a-z0-9_]+")
STALE_AFTER_S = 24 * 3600  # a temporary this old is stale even if its pid is alive (reused)


def _prefix(target: Path) -> str:
    return f".{target.name}.dt-tmp-{os.getpid()}-"


@contextmanager
def replacing(target: Path, before_replace: tuple[Path, ...] = ()) -> Iterator[Path]:
    """A temporary file beside `target` that replaces it when the block completes; readers
    see the old file or the new one, never a part, and a failed block leaves nothing.
    `before_replace`: files removed just before the rename (an old export's SQLite journal)."""
    folder = target.absolute().parent
    sweep(folder)
    fd, name = tempfile.mkstemp(dir=folder, prefix=_prefix(target))
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        for companion in before_replace:
            companion.unlink(missing_ok=True)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def replacing_folder(target: Path) -> Iterator[Path]:
    """A new folder beside `target` that takes its place when the block completes (the old
    one, if any, is moved aside, then removed): the target holds the old files or the new
    ones, never a mix. A failed block leaves the old folder as it was."""
    folder = target.absolute().parent
    sweep(folder)
    temporary = Path(tempfile.mkdtemp(dir=folder, prefix=_prefix(target)))
    aside: Path | None = None
    try:
        yield temporary
        os.chmod(temporary, 0o777 & ~_umask())
        if os.path.lexists(target):  # a symbolic link (--force) is replaced, never followed
            aside = temporary.with_name(temporary.name.replace(".dt-tmp-", ".dt-old-"))
            os.rename(target, aside)
        os.rename(temporary, target)
    except BaseException:
        if aside is not None and not os.path.lexists(target):
            os.rename(aside, target)  # put the old one back
            aside = None
        raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        if aside is not None:
            _remove(aside)


def _remove(path: Path) -> None:
    """Remove what was moved aside: a link as a link, never what it points to."""
    with suppress(OSError):
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path)


def sweep(folder: Path) -> int:
    """Remove the temporaries of `dt` in `folder` left by processes that are gone (or older
    than a day); return how many. Never fails: a folder it cannot list is left alone."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        found = _TEMPORARY.fullmatch(entry.name)
        if not found or int(found.group(1)) == os.getpid():
            continue
        with suppress(OSError):
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if _alive(int(found.group(1))) and age < STALE_AFTER_S:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
