"""JSON Schema of each record kind, from the models, for editors that check YAML as you type.

Draft-07 with `definitions`, the draft the YAML language server (VS Code's YAML extension)
implements. The files in `schemas/` are this module's output (`dt schema --out schemas`); a
test fails when they differ from it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from ..core.declaration import Declaration
from ..core.fields import CountryCode, CurrencyCode
from ..kinds import registry

DRAFT = "http://json-schema.org/draft-07/schema#"
# Long enumerations written once under `definitions`, referenced where used, and described.
_SHARED = {
    "CountryCode": (CountryCode, "ISO 3166-1 alpha-2 country code: US, IN"),
    "CurrencyCode": (CurrencyCode, "ISO 4217 currency code: USD, INR"),
}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def record_schema(kind: Declaration[Any]) -> dict[str, Any]:
    """The JSON Schema a `data/<kind>/<id>.yaml` file must meet."""
    body = kind.model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = body.pop("$defs", {})
    shared = {name: TypeAdapter(t).json_schema() for name, (t, _) in _SHARED.items()}
    body = _share(body, shared)
    definitions = {name: _share(d, shared) for name, d in definitions.items()}
    used = json.dumps([body, definitions])
    for name, (_, description) in _SHARED.items():
        if f'"#/definitions/{name}"' in used:
            definitions[name] = {"description": description, **shared[name]}
    body.pop("title", None)
    return {
        "$schema": DRAFT,
        "$id": f"urn:defense-ties:schemas:{kind.name}",
        "title": f"defense-ties {kind.singular}",
        "description": f"A record file data/{kind.name}/<id>.yaml of the defense-ties "
        "knowledge base; `dt validate` has the last word.",
        **body,
        "definitions": dict(sorted(definitions.items())),
    }


def _share(schema: Any, shared: dict[str, dict[str, Any]]) -> Any:
    """`schema` with each copy of a shared fragment replaced by a reference to it."""
    if isinstance(schema, list):
        return [_share(s, shared) for s in schema]
    if not isinstance(schema, dict):
        return schema
    for name, fragment in shared.items():
        if {k: v for k, v in schema.items() if k != "title"} == fragment:
            return {"$ref": f"#/definitions/{name}"}
    return {k: _share(v, shared) for k, v in schema.items()}


def all_schemas() -> dict[str, dict[str, Any]]:
    return {kind.name: record_schema(kind) for kind in registry()}


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as a file: indented JSON, key order kept, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
