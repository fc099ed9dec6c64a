"""Cards: create, edit, delete and restore, change grade, and read a card whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from salesdesk.domain import grades as g
from salesdesk.domain.dates import date_text, datetime_text, parse_date, parse_datetime
from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.phones import suggested_label
from salesdesk.domain.values import (
    CREDITS,
    STATUSES,
    STYLES,
    Phone,
    check_code,
    clean_text,
    parse_phones,
    parse_tags,
    phone_match_key,
    phones_to_json,
    tags_to_json,
)
from salesdesk.models import clock
from salesdesk.models.store import Store
from salesdesk.models.tables import Card, Contact, GradeChange, on_store
from salesdesk.services import settings
from salesdesk.services.derive import SEARCHED_FIELDS, card_search_columns, refresh_cards

# Fields a plain edit may set; the grade goes through change_grade, with a reason.
EDITABLE = (
    "name",
    "company",
    "title",
    "phones",
    "email",
    "address",
    "area",
    "source",
    "referred_by",
    "birthday",
    "status",
    "style",
    "key_customer",
    "credit",
    "tags",
    "notes",
    "owner",
    "wechat",
    "annual_spend",
    "credit_limit",
)
GRADE_FIELDS = ("grade", "f_kind", "grade_note", "blocker", "recheck_on")


@dataclass(frozen=True)
class CardData:
    id: str
    name: str
    company: str
    title: str
    phones: list[Phone]
    email: str
    address: str
    area: str
    source: str | None
    referred_by: str | None
    birthday: date | None
    status: str
    grade: str
    f_kind: str | None
    grade_note: str
    blocker: str
    recheck_on: date | None
    style: str | None
    key_customer: bool
    credit: str | None
    tags: list[str]
    notes: str
    owner: str
    deleted: bool
    created: str
    last_contact_at: datetime | None
    next_visit_on: date | None
    wechat: str = ""
    annual_spend: float | None = None  # the customer's annual spend / potential
    credit_limit: float | None = None  # issue 20: this card's own limit (None: by standing)

    @property
    def grade_label(self) -> str:
        """The grade as shown: F splits into F1 and F2."""
        return self.f_kind if self.grade == "F" and self.f_kind else self.grade


@on_store
def normalize(fields: dict[str, Any], *, store: Store | None = None) -> dict[str, Any]:
    """User values (text, lists, dates) to the columns as stored; raises InvalidValue."""
    unknown = set(fields) - set(EDITABLE) - set(GRADE_FIELDS)
    if unknown:
        raise InvalidValue(f"Unknown card field: {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "name":
            out[key] = clean_text(value)
            if not out[key]:
                raise InvalidValue("A card needs a name.")
        elif key in ("company", "title", "email", "address", "area", "owner", "wechat"):
            out[key] = clean_text(value)
        elif key == "notes":
            out[key] = clean_text(value, "notes", multiline=True)
        elif key == "phones":
            phones = parse_phones(value)
            if isinstance(value, str) and not value.strip().startswith("["):
                # Plain numbers typed or passed on the command line: the number says whether
                # it is a mobile or a landline (021-64001234 is not a 手机).
                phones = [Phone(suggested_label(p.number) or p.label, p.number) for p in phones]
            out[key] = phones_to_json(phones)
        elif key == "tags":
            out[key] = tags_to_json(parse_tags(value))
        elif key == "birthday":
            out[key] = date_text(parse_date(value))
        elif key == "status":
            out[key] = check_code(value, STATUSES, "status") or "prospect"
        elif key == "style":
            out[key] = check_code(value, STYLES, "communication style")
        elif key == "credit":
            out[key] = check_code(value, CREDITS, "credit standing")
        elif key == "key_customer":
            out[key] = 1 if value and str(value).lower() not in ("0", "false", "no") else 0
        elif key == "source":
            out[key] = clean_text(value) or None
        elif key == "annual_spend":
            out[key] = _amount_or_none(value)
        elif key == "credit_limit":  # 0 is a limit (no open balance): only empty is none
            out[key] = (
                None
                if value is None or str(value).strip() == ""
                else (_amount_or_none(value) or 0.0)
            )
        elif key == "referred_by":
            out[key] = str(value) if value else None
            if out[key] and not Card.select().where(Card.id == out[key]).exists():
                raise NotFound(f"No card with id {value} to refer from.")
    return out


def _amount_or_none(value: Any) -> float | None:
    """An optional amount: empty is None; anything else a finite number of 0 or more."""
    import math

    if value is None or str(value).strip() == "":
        return None
    try:
        amount = float(str(value).replace(",", "").replace("，", "").strip())
    except ValueError:
        raise InvalidValue(f"'{value}' is not an amount.") from None
    if not math.isfinite(amount) or amount < 0:
        raise InvalidValue(f"'{value}' is not an amount.")
    return amount or None


def _grade_values(
    grade: str,
    *,
    f_kind: str | None,
    note: str | None,
    blocker: str | None,
    recheck_on: date | str | None,
    today: date,
) -> dict[str, Any]:
    """The grade group's stored values, with the C/D re-check date defaulted from the cadence."""
    written = str(grade).strip().upper()
    grade = g.parse_grade(grade)
    kind = g.parse_f_kind(f_kind)
    if kind is None and written in g.F_KINDS:  # 'F1' given as the grade keeps its kind
        kind = written
    if grade == "F":
        kind = kind or "F2"
    elif kind is not None:
        raise g.GradeError("Only grade F has a kind (F1 or F2).")
    recheck = parse_date(recheck_on) if recheck_on else None
    if grade in g.RECHECK_GRADES:
        if recheck is None:
            days = settings.cadence().get(grade) or g.DEFAULT_CADENCE_DAYS[grade] or 90
            recheck = today + timedelta(days=days)
    else:
        recheck = None
    return {
        "grade": grade,
        "f_kind": kind,
        "grade_note": clean_text(note or "", "notes", multiline=True),
        "blocker": clean_text(blocker or "") if grade in g.RECHECK_GRADES else "",
        "recheck_on": date_text(recheck),
    }


