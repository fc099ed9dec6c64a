"""Importing cards: the plan (rows, problems, duplicates) and applying it in one transaction."""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, overload

from salesdesk.domain import cadence as rules
from salesdesk.domain import grades
from salesdesk.domain.dates import date_text, datetime_text
from salesdesk.domain.errors import InvalidValue, UserError
from salesdesk.domain.search import search_and_sort
from salesdesk.domain.values import (
    MAX_TEXT,
    Phone,
    clean_text,
    parse_phones,
    parse_tags,
    phones_to_json,
)
from salesdesk.models import clock, tracking
from salesdesk.models.store import Store, _uuid_bytes, new_id
from salesdesk.models.tables import database_proxy, on_store
from salesdesk.services import cards, identity, settings, visits
from salesdesk.services.derive import card_search_columns
from salesdesk.services.operations import frozen_for_good, let_go

ACTIONS = ("skip", "update", "create")
MIN_MATCH_DIGITS = identity.MIN_MATCH_DIGITS
_PROGRESS_EVERY = 200
# A row is listed with at most this many likely duplicates (a common name meets many).
_MAX_LIKELY = 3

Progress = Callable[[int, int], bool | None]  # (done, total) -> False to cancel

# What the report says a row's evidence was; strong reasons may update or skip a card.
STRONG_REASONS = ("email", "mobile", "name_company")
REASON_TEXT = {
    "email": "same e-mail",
    "mobile": "same mobile number",
    "name_company": "same name and company",
    "phone": "shares a landline or switchboard",
    "name": "same name at another company",
}


class ImportCancelled(UserError):
    """The user stopped the import; nothing was written."""


