"""The cache of a validated knowledge base: one file per data folder in the user's cache folder.

Never stale. The key is a digest of the package's own files (a new `dt` is a new key), the
Python version, the kinds declared, the data folder's path and, for every entry the loader
reads (the kind folders and their files; not dot-files such as `.git`, not README.md), its
name, size, inode, mtime_ns and ctime_ns: any record added, removed, renamed or rewritten
changes it. A state in which some entry changed within RECENT_NS of the scan is never cached:
a second write within the same clock tick could keep size and times, so the next call, a
moment later, caches it instead.

After an edit the key differs, but the previous cache is still of use: it holds each kind's
records as read (`models:KIND`) and the stat of every file they were read from (`files:KIND`),
so the next load re-reads only the files whose stat differs (storing.store). Its header also
holds `base`, the part of the key no edit of the data changes (this `dt`, this Python, this
folder): a cache of another `dt` is never reused.

The file: MAGIC, the sections (marshal), the header (marshal: key, base, and the offset, length
and CRC-32 of each section), then a trailer: the header's offset and length (8 bytes each) and
digest. The header comes last so that each section can be written, and let go, as soon as it
is made. Sections are read on demand and checked against their CRC.

The state after an edit is appended to the file (`write` with `onto`): its new sections, then
a header naming them and every section of the earlier state it keeps where it is, then a
trailer. A reader that opened the file before reads the earlier state on (nothing before the
end is ever rewritten); one that reads the end mid-append finds no valid trailer: no cache.
One call appends at a time (an advisory lock), only to the file it read, as it read it; a
failed append cuts the file back to what it was. Once the bytes no header names outweigh the
rest, the next state is written to a new file that replaces the old one atomically (see
atomic.replacing), as is every state without a previous cache. Any problem reading
(missing, truncated, corrupt, another format) means "no cache"; any problem writing is
ignored: it only costs speed.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..reading.paths import skipped

try:  # the module hashlib takes it from, without OpenSSL's start-up cost
    from _blake2 import blake2b
except ImportError:  # pragma: no cover  (other Pythons)
    from hashlib import blake2b

MAGIC = b"defense-ties cache 8\n"
TRAILER = 8 + 8 + 40  # at the end: the header's offset and length, and its hex digest
RECENT_NS = 2_000_000_000  # coarser than any file system's timestamp granularity
ENV_NO_CACHE = "DT_NO_CACHE"


def cache_dir() -> Path:
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


def checksum(blob: bytes) -> int:
    """A section's check: CRC-32, which finds a damaged or truncated section at a quarter of
    blake2b's cost (the file is this user's alone, see _trusted: no one forges it)."""
    return zlib.crc32(blob)


def digest(*parts: bytes) -> str:
    """A hex blake2b digest of the parts, 20 bytes."""
    h = blake2b(digest_size=20)
    for part in parts:
        h.update(part)
    return h.hexdigest()


def _folder_state(path: str) -> tuple[list[str], list[int], list[int]]:
    """A kind folder's records in the order the file system lists them: their names, their
    times (mtime_ns and ctime_ns of each) and their other stat fields (size and inode of each).
    Flat lists of plain values: cheap to build, to compare and to marshal."""
    names: list[str] = []
    times: list[int] = []
    other: list[int] = []
    with os.scandir(path) as it:
        for e in it:
            if not e.name.startswith("."):
                s = e.stat()  # a link by its target: the loader reads the target
                names.append(e.name)
                times += (s.st_mtime_ns, s.st_ctime_ns)
                other += (s.st_size, s.st_ino)
    return names, times, other


@dataclass(frozen=True)
class Scan:
    """The state of a data folder when a call began, as the loader will read it."""

    key: str
    recent: bool  # something changed too recently for this state to be cached
    base: str  # the key's part that no edit of the data changes (package, Python, folder)
    folders: dict[str, bytes]  # each kind folder's state as hashed: marshal of (kind, *state)

    def stats(self, kind: str) -> dict[str, tuple[int, ...]]:
        """Each entry of a kind folder by name: its mtime_ns, ctime_ns, size and inode."""
        blob = self.folders.get(kind)
        return stats_of(marshal.loads(blob)) if blob is not None else {}


def stats_of(state: Any) -> dict[str, tuple[int, ...]]:
    """A folder's entries by name, from a Scan's folder (or a cache's `files:` section)."""
    _, names, times, other = state
    return {
        name: (times[2 * i], times[2 * i + 1], other[2 * i], other[2 * i + 1])
        for i, name in enumerate(names)
    }


def scan(data_dir: Path, kinds: Iterable[str]) -> Scan | None:
    """Stat everything the loader reads; None if that fails (the loader will say why).

    The key hashes each folder's listing in the order the file system gives it, unsorted: a
    listing in another order (the same files) only makes the key differ, which costs a rebuild,
    never a stale answer; sorting 100,000 entries on every call would cost more than it saves."""
    started = time.time_ns()
    names = sorted(set(kinds))
    base = digest(MAGIC, sys.version.encode(), os.fsencode(os.path.abspath(data_dir)))
    base = digest(base.encode("ascii"), package_stamp())
    h = blake2b(digest_size=20)
    h.update(base.encode("ascii"))
    latest = 0
    folders: dict[str, bytes] = {}  # kept as hashed: lists of 100,000 names cost more
    try:
        # the top folder by names only (a kind folder's own times change with any dot-file
        # in it); the records in each kind folder by their stat fields
        with os.scandir(data_dir) as it:
            top = sorted((e.name, e.is_dir()) for e in it if not skipped(e.name))
        h.update(marshal.dumps((names, top)))
        wanted = set(names)
        for name, is_dir in top:
            if is_dir and name in wanted:
                listed, times, other = _folder_state(os.path.join(data_dir, name))
                folders[name] = marshal.dumps((name, listed, times, other))
                h.update(folders[name])
                latest = max(latest, max(times, default=0))
    except OSError:
        return None
    return Scan(h.hexdigest(), latest >= started - RECENT_NS, base, folders)


def package_stamp() -> bytes:
    """Name, size and mtime of each of the package's modules: a new `dt` changes it."""
    root = Path(__file__).resolve().parents[1]
    stamps = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("data", "__pycache__"))
        for name in sorted(files):
            if name.endswith(".py"):
                s = os.stat(os.path.join(folder, name))
                stamps.append((os.path.relpath(folder, root), name, s.st_size, s.st_mtime_ns))
    return marshal.dumps(stamps)


