"""Card > Deleted cards: the cards deleted here or on another laptop, and bringing one back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
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

from salesdesk.services.cards import DeletedCard
from salesdesk.services.changes import Changed

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow

Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1
HEADERS = (
    QT_TRANSLATE_NOOP("DeletedCards", "Name"),
    QT_TRANSLATE_NOOP("DeletedCards", "Company"),
    QT_TRANSLATE_NOOP("DeletedCards", "Grade"),
    QT_TRANSLATE_NOOP("DeletedCards", "Deleted"),
    QT_TRANSLATE_NOOP("DeletedCards", "Deleted on"),
    QT_TRANSLATE_NOOP("DeletedCards", "Contacts"),
)


class DeletedCardsModel(QAbstractTableModel):
    """Deleted cards, most recently deleted first. Signals: the standard model signals only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[DeletedCard] = []
        self._headers = [QCoreApplication.translate("DeletedCards", h) for h in HEADERS]

    def set_cards(self, cards: list[DeletedCard]) -> None:
        self.beginResetModel()
        self.cards = list(cards)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == IdRole:
            return card.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            card.name,
            card.company,
            card.grade_label,
            card.deleted_at.strftime("%Y-%m-%d %H:%M") if card.deleted_at else "",
            card.deleted_on,
            str(card.contacts),
        )
        return values[index.column()]

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


class DeletedCardsDialog(QDialog):
    """The deleted cards of the open file; Restore brings the chosen one back with its history.

    Signals: none of its own; a restore goes through the window's operations, whose
    changed signal refreshes the views.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Deleted cards"))
        self.resize(720, 420)
        note = QLabel(
            self.tr(
                "A deleted card keeps its contacts, grade path and history. Restore brings it"
                " back as it was, on every laptop after the next sync."
            ),
            self,
        )
        note.setWordWrap(True)
        self.model = DeletedCardsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("No deleted cards."), self)
        self.restore_button = QPushButton(self.tr("&Restore card"), self)
        self.restore_button.clicked.connect(self.restore)
        self.view.doubleClicked.connect(self.restore)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.empty)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        window.ops.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        cards = self.window_.session.deleted_cards()
        self.model.set_cards(cards)
        if cards:
            self.view.selectRow(0)
        self.empty.setVisible(not cards)
        self.restore_button.setEnabled(bool(cards) and not self.window_.read_only)

    def _on_changed(self, changed: Changed) -> None:
        if changed.everything or changed.new_cards:
            self.reload()

    def selected(self) -> DeletedCard | None:
        row = self.view.currentIndex().row()
        return self.model.cards[row] if 0 <= row < len(self.model.cards) else None

    def restore(self, *_args: object) -> None:
        card = self.selected()
        if card is None or self.window_.read_only:
            return
        session = self.window_.session
        if self.window_.ops.run(lambda: session.restore_card(card.id)) is not None:
            self.window_.statusBar().showMessage(self.tr("Restored {0}.").format(card.name), 4000)


def show_deleted_cards(window: MainWindow) -> DeletedCardsDialog:
    """Open the dialog (not modal: the list behind it shows a restored card at once)."""
    dialog = DeletedCardsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
