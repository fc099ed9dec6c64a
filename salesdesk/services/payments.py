"""Payment plans and collections (安排收款): a deal's installments, what was paid, what is owed.

A deal's plan is its `payment` rows of kind 'installment' (due day, amount); each payment
received is a row of kind 'receipt' (paid day, amount, method, note). Receipts are
applied to the installments in due order, so an installment is paid, partly paid, due or
overdue by arithmetic alone, and two laptops recording payments only ever add rows.
Amounts are counted in cents so a plan of 3 × 33,333.33 + 33,333.34 adds up exactly.
"""

from __future__ import annotations

import calendar
import math
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from salesdesk.domain.dates import date_text, parse_date
from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.values import PAYMENT_METHODS, check_code, clean_text, parse_phones
from salesdesk.models import clock
from salesdesk.models.store import Store, new_id
from salesdesk.models.tables import (
    Card,
    Deal,
    Payment,
    database_proxy,
    derive_payments,
    on_store,
)

MAX_INSTALLMENTS = 120
AGE_BUCKETS = ("1-30", "31-60", "61-90", "90+")  # days overdue: ≤ 30, 31–60, 61–90, > 90
UNITS = ("days", "months")


def money(value: float) -> str:
    """120,000 or 33,333.34: how an amount is written in messages."""
    cents = round(value * 100)
    whole, part = divmod(abs(cents), 100)
    text = f"{whole:,}" + (f".{part:02d}" if part else "")
    return "-" + text if cents < 0 else text


def cents_of(amount: float | str | int, *, allow_zero: bool = False) -> int:
    """An amount the user gave, in cents; refused when it is not a positive amount."""
    try:
        value = float(str(amount).replace(",", "").replace("，", "").strip())
    except ValueError:
        raise InvalidValue(f"'{amount}' is not an amount.") from None
    if not math.isfinite(value) or value > 1e13:
        raise InvalidValue(f"'{amount}' is not an amount.")
    if value < 0 or (value == 0 and not allow_zero):
        raise InvalidValue(f"An amount must be more than 0, not {amount}.")
    return round(value * 100)


@dataclass(frozen=True)
class Installment:
    id: str
    number: int  # 1, 2, 3 … in due order
    due_on: date
    amount: float
    paid: float  # how much of it the receipts cover
    paid_on: date | None  # the day the receipt that completed it was paid
    status: str  # paid, due (today or later), overdue

    @property
    def remaining(self) -> float:
        return round(self.amount - self.paid, 2)


@dataclass(frozen=True)
class Receipt:
    id: str
    paid_on: date
    amount: float
    method: str | None
    note: str


@dataclass(frozen=True)
class DealPayments:
    deal_id: str
    card_id: str
    product: str
    closed_on: date
    deal_amount: float
    installments: tuple[Installment, ...] = ()
    receipts: tuple[Receipt, ...] = ()

    @property
    def planned(self) -> float:
        return round(sum(i.amount for i in self.installments), 2)

    @property
    def paid(self) -> float:
        return round(sum(r.amount for r in self.receipts), 2)

    @property
    def outstanding(self) -> float:
        return max(round(self.planned - self.paid, 2), 0.0)

    @property
    def overdue(self) -> float:
        return round(sum(i.remaining for i in self.installments if i.status == "overdue"), 2)

    @property
    def overpaid(self) -> float:
        """More received than planned (two laptops took the same payment): shown, not lost."""
        return max(round(self.paid - self.planned, 2), 0.0)

    @property
    def has_plan(self) -> bool:
        return bool(self.installments)


def split_plan(
    total: float | str,
    first_due: date | str,
    count: int | str = 1,
    every: int | str = 1,
    unit: str = "months",
) -> list[tuple[date, float]]:
    """N equal installments (the cents left over on the last) every M days or months."""
    cents = cents_of(total)
    try:
        n = int(str(count).strip())
    except ValueError:
        raise InvalidValue(
            f"'{count}' installments: give a number from 1 to {MAX_INSTALLMENTS}."
        ) from None
    if not 1 <= n <= MAX_INSTALLMENTS:
        raise InvalidValue(f"'{count}' installments: give a number from 1 to {MAX_INSTALLMENTS}.")
    try:
        step = int(str(every).strip())
    except ValueError:
        step = 0
    if n > 1 and step < 1:
        raise InvalidValue(f"Every '{every}': give a number of days or months above 0.")
    if unit not in UNITS:
        raise InvalidValue(f"Every {every} '{unit}': say days or months.")
    start = parse_date(first_due)
    if start is None:
        raise InvalidValue(f"'{first_due}' is not a date: write it as YYYY-MM-DD.")
    share = cents // n
    out = []
    for k in range(n):
        due = start + timedelta(days=step * k) if unit == "days" else add_months(start, step * k)
        amount = share if k < n - 1 else cents - share * (n - 1)
        out.append((due, amount / 100))
    return out


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require_deal(deal_id: str) -> Deal:
    deal = Deal.get_or_none((Deal.id == deal_id) & (Deal.deleted == 0))
    if deal is None:
        raise NotFound(f"No deal with id {deal_id}.")
    return deal


