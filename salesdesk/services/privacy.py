"""A person's data given and erased (issue 22; PIPL Art. 45 and 47, GDPR Art. 15 and 17).

`person_data` gathers everything the database holds about one card: its fields,
its contacts, visits, deals, cases, grade steps, images, and every change record
and conflict of those rows. `erase` removes all of it and writes a purge record
in its place, which syncs: every laptop that merges it removes the same rows
(`apply_purges`), and a file that still carries them cannot bring them back.
SQLite's secure_delete overwrites the freed pages, so the erased text does not
linger in the file either.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesdesk.domain.errors import NotFound
from salesdesk.models import clock
from salesdesk.models.clock import replica_of
from salesdesk.models.store import Store, card_knowledge, to_json
from salesdesk.models.tables import SYNCED_MODELS, on_store

FORMAT = "salesdesk-person/1"


# Synced tables whose rows belong to one card (they have a card_id), the purge aside: a
# fact of the schema, read from the models once, not from any file.
CARD_TABLES: tuple[str, ...] = tuple(
    table
    for table, model in SYNCED_MODELS.items()
    if table != "purge" and "card_id" in model._meta.fields
)


def _rows(db: Any, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute_sql(sql, tuple(params))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _decoded(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _when(stamp: str) -> str:
    try:
        return clock.stamp_date(stamp).isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        return stamp


@on_store
def person_data(store: Store, card_id: str) -> dict[str, Any]:
    """Everything about one card, as plain JSON values (images in base64)."""
    db = store.db
    cards = _rows(db, 'SELECT * FROM "card" WHERE id = ?', (card_id,))
    if not cards:
        raise NotFound(f"No card with id {card_id}.")
    local = SYNCED_MODELS["card"].LOCAL_COLUMNS
    card = {k: _plain(v) for k, v in cards[0].items() if k not in local}
    for column in ("phones", "tags"):
        card[column] = _decoded(card.get(column))
    out: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": clock.now().isoformat(timespec="seconds"),
        "card": card,
    }
    row_ids: dict[str, list[str]] = {"card": [card_id]}
    for table in CARD_TABLES:
        rows = _rows(db, f'SELECT * FROM "{table}" WHERE card_id = ? ORDER BY created', (card_id,))
        out[table] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        row_ids[table] = [str(r["id"]) for r in rows]
    history = []
    for table, ids in row_ids.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for change in _rows(
                db,
                "SELECT table_name, row_id, field_group, old, new, stamp FROM change "
                f"WHERE table_name = ? AND row_id IN ({marks})",
                (table, *chunk),
            ):
                history.append(
                    {
                        "table": change["table_name"],
                        "row_id": change["row_id"],
                        "field": change["field_group"],
                        "old": _decoded(change["old"]),
                        "new": _decoded(change["new"]),
                        "when": _when(str(change["stamp"])),
                    }
                )
    out["history"] = sorted(history, key=lambda c: (str(c["when"]), c["table"], c["field"]))
    return out


def export_person(store: Store, card_id: str, target: Path) -> Path:
    """Write the person's data as one readable JSON file (owner-only), whole or not at all."""
    data = person_data(store, card_id)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    temp = target.with_name(f".{target.name}.part")
    temp.unlink(missing_ok=True)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        from salesdesk.domain.errors import UserError

        raise UserError(f"Cannot write {target}: {error.strerror or error}.") from None
    return target


@dataclass
class Erased:
    """What an erasure removed (counts only: the person's data is gone)."""

    rows: dict[str, int] = field(default_factory=dict)
    changes: int = 0
    change_ids: set[str] = field(default_factory=set)
    row_ids: dict[str, set[str]] = field(default_factory=dict)

    def add(self, other: Erased) -> None:
        for table, count in other.rows.items():
            self.rows[table] = self.rows.get(table, 0) + count
        for table, ids in other.row_ids.items():
            self.row_ids.setdefault(table, set()).update(ids)
        self.changes += other.changes
        self.change_ids |= other.change_ids

    @property
    def total(self) -> int:
        return sum(self.rows.values()) + self.changes


