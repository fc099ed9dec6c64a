"""Whom to visit: overdue, today and upcoming visits, grouped by area (the Today view, `agenda`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from salesdesk.domain.values import clean_text, parse_phones
from salesdesk.models.store import Store
from salesdesk.models.tables import database_proxy, index_hint, on_store
from salesdesk.services.giveway import giving_way


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
    # Issue 20: installments overdue and due up to the horizon (payments.DuePayment).
    payments: list[Any] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "days": self.days,
            "overdue": [i.to_json() for i in self.overdue],
            "today": [i.to_json() for i in self.today],
            "upcoming": [i.to_json() for i in self.upcoming],
            "cases": self.cases,
            "at_risk": self.at_risk,
            "payments": [p.to_json() for p in self.payments],
            "counts": {
                "overdue": self.totals.get("overdue", len(self.overdue)),
                "today": self.totals.get("today", len(self.today)),
                "upcoming": self.totals.get("upcoming", len(self.upcoming)),
                "cases": len(self.cases),
                "at_risk": len(self.at_risk),
                "payments": self.totals.get("payments", len(self.payments)),
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
# The visits overdue and the visits due (overdue or not) by the day, with their `overdue_on`
# (the legacy rows without it are counted apart). Each is counted in the narrowest index
# that has its columns, less the deleted visits and the visits of deleted cards (both
# few): testing each of the 40,000 visits due two weeks ahead against the deleted cards
# in the wide agenda index cost 7.7 ms of the day's agenda; this 2.8 ms.
_COUNT_DUE = """
SELECT (SELECT count(*) FROM visit v INDEXED BY visit_overdue
        WHERE v.deleted = 0 AND v.status = 'planned' AND v.overdue_on < :day
          AND v.due_on <= :day)
     - (SELECT count(*) FROM card c CROSS JOIN visit v ON v.card_id = c.id
        WHERE c.deleted = 1 AND v.deleted = 0 AND v.status = 'planned'
          AND v.overdue_on < :day AND v.due_on <= :day),
       (SELECT count(*) FROM visit v INDEXED BY visit_status_due_on
        WHERE v.status = 'planned' AND v.due_on <= :day)
     - (SELECT count(*) FROM visit v INDEXED BY visit_agenda
        WHERE v.deleted = 1 AND v.status = 'planned' AND v.due_on <= :day)
     - (SELECT count(*) FROM visit v INDEXED BY visit_overdue
        WHERE v.deleted = 0 AND v.status = 'planned' AND v.overdue_on IS NULL
          AND v.due_on <= :day)
     - (SELECT count(*) FROM card c CROSS JOIN visit v ON v.card_id = c.id
        WHERE c.deleted = 1 AND v.deleted = 0 AND v.status = 'planned'
          AND v.overdue_on IS NOT NULL AND v.due_on <= :day)
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
# Tens of thousands of visits fall in the week: counted from the narrow (status, due_on)
# index, less the deleted visits and the visits of deleted cards (both few), instead of
# testing each visit's card in the wide agenda index (10-20 ms at 100,000 cards).
_UPCOMING_COUNT = """
SELECT (SELECT count(*) FROM visit v INDEXED BY visit_status_due_on
        WHERE v.status = 'planned' AND v.due_on > :day AND v.due_on <= :horizon)
     - (SELECT count(*) FROM visit v INDEXED BY visit_agenda
        WHERE v.deleted = 1 AND v.status = 'planned' AND v.due_on > :day AND v.due_on <= :horizon)
     - (SELECT count(*) FROM card c CROSS JOIN visit v ON v.card_id = c.id
        WHERE c.deleted = 1 AND v.deleted = 0 AND v.status = 'planned'
          AND v.due_on > :day AND v.due_on <= :horizon)
"""
_UPCOMING_ITEMS = f"""
SELECT v.rowid, v.due_on FROM visit v
WHERE {_LIVE} AND v.due_on > :day AND v.due_on <= :horizon
ORDER BY v.due_on, v.rowid LIMIT :limit
"""
# The last day a cut list reaches keeps its earliest visits: those without a time first
# (as ORDER BY due_time puts them), in the order of the (status, due_on) index, which
# stops after the rows wanted; then the few with a time, from their own index (schema 6).
# Sorting the whole day by due_time read each of its 4,000 visits of the demo: 20 ms.
_UPCOMING_UNTIMED = f"""
SELECT v.rowid, v.due_on FROM visit v INDEXED BY visit_status_due_on
WHERE {_LIVE} AND v.due_on = :last AND v.due_time IS NULL
ORDER BY v.rowid LIMIT :rest
"""
_UPCOMING_TIMED = f"""
SELECT v.rowid, v.due_on FROM visit v {{timed}}
WHERE {_LIVE} AND v.due_on = :last AND v.due_time IS NOT NULL
ORDER BY v.due_time, v.rowid LIMIT :rest
"""
_DETAILS = """
SELECT v.rowid, v.id, v.card_id, v.due_on, v.due_time, v.purpose, v.hand_set, v.planned_from,
       v.created, c.name, c.company, c.grade, c.f_kind, c.area, c.phones, c.last_contact_at
FROM visit v JOIN card c ON c.id = v.card_id WHERE v.rowid IN ({marks})
"""


