"""Owner-only places for what SalesDesk writes on the side (issue 22).

A merge's copy of the incoming file and the workbook's sheets while they are
written hold customer data in full. They go in a folder only the user can
open (0700), beside the database's own data folder, are deleted after use, and
whatever a killed run left there is deleted at the next start.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from salesdesk.models.paths import data_dir

# A file there untouched this long is a killed run's (a running export writes its
# sheets within minutes; a merge's folder is locked while in use).
STALE_FILE_SECONDS = 3600


def private_dir() -> Path:
    """The folder for temporary files, created owner-only (0700 on POSIX)."""
    folder = data_dir() / "tmp"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    owner_only(folder, 0o700)
    return folder


def owner_only(path: Path, mode: int = 0o600) -> None:
    """Owner-only permissions where the system has them (POSIX); never fails."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


def clean_private_files(now: float | None = None) -> list[Path]:
    """Remove plain files a killed run left in the private folder (folders are the merge's,
    which clean_leftovers checks by their lock)."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    folder = data_dir() / "tmp"
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return removed
    for entry in entries:
        try:
            if entry.is_dir() or now - entry.stat().st_mtime < STALE_FILE_SECONDS:
                continue
            entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
