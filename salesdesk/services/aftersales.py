"""After the sale: deals, service cases and the visits that follow them."""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from salesdesk.domain import cadence as rules
from salesdesk.domain.dates import date_text, datetime_text, parse_date, parse_datetime
from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.values import CASE_KINDS, check_code, clean_text
from salesdesk.models import clock
from salesdesk.models.store import Store
from salesdesk.models.tables import Deal, ServiceCase, Visit, index_hint, on_store
from salesdesk.services import cards, settings
from salesdesk.services.derive import refresh_cards

CASE_FOLLOW_UP_DAYS = 3  # a few days after resolving, ask whether it stayed resolved
COMPLAINT_CAUSES = ("product", "delivery", "service", "price", "other")
PURPOSE_CASE_FOLLOW_UP = rules.PURPOSE_CASE_FOLLOW_UP


@dataclass(frozen=True)
class DealEntry:
    id: str
    card_id: str
    closed_on: date
    product: str
    amount: float
    note: str


@dataclass(frozen=True)
class CaseEntry:
    id: str
    card_id: str
    kind: str
    content: str
    opened_at: datetime
    first_response_at: datetime | None
    response: str
    resolved_at: datetime | None
    resolution: str
    satisfaction: int | None
    cause: str | None = None
    responsible: str = ""

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


@on_store
def _after_sales_visit(store: Store, card_id: str, due: date, purpose: str) -> None:
    """Plan an after-sales visit, unless one is already planned on or before that day."""
    existing = (
        Visit.select()
        .where(
            (Visit.card_id == card_id)
            & (Visit.status == "planned")
            & (Visit.deleted == 0)
            & (Visit.purpose == purpose)
            & (Visit.due_on <= date_text(due))
        )
        .exists()
    )
    if not existing:
        start = min(clock.now().date(), due)
        store.insert(
            "visit",
            {
                "card_id": card_id,
                "due_on": date_text(due),
                "planned_from": date_text(start),
                "overdue_on": date_text(rules.overdue_after(due, start)),
                "purpose": purpose,
                "status": "planned",
            },
        )


@on_store
def add_deal(
    store: Store,
    card_id: str,
    *,
    amount: float | str,
    product: str,
    closed_on: date | str | None = None,
    note: str = "",
) -> str:
    """Record a sale; the first one turns a prospect into a customer and plans after-sales."""
    card = cards.require(card_id)
    try:
        value = float(str(amount).replace(",", "").strip())
    except ValueError:
        raise InvalidValue(f"'{amount}' is not an amount.") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidValue(f"'{amount}' is not an amount.")
    day = parse_date(closed_on) or clock.now().date()
    what = clean_text(product)
    if not what:
        raise InvalidValue("Say what was sold.")
    first_days = int(settings.get("after_sales_first_days", rules.DEFAULT_AFTER_SALES_FIRST_DAYS))
    with store.write("Add deal"):
        deal_id = store.insert(
            "deal",
            {
                "card_id": card.id,
                "closed_on": date_text(day),
                "product": what,
                "amount": value,
                "note": clean_text(note, "notes", multiline=True),
            },
        )
        if card.status != "customer":
            store.update("card", card.id, {"status": "customer"})
        _after_sales_visit(
            store, card.id, day + timedelta(days=first_days), rules.PURPOSE_AFTER_SALES
        )
        refresh_cards([card.id])
    return deal_id


@on_store
def deals_for_card(card_id: str, *, store: Store | None = None) -> list[DealEntry]:
    rows = (
        Deal.select()
        .where((Deal.card_id == card_id) & (Deal.deleted == 0))
        .order_by(Deal.closed_on.desc())
    )
    out = []
    for d in rows:
        day = parse_date(d.closed_on)
        assert day is not None
        out.append(DealEntry(d.id, d.card_id, day, d.product, float(d.amount), d.note))
    return out