def location(data_dir: Path) -> Path:
    name = digest(os.fsencode(os.path.abspath(data_dir)))[:24]
    return cache_dir() / f"kb-{name}.bin"


class Cache:
    """An open cache file whose key matched; `section(name)` reads one part."""

    def __init__(self, handle: BinaryIO, header: dict[str, Any], end: int, size: int) -> None:
        self._handle, self._sections = handle, header["sections"]
        self.key, self.base = str(header.get("key", "")), str(header.get("base", ""))
        self.end = end  # where the sections end and the header begins
        self.size = size  # the file's, when its header was read

    def live(self) -> int:
        """The bytes its sections take (the rest: MAGIC, the header, and sections of the
        earlier states appended to, which no header names any more)."""
        return sum(length for _, length, _ in self._sections.values())

    def copy_sections(self, out: BinaryIO) -> dict[str, Any]:
        """Copy every section, as stored, to the end of `out`, neither unmarshalled nor
        checked (a reader checks each against its checksum), each run of sections that
        follow each other in one piece (what lies between, no section's, is left out);
        their index in `out`."""
        index: dict[str, Any] = {}
        offset = out.seek(0, os.SEEK_END)  # where the current run goes in `out`
        run_start = run_end = -1
        for name, (start, length, check) in sorted(self._sections.items(), key=lambda e: e[1]):
            if start > run_end:  # a gap: the run so far is copied, a new one begins
                if run_end > run_start:
                    self.copy(run_start, run_end - run_start, out)
                    offset += run_end - run_start
                run_start = run_end = start
            index[name] = (offset + start - run_start, length, check)
            run_end = max(run_end, start + length)
        if run_end > run_start:
            self.copy(run_start, run_end - run_start, out)
        return index

    def same(self, name: str, blob: bytes, check: int) -> tuple[int, int, int] | None:
        """Where this file stores the section `name` if it holds exactly `blob` (checked
        byte for byte, not only by its checksum); else None."""
        where = self._sections.get(name)
        if where is None or where[1] != len(blob) or where[2] != check:
            return None
        self._handle.seek(where[0])
        return (where[0], where[1], where[2]) if self._handle.read(where[1]) == blob else None

    def copy(self, offset: int, length: int, out: BinaryIO) -> None:
        """Copy `length` bytes from `offset` to the end of `out`: in the kernel where it can
        (no byte passes through Python), else 4 MiB at a time."""
        out.flush()
        try:
            while length > 0:
                done = os.copy_file_range(self._handle.fileno(), out.fileno(), length, offset)
                if done == 0:
                    raise ValueError("the cache file ended early")
                offset, length = offset + done, length - done
            out.seek(0, os.SEEK_END)
            return
        except (AttributeError, OSError):  # not Linux, or not between these files
            out.seek(0, os.SEEK_END)
        self._handle.seek(offset)
        while length > 0:
            piece = self._handle.read(min(length, 1 << 22))
            if not piece:
                raise ValueError("the cache file ended early")
            out.write(piece)
            length -= len(piece)

    def close(self) -> None:
        self._handle.close()

    def index(self) -> dict[str, Any]:
        """Where each section is stored: its offset, length and checksum, by name."""
        return dict(self._sections)

    def fileno(self) -> int:
        return self._handle.fileno()

    def blob(self, name: str) -> bytes | None:
        """The section as stored (marshal), or None when it is missing or damaged."""
        where = self._sections.get(name)
        if where is None:
            return None
        offset, length, expected = where
        self._handle.seek(offset)
        blob = self._handle.read(length)
        return blob if len(blob) == length and checksum(blob) == expected else None

    def raw(self, name: str) -> Stored | None:
        """The section as stored, not read: to copy into another cache, whose reader checks
        it against the checksum it was stored with (a damaged copy is only a rebuild)."""
        where = self._sections.get(name)
        if where is None:
            return None
        offset, length, expected = where
        return Stored(self, offset, length, expected)

    def parts(self, name: str) -> list[list[str]] | None:
        """A section stored in Parts: each part's ids; None if missing or damaged."""
        ids = self.section(name)
        if not isinstance(ids, list) or not all(isinstance(i, list) for i in ids):
            return None
        return ids

    def stored_parts(self, name: str) -> Parts | None:
        """A section stored in Parts, every part as stored (none read), to copy."""
        ids = self.parts(name)
        if ids is None:
            return None
        parts = [self.raw(part(name, n)) for n in range(len(ids))]
        found = [p for p in parts if p is not None]
        return Parts(ids, list(found)) if len(found) == len(parts) else None

    def whole(self, name: str, count: int) -> bool:
        """Whether each of the `count` parts of a section is there and undamaged (each read
        and checked, then let go)."""
        return all(self.blob(part(name, n)) is not None for n in range(count))

    def section(self, name: str) -> Any | None:
        """The section's data, or None when it is missing or damaged."""
        blob = self.blob(name)
        if blob is None:
            return None
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            return None


