"""The week plan: which due visits one salesperson makes on which working day (DESIGN §1).

The cadence says when a card is due; the plan fits the due visits into the
working days of the next week or two, at most the visits a day of the
Preferences on each day, by priority (overdue A and key customers, A, C/D
re-checks, B, after-sales, E, F1; F2 first visits fill free slots), each
inside its window (ideal day … last merely-due day) where possible and with
the cards of one area on as few days as possible. What does not fit is listed
with its reason, never dropped. Appointments set by hand and visits the user
fixed on a day are never moved. `apply` stores the plan on the visits
(`plan_on`, `plan_order`): change records like any visit edit, so it syncs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from salesdesk.domain import cadence as rules
from salesdesk.domain.dates import date_text, parse_date, parse_datetime
from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.values import parse_phones
from salesdesk.models.store import Store, writing
from salesdesk.models.tables import Visit, database_proxy, on_store
from salesdesk.services import settings
from salesdesk.services.derive import refresh_cards

DEFAULT_WORKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday … Friday (date.weekday())
DEFAULT_PER_DAY = 8
MAX_WEEKS = 4

# Priority ranks, most urgent first (DESIGN §1).
RANK_URGENT = 0  # overdue A, or a key customer's visit
RANK_A = 1
RANK_RECHECK = 2
RANK_B = 3
RANK_AFTER_SALES = 4
RANK_E = 5
RANK_F1 = 6
RANK_FIRST_VISIT = 7  # F2: fills the free slots

# Why a visit is in the plan now (codes; the window and the CLI turn them into words).
WHY_OVERDUE = "overdue"
WHY_DUE = "due"
WHY_RECHECK = "recheck"
WHY_AFTER_SALES = "after_sales"
WHY_FIRST_VISIT = "first_visit"
WHY_APPOINTMENT = "appointment"
WHY_MOVED = "moved"
WHY_HANDED_OVER = "handed_over"  # an A or B card handed to this owner, not yet contacted

# Why a visit is not in the plan.
OVER_FULL = "full"  # its window closes within the plan, every day of it full: it will be late
OVER_LATER = "later"  # full days, but its window runs on past the plan: it can wait
OVER_AFTER = "after_plan"  # its window opens on the plan's last days, which are full

Progress = Callable[[int, int], None]


@dataclass
class PlanItem:
    visit_id: str | None  # None: an F2 first visit the plan proposes (a visit row on apply)
    card_id: str
    name: str
    company: str
    area: str
    grade: str  # F1/F2 for F
    key_customer: bool
    purpose: str
    due: str  # the ideal day (YYYY-MM-DD)
    latest: str  # the last day inside the window
    due_time: str | None
    why: str  # one of WHY_*
    rank: int
    fixed: bool = False  # an appointment or a day fixed by the user: never moved
    day: str | None = None  # the day in the plan
    late: bool = False  # placed after its window
    order: int | None = None  # the user's order within the day
    reason: str | None = None  # for the overflow: one of OVER_*
    phone: str = ""  # the card's first number, to call ahead

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("rank")
        return data


@dataclass
class WeekPlan:
    start: date
    days: list[date]
    per_day: int
    owner: str | None
    by_day: dict[str, list[PlanItem]] = field(default_factory=dict)
    overflow: list[PlanItem] = field(default_factory=list)
    dates: list[Any] = field(default_factory=list)  # occasions.Occasion: birthdays …
    holidays: list[Any] = field(default_factory=list)  # occasions.Holiday ahead
    # Issue 20: installments overdue or falling due in the plan's weeks (payments.DuePayment),
    # with the card's phone, to collect on the way.
    payments: list[Any] = field(default_factory=list)

    def items(self) -> list[PlanItem]:
        return [item for day in self.days for item in self.by_day.get(day.isoformat(), [])]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "per_day": self.per_day,
            "owner": self.owner,
            "days": [
                {
                    "date": day.isoformat(),
                    "weekday": day.isoweekday(),
                    "visits": [i.to_json() for i in self.by_day.get(day.isoformat(), [])],
                }
                for day in self.days
            ],
            "overflow": [i.to_json() for i in self.overflow],
            "dates": [o.to_json() for o in self.dates],
            "holidays": [h.to_json() for h in self.holidays],
            "payments": [p.to_json() for p in self.payments],
            "counts": {
                "planned": sum(len(v) for v in self.by_day.values()),
                "overflow": len(self.overflow),
                "payments": len(self.payments),
            },
        }


# -- preferences --------------------------------------------------------------------------
@on_store
def workdays(*, store: Store | None = None) -> tuple[int, ...]:
    """The working days of the week (0 = Monday), from Preferences."""
    stored = settings.get("plan_workdays")
    if not isinstance(stored, list):
        return DEFAULT_WORKDAYS
    days = tuple(sorted({int(d) for d in stored if isinstance(d, int) and 0 <= d <= 6}))
    return days or DEFAULT_WORKDAYS


@on_store
def per_day(*, store: Store | None = None) -> int:
    value = settings.get("plan_per_day", DEFAULT_PER_DAY)
    return value if isinstance(value, int) and 1 <= value <= 50 else DEFAULT_PER_DAY


@on_store
def owner(*, store: Store | None = None) -> str | None:
    """Whose week it is: the user's name as the cards' owner (None: every card)."""
    value = settings.get("plan_owner")
    return value if isinstance(value, str) and value.strip() else None


@on_store
def save_preferences(
    days: tuple[int, ...], visits: int, me: str | None, *, store: Store | None = None
) -> None:
    if not days or any(not 0 <= d <= 6 for d in days):
        raise InvalidValue("Pick at least one working day.")
    if not 1 <= visits <= 50:
        raise InvalidValue("Visits a day must be between 1 and 50.")
    with writing(store):
        settings.put("plan_workdays", sorted(set(days)))
        settings.put("plan_per_day", visits)
        settings.put("plan_owner", (me or "").strip() or None)


def working_days(start: date, weeks: int, days: tuple[int, ...]) -> list[date]:
    return [
        start + timedelta(days=n)
        for n in range(7 * weeks)
        if (start + timedelta(days=n)).weekday() in days
    ]


# -- reading what is due ------------------------------------------------------------------
_DUE = """
SELECT v.id, v.card_id, v.due_on, coalesce(v.overdue_on, v.due_on), v.due_time, v.hand_set,
       v.purpose, v.plan_on, v.plan_fixed, v.plan_order,
       c.name, c.company, c.area, c.grade, c.f_kind, c.key_customer, c.phones
