"""The peewee tables of the SalesDesk database (DESIGN §3).

Synced tables have a UUID text key and a `created` stamp of the hybrid
logical clock; the row with its creation stamp stands for its first values,
and every later edit is also a row of `change`. Columns marked local are
derived on each replica (search text, last contact) and are never synced.
"""

from __future__ import annotations

import inspect
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ClassVar, ParamSpec, TypeVar

from peewee import (
    SQL,
    BlobField,
    DatabaseProxy,
    FloatField,
    IntegerField,
    Model,
    TextField,
)

P = ParamSpec("P")
R = TypeVar("R")


# A test, or a benchmark script, that calls a core read itself beside the one file it
# opened may leave the store out; a read reached through the window, the CLI or a
# Session may not (nor one on a worker thread, where no test frame is on the stack).
TEST_PREFIXES = ("tests.", "conftest", "bench", "_common", "__main__")
PRODUCT_ENTRIES = ("salesdesk.ui.", "salesdesk.cli", "salesdesk.services.session")

# Frames that only carry a query to the database: the asker is the first frame outside.
_PLUMBING = ("peewee", "playhouse", "salesdesk.models.tables")


class NoStore(RuntimeError):
    """A read or write of the tables with no store bound on this thread."""


def _model_of(frame: Any) -> str:
    """The model of the query a peewee frame runs ('' when it runs raw SQL)."""
    for name in ("self", "cls", "query", "model"):
        value = frame.f_locals.get(name)
        # A query's model is in its __dict__: no getattr (a proxy's would ask again).
        try:
            own = object.__getattribute__(value, "__dict__")
        except AttributeError:
            own = {}
        owner = own.get("model", value) if isinstance(own, dict) else value
        if isinstance(owner, type) and issubclass(owner, Model):
            return owner.__name__
        if isinstance(value, Model):
            return type(value).__name__
    return ""


def _unbound_use() -> str | None:
    """None when the code that reached the tables unbound may use the file opened last (a
    test's own call of a core read); else the message."""
    frame = sys._getframe(2)
    model = ""
    asker = ""
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        if module.startswith(_PLUMBING):
            model = model or _model_of(frame)
        else:
            asker = asker or f"{module}.{frame.f_code.co_name}"
            if module.startswith(PRODUCT_ENTRIES):
                break
            if module.startswith(TEST_PREFIXES):
                return None
        frame = frame.f_back  # type: ignore[assignment]
    what = f"the {model} table" if model else "the database"
    return (
        f"{asker or '?'} reached {what} with no store: pass store= (or run it inside "
        "store.bound()); the file opened last is no default."
    )


class StoreProxy(DatabaseProxy):
    """The tables' database: the store bound on this thread (`bound`).

    A core read or write names its store and runs inside `bound(store.db)`, so it reads
    that file whichever one the process opened last and whichever thread it runs on.
    Unbound, a query fails (NoStore, naming the table and the caller): a forgotten store
    must not read another file. Only a test's own calls still get the file opened last.
    """

    __slots__ = ("_default", "_local")

    def __init__(self) -> None:
        object.__setattr__(self, "_local", threading.local())
        object.__setattr__(self, "_default", None)
        super().__init__()

    def __setattr__(self, attr: str, value: Any) -> None:
        if attr == "obj":
            object.__setattr__(self, "_default", value)
        else:
            object.__setattr__(self, attr, value)

    @property
    def obj(self) -> Any:
        bound_db = getattr(self._local, "db", None)
        if bound_db is not None or self._default is None:
            return bound_db
        refused = _unbound_use()
        if refused is None:
            return self._default
        raise NoStore(refused)


database_proxy: Any = StoreProxy()


@contextmanager
def bound(db: Any) -> Iterator[None]:
    """Run the tables' queries on this thread against `db` (None: leave them as they are)."""
    if db is None:
        yield
        return
    local = database_proxy._local
    was = getattr(local, "db", None)
    local.db = db
    used = getattr(local, "used", None)
    if used is None:
        used = local.used = weakref.WeakSet()
    used.add(db)  # close_thread_connections closes what this thread opened
    try:
        yield
    finally:
        local.db = was


def close_thread_connections() -> None:
    """Close this thread's connection to every file it was bound to (and to the fallback):
    a pooled worker calls it when its work is done, whichever stores that work read, so
    no thread keeps a file open (a restore replaces it underneath)."""
    used = getattr(database_proxy._local, "used", None)
    databases = list(used) if used is not None else []
    if database_proxy._default is not None:
        databases.append(database_proxy._default)
    for db in databases:
        if not db.is_closed():
            db.close()
    if used is not None:
        used.clear()