@on_store
def find_deal(ref: str, *, store: Store | None = None) -> Deal:
    """A deal by its id, or by the id of one of its installments or payments."""
    deal = Deal.get_or_none((Deal.id == ref) & (Deal.deleted == 0))
    if deal is not None:
        return deal
    row = Payment.get_or_none((Payment.id == ref) & (Payment.deleted == 0))
    if row is not None:
        return _require_deal(row.deal_id)
    raise NotFound(f"No deal with id {ref}.")


def _rows(deal_ids: list[str]) -> dict[str, list[Payment]]:
    out: dict[str, list[Payment]] = defaultdict(list)
    for start in range(0, len(deal_ids), 500):
        chunk = deal_ids[start : start + 500]
        query = Payment.select().where(Payment.deal_id.in_(chunk) & (Payment.deleted == 0))
        for row in query.order_by(Payment.day, Payment.created, Payment.id):
            out[row.deal_id].append(row)
    return out


def current_plan(installments: list[Payment]) -> list[Payment]:
    """The installments of the plan in force: the newest plan's (two laptops may each have
    replaced the plan before they synced; both plans arrive, the newer one counts)."""
    if not installments:
        return []
    newest = max(installments, key=lambda r: (r.created, r.plan_id or ""))
    return [r for r in installments if r.plan_id == newest.plan_id]


def _allocate(deal: Deal, rows: list[Payment], today: date) -> DealPayments:
    plan = current_plan([r for r in rows if r.kind == "installment"])
    receipts = [r for r in rows if r.kind == "receipt"]
    # Each receipt pays the oldest installment not yet paid, then the next.
    queue = [(float(r.amount), parse_date(r.day)) for r in receipts]
    left = [round(a * 100) for a, _ in queue]
    position = 0
    installments = []
    for number, row in enumerate(plan, start=1):
        due = parse_date(row.day)
        assert due is not None
        need = round(float(row.amount) * 100)
        covered = 0
        paid_on = None
        while covered < need and position < len(queue):
            take = min(need - covered, left[position])
            covered += take
            left[position] -= take
            paid_on = queue[position][1]
            if left[position] == 0:
                position += 1
        if covered >= need:
            status = "paid"
        else:
            paid_on = None
            status = "overdue" if due < today else "due"
        installments.append(
            Installment(row.id, number, due, need / 100, covered / 100, paid_on, status)
        )
    closed = parse_date(deal.closed_on)
    assert closed is not None
    return DealPayments(
        deal.id,
        deal.card_id,
        deal.product,
        closed,
        float(deal.amount),
        tuple(installments),
        tuple(
            Receipt(r.id, parse_date(r.day) or closed, float(r.amount), r.method, r.note)
            for r in receipts
        ),
    )


@on_store
def for_deal(
    deal_id: str, today: date | None = None, *, store: Store | None = None
) -> DealPayments:
    deal = find_deal(deal_id)
    day = today or clock.now().date()
    return _allocate(deal, _rows([deal.id]).get(deal.id, []), day)


@on_store
def for_card(
    card_id: str, today: date | None = None, *, store: Store | None = None
) -> list[DealPayments]:
    """Every deal of a card with its plan and payments, newest deal first."""
    day = today or clock.now().date()
    deals = list(
        Deal.select()
        .where((Deal.card_id == card_id) & (Deal.deleted == 0))
        .order_by(Deal.closed_on.desc(), Deal.id)
    )
    rows = _rows([d.id for d in deals])
    return [_allocate(d, rows.get(d.id, []), day) for d in deals]


@on_store
def all_open(
    today: date | None = None,
    live: tuple[str, list[Any]] | None = None,
    *,
    store: Store | None = None,
) -> list[DealPayments]:
    """Deals of live cards that still have something to collect; `live`: a condition on
    `p.card_id` and its parameters (a summary's card scope)."""
    day = today or clock.now().date()
    sql = (
        "SELECT DISTINCT p.deal_id FROM payment p JOIN deal d ON d.id = p.deal_id "
        "JOIN card c ON c.id = d.card_id WHERE p.deleted = 0 AND d.deleted = 0 "
        "AND c.deleted = 0 AND p.kind = 'installment'"
    )
    params: list[Any] = []
    if live is not None:
        sql += f" AND {live[0]}"
        params += live[1]
    ids = [r[0] for r in database_proxy.execute_sql(sql, params).fetchall()]
    deals = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        deals += list(Deal.select().where(Deal.id.in_(chunk)))
    rows = _rows([d.id for d in deals])
    out = [_allocate(d, rows.get(d.id, []), day) for d in deals]
    return [p for p in out if p.outstanding > 0]


