"""The manager's team view: the team's figures read from the hub directly, by salesperson.

Entry points (no Qt; the window's team view, `salesdesk hub team` and the benchmark use them):

    hub_db = open_team_hub(address, password)    # peewee PostgresqlDatabase, manager only
    view = team_comparison(hub_db, period, owner=None)   # the team dashboard, one call
    view.summary   -> services.summary.PeriodSummary of the team (or of `owner`)
    view.people    -> [PersonFigures] one row per salesperson (card owner), by name
    hub_db.close()

`hub_db` is a connected peewee `PostgresqlDatabase` on the hub (any user whom the hub's
row-level security lets see the team: a manager or the hub's owner); `period` is an
`analytics.Period` (e.g. `analytics.period("12m")`); `owner` narrows everything to the
cards of one salesperson (Card.owner). Nothing is copied into a laptop file. The counts and
sums (grades, movement, visits, overdue, deals, collections, receivables) are the days of
the period in the summary the hub keeps by owner and day (sync/teamsummary.py: a few
thousand rows, where grouping the team's rows at each read took 3.5 s and more at 1.4
million cards); the per-customer work that the laptop's summary does in Python (deals'
loyalty figures, complaints' medians) runs on those rows. `plain=True` reads every figure
from the team's rows instead: the definition the summary must equal, for the tests.

The terms are those of services.summary: its `_Deals` and `_Complaints` make the
loyalty and complaint figures from the rows read here, its month windows make the
trend, and payments' `_unpaid` (the receipts paying the installments in due order) is
the same SQL on both engines, so "overdue payments" means the same on a laptop and here.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from salesdesk.domain.grades import GRADES, grade_rank
from salesdesk.services import analytics, summary
from salesdesk.services.analytics import Period
from salesdesk.services.payments import age_bucket, unpaid_sql
from salesdesk.services.summary import (
    DEFAULT_CONVERSATION_HOURS,
    DEFAULT_RESPONSE_HOURS,
    PeriodSummary,
)
from salesdesk.sync.hub import HubAddress, HubError, connect, group_role

SHARED = ""  # Card.owner of the team's shared cards (no salesperson)
_SCOPE = "\x00scope"  # the deals of every card in view, not split by owner


@dataclass(frozen=True)
class PersonFigures:
    """One salesperson's row of the comparison (rates 0–1, None: nothing to divide by)."""

    owner: str
    cards: int
    grades: dict[str, int]
    promotions: int
    demotions: int
    visits_planned: int
    visits_done: int
    visits_done_share: float | None
    overdue_visits: int
    deals: int
    revenue: float
    complaints_opened: int
    complaint_first_response_hours: float | None
    complaints_answered_24h_share: float | None
    receivables_overdue: float
    cards_with_overdue_payments: int

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


COMPARISON_COLUMNS = tuple(PersonFigures.__dataclass_fields__)


@dataclass(frozen=True)
class TeamView:
    period: Period
    owner: str | None  # None: the whole team
    summary: PeriodSummary
    people: list[PersonFigures] = field(default_factory=list)
    seconds: float = 0.0

    def owners(self) -> list[str]:
        return [p.owner for p in self.people]

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.to_json(),
            "owner": self.owner,
            "summary": self.summary.to_json(),
            "people": [p.to_json() for p in self.people],
        }


# -- opening the hub as a manager ----------------------------------------------------------
def open_team_hub(address: HubAddress, password: str) -> Any:
    """A peewee connection to the hub for the team view; refused for a salesperson."""
    from peewee import PostgresqlDatabase

    connect(address, password).close()  # the clear messages: wrong password, unreachable…
    db = PostgresqlDatabase(
        address.database,
        host=address.host,
        port=address.port,
        user=address.user,
        password=password,
        application_name="SalesDesk team view",
        **dict(address.options),  # type: ignore[arg-type]
    )
    db.connect()
    try:
        kind = hub_role(db)
    except BaseException:
        db.close()
        raise
    if kind == "salesperson":
        db.close()
        raise HubError(
            f"{address.user} is a salesperson on {address.label}: only a manager can open "
            "the team view."
        )
    if kind is None:
        db.close()
        raise HubError(
            f"{address.user} is not a user of {address.label}: ask the manager to add you "
            "with salesdesk hub user add."
        )
    return db


