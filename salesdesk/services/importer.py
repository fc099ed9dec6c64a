"""Importing cards: the plan (rows, problems, duplicates) and applying it in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from salesdesk.domain import cadence as rules
from salesdesk.domain.dates import date_text, datetime_text
from salesdesk.domain.errors import InvalidValue, UserError
from salesdesk.domain.values import Phone, parse_phones, parse_tags, phone_digits
from salesdesk.models import clock
from salesdesk.models.store import Store, new_id
from salesdesk.models.tables import Card
from salesdesk.services import cards, settings, visits
from salesdesk.services.derive import card_search_columns

ACTIONS = ("skip", "update", "create")
# Numbers shorter than this ('110', an extension) say nothing about who it is.
MIN_MATCH_DIGITS = 6
_PROGRESS_EVERY = 200

Progress = Callable[[int, int], bool | None]  # (done, total) -> False to cancel


class ImportCancelled(UserError):
    """The user stopped the import; nothing was written."""


@dataclass
class ImportRow:
    """One row of the file as card values, with what was wrong with it."""

    row: int  # the row number the user sees in the file (vCard: the card's number)
    fields: dict[str, Any]
    grade: str | None = None
    f_kind: str | None = None
    next_visit: date | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Duplicate:
    """A row that matches a card already in the database, or an earlier row of the file."""

    row: int
    reason: str  # 'phone' | 'name_company'
    card_id: str | None  # the existing card it matches
    other_row: int | None  # or the earlier row of this file
    name: str  # the matched card's (or row's) name and company, to show
    company: str

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "reason": self.reason,
            "card_id": self.card_id,
            "other_row": self.other_row,
            "name": self.name,
            "company": self.company,
        }


@dataclass
class ImportPlan:
    rows: list[ImportRow]  # rows that can be imported (each has a name)
    duplicates: dict[int, Duplicate]  # by row number
    problems: list[dict[str, Any]]  # {row, message}, in row order
    rejected: list[int]  # rows that cannot be imported at all

    @property
    def row_count(self) -> int:
        return len(self.rows) + len(self.rejected)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    duplicates: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    card_ids: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "problems": self.problems,
        }


def match_digits(number: str) -> str:
    """Digits for matching: '+86 138-0013-8000', '0086 13800138000' and '13800138000' agree."""
    digits = phone_digits(number)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def _fold(text: object) -> str:
    return "".join(str(text or "").casefold().split())


def _phone_keys(phones: Iterable[Phone]) -> list[str]:
    keys = [match_digits(p.number) for p in phones]
    return [k for k in keys if len(k) >= MIN_MATCH_DIGITS]


def _name_key(fields: dict[str, Any]) -> tuple[str, str] | None:
    name = _fold(fields.get("name"))
    return (name, _fold(fields.get("company"))) if name else None


# -- planning --------------------------------------------------------------------------------
def plan_import(rows: Iterable[ImportRow]) -> ImportPlan:
    """Check every row's values and find duplicates; reads the database, writes nothing."""
    by_phone: dict[str, tuple[str | None, int | None, str, str]] = {}
    by_name: dict[tuple[str, str], tuple[str | None, int | None, str, str]] = {}
    query = Card.select(Card.id, Card.name, Card.company, Card.phones).where(Card.deleted == 0)
    for card_id, name, company, phones in query.tuples().iterator():
        target = (card_id, None, name, company)
        for key in _phone_keys(parse_phones(phones)):
            by_phone.setdefault(key, target)
        by_name.setdefault((_fold(name), _fold(company)), target)
    good: list[ImportRow] = []
    rejected: list[int] = []
    problems: list[dict[str, Any]] = []
    duplicates: dict[int, Duplicate] = {}
    for row in rows:
        checked = _checked(row)
        for message in checked.problems:
            problems.append({"row": row.row, "message": message})
        if "name" not in checked.fields:
            rejected.append(row.row)
            continue
        good.append(checked)
        phones = checked.fields.get("phones") or []
        keys = _phone_keys(phones)
        hit = next((by_phone[k] for k in keys if k in by_phone), None)
        reason = "phone"
        name_key = _name_key(checked.fields)
        if hit is None and name_key is not None and name_key in by_name:
            hit, reason = by_name[name_key], "name_company"
        if hit is not None:
            card_id, other_row, name, company = hit
            duplicates[row.row] = Duplicate(row.row, reason, card_id, other_row, name, company)
            continue  # a duplicate is matched to what it duplicates, not to later rows
        me = (None, row.row, str(checked.fields["name"]), str(checked.fields.get("company", "")))
        for key in keys:
            by_phone.setdefault(key, me)
        if name_key is not None:
            by_name.setdefault(name_key, me)
    return ImportPlan(good, duplicates, problems, rejected)


