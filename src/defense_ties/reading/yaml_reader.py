"""Read one YAML record safely: plain data plus the position of every node, or problems.

What it refuses, each with a located message: bytes that are not UTF-8, tabs, anchors and
aliases, tags, duplicate keys, nesting deeper than MAX_DEPTH, numbers with a leading zero,
empty files, and documents that are not a mapping. It follows YAML 1.2's core schema for plain
scalars, so `NO`, `yes` and `on` stay strings and dates stay text for the models to parse.

Most files need no position at all, so the data is built without them; a refusal, or a
Document asked for its `marks`, walks the parsed nodes again to find where things are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, cached_property
from typing import Any

import yaml

from ..core.text import RAW_CONTROLS, control_character, escape, excerpt

MAX_DEPTH = 32
MAX_DIGITS = 30  # an integer longer than this is no record's number (and costs to parse)
Path_ = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line, column

_PLAIN = "tag:defense-ties:plain"  # a plain scalar, resolved by `_scalar` below
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map")
} | {_PLAIN}
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")


def _parser_class() -> Any:
    """libyaml's parser and composer, or PyYAML's own in an install without libyaml."""
    try:
        from yaml._yaml import CParser

        return CParser
    except ImportError:
        from yaml.composer import Composer
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class PureParser(Reader, Scanner, Parser, Composer):
            def __init__(self, stream: str) -> None:
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)
                Composer.__init__(self)

        return PureParser


_Parser: Any = _parser_class()
_NODE_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class CoreLoader(_Parser):  # type: ignore[misc]
    """libyaml's parser and composer alone; plain scalars are left for `_scalar` to resolve
    (YAML 1.2 core).

    PyYAML's loaders also set up a constructor and a resolver with path resolvers, for every
    file and every node: this loader needs neither (measured: composing is 7% faster than
    with CSafeLoader, and deciding each scalar's type once, after composition, a third
    faster than PyYAML's resolver)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return _NODE_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


# YAML 1.2 core schema for plain scalars: the words, then one pattern for the numbers.
_WORDS = dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), "bool") | dict.fromkeys(
    ("~", "null", "Null", "NULL"), "null"
)
_NUMBER = re.compile(
    r"(?P<int>[-+]?[0-9][0-9_]*)"
    r"|(?P<float>[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+)"
)


def _core_tag(value: str) -> str:
    if not value:
        return "null"
    if value[0] in "-+.0123456789":
        number = _NUMBER.fullmatch(value)
        return (number.lastgroup or "str") if number else "str"  # the group that matched
    return _WORDS.get(value, "str")


class YamlFloat(float):
    """A float that remembers how the curator wrote it, for error messages."""

    yaml_text: str

    def __repr__(self) -> str:
        return self.yaml_text


class Document:
    """A record's plain data, and where each node sits: `marks`, path -> (key mark, value
    mark), worked out from the parsed nodes only when a message needs a position."""

    def __init__(self, data: dict[str, Any], root: Any = None) -> None:
        self.data = data
        self._root = root

    @cached_property
    def marks(self) -> dict[Path_, tuple[Mark, Mark]]:
        if self._root is None:
            return {}
        below = _nodes(self._root)
        next(below)  # the root itself, which has no key
        return {
            path: (_mark(key.start_mark), _mark(value.start_mark)) for path, key, value in below
        }

    def locate(self, path: Path_) -> Mark:
        """The position of the value at `path`, or of its nearest located ancestor."""
        while path:
            if path in self.marks:
                return self.marks[path][1]
            path = path[:-1]
        return (1, 1)

    def locate_key(self, path: Path_) -> Mark:
        return self.marks[path][0] if path in self.marks else self.locate(path)


class YamlProblem(Exception):
    def __init__(self, mark: Mark, field: str, message: str, code: str) -> None:
        super().__init__(message)
        self.mark, self.field, self.message, self.code = mark, field, message, code