def hub_role(hub_db: Any) -> str | None:
    """manager, salesperson, owner (who set the hub up: sees everything) or None."""
    found = hub_db.execute_sql(
        "SELECT to_regclass('hub_meta') IS NOT NULL, to_regclass('card') IS NOT NULL"
    ).fetchone()
    if not found[0] or not found[1]:
        raise HubError("This database is not a SalesDesk team hub yet: salesdesk hub init.")
    hub_id = hub_db.execute_sql("SELECT value FROM hub_meta WHERE key = 'hub_id'").fetchone()[0]
    owner, superuser = hub_db.execute_sql(
        "SELECT pg_get_userbyid(c.relowner) = session_user, r.rolsuper FROM pg_class c, "
        "pg_roles r WHERE c.oid = 'card'::regclass AND r.rolname = session_user"
    ).fetchone()
    if owner or superuser:
        return "owner"
    for kind in ("manager", "salesperson"):
        if hub_db.execute_sql(
            "SELECT pg_has_role(session_user, %s, 'MEMBER')", (group_role(str(hub_id), kind),)
        ).fetchone()[0]:
            return kind
    return None


# -- the figures ---------------------------------------------------------------------------
def team_comparison(
    hub_db: Any,
    period: Period,
    owner: str | None = None,
    *,
    today: date | None = None,
    plain: bool = False,
) -> TeamView:
    """The team dashboard: the summary of the team (or of `owner`) and one row per
    salesperson, read from the hub in one repeatable-read snapshot.

    The counts and sums come from the summary the hub keeps by owner and day
    (sync/teamsummary.py); `plain`: from the team's rows themselves, the definition the
    summary must equal (the tests compare the two; the deals and complaints are read
    from their rows either way: their figures follow each customer's history)."""
    started = time.perf_counter()
    now = datetime.now()
    today = today or now.date()
    with hub_db.atomic():
        hub_db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # Each figure joins the team's cards (1.4 million in the budget) by id to find their
        # owner: room for those hashes in memory rather than batches on disk, and no JIT
        # compilation (it costs more than it saves on queries of a second or less).
        hub_db.execute_sql("SET LOCAL work_mem = '128MB'")
        hub_db.execute_sql("SET LOCAL jit = off")
        reader = (_Reader if plain else _SummaryReader)(hub_db, period, owner, today)
        figures = reader.read()
    people = sorted(figures.people(), key=lambda p: (p.owner == SHARED, p.owner))
    return TeamView(
        period, owner, figures.summary(now, today), people, time.perf_counter() - started
    )


def team_owners(hub_db: Any) -> list[str]:
    """The salespeople (card owners) of the team's live cards, the shared cards last."""
    found = [
        str(r[0])
        for r in hub_db.execute_sql("SELECT DISTINCT owner FROM card WHERE deleted = 0").fetchall()
    ]
    return sorted(found, key=lambda o: (o == SHARED, o))


