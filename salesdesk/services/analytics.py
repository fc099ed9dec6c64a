"""The numbers behind the charts and the dashboard KPIs: plain Python and SQL, no Qt.

Every function takes a Period and returns plain dataclasses or dicts, so the
charts, the window (in a worker thread) and `stats --json` share one source.
Grade history is read from `grade_change` (the first step of a card, from
nothing, is its creation); deleted cards are left out everywhere.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from salesdesk.domain.dates import DateError, parse_date
from salesdesk.domain.errors import InvalidValue
from salesdesk.domain.grades import GRADES, grade_rank
from salesdesk.models.store import Store
from salesdesk.models.tables import close_thread_connections, database_proxy, on_store

PERIOD_KINDS = ("3m", "12m", "all", "custom")
# Rows of the movement matrix: F splits into its two kinds, which behave differently.
MOVE_LABELS = ("A", "B", "C", "D", "E", "F1", "F2")
# The horizons of the time-to-A shares, in days (6 and 12 months).
HORIZONS = {6: 183, 12: 365}
LAPSED_DAYS = 365  # a customer with no deal for a year is lapsed (churn, win-back)

# KPI code → (English, Chinese) definition: the dashboard's tooltips and the README list.
KPI_DEFINITIONS: dict[str, tuple[str, str]] = {
    "cards_by_grade": (
        "Cards in each grade today (deleted cards left out).",
        "今天每个等级的卡片数（不含已删除的卡片）。",
    ),
    "cards_by_grade_change": (
        "Cards in each grade today minus the cards in that grade on the day before the "
        "period starts, rebuilt from the grade history.",
        "今天每个等级的卡片数减去期间开始前一天该等级的卡片数（由等级变更记录推算）。",
    ),
    "new_cards_per_month": (
        "Cards created in each calendar month of the period (the day of a card's first grade).",
        "期间内每个自然月新建的卡片数（以卡片第一次定级的日期为准）。",
    ),
    "promotions": (
        "Grade changes in the period that moved a card up (towards A), e.g. E → B.",
        "期间内使卡片升级（向 A 靠近）的等级变更次数，例如 E → B。",
    ),
    "demotions": (
        "Grade changes in the period that moved a card down (away from A), e.g. A → C.",
        "期间内使卡片降级（远离 A）的等级变更次数，例如 A → C。",
    ),
    "visits_planned": (
        "Return visits due in the period that were not cancelled.",
        "期间内到期且未取消的回访数。",
    ),
    "visits_done": (
        "Return visits marked done in the period (by their day of completion).",
        "期间内完成的回访数（按完成日期）。",
    ),
    "visits_done_share": (
        "Visits done divided by visits planned in the period.",
        "期间内已完成回访数除以计划回访数。",
    ),
    "overdue_now": (
        "Planned visits overdue today: past twice their interval after the contact they were "
        "planned from (a visit set by hand for a day: from the day after).",
        "今天已逾期的计划回访：距其所依据的联系已超过两倍回访间隔（手动指定日期的回访：过了该日即逾期）。",
    ),
    "median_days_f_to_a": (
        "Median days from a card's first grade F to its first A after that, over the cards "
        "that reached A in the period.",
        "期间内升到 A 的卡片，从第一次为 F 到之后第一次为 A 的天数中位数。",
    ),
    "customer_base": (
        "Customers: cards with at least one deal on or before the end of the period.",
        "客户数：截至期末至少有一笔成交的卡片。",
    ),
    "new_customer_retention": (
        "Of the customers whose first deal fell in the period at least 3 months ago, the share "
        "who bought again within 3 months of that first deal.",
        "期间内首次成交且已满 3 个月的客户中，在首次成交后 3 个月内再次购买的比例。",
    ),
    "retention_rate": (
        "Of the customers who had bought before the period, the share who bought again in it.",
        "期间开始前已购买过的客户中，在期间内再次购买的比例。",
    ),
    "share_of_wallet": (
        "Our deals in the period with the customers whose card states an annual spend / "
        "potential, divided by those annual amounts scaled to the period's length.",
        "期间内与卡片上填写了年消费额/潜力的客户的成交额，除以按期间长度折算的这些年度金额。",
    ),
    "complainant_satisfaction": (
        "Mean satisfaction (1–5) of the complaints resolved in the period that have a score "
        "(asked at the follow-up after resolving).",
        "期间内已解决且有评分的投诉的平均满意度（1–5，在解决后的回访时询问）。",
    ),
    "complainant_satisfied_share": (
        "Of the complaints resolved in the period with a score, the share scored 4 or 5.",
        "期间内已解决且有评分的投诉中，评分为 4 或 5 的比例。",
    ),
    "new_customers_per_month": (
        "Cards whose first deal fell in the period, per month (a period shorter than a month "
        "counts as one month).",
        "期间内首次成交的卡片数，按月平均（不足一个月的期间按一个月计）。",
    ),
    "purchase_frequency": (
        "Deals in the period divided by the customers who bought in the period.",
        "期间内成交笔数除以期间内有购买的客户数。",
    ),
    "average_spend": (
        "Total amount of the deals in the period divided by the customers who bought in the "
        "period.",
        "期间内成交总额除以期间内有购买的客户数。",
    ),
    "churn_rate": (
        "Of the customers active at the start of the period (a deal in the year before), the "
        "share with no deal in the year before its end.",
        "期初活跃客户（之前一年内有成交）中，到期末前一年内没有任何成交的比例。",
    ),
    "win_back_rate": (
        "Of the customers lapsed at the start of the period (had bought, but no deal for a "
        "year), the share who bought in the period.",
        "期初已流失的客户（买过，但一年内无成交）中，在期间内重新购买的比例。",
    ),
    "deals": ("Deals closed in the period.", "期间内的成交笔数。"),
    "revenue": ("Total amount of the deals closed in the period.", "期间内成交的总金额。"),
    "complaints_opened": ("Complaints opened in the period.", "期间内提出的投诉数。"),
    "complaint_first_response_hours": (
        "Median hours from opening a complaint to its first response, over the complaints "
        "opened in the period that have been answered.",
        "期间内提出且已回应的投诉，从提出到首次回应的小时数中位数。",
    ),
    "complaint_resolution_hours": (
        "Time to resolve (TAT): median hours from opening a complaint to its resolution, over "
        "the complaints opened in the period that have been resolved.",
        "解决时长：期间内提出且已解决的投诉，从提出到解决的小时数中位数。",
    ),
    "complaints_answered_24h_share": (
        "Of the complaints opened in the period (leaving out those younger than the response "
        "target, 24 h by default in Preferences, and still unanswered), the share first "
        "answered within that target.",
        "期间内提出的投诉中（不含未满响应时限且尚未回应的；时限在偏好设置中，默认 24 小时），"
        "在时限内首次回应的比例。",
    ),
    "complaints_answered_2h_share": (
        "The same share for the conversation target (2 h by default in Preferences): answered "
        "while it still feels like a conversation.",
        "同上，按对话时限计算（偏好设置中，默认 2 小时）：在仍像对话一样及时的时间内回应。",
    ),
    # Issue 20: receivables, from the deals' payment plans (services.payments).
    "receivables_outstanding": (
        "Installments of every payment plan not yet paid, today (receivables).",
        "今天所有收款计划中尚未收到的分期金额（应收账款）。",
    ),
    "receivables_overdue": (
        "Of the outstanding amount, what is past its due date today.",
        "应收账款中今天已过到期日的金额。",
    ),
    "overdue_1_30": ("Overdue by 30 days or less.", "逾期 30 天以内的金额。"),
    "overdue_31_60": ("Overdue by 31 to 60 days.", "逾期 31–60 天的金额。"),
    "overdue_61_90": ("Overdue by 61 to 90 days.", "逾期 61–90 天的金额。"),
    "overdue_90_plus": ("Overdue by more than 90 days.", "逾期超过 90 天的金额。"),
    "collected": ("Payments received in the period.", "期间内收到的款项。"),
}


def kpi_definition(code: str, lang: str = "en") -> str:
    pair = KPI_DEFINITIONS.get(code)
    if pair is None:
        return ""
    return pair[1] if lang.startswith("zh") else pair[0]


# -- the period --------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    kind: str  # 3m, 12m, all, custom
    start: date
    end: date  # inclusive

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def after_end(self) -> str:
        """ISO text just past the last day: `at < after_end` keeps the whole last day."""
        return (self.end + timedelta(days=1)).isoformat()


def _today() -> date:
    from salesdesk.models import clock

    return clock.now().date()


def _months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):  # 31 March minus one month is the last day of February
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@on_store
def period(
    kind: str = "12m",
    start: date | str | None = None,
    end: date | str | None = None,
    *,
    today: date | None = None,
    store: Store | None = None,
) -> Period:
    """A period: the last 3 or 12 months up to today, all history, or custom from/to.

    Giving start or end makes it custom; a missing end is today. Raises
    InvalidValue for an unknown kind or a start after the end.
    """
    today = today or _today()
    try:
        first = parse_date(start)
        last = parse_date(end)
    except DateError as error:
        raise InvalidValue(str(error)) from None
    if first is not None or last is not None or kind == "custom":
        last = last or today
        first = first or _first_day() or last
        if first > last:
            raise InvalidValue(f"The period starts ({first}) after it ends ({last}).")
        return Period("custom", first, last)
    if kind == "3m":
        return Period(kind, _months_back(today, 3) + timedelta(days=1), today)
    if kind == "12m":
        return Period(kind, _months_back(today, 12) + timedelta(days=1), today)
    if kind == "all":
        return Period(kind, min(_first_day() or today, today), today)
    raise InvalidValue(f"'{kind}' is not a period: use one of {', '.join(PERIOD_KINDS)}.")


def _first_day() -> date | None:
    row = database_proxy.execute_sql(
        "SELECT min(at) FROM grade_change WHERE deleted = 0"
    ).fetchone()
    return parse_date(row[0][:10]) if row and row[0] else None


def _points(p: Period, step: int = 7) -> list[date]:
    """Snapshot days from the start, every `step` days, always ending on the last day."""
    days = []
    day = p.start
    while day < p.end:
        days.append(day)
        day += timedelta(days=step)
    days.append(p.end)
    return days


def _day(text: str) -> date:
    found = parse_date(text[:10])
    assert found is not None
    return found


# -- grades over time --------------------------------------------------------------------
@dataclass(frozen=True)
class GradesOverTime:
    period: Period
    days: list[date]  # snapshot at the end of each day
    counts: dict[str, list[int]]  # grade → cards in that grade on each day

    def total(self, i: int) -> int:
        return sum(series[i] for series in self.counts.values())


# Grade steps of live cards only; summary.py passes its own filter for one owner's cards.
_LIVE_CARDS = "gc.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)"


def _grade_counts(
    days: list[date], live: str = _LIVE_CARDS, params: Sequence[Any] = ()
) -> dict[str, list[int]]:
    """Cards in each grade at the end of each day, from the grade history.

    Each grade change moves one card from its from-grade to its to-grade;
    the first step (from nothing) adds the card. Summing the moves up to a
    day gives the grades on that day, in one grouped query. `live` is an SQL
    condition on `gc.card_id` choosing the cards counted.
    """
    if not days:
        return {g: [] for g in GRADES}
    after = (days[-1] + timedelta(days=1)).isoformat()
    return grade_counts_of(days, grade_steps(after, live, params))


@on_store
def grade_steps(
    after: str,
    live: str = _LIVE_CARDS,
    params: Sequence[Any] = (),
    *,
    store: Store | None = None,
) -> list[tuple[str, str | None, str | None, int]]:
    """The grade changes before `after`, counted by day, from-grade and to-grade."""
    return [
        (str(day), from_grade, to_grade, int(n))
        for day, from_grade, to_grade, n in database_proxy.execute_sql(
            "SELECT substr(gc.at, 1, 10), gc.from_grade, gc.to_grade, count(*) "
            f"FROM grade_change gc WHERE gc.deleted = 0 AND gc.at < ? AND {live} "
            "GROUP BY 1, 2, 3",
            [after, *params],
        ).fetchall()
    ]


def grade_counts_of(
    days: list[date], steps: list[tuple[str, str | None, str | None, int]]
) -> dict[str, list[int]]:
    """Cards in each grade at the end of each day (days in order), from grade_steps()."""
    counts = {g: [0] * len(days) for g in GRADES}
    delta = {g: [0] * (len(days) + 1) for g in GRADES}
    # ISO days sort as the dates do: the steps' days are placed without parsing each one.
    day_texts = [d.isoformat() for d in days]
    for day_text, from_grade, to_grade, n in steps:
        i = bisect_left(day_texts, day_text)
        if from_grade in delta:
            delta[from_grade][i] -= n
        if to_grade in delta:
            delta[to_grade][i] += n
    for g in GRADES:
        running = 0
        for i in range(len(days)):
            running += delta[g][i]
            counts[g][i] = running
    return counts


@on_store
def grades_over_time(p: Period, *, store: Store | None = None) -> GradesOverTime:
    days = _points(p)
    return GradesOverTime(p, days, _grade_counts(days))


# -- movement ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Movement:
    period: Period
    labels: tuple[str, ...]  # MOVE_LABELS
    matrix: list[list[int]]  # matrix[from][to]: transitions in the period
    months: list[str]  # YYYY-MM
    promotions: list[int]  # per month
    demotions: list[int]

    def count(self, from_label: str, to_label: str) -> int:
        return self.matrix[self.labels.index(from_label)][self.labels.index(to_label)]


def _label(grade: str, f_kind: str | None) -> str:
    return (f_kind or "F2") if grade == "F" else grade


def _months(p: Period) -> list[str]:
    out = []
    year, month = p.start.year, p.start.month
    while (year, month) <= (p.end.year, p.end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@on_store
def movement(p: Period, *, store: Store | None = None) -> Movement:
    labels = MOVE_LABELS
    matrix = [[0] * len(labels) for _ in labels]
    months = _months(p)
    promotions = [0] * len(months)
    demotions = [0] * len(months)
    rows = database_proxy.execute_sql(
        """SELECT gc.from_grade, gc.from_f_kind, gc.to_grade, gc.to_f_kind,
                  substr(gc.at, 1, 7), count(*)
           FROM grade_change gc INDEXED BY grade_change_moves
           WHERE gc.deleted = 0 AND gc.from_grade IS NOT NULL
             AND gc.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
             AND gc.at >= ? AND gc.at < ?
           GROUP BY 1, 2, 3, 4, 5""",
        (p.start.isoformat(), p.after_end),
    ).fetchall()
    for from_grade, from_kind, to_grade, to_kind, month, n in rows:
        source, target = _label(from_grade, from_kind), _label(to_grade, to_kind)
        if source in labels and target in labels:
            matrix[labels.index(source)][labels.index(target)] += n
        if month not in months:
            continue
        m = months.index(month)
        if grade_rank(to_grade) < grade_rank(from_grade):
            promotions[m] += n
        elif grade_rank(to_grade) > grade_rank(from_grade):
            demotions[m] += n
    return Movement(p, labels, matrix, months, promotions, demotions)


# -- one card's path ---------------------------------------------------------------------
@dataclass(frozen=True)
class PathStep:
    at: datetime
    grade: str  # the letter
    label: str  # F1/F2 for F


@dataclass(frozen=True)
class PathContact:
    at: datetime
    channel: str
    summary: str
    grade: str | None  # the card's grade letter right after the contact


@dataclass(frozen=True)
class CardPath:
    card_id: str
    name: str
    company: str
    steps: list[PathStep]
    contacts: list[PathContact]
    period: Period | None = None

    def grade_at(self, moment: datetime) -> str | None:
        current = None
        for step in self.steps:
            if step.at <= moment:
                current = step.grade
        return current or (self.steps[0].grade if self.steps else None)


@on_store
def card_path(card_id: str, p: Period | None = None, *, store: Store | None = None) -> CardPath:
    """The card's whole grade path and contacts (raises NotFound for an unknown card).

    The period, when given, only travels with the data: a path is read whole
    so its first steps are never cut off.
    """
    from salesdesk.services import cards, contacts

    card = cards.get(card_id)
    steps = [PathStep(s.at, s.to_grade, s.to_label) for s in cards.grade_path(card_id)]
    path = CardPath(card.id, card.name, card.company, steps, [], p)
    logged = sorted(contacts.for_card(card_id), key=lambda c: c.at)
    found = [PathContact(c.at, c.channel, c.summary, path.grade_at(c.at)) for c in logged]
    return CardPath(card.id, card.name, card.company, steps, found, p)


# -- time to A ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TimeToA:
    period: Period
    days: list[int]  # per card that first reached A in the period
    # grade (F, E) → horizon months (6, 12) → (reached A in time, cards counted)
    cohorts: dict[str, dict[int, tuple[int, int]]] = field(default_factory=dict)

    def share(self, grade: str, months: int) -> float | None:
        reached, counted = self.cohorts.get(grade, {}).get(months, (0, 0))
        return reached / counted if counted else None

    @property
    def median(self) -> float | None:
        return float(statistics.median(self.days)) if self.days else None


# Each card's climb is read by SQLite from the grade_change_reach index (schema
# 4): a card's first step into a grade, and its first A after that, without a
# Python pass over the 300,000 steps of a career.
_LIVE_STEP = "deleted = 0 AND card_id NOT IN (SELECT id FROM card WHERE deleted = 1)"
_FIRST_A_SQL = f"""
SELECT a.card_id, a.a_at,
       (SELECT min(c.at) FROM contact c WHERE c.card_id = a.card_id AND c.deleted = 0),
       (SELECT min(g.at) FROM grade_change g WHERE g.card_id = a.card_id AND g.deleted = 0)
