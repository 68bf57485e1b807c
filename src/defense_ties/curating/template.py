"""`dt new KIND`: a new record file from the kind's declaration: every field, the required ones
first and filled or `null` (a placeholder `dt validate` refuses until it is filled), the
optional ones commented out; each with its meaning and allowed values as a comment. Or a copy of
a similar record to edit (`--from`). The id follows the kind's rule (CONTRIBUTING.md)."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..core.dates import PartialDate
from ..core.declaration import Declaration
from ..core.shape import fields_of
from ..core.values import ID_RE

# A kind's id: its rule, from the title's words (`slug`), the date and the publisher.
ID_RULES = {
    "meetings": "{date}-{slug}",
    "notifications": "{date}-{slug}",
    "deals": "{year}-{slug}",
    "agreements": "{year}-{slug}",
    "exercises": "{slug}-{year}",
    "sources": "{publisher}-{date}-{slug}",
}
TITLE_FIELDS = ("title", "name")
DATE_FIELDS = ("date", "start", "published", "reviewed_through")
SKIP = {"contested"}  # rare: added by hand when a claim is disputed (CONTRIBUTING.md)


class TemplateError(ValueError):
    """A record cannot be proposed from what was given (no title for the id, a bad date)."""


def slug(text: str, words: int = 8) -> str:
    """`Hegseth, Rajnath Singh — Kuala Lumpur` -> `hegseth-rajnath-singh-kuala-lumpur`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    found = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(found[:words])


def propose_id(kind: str, title: str | None, date: str | None, publisher: str | None) -> str:
    """The id the kind's rule gives; raises TemplateError when a part is missing."""
    rule = ID_RULES.get(kind, "{slug}")
    parts: dict[str, str] = {}
    if "{slug}" in rule:
        if not title or not slug(title):
            raise TemplateError(f"a {kind} id needs --title (its words make the id)")
        parts["slug"] = slug(title)
    if "{date}" in rule or "{year}" in rule:
        if not date:
            raise TemplateError(f"a {kind} id starts with its date: give --date YYYY-MM-DD")
        when = PartialDate.parse(date)
        parts["date"], parts["year"] = str(when), f"{when.year:04d}"
    if "{publisher}" in rule:
        if not publisher or not slug(publisher):
            raise TemplateError("a source id starts with its publisher: give --publisher")
        parts["publisher"] = slug(publisher, 3)
    found = rule.format(**parts)
    if not ID_RE.fullmatch(found):
        raise TemplateError(f"{found!r} is not a valid id")
    return found


def template(
    declaration: Declaration[Any], record_id: str, title: str | None, date: str | None
) -> str:
    """The new record's file: required fields first (given or `null`), optional ones commented."""
    model: type[BaseModel] = declaration.model
    lines = [
        f"# yaml-language-server: $schema=../../schemas/{declaration.name}.schema.json",
        f"# A new {declaration.singular}: fill every null, uncomment the optional fields a source",
        "# states and delete the others, then run dt validate and dt fmt (CONTRIBUTING.md).",
        f"id: {record_id}",
    ]
    from .fmt import field_order

    fields = model.model_fields
    order = [n for n in field_order(fields) if n != "id" and n not in SKIP]
    required = [n for n in order if fields[n].is_required()]  # sources last, as fmt lays out
    for name in required:
        value = title if name in TITLE_FIELDS else date if name in DATE_FIELDS else None
        lines += _field(model, name, value, commented=False)
    for name in order:
        if not fields[name].is_required():
            lines += _field(model, name, None, commented=True)
    return "\n".join(lines) + "\n"


def _field(model: type[BaseModel], name: str, value: str | None, commented: bool) -> list[str]:
    """A field's lines: `name: value  # meaning; one of: ...`; a nested mapping or a list of
    them as its own fields, indented."""
    hash_ = "# " if commented else ""
    comment = _comment(model, name)
    found = fields_of(model)[name]
    inner, many = found.model, found.many
    if inner is not None:
        head = f"{hash_}{name}:  # {comment}"
        body: list[str] = []
        for sub, sub_info in inner.model_fields.items():
            prefix = "  - " if many and not body else "    " if many else "  "
            placeholder = "null" if sub_info.is_required() else None
            line = f"{prefix}{sub}: {placeholder}" if placeholder else f"{prefix}# {sub}:"
            body.append(f"{hash_}{line}  # {_comment(inner, sub)}")
        return [head, *body]
    if many:
        shown = "[null]" if not commented else "[]"
        return [f"{hash_}{name}: {shown}  # {comment}"]
    shown = _yaml_scalar(value) if value is not None else "null"
    return [f"{hash_}{name}: {'' if commented else shown}".rstrip() + f"  # {comment}"]


def _yaml_scalar(value: str) -> str:
    """A value as a YAML scalar: plain when YAML reads it back as the same text."""
    plain = re.fullmatch(r"[A-Za-z0-9][\w .,'()/&-]*", value) and not value.endswith(" ")
    return value if plain else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(model: type[BaseModel], name: str) -> str:
    info, scalar = model.model_fields[name], fields_of(model)[name].scalar
    text = info.description or ""
    choices = [str(v.value) for v in scalar] if scalar and issubclass(scalar, Enum) else []
    if choices and not all(c in text for c in choices):
        text += ("; " if text else "") + "one of: " + " | ".join(choices)
    required = "required" if info.is_required() else "optional"
    return f"{required}: {text}" if text else required


def copy_of(text: str, record_id: str, title: str | None, date: str | None) -> str:
    """A similar record's file as the start of a new one: its id replaced, and its title (or
    name) and date when given. Its citations stay, to be replaced by the new record's own."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    doc = yaml.load(text)
    doc["id"] = record_id
    for name in TITLE_FIELDS:
        if title is not None and name in doc:
            doc[name] = title
            break
    for name in DATE_FIELDS:
        if date is not None and name in doc:
            doc[name] = date
            break
    import io

    out = io.StringIO()
    yaml.dump(doc, out)
    head = "# Copied from a similar record: check every field and replace its sources.\n"
    return head + out.getvalue()
