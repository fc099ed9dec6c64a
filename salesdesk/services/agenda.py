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


# Which bucket a planned visit is in, decided by SQLite over indexes so only the
# items shown become Python objects: at 100,000 cards tens of thousands of
# visits fall in the week (DESIGN §7 budget: 50 ms for a day's agenda). A visit
# is overdue the day after `overdue_on`, the last day it is merely due
# (domain.cadence.overdue_after; never before its due day). The counts scan
# visit_agenda by due day; the lists walk visit_overdue (schema 4) from the day
# and stop after the rows they show. The queries name only columns of their
# index (the rowid included, the text id not), so SQLite does not read the
# table's pages for the thousands of rows it counts.
_LIVE = """
  v.deleted = 0 AND v.status = 'planned'
  AND v.card_id NOT IN (SELECT id FROM card WHERE deleted = 1)
"""
_COUNT_DUE = f"""
SELECT coalesce(sum(v.overdue_on < :day), 0), count(*) FROM visit v INDEXED BY visit_agenda
WHERE {_LIVE} AND v.due_on <= :day AND v.overdue_on IS NOT NULL
"""
_TOP_OVERDUE = f"""
SELECT v.rowid, v.overdue_on FROM visit v INDEXED BY visit_overdue
WHERE {_LIVE} AND v.overdue_on < :day
ORDER BY v.overdue_on DESC, v.rowid DESC LIMIT :limit
"""
_TOP_TODAY = f"""
SELECT v.rowid, v.overdue_on FROM visit v INDEXED BY visit_overdue
WHERE {_LIVE} AND v.overdue_on >= :day AND v.due_on <= :day
ORDER BY v.overdue_on, v.rowid LIMIT :limit
"""
# Rows written before schema 3 (or merged from a file that had them) may lack
# `overdue_on`: worked out here from the day the visit was planned from.
_LEGACY_DUE = f"""
SELECT v.rowid, date(2 * julianday(v.due_on) - min(julianday(v.due_on),
  CASE WHEN v.hand_set THEN julianday(v.due_on)
       WHEN v.planned_from IS NOT NULL THEN julianday(v.planned_from)
       ELSE julianday(date(CAST(substr(v.created, 1, 13) AS INTEGER) / 1000,
                           'unixepoch', 'localtime'))
  END)) AS limit_day
FROM visit v WHERE {_LIVE} AND v.due_on <= :day AND v.overdue_on IS NULL
"""
_UPCOMING_COUNT = f"""
SELECT count(*) FROM visit v WHERE {_LIVE} AND v.due_on > :day AND v.due_on <= :horizon
"""
_UPCOMING_ITEMS = f"""
SELECT v.rowid, v.due_on FROM visit v
WHERE {_LIVE} AND v.due_on > :day AND v.due_on <= :horizon
ORDER BY v.due_on, v.rowid LIMIT :limit
"""
# The last day a cut list reaches keeps its earliest visits (due_time is in no
# index: only that day's rows are sorted by it).
_UPCOMING_ON = f"""
SELECT v.rowid, v.due_on FROM visit v
WHERE {_LIVE} AND v.due_on = :last
ORDER BY v.due_time, v.rowid LIMIT :rest
"""
_DETAILS = """
SELECT v.rowid, v.id, v.card_id, v.due_on, v.due_time, v.purpose, v.hand_set, v.planned_from,
       v.created, c.name, c.company, c.grade, c.f_kind, c.area, c.phones, c.last_contact_at
FROM visit v JOIN card c ON c.id = v.card_id WHERE v.rowid IN ({marks})
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
    cut = -1 if limit is None else max(limit, 0)
    params: dict[str, str | int] = {"day": day_text, "horizon": horizon.isoformat(), "limit": cut}

    def rows(sql: str) -> list[tuple[int, str | None]]:
        return list(database_proxy.execute_sql(sql, params).fetchall())

    overdue_count, due_count = database_proxy.execute_sql(_COUNT_DUE, params).fetchone()
    overdue_rows, today_rows = rows(_TOP_OVERDUE), rows(_TOP_TODAY)
    legacy = rows(_LEGACY_DUE)
    if legacy:
        late = [row for row in legacy if str(row[1]) < day_text]
        overdue_count += len(late)
        due_count += len(legacy)
        overdue_rows += late
        today_rows += [row for row in legacy if str(row[1]) >= day_text]
    # The most recently overdue first (long-forgotten ones are flagged idle);
    # today's by how soon they turn overdue; upcoming by date.
    overdue_rows.sort(key=lambda row: (str(row[1]), row[0]), reverse=True)
    today_rows.sort(key=lambda row: (str(row[1]), row[0]))
    if limit is not None:
        overdue_rows, today_rows = overdue_rows[:cut], today_rows[:cut]
    counts = (overdue_count, due_count - overdue_count, rows(_UPCOMING_COUNT)[0][0])
    upcoming_rows = rows(_UPCOMING_ITEMS)
    if limit is not None and upcoming_rows and len(upcoming_rows) == cut:
        last = upcoming_rows[-1][1]
        upcoming_rows = [row for row in upcoming_rows if row[1] != last]
        params.update(last=str(last), rest=cut - len(upcoming_rows))
        upcoming_rows += rows(_UPCOMING_ON)
    picked = [
        (bucket, rowid, None if bucket == 2 else limit_day)
        for bucket, chosen in enumerate((overdue_rows, today_rows, upcoming_rows))
        for rowid, limit_day in chosen
    ]
    details = {}
    for start in range(0, len(picked), 500):
        chunk = [row[1] for row in picked[start : start + 500]]
        sql = _DETAILS.format(marks=",".join("?" * len(chunk)))
        details.update({row[0]: row for row in database_proxy.execute_sql(sql, chunk)})
    buckets: list[list[AgendaItem]] = [[], [], []]
    for bucket, rowid, limit_day in picked:
        (_, visit_id, card_id, due_on, due_time, purpose, hand_set, planned_from, created, name,
         company, grade, f_kind, area, phones, last) = details[rowid]  # fmt: skip
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
                overdue_since=(date.fromisoformat(str(limit_day)) + timedelta(days=1)).isoformat()
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