@lru_cache(maxsize=4096)
def _numbers(phones: str) -> tuple[str, ...]:
    """A card's phone numbers from its stored text: the same few hundred cards are listed
    again after every write Today sees."""
    # The stored form (values.phones_to_json) read by one regex: another day's agenda lists
    # 600 cards not seen before, whose JSON parse and Phone objects were 3.7 ms of its 40.
    # Anything else (an escape, a dict without a number, a plain list) takes the full road.
    if phones.startswith("[{") and phones.endswith("}]") and "\\" not in phones:
        found = _NUMBER.findall(phones)
        if len(found) == phones.count("{"):
            return tuple(number for number in map(clean_text, found) if number)
    return tuple(p.number for p in parse_phones(phones))


_NUMBER = re.compile(r'"number"\s*:\s*"([^"\\]*)"')


def _stamp_day(stamp: str) -> date:
    return datetime.fromtimestamp(int(stamp[:13]) / 1000).date()


@on_store
def agenda(
    day: date,
    days: int = 7,
    moment: datetime | None = None,
    limit: int | None = 200,
    *,
    store: Store | None = None,
) -> Agenda:
    """Planned visits due up to `days` days after `day`: overdue, due today, upcoming.

    Each list holds at most `limit` items (None: all), the most urgent first;
    `counts` always gives the full numbers. Also the service cases still
    waiting for a first response after 24 hours at `moment` (default: that
    day at the current time) and the customers at risk of being lost.
    """
    from salesdesk.models import clock
    from salesdesk.services import aftersales, payments

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
        upcoming_rows += (
            rows(_UPCOMING_UNTIMED) + rows(_UPCOMING_TIMED.format(timed=index_hint("visit_timed")))
        )[: cut - len(upcoming_rows)]
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
                phones=list(_numbers(phones or "")),
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
    # Issue 20: installments to collect, the oldest first, cut like the lists above.
    reach = max(days, 0) + 1
    due = payments.due_payments(day, reach, limit)
    due_total = len(due) if limit is None or len(due) < limit else None
    return Agenda(
        day,
        days,
        buckets[0],
        buckets[1],
        buckets[2],
        aftersales.unanswered_cases(moment),
        aftersales.at_risk_customers(day),
        totals={
            "overdue": counts[0],
            "today": counts[1],
            "upcoming": counts[2],
            "payments": due_total
            if due_total is not None
            else payments.count_due_payments(day, reach),
        },
        payments=due,
    )


def _order(item: AgendaItem) -> tuple[bool, str, str, str, str]:
    return (item.area == "", item.area, item.due, item.due_time or "", item.name)