@on_store
def open_case(
    store: Store,
    card_id: str,
    *,
    kind: str,
    content: str,
    at: datetime | str | None = None,
    cause: str | None = None,
    responsible: str = "",
) -> str:
    card = cards.require(card_id)
    code = check_code(kind, CASE_KINDS, "kind of case")
    if code is None:
        raise InvalidValue("Say what kind of case: " + ", ".join(CASE_KINDS) + ".")
    moment = parse_datetime(at) or clock.now()
    values = {
        "card_id": card.id,
        "kind": code,
        "content": clean_text(content, "summary", multiline=True),
        "opened_at": datetime_text(moment),
    }
    if cause or responsible:
        values.update(_cause_values(cause, responsible))
    with store.write("Open case"):
        return store.insert("service_case", values)


def _cause_values(cause: str | None, responsible: str) -> dict[str, Any]:
    return {
        "cause": check_code(cause, COMPLAINT_CAUSES, "cause of a complaint"),
        "responsible": clean_text(responsible),
    }


@on_store
def set_cause(store: Store, case_id: str, *, cause: str | None, responsible: str = "") -> str:
    """What a complaint was about (product, delivery, service, price, other) and who settles it."""
    case = _require_case(case_id)
    values = _cause_values(cause, responsible)
    with store.write("Complaint cause"):
        store.update("service_case", case.id, values)
    return str(case.card_id)


@on_store
def rate(store: Store, case_id: str, *, satisfaction: int | str) -> str:
    """The satisfaction score (1–5) asked at the follow-up after a case was resolved."""
    case = _require_case(case_id)
    if case.resolved_at is None:
        raise InvalidValue("Resolve the case first; satisfaction is asked at the follow-up.")
    score = _score(satisfaction)
    if score is None:
        raise InvalidValue("Satisfaction is a number from 1 to 5.")
    with store.write("Satisfaction"):
        store.update("service_case", case.id, {"satisfaction": score})
    return str(case.card_id)


def _score(satisfaction: int | str | None) -> int | None:
    if satisfaction in (None, ""):
        return None
    try:
        score = int(str(satisfaction))
    except ValueError:
        score = 0
    if not 1 <= score <= 5:
        raise InvalidValue("Satisfaction is a number from 1 to 5.")
    return score


def _require_case(case_id: str) -> ServiceCase:
    case = ServiceCase.get_or_none((ServiceCase.id == case_id) & (ServiceCase.deleted == 0))
    if case is None:
        raise NotFound(f"No service case with id {case_id}.")
    return case


@on_store
def respond(store: Store, case_id: str, *, text: str = "", at: datetime | str | None = None) -> str:
    """The first response to a case (good practice: within 24 hours)."""
    case = _require_case(case_id)
    moment = parse_datetime(at) or clock.now()
    if moment < (parse_datetime(case.opened_at) or moment):
        raise InvalidValue("The response cannot come before the case was opened.")
    with store.write("Respond to case"):
        store.update(
            "service_case",
            case.id,
            {
                "first_response_at": datetime_text(moment),
                "response": clean_text(text, "summary", multiline=True),
            },
        )
    return str(case.card_id)


@on_store
def resolve(
    store: Store,
    case_id: str,
    *,
    text: str = "",
    satisfaction: int | str | None = None,
    at: datetime | str | None = None,
) -> str:
    """Close a case with what was done and the customer's satisfaction; plan a follow-up."""
    case = _require_case(case_id)
    moment = parse_datetime(at) or clock.now()
    score = _score(satisfaction)
    values: dict[str, Any] = {
        "resolved_at": datetime_text(moment),
        "resolution": clean_text(text, "summary", multiline=True),
    }
    with store.write("Resolve case"):
        if case.first_response_at is None:
            values_first = {"first_response_at": datetime_text(moment), "response": ""}
            store.update("service_case", case.id, values_first)
        store.update("service_case", case.id, values)
        if score is not None:
            store.update("service_case", case.id, {"satisfaction": score})
        _after_sales_visit(
            store,
            case.card_id,
            moment.date() + timedelta(days=CASE_FOLLOW_UP_DAYS),
            PURPOSE_CASE_FOLLOW_UP,
        )
        refresh_cards([case.card_id])
    return str(case.card_id)


