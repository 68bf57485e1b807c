"""JSON Schemas: the shipped files are current, `dt schema` prints and writes them, and every
data file meets its schema as an editor reads it (YAML 1.2), so contributors see no false errors.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from defense_ties.kinds import names, registry
from defense_ties.rendering.json_schema import file_name, record_schema, schema_text

from .conftest import DATA, GOOD, REPO, run_dt

SCHEMAS = REPO / "schemas"
KINDS = names()


def shipped(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_shipped_schemas_are_current():
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(file_name(k) for k in KINDS)
    stale = [
        k.name
        for k in registry()
        if (SCHEMAS / file_name(k.name)).read_text(encoding="utf-8")
        != schema_text(record_schema(k))
    ]
    assert stale == [], "schemas/ is stale: run `dt schema --out schemas`"


def test_dt_schema_prints_one_kind_or_all():
    code, out, _ = run_dt("schema", "deals")
    assert code == 0 and out == (SCHEMAS / "deals.schema.json").read_text(encoding="utf-8")
    code, out, _ = run_dt("schema")
    assert code == 0 and json.loads(out) == {kind: shipped(kind) for kind in KINDS}


def test_dt_schema_out_writes_the_shipped_files(tmp_path):
    code, out, err = run_dt("schema", "--out", str(tmp_path / "s"))
    assert (code, out, err) == (0, "", f"wrote {len(KINDS)} schema file(s) to {tmp_path / 's'}\n")
    for kind in registry():
        written = (tmp_path / "s" / file_name(kind.name)).read_text(encoding="utf-8")
        assert written == (SCHEMAS / file_name(kind.name)).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["schema", "dealz"], "'dealz' is not one of"),
        (["schema", "--out", "{tmp}/missing/s"], "does not exist"),
        (["schema", "--out", "{tmp}/a-file"], "is not a folder"),
    ],
)
def test_bad_schema_arguments_get_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "a-file").write_text("x")
    code, out, err = run_dt(*(a.format(tmp=tmp_path) for a in args))
    assert (code, out) == (2, "")
    assert err.startswith("dt: error: ") and message in err and len(err.splitlines()) == 1


def test_each_schema_names_itself():
    for kind in registry():
        schema = shipped(kind.name)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert schema["$id"] == f"urn:defense-ties:schemas:{kind.name}"
        assert schema["title"] == f"defense-ties {kind.singular}"
        assert schema["additionalProperties"] is False


# --- Reading YAML as an editor does, and checking it against a schema without jsonschema ---


class EditorLoader(yaml.SafeLoader):
    """YAML 1.2 core schema, as the YAML language server reads a file: `2025-07-01` and
    `1_400_000_000` are strings there, `2025` an integer, `NO` a string."""


EditorLoader.yaml_implicit_resolvers = {}
for _tag, _regex, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    EditorLoader.add_implicit_resolver(
        "tag:yaml.org,2002:" + _tag, re.compile(_regex), list(_first)
    )

ANNOTATIONS = {"$schema", "$id", "title", "description", "default", "definitions"}
CHECKED = {
    "$ref",
    "type",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minItems",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "anyOf",
}
TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (
        isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer()
    ),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "") -> list[str]:
    """What a draft-07 validator would report, for the keywords these schemas use."""
    if "$ref" in schema:
        return errors(value, root["definitions"][schema["$ref"].split("/")[-1]], root, at)
    if "anyOf" in schema:
        found = [errors(value, s, root, at) for s in schema["anyOf"]]
        if all(found):  # report the alternative of the right type, if only one is
            typed = [
                f for s, f in zip(schema["anyOf"], found, strict=True) if _typed(value, s, root)
            ]
            return typed[0] if len(typed) == 1 else [f"{at}: {value!r} matches no alternative"]
        return []
    if "type" in schema and not TYPES[schema["type"]](value):
        return [f"{at}: {value!r} is not of type {schema['type']}"]
    found = [f"{at}: {problem}" for problem in _scalar_problems(value, schema)]
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{at}: fewer than {schema['minItems']} items")
        for i, item in enumerate(value):
            found += errors(item, schema.get("items", {}), root, f"{at}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{at}.{k}: required" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            found += [f"{at}.{k}: not allowed" for k in value if k not in properties]
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], root, f"{at}.{key}")
    return found


def _typed(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    if "$ref" in schema:
        return _typed(value, root["definitions"][schema["$ref"].split("/")[-1]], root)
    return "type" not in schema or bool(TYPES[schema["type"]](value))


def _scalar_problems(value: Any, schema: dict[str, Any]) -> list[str]:
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{value!r} is not one of the allowed values")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{value!r} does not match {schema['pattern']}")
        if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
            problems.append(f"{value!r} has the wrong length")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            problems.append(f"{value!r} is out of range")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            problems.append(f"{value!r} is not above {schema['exclusiveMinimum']}")
    return problems


def _keywords(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return {k for s in schema for k in _keywords(s)}
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, value in schema.items():
        if key in ("properties", "definitions"):
            found |= {k for s in value.values() for k in _keywords(s)}
        elif key in ("items", "anyOf", "additionalProperties"):
            found |= _keywords(value)
    return found


def test_the_checker_here_understands_every_keyword_the_schemas_use():
    used = {k for kind in KINDS for k in _keywords(shipped(kind))}
    assert used - ANNOTATIONS - CHECKED == set()


def _editor_read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506


@pytest.mark.parametrize("data", [DATA, GOOD], ids=["data", "good-fixture"])
def test_every_record_file_meets_its_schema_as_an_editor_reads_it(data):
    found = []
    for kind in KINDS:
        schema = shipped(kind)
        for path in sorted((data / kind).glob("*.yaml")):
            found += [f"{path.name}{e}" for e in errors(_editor_read(path), schema, schema)]
    assert found == []


def test_every_record_file_meets_its_schema_with_jsonschema():
    jsonschema = pytest.importorskip("jsonschema")
    for kind in KINDS:
        schema = shipped(kind)
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema)
        for path in sorted((DATA / kind).glob("*.yaml")):
            assert [e.message for e in validator.iter_errors(_editor_read(path))] == [], path


DEAL = (GOOD / "deals" / "2014-test-jets.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("status: under-negotiation", "status: pending", ".status"),
        ("status: under-negotiation", "staus: under-negotiation", ".staus: not allowed"),
        ("title: Ten TJ-1 jets for India\n", "", ".title: required"),
        ("buyer: IN", "buyer: in", ".buyer"),
        ("id: 2014-test-jets", "id: 2014_Test_Jets", ".id"),
        ("quantity: 10", "quantity: 0", ".items[0].quantity"),
        ("amount: 1_400_000_000", "amount: $1.4B", ".values[0].amount"),
        ("announced: 2014-08", "announced: August 2014", ".announced"),
        ("announced: 2014-08", "announced: 14", ".announced"),
        ("currency: USD\n    kind: reported", "currency: USD\n    kind: rumour", ".values[0].kind"),
    ],
)
def test_the_schema_flags_mistakes(old, new, expected):
    schema = shipped("deals")
    assert errors(yaml.load(DEAL, Loader=EditorLoader), schema, schema) == []  # noqa: S506
    broken = yaml.load(DEAL.replace(old, new), Loader=EditorLoader)  # noqa: S506
    assert any(e.startswith(expected) for e in errors(broken, schema, schema))


def test_amounts_and_partial_dates_as_editors_read_them():
    schema = shipped("deals")
    money, date = schema["definitions"]["Money"]["properties"]["amount"], schema["properties"]
    assert errors("1_400_000_000", money, schema) == [] and errors(1400000000, money, schema) == []
    assert errors("1.4e9", money, schema) and errors(-1, money, schema)
    for ok in (2025, "2025-07", "2025-07-01"):
        assert errors(ok, date["announced"], schema) == [], ok
    for bad in (25, "2025/07", "July 2025"):
        assert errors(bad, date["announced"], schema), bad


def test_each_template_points_at_its_kinds_schema():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    firsts = dict(re.findall(r"### (\w+)/.*\n(?:.*\n)*?```yaml\n(.*)\n", text))
    assert firsts == {
        k: f"# yaml-language-server: $schema=../../schemas/{k}.schema.json" for k in KINDS
    }
    for kind, line in firsts.items():
        assert (DATA / kind / line.split("=")[1]).resolve() == (SCHEMAS / f"{kind}.schema.json")


def test_the_schema_comment_line_is_only_a_comment_to_dt(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    for path in kb.glob("*/*.yaml"):
        line = f"# yaml-language-server: $schema=../../schemas/{path.parent.name}.schema.json\n"
        path.write_text(line + path.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run_dt("--data-dir", str(kb), "validate")
    assert code == 0 and err == "ok: 13 records, no problems\n"
