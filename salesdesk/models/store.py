"""Opening the database file: checks, schema, replica id, the writer lock, transactions.

The tables resolve their database through one proxy, and every Store runs its reads
and writes inside `store.bound()`, which points that proxy at its own file on the
current thread: a write, and a core read given `store=`, reach the file they name even
when another Store was opened later or the work runs on a worker thread. Reading
another database file, as a merge does, goes through plain SQL on an attached copy.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import OperationalError as PeeweeOperationalError
from peewee import SqliteDatabase
from peewee import __exception_wrapper__ as _peewee_errors  # type: ignore[attr-defined]

from salesdesk.domain.errors import DatabaseError, DatabaseLocked, ReadOnlyError
from salesdesk.domain.fields import FIELD_GROUPS
from salesdesk.models import cipher, replicas
from salesdesk.models.clock import HybridClock, replica_of
from salesdesk.models.lock import DatabaseLock
from salesdesk.models.tables import (
    ALL_MODELS,
    SYNCED_MODELS,
    Change,
    Meta,
    bound,
    database_proxy,
)
from salesdesk.models.whoami import os_full_name

APPLICATION_ID = 0x5344534B  # "SDSK"
SCHEMA_VERSION = 6
SQLITE_HEADER = b"SQLite format 3\x00"

__all__ = ["DatabaseLocked", "Operation", "Store", "check_file", "new_id"]


def new_id() -> str:
    return str(uuid.uuid4())


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class InsertedRows:
    """(table, row id) of each row an operation inserted, in order, as a list gives them.

    Ids written as canonical UUIDs are kept as their 16 bytes: an import of 200,000
    cards inserts 600,000 rows, and their undo must not hold 90 MB of tuples (issue 14).
    """

    __slots__ = ("_data", "_other", "_tables")
    __hash__ = None  # type: ignore[assignment]  # a list is not hashable either

    def __init__(self, rows: Iterable[tuple[str, str]] = ()) -> None:
        self._tables: list[str] = []  # a table's code is its place here
        self._data = bytearray()  # per row: code byte, then 16 bytes of id
        self._other: list[str] = []  # ids that are not canonical UUIDs (code + 128)
        self.extend(rows)

    def _code(self, table: str) -> int:
        try:
            return self._tables.index(table)
        except ValueError:
            if len(self._tables) >= 127:
                raise ValueError("too many tables in one operation") from None
            self._tables.append(table)
            return len(self._tables) - 1

    def append(self, row: tuple[str, str]) -> None:
        table, row_id = row
        code = self._code(table)
        raw = _uuid_bytes(row_id)
        if raw is None:
            self._other.append(row_id)
            raw = (len(self._other) - 1).to_bytes(16, "big")
            code += 128
        self._data.append(code)
        self._data += raw

    def extend(self, rows: Iterable[tuple[str, str]]) -> None:
        for row in rows:
            self.append(row)

    def extend_uuids(self, table: str, raw: bytes) -> None:
        """Rows of one table whose ids are canonical UUIDs given as their bytes, end to end."""
        code = bytes((self._code(table),))
        self._data += b"".join(code + raw[at : at + 16] for at in range(0, len(raw), 16))

    def tables(self) -> set[str]:
        """The tables rows were inserted into."""
        codes = set(self._data[0::17])
        return {self._tables[code & 127] for code in codes}

    def ids(self, table: str) -> list[str]:
        """The ids of the rows inserted into one table."""
        if table not in self._tables:
            return []
        code = self._tables.index(table)
        return [self._row(i)[1] for i in range(len(self)) if self._data[i * 17] & 127 == code]

    def _row(self, index: int) -> tuple[str, str]:
        at = index * 17
        code = self._data[at]
        raw = bytes(self._data[at + 1 : at + 17])
        if code >= 128:
            return self._tables[code - 128], self._other[int.from_bytes(raw, "big")]
        h = raw.hex()
        return self._tables[code], f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def __len__(self) -> int:
        return len(self._data) // 17

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return (self._row(i) for i in range(len(self)))

    def __reversed__(self) -> Iterator[tuple[str, str]]:
        return (self._row(i) for i in range(len(self) - 1, -1, -1))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, InsertedRows | list):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"InsertedRows({list(self)!r})"


def _uuid_bytes(row_id: str) -> bytes | None:
    """The 16 bytes of a canonical (lower-case, hyphenated) UUID, else None."""
    if len(row_id) != 36 or row_id[8] != "-" or row_id[13] != "-":
        return None
    try:
        raw = bytes.fromhex(row_id.replace("-", ""))
    except ValueError:
        return None
    h = raw.hex()
    return raw if row_id == f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" else None


@dataclass
class Operation:
    """What one write did: its change records and inserted rows, for undo and refresh."""

    label: str = ""
    changes: list[tuple[str, str, str, dict[str, Any], dict[str, Any]]] = field(
        default_factory=list
    )  # (table, row id, group, old values, new values)
    inserted: InsertedRows = field(default_factory=InsertedRows)  # (table, row id)

    def touched(self, table: str) -> set[str]:
        rows = {row for t, row, *_ in self.changes if t == table}
        inserted = self.inserted.ids(table)
        # A slice at a time: the 200,000 ids of an import added in one C call held the
        # interpreter lock 20-50 ms on its worker while the window waited (issue 16).
        for at in range(0, len(inserted), 20_000):
            rows.update(inserted[at : at + 20_000])
        return rows

    @property
    def empty(self) -> bool:
        return not self.changes and not self.inserted


def refuse_special_file(path: Path) -> None:
    """A pipe or a device named like our file (in a shared folder, say): opening it to read
    its header would wait for a writer forever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # said by the read that follows
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise DatabaseError(
            f"{path} is not a plain file (a pipe or a device), not a SalesDesk file."
        )