def _checked(row: ImportRow) -> ImportRow:
    """The row with each field normalized on its own: a bad value is a problem, not a lost row."""
    fields: dict[str, Any] = {}
    problems = list(row.problems)
    for key, value in row.fields.items():
        if key == "phones":
            fields[key] = parse_phones(value)
            continue
        try:
            cards.normalize({key: value})
        except UserError as error:
            problems.append(f"{error} Left out.")
        else:
            fields[key] = value
    if not str(fields.get("name", "")).strip():
        fields.pop("name", None)
        problems.append("No name, company, phone or e-mail: the row is not imported.")
    return ImportRow(row.row, fields, row.grade, row.f_kind, row.next_visit, problems)


def decide(
    plan: ImportPlan, on_duplicate: str = "skip", choices: dict[int, str] | None = None
) -> dict[int, str]:
    """The action for each row: create, or the user's choice for a duplicate."""
    if on_duplicate not in ACTIONS:
        raise InvalidValue(f"'{on_duplicate}' is not one of {', '.join(ACTIONS)}.")
    choices = choices or {}
    for row, action in choices.items():
        if action not in ACTIONS:
            raise InvalidValue(f"Row {row}: '{action}' is not one of {', '.join(ACTIONS)}.")
    return {
        row.row: (choices.get(row.row, on_duplicate) if row.row in plan.duplicates else "create")
        for row in plan.rows
    }


def preview(
    plan: ImportPlan, on_duplicate: str = "skip", choices: dict[int, str] | None = None
) -> ImportResult:
    """What apply would do, without writing (the dry run)."""
    actions = decide(plan, on_duplicate, choices)
    result = ImportResult(duplicates=len(plan.duplicates), dry_run=True)
    result.problems = list(plan.problems)
    result.skipped = len(plan.rejected)
    for row in plan.rows:
        action = actions[row.row]
        duplicate = plan.duplicates.get(row.row)
        if (
            action == "update"
            and duplicate is not None
            and duplicate.other_row is not None
            and actions.get(duplicate.other_row, "create") == "skip"
        ):
            action = "create"  # the row it would update is not imported
        if action == "skip":
            result.skipped += 1
        elif action == "update":
            result.updated += 1
        else:
            result.created += 1
    return result


