"""What a write changed, so each view refreshes only what it must."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changed:
    cards: frozenset[str] = frozenset()  # cards whose list row, panel or history changed
    tables: frozenset[str] = frozenset()  # synced tables written
    everything: bool = False  # a merge, an import: refresh it all

    def __or__(self, other: Changed) -> Changed:
        return Changed(
            self.cards | other.cards,
            self.tables | other.tables,
            self.everything or other.everything,
        )

    def touches(self, table: str) -> bool:
        return self.everything or table in self.tables


@dataclass(frozen=True)
class Result:
    """A write's outcome: the id it made (if any) and what changed."""

    changed: Changed = field(default_factory=Changed)
    id: str | None = None
    label: str = ""
