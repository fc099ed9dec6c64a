"""Backups of the live database: consistent snapshots made with VACUUM INTO."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

from salesdesk.models.paths import backup_dir


def snapshot(db: SqliteDatabase, target: Path) -> Path:
    """Write a consistent copy of the open database to target, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    if temp.exists():
        temp.unlink()
    db.execute_sql("VACUUM INTO ?", (str(temp),))
    with temp.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, target)
    return target


def backup_database(db: SqliteDatabase, path: Path, *, reason: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{path.stem}-{stamp}-{reason}.db"
    return snapshot(db, backup_dir() / name)
