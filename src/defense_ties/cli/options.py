"""Options shared by several commands, declared once, and the parsing of their values."""

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from ..core.values import BadValue
from ..rendering.formats import Format

T = TypeVar("T")

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output: table, tsv, json, csv, markdown or ids; csl-json, bibtex or ris: the "
        "sources the records cite, for a reference manager. Default: a table on a terminal, "
        "tab-separated rows (tsv) on a pipe.",
        case_sensitive=False,
        show_default=False,
    ),
]
ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        "--columns",
        "-c",
        metavar="A,B,C",
        help="Show these columns, in this order (table, tsv, csv, markdown); see --format csv "
        "for every column.",
    ),
]
SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort", help="Sort by FIELD (a column name); prefix - to reverse.", metavar="FIELD"
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=0, help="Show at most N records (0: all).", metavar="N"),
]
CountryOpt = Annotated[
    str | None, typer.Option("--country", help="ISO code or name, any case: US, usa, India.")
]
YearOpt = Annotated[str | None, typer.Option("--year", help="Only this year, e.g. 2025.")]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).", metavar="DATE"),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until", help="On or before DATE (a partial date counts whole).", metavar="DATE"
    ),
]


def parsed(option: str, text: str | None, parse: Callable[[str], T]) -> T | None:
    """Parse an option's text, turning a BadValue into a usage error (exit 2)."""
    if text is None:
        return None
    try:
        return parse(text)
    except BadValue as exc:
        raise typer.BadParameter(str(exc), param_hint=f"'{option}'") from None


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Only what was current on DATE (in office, in force, in service).",
    ),
]


def not_citations(fmt: Format | None) -> Format | None:
    """A usage error for a citation format where the output is not a listing of records."""
    from ..rendering.formats import CITATIONS

    if fmt in CITATIONS:
        message = f"{fmt} is for listings and dt cite, not here"
        raise typer.BadParameter(message, param_hint="'--format'")
    return fmt
