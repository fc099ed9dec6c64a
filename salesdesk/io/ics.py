"""Planned visits as an iCalendar file, so they show in the phone's or Outlook's calendar.

Each visit keeps one UID across exports, so importing the file again updates
the events instead of duplicating them; a cancelled visit (or one whose card
was deleted) is exported as a cancelled event so calendars remove it. Timed
visits are written in UTC (unambiguous in every time zone) with an alarm
before them; visits without a time are all-day events.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from salesdesk import __version__
from salesdesk.domain.errors import UserError
from salesdesk.models import clock
from salesdesk.models.store import Store
from salesdesk.models.tables import database_proxy, on_store

ALARM_MINUTES = 30
VISIT_MINUTES = 60

_SQL = """
SELECT v.id, v.due_on, v.due_time, v.purpose, v.status, v.deleted, c.deleted,
       c.name, c.company, c.grade, c.f_kind, c.address, c.area, c.phones,
       (SELECT count(*) FROM change WHERE change.row_id = v.id)
FROM visit v JOIN card c ON c.id = v.card_id
WHERE v.status IN ('planned', 'cancelled')
ORDER BY v.due_on, v.id
"""

PURPOSE_WORDS = {
    "follow_up": "Follow-up visit",
    "recheck": "Re-check",
    "first_visit": "First visit",
    "after_sales": "After-sales visit",
}


@on_store
def export_ics(
    target: Path, purpose_words: dict[str, str] | None = None, *, store: Store | None = None
) -> int:
    """Write every planned (and cancelled) visit to target; returns the number of events.

    Read from store (the open database; the session's store when None)."""
    from icalendar import Alarm, Calendar, Event

    from salesdesk.domain.values import parse_phones

    words = purpose_words or PURPOSE_WORDS
    db = store.db if store is not None else database_proxy
    calendar = Calendar()
    calendar.add("prodid", f"-//SalesDesk//SalesDesk {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "SalesDesk")
    stamp = datetime.fromtimestamp(clock.wall_ms() / 1000, tz=UTC).replace(microsecond=0)
    count = 0
    for (
        visit_id,
        due_on,
        due_time,
        purpose,
        status,
        visit_deleted,
        card_deleted,
        name,
        company,
        grade,
        f_kind,
        address,
        area,
        phones,
        edits,
    ) in db.execute_sql(_SQL).fetchall():
        event = Event()
        event.add("uid", f"{visit_id}@salesdesk")
        event.add("dtstamp", stamp)
        event.add("sequence", int(edits))
        day = date.fromisoformat(due_on)
        if due_time:
            hour, minute = (int(p) for p in due_time.split(":"))
            start = (
                datetime(day.year, day.month, day.day, hour, minute).astimezone().astimezone(UTC)
            )
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=VISIT_MINUTES))
        else:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        label = f_kind if grade == "F" and f_kind else grade
        what = words.get(purpose, purpose) if purpose else words["follow_up"]
        title = f"{name} ({label})" + (f" · {company}" if company else "")
        event.add("summary", f"{what}: {title}")
        numbers = ", ".join(p.number for p in parse_phones(phones))
        event.add("description", "\n".join(x for x in (company, numbers, what) if x))
        if address or area:
            event.add("location", ", ".join(x for x in (address, area) if x))
        cancelled = status == "cancelled" or visit_deleted or card_deleted
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if due_time and not cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event["summary"])
            alarm.add("trigger", timedelta(minutes=-ALARM_MINUTES))
            event.add_component(alarm)
        calendar.add_component(event)
        count += 1
    count += _add_dates(store, calendar, stamp)
    _write_atomically(target, calendar.to_ical())
    return count


@on_store
def _add_dates(store: Store | None, calendar: Any, stamp: datetime) -> int:
    """Birthdays and customer anniversaries as yearly all-day events, and the holidays of
    the coming year when there are customers to greet (DESIGN §1: dates that matter)."""
    from icalendar import Event

    from salesdesk.services import occasions

    count = 0
    db = store.db if store is not None else database_proxy
    rows = db.execute_sql(
        "SELECT id, name, birthday FROM card WHERE deleted = 0 AND birthday IS NOT NULL"
    ).fetchall()
    firsts = db.execute_sql(
        "SELECT c.id, c.name, min(d.closed_on) FROM deal d JOIN card c ON c.id = d.card_id "
        "WHERE d.deleted = 0 AND c.deleted = 0 GROUP BY c.id"
    ).fetchall()
    for kind, title, items in (
        ("birthday", "Birthday", rows),
        ("anniversary", "Customer since", firsts),
    ):
        for card_id, name, day_text in items:
            try:
                day = date.fromisoformat(day_text[:10])
            except ValueError:
                continue
            event = Event()
            event.add("uid", f"{kind}-{card_id}@salesdesk")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("rrule", {"freq": "yearly"})
            event.add("summary", f"{title}: {name}")
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
            count += 1
    if not occasions.greeting_recipients(store=store):
        return count
    today = clock.now().date()
    for holiday in occasions.holidays_ahead(today, 366, store=store):
        event = Event()
        event.add("uid", f"{holiday.key}-{holiday.day.year}@salesdesk")
        event.add("dtstamp", stamp)
        start = holiday.day - timedelta(days=7)  # greetings go out a week before
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        event.add(
            "summary",
            f"Greetings before {holiday.name('en')} ({holiday.name('zh_CN')}, "
            f"{holiday.day.isoformat()}): {holiday.recipients} customers",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
        count += 1
    return count


def _write_atomically(target: Path, data: bytes) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        temp.touch(mode=0o600)  # owner-only while it is written (issue 22)
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot write {target}: {error.strerror or error}.") from None