FROM (SELECT card_id, min(at) AS a_at FROM grade_change INDEXED BY grade_change_reach
      WHERE {_LIVE_STEP} AND to_grade = 'A' GROUP BY card_id) a
WHERE a.a_at >= :start AND a.a_at < :after
"""
# The cards entering a grade (their first step into it): counted by when they entered, for
# the cohorts' denominators, without looking for an A (most cards never reach one).
_ENTERED_COUNT_SQL = """
SELECT {sums} FROM (SELECT card_id, min(at) AS entered
                    FROM grade_change INDEXED BY grade_change_reach
                    WHERE deleted = 0 AND to_grade = :grade GROUP BY card_id)
WHERE card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
"""
# The cards that reached A, each with its first step into a grade and its first A after that
# (none where the card never entered the grade, or reached A only before). Read from the A
# side: 7,600 cards at 100,000 cards rather than a look-up for each of the 88,000 ever F.
_REACHED_SQL = """
SELECT r.entered,
       (SELECT min(g.at) FROM grade_change g INDEXED BY grade_change_reach
        WHERE g.deleted = 0 AND g.to_grade = 'A' AND g.card_id = r.card_id
          AND g.at >= r.entered) AS first_a
FROM (SELECT a.card_id,
             (SELECT min(s.at) FROM grade_change s INDEXED BY grade_change_reach
              WHERE s.deleted = 0 AND s.to_grade = :grade AND s.card_id = a.card_id) AS entered
      FROM (SELECT DISTINCT card_id FROM grade_change INDEXED BY grade_change_reach
            WHERE deleted = 0 AND to_grade = 'A') a
      WHERE a.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)) r