# -- writing ---------------------------------------------------------------------------
@on_store
def refresh_plans(deal_ids: Iterable[str] | None = None, *, store: Store | None = None) -> None:
    """After payment rows of these deals (None: any deal) were written, undone or merged:
    their installments' stored figures (what is paid, what is open) follow, and so does
    the conflict of two plans made at once."""
    ids = None if deal_ids is None else sorted(set(deal_ids))
    derive_payments(database_proxy, ids)
    _derive_plan_conflicts(ids)


# Two laptops that each replaced a deal's plan before they synced both keep theirs: a plan
# replaced here deletes every plan before it, so two live plans on one deal were made
# without seeing each other. The newest is in force; the other is kept and listed as a
# conflict (table 'payment', the deal's id, group 'plan') until the user keeps one. The
# conflict is a function of the rows alone, so every replica that holds them lists it.
PLAN_GROUP = "plan"
_PLAN_CONFLICT_NS = uuid.UUID("2f4c8e0a-6b1d-4c3e-9f20-7a5d1e9b0c20")


def plan_conflict_id(deal_id: str) -> str:
    return str(uuid.uuid5(_PLAN_CONFLICT_NS, f"payment|{deal_id}|{PLAN_GROUP}"))


@on_store
def live_plans(deal_id: str, *, store: Store | None = None) -> list[tuple[str, str]]:
    """(plan id, its newest row's stamp) of a deal's live plans, the one in force first."""
    # INDEXED BY: without statistics (a new laptop filled by its first pull) SQLite takes
    # the index of two equal columns, (deleted, kind, day), and reads every live
    # installment for each deal: 28,000 deals took tens of minutes.
    rows = database_proxy.execute_sql(
        "SELECT coalesce(plan_id, ''), max(created) FROM payment INDEXED BY payment_deal_id "
        "WHERE deal_id = ? AND kind = 'installment' AND deleted = 0 GROUP BY 1",
        (deal_id,),
    ).fetchall()
    return sorted(((str(p), str(c)) for p, c in rows), key=lambda r: (r[1], r[0]), reverse=True)


def _derive_plan_conflicts(deal_ids: list[str] | None) -> None:
    if deal_ids is None:
        deal_ids = [
            str(r[0])
            for r in database_proxy.execute_sql(
                "SELECT DISTINCT deal_id FROM payment WHERE kind = 'installment' AND deleted = 0"
            ).fetchall()
        ]
        database_proxy.execute_sql(
            "DELETE FROM conflict WHERE table_name = 'payment' AND field_group = ?", (PLAN_GROUP,)
        )
    for deal_id in deal_ids:
        database_proxy.execute_sql(
            "DELETE FROM conflict WHERE id = ?", (plan_conflict_id(deal_id),)
        )
        plans = live_plans(deal_id)
        if len(plans) < 2:
            continue
        (winner, made), (loser, _) = plans[0], plans[1]
        database_proxy.execute_sql(
            "INSERT INTO conflict (id, created, table_name, row_id, field_group, winner_id, "
            "loser_id, resolved_by) VALUES (?, ?, 'payment', ?, ?, ?, ?, NULL)",
            (plan_conflict_id(deal_id), made, deal_id, PLAN_GROUP, winner, loser),
        )


@on_store
def keep_plan(store: Store, deal_id: str, plan_id: str) -> str:
    """Settle a conflict of plans: the other live plans of the deal are deleted (ordinary
    changes that sync on). Returns the card id."""
    deal = _require_deal(deal_id)
    plans = [p for p, _ in live_plans(deal.id)]
    if plan_id not in plans:
        raise NotFound(f"No live plan {plan_id} on this deal.")
    with store.write("Keep plan"):
        other = (
            Payment.plan_id.is_null(False)
            if plan_id == ""  # the rows of a plan from before plans had ids
            else Payment.plan_id.is_null(True) | (Payment.plan_id != plan_id)
        )
        others = Payment.select(Payment.id).where(
            (Payment.deal_id == deal.id)
            & (Payment.kind == "installment")
            & (Payment.deleted == 0)
            & other
        )
        for (row_id,) in list(others.tuples()):
            store.update("payment", row_id, {"deleted": 1})
        refresh_plans([deal.id])
    return str(deal.card_id)


