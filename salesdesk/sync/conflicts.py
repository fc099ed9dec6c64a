"""Open conflicts and their resolution: keep one value, the other, or a new one (DESIGN §4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.fields import FIELD_GROUPS
from salesdesk.models.store import Store
from salesdesk.models.tables import Card, Change, Conflict
from salesdesk.services.history import device_names, stamp_time


@dataclass(frozen=True)
class Side:
    change_id: str
    values: dict[str, Any]
    device: str
    at: datetime


@dataclass(frozen=True)
class ConflictView:
    id: str
    table: str
    row_id: str
    card_id: str
    card_name: str
    group: str
    current: Side  # the value in force now (the newest)
    other: Side  # the value it beat, kept here

    @property
    def is_delete(self) -> bool:
        return self.group == "deleted"


def _card_of(table: str, row_id: str) -> str:
    if table == "card":
        return row_id
    from salesdesk.models.tables import SYNCED_MODELS

    model: Any = SYNCED_MODELS[table]  # every child table has card_id
    row = model.get_or_none(model.id == row_id)
    return str(row.card_id) if row is not None else ""


def _is_open(store: Store, conflict: Conflict) -> bool:
    heads = set(store.heads(conflict.table_name, conflict.row_id, conflict.field_group))
    if conflict.field_group == "deleted":
        return conflict.winner_id in heads  # nobody has decided on the delete since
    return conflict.winner_id in heads and conflict.loser_id in heads


def open_conflicts(store: Store) -> list[ConflictView]:
    names = device_names(store)
    views: list[ConflictView] = []
    for conflict in Conflict.select().order_by(Conflict.created.desc()):
        if not _is_open(store, conflict):
            continue
        changes = {
            c.id: c
            for c in Change.select().where(Change.id.in_([conflict.winner_id, conflict.loser_id]))
        }
        if len(changes) < 2:
            continue
        card_id = _card_of(conflict.table_name, conflict.row_id)
        card = Card.get_or_none(Card.id == card_id)

        def side(change: Change) -> Side:
            return Side(
                change.id,
                json.loads(change.new),
                names.get(change.device) or change.device[:8],
                stamp_time(change.stamp),
            )

        views.append(
            ConflictView(
                conflict.id,
                conflict.table_name,
                conflict.row_id,
                card_id,
                card.name if card else "",
                conflict.field_group,
                side(changes[conflict.winner_id]),
                side(changes[conflict.loser_id]),
            )
        )
    return views


def resolve(store: Store, conflict_id: str, keep: str, values: dict[str, Any] | None = None) -> str:
    """Settle a conflict by a new change that has seen both sides; returns the card id.

    keep: 'current', 'other', or 'edit' with values. For a delete that raced an
    edit, 'current' deletes the card and 'other' keeps it.
    """
    conflict = Conflict.get_or_none(Conflict.id == conflict_id)
    if conflict is None:
        raise NotFound(f"No conflict with id {conflict_id}.")
    winner = Change.get_by_id(conflict.winner_id)
    loser = Change.get_by_id(conflict.loser_id)
    group_fields = FIELD_GROUPS[conflict.table_name][conflict.field_group]
    if conflict.field_group == "deleted":
        chosen = {"deleted": 1 if keep == "current" else 0}
    elif keep == "current":
        chosen = json.loads(winner.new)
    elif keep == "other":
        chosen = json.loads(loser.new)
    elif keep == "edit" and values is not None:
        chosen = {f: values[f] for f in group_fields if f in values}
    else:
        raise InvalidValue("Choose the current value, the other one, or give a new value.")
    from salesdesk.services.derive import refresh_cards

    card_id = _card_of(conflict.table_name, conflict.row_id)
    with store.write("Resolve conflict"):
        store.update(conflict.table_name, conflict.row_id, chosen, force=True)
        refresh_cards([card_id])
    return card_id
