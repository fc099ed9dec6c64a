"""Conflicts from merges (keep current, keep other, or edit) and likely duplicates beside them."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

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
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.services.changes import Changed
from salesdesk.sync.conflicts import ConflictView, Side
from salesdesk.sync.service import SyncService
from salesdesk.ui import labels, messages
from salesdesk.ui.ops import Ops

_CONTEXT = "ConflictsView"
Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class ConflictColumn(IntEnum):
    CARD = 0
    FIELD = 1
    CURRENT = 2
    CURRENT_FROM = 3
    OTHER = 4
    OTHER_FROM = 5


CONFLICT_HEADERS = {
    ConflictColumn.CARD: QT_TRANSLATE_NOOP("ConflictsView", "Card"),
    ConflictColumn.FIELD: QT_TRANSLATE_NOOP("ConflictsView", "Field"),
    ConflictColumn.CURRENT: QT_TRANSLATE_NOOP("ConflictsView", "Current value"),
    ConflictColumn.CURRENT_FROM: QT_TRANSLATE_NOOP("ConflictsView", "Set on"),
    ConflictColumn.OTHER: QT_TRANSLATE_NOOP("ConflictsView", "Other value"),
    ConflictColumn.OTHER_FROM: QT_TRANSLATE_NOOP("ConflictsView", "Set on"),
}
REASONS = {
    "phone": QT_TRANSLATE_NOOP("ConflictsView", "same phone"),
    "name": QT_TRANSLATE_NOOP("ConflictsView", "same name and company"),
}


def group_name(conflict: ConflictView) -> str:
    if conflict.is_delete:
        return QCoreApplication.translate("ConflictsView", "Deleted or edited")
    if conflict.table == "payment" and conflict.group == "plan":  # two plans made at once
        return QCoreApplication.translate("ConflictsView", "Payment plan")
    return labels.field_name(conflict.table, conflict.group)


def side_value(side: Side) -> str:
    """A side's values in words: one field as its value, several as 'Field: value'."""
    if len(side.values) == 1:
        field, value = next(iter(side.values.items()))
        return labels.stored_value(field, value)
    return "; ".join(
        QCoreApplication.translate("Labels", "{0}: {1}").format(
            labels.word(labels.FIELDS, f), labels.stored_value(f, v)
        )
        for f, v in side.values.items()
        if v not in (None, "")
    )


def side_origin(side: Side) -> str:
    return QCoreApplication.translate("ConflictsView", "{0}, {1}").format(
        side.device, labels.when(side.at)
    )


def describe(conflict: ConflictView) -> str:
    """One sentence for the chosen conflict, above the buttons."""
    if conflict.is_delete:
        return QCoreApplication.translate(
            "ConflictsView", "Deleted on {0}, edited on {1}: keep the card or delete it?"
        ).format(side_origin(conflict.current), side_origin(conflict.other))
    return QCoreApplication.translate(
        "ConflictsView", "{0} of {1}: “{2}” ({3}) or “{4}” ({5})?"
    ).format(
        group_name(conflict),
        conflict.card_name,
        side_value(conflict.current),
        side_origin(conflict.current),
        side_value(conflict.other),
        side_origin(conflict.other),
    )