@on_store
def deals_of_payments(payment_ids: Iterable[str], *, store: Store | None = None) -> set[str]:
    """The deals these payment rows belong to (deleted rows too)."""
    ids = sorted(set(payment_ids))
    out: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = Payment.select(Payment.deal_id).where(Payment.id.in_(chunk)).distinct()
        out.update(str(r[0]) for r in query.tuples())
    return out


@on_store
def set_plan(store: Store, deal_id: str, installments: list[tuple[date | str, float | str]]) -> str:
    """Replace a deal's plan; the installments must add up to the deal. Returns the card id."""
    deal = _require_deal(deal_id)
    if not installments:
        raise InvalidValue("A plan needs at least one installment.")
    if len(installments) > MAX_INSTALLMENTS:
        raise InvalidValue(
            f"'{len(installments)}' installments: give a number from 1 to {MAX_INSTALLMENTS}."
        )
    planned: list[tuple[date, int]] = []
    for due, amount in installments:
        day = parse_date(due)
        if day is None:
            raise InvalidValue(f"'{due}' is not a date: write it as YYYY-MM-DD.")
        planned.append((day, cents_of(amount)))
    total = sum(c for _, c in planned)
    deal_cents = round(float(deal.amount) * 100)
    if total != deal_cents:
        raise InvalidValue(
            f"The installments add up to {money(total / 100)}, not the deal's "
            f"{money(deal_cents / 100)}."
        )
    current = for_deal(deal.id)
    paid = round(current.paid * 100)
    if paid > total:
        raise InvalidValue(
            f"{money(current.paid)} is paid on this deal already, more than the plan's "
            f"{money(total / 100)}."
        )
    planned.sort(key=lambda p: p[0])
    plan_id = new_id()
    with store.write("Payment plan"):
        live = Payment.select(Payment.id).where(
            (Payment.deal_id == deal.id) & (Payment.kind == "installment") & (Payment.deleted == 0)
        )
        for (row_id,) in live.tuples():  # the plan in force and any it superseded
            store.update("payment", row_id, {"deleted": 1})
        for day, cents in planned:
            store.insert(
                "payment",
                {
                    "card_id": deal.card_id,
                    "deal_id": deal.id,
                    "kind": "installment",
                    "plan_id": plan_id,
                    "day": date_text(day),
                    "amount": cents / 100,
                    "method": None,
                    "note": "",
                },
            )
        refresh_plans([deal.id])
    return str(deal.card_id)


@on_store
def pay(
    store: Store,
    ref: str,
    *,
    amount: float | str | None = None,
    paid_on: date | str | None = None,
    method: str | None = None,
    note: str = "",
) -> str:
    """Record a payment on a deal (ref: the deal or one of its installments); partial is
    fine, more than is still due is refused. Default amount: the next installment's rest."""
    deal = find_deal(ref)
    current = for_deal(deal.id)
    if not current.has_plan:
        raise InvalidValue("This deal has no payment plan yet: set one first.")
    owed = round(current.outstanding * 100)
    if owed <= 0:
        raise InvalidValue("This deal is paid in full.")
    if amount is None or str(amount).strip() == "":
        target = next(
            (i for i in current.installments if i.id == ref and i.status != "paid"),
            next(i for i in current.installments if i.status != "paid"),
        )
        cents = round(target.remaining * 100)
    else:
        cents = cents_of(amount)
    if cents > owed:
        raise InvalidValue(
            f"{money(cents / 100)} is more than the {money(owed / 100)} still due on this deal."
        )
    day = parse_date(paid_on) if paid_on not in (None, "") else clock.now().date()
    if day is None:
        raise InvalidValue(f"'{paid_on}' is not a date: write it as YYYY-MM-DD.")
    how = check_code(method, PAYMENT_METHODS, "payment method")
    with store.write("Record payment"):
        made = store.insert(
            "payment",
            {
                "card_id": deal.card_id,
                "deal_id": deal.id,
                "kind": "receipt",
                "day": date_text(day),
                "amount": cents / 100,
                "method": how,
                "note": clean_text(note, "notes", multiline=True),
            },
        )
        refresh_plans([deal.id])
    return made