# -- early warnings ---------------------------------------------------------------------------
# The early signals of a customer drifting away (issue 18), each with its reason, each
# dismissable for a while. Read apart from the agenda so the day's list stays fast.
SPEND_DROP = 0.4  # spend down 40 % or more from one month to the next …
DEFAULT_SPEND_THRESHOLD = 10_000.0  # … when the month before was worth more than this
REGULAR_CONTACTS = 3  # contacts in the last year that make a customer regular
SILENT_FACTOR = 2  # silent for twice the customer's usual interval
WARNING_KINDS = ("spend_drop", "silent", "complaint_open", "key_idle")
DISMISSED_KEY = "dismissed_warnings"

# What each warning says, with its facts; (English, Chinese).
WARNING_TEXTS: dict[str, tuple[str, str]] = {
    "spend_drop": (
        "Spend down {drop:.0%}: {last:,.0f} in {month}, {before:,.0f} the month before",
        "消费下降 {drop:.0%}：{month} 为 {last:,.0f}，上月为 {before:,.0f}",
    ),
    "silent": (
        "Silent for {days} days; usually in touch every {usual} days",
        "已 {days} 天没有联系；平时每 {usual} 天联系一次",
    ),
    "complaint_open": (
        "Complaint open for {hours} h (target {target:.0f} h): {content}",
        "投诉已 {hours} 小时未解决（时限 {target:.0f} 小时）：{content}",
    ),
    "key_idle": (
        "Key customer without contact for {days} days (grade {grade}: every {limit} days)",
        "重点客户已 {days} 天没有联系（{grade} 级：每 {limit} 天）",
    ),
}
# A one-line hint for how to approach a person of each communication style.
STYLE_HINTS: dict[str, tuple[str, str]] = {
    "hesitant": (
        "Hesitant: find out what is unclear, then offer one concrete proposal.",
        "犹豫型：先弄清对方哪里不明白，再给出一个具体的方案。",
    ),
    "opinionated": (
        "Opinionated: let them lead, ask for their view, back your point with facts.",
        "主见型：让对方主导，征求其意见，用事实支持你的观点。",
    ),
    "amiable": (
        "Amiable: take time for the relationship; make the next step easy to say yes to.",
        "随和型：多花时间建立关系，让下一步容易答应。",
    ),
    "angry": (
        "Angry: listen first, acknowledge the problem, promise only what you can keep.",
        "易怒型：先倾听，承认问题，只承诺能做到的事。",
    ),
}


def style_hint(style: str | None, lang: str = "en") -> str:
    """How to approach a person of this communication style, in one line (empty if none)."""
    pair = STYLE_HINTS.get(style or "")
    if pair is None:
        return ""
    return pair[1] if lang.startswith("zh") else pair[0]


@dataclass(frozen=True)
class EarlyWarning:
    kind: str  # one of WARNING_KINDS
    key: str  # what a dismissal names: kind:card or kind:case
    card_id: str
    name: str
    company: str
    grade: str
    style: str | None
    facts: dict[str, Any]

    def reason(self, lang: str = "en") -> str:
        english, chinese = WARNING_TEXTS[self.kind]
        return (chinese if lang.startswith("zh") else english).format(**self.facts)

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "reason": self.reason(),
            "reason_zh": self.reason("zh_CN"),
            "style_hint": style_hint(self.style),
        }


@on_store
def warning_settings(*, store: Store | None = None) -> dict[str, float]:
    from salesdesk.services import settings
    from salesdesk.services.summary import complaint_targets

    response, conversation = complaint_targets()
    threshold = settings.get("spend_drop_threshold", DEFAULT_SPEND_THRESHOLD)
    return {
        "spend_drop_threshold": float(threshold),
        "complaint_response_hours": response,
        "complaint_conversation_hours": conversation,
    }


@on_store
def dismissed(day: date, *, store: Store | None = None) -> dict[str, str]:
    """Warnings dismissed until a day after `day`: key → last day dismissed (ISO)."""
    from salesdesk.services import settings

    stored = settings.get(DISMISSED_KEY, {}) or {}
    return {k: v for k, v in stored.items() if isinstance(v, str) and v >= day.isoformat()}