@dataclass(slots=True)
class ImportRow:
    """One row of the file as card values, with what was wrong with it."""

    row: int  # the row number the user sees in the file (vCard: the card's number)
    fields: dict[str, Any]
    grade: str | None = None
    f_kind: str | None = None
    next_visit: date | None = None
    problems: list[str] = field(default_factory=list)
    person: bool = True  # False when the name was made from the company, e-mail or phone
    deals: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A row that matches a card already in the database, or an earlier row of the file.

    strong: the same person (same e-mail, mobile, or name and company, and names that
    agree) — the row may skip or update it. Otherwise a *likely* duplicate: imported as
    a card of its own and listed for the user to merge or dismiss.
    """

    row: int
    reason: str  # 'email' | 'mobile' | 'name_company' | 'phone' | 'name'
    card_id: str | None  # the existing card it matches
    other_row: int | None  # or the earlier row of this file
    name: str  # the matched card's (or row's) name and company, to show
    company: str
    shared: str = ""  # what they share: the e-mail, the number, the name
    strong: bool = True
    # The card the earlier row went into, when that is known already (the streamed import).
    other_card: str | None = None

    @property
    def why(self) -> str:
        text = REASON_TEXT.get(self.reason, self.reason)
        if not self.strong and self.reason in STRONG_REASONS:
            text += ", but another name"
        return f"{text} ({self.shared})" if self.shared else text

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "reason": self.reason,
            "strong": self.strong,
            "card_id": self.card_id,
            "other_row": self.other_row,
            "name": self.name,
            "company": self.company,
            "shared": self.shared,
        }


@dataclass
class ImportPlan:
    rows: list[ImportRow]  # rows that can be imported (each has a name)
    duplicates: dict[int, Duplicate]  # strong matches, by row number
    problems: list[dict[str, Any]]  # {row, message}, in row order
    rejected: list[int]  # rows that cannot be imported at all
    likely: dict[int, list[Duplicate]] = field(default_factory=dict)  # weak, by row
    names: dict[int, str] = field(default_factory=dict)  # every row's name, for the report
    notes: list[str] = field(default_factory=list)  # about the whole file (columns, sheets)
    card_deals: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # on cards there


class CardIds(MutableSequence[str]):
    """The ids of the cards an import made, in order, as a list gives them: canonical
    UUIDs kept as their 16 bytes (200,000 ids in 3 MB, not 19 MB: issue 14)."""

    __slots__ = ("_other", "_raw")
    __hash__ = None  # type: ignore[assignment]  # a list is not hashable either

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._raw = bytearray()  # 16 bytes an id; an id that is no UUID: its place in _other
        self._other: list[str] = []
        self.extend(ids)

    def insert(self, index: int, value: str) -> None:
        if index < len(self):
            ids = list(self)
            ids.insert(index, value)
            self._raw, self._other = bytearray(), []
            self.extend(ids)
            return
        raw = _uuid_bytes(value)
        if raw is None or raw.startswith(_NOT_UUID):
            raw = _NOT_UUID + len(self._other).to_bytes(8, "big")
            self._other.append(value)
        self._raw += raw

    def append(self, value: str) -> None:
        # insert() at the end, without MutableSequence's road through len() and insert().
        raw = _uuid_bytes(value)
        if raw is None or raw.startswith(_NOT_UUID):
            raw = _NOT_UUID + len(self._other).to_bytes(8, "big")
            self._other.append(value)
        self._raw += raw

    def _at(self, index: int) -> str:
        raw = bytes(self._raw[index * 16 : index * 16 + 16])
        if raw.startswith(_NOT_UUID):
            return self._other[int.from_bytes(raw[8:], "big")]
        h = raw.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("card id index out of range")
        return self._at(index)

    def __setitem__(self, index: Any, value: Any) -> None:
        ids = list(self)
        ids[index] = value
        self._raw, self._other = bytearray(), []
        self.extend(ids)

    def __delitem__(self, index: Any) -> None:
        ids = list(self)
        del ids[index]
        self._raw, self._other = bytearray(), []
        self.extend(ids)

    def __len__(self) -> int:
        return len(self._raw) // 16

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CardIds | list):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"CardIds({list(self)!r})"


# The first 8 bytes of a place in CardIds._other (no UUID this program makes starts so;
# one that does is kept in _other too, so the two are never taken for each other).
_NOT_UUID = b"\xff" * 6 + b"\x00\x00"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    merged: int = 0
    skipped: int = 0
    flagged: int = 0
    duplicates: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    card_ids: CardIds = field(default_factory=CardIds)
    dry_run: bool = False
    # Every row not simply created (a ReportRows after a streamed import).
    rows: Sequence[dict[str, Any]] = field(default_factory=list)
    likely_groups: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    deals: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "skipped": self.skipped,
            "flagged": self.flagged,
            "duplicates": self.duplicates,
            "deals": self.deals,
            "problems": self.problems,
            "rows": list(self.rows),
            "likely_duplicates": self.likely_groups,
            "notes": self.notes,
            "dry_run": self.dry_run,
        }


match_digits = identity.match_digits


# -- planning --------------------------------------------------------------------------------
# Who a row can be matched against: (card_id, row, name, company, person name, and the
# card a row of the file went into when that is known yet).
_Target = tuple[str | None, int | None, str, str, str, str | None]


class _Index:
    """Cards and earlier rows by e-mail, phone, name and company: what a row is compared to.

    Kept small, as it holds every card and every row of a 200,000-row file: a key that one
    target has maps to that target, a list only when several share it (issue 14).
    """

    def __init__(self, region: str) -> None:
        self.region = region
        self.email: dict[str, Any] = {}  # e-mail key -> target(s)
        self.phone: dict[int | str, Any] = {}  # phone key (see _phone_slot) -> target(s)
        self.name: dict[str, list[tuple[_Target, str]]] = {}  # name form -> (target, company key)
        # Names in characters: the first target of each name, and the first of each name at
        # each company (by the hash of the two keys, checked against the target on a hit).
        self.han: dict[str, _Target] = {}
        self.han_company: dict[int, Any] = {}
        self.han_entries: list[_Target] = []
        self.han_pinyin: dict[str, list[tuple[_Target, str]]] = {}
        self.han_indexed = 0
        # Cards whose e-mail and phones are in the index but not yet their names: a row
        # that matches a card by e-mail and name needs no more (every row of a re-import,
        # issue 14); the names go in, in the cards' order, before any row is added or
        # looked up by name or phone.
        self.deferred: list[_Target] = []

    def add_card(self, target: _Target, email: str, phones: Iterable[tuple[str, str]]) -> None:
        """A card of the database: its e-mail and phones now, its name when first needed."""
        if email:
            _put(self.email, email, target)
        self._add_phones(target, phones)
        self.deferred.append(target)

    def _add_deferred(self) -> None:
        deferred, self.deferred = self.deferred, []
        for target in deferred:
            self._add_name(target, None, None)

    def add(
        self,
        target: _Target,
        email: str,
        phones: Iterable[tuple[str, str]],
        company: str | None = None,
        han: str | None = None,
    ) -> None:
        """phones: (number, key) pairs, the key from identity.phone_key; company and han:
        the target's company key and name in characters (identity.han_of of its person),
        when the caller has them already."""
        if self.deferred:
            self._add_deferred()
        if email:
            _put(self.email, email, target)
        self._add_phones(target, phones)
        self._add_name(target, company, han)

    def _add_phones(self, target: _Target, phones: Iterable[tuple[str, str]]) -> None:
        phone_index = self.phone
        for _number, key in phones:
            if not key:
                continue
            slot = _phone_slot(key)
            there = phone_index.get(slot)
            if there is None:
                phone_index[slot] = target
            elif type(there) is list:
                if all(t is not target for t in there):
                    there.append(target)
            elif there is not target:
                phone_index[slot] = [there, target]

    def _add_name(self, target: _Target, company: str | None, han: str | None) -> None:
        person = target[4]
        if not person:
            return
        if han is None:
            han = identity.han_of(person)
        if han == person:
            han = person  # the name itself, not a second copy of it kept as a key
        if company is None:
            company = identity.company_key(target[3])
        if han:
            # Names in characters meet names in characters by the characters; their
            # pinyin is worked out only if a name in letters comes to look (it is slow).
            self.han.setdefault(han, target)
            if company:
                pair = hash((han, company))
                there = self.han_company.get(pair)
                if there is None:
                    self.han_company[pair] = target
                elif not any(_same(t, han, company) for t in _all(self.han_company, pair)):
                    _put(self.han_company, pair, target)
            self.han_entries.append(target)
        else:
            entry = (target, company)
            for form in identity.name_forms(person):
                self.name.setdefault(form, []).append(entry)

    def _by_name(
        self, person: str, company: str, han: str | None = None
    ) -> tuple[_Target | None, _Target | None]:
        """The first target with the same name at the same company (a strong match), else
        the first with the same name (a likely one): same characters, or same letters or
        pinyin (张伟 never meets 张薇)."""
        if han is None:
            han = identity.han_of(person)
        found: list[tuple[_Target, str]] = []
        if han:
            first = self.han.get(han)
            if first is not None and company:
                there = self.han_company.get(hash((han, company)))
                if there is not None:
                    for target in there if type(there) is list else (there,):
                        if _same(target, han, company):
                            return target, first
            if not self.name:
                return None, first
            for form in identity.name_forms(person):
                found.extend(self.name.get(form, ()))
            for target, other_company in found:
                if company and company == other_company:
                    return target, first
            return None, first or (found[0][0] if found else None)
        forms = identity.name_forms(person)
        for form in forms:
            found.extend(self.name.get(form, ()))
        if self.han_entries:
            for target in self.han_entries[self.han_indexed :]:
                entry = (target, identity.company_key(target[3]))
                for form in identity.name_forms(target[4]):
                    self.han_pinyin.setdefault(form, []).append(entry)
            self.han_indexed = len(self.han_entries)
            for form in forms:
                found.extend(self.han_pinyin.get(form, ()))
        for target, other_company in found:
            if company and company == other_company:
                return target, found[0][0]
        return None, found[0][0] if found else None

    def find(
        self,
        row: int,
        fields: dict[str, Any],
        person: str,
        phones: list[tuple[str, str]],
        keys: tuple[str, str, str] | None = None,
    ) -> tuple[Duplicate | None, list[Duplicate]]:
        """The strong match (if any) and the weak ones, for a row's fields.

        keys: the row's (e-mail key, company key, name in characters) when the caller has
        them already (_Planner works them out once for find and add)."""
        if keys is None:
            email = identity.email_key(fields.get("email"))
            company = identity.company_key(fields.get("company")) if person else ""
            han = identity.han_of(person) if person else ""
        else:
            email, company, han = keys
        strong, weak = self.find_by_email(row, person, email)
        if strong is not None:
            return strong, []
        return self.find_by_rest(row, person, phones, company=company, han=han, weak=weak)

    def find_by_email(
        self, row: int, person: str, email: str
    ) -> tuple[Duplicate | None, dict[Any, Duplicate]]:
        """find()'s first step: a card or row with the row's e-mail and a name that agrees
        (strong), else the weak matches so far for find_by_rest."""
        weak: dict[Any, Duplicate] = {}  # one per thing shared: a group needs one link
        there = self.email.get(email) if email else None
        if there is not None:
            for target in there if type(there) is list else (there,):
                if identity.names_agree(person, target[4]):
                    return _found(row, target, "email", email, True), weak
                if ("email", email) not in weak:
                    weak["email", email] = _found(row, target, "email", email, False)
        return None, weak

    def find_by_rest(
        self,
        row: int,
        person: str,
        phones: list[tuple[str, str]],
        *,
        company: str,
        han: str,
        weak: dict[Any, Duplicate],
    ) -> tuple[Duplicate | None, list[Duplicate]]:
        """find() after the e-mail: by name and company, then by phone."""
        if self.deferred:
            self._add_deferred()
        if person:
            # Same characters, or same letters in any order, or pinyin for characters:
            # these names agree by how they were looked up (张伟 never meets 张薇).
            same, first = self._by_name(person, company, han)
            if same is not None:
                return _found(row, same, "name_company", person, True), []
            if first is not None:
                weak["name", ""] = _found(row, first, "name", person, False)
        phone_index = self.phone
        for number, key in phones:
            there = phone_index.get(_phone_slot(key)) if key else None
            if there is None:
                continue
            mobile = identity.personal_phone(number, self.region)
            for target in there if type(there) is list else (there,):
                if mobile and identity.names_agree(person, target[4]):
                    return _found(row, target, "mobile", number, True), []
                if ("phone", key) not in weak:
                    weak["phone", key] = _found(
                        row, target, "mobile" if mobile else "phone", number, False
                    )
        return None, list(weak.values())[:_MAX_LIKELY] if weak else []


def _found(row: int, target: _Target, reason: str, shared: str, strong: bool) -> Duplicate:
    card_id, other_row, name, company, _, other_card = target
    return Duplicate(row, reason, card_id, other_row, name, company, shared, strong, other_card)


def _phone_slot(key: str) -> int | str:
    """A phone key as the index holds it: ASCII digits as a number (after a 1, so that
    '021…' and '21…' stay apart), 28 bytes less than the text for each of 200,000 rows
    (issue 14); any other key as it is."""
    return int("1" + key) if key.isascii() and key.isdigit() else key


def _put(index: dict[Any, Any], key: Any, target: _Target) -> None:
    """Add a target under a key: the target alone, or a list once there are several."""
    there = index.get(key)
    if there is None:
        index[key] = target
    elif type(there) is list:
        there.append(target)
    else:
        index[key] = [there, target]


def _all(index: dict[Any, Any], key: Any) -> Sequence[_Target]:
    there = index.get(key)
    if there is None:
        return ()
    return there if type(there) is list else (there,)


def _same(target: _Target, han: str, company: str) -> bool:
    """The target's name in characters and company key are these."""
    return identity.han_of(target[4]) == han and identity.company_key(target[3]) == company