FROM {tables}
WHERE v.deleted = 0 AND v.status = 'planned' AND c.deleted = 0
  AND (v.due_on <= :end OR (v.plan_fixed = 1 AND v.plan_on BETWEEN :start AND :end))
  {owner}
"""
# F2 cards with no planned visit: the first visits that fill free slots, oldest lead first.
_FIRST_VISITS = """
SELECT c.id, c.name, c.company, c.area, c.phones FROM card c
WHERE c.deleted = 0 AND c.grade = 'F' AND c.f_kind = 'F2' AND c.status != 'inactive' {owner}
  AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.card_id = c.id AND v.status = 'planned'
                  AND v.deleted = 0)
ORDER BY c.created LIMIT :limit
"""


# Issue 20: A and B cards handed over to this owner (the newest change of their owner gave
# it to them) that nobody has contacted since: the successor's first plan takes every one,
# due or not, until the first contact. Read from the change log, so a handover merged from
# another laptop or a pack counts the same; with the card's next planned visit, if any.
_HANDED_OVER = """
SELECT c.id, c.name, c.company, c.area, c.grade, c.key_customer, c.phones, c.last_contact_at,
       (SELECT max(ch.stamp) FROM change ch WHERE ch.row_id = c.id AND ch.table_name = 'card'
          AND ch.field_group = 'owner' AND json_extract(ch.new, '$.owner') = :owner) AS given,
       (SELECT v.id FROM visit v WHERE v.card_id = c.id AND v.status = 'planned'
          AND v.deleted = 0 ORDER BY v.due_on, v.id LIMIT 1) AS next_visit
