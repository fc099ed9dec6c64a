"""A card's history, read from its change records: every field's old and new value."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from salesdesk.domain.errors import NotFound
from salesdesk.models.clock import Stamp
from salesdesk.models.store import Store
from salesdesk.models.tables import Change, Contact, GradeChange, Peer, on_store


@dataclass(frozen=True)
class HistoryEntry:
    change_id: str | None  # None for the card's creation
    stamp: str
    at: datetime
    device: str  # readable device name
    table: str
    row_id: str
    field: str
    old: Any
    new: Any


def stamp_time(stamp: str) -> datetime:
    return datetime.fromtimestamp(Stamp.parse(stamp).wall / 1000).replace(microsecond=0)


@on_store
def device_names(store: Store) -> dict[str, str]:
    # The laptops met through the team hub (issue 23), then those merged from by file.
    try:
        hub_devices = json.loads(store.meta("hub_devices") or "{}")
    except ValueError:
        hub_devices = {}
    names = (
        {str(k): str(v) for k, v in hub_devices.items()} if isinstance(hub_devices, dict) else {}
    )
    names.update({row.replica_id: row.device_name for row in Peer.select() if row.device_name})
    names[store.replica_id] = store.device_name
    return names


def _device(names: dict[str, str], replica: str) -> str:
    return names.get(replica) or replica[:8]


@on_store
def for_card(store: Store, card_id: str) -> list[HistoryEntry]:
    """Newest first: card field changes, corrections of its contacts and grade steps, creation."""
    from salesdesk.models.tables import Card

    card = Card.get_or_none(Card.id == card_id)
    if card is None:
        raise NotFound(f"No card with id {card_id}.")
    names = device_names(store)
    row_ids = [card_id]
    row_ids += [c.id for c in Contact.select(Contact.id).where(Contact.card_id == card_id)]
    row_ids += [
        gc.id for gc in GradeChange.select(GradeChange.id).where(GradeChange.card_id == card_id)
    ]
    entries: list[HistoryEntry] = []
    for start in range(0, len(row_ids), 500):
        chunk = row_ids[start : start + 500]
        for change in Change.select().where(Change.row_id.in_(chunk)):
            old = json.loads(change.old)
            new = json.loads(change.new)
            for field in new:
                if old.get(field) == new.get(field):
                    continue
                entries.append(
                    HistoryEntry(
                        change.id,
                        change.stamp,
                        stamp_time(change.stamp),
                        _device(names, change.device),
                        change.table_name,
                        change.row_id,
                        field,
                        old.get(field),
                        new.get(field),
                    )
                )
    replica = Stamp.parse(card.created).replica
    # The creation shows the name the card was created with, not today's.
    renames = [e for e in entries if (e.table, e.row_id, e.field) == ("card", card_id, "name")]
    first_name = min(renames, key=lambda e: e.stamp).old if renames else card.name
    entries.append(
        HistoryEntry(
            None,
            card.created,
            stamp_time(card.created),
            _device(names, replica),
            "card",
            card_id,
            "created",
            None,
            first_name,
        )
    )
    entries.sort(key=lambda e: (e.stamp, e.field), reverse=True)
    return entries


@on_store
def revert(store: Store, change_id: str) -> tuple[str, str]:
    """Undo one past change by a new change that puts its old values back."""
    change = Change.get_or_none(Change.id == change_id)
    if change is None:
        raise NotFound(f"No change with id {change_id}.")
    with store.write("Revert change"):
        store.update(change.table_name, change.row_id, json.loads(change.old))
    return change.table_name, change.row_id
