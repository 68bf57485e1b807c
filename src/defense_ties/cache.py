"""The cache of a validated knowledge base: one file per data folder in the user's cache folder.

Never stale. The key is a digest of the package's own files (a new `dt` is a new key), the
Python version, the data folder's path and, for every entry in it, its name, size, inode,
mtime_ns and ctime_ns: any file added, removed, renamed or rewritten changes it. A file whose
mtime falls within RACY_WINDOW_NS of the scan might be rewritten again within the same clock
tick, keeping its size and times, so the cache also stores a digest of the bytes it parsed for
each such "racy" file and checks them on every read (git's racy-clean rule).

The file: MAGIC, the header's length (8 bytes) and digest, the header (marshal: key, racy
digests, and the offset, length and digest of each section), then the sections (marshal).
Sections are read on demand and checked against their digest. Writes go to a temporary file in
the cache folder, then `os.replace`: readers see the old file or the new one, never half of one,
and two processes writing at once each write a whole file. Any problem reading (missing,
truncated, corrupt, another format) means "no cache"; any problem writing is ignored: it only
costs speed.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

try:  # the module hashlib takes it from, without OpenSSL's start-up cost (4 ms of a 100 ms call)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover  (other Pythons)
    from hashlib import blake2b

MAGIC = b"defense-ties cache 1\n"
RACY_WINDOW_NS = 3_000_000_000  # coarser than any file system's timestamp granularity (FAT: 2 s)
ENV_NO_CACHE = "DT_NO_CACHE"


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/defense-ties (else ~/.cache; the platform's folder on macOS/Windows)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        base = Path(xdg)
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        home = Path.home()
        base = home / "Library" / "Caches" if sys.platform == "darwin" else home / ".cache"
    return base / "defense-ties"


def digest(*parts: bytes) -> str:
    """A hex blake2b digest of the parts, 20 bytes."""
    h = blake2b(digest_size=20)
    for part in parts:
        h.update(part)
    return h.hexdigest()


# One folder's entries, column-wise (names, sizes, inodes, mtimes, ctimes): list comprehensions
# over os.stat run near the cost of the system calls themselves, which dominate at 100k files.
Folder = tuple[list[str], list[int], list[int], list[int], list[int]]


def _stat_folder(path: str) -> Folder:
    fd = os.open(path, os.O_RDONLY)
    try:
        names = os.listdir(fd)
        stats = [os.stat(name, dir_fd=fd) for name in names]
    finally:
        os.close(fd)
    return (
        names,
        [s.st_size for s in stats],
        [s.st_ino for s in stats],
        [s.st_mtime_ns for s in stats],
        [s.st_ctime_ns for s in stats],
    )


@dataclass
class Scan:
    """The state of a data folder when a call began: its entries and their kind folders'."""

    data_dir: Path
    key: str
    started_ns: int
    folders: dict[str, Folder] = field(repr=False)

    def racy(self) -> list[str]:
        """Files changed so recently that a rewrite could keep their size and times."""
        since = self.started_ns - RACY_WINDOW_NS
        return [
            f"{folder}/{name}"
            for folder, (names, _, _, mtimes, ctimes) in self.folders.items()
            if folder
            for name, mtime, ctime in zip(names, mtimes, ctimes, strict=True)
            if mtime >= since or ctime >= since
        ]


def scan(data_dir: Path) -> Scan | None:
    """Stat everything the loader would read; None if that fails (the loader will say why)."""
    try:
        return _scan(data_dir)
    except OSError:
        return None


def _scan(data_dir: Path) -> Scan:
    """The top folder and each sub-folder in it, one level down, as the loader reads them.
    Entries keep the order the file system lists them in: a folder that lists the same names
    in another order only costs a rebuild."""
    started = time.time_ns()
    root = str(data_dir)
    top = _stat_folder(root)
    folders = {"": top}
    for name in top[0]:
        sub = os.path.join(root, name)
        if os.path.isdir(sub):
            folders[name] = _stat_folder(sub)
    key = digest(
        MAGIC,
        sys.version.encode(),
        os.fsencode(os.path.abspath(root)),
        package_stamp(),
        marshal.dumps(folders),
    )
    return Scan(data_dir, key, started, folders)


