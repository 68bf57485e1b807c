"""Parsing what users type on the command line: countries, amounts, dates, years."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `dt --help` parses no values
    from decimal import Decimal

    from .dates import PartialDate


class BadValue(ValueError):
    """A command-line value that cannot be understood; the message says why."""


_ALIASES = {
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "iran": "IR",
    "bharat": "IN",
}
_SUFFIXES = {"k": 3, "m": 6, "mn": 6, "b": 9, "bn": 9, "t": 12}
_AMOUNT = re.compile(r"\$?\s*([0-9][0-9_,]*\.?[0-9]*(?:e[-+]?[0-9]+)?)\s*([a-z]*)")


def _country_names() -> dict[str, str]:
    from .iso_codes import COUNTRIES

    names = dict(_ALIASES)
    for code, (alpha3, name, official, common) in COUNTRIES.items():
        for label in (code, alpha3, name, official, common):
            if label:
                names.setdefault(label.lower(), code)
    return names


def parse_country(text: str) -> str:
    """`us`, `USA`, `United States` or `India` -> ISO alpha-2 code."""
    code = _country_names().get(text.strip().lower())
    if code is None:
        raise BadValue(f"unknown country {text!r}: use an ISO code (US, IN) or a name (India)")
    return code


def parse_amount(text: str) -> Decimal:
    """`1e9`, `1.4e9`, `500M`, `1.4B`, `$2bn`, `1,400,000,000` -> a non-negative number."""
    from decimal import Decimal, InvalidOperation

    match = _AMOUNT.fullmatch(text.strip().lower())
    if not match or match.group(2) not in {"", *_SUFFIXES}:
        raise BadValue(f"{text!r} is not an amount: try 1e9, 1.4B, 500M or 1_400_000_000")
    try:
        number = Decimal(match.group(1).replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise BadValue(f"{text!r} is not an amount: try 1e9, 1.4B or 500M") from None
    return number.scaleb(_SUFFIXES.get(match.group(2), 0))


def parse_date(text: str) -> PartialDate:
    from .dates import PartialDate

    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise BadValue(str(exc)) from None


def parse_year(text: str) -> int:
    if not re.fullmatch(r"[1-9]\d{3}", text.strip()):
        raise BadValue(f"{text!r} is not a year: use four digits from 1000, e.g. 2025")
    return int(text)


def choice_parser(allowed: tuple[str, ...]) -> Callable[[str], str]:
    """A parser accepting one of `allowed`, in any case."""

    def parse(text: str) -> str:
        if text.lower() not in allowed:
            raise BadValue(f"{text!r} is not one of: {', '.join(allowed)}")
        return text.lower()

    return parse


ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # always fullmatch: `$` would allow a final newline


def parse_id(text: str) -> str:
    if not ID_RE.fullmatch(text):
        raise BadValue(f"{text!r} is not an id: ids are lowercase kebab-case, like p-8i")
    return text
