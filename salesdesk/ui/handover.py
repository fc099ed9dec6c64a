"""Cards > Hand over cards… (issue 20): give a book of customers to a successor, with a pack."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import plural
from salesdesk.services import handover
from salesdesk.ui import messages
from salesdesk.ui.wheel import guard_wheel

CHOOSE_DELAY_MS = 250  # the grades are read again this long after the last keystroke


class HandoverDialog(QDialog):
    """Which cards (an owner's, an area's, or those listed now; optionally some grades),
    to whom, and where to write the successor's pack. Signals: the standard QDialog ones."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        owners: list[str],
        areas: list[str],
        listed: list[str],
        pack_folder: str = "",
        store: Any = None,
    ) -> None:
        super().__init__(parent)
        self.listed = listed
        # The file the cards are chosen from: the one given, else the window's.
        ops = getattr(parent, "ops", None)
        self.store = store if store is not None else getattr(ops, "store", None)
        self.setWindowTitle(self.tr("Hand over cards"))
        self.by_owner = QRadioButton(self.tr("Cards &owned by:"), self)
        self.owner = QComboBox(self)
        self.owner.addItems(owners)
        self.by_area = QRadioButton(self.tr("Cards in the &area:"), self)
        self.area = QComboBox(self)
        self.area.addItems(areas)
        self.by_list = QRadioButton(
            self.tr("The cards &listed now ({0})").format(len(listed)), self
        )
        self.by_owner.setChecked(bool(owners))
        if not owners:
            self.by_list.setChecked(True)
        self.grades = QLineEdit(self)
        self.grades.setPlaceholderText(self.tr("All grades, or e.g. AB"))
        self.to_owner = QLineEdit(self)
        self.to_owner.setPlaceholderText(self.tr("The successor's name"))
        self.write_pack = QCheckBox(self.tr("Write a handover &pack to:"), self)
        self.folder = QLineEdit(pack_folder, self)
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        self.write_pack.setChecked(True)
        form = QFormLayout()
        form.addRow(self.by_owner, self.owner)
        form.addRow(self.by_area, self.area)
        form.addRow(self.by_list)
        form.addRow(self.tr("Only &grades:"), self.grades)
        form.addRow(self.tr("&Hand over to:"), self.to_owner)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form.addRow(self.write_pack, folder_row)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        note = QLabel(
            self.tr(
                "The pack holds a workbook of these cards (their visits, deals, payments, cases"
                " and contacts) and a sync file of just these cards and their history, for the"
                " successor to merge into their own SalesDesk."
            ),
            self,
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Hand over"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        guard_wheel(self)
        # Issue 16: the cards are chosen again only when the choice changes, on the window's
        # runner (a newer choice replaces a read on its way), the grades a moment after the
        # last keystroke; the successor's name and the folder only enable the button.
        self.ops = ops
        self.chosen: list[str] = []
        self._choosing = False
        self._problem = ""
        self._choose_later = QTimer(self)
        self._choose_later.setSingleShot(True)
        self._choose_later.setInterval(CHOOSE_DELAY_MS)
        self._choose_later.timeout.connect(self._choose)
        for signal in (
            self.by_owner.toggled,
            self.by_area.toggled,
            self.by_list.toggled,
            self.owner.currentIndexChanged,
            self.area.currentIndexChanged,
        ):
            signal.connect(self._choose)
        self.grades.textChanged.connect(self._grades_typed)
        for signal in (self.to_owner.textChanged, self.write_pack.toggled, self.folder.textChanged):
            signal.connect(self._check)
        if ops is not None:  # closed while a choice is read: its answer is dropped
            self.finished.connect(lambda _result: ops.drop_read((self, "choose")))
        self._choose()
        self.setMinimumWidth(520)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the pack"))
        if folder:
            self.folder.setText(folder)

    def _choice(self) -> Callable[[], list[str]]:
        """The selection as it stands, as a read to run (on the runner's worker)."""
        grades = self.grades.text().strip() or None
        store = self.store
        if self.by_owner.isChecked():
            owner = self.owner.currentText()
            return lambda: handover.select_cards(from_owner=owner, grades=grades, store=store)
        if self.by_area.isChecked():
            area = self.area.currentText()
            return lambda: handover.select_cards(area=area, grades=grades, store=store)
        listed = list(self.listed)
        return lambda: handover.select_cards(ids=listed, grades=grades, store=store)

    def _grades_typed(self) -> None:
        self._choosing = True  # what is shown is no longer the choice: no Ok meanwhile
        self._check()
        self._choose_later.start()

    def _choose(self) -> None:
        self._choose_later.stop()
        self.owner.setEnabled(self.by_owner.isChecked())
        self.area.setEnabled(self.by_area.isChecked())
        read = self._choice()
        self._choosing = True
        if self.ops is None:  # a dialog alone (tests, screenshots): read here
            try:
                self._chosen(read())
            except UserError as error:
                self._failed(str(error))
            return
        self.ops.read((self, "choose"), lambda _task: read(), self._chosen, self._failed)
        self._check()

    def _chosen(self, ids: list[str]) -> None:
        self.chosen, self._problem, self._choosing = list(ids), "", False
        self._check()

    def _failed(self, message: str) -> None:
        self.chosen, self._problem, self._choosing = [], message, False
        self._check()

    def _check(self) -> None:
        self.folder.setEnabled(self.write_pack.isChecked())
        successor = self.to_owner.text().strip()
        if self._problem:
            self.preview.setText(self._problem)
        elif self.chosen:
            self.preview.setText(
                plural(
                    len(self.chosen),
                    self.tr("{0} card goes to {1}."),
                    self.tr("{0} cards go to {1}."),
                ).format(len(self.chosen), successor or "…")
            )
        pack_ok = not self.write_pack.isChecked() or bool(self.folder.text().strip())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self._choosing and bool(self.chosen) and bool(successor) and pack_ok)

    def choosing(self) -> bool:
        """A new choice of cards is being read (Ok waits for it)."""
        return self._choosing

    def values(self) -> dict[str, Any]:
        return {
            "card_ids": list(self.chosen),
            "to_owner": self.to_owner.text().strip(),
            "pack": Path(self.folder.text().strip()) if self.write_pack.isChecked() else None,
        }

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        owners: list[str],
        areas: list[str],
        listed: list[str],
        pack_folder: str = "",
        store: Any = None,
    ) -> dict[str, Any] | None:
        dialog = cls(
            parent,
            owners=owners,
            areas=areas,
            listed=listed,
            pack_folder=pack_folder,
            store=store,
        )
        return messages.answer(dialog, dialog.values)


