"""Coverage: how far each kind of record has been reviewed against the stored sources, one
record per kind (`data/coverage/meetings.yaml`), so that a gap after that date reads as "not
reviewed yet", never as "nothing happened". What each kind includes is its declaration's
`scope`; the searches behind the date are in research/<year>/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import Field

from ..core.declaration import Declaration, Finding
from ..core.fields import Date, Text
from ..core.knowledge_base import KnowledgeBase
from ..core.records import Record


class Coverage(Record):
    record_kind: ClassVar[str] = "coverage"
    reviewed_through: Date = Field(
        description="the last day the kind's records were checked against the sources searched"
    )
    searched: Text = Field(description="what was searched, and where the log is")
    gaps: list[Text] = Field(default=[], description="known gaps research could not fill")


def _names_a_kind(kb: KnowledgeBase, c: Coverage) -> Iterator[Finding]:
    if c.id not in kb.records or c.id == "coverage":
        kinds = ", ".join(k for k in kb.records if k != "coverage")
        message = f"the id names the kind it covers: one of {kinds}"
        yield c.id, ("id",), message, "unknown-kind"


DECLARATION: Declaration[Any] = Declaration(
    name="coverage",
    singular="coverage",
    model=Coverage,
    label=lambda c: f"{c.id} reviewed through {c.reviewed_through}",
    checks=(_names_a_kind,),
)
