"""The errors the library raises for a bad question (a bad knowledge base is
`reading.problems.InvalidKnowledgeBase`)."""

from __future__ import annotations


class BadQuery(ValueError):
    """A query the knowledge base cannot answer as asked: an unknown kind, filter, column, id
    or a value that cannot be read. `option` names what was wrong (`--min-value`, `kind`)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")
        self.option = option
        self.message = message


class UnknownId(BadQuery, KeyError):
    """No record has this id."""

    def __str__(self) -> str:
        return f"{self.option}: {self.message}"
