"""The shape of a model, read from its annotations once: each field's type, whether it is a
list, a nested model or an id naming a record of another kind (`RefTo`).

References, links both ways, `show` and the export's tables and foreign keys all walk these
shapes, so a kind declares a relation once: in the annotation of its field.
"""

from __future__ import annotations

import functools
import types
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel

from .dates import PartialDate
from .fields import RefTo

FieldPath = tuple[str | int, ...]  # a place in a record: ("items", 0, "platform")


@dataclass(frozen=True)
class FieldShape:
    name: str
    many: bool  # a list of values
    required: bool
    scalar: type | None  # str, int, float, PartialDate or an Enum; None for a nested model
    model: type[BaseModel] | None  # the nested model of a mapping (or of each list item)
    ref: str | None  # the kind whose ids this field holds


@functools.cache
def shape(model: type[BaseModel]) -> tuple[FieldShape, ...]:
    """The fields of `model`, in declaration order."""
    found = []
    for name, info in model.model_fields.items():
        many, inner, marks = _unwrap(info.annotation, list(info.metadata))
        ref = next((m.kind for m in marks if isinstance(m, RefTo)), None)
        nested = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
        scalar = None if nested else _scalar(inner)
        found.append(FieldShape(name, many, info.is_required(), scalar, nested, ref))
    return tuple(found)


def fields_of(model: type[BaseModel]) -> dict[str, FieldShape]:
    """The shapes of `model`'s fields by name (from the cached `shape`)."""
    return {f.name: f for f in shape(model)}


def _unwrap(annotation: Any, marks: list[Any]) -> tuple[bool, Any, list[Any]]:
    """(is a list, the item type without Optional/Annotated, the Annotated metadata found)."""
    many = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            marks += extra
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        elif origin is list:
            many, annotation = True, get_args(annotation)[0]
        else:
            return many, annotation, marks


def _scalar(kind: Any) -> type:
    if isinstance(kind, type) and issubclass(kind, Enum | PartialDate | int | float):
        return kind
    return str


class Ref(NamedTuple):  # a tuple: every load makes one per id named (200,000 at 100k)
    path: FieldPath  # where the id sits in the record
    target: str  # the id named
    kind: str  # the kind it must name


def references(record: BaseModel) -> list[Ref]:
    """Every id a record names, in field order, with where it sits and the kind it must be."""
    found: list[Ref] = []
    _walk(record, (), found)
    return found


@functools.cache
def _linking(model: type[BaseModel]) -> tuple[FieldShape, ...]:
    """The fields of `model` that hold ids or nested models (the only ones `_walk` visits)."""
    return tuple(f for f in shape(model) if f.ref is not None or f.model is not None)


def _walk(obj: BaseModel, prefix: FieldPath, found: list[Ref]) -> None:
    for f in _linking(type(obj)):
        value = getattr(obj, f.name)
        if value is None:
            continue
        items = list(enumerate(value)) if f.many else [(None, value)]
        for i, item in items:
            path = (*prefix, f.name) if i is None else (*prefix, f.name, i)
            if f.ref is not None:
                found.append(Ref(path, item, f.ref))
            else:
                _walk(item, path, found)
