"""File > Backups: the list of backups of this card file, restore one, open their folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.models.backup import Backup

_CONTEXT = "Backups"
Index = QModelIndex | QPersistentModelIndex
PathRole = Qt.ItemDataRole.UserRole + 1

REASONS = {
    "daily": QT_TRANSLATE_NOOP("Backups", "Daily"),
    "before-merge": QT_TRANSLATE_NOOP("Backups", "Before a merge"),
    "before-import": QT_TRANSLATE_NOOP("Backups", "Before an import"),
    "before-restore": QT_TRANSLATE_NOOP("Backups", "Before a restore"),
    # Kept by encrypting: the plain original, which Privacy offers to remove.
    "before-encrypt": QT_TRANSLATE_NOOP("Backups", "Before the encryption (a plain copy)"),
    # The encrypted book as it was made: a backup left when the plain copies go.
    "encrypted": QT_TRANSLATE_NOOP("Backups", "After the encryption"),
}
HEADERS = (
    QT_TRANSLATE_NOOP("Backups", "Taken"),
    QT_TRANSLATE_NOOP("Backups", "Why"),
    QT_TRANSLATE_NOOP("Backups", "Size"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def reason_words(reason: str) -> str:
    source = REASONS.get(reason)
    if source:
        return _tr(source)
    if reason.startswith("before-schema-"):
        return QCoreApplication.translate("Backups", "Before an upgrade")
    return reason.replace("-", " ")


class BackupModel(QAbstractTableModel):
    """Backups, newest first. Signals: the standard model signals only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups: list[Backup] = []
        self._headers = [_tr(h) for h in HEADERS]

    def set_backups(self, backups: list[Backup]) -> None:
        self.beginResetModel()
        self.backups = list(backups)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.backups):
            return None
        backup = self.backups[index.row()]
        if role == PathRole:
            return str(backup.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return backup.taken.strftime("%Y-%m-%d %H:%M:%S")
        if index.column() == 1:
            return reason_words(backup.reason)
        return QLocale().formattedDataSize(backup.size)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


class BackupsDialog(QDialog):
    """The backups of the open card file.

    Signals: restore_requested(str) — the path of the backup to put in place.
    """

    restore_requested = Signal(str)

    def __init__(self, parent: QWidget | None, backups: list[Backup], folder: Path) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(560, 420)
        note = QLabel(
            self.tr(
                "SalesDesk keeps a backup before every merge and import, and one a day"
                " (7 daily, 4 weekly and 12 monthly are kept). Restoring first backs up the"
                " cards as they are now, so a restore can itself be undone."
            ),
            self,
        )
        note.setWordWrap(True)
        self.model = BackupModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.restore_button = QPushButton(self.tr("Restore…"), self)
        self.restore_button.clicked.connect(self._restore)
        self.folder_button = QPushButton(self.tr("Open backup folder"), self)
        self.folder_button.clicked.connect(lambda: self.open_folder(self.folder))
        self.view.doubleClicked.connect(self._restore)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.set_backups(backups)

    def set_backups(self, backups: list[Backup]) -> None:
        self.model.set_backups(backups)
        if backups:
            self.view.selectRow(0)
        self.restore_button.setEnabled(bool(backups))

    def selected(self) -> Backup | None:
        row = self.view.currentIndex().row()
        return self.model.backups[row] if 0 <= row < len(self.model.backups) else None

    def select_path(self, path: Path) -> None:
        for row, backup in enumerate(self.model.backups):
            if backup.path == path:
                self.view.selectRow(row)

    def _restore(self, *_args: object) -> None:
        backup = self.selected()
        if backup is not None:
            self.restore_requested.emit(str(backup.path))

    @classmethod
    def open_folder(cls, folder: Path) -> None:
        """Show the folder in the file manager; tests replace this."""
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