def remove_person_rows(db: Any, card_id: str) -> Erased:
    """Delete the card, every row on it and every change record and conflict about them.
    secure_delete makes SQLite overwrite what it frees, so no page keeps the text."""
    db.execute_sql("PRAGMA secure_delete = ON")
    erased = Erased()
    targets: dict[str, list[str]] = {"card": [card_id]}
    for table in CARD_TABLES:
        targets[table] = [
            r[0]
            for r in db.execute_sql(
                f'SELECT id FROM "{table}" WHERE card_id = ?', (card_id,)
            ).fetchall()
        ]
    for table, ids in targets.items():
        count = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            erased.change_ids.update(
                r[0]
                for r in db.execute_sql(
                    f"SELECT id FROM change WHERE table_name = ? AND row_id IN ({marks})",
                    (table, *chunk),
                ).fetchall()
            )
            erased.changes += db.execute_sql(
                f"DELETE FROM change WHERE table_name = ? AND row_id IN ({marks})",
                (table, *chunk),
            ).rowcount
            db.execute_sql(
                f"DELETE FROM conflict WHERE table_name = ? AND row_id IN ({marks})",
                (table, *chunk),
            )
            count += db.execute_sql(
                f'DELETE FROM "{table}" WHERE id IN ({marks})', tuple(chunk)
            ).rowcount
        if count:
            erased.rows[table] = count
            erased.row_ids[table] = set(ids)
    return erased


def erase(store: Store, card_id: str) -> Erased:
    """Erase a person here and record it for every laptop that syncs (not undoable)."""
    if store.db.execute_sql("SELECT 1 FROM card WHERE id = ?", (card_id,)).fetchone() is None:
        raise NotFound(f"No card with id {card_id}.")
    with store.write("Erase person"):
        seen = to_json(card_knowledge(store.db, card_id))
        if store.db.execute_sql("SELECT 1 FROM purge WHERE card_id = ?", (card_id,)).fetchone():
            pass  # erased before and brought back by hand: the old record stands
        else:
            store.insert("purge", {"card_id": card_id, "seen": seen})
        erased = remove_person_rows(store.db, card_id)
    return erased


@dataclass
class PurgeNotice:
    """A merge erased a person here: who (named once, for this report only), and whether
    work done here that the erasure had not seen went with them."""

    card_id: str
    name: str
    lost_local_work: bool


def apply_purges(store: Store, announce: Iterable[str] = ()) -> tuple[Erased, list[PurgeNotice]]:
    """Inside a merge's write: remove every row of each purged person this file holds,
    whichever file brought them. A person in `announce` (a purge the merge brought) who
    had a card here is named in a notice, for the merge report only."""
    db = store.db
    card_ids = [r[0] for r in db.execute_sql("SELECT DISTINCT card_id FROM purge").fetchall()]
    told = set(announce)
    total = Erased()
    notices: list[PurgeNotice] = []
    for card_id in sorted(set(card_ids)):
        present = db.execute_sql("SELECT name FROM card WHERE id = ?", (card_id,)).fetchone()
        held = present is not None or any(
            db.execute_sql(f'SELECT 1 FROM "{t}" WHERE card_id = ? LIMIT 1', (card_id,)).fetchone()
            for t in CARD_TABLES
        )
        if not held:
            continue
        notice = None
        if present is not None and card_id in told:
            notice = PurgeNotice(card_id, str(present[0] or ""), _unseen_here(store, card_id))
        total.add(remove_person_rows(db, card_id))
        if notice is not None:
            notices.append(notice)
    return total, notices


def _unseen_here(store: Store, card_id: str) -> bool:
    """Whether this laptop wrote something on the card that the erasure did not see."""
    rows = store.db.execute_sql("SELECT seen FROM purge WHERE card_id = ?", (card_id,)).fetchall()
    seen: dict[str, str] = {}
    for (text,) in rows:
        try:
            known = json.loads(text or "{}")
        except ValueError:
            known = {}
        if isinstance(known, dict):
            for replica, stamp in known.items():
                seen[str(replica)] = max(seen.get(str(replica), ""), str(stamp))
    mine = store.replica_id
    for stamp, *_ in card_knowledge_events(store, card_id):
        if replica_of(stamp) == mine and stamp > seen.get(mine, ""):
            return True
    return False


def card_knowledge_events(store: Store, card_id: str) -> list[tuple[str, ...]]:
    from salesdesk.models.store import card_events

    return [tuple(e) for e in card_events(store.db, card_id)]