def _card_index(region: str) -> _Index:
    """Every live card in the index, from one pass over the cards as tuples: its e-mail
    and phones at once, its name when a row first needs it (_Index.deferred)."""
    index = _Index(region)
    rows = database_proxy.execute_sql(
        "SELECT id, name, company, email, phones FROM card WHERE deleted = 0"
    )
    company_key, email_key = identity.company_key, identity.email_key
    add = index.add_card
    for card_id, name, company, email, phones in rows:
        # A card's name when it names a person; a company card (name = company) has none.
        person = "" if company_key(name) == company_key(company) else name
        add((card_id, None, name, company, person, None), email_key(email), _stored_keys(phones))
    return index


def _keyed(phones: Iterable[Phone]) -> list[tuple[str, str]]:
    phone_key = identity.phone_key
    return [(p.number, phone_key(p.number)) for p in phones]


# The numbers of stored phones as phones_to_json writes them (no escapes in the text).
_STORED_NUMBER = re.compile(r'"number"\s*:\s*"([^"\\]*)"')


def _stored_keys(text: str | None) -> list[tuple[str, str]]:
    """(number, key) of each phone of a card's stored phones (what _keyed gives for them)."""
    if not text or text == "[]":
        return []
    phone_key = identity.phone_key
    if "\\" not in text:
        # What json.loads would give, without it (once a card of 200,000, issue 14): each
        # "number" is a key there, as a quote cannot be inside a text without a backslash.
        numbers = _STORED_NUMBER.findall(text)
        if len(numbers) == text.count('"number"'):
            return [(number, phone_key(number)) for number in numbers]
    try:
        items = json.loads(text)
    except ValueError:
        return _keyed(parse_phones(text))
    return [(number, phone_key(number)) for number in (str(i.get("number", "")) for i in items)]


class _Planner:
    """What plan_import does to each row, one row at a time: its values checked, then
    matched against the cards and the rows before it (which it then joins)."""

    def __init__(self) -> None:
        self.region = identity.phone_region()
        self.index = _card_index(self.region)
        self.areas = _known_areas()
        # The last row checked, its phones' keys and its (e-mail, company, characters)
        # keys: remember() needs them again.
        self._keyed: tuple[ImportRow | None, list[tuple[str, str]], tuple[str, str, str]]
        self._keyed = (None, [], ("", "", ""))

    def check(self, row: ImportRow) -> tuple[ImportRow, Duplicate | None, list[Duplicate]]:
        """The row checked (no 'name' in its fields: it cannot be imported), its strong
        match if any, and its likely duplicates."""
        checked = _checked(row, self.region, self.areas)
        fields = checked.fields
        if "name" not in fields:
            return checked, None, []
        person = str(fields["name"]) if checked.person else ""
        email = identity.email_key(fields.get("email"))
        index = self.index
        strong, weak_so_far = index.find_by_email(row.row, person, email)
        if strong is not None:
            # Not added to the index (a duplicate is matched to what it duplicates): its
            # other keys are not needed (every row of a re-import, issue 14).
            return checked, strong, []
        phones = fields.get("phones")
        keyed = _keyed(phones) if phones else []
        company, han = _name_keys(fields, person)
        self._keyed = (checked, keyed, (email, company, han))
        strong, weak = index.find_by_rest(
            row.row, person, keyed, company=company, han=han, weak=weak_so_far
        )
        return checked, strong, weak

    def remember(self, row: ImportRow, card_id: str | None = None) -> None:
        """A later row may match this one (card_id: the card it goes into, when known)."""
        fields = row.fields
        name = str(fields["name"])
        person = name if row.person else ""
        me = (None, row.row, name, str(fields.get("company", "")), person, card_id)
        last, keyed, keys = self._keyed
        if last is not row:
            keyed = _keyed(fields.get("phones") or ())
            keys = _row_keys(fields, person)
        email, company, han = keys
        self.index.add(me, email, keyed, company, han)


def _row_keys(fields: dict[str, Any], person: str) -> tuple[str, str, str]:
    """A row's e-mail key, company key and name in characters, worked out once a row."""
    return (identity.email_key(fields.get("email")), *_name_keys(fields, person))


def _name_keys(fields: dict[str, Any], person: str) -> tuple[str, str]:
    """A row's company key and name in characters (for a person's name)."""
    if not person:
        return "", ""
    return identity.company_key(fields.get("company")), identity.han_of(person)


@on_store
def plan_import(rows: Iterable[ImportRow], *, store: Store | None = None) -> ImportPlan:
    """Check every row's values and find duplicates; reads the database, writes nothing."""
    with _few_collections():
        return _plan_import(rows)


def _plan_import(rows: Iterable[ImportRow]) -> ImportPlan:
    planner = _Planner()
    good: list[ImportRow] = []
    rejected: list[int] = []
    problems: list[dict[str, Any]] = []
    duplicates: dict[int, Duplicate] = {}
    likely: dict[int, list[Duplicate]] = {}
    names: dict[int, str] = {}
    for row in rows:
        checked, strong, weak = planner.check(row)
        for message in checked.problems:
            problems.append({"row": row.row, "message": message})
        if "name" not in checked.fields:
            rejected.append(row.row)
            names[row.row] = ""
            continue
        good.append(checked)
        names[row.row] = str(checked.fields["name"])
        if strong is not None:
            duplicates[row.row] = strong
            continue  # a duplicate is matched to what it duplicates, not to later rows
        if weak:
            likely[row.row] = weak
        planner.remember(checked)
    let_go(planner.index)  # every card and row by every key: not freed in one go
    return ImportPlan(good, duplicates, problems, rejected, likely, names)


def _known_areas() -> dict[str, str]:
    """The areas cards already have, by their key without 区/县/市/新区."""
    found: dict[str, str] = {}
    for (area,) in database_proxy.execute_sql(
        "SELECT area FROM card WHERE deleted = 0 AND area != '' GROUP BY area "
        "ORDER BY count(*) DESC"
    ):
        found.setdefault(identity.area_key(area), area)
    return found


def _checked(
    row: ImportRow, region: str = identity.DEFAULT_REGION, areas: dict[str, str] | None = None
) -> ImportRow:
    """The row with each field normalized on its own: a bad value is a problem, not a lost row.

    areas: the areas met so far by key; '徐汇' joins a '徐汇区' already there (and is added).
    """
    fields: dict[str, Any] = {}
    problems = list(row.problems)
    for key, given in row.fields.items():
        value = given
        if key == "phones":
            if not _phone_list(value):
                value = parse_phones(value)
            fields[key] = value
            for phone in value:
                if phone.label == "mobile":
                    continue  # a number in a mobile column is not a landline without its 0
                fixed = identity.lost_leading_zero(phone.number, region)
                if fixed:
                    problems.append(
                        f"Phone {phone.number} looks like a landline that lost its leading 0 "
                        f"({fixed}): kept as written, check it."
                    )
            continue
        if key == "area" and areas is not None and isinstance(value, str) and value.strip():
            value = areas.setdefault(identity.area_key(value), value.strip())
        if isinstance(value, str) and len(value) > MAX_TEXT["default"]:
            limit = MAX_TEXT.get(key, MAX_TEXT["default"])
            if len(value) > limit:
                problems.append(
                    f"{key.capitalize()} is {len(value):,} characters long: "
                    f"cut to the first {limit:,}."
                )
                value = value[:limit]
        if key in _PLAIN_TEXT:
            fields[key] = value
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
    row.fields, row.problems = fields, problems  # in place: a 200,000-row plan is held once
    return row


# Fields normalize() only cleans (it cannot refuse them): no need to try each one.
_PLAIN_TEXT = frozenset(
    ("name", "company", "title", "email", "address", "area", "owner", "wechat", "notes", "source")
)