class _Figures:
    """What the queries found, by owner."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.owners: set[str] = set()
        self.grades: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GRADES, 0))
        self.start_shift: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GRADES, 0))
        self.moves: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.new_cards: dict[str, dict[str, int]] = defaultdict(dict)
        self.visits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.deal_days: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.deal_sums: dict[str, dict[str, list[float]]] = defaultdict(dict)
        self.wallet: dict[str, dict[str, float]] = defaultdict(dict)
        self.complaints: dict[str, list[Any]] = defaultdict(list)
        self.receivables: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"outstanding": 0.0, "overdue": 0.0, "aged": defaultdict(float), "cards": 0}
        )
        self.collected: dict[str, float] = defaultdict(float)
        # Read from the hub's summary: each owner's deals and revenue in the period, and
        # the customers' deals of the whole scope under one key (no split by owner).
        self.deal_totals: dict[str, list[float]] | None = None
        self.singles: summary._Singles | None = None

    def _deals(self, owners: list[str]) -> summary._Deals:
        if self.deal_totals is not None:
            days_of = self.deal_days.get(_SCOPE, {})
            return summary._Deals(
                days_of, self.deal_sums.get(_SCOPE, {}), self.wallet.get(_SCOPE, {}), self.singles
            )
        days: dict[str, list[str]] = {}
        sums: dict[str, list[float]] = {}
        wallet: dict[str, float] = {}
        for who in owners:
            days.update(self.deal_days.get(who, {}))
            sums.update(self.deal_sums.get(who, {}))
            wallet.update(self.wallet.get(who, {}))
        return summary._Deals(days, sums, wallet)

    def _complaints(self, owners: list[str], now: datetime) -> summary._Complaints:
        rows = [c for who in owners for c in self.complaints.get(who, [])]
        targets = (float(DEFAULT_RESPONSE_HOURS), float(DEFAULT_CONVERSATION_HOURS))
        return summary._Complaints(rows, now, targets)

    def people(self) -> list[PersonFigures]:
        p = self.period
        now = datetime.now()
        out = []
        for who in self.owners:
            if self.deal_totals is not None:
                count, amount = self.deal_totals.get(who, [0, 0.0])
                deals = {"deals": count, "revenue": amount}
            else:
                deals = self._deals([who]).figures(p.start, p.end, now.date())
            complaints = self._complaints([who], now).figures(p.start, p.end)
            planned, done, overdue = self.visits.get(who, [0, 0, 0])
            money = self.receivables.get(who)
            grades = dict(self.grades.get(who) or dict.fromkeys(GRADES, 0))
            out.append(
                PersonFigures(
                    owner=who,
                    cards=sum(grades.values()),
                    grades=grades,
                    promotions=self.moves.get(who, [0, 0])[0],
                    demotions=self.moves.get(who, [0, 0])[1],
                    visits_planned=planned,
                    visits_done=done,
                    visits_done_share=summary._share(done, planned),
                    overdue_visits=overdue,
                    deals=int(deals["deals"]),
                    revenue=float(deals["revenue"]),
                    complaints_opened=int(complaints["complaints_opened"]),
                    complaint_first_response_hours=complaints["complaint_first_response_hours"],
                    complaints_answered_24h_share=complaints["complaints_answered_24h_share"],
                    receivables_overdue=round(money["overdue"], 2) if money else 0.0,
                    cards_with_overdue_payments=money["cards"] if money else 0,
                )
            )
        return out

    def summary(self, now: datetime, today: date) -> PeriodSummary:
        p = self.period
        owners = sorted(self.owners)
        grades_now = dict.fromkeys(GRADES, 0)
        grades_start = dict.fromkeys(GRADES, 0)
        for who in owners:
            for g in GRADES:
                grades_now[g] += self.grades[who][g] if who in self.grades else 0
                grades_start[g] += self.start_shift[who][g] if who in self.start_shift else 0
        grades_start = {g: grades_now[g] + grades_start[g] for g in GRADES}
        promotions = sum(self.moves[w][0] for w in owners if w in self.moves)
        demotions = sum(self.moves[w][1] for w in owners if w in self.moves)
        planned = sum(self.visits[w][0] for w in owners if w in self.visits)
        done = sum(self.visits[w][1] for w in owners if w in self.visits)
        overdue = sum(self.visits[w][2] for w in owners if w in self.visits)
        deals = self._deals(owners)
        complaints = self._complaints(owners, now)
        kpis: dict[str, Any] = {
            "promotions": promotions,
            "demotions": demotions,
            "visits_planned": planned,
            "visits_done": done,
            "visits_done_share": summary._share(done, planned),
            "overdue_now": overdue,
            "median_days_f_to_a": None,
        }
        kpis.update(deals.figures(p.start, p.end, today))
        kpis.update(complaints.figures(p.start, p.end))
        aged: dict[str, float] = defaultdict(float)
        cards = 0  # a card has one owner: the owners' counts add up
        outstanding = overdue_money = 0.0
        for who in owners:
            money = self.receivables.get(who)
            if money is None:
                continue
            outstanding += money["outstanding"]
            overdue_money += money["overdue"]
            cards += money["cards"]
            for bucket, amount in money["aged"].items():
                aged[bucket] += amount
        kpis.update(
            {
                "receivables_outstanding": round(outstanding, 2),
                "receivables_overdue": round(overdue_money, 2),
                "overdue_1_30": round(aged["1-30"], 2),
                "overdue_31_60": round(aged["31-60"], 2),
                "overdue_61_90": round(aged["61-90"], 2),
                "overdue_90_plus": round(aged["90+"], 2),
                "collected": round(sum(self.collected.get(w, 0.0) for w in owners), 2),
                "cards_with_overdue_payments": cards,
            }
        )
        new_cards = dict.fromkeys(analytics._months(p), 0)
        for who in owners:
            for month, n in self.new_cards.get(who, {}).items():
                new_cards[month] = new_cards.get(month, 0) + n
        windows = summary._month_windows(p)
        why = summary._why(kpis)
        # A scan of every card's grade history: too slow for the team dashboard's budget.
        why["median_days_f_to_a"] = "not_on_hub"
        return PeriodSummary(
            period=p,
            grades_start=grades_start,
            grades_now=grades_now,
            new_cards_per_month=new_cards,
            promotions=promotions,
            demotions=demotions,
            visits_planned=planned,
            visits_done=done,
            overdue_now=overdue,
            deals=int(kpis.pop("deals")),
            revenue=float(kpis.pop("revenue")),
            complaints_by_cause=complaints.causes(p.start, p.end),
            kpis=kpis,
            why=why,
            months=summary._months_of(windows, deals, complaints, today),
        )


class _Reader:
    """The queries, each grouped by the card's owner (the salesperson)."""

    def __init__(self, db: Any, period: Period, owner: str | None, today: date) -> None:
        self.db = db
        self.period = period
        self.owner = owner
        self.today = today
        self.found = _Figures(period)

    def _cards(self, alias: str = "c") -> tuple[str, list[Any]]:
        if self.owner is None:
            return f"{alias}.deleted = 0", []
        return f"{alias}.deleted = 0 AND {alias}.owner = %s", [self.owner]

    def _rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return list(self.db.execute_sql(sql, params).fetchall())

    def read(self) -> _Figures:
        for step in (
            self._grades,
            self._movement,
            self._visits,
            self._overdue,
            self._deals,
            self._complaints,
            self._receivables,
        ):
            step()
        return self.found

    def _grades(self) -> None:
        where, params = self._cards()
        for who, grade, n in self._rows(
            f"SELECT c.owner, c.grade, count(*) FROM card c WHERE {where} GROUP BY 1, 2", params
        ):
            self.found.owners.add(who)
            if grade in GRADES:
                self.found.grades[who][grade] += int(n)

    def _movement(self) -> None:
        p = self.period
        where, params = self._cards()
        span = [p.start.isoformat(), p.after_end]
        # Promotions and demotions: one step up or down the grades, as summary._moves.
        for who, from_grade, to_grade, n in self._rows(
            "SELECT c.owner, gc.from_grade, gc.to_grade, count(*) FROM grade_change gc "
            f"JOIN card c ON c.id = gc.card_id WHERE {where} AND gc.deleted = 0 "
            "AND gc.from_grade IS NOT NULL AND gc.at >= %s AND gc.at < %s GROUP BY 1, 2, 3",
            [*params, *span],
        ):
            if grade_rank(to_grade) < grade_rank(from_grade):
                self.found.moves[who][0] += int(n)
            elif grade_rank(to_grade) > grade_rank(from_grade):
                self.found.moves[who][1] += int(n)
        # New cards (the first step, from nothing) by month.
        for who, month, n in self._rows(
            "SELECT c.owner, substr(gc.at, 1, 7), count(*) FROM grade_change gc "
            f"JOIN card c ON c.id = gc.card_id WHERE {where} AND gc.deleted = 0 "
            "AND gc.from_grade IS NULL AND gc.at >= %s AND gc.at < %s GROUP BY 1, 2",
            [*params, *span],
        ):
            self.found.new_cards[who][month] = int(n)
        # The grades the day before the period: a card that moved since had the from-grade
        # of its first step since then (none: it was made after). Measured at 100,000
        # cards, these three queries cost less than one pass grouped by step and month.
        for who, first_from, grade_now, n in self._rows(
            "SELECT owner, from_grade, grade, count(*) FROM (SELECT DISTINCT ON (gc.card_id) "
            "c.owner, gc.from_grade, c.grade FROM grade_change gc JOIN card c ON "
            f"c.id = gc.card_id WHERE {where} AND gc.deleted = 0 AND gc.at >= %s "
            "ORDER BY gc.card_id, gc.at, gc.id) f GROUP BY 1, 2, 3",
            [*params, p.start.isoformat()],
        ):
            shift = self.found.start_shift[who]
            if grade_now in shift:
                shift[grade_now] -= int(n)
            if first_from in shift:
                shift[first_from] += int(n)

    def _visits(self) -> None:
        """Planned (not cancelled) by due day and done by done day, in the period."""
        p = self.period
        where, params = self._cards()
        span = [p.start.isoformat(), p.after_end]
        for who, planned, done in self._rows(
            "SELECT c.owner, "
            "count(*) FILTER (WHERE v.status <> 'cancelled' AND v.due_on >= %s "
            "AND v.due_on < %s), "
            "count(*) FILTER (WHERE v.status = 'done' AND v.done_at >= %s AND v.done_at < %s) "
            f"FROM visit v JOIN card c ON c.id = v.card_id WHERE {where} AND v.deleted = 0 "
            "AND ((v.due_on >= %s AND v.due_on < %s) OR (v.done_at >= %s AND v.done_at < %s)) "
            "GROUP BY 1",
            [*span, *span, *params, *span, *span],
        ):
            self.found.visits[who][0] += int(planned)
            self.found.visits[who][1] += int(done)

    def _overdue(self) -> None:
        """Planned visits overdue today: past twice their interval from the day they were
        planned from (analytics._OVERDUE_SQL, the agenda's rule), in PostgreSQL's dates; a
        visit that names no such day was planned on the day it was made, in the team's time
        zone (the hub's, hub_meta 'time_zone': the same for every reader)."""
        where, params = self._cards()
        today = self.today.isoformat()
        for who, n in self._rows(
            "SELECT owner, count(*) FROM (SELECT c.owner, left(v.due_on, 10)::date AS due, "
            "coalesce(left(v.planned_from, 10)::date, CASE WHEN v.hand_set <> 0 THEN NULL "
            "ELSE (to_timestamp(substr(v.created, 1, 13)::bigint / 1000.0) AT TIME ZONE "
            "coalesce((SELECT value FROM hub_meta WHERE key = 'time_zone'), 'UTC'))::date "
            "END) AS base "
            f"FROM visit v JOIN card c ON c.id = v.card_id WHERE {where} AND v.deleted = 0 "
            "AND v.status = 'planned' AND v.due_on < %s) o "
            "WHERE (CASE WHEN base IS NULL OR base >= due THEN due ELSE due + (due - base) END) "
            "< %s::date GROUP BY 1",
            [*params, today, today],
        ):
            self.found.visits[who][2] += int(n)

    def _deals(self) -> None:
        """Each customer's deal days and amounts in order (summary._Deals), and the annual
        spend / potential of the cards with deals (the share of wallet), in one query."""
        p = self.period
        where, params = self._cards()
        for who, card_id, day, amount, potential in self._rows(
            "SELECT c.owner, d.card_id, substr(d.closed_on, 1, 10), d.amount, c.annual_spend "
            f"FROM deal d JOIN card c ON c.id = d.card_id WHERE {where} AND d.deleted = 0 "
            "AND d.closed_on < %s ORDER BY 2, 3",
            [*params, p.after_end],
        ):
            days = self.found.deal_days[who]
            sums = self.found.deal_sums[who]
            if card_id not in days:
                days[card_id] = []
                sums[card_id] = [0.0]
                if potential is not None and potential > 0:
                    self.found.wallet[who][card_id] = float(potential)
            days[card_id].append(day)
            sums[card_id].append(sums[card_id][-1] + float(amount or 0))

    def _complaints(self) -> None:
        where, params = self._cards()
        for who, opened_text, answered_text, resolved_text, satisfaction, cause in self._rows(
            "SELECT c.owner, s.opened_at, s.first_response_at, s.resolved_at, s.satisfaction, "
            f"s.cause FROM service_case s JOIN card c ON c.id = s.card_id WHERE {where} "
            "AND s.deleted = 0 AND s.kind = 'complaint' AND s.opened_at < %s",
            [*params, self.period.after_end],
        ):
            opened = summary._moment(opened_text)
            if opened is None:
                continue
            answered = summary._moment(answered_text)
            resolved = summary._moment(resolved_text)
            self.found.complaints[who].append(
                summary._Complaint(
                    opened,
                    summary._hours(opened, answered),
                    resolved,
                    summary._hours(opened, resolved),
                    satisfaction,
                    cause if cause in summary.CAUSES else "other",
                )
            )

    def _receivables(self) -> None:
        p = self.period
        live, params = "", []
        if self.owner is not None:
            live, params = "AND p.card_id IN (SELECT id FROM card WHERE owner = %s)", [self.owner]
        today = self.today.isoformat()
        ordinal = self.today.toordinal()
        late: dict[str, set[str]] = defaultdict(set)
        for who, day, amount, card_id in self._rows(
            unpaid_sql(live, postgresql=True)
            + "SELECT c.owner, u.day, u.remaining, u.card_id FROM unpaid u "
            "JOIN card c ON c.id = u.card_id",
            params,
        ):
            money = self.found.receivables[who]
            money["outstanding"] += float(amount)
            if str(day) < today:
                money["overdue"] += float(amount)
                age = ordinal - date.fromisoformat(str(day)[:10]).toordinal()
                money["aged"][age_bucket(age)] += float(amount)
                late[who].add(str(card_id))
        for who, cards in late.items():
            self.found.receivables[who]["cards"] = len(cards)
        where, card_params = self._cards()
        for who, collected in self._rows(
            "SELECT c.owner, coalesce(sum(p.amount), 0) FROM payment p JOIN card c ON "
            "c.id = p.card_id JOIN deal d ON d.id = p.deal_id WHERE p.deleted = 0 "
            f"AND p.kind = 'receipt' AND {where} AND d.deleted = 0 AND p.day BETWEEN %s AND %s "
            "GROUP BY 1",
            [*card_params, p.start.isoformat(), p.end.isoformat()],
        ):
            self.found.collected[who] += float(collected)


