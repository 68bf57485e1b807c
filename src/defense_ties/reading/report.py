"""What `dt validate` found: the errors, and apart the warnings (fields no quote states, new
or reviewed; reviewed lines now stated; each kind's advisories), with the summary it prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem
from .reviewed import REVIEWED


@dataclass
class Validation:
    """What `dt validate` found in one knowledge base."""

    count: int  # records read (or, with `changed`, records changed)
    problems: list[Problem] = field(default_factory=list)  # errors: the data cannot be used
    advice: list[str] = field(default_factory=list)  # other warnings, located lines
    unsupported: dict[str, str] = field(default_factory=dict)  # `kind/id.yaml field` -> line
    new: list[str] = field(default_factory=list)  # unsupported and not reviewed
    stale: list[str] = field(default_factory=list)  # reviewed lines now stated
    changed: bool = False  # only the records changed since a revision were checked

    def ok(self, strict: bool = False) -> bool:
        """No errors; with `strict`, no new unsupported field, stale line or warning either."""
        return not self.problems and not (strict and (self.new or self.stale or self.advice))

    def stale_lines(self) -> list[str]:
        return [
            f"{REVIEWED}: {key}: listed as unsupported but now stated: remove it [stale]"
            for key in self.stale
        ]

    def summary(self) -> str:
        """`ok: N records, no errors` and, apart, what it warned of."""
        unsupported, new, stale = len(self.unsupported), len(self.new), len(self.stale)
        warnings = []
        if unsupported:
            warnings.append(
                f"{unsupported} unsupported field{'s' * (unsupported != 1)} "
                f"({unsupported - new} reviewed)"
            )
        if stale:
            warnings.append(f"{stale} reviewed line{'s' * (stale != 1)} now stated")
        if self.advice:
            advice = len(self.advice)
            warnings.append(f"{advice} other warning{'s' * (advice != 1)}")
        records = f"{self.count} {'changed ' if self.changed else ''}record"
        records += "s" * (self.count != 1)
        if not warnings:
            return f"ok: {records}, no problems"
        return f"ok: {records}, no errors; warnings: {', '.join(warnings)}"

    def strict_failure(self) -> str:
        return (
            f"dt: --strict: {len(self.new)} unsupported field(s) not in {REVIEWED}, "
            f"{len(self.stale)} listed there but stated, {len(self.advice)} other warning(s)"
        )