def check_file(path: Path, *, encrypted_ok: bool = False) -> None:
    """Refuse a file that is plainly not a SalesDesk database, before SQLite opens it.

    encrypted_ok: a file that looks encrypted (SQLCipher) passes, to be opened with a key.
    """
    refuse_special_file(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"Cannot read {path}: {error.strerror or error}.") from None
    if size == 0:
        raise DatabaseError(f"{path} is an empty file, not a SalesDesk database.")
    if header != SQLITE_HEADER:
        if cipher.looks_encrypted(path):
            if encrypted_ok:
                return
            raise cipher.PassphraseNeeded(
                f"{path} is encrypted: SalesDesk needs its passphrase to open it."
            )
        raise DatabaseError(f"{path} is not a SalesDesk database.")


class Store:
    """An open SalesDesk database file."""

    def __init__(
        self, path: Path, db: SqliteDatabase, *, read_only: bool, lock: DatabaseLock | None
    ):
        self.path = path
        self.db = db
        # Encrypted with a passphrase (SQLCipher): its backups are too (issue 22).
        self.encrypted = cipher.passphrase_of(db) is not None
        self.read_only = read_only
        self._lock = lock
        self._op: Operation | None = None
        # True when opening rolled back the hot journal of a write that was interrupted.
        self.recovered = False
        self.replica_id = self.meta("replica_id") or ""
        self.device_name = self.meta("device_name") or os_full_name()
        self.clock = HybridClock(self.replica_id, self.meta("clock"))
        # A copied file must not write under its original's replica id.
        self._replica_claimed = not read_only and replicas.is_remembered(self.replica_id, path)

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        wait: float = 0.0,
        passphrase: str | None = None,
    ) -> Store:
        """Open (or create) a database file; a writer waits up to `wait` seconds for the lock.

        An encrypted file needs its passphrase (PassphraseNeeded without one,
        WrongPassphrase with a wrong one; nothing is written either way). A new file
        made with a passphrase is encrypted from its first byte; a plain file ignores it.
        """
        path = Path(path).expanduser()
        exists = path.exists()
        if exists:
            check_file(path, encrypted_ok=passphrase is not None)
            if not cipher.looks_encrypted(path):
                passphrase = None
        elif passphrase is not None:
            cipher.check_passphrase(passphrase)
        elif read_only:
            raise DatabaseError(f"{path} does not exist.")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(f"Cannot create {path.parent}: {error.strerror}.") from None
        lock = None
        recovered = False
        if read_only:
            recovered = recover_interrupted_write(path, passphrase)
        else:
            lock = DatabaseLock(path)
            try:
                locked = lock.acquire(wait)
            except OSError as error:
                raise DatabaseError(f"Cannot write beside {path}: {error.strerror}.") from None
            if not locked:
                holder = lock.describe_holder()
                if "window" in holder:
                    raise DatabaseLocked(f"{path} is open in {holder}; close it there first.")
                raise DatabaseLocked(
                    f"{path} is being written by {holder}; try again when it has finished."
                )
            from salesdesk.models.backup import clean_leftovers

            clean_leftovers(path)
        db: SqliteDatabase | None = None
        try:
            try:
                db = _connect(path, read_only=read_only, passphrase=passphrase)
                if passphrase is not None:
                    cipher.verify_key(db.connection(), path)
            except (*cipher.errors(), cipher.WrongPassphrase, PeeweeDatabaseError):
                if passphrase is None:
                    raise
                if db is not None:
                    db.close()
                    db = None
                # A team sync file (cipher.TEAM_CIPHER) becomes a database like any other.
                if not read_only and cipher.team_file_as_database(path, passphrase):
                    db = _connect(path, read_only=read_only, passphrase=passphrase)
                    cipher.verify_key(db.connection(), path)
                elif read_only and cipher.opens_under(path, passphrase, cipher.LEGACY_CIPHER):
                    # A book written before BOOK_CIPHER, read as it is (rewritten at its
                    # next writable open).
                    db = _connect(
                        path, read_only=True, passphrase=passphrase, settings=cipher.LEGACY_CIPHER
                    )
                    cipher.verify_key(db.connection(), path)
                elif read_only and cipher.opens_as_team_file(path, passphrase):
                    # Read-only, it cannot be rewritten as a database: say what it is.
                    raise DatabaseError(
                        f"{path} is a team sync file, not a database: merge it into your "
                        f"database with 'salesdesk sync merge --db DATABASE {path} "
                        "--team-passphrase-env NAME'."
                    ) from None
                else:
                    raise cipher.WrongPassphrase(
                        f"The passphrase does not open {path} (or it is not a SalesDesk "
                        "database); nothing was changed."
                    ) from None
            # The file a test's own direct reads use (tables._unbound_use).
            database_proxy.initialize(db)
            with bound(db):
                created = _prepare_schema(db, path, read_only=read_only, existed=exists)
                if created:  # a file we just made is ours: no new replica id at its first write
                    replicas.remember(Meta.get_by_id("replica_id").value, path)
            if not read_only:
                # A rollback journal, not WAL: once a write commits it is in the main
                # file, so a plain copy of the idle file holds every change (DESIGN §4).
                db.execute_sql("PRAGMA journal_mode = delete")
        except BaseException as error:
            if db is not None and not db.is_closed():
                db.close()  # a refused file is not left open (nor its -wal and -shm)
            if lock:
                lock.release()
            if isinstance(error, cipher.errors()):
                raise DatabaseError(f"{path} is not a SalesDesk database ({error}).") from None
            raise
        store = cls(path, db, read_only=read_only, lock=lock)
        store.recovered = recovered
        return store

    def close(self) -> None:
        if not self.db.is_closed():
            if not self.read_only and self._large():
                # Statistics for the planner, sampled so it stays quick: without them
                # SQLite may pick a wide index and scan 300,000 grade steps for one card.
                # (A small file plans well without, and stays untouched by a close.)
                try:
                    self.db.execute_sql("PRAGMA analysis_limit = 400")
                    self.db.execute_sql("PRAGMA optimize")
                except sqlite3.Error:
                    pass  # a statistics refresh is never worth failing a close for
            self.db.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    @property
    def replica_claimed(self) -> bool:
        """This file writes under a replica id remembered for its path (not a copy of
        another file, nor a restored one before its first write)."""
        return self._replica_claimed

    def _large(self) -> bool:
        try:
            return self.path.stat().st_size > 32 * 1024 * 1024
        except OSError:
            return False

    def __enter__(self) -> Store:
        return self

    def bound(self) -> AbstractContextManager[None]:
        """The tables read and write this file on this thread for the duration."""
        return bound(self.db)

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ---------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        with self.bound():
            row = Meta.get_or_none(Meta.key == key)
        return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.bound():
            Meta.insert(key=key, value=value).on_conflict_replace().execute()

    # -- writing ------------------------------------------------------------------
    @contextmanager
    def write(self, label: str = "") -> Iterator[Operation]:
        """One transaction: every row and change record it writes commits together or not at all."""
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path.name} is open read-only because another SalesDesk window has it."
            )
        if self._op is not None:  # nested: part of the outer operation
            with self.bound():
                yield self._op
            return
        self._op = Operation(label)
        try:
            with self.bound(), self.db.atomic():
                self._claim_replica()
                yield self._op
                self.set_meta("clock", self.clock.last)
        finally:
            self._op = None

    def _claim_replica(self) -> None:
        if self._replica_claimed:
            return
        if self.replica_id:
            # What this file holds of the id it leaves: up to its clock (issue 23). The
            # original's next write is stamped past it, so a peer sees the difference.
            self.db.execute_sql(
                "INSERT INTO holds (replica_id, stamp) VALUES (?, ?) ON CONFLICT (replica_id) "
                "DO UPDATE SET stamp = max(stamp, excluded.stamp)",
                (self.replica_id, self.clock.last),
            )
        self.replica_id = new_id()
        self.clock.replica = self.replica_id
        self.set_meta("replica_id", self.replica_id)
        replicas.remember(self.replica_id, self.path)
        self._replica_claimed = True

    def stamp(self) -> str:
        return self.clock.tick()

    def _current_op(self) -> Operation:
        if self._op is None:
            raise RuntimeError("writes go inside Store.write()")
        return self._op

    def insert(self, table: str, values: dict[str, Any]) -> str:
        """Insert a synced row; its creation stamp stands for its first values."""
        op = self._current_op()
        model = SYNCED_MODELS[table]
        row = dict(values)
        row.setdefault("id", new_id())
        row["created"] = self.stamp()
        model.insert(**row).execute()
        op.inserted.append((table, row["id"]))
        return str(row["id"])

    def update(
        self, table: str, row_id: str, values: dict[str, Any], *, force: bool = False
    ) -> list[str]:
        """Write new values, one change record per field group that really changes.

        force writes the change even when the value stays: settling a conflict
        in favour of the value shown is still a decision that must sync on.
        """
        op = self._current_op()
        model = SYNCED_MODELS[table]
        groups = FIELD_GROUPS[table]
        wanted = [g for g, fields in groups.items() if any(f in values for f in fields)]
        if not wanted:
            return []
        columns = sorted({f for g in wanted for f in groups[g]})
        current = (
            model.select(*[getattr(model, c) for c in columns])
            .where(model.id == row_id)
            .dicts()
            .get()
        )
        changed: dict[str, Any] = {}
        change_ids: list[str] = []
        for group in wanted:
            old = {f: current[f] for f in groups[group]}
            new = {f: values.get(f, current[f]) for f in groups[group]}
            if new == old and not force:
                continue
            if group == "deleted":
                # A delete sees the whole row, so an edit it did not see can be told apart.
                parents = sorted({h for g in groups for h in self.heads(table, row_id, g)})
            else:
                parents = self.heads(table, row_id, group)
            seen = None
            if table == "card" and group == "deleted" and new.get("deleted"):
                seen = to_json(card_knowledge(self.db, row_id))
            change_id = new_id()
            Change.insert(
                id=change_id,
                table_name=table,
                row_id=row_id,
                field_group=group,
                old=to_json(old),
                new=to_json(new),
                stamp=self.stamp(),
                device=self.replica_id,
                parents=to_json(parents),
                seen=seen,
            ).execute()
            # This change saw every head of its group: whatever conflict the group had
            # is settled (the conflict table stays a function of the change log).
            self.db.execute_sql(
                "DELETE FROM conflict WHERE row_id = ? AND table_name = ? AND field_group = ?",
                (row_id, table, group),
            )
            changed.update(new)
            change_ids.append(change_id)
            op.changes.append((table, row_id, group, old, new))
        if changed:
            model.update(**changed).where(model.id == row_id).execute()
        return change_ids

    def heads(self, table: str, row_id: str, group: str) -> list[str]:
        """Changes of a field group that no later change has seen (two or more: a conflict)."""
        rows = list(
            Change.select(Change.id, Change.parents)
            .where(
                (Change.table_name == table)
                & (Change.row_id == row_id)
                & (Change.field_group == group)
            )
            .tuples()
        )
        seen = {parent for _, parents in rows for parent in json.loads(parents)}
        return sorted(change_id for change_id, _ in rows if change_id not in seen)