def backups_holding(
    db_path: Path, card_ids: Iterable[str], passphrase: str | None = None
) -> list[Path]:
    """This database's backups that still hold any of these people."""
    from salesdesk.models import cipher
    from salesdesk.models.backup import backups

    wanted = sorted(set(card_ids))
    found = []
    for item in backups(db_path):
        key = passphrase if cipher.looks_encrypted(item.path) else None
        try:
            con = cipher.connect(item.path, key)
            try:
                if item.base is not None:  # a differential: any row or record about them
                    held = _differential_holds(con, _differential_ids(con, item.base, key, wanted))
                else:
                    held = any(
                        con.execute("SELECT 1 FROM card WHERE id = ?", (c,)).fetchone()
                        for c in wanted
                    )
                if held:
                    found.append(item.path)
            finally:
                con.close()
        except cipher.errors():
            found.append(item.path)  # cannot tell: it may hold them
    return found


def scrub_backups(
    db_path: Path, card_ids: Iterable[str], passphrase: str | None = None
) -> list[Path]:
    """Rewrite this database's backups without the erased people (on the user's word):
    each backup's rows are removed and the file vacuumed, so no free page keeps them.
    Returns the backups rewritten; one that cannot be opened is removed instead."""
    from salesdesk.models import cipher
    from salesdesk.models.backup import backups

    wanted = sorted(set(card_ids))
    done: list[Path] = []
    for item in backups(db_path):
        key = passphrase if cipher.looks_encrypted(item.path) else None
        try:
            con = cipher.connect(item.path, key)
        except cipher.errors():
            continue
        try:
            cipher.verify_key(con, item.path)
            if item.base is not None:  # a differential: what it holds of the person goes
                # Counted only when it held any (as backups_holding asked about it).
                if _scrub_differential(con, item.base, key, wanted):
                    done.append(item.path)
                continue
            holds = any(
                con.execute("SELECT 1 FROM card WHERE id = ?", (c,)).fetchone() for c in wanted
            )
            if not holds:
                continue
            adapter = _Adapter(con)
            con.execute("BEGIN")
            for card_id in wanted:
                remove_person_rows(adapter, card_id)
            con.execute("COMMIT")
            con.execute("VACUUM")
            done.append(item.path)
        except (cipher.WrongPassphrase, *cipher.errors()):
            item.path.unlink(missing_ok=True)  # cannot be cleaned: not kept with the person
            done.append(item.path)
        finally:
            con.close()
    return done


def _scrub_differential(con: Any, base: Path, key: str | None, card_ids: list[str]) -> bool:
    """A differential backup (issue 23) holds some rows of a person, maybe a change record
    about a row its base holds: every row and record about the card or any row of it that
    either file knows is removed from it (the base is scrubbed on its own). Whether it
    held any (not rewritten when it did not)."""
    ids = _differential_ids(con, base, key, card_ids)
    if not _differential_holds(con, ids):
        return False
    con.execute("PRAGMA secure_delete = ON")
    con.execute("BEGIN")
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for table in ("change", "conflict"):
            con.execute(f'DELETE FROM "{table}" WHERE row_id IN ({marks})', chunk)
        for table in ("card", *CARD_TABLES):
            con.execute(f'DELETE FROM "{table}" WHERE id IN ({marks})', chunk)
    con.execute("COMMIT")
    con.execute("VACUUM")
    return True


def _differential_holds(con: Any, ids: list[str]) -> bool:
    """Whether the differential holds a row or a record of any of these ids."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for table in ("change", "conflict"):
            if con.execute(
                f'SELECT 1 FROM "{table}" WHERE row_id IN ({marks}) LIMIT 1', chunk
            ).fetchone():
                return True
        for table in ("card", *CARD_TABLES):
            if con.execute(
                f'SELECT 1 FROM "{table}" WHERE id IN ({marks}) LIMIT 1', chunk
            ).fetchone():
                return True
    return False


def _differential_ids(con: Any, base: Path, key: str | None, card_ids: list[str]) -> list[str]:
    """The ids of the cards and of every row of them the differential or its base knows."""
    from salesdesk.models import cipher

    known: set[str] = set(card_ids)
    sources = [con]
    try:
        base_con = cipher.connect(base.resolve().as_uri() + "?mode=ro", key, uri=True)
        sources.append(base_con)
    except cipher.errors():
        base_con = None
    try:
        for source in sources:
            for table in CARD_TABLES:
                for start in range(0, len(card_ids), 500):
                    chunk = card_ids[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    known.update(
                        str(r[0])
                        for r in source.execute(
                            f'SELECT id FROM "{table}" WHERE card_id IN ({marks})', chunk
                        ).fetchall()
                    )
    finally:
        if base_con is not None:
            base_con.close()
    return sorted(known)


class _Adapter:
    """A DB-API connection dressed as the peewee database remove_person_rows expects."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def execute_sql(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.con.execute(sql, params)
