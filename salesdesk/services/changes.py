"""What a write changed, so each view refreshes only what it must.

A view says what it listens to with `changed.concerns(...)`: the card list wants
`cards`, Today and the week plan the `agenda`, the dashboard and the charts the
`figures`, the conflicts view `conflicts`, Preferences `settings`. `everything`
(a merge, an import, a restore) concerns every view.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

# Tables whose rows a day's agenda shows (visits due, warnings from deals and cases).
AGENDA_TABLES = frozenset({"visit", "contact", "deal", "service_case", "grade_change", "payment"})
# Card fields that neither the agenda nor a figure shows: an edit of only these
# leaves Today, the week plan, the dashboard and the charts as they are.
QUIET_CARD_FIELDS = frozenset(
    {
        "title",
        "phones",
        "email",
        "address",
        "notes",
        "grade_note",
        "blocker",
        "wechat",
        "style",
        "credit",
        "credit_limit",
        "tags",
        "referred_by",
        "owner",
        "search",
        "sort_name",
        "updated_at",
        "updated_by",
    }
)
# Card fields a figure never shows (the agenda shows them: a name, a birthday).
NOT_FIGURE_FIELDS = QUIET_CARD_FIELDS | {"name", "company", "birthday", "next_visit_on"}


@dataclass(frozen=True)
class Changed:
    cards: frozenset[str] = frozenset()  # cards whose list row, panel or history changed
    tables: frozenset[str] = frozenset()  # synced tables written
    everything: bool = False  # a merge, an import, a restore: refresh it all
    agenda: bool = False  # visits, warnings or occasions of some day may differ
    settings: bool = False  # a stored setting (cadence, warnings, the salesperson)
    conflicts: bool = False  # sync conflicts or likely duplicates were resolved
    card_fields: frozenset[str] = frozenset()  # card columns written (empty: unknown)
    new_cards: bool = False  # a card was created, deleted or restored

    def __or__(self, other: Changed) -> Changed:
        return Changed(
            self.cards | other.cards,
            self.tables | other.tables,
            self.everything or other.everything,
            self.agenda or other.agenda,
            self.settings or other.settings,
            self.conflicts or other.conflicts,
            self.card_fields | other.card_fields,
            self.new_cards or other.new_cards,
        )

    def __bool__(self) -> bool:
        return bool(
            self.cards
            or self.tables
            or self.everything
            or self.agenda
            or self.settings
            or self.conflicts
        )

    def touches(self, table: str) -> bool:
        return self.everything or table in self.tables

    @property
    def figures(self) -> bool:
        """Counts, sums or grades that the dashboard and the charts draw may differ."""
        if self.everything or self.new_cards or (self.tables - {"card"}):
            return True
        if "card" not in self.tables:
            return False
        return not self.card_fields or bool(self.card_fields - NOT_FIGURE_FIELDS)

    def concerns(
        self,
        *,
        cards: Collection[str] | bool = False,
        agenda: bool = False,
        figures: bool = False,
        settings: bool = False,
        conflicts: bool = False,
    ) -> bool:
        """Whether a view listening to these kinds must refresh.

        cards=True: any card; cards=[ids]: only those cards (the ones a view shows).
        """
        if self.everything:
            return True
        if cards is True and self.cards:
            return True
        if not isinstance(cards, bool) and self.cards and not self.cards.isdisjoint(cards):
            return True
        return (
            (agenda and self.agenda)
            or (figures and self.figures)
            or (settings and self.settings)
            or (conflicts and self.conflicts)
        )

    @classmethod
    def of(cls, op: Any, card_ids: Collection[str]) -> Changed:
        """What a store Operation changed (card_ids: the cards of its rows)."""
        tables = {t for t, *_ in op.changes} | {t for t, _ in op.inserted}
        card_fields: set[str] = set()
        new_cards = any(t == "card" for t, _ in op.inserted)
        for table, _row, _group, old, new in op.changes:
            if table == "card":
                card_fields.update(new)
                card_fields.update(old)
                if "deleted" in new or "deleted_at" in new:
                    new_cards = True
        loud = card_fields - QUIET_CARD_FIELDS
        agenda = bool(tables & AGENDA_TABLES) or new_cards or bool(loud)
        return cls(
            frozenset(card_ids),
            frozenset(tables),
            agenda=agenda,
            card_fields=frozenset(card_fields),
            new_cards=new_cards,
        )


EVERYTHING = Changed(everything=True)
SETTINGS = Changed(settings=True, agenda=True)  # cadence and warnings shape the agenda
CONFLICTS = Changed(conflicts=True)


@dataclass(frozen=True)
class Result:
    """An operation's outcome: what it changed, the id it made (if any), its label,
    its value (an import's counts, a merge's report) and whether undo takes it back."""

    changed: Changed = field(default_factory=Changed)
    id: str | None = None
    label: str = ""
    value: Any = None
    undoable: bool = True