def write_pack(store: Any, card_ids: list[str], folder: Path, to_owner: str, lang: str) -> Path:
    """The successor's pack (as `salesdesk handover --pack`): a workbook and a sync file."""
    from salesdesk.io.xlsx import export_workbook
    from salesdesk.sync.pack import export_cards

    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", to_owner, flags=re.UNICODE).strip("._") or "successor"
    export_workbook(
        folder / f"handover-{name}.xlsx", lang=lang, card_ids=card_ids, owner=to_owner, store=store
    )
    export_cards(store, card_ids, folder / f"handover-{name}.salesdesk")
    return folder


class HandoverUi(QObject):
    """Cards > Hand over cards… for the main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(self.tr("&Hand over cards…"), window)
        self.action.triggered.connect(lambda _checked=False: self.hand_over())

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"card.end": [None, self.action]}

    def hand_over(self) -> bool:
        """Ask, hand the cards over (one undo step), then write the pack on a worker."""
        window = self.window
        ops = window.ops
        if ops.read_only:
            return False
        rows = list(ops.session.card_list.rows.values())
        owners = sorted({r.owner for r in rows if getattr(r, "owner", "")})
        areas = sorted({r.area for r in rows if r.area})
        listed = [window.model.card_id(i) for i in range(window.model.rowCount())]
        answer = HandoverDialog.ask(
            window,
            owners=owners,
            areas=areas,
            listed=[i for i in listed if i],
            pack_folder=str(Path.home() / "SalesDesk handover"),
            store=ops.store,
        )
        if answer is None:
            return False
        ids, successor, folder = answer["card_ids"], answer["to_owner"], answer["pack"]
        if ops.run(lambda: ops.session.hand_over(ids, successor)) is None:
            return False
        if folder is not None:
            lang = "zh_CN" if QLocale().name().startswith("zh") else "en"
            ops.job(
                lambda task: write_pack(ops.store, ids, folder, successor, lang),
                lambda path: messages.show_info(
                    window,
                    self.tr("Hand over cards"),
                    self.tr("The pack for {0} is in {1}.").format(successor, str(path)),
                ),
            )
        return True