@on_store
def cases_for_card(card_id: str, *, store: Store | None = None) -> list[CaseEntry]:
    rows = (
        ServiceCase.select()
        .where((ServiceCase.card_id == card_id) & (ServiceCase.deleted == 0))
        .order_by(ServiceCase.opened_at.desc())
    )
    return [_case_entry(c) for c in rows]


def _case_entry(c: ServiceCase) -> CaseEntry:
    opened = parse_datetime(c.opened_at)
    assert opened is not None
    return CaseEntry(
        c.id,
        c.card_id,
        c.kind,
        c.content,
        opened,
        parse_datetime(c.first_response_at),
        c.response,
        parse_datetime(c.resolved_at),
        c.resolution,
        c.satisfaction,
        c.cause,
        c.responsible or "",
    )


@on_store
def unanswered_cases(moment: datetime, *, store: Store | None = None) -> list[dict[str, Any]]:
    """Open cases with no first response for the response target (Preferences, 24 hours by
    default) or more at `moment`: they need you now."""
    from salesdesk.models.tables import database_proxy
    from salesdesk.services.summary import complaint_targets

    limit = datetime_text(moment - timedelta(hours=complaint_targets()[0]))
    # Cases first, cards looked up only for the few found (a join walks every case's card);
    # the cases from the index of those not resolved (schema 6), not a scan of them all.
    rows = database_proxy.execute_sql(
        f"""SELECT s.id, s.card_id, s.kind, s.content, s.opened_at
           FROM service_case s {index_hint("service_case_open")}
           WHERE s.deleted = 0 AND s.first_response_at IS NULL AND s.resolved_at IS NULL
             AND s.opened_at <= ?
             AND s.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
           ORDER BY s.opened_at, s.id""",
        (limit,),
    ).fetchall()
    cards = {
        card_id: (name, company, area)
        for card_id, name, company, area in database_proxy.execute_sql(
            "SELECT id, name, company, area FROM card WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({r[1] for r in rows})),),
        ).fetchall()
    }
    out = []
    for case_id, card_id, kind, content, opened_at in rows:
        name, company, area = cards[card_id]
        opened = _opened(opened_at)
        out.append(
            {
                "case_id": case_id,
                "card_id": card_id,
                "name": name,
                "company": company,
                "area": area,
                "kind": kind,
                "content": content,
                "opened_at": opened_at,
                "hours_waiting": int((moment - opened).total_seconds() // 3600),
            }
        )
    return out


@functools.lru_cache(maxsize=8192)
def _opened(stamp: str) -> datetime:
    """A waiting case's opening moment: the agenda reads the same few hundred again after
    each write Today sees, and for each day ahead it is asked about."""
    opened = parse_datetime(stamp)
    assert opened is not None
    return opened


@on_store
def at_risk_customers(day: date, *, store: Store | None = None) -> list[str]:
    """Customers with no contact (nor purchase) for longer than the after-sales interval."""
    from salesdesk.models.tables import database_proxy

    days = int(settings.get("after_sales_days", rules.DEFAULT_AFTER_SALES_DAYS))
    limit = (day - timedelta(days=days)).isoformat()
    # Both from indexes alone (schema 6): the customers with their last contact and id,
    # and for each one quiet that long, whether a deal of theirs closed since.
    rows = database_proxy.execute_sql(
        f"""SELECT c.id FROM card c {index_hint("card_customers_id")}
           WHERE c.deleted = 0 AND c.status = 'customer'
             AND (c.last_contact_at < ? OR c.last_contact_at IS NULL)
             AND NOT EXISTS (SELECT 1 FROM deal d {index_hint("deal_card_closed")}
                             WHERE d.card_id = c.id AND d.deleted = 0 AND d.closed_on >= ?)
           ORDER BY c.id""",
        (limit, limit),
    ).fetchall()
    return [r[0] for r in rows]