@dataclass(frozen=True)
class Marshalled:
    """A section already in marshal's form."""

    blob: bytes
    checksum: int | None = None  # if known


@dataclass(frozen=True)
class Parts:
    """A section stored in parts: `NAME` holds each part's ids (marshal), `NAME#i` part i as
    the caller encoded it (bytes), or a part of another cache copied as it is stored (a part
    of one state the next keeps: see storing.chunks)."""

    ids: list[list[str]]
    parts: list[bytes | Stored]


def part(name: str, n: int) -> str:
    """The name of part `n` of the section `name` (see Parts)."""
    return f"{name}#{n}"


@dataclass(frozen=True)
class Stored:
    """A section of an open cache file, not read yet."""

    found: Cache
    offset: int
    length: int
    checksum: int


def _own(info: os.stat_result) -> bool:
    """Whether a cache file or folder is this user's alone to write: owned by the user, not
    writable by the group or others (where the system has users)."""
    if not hasattr(os, "geteuid"):  # pragma: no cover  (Windows)
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _trusted(handle: BinaryIO, path: Path) -> bool:
    """The file opened (not the name: it may have been swapped since) is a regular file of
    this user's, in a folder of this user's: nobody else can have written what it holds."""
    import stat

    try:
        info = os.fstat(handle.fileno())
        return stat.S_ISREG(info.st_mode) and _own(info) and _own(os.stat(path.parent))
    except OSError:
        return False