class _SummaryReader(_Reader):
    """The counts and sums from the hub's summary by owner and day (sync/teamsummary.py):
    the days of the period summed, a few thousand rows instead of the team's millions."""

    def read(self) -> _Figures:
        self._summary()
        self._deals()
        self._complaints()
        return self.found

    def _deals(self) -> None:
        """Each customer's deal days and amounts, for the loyalty figures of the team (or
        of `owner`); the salespeople's deals and revenue come from the summary."""
        where, params = self._cards()
        after = self.period.after_end
        if self.single_days is not None:
            self._repeat_deals()
            return
        days = self.found.deal_days[_SCOPE]
        sums = self.found.deal_sums[_SCOPE]
        wallet = self.found.wallet[_SCOPE]
        # Most customers made a single deal: counted by its day by the server
        # (summary._Singles); the others' deals are read.
        deal_days = (
            "SELECT card_id, min(substr(closed_on, 1, 10)) AS day, count(*) AS deals, "
            "sum(coalesce(amount, 0)) AS amount FROM deal WHERE deleted = 0 AND closed_on < %s "
            "GROUP BY card_id"
        )
        singles = [
            (str(day), int(n), float(amount), float(potential), float(potential_amount))
            for day, n, amount, potential, potential_amount in self._rows(
                "SELECT d.day, count(*), sum(d.amount), coalesce(sum(c.annual_spend) FILTER "
                "(WHERE c.annual_spend > 0), 0), coalesce(sum(d.amount) FILTER "
                f"(WHERE c.annual_spend > 0), 0) FROM ({deal_days}) d JOIN card c "
                f"ON c.id = d.card_id WHERE {where} AND d.deals = 1 GROUP BY 1 ORDER BY 1",
                [after, *params],
            )
        ]
        self.found.singles = summary._Singles(singles)
        _add_deals(
            self._rows(
                "SELECT d.card_id, substr(d.closed_on, 1, 10), d.amount, c.annual_spend "
                f"FROM deal d JOIN card c ON c.id = d.card_id WHERE {where} AND d.deleted = 0 "
                "AND d.closed_on < %s AND d.card_id IN (SELECT card_id FROM deal WHERE "
                "deleted = 0 AND closed_on < %s GROUP BY 1 HAVING count(*) > 1) ORDER BY 1, 2",
                [*params, after, after],
            ),
            days,
            sums,
            wallet,
        )

    def _repeat_deals(self) -> None:
        """The customers of one deal are in the summary (`single_days`); the others' deals
        are read, found by the summary's list of them."""
        assert self.single_days is not None
        mine, params = ("AND t.owner = %s", [self.owner]) if self.owner is not None else ("", [])
        days = self.found.deal_days[_SCOPE]
        sums = self.found.deal_sums[_SCOPE]
        wallet = self.found.wallet[_SCOPE]
        _add_deals(
            self._rows(
                "SELECT d.card_id, substr(d.closed_on, 1, 10), d.amount, c.annual_spend "
                "FROM hub_team_card t JOIN deal d ON d.card_id = t.card_id "
                f"JOIN card c ON c.id = t.card_id WHERE t.metric = 'repeat' {mine} "
                "AND c.deleted = 0 AND d.deleted = 0 AND d.closed_on < %s ORDER BY 1, 2",
                [*params, self.period.after_end],
            ),
            days,
            sums,
            wallet,
        )
        by_day = self.single_days
        self.found.singles = summary._Singles([(day, *by_day[day]) for day in sorted(by_day)])

    def _summary(self) -> None:
        p, found = self.period, self.found
        # A hub whose summary counts the customers of one deal (teamsummary VERSION 2).
        singles = bool(
            self._rows("SELECT 1 FROM hub_meta WHERE key = 'team_summary' AND value >= '2'", [])
        )
        self.single_days: dict[str, list[Any]] | None = {} if singles else None
        start, after, end = p.start.isoformat(), p.after_end, p.end.isoformat()
        today, ordinal = self.today.isoformat(), self.today.toordinal()
        mine, params = ("AND owner = %s", [self.owner]) if self.owner is not None else ("", [])
        late: dict[str, int] = defaultdict(int)
        deal_totals: dict[str, list[float]] = {}
        found.deal_totals = deal_totals
        for who, metric, key, day, count, amount in self._rows(
            "SELECT owner, metric, key, day, n, amount FROM hub_team_day WHERE (n <> 0 OR "
            f"amount <> 0) {mine} AND (metric IN ('grade', 'unpaid', 'unpaid_card') "
            "OR (metric = 'overdue' AND day < %s) OR (metric = 'shift' AND day >= %s) "
            "OR (metric IN ('promotion', 'demotion', 'new', 'planned', 'done') "
            "AND day >= %s AND day < %s) OR (metric = 'collected' AND day BETWEEN %s AND %s) "
            "OR (metric = 'deal' AND day BETWEEN %s AND %s) "
            "OR metric IN ('single', 'single_wallet', 'single_wallet_sales'))",
            [*params, today, start, start, after, start, end, start, end],
        ):
            n = int(count)
            if metric == "grade":
                found.owners.add(who)
                if key in GRADES:
                    found.grades[who][key] += n
            elif metric == "promotion":
                found.moves[who][0] += n
            elif metric == "demotion":
                found.moves[who][1] += n
            elif metric == "new":
                months = found.new_cards[who]
                months[day[:7]] = months.get(day[:7], 0) + n
            elif metric == "shift":
                if key in GRADES:
                    found.start_shift[who][key] += n
            elif metric == "planned":
                found.visits[who][0] += n
            elif metric == "done":
                found.visits[who][1] += n
            elif metric == "overdue":
                found.visits[who][2] += n
            elif metric == "deal":
                totals = deal_totals.setdefault(who, [0, 0.0])
                totals[0] += n
                totals[1] += float(amount)
            elif metric == "collected":
                found.collected[who] += float(amount)
            elif metric == "unpaid":
                money = found.receivables[who]
                money["outstanding"] += float(amount)
                if day < today:
                    money["overdue"] += float(amount)
                    age = ordinal - date.fromisoformat(day[:10]).toordinal()
                    money["aged"][age_bucket(age)] += float(amount)
            elif metric == "unpaid_card" and day < today:
                late[who] += n
            elif metric.startswith("single") and self.single_days is not None:
                # (customers, amounts, potentials, amounts of those with a potential)
                one = self.single_days.setdefault(day, [0, 0.0, 0.0, 0.0])
                if metric == "single":
                    one[0] += n
                    one[1] += float(amount)
                elif metric == "single_wallet":
                    one[2] += float(amount)
                else:
                    one[3] += float(amount)
        for who, cards in late.items():
            found.receivables[who]["cards"] = cards