FROM card c
WHERE c.deleted = 0 AND c.owner = :owner AND c.grade IN ('A', 'B') AND given IS NOT NULL
"""


def _handed_over(items: list[PlanItem], params: dict[str, Any]) -> list[PlanItem]:
    """The plan's items with every handed-over A and B card in it, first in line."""
    from salesdesk.models.clock import stamp_date

    by_card = {item.card_id: item for item in items}
    start_text, end_text = params["start"], params["end"]
    for (card_id, name, company, area, grade, key, phones, last_contact, given,
         next_visit) in database_proxy.execute_sql(_HANDED_OVER, params):  # fmt: skip
        try:
            moment = stamp_date(str(given))
        except ValueError:
            continue
        seen = parse_datetime(str(last_contact)) if last_contact else None
        if seen is not None and seen >= moment:
            continue  # the successor (or anyone) has met them since: cadence as usual
        item = by_card.get(card_id)
        if item is not None:
            if not item.fixed:
                item.rank, item.why = RANK_URGENT, WHY_HANDED_OVER
            continue
        item = PlanItem(
            visit_id=next_visit,
            card_id=card_id,
            name=name,
            company=company,
            area=area or "",
            grade=grade,
            key_customer=bool(key),
            purpose=rules.PURPOSE_FOLLOW_UP,
            due=start_text,
            latest=end_text,
            due_time=None,
            why=WHY_HANDED_OVER,
            rank=RANK_URGENT,
            phone=_first_phone(phones),
        )
        items.append(item)
        by_card[card_id] = item
    return items


def _rank(grade: str, f_kind: str | None, purpose: str, key: bool, overdue: bool) -> int:
    if (grade == "A" and overdue) or key:
        return RANK_URGENT
    if grade == "A":
        return RANK_A
    if purpose == rules.PURPOSE_RECHECK or grade in ("C", "D"):
        return RANK_RECHECK
    if purpose == rules.PURPOSE_AFTER_SALES:
        return RANK_AFTER_SALES
    if grade == "B":
        return RANK_B
    if grade == "E":
        return RANK_E
    if grade == "F" and f_kind == "F2":
        return RANK_FIRST_VISIT
    return RANK_F1


def _why(purpose: str, overdue: bool, hand_set: bool) -> str:
    if overdue:
        return WHY_OVERDUE
    if hand_set:
        return WHY_APPOINTMENT
    if purpose == rules.PURPOSE_RECHECK:
        return WHY_RECHECK
    if purpose == rules.PURPOSE_AFTER_SALES:
        return WHY_AFTER_SALES
    if purpose == rules.PURPOSE_FIRST_VISIT:
        return WHY_FIRST_VISIT
    return WHY_DUE


def _due_items(start: date, end: date, me: str | None, limit: int) -> list[PlanItem]:
    params: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat(), "limit": limit}
    where = ""
    # A team's book: one salesperson's cards first (card_owner), then their visits.
    tables = "visit v JOIN card c ON c.id = v.card_id"
    if me is not None:
        where = "AND c.owner = :owner"
        params["owner"] = me
        tables = "card c CROSS JOIN visit v ON v.card_id = c.id"
    start_text, end_text = params["start"], params["end"]
    items: list[PlanItem] = []
    for (visit_id, card_id, due_on, latest, due_time, hand_set, purpose, plan_on, plan_fixed,
         plan_order, name, company, area, grade, f_kind, key, phones) in database_proxy.execute_sql(
        _DUE.format(owner=where, tables=tables), params
    ):  # fmt: skip
        overdue = latest < start_text
        label = f_kind if grade == "F" and f_kind else grade
        item = PlanItem(
            visit_id=visit_id,
            card_id=card_id,
            name=name,
            company=company,
            area=area or "",
            grade=label,
            key_customer=bool(key),
            purpose=purpose,
            due=due_on,
            latest=latest,
            due_time=due_time,
            why=_why(purpose, overdue, bool(hand_set)),
            rank=_rank(grade, f_kind, purpose, bool(key), overdue),
            order=plan_order,
            phone=_first_phone(phones),
        )
        if plan_fixed and plan_on and start_text <= plan_on <= end_text:
            item.fixed, item.day, item.why = True, plan_on, WHY_MOVED
        elif hand_set and start_text <= due_on <= end_text:
            item.fixed, item.day = True, due_on
        items.append(item)
    items = _one_per_card(items)
    if me is not None:
        items = _handed_over(items, params)
    for card_id, name, company, area, phones in database_proxy.execute_sql(
        _FIRST_VISITS.format(owner=where), params
    ):
        items.append(
            PlanItem(
                visit_id=None,
                card_id=card_id,
                name=name,
                company=company,
                area=area or "",
                grade="F2",
                key_customer=False,
                purpose=rules.PURPOSE_FIRST_VISIT,
                due=start_text,
                latest=end_text,
                due_time=None,
                why=WHY_FIRST_VISIT,
                rank=RANK_FIRST_VISIT,
                phone=_first_phone(phones),
            )
        )
    return items