WHERE r.entered IS NOT NULL
"""
_ISO = "'%Y-%m-%dT%H:%M:%f'"  # the stored moments' form, so text compares in time order


def _days_between(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 86_400


def _moment(text: str) -> datetime:
    # Stored moments are naive local ISO text: fromisoformat is 10x cheaper than
    # the forgiving parse_datetime.
    return datetime.fromisoformat(text)


def _cohort(grade: str, p: Period) -> dict[int, tuple[int, int]]:
    """For each horizon: the cards whose horizon after first entering `grade` ran out
    in the period, and how many of them reached A within it."""
    window_start = datetime.combine(p.start, datetime.min.time())
    window_end = datetime.combine(p.end + timedelta(days=1), datetime.min.time())
    counts, reached, params = [], [], {"grade": grade}
    for months, horizon in HORIZONS.items():
        params[f"lo{months}"] = (window_start - timedelta(days=horizon)).isoformat()
        params[f"hi{months}"] = (window_end - timedelta(days=horizon)).isoformat()
        counted = f"(entered >= :lo{months} AND entered < :hi{months})"
        # strftime only for the counted cards that reached A (it is the costly part).
        in_time = (
            f"CASE WHEN {counted} AND first_a IS NOT NULL "
            f"THEN first_a <= strftime({_ISO}, entered, '+{horizon} days') END"
        )
        counts.append(f"coalesce(sum({counted}), 0)")
        reached.append(f"coalesce(sum({in_time}), 0)")
    counted_row = database_proxy.execute_sql(
        _ENTERED_COUNT_SQL.format(sums=", ".join(counts)), params
    ).fetchone()
    reached_row = database_proxy.execute_sql(
        f"SELECT {', '.join(reached)} FROM ({_REACHED_SQL})", params
    ).fetchone()
    return {months: (int(reached_row[i]), int(counted_row[i])) for i, months in enumerate(HORIZONS)}


@on_store
def time_to_a(p: Period, *, store: Store | None = None) -> TimeToA:
    """Days to first A for the cards that reached it in the period, and the F/E cohorts.

    A card's clock starts at its first contact, or at its creation when it
    had no contact before reaching A. A cohort share counts the cards whose
    6 (12) months after first being F (E) ran out within the period: how many
    of them reached A in that time.
    """
    days: list[int] = []
    for _card_id, a_at, first_contact, created in database_proxy.execute_sql(
        _FIRST_A_SQL, {"start": p.start.isoformat(), "after": p.after_end}
    ).fetchall():
        begin = first_contact if first_contact and first_contact <= a_at else created
        days.append(max(0, int(_days_between(_moment(a_at), _moment(begin)))))
    cohorts = {grade: _cohort(grade, p) for grade in ("F", "E")}
    return TimeToA(p, sorted(days), cohorts)


@on_store
def median_days_f_to_a(p: Period, *, store: Store | None = None) -> float | None:
    """Median days from first F to the first A after it, for A reached in the period."""
    spans = [
        _days_between(_moment(first_a), _moment(entered))
        for entered, first_a in database_proxy.execute_sql(
            f"SELECT entered, first_a FROM ({_REACHED_SQL}) "
            "WHERE first_a >= :start AND first_a < :after",
            {"grade": "F", "start": p.start.isoformat(), "after": p.after_end},
        ).fetchall()
    ]
    return round(float(statistics.median(spans)), 1) if spans else None


# -- visits ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Visits:
    period: Period
    weeks: list[date]  # the first day of each week from the period start
    planned: list[int]  # visits due that week, not cancelled
    done: list[int]  # visits completed that week
    days: list[date]  # overdue snapshots (end of day), up to today
    overdue: list[int]


# The last day each visit was merely due (DESIGN §1, domain.cadence.overdue_after),
# worked out in SQL: twice the interval from the day it was planned from.
_OVERDUE_SQL = """
SELECT limit_day, done_day, count(*) FROM (
  SELECT CASE WHEN base IS NULL OR base >= due_on THEN due_on
              ELSE date(due_on, printf('%+d days', julianday(due_on) - julianday(base)))
         END AS limit_day,
         CASE WHEN status = 'done' THEN substr(done_at, 1, 10) END AS done_day
  FROM (SELECT v.due_on, v.status, v.done_at,
               coalesce(v.planned_from,
                        CASE WHEN v.hand_set THEN NULL
                             ELSE date(CAST(substr(v.created, 1, 13) AS INTEGER) / 1000,
                                       'unixepoch', 'localtime') END) AS base
        FROM visit v
        WHERE v.deleted = 0 AND v.status IN ('planned', 'done')
          AND {live}
          AND v.due_on < ?))
