"""Whom to visit: overdue, today and upcoming visits, grouped by area (the Today view, `agenda`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from salesdesk.domain.values import parse_phones
from salesdesk.models.tables import database_proxy


@dataclass(frozen=True)
class AgendaItem:
    visit_id: str
    card_id: str
    name: str
    company: str
    grade: str  # F1/F2 for F
    area: str
    due: str  # YYYY-MM-DD
    due_time: str | None
    purpose: str
    hand_set: bool
    phones: list[str]
    last_contact: str | None
    overdue_since: str | None  # the first overdue day, for overdue items
    idle: bool  # no contact beyond the card's overdue limit

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Agenda:
    date: date
    days: int
    overdue: list[AgendaItem]
    today: list[AgendaItem]
    upcoming: list[AgendaItem]
    cases: list[dict[str, Any]] = field(default_factory=list)  # unanswered for 24 h or more
    at_risk: list[str] = field(default_factory=list)  # customers past the after-sales interval
    totals: dict[str, int] = field(default_factory=dict)  # full counts; the lists may be cut

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "days": self.days,
            "overdue": [i.to_json() for i in self.overdue],
            "today": [i.to_json() for i in self.today],
            "upcoming": [i.to_json() for i in self.upcoming],
            "cases": self.cases,
            "at_risk": self.at_risk,
            "counts": {
                "overdue": self.totals.get("overdue", len(self.overdue)),
                "today": self.totals.get("today", len(self.today)),
                "upcoming": self.totals.get("upcoming", len(self.upcoming)),
                "cases": len(self.cases),
                "at_risk": len(self.at_risk),
            },
        }

    def by_area(self, items: list[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
        groups: dict[str, list[AgendaItem]] = {}
        for item in items:
            groups.setdefault(item.area, []).append(item)
        return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0]))


# Which bucket a planned visit is in, decided by SQLite over an index so only
# the items shown become Python objects: at 100,000 cards tens of thousands of
# visits fall in the week (DESIGN §7 budget: 50 ms for a day's agenda). A visit
# is overdue after twice its interval, counted from the day it was planned from
# (one set by hand: the day after its date); see domain.cadence.overdue_after.
_LIVE = """
  v.deleted = 0 AND v.status = 'planned'
  AND v.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
"""
_BASE_JD = """
  CASE WHEN v.hand_set THEN julianday(v.due_on)
       WHEN v.planned_from IS NOT NULL THEN julianday(v.planned_from)
       ELSE julianday(date(CAST(substr(v.created, 1, 13) AS INTEGER) / 1000,
                           'unixepoch', 'localtime'))
  END
"""
# The last day each visit is merely due: stored since schema 3, worked out here
# for rows written before it (domain.cadence.overdue_after).
_DUE = f"""
SELECT v.id, coalesce(v.overdue_on, date(
         2 * julianday(v.due_on) - min(julianday(v.due_on), {_BASE_JD}))) AS limit_day
FROM visit v WHERE {_LIVE} AND v.due_on <= :day
"""
_UPCOMING_COUNT = f"""
SELECT count(*) FROM visit v WHERE {_LIVE} AND v.due_on > :day AND v.due_on <= :horizon
"""
_UPCOMING_ITEMS = f"""
SELECT v.id, NULL AS limit_day
FROM visit v WHERE {_LIVE} AND v.due_on > :day AND v.due_on <= :horizon
ORDER BY v.due_on, v.due_time, v.id LIMIT :limit
"""
_DETAILS = """
SELECT v.id, v.card_id, v.due_on, v.due_time, v.purpose, v.hand_set, v.planned_from, v.created,
       c.name, c.company, c.grade, c.f_kind, c.area, c.phones, c.last_contact_at
FROM visit v JOIN card c ON c.id = v.card_id WHERE v.id IN ({marks})
"""


def _stamp_day(stamp: str) -> date:
    return datetime.fromtimestamp(int(stamp[:13]) / 1000).date()


def agenda(
    day: date, days: int = 7, moment: datetime | None = None, limit: int | None = 200
) -> Agenda:
    """Planned visits due up to `days` days after `day`: overdue, due today, upcoming.

    Each list holds at most `limit` items (None: all), the most urgent first;
    `counts` always gives the full numbers. Also the service cases still
    waiting for a first response after 24 hours at `moment` (default: that
    day at the current time) and the customers at risk of being lost.
    """
    from salesdesk.models import clock
    from salesdesk.services import aftersales

    if moment is None:
        moment = datetime.combine(day, clock.now().time())
    horizon = day + timedelta(days=max(days, 0))
    day_text = day.isoformat()
    params: dict[str, str | int] = {"day": day_text, "horizon": horizon.isoformat()}
    params["limit"] = -1 if limit is None else limit
    due = database_proxy.execute_sql(_DUE, params).fetchall()
    overdue_rows = [row for row in due if row[1] < day_text]
    today_rows = [row for row in due if row[1] >= day_text]
    counts = {0: len(overdue_rows), 1: len(today_rows)}
    counts[2] = database_proxy.execute_sql(_UPCOMING_COUNT, params).fetchone()[0]
    cut = len(due) if limit is None else limit
    # The most recently overdue first (long-forgotten ones are flagged idle);
    # today's by how soon they turn overdue; upcoming by date.
    overdue_rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
    today_rows.sort(key=lambda row: (row[1], row[0]))
    upcoming_rows = database_proxy.execute_sql(_UPCOMING_ITEMS, params).fetchall()
    picked = [
        (bucket, visit_id, limit_day)
        for bucket, rows in enumerate((overdue_rows[:cut], today_rows[:cut], upcoming_rows))
        for visit_id, limit_day in rows
    ]
    details = {}
    for start in range(0, len(picked), 500):
        chunk = [row[1] for row in picked[start : start + 500]]
        sql = _DETAILS.format(marks=",".join("?" * len(chunk)))
        details.update({row[0]: row for row in database_proxy.execute_sql(sql, chunk)})
    buckets: list[list[AgendaItem]] = [[], [], []]
    for bucket, visit_id, limit_day in picked:
        (_, card_id, due_on, due_time, purpose, hand_set, planned_from, created, name, company,
         grade, f_kind, area, phones, last) = details[visit_id]  # fmt: skip
        overdue = bucket == 0
        last_day = date.fromisoformat(last[:10]) if last else None
        if hand_set or not planned_from:
            base_day = date.fromisoformat(due_on) if hand_set else _stamp_day(created)
        else:
            base_day = date.fromisoformat(planned_from)
        buckets[bucket].append(
            AgendaItem(
                visit_id=visit_id,
                card_id=card_id,
                name=name,
                company=company,
                grade=f_kind if grade == "F" and f_kind else grade,
                area=area,
                due=due_on,
                due_time=due_time,
                purpose=purpose,
                hand_set=bool(hand_set),
                phones=[p.number for p in parse_phones(phones)],
                last_contact=last,
                overdue_since=(date.fromisoformat(limit_day) + timedelta(days=1)).isoformat()
                if overdue
                else None,
                idle=overdue
                and (last_day is None or last_day <= min(base_day, date.fromisoformat(due_on))),
            )
        )
    for items in buckets[1:]:
        items.sort(key=_order)
    return Agenda(
        day,
        days,
        buckets[0],
        buckets[1],
        buckets[2],
        aftersales.unanswered_cases(moment),
        aftersales.at_risk_customers(day),
        totals={"overdue": counts[0], "today": counts[1], "upcoming": counts[2]},
    )


def _order(item: AgendaItem) -> tuple[bool, str, str, str, str]:
    return (item.area == "", item.area, item.due, item.due_time or "", item.name)
