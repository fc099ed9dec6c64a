"""Open conflicts and their resolution: keep one value, the other, or a new one (DESIGN §4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.fields import FIELD_GROUPS
from salesdesk.models.clock import replica_of
from salesdesk.models.store import Store
from salesdesk.models.tables import Card, Change, Conflict, Deal, Payment, on_store
from salesdesk.services.history import device_names, stamp_time
from salesdesk.sync.merge import Activity, unseen_activity


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
    current: Side  # the value in force now (the newest), or the delete of a raced card
    other: Side  # the value it beat, kept here; for a raced delete the newest activity
    # For a card deleted on one laptop while another worked on it: what the delete
    # did not see, oldest first, as (kind, device, when), kind as in ACTIVITY_WORDS.
    activity: tuple[tuple[str, str, datetime], ...] = ()

    @property
    def is_delete(self) -> bool:
        return self.group == "deleted"

    def describe(self) -> str:
        """One sentence in English (the command line): what happened and what to decide."""
        if self.is_delete and self.activity:
            kind, device, at = self.activity[-1]
            more = f" (and {len(self.activity) - 1} more)" if len(self.activity) > 1 else ""
            return (
                f"{self.card_name}: deleted on {self.current.device}, but {device} "
                f"{ACTIVITY_WORDS[kind]} on {at:%m-%d}{more}: keep or delete?"
            )
        if self.is_delete:
            return (
                f"{self.card_name}: deleted on {self.current.device}, "
                f"edited on {self.other.device}: keep or delete?"
            )
        if self.table == "payment" and self.group == "plan":
            return (
                f"{self.card_name}: two payment plans made at once: "
                f"{self.current.values['plan']} from {self.current.device} (in force), or "
                f"{self.other.values['plan']} from {self.other.device}?"
            )
        return (
            f"{self.card_name}: {self.group} is {self.current.values} from "
            f"{self.current.device}, or {self.other.values} from {self.other.device}?"
        )


# What a delete may not have seen, by the table it is in (an edit of the card: 'edit').
ACTIVITY_WORDS = {
    "edit": "edited the card",
    "grade": "changed the grade",
    "contact": "logged a contact",
    "visit": "planned a visit",
    "deal": "recorded a deal",
    "service_case": "opened a service case",
    "payment": "recorded a payment",
}


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


def _activity_kind(activity: Activity) -> str:
    if activity.table == "card":
        return "grade" if activity.group == "grade" else "edit"
    if activity.table == "grade_change":
        return "grade"
    if activity.table == "visit" and activity.group == "status":
        return "contact"  # a visit marked done is a visit made
    return activity.table


def _side(change: Change, names: dict[str, str]) -> Side:
    return Side(
        change.id,
        json.loads(change.new),
        names.get(change.device) or change.device[:8],
        stamp_time(change.stamp),
    )


def _is_plans(conflict: Conflict) -> bool:
    """Two payment plans of one deal made on two laptops at once (issue 20)."""
    from salesdesk.services.payments import PLAN_GROUP

    return bool(conflict.table_name == "payment" and conflict.field_group == PLAN_GROUP)


def _plan_side(deal_id: str, plan_id: str, names: dict[str, str]) -> Side:
    from salesdesk.services.payments import money

    rows = list(
        Payment.select()
        .where(
            (Payment.deal_id == deal_id)
            & (Payment.kind == "installment")
            & (Payment.deleted == 0)
            & (Payment.plan_id.is_null(True) if not plan_id else Payment.plan_id == plan_id)
        )
        .order_by(Payment.day, Payment.created, Payment.id)
    )
    made = max((r.created for r in rows), default="")
    text = "; ".join(f"{r.day} {money(float(r.amount))}" for r in rows)
    device = replica_of(made) if made else ""
    at = stamp_time(made) if made else datetime.min
    return Side(plan_id, {"plan": text}, names.get(device) or device[:8], at)


def _plans_view(conflict: Conflict, names: dict[str, str]) -> ConflictView:
    deal = Deal.get_or_none(Deal.id == conflict.row_id)
    card_id = str(deal.card_id) if deal is not None else ""
    card = Card.get_or_none(Card.id == card_id)
    return ConflictView(
        conflict.id,
        conflict.table_name,
        conflict.row_id,
        card_id,
        card.name if card else "",
        conflict.field_group,
        _plan_side(conflict.row_id, conflict.winner_id, names),
        _plan_side(conflict.row_id, conflict.loser_id, names),
    )


@on_store
def open_conflicts(store: Store) -> list[ConflictView]:
    names = device_names(store)
    views: list[ConflictView] = []
    for conflict in Conflict.select().order_by(Conflict.created.desc(), Conflict.id):
        if _is_plans(conflict):
            views.append(_plans_view(conflict, names))
            continue
        if not _is_open(store, conflict):
            continue
        changes = {
            c.id: c
            for c in Change.select().where(Change.id.in_([conflict.winner_id, conflict.loser_id]))
        }
        winner = changes.get(conflict.winner_id)
        if winner is None:
            continue
        card_id = _card_of(conflict.table_name, conflict.row_id)
        card = Card.get_or_none(Card.id == card_id)
        activity: tuple[tuple[str, str, datetime], ...] = ()
        if conflict.loser_id:
            loser = changes.get(conflict.loser_id)
            if loser is None:
                continue
            other = _side(loser, names)
        else:  # a delete that raced activity on the card
            if conflict.table_name != "card":
                raced: list[Activity] = []
            else:
                raced = unseen_activity(store, conflict.row_id, winner)
            activity = tuple(
                (
                    _activity_kind(a),
                    names.get(replica_of(a.stamp)) or replica_of(a.stamp)[:8],
                    stamp_time(a.stamp),
                )
                for a in raced
            )
            newest = raced[-1] if raced else None
            other = Side(
                newest.change_id or newest.row_id if newest else "",
                {"deleted": 0},
                activity[-1][1] if activity else "",
                activity[-1][2] if activity else stamp_time(winner.stamp),
            )
        views.append(
            ConflictView(
                conflict.id,
                conflict.table_name,
                conflict.row_id,
                card_id,
                card.name if card else "",
                conflict.field_group,
                _side(winner, names),
                other,
                activity,
            )
        )
    return views


@on_store
def resolve(store: Store, conflict_id: str, keep: str, values: dict[str, Any] | None = None) -> str:
    """Settle a conflict by a new change that has seen both sides; returns the card id.

    keep: 'current', 'other', or 'edit' with values. For a delete that raced an
    edit, 'current' deletes the card and 'other' keeps it.
    """
    conflict = Conflict.get_or_none(Conflict.id == conflict_id)
    if conflict is None:
        raise NotFound(f"No conflict with id {conflict_id}.")
    if _is_plans(conflict):  # keep one plan: the other's installments are deleted
        from salesdesk.services import payments

        if keep not in ("current", "other"):
            raise InvalidValue(
                "Keep one of the two plans; to change it, set a new plan on the deal."
            )
        chosen_plan = conflict.winner_id if keep == "current" else conflict.loser_id
        return payments.keep_plan(store, conflict.row_id, chosen_plan)
    winner = Change.get_by_id(conflict.winner_id)
    loser = Change.get_or_none(Change.id == conflict.loser_id)
    group_fields = FIELD_GROUPS[conflict.table_name][conflict.field_group]
    if conflict.field_group == "deleted":
        deleted = json.loads(winner.new).get("deleted", 0)
        if keep == "other":
            deleted = 0 if loser is None else json.loads(loser.new).get("deleted", 0)
        chosen = {"deleted": deleted}
    elif keep == "current":
        chosen = json.loads(winner.new)
    elif keep == "other" and loser is not None:
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
        if conflict.table_name == "payment":
            from salesdesk.services import payments

            payments.refresh_plans(payments.deals_of_payments([conflict.row_id]))
    return card_id