WHERE done_day IS NULL OR done_day > limit_day
GROUP BY 1, 2
"""


_NOT_DELETED = "v.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)"


def _overdue_counts(days: list[date]) -> list[int]:
    return overdue_counts(days, _NOT_DELETED, [])


@on_store
def overdue_counts(
    days: list[date], live: str, params: list[Any], *, store: Store | None = None
) -> list[int]:
    """Visits overdue at the end of each day: past their limit and not yet done.

    `live` is the condition on `v.card_id` keeping the cards counted (with its params).
    """
    counts = [0] * len(days)
    if not days:
        return counts
    delta = [0] * (len(days) + 1)
    for limit_text, done_text, n in database_proxy.execute_sql(
        _OVERDUE_SQL.format(live=live), [*params, days[-1].isoformat()]
    ).fetchall():
        first = bisect_right(days, _day(limit_text))  # overdue from the day after the limit
        last = bisect_left(days, _day(done_text)) if done_text else len(days)
        if first < last:
            delta[first] += n
            delta[last] -= n
    running = 0
    for i in range(len(days)):
        running += delta[i]
        counts[i] = running
    return counts


# Today's overdue visits from the column the agenda counts them by: a visit's `overdue_on`
# is the last day it is merely due (the same rule _OVERDUE_SQL works out for past days),
# indexed by visit_overdue, so today's count is one index range instead of every visit's
# history (0.28 s of the dashboard's figures at 100,000 cards).
_OVERDUE_TODAY = """
SELECT count(*) FROM visit v INDEXED BY visit_overdue
WHERE v.deleted = 0 AND v.status = 'planned' AND v.overdue_on < ?
  AND v.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