def package_stamp() -> bytes:
    """Name, size and mtime of each of the package's modules: a new `dt` changes it."""
    here = Path(__file__).parent
    stamps = []
    for folder in (here, here / "formats"):
        names, sizes, _, mtimes, _ = _stat_folder(str(folder))
        found = zip(names, sizes, mtimes, strict=True)
        stamps.append(sorted(stamp for stamp in found if stamp[0].endswith(".py")))
    return marshal.dumps(stamps)


def location(data_dir: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = digest(os.fsencode(os.path.abspath(data_dir)))[:24]
    return folder / f"kb-{name}.bin"


class Cache:
    """An open cache file whose key matched; `section(name)` reads one part."""

    def __init__(self, handle: BinaryIO, start: int, sections: dict[str, Any]) -> None:
        self._handle, self._start, self._sections = handle, start, sections

    def section(self, name: str) -> Any | None:
        """The section's data, or None when it is missing or damaged."""
        where = self._sections.get(name)
        if where is None:
            return None
        offset, length, expected = where
        self._handle.seek(self._start + offset)
        blob = self._handle.read(length)
        if len(blob) != length or digest(blob) != expected:
            return None
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            return None


def read(path: Path | None, current: Scan) -> Cache | None:
    """The cache for `current`, or None when there is none, it is stale, or it is damaged."""
    if path is None:
        return None
    try:
        handle = open(path, "rb")  # noqa: SIM115  (kept open for the sections, closed at exit)
    except OSError:
        return None
    try:
        header = _header(handle, current)
    except Exception:  # whatever a damaged file makes marshal or the checks raise: no cache
        header = None
    if header is None:
        handle.close()
        return None
    start = handle.tell()
    if header["racy"]:
        _settle(path, handle, header, current)
        handle.seek(start)
    return Cache(handle, start, header["sections"])


def _settle(path: Path, handle: BinaryIO, header: dict[str, Any], current: Scan) -> None:
    """Rewrite the header without the racy files that have just been checked and are now old
    enough that any later edit must change their mtime: later reads skip re-reading them."""
    still = set(current.racy())
    racy = {name: value for name, value in header["racy"].items() if name in still}
    if len(racy) < len(header["racy"]):
        _write_file(path, {**header, "racy": racy}, [handle.read()])


def _header(handle: BinaryIO, current: Scan) -> dict[str, Any] | None:
    if handle.read(len(MAGIC)) != MAGIC:
        return None
    length = int.from_bytes(handle.read(8), "little")
    expected = handle.read(40).decode("ascii")
    raw = handle.read(length)
    if len(raw) != length or digest(raw) != expected:
        return None
    header = marshal.loads(raw)
    if not isinstance(header, dict) or header.get("key") != current.key:
        return None
    for name, expected in header["racy"].items():
        if _file_digest(current.data_dir / name) != expected:
            return None
    return header


def _file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def write(path: Path | None, current: Scan, read_digests: dict[str, str], sections: dict) -> bool:
    """Store `sections` under `current`'s key; False (and no file) if anything goes wrong.

    `read_digests` maps each file's name (relative to the data folder) to the digest of the
    bytes the loader parsed; racy files must be among them, or nothing is written.
    """
    if path is None:
        return False
    racy = current.racy()
    if any(name not in read_digests for name in racy if name.endswith(".yaml")):
        return False
    blobs, index, offset = [], {}, 0
    for name, data in sections.items():
        blob = marshal.dumps(data)
        index[name] = (offset, len(blob), digest(blob))
        blobs.append(blob)
        offset += len(blob)
    header = {
        "key": current.key,
        "racy": {n: read_digests[n] for n in racy if n in read_digests},
        "sections": index,
    }
    return _write_file(path, header, blobs)


def _write_file(path: Path, header: dict[str, Any], blobs: list[bytes]) -> bool:
    """Write atomically (see atomic.replacing); False if anything fails."""
    from .atomic import replacing

    raw = marshal.dumps(header)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as temporary, open(temporary, "wb") as out:
            out.write(MAGIC + len(raw).to_bytes(8, "little"))
            out.write(digest(raw).encode("ascii") + raw)
            for blob in blobs:
                out.write(blob)
        return True
    except OSError:
        return False
