"""Versioned schema migrations: each step lifts the file one schema version, in one transaction.

A backup of the file is taken before the first step. MIGRATIONS[n] lifts a
file from version n-1 to n; the tests keep a database of every released
schema (tests/fixtures/schema_v1.db …) and open each with today's code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from peewee import SqliteDatabase

Migration = Callable[[SqliteDatabase], None]


def _v2_visit_planned_from(db: SqliteDatabase) -> None:
    """Visits remember the day their interval counts from, to tell due from overdue."""
    db.execute_sql("ALTER TABLE visit ADD COLUMN planned_from TEXT")


def _v3_overdue_and_indexes(db: SqliteDatabase) -> None:
    """Visits keep the last day they are merely due, and indexes let the agenda and the
    charts read visits and grade steps without the tables' pages."""
    db.execute_sql("ALTER TABLE visit ADD COLUMN overdue_on TEXT")
    db.execute_sql(
        """UPDATE visit SET overdue_on = CASE
             WHEN hand_set THEN due_on
             WHEN planned_from IS NULL THEN NULL
             WHEN planned_from >= due_on THEN due_on
             ELSE date(2 * julianday(due_on) - julianday(planned_from)) END"""
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "grade_change_deleted_at_from_grade_to_grade_card_id" '
        'ON "grade_change" ("deleted", "at", "from_grade", "to_grade", "card_id")'
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "card_customers" '
        'ON "card" ("deleted", "status", "last_contact_at")'
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "visit_agenda" ON "visit" ("deleted", "status", "due_on", '
        '"overdue_on", "hand_set", "planned_from", "done_at", "card_id")'
    )


def _v4_indexes(db: SqliteDatabase) -> None:
    """The agenda's lists read the visits in the order of their last merely-due day;
    the charts read grade steps with their F kinds, and each card's first step into
    a grade, from indexes alone (the first replaces schema 3's grade step index)."""
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "visit_overdue" '
        'ON "visit" ("deleted", "status", "overdue_on", "due_on", "card_id")'
    )
    db.execute_sql('DROP INDEX IF EXISTS "grade_change_deleted_at_from_grade_to_grade_card_id"')
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "grade_change_moves" ON "grade_change" ("deleted", "at", '
        '"from_grade", "from_f_kind", "to_grade", "to_f_kind", "card_id")'
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "grade_change_reach" '
        'ON "grade_change" ("deleted", "to_grade", "card_id", "at")'
    )


def _v5_wechat(db: SqliteDatabase) -> None:
    """Cards keep the person's WeChat ID (微信号), which Chinese salespeople reach them by."""
    db.execute_sql("ALTER TABLE card ADD COLUMN wechat TEXT NOT NULL DEFAULT ''")


def _v5_week_plan(db: SqliteDatabase) -> None:
    """Visits keep their day in the week plan, whether the user fixed it there, and the
    user's order within the day (services.plan); NULL: not planned on a day yet."""
    db.execute_sql("ALTER TABLE visit ADD COLUMN plan_on TEXT")
    db.execute_sql("ALTER TABLE visit ADD COLUMN plan_fixed INTEGER NOT NULL DEFAULT 0")
    db.execute_sql("ALTER TABLE visit ADD COLUMN plan_order INTEGER")
    # One salesperson's cards out of a team's book, and the birthdays of a week, without
    # reading every card (services.plan, services.occasions).
    db.execute_sql('CREATE INDEX IF NOT EXISTS "card_owner" ON "card" ("owner", "deleted")')
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "card_birthday" ON "card" (substr("birthday", 6, 5)) '
        "WHERE birthday IS NOT NULL"
    )


def _v5_search_area(db: SqliteDatabase) -> None:
    """Search finds a card by its area (浦东) and WeChat ID: both end its search text now."""
    from salesdesk.domain.search import SEPARATOR, fold

    rows = db.execute_sql(
        "SELECT id, search, area, wechat FROM card WHERE area != '' OR wechat != ''"
    ).fetchall()
    updates = []
    for card_id, search, area, wechat in rows:
        base = search if search and search != SEPARATOR * 2 else SEPARATOR
        extra = SEPARATOR.join(fold(text) for text in (area, wechat) if text)
        updates.append((base + extra + SEPARATOR, card_id))
    db.cursor().executemany("UPDATE card SET search = ? WHERE id = ?", updates)


def _v5_delete_knowledge(db: SqliteDatabase) -> None:
    """A card's delete records what it saw (per replica, the newest stamp on the card), so
    activity on another laptop that it did not see keeps the card (DESIGN §4)."""
    columns = {r[1] for r in db.execute_sql("PRAGMA table_info(change)").fetchall()}
    if "seen" not in columns:
        db.execute_sql("ALTER TABLE change ADD COLUMN seen TEXT")


