"""Dates that matter: birthdays, the anniversary of becoming a customer, and the holidays
(春节, 中秋节, the new year) before which customers get a greeting, each with a greeting
ready to copy into WeChat or to print."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from salesdesk.models.store import Store
from salesdesk.models.tables import database_proxy, on_store

HOLIDAYS: tuple[str, ...] = ("spring_festival", "mid_autumn", "new_year")
HOLIDAY_NAMES = {
    "spring_festival": {"zh_CN": "春节", "en": "the Spring Festival"},
    "mid_autumn": {"zh_CN": "中秋节", "en": "the Mid-Autumn Festival"},
    "new_year": {"zh_CN": "新年", "en": "the New Year"},
}
GREETING_LEAD_DAYS = 21  # a holiday's greetings list shows this many days before it


@dataclass(frozen=True)
class Occasion:
    card_id: str
    name: str
    company: str
    kind: str  # birthday | anniversary
    day: str  # this year's date (YYYY-MM-DD)
    years: int | None  # age, or years as a customer (None: birth year unknown)
    greeting: str  # ready to copy

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Holiday:
    key: str  # one of HOLIDAYS
    day: date
    recipients: int  # customers and key customers to greet

    def name(self, lang: str) -> str:
        return HOLIDAY_NAMES[self.key][lang]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "date": self.day.isoformat(), "recipients": self.recipients}


def holiday_dates(year: int) -> dict[str, date]:
    """The solar dates of the holidays in `year` (lunar ones through lunardate)."""
    from lunardate import LunarDate

    return {
        "spring_festival": LunarDate(year, 1, 1).to_solar_date(),
        "mid_autumn": LunarDate(year, 8, 15).to_solar_date(),
        "new_year": date(year, 1, 1),
    }


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def greeting(kind: str, name: str, me: str, years: int | None = None, occasion: str = "") -> str:
    """A short greeting in the person's language (Chinese for a Chinese name)."""
    sign_zh = f"——{me}" if me else ""
    sign_en = f" — {me}" if me else ""
    if _is_chinese(name):
        if kind == "birthday":
            return f"{name}，生日快乐！祝您身体健康、工作顺利、万事如意！{sign_zh}"
        if kind == "anniversary":
            since = f"合作{years}周年" if years else "合作纪念日"
            return f"{name}，今天是我们{since}的日子，感谢您一直以来的信任与支持！{sign_zh}"
        return f"{name}，{occasion}将至，祝您和家人节日快乐、阖家幸福！{sign_zh}"
    if kind == "birthday":
        return f"Happy birthday, {name}! Wishing you good health and a wonderful year.{sign_en}"
    if kind == "anniversary":
        since = f"{years} years" if years and years > 1 else "a year"
        return (
            f"Dear {name}, it is {since} today since you became our customer: "
            f"thank you for your trust.{sign_en}"
        )
    return f"Dear {name}, warm wishes to you and your family for {occasion}!{sign_en}"


def _this_year(month_day: str, start: date, end: date) -> date | None:
    """The day of MM-DD between start and end (29 February is the 28th in other years)."""
    month, day = int(month_day[:2]), int(month_day[3:5])
    for year in range(start.year, end.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = date(year, month, 28)
        if start <= candidate <= end:
            return candidate
    return None


def _month_days(start: date, days: int) -> list[str]:
    found = {(start + timedelta(days=n)).strftime("%m-%d") for n in range(days)}
    if "02-28" in found:
        found.add("02-29")
    return sorted(found)


@on_store
def upcoming(
    start: date, days: int = 7, me: str | None = None, *, store: Store | None = None
) -> list[Occasion]:
    """Birthdays and customer anniversaries from `start` for `days` days, soonest first."""
    from salesdesk.services import settings

    end = start + timedelta(days=max(days, 1) - 1)
    keys = _month_days(start, max(days, 1))
    marks = ",".join("?" * len(keys))
    owner = "" if me is None else "AND c.owner = ?"
    extra: list[Any] = [] if me is None else [me]
    signer = me or settings.get("plan_owner") or ""
    found: list[Occasion] = []
    rows = database_proxy.execute_sql(
        "SELECT c.id, c.name, c.company, c.birthday FROM card c WHERE c.deleted = 0 "
        f"AND c.birthday IS NOT NULL AND substr(c.birthday, 6, 5) IN ({marks}) {owner}",
        [*keys, *extra],
    ).fetchall()
    for card_id, name, company, birthday in rows:
        day = _this_year(birthday[5:10], start, end)
        if day is None:
            continue
        year = int(birthday[:4]) if birthday[:4].isdigit() and birthday[:4] != "0000" else None
        years = day.year - year if year else None
        text = greeting("birthday", name, str(signer), years)
        found.append(Occasion(card_id, name, company, "birthday", day.isoformat(), years, text))
    rows = database_proxy.execute_sql(
        "SELECT c.id, c.name, c.company, min(d.closed_on) FROM "
        + ("deal d JOIN card c" if me is None else "card c CROSS JOIN deal d")
        + f" ON c.id = d.card_id WHERE d.deleted = 0 AND c.deleted = 0 {owner} "
        f"GROUP BY c.id HAVING substr(min(d.closed_on), 6, 5) IN ({marks})",
        [*extra, *keys],
    ).fetchall()
    for card_id, name, company, first in rows:
        day = _this_year(first[5:10], start, end)
        if day is None or day.year <= int(first[:4]):
            continue  # not a whole year yet
        years = day.year - int(first[:4])
        text = greeting("anniversary", name, str(signer), years)
        found.append(Occasion(card_id, name, company, "anniversary", day.isoformat(), years, text))
    return sorted(found, key=lambda o: (o.day, o.kind, o.name))


@on_store
def holidays_ahead(
    start: date,
    days: int = GREETING_LEAD_DAYS,
    me: str | None = None,
    *,
    store: Store | None = None,
) -> list[Holiday]:
    """The holidays within `days` days from `start`, with how many customers to greet."""
    end = start + timedelta(days=days)
    owner = "" if me is None else "AND owner = ?"
    recipients = database_proxy.execute_sql(
        "SELECT count(*) FROM card WHERE deleted = 0 "
        f"AND (status = 'customer' OR key_customer = 1) {owner}",
        [] if me is None else [me],
    ).fetchone()[0]
    found = []
    for year in (start.year, start.year + 1):
        for key, day in holiday_dates(year).items():
            if start <= day <= end:
                found.append(Holiday(key, day, int(recipients)))
    return sorted(found, key=lambda h: h.day)


@on_store
def greeting_recipients(me: str | None = None, *, store: Store | None = None) -> list[str]:
    """The cards that get a holiday greeting: customers and key customers."""
    owner = "" if me is None else "AND owner = ?"
    return [
        row[0]
        for row in database_proxy.execute_sql(
            "SELECT id FROM card WHERE deleted = 0 "
            f"AND (status = 'customer' OR key_customer = 1) {owner} ORDER BY sort_name",
            [] if me is None else [me],
        )
    ]