def decide(
    plan: ImportPlan, on_duplicate: str = "skip", choices: dict[int, str] | None = None
) -> dict[int, str]:
    """The action for each row: create, or the user's choice for a (strong) duplicate."""
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


def _outcomes(plan: ImportPlan, actions: dict[int, str]) -> dict[int, str]:
    """What happens to each row: created, updated, merged, skipped, flagged."""
    out: dict[int, str] = {}
    for row in plan.rows:
        action = actions[row.row]
        duplicate = plan.duplicates.get(row.row)
        if action == "skip":
            out[row.row] = "skipped"
        elif action == "update" and duplicate is not None:
            if duplicate.card_id is not None:
                out[row.row] = "updated"
            elif out.get(duplicate.other_row or -1, "skipped") == "skipped":
                out[row.row] = "created"  # the row it would update is not imported
            else:
                out[row.row] = "merged"
        elif row.row in plan.likely:
            out[row.row] = "flagged"
        else:
            out[row.row] = "created"
    return out


def _report_rows(
    plan: ImportPlan, outcomes: dict[int, str], row_cards: dict[int, str]
) -> list[dict[str, Any]]:
    """One entry for every row the user should know about: not simply created."""
    problems: dict[int, list[str]] = {}
    for problem in plan.problems:
        problems.setdefault(problem["row"], []).append(problem["message"])
    out: list[dict[str, Any]] = []
    rejected = set(plan.rejected)
    for number in sorted(plan.names):
        outcome = "rejected" if number in rejected else outcomes.get(number, "created")
        duplicate = plan.duplicates.get(number)
        weak = plan.likely.get(number, [])
        if outcome == "created" and duplicate is None and number not in problems:
            continue
        out.append(
            _report_entry(
                number,
                plan.names[number],
                outcome,
                duplicate=duplicate,
                weak=weak,
                card_id=row_cards.get(number),
                problems=problems.get(number, []),
            )
        )
    return out


def _report_entry(
    number: int,
    name: str,
    outcome: str,
    *,
    duplicate: Duplicate | None,
    weak: list[Duplicate],
    card_id: str | None,
    problems: list[str],
) -> dict[str, Any]:
    match = duplicate or (weak[0] if weak else None)
    return {
        "row": number,
        "name": name,
        "action": outcome,
        "card_id": card_id or (match.card_id if match else None),
        "matched_name": _shown(match) if match else "",
        "matched_row": match.other_row if match else None,
        "reason": _reason(outcome, match, weak),
        "problems": problems,
    }


def _shown(match: Duplicate) -> str:
    text = " · ".join(p for p in (match.name, match.company) if p)
    return text if match.card_id else f"{text} (row {match.other_row})"


def _reason(outcome: str, match: Duplicate | None, weak: list[Duplicate]) -> str:
    if outcome == "rejected":
        return "no name, company, phone or e-mail"
    if match is None:
        return ""
    if outcome == "flagged":
        return "likely duplicate, imported as a new card: " + "; ".join(
            f"{d.why} with {_shown(d)}" for d in weak
        )
    return match.why


def likely_groups(
    plan: ImportPlan, row_cards: dict[int, str] | None = None
) -> list[dict[str, Any]]:
    """The flagged rows joined with what they look like, one group per set of look-alikes.

    Rows are their numbers and cards their ids (an int never equals a text): one
    union-find over what each flagged row shares, near-linear in the flagged rows.
    """
    parent: dict[Any, Any] = {}

    def root(node: Any) -> Any:
        while (up := parent.setdefault(node, node)) != node:
            parent[node] = parent[up]
            node = up
        return node

    shared: dict[int, list[str]] = {}
    for number, weak in plan.likely.items():
        texts = shared.setdefault(number, [])
        for duplicate in weak:
            reason = REASON_TEXT.get(duplicate.reason, duplicate.reason)
            parent[root(number)] = root(duplicate.card_id or duplicate.other_row)
            texts.append(f"{reason}: {duplicate.shared}")
    members: dict[Any, list[Any]] = {}
    for node in parent:
        members.setdefault(root(node), []).append(node)
    # What is done with is let go as the groups are made, so that they take its place in
    # memory: at the end of a 200,000-row import with 97,000 look-alikes the groups were
    # the import's peak (~25 MB over what it held while writing; issue 14's 300 MB).
    parent.clear()
    row_cards = row_cards or {}
    names = plan.names
    out: list[dict[str, Any]] = []
    while members:
        _, group = members.popitem()
        rows = sorted(n for n in group if type(n) is int)
        cards_ = sorted(n for n in group if type(n) is str)
        what = sorted({text for n in rows for text in shared.pop(n, ())})
        out.append(
            {
                "rows": rows,
                "names": [names.get(r, "") for r in rows],
                "card_ids": cards_ + [row_cards[r] for r in rows if r in row_cards],
                "existing_cards": cards_,
                "shared": what,
            }
        )
    out.sort(key=lambda g: g["rows"][0] if g["rows"] else 0)
    return out


def preview(
    plan: ImportPlan, on_duplicate: str = "skip", choices: dict[int, str] | None = None
) -> ImportResult:
    """What apply would do, without writing (the dry run)."""
    actions = decide(plan, on_duplicate, choices)
    outcomes = _outcomes(plan, actions)
    result = ImportResult(duplicates=len(plan.duplicates), dry_run=True)
    _count(result, plan, outcomes)
    result.rows = _report_rows(plan, outcomes, {})
    result.likely_groups = likely_groups(plan)
    result.deals = len(plan.card_deals) + sum(len(r.deals) for r in plan.rows)
    let_go(actions, outcomes)  # a row each: not freed in one go as it returns
    return result


def _count(result: ImportResult, plan: ImportPlan, outcomes: dict[int, str]) -> None:
    result.problems = list(plan.problems)
    result.notes = list(plan.notes)
    result.skipped = len(plan.rejected)
    for outcome in outcomes.values():
        if outcome == "skipped":
            result.skipped += 1
        elif outcome == "updated":
            result.updated += 1
        elif outcome == "merged":
            result.merged += 1
            result.updated += 1
        else:
            result.created += 1
            result.flagged += outcome == "flagged"


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
    outcomes = _outcomes(plan, actions)
    result = ImportResult(duplicates=len(plan.duplicates))
    _count(result, plan, outcomes)
    total = len(plan.rows)
    # Rows a later row is merged into wait for it; every other new card is written as it
    # comes, in batches.
    held = {d.other_row for n, d in plan.duplicates.items() if outcomes.get(n) == "merged"}
    pending: dict[int, dict[str, Any]] = {}  # held new cards by row
    row_card: dict[int, str] = {}  # the card each row went into
    deals: list[tuple[str, dict[str, Any]]] = []
    with store.write("Import"), tracking.untracked(store.db):
        writer = _Writer(store)
        for done, row in enumerate(plan.rows, 1):
            if (
                progress is not None
                and done % _PROGRESS_EVERY == 0
                and progress(done, total) is False
            ):
                raise ImportCancelled("The import was cancelled; nothing was imported.")
            outcome = outcomes[row.row]
            duplicate = plan.duplicates.get(row.row)
            if outcome == "skipped":
                # The row's deals still belong to the card it is a duplicate of.
                card = duplicate and (duplicate.card_id or row_card.get(duplicate.other_row or -1))
                deals.extend((card, deal) for deal in row.deals if card)
                continue
            if outcome == "updated" and duplicate is not None and duplicate.card_id:
                _update_card(store, duplicate.card_id, row)
                row_card[row.row] = duplicate.card_id
            elif outcome == "merged" and duplicate is not None and duplicate.other_row:
                other = duplicate.other_row
                if other in pending:
                    _merge_pending(pending[other], row)
                    pending[row.row] = pending[other]  # a third row may update this one
                    row_card[row.row] = pending[other]["id"]
                else:  # the earlier row updated a card already there
                    _update_card(store, row_card[other], row)
                    row_card[row.row] = row_card[other]
            else:
                values = _new_card(row, writer.new_id())
                row_card[row.row] = values["id"]
                result.card_ids.append(values["id"])
                if row.row in held:
                    pending[row.row] = values
                else:
                    writer.add(values)
            deals.extend((row_card[row.row], deal) for deal in row.deals)
        deals.extend(plan.card_deals)
        # Several rows may point at one merged card: write each card once.
        for values in {id(values): values for values in pending.values()}.values():
            writer.add(values)
        writer.flush()
        if deals:
            result.deals = _add_deals(store, deals)
        groups = likely_groups(plan, row_card)
        _remember_likely(plan, row_card)
        if progress is not None:
            progress(total, total)
    result.rows = _report_rows(plan, outcomes, row_card)
    result.likely_groups = groups
    let_go(actions, outcomes, row_card, pending)  # a row each: not freed in one go as it returns
    return result