def writing(store: Store | None) -> AbstractContextManager[Any]:
    """One transaction on the store named (a write: its read-only check, its replica);
    without one, a plain transaction on the file the tables fall back to."""
    return store.write() if store is not None else database_proxy.atomic()


def journal_is_hot(path: Path) -> bool:
    """A rollback journal with a header beside the file: a write was interrupted."""
    journal = Path(os.path.realpath(path) + "-journal")
    try:
        with journal.open("rb") as handle:
            header = handle.read(28)
    except OSError:
        return False
    return len(header) >= 28 and any(header)


def recover_interrupted_write(path: Path, passphrase: str | None = None) -> bool:
    """Before a read-only open: roll back the hot journal a killed write left, so the file
    reads as it was before that write instead of as damaged. Only when no writer holds
    the file (a writer's journal is its open transaction, not a leftover)."""
    if not journal_is_hot(path):
        return False
    lock = DatabaseLock(path)
    try:
        if not lock.acquire():
            return False
    except OSError:
        return False
    try:
        con = cipher.connect(path, passphrase, timeout=10)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # rolls back
        finally:
            con.close()
    except cipher.errors() as error:
        raise DatabaseError(
            f"{path}: an interrupted write could not be rolled back ({error})."
        ) from None
    finally:
        lock.release()
    return True


