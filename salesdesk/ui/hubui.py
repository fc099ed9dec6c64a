"""File > Sync > Sync with team hub: join a team hub on PostgreSQL, then sync with it.

The sync runs as one operation on the window's runner (window.ops.start), like a merge:
a pool thread through the session's store, edits blocked until done, progress in the
status bar. The password comes from the system keychain when it holds one, or is asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.messages import localize, plural
from salesdesk.sync.service import SyncService
from salesdesk.ui import messages

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow


class HubJoinDialog(QDialog):
    """Where the team hub is and who you are there; the password is never shown."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str = "",
        intro: str = "",
        url: str = "",
        user: str = "",
    ) -> None:
        """title and intro: another use's words (the team view's); url, user: filled in."""
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Join a team hub"))
        layout = QVBoxLayout(self)
        intro_label = QLabel(
            intro
            or self.tr(
                "Your manager gives you the hub's address, your user name and your password."
            ),
            self,
        )
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        form = QFormLayout()
        self.url = QLineEdit(url, self)
        self.url.setPlaceholderText("postgresql://hub.example.com/salesdesk")
        self.url.setMinimumWidth(self.fontMetrics().horizontalAdvance("m" * 40))
        self.user = QLineEdit(user, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Hub address:"), self.url)
        form.addRow(self.tr("User name:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def answer(self) -> tuple[str, str, str]:
        return self.url.text().strip(), self.user.text().strip(), self.password.text()


class HubUi(QObject):
    """The team hub in the window.

    Signals:
        hub_synced(object): a sync with the hub finished with this hub.HubSync.
        hub_unreachable(str): the hub did not answer; the sync folder was used instead.
    """

    hub_synced = Signal(object)
    hub_unreachable = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.sync_action = QAction(self.tr("Sync with &team hub"), window)
        # Beside F5, Sync now (the joined hub, else the sync folder): this one also joins.
        self.sync_action.setShortcut("Shift+F5")
        self.sync_action.triggered.connect(lambda _checked=False: self.sync_hub())
        self.update_actions()

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"file.sync": [None, self.sync_action], "window": [self.sync_action]}

    def update_actions(self) -> None:
        self.sync_action.setEnabled(not self.window.read_only and not self.window.ops.busy)

    # -- replaceable questions (tests answer them) -------------------------------------
    @classmethod
    def ask_join(cls, parent: QWidget) -> tuple[str, str, str] | None:
        dialog = HubJoinDialog(parent)
        return messages.answer(dialog, dialog.answer)

    @classmethod
    def ask_password(cls, parent: QWidget, user: str, where: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent,
            QCoreApplication.translate("HubUi", "Team hub"),
            QCoreApplication.translate("HubUi", "Password of {0} at {1}:").format(user, where),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # -- sync ----------------------------------------------------------------------------
    def sync_hub(self) -> bool:
        """Sync with the hub this database joined (asking where it is the first time)."""
        from salesdesk.domain.errors import UserError
        from salesdesk.sync import hub

        if self.window.ops.busy or self.window.read_only:
            return False
        service = SyncService(self.window.session)
        joining = False
        try:
            address = service.hub_address()
            if address is None:
                answer = self.ask_join(self.window)
                if answer is None:
                    return False
                url, user, password = answer
                address = hub.parse_url(url, user or None)
                joining = True
            else:
                found = hub.stored_password(address)
                asked = found or self.ask_password(
                    self.window, address.user, localize(address.label)
                )
                if asked is None:
                    return False
                password = asked
        except UserError as error:
            messages.show_error(self.window, str(error))
            return False
        return self._start_sync(address, password, joining=joining, when="demand")

    def joined(self) -> bool:
        """This database has joined a team hub."""
        from salesdesk.domain.errors import UserError

        try:
            return SyncService(self.window.session).hub_address() is not None
        except UserError:
            return False

    def auto_sync(self, when: str, then: Callable[[], Any] | None = None) -> bool:
        """On start or exit (`when`): sync with the joined hub on the window's runner, with
        the password from the keychain (nobody is asked at start or exit); the sync folder
        instead when the hub cannot be reached or its password is not kept. False when
        nothing was started (then is not called)."""
        from salesdesk.domain.errors import UserError
        from salesdesk.sync import hub

        if self.window.ops.busy or self.window.read_only:
            return False
        try:
            address = SyncService(self.window.session).hub_address()
        except UserError:
            address = None
        if address is None:
            return False
        password = hub.stored_password(address)
        if not password:
            self._status(
                self.tr(
                    "The team hub's password is not in this computer's keychain: sync "
                    "with Shift+F5."
                )
            )
            return self._fall_back(then)
        started = self._start_sync(address, password, joining=False, when=when, then=then)
        if started and when == "exit":
            self._status(self.tr("Syncing with the team hub before closing…"))
        return started

    def _fall_back(self, then: Callable[[], Any] | None) -> bool:
        """The sync folder instead of the hub (when one is set)."""
        from salesdesk.ui import syncprefs

        if not syncprefs.sync_folder():
            return False
        return self.window.sync_ui.sync_folder_now(quiet=True, then=then)

    def _start_sync(
        self,
        address: Any,
        password: str,
        *,
        joining: bool,
        when: str,
        then: Callable[[], Any] | None = None,
    ) -> bool:
        from dataclasses import replace

        from salesdesk.sync import hub

        service = SyncService(self.window.session)
        # On start and exit the window must not wait long for a server that is not there.
        probe = address
        if when != "demand" and "connect_timeout" not in dict(address.options):
            probe = replace(address, options=(*address.options, ("connect_timeout", "4")))

        def operation(task: Any) -> Any:
            if not joining:
                try:
                    hub.connect(probe, password).close()
                except hub.HubUnreachable as error:
                    return _Unreachable(str(error))
            return service.hub_sync_op(password, task, join=address if joining else None)

        steps = {
            "pull": self.tr("Team hub: bringing in your team's changes…"),
            "push": self.tr("Team hub: sending your changes…"),
        }

        def progress(_done: int, _total: int, text: str) -> None:
            if text in steps:
                self._status(steps[text])

        def done(result: Any) -> None:
            if isinstance(result, _Unreachable):
                unreachable(result.message)
                return
            outcome = result.value
            if joining:
                hub.store_password(address, password)
            report = outcome.pulled
            sent = outcome.pushed_rows + outcome.pushed_changes
            said = plural(
                report.conflicts,
                plural(
                    sent,
                    self.tr(
                        "Synced with the team hub: {0} new, {1} updated, {2} conflict; "
                        "sent {3} change."
                    ),
                    self.tr(
                        "Synced with the team hub: {0} new, {1} updated, {2} conflict; "
                        "sent {3} changes."
                    ),
                ),
                plural(
                    sent,
                    self.tr(
                        "Synced with the team hub: {0} new, {1} updated, {2} conflicts; "
                        "sent {3} change."
                    ),
                    self.tr(
                        "Synced with the team hub: {0} new, {1} updated, {2} conflicts; "
                        "sent {3} changes."
                    ),
                ),
            )
            self._status(said.format(report.new, report.updated, report.conflicts, sent))
            if outcome.kept:
                # Cards taken away that still hold unsent work: said after every sync,
                # in a box when the user asked for the sync, in the status bar otherwise.
                kept = localize(outcome.kept_message)
                if when == "demand":
                    messages.show_info(self.window, self.tr("Team hub"), kept)
                else:
                    self.window.sync_ui.keep_notice(kept)
            self.window.sync_ui.say_merge_notes(
                [report], box=when == "demand", title=self.tr("Team hub")
            )
            self.hub_synced.emit(outcome)
            if then is not None:
                then()

        def unreachable(message: str) -> None:
            from salesdesk.ui import syncprefs

            folder = syncprefs.sync_folder()
            if not folder:
                if when == "demand":
                    failed(message)
                else:
                    self.window.sync_ui.keep_notice(
                        self.tr("The team hub cannot be reached: not synced.")
                    )
                    if then is not None:
                        then()
                return
            # One message in the status bar: the folder's own report follows it.
            self._status(self.tr("The team hub cannot be reached: syncing with the sync folder."))
            self.hub_unreachable.emit(message)
            if not self.window.sync_ui.sync_folder_now(quiet=True, then=then) and then is not None:
                then()

        def failed(message: str) -> None:
            if when != "demand":
                self.window.sync_ui.keep_notice(
                    self.tr("The sync with the team hub did not finish: {0}").format(message)
                )
                if then is not None:
                    then()
                return
            messages.show_error(
                self.window,
                self.tr("The sync with the team hub did not finish.\n{0}").format(message),
            )

        self._status(self.tr("Syncing with {0}…").format(localize(address.label)))
        started = self.window.ops.start(operation, done, failed, label="Sync", progress=progress)
        return started is not None


class _Unreachable:
    """The hub did not answer: the operation's value, so the window falls back."""

    def __init__(self, message: str) -> None:
        self.message = message
