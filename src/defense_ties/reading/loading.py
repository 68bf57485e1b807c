"""Load a knowledge base folder: read every file, validate it, cross-check, or report all."""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Callable, Mapping
from collections.abc import Set as Set_
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..core.declaration import Declaration
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record
from ..core.text import excerpt
from ..core.values import ID_RE
from ..kinds import registry
from .checks import CheckReads, cross_check
from .files import ChangedFile, NotRegularFile, read_regular
from .paths import DataDirError, skipped
from .problems import Problem, display_path
from .yaml_reader import Document, Path_, YamlProblem, dotted, read_document, text_mark

Kinds = list[Declaration[Any]]
Progress = Callable[[int, int], None]
Scope = Callable[[KnowledgeBase], "set[str] | None"]  # which records to cross-check


def load_with_problems(
    data_dir: Path,
    progress: Progress | None = None,
    reuse: Mapping[tuple[str, str], Record] | None = None,
    scope: Scope | None = None,
    reads: CheckReads | None = None,
) -> tuple[KnowledgeBase, list[Problem]]:
    """Every record that loads, and every problem found; `progress(done, total)` is called
    after each file. `reuse`: records already read and validated, by kind and file name
    (unchanged since: storing.store), taken instead of reading their files again; `scope`
    and `reads`: see load_files."""
    if not data_dir.is_dir():
        raise DataDirError(f"data directory {str(data_dir)!r} does not exist or is not a folder")
    declarations = registry()
    _check_is_a_knowledge_base(data_dir, {d.name for d in declarations})
    problems = list[Problem]()
    files = _record_files(data_dir, problems, declarations)
    return load_files(
        files, declarations, problems, progress, reuse=reuse, scope=scope, reads=reads
    )


def load_files(
    files: list[tuple[Declaration[Any], str, Checked]],
    declarations: Kinds,
    problems: list[Problem],
    progress: Progress | None = None,
    check: set[str] | None = None,
    known: Set_[str] = frozenset(),
    reuse: Mapping[tuple[str, str], Record] | None = None,
    scope: Scope | None = None,
    reads: CheckReads | None = None,
    kb: KnowledgeBase | None = None,
) -> tuple[KnowledgeBase, list[Problem]]:
    """Load `files` (into `kb`, if given) and cross-check the records (only those in `check`,
    when given; ids in `known` exist but were not loaded: references to them are not
    reported). `reuse`: see load_with_problems; `scope`: called once the records are loaded,
    the ids to check, or None for all; `reads`: filled with what each record's checks read
    (checks.cross_check)."""
    from ..kinds import names

    if kb is None:
        kb = KnowledgeBase(dict.fromkeys([*(d.name for d in declarations), *names()]))
    origins: dict[str, str] = {}  # marks are dropped after each file: re-read if needed
    unloadable: set[str] = set(known)  # stems of files already reported, and ids known to exist
    for done, (declaration, path, checked) in enumerate(files, 1):
        if progress:
            progress(done, len(files))
        record = reuse.get((declaration.name, os.path.basename(path))) if reuse else None
        doc: Document | None = None
        if record is None:
            record, doc = _load_file(declaration, path, checked, problems)
            if record is None or doc is None:
                unloadable.add(_stem(path))
                continue
        if record.id in origins:
            if doc is None:  # a record taken from the cache: its positions, read again
                doc = _marks_of(Path(path))
            first = display_path(Path(origins[record.id]))
            problems.append(
                _at(Path(path), doc, ("id",), f"duplicate id: also used by {first}", "duplicate-id")
            )
            continue
        origins[record.id] = path
        kb.add(record)
    if scope is not None:
        check = scope(kb)
    reread: dict[Path, Document] = {}
    checks = cross_check(kb, declarations, unloadable, check, reads)
    for record_id, path_, message, code in checks:
        if record_id not in origins:
            # a record `kb` held before (not read here): not located, and the caller
            # (storing.previous.load_edited) then reads every record, which locates it
            problems.append(Problem(record_id, 0, 0, dotted(path_), message, code))
            continue
        origin = Path(origins[record_id])
        if origin not in reread:
            reread[origin] = _marks_of(origin)
        problems.append(_at(origin, reread[origin], path_, message, code))
    return kb, problems


def record_file(path: str, declaration: Declaration[Any]) -> tuple[Declaration[Any], str, Checked]:
    """One record file to load as `load_files` takes it (what is opened is checked again)."""
    link = os.path.islink(path)
    return declaration, path, (os.stat(path).st_ino, link)


