"""The contact log: every visit, call, message, e-mail or letter, written on the card at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from salesdesk.domain.dates import datetime_text, parse_datetime
from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.grades import parse_grade
from salesdesk.domain.values import CHANNELS, check_code, clean_text
from salesdesk.models import clock
from salesdesk.models.store import Store
from salesdesk.models.tables import Contact, on_store
from salesdesk.services import cards, visits
from salesdesk.services.derive import refresh_cards


@dataclass(frozen=True)
class ContactEntry:
    id: str
    card_id: str
    at: datetime
    channel: str
    summary: str
    outcome: str
    grade_after: str | None


@on_store
def log(
    store: Store,
    card_id: str,
    *,
    channel: str,
    summary: str,
    outcome: str = "",
    at: datetime | str | None = None,
    grade: str | None = None,
    reason: str = "",
    f_kind: str | None = None,
    blocker: str | None = None,
    recheck_on: date | str | None = None,
) -> str:
    """Log a contact; with a grade, regrade the card in the same step."""
    card = cards.require(card_id)
    code = check_code(channel, CHANNELS, "channel")
    if code is None:
        raise InvalidValue("Say how the contact was made: " + ", ".join(CHANNELS) + ".")
    moment = parse_datetime(at) or clock.now()
    text = clean_text(summary, "summary", multiline=True)
    new_grade = parse_grade(grade) if grade else None
    with store.write("Log contact"):
        contact_id = store.insert(
            "contact",
            {
                "card_id": card.id,
                "at": datetime_text(moment),
                "channel": code,
                "summary": text,
                "outcome": clean_text(outcome, "summary", multiline=True),
                "grade_after": new_grade,
            },
        )
        if new_grade:
            cards.change_grade(
                store,
                card.id,
                str(grade),  # as written: "F1" keeps its kind
                reason=reason or text,
                f_kind=f_kind,
                blocker=blocker,
                recheck_on=recheck_on,
                at=moment,
                contact_id=contact_id,
                replan=False,
            )
        # Any contact restarts the clock, counted from the latest contact.
        latest = parse_datetime(card.last_contact_at)
        base = max(moment, latest) if latest else moment
        visits.replan(store, card.id, base.date())
        refresh_cards([card.id])
    return contact_id


@on_store
def edit(store: Store, contact_id: str, fields: dict[str, Any]) -> str:
    """Correct a logged contact (an ordinary change); returns its card id."""
    row = Contact.get_or_none((Contact.id == contact_id) & (Contact.deleted == 0))
    if row is None:
        raise NotFound(f"No contact with id {contact_id}.")
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "at":
            values["at"] = datetime_text(parse_datetime(value))
        elif key == "channel":
            values["channel"] = check_code(value, CHANNELS, "channel")
        elif key in ("summary", "outcome"):
            values[key] = clean_text(value, "summary", multiline=True)
        else:
            raise InvalidValue(f"Unknown contact field: {key}.")
    with store.write("Edit contact"):
        store.update("contact", row.id, values)
        refresh_cards([row.card_id])
    return str(row.card_id)


@on_store
def delete(store: Store, contact_id: str) -> str:
    row = Contact.get_or_none((Contact.id == contact_id) & (Contact.deleted == 0))
    if row is None:
        raise NotFound(f"No contact with id {contact_id}.")
    with store.write("Delete contact"):
        store.update("contact", row.id, {"deleted": 1})
        refresh_cards([row.card_id])
    return str(row.card_id)


@on_store
def for_card(
    card_id: str, limit: int | None = None, *, store: Store | None = None
) -> list[ContactEntry]:
    """The card's contacts, newest first."""
    query = (
        Contact.select(
            Contact.id,
            Contact.card_id,
            Contact.at,
            Contact.channel,
            Contact.summary,
            Contact.outcome,
            Contact.grade_after,
        )
        .where((Contact.card_id == card_id) & (Contact.deleted == 0))
        .order_by(Contact.at.desc(), Contact.created.desc())
        .tuples()
    )
    if limit:
        query = query.limit(limit)
    out = []
    for cid, card, at, channel, summary, outcome, grade_after in query:
        moment = parse_datetime(at)
        assert moment is not None
        out.append(ContactEntry(cid, card, moment, channel, summary, outcome, grade_after))
    return out