# -- reading for Today and the summary ---------------------------------------------------
@dataclass(frozen=True)
class DuePayment:
    """An installment to collect: for Today, the week plan and `payment list`."""

    installment_id: str
    deal_id: str
    card_id: str
    name: str
    company: str
    phone: str
    product: str
    number: int
    of: int
    due_on: date
    remaining: float
    days_overdue: int  # 0: not overdue yet

    def to_json(self) -> dict[str, Any]:
        return {
            "installment_id": self.installment_id,
            "deal_id": self.deal_id,
            "card_id": self.card_id,
            "name": self.name,
            "company": self.company,
            "phone": self.phone,
            "product": self.product,
            "installment": f"{self.number}/{self.of}",
            "due_on": date_text(self.due_on),
            "remaining": self.remaining,
            "days_overdue": self.days_overdue,
        }


# Today's collections and the list's overdue marks are read again after every write the
# window makes; at 100,000 cards one pass over the payment rows takes a noticeable time.
# Their answers are kept until a write that can change them (services.session calls
# forget() for payments, deals, a card's name, phones or delete, a merge, a new session).
_memo: dict[tuple[Any, ...], Any] = {}
_memo_lock = threading.Lock()


# The answers that show a card's name, company, phone or owner (the list of installments
# due); the overdue marks and the counts depend on the payments, deals and deletes alone.
_SHOWS_PEOPLE = frozenset({"due"})


def forget(*, people_only: bool = False) -> None:
    """Something a collection list shows may have changed: read afresh next time.

    people_only: only a card's name, company, phones or owner changed (issue 16): the
    overdue marks the card list shows after the edit stay remembered."""
    with _memo_lock:
        if not people_only:
            _memo.clear()
            return
        for key in [k for k in _memo if k[1] in _SHOWS_PEOPLE]:
            del _memo[key]


def _remembered(key: tuple[Any, ...], work: Callable[[], Any]) -> Any:
    full = (str(getattr(database_proxy.obj, "database", "")), *key)
    with _memo_lock:
        if full in _memo:
            return _memo[full]
    value = work()
    with _memo_lock:
        if len(_memo) > 64:
            _memo.clear()
        _memo[full] = value
    return value


def unpaid_sql(live: str = "", *, postgresql: bool = False) -> str:
    """The WITH clause naming `unpaid` for SQLite (from the installments' derived columns),
    or for PostgreSQL (the team hub's view, worked out from the payment rows): the same
    definition of what is still owed on both engines."""
    if postgresql:
        return _unpaid_computed(live, least="LEAST")
    return _unpaid(live)


def _unpaid(live: str = "") -> str:
    """SQL (a WITH clause) naming `unpaid`: every installment of a plan in force not paid in
    full, with its deal, card, number, count and what is left of it. Each installment keeps
    what the receipts cover of it and, while open, its due day (models.tables.
    derive_payments, kept by every write), so this reads the open installments from their
    index instead of ranking every payment row at each read."""
    return f"""
    WITH unpaid AS (
        SELECT p.id, p.deal_id, d.card_id, d.product, p.open_on AS day, p.number,
            p.plan_size AS total, round(p.amount - p.paid, 2) AS remaining
        FROM payment p INDEXED BY payment_open_on JOIN deal d ON d.id = p.deal_id
        WHERE p.open_on IS NOT NULL AND p.deleted = 0 AND d.deleted = 0
            AND d.card_id NOT IN ({_GONE_CARDS}) {live})
    """


def _unpaid_computed(live: str = "", *, least: str = "min") -> str:
    """`unpaid` worked out from the payment rows alone, for an engine whose rows carry no
    derived columns (the team hub on PostgreSQL): every installment of a plan in force not
    paid in full, with its deal, card, number, count and what is left of it. Receipts pay the
    installments in due order, so an installment is paid when its plan's running total
    up to it is within what was received: no deal loaded. The plan in force and what was
    received are found once per deal (grouped, then looked up by the deal's index), not by
    windows over every payment row: those sorted all 54,000 rows of the 100,000-card demo
    three times and were half of the dashboard's figures. `live` (a condition on p.card_id)
    picks the plans; a deal's payments are on its card (a card merge moves them together).
    `least`: the two-argument minimum of the engine (SQLite's min, PostgreSQL's LEAST); a
    null-safe equality is spelled `IS` in SQLite and `IS NOT DISTINCT FROM` in PostgreSQL,
    which has no CROSS JOIN … ON."""
    same = "IS" if least == "min" else "IS NOT DISTINCT FROM"
    cross = "CROSS " if least == "min" else ""  # SQLite: the chosen plans drive the join
    return f"""
    WITH plans AS (
        SELECT p.deal_id, p.plan_id, max(p.created) AS made, count(*) AS total
        FROM payment p WHERE p.deleted = 0 AND p.kind = 'installment' {live}
        GROUP BY p.deal_id, p.plan_id),
    chosen AS MATERIALIZED (
        SELECT x.deal_id, x.plan_id, x.total, (
            SELECT coalesce(sum(p.amount), 0) FROM payment p
            WHERE p.deal_id = x.deal_id AND p.deleted = 0 AND p.kind = 'receipt'
        ) AS paid
        FROM (SELECT *, row_number() OVER (
                PARTITION BY deal_id ORDER BY made DESC, plan_id DESC) AS plan_rank
            FROM plans) x WHERE x.plan_rank = 1),
    inst AS (
        SELECT p.id, p.deal_id, p.day, p.amount, ch.paid, ch.total,
            sum(p.amount) OVER w AS cum, row_number() OVER w AS number
        FROM chosen ch {cross}JOIN payment p
            ON p.deal_id = ch.deal_id AND p.plan_id {same} ch.plan_id
        WHERE p.deleted = 0 AND p.kind = 'installment'
        WINDOW w AS (PARTITION BY p.deal_id ORDER BY p.day, p.created, p.id
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
    unpaid AS (
        SELECT i.id, i.deal_id, d.card_id, d.product, i.day, i.number, i.total,
            {least}(i.amount, i.cum - i.paid) AS remaining
        FROM inst i JOIN deal d ON d.id = i.deal_id JOIN card c ON c.id = d.card_id
        WHERE round((i.cum - i.paid) * 100) > 0 AND d.deleted = 0 AND c.deleted = 0)
    """