def locator(data_dir: Path, kind: str, record_id: str) -> Callable[[Path_, str, str], Problem]:
    """Findings about a loaded record as located problem lines: positions found in the file's
    text as records are written (`text_mark`), else by parsing it again."""
    path = data_dir / kind / f"{record_id}.yaml"
    try:  # line breaks as Path.read_text reads them, without its file object
        text = _read(str(path)).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        lines: list[str] | None = text.split("\n")
    except (OSError, UnicodeDecodeError):
        lines = None
    parsed: list[Document] = []
    shown = display_path(path)

    def locate(path_: Path_, message: str, code: str) -> Problem:
        mark = text_mark(lines, path_) if lines is not None else None
        if mark is not None:
            return Problem(shown, *mark, dotted(path_), message, code)
        if not parsed:
            parsed.append(_marks_of(path))
        return _at(path, parsed[0], path_, message, code)

    return locate


def _check_is_a_knowledge_base(data_dir: Path, kinds: set[str]) -> None:
    """A folder with no record folder at all is a wrong --data-dir, not an empty knowledge
    base: say so (and point at a `data` folder inside it, as at a repository's root)."""
    try:
        names = {e.name for e in os.scandir(data_dir) if e.is_dir()}
    except OSError:
        return  # reported, located, by the loader
    if names & kinds:
        return
    inner = data_dir / "data"
    if inner.is_dir() and {e.name for e in os.scandir(inner) if e.is_dir()} & kinds:
        raise DataDirError(
            f"{str(data_dir)!r} holds no record folders; did you mean {str(inner)!r}?"
        )
    raise DataDirError(
        f"{str(data_dir)!r} holds no record folders (expected some of {', '.join(sorted(kinds))})"
    )


def _marks_of(path: Path) -> Document:
    """A record's node positions again, to locate a cross-check problem (the file parsed
    cleanly a moment ago; if it changed since, problems fall back to its first line)."""
    try:
        return read_document(_read(str(path)))
    except (OSError, YamlProblem):
        return Document({})


Checked = tuple[int, bool]  # the inode of the file checked, and whether its name is a link


def _record_files(
    data_dir: Path, problems: list[Problem], declarations: Kinds
) -> list[tuple[Declaration[Any], str, Checked]]:
    """Each record file (its path as text: a Path each costs more than the listing), by kind
    in declaration order, then by name, with what was checked of it (read checks it again)."""
    kinds = {d.name: d for d in declarations}
    found: list[tuple[Declaration[Any], str, Checked]] = []
    root = data_dir.resolve()
    for entry in _entries(Path(data_dir), problems):
        if skipped(entry.name) or not _inside(entry, root, problems):
            continue
        if not entry.is_dir() or entry.name not in kinds:
            problems.append(
                _file_problem(
                    Path(entry.path),
                    "unknown-kind",
                    f"not a record folder: expected one of {', '.join(sorted(kinds))}",
                )
            )
            continue
        for item in _entries(Path(entry.path), problems):
            if item.name.startswith(".") or not _inside(item, root, problems):
                continue
            if not item.name.endswith(".yaml"):
                problems.append(
                    _file_problem(
                        Path(item.path), "bad-filename", "record files must be named <id>.yaml"
                    )
                )
            elif not item.is_file():
                problems.append(
                    _file_problem(
                        Path(item.path),
                        "not-a-file",
                        "not a regular file (a folder, a pipe or a device): never read",
                    )
                )
            elif not ID_RE.fullmatch(item.name[:-5]):
                problems.append(
                    _file_problem(
                        Path(item.path),
                        "bad-filename",
                        f"{excerpt(item.name[:-5])} is not a valid id: use lowercase kebab-case",
                    )
                )
            else:
                found.append((kinds[entry.name], item.path, _checked(item)))
    rank = {d.name: i for i, d in enumerate(declarations)}
    found.sort(key=lambda pair: rank[pair[0].name])
    return found


def _checked(item: os.DirEntry[str]) -> Checked:
    """The inode of the file a record file's name leads to (its link's target, checked inside
    the data folder), and whether the name is a link."""
    link = item.is_symlink()
    return (item.stat().st_ino if link else item.inode()), link


def _entries(folder: Path, problems: list[Problem]) -> list[os.DirEntry[str]]:
    """A folder's entries by name; an unreadable folder is a located problem."""
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        problems.append(_file_problem(folder, "unreadable", exc.strerror or str(exc)))
        return []