class ConflictModel(QAbstractTableModel):
    """Open conflicts, one a row. Signals: the standard model signals only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts: list[ConflictView] = []
        self._headers = [_tr(CONFLICT_HEADERS[c]) for c in ConflictColumn]

    def set_conflicts(self, conflicts: list[ConflictView]) -> None:
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ConflictColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.conflicts):
            return None
        conflict = self.conflicts[index.row()]
        if role == IdRole:
            return conflict.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = ConflictColumn(index.column())
        if conflict.is_delete and column in (ConflictColumn.CURRENT, ConflictColumn.OTHER):
            return (
                QCoreApplication.translate("ConflictsView", "Deleted")
                if column == ConflictColumn.CURRENT
                else QCoreApplication.translate("ConflictsView", "Edited")
            )
        return {
            ConflictColumn.CARD: lambda: conflict.card_name,
            ConflictColumn.FIELD: lambda: group_name(conflict),
            ConflictColumn.CURRENT: lambda: side_value(conflict.current),
            ConflictColumn.CURRENT_FROM: lambda: side_origin(conflict.current),
            ConflictColumn.OTHER: lambda: side_value(conflict.other),
            ConflictColumn.OTHER_FROM: lambda: side_origin(conflict.other),
        }[column]()

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


class DuplicateModel(QAbstractTableModel):
    """Pairs of cards that look like one person: (a id, a words, b id, b words, reason)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("ConflictsView", "Card"),
        QT_TRANSLATE_NOOP("ConflictsView", "Looks like"),
        QT_TRANSLATE_NOOP("ConflictsView", "Why"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[tuple[str, str, str, str, str]] = []
        self._headers = [_tr(h) for h in self.HEADERS]

    def set_pairs(self, pairs: list[tuple[str, str, str, str, str]]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.pairs):
            return None
        _a, a_words, _b, b_words, reason = self.pairs[index.row()]
        if role == IdRole:
            return (_a, _b)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        source = REASONS.get(reason)
        return (a_words, b_words, _tr(source) if source else reason)[index.column()]

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


def _table(parent: QWidget, model: QAbstractTableModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class EditValueDialog(QDialog):
    """A new value for each field of a conflict's group, starting from the current one."""

    def __init__(self, parent: QWidget | None, conflict: ConflictView) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit {0}").format(group_name(conflict)))
        self.originals = dict(conflict.current.values)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(QLabel(describe(conflict), self))
        for field, value in self.originals.items():
            edit = QLineEdit("" if value is None else str(value), self)
            self.edits[field] = edit
            form.addRow(labels.field_name(conflict.table, field), edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for field, edit in self.edits.items():
            text = edit.text().strip()
            original = self.originals[field]
            if isinstance(original, int) and not isinstance(original, bool):
                result[field] = int(text) if text.lstrip("-").isdigit() else original
            elif original is None and not text:
                result[field] = None
            else:
                result[field] = text
        return result


class KeepWhichDialog(QDialog):
    """Which of two cards of one person to keep (the other's logs and history move to it)."""

    def __init__(self, parent: QWidget | None, first: str, second: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge these two cards"))
        self.first = QRadioButton(first, self)
        self.second = QRadioButton(second, self)
        self.first.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.first)
        group.addButton(self.second)
        note = QLabel(
            self.tr(
                "Keep which card? The other card's contact log, grade path and history move to"
                " it, its empty fields are filled, and the other card is deleted. Undo splits"
                " them again."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        layout.addWidget(buttons)


class ConflictsDialog(QDialog):
    """Open conflicts above, likely duplicates below; every action goes through Ops.

    Signals: none of its own (writes are announced on Ops.changed, which refreshes it).
    """

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops  # the session is read from ops at each call: it changes on a restore
        self.setWindowTitle(self.tr("Conflicts and duplicates"))
        self.resize(1080, 620)

        self.conflict_model = ConflictModel(self)
        self.conflict_view = _table(self, self.conflict_model)
        for column, width in ((0, 110), (1, 110), (2, 190), (3, 170), (4, 190)):
            self.conflict_view.horizontalHeader().resizeSection(column, width)
        self.conflict_text = QLabel(self)
        self.conflict_text.setWordWrap(True)
        self.keep_current = QPushButton(self.tr("Keep current"), self)
        self.keep_other = QPushButton(self.tr("Keep other"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.keep_current.clicked.connect(lambda: self.resolve("current"))
        self.keep_other.clicked.connect(lambda: self.resolve("other"))
        self.edit_button.clicked.connect(self.edit)
        conflict_buttons = QHBoxLayout()
        for button in (self.keep_current, self.keep_other, self.edit_button):
            conflict_buttons.addWidget(button)
        conflict_buttons.addStretch(1)
        self.conflict_box = QGroupBox(self.tr("Conflicts"), self)
        box = QVBoxLayout(self.conflict_box)
        box.addWidget(self.conflict_view, 1)
        box.addWidget(self.conflict_text)
        box.addLayout(conflict_buttons)

        self.duplicate_model = DuplicateModel(self)
        self.duplicate_view = _table(self, self.duplicate_model)
        for column, width in ((0, 260), (1, 260)):
            self.duplicate_view.horizontalHeader().resizeSection(column, width)
        self.merge_button = QPushButton(self.tr("Merge these two cards…"), self)
        self.not_same_button = QPushButton(self.tr("Not the same person"), self)
        self.merge_button.clicked.connect(self.merge_pair)
        self.not_same_button.clicked.connect(self.dismiss_pair)
        duplicate_buttons = QHBoxLayout()
        duplicate_buttons.addWidget(self.merge_button)
        duplicate_buttons.addWidget(self.not_same_button)
        duplicate_buttons.addStretch(1)
        self.duplicate_box = QGroupBox(self.tr("Likely duplicates"), self)
        box = QVBoxLayout(self.duplicate_box)
        box.addWidget(self.duplicate_view, 1)
        box.addLayout(duplicate_buttons)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.conflict_box)
        splitter.addWidget(self.duplicate_box)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)

        self.conflict_view.selectionModel().currentRowChanged.connect(self._conflict_chosen)
        self.duplicate_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.ops.changed.connect(self._on_changed)
        self.refresh()

    # -- replaceable questions (tests answer them) -------------------------------------
    @classmethod
    def ask_values(cls, parent: QWidget, conflict: ConflictView) -> dict[str, Any] | None:
        dialog = EditValueDialog(parent, conflict)
        return messages.answer(dialog, dialog.values)

    @classmethod
    def ask_keep(cls, parent: QWidget, first: str, second: str) -> int | None:
        """0 to keep the first card, 1 the second, None when cancelled."""
        dialog = KeepWhichDialog(parent, first, second)
        return messages.answer(dialog, lambda: 0 if dialog.first.isChecked() else 1)

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.ops.session
        self.conflict_model.set_conflicts(SyncService(session).conflicts())
        rows = session.card_list.rows
        pairs = []
        for pair in session.open_duplicates():
            a, b = rows.get(pair["a"]), rows.get(pair["b"])
            if a is None or b is None:
                continue
            pairs.append(
                (a.id, " · ".join(p for p in (a.name, a.company) if p), b.id,
                 " · ".join(p for p in (b.name, b.company) if p), pair["reason"])
            )  # fmt: skip
        self.duplicate_model.set_pairs(pairs)
        self.conflict_box.setTitle(
            self.tr("Conflicts ({0})").format(len(self.conflict_model.conflicts))
        )
        self.duplicate_box.setTitle(self.tr("Likely duplicates ({0})").format(len(pairs)))
        if self.conflict_model.conflicts:
            self.conflict_view.selectRow(0)
        if pairs:
            self.duplicate_view.selectRow(0)
        self._conflict_chosen()

    def reload(self) -> None:
        """Read the conflicts and duplicates again (the dialog shown once more)."""
        self.refresh()

    def _on_changed(self, changed: Changed) -> None:
        if self.isVisible() and changed.concerns(conflicts=True, cards=True):
            self.refresh()

    def current_conflict(self) -> ConflictView | None:
        row = self.conflict_view.currentIndex().row()
        conflicts = self.conflict_model.conflicts
        return conflicts[row] if 0 <= row < len(conflicts) else None

    def current_pair(self) -> tuple[str, str, str, str, str] | None:
        row = self.duplicate_view.currentIndex().row()
        pairs = self.duplicate_model.pairs
        return pairs[row] if 0 <= row < len(pairs) else None

    def _conflict_chosen(self, *_args: object) -> None:
        conflict = self.current_conflict()
        if conflict is None:
            self.conflict_text.setText(
                self.tr("No open conflicts: every merge so far went through cleanly.")
            )
        else:
            self.conflict_text.setText(describe(conflict))
        delete = conflict is not None and conflict.is_delete
        self.keep_current.setText(self.tr("Delete it") if delete else self.tr("Keep current"))
        self.keep_other.setText(self.tr("Keep the card") if delete else self.tr("Keep other"))
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        editable = not self.ops.read_only
        conflict = self.current_conflict()
        for button in (self.keep_current, self.keep_other):
            button.setEnabled(editable and conflict is not None)
        self.edit_button.setEnabled(editable and conflict is not None and not conflict.is_delete)
        has_pair = self.current_pair() is not None
        self.merge_button.setEnabled(editable and has_pair)
        self.not_same_button.setEnabled(editable and has_pair)

    # -- acting ------------------------------------------------------------------------
    def resolve(self, keep: str, values: dict[str, Any] | None = None) -> bool:
        conflict = self.current_conflict()
        if conflict is None:
            return False
        session = self.ops.session
        # The runner announces CONFLICTS: _on_changed reads the lists again.
        result = self.ops.run(lambda: SyncService(session).resolve(conflict.id, keep, values))
        return result is not None

    def edit(self) -> None:
        conflict = self.current_conflict()
        if conflict is None or conflict.is_delete:
            return
        values = self.ask_values(self, conflict)
        if values is not None:
            self.resolve("edit", values)

    def merge_pair(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        a, a_words, b, b_words, _reason = pair
        keep = self.ask_keep(self, a_words, b_words)
        if keep is None:
            return
        keep_id, other_id = (a, b) if keep == 0 else (b, a)
        session = self.ops.session
        self.ops.run(lambda: session.merge_cards(keep_id, other_id))

    def dismiss_pair(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        session = self.ops.session
        self.ops.run(lambda: session.dismiss_duplicate(pair[0], pair[2]))
