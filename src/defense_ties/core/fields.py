"""Reusable annotated field types: ids, country and currency codes, dates, money, URLs."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .dates import PartialDate
from .iso_codes import COUNTRIES, CURRENCIES
from .text import excerpt
from .values import ID_RE

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # ID_RE for JSON Schema, which has no fullmatch

_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def _check_id(value: str) -> str:
    if not ID_RE.fullmatch(value):
        raise PydanticCustomError(
            "bad_id",
            "{value} is not a valid id: use lowercase kebab-case like 'chuck-hagel'",
            {"value": excerpt(str(value))},
        )
    return value


def _code_check(codes: Collection[str], standard: str) -> Callable[[str], str]:
    """A validator accepting only codes of `standard`, hinting at the upper-case spelling."""

    def check(value: str) -> str:
        if value not in codes:
            hint = f" (did you mean {value.upper()!r}?)" if value.upper() in codes else ""
            raise PydanticCustomError(
                "bad_code",
                "unknown {standard} code {value}{hint}",
                {"standard": standard, "value": excerpt(str(value)), "hint": hint},
            )
        return value

    return check


_check_country = _code_check(COUNTRIES, "ISO 3166-1 alpha-2 country")
_check_currency = _code_check(CURRENCIES, "ISO 4217 currency")


def _parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PydanticCustomError(
            "bad_date",
            "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {type}",
            {"type": type(value).__name__},
        )
    try:
        return PartialDate.parse(str(value))
    except ValueError as exc:
        raise PydanticCustomError("bad_date", "{reason}", {"reason": str(exc)}) from None


def _bounded(*bounds: str) -> Callable[[Any], PartialDate]:
    """A validator of a date or one of `bounds` (`by 2019-08-26`, `after 2012-05-04`)."""

    def parse(value: Any) -> PartialDate:
        if isinstance(value, str) and not value.strip()[:1].isdigit():
            try:
                return PartialDate.parse_bound(value, bounds)
            except ValueError as exc:
                raise PydanticCustomError("bad_date", "{reason}", {"reason": str(exc)}) from None
        return _parse_date(value)

    return parse


def _bound_schema(*bounds: str) -> WithJsonSchema:
    words = "|".join(bounds)
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": rf"^(({words}) )?\d{{4}}(-\d{{2}}(-\d{{2}})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "YYYY, YYYY-MM or YYYY-MM-DD; "
            + "; ".join(BOUND_HELP[b] for b in bounds),
        }
    )


BOUND_HELP = {
    "by": "`by YYYY-MM-DD`: on or before that day",
    "after": "`after YYYY-MM-DD`: on or after that day",
}


def _whole_number(value: Any, what: str) -> Any:
    """Refuse what YAML makes of `1e9`, `1.4e9` or `$1.4B`; keep real integers."""
    if isinstance(value, bool | float | str):
        raise PydanticCustomError(
            "bad_number",
            "{what} must be a whole number written with digits and underscores, "
            "e.g. 1_400_000_000, not {value}",
            {"what": what, "value": repr(value)},
        )
    return value


def _whole_number_schema(minimum: int, maximum: int) -> WithJsonSchema:
    """An integer; editors reading YAML 1.2 see `1_400_000_000` as text, so allow that too."""
    digits = r"^(0|[1-9][0-9_]*)$" if minimum == 0 else r"^[1-9][0-9_]*$"
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": minimum, "maximum": maximum},
                {"type": "string", "pattern": digits},
            ],
            "description": "a whole number, digits and underscores: 1_400_000_000",
        }
    )


def _check_url(value: str) -> str:
    if not _URL_RE.match(value):
        raise PydanticCustomError(
            "bad_url", "{value} is not an http(s) URL", {"value": excerpt(str(value))}
        )
    return value


Id = Annotated[
    str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]


@dataclass(frozen=True)
class RefTo:
    """Marks an id field as naming a record of another kind: `Annotated[Id, RefTo("officials")]`.

    Checks (dangling references, wrong kinds), links both ways, `show` and the export's foreign
    keys are all derived from these marks."""

    kind: str


SourceId = Annotated[Id, RefTo("sources")]
OfficialId = Annotated[Id, RefTo("officials")]
PlatformId = Annotated[Id, RefTo("platforms")]
AgreementId = Annotated[Id, RefTo("agreements")]
DealId = Annotated[Id, RefTo("deals")]
SeriesId = Annotated[Id, RefTo("series")]
CountryCode = Annotated[
    str,
    AfterValidator(_check_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRIES)}),
]
CurrencyCode = Annotated[
    str,
    AfterValidator(_check_currency),
    WithJsonSchema({"type": "string", "enum": sorted(CURRENCIES)}),
]
Date = Annotated[
    PartialDate,
    PlainValidator(_parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "YYYY, YYYY-MM or YYYY-MM-DD",
        }
    ),
]
# A date, or a bound: `by 2019-08-26` (it had happened by then; the day itself is not known).
DateOrBound = Annotated[
    PartialDate,
    PlainValidator(_bounded("by")),
    PlainSerializer(str, return_type=str),
    _bound_schema("by"),
]
# The end of a term: a date, `by ...` (over by then) or `after ...` (still running then).
EndOrBound = Annotated[
    PartialDate,
    PlainValidator(_bounded("by", "after")),
    PlainSerializer(str, return_type=str),
    _bound_schema("by", "after"),
]
MAX_AMOUNT = 10**15  # a thousand trillion: above any defence budget, within SQLite's integers
MAX_QUANTITY = 10**6
Amount = Annotated[
    int,
    BeforeValidator(lambda v: _whole_number(v, "amount")),
    Field(ge=0, le=MAX_AMOUNT),
    _whole_number_schema(0, MAX_AMOUNT),
]
Quantity = Annotated[
    int,
    BeforeValidator(lambda v: _whole_number(v, "quantity")),
    Field(ge=1, le=MAX_QUANTITY),
    _whole_number_schema(1, MAX_QUANTITY),
]
EditionNumber = Annotated[
    int, Field(ge=1, le=1000, strict=True, description="the edition's number, as sources give it")
]
Url = Annotated[str, AfterValidator(_check_url)]
Text = Annotated[str, Field(min_length=1)]
Quote = Annotated[str, Field(min_length=1, max_length=1000)]
