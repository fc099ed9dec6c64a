"""Backups of the live database: consistent snapshots, thinned by age, restorable.

A backup is taken before every import, merge and schema migration, and once
a day; old ones are thinned to 7 daily, 4 weekly and 12 monthly (the
newest of each day, week and month is kept). Named
`<db stem>-<YYYYmmdd-HHMMSS>-<reason>.db` in the user's backup folder.
The backup before a merge is a differential one where it can be (issue 23): the rows
written since this file's newest full backup, `...-before-merge~<that backup>.db`; it
restores to the same file (the full one copied, the rows applied, the result checked).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from salesdesk.models import cipher, clock, private
from salesdesk.models.lock import DatabaseLock
from salesdesk.models.paths import backup_dir, data_dir

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
# A differential backup names its base after a "~": <stem>-<when>-<reason>~<base's when and
# reason>.db, so thinning keeps the base of a kept differential without opening either.
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<when>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[\w-]+?)"
    r"(?:~(?P<base>\d{8}-\d{6}(?:-\d+)?-[\w-]+))?\.db$"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str
    size: int
    # A differential backup: the full backup it applies to (restoring copies that one,
    # then applies this one's rows).
    base: Path | None = None


_SAME: Any = object()


def snapshot(db: SqliteDatabase, target: Path, *, passphrase: Any = _SAME) -> Path:
    """Write a consistent copy of the open database to target (which must not exist yet).

    The file's own bytes copied by a child process under this connection's read lock
    (_copy_bytes): a consistent snapshot like the backup API's, at three times its speed
    (a 750 MB book 0.3-0.5 s against 0.9-1.8 s); SQLite's backup API where that cannot be
    done, itself twice VACUUM INTO's speed since nothing is rebuilt. Never a raw copy of
    the live file from this process (DESIGN §4): closing another descriptor of it would
    drop the locks SQLite holds on it here. The copy is written without a journal
    or syncs of its own: it has a temporary name until the caller has flushed
    it once and renamed it. Not inside a write of this connection (the backup
    would wait on it for ever).

    An encrypted database's copy is encrypted with the same passphrase (issue 22):
    its bytes are copied the same way (the backup API would decrypt and re-encrypt
    every page); `passphrase` asks for another one ("" or None: plain, as a sync
    file is), which SQLCipher's backup API cannot do, so that copy is rebuilt by
    sqlcipher_export().
    The copy is created owner-only (0600).
    """
    connection = db.connection()
    if connection.in_transaction:
        raise RuntimeError("snapshot() inside a write transaction")
    target.parent.mkdir(parents=True, exist_ok=True)
    own = cipher.passphrase_of(db)
    wanted = own if passphrase is _SAME else (passphrase or None)
    if own is not None and wanted != own:
        cipher.export_into(connection, target, wanted)
        return target
    cipher.create_private(target)
    if wanted == own and _copy_bytes(connection, target, own):
        return target
    copy = cipher.connect(target, wanted)
    try:
        copy.execute("PRAGMA journal_mode = OFF")
        copy.execute("PRAGMA synchronous = OFF")
        connection.backup(copy)
    finally:
        copy.close()
    return target


class _NotTheSame(Exception):
    """The copied bytes are not the file the read transaction saw."""


def _copy_bytes(connection: Any, target: Path, key: str | None) -> bool:
    """The file's own bytes copied under a read transaction (key: its passphrase, None
    for a plain file).

    SQLite's backup API between two SQLCipher files with the same key decrypts and
    re-encrypts every page (3.8 s at 20,000 cards under load, against 0.5 s plain, issue
    22), and even between plain files it copies page by page through the page cache
    (0.9-1.8 s for 750 MB, against 0.3-0.5 s for cp): the pages on disk are already
    what the backup must hold. The live file keeps a
    rollback journal (DESIGN §4), so while this connection holds its read lock no
    writer can change the file: the bytes copied then are one committed state, the
    same consistent snapshot the backup API would give. The copy is made by a child
    process: closing a second descriptor of the file in this one would drop the
    locks SQLite holds on it (POSIX). It is then opened with the key and its page
    count checked. False (and target left empty) where this cannot be done: a WAL
    file, no `cp`, a copy that does not check; the caller then uses the backup API.
    """
    source = _main_file(connection)
    copier = shutil.which("cp") if os.name != "nt" else None
    if source is None or (copier is None and os.name != "nt"):
        return False
    mode = connection.execute("PRAGMA main.journal_mode").fetchone()[0]
    if str(mode).lower() == "wal":
        return False
    connection.execute("BEGIN")
    try:
        # The first read takes the shared lock and is answered from the file as it is.
        pages = int(connection.execute("PRAGMA main.page_count").fetchone()[0])
        page_size = int(connection.execute("PRAGMA main.page_size").fetchone()[0])
        connection.execute("SELECT count(*) FROM main.sqlite_master").fetchone()
        try:
            if copier is not None:
                subprocess.run(
                    [copier, str(source), str(target)],
                    check=True,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            else:  # Windows: locks belong to a handle, another handle may read and close
                shutil.copyfile(source, target)
        except (OSError, subprocess.CalledProcessError):
            _empty(target)
            return False
    finally:
        connection.execute("COMMIT")
    try:
        if target.stat().st_size != pages * page_size:
            raise _NotTheSame
        copy = cipher.connect(target, key)
        try:
            cipher.verify_key(copy, target)
            copied = int(copy.execute("PRAGMA page_count").fetchone()[0])
        finally:
            copy.close()
        if copied != pages:
            raise _NotTheSame
    except (OSError, _NotTheSame, cipher.WrongPassphrase, *cipher.errors()):
        _empty(target)
        return False
    return True


def _main_file(connection: Any) -> Path | None:
    for _seq, name, file in connection.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None


def _empty(target: Path) -> None:
    """Back to the empty owner-only file the backup API can fill."""
    with suppress(OSError):
        Path(str(target) + "-journal").unlink(missing_ok=True)
        with target.open("r+b") as handle:
            handle.truncate(0)


def _target(path: Path, reason: str, folder: Path | None = None, base: Path | None = None) -> Path:
    folder = folder or backup_dir()
    try:  # only the user opens the backups folder (issue 22)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        private.owner_only(folder, 0o700)
    except OSError:
        pass  # said by the write that follows
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    on = "~" + base.name[len(path.stem) + 1 : -len(".db")] if base is not None else ""
    # Two in one second, whatever their reasons: the second is "-2-", so the newest sorts
    # first (a merge's differential right after the daily backup it builds on).
    taken: set[int] = set()
    with suppress(OSError):
        for entry in folder.iterdir():
            match = _NAME.match(entry.name.removesuffix(".part"))
            if match and match["stem"] == path.stem and match["when"] == stamp:
                taken.add(int(match["n"] or 1))
    counter = 1
    while counter in taken:
        counter += 1
    number = f"-{counter}" if counter > 1 else ""
    return folder / f"{path.stem}-{stamp}{number}-{reason}{on}.db"


def backup_database(
    db: SqliteDatabase, path: Path, *, reason: str, differential: bool = False
) -> Path:
    """A consistent copy under a temporary name, flushed, then renamed into the backups.

    differential (a merge's backup, issue 23): where this file's newest full backup can be
    its base, only the rows written since it (models.tracking), else a full one. The user sees
    one backup either way; restoring it gives the same file."""
    if differential:
        made = _differential(db, path, reason)
        if made is not None:
            return made
    target = _target(path, reason)
    temp = target.with_name(target.name + ".part")
    temp.unlink(missing_ok=True)
    snapshot(db, temp)
    mark = _put_mark(temp, cipher.passphrase_of(db))
    with temp.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, target)
    if mark is not None:
        _remember_mark(target, mark)
    return target


# -- differential backups (issue 23) ---------------------------------------------------
# A merge of a day's delta into a 100,000-card book took 14-19 s under load, nearly all of
# it the full backup before it (a 740 MB page copy). A differential holds the rows noted
# since the newest full backup (models.tracking): their values now, and the keys of those
# that are gone. It is a small SQLite file beside the full backups (encrypted with the
# live file's key like them), with the live file's tables and two of its own.
DIFF_INFO = "backup_diff"  # key/value: the base, its mark, what the live file was
DIFF_KEYS = "backup_diff_touched"  # (tbl, key) of every row noted: deleted, then put back
# More rows than this since the full backup (a merge of a whole book): a full one again.
DIFF_MAX_NOTES = 250_000
_ATTACHED = "sd_diff"
_BASES_LOOKED_AT = 6
_MARKS: dict[str, tuple[float, int, dict[str, Any]]] = {}


def _put_mark(copy: Path, key: str | None) -> dict[str, Any] | None:
    """Into a new full backup (not yet renamed): what it holds of the tracking list, read
    from itself. Nothing is written into the live file (a refused merge leaves it byte
    for byte as it was). None for a file without the list (no differential builds on it)."""
    from salesdesk.models import tracking

    con = cipher.connect(copy, key)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        if not con.execute(f"PRAGMA table_info({tracking.TABLE})").fetchall():
            return None
        replica = con.execute("SELECT value FROM meta WHERE key = 'replica_id'").fetchone()
        mark = {
            "seq": tracking.newest(con),
            "epoch": tracking.epoch(con),
            "schema": tracking.schema_digest(con),
            "replica": str(replica[0]) if replica else "",
        }
        with con:
            con.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (tracking.MARK_KEY, json.dumps(mark)),
            )
        return mark
    finally:
        con.close()


def _remember_mark(backup: Path, mark: dict[str, Any]) -> None:
    try:
        info = backup.stat()
    except OSError:
        return
    _MARKS[str(backup)] = (info.st_mtime, info.st_size, mark)


def _mark_of(backup: Path, key: str | None) -> dict[str, Any] | None:
    """The mark a full backup was given (read once per version of the file)."""
    from salesdesk.models import tracking

    try:
        info = backup.stat()
    except OSError:
        return None
    known = _MARKS.get(str(backup))
    if known is not None and known[:2] == (info.st_mtime, info.st_size):
        return known[2]
    try:
        con = cipher.connect(backup.resolve().as_uri() + "?mode=ro", key, uri=True)
        try:
            row = con.execute(
                "SELECT value FROM meta WHERE key = ?", (tracking.MARK_KEY,)
            ).fetchone()
        finally:
            con.close()
        mark = json.loads(row[0]) if row and row[0] else None
    except (*cipher.errors(), ValueError):
        return None
    if not isinstance(mark, dict):
        return None
    _MARKS[str(backup)] = (info.st_mtime, info.st_size, mark)
    return mark


def usable_base(db: SqliteDatabase, path: Path) -> tuple[Backup, dict[str, Any]] | None:
    """The newest full backup, when the live file's list holds every row written since it
    (same replica, epoch and tables, the triggers all there); else None (a full one)."""
    from salesdesk.models import tracking

    key = cipher.passphrase_of(db)
    row = db.execute_sql("SELECT value FROM main.meta WHERE key = 'replica_id'").fetchone()
    replica = str(row[0]) if row and row[0] else ""
    # Two files named alike share a backups folder: this file's newest full backup is the
    # newest one of its replica id (a copy of a file writes under an id of its own).
    found: tuple[Backup, dict[str, Any]] | None = None
    for backup in [b for b in backups(path) if b.base is None][:_BASES_LOOKED_AT]:
        mark = (
            _mark_of(backup.path, key)
            if cipher.looks_encrypted(backup.path) == (key is not None)
            else None
        )
        if mark is not None and mark.get("replica") == replica:
            found = (backup, mark)
            break
    if found is None or not replica:
        return None
    mark = found[1]
    if (
        not mark.get("epoch")
        or mark.get("epoch") != tracking.epoch(db)
        or mark.get("schema") != tracking.schema_digest(db)
        or not isinstance(mark.get("seq"), int)
        or tracking.newest(db) < mark["seq"]
        or not tracking.complete(db)
    ):
        return None
    return found


def _differential(db: SqliteDatabase, path: Path, reason: str) -> Path | None:
    """A differential backup against the newest full one; None where it cannot be one."""
    from salesdesk.models import tracking

    connection = db.connection()
    if connection.in_transaction:
        raise RuntimeError("a backup inside a write transaction")
    found = usable_base(db, path)
    if found is None:
        return None
    base, mark = found
    since = int(mark["seq"])
    notes = db.execute_sql(
        f'SELECT count(*) FROM main."{tracking.TABLE}" WHERE seq > ?', (since,)
    ).fetchone()[0]
    if notes > DIFF_MAX_NOTES:
        return None
    key = cipher.passphrase_of(db)
    target = _target(path, reason, base=base.path)
    temp = target.with_name(target.name + ".part")
    temp.unlink(missing_ok=True)
    cipher.create_private(temp)
    try:
        if key is None:
            connection.execute("ATTACH DATABASE ? AS sd_diff", (str(temp),))
        else:
            cipher.attach(connection, temp, _ATTACHED, key)
        try:
            if key is None:  # a page a table, and a day's work is a few rows of each
                connection.execute(f"PRAGMA {_ATTACHED}.page_size = 1024")
            connection.execute(f"PRAGMA {_ATTACHED}.journal_mode = OFF")
            connection.execute(f"PRAGMA {_ATTACHED}.synchronous = OFF")
            connection.execute("BEGIN")
            try:
                _fill_differential(connection, since, base, mark)
                connection.execute("COMMIT")
            except BaseException:
                with suppress(*cipher.errors()):
                    connection.execute("ROLLBACK")
                raise
        finally:
            connection.execute(f"DETACH DATABASE {_ATTACHED}")
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def _fill_differential(con: Any, since: int, base: Backup, mark: dict[str, Any]) -> None:
    """In one read transaction of the live file: its tables, the noted rows as they are
    now, every noted key, and what the differential applies to."""
    from salesdesk.models import tracking

    d = _ATTACHED
    con.execute(f'CREATE TABLE {d}."{DIFF_INFO}" (key TEXT PRIMARY KEY, value TEXT)')
    con.execute(f'CREATE TABLE {d}."{DIFF_KEYS}" (tbl TEXT NOT NULL, key TEXT, '
                "PRIMARY KEY (tbl, key))")  # fmt: skip
    con.execute(
        f'INSERT OR IGNORE INTO {d}."{DIFF_KEYS}" (tbl, key) '
        f'SELECT tbl, key FROM main."{tracking.TABLE}" WHERE seq > ?',
        (since,),
    )
    definitions = dict(
        con.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table'").fetchall()
    )
    for table, key in tracking.tables(con):
        sql = str(definitions[table])
        con.execute(f"CREATE TABLE {d}.{sql[len('CREATE TABLE ') :]}")
        if key == "rowid":
            continue  # no table of ours lacks a key of one column
        con.execute(
            f'INSERT INTO {d}."{table}" SELECT * FROM main."{table}" WHERE "{key}" IN '
            f'(SELECT key FROM {d}."{DIFF_KEYS}" WHERE tbl = ?)',
            (table,),
        )
    meta = dict(
        con.execute(
            "SELECT key, value FROM main.meta WHERE key IN ('replica_id', 'clock')"
        ).fetchall()
    )
    info = {
        "base": base.path.name,
        "base_mark": json.dumps(mark, sort_keys=True),
        "upto": str(tracking.newest(con)),
        "replica_id": str(meta.get("replica_id") or ""),
        "clock": str(meta.get("clock") or ""),
        "user_version": str(con.execute("PRAGMA main.user_version").fetchone()[0]),
    }
    con.executemany(f'INSERT INTO {d}."{DIFF_INFO}" (key, value) VALUES (?, ?)', info.items())


def forget_backed_up(db: SqliteDatabase, path: Path) -> None:
    """Inside a write (a merge's): drop the notes the newest full backup already holds."""
    from salesdesk.models import tracking

    found = usable_base(db, path)
    if found is not None:
        tracking.forget_before(db, int(found[1]["seq"]))


def differential_info(backup: Path, key: str | None) -> dict[str, str]:
    """What a differential backup says of itself (its base, the live file it was of)."""
    con = cipher.connect(backup.resolve().as_uri() + "?mode=ro", key, uri=True)
    try:
        rows = con.execute(f'SELECT key, value FROM "{DIFF_INFO}"').fetchall()
    finally:
        con.close()
    return {str(k): str(v) for k, v in rows}


def materialize(
    differential: Path,
    target: Path,
    key: str | None,
    report: Callable[[int], None] | None = None,
) -> None:
    """Restoring a differential: its base copied to target (which must not exist), its rows
    applied, the result checked. OSError, saying why, when it cannot be done (the base
    missing or not the one it was taken against, a damaged file); target is then removed."""
    from salesdesk.models import tracking

    match = _NAME.match(differential.name)
    if match is None or not match["base"]:
        raise OSError(f"{differential.name} is not a backup of this program.")
    base = differential.with_name(f"{match['stem']}-{match['base']}.db")
    if not base.exists():
        raise OSError(
            f"{differential.name} needs the full backup {base.name}, which is missing; "
            "it was not restored."
        )
    try:
        check = cipher.connect(differential, key)
        try:
            cipher.verify_key(check, differential)
            ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            info = {
                str(k): str(v)
                for k, v in check.execute(f'SELECT key, value FROM "{DIFF_INFO}"').fetchall()
            }
        finally:
            check.close()
    except cipher.WrongPassphrase:
        raise OSError(
            f"{differential.name} was encrypted with another passphrase; it was not restored."
        ) from None
    except cipher.errors():
        ok, info = False, {}
    if not ok or info.get("base") != base.name:
        raise OSError(f"{differential.name} is damaged; it was not restored.")
    cipher.create_private(target)
    try:
        copied = 0
        with base.open("rb") as reader, target.open("wb") as writer:
            while chunk := reader.read(_COPY_CHUNK):
                writer.write(chunk)
                copied += len(chunk)
                if report is not None:
                    report(copied)
        con = cipher.connect(target, key)
        try:
            cipher.verify_key(con, target)
            row = con.execute(
                "SELECT value FROM meta WHERE key = ?", (tracking.MARK_KEY,)
            ).fetchone()
            held = json.loads(row[0]) if row and row[0] else None
            if held != json.loads(info.get("base_mark", "null")):
                raise OSError(
                    f"{base.name} is not the backup {differential.name} was taken against; "
                    "it was not restored."
                )
            if key is None:
                con.execute("ATTACH DATABASE ? AS sd_diff", (str(differential),))
            else:
                cipher.attach(con, differential, _ATTACHED, key)
            try:
                con.execute("BEGIN")
                _apply_differential(con)
                con.execute("COMMIT")
            finally:
                con.execute(f"DETACH DATABASE {_ATTACHED}")
            if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise OSError(f"{differential.name} is damaged; it was not restored.")
        finally:
            con.close()
        with target.open("rb+") as handle:
            os.fsync(handle.fileno())
    except (cipher.WrongPassphrase, _NotTheSame, *cipher.errors()):
        target.unlink(missing_ok=True)
        raise OSError(f"{differential.name} is damaged; it was not restored.") from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _apply_differential(con: Any) -> None:
    """Each noted row of the base removed and put back as the differential holds it (rows
    that are gone stay removed). The tables must be the same, column for column."""
    from salesdesk.models import tracking

    d = _ATTACHED
    held = [(t, k) for t, k in tracking.tables(con, d) if t not in (DIFF_INFO, DIFF_KEYS)]
    if sorted(held) != sorted(tracking.tables(con)):
        raise _NotTheSame
    for table, key in held:
        mine = [r[1] for r in con.execute(f'PRAGMA main.table_info("{table}")')]
        theirs = [r[1] for r in con.execute(f'PRAGMA {d}.table_info("{table}")')]
        if mine != theirs or key == "rowid":
            raise _NotTheSame
        con.execute(
            f'DELETE FROM main."{table}" WHERE "{key}" IN '
            f'(SELECT key FROM {d}."{DIFF_KEYS}" WHERE tbl = ?)',
            (table,),
        )
        con.execute(f'INSERT INTO main."{table}" SELECT * FROM {d}."{table}"')
    con.execute("DELETE FROM main.meta WHERE key = ?", (tracking.MARK_KEY,))


def backups(db_path: Path, folder: Path | None = None) -> list[Backup]:
    """This database's backups, newest first."""
    folder = folder or backup_dir()
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match or match["stem"] != db_path.stem:
            continue
        taken = datetime.strptime(match["when"], "%Y%m%d-%H%M%S")
        base = folder / f"{match['stem']}-{match['base']}.db" if match["base"] else None
        found.append(Backup(entry, taken, match["reason"], entry.stat().st_size, base))
    # Two in one second: the second is named "-2-" (the order they were taken in).
    return sorted(found, key=lambda b: (b.taken, _number(b.path), b.path.name), reverse=True)


def _number(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match["n"]) if match and match["n"] else 1


def daily_backup(db: SqliteDatabase, path: Path) -> Path | None:
    """Once a day: a backup if none was taken today, then thin the old ones."""
    today = clock.now().date()
    # A merge's differential is no day's full backup: the next differentials build on this.
    if any(b.taken.date() == today and b.base is None for b in backups(path)):
        return None
    made = backup_database(db, path, reason="daily")
    thin(path)
    return made


def thin(db_path: Path, folder: Path | None = None) -> list[Path]:
    """Keep the newest backup of each of the last 7 days, 4 weeks and 12 months; remove the rest."""
    every = backups(db_path, folder)
    # Everything of the last day stays, so a bad merge this morning can still be undone.
    recent = clock.now() - timedelta(days=1)
    keep: set[Path] = {b.path for b in every if b.taken >= recent}
    for key, count in (
        (lambda b: b.taken.date(), KEEP_DAILY),
        (lambda b: b.taken.isocalendar()[:2], KEEP_WEEKLY),
        (lambda b: (b.taken.year, b.taken.month), KEEP_MONTHLY),
    ):
        periods: list[object] = []
        for backup in every:  # newest first: the first of a period is its newest
            period = key(backup)
            if period in periods:
                continue
            if len(periods) == count:
                break
            periods.append(period)
            keep.add(backup.path)
    # A differential kept keeps the full backup it applies to (issue 23).
    keep |= {b.base for b in every if b.path in keep and b.base is not None}
    removed = []
    for backup in every:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore(db_path: Path, backup: Path, passphrase: str | None = None) -> Path:
    """Put a backup in place of the (closed) live file; the current state is backed up first.

    Returns the backup of the state replaced, so a wrong restore can itself be undone.
    With an encrypted database (passphrase given) the backup must open with it, or be
    a plain one from before the encryption, which is encrypted as it is put back.
    """
    staged = stage_restore(db_path, backup, passphrase=passphrase)
    assert staged is not None
    return put_in_place(db_path, staged, passphrase)


# Progress of a restore: (done, total) -> False to stop (the caller's Cancel).
RestoreProgress = Callable[[int, int], "bool | None"]
_COPY_CHUNK = 4 * 1024 * 1024
_BACKUP_PAGES = 1024  # pages per step of SQLite's backup API: a step is a few ms


class _Stopped(Exception):
    pass


@dataclass(frozen=True)
class StagedRestore:
    """A restore made ready beside the live file; put_in_place() finishes it."""

    staged: Path  # the backup's copy, to be renamed over the live file
    saved: Path  # the live file's state as it is now, in the backups


def _check_backup(backup: Path, passphrase: str | None) -> str | None:
    """The key that opens the backup (None: a plain one); OSError when it cannot be restored."""
    backup_key = passphrase if cipher.looks_encrypted(backup) else None
    if backup_key is None and cipher.looks_encrypted(backup):
        raise OSError(f"{backup.name} is encrypted; it was not restored.")
    try:
        check = cipher.connect(backup, backup_key)
        try:
            cipher.verify_key(check, backup)
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            check.close()
    except cipher.WrongPassphrase:
        raise OSError(
            f"{backup.name} was encrypted with another passphrase; it was not restored."
        ) from None
    except cipher.errors():
        ok = False
    if not ok:
        raise OSError(f"{backup.name} is damaged; it was not restored.")
    return backup_key


def stage_restore(
    db_path: Path,
    backup: Path,
    progress: RestoreProgress | None = None,
    passphrase: str | None = None,
) -> StagedRestore | None:
    """The slow part of a restore, while the live file stays open and untouched.

    Checks the backup, saves the live file's state in the backups ("before-restore")
    and copies the backup beside the live file. progress(done, total) in bytes; when it
    returns False everything made so far is removed and None is returned. With an
    encrypted database (passphrase given) the backup must open with it, or be a plain
    one from before the encryption, which is encrypted as it is copied.
    """
    match = _NAME.match(backup.name)
    base = None
    if match is not None and match["base"]:
        base = backup.with_name(f"{match['stem']}-{match['base']}.db")
    if base is not None:  # a differential: checked as it is applied to a copy of its base
        backup_key = passphrase if cipher.looks_encrypted(backup) else None
        if backup_key is None and cipher.looks_encrypted(backup):
            raise OSError(f"{backup.name} is encrypted; it was not restored.")
        if not base.exists():
            raise OSError(
                f"{backup.name} needs the full backup {base.name}, which is missing; "
                "it was not restored."
            )
    else:
        backup_key = _check_backup(backup, passphrase)
    live_size = db_path.stat().st_size
    total = live_size + (base or backup).stat().st_size

    def report(done: int) -> None:
        if progress is not None and progress(min(done, total), total) is False:
            raise _Stopped

    saved = _target(db_path, "before-restore")
    saved.parent.mkdir(parents=True, exist_ok=True)
    staged = db_path.with_name(db_path.name + ".restoring")
    try:
        report(0)
        source = cipher.connect(db_path, passphrase)
        try:
            cipher.create_private(saved)
            target = cipher.connect(saved, passphrase)
            try:
                with target:

                    def step(_status: int, remaining: int, pages: int) -> None:
                        report(live_size * (pages - remaining) // max(pages, 1))

                    source.backup(target, pages=_BACKUP_PAGES, progress=step)
            finally:
                target.close()
        finally:
            source.close()
        staged.unlink(missing_ok=True)
        if base is not None and backup_key == passphrase:
            materialize(backup, staged, passphrase, lambda n: report(live_size + n))
        elif base is not None:  # plain, of a database encrypted since
            plain = private.private_dir() / f"{os.getpid()}-{backup.name}"
            plain.unlink(missing_ok=True)
            try:
                materialize(backup, plain, None, lambda n: report(live_size + n))
                cipher.copy_file(plain, None, staged, passphrase)
            finally:
                plain.unlink(missing_ok=True)
        elif backup_key == passphrase:
            cipher.create_private(staged)
            copied = 0
            with backup.open("rb") as reader, staged.open("wb") as writer:
                while chunk := reader.read(_COPY_CHUNK):
                    writer.write(chunk)
                    copied += len(chunk)
                    report(live_size + copied)
                writer.flush()
                os.fsync(writer.fileno())
        else:  # a plain backup of a database encrypted since: encrypted on its way back
            cipher.copy_file(backup, None, staged, passphrase)
            report(total)
    except _Stopped:
        staged.unlink(missing_ok=True)
        saved.unlink(missing_ok=True)
        return None
    except BaseException:
        staged.unlink(missing_ok=True)
        saved.unlink(missing_ok=True)  # not restored: no half-written "before" either
        raise
    return StagedRestore(staged, saved)


def put_in_place(db_path: Path, ready: StagedRestore, passphrase: str | None = None) -> Path:
    """Rename the staged copy over the (closed) live file; returns the saved state's backup."""
    os.replace(ready.staged, db_path)
    _forget_replica(db_path, passphrase)
    _new_epoch(db_path, passphrase)
    return ready.saved


def _new_epoch(db_path: Path, passphrase: str | None = None) -> None:
    """A restored file's list of written rows is not the one its backups were marked
    against: the next backup before a merge is a full one (issue 23)."""
    from salesdesk.models import tracking

    try:
        con = cipher.connect(db_path, passphrase)
        try:
            with con:
                con.execute("DELETE FROM meta WHERE key = ?", (tracking.MARK_KEY,))
                tracking.invalidate(con)
        finally:
            con.close()
    except cipher.errors():
        return


def keep_original(db_path: Path, *, reason: str) -> Path:
    """A copy of the closed, locked database file among its backups (the plain original
    of a database about to be encrypted: removed once the user confirms)."""
    target = _target(db_path, reason)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    temp.unlink(missing_ok=True)
    cipher.create_private(temp)
    shutil.copyfile(db_path, temp)
    with temp.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, target)
    return target


def _forget_replica(db_path: Path, passphrase: str | None = None) -> None:
    """The restored file lacks what was written after the backup, which peers may hold:
    it writes on under a new replica id, so it never claims to hold those changes. Its
    sync file in a shared folder is nobody's now: the folder sync removes it."""
    from salesdesk.models import replicas

    try:
        con = cipher.connect(db_path, passphrase)
        try:
            with con:
                row = con.execute("SELECT value FROM meta WHERE key = 'replica_id'").fetchone()
                replica = str(row[0]) if row and row[0] else ""
                # Only an id this path wrote under (a backup taken before a copied file
                # took its own id carries the original laptop's, which is not ours).
                if not replica or not replicas.is_remembered(replica, db_path):
                    return
                said = con.execute(
                    "SELECT value FROM meta WHERE key = 'retired_replicas'"
                ).fetchone()
                retired = json.loads(said[0]) if said and said[0] else []
                con.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('retired_replicas', ?)",
                    (json.dumps([*retired, replica]),),
                )
        finally:
            con.close()
    except (*cipher.errors(), ValueError):
        return
    replicas.forget(replica)


SCRATCH_PREFIX = "salesdesk-merge-"
# A leftover older than this with nobody holding it is from a run that was killed.
STALE_SECONDS = 60


@contextmanager
def merge_scratch() -> Iterator[Path]:
    """A private temporary folder for a merge's copy of the incoming file.

    It is locked while in use, so the next start can tell the copy of a killed
    merge (hundreds of MB) from one being merged now, and remove it.
    """
    folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=private.private_dir()))
    lock = DatabaseLock(folder / "in-use")
    try:
        lock.acquire()
        yield folder
    finally:
        lock.release()
        shutil.rmtree(folder, ignore_errors=True)


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove what killed runs left: merge copies in the temp folder, half-written backups
    of this database and a half-staged restore beside it. Called by the writer, which
    alone makes backups of its file, once it holds the lock."""
    removed: list[Path] = []
    now = time.time()
    scratch: list[Path] = []
    # The private folder (issue 22), and the system's, where older versions made them.
    for root in (data_dir() / "tmp", Path(tempfile.gettempdir())):
        with suppress(OSError):
            scratch += list(root.glob(SCRATCH_PREFIX + "*"))
    removed += private.clean_private_files(now)
    for folder in scratch:
        try:
            if not folder.is_dir() or now - folder.stat().st_mtime < STALE_SECONDS:
                continue
            lock = DatabaseLock(folder / "in-use")
            if not lock.acquire():
                continue  # a merge in another process is using it
            lock.release()
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    parts: list[Path] = []
    try:
        folder = backup_dir()
        if folder.is_dir():
            parts = [
                p for p in folder.glob(f"{db_path.stem}-*.db.part") if _NAME.match(p.name[:-5])
            ]
    except OSError:
        pass
    parts.append(db_path.with_name(db_path.name + ".restoring"))
    parts.append(db_path.with_name(db_path.name + cipher.CONVERTING))
    for part in parts:
        try:
            if now - part.stat().st_mtime < STALE_SECONDS:
                continue
            part.unlink()
        except OSError:
            continue
        removed.append(part)
    return removed