"""


@on_store
def overdue_now(today: date | None = None, *, store: Store | None = None) -> int:
    """Planned visits overdue today; the same rule as the agenda's Overdue list."""
    day = (today or _today()).isoformat()
    return int(database_proxy.execute_sql(_OVERDUE_TODAY, [day]).fetchone()[0])


@on_store
def visits(p: Period, *, store: Store | None = None) -> Visits:
    weeks = _points(p)
    if len(weeks) > 1 and weeks[-1] - weeks[-2] < timedelta(days=7):
        weeks = weeks[:-1]  # the last point closes the period; it starts no week
    planned = [0] * len(weeks)
    done = [0] * len(weeks)
    for day_text, n in database_proxy.execute_sql(
        """SELECT v.due_on, count(*) FROM visit v
           WHERE v.deleted = 0 AND v.status != 'cancelled'
             AND v.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
             AND v.due_on >= ? AND v.due_on < ? GROUP BY 1""",
        (p.start.isoformat(), p.after_end),
    ).fetchall():
        planned[bisect_right(weeks, _day(day_text)) - 1] += n
    for day_text, n in database_proxy.execute_sql(
        """SELECT substr(v.done_at, 1, 10), count(*) FROM visit v
           WHERE v.deleted = 0 AND v.status = 'done'
             AND v.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
             AND v.done_at >= ? AND v.done_at < ? GROUP BY 1""",
        (p.start.isoformat(), p.after_end),
    ).fetchall():
        done[bisect_right(weeks, _day(day_text)) - 1] += n
    today = _today()
    days = [d for d in _points(p) if d <= today]
    return Visits(p, weeks, planned, done, days, _overdue_counts(days))