# Deleted cards are few: their ids once, instead of looking each open installment's card up.
_GONE_CARDS = "SELECT id FROM card WHERE deleted = 1"


@on_store
def due_payments(
    today: date | None = None,
    days: int = 7,
    limit: int | None = None,
    *,
    owner: str | None = None,
    store: Store | None = None,
) -> list[DuePayment]:
    """Installments overdue, and those due from today to `days` days on; oldest first
    (at most `limit`, the most overdue first); `owner`: of that owner's cards alone."""
    day = today or clock.now().date()
    key = ("due", day, days, limit, owner)
    return list(_remembered(key, lambda: _due(day, days, limit, owner)))


def _due(day: date, days: int, limit: int | None, owner: str | None) -> list[DuePayment]:
    horizon = day + timedelta(days=max(days, 1) - 1)
    sql = (
        _unpaid() + "SELECT u.id, u.deal_id, u.card_id, c.name, c.company, c.phones, u.product, "
        "u.number, u.total, u.day, u.remaining FROM unpaid u JOIN card c ON c.id = u.card_id "
        "WHERE u.day <= ?"
    )
    params: list[Any] = [horizon.isoformat()]
    if owner is not None:
        sql += " AND c.owner = ?"
        params.append(owner)
    sql += " ORDER BY u.day, c.name, u.id"
    if limit is not None:
        sql += f" LIMIT {max(int(limit), 0)}"
    out = []
    rows = database_proxy.execute_sql(sql, params).fetchall()
    for (item_id, deal_id, card_id, name, company, phones, product, number, total, due_text,
         remaining) in rows:  # fmt: skip
        due = parse_date(due_text)
        if due is None:
            continue
        numbers = parse_phones(phones)
        out.append(
            DuePayment(
                str(item_id),
                str(deal_id),
                str(card_id),
                str(name),
                str(company),
                numbers[0].number if numbers else "",
                str(product),
                int(number),
                int(total),
                due,
                round(float(remaining), 2),
                max((day - due).days, 0),
            )
        )
    return out


@on_store
def count_due_payments(
    today: date | None = None, days: int = 7, *, store: Store | None = None
) -> int:
    day = today or clock.now().date()
    horizon = day + timedelta(days=max(days, 1) - 1)
    # From the index alone: the open installments due by then, less those of deleted deals
    # and cards (an open installment is never a deleted row: derive_payments clears it).
    sql = (
        "SELECT (SELECT count(*) FROM payment WHERE open_on <= :day) - (SELECT count(*) "
        "FROM payment WHERE open_on <= :day AND deal_id IN (SELECT id FROM deal WHERE "
        f"deleted = 1 UNION SELECT id FROM deal WHERE card_id IN ({_GONE_CARDS})))"
    )
    return int(
        _remembered(
            ("count", horizon),
            lambda: database_proxy.execute_sql(sql, {"day": horizon.isoformat()}).fetchone()[0],
        )
    )


@dataclass
class Receivables:
    outstanding: float = 0.0
    overdue: float = 0.0
    aged: dict[str, float] = field(default_factory=lambda: dict.fromkeys(AGE_BUCKETS, 0.0))
    collected: float = 0.0  # received within the period
    overdue_cards: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "outstanding": round(self.outstanding, 2),
            "overdue": round(self.overdue, 2),
            "overdue_by_age": {k: round(v, 2) for k, v in self.aged.items()},
            "collected": round(self.collected, 2),
            "cards_with_overdue": self.overdue_cards,
        }