def _open(path: Path) -> BinaryIO | None:
    """A trusted cache file, open for reading, or None."""
    try:
        handle = open(path, "rb")  # noqa: SIM115  (the caller closes it)
    except OSError:
        return None
    if not _trusted(handle, path):
        handle.close()
        return None
    return handle


def read(path: Path, key: str) -> Cache | None:
    """The cache stored under `key`, or None when there is none, it is stale, damaged, or
    another user could have written it."""
    return _read(path, "key", key)


def read_previous(path: Path, base: str) -> Cache | None:
    """The cache of an earlier state of the same data folder, written by this `dt` (the same
    `Scan.base`): its sections say what each file held at the stat it was read at."""
    return _read(path, "base", base)


def _read(path: Path, field: str, expected: str) -> Cache | None:
    handle = _open(path)
    if handle is None:
        return None
    try:
        found = _header(handle)
    except Exception:  # whatever a damaged file makes marshal raise: no cache
        found = None
    if found is None or found[0].get(field) != expected:
        handle.close()
        return None
    return Cache(handle, *found)


def _header(handle: BinaryIO) -> tuple[dict[str, Any], int, int] | None:
    """The header, where it begins, and where the file ends."""
    if handle.read(len(MAGIC)) != MAGIC:
        return None
    end = handle.seek(0, os.SEEK_END)
    if end < len(MAGIC) + TRAILER:
        return None
    handle.seek(end - TRAILER)
    trailer = handle.read(TRAILER)
    offset = int.from_bytes(trailer[:8], "little")
    length = int.from_bytes(trailer[8:16], "little")
    expected = trailer[16:].decode("ascii")
    if offset < len(MAGIC) or offset + length != end - TRAILER:
        return None
    handle.seek(offset)
    raw = handle.read(length)
    if len(raw) != length or digest(raw) != expected:
        return None
    header = marshal.loads(raw)
    if not isinstance(header, dict) or not isinstance(header.get("sections"), dict):
        return None
    return header, offset, end


def _folder(path: Path) -> bool:
    """Make the cache folder (this user's only); whether it is one to write into."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _own(os.stat(path.parent))
    except OSError:
        return False


def write(
    path: Path,
    key: str,
    sections: Iterable[tuple[str, Any]],
    base: str = "",
    keep: Cache | None = None,
    onto: Cache | None = None,
) -> bool:
    """Store `sections` under `key` (and `base`: see read_previous), after those of `keep`
    (all of them, as they are stored: see extend); False if anything goes wrong.

    `onto` (or `keep`) is the cache the file at `path` held when it was read (the previous
    state's, whose sections `sections` may keep as stored): if it still does, `sections`
    are appended to it, with a header of their own (`_append`). What is kept is then neither
    copied nor freed, and a reader that opened the file before reads on as it was. Else, or
    when most of that file is no longer named by its header, a new file replaces it,
    atomically (atomic.replacing)."""
    from .atomic import replacing

    if not _folder(path):
        return False
    onto = onto or keep
    if onto is not None:
        kept = keep.index() if keep is not None else {}
        appended = _append(path, onto, kept, key, base, sections)
        if appended is not None:
            return appended
    try:
        with replacing(path) as temporary, open(temporary, "wb") as out:
            out.write(MAGIC)
            index = keep.copy_sections(out) if keep is not None else {}
            _put(out, index, sections, None)
            _finish(out, index, key, base)
        return True
    except (OSError, ValueError):
        return False


# A file is written anew when the bytes no header names (earlier states appended to) are
# more than COMPACT times those its sections take, and more than UNNAMED
COMPACT = 1
UNNAMED = 8 << 20


def _append(
    path: Path,
    found: Cache,
    index: dict[str, Any],
    key: str,
    base: str,
    sections: Iterable[tuple[str, Any]],
) -> bool | None:
    """Append `sections` and a new header (`index`, of sections `found` holds, and theirs)
    to the file `found` was read from, if it is still that file, as it was read, and not
    mostly unnamed: whether that worked (a failure puts the file back as it was), or None
    (not tried: the caller writes a new file)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover  (Windows: no advisory locks, always a new file)
        return None
    try:  # a link is never followed (atomic.replacing replaces it with a file)
        handle = os.fdopen(os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0)), "r+b")
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # one writer at a time
            mine, read = os.fstat(handle.fileno()), os.fstat(found.fileno())
        except OSError:
            return None
        if (
            (mine.st_dev, mine.st_ino) != (read.st_dev, read.st_ino)  # replaced since
            or mine.st_size != found.size  # another call appended since
            or not _trusted(handle, path)
            or found.size - found.live() > max(UNNAMED, COMPACT * found.live())
        ):
            return None
        try:
            handle.seek(found.size)
            _put(handle, index, sections, found)
            _finish(handle, index, key, base)
            handle.flush()
            return True
        except BaseException as error:  # the previous state as it was
            with suppress(OSError):
                handle.truncate(found.size)
            if isinstance(error, (OSError, ValueError)):
                return False
            raise


