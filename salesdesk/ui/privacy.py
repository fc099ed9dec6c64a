"""Privacy in the window (issue 22): the passphrase at start, Preferences > Privacy (encrypt,
change, remove), and a card's "Export this person's data…" and "Erase this person…".

Encrypting, changing and removing run through the window's runner (Ops.reopen): the
store is closed, the file converted on a worker with progress, and opened again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.messages import plural
from salesdesk.models.cipher import MIN_PASSPHRASE
from salesdesk.ui import keychain, messages

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow

TRIES = 3


class PassphraseDialog(QDialog):
    """Ask the passphrase of an encrypted database at start (with what went wrong before).

    Signals: the standard QDialog signals only.
    """

    def __init__(self, parent: QWidget | None, path: Path, error: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Encrypted database"))
        self.text = QLabel(
            self.tr("{0} is encrypted. Enter its passphrase to open it.").format(path.name), self
        )
        self.text.setWordWrap(True)
        self.error = QLabel(error, self)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(280)
        self.remember = QCheckBox(self.tr("Remember in the system keychain"), self)
        self.remember.setVisible(keychain.available())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Open"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)

    def value(self) -> tuple[str, bool]:
        return self.passphrase.text(), self.remember.isChecked()

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, error: str = "") -> tuple[str, bool] | None:
        """(passphrase, remember it) or None when cancelled."""
        dialog = cls(parent, path, error)
        return messages.answer(dialog, dialog.value)


def open_encrypted(path: Path, opener: Any) -> Any:
    """Open an encrypted database in the window: the keychain's passphrase first, then
    three tries in PassphraseDialog. Returns opener's value, or None when cancelled;
    a third wrong passphrase raises WrongPassphrase (shown as the one message)."""
    from salesdesk.models.cipher import WrongPassphrase

    remembered = keychain.get(path)
    if remembered:
        try:
            opened = opener(remembered)
        except WrongPassphrase:
            keychain.forget(path)  # changed elsewhere: ask
        else:
            keychain.refresh(path, remembered)  # its key kept beside it, if it was not
            return opened
    error = ""
    for attempt in range(TRIES):
        given = PassphraseDialog.ask(None, path, error)
        if given is None:
            return None
        passphrase, remember = given
        try:
            opened = opener(passphrase)
        except WrongPassphrase as failure:
            if attempt == TRIES - 1:
                raise
            left = TRIES - 1 - attempt
            error = (
                QCoreApplication.translate("PassphraseDialog", "Wrong passphrase: one more try.")
                if left == 1
                else QCoreApplication.translate(
                    "PassphraseDialog", "Wrong passphrase: {0} more tries."
                ).format(left)
            )
            del failure
            continue
        if remember:
            keychain.put(path, passphrase)
        return opened
    return None


class NewPassphraseDialog(QDialog):
    """A new passphrase, typed twice; refuses one too short or two that differ.

    Signals: the standard QDialog signals only.
    """

    def __init__(
        self, parent: QWidget | None, title: str, hint: str = "", *, offer_remember: bool = False
    ) -> None:
        """hint: what the passphrase is for (default: the database's); offer_remember: show
        "Remember in the system keychain" (the database's passphrase, where there is one)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setMinimumWidth(280)
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel(
            hint
            or self.tr(
                "At least {0} characters. Without it the cards cannot be opened: keep it "
                "somewhere safe."
            ).format(MIN_PASSPHRASE),
            self,
        )
        self.hint.setWordWrap(True)
        # Made after the two fields: the focus chain follows the order widgets are made in,
        # and the dialog opens on the first in it (keys typed at once went to the box, each
        # space ticking or unticking it) and Tab goes from one to the next.
        self.remember = QCheckBox(self.tr("Remember in the system keychain"), self)
        self.remember.setVisible(offer_remember and keychain.available())
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("New passphrase:"), self.first)
        form.addRow(self.tr("Again:"), self.second)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _check(self) -> None:
        if len(self.first.text()) < MIN_PASSPHRASE:
            self.error.setText(
                self.tr("The passphrase needs at least {0} characters.").format(MIN_PASSPHRASE)
            )
        elif self.first.text() != self.second.text():
            self.error.setText(self.tr("The two passphrases differ."))
        else:
            from salesdesk.domain.errors import DatabaseError
            from salesdesk.domain.messages import localize
            from salesdesk.models.cipher import check_passphrase

            try:
                check_passphrase(self.first.text())  # the core's other rules, in its words
            except DatabaseError as refused:
                self.error.setText(localize(str(refused)))
                return
            self.accept()

    def value(self) -> str:
        return self.first.text()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, hint: str = "") -> str | None:
        dialog = cls(parent, title, hint)
        return messages.answer(dialog, dialog.value)

    @classmethod
    def ask_remembering(
        cls, parent: QWidget | None, title: str, remembered: bool = False
    ) -> tuple[str, bool] | None:
        """The database's new passphrase and whether to keep it in the system keychain
        (ticked: the next start opens without asking, as ticking it at a start does);
        remembered: ticked at first (the passphrase it replaces is kept there)."""
        dialog = cls(parent, title, offer_remember=True)
        dialog.remember.setChecked(remembered and dialog.remember.isVisibleTo(dialog))
        return messages.answer(dialog, lambda: (dialog.value(), dialog.remember.isChecked()))