@on_store
def dismiss(key: str, until: date, day: date, *, store: Store | None = None) -> None:
    """Hide the warning `key` up to and including `until` (call inside a write)."""
    from salesdesk.domain.errors import InvalidValue
    from salesdesk.services import settings

    if key.split(":", 1)[0] not in WARNING_KINDS or ":" not in key:
        raise InvalidValue(f"'{key}' is not a warning: use the key agenda --json gives.")
    if until < day:
        raise InvalidValue("A warning is dismissed until today or a later day.")
    kept = dismissed(day)  # the ones that ran out are dropped on the way
    kept[key] = until.isoformat()
    settings.put(DISMISSED_KEY, kept)


@on_store
def early_warnings(
    day: date,
    moment: datetime | None = None,
    cards: Iterable[str] | None = None,
    *,
    store: Store | None = None,
) -> list[EarlyWarning]:
    """The early warnings of `day`, less those dismissed: spend down by 40 % month on month,
    a regular customer silent for twice their usual interval, a complaint open past the
    response target, a key customer without contact for their grade's interval.

    `cards` limits them to those cards: after a write the Today view asks again only
    for the cards it touched (the whole list takes a few hundred ms at 100,000 cards).
    """
    import json

    from salesdesk.domain.grades import cadence_key
    from salesdesk.models import clock
    from salesdesk.services import settings

    moment = moment or datetime.combine(day, clock.now().time())
    only = json.dumps(sorted(set(cards))) if cards is not None else None

    def rows_of(table: str, alias: str, column: str, index: str = "") -> str:
        """The FROM part: the table, or only the given cards' rows, read from the cards
        (CROSS JOIN keeps SQLite from scanning the table and filtering afterwards)."""
        if only is None:
            return f"{table} {alias} {index}"
        return f"json_each(:only) j CROSS JOIN {table} {alias} ON {alias}.{column} = j.value"

    limits = warning_settings()
    found: list[tuple[str, str, dict[str, Any]]] = []  # kind, card or case, facts

    # Spend: the last whole month against the one before.
    this_month = day.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    month_before = (last_month - timedelta(days=1)).replace(day=1)
    spends = database_proxy.execute_sql(
        """SELECT d.card_id, sum(CASE WHEN d.closed_on < :last THEN d.amount ELSE 0 END),
                  sum(CASE WHEN d.closed_on >= :last THEN d.amount ELSE 0 END)
           FROM """
        + rows_of("deal", "d", "card_id")
        + """ WHERE d.deleted = 0 AND d.closed_on >= :before AND d.closed_on < :this
           GROUP BY d.card_id""",
        {
            "before": month_before.isoformat(),
            "last": last_month.isoformat(),
            "this": this_month.isoformat(),
            "only": only,
        },
    ).fetchall()
    for card_id, before_sum, last_sum in giving_way(spends):
        before, last = float(before_sum or 0), float(last_sum or 0)
        if before > limits["spend_drop_threshold"] and last <= (1 - SPEND_DROP) * before:
            facts = {
                "drop": 1 - last / before,
                "last": last,
                "before": before,
                "month": last_month.strftime("%Y-%m"),
            }
            found.append(("spend_drop", card_id, facts))

    # Silence: customers in touch at least REGULAR_CONTACTS times in the past year. For a
    # few cards, each card is looked up: the list of every customer (13,000 of the demo's
    # 100,000 cards) took 50 ms to make, after every write Today saw.
    year_ago = (day - timedelta(days=365)).isoformat()
    if only is None:
        customers = """FROM contact x WHERE x.deleted = 0 AND x.at >= :since AND x.card_id IN
             (SELECT id FROM card WHERE deleted = 0 AND status = 'customer')"""
    else:
        customers = """FROM json_each(:only) j CROSS JOIN card c ON c.id = j.value
             CROSS JOIN contact x ON x.card_id = c.id
           WHERE c.deleted = 0 AND c.status = 'customer' AND x.deleted = 0 AND x.at >= :since"""
    # The database keeps the silent ones alone, by the test below in whole days (usual ≥ 1:
    # span ≥ n - 1; silent > factor × usual: silent × (n - 1) > factor × span); making a
    # tuple and two dates of each of 13,000 regular customers was a third of the list.
    span = "(julianday(substr(max(x.at), 1, 10)) - julianday(substr(min(x.at), 1, 10)))"
    silence = "(julianday(:day) - julianday(substr(max(x.at), 1, 10)))"
    regulars = database_proxy.execute_sql(
        "SELECT x.card_id, count(*), min(x.at), max(x.at) "
        + customers
        + " GROUP BY x.card_id HAVING count(*) >= :regular"
        + f" AND {span} >= count(*) - 1 AND {silence} * (count(*) - 1) > :factor * {span}",
        {
            "since": year_ago,
            "regular": REGULAR_CONTACTS,
            "only": only,
            "day": day.isoformat(),
            "factor": SILENT_FACTOR,
        },
    ).fetchall()
    for card_id, n, first, last in giving_way(regulars):
        usual = (_day_of(last) - _day_of(first)).days / (n - 1)
        silent = (day - _day_of(last)).days
        if usual >= 1 and silent > SILENT_FACTOR * usual:
            found.append(("silent", card_id, {"days": silent, "usual": round(usual)}))

    # Complaints still open past the response target.
    target = limits["complaint_response_hours"]
    complaints = database_proxy.execute_sql(
        "SELECT s.id, s.card_id, s.opened_at, s.content FROM "
        + rows_of("service_case", "s", "card_id")
        + """ WHERE s.deleted = 0 AND s.kind = 'complaint' AND s.resolved_at IS NULL
             AND s.opened_at <= :limit""",
        {"limit": (moment - timedelta(hours=target)).isoformat(), "only": only},
    ).fetchall()
    for case_id, card_id, opened, content in giving_way(complaints):
        hours = int((moment - datetime.fromisoformat(opened)).total_seconds() // 3600)
        text = " ".join(str(content).split())
        facts = {"hours": hours, "target": target, "content": text[:60], "case_id": case_id}
        found.append(("complaint_open", card_id, facts))

    # Key customers without contact for their grade's interval.
    cadence = settings.cadence()
    keys = database_proxy.execute_sql(
        "SELECT c.id, c.grade, c.f_kind, c.last_contact_at FROM "
        + rows_of("card", "c", "id", "INDEXED BY card_key_customers")
        + " WHERE c.key_customer = 1 AND c.deleted = 0",
        {"only": only},
    ).fetchall()
    for card_id, grade, f_kind, last in giving_way(keys):
        limit = cadence.get(cadence_key(grade, f_kind))
        if not limit:
            continue
        quiet = (day - _day_of(last)).days if last else None
        if quiet is None or quiet > limit:
            label = f_kind if grade == "F" and f_kind else grade
            facts = {"days": quiet if quiet is not None else "∞", "grade": label, "limit": limit}
            found.append(("key_idle", card_id, facts))

    hidden = dismissed(day)
    wanted = [
        (kind, ref, facts)
        for kind, ref, facts in giving_way(found)
        if f"{kind}:{facts.get('case_id', ref)}" not in hidden
    ]
    cards = _cards({ref for _, ref, _ in wanted})
    out = []
    for kind, card_id, facts in giving_way(wanted):
        card = cards.get(card_id)
        if card is None:  # a deleted card
            continue
        name, company, grade, f_kind, style = card
        out.append(
            EarlyWarning(
                kind,
                f"{kind}:{facts.get('case_id', card_id)}",
                card_id,
                name,
                company,
                f_kind if grade == "F" and f_kind else grade,
                style,
                facts,
            )
        )
    out.sort(key=warning_order)
    return out


def warning_order(warning: EarlyWarning) -> tuple[int, str, str]:
    return (WARNING_KINDS.index(warning.kind), warning.name, warning.key)


def _day_of(text: str) -> date:
    return date.fromisoformat(text[:10])


def _cards(ids: set[str]) -> dict[str, tuple[str, str, str, str | None, str | None]]:
    import json

    if not ids:
        return {}
    found = database_proxy.execute_sql(
        "SELECT id, name, company, grade, f_kind, style FROM card "
        "WHERE deleted = 0 AND id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    ).fetchall()
    return {row[0]: row[1:] for row in giving_way(found)}