def _mark(m: Any) -> Mark:
    return (m.line + 1, m.column + 1)


def read_document(raw: bytes) -> Document:
    """Parse a record file's bytes; raise YamlProblem for the first thing it refuses."""
    text = _decode(raw)
    if raw.translate(None, _PLAIN_BYTES):  # a tab or a control character: find the first
        _refuse_tabs(text)
        _refuse_controls(text)
    elif not text.isascii():
        _refuse_controls(text)  # C1 controls and bidirectional overrides
    if "&" in text or "*" in text or _maybe_deep(text):
        _scan_events(text)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _mark(mark) if mark else (1, 1)
        raise YamlProblem(where, "yaml", _yaml_message(exc), "yaml-syntax") from None
    except yaml.YAMLError as exc:
        raise YamlProblem((1, 1), "yaml", str(exc).strip(), "yaml-syntax") from None
    if node is None:
        raise YamlProblem((1, 1), "(file)", "empty file: expected a mapping of fields", "empty")
    if not isinstance(node, yaml.MappingNode):
        raise YamlProblem(
            _mark(node.start_mark),
            "(file)",
            f"expected a mapping of fields, found a {_node_kind(node)}",
            "not-a-mapping",
        )
    try:
        return Document(_build(node), node)
    except _Refused as refused:
        path = next(p for p, _, value in _nodes(node) if value is refused.owner)
        if refused.key is not None:
            path = (*path, refused.key)
        raise YamlProblem(
            _mark(refused.at.start_mark), dotted(path) or "yaml", refused.message, refused.code
        ) from None


def _compose(text: str) -> Any:
    """The document's root node (None for an empty one), as yaml.compose gives it."""
    parser = CoreLoader(text)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


def _events(text: str) -> Iterator[Any]:
    parser = CoreLoader(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


# Bytes a record file may hold anywhere: printable ASCII, newline, carriage return and every
# byte of a multi-byte UTF-8 character (those are checked as characters, in the rare files
# that hold any). Deleting these from a file's bytes leaves nothing, in one fast pass.
_PLAIN_BYTES = bytes([0x0A, 0x0D, *range(0x20, 0x7F), *range(0x80, 0x100)])


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            (line, col), "(file)", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", "encoding"
        ) from None


def _refuse_tabs(text: str) -> None:
    index = text.find("\t")
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        raise YamlProblem(
            (line, col), "yaml", "tab character: indent and separate with spaces", "tab"
        )


def _refuse_controls(text: str) -> None:
    """Control characters written raw in the file (escaped ones are found in `_scalar`);
    carriage returns and NEL are YAML line breaks, allowed."""
    found = RAW_CONTROLS.search(text)
    if found:
        index = found.start()
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        raise YamlProblem(
            (line, col),
            "yaml",
            f"the control character {escape(found.group())} is not allowed in text "
            "(newline and tab are)",
            "control-character",
        )


def _maybe_deep(text: str) -> bool:
    """A cheap bound: could this text nest deeper than MAX_DEPTH at all? Each level needs an
    opening bracket or a leading space, dash, question mark or colon more."""
    need = MAX_DEPTH - text.count("[") - text.count("{")
    return need <= 0 or _deep_lines(need).search("\n" + text) is not None


@cache
def _deep_lines(need: int) -> re.Pattern[str]:
    # a line break first: the regex engine jumps between line breaks instead of trying "^"
    # at every character (five times faster than re.MULTILINE)
    return re.compile(f"\n[ ?:-]{{{need}}}")