@on_store
def create(
    store: Store,
    fields: dict[str, Any],
    *,
    grade: str = "F",
    f_kind: str | None = None,
    reason: str = "",
    blocker: str | None = None,
    recheck_on: date | str | None = None,
) -> str:
    """A new card; its first grade is the first step of its path."""
    fields = dict(fields)
    fields.setdefault("name", "")
    values = normalize(fields)
    today = clock.now().date()
    grade_values = _grade_values(
        grade, f_kind=f_kind, note=reason, blocker=blocker, recheck_on=recheck_on, today=today
    )
    values.update(grade_values)
    values.update(
        card_search_columns(
            values["name"],
            values.get("company", ""),
            values.get("phones", "[]"),
            values.get("tags", "[]"),
            values.get("email", ""),
            area=values.get("area", ""),
            wechat=values.get("wechat", ""),
        )
    )
    with store.write("New card"):
        card_id = store.insert("card", values)
        store.insert(
            "grade_change",
            {
                "card_id": card_id,
                "at": datetime_text(clock.now()),
                "from_grade": None,
                "from_f_kind": None,
                "to_grade": grade_values["grade"],
                "to_f_kind": grade_values["f_kind"],
                "reason": clean_text(reason, "notes", multiline=True),
                "blocker": grade_values["blocker"],
                "recheck_on": grade_values["recheck_on"],
            },
        )
        from salesdesk.services import visits

        visits.replan(store, card_id, today)
    return card_id


@on_store
def require(card_id: str, *, allow_deleted: bool = False, store: Store | None = None) -> Card:
    card = Card.get_or_none(Card.id == card_id)
    if card is None or (card.deleted and not allow_deleted):
        raise NotFound(f"No card with id {card_id}.")
    return card


@on_store
def edit(store: Store, card_id: str, fields: dict[str, Any]) -> bool:
    """Save edited fields; one change record per field group that really changed."""
    if any(k in GRADE_FIELDS for k in fields):
        raise InvalidValue("Change the grade with a reason (change grade), not as a plain edit.")
    card = require(card_id)
    values = normalize(fields)
    with store.write("Edit card"):
        changed = store.update("card", card.id, values)
        if changed and SEARCHED_FIELDS & set(values):
            refresh_cards([card.id])
    return bool(changed)


