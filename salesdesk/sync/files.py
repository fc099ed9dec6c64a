"""Sync files: consistent snapshots with a manifest, and checking a file before a merge."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import SqliteDatabase

from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.fields import SYNCED_TABLES
from salesdesk.domain.messages import reason
from salesdesk.models import cipher, clock, migrations, tracking
from salesdesk.models.backup import snapshot
from salesdesk.models.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Store,
    check_file,
    refuse_special_file,
)
from salesdesk.sync import vectors
from salesdesk.sync.team import TEAM_KEY
from salesdesk.sync.validate import require_tables, stamp_wall

FORMAT = "salesdesk-sync/1"
SUFFIX = ".salesdesk"


def default_name(store: Store) -> str:
    device = re.sub(r"[^\w.-]+", "_", store.device_name, flags=re.UNICODE).strip("._") or "device"
    return f"{device}.{store.replica_id[:8]}{SUFFIX}"


def export_sync_file(
    store: Store,
    target: Path | None = None,
    folder: Path | None = None,
    *,
    passphrase: str | None = None,
) -> Path:
    """Snapshot the database under a temporary name beside the target, add the manifest,
    flush, then rename: a half-written sync file never carries the real name.

    passphrase (issue 22): the team's, shared by the laptops that sync together. An
    encrypted database writes the file once, under the team passphrase: SQLCipher reads
    its pages and writes them under the other key, with no plain copy between. A plain
    database (whose connection cannot write an encrypted file) writes it plain in the
    private folder first, then encrypts it into place.
    """
    if passphrase is not None:
        cipher.check_passphrase(passphrase)
        if cipher.passphrase_of(store.db) is None:
            return _export_encrypted(store, target, folder, passphrase)
    if target is None:
        target = (folder or Path.cwd()) / default_name(store)
    if not target.parent.is_dir():
        raise DatabaseError(f"The folder {target.parent} does not exist.")
    temp = target.with_name(f".{target.name}.part")
    remove_stale_parts(target.parent)
    try:
        temp.unlink(missing_ok=True)
        Path(str(temp) + "-journal").unlink(missing_ok=True)
        with _flushing(temp):
            _write_snapshot(store, temp, passphrase)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        install(temp, target)
    except (OSError, *cipher.errors()) as error:
        temp.unlink(missing_ok=True)
        Path(str(temp) + "-journal").unlink(missing_ok=True)
        raise DatabaseError(f"Cannot write {target}: {reason(error)}.") from None
    return target


def _write_snapshot(store: Store, temp: Path, passphrase: str | None) -> None:
    """The whole database with its manifest at temp (not flushed): a page copy when the
    file keeps the database's own key (a plain book's plain file), else its tables copied
    under the other key (an encrypted book's file, plain or under the team passphrase)."""
    if cipher.passphrase_of(store.db) is None or not has_vector(store):
        # Also a pre-release schema 6 file opened read-only: its snapshot gets its
        # version vector, read from its rows (the snapshot is ours to change).
        snapshot(store.db, temp, passphrase=passphrase)
        _complete_vector(temp, passphrase)
        con = cipher.connect(temp, passphrase)
        try:
            # A file under a temporary name, flushed once by the caller: no journal or syncs
            # of its own, and one transaction. Each DROP TRIGGER on its own committed (DDL
            # opens no transaction in Python's sqlite3) and the first commit's sync wrote
            # the whole fresh copy out (0.5-2 s of a 750 MB book's 1.2-3.4 s export).
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.execute("BEGIN")
            with con:
                # A live file's list of written rows is its own (issue 23): not sent.
                tracking.remove(con)
                _add_manifest(store, con, "main", "main")
        finally:
            con.close()
        return
    connection = store.db.connection()
    if connection.in_transaction:
        raise RuntimeError("a sync file is not written inside a write transaction")
    pages = connection.execute("PRAGMA main.page_count").fetchone()[0]
    size = int(pages) * int(connection.execute("PRAGMA main.page_size").fetchone()[0])
    settings = cipher.team_cipher_for(size) if passphrase is not None else ()
    copied: dict[str, int] = {}
    with cipher.tables_into(connection, temp, passphrase, settings, copied) as copy:
        # Read from the live file in the transaction that copied it: the same rows.
        _add_manifest(store, connection, "main", copy, copied)


def _add_manifest(
    store: Store, con: Any, source: str, copy: str, copied: dict[str, int] | None = None
) -> None:
    """Write the manifest into the copy's meta table, reading what the snapshot holds from
    source (the copy itself, or the file it was copied from in the same transaction).
    copied: the rows of each table as the copy counted them (cipher.tables_into), taken
    for the manifest instead of counting them again."""
    counts = {
        t: copied[t]
        if copied is not None and copied.get(t, -1) >= 0
        else con.execute(f'SELECT count(*) FROM {source}."{t}"').fetchone()[0]
        for t in SYNCED_TABLES
    }
    # The newest stamp the file holds: its own clock, or another laptop's stamp it took
    # in but did not follow (a clock far ahead); a row stamped later than this was not
    # written by SalesDesk.
    newest = con.execute(f"SELECT max(stamp) FROM {source}.change").fetchone()[0] or ""
    horizon = max(store.clock.last, store.meta("horizon") or "", newest)
    # What the snapshot holds, read from the snapshot itself (issue 23).
    meta = dict(con.execute(f"SELECT key, value FROM {source}.meta").fetchall())
    holds = dict(con.execute(f"SELECT replica_id, stamp FROM {source}.holds").fetchall())
    vector = vectors.with_clock(holds, meta.get("replica_id", ""), meta.get("clock"))
    manifest = {
        "kind": "full",
        "holds": vector,
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "replica_id": store.replica_id,
        "device_name": store.device_name,
        "clock": store.clock.last,
        "horizon": horizon,
        "exported_at": clock.now().isoformat(),
        "rows": counts,
    }
    con.execute(
        f"INSERT OR REPLACE INTO {copy}.meta (key, value) VALUES ('manifest', ?)",
        (json.dumps(manifest, ensure_ascii=False),),
    )
    # The team passphrase the database keeps is the database's alone: a plain sync file
    # would hand it to whoever finds the stick, an encrypted one has no use for it.
    con.execute(f"DELETE FROM {copy}.meta WHERE key = ?", (TEAM_KEY,))
    # Nor the marks of this laptop's backups (issue 23; tables_into left the list out).
    con.execute(
        f"DELETE FROM {copy}.meta WHERE key IN (?, ?)", (tracking.EPOCH_KEY, tracking.MARK_KEY)
    )


# The tables a delta file carries rows of, and the column that stamps each row.
_STAMPED = {
    "card": "created",
    "contact": "created",
    "visit": "created",
    "deal": "created",
    "service_case": "created",
    "grade_change": "created",
    "card_image": "created",
    "payment": "created",  # issue 20
    "purge": "created",  # issue 22
    "change": "stamp",
}


MARKS_KEPT = 20
DAILY_MARKS_KEPT = 60


def record_mark(store: Store) -> None:
    """Inside a write: remember what this file holds now and, per table, its last row.

    Rows come in with growing rowids (nothing is ever removed), so a later delta for a
    reader that holds at least this vector need only look at the rows after these:
    a rowid range instead of reading a 100,000-card book whole. The last row's id is
    kept to tell that the rowids were not renumbered since (a VACUUM after a purge).
    """
    rows: dict[str, list[Any]] = {}
    for table in _STAMPED:
        last = store.db.execute_sql(
            f'SELECT rowid, id FROM main."{table}" ORDER BY rowid DESC LIMIT 1'
        ).fetchone()
        rows[table] = [last[0], last[1]] if last else [0, None]
    marks = _marks(store.db)
    day = clock.now().date().isoformat()
    marks.append({"holds": vectors.own_vector(store), "rows": rows, "day": day})
    # The newest marks, and one a day before them: a laptop back after a fortnight away
    # still finds a mark it holds, and a folder of ten laptops does not crowd it out.
    recent = marks[-MARKS_KEPT:]
    daily: dict[str, dict[str, Any]] = {}
    for mark in marks[:-MARKS_KEPT]:
        daily[str(mark.get("day", ""))] = mark
    kept = [daily[d] for d in sorted(daily)[-DAILY_MARKS_KEPT:]] + recent
    store.set_meta("delta_marks", json.dumps(kept, separators=(",", ":")))


def _marks(db: SqliteDatabase) -> list[dict[str, Any]]:
    row = db.execute_sql("SELECT value FROM main.meta WHERE key = 'delta_marks'").fetchone()
    try:
        marks = json.loads(row[0]) if row else []
    except ValueError:
        return []
    return [m for m in marks if isinstance(m, dict)] if isinstance(marks, list) else []


def _after_rows(db: SqliteDatabase, base: vectors.Vector) -> dict[str, int]:
    """Per table, the rowid after which rows the reader may lack begin (0: all rows)."""
    for mark in reversed(_marks(db)):
        held = vectors.parse(mark.get("holds"))
        rows = mark.get("rows")
        if held is None or not isinstance(rows, dict) or vectors.missing(base, held):
            continue
        after: dict[str, int] = {}
        for table in _STAMPED:
            rowid, row_id = (rows.get(table) or [0, None])[:2]
            if not isinstance(rowid, int) or rowid <= 0:
                after[table] = 0
                continue
            there = db.execute_sql(
                f'SELECT id FROM main."{table}" WHERE rowid = ?', (rowid,)
            ).fetchone()
            after[table] = rowid if there and there[0] == row_id else 0
        return after
    return {}


@dataclass(frozen=True)
class Written:
    """A sync file written: full, or a delta holding only what its reader lacks."""

    path: Path
    delta: bool
    reader: str = ""  # whom the delta is for (device names), "" for a full file
    changes: int = 0  # change records in the file
    rows: int = 0  # rows in the file
    size: int = 0
    reason: str = ""  # why a full file was written when a delta was asked for


def export_delta_file(
    store: Store,
    base: vectors.Vector,
    target: Path | None = None,
    folder: Path | None = None,
    *,
    reader: str = "",
    passphrase: str | None = None,
) -> Written:
    """A sync file of the rows and change records stamped past `base` (what the reader
    holds), with the base it assumes in its manifest. Written under a temporary name,
    flushed and renamed, like a full one; the live file is only read.

    passphrase (issue 22): the team's; the delta is written plain in the private folder
    and encrypted into place, as a full file is."""
    if target is None:
        target = (folder or Path.cwd()) / default_name(store)
    if not target.parent.is_dir():
        raise DatabaseError(f"The folder {target.parent} does not exist.")
    if passphrase is not None:
        cipher.check_passphrase(passphrase)
        written = export_delta_file(store, base, _private_copy(target), reader=reader)
        # 4 KB pages (LEGACY_CIPHER): a delta of a day's work is a page or two a table, and
        # TEAM_CIPHER's 64 KB pages would make it a megabyte (DESIGN §7: < 1 MB).
        _encrypt_into(written.path, target, passphrase, cipher.LEGACY_CIPHER)
        return replace(written, path=target, size=target.stat().st_size)
    temp = target.with_name(f".{target.name}.part")
    remove_stale_parts(target.parent)
    db = store.db
    attached = False
    try:
        temp.unlink(missing_ok=True)
        Path(str(temp) + "-journal").unlink(missing_ok=True)
        _empty_copy_of_schema(db, temp)
        # An encrypted database would write the plain delta with its own key (issue 22).
        attach = "ATTACH DATABASE ? AS delta" + (" KEY ''" if store.encrypted else "")
        db.execute_sql(attach, (str(temp),))
        attached = True
        with db.atomic():  # one read of the live file: the vector and the rows agree
            meta = dict(db.execute_sql("SELECT key, value FROM main.meta").fetchall())
            mine = vectors.with_clock(
                vectors.read_holds(db, "main"), meta.get("replica_id", ""), meta.get("clock")
            )
            base = {r: min(s, mine[r]) for r, s in base.items() if r in mine and s}
            db.execute_sql("DROP TABLE IF EXISTS temp.delta_base")
            db.execute_sql("CREATE TEMP TABLE delta_base (replica TEXT PRIMARY KEY, stamp TEXT)")
            for pair in base.items():
                db.execute_sql("INSERT INTO temp.delta_base VALUES (?, ?)", pair)
            # Stamps start with the wall clock: only what is past the oldest base entry
            # can be new to the reader (unless it lacks a replica altogether).
            floor = min(base.values()) if set(mine) <= set(base) else ""
            after = _after_rows(db, base)
            counts: dict[str, int] = {}
            for table, column in _STAMPED.items():
                db.execute_sql(
                    f'INSERT INTO delta."{table}" SELECT * FROM main."{table}" x '
                    f'WHERE x.rowid > ? AND x."{column}" > ? AND x."{column}" > '
                    "coalesce((SELECT b.stamp FROM temp.delta_base b WHERE b.replica = "
                    f"substr(x.\"{column}\", 21)), '')",
                    (after.get(table, 0), floor),
                )
                counts[table] = db.execute_sql(f'SELECT count(*) FROM delta."{table}"').fetchone()[
                    0
                ]
            db.execute_sql("INSERT INTO delta.peer SELECT * FROM main.peer")
            db.execute_sql("INSERT INTO delta.holds SELECT * FROM main.holds")
            for key in ("replica_id", "device_name", "clock", "horizon", "created_by"):
                if key in meta:
                    db.execute_sql(
                        "INSERT INTO delta.meta (key, value) VALUES (?, ?)", (key, meta[key])
                    )
            newest = max(mine.values(), default="")
            manifest = {
                "kind": "delta",
                "base": base,
                "holds": mine,
                "reader": reader,
                "format": FORMAT,
                "schema_version": SCHEMA_VERSION,
                "replica_id": meta.get("replica_id", ""),
                "device_name": meta.get("device_name", store.device_name),
                "clock": meta.get("clock") or store.clock.last,
                "horizon": max(meta.get("clock") or "", meta.get("horizon") or "", newest),
                "exported_at": clock.now().isoformat(),
                "rows": {t: n for t, n in counts.items() if t != "change"},
            }
            db.execute_sql(
                "INSERT INTO delta.meta (key, value) VALUES ('manifest', ?)",
                (json.dumps(manifest, ensure_ascii=False),),
            )
            db.execute_sql("DROP TABLE temp.delta_base")
        db.execute_sql("DETACH DATABASE delta")
        attached = False
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        install(temp, target)
    except (OSError, sqlite3.Error, PeeweeDatabaseError) as error:
        if attached:
            with contextlib.suppress(sqlite3.Error, PeeweeDatabaseError):
                db.execute_sql("DETACH DATABASE delta")
        temp.unlink(missing_ok=True)
        Path(str(temp) + "-journal").unlink(missing_ok=True)
        raise DatabaseError(f"Cannot write {target}: {reason(error)}.") from None
    return Written(
        target,
        True,
        reader,
        counts["change"],
        sum(n for t, n in counts.items() if t != "change"),
        target.stat().st_size,
    )


def _complete_vector(copy: Path, passphrase: str | None = None) -> None:
    """A file of a pre-release schema 6 opened read-only has no holds table yet: its
    snapshot gets it, read from its rows (the snapshot is ours to change)."""
    db = _file_db(copy, passphrase)
    try:
        migrations.complete_v5(db)  # which completes schema 6's vector too
    finally:
        db.close()


def has_vector(store: Store) -> bool:
    """Whether the open file keeps its version vector (not a read-only pre-release file)."""
    columns = {r[1] for r in store.db.execute_sql("PRAGMA main.table_info(peer)").fetchall()}
    return "holds" in columns and bool(
        store.db.execute_sql("PRAGMA main.table_info(holds)").fetchall()
    )


def _empty_copy_of_schema(db: SqliteDatabase, target: Path) -> None:
    """A new SalesDesk file with the live file's tables and no rows. Without the indexes
    (a page each, even empty): a merge looks rows of the file up by id and rowid only."""
    objects = db.execute_sql(
        "SELECT type, sql FROM main.sqlite_master WHERE type = 'table' AND sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' AND name != ? ORDER BY rowid",
        (tracking.TABLE,),  # the live file's own list of written rows (issue 23)
    ).fetchall()
    con = sqlite3.connect(target)
    try:
        # Small pages: each table takes at least one (and its key's index another).
        con.execute("PRAGMA page_size = 1024")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        for _, sql in objects:
            con.execute(sql)
        con.commit()
    finally:
        con.close()


def _export_encrypted(
    store: Store, target: Path | None, folder: Path | None, passphrase: str
) -> Path:
    cipher.check_passphrase(passphrase)
    if target is None:
        target = (folder or Path.cwd()) / default_name(store)
    if not target.parent.is_dir():
        raise DatabaseError(f"The folder {target.parent} does not exist.")
    plain = _private_copy(target)
    try:
        plain.unlink(missing_ok=True)
        _write_snapshot(store, plain, None)  # a scratch copy: not flushed, never renamed
    except (OSError, *cipher.errors()) as error:
        plain.unlink(missing_ok=True)
        raise DatabaseError(f"Cannot write {target}: {reason(error)}.") from None
    _encrypt_into(plain, target, passphrase)
    return target


def _private_copy(target: Path) -> Path:
    """Where a sync file is written plain before it is encrypted: the private folder."""
    from salesdesk.models.private import private_dir

    return private_dir() / f"{os.getpid()}-{target.name}"


def _encrypt_into(
    plain: Path, target: Path, passphrase: str, settings: cipher.Settings | None = None
) -> None:
    """The plain sync file encrypted with the team passphrase into place; the plain one goes.
    Its tables only: the reader needs no secondary index (cipher.tables_into), and checks
    the file whole before it merges it. settings: its SQLCipher settings (None: by its size)."""
    temp = target.with_name(f".{target.name}.part")
    try:
        temp.unlink(missing_ok=True)
        chosen = cipher.team_cipher_for(plain.stat().st_size) if settings is None else settings
        with _flushing(temp):
            cipher.copy_tables(plain, None, temp, passphrase, chosen)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        install(temp, target)
    except (OSError, *cipher.errors()) as error:
        temp.unlink(missing_ok=True)
        raise DatabaseError(f"Cannot write {target}: {reason(error)}.") from None
    finally:
        plain.unlink(missing_ok=True)


def install(temp: Path, target: Path) -> None:
    """os.replace(temp, target), without waiting for the file it replaces to be freed.

    The old file stays open here across the rename, so the rename only unlinks its name,
    and its blocks are freed when a thread closes it after: at 100,000 cards a 484 MB file,
    0.1-0.2 s of the export spent in os.replace. The real name never goes missing, and a
    crash leaves nothing behind (an unlinked open file is freed when the process ends).
    Windows cannot rename over an open file: there it is os.replace alone, and so it is
    wherever the rename over the open file is refused (a network share)."""
    held = -1
    if os.name != "nt":
        with contextlib.suppress(OSError):  # no old file: nothing to free
            # Not blocking, whatever the name is now (a pipe's open would wait for a writer).
            held = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        try:
            os.replace(temp, target)
        except OSError:
            if held < 0:
                raise
            os.close(held)
            held = -1
            os.replace(temp, target)
    finally:
        if held >= 0:
            # Not a daemon: a process that exits right after (the CLI) frees it first.
            threading.Thread(target=os.close, args=(held,), name="salesdesk-free").start()


FLUSH_EVERY = 0.2


@contextlib.contextmanager
def _flushing(path: Path) -> Iterator[None]:
    """While a new file is written at path, what is written of it so far goes to the disk
    every FLUSH_EVERY seconds, on a thread: the caller's os.fsync before the rename then
    waits for the last part only (at 100,000 cards 484 MB, 0.16 s on a quiet machine
    here), the disk having written the rest while the processor made it. Only a head
    start: the caller still flushes the file itself before its rename."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_flush_until, args=(path, stop), name="salesdesk-flush", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _flush_until(path: Path, stop: threading.Event) -> None:
    flush = getattr(os, "fdatasync", os.fsync)
    fd = -1
    try:
        while not stop.wait(FLUSH_EVERY):
            try:
                if fd < 0:
                    fd = os.open(path, os.O_RDONLY)
                flush(fd)
            except OSError:  # not made yet, or a read-only handle cannot be flushed here
                continue
    finally:
        if fd >= 0:
            os.close(fd)


def remove_stale_parts(folder: Path) -> None:
    """Half-written sync files of runs that were killed (an hour old: not being written)."""
    import time

    try:
        entries = list(folder.glob(f".*{SUFFIX}.part*"))
    except OSError:
        return
    for entry in entries:
        try:
            if time.time() - entry.stat().st_mtime > 3600:
                entry.unlink()
        except OSError:
            pass


def _decrypt_incoming(source: Path, copy: Path, passphrase: str | None) -> None:
    if passphrase is None:
        raise cipher.PassphraseNeeded(
            f"{source} is an encrypted sync file: give the team passphrase to merge it (in the "
            "window: Preferences > Privacy > Set the team passphrase; on the command line: "
            "--team-passphrase-env NAME)."
        )
    try:
        cipher.decrypted_scratch(source, passphrase, copy)  # quick_check follows
    except cipher.WrongPassphrase:
        raise DatabaseError(
            f"{source} was encrypted with another team passphrase (or is damaged); "
            "nothing was merged."
        ) from None
    except (*cipher.errors(), DatabaseError, MemoryError) as error:
        # SQLCipher reports a page that fails its HMAC as SQLITE_NOMEM (MemoryError).
        said = (str(error).splitlines() or [""])[0][:120]
        raise DatabaseError(f"{source} is damaged ({said}); nothing was merged.") from None


def _check_length(copy: Path, source: Path) -> None:
    """A file cut short (a copy to a USB stick pulled out early): SQLite would read the
    missing bytes as zeros, so its length is checked against its own header first."""
    with copy.open("rb") as handle:
        header = handle.read(100)
    size = copy.stat().st_size
    if len(header) < 100:
        raise DatabaseError(f"{source} is damaged: it is cut short.")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_count = header[24:28] == header[92:96] and pages > 0
    if page_size < 512 or size % page_size or (valid_count and pages * page_size != size):
        raise DatabaseError(f"{source} is damaged: it is cut short or has bytes added.")


@dataclass(frozen=True)
class Incoming:
    """A checked copy of a file to merge, at the current schema."""

    path: Path  # the copy, in a scratch folder
    source: Path
    replica_id: str
    device_name: str
    manifest: dict[str, Any]
    meta: dict[str, str]
    # The key of the team passphrase the copy is encrypted with (issue 22): SQLCipher's raw
    # key for it (cipher.file_key), which attaches it with no key derivation; None: plain.
    key: str | None = None
    # The SQLCipher settings that open it (cipher.team_settings()), for whoever attaches it.
    settings: cipher.Settings = ()

    def clock_ms(self) -> int | None:
        """The newest stamp the file says it holds (its clock, or what it took in)."""
        walls = [
            stamp_wall(str(value))
            for value in (
                self.manifest.get("clock"),
                self.manifest.get("horizon"),
                self.meta.get("clock"),
                self.meta.get("horizon"),
            )
            if value
        ]
        found = [w for w in walls if w is not None]
        return max(found) if found else None

    def wall_clock_ms(self) -> int | None:
        """What the exporting laptop's wall clock said when it wrote the file."""
        exported = self.manifest.get("exported_at")
        if isinstance(exported, str):
            try:
                return int(datetime.fromisoformat(exported).timestamp() * 1000)
            except ValueError:
                return None
        return None

    def own_clock_ms(self) -> int | None:
        """The exporting laptop's own clock (not the stamps it took in from others); None
        while it has stamped nothing (a new laptop's first file: its clock reads 0)."""
        wall = stamp_wall(str(self.manifest.get("clock") or self.meta.get("clock") or ""))
        return wall or None


def prepare_incoming(
    source: Path, scratch: Path, passphrase: str | None = None, *, keep_encrypted: bool = False
) -> Incoming:
    """Copy the file aside and check it: integrity, SalesDesk's id, schema (older is lifted).

    A file encrypted with the team passphrase (issue 22) is copied as it is and checked
    through SQLCipher when keep_encrypted (the live database is encrypted, and its
    connection attaches the copy with the key): no plain copy is written, and the check
    reads it once. A plain database's connection cannot read an encrypted file, so it
    gets a copy decrypted into the private scratch folder, checked like any other.
    """
    if not source.exists():
        raise DatabaseError(f"{source} does not exist.")
    if source.is_dir():
        raise DatabaseError(f"{source} is a folder, not a sync file.")
    refuse_special_file(source)
    copy = scratch / "incoming.db"
    key = None
    if cipher.looks_encrypted(source):
        if passphrase is None:
            raise cipher.PassphraseNeeded(
                f"{source} is an encrypted sync file: give the team passphrase to merge it (in the "
                "window: Preferences > Privacy > Set the team passphrase; on the command line: "
                "--team-passphrase-env NAME)."
            )
        if keep_encrypted:
            _copy_incoming(source, copy)
            key = passphrase
        else:
            _decrypt_incoming(source, copy, passphrase)
    else:
        check_file(source)
        _copy_incoming(source, copy)
    for suffix in ("-journal", "-wal"):  # a hot journal beside the source is not ours to replay
        Path(str(copy) + suffix).unlink(missing_ok=True)
    if key is None:
        _check_length(copy, source)
        db = _file_db(copy, None)
        settings: cipher.Settings = ()
    else:
        # The copy's raw key: trying the team settings, then the defaults, then attaching
        # the copy to merge it cost one key derivation, not one each (cipher.file_key).
        key = cipher.file_key(key, copy)
        db, settings = _open_team_copy(copy, source, key)
    try:
        return replace(_check_incoming(db, copy, source, key), settings=settings)
    finally:
        db.close()


def _open_team_copy(copy: Path, source: Path, key: str) -> tuple[SqliteDatabase, cipher.Settings]:
    """The peewee database over an encrypted copy, under the first of the team settings
    that opens it (cipher.team_settings()); refused with one message when none does."""
    for settings in cipher.team_settings(copy):
        db = _file_db(copy, key, settings)
        try:
            cipher.verify_key(db.connection(), source)
        except cipher.WrongPassphrase:
            db.close()
            continue
        except BaseException:
            db.close()
            raise
        return db, settings
    raise DatabaseError(
        f"{source} was encrypted with another team passphrase (or is damaged); nothing was merged."
    )


def _copy_incoming(source: Path, copy: Path) -> None:
    try:
        shutil.copyfile(source, copy)
    except OSError as error:
        raise DatabaseError(f"Cannot read {source}: {error.strerror or error}.") from None


def _file_db(path: Path, key: str | None, settings: cipher.Settings = ()) -> SqliteDatabase:
    """A peewee database over a file of ours (a snapshot or an incoming copy), keyed when
    it is encrypted, with its SQLCipher settings (set after the key, before any read)."""
    if key is None:
        return SqliteDatabase(str(path))
    from salesdesk.models.store import _cipher_database

    db: SqliteDatabase = _cipher_database()(str(path), passphrase=key, pragmas=list(settings))
    return db


def _lenient(raw: bytes) -> str:
    # A damaged page can hold bytes that are not UTF-8, and quick_check quotes them.
    return raw.decode("utf-8", "replace")


def _check_incoming(db: SqliteDatabase, copy: Path, source: Path, key: str | None) -> Incoming:
    """The checks of prepare_incoming on the copy, through one connection (an encrypted
    copy pays its key derivation once)."""
    failed: tuple[type[BaseException], ...] = (
        *cipher.errors(),
        PeeweeDatabaseError,
        UnicodeDecodeError,
    )
    if key is not None:
        # SQLCipher reports a page that fails its HMAC (a damaged or altered file) as
        # SQLITE_NOMEM, which the driver raises as MemoryError.
        failed = (*failed, MemoryError)
    try:
        con = db.connection()
        if key is not None:
            try:
                cipher.verify_key(con, source)
            except cipher.WrongPassphrase:
                raise DatabaseError(
                    f"{source} was encrypted with another team passphrase (or is damaged); "
                    "nothing was merged."
                ) from None
            _check_pages(con, copy, source)
        con.text_factory = _lenient
        try:
            # quick_check: every page and record is read and checked, but not each
            # index against its table: 4x faster on a 600 MB file. Encrypted, each page
            # read is checked against its HMAC too.
            integrity = con.execute("PRAGMA quick_check").fetchone()[0]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.text_factory = str
    except failed as error:
        said = (str(error).splitlines() or [""])[0][:120]
        fault = _page_fault(copy, key) if key is not None else None
        if fault is not None:
            # A page fails its HMAC: SQLCipher's error says nothing of it (MemoryError, or
            # "SQL logic error"), the page check names it, as for a plain live file.
            raise DatabaseError(f"{source} is damaged ({fault}); nothing was merged.") from None
        raise DatabaseError(f"{source} is damaged or not a database ({said or '?'}).") from None
    if integrity != "ok":
        # SQLite lists every bad page, over many lines: one line, the first fault, is enough.
        lines = [x for x in str(integrity).splitlines() if x.strip() and not x.startswith("***")]
        first = (lines[0] if lines else str(integrity))[:120]
        raise DatabaseError(f"{source} is damaged ({first}); nothing was merged.")
    if app_id != APPLICATION_ID:
        raise DatabaseError(f"{source} is not a SalesDesk file.")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{source} comes from a newer SalesDesk (schema {version}): "
            "update SalesDesk on this computer, then merge again."
        )
    if version < SCHEMA_VERSION:
        try:
            for target in range(version + 1, SCHEMA_VERSION + 1):
                with db.atomic():
                    # A copy read once by the merge: its tables, not the indexes it never reads.
                    migrations.MIGRATIONS[target](migrations.without_indexes(db))
                    db.execute_sql(f"PRAGMA user_version = {target}")
        except failed as error:
            said = (str(error).splitlines() or [""])[0][:120]
            raise DatabaseError(f"{source} is not a complete SalesDesk file ({said}).") from None
    else:
        with contextlib.suppress(*failed):  # a missing table is said below, by name
            migrations.complete_v5(db, indexes=False)
    try:
        con = db.connection()
        con.text_factory = _lenient
        require_tables(con, str(source))
        meta = {str(k): str(v) for k, v in con.execute("SELECT key, value FROM meta").fetchall()}
    except failed as error:
        said = (str(error).splitlines() or [""])[0][:120]
        raise DatabaseError(f"{source} is not a complete SalesDesk file ({said}).") from None
    try:
        manifest = json.loads(meta.get("manifest", "{}") or "{}")
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        manifest = None
    if not isinstance(manifest, dict):
        raise DatabaseError(
            f"{source} is damaged or was altered (its manifest); nothing was merged."
        )
    return Incoming(
        copy,
        source,
        str(meta.get("replica_id", "")),
        str(meta.get("device_name", "")),
        manifest,
        meta,
        key,
    )


def _page_fault(copy: Path, key: str) -> str | None:
    """The first page of an encrypted copy that fails its HMAC, said as SQLCipher says it
    ("HMAC verification failed for page 53"); None when every page passes. Read only after
    the copy failed to open or check: the page check reads the whole file once more."""
    try:
        con = cipher.connect_team(copy, key, isolation_level=None)
    except Exception:
        return None
    try:
        faults = con.execute("PRAGMA cipher_integrity_check").fetchall()
    except Exception:
        return None
    finally:
        con.close()
    return str(faults[0][0]).splitlines()[0][:120] if faults else None


def _check_pages(con: Any, copy: Path, source: Path) -> None:
    """An encrypted copy cut short or with bytes added (its header is not readable before
    the key is): its length must be the pages its first page says it has."""
    page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
    pages = int(con.execute("PRAGMA page_count").fetchone()[0])
    size = copy.stat().st_size
    if page_size < 512 or size % page_size or pages * page_size != size:
        raise DatabaseError(f"{source} is damaged: it is cut short or has bytes added.")