def on_store(function: Callable[P, R]) -> Callable[P, R]:
    """A core read that takes a `store` argument: its queries go to that store's file.

    Without one (store=None) they go to the store bound on this thread; with none bound
    they fail (NoStore), except where StoreProxy allows the file opened last.
    """
    names = list(inspect.signature(function).parameters)
    position = names.index("store")  # a read names the store it reads

    @wraps(function)
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        store = kwargs.get("store") if len(args) <= position else args[position]
        if store is None:  # the hot paths of an import call this per row: no binding to set
            return function(*args, **kwargs)
        with bound(store.db):  # type: ignore[attr-defined]
            return function(*args, **kwargs)

    return inner


def index_hint(name: str) -> str:
    """`INDEXED BY name` where the bound file has that index, else nothing (the planner
    chooses): an index a later step of the current schema adds is missing from a file of an
    earlier build opened read-only (the steps run on a writable open)."""
    found = database_proxy.execute_sql(
        f"SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = {database_proxy.param}",
        (name,),
    ).fetchone()
    return f'INDEXED BY "{name}"' if found else ""


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SyncedModel(BaseModel):
    """A row that syncs: UUID key, creation stamp, tombstone."""

    id = TextField(primary_key=True)
    created = TextField()
    deleted = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])

    # Columns each replica derives for itself; not synced, not in `dump`.
    LOCAL_COLUMNS: ClassVar[frozenset[str]] = frozenset()


class Card(SyncedModel):
    name = TextField(default="")
    company = TextField(default="")
    title = TextField(default="")
    phones = TextField(default="[]")  # JSON list of {"label", "number"}
    email = TextField(default="")
    address = TextField(default="")
    area = TextField(default="")
    source = TextField(null=True)
    referred_by = TextField(null=True)  # another card's id
    birthday = TextField(null=True)  # YYYY-MM-DD
    status = TextField(default="prospect")
    grade = TextField(default="F")
    f_kind = TextField(null=True)
    grade_note = TextField(default="")
    blocker = TextField(default="")
    recheck_on = TextField(null=True)
    style = TextField(null=True)
    key_customer = IntegerField(default=0)
    credit = TextField(null=True)
    tags = TextField(default="[]")  # JSON list of text
    notes = TextField(default="")
    owner = TextField(default="")
    wechat = TextField(default="", constraints=[SQL("DEFAULT ''")])  # WeChat ID (微信号)
    annual_spend = FloatField(
        null=True
    )  # the customer's annual spend / potential (share of wallet)
    # Issue 20: this customer's own credit limit; NULL: the limit of its credit standing.
    credit_limit = FloatField(null=True)
    # local, derived
    search = TextField(default="")
    sort_name = TextField(default="")
    last_contact_at = TextField(null=True)
    next_visit_on = TextField(null=True)

    LOCAL_COLUMNS = frozenset({"search", "sort_name", "last_contact_at", "next_visit_on"})

    class Meta:
        indexes = (
            (("deleted", "grade"), False),
            (("sort_name",), False),
        )


class Contact(SyncedModel):
    card_id = TextField()
    at = TextField()  # local date-time, ISO to the second
    channel = TextField(default="visit")
    summary = TextField(default="")
    outcome = TextField(default="")
    grade_after = TextField(null=True)

    class Meta:
        indexes = ((("card_id", "at"), False), (("at",), False))


class Visit(SyncedModel):
    card_id = TextField()
    due_on = TextField()
    due_time = TextField(null=True)
    hand_set = IntegerField(default=0)
    planned_from = TextField(null=True)  # the day the interval counts from (schema 2)
    overdue_on = TextField(null=True)  # the last day it is merely due (schema 3)
    purpose = TextField(default="")
    status = TextField(default="planned")
    done_at = TextField(null=True)
    contact_id = TextField(null=True)
    # The week plan (schema 5): the day it is planned on, fixed there by the user
    # (re-planning keeps it), and the user's order within the day.
    plan_on = TextField(null=True)
    plan_fixed = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    plan_order = IntegerField(null=True)

    class Meta:
        indexes = (
            (("card_id",), False),
            (("status", "due_on"), False),
        )