# -- applying --------------------------------------------------------------------------------
def apply_import(
    store: Store,
    plan: ImportPlan,
    on_duplicate: str = "skip",
    choices: dict[int, str] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Write the plan in one transaction: on any error (or cancel) nothing is written."""
    actions = decide(plan, on_duplicate, choices)
    result = ImportResult(duplicates=len(plan.duplicates))
    result.problems = list(plan.problems)
    result.skipped = len(plan.rejected)
    total = len(plan.rows)
    pending: dict[int, dict[str, Any]] = {}  # new cards by row, written in bulk at the end
    row_card: dict[int, str] = {}  # existing card each updating row went into
    with store.write("Import"):
        for done, row in enumerate(plan.rows, 1):
            if (
                progress is not None
                and done % _PROGRESS_EVERY == 0
                and progress(done, total) is False
            ):
                raise ImportCancelled("The import was cancelled; nothing was imported.")
            action = actions[row.row]
            duplicate = plan.duplicates.get(row.row)
            if action == "skip":
                result.skipped += 1
                continue
            if action == "update" and duplicate is not None:
                if duplicate.card_id is not None:
                    _update_card(store, duplicate.card_id, row)
                    row_card[row.row] = duplicate.card_id
                    result.updated += 1
                    continue
                other = duplicate.other_row
                if other is not None and other in pending:
                    _merge_pending(pending[other], row)
                    pending[row.row] = pending[other]  # a third row may update this one
                    result.updated += 1
                    continue
                if other is not None and other in row_card:
                    _update_card(store, row_card[other], row)
                    row_card[row.row] = row_card[other]
                    result.updated += 1
                    continue
            pending[row.row] = _new_card(row)
            result.created += 1
        # Several rows may point at one merged card: write each card once.
        unique = list({id(values): values for values in pending.values()}.values())
        result.card_ids = _insert_cards(store, unique)
        if progress is not None:
            progress(total, total)
    return result


def _new_card(row: ImportRow) -> dict[str, Any]:
    return {
        "fields": dict(row.fields),
        "grade": row.grade or "F",
        "f_kind": row.f_kind if row.grade == "F" else None,
        "next_visit": row.next_visit,
    }


def _merge_pending(values: dict[str, Any], row: ImportRow) -> None:
    values["fields"] = _merged_fields(values["fields"], row.fields)
    if row.grade:
        values["grade"], values["f_kind"] = row.grade, row.f_kind if row.grade == "F" else None
    if row.next_visit:
        values["next_visit"] = row.next_visit


def _merged_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """New values win; phones, tags and notes are added to, never thrown away."""
    merged = dict(old)
    for key, value in new.items():
        if key == "phones":
            phones = parse_phones(merged.get("phones") or [])
            known = {match_digits(p.number) or p.number for p in phones}
            for phone in parse_phones(value):
                if (match_digits(phone.number) or phone.number) not in known:
                    phones.append(phone)
            merged[key] = phones
        elif key == "tags":
            merged[key] = list(dict.fromkeys(parse_tags(merged.get("tags")) + parse_tags(value)))
        elif key == "notes":
            before = str(merged.get("notes") or "")
            merged[key] = (
                value if not before else before if value in before else f"{before}\n{value}"
            )
        elif value not in (None, ""):
            merged[key] = value
    return merged


def _update_card(store: Store, card_id: str, row: ImportRow) -> None:
    current = cards.get(card_id)
    old = {
        "phones": current.phones,
        "tags": current.tags,
        "notes": current.notes,
    }
    fields = _merged_fields(old, row.fields)
    changes = {k: v for k, v in fields.items() if k in row.fields}
    cards.edit(store, card_id, changes)
    if row.grade:
        written = row.f_kind if row.grade == "F" else None
        if row.grade != current.grade or (written and written != current.f_kind):
            cards.change_grade(store, card_id, row.grade, f_kind=written, reason="Import")
    if row.next_visit:
        visits.add(store, card_id, row.next_visit)


def _insert_cards(store: Store, pending: list[dict[str, Any]]) -> list[str]:
    """New cards with their first grade step and first visit, in bulk (executemany)."""
    if not pending:
        return []
    today = clock.now().date()
    now_text = datetime_text(clock.now())
    cadence = settings.cadence()
    after_sales = int(settings.get("after_sales_days", rules.DEFAULT_AFTER_SALES_DAYS))
    card_rows: list[dict[str, Any]] = []
    grade_rows: list[dict[str, Any]] = []
    visit_rows: list[dict[str, Any]] = []
    for values in pending:
        fields = dict(values["fields"])
        card = {column: default for column, default in _CARD_DEFAULTS.items()}
        card.update(cards.normalize(fields))
        grade = cards._grade_values(
            values["grade"],
            f_kind=values["f_kind"],
            note="",
            blocker=None,
            recheck_on=None,
            today=today,
        )
        card.update(grade)
        card.update(
            card_search_columns(
                card["name"], card["company"], card["phones"], card["tags"], card["email"]
            )
        )
        card["id"] = new_id()
        card["created"] = store.stamp()
        visit = _first_visit(card, values["next_visit"], today, cadence, after_sales)
        if visit is not None:
            visit.update(id=new_id(), created=store.stamp(), card_id=card["id"])
            visit_rows.append(visit)
            card["next_visit_on"] = visit["due_on"]
        card_rows.append(card)
        grade_rows.append(
            {
                "id": new_id(),
                "created": store.stamp(),
                "deleted": 0,
                "card_id": card["id"],
                "at": now_text,
                "from_grade": None,
                "from_f_kind": None,
                "to_grade": grade["grade"],
                "to_f_kind": grade["f_kind"],
                "reason": "",
                "blocker": grade["blocker"],
                "recheck_on": grade["recheck_on"],
                "contact_id": None,
            }
        )
    with store.write() as op:
        for table, rows in (
            ("card", card_rows),
            ("grade_change", grade_rows),
            ("visit", visit_rows),
        ):
            if not rows:
                continue
            columns = list(rows[0])
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})"
            )
            store.db.cursor().executemany(sql, [tuple(r[c] for c in columns) for r in rows])
            op.inserted.extend((table, r["id"]) for r in rows)
    return [card["id"] for card in card_rows]


_CARD_DEFAULTS: dict[str, Any] = {
    "deleted": 0,
    "name": "",
    "company": "",
    "title": "",
    "phones": "[]",
    "email": "",
    "address": "",
    "area": "",
    "source": None,
    "referred_by": None,
    "birthday": None,
    "status": "prospect",
    "style": None,
    "key_customer": 0,
    "credit": None,
    "tags": "[]",
    "notes": "",
    "owner": "",
    "wechat": "",
    "last_contact_at": None,
    "next_visit_on": None,
}


def _first_visit(
    card: dict[str, Any],
    hand_set: date | None,
    today: date,
    cadence: dict[str, int | None],
    after_sales: int,
) -> dict[str, Any] | None:
    """The visit visits.replan (or visits.add for a date from the file) would plan."""
    base = {
        "due_time": None,
        "status": "planned",
        "done_at": None,
        "contact_id": None,
        "deleted": 0,
    }
    if hand_set is not None:
        return {
            **base,
            "due_on": date_text(hand_set),
            "hand_set": 1,
            "planned_from": None,
            "purpose": "",
        }
    recheck = date.fromisoformat(card["recheck_on"]) if card["recheck_on"] else None
    plan = rules.next_visit(card["grade"], card["f_kind"], recheck, today, cadence)
    if (
        card["status"] == "customer"
        and plan is not None
        and plan.purpose == rules.PURPOSE_FOLLOW_UP
        and (plan.due_on - today).days > after_sales
    ):
        plan = rules.Plan(today + timedelta(days=after_sales), rules.PURPOSE_FOLLOW_UP)
    if plan is None:
        return None
    return {
        **base,
        "due_on": date_text(plan.due_on),
        "hand_set": 0,
        "planned_from": date_text(min(today, plan.due_on)),
        "purpose": plan.purpose,
    }