def _inside(entry: os.DirEntry[str], root: Path, problems: list[Problem]) -> bool:
    """Whether a symbolic link stays inside the data folder (anything else is: the data
    folder is a boundary, and a link that leaves it is reported, never read)."""
    if not entry.is_symlink():
        return True
    path = Path(entry.path)
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 raises this for a loop
        problems.append(_file_problem(path, "symlink-loop", "symbolic link loop"))
        return False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problems.append(_file_problem(path, "symlink-loop", "symbolic link loop"))
        else:
            problems.append(_file_problem(path, "broken-symlink", "symbolic link to nothing"))
        return False
    if not target.is_relative_to(root):
        problems.append(
            _file_problem(
                path,
                "outside-data-folder",
                "symbolic link to a file outside the data folder: not read",
            )
        )
        return False
    return True


def _read(path: str, inode: int | None = None, follow: bool = True) -> bytes:
    return read_regular(path, inode, follow)


def _read_problem(path: Path, exc: OSError) -> Problem:
    """Why a checked file was not read: it is no longer what was checked, or unreadable."""
    if isinstance(exc, NotRegularFile):
        return _file_problem(
            path, "not-a-file", "not a regular file (a folder, a pipe or a device): never read"
        )
    if isinstance(exc, ChangedFile) or exc.errno == errno.ELOOP:
        return _file_problem(
            path, "changed-while-read", "replaced while being read: not read; run again"
        )
    return _file_problem(path, "unreadable", exc.strerror or str(exc))


def _stem(path: str) -> str:
    return os.path.basename(path).removesuffix(".yaml")


def _load_file(
    declaration: Declaration[Any],
    text_path: str,
    checked: Checked,
    problems: list[Problem],
) -> tuple[Record | None, Document | None]:
    inode, link = checked
    try:
        doc = read_document(_read(text_path, inode, follow=link))
    except YamlProblem as exc:
        shown = display_path(Path(text_path))
        problems.append(Problem(shown, *exc.mark, exc.field, exc.message, exc.code))
        return None, None
    except OSError as exc:
        problems.append(_read_problem(Path(text_path), exc))
        return None, None
    model = declaration.model
    try:
        record = model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_validation_problems(Path(text_path), doc, model, exc))
        return None, None
    if record.id != _stem(text_path):
        path = Path(text_path)
        problems.append(
            _at(
                path,
                doc,
                ("id",),
                f"id {record.id!r} differs from the file name {path.name!r}: they must match",
                "id-mismatch",
            )
        )
        return None, None
    return record, doc


def _validation_problems(
    path: Path, doc: Document, model: type[BaseModel], exc: ValidationError
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = _data_path(doc, error["loc"])
        if error["type"] == "extra_forbidden":
            names = _field_names(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            line, col = doc.locate_key(loc)
            problems.append(_problem(path, line, col, loc, f"unknown field{hint}", "unknown-field"))
        elif error["type"] == "missing":
            line, col = doc.locate(loc[:-1])
            problems.append(
                _problem(path, line, col, loc, "missing required field", "missing-field")
            )
        else:
            problems.append(_at(path, doc, loc, error["msg"], "invalid-value"))
    return problems


def _problem(path: Path, line: int, col: int, loc: Path_, message: str, code: str) -> Problem:
    return Problem(display_path(path), line, col, dotted(loc), message, code)


def _data_path(doc: Document, loc: tuple[Any, ...]) -> Path_:
    """Pydantic's loc without its validator tags (`function-after[...]`)."""
    path: list[str | int] = []
    for part in loc:
        candidate = (*path, part)
        if isinstance(part, int) or candidate in doc.marks or "[" not in str(part):
            path.append(part)
    return tuple(path)


def _field_names(model: type[BaseModel], loc: Path_) -> list[str]:
    from ..core.shape import fields_of

    cls: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        found = fields_of(cls).get(part)
        if found is None or found.model is None:
            return []
        cls = found.model
    return list(cls.model_fields)


def _at(
    path: Path, doc: Document, loc: Path_, message: str, code: str, field: str | None = None
) -> Problem:
    line, col = doc.locate(loc)
    return Problem(display_path(path), line, col, field or dotted(loc) or "(file)", message, code)


def _file_problem(path: Path, code: str, message: str) -> Problem:
    return Problem(display_path(path), 1, 1, "(file)", message, code)
