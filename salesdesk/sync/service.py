"""Sync for the window and the command line: merge, sync file, sync folder, conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salesdesk.services.changes import CONFLICTS, EVERYTHING, Changed, Result
from salesdesk.services.operations import Task
from salesdesk.services.session import Session
from salesdesk.sync import conflicts
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.folder import FolderSync, cloud_folder, last_sync, sync_folder
from salesdesk.sync.merge import MergeReport, merge_file


class SyncService:
    """Sync operations on an open session; each says what changed like the other services.

    merge_op / sync_folder_op are operations (functions of a Task returning a Result
    whose value is the report) for session.run() or the window's runner; they leave
    the cached card list to the caller (session.apply(result.changed)) when deferred.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def _team(self) -> str | None:
        from salesdesk.sync.team import team_passphrase

        return team_passphrase(self.session.store)  # issue 22: encrypted sync files

    def has_team_passphrase(self) -> bool:
        return self._team() is not None

    def set_team_passphrase(self, passphrase: str | None) -> Result:
        """Keep (None: forget) the team passphrase of encrypted sync files (issue 22)."""
        from salesdesk.sync.team import set_team_passphrase

        set_team_passphrase(self.session.store, passphrase)
        return Result(Changed(), None, "Team passphrase", undoable=False)

    def preview(self, path: str | Path) -> MergeReport:
        return merge_file(self.session.store, Path(path), dry_run=True, passphrase=self._team())

    def merge(self, path: str | Path) -> tuple[MergeReport, Changed]:
        result = self.session.run(lambda task: self.merge_op(path, task))
        return result.value, result.changed

    def merge_op(self, path: str | Path, task: Task, *, dry_run: bool = False) -> Result:
        """Merge a sync file (a preview with dry_run); the value is its MergeReport."""
        task.check()
        report = merge_file(
            self.session.store, Path(path), dry_run=dry_run, passphrase=self._team()
        )
        if dry_run:
            return Result(Changed(), None, "Merge preview", report, undoable=False)
        self.session.after_bulk_change()
        return Result(EVERYTHING | CONFLICTS, None, "Merge", report, undoable=False)

    def sync_folder_op(self, folder: str | Path, task: Task) -> Result:
        """Merge the other devices' files in the folder, write ours; the value: FolderSync."""
        task.check()
        outcome = sync_folder(self.session.store, Path(folder))
        if not outcome.merged:
            return Result(Changed(), None, "Sync", outcome, undoable=False)
        self.session.after_bulk_change()
        return Result(EVERYTHING | CONFLICTS, None, "Sync", outcome, undoable=False)

    def hub_address(self) -> Any:
        """The team hub this database joined (a hub.HubAddress), or None."""
        from salesdesk.sync import hub

        return hub.remembered(self.session.store)

    def hub_sync_op(self, password: str, task: Task, *, join: Any = None) -> Result:
        """Sync with the team hub this database joined (first joining the hub.HubAddress
        `join`, when given); the value: hub.HubSync."""
        from salesdesk.sync import hub

        task.check()
        if join is not None:
            hub.join(self.session.store, join, password)
        address = hub.remembered(self.session.store)
        if address is None:
            raise hub.HubError(
                "This database has not joined a team hub: salesdesk hub join --url URL --user NAME."
            )

        def progress(done: int, total: int, text: str) -> None:
            task.report(done, total, text)
            task.check()  # Cancel: the step in progress rolls back, the steps done stay

        outcome = hub.sync(self.session.store, address, password, progress)
        if not outcome.pulled.new_changes and not outcome.pulled.new:
            return Result(Changed(), None, "Sync", outcome, undoable=False)
        self.session.after_bulk_change()
        return Result(EVERYTHING | CONFLICTS, None, "Sync", outcome, undoable=False)

    def prepare_export(self) -> None:
        """The user is about to choose where a sync file goes: an encrypted one's key is
        derived meanwhile (cipher.derive_ahead), not after the choice."""
        team = self._team()
        if team is not None:
            from salesdesk.models import cipher

            cipher.derive_ahead(team)

    def export(self, target: Path | None = None, folder: Path | None = None) -> Path:
        return export_sync_file(self.session.store, target, folder=folder, passphrase=self._team())

    def sync_folder(self, folder: str | Path) -> tuple[FolderSync, Changed]:
        result = self.session.run(lambda task: self.sync_folder_op(folder, task))
        return result.value, result.changed

    def last_sync(self) -> str | None:
        return last_sync(self.session.store)

    def peers(self) -> list[dict[str, Any]]:
        """Devices merged from, with when (for 'last synced with …')."""
        from salesdesk.models.tables import Peer

        with self.session.store.bound():
            return [
                {
                    "replica_id": p.replica_id,
                    "device_name": p.device_name,
                    "last_merged_at": p.last_merged_at,
                }
                for p in Peer.select().order_by(Peer.last_merged_at.desc())
            ]

    def live_file_in_cloud_folder(self) -> str | None:
        return cloud_folder(self.session.store.path)

    def conflicts(self) -> list[conflicts.ConflictView]:
        return conflicts.open_conflicts(self.session.store)

    def resolve(self, conflict_id: str, keep: str, values: dict[str, Any] | None = None) -> Result:
        session = self.session
        card_id, op = session._run(  # one undoable step like every other write
            "Resolve conflict",
            lambda: conflicts.resolve(session.store, conflict_id, keep, values),
        )
        return Result(session._changed(op) | CONFLICTS, card_id, "Resolve conflict")