def _put(
    out: BinaryIO, index: dict[str, Any], sections: Iterable[tuple[str, Any]], found: Cache | None
) -> None:
    """Write each section at the end of `out` and index it: a section `found` (the file
    appended to) holds already, the same bytes under the same name, or one of its sections
    kept as stored, where it is."""
    offset = out.seek(0, os.SEEK_END)
    for name, data in _flat(sections):
        if isinstance(data, Stored):  # kept as it is stored
            if data.found is found:
                index[name] = (data.offset, data.length, data.checksum)
                continue
            data.found.copy(data.offset, data.length, out)
            index[name] = (offset, data.length, data.checksum)
            offset += data.length
            continue
        if isinstance(data, Marshalled):
            blob = data.blob
            hashed = data.checksum if data.checksum is not None else checksum(blob)
        else:
            blob = marshal.dumps(data)
            hashed = checksum(blob)
        same = found.same(name, blob, hashed) if found is not None else None
        if same is not None:
            index[name] = same
            continue
        index[name] = (offset, len(blob), hashed)
        out.write(blob)
        offset += len(blob)
        del data, blob  # written: let it go before the next is made


def _finish(out: BinaryIO, index: dict[str, Any], key: str, base: str) -> None:
    """The header, then the trailer that locates it."""
    offset = out.tell()
    raw = marshal.dumps({"key": key, "base": base, "sections": index})
    out.write(raw)
    out.write(offset.to_bytes(8, "little") + len(raw).to_bytes(8, "little"))
    out.write(digest(raw).encode("ascii"))


def _flat(sections: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Sections, each Parts as its parts (bytes as they are) and then its index."""
    for name, data in sections:
        if isinstance(data, Parts):
            for n, blob in enumerate(data.parts):
                yield part(name, n), blob if isinstance(blob, Stored) else Marshalled(blob)
            yield name, data.ids
        else:
            yield name, data


def extend(path: Path, key: str, sections: list[tuple[str, Any]]) -> bool:
    """Add `sections` to the cache at `path` if it still holds `key` (another call may have
    stored a newer state since: then nothing is written). The new sections are appended, with a
    header naming them and every section already there (one of the same name wins); see
    `write` for when the file is written anew instead."""
    found = read(path, key)
    if found is None:
        return False
    try:
        return write(path, key, sections, found.base, keep=found)
    finally:
        found.close()


BLOB = b"defense-ties blob 1\n"


def write_blob(path: Path, blob: bytes) -> None:
    """Write a small file atomically, with its digest; an unwritable cache folder only costs
    speed."""
    from .atomic import replacing

    if not _folder(path):
        return
    try:
        with replacing(path) as temporary:
            temporary.write_bytes(BLOB + digest(blob).encode("ascii") + b"\n" + blob)
    except OSError:
        pass


def read_blob(path: Path) -> bytes | None:
    """A small file `write_blob` wrote, or None if it is missing, damaged (its digest differs)
    or another user could have written it."""
    handle = _open(path)
    if handle is None:
        return None
    with handle:
        try:
            raw = handle.read()
        except OSError:
            return None
    head = len(BLOB) + 41
    if not raw.startswith(BLOB) or len(raw) < head:
        return None
    blob = raw[head:]
    return blob if digest(blob).encode("ascii") == raw[len(BLOB) : head - 1] else None