CHILD_TABLES = ("contact", "visit", "deal", "service_case", "grade_change", "payment")


def card_events(db: SqliteDatabase, card_id: str) -> list[tuple[str, str, str, str, str]]:
    """Everything written on a card: (stamp, table, row id, change id or '', field group or
    'created') for the card, its child rows (contacts, visits, deals, cases, grade steps)
    and their change records."""
    parts = [
        "SELECT stamp, table_name, row_id, id, field_group FROM change "
        "WHERE table_name = 'card' AND row_id = ?",
        "SELECT created, 'card', id, '', 'created' FROM card WHERE id = ?",
    ]
    params = [card_id, card_id]
    for table in CHILD_TABLES:
        parts.append(
            f"SELECT created, '{table}', id, '', 'created' FROM \"{table}\" WHERE card_id = ?"
        )
        parts.append(
            "SELECT stamp, table_name, row_id, id, field_group FROM change "
            f"WHERE table_name = '{table}' AND row_id IN "
            f'(SELECT id FROM "{table}" WHERE card_id = ?)'
        )
        params += [card_id, card_id]
    rows = db.execute_sql(" UNION ALL ".join(parts), params).fetchall()
    return [(str(a), str(b), str(c), str(d or ""), str(e)) for a, b, c, d, e in rows]