@on_store
def import_rows(
    store: Store,
    rows: Iterable[ImportRow],
    on_duplicate: str = "skip",
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    total: int = 0,
) -> ImportResult:
    """plan_import and then preview (dry_run) or apply_import, in one pass over the rows.

    Each row is checked, matched against the cards and the rows before it, and its new
    card written in a batch as it comes: neither the file nor the plan is held, so a
    200,000-row file imports in flat memory (issue 14). Gives the cards and the report
    the two steps give (tests compare them). A write goes inside the caller's
    store.write(); a file with a sheet of deals takes the two steps (deals need every row).
    """
    if on_duplicate not in ACTIONS:
        raise InvalidValue(f"'{on_duplicate}' is not one of {', '.join(ACTIONS)}.")
    if dry_run:
        with _few_collections():
            return _import_rows(
                store, rows, on_duplicate, dry_run=True, progress=progress, total=total
            )
    # Rows that update cards look cards up by their indexes: those keep them.
    fill = _BULK_TABLES if on_duplicate != "update" else ()
    # Its rows go in untracked (a full backup before the next merge, not 70 % more time).
    with (
        _bulk_cache(store),
        _few_collections(),
        _indexes_built_after(store, fill),
        tracking.untracked(store.db),
    ):
        return _import_rows(
            store, rows, on_duplicate, dry_run=False, progress=progress, total=total
        )


# The tables an import fills (a card, its first grade step, its first visit).
_BULK_TABLES = ("card", "grade_change", "visit")

# The indexes of those tables an import keeps as it writes: their keys come in order. An
# import's ids count up (_IdSequence), its grade steps share one time, and its cards have
# no last contact, so each new entry goes at the end of its index, or of one of a handful
# of runs (a grade, a status, an owner), on pages already in the cache. Building one of
# them again afterwards reads the whole table once more, and the card table is most of
# the file: in an encrypted file every page read is decrypted and its HMAC checked (the
# seven card indexes built after a 200,000-row import took 2.1 s encrypted, 0.85 s
# plain). The rest (a name's or a birthday's order, the visits' due dates, which may be
# any day) would land all over their index: those are built after the rows.
_KEPT_IN_ORDER = frozenset(
    {
        "card_customers",
        "card_customers_id",
        "card_deleted_grade",
        "card_key_customers",
        "card_owner",
        "grade_change_at",
        "grade_change_card_id_at",
        "grade_change_moves",
        "grade_change_reach",
        "visit_card_id",
    }
)