def _first_phone(stored: str | None) -> str:
    phones = parse_phones(stored)
    return phones[0].number if phones else ""


def _one_per_card(items: list[PlanItem]) -> list[PlanItem]:
    """One visit per card and plan: its fixed ones if it has any, else the most urgent."""
    by_card: dict[str, list[PlanItem]] = {}
    for item in items:
        by_card.setdefault(item.card_id, []).append(item)
    kept: list[PlanItem] = []
    for group in by_card.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        fixed = [i for i in group if i.fixed]
        kept.extend(fixed or [min(group, key=lambda i: (i.rank, i.latest, i.due))])
    return kept


# -- planning -------------------------------------------------------------------------------
@on_store
def make_plan(
    start: date,
    weeks: int = 1,
    visits_a_day: int | None = None,
    *,
    me: str | None = None,
    days_of_week: tuple[int, ...] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    store: Store | None = None,
) -> WeekPlan:
    """Plan the working days of `weeks` weeks from `start` (nothing is written).

    `me` is the owner whose cards are planned (None: every card).
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidValue(f"A plan covers 1 to {MAX_WEEKS} weeks.")
    capacity = per_day() if visits_a_day is None else visits_a_day
    if not 1 <= capacity <= 50:
        raise InvalidValue("Visits a day must be between 1 and 50.")
    days = working_days(start, weeks, days_of_week or workdays())
    plan = WeekPlan(start, days, capacity, me)
    if not days:
        return plan
    end = start + timedelta(days=7 * weeks - 1)
    items = _due_items(start, end, me, capacity * len(days))
    if progress is not None:
        progress(1, 3)
    if cancelled is not None and cancelled():
        return plan
    day_texts = [d.isoformat() for d in days]
    by_day: dict[str, list[PlanItem]] = {d: [] for d in day_texts}
    for item in items:
        if item.fixed and item.day is not None:
            by_day.setdefault(item.day, []).append(item)
    # An appointment on a day off still shows, on its own day.
    plan.days = sorted({*days, *(parse_date(d) or start for d in by_day)})
    free = sum(max(0, capacity - len(by_day[d])) for d in day_texts)
    movable = sorted(
        (i for i in items if not i.fixed),
        key=lambda i: (i.rank, i.latest, i.due, i.area, i.name, i.card_id),
    )
    # What goes into the plan: the most urgent visits up to the free slots; the
    # rest waits for next week with its reason.
    chosen, waiting = movable[:free], movable[free:]
    _place(chosen, by_day, day_texts, capacity)
    if progress is not None:
        progress(2, 3)
    leftover = [i for i in chosen if i.day is None]
    # Slots a visit could not take (its window opened too late) go to the next in line.
    if leftover:
        _place(waiting, by_day, day_texts, capacity, fill_only=True)
        waiting = [i for i in waiting if i.day is None]
    for item in leftover:
        item.reason = OVER_AFTER
    # F2 cards without a visit were only offered for free slots: not owed, not overflow.
    waiting = [i for i in waiting if i.visit_id is not None]
    leftover = [i for i in leftover if i.visit_id is not None]
    for item in waiting:
        item.reason = OVER_FULL if item.latest <= day_texts[-1] else OVER_LATER
    plan.overflow = sorted(leftover + waiting, key=lambda i: (i.rank, i.latest, i.due, i.name))
    for day_text, day_items in by_day.items():
        day_items.sort(key=_day_order)
        plan.by_day[day_text] = day_items
    from salesdesk.services import occasions

    plan.dates = occasions.upcoming(start, 7 * weeks, me)
    plan.holidays = occasions.holidays_ahead(start, occasions.GREETING_LEAD_DAYS, me)
    from salesdesk.services import payments

    plan.payments = payments.due_payments(start, 7 * weeks, owner=me)
    if progress is not None:
        progress(3, 3)
    return plan


def _day_order(item: PlanItem) -> tuple[Any, ...]:
    return (
        item.area == "",
        item.area,
        item.order if item.order is not None else 1_000_000,
        item.due_time or "99:99",
        item.rank,
        item.name,
    )


def _place(
    items: list[PlanItem],
    by_day: dict[str, list[PlanItem]],
    days: list[str],
    capacity: int,
    *,
    fill_only: bool = False,
) -> None:
    """Put the chosen visits on days, one area after another: each day starts with the
    areas of its appointments, else the area of the most pressing visit, and fills up
    with that area's visits before it opens a second area. A visit left out of today's
    areas is more pressing tomorrow, so overdue A visits still come on the first days."""
    open_items = [i for i in items if i.day is None]
    for index, day in enumerate(days):
        room = capacity - len(by_day[day])
        if room <= 0 or not open_items:
            continue
        last_day = index == len(days) - 1
        rest = sorted(
            (i for i in open_items if i.due <= day or (last_day and fill_only)),
            key=lambda i: (i.rank, i.latest, i.due),
        )
        areas_today = {i.area for i in by_day[day]}
        taken: list[PlanItem] = []
        while rest and len(taken) < room:
            # Visits whose last day has come go first; the others wait for their area.
            pressing = [i for i in rest if i.latest <= day]
            pool = pressing or rest
            same = [i for i in pool if i.area in areas_today]
            if not same:
                counts: dict[str, int] = {}
                best: dict[str, int] = {}
                for i in rest:
                    counts[i.area] = counts.get(i.area, 0) + 1
                    best[i.area] = min(best.get(i.area, i.rank), i.rank)
                need = room - len(taken)
                if pressing:  # the area of the most urgent of them, or one as urgent
                    head = pressing[0].rank
                    areas = {i.area for i in pressing if i.rank == head}
                else:
                    areas = set(counts)
                area = min(areas, key=lambda a: (-min(counts[a], need), best[a], a))
                areas_today.add(area)
                same = [i for i in pool if i.area == area]
            for item in same[: room - len(taken)]:
                item.day = day
                item.late = item.latest < day
                taken.append(item)
            rest = [i for i in rest if i.day is None]
        by_day[day].extend(taken)
        open_items = [i for i in open_items if i.day is None]


# -- storing --------------------------------------------------------------------------------
def apply(store: Store, plan: WeekPlan) -> int:
    """Store the plan on its visits (F2 first visits become visit rows); returns the visits
    written. Visits the plan no longer places lose their day, unless the user fixed it."""
    written = 0
    cards: set[str] = set()
    start, end = plan.start.isoformat(), (plan.start + timedelta(days=6)).isoformat()
    if plan.days:
        end = max(end, plan.days[-1].isoformat())
    with store.write("Plan the week"):
        for day_text, day_items in plan.by_day.items():
            for position, item in enumerate(day_items):
                if item.fixed:
                    continue
                values = {"plan_on": day_text, "plan_order": position}
                if item.visit_id is None:
                    due = date.fromisoformat(day_text)
                    planned_from = min(plan.start, due)
                    item.visit_id = store.insert(
                        "visit",
                        {
                            "card_id": item.card_id,
                            "due_on": day_text,
                            "hand_set": 0,
                            "planned_from": date_text(planned_from),
                            "overdue_on": date_text(rules.overdue_after(due, planned_from)),
                            "purpose": item.purpose,  # a first visit, or a handover's
                            "status": "planned",
                            "plan_fixed": 0,
                            **values,
                        },
                    )
                    cards.add(item.card_id)
                    written += 1
                elif store.update("visit", item.visit_id, values):
                    written += 1
        for item in plan.overflow:
            if item.visit_id is None:
                continue
            current = Visit.get_by_id(item.visit_id)
            if current.plan_on and start <= current.plan_on <= end:  # noqa: SIM102
                if store.update("visit", item.visit_id, {"plan_on": None, "plan_order": None}):
                    written += 1
        if cards:
            refresh_cards(sorted(cards))
    return written


@on_store
def move(store: Store, visit_id: str, day: date | str, order: int | None = None) -> str:
    """The user puts a visit on a day: the plan keeps it there when it plans again."""
    visit = Visit.get_or_none((Visit.id == visit_id) & (Visit.deleted == 0))
    if visit is None:
        raise NotFound(f"No visit with id {visit_id}.")
    if visit.status != "planned":
        raise InvalidValue("This visit is not planned any more.")
    target = parse_date(day)
    if target is None:
        raise InvalidValue("A visit needs a date.")
    with store.write("Move visit"):
        store.update(
            "visit",
            visit.id,
            {"plan_on": date_text(target), "plan_fixed": 1, "plan_order": order},
        )
    return str(visit.card_id)


def order_day(store: Store, day: date | str, visit_ids: list[str]) -> list[str]:
    """The user's order of a day's visits: each is fixed on the day at its place."""
    target = parse_date(day)
    if target is None:
        raise InvalidValue("A visit needs a date.")
    cards: list[str] = []
    with store.write("Order the day"):
        for position, visit_id in enumerate(visit_ids):
            visit = Visit.get_or_none((Visit.id == visit_id) & (Visit.deleted == 0))
            if visit is None:
                raise NotFound(f"No visit with id {visit_id}.")
            store.update(
                "visit",
                visit_id,
                {"plan_on": date_text(target), "plan_fixed": 1, "plan_order": position},
            )
            cards.append(str(visit.card_id))
    return cards


TEAM_BOOK_VISITS = 5_000  # due visits beyond which a book is a team's: plan one person's


@on_store
def team_sized(day: date, me: str | None, *, store: Store | None = None) -> bool:
    """True when no salesperson is named and the book has a team's due load: planning it
    all at once would take seconds and plan for no one."""
    if me is not None:
        return False
    horizon = (day + timedelta(days=6)).isoformat()
    row = database_proxy.execute_sql(
        "SELECT count(*) FROM (SELECT 1 FROM visit v INDEXED BY visit_agenda WHERE v.deleted = 0 "
        "AND v.status = 'planned' AND v.due_on <= ? LIMIT ?)",
        (horizon, TEAM_BOOK_VISITS + 1),
    ).fetchone()
    return int(row[0]) > TEAM_BOOK_VISITS


@on_store
def day_list(day: date, me: str | None = None, *, store: Store | None = None) -> list[PlanItem]:
    """What the Today view shows first: the visits of the stored plan for `day` (after
    `apply` or a move) with the day's appointments; without a stored plan for the day,
    the day as planning the week from it would make it."""
    capacity = per_day()
    plan = make_plan(day, 1, capacity, me=me)
    today = plan.by_day.get(day.isoformat(), [])
    where = "" if me is None else "AND c.owner = ?"
    params: list[Any] = [day.isoformat()] + ([] if me is None else [me])
    stored = {
        row[0]: row[1]
        for row in database_proxy.execute_sql(
            "SELECT v.id, v.plan_order FROM visit v JOIN card c ON c.id = v.card_id "
            "WHERE v.deleted = 0 AND v.status = 'planned' AND c.deleted = 0 "
            f"AND v.plan_on = ? {where}",
            params,
        )
    }
    if not stored:
        return [i for i in today if i.visit_id is not None or i.fixed]
    everything = plan.items() + plan.overflow
    chosen = [
        i for i in everything if i.visit_id in stored or (i.fixed and i.day == day.isoformat())
    ]
    for item in chosen:
        item.day = day.isoformat()
        if item.order is None:
            item.order = stored.get(item.visit_id or "")
    return sorted(chosen, key=_day_order)