@on_store
def set_deleted(store: Store, card_id: str, deleted: bool) -> None:
    """Delete leaves a tombstone (the card and its history stay, hidden); restore lifts it."""
    card = require(card_id, allow_deleted=True)
    if bool(card.deleted) == deleted:
        state = "deleted" if deleted else "not deleted"
        raise InvalidValue(f"The card {card.name} is already {state}.")
    with store.write("Delete card" if deleted else "Restore card"):
        store.update("card", card.id, {"deleted": 1 if deleted else 0})


@dataclass(frozen=True)
class DeletedCard:
    """A card in the bin: it and its history are kept, and can be brought back."""

    id: str
    name: str
    company: str
    grade_label: str
    deleted_at: datetime | None  # when the delete in force was made (its clock stamp)
    deleted_on: str  # the device it was made on
    contacts: int


def deleted_cards(store: Store) -> list[DeletedCard]:
    """Every deleted card, most recently deleted first."""
    from salesdesk.services.history import device_names, stamp_time

    names = device_names(store)
    rows = store.db.execute_sql(
        """SELECT c.id, c.name, c.company, c.grade, c.f_kind,
                  (SELECT max(stamp) FROM change d WHERE d.table_name = 'card'
                     AND d.row_id = c.id AND d.field_group = 'deleted'),
                  (SELECT count(*) FROM contact k WHERE k.card_id = c.id AND k.deleted = 0)
           FROM card c WHERE c.deleted = 1"""
    ).fetchall()
    out = []
    for card_id, name, company, grade, f_kind, stamp, contacts in rows:
        device = stamp[20:] if stamp else ""
        out.append(
            DeletedCard(
                card_id,
                name,
                company,
                f_kind if grade == "F" and f_kind else grade,
                stamp_time(stamp) if stamp else None,
                names.get(device) or device[:8],
                contacts,
            )
        )
    return sorted(out, key=lambda c: (c.deleted_at or datetime.min, c.id), reverse=True)


@on_store
def change_grade(
    store: Store,
    card_id: str,
    grade: str,
    *,
    reason: str = "",
    f_kind: str | None = None,
    blocker: str | None = None,
    recheck_on: date | str | None = None,
    at: datetime | str | None = None,
    contact_id: str | None = None,
    replan: bool = True,
) -> bool:
    """Regrade a card with a reason; the step is kept in its grade path."""
    card = require(card_id)
    moment = parse_datetime(at) or clock.now()
    values = _grade_values(
        grade,
        f_kind=f_kind,
        note=reason,
        blocker=blocker,
        recheck_on=recheck_on,
        today=moment.date(),
    )
    same = values["grade"] == card.grade and values["f_kind"] == card.f_kind
    with store.write("Change grade"):
        store.update("card", card.id, values)
        if not same:
            store.insert(
                "grade_change",
                {
                    "card_id": card.id,
                    "at": datetime_text(moment),
                    "from_grade": card.grade,
                    "from_f_kind": card.f_kind,
                    "to_grade": values["grade"],
                    "to_f_kind": values["f_kind"],
                    "reason": clean_text(reason, "notes", multiline=True),
                    "blocker": values["blocker"],
                    "recheck_on": values["recheck_on"],
                    "contact_id": contact_id,
                },
            )
        if replan:
            from salesdesk.services import visits

            visits.replan(store, card.id, moment.date())
    return not same


@on_store
def get(card_id: str, *, allow_deleted: bool = False, store: Store | None = None) -> CardData:
    return to_data(require(card_id, allow_deleted=allow_deleted))


def to_data(card: Card) -> CardData:
    return CardData(
        id=card.id,
        name=card.name,
        company=card.company,
        title=card.title,
        phones=parse_phones(card.phones),
        email=card.email,
        address=card.address,
        area=card.area,
        source=card.source,
        referred_by=card.referred_by,
        birthday=parse_date(card.birthday),
        status=card.status,
        grade=card.grade,
        f_kind=card.f_kind,
        grade_note=card.grade_note,
        blocker=card.blocker,
        recheck_on=parse_date(card.recheck_on),
        style=card.style,
        key_customer=bool(card.key_customer),
        credit=card.credit,
        tags=parse_tags(card.tags),
        notes=card.notes,
        owner=card.owner,
        deleted=bool(card.deleted),
        created=card.created,
        last_contact_at=parse_datetime(card.last_contact_at),
        next_visit_on=parse_date(card.next_visit_on),
        wechat=card.wechat,
        annual_spend=card.annual_spend,
        credit_limit=card.credit_limit,
    )