@contextmanager
def _indexes_built_after(store: Store, tables: Iterable[str]) -> Iterator[None]:
    """Of each table that is empty (a first import into a new file), the indexes whose
    keys come in no order dropped and made again once its rows are in, in the caller's
    transaction: SQLite builds such an index from sorted rows faster than it keeps it in
    order row by row. Those whose keys come in order (_KEPT_IN_ORDER) are kept as the rows
    go in. Into a file that has cards the indexes stay (building them again over its rows
    would cost more). On an error nothing is dropped: the transaction is rolled back,
    indexes with it."""
    db = store.db
    dropped: list[str] = []
    if not db.in_transaction():  # each batch its own transaction: nothing to roll back
        tables = ()
    for table in tables:
        if db.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None:
            continue
        for name, sql in db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL ORDER BY name",
            (table,),
        ).fetchall():
            if name in _KEPT_IN_ORDER:
                continue
            db.execute_sql(f'DROP INDEX "{name}"')
            dropped.append(sql)
    yield
    for sql in dropped:
        db.execute_sql(sql)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector walks only what is new while a file is planned.

    An import makes millions of small objects that live (the index, the report) and no
    cycles to speak of; at the usual thresholds the collector walks them again and again:
    a fifth of a 200,000-row dry run's CPU (measured, issue 14). A young collection every
    200,000 objects saved that CPU but walked them all at once: 320 ms of CPU holding the
    interpreter lock on the worker while the window waited (issue 16). Now a young
    collection comes every _YOUNG objects and what survives it is frozen (gc.freeze, a
    splice of lists), so no collection walks it again and each stays short (11 ms at most).
    Frozen objects are still freed when let go; what was frozen here goes back to the
    collector afterwards unless the window had frozen objects before (it freezes what
    lives when idle, operations.freeze_alive, and unfreezing would hand all of it back).
    """
    thawed = not frozen_for_good()  # not gc.get_freeze_count(): it walks them all
    before = gc.get_threshold()

    def freeze(phase: str, _info: dict[str, int]) -> None:
        if phase == "stop":
            gc.freeze()

    gc.set_threshold(_YOUNG, *before[1:])
    gc.callbacks.append(freeze)
    try:
        yield
    finally:
        gc.callbacks.remove(freeze)
        gc.set_threshold(*before)
        if thawed:
            gc.unfreeze()


_YOUNG = 5_000  # objects made between two young collections while planning (default 700)


@contextmanager
def _bulk_cache(store: Store) -> Iterator[None]:
    """A small page cache while new cards are written: a long import fills any cache with
    pages it never reads again (8 MB inserted 200,000 cards as fast as 32 MB, issue 14; 4 MB
    as fast as 8 MB once the indexes whose keys come in order were kept, issue 22), and the
    cache counts in the import's peak memory (an encrypted import's: 303 MB with 8 MB of
    cache, 294 MB with 4 MB). Set back afterwards."""
    (before,) = store.db.execute_sql("PRAGMA cache_size").fetchone()
    store.db.execute_sql(f"PRAGMA cache_size = {_BULK_CACHE_KB}")
    try:
        yield
    finally:
        store.db.execute_sql(f"PRAGMA cache_size = {int(before)}")


_BULK_CACHE_KB = -4000  # negative: kibibytes (SQLite's own convention)


@on_store
def _import_rows(
    store: Store,
    rows: Iterable[ImportRow],
    on_duplicate: str,
    *,
    dry_run: bool,
    progress: Progress | None,
    total: int,
) -> ImportResult:
    planner = _Planner()
    writer = None if dry_run else _Writer(store)
    # With 'update' a later row may be merged into an earlier new card: those wait.
    hold = on_duplicate == "update" and not dry_run
    pending: dict[int, dict[str, Any]] = {}
    result = ImportResult(dry_run=dry_run)
    # The report, built once the rows are done (and the index gone): (row, name, outcome,
    # strong match, likely duplicates, card, problems).
    listed: list[tuple[int, str, str, Duplicate | None, list[Duplicate], str | None, list[str]]]
    listed = []
    done = 0
    for done, row in enumerate(rows, 1):
        if progress is not None and done % _PROGRESS_EVERY == 0 and progress(done, total) is False:
            raise ImportCancelled("The import was cancelled; nothing was imported.")
        checked, strong, weak = planner.check(row)
        problems = checked.problems or _NO_PROBLEMS  # one empty list, not 200,000
        for message in problems:
            result.problems.append({"row": row.row, "message": message})
        if "name" not in checked.fields:
            result.skipped += 1
            listed.append((row.row, "", "rejected", None, _NO_LIKELY, None, problems))
            continue
        name = str(checked.fields["name"])
        card: str | None = None
        if strong is not None:
            result.duplicates += 1
            if on_duplicate == "skip":
                outcome = "skipped"
            elif on_duplicate == "update" and strong.card_id is not None:
                outcome = "updated"
                card = strong.card_id
                if writer is not None:
                    _update_card(store, strong.card_id, checked)
            elif on_duplicate == "update":
                # An earlier row is matched only once it has a card of its own: merge into it.
                other = strong.other_row or -1
                outcome = "merged" if strong.other_row is not None else "created"
                if outcome == "merged":
                    card = strong.other_card
                    if writer is not None:
                        if other in pending:
                            _merge_pending(pending[other], checked)
                            pending[row.row] = pending[other]
                            card = pending[other]["id"]
                        elif card:
                            _update_card(store, card, checked)
            else:
                outcome = "created"
            if outcome == "created":
                card = _create(writer, checked, pending if hold else None, result)
            listed.append((row.row, name, outcome, strong, _NO_LIKELY, card, problems))
        else:
            card = _create(writer, checked, pending if hold else None, result)
            planner.remember(checked, card)
            outcome = "created"
            if weak:
                outcome = "flagged"
                listed.append((row.row, name, outcome, None, weak, card, problems))
            elif problems:
                listed.append((row.row, name, "created", None, _NO_LIKELY, card, problems))
        if outcome == "merged":
            result.merged += 1
            result.updated += 1
        elif outcome == "updated":
            result.updated += 1
        elif outcome == "skipped":
            result.skipped += 1
        else:
            result.created += 1
            result.flagged += outcome == "flagged"
    del planner
    # The likely duplicates from the list, once the index is gone (97,000 of 200,000 rows
    # in three dictionaries more while it is there: the peak of the import, issue 14).
    likely: dict[int, list[Duplicate]] = {}
    names: dict[int, str] = {}  # of the rows in likely groups
    row_card: dict[int, str] = {}  # of the rows in likely groups
    for number, name, outcome, _, weak, card, _ in listed:
        if outcome != "flagged":
            continue
        likely[number] = weak
        names[number] = name
        if card:
            row_card[number] = card
        for duplicate in weak:
            if duplicate.other_row is not None:
                names[duplicate.other_row] = duplicate.name
                if duplicate.other_card:
                    row_card[duplicate.other_row] = duplicate.other_card
    plan = ImportPlan([], {}, [], [], likely, names)
    if writer is not None:
        for values in {id(values): values for values in pending.values()}.values():
            writer.add(values)
        writer.flush()
        _remember_likely(plan, row_card)
        if progress is not None:
            progress(total or done, total or done)
    result.likely_groups = likely_groups(plan, row_card if writer is not None else None)
    listed.sort(key=lambda entry: entry[0])
    result.rows = ReportRows(listed, with_cards=writer is not None)
    return result


_Listed = tuple[int, str, str, Duplicate | None, list[Duplicate], str | None, list[str]]


class ReportRows(Sequence[dict[str, Any]]):
    """The report's rows as a list of dicts gives them, each dict made when it is read
    from the tuple kept for its row: a 200,000-row import lists 97,000 likely duplicates,
    whose dicts and reasons would hold 78 MB at the end of the import (issue 14)."""

    __slots__ = ("_entries", "_with_cards")
    __hash__ = None  # type: ignore[assignment]  # a list is not hashable either

    def __init__(self, entries: list[_Listed], *, with_cards: bool) -> None:
        self._entries = entries  # (row, name, outcome, match, likely, card, problems)
        self._with_cards = with_cards

    def _entry(self, listed: _Listed) -> dict[str, Any]:
        number, name, outcome, strong, weak, card, problems = listed
        return _report_entry(
            number,
            name,
            outcome,
            duplicate=strong,
            weak=weak,
            card_id=card if self._with_cards else None,
            problems=list(problems),
        )

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._entry(listed) for listed in self._entries[index]]
        return self._entry(self._entries[index])

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self._entry, self._entries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ReportRows | list):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"ReportRows({list(self)!r})"


_NO_PROBLEMS: list[str] = []
# One empty list for the rows listed without likely duplicates (a re-import skips 200,000).
_NO_LIKELY: list[Duplicate] = []


def _create(
    writer: _Writer | None,
    row: ImportRow,
    pending: dict[int, dict[str, Any]] | None,
    result: ImportResult,
) -> str | None:
    """A new card for the row (written now, or held in pending); None in a dry run."""
    if writer is None:
        return None
    values = _new_card(row, writer.new_id())
    result.card_ids.append(values["id"])
    if pending is not None:
        pending[row.row] = values
    else:
        writer.add(values)
    return str(values["id"])


@on_store
def plan_deals(
    plan: ImportPlan, deals: list[dict[str, Any]], sheet: str, *, store: Store | None = None
) -> None:
    """Put each row of a sheet of sales on the card it names: a row of the file or a card.

    A deal that names no card, or several, is not imported; the report says which.
    """
    from salesdesk.domain.dates import parse_date

    people: dict[str, list[Any]] = {}  # name form or company key -> rows / card ids
    for row in plan.rows:
        for form in identity.name_forms(str(row.fields.get("name", ""))):
            people.setdefault(form, []).append(row)
        company = identity.company_key(row.fields.get("company"))
        if company:
            people.setdefault("@" + company, []).append(row)
    for card_id, name, company in database_proxy.execute_sql(
        "SELECT id, name, company FROM card WHERE deleted = 0"
    ):
        for form in identity.name_forms(name):
            people.setdefault(form, []).append(card_id)
        if identity.company_key(company):
            people.setdefault("@" + identity.company_key(company), []).append(card_id)
    by_row = {row.row: row for row in plan.rows}
    for deal in deals:
        where = f"Sheet '{sheet}' row {deal['row']}"
        who = str(deal["customer"] or deal["company"])
        if not who and not deal["product"] and not deal["amount"]:
            continue
        found: list[Any] = []
        for form in identity.name_forms(str(deal["customer"])):
            found = found or people.get(form, [])
        if not found and deal["company"]:
            found = people.get("@" + identity.company_key(deal["company"]), [])
        # Rows that go into one card (a duplicate row) count as that card.
        targets = {
            (t.row if t.row not in plan.duplicates else ("dup", t.row))
            if isinstance(t, ImportRow)
            else t
            for t in found
        }
        if len(targets) != 1:
            plan.notes.append(
                f"{where}: the deal for '{who}' is not imported: "
                + ("no card has that name." if not targets else "several cards have that name.")
            )
            continue
        try:
            amount = float(str(deal["amount"]).replace(",", "").replace("¥", "").strip())
            closed = parse_date(deal["closed_on"]) if deal["closed_on"] else None
        except (ValueError, UserError):
            plan.notes.append(
                f"{where}: '{deal['amount']}' / '{deal['closed_on']}' is not an amount and a "
                "date: the deal is not imported."
            )
            continue
        if not str(deal["product"]).strip() or amount < 0:
            plan.notes.append(f"{where}: the deal has no product: not imported.")
            continue
        values = {
            "amount": amount,
            "product": str(deal["product"]),
            "closed_on": closed,
            "note": str(deal["note"] or ""),
        }
        (target,) = targets
        if isinstance(target, str):
            plan.card_deals.append((target, values))
        else:
            number = target if isinstance(target, int) else target[1]
            by_row[number].deals.append(values)


def _remember_likely(plan: ImportPlan, row_card: dict[int, str]) -> None:
    """Flagged rows go to the duplicates view as pairs of cards, with what they share."""
    from salesdesk.services import duplicates

    pairs: list[tuple[str, str, str, str]] = []
    for number, weak in plan.likely.items():
        card = row_card.get(number)
        for duplicate in weak:
            other = duplicate.card_id or row_card.get(duplicate.other_row or -1)
            if card and other and card != other:
                pairs.append((card, other, duplicate.reason, duplicate.shared))
    if pairs:
        duplicates.remember(pairs)


def _add_deals(store: Store, deals: list[tuple[str, dict[str, Any]]]) -> int:
    from salesdesk.services import aftersales

    for card_id, deal in deals:
        aftersales.add_deal(store, card_id, **deal)
    return len(deals)


def _new_card(row: ImportRow, card_id: str | None = None) -> dict[str, Any]:
    return {
        "id": card_id or new_id(),
        "fields": row.fields,
        "grade": row.grade or "F",
        "f_kind": row.f_kind if row.grade == "F" else None,
        "next_visit": row.next_visit,
    }


def _merge_pending(values: dict[str, Any], row: ImportRow) -> None:
    fields = dict(row.fields)
    if values["fields"].get("name"):
        fields.pop("name", None)  # the same person written another way keeps the first name
    values["fields"] = _merged_fields(values["fields"], fields)
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


@on_store
def _update_card(store: Store, card_id: str, row: ImportRow) -> None:
    current = cards.get(card_id)
    old = {
        "phones": current.phones,
        "tags": current.tags,
        "notes": current.notes,
    }
    new = dict(row.fields)
    if current.name.strip():
        new.pop("name", None)  # an update never renames a card (issue 14)
    fields = _merged_fields(old, new)
    changes = {k: v for k, v in fields.items() if k in new}
    cards.edit(store, card_id, changes)
    if row.grade:
        written = row.f_kind if row.grade == "F" else None
        if row.grade != current.grade or (written and written != current.f_kind):
            cards.change_grade(store, card_id, row.grade, f_kind=written, reason="Import")
    if row.next_visit:
        visits.add(store, card_id, row.next_visit)


class _Writer:
    """New cards, each with its first grade step and first visit, written in batches with
    executemany as they come: memory stays flat however long the file, and the caller's
    transaction holds them all (one undo step). Ids and clock stamps are made a batch at
    a time (issue 14: 600,000 rows for a 200,000-row file).

    Each row is a list in its table's column order, copied from a template made once per
    grade (a card's defaults and grade values, its grade step) or per planned visit, with
    the row's own values put in by place: no dict per card, visit and step to build and
    read back by name (issue 14)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.today = clock.now().date()
        self.now_text = datetime_text(clock.now())
        self.cadence = settings.cadence(store=store)
        self.after_sales = int(
            settings.get("after_sales_days", rules.DEFAULT_AFTER_SALES_DAYS, store=store)
        )
        self.cards: list[list[Any]] = []
        self.grades: list[list[Any]] = []
        self.visits: list[list[Any]] = []
        self._ids = _IdSequence()
        # (grade, F kind) -> (grade values, card template, grade step template)
        self._grades: dict[tuple[Any, Any], tuple[dict[str, Any], list[Any], list[Any]]] = {}
        # (grade, F kind, re-check, status, date from the file) -> visit template or None
        self._visits: dict[tuple[Any, ...], Any] = {}

    def new_id(self) -> str:
        return self._ids.next()

    def _grade(self, key: tuple[Any, Any]) -> tuple[dict[str, Any], list[Any], list[Any]]:
        """A grade's stored values and the templates of its cards and grade steps: a file
        holds a handful of grades (the same values cards.create gives)."""
        grade = cards._grade_values(
            key[0],
            f_kind=key[1],
            note="",
            blocker=None,
            # The C/D re-check date from the cadence read once, not once a card.
            recheck_on=_recheck(key[0], self.cadence, self.today),
            today=self.today,
        )
        card = dict(_CARD_DEFAULTS)
        card.update(grade)
        step = {
            "deleted": 0,
            "at": self.now_text,
            "from_grade": None,
            "from_f_kind": None,
            "to_grade": grade["grade"],
            "to_f_kind": grade["f_kind"],
            "reason": "",
            "blocker": grade["blocker"],
            "recheck_on": grade["recheck_on"],
            "contact_id": None,
        }
        made = (
            grade,
            [card.get(c) for c in _CARD_COLUMNS],
            [step.get(c) for c in _STEP_COLUMNS],
        )
        self._grades[key] = made
        return made

    def add(self, values: dict[str, Any]) -> None:
        """values: what _new_card gives (an id, fields, grade, F kind, next visit)."""
        fields = values["fields"]
        key = (values["grade"], values["f_kind"])
        made = self._grades.get(key)
        grade, card_template, step_template = made if made is not None else self._grade(key)
        card = card_template.copy()
        _fill_card(card, fields, self.store)
        card[_SEARCH_AT], card[_SORT_NAME_AT] = _search_columns(card, fields)
        card_id = card[0] = values.get("id") or self.new_id()
        hand_set = values["next_visit"]
        status = card[_STATUS_AT]
        plan_key = (grade["grade"], grade["f_kind"], grade["recheck_on"], status, hand_set)
        planned = self._visits.get(plan_key, _UNKNOWN)
        if planned is _UNKNOWN:
            first = _first_visit(
                grade, hand_set, self.today, self.cadence, self.after_sales, status=status
            )
            planned = None if first is None else [first.get(c) for c in _VISIT_COLUMNS]
            self._visits[plan_key] = planned
        if planned is not None:
            visit = planned.copy()
            visit[0] = self.new_id()
            visit[_VISIT_CARD_AT] = card_id
            self.visits.append(visit)
            card[_NEXT_VISIT_AT] = visit[_DUE_ON_AT]
        self.cards.append(card)
        step = step_template.copy()
        step[0] = self.new_id()
        step[_STEP_CARD_AT] = card_id
        self.grades.append(step)
        if len(self.cards) >= _INSERT_CHUNK:
            self.flush()

    def flush(self) -> None:
        batches = [("card", self.cards), ("visit", self.visits), ("grade_change", self.grades)]
        count = sum(len(rows) for _, rows in batches)
        if not count:
            return
        stamps = iter(self.store.clock.ticks(count))
        with self.store.write() as op:
            cursor = self.store.db.cursor()
            for table, rows in batches:
                if not rows:
                    continue
                # In order: cards, visits, steps (rows first: zip takes no stamp past them).
                for row, stamp in zip(rows, stamps, strict=False):
                    row[1] = stamp
                cursor.executemany(_INSERT_SQL[table], rows)
                ids = [row[0] for row in rows]
                raw = _uuids_of(ids)
                if raw is None:
                    op.inserted.extend((table, row_id) for row_id in ids)
                else:
                    op.inserted.extend_uuids(table, raw)
        self.cards, self.grades, self.visits = [], [], []


class _IdSequence:
    """Ids for the rows of one import: UUIDs (version 4 bits and variant set) whose first
    ten bytes are random, drawn once per import, and whose last six count up.

    As unique as uuid4() (80 random bits, then a counter), and in order: each new row goes
    at the end of the id indexes instead of at a random page of them, so SQLite does not
    read and rewrite pages all over a large file (an import of 200,000 cards, issue 14).
    """

    def __init__(self) -> None:
        import os

        head = bytearray(os.urandom(10))
        head[6] = (head[6] & 0x0F) | 0x40  # version 4
        head[8] = (head[8] & 0x3F) | 0x80  # RFC 4122 variant
        h = head.hex()
        self._prefix = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-"
        self._count = 0

    def next(self) -> str:
        self._count += 1
        return f"{self._prefix}{self._count:012x}"


def _uuids_of(ids: list[str]) -> bytes | None:
    """The ids as 16-byte UUIDs end to end, or None if one is not a canonical UUID
    (each 36 characters, so the joined text is theirs one after another: one regular
    expression over it, not a test of each id in Python; issue 14)."""
    joined = "".join(ids)
    if len(joined) != 36 * len(ids) or any(len(i) != 36 for i in ids):
        return None
    if not _CANONICAL_UUIDS.fullmatch(joined):
        return None
    return bytes.fromhex(joined.replace("-", ""))


_CANONICAL_UUIDS = re.compile(r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})*")