def age_bucket(days: int) -> str:
    if days <= 30:
        return "1-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


@on_store
def receivables(
    today: date,
    start: date | None = None,
    end: date | None = None,
    live: tuple[str, list[Any]] | None = None,
    *,
    store: Store | None = None,
) -> Receivables:
    """Outstanding and overdue (by days overdue) on `today`; collected from start to end.
    `live`: a condition on `p.card_id` (the summary's card scope)."""
    out = Receivables()
    condition, scope = ("", []) if live is None else (f"AND {live[0]}", list(live[1]))
    # The unpaid installments are summed, aged and counted by the database in one pass
    # (22,000 of them at 100,000 cards): no row comes to Python.
    late = "u.day < t.today"
    age = "julianday(t.today) - julianday(substr(u.day, 1, 10))"
    sql = _unpaid(condition) + (
        ", t AS (SELECT ? AS today) SELECT coalesce(sum(u.remaining), 0), "
        f"coalesce(sum(CASE WHEN {late} THEN u.remaining END), 0), "
        f"coalesce(sum(CASE WHEN {late} AND {age} <= 30 THEN u.remaining END), 0), "
        f"coalesce(sum(CASE WHEN {late} AND {age} > 30 AND {age} <= 60 THEN u.remaining END), 0), "
        f"coalesce(sum(CASE WHEN {late} AND {age} > 60 AND {age} <= 90 THEN u.remaining END), 0), "
        f"coalesce(sum(CASE WHEN {late} AND {age} > 90 THEN u.remaining END), 0), "
        f"count(DISTINCT CASE WHEN {late} THEN u.card_id END) FROM unpaid u, t"
    )
    row = database_proxy.execute_sql(sql, [*scope, today.isoformat()]).fetchone()
    out.outstanding = round(float(row[0]), 2)
    out.overdue = round(float(row[1]), 2)
    for bucket, amount in zip(AGE_BUCKETS, row[2:6], strict=True):
        out.aged[bucket] = float(amount)
    out.overdue_cards = int(row[6])
    if start is not None and end is not None:
        # The receipts of a live card and deal: the few deleted ids once, and that card and
        # deal exist by their id's index alone; joining fetched both rows of each of the
        # 32,000 receipts at 100,000 cards (250 ms, 120 ms this way).
        sql = (
            "SELECT coalesce(sum(p.amount), 0) FROM payment p WHERE p.deleted = 0 "
            "AND p.kind = 'receipt' AND p.day BETWEEN ? AND ? "
            f"AND p.card_id NOT IN ({_GONE_CARDS}) AND p.card_id IN (SELECT id FROM card) "
            "AND p.deal_id NOT IN (SELECT id FROM deal WHERE deleted = 1) "
            "AND p.deal_id IN (SELECT id FROM deal)"
        )
        params: list[Any] = [date_text(start), date_text(end)]
        if live is not None:
            sql += f" AND {live[0]}"
            params += live[1]
        out.collected = round(float(database_proxy.execute_sql(sql, params).fetchone()[0]), 2)
    return out


@on_store
def cards_with_overdue(today: date | None = None, *, store: Store | None = None) -> set[str]:
    """Live cards with an installment past due and unpaid (the card list's mark)."""
    day = today or clock.now().date()
    sql = _unpaid() + "SELECT DISTINCT u.card_id FROM unpaid u WHERE u.day < ?"

    def work() -> frozenset[str]:
        rows = database_proxy.execute_sql(sql, (day.isoformat(),)).fetchall()
        return frozenset(str(r[0]) for r in rows)

    return set(_remembered(("overdue", day), work))


# -- credit limits (issue 20) -------------------------------------------------------------
# Preferences map credit standing to the open balance allowed (None: no limit); a card's
# own limit overrides its standing's. Poor credit: no open balance by default.
DEFAULT_CREDIT_LIMITS: dict[str, float | None] = {
    "good": 500_000.0,
    "normal": 100_000.0,
    "poor": 0.0,
}
CREDIT_LIMITS = "credit_limits"  # the setting


@on_store
def credit_limits(*, store: Store | None = None) -> dict[str, float | None]:
    from salesdesk.services import settings

    stored = settings.get(CREDIT_LIMITS, {}) or {}
    out = dict(DEFAULT_CREDIT_LIMITS)
    for standing in DEFAULT_CREDIT_LIMITS:
        if isinstance(stored, dict) and standing in stored:
            value = stored[standing]
            out[standing] = None if value is None else float(value)
    return out


