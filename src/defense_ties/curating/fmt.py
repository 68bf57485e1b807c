"""`dt fmt`: one canonical layout for record files, on ruamel.yaml's round trip (comments kept):
keys in the order the kind's model declares them (nested ones too), strings plain or quoted as
YAML needs, prose (quotes, summaries, notes) folded at 100 columns when a line would pass it,
lists of plain values in flow style (`[a, b]`) and lists of mappings as blocks indented under
their key, one final newline. A value never changes: the result is read back with dt's own
reader and compared with the original, and a file that would change is left as it is."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.shape import fields_of
from ..reading.yaml_reader import YamlProblem, read_document

WIDTH = 100
# Fields whose text is prose: folded (`>-`) when the line would pass WIDTH.
PROSE = {
    "quote", "summary", "notes", "note", "description", "claim", "dispute", "reason",
    "searched",
}  # fmt: skip


class FormatError(Exception):
    """A file that cannot be put in the canonical layout without changing what it says."""


def canonical(text: str, model: type[BaseModel]) -> str:
    """`text` (a record file of `model`'s kind) in the canonical layout."""
    from ruamel.yaml.error import YAMLError

    yaml = _yaml()
    try:
        doc = yaml.load(text)
    except YAMLError as exc:
        raise FormatError(f"not YAML dt can lay out: {str(exc).splitlines()[0]}") from None
    if not hasattr(doc, "items"):
        raise FormatError("not a mapping of fields")
    _lay_out(doc, model, indent=0)
    out = io.StringIO()
    yaml.dump(doc, out)
    result = out.getvalue()
    _same_values(text, result)
    return result


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 1 << 30  # nothing is wrapped but prose, folded where _fold says
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = False
    return yaml


def _lay_out(node: Any, model: type[BaseModel] | None, indent: int) -> None:
    """Order a mapping's keys as `model` declares them (others after, as they were) and give
    each value its canonical style, recursively."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        fields = model.model_fields if model is not None else {}
        shapes = fields_of(model) if model is not None else {}
        order = [k for k in field_order(fields) if k in node]
        order += [k for k in node if k not in fields]
        for key in order:
            node.move_to_end(key)
        for key in order:
            inner = shapes[key].model if key in shapes else None
            node[key] = _styled(node[key], str(key), inner, indent)
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            node[i] = _styled(item, "", model, indent + 2)


def _styled(value: Any, key: str, model: type[BaseModel] | None, indent: int) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import FoldedScalarString

    if isinstance(value, CommentedMap):
        _lay_out(value, model, indent + 2)
    elif isinstance(value, CommentedSeq):
        plain = all(not isinstance(v, CommentedMap | CommentedSeq) for v in value)
        flow = indent + len(key) + 4 + sum(len(str(v)) + 2 for v in value)
        if plain and flow <= WIDTH:
            value.fa.set_flow_style()
            for i, item in enumerate(value):
                value[i] = _plain_text(item)
        else:
            value.fa.set_block_style()
            if plain:
                for i, item in enumerate(value):
                    value[i] = _plain_text(item)
            else:
                _lay_out(value, model, indent)
    elif isinstance(value, str):
        text = str(value)
        if key in PROSE and indent + len(key) + 2 + len(text) > WIDTH and _foldable(text):
            folded = FoldedScalarString(text)
            folded.fold_pos = _folds(text, WIDTH - indent - 2)
            return folded
        return _plain_text(value)
    return value


FIRST = ("id",)
LAST = ("notes", "contested", "sources")  # what every record shares goes at the end


def field_order(fields: Any) -> list[str]:
    """A record's keys: its id, then its kind's own fields, then notes, contested, sources
    (the fields every record shares come first in the model, last in a file)."""
    own = [k for k in fields if k not in FIRST and k not in LAST]
    return [*(k for k in FIRST if k in fields), *own, *(k for k in LAST if k in fields)]


def _plain_text(value: Any) -> Any:
    """A string as a plain str: the emitter quotes it only where YAML needs quotes."""
    return str(value) if isinstance(value, str) else value


def _folds(text: str, width: int) -> list[int]:
    """Where to fold prose (the index of a space) so that its lines fit `width` columns; a
    word longer than that stands on a line of its own."""
    folds, line_start = [], 0
    at = text.find(" ")
    last = -1
    while at != -1:
        if at - line_start > width and last > line_start:
            folds.append(last)
            line_start = last + 1
        last = at
        at = text.find(" ", at + 1)
    if len(text) - line_start > width and last > line_start:
        folds.append(last)
    return folds


def _foldable(text: str) -> bool:
    """Folded style keeps text exactly only without line breaks, edge spaces or runs of
    spaces (the reader would read those back otherwise)."""
    return "\n" not in text and text == text.strip() and "  " not in text and "\t" not in text


def _same_values(before: str, after: str) -> None:
    """Raise FormatError unless dt's own reader reads the same data from both texts."""
    try:
        old = read_document(before.encode("utf-8")).data
        new = read_document(after.encode("utf-8")).data
    except YamlProblem as exc:
        raise FormatError(f"{exc.field}: {exc.message}") from None
    if old != new:
        raise FormatError("the layout would change a value: left as it is")


def record_files(paths: list[Path], data_dir: Path) -> list[Path]:
    """The record files named (a folder: every `*.yaml` below it; nothing named: the data
    folder's), each inside a kind's folder, sorted."""
    from ..kinds import names

    kinds = set(names())
    found: set[Path] = set()
    for path in paths or [data_dir]:
        if path.is_dir():
            candidates = [p for p in path.rglob("*.yaml") if not p.is_symlink()]
            found.update(p for p in candidates if p.parent.name in kinds)
        else:
            found.add(path)
    return sorted(found)


def format_file(path: Path, check: bool) -> bool:
    """Whether `path` is (check) or was (not check) out of the canonical layout; written whole
    when it changes. Raises FormatError (with the reason) or OSError."""
    from ..kinds import declaration, names
    from ..reading.files import EDIT_LIMIT, read_regular
    from ..storing.atomic import replacing

    kind = path.parent.name
    if path.suffix != ".yaml" or kind not in names():
        expected = ", ".join(names())
        raise FormatError(f"not a record file: expected <data>/<kind>/<id>.yaml ({expected})")
    raw = read_regular(str(path), limit=EDIT_LIMIT)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text") from None
    result = canonical(text, declaration(kind).model)
    if result == text:
        return False
    if not check:
        with replacing(path) as temporary:
            temporary.write_bytes(result.encode("utf-8"))
    return True
