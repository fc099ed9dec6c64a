"""Whom to visit: overdue, today and upcoming visits, grouped by area (the Today view, `agenda`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from salesdesk.domain.cadence import overdue_after
from salesdesk.domain.dates import parse_date
from salesdesk.domain.values import parse_phones
from salesdesk.models.clock import Stamp
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
                "overdue": len(self.overdue),
                "today": len(self.today),
                "upcoming": len(self.upcoming),
                "cases": len(self.cases),
                "at_risk": len(self.at_risk),
            },
        }

    def by_area(self, items: list[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
        groups: dict[str, list[AgendaItem]] = {}
        for item in items:
            groups.setdefault(item.area, []).append(item)
        return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0]))


_SQL = """
SELECT v.id, v.card_id, c.name, c.company, c.grade, c.f_kind, c.area, v.due_on, v.due_time,
       v.purpose, v.hand_set, v.planned_from, v.created, c.phones, c.last_contact_at
FROM visit v JOIN card c ON c.id = v.card_id
WHERE v.status = 'planned' AND v.deleted = 0 AND c.deleted = 0 AND v.due_on <= ?
"""


def agenda(day: date, days: int = 7, moment: datetime | None = None) -> Agenda:
    """Planned visits due up to `days` days after `day`: overdue, due today, upcoming.

    Also the service cases still waiting for a first response after 24 hours
    at `moment` (default: that day at the current time) and the customers at
    risk of being lost.
    """
    from salesdesk.models import clock
    from salesdesk.services import aftersales

    if moment is None:
        moment = datetime.combine(day, clock.now().time())
    horizon = day + timedelta(days=max(days, 0))
    overdue: list[AgendaItem] = []
    today: list[AgendaItem] = []
    upcoming: list[AgendaItem] = []
    rows = database_proxy.execute_sql(_SQL, (horizon.isoformat(),)).fetchall()
    for (
        visit_id,
        card_id,
        name,
        company,
        grade,
        f_kind,
        area,
        due_on,
        due_time,
        purpose,
        hand_set,
        planned_from,
        created,
        phones,
        last_contact,
    ) in rows:
        due = parse_date(due_on)
        assert due is not None
        base = parse_date(planned_from)
        if base is None and not hand_set:
            base = _stamp_day(created)
        limit = overdue_after(due, base)
        is_overdue = day > limit
        last_day = parse_date(last_contact[:10]) if last_contact else None
        item = AgendaItem(
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
            last_contact=last_contact,
            overdue_since=(limit + timedelta(days=1)).isoformat() if is_overdue else None,
            idle=is_overdue and (last_day is None or last_day <= (base or due)),
        )
        if is_overdue:
            overdue.append(item)
        elif due <= day:
            today.append(item)
        else:
            upcoming.append(item)
    key = _order
    return Agenda(
        day,
        days,
        sorted(overdue, key=key),
        sorted(today, key=key),
        sorted(upcoming, key=key),
        aftersales.unanswered_cases(moment),
        aftersales.at_risk_customers(day),
    )


def _order(item: AgendaItem) -> tuple[bool, str, str, str, str]:
    return (item.area == "", item.area, item.due, item.due_time or "", item.name)


def _stamp_day(stamp: str) -> date:
    return datetime.fromtimestamp(Stamp.parse(stamp).wall / 1000).date()
