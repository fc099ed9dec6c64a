"""The sync folder: write this device's file there and merge every other one that changed.

With a cloud-synced folder or a USB stick this is multi-laptop sync with no
server. Each replica writes only its own file, so two laptops never write
the same file. Which files were merged, at which size and time, is kept in
the local meta table so unchanged files are not merged again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from salesdesk.domain.errors import DatabaseError, UserError
from salesdesk.models import cipher, clock
from salesdesk.models.store import Store
from salesdesk.sync.delta import export_to_folder
from salesdesk.sync.files import SUFFIX, default_name, record_mark
from salesdesk.sync.merge import BaseNotHeld, MergeReport, merge_file
from salesdesk.sync.team import team_passphrase

# Folder names of the common sync clients: a live database inside one of
# them gets copied half-written; a sync file there is what they are for.
CLOUD_MARKERS = (
    "dropbox",
    "onedrive",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "mobile documents",
    "nutstore",
    "坚果云",
    "baidunetdisk",
    "百度网盘",
    "box sync",
    "pcloud",
    "seafile",
    "nextcloud",
    "owncloud",
    "syncthing",
)


def cloud_folder(path: Path) -> str | None:
    """The cloud client whose folder holds path, if any (for the warning about the live file)."""
    for part in path.resolve().parts:
        lowered = part.casefold()
        for marker in CLOUD_MARKERS:
            if marker in lowered:
                return part
    return None


@dataclass
class FolderSync:
    written: Path | None = None
    merged: list[MergeReport] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since last time
    # (file, why): why names the file by its name when it names it at all
    failed: list[tuple[str, str]] = field(default_factory=list)
    at: str = ""
    # Issue 23: our file is a delta on what the others hold; a delta of theirs that builds
    # on what we lack waits (file, device) until they have read ours and write anew.
    delta: bool = False
    waiting: list[tuple[str, str]] = field(default_factory=list)


def _signature(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def sync_folder(store: Store, folder: Path) -> FolderSync:
    """Merge every other device's changed file in the folder, then write ours."""
    if not folder.is_dir():
        raise UserError(f"The sync folder {folder} is not there (is the drive connected?).")
    result = FolderSync(at=clock.now().isoformat())
    seen: dict[str, str] = json.loads(store.meta("sync_folder_seen") or "{}")
    writers: dict[str, str] = json.loads(store.meta("sync_folder_writers") or "{}")
    own = default_name(store)
    team = team_passphrase(store)  # issue 22: the folder's files encrypted with it
    if team is None and _encrypted_folder(folder):
        # A plain file of every customer among the team's encrypted ones (a laptop whose
        # encryption was removed, or a new one not given the team passphrase yet).
        raise UserError(
            f"The files in the sync folder {folder} are encrypted with a team passphrase "
            "and this database keeps none: nothing was merged or written there. Encrypt "
            "this database if it is not yet, and set the team passphrase (Preferences > "
            "Privacy)."
        )
    if team is not None:
        cipher.derive_ahead(team)  # our file's key, while the others' files are merged
    retired = json.loads(store.meta("retired_replicas") or "[]")
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if any(path.name.endswith(f".{r[:8]}{SUFFIX}") for r in retired):
            # Written by this file before a backup was restored over it: nobody's now.
            path.unlink(missing_ok=True)
            continue
        if path.name == own or path.name.startswith(".") or _is_ours(path, store):
            continue
        signature = _signature(path)
        if seen.get(path.name) == signature:
            result.skipped.append(path.name)
            continue
        try:
            report = merge_file(store, path, passphrase=team)
        except BaseNotHeld as waiting:
            # Not a fault: once they have merged our file, theirs builds on what we hold.
            result.waiting.append((path.name, waiting.device_name))
            continue
        except (DatabaseError, OSError) as error:
            # One bad file (half-copied by a cloud client) must not stop the others.
            result.failed.append((path.name, _failure(path, error)))
            continue
        result.merged.append(report)
        seen[path.name] = signature
        if report.replica_id:
            writers[path.name] = report.replica_id
    with store.write():
        store.set_meta("sync_folder_seen", json.dumps(seen, sort_keys=True))
        store.set_meta("sync_folder_writers", json.dumps(writers, sort_keys=True))
        store.set_meta("sync_folder_last", result.at)
        record_mark(store)  # our file below: the next one reads the rows after this
    written = export_to_folder(store, folder, folder / default_name(store), writers, team)
    result.written, result.delta = written.path, written.delta
    return result


def _failure(path: Path, error: Exception) -> str:
    """Why a file of the folder was not merged, naming it by its name: merge_file's
    messages name it by its whole path, and the file is said beside them once only."""
    return str(error).replace(str(path), path.name)


def _encrypted_folder(folder: Path) -> bool:
    """Whether the folder holds a team's encrypted sync files (another laptop's, or this
    one's from before its encryption was removed)."""
    return any(
        not path.name.startswith(".") and cipher.looks_encrypted(path)
        for path in folder.glob(f"*{SUFFIX}")
    )


def _is_ours(path: Path, store: Store) -> bool:
    """A file this database wrote before it took a new replica id (a copied file)."""
    return path.name.endswith(f".{store.replica_id[:8]}{SUFFIX}")


def last_sync(store: Store) -> str | None:
    return store.meta("sync_folder_last")
