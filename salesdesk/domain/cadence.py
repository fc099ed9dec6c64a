"""Return-visit rules: when a card is next due, and when a due visit becomes overdue.

A card is due after its grade's ideal interval, counted from its last
contact, and overdue after twice that interval (DESIGN §1). C and D cards
come back on their re-check date; F2 cards have no date until the first
visit is planned; customers after a deal get after-sales visits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from salesdesk.domain.grades import RECHECK_GRADES, cadence_key

PURPOSE_FOLLOW_UP = "follow_up"
PURPOSE_RECHECK = "recheck"
PURPOSE_FIRST_VISIT = "first_visit"
PURPOSE_AFTER_SALES = "after_sales"
PURPOSE_CASE_FOLLOW_UP = "case_follow_up"
PURPOSES = (
    PURPOSE_FOLLOW_UP,
    PURPOSE_RECHECK,
    PURPOSE_FIRST_VISIT,
    PURPOSE_AFTER_SALES,
    PURPOSE_CASE_FOLLOW_UP,
)

DEFAULT_AFTER_SALES_FIRST_DAYS = 7
DEFAULT_AFTER_SALES_DAYS = 90


@dataclass(frozen=True)
class Plan:
    due_on: date
    purpose: str


def next_visit(
    grade: str,
    f_kind: str | None,
    recheck_on: date | None,
    base: date,
    cadence: dict[str, int | None],
) -> Plan | None:
    """The next return visit after a contact (or regrade) on `base`; None: nothing to plan yet."""
    if grade in RECHECK_GRADES:
        if recheck_on is not None:
            return Plan(recheck_on, PURPOSE_RECHECK)
        return Plan(base + timedelta(days=cadence.get(grade) or 30), PURPOSE_RECHECK)
    interval = cadence.get(cadence_key(grade, f_kind))
    if interval is None:  # F2: the first visit is planned by hand
        return None
    return Plan(base + timedelta(days=interval), PURPOSE_FOLLOW_UP)


def overdue_after(due_on: date, planned_from: date | None) -> date:
    """The last day a visit is merely due; the day after, it is overdue.

    The ideal interval is the distance from the contact it was planned from to
    its due date; overdue comes after twice that. A visit set by hand for a
    day (no interval) is overdue the day after.
    """
    if planned_from is None or planned_from >= due_on:
        return due_on
    return due_on + (due_on - planned_from)