# New cards a batch: its cards, visits and steps are held until written, at the import's
# peak (the match index at its largest); 1,000 a batch writes as fast as 5,000 (issue 14).
_INSERT_CHUNK = 1000
_UNKNOWN: Any = object()
_TEXT_LIMIT = MAX_TEXT["default"]
_NOTES_LIMIT = MAX_TEXT["notes"]

# Fields cards.normalize() only cleans, with how: the import's own road for them.
_CLEANED = {
    "company": False,
    "title": False,
    "email": False,
    "address": False,
    "area": False,
    "owner": False,
    "wechat": False,
    "notes": True,  # multi-line, the notes' limit
}


def _normalized(fields: dict[str, Any], store: Store) -> dict[str, Any]:
    """cards.normalize(fields), with the text fields and a list of phones (all an import
    mostly has) done here without a call for each: the same values (tests compare)."""
    out: dict[str, Any] = {}
    rest: dict[str, Any] | None = None
    for key, value in fields.items():
        multiline = _CLEANED.get(key)
        if multiline is not None:
            if type(value) is str and value.isprintable():
                # clean_text's own short road for plain text, without a call per field.
                out[key] = value[:_NOTES_LIMIT] if multiline else value.strip()[:_TEXT_LIMIT]
            else:
                notes = multiline and clean_text(value, "notes", multiline=True)
                out[key] = notes if multiline else clean_text(value)
            continue
        if key == "phones" and _phone_list(value):
            out[key] = phones_to_json(value)
            continue
        if key == "name":
            name = clean_text(value)
            if name:
                out[key] = name
                continue
        # Anything else, and a name that cleans to nothing (normalize() refuses it).
        if rest is None:
            rest = {}
        rest[key] = value
    if rest is not None:
        out.update(cards.normalize(rest, store=store))
    return out


