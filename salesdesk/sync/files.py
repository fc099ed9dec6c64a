"""Sync files: consistent snapshots with a manifest, and checking a file before a merge."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import SqliteDatabase

from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.fields import SYNCED_TABLES
from salesdesk.models import cipher, clock, migrations
from salesdesk.models.backup import snapshot
from salesdesk.models.store import APPLICATION_ID, SCHEMA_VERSION, Store, check_file
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

    passphrase (issue 22): the team's, shared by the laptops that sync together; the
    file is then written plain in the private folder, checked, and encrypted into place.
    """
    if passphrase is not None:
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
        snapshot(store.db, temp, passphrase=None)  # plain, even from an encrypted database
        con = sqlite3.connect(temp)
        try:
            with con:
                counts = {
                    t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                    for t in SYNCED_TABLES
                }
                # The newest stamp the file holds: its own clock, or another laptop's
                # stamp it took in but did not follow (a clock far ahead); a row
                # stamped later than this was not written by SalesDesk.
                newest = con.execute("SELECT max(stamp) FROM change").fetchone()[0] or ""
                horizon = max(store.clock.last, store.meta("horizon") or "", newest)
                manifest = {
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
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('manifest', ?)",
                    (json.dumps(manifest, ensure_ascii=False),),
                )
        finally:
            con.close()
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except (OSError, *cipher.errors()) as error:
        temp.unlink(missing_ok=True)
        Path(str(temp) + "-journal").unlink(missing_ok=True)
        raise DatabaseError(f"Cannot write {target}: {error}.") from None
    return target


def _export_encrypted(
    store: Store, target: Path | None, folder: Path | None, passphrase: str
) -> Path:
    from salesdesk.models.private import private_dir

    cipher.check_passphrase(passphrase)
    if target is None:
        target = (folder or Path.cwd()) / default_name(store)
    if not target.parent.is_dir():
        raise DatabaseError(f"The folder {target.parent} does not exist.")
    scratch = private_dir()
    plain = export_sync_file(store, scratch / f"{os.getpid()}-{target.name}")
    temp = target.with_name(f".{target.name}.part")
    try:
        temp.unlink(missing_ok=True)
        cipher.copy_file(plain, None, temp, passphrase)
        os.replace(temp, target)
    except (OSError, *cipher.errors()) as error:
        temp.unlink(missing_ok=True)
        raise DatabaseError(f"Cannot write {target}: {error}.") from None
    finally:
        plain.unlink(missing_ok=True)
    return target


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
            f"{source} is an encrypted sync file: give the team passphrase to merge it."
        )
    try:
        cipher.copy_file(source, passphrase, copy, None)
    except cipher.WrongPassphrase:
        raise DatabaseError(
            f"{source} was encrypted with another team passphrase (or is damaged); "
            "nothing was merged."
        ) from None
    except (*cipher.errors(), DatabaseError) as error:
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
        """The exporting laptop's own clock (not the stamps it took in from others)."""
        return stamp_wall(str(self.manifest.get("clock") or self.meta.get("clock") or ""))


def prepare_incoming(source: Path, scratch: Path, passphrase: str | None = None) -> Incoming:
    """Copy the file aside and check it: integrity, SalesDesk's id, schema (older is lifted).

    A file encrypted with the team passphrase (issue 22) is decrypted into the private
    scratch folder and then checked like any other.
    """
    if not source.exists():
        raise DatabaseError(f"{source} does not exist.")
    if source.is_dir():
        raise DatabaseError(f"{source} is a folder, not a sync file.")
    copy = scratch / "incoming.db"
    if cipher.looks_encrypted(source):
        _decrypt_incoming(source, copy, passphrase)
    else:
        check_file(source)
        try:
            shutil.copyfile(source, copy)
        except OSError as error:
            raise DatabaseError(f"Cannot read {source}: {error.strerror or error}.") from None
    for suffix in ("-journal", "-wal"):  # a hot journal beside the source is not ours to replay
        Path(str(copy) + suffix).unlink(missing_ok=True)
    _check_length(copy, source)
    try:
        con = sqlite3.connect(copy)
        # A damaged page can hold bytes that are not UTF-8, and quick_check quotes them.
        con.text_factory = lambda raw: raw.decode("utf-8", "replace")
        try:
            # quick_check: every page and record is read and checked, but not each
            # index against its table: 4x faster on a 600 MB file.
            integrity = con.execute("PRAGMA quick_check").fetchone()[0]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        said = (str(error).splitlines() or [""])[0][:120]
        raise DatabaseError(f"{source} is damaged or not a database ({said}).") from None
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
        db = SqliteDatabase(str(copy))
        try:
            for target in range(version + 1, SCHEMA_VERSION + 1):
                with db.atomic():
                    migrations.MIGRATIONS[target](db)
                    db.execute_sql(f"PRAGMA user_version = {target}")
        except (sqlite3.Error, PeeweeDatabaseError, UnicodeDecodeError) as error:
            said = (str(error).splitlines() or [""])[0][:120]
            raise DatabaseError(f"{source} is not a complete SalesDesk file ({said}).") from None
        finally:
            db.close()
    if version == SCHEMA_VERSION:
        db = SqliteDatabase(str(copy))
        try:
            migrations.complete_v5(db)
        except (sqlite3.Error, PeeweeDatabaseError, UnicodeDecodeError):
            pass  # a missing table is said below, by name
        finally:
            db.close()
    con = sqlite3.connect(copy)
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        require_tables(con, str(source))
        meta = {str(k): str(v) for k, v in con.execute("SELECT key, value FROM meta").fetchall()}
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        said = (str(error).splitlines() or [""])[0][:120]
        raise DatabaseError(f"{source} is not a complete SalesDesk file ({said}).") from None
    finally:
        con.close()
    try:
        manifest = json.loads(meta.get("manifest", "{}") or "{}")
    except ValueError:
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
    )
