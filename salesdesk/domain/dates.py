"""Dates and times as the program stores them: ISO text, local time, to the second."""

from __future__ import annotations

import re
from datetime import date, datetime

from salesdesk.domain.errors import InvalidValue


class DateError(InvalidValue):
    """Text that is not a date or time the program understands."""


_YMD = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_date(text: str | date | None) -> date | None:
    """A date from 2025-03-05, 2025/3/5, 2025年3月5日 or 5.3.2025; None for empty text."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not str(text).strip():
        return None
    match = _YMD.match(str(text))
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.match(str(text))
        if not match:
            raise DateError(f"'{text}' is not a date: write it as YYYY-MM-DD.")
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{text}' is not a date on the calendar.") from None


def parse_datetime(text: str | datetime | None) -> datetime | None:
    """A local date-time from ISO text ('2025-03-05T14:30', '2025-03-05 14:30') or a date."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return _local_naive(text)
    if isinstance(text, date):
        return datetime(text.year, text.month, text.day)
    raw = str(text).strip()
    if not raw:
        return None
    try:
        return _local_naive(datetime.fromisoformat(raw.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        day = parse_date(raw)
    except DateError:
        raise DateError(f"'{text}' is not a date and time: write it as YYYY-MM-DDTHH:MM.") from None
    assert day is not None
    return datetime(day.year, day.month, day.day)


def _local_naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value else None


def datetime_text(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat(timespec="seconds") if value else None
