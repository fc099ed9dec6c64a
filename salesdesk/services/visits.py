"""Return visits: planned from the cadence, moved, cancelled, added and completed by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from salesdesk.domain import cadence as rules
from salesdesk.domain.dates import date_text, datetime_text, parse_date, parse_datetime
from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.values import clean_text
from salesdesk.models import clock
from salesdesk.models.store import Store
from salesdesk.models.tables import Card, Visit, on_store
from salesdesk.services import settings
from salesdesk.services.derive import refresh_cards


@dataclass(frozen=True)
class VisitEntry:
    id: str
    card_id: str
    due_on: date
    due_time: str | None
    purpose: str
    status: str
    hand_set: bool
    planned_from: date | None
    done_at: datetime | None


def _entry(v: Visit) -> VisitEntry:
    due = parse_date(v.due_on)
    assert due is not None
    return VisitEntry(
        v.id,
        v.card_id,
        due,
        v.due_time,
        v.purpose,
        v.status,
        bool(v.hand_set),
        parse_date(v.planned_from),
        parse_datetime(v.done_at),
    )


@on_store
def planned(card_id: str, *, store: Store | None = None) -> list[Visit]:
    return list(
        Visit.select()
        .where((Visit.card_id == card_id) & (Visit.status == "planned") & (Visit.deleted == 0))
        .order_by(Visit.due_on)
    )


@on_store
def for_card(card_id: str, *, store: Store | None = None) -> list[VisitEntry]:
    """All the card's visits, latest due first."""
    rows = (
        Visit.select()
        .where((Visit.card_id == card_id) & (Visit.deleted == 0))
        .order_by(Visit.due_on.desc())
    )
    return [_entry(v) for v in rows]


@on_store
def replan(store: Store, card_id: str, base: date) -> str | None:
    """After a contact or regrade on `base`, plan the card's next visit from its cadence.

    A visit the user set by hand stands: it is never moved silently. Returns a
    note for the user when it kept one, else None.
    """
    card = Card.get_by_id(card_id)
    plan = rules.next_visit(
        card.grade, card.f_kind, parse_date(card.recheck_on), base, settings.cadence()
    )
    if card.status == "customer" and plan is not None and plan.purpose == rules.PURPOSE_FOLLOW_UP:
        after_sales = int(settings.get("after_sales_days", rules.DEFAULT_AFTER_SALES_DAYS))
        if (plan.due_on - base).days > after_sales:
            plan = rules.next_visit("A", None, None, base, {"A": after_sales})
    visits = planned(card_id)
    by_hand = [v for v in visits if v.hand_set]
    auto = [v for v in visits if not v.hand_set]
    if by_hand:
        return f"kept the visit set by hand for {by_hand[0].due_on}"
    with store.write():
        if plan is None:
            return None
        start = min(base, plan.due_on)
        values = {
            "due_on": date_text(plan.due_on),
            "planned_from": date_text(start),
            "overdue_on": date_text(rules.overdue_after(plan.due_on, start)),
            "purpose": plan.purpose,
        }
        if auto:
            store.update("visit", auto[0].id, values)
            for extra in auto[1:]:
                store.update("visit", extra.id, {"status": "cancelled"})
        else:
            store.insert("visit", {"card_id": card_id, "status": "planned", **values})
        refresh_cards([card_id])
    return None


@on_store
def add(
    store: Store,
    card_id: str,
    due_on: date | str,
    *,
    due_time: str | None = None,
    purpose: str = "",
) -> str:
    """A visit the user plans by hand; the cadence will not move it."""
    card = Card.get_or_none((Card.id == card_id) & (Card.deleted == 0))
    if card is None:
        raise NotFound(f"No card with id {card_id}.")
    day = parse_date(due_on)
    if day is None:
        raise InvalidValue("A visit needs a date.")
    with store.write("Plan visit"):
        visit_id = store.insert(
            "visit",
            {
                "card_id": card_id,
                "due_on": date_text(day),
                "due_time": _time_text(due_time),
                "hand_set": 1,
                "planned_from": None,
                "overdue_on": date_text(day),  # set by hand: overdue the day after
                "purpose": clean_text(purpose),
                "status": "planned",
            },
        )
        refresh_cards([card_id])
    return visit_id


def _time_text(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = datetime.strptime(str(value).strip(), "%H:%M")
    except ValueError:
        raise InvalidValue(f"'{value}' is not a time: write it as HH:MM.") from None
    return moment.strftime("%H:%M")


@on_store
def require(visit_id: str, *, store: Store | None = None) -> Visit:
    visit = Visit.get_or_none((Visit.id == visit_id) & (Visit.deleted == 0))
    if visit is None:
        raise NotFound(f"No visit with id {visit_id}.")
    return visit


@on_store
def reschedule(store: Store, visit_id: str, due_on: date | str, due_time: str | None = None) -> str:
    """Move a visit to another day; from now on it counts as set by hand."""
    visit = require(visit_id)
    day = parse_date(due_on)
    if day is None:
        raise InvalidValue("A visit needs a date.")
    with store.write("Reschedule visit"):
        store.update(
            "visit",
            visit.id,
            {
                "due_on": date_text(day),
                "due_time": _time_text(due_time),
                "hand_set": 1,
                "overdue_on": date_text(day),
            },
        )
        refresh_cards([visit.card_id])
    return str(visit.card_id)


@on_store
def cancel(store: Store, visit_id: str) -> str:
    visit = require(visit_id)
    with store.write("Cancel visit"):
        store.update("visit", visit.id, {"status": "cancelled"})
        refresh_cards([visit.card_id])
    return str(visit.card_id)


@on_store
def complete(store: Store, visit_id: str, **contact: Any) -> str:
    """Mark a visit done with the contact it was; logging the contact plans the next visit."""
    from salesdesk.services import contacts

    visit = require(visit_id)
    if visit.status != "planned":
        raise InvalidValue("This visit is not planned any more.")
    contact.setdefault("channel", "visit")
    contact.setdefault("summary", "")
    with store.write("Complete visit"):
        moment = parse_datetime(contact.get("at")) or clock.now()
        contact["at"] = moment
        store.update(
            "visit",
            visit.id,
            {"status": "done", "done_at": datetime_text(moment)},
        )
        contact_id = contacts.log(store, visit.card_id, **contact)
        store.update("visit", visit.id, {"contact_id": contact_id})
    return contact_id