def complete_v5(db: SqliteDatabase, *, indexes: bool = True) -> None:
    """A file written before every step of its schema was there (a pre-release build)
    gets the steps it lacks that can tell: the delete knowledge column, and every step of
    schema 6 (each is idempotent). A schema-6 file of the build that brought the empty
    list of schema-6 steps has no payment, purge or version-vector table yet.

    indexes=False: the steps' secondary indexes are not made (without_indexes)."""
    target = db if indexes else without_indexes(db)
    with db.atomic():
        _v5_delete_knowledge(target)
        for step in V6_STEPS:
            step(target)


class _WithoutIndexes:
    """A database whose CREATE INDEX statements are skipped, every other call passed on."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    def execute_sql(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        if sql.lstrip()[:12].upper() == "CREATE INDEX":
            return None
        return self._db.execute_sql(sql, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def without_indexes(db: SqliteDatabase) -> SqliteDatabase:
    """db for migration steps run on a file that is read once and thrown away (the copy of
    a sync file a merge checks): its tables and columns are brought up to date, but no
    secondary index is made, which the merge never reads (it looks rows up by id and
    rowid) and which a sync file written from its tables alone lacks every one of. At
    100,000 cards the schema-6 steps' indexes cost a team file's check ~0.5 s of processor
    time, sorting 180,000 visits and 100,000 cards and writing the pages encrypted.
    CREATE UNIQUE INDEX is made still (a constraint, not only an index)."""
    return cast(SqliteDatabase, _WithoutIndexes(db))


def _v5_wallet(db: SqliteDatabase) -> None:
    """Cards may state the customer's annual spend / potential: our sales over it are our share."""
    db.execute_sql("ALTER TABLE card ADD COLUMN annual_spend REAL")


def _v5_complaints(db: SqliteDatabase) -> None:
    """Complaints keep their cause and the person responsible for settling them."""
    db.execute_sql("ALTER TABLE service_case ADD COLUMN cause TEXT")
    db.execute_sql("ALTER TABLE service_case ADD COLUMN responsible TEXT NOT NULL DEFAULT ''")


def _v5_key_customers(db: SqliteDatabase) -> None:
    """Today's warning of key customers without contact reads this index alone (100,000 cards)."""
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "card_key_customers" ON "card" '
        '("key_customer", "deleted", "grade", "f_kind", "last_contact_at")'
    )