def card_knowledge(db: SqliteDatabase, card_id: str) -> dict[str, str]:
    """Per replica, the newest stamp of everything this file holds on a card.

    A replica's stamps only grow and a file holds a prefix of each replica's
    writes, so an event on the card is known here exactly when its stamp is at
    most this replica's entry: what a delete saw, whatever the clocks say.
    """
    known: dict[str, str] = {}
    for stamp, *_ in card_events(db, card_id):
        replica = replica_of(stamp)
        if stamp > known.get(replica, ""):
            known[replica] = stamp
    return dict(sorted(known.items()))


def _connect(
    path: Path,
    *,
    read_only: bool,
    passphrase: str | None = None,
    settings: cipher.Settings = (),
) -> SqliteDatabase:
    pragmas = {
        # journal_mode is set in Store.open once the file is known to be ours:
        # switching a foreign WAL file to 'delete' would rewrite its header.
        "synchronous": "full",
        "foreign_keys": 0,
        "cache_size": -32000,
        "temp_store": "memory",
    }
    kind: type[SqliteDatabase] = SqliteDatabase
    extra: dict[str, Any] = {}
    if passphrase is not None:
        kind = _cipher_database()
        extra["passphrase"] = passphrase
        if settings:
            extra["cipher_settings"] = settings
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        db = kind(uri, uri=True, pragmas={"cache_size": -32000}, timeout=10, **extra)
    else:
        if not path.exists():  # owner-only from the start (SQLite would make it 0644)
            cipher.create_private(path)
        db = kind(str(path), pragmas=pragmas, timeout=10, **extra)
        db.commit = partial(_commit_finely, db)  # type: ignore[method-assign]
    db.connect()
    return db


def _commit_finely(db: SqliteDatabase) -> None:
    """COMMIT, tried again every fraction of a millisecond while readers let go.

    A commit waits until no reader holds the file (the rollback journal, DESIGN §4).
    SQLite's own wait tries again after 1, 2, 5, 10, 15 ms …: reads that gave way to the
    write within a few ms (services/giveway) still cost a save 8-18 ms. A COMMIT refused
    as busy leaves the transaction as it was, to be committed again (SQLite's rule);
    past the file's timeout the error goes up as before."""
    cursor = db.cursor()
    (waited,) = cursor.execute("PRAGMA busy_timeout").fetchone()
    cursor.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + max(int(waited), 1) / 1000
        pause = 0.0002
        while True:
            try:
                with _peewee_errors:  # sqlite3's or sqlcipher3's errors as peewee's
                    cursor.execute("COMMIT")
                return
            except PeeweeOperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 1.5, 0.002)
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {int(waited)}")