def set_credit_limits(store: Store, limits: dict[str, Any]) -> None:
    """Preferences: the limit of each credit standing; empty means no limit."""
    from salesdesk.services import settings

    out: dict[str, float | None] = {}
    for standing in DEFAULT_CREDIT_LIMITS:
        value = limits.get(standing)
        if value is None or str(value).strip() == "":
            out[standing] = None
        else:
            out[standing] = cents_of(value, allow_zero=True) / 100
    with store.write():
        settings.put(CREDIT_LIMITS, out)


@dataclass(frozen=True)
class CreditCheck:
    """A write that would take a card's open balance over its credit limit."""

    card_id: str
    name: str
    credit: str | None  # the standing, or None when the card's own limit applies
    limit: float
    balance: float  # open now
    after: float  # open after the write

    def message(self) -> str:
        return (
            f"{self.name}'s open balance would be {money(self.after)}, over the credit limit "
            f"of {money(self.limit)} (open now: {money(self.balance)})."
        )

    def note(self, day: date) -> str:
        """What is written on the deal when the user goes on anyway (in their language)."""
        from salesdesk.domain.messages import localize

        return localize(
            f"Over the credit limit on {date_text(day)}: open balance {money(self.after)}, "
            f"limit {money(self.limit)}."
        )


@on_store
def card_limit(card: Card, *, store: Store | None = None) -> tuple[float | None, str | None]:
    """The card's limit and where it comes from (its standing; None: its own limit)."""
    if card.credit_limit is not None:
        return float(card.credit_limit), None
    if card.credit:
        return credit_limits().get(card.credit), card.credit
    return None, None


@on_store
def credit_check(
    card_id: str,
    added: float | str,
    *,
    deal_id: str | None = None,
    today: date | None = None,
    store: Store | None = None,
) -> CreditCheck | None:
    """None when `added` more on the card (deal_id: replacing that deal's plan) stays within
    its limit, or it has none; else what would happen, for the user to confirm."""
    from salesdesk.services import cards

    card = cards.require(card_id)
    limit, standing = card_limit(card)
    if limit is None:
        return None
    day = today or clock.now().date()
    plans = for_card(card.id, day)
    balance = round(sum(p.outstanding for p in plans if p.deal_id != deal_id), 2)
    current = round(sum(p.outstanding for p in plans if p.deal_id == deal_id), 2)
    after = round(balance + cents_of(added, allow_zero=True) / 100, 2)
    if round(after * 100) <= round(limit * 100):
        return None
    return CreditCheck(card.id, card.name, standing, limit, round(balance + current, 2), after)


@on_store
def plan_balance(
    deal_id: str, installments: list[tuple[Any, Any]], *, store: Store | None = None
) -> float:
    """What a new plan would leave open on its deal: its total less what is paid."""
    total = sum(cents_of(amount) for _, amount in installments) / 100
    return max(round(total - for_deal(deal_id).paid, 2), 0.0)


@on_store
def note_on_deal(store: Store, deal_id: str, text: str) -> None:
    """Append a line to a deal's note (a change record like any edit)."""
    deal = _require_deal(deal_id)
    note = f"{deal.note}\n{text}" if deal.note else text
    store.update("deal", deal.id, {"note": clean_text(note, "notes", multiline=True)})


@on_store
def collect(
    store: Store,
    card_id: str,
    amount: float | str,
    *,
    paid_on: date | str | None = None,
    method: str | None = None,
    note: str = "",
) -> list[str]:
    """A payment collected from the customer in person (logged with the visit): applied to
    the card's deals by their oldest unpaid installment; more than the card owes is refused."""
    cents = cents_of(amount)
    day = (parse_date(paid_on) if paid_on not in (None, "") else None) or clock.now().date()
    open_deals = [d for d in for_card(card_id, day) if d.outstanding > 0]
    owed = round(sum(d.outstanding for d in open_deals) * 100)
    if cents > owed:
        raise InvalidValue(
            f"{money(cents / 100)} is more than the {money(owed / 100)} this customer owes."
        )

    def oldest(deal: DealPayments) -> date:
        return min((i.due_on for i in deal.installments if i.status != "paid"), default=day)

    made = []
    left = cents
    with store.write("Record payment"):
        for deal in sorted(open_deals, key=lambda d: (oldest(d), d.deal_id)):
            if left <= 0:
                break
            part = min(left, round(deal.outstanding * 100))
            made.append(
                pay(store, deal.deal_id, amount=part / 100, paid_on=day, method=method, note=note)
            )
            left -= part
    return made