# -- the comparison as a table (the window, the workbook and the command line) -------------
# (column, word key, kind): kind is text, int, share (0–1), hours or money.
TABLE: tuple[tuple[str, str, str], ...] = (
    ("owner", "xlsx.salesperson", "text"),
    ("cards", "team.cards", "int"),
    *((f"grade_{g}", f"grade.{g}", "int") for g in GRADES),
    ("promotions", "kpi.promotions", "int"),
    ("demotions", "kpi.demotions", "int"),
    ("visits_planned", "kpi.visits_planned", "int"),
    ("visits_done", "kpi.visits_done", "int"),
    ("visits_done_share", "kpi.visits_done_share", "share"),
    ("overdue_visits", "team.overdue_visits", "int"),
    ("deals", "kpi.deals", "int"),
    ("revenue", "kpi.revenue", "money"),
    ("complaints_opened", "kpi.complaints_opened", "int"),
    ("complaint_first_response_hours", "kpi.complaint_first_response_hours", "hours"),
    ("complaints_answered_24h_share", "kpi.complaints_answered_24h_share", "share"),
    ("receivables_overdue", "kpi.receivables_overdue", "money"),
    ("cards_with_overdue_payments", "team.cards_overdue_payments", "int"),
)


def owner_label(owner: str, lang: str = "en") -> str:
    from salesdesk.domain.words import word

    return owner or word("team.shared", lang)


