"""Which rows each write touched since the last full backup, for differential backups.

Triggers on every table (AFTER INSERT, UPDATE and DELETE) append the table and key of
each row a write touches to `backup_touched`, in the write's own transaction. The change
log cannot stand in for it: derived columns, meta, peers, holds, settings, conflicts,
an erasure and the bulk writes of a merge change rows with no change record of their own;
a trigger sees every one of them, whatever road the write took.

A full backup writes nothing into the live file (a refused merge leaves it byte for
byte as it was, DESIGN §4): the backup itself carries its mark, the newest sequence
number of `backup_touched` it holds and the live file's tracking epoch. A differential
backup holds the rows noted after that number. The epoch changes whenever the list
stops being complete (the triggers were just made, a bulk write switched them off, a
restore or a migration): a differential needs the epoch its base was taken under.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "backup_touched"
EPOCH_KEY = "backup_epoch"
MARK_KEY = "backup_mark"  # in a full backup only: {"seq", "epoch", "schema"}
_PREFIX = "backup_touched_"
_EVENTS = ("i", "u", "d")
# Tables of SQLite's own and of the tracking itself are not tracked.
_SKIP = ("sqlite_%", TABLE)


def _sql(db: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """A peewee database or a DB-API connection alike."""
    run = getattr(db, "execute_sql", None)
    return run(sql, params) if run is not None else db.execute(sql, params)


def tables(db: Any, schema: str = "main") -> list[tuple[str, str]]:
    """(table, primary key column) of every table a write can touch, in schema order."""
    names = [
        str(r[0])
        for r in _sql(
            db,
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != ? ORDER BY rowid",
            (TABLE,),
        ).fetchall()
    ]
    found = []
    for name in names:
        keys = [r[1] for r in _sql(db, f'PRAGMA {schema}.table_info("{name}")') if r[5]]
        found.append((name, keys[0] if len(keys) == 1 else "rowid"))
    return found


def _triggers(table: str, key: str) -> list[str]:
    note = f"INSERT INTO {TABLE} (tbl, key) VALUES ('{table}', "
    return [
        f'CREATE TRIGGER "{_PREFIX}{table}_i" AFTER INSERT ON "{table}" '
        f'BEGIN {note}NEW."{key}"); END',
        f'CREATE TRIGGER "{_PREFIX}{table}_u" AFTER UPDATE ON "{table}" '
        f'BEGIN {note}NEW."{key}"); '
        f"INSERT INTO {TABLE} (tbl, key) SELECT '{table}', OLD.\"{key}\" "
        f'WHERE OLD."{key}" IS NOT NEW."{key}"; END',
        f'CREATE TRIGGER "{_PREFIX}{table}_d" AFTER DELETE ON "{table}" '
        f'BEGIN {note}OLD."{key}"); END',
    ]


def _present(db: Any) -> set[str]:
    return {
        str(r[0])
        for r in _sql(
            db,
            "SELECT name FROM main.sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (_PREFIX + "%",),
        ).fetchall()
    }


def complete(db: Any) -> bool:
    """Whether every table has its three triggers (and the list exists)."""
    present = _present(db)
    if not present:
        return False
    wanted = {f"{_PREFIX}{t}_{e}" for t, _ in tables(db) for e in _EVENTS}
    return wanted <= present


def install(db: Any) -> None:
    """The schema step (issue 23): the list and every table's triggers, made where missing.
    Idempotent and silent on a file that has them all (it runs at every writable open).
    A list just made (or completed) holds nothing of what came before: a new epoch."""
    made = False
    if not _sql(db, f"PRAGMA main.table_info({TABLE})").fetchall():
        # Append-only: the rowid is the order of the notes, and no index to keep up.
        _sql(
            db,
            f'CREATE TABLE "{TABLE}" ("seq" INTEGER PRIMARY KEY, "tbl" TEXT NOT NULL, "key" TEXT)',
        )
        made = True
    present = _present(db)
    for table, key in tables(db):
        for event, sql in zip(_EVENTS, _triggers(table, key), strict=True):
            if f"{_PREFIX}{table}_{event}" not in present:
                _sql(db, sql)
                made = True
    if made:
        invalidate(db)


def remove(db: Any, schema: str = "main") -> None:
    """A copy that is no live file (a sync file): no triggers and no list."""
    names = [
        str(r[0])
        for r in _sql(
            db,
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (_PREFIX + "%",),
        ).fetchall()
    ]
    for name in names:
        _sql(db, f'DROP TRIGGER {schema}."{name}"')
    _sql(db, f'DROP TABLE IF EXISTS {schema}."{TABLE}"')
    _sql(db, f"DELETE FROM {schema}.meta WHERE key IN (?, ?)", (EPOCH_KEY, MARK_KEY))


def invalidate(db: Any) -> None:
    """The list no longer holds every row written since the last full backup: the next
    backup before a merge is a full one."""
    _sql(
        db,
        "INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)",
        (EPOCH_KEY, str(uuid.uuid4())),
    )


@contextmanager
def untracked(db: Any) -> Iterator[None]:
    """Inside a write transaction: its bulk rows go in without the triggers (they made a
    raw insert of 100,000 contacts 70 % slower), which are made again before it commits,
    and the list is marked incomplete. Rolled back with the write if it fails."""
    present = _present(db)
    inside = (
        db.in_transaction()
        if hasattr(db, "in_transaction") and callable(db.in_transaction)
        else bool(getattr(db, "in_transaction", False))
    )
    if not present or not inside:  # each batch its own transaction: the triggers stay
        yield
        return
    for name in sorted(present):
        _sql(db, f'DROP TRIGGER main."{name}"')
    yield
    install(db)  # every table's triggers again, a new epoch


def epoch(db: Any, schema: str = "main") -> str:
    row = _sql(db, f"SELECT value FROM {schema}.meta WHERE key = ?", (EPOCH_KEY,)).fetchone()
    return str(row[0]) if row and row[0] else ""


def newest(db: Any, schema: str = "main") -> int:
    """The sequence number of the newest note (0: none)."""
    row = _sql(db, f'SELECT max(seq) FROM {schema}."{TABLE}"').fetchone()
    return int(row[0] or 0)


def schema_digest(db: Any, schema: str = "main") -> str:
    """The tables' definitions: a differential applies only to a base of the same tables."""
    rows = _sql(
        db,
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND name != ? ORDER BY name",
        (TABLE,),
    ).fetchall()
    return hashlib.sha256(repr([(str(n), str(s)) for n, s in rows]).encode()).hexdigest()[:32]


def forget_before(db: Any, seq: int) -> None:
    """Inside a write: the notes a differential can no longer need (at or before the newest
    full backup's mark). The newest note stays, so the numbers never go back."""
    if seq > 0:
        _sql(
            db,
            f'DELETE FROM main."{TABLE}" WHERE seq <= ? '
            f'AND seq < (SELECT max(seq) FROM main."{TABLE}")',
            (seq,),
        )
