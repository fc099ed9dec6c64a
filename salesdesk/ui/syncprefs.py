"""The Sync page of Preferences: the sync folder, when to sync, and when it last did."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.messages import sentences
from salesdesk.ui.settings import window_settings

FOLDER_KEY = "sync/folder"
ON_START_KEY = "sync/on_start"
ON_EXIT_KEY = "sync/on_exit"
EXPORT_FOLDER_KEY = "sync/export_folder"
MERGE_FOLDER_KEY = "sync/merge_folder"


def setting(key: str, default: str = "") -> str:
    value = window_settings().value(key, default)
    return str(value) if value is not None else default


def flag(key: str, default: bool = True) -> bool:
    return setting(key, "true" if default else "false").lower() == "true"


def put(key: str, value: str | bool) -> None:
    settings = window_settings()
    settings.setValue(key, ("true" if value else "false") if isinstance(value, bool) else value)
    settings.sync()


def sync_folder() -> str:
    """The chosen sync folder, '' when none."""
    return setting(FOLDER_KEY)


def _when(text: str | None) -> str:
    if not text:
        return ""
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


class SyncPrefsPage(QWidget):
    """Choose the sync folder, sync on start and on exit, sync now, and what happened last.

    Signals: sync_requested() — the user pressed "Sync now".
    """

    sync_requested = Signal()

    def __init__(self, sync_ui: Any, parent: QWidget | None = None) -> None:
        """sync_ui: the window's SyncUi (its session, sync_folder_now and synced signal)."""
        super().__init__(parent)
        self.sync_ui = sync_ui
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText(self.tr("No folder: sync by hand from File > Sync"))
        # Room for the whole hint (it was cut short in Chinese, seen in a real window).
        hint = self.folder.fontMetrics().horizontalAdvance(self.folder.placeholderText())
        self.folder.setMinimumWidth(hint + 3 * self.folder.fontMetrics().averageCharWidth())
        self.folder.setText(sync_folder())
        self.folder.editingFinished.connect(self._folder_edited)
        # Sync now is there as soon as a folder is typed (it waited for Enter or a click
        # elsewhere, and a greyed button takes no click: seen in a real window).
        self.folder.textChanged.connect(
            lambda text: self.sync_button.setEnabled(bool(text.strip()))
        )
        choose = QPushButton(self.tr("Choose…"), self)
        choose.clicked.connect(self._choose)
        clear = QPushButton(self.tr("Clear"), self)
        clear.clicked.connect(lambda: self.set_folder(""))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        row.addWidget(clear)
        self.on_start = QCheckBox(self.tr("Sync when SalesDesk starts"), self)
        self.on_start.setChecked(flag(ON_START_KEY))
        self.on_start.toggled.connect(lambda on: put(ON_START_KEY, on))
        self.on_exit = QCheckBox(self.tr("Sync when SalesDesk closes"), self)
        self.on_exit.setChecked(flag(ON_EXIT_KEY))
        self.on_exit.toggled.connect(lambda on: put(ON_EXIT_KEY, on))
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.clicked.connect(self._sync_now)
        self.last = QLabel(self)
        self.last.setWordWrap(True)
        self.explain = QLabel(
            self.tr(
                "Each laptop writes its own file into the folder and merges the files of the"
                " others. A shared, cloud-synced folder or a USB stick works: no server needed."
            ),
            self,
        )
        self.explain.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px;"
            " border: 1px solid #e0c36a; }"
        )
        form = QFormLayout()
        form.addRow(self.tr("Sync folder:"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.explain)
        layout.addWidget(self.on_start)
        layout.addWidget(self.on_exit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.last)
        layout.addWidget(self.warning)
        layout.addStretch(1)
        self.sync_requested.connect(sync_ui.sync_folder_now)
        sync_ui.synced.connect(self.refresh)
        self.refresh()

    @classmethod
    def choose_folder(cls, parent: QWidget, start: str) -> str:
        """The folder the user picked, '' when cancelled; tests replace this."""
        return QFileDialog.getExistingDirectory(
            parent, QCoreApplication.translate("SyncPrefsPage", "Choose the sync folder"), start
        )

    def _choose(self) -> None:
        chosen = self.choose_folder(self, self.folder.text())
        if chosen:
            self.set_folder(chosen)

    def _folder_edited(self) -> None:
        self.set_folder(self.folder.text().strip())

    def _sync_now(self) -> None:
        """The folder as typed is kept first: the sync reads it from the settings."""
        if self.folder.text().strip() != sync_folder():
            self._folder_edited()
        self.sync_requested.emit()

    def set_folder(self, folder: str) -> None:
        self.folder.setText(folder)
        put(FOLDER_KEY, folder)
        self.refresh()

    def refresh(self) -> None:
        """Show when the folder last synced, with which devices, and the cloud warning."""
        self.sync_button.setEnabled(bool(self.folder.text()))
        from salesdesk.sync.service import SyncService

        service = SyncService(self.sync_ui.session)  # read each time: a restore replaces it
        last = service.last_sync()
        peers = service.peers()
        devices = self.tr(", ").join(
            self.tr("{0} ({1})").format(p["device_name"] or p["replica_id"][:8],
                                        _when(p["last_merged_at"]))
            for p in peers[:6]
        )  # fmt: skip
        if last:
            text = self.tr("Last synced at {0}.").format(_when(last))
        else:
            text = self.tr("Not synced through a folder yet.")
        if devices:
            text = sentences(text, self.tr("Merged from: {0}.").format(devices))
        self.last.setText(text)
        cloud = service.live_file_in_cloud_folder()
        self.warning.setVisible(bool(cloud))
        if cloud:
            self.warning.setText(
                self.tr(
                    "Your card file itself lies in a cloud-synced folder ({0}). A cloud client can"
                    " copy it half-written. Keep the card file in SalesDesk's own folder and"
                    " choose the cloud folder here as the sync folder instead."
                ).format(cloud)
            )