def _scan_events(text: str) -> None:
    """Walk the event stream once: refuse anchors, aliases and excessive depth early."""
    depth = 0
    try:
        for event in _events(text):
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    _mark(event.start_mark),
                    "yaml",
                    f"alias *{event.anchor} refused: write the value out",
                    "anchor",
                )
            if getattr(event, "anchor", None):
                raise YamlProblem(
                    _mark(event.start_mark),
                    "yaml",
                    f"anchor &{getattr(event, 'anchor', '')} refused: write the value out",
                    "anchor",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        _mark(event.start_mark),
                        "yaml",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "too-deep",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # compose reports syntax errors with their position


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or "invalid YAML"


def _node_kind(node: Any) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return f"scalar ({excerpt(node.value)})" if isinstance(node, yaml.ScalarNode) else "node"


class _Refused(Exception):
    """Something `_build` refuses; `read_document` finds where it is (the rare, slow part).

    `owner`: the node whose path names the field (`key` appended, for a key of a mapping);
    `at`: the node whose position is reported."""

    def __init__(self, owner: Any, at: Any, message: str, code: str, key: str | None = None):
        super().__init__(message)
        self.owner, self.at, self.message, self.code, self.key = owner, at, message, code, key


def _nodes(root: Any) -> Iterator[tuple[Path_, Any, Any]]:
    """Every node under `root` with its path and its key's node (an item's own node in a
    list; None for the root): the parsed tree walked again, to place a message."""
    stack: list[tuple[Path_, Any, Any]] = [((), None, root)]
    while stack:
        path, key, node = stack.pop()
        yield path, key, node
        if isinstance(node, yaml.MappingNode):
            children = [((*path, k.value), k, v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = [((*path, i), item, item) for i, item in enumerate(node.value)]
        else:
            continue
        stack.extend(reversed(children))


def _build(node: Any) -> Any:
    """Plain data from a parsed node, refusing what `read_document` lists."""
    if node.tag not in _STANDARD_TAGS:
        raise _Refused(node, node, f"tag {node.tag!r} refused: only plain YAML is allowed", "tag")
    kind = node.__class__
    if kind is yaml.MappingNode:
        return _build_mapping(node)
    if kind is yaml.SequenceNode:
        return [_build(child) for child in node.value]
    return _scalar(node)


def _build_mapping(node: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not yaml.ScalarNode or key_node.tag not in _STANDARD_TAGS:
            raise _Refused(node, key_node, "mapping keys must be plain names", "bad-key")
        key = key_node.value
        bad = control_character(key, name=True) if key_node.style == '"' else None
        if bad:
            message = f"key {excerpt(key)} holds the control character {bad}"
            raise _Refused(node, key_node, message, "control-character")
        if key in result:
            first = next(k for k, _ in node.value if k.value == key)
            message = f"duplicate key (first defined at line {_mark(first.start_mark)[0]})"
            raise _Refused(node, key_node, message, "duplicate-key", key)
        result[key] = _build(value_node)
    return result


def _scalar(node: Any) -> Any:
    value = node.value
    # raw control characters were refused in the whole text: only a double-quoted scalar's
    # escapes (\e, \x1b, \u202e) can make one
    bad = control_character(value) if node.style == '"' else None
    if bad:
        message = f"the control character {bad} is not allowed in text (newline and tab are)"
        raise _Refused(node, node, message, "control-character")
    if node.tag == _PLAIN:
        tag = _core_tag(value)
    elif node.style is not None and node.style != "":
        return value  # quoted or block scalars are always text
    else:
        tag = node.tag.rsplit(":", 1)[1]
    if tag == "int":
        if _LEADING_ZERO.fullmatch(value):
            message = (
                f"{value} has a leading zero (YAML 1.1 reads it as octal): "
                "quote it or drop the zero"
            )
            raise _Refused(node, node, message, "leading-zero")
        digits = value.replace("_", "")
        if len(digits.lstrip("+-")) > MAX_DIGITS:
            message = f"a number of {len(digits):,} digits: at most {MAX_DIGITS} are allowed"
            raise _Refused(node, node, message, "number-too-long")
        return int(digits)
    if tag == "float":
        number = YamlFloat(value.replace("_", ""))
        number.yaml_text = value
        return number
    if tag == "bool":
        return value.lower() == "true"
    if tag == "null":
        return None
    return value


def dotted(path: Path_) -> str:
    """`positions[0].start` for the path ('positions', 0, 'start')."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def text_mark(lines: list[str], path: Path_) -> Mark | None:
    """Where the value at `path` starts, found in a file's lines (`text.split("\\n")`) the
    way record files are written (block mappings and lists, flow lists of plain words),
    without parsing: a quick way to locate warnings about many records. None when the text is
    laid out otherwise: then parse it (`read_document`). Marks are those `read_document`
    gives (tests compare the two)."""
    lo, hi, parent = 0, len(lines), -1  # the block searched, and its owner's key indent
    flow: tuple[int, str, int] | None = None  # a flow list: line, its text, column of "["
    mark: Mark | None = None
    for part in path:
        if isinstance(part, int):
            if flow is not None:
                found = _flow_item(*flow, part)
                if found is None:
                    return None
                mark, flow = found, None
                continue
            items = [j for j in range(lo, hi) if _item_indent(lines[j]) is not None]
            if not items:
                return None
            indent = _item_indent(lines[items[0]])
            same = [j for j in items if _item_indent(lines[j]) == indent]
            if part >= len(same):
                return None
            j = same[part]
            end = same[part + 1] if part + 1 < len(same) else hi
            assert indent is not None
            mark, lo, hi, parent = (j + 1, indent + 3), j, end, indent
            continue
        found_key = _key_line(lines, lo, hi, part, parent)
        if found_key is None:
            return None
        j, key_col = found_key
        after = lines[j][key_col + len(part) + 1 :]
        value = after.strip()
        block_end = _block_end(lines, j + 1, hi, key_col)
        if value and not value.startswith("#"):  # a scalar, a block indicator or a flow list
            col = key_col + len(part) + 1 + (len(after) - len(after.lstrip()))
            mark = (j + 1, col + 1)
            flow = (j, lines[j], col) if value.startswith("[") else None
        else:
            nxt = next((k for k in range(j + 1, block_end) if lines[k].strip()), None)
            if nxt is None:
                return None
            mark = (nxt + 1, len(lines[nxt]) - len(lines[nxt].lstrip(" ")) + 1)
        lo, hi, parent = j + 1, block_end, key_col
    return mark


def _item_indent(line: str) -> int | None:
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) if stripped.startswith("- ") or stripped == "-" else None


def _key_line(lines: list[str], lo: int, hi: int, key: str, parent: int) -> tuple[int, int] | None:
    """The line of `key:` in the block, and the key's column (after a list item's "- ")."""
    for j in range(lo, hi):
        line = lines[j]
        stripped = line.lstrip(" ")
        col = len(line) - len(stripped)
        if stripped.startswith("- "):
            stripped, col = stripped[2:], col + 2
        if (
            col > parent
            and stripped.startswith(key + ":")
            and (len(stripped) == len(key) + 1 or stripped[len(key) + 1] in " \t")
        ):
            return j, col
    return None


def _block_end(lines: list[str], start: int, hi: int, key_col: int) -> int:
    """The first line after `start` back at or left of the key's column (the block's end)."""
    for k in range(start, hi):
        stripped = lines[k].lstrip(" ")
        indent = len(lines[k]) - len(stripped)
        at_or_left = stripped and not stripped.startswith("#") and indent <= key_col
        if at_or_left and (not stripped.startswith("- ") or indent < key_col):
            return k
    return hi


def _flow_item(j: int, line: str, bracket: int, index: int) -> Mark | None:
    """The column of item `index` of a flow list of plain words: `[a, b, c]`."""
    close = line.find("]", bracket)
    if close < 0:
        return None
    at, starts = bracket + 1, []
    for piece in line[bracket + 1 : close].split(","):
        if any(ch in piece for ch in "'\"[{"):
            return None
        starts.append(at + len(piece) - len(piece.lstrip()))
        at += len(piece) + 1
    return (j + 1, starts[index] + 1) if index < len(starts) else None