@dataclass(frozen=True)
class GradeStep:
    id: str
    at: datetime
    from_grade: str | None
    from_f_kind: str | None
    to_grade: str
    to_f_kind: str | None
    reason: str
    blocker: str
    recheck_on: date | None

    @property
    def to_label(self) -> str:
        return self.to_f_kind if self.to_grade == "F" and self.to_f_kind else self.to_grade

    @property
    def from_label(self) -> str | None:
        if self.from_grade == "F" and self.from_f_kind:
            return self.from_f_kind
        return self.from_grade


@on_store
def grade_path(card_id: str, *, store: Store | None = None) -> list[GradeStep]:
    """The card's grades in time order, e.g. F2 → E → B → A → C → A."""
    rows = (
        GradeChange.select()
        .where((GradeChange.card_id == card_id) & (GradeChange.deleted == 0))
        # The first step (from nothing) leads even when a later contact was back-dated.
        .order_by(GradeChange.from_grade.is_null(False), GradeChange.at, GradeChange.created)
    )
    steps = []
    for row in rows:
        at = parse_datetime(row.at)
        assert at is not None
        steps.append(
            GradeStep(
                row.id,
                at,
                row.from_grade,
                row.from_f_kind,
                row.to_grade,
                row.to_f_kind,
                row.reason,
                row.blocker,
                parse_date(row.recheck_on),
            )
        )
    return steps


@on_store
def count_contacts(card_id: str, *, store: Store | None = None) -> int:
    return int(
        Contact.select().where((Contact.card_id == card_id) & (Contact.deleted == 0)).count()
    )


_CHILD_TABLES = ("contact", "visit", "deal", "service_case", "grade_change", "payment")


@on_store
def merge_cards(store: Store, keep_id: str, other_id: str) -> None:
    """Make two cards of one person one: the other's logs and history move to the kept card.

    Empty fields of the kept card take the other's values, phones and tags are
    joined, and the other card is deleted (a tombstone, so it can be restored).
    Every step is an ordinary change, so it syncs and can be undone.
    """
    from salesdesk.models.tables import SYNCED_MODELS

    if keep_id == other_id:
        raise InvalidValue("Choose two different cards to merge.")
    keep = require(keep_id)
    other = require(other_id)
    fill: dict[str, Any] = {}
    for column in ("company", "title", "email", "address", "area", "notes", "owner"):
        if not getattr(keep, column) and getattr(other, column):
            fill[column] = getattr(other, column)
    if keep.address == "" and other.address:
        fill["area"] = other.area
    for column in ("source", "referred_by", "birthday", "style", "credit"):
        if getattr(keep, column) is None and getattr(other, column) is not None:
            fill[column] = getattr(other, column)
    phones = parse_phones(keep.phones)
    known = {phone_match_key(p.number) or p.number for p in phones}
    phones += [
        p
        for p in parse_phones(other.phones)
        if (phone_match_key(p.number) or p.number) not in known
    ]
    kept_tags = parse_tags(keep.tags)
    tags = kept_tags + [t for t in parse_tags(other.tags) if t not in kept_tags]
    with store.write("Merge cards"):
        values = {**fill, "phones": phones_to_json(phones), "tags": tags_to_json(tags)}
        if other.key_customer and not keep.key_customer:
            values["key_customer"] = 1
        if other.status == "customer":
            values["status"] = "customer"
        store.update("card", keep.id, values)
        for table in _CHILD_TABLES:
            model: Any = SYNCED_MODELS[table]  # every child table has card_id
            for (row_id,) in model.select(model.id).where(model.card_id == other.id).tuples():
                store.update(table, row_id, {"card_id": keep.id})
        store.update("card", other.id, {"deleted": 1})
        refresh_cards([keep.id, other.id])