def _fill_card(card: list[Any], fields: dict[str, Any], store: Store) -> None:
    """card[column] = value for each of _normalized(fields) but the grade's columns (the
    grade's values win), put straight into the card's row: no dict of its values for
    each card (an import of 200,000 rows, issue 14; a test compares the two)."""
    rest: dict[str, Any] | None = None
    for key, value in fields.items():
        cleaned = _CLEANED_AT.get(key)
        if cleaned is not None:
            multiline, at = cleaned
            if type(value) is str and value.isprintable():
                text = value[:_NOTES_LIMIT] if multiline else value.strip()[:_TEXT_LIMIT]
            elif multiline:
                text = clean_text(value, "notes", multiline=True)
            else:
                text = clean_text(value)
            if at is not None:
                card[at] = text
            continue
        if key == "phones" and _phone_list(value):
            card[_PHONES_AT] = phones_to_json(value)
            continue
        if key == "name":
            name = clean_text(value)
            if name:
                card[_NAME_AT] = name
                continue
        if rest is None:
            rest = {}
        rest[key] = value
    if rest is not None:
        for name, value in cards.normalize(rest, store=store).items():
            if name not in _GRADE_COLUMNS:
                card[_CARD_AT[name]] = value


def _phone_list(value: object) -> bool:
    """A list of Phone already (what mapping gives), not text or dicts to parse."""
    return isinstance(value, list) and (not value or isinstance(value[-1], Phone))


def _search_columns(card: list[Any], fields: dict[str, Any]) -> tuple[str, str]:
    """card_search_columns() of a card row (search, sort_name), without reading back the
    JSON just written (the phones at hand)."""
    name, company, email = card[_NAME_AT], card[_COMPANY_AT], card[_EMAIL_AT]
    area, wechat = card[_AREA_AT] or "", card[_WECHAT_AT] or ""
    phones = fields.get("phones") or []
    if not _phone_list(phones):
        made = card_search_columns(
            name, company, card[_PHONES_AT], card[_TAGS_AT], email, area=area, wechat=wechat
        )
        return made["search"], made["sort_name"]
    tags = parse_tags(card[_TAGS_AT]) if card[_TAGS_AT] != "[]" else []
    digits = [p.digits for p in phones]
    return search_and_sort(name, company, digits, tags, email, area=area, wechat=wechat)


def _recheck(grade: str | None, cadence: dict[str, int | None], today: date) -> date | None:
    written = str(grade or "").strip().upper()
    if written not in grades.RECHECK_GRADES:
        return None
    days = cadence.get(written) or grades.DEFAULT_CADENCE_DAYS[written] or 90
    return today + timedelta(days=days)


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
    # Not read from a file's columns, but a row handed in may have them: every card of a
    # batch has the same columns (executemany takes the first one's).
    "annual_spend": None,
    "credit_limit": None,
}

# The columns of the rows _Writer makes, in order (the id first, its stamp second), and
# where the values it puts in by place are.
_GRADE_COLUMNS = frozenset(cards.GRADE_FIELDS)
_CARD_COLUMNS = (
    "id",
    "created",
    *_CARD_DEFAULTS,
    *cards.GRADE_FIELDS,
    "search",
    "sort_name",
)
_CARD_AT = {column: at for at, column in enumerate(_CARD_COLUMNS)}
_NAME_AT, _COMPANY_AT, _EMAIL_AT = _CARD_AT["name"], _CARD_AT["company"], _CARD_AT["email"]
_AREA_AT, _WECHAT_AT, _PHONES_AT = _CARD_AT["area"], _CARD_AT["wechat"], _CARD_AT["phones"]
_TAGS_AT, _STATUS_AT = _CARD_AT["tags"], _CARD_AT["status"]
# _CLEANED's fields: (multi-line, the card's column, None for a grade's column).
_CLEANED_AT = {
    key: (multiline, None if key in _GRADE_COLUMNS else _CARD_AT[key])
    for key, multiline in _CLEANED.items()
}
_NEXT_VISIT_AT = _CARD_AT["next_visit_on"]
_SEARCH_AT, _SORT_NAME_AT = _CARD_AT["search"], _CARD_AT["sort_name"]
_VISIT_COLUMNS = (
    "id",
    "created",
    "card_id",
    "due_on",
    "due_time",
    "hand_set",
    "planned_from",
    "purpose",
    "status",
    "done_at",
    "contact_id",
    "deleted",
)
_VISIT_CARD_AT, _DUE_ON_AT = _VISIT_COLUMNS.index("card_id"), _VISIT_COLUMNS.index("due_on")
_STEP_COLUMNS = (
    "id",
    "created",
    "card_id",
    "deleted",
    "at",
    "from_grade",
    "from_f_kind",
    "to_grade",
    "to_f_kind",
    "reason",
    "blocker",
    "recheck_on",
    "contact_id",
)
_STEP_CARD_AT = _STEP_COLUMNS.index("card_id")
_INSERT_SQL = {
    table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for table, columns in (
        ("card", _CARD_COLUMNS),
        ("visit", _VISIT_COLUMNS),
        ("grade_change", _STEP_COLUMNS),
    )
}


def _first_visit(
    grade: dict[str, Any],
    hand_set: date | None,
    today: date,
    cadence: dict[str, int | None],
    after_sales: int,
    *,
    status: str,
) -> dict[str, Any] | None:
    """The visit visits.replan (or visits.add for a date from the file) would plan for a
    card of this grade (cards._grade_values) and status."""
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
    recheck = date.fromisoformat(grade["recheck_on"]) if grade["recheck_on"] else None
    plan = rules.next_visit(grade["grade"], grade["f_kind"], recheck, today, cadence)
    if (
        status == "customer"
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