@cache
def _cipher_database() -> Any:
    """peewee's SqlCipherDatabase, with SQLCipher's own stderr logging off (a wrong key
    would print "hmac check failed" beside our one message)."""
    cipher.cipher_module()
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    class QuietCipherDatabase(SqlCipherDatabase):
        def _connect(self) -> Any:
            # peewee's own _connect, with the logging turned off before the key is tried.
            params = dict(self.connect_params)
            passphrase = params.pop("passphrase", "")
            settings = params.pop("cipher_settings", ())
            path = self.database
            connection = cipher.cipher_module().connect(
                self.database, isolation_level=None, **params
            )
            try:
                cipher.quiet(connection)
                if passphrase:
                    # An existing file's raw key (cipher.file_key): opening it again, and
                    # checking each byte-for-byte backup of it (its salt), derive nothing;
                    # nor does a read-only open, which names the file by a URI (SQLCipher
                    # derived the key again for it: 0.1-0.2 s of processor time).
                    if params.get("uri"):
                        path = cipher.uri_path(path)
                    cipher.set_key(connection, cipher.file_key(passphrase, path))
                    cipher.apply_settings(connection, settings)
                self._add_conn_hooks(connection)
            except BaseException:
                connection.close()
                raise
            return connection

    return QuietCipherDatabase


def _prepare_schema(db: SqliteDatabase, path: Path, *, read_only: bool, existed: bool) -> bool:
    """Check the file's identity and version; True when it was just created."""
    from salesdesk.models import migrations

    app_id = db.execute_sql("PRAGMA application_id").fetchone()[0]
    version = db.execute_sql("PRAGMA user_version").fetchone()[0]
    tables = db.get_tables()
    if app_id == 0 and version == 0 and not tables:
        if existed and path.stat().st_size > 0 and read_only:
            raise DatabaseError(f"{path} is an empty database, not a SalesDesk one.")
        if read_only:
            raise DatabaseError(f"{path} is not a SalesDesk database.")
        _create_schema(db)
        return True
    if app_id != APPLICATION_ID:
        raise DatabaseError(f"{path} is not a SalesDesk database (it belongs to another program).")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer SalesDesk (schema {version}, this program "
            f"knows {SCHEMA_VERSION}): update SalesDesk to open it."
        )
    if version < SCHEMA_VERSION:
        if read_only:
            raise DatabaseError(f"{path} needs an upgrade, which a read-only open cannot do.")
        migrations.migrate(db, path, version)
    elif not read_only:
        migrations.complete_v5(db)
        restore_indexes(db)
    return False


def restore_indexes(db: SqliteDatabase) -> None:
    """Full sync files leave the secondary indexes out (issue 22: a merge needs none, and
    they are a third of the file): one opened as a database gets them back at its first
    writable open. At the current schema every table exists: only indexes can be made
    here. Every other open finds them all by one look at the schema: running the ~50
    CREATE … IF NOT EXISTS statements cost 25–120 ms an open (two thirds of the sync
    property test's time went there)."""
    present = {
        row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    if _model_indexes() <= present:
        return
    with db.atomic():
        db.create_tables(ALL_MODELS, safe=True)


_INDEX_NAME = re.compile(r'CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?', re.I)


@cache
def _model_indexes() -> frozenset[str]:
    """The names of the indexes the models declare, read from the statements peewee writes."""
    scratch = SqliteDatabase(":memory:")
    names: set[str] = set()
    with scratch.bind_ctx(ALL_MODELS, bind_refs=False, bind_backrefs=False):
        for model in ALL_MODELS:
            for query in model._schema._create_indexes(safe=True):  # type: ignore[attr-defined]
                sql = scratch.get_sql_context().sql(query).query()[0]
                match = _INDEX_NAME.match(sql)
                if match is None:  # a statement this reading does not know: run them all
                    return frozenset({sql})
                names.add(match[1])
    return frozenset(names)


def _create_schema(db: SqliteDatabase) -> None:
    from salesdesk.models import tracking

    with db.atomic():
        db.create_tables(ALL_MODELS)
        replica = new_id()
        Meta.insert_many(
            [
                {"key": "replica_id", "value": replica},
                {"key": "device_name", "value": os_full_name()},
                {"key": "created_by", "value": "SalesDesk"},
            ]
        ).execute()
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        tracking.install(db)  # the schema step that makes them (migrations, issue 23)