# Indexes of schema 3, named by hand (peewee shortens long generated names
# with a hash): at-risk customers without reading every card, and the
# agenda's buckets and the visits chart from the index alone.
Card.add_index(Card.index(Card.deleted, Card.status, Card.last_contact_at, name="card_customers"))
# Schema 6 (DESIGN §7): the customers at risk with their ids, without the cards' pages.
Card.add_index(
    Card.index(Card.deleted, Card.status, Card.last_contact_at, Card.id, name="card_customers_id")
)
# Schema 5 (week plan): one salesperson's cards, and a week's birthdays (by MM-DD).
Card.add_index(Card.index(Card.owner, Card.deleted, name="card_owner"))
Card.add_index(
    SQL(
        'CREATE INDEX IF NOT EXISTS "card_birthday" ON "card" (substr("birthday", 6, 5)) '
        "WHERE birthday IS NOT NULL"
    )
)
Card.add_index(
    Card.index(
        Card.key_customer,
        Card.deleted,
        Card.grade,
        Card.f_kind,
        Card.last_contact_at,
        name="card_key_customers",
    )
)
Visit.add_index(
    Visit.index(
        Visit.deleted,
        Visit.status,
        Visit.due_on,
        Visit.overdue_on,
        Visit.hand_set,
        Visit.planned_from,
        Visit.done_at,
        Visit.card_id,
        name="visit_agenda",
    )
)
# Schema 6 (DESIGN §7): the few visits set for a time (a cut upcoming list's last day).
Visit.add_index(
    SQL(
        'CREATE INDEX IF NOT EXISTS "visit_timed" ON "visit" ("due_on", "due_time") '
        "WHERE due_time IS NOT NULL"
    )
)
# Schema 4: the agenda's overdue and today lists walk this index from the day
# and stop after the rows they show, however many visits are due.
Visit.add_index(
    Visit.index(
        Visit.deleted,
        Visit.status,
        Visit.overdue_on,
        Visit.due_on,
        Visit.card_id,
        name="visit_overdue",
    )
)


class Deal(SyncedModel):
    card_id = TextField()
    closed_on = TextField()
    product = TextField(default="")
    amount = FloatField(default=0.0)
    note = TextField(default="")

    class Meta:
        indexes = ((("card_id",), False),)


# Schema 6 (DESIGN §7): whether a customer bought since a day, from the index alone (the
# customers at risk on Today; the spend warnings of a few cards).
Deal.add_index(
    Deal.index(Deal.card_id, Deal.deleted, Deal.closed_on, Deal.amount, name="deal_card_closed")
)