# -- KPIs --------------------------------------------------------------------------------
@on_store
def kpis(p: Period | None = None, *, store: Store | None = None) -> dict[str, Any]:
    """The dashboard's numbers for a period (default: the last 12 months); codes as in
    KPI_DEFINITIONS, rates as fractions 0–1, None where there is nothing to divide by
    (`why` says what is missing). Made from the one period summary (services.summary)."""
    from salesdesk.services.summary import period_summary

    return period_summary(p or period("12m")).to_json()


# -- one entry point for the window's worker and the command line ----------------------
CHART_KINDS = (
    "grades-over-time",
    "movement",
    "card-path",
    "time-to-a",
    "visits",
    "loyalty",
    "complaints",
)


@on_store
def chart_data(
    kind: str, p: Period, card_id: str | None = None, *, store: Store | None = None
) -> Any:
    """The data of one chart kind; card-path needs a card id (InvalidValue without)."""
    if kind == "grades-over-time":
        return grades_over_time(p)
    if kind == "movement":
        return movement(p)
    if kind == "card-path":
        if not card_id:
            raise InvalidValue("The card-path chart needs a card: give its id (--card ID).")
        return card_path(card_id, p)
    if kind == "time-to-a":
        return time_to_a(p)
    if kind == "visits":
        return visits(p)
    if kind in ("loyalty", "complaints"):  # the KPIs month by month, as the summary has them
        from salesdesk.services.summary import trend

        return trend(p, complaints_only=kind == "complaints")
    raise InvalidValue(f"'{kind}' is not a chart: use one of {', '.join(CHART_KINDS)}.")


@on_store
def release_thread_connection(store: Store | None = None) -> None:
    """Close this thread's connection to the store's file (peewee keeps one per thread):
    a worker thread calls it when done so pooled threads do not hold the file open."""
    db = store.db if store is not None else database_proxy
    if not db.is_closed():
        db.close()


def release_thread_connections() -> None:
    """Close this thread's connections to every file it read (a pooled worker, when its
    work is done: it may have read any store it was given)."""
    close_thread_connections()