def _v5_card_image(db: SqliteDatabase) -> None:
    """A card keeps the picture it was scanned from (issue 21): a synced, insert-only table."""
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "card_image" ("id" TEXT NOT NULL PRIMARY KEY, '
        '"created" TEXT NOT NULL, "deleted" INTEGER NOT NULL DEFAULT 0, '
        '"card_id" TEXT NOT NULL, "mime" TEXT NOT NULL, "data" BLOB NOT NULL)'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "card_image_card_id" ON "card_image" ("card_id")')


# Schema 5 is several independent additions, each its own step, run in this order.
V5_STEPS: list[Migration] = [
    _v5_wechat,
    _v5_week_plan,
    _v5_search_area,
    _v5_delete_knowledge,
    _v5_wallet,
    _v5_complaints,
    _v5_key_customers,
    _v5_card_image,
]


def _v5(db: SqliteDatabase) -> None:
    for step in V5_STEPS:
        step(db)


def _v6_payments(db: SqliteDatabase) -> None:
    """Issue 20: a deal's installments and the payments received on it, a synced table."""
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "payment" ("id" TEXT NOT NULL PRIMARY KEY, '
        '"created" TEXT NOT NULL, "deleted" INTEGER NOT NULL DEFAULT 0, '
        '"card_id" TEXT NOT NULL, "deal_id" TEXT NOT NULL, "kind" TEXT NOT NULL, '
        '"plan_id" TEXT, "day" TEXT NOT NULL, "amount" REAL NOT NULL, "method" TEXT, '
        '"note" TEXT NOT NULL)'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "payment_deal_id" ON "payment" ("deal_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "payment_card_id" ON "payment" ("card_id")')
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "payment_deleted_kind_day" '
        'ON "payment" ("deleted", "kind", "day")'
    )


def _v6_credit_limit(db: SqliteDatabase) -> None:
    """Issue 20: a card may carry its own credit limit over the one of its credit standing."""
    columns = {r[1] for r in db.execute_sql("PRAGMA table_info(card)").fetchall()}
    if "credit_limit" not in columns:
        db.execute_sql("ALTER TABLE card ADD COLUMN credit_limit REAL")


# The synced tables and change log of schema 6, whose stamps tell what a file holds.
_STAMPED = {
    "card": "created",
    "contact": "created",
    "visit": "created",
    "deal": "created",
    "service_case": "created",
    "grade_change": "created",
    "card_image": "created",
    "payment": "created",
    "purge": "created",
    "change": "stamp",
}


def _v6_version_vector(db: SqliteDatabase) -> None:
    """Issue 23 (delta sync files): a file keeps its version vector (per replica, the
    newest stamp it holds) and, per peer, the vector the peer's newest file said; an
    older file's vector is read from its rows and change records, once."""
    columns = {r[1] for r in db.execute_sql("PRAGMA table_info(peer)").fetchall()}
    if columns and "holds" not in columns:
        db.execute_sql("ALTER TABLE peer ADD COLUMN holds TEXT")
    if db.execute_sql("PRAGMA table_info(holds)").fetchall():
        return
    db.execute_sql(
        'CREATE TABLE "holds" ("replica_id" TEXT NOT NULL PRIMARY KEY, "stamp" TEXT NOT NULL)'
    )
    present = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    parts = [
        f'SELECT substr("{column}", 21) AS r, max("{column}") AS s FROM "{table}" GROUP BY 1'
        for table, column in _STAMPED.items()
        if table in present
    ]
    if parts:
        db.execute_sql(
            "INSERT INTO holds (replica_id, stamp) SELECT r, max(s) FROM ("
            + " UNION ALL ".join(parts)
            + ") WHERE r != '' GROUP BY r"
        )


# Schema 6 (payments, handover, privacy, delta sync and the hub): each issue adds its own
# step here; a step must be idempotent (a pre-release schema-6 file may have run some).
V6_STEPS: list[Migration] = [
    _v6_payments,  # issue 20: payment plans
    _v6_credit_limit,  # issue 20: a card's own credit limit
    _v6_version_vector,  # issue 23: delta sync files
]


def _v6_purge(db: SqliteDatabase) -> None:
    """Issue 22: a synced record of each person erased at their request (no name, only
    the card's id), so every laptop that merges it erases the same person."""
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "purge" ("id" TEXT NOT NULL PRIMARY KEY, '
        '"created" TEXT NOT NULL, "deleted" INTEGER NOT NULL DEFAULT 0, '
        '"card_id" TEXT NOT NULL, "seen" TEXT)'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "purge_card_id" ON "purge" ("card_id")')


V6_STEPS.append(_v6_purge)  # issue 22


def _v6(db: SqliteDatabase) -> None:
    for step in V6_STEPS:
        step(db)


MIGRATIONS: dict[int, Migration] = {
    2: _v2_visit_planned_from,
    3: _v3_overdue_and_indexes,
    4: _v4_indexes,
    5: _v5,
    6: _v6,
}


def migrate(db: SqliteDatabase, path: Path, version: int) -> None:
    from salesdesk.models import tracking
    from salesdesk.models.backup import backup_database
    from salesdesk.models.store import SCHEMA_VERSION

    backup_database(db, path, reason=f"before-schema-{SCHEMA_VERSION}")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS[target]
        with db.atomic():
            step(db)
            db.execute_sql(f"PRAGMA user_version = {target}")
            if target == SCHEMA_VERSION:
                # The tables changed below the backups' marks: the next one is full.
                tracking.invalidate(db)


def _v6_payment_derived(db: SqliteDatabase) -> None:
    """Issue 20: each installment keeps what the receipts cover of it and, while not paid
    in full, its due day (indexed), so Today reads the open installments alone."""
    from salesdesk.models.tables import derive_payments

    columns = {r[1] for r in db.execute_sql("PRAGMA table_info(payment)").fetchall()}
    if not columns or "open_on" in columns:
        return
    for column, kind in (
        ("number", "INTEGER"),
        ("plan_size", "INTEGER"),
        ("paid", "REAL"),
        ("open_on", "TEXT"),
    ):
        if column not in columns:
            db.execute_sql(f'ALTER TABLE payment ADD COLUMN "{column}" {kind}')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "payment_open_on" ON "payment" ("open_on")')
    derive_payments(db)


V6_STEPS.append(_v6_payment_derived)  # issue 20: Today's collections from an index


def _v6_agenda_indexes(db: SqliteDatabase) -> None:
    """DESIGN §7 (the agenda within 50 ms): Today reads the customers at risk and the cases
    waiting for an answer from indexes alone. The first two extend card_customers and
    deal's card_id index by the columns those reads need (so a read that used the shorter
    one may take these as well); the third holds only the cases not resolved."""
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "card_customers_id" '
        'ON "card" ("deleted", "status", "last_contact_at", "id")'
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "deal_card_closed" '
        'ON "deal" ("card_id", "deleted", "closed_on", "amount")'
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "service_case_open" ON "service_case" '
        '("opened_at", "kind", "first_response_at", "card_id") '
        "WHERE deleted = 0 AND resolved_at IS NULL"
    )
    # The few visits set for a time of day: the last day of a cut upcoming list sorted by it.
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "visit_timed" ON "visit" ("due_on", "due_time") '
        "WHERE due_time IS NOT NULL"
    )


V6_STEPS.append(_v6_agenda_indexes)  # Today within DESIGN §7, from indexes


def _v6_backup_tracking(db: SqliteDatabase) -> None:
    """Issue 23 (a merge's backup of what changed since the last full one): triggers on
    every table note the rows each write touches (models.tracking). Last of the steps, so
    every table is there to get its triggers."""
    from salesdesk.models import tracking

    tracking.install(db)


V6_STEPS.append(_v6_backup_tracking)  # issue 23: differential backups before a merge