class ServiceCase(SyncedModel):
    card_id = TextField()
    kind = TextField()
    content = TextField(default="")
    opened_at = TextField()
    first_response_at = TextField(null=True)
    response = TextField(default="")
    resolved_at = TextField(null=True)
    resolution = TextField(default="")
    satisfaction = IntegerField(null=True)
    cause = TextField(null=True)  # complaints: product, delivery, service, price, other
    responsible = TextField(default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        table_name = "service_case"
        indexes = ((("card_id",), False),)


# Schema 6 (DESIGN §7): the cases not resolved, for Today's cases waiting for an answer and
# the warning of complaints open too long (a few hundred of the 11,000 cases of the demo).
ServiceCase.add_index(
    SQL(
        'CREATE INDEX IF NOT EXISTS "service_case_open" ON "service_case" '
        '("opened_at", "kind", "first_response_at", "card_id") '
        "WHERE deleted = 0 AND resolved_at IS NULL"
    )
)


class GradeChange(SyncedModel):
    card_id = TextField()
    at = TextField()
    from_grade = TextField(null=True)
    from_f_kind = TextField(null=True)
    to_grade = TextField()
    to_f_kind = TextField(null=True)
    reason = TextField(default="")
    blocker = TextField(default="")
    recheck_on = TextField(null=True)
    contact_id = TextField(null=True)

    class Meta:
        table_name = "grade_change"
        indexes = (
            (("card_id", "at"), False),
            (("at",), False),
        )


# Indexes of schema 4 over the grade steps (300,000 in a career): the movement
# chart, grades over time and new cards read them by period from the first
# (it covers the F kinds, so no table page is read); time to A reads each
# card's first step into a grade from the second.
GradeChange.add_index(
    GradeChange.index(
        GradeChange.deleted,
        GradeChange.at,
        GradeChange.from_grade,
        GradeChange.from_f_kind,
        GradeChange.to_grade,
        GradeChange.to_f_kind,
        GradeChange.card_id,
        name="grade_change_moves",
    )
)
GradeChange.add_index(
    GradeChange.index(
        GradeChange.deleted,
        GradeChange.to_grade,
        GradeChange.card_id,
        GradeChange.at,
        name="grade_change_reach",
    )
)


class CardImage(SyncedModel):
    """A picture kept with a card (the scanned business card, schema 5): insert-only.

    Its bytes never change; only `deleted` does (a change record), so a merge
    unions the rows and needs nothing else of it.
    """

    card_id = TextField()
    mime = TextField(default="image/jpeg")
    data = BlobField()

    class Meta:
        table_name = "card_image"
        indexes = ((("card_id",), False),)


class Payment(SyncedModel):
    """A deal's payment plan and what was paid on it (issue 20): insert-mostly rows.

    kind 'installment': an amount due on `day`; kind 'receipt': an amount paid on `day`
    (method, note). Receipts are applied to the installments in due order, so two
    laptops entering payments only add rows and a merge loses none of them.
    """

    card_id = TextField()
    deal_id = TextField()
    kind = TextField(default="installment")
    # The plan an installment belongs to (one id for a plan's rows; NULL for a receipt):
    # plans made on two laptops at once both arrive, and the newest plan is the one in force.
    plan_id = TextField(null=True)
    day = TextField()  # YYYY-MM-DD: the due date or the paid date
    amount = FloatField(default=0.0)
    method = TextField(null=True)
    note = TextField(default="")
    # local, derived (services.payments.refresh_plans, after every write road that adds or
    # deletes payment rows): on an installment of the plan in force, its place in the plan
    # (number of plan_size), how much the receipts cover, and its due day while not paid
    # in full (open_on, indexed: Today's collections read only the open installments).
    number = IntegerField(null=True)
    plan_size = IntegerField(null=True)
    paid = FloatField(null=True)
    open_on = TextField(null=True)

    LOCAL_COLUMNS = frozenset({"number", "plan_size", "paid", "open_on"})

    class Meta:
        indexes = (
            (("deal_id",), False),
            (("card_id",), False),
            (("deleted", "kind", "day"), False),
            (("open_on",), False),
        )


# How much the receipts cover of each installment of the plan in force, in cents: receipts
# pay the installments in due order (day, created, id), so installment k is covered by what
# was received beyond the installments before it. The plan in force is the one whose newest
# row is newest (services.payments.current_plan). {scope}: a condition on `deal_id`.
# The plan in force is the deal's newest (its rows' newest stamp, then its id), and what
# was received is the deal's receipts: both by windows over the deal's rows, not by joining
# each installment to its deal's plans and receipts (SQLite scanned them for every
# installment: 500 deals a statement, 56 statements for a first pull's 28,000 deals).
_DERIVE_PAYMENTS = """
WITH scope AS (SELECT id, deal_id, kind, plan_id, day, created, amount FROM payment {indexed}
               WHERE deleted = 0 AND {scope}),
made AS (SELECT id, deal_id, kind, plan_id, day, created, amount,
             max(CASE WHEN kind = 'installment' THEN created END)
                 OVER (PARTITION BY deal_id, plan_id) AS plan_made,
             coalesce(sum(CASE WHEN kind = 'receipt' THEN CAST(round(amount * 100) AS INTEGER)
                 END) OVER (PARTITION BY deal_id), 0) AS got
         FROM scope),
ranked AS (SELECT *, dense_rank() OVER (
               PARTITION BY deal_id ORDER BY plan_made DESC, plan_id DESC) AS plan_rank
           FROM made WHERE kind = 'installment'),
inst AS (SELECT id, day, CAST(round(amount * 100) AS INTEGER) AS need,
             sum(CAST(round(amount * 100) AS INTEGER)) OVER w AS cum,
             row_number() OVER w AS number,
             count(*) OVER (PARTITION BY deal_id) AS size,
             got
         FROM ranked
         WHERE plan_rank = 1
         WINDOW w AS (PARTITION BY deal_id ORDER BY day, created, id
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
UPDATE payment SET number = inst.number, plan_size = inst.size,
    paid = max(0, min(inst.need, inst.got - (inst.cum - inst.need))) / 100.0,
    open_on = CASE WHEN inst.got < inst.cum THEN inst.day END
FROM inst WHERE payment.id = inst.id
"""


def derive_payments(db: Any, deal_ids: Iterable[str] | None = None) -> None:
    """Set the local columns of the payment rows of these deals (None: of every deal) from
    the rows themselves; every write road that adds or deletes payment rows calls it."""
    clear = (
        "UPDATE payment SET number = NULL, plan_size = NULL, paid = NULL, open_on = NULL "
        "WHERE {scope} AND (number IS NOT NULL OR open_on IS NOT NULL)"
    )
    if deal_ids is None:
        db.execute_sql(clear.format(scope="1"))
        db.execute_sql(_DERIVE_PAYMENTS.format(scope="1", indexed=""))
        return
    ids = sorted(set(deal_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        scope = f"deal_id IN ({','.join('?' * len(chunk))})"
        db.execute_sql(clear.format(scope=scope), chunk)
        # INDEXED BY: a new laptop has no statistics, and SQLite took the index of
        # (deleted, kind, day) and read every live payment for each 500 deals.
        db.execute_sql(
            _DERIVE_PAYMENTS.format(scope=scope, indexed="INDEXED BY payment_deal_id"), chunk
        )


class Purge(SyncedModel):
    """A person erased at their request (issue 22, PIPL Art. 47, GDPR Art. 17): synced.

    It holds only the card's id and what the erasure saw (per replica, the newest
    stamp on the card), never a name: every laptop that merges it removes the card,
    every row and every change record about it, and takes none of them in again.
    """

    card_id = TextField()
    seen = TextField(null=True)  # JSON {replica id: newest stamp seen on the card}

    class Meta:
        table_name = "purge"
        indexes = ((("card_id",), False),)


class Change(BaseModel):
    """One edit of one field group of one row: old and new values as JSON objects."""

    id = TextField(primary_key=True)
    table_name = TextField()
    row_id = TextField()
    field_group = TextField()
    old = TextField()
    new = TextField()
    stamp = TextField()
    device = TextField()
    parents = TextField(default="[]")  # JSON list of change ids this one saw
    # A card's delete only (schema 5): JSON {replica id: newest stamp of that replica
    # on the card and its logs}, what the delete saw; activity beyond it keeps the card.
    seen = TextField(null=True)

    class Meta:
        table_name = "change"
        indexes = (
            (("table_name", "row_id", "field_group"), False),
            (("row_id",), False),
            (("stamp",), False),
        )


class Conflict(BaseModel):
    """Two changes of one field group that did not see each other (DESIGN §4)."""

    id = TextField(primary_key=True)
    created = TextField()
    table_name = TextField()
    row_id = TextField()
    field_group = TextField()
    winner_id = TextField()
    loser_id = TextField()
    resolved_by = TextField(null=True)  # the change that settled it

    class Meta:
        indexes = ((("row_id",), False),)


class Meta(BaseModel):
    """Local to this file: schema version, replica id, device name, the clock."""

    key = TextField(primary_key=True)
    value = TextField()


class Peer(BaseModel):
    """Local: which replica was merged from, when, and up to which stamp."""

    replica_id = TextField(primary_key=True)
    device_name = TextField(default="")
    last_stamp = TextField(default="")
    last_merged_at = TextField(null=True)
    path = TextField(null=True)
    # Schema 6 (issue 23): the peer's version vector as its newest file said (JSON
    # {replica id: newest stamp}), what it is known to hold; its next delta builds on it.
    holds = TextField(null=True)


class Holds(BaseModel):
    """Local (schema 6, issue 23): per replica id, the newest stamp of its writes this file
    holds, for every replica but the one writing here (whose entry is its clock).

    A replica's stamps only grow and every merge takes all the file has, so a file
    holds a prefix of each replica's writes: this table is the file's version vector.
    """

    replica_id = TextField(primary_key=True)
    stamp = TextField()


class Setting(BaseModel):
    """Business settings the CLI sees too (the visit cadence): JSON values."""

    key = TextField(primary_key=True)
    value = TextField()


SYNCED_MODELS: dict[str, type[SyncedModel]] = {
    "card": Card,
    "contact": Contact,
    "visit": Visit,
    "deal": Deal,
    "service_case": ServiceCase,
    "grade_change": GradeChange,
    "card_image": CardImage,
    "payment": Payment,
    "purge": Purge,  # issue 22
}

ALL_MODELS: tuple[type[BaseModel], ...] = (
    Card,
    Contact,
    Visit,
    Deal,
    ServiceCase,
    GradeChange,
    CardImage,
    Payment,
    Purge,
    Change,
    Conflict,
    Meta,
    Peer,
    Setting,
    Holds,
)