def table_headers(lang: str = "en") -> list[str]:
    from salesdesk.domain.words import word

    return [key[-1] if key.startswith("grade.") else word(key, lang) for _, key, _ in TABLE]


def table_rows(people: list[PersonFigures], lang: str = "en") -> list[list[Any]]:
    """One list of values per salesperson, in TABLE's order (None: nothing to divide by)."""
    rows = []
    for person in people:
        row: list[Any] = []
        for column, _, _ in TABLE:
            if column == "owner":
                row.append(owner_label(person.owner, lang))
            elif column.startswith("grade_"):
                row.append(person.grades.get(column[6:], 0))
            else:
                row.append(getattr(person, column))
        rows.append(row)
    return rows


def table_kinds() -> list[str]:
    return [kind for _, _, kind in TABLE]


def format_cell(value: Any, kind: str) -> str:
    """A value as the window and the command line show it."""
    if value is None:
        return "–"
    if kind == "share":
        return f"{value:.0%}"
    if kind == "hours":
        return f"{value:,.1f}"
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "int":
        return f"{value:,}"
    return str(value)


def _add_deals(
    rows: Any,
    days: dict[str, list[str]],
    sums: dict[str, list[float]],
    wallet: dict[str, float],
) -> None:
    """Each customer's deal days and running totals (0 first), and their stated annual spend,
    from (card, day, amount, annual spend) rows in card and day order: what summary._Deals
    reads."""
    for card_id, day, amount, potential in rows:
        if card_id not in days:
            days[card_id] = []
            sums[card_id] = [0.0]
            if potential is not None and potential > 0:
                wallet[card_id] = float(potential)
        days[card_id].append(day)
        sums[card_id].append(sums[card_id][-1] + float(amount or 0))