class CurrentPassphraseDialog(QDialog):
    """The current passphrase, before it is changed or removed (the file stays as it is
    on a wrong one). Signals: the standard QDialog signals only."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(280)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Current passphrase:"), self.passphrase)
        form.addRow(buttons)

    def value(self) -> str:
        return self.passphrase.text()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str) -> str | None:
        dialog = cls(parent, title)
        return messages.answer(dialog, dialog.value)


class PrivacyPage(QWidget):
    """Preferences > Privacy: whether the database is encrypted, and the three buttons.

    Signals: encrypt_requested(), change_requested(), decrypt_requested().
    """

    encrypt_requested = Signal()
    change_requested = Signal()
    decrypt_requested = Signal()

    def __init__(self, privacy_ui: PrivacyUi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.privacy_ui = privacy_ui
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.encrypt_button = QPushButton(self.tr("Encrypt with a passphrase…"), self)
        self.change_button = QPushButton(self.tr("Change the passphrase…"), self)
        self.decrypt_button = QPushButton(self.tr("Remove the encryption…"), self)
        self.encrypt_button.clicked.connect(self.privacy_ui.encrypt)
        self.change_button.clicked.connect(self.privacy_ui.change_passphrase)
        self.decrypt_button.clicked.connect(self.privacy_ui.decrypt)
        # The plain backups encrypting kept, when the user did not remove them then.
        self.plain_button = QPushButton(self.tr("Remove the plain copies…"), self)
        self.plain_button.clicked.connect(self.privacy_ui.remove_plain_copies)
        buttons = QVBoxLayout()  # one under the other: their words are long in English
        for button in (
            self.encrypt_button,
            self.change_button,
            self.decrypt_button,
            self.plain_button,
        ):
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            buttons.addLayout(row)
        note = QLabel(
            self.tr(
                "An encrypted database, and its backups, can only be read with the passphrase:"
                " a lost laptop or USB stick shows nothing of your customers."
            ),
            self,
        )
        note.setWordWrap(True)
        # The team passphrase of encrypted sync files, kept inside the encrypted database.
        self.team_status = QLabel(self)
        self.team_status.setWordWrap(True)
        self.team_button = QPushButton(self.tr("Set the team passphrase…"), self)
        self.team_clear = QPushButton(self.tr("Forget it"), self)
        self.team_button.clicked.connect(self.privacy_ui.set_team_passphrase)
        self.team_clear.clicked.connect(self.privacy_ui.forget_team_passphrase)
        team_row = QHBoxLayout()
        team_row.addWidget(self.team_button)
        team_row.addWidget(self.team_clear)
        team_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addSpacing(12)
        layout.addWidget(self.team_status)
        layout.addLayout(team_row)
        layout.addStretch(1)
        privacy_ui.encryption_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        encrypted = self.privacy_ui.encrypted
        read_only = self.privacy_ui.window.read_only
        plain = len(self.privacy_ui.plain_copies()) if encrypted else 0
        if plain:
            # Not "its backups can only be read with the passphrase": these can be read.
            self.status.setText(
                plural(
                    plain,
                    self.tr(
                        "This database is encrypted, but {0} plain copy of it (a backup made"
                        " before the encryption) is still readable by anyone."
                    ),
                    self.tr(
                        "This database is encrypted, but {0} plain copies of it (backups made"
                        " before the encryption) are still readable by anyone."
                    ),
                ).format(plain)
            )
        else:
            self.status.setText(
                self.tr("This database is encrypted.")
                if encrypted
                else self.tr("This database is not encrypted: anyone who has the file can read it.")
            )
        self.plain_button.setVisible(bool(plain))
        self.plain_button.setEnabled(bool(plain) and not read_only)
        self.encrypt_button.setEnabled(not encrypted and not read_only)
        self.change_button.setEnabled(encrypted and not read_only)
        self.decrypt_button.setEnabled(encrypted and not read_only)
        has_team = self.privacy_ui.has_team_passphrase()
        if not encrypted:
            self.team_status.setText(
                self.tr(
                    "Sync files can be encrypted with a team passphrase shared by the laptops"
                    " that sync together; it is kept inside an encrypted database only."
                )
            )
        elif has_team:
            self.team_status.setText(
                self.tr("Sync files are encrypted with the team passphrase, and merged with it.")
            )
        else:
            self.team_status.setText(
                self.tr("Sync files are not encrypted: set the team passphrase to encrypt them.")
            )
        self.team_button.setEnabled(encrypted and not read_only)
        self.team_clear.setEnabled(encrypted and has_team and not read_only)


class PrivacyUi(QObject):
    """The window's privacy feature: its card actions and the encryption operations.

    Signals: encryption_changed() — the database was encrypted, rekeyed or decrypted.
    """

    encryption_changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.export_action = QAction(self.tr("E&xport this person's data…"), window)
        self.export_action.triggered.connect(self.export_person)
        self.erase_action = QAction(self.tr("Erase this &person…"), window)
        self.erase_action.triggered.connect(self.erase_person)
        window.ops.busy_changed.connect(lambda _busy: self.update_actions())

    @property
    def session(self) -> Any:
        return self.window.session

    @property
    def encrypted(self) -> bool:
        return self.session.passphrase is not None

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"card.privacy": [self.export_action, self.erase_action]}

    def update_actions(self) -> None:
        has_card = self.window.selected_card() is not None
        busy = self.window.ops.busy
        self.export_action.setEnabled(has_card and not busy)
        self.erase_action.setEnabled(has_card and not busy and not self.window.read_only)

    # -- a person's data ---------------------------------------------------------------
    @staticmethod
    def ask_export_path(parent: QWidget, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("PrivacyUi", "Export this person's data"),
            suggested,
            QCoreApplication.translate("PrivacyUi", "JSON files (*.json)"),
        )
        return path

    def export_person(self) -> None:
        card = self.window.selected_card()
        if card is None:
            return
        safe = "".join(ch for ch in card.name if ch.isalnum()) or "person"
        chosen = PrivacyUi.ask_export_path(self.window, str(Path.home() / f"{safe}.json"))
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".json":
            target = target.with_suffix(".json")
        session = self.session
        self.window.ops.job(
            lambda _task: session.export_person(card.id, target),
            lambda _result: self.window.statusBar().showMessage(
                self.tr("Saved {0}.").format(target.name), 8000
            ),
        )

    def erase_person(self) -> None:
        card = self.window.selected_card()
        if card is None or self.window.read_only:
            return
        if not messages.confirm(
            self.window,
            self.tr(
                "Erase {0} and everything about them: contacts, visits, deals, cases, history?"
                " The erasure syncs: every laptop that syncs with this one erases them too."
                " This cannot be undone."
            ).format(card.name),
            self.tr("Erase"),
        ):
            return
        session = self.session
        result = self.window.ops.run(lambda: session.erase_person(card.id))
        if result is None:
            return
        self.window.statusBar().showMessage(self.tr("{0} was erased.").format(card.name), 8000)
        from salesdesk.services.privacy import backups_holding, scrub_backups

        key = session.passphrase
        holding = backups_holding(session.path, [card.id], key)
        if holding and messages.confirm(
            self.window,
            plural(
                len(holding),
                self.tr("{0} backup still holds this person. Rewrite it without?"),
                self.tr("{0} backups still hold this person. Rewrite them without?"),
            ).format(len(holding)),
            self.tr("Rewrite"),
        ):
            path, card_id = session.path, card.id
            self.window.ops.job(
                lambda _task: scrub_backups(path, [card_id], key),
                lambda done: self.window.statusBar().showMessage(
                    plural(
                        len(done),
                        self.tr("{0} backup rewritten."),
                        self.tr("{0} backups rewritten."),
                    ).format(len(done)),
                    8000,
                ),
            )

    # -- the team passphrase of sync files ------------------------------------------------
    def has_team_passphrase(self) -> bool:
        from salesdesk.sync.service import SyncService

        return SyncService(self.session).has_team_passphrase()

    def set_team_passphrase(self) -> None:
        from salesdesk.sync.service import SyncService

        # Not the database's words: this one is shared by the laptops that sync together.
        hint = self.tr(
            "At least {0} characters. Every laptop that syncs with yours types this same "
            "team passphrase: it encrypts the sync files you share. It is not your "
            "database's passphrase."
        ).format(MIN_PASSPHRASE)
        value = NewPassphraseDialog.ask(self.window, self.tr("Team passphrase"), hint)
        if value is None:
            return
        session = self.session
        if self.window.ops.run(lambda: SyncService(session).set_team_passphrase(value)):
            self.encryption_changed.emit()

    def forget_team_passphrase(self) -> None:
        from salesdesk.sync.service import SyncService

        session = self.session
        if self.window.ops.run(lambda: SyncService(session).set_team_passphrase(None)):
            self.encryption_changed.emit()

    # -- encryption ----------------------------------------------------------------------
    def plain_copies(self) -> list[Path]:
        """The backups of the encrypted database that anyone can read (the plain original
        encrypting keeps, and backups made before it)."""
        from salesdesk.models.cipher import plain_backups

        return plain_backups(self.session.path)

    def remove_plain_copies(self) -> None:
        """Preferences > Privacy: remove the plain copies left when the offer after
        encrypting was declined (before, only `salesdesk db remove-plain-backups` could)."""
        self._offer_to_remove(self.plain_copies())
        self.encryption_changed.emit()

    def _offer_to_remove(self, plain: list[Path]) -> None:
        if plain and messages.confirm(
            self.window,
            plural(
                len(plain),
                self.tr(
                    "The database is encrypted. {0} plain copy of it (a backup made before)"
                    " is still readable by anyone: remove it?"
                ),
                self.tr(
                    "The database is encrypted. {0} plain copies of it (backups made before)"
                    " are still readable by anyone: remove them?"
                ),
            ).format(len(plain)),
            self.tr("Remove"),
        ):
            from salesdesk.models.cipher import remove_plain_backups

            remove_plain_backups(self.session.path)

    def encrypt(self) -> None:
        given = NewPassphraseDialog.ask_remembering(self.window, self.tr("Encrypt the database"))
        if given is not None:
            new, remember = given
            self._convert(None, new, self.tr("Encrypting the database…"), remember=remember)

    def change_passphrase(self) -> None:
        old = CurrentPassphraseDialog.ask(self.window, self.tr("Change the passphrase"))
        if old is None:
            return
        if old != self.session.passphrase:
            messages.show_error(self.window, self.tr("That is not the current passphrase."))
            return
        given = NewPassphraseDialog.ask_remembering(
            self.window, self.tr("Change the passphrase"), keychain.remembered(self.session.path)
        )
        if given is not None:
            new, remember = given
            self._convert(old, new, self.tr("Changing the passphrase…"), remember=remember)

    def decrypt(self) -> None:
        old = CurrentPassphraseDialog.ask(self.window, self.tr("Remove the encryption"))
        if old is None:
            return
        if old != self.session.passphrase:
            messages.show_error(self.window, self.tr("That is not the current passphrase."))
            return
        if messages.confirm(
            self.window,
            self.tr(
                "Make the database a plain file again? Anyone who has the file can then read it."
            ),
            self.tr("Remove encryption"),
        ):
            self._convert(old, None, self.tr("Removing the encryption…"))

    def _convert(
        self, old: str | None, new: str | None, text: str, *, remember: bool = False
    ) -> None:
        from salesdesk.models.cipher import convert_database
        from salesdesk.ui.ops import progress_dialog

        path = self.session.path
        dialog = progress_dialog(self.window, self.tr("Privacy"), text)

        def work(task: Any) -> list[Path]:
            return convert_database(path, old, new, progress=task.report)

        def reopened(plain: list[Path]) -> None:
            dialog.finish()
            if new is not None and remember:
                keychain.put(path, new)  # the user asked to remember it
            else:
                keychain.forget(path)
            self._offer_to_remove(plain)
            self.encryption_changed.emit()
            self.window.statusBar().showMessage(self.tr("Done."), 8000)

        def failed(message: str) -> None:
            dialog.finish()
            messages.show_error(self.window, message)

        task = self.window.ops.reopen(
            work,
            new,
            reopened,
            failed,
            label=text,
            progress=dialog.report,
            fallback=old,
        )
        dialog.attach(task)
