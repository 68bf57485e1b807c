"""The Datasette metadata of an SQLite export: a title, description, license and source for
the database; a description for every table and column, from the kinds' declarations (the same
text as the JSON Schemas); the column that labels each kind's records (so a foreign key shows a
name); default facets; canned queries for the questions users ask.

    datasette defense-ties.db -m defense-ties.metadata.json
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..core.declaration import Declaration
from ..core.shape import fields_of, shape
from ..kinds import registry
from .export_tables import Table, empty_tables

TITLE = "defense-ties: US–India defence relations"
DESCRIPTION = (
    "A hand-curated, validated and sourced knowledge base of defence relations between the "
    "United States and India: officials, meetings, deals, notifications, platforms, "
    "agreements, dialogue and exercise series. Every record cites the sources that state it, "
    "with a quote (the citations table). Amounts say what kind of number they are "
    "(value_kind): never add up values of different kinds."
)

# Tables every export has besides the kinds and their lists.
SHARED = {
    "citations": (
        "Every quote a record cites, in the order of its sources list.",
        {
            "record_id": "the record that cites it",
            "seq": "its place in the record's sources list, from 1",
            "record_kind": "the record's kind (table)",
            "source_id": "the source quoted",
            "quote": "the words of the source that state the record's facts",
            "supports": "the fields this quote is cited for (JSON list); empty: whatever it states",
        },
    ),
    "contested": (
        "Claims about a record that another source disputes: both kept, each with its source.",
        {
            "record_id": "the record the claim is about",
            "seq": "its place in the record's contested list, from 1",
            "record_kind": "the record's kind (table)",
            "field": "the field it bears on",
            "claim": "what a source claims",
            "source_id": "the source that claims it",
            "dispute": "what the other source says against it",
            "disputed_by_id": "the source that disputes it",
            "note": "anything else a reader should know",
        },
    ),
    "release": (
        "The release of the data this export holds (cite it with the data).",
        {
            "version": "the data's version: year, month, number in the month",
            "released": "the day it was released",
            "exported_by": "the dt that wrote this export",
        },
    ),
    "unsupported": (
        "Fields no quote of their record's citations states (dt why shows the search).",
        {
            "record_id": "the record",
            "seq": "from 1",
            "record_kind": "the record's kind (table)",
            "field": "the field, as dt why names it: values[0].amount",
        },
    ),
}

QUERIES = {
    "contracted_value_by_year": {
        "title": "Contracted value by year of signature",
        "description": "Signed deals, not cancelled, whose headline value is the contract value "
        "and a quote states it (USD at the cited rate of its year), as dt stats counts them. "
        "A year with an at-least bound is a lower bound; signed deals with no contract value, "
        "or one no quote states, are not in it (dt stats names them).",
        "sql": "SELECT substr(milestones_signed_date, 1, 4) AS year, count(*) AS deals, "
        "sum(value_usd) AS value_usd, "
        "max(coalesce(value_bound, '') = 'at-least') AS lower_bound "
        "FROM deals WHERE value_kind = 'contract' AND milestones_cancelled_date IS NULL "
        "AND value_usd IS NOT NULL AND value_stated = 1 GROUP BY year ORDER BY year",
    },
    "office_holders_on_a_date": {
        "title": "Who held an office on a date",
        "description": "Officials whose position's title contains :office on :date "
        "(YYYY-MM-DD). A term's dates may be bounds (by ..., after ...).",
        "sql": 'SELECT o.id, o.name, o.country, p.title, p.start, p."end" '
        "FROM official_positions p JOIN officials o ON o.id = p.official_id "
        "WHERE p.title LIKE '%' || :office || '%' "
        "AND replace(replace(p.start, 'by ', ''), 'after ', '') <= :date "
        "AND (p.\"end\" IS NULL OR replace(replace(p.\"end\", 'by ', ''), 'after ', '') >= :date) "
        "ORDER BY o.country, p.title",
    },
    "citations_of_a_record": {
        "title": "A record's citations, with quotes",
        "description": "Every source a record (:id) cites and the quote from it.",
        "sql": "SELECT c.seq, c.quote, s.title, s.publisher, s.published, s.url "
        "FROM citations c JOIN sources s ON s.id = c.source_id "
        "WHERE c.record_id = :id ORDER BY c.seq",
    },
}


def metadata(database: str) -> dict[str, Any]:
    """The metadata for the export opened as `database` (its file name without `.db`)."""
    by_name = {t.name: t for t in empty_tables()}
    tables: dict[str, Any] = {}
    for d in registry():
        tables[d.name] = _kind_table(d, by_name[d.name])
        model: type[BaseModel] = d.model
        for f in shape(model):
            link = _link_name(d, f.name)
            if link in by_name:
                tables[link] = _link_table(d, f.name, by_name[link])
    for name, (description, columns) in SHARED.items():
        tables[name] = {"description": description, "columns": columns}
    return {
        "defense_ties_export": {"metadata": 1},
        "title": TITLE,
        "description": DESCRIPTION,
        "license": "MIT (the knowledge base and dt); quotes are short excerpts of the cited pages",
        "source": "the defense-ties knowledge base, exported by dt (every row cites its sources)",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


def _link_name(d: Declaration[Any], field: str) -> str:
    return d.export_names.get(field, f"{d.table_prefix}_{field}")


def _kind_table(d: Declaration[Any], table: Table) -> dict[str, Any]:
    columns = _descriptions(d.model)
    columns.update({c.name: c.description for c in d.computed if c.sql})
    found: dict[str, Any] = {
        "description": (d.summary.split("\n\n")[0] if d.summary else f"The {d.name}.")
        + (f" Scope: {d.scope}" if d.scope else ""),
        "columns": {c.name: columns.get(c.name) or c.name.replace("_", " ") for c in table.columns},
    }
    if d.label_column and d.label_column in table.column_names:
        found["label_column"] = d.label_column
    if d.facets:
        found["facets"] = [f for f in d.facets if f in table.column_names]
    return found


def _link_table(d: Declaration[Any], field: str, table: Table) -> dict[str, Any]:
    info = d.model.model_fields[field]
    owner, seq, *items = table.column_names
    columns = {owner: f"the {d.singular}", seq: "its place in the YAML list, from 1"}
    inner = fields_of(d.model)[field].model
    described = _descriptions(inner) if inner is not None else {}
    for name in items:
        columns[name] = (
            described.get(name)
            or described.get(name.removesuffix("_id"))
            or (info.description or name.replace("_", " "))
        )
    return {
        "description": f"Each item of a {d.singular}'s {field.replace('_', ' ')}: "
        + (info.description or field),
        "columns": columns,
    }


def _descriptions(model: type[BaseModel], prefix: str = "", parent: str = "") -> dict[str, str]:
    """Column name -> description for a model's fields, nested mappings flattened as the
    export flattens them (`location_city`: "the venue ...: the city ...")."""
    found: dict[str, str] = {}
    shapes = fields_of(model)
    for name, info in model.model_fields.items():
        text = info.description or name.replace("_", " ")
        nested = shapes[name].model
        if nested is not None and not shapes[name].many:
            found.update(_descriptions(nested, f"{prefix}{name}_", f"{parent}{text}: "))
        else:
            found[prefix + name] = parent + text
    return found
