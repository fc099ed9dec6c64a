"""File > Letters…: pick a template (or a Word/WPS .docx), edit it, merge it for the chosen
cards into one PDF or .docx; each letter is logged on its card."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale
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
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.grades import GRADES
from salesdesk.domain.messages import plural
from salesdesk.services import letters
from salesdesk.ui import messages
from salesdesk.ui.ops import Ops


class LettersDialog(QDialog):
    """Templates, the cards to write to, and the merge.

    Signals: the standard QDialog signals only.
    """

    def __init__(
        self,
        ops: Ops,
        card_ids: list[str],
        parent: QWidget | None = None,
        shown_ids: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.card_ids = card_ids
        self.shown_ids = shown_ids or []
        self.docx: Path | None = None
        self.last_merge: letters.Merge | None = None
        self.setWindowTitle(self.tr("Letters"))

        self.template = QComboBox(self)
        self.name = QLineEdit(self)
        self.body = QPlainTextEdit(self)
        self.body.setMinimumHeight(260)
        self.fields_hint = QLabel(
            self.tr("Fields: {0}").format(" ".join(f"{{{{ {f} }}}}" for f in letters.FIELDS)),
            self,
        )
        self.fields_hint.setWordWrap(True)
        self.fields_hint.setStyleSheet("color: #555;")
        self.save_template_button = QPushButton(self.tr("Save &template"), self)
        self.reset_button = QPushButton(self.tr("&Reset"), self)
        self.docx_button = QPushButton(self.tr("Use a &Word template (.docx)…"), self)
        template_buttons = QHBoxLayout()
        template_buttons.addWidget(self.save_template_button)
        template_buttons.addWidget(self.reset_button)
        template_buttons.addStretch(1)
        template_buttons.addWidget(self.docx_button)

        self.for_chosen = QRadioButton(
            self.tr("The chosen cards ({0})").format(len(card_ids)), self
        )
        self.for_shown = QRadioButton(
            self.tr("The cards in the list ({0})").format(len(self.shown_ids)), self
        )
        self.for_shown.setEnabled(bool(self.shown_ids))
        self.for_filter = QRadioButton(self.tr("Every card of these grades in this area:"), self)
        self.grade_boxes = {g: QCheckBox(g, self) for g in GRADES}
        self.area = QLineEdit(self)
        self.area.setPlaceholderText(self.tr("any area"))
        self.occasion = QLineEdit(self)
        self.occasion.setPlaceholderText(self.tr("e.g. 春节 (for greetings)"))
        filter_row = QHBoxLayout()
        for box in self.grade_boxes.values():
            filter_row.addWidget(box)
        filter_row.addWidget(self.area, 1)
        self.for_chosen.setChecked(bool(card_ids))
        self.for_filter.setChecked(not card_ids)
        self.for_chosen.setEnabled(bool(card_ids))

        self.missing_label = QLabel(self)
        self.missing = QListWidget(self)
        self.missing.setMaximumHeight(90)

        self.pdf_button = QPushButton(self.tr("Save as &PDF…"), self)
        self.word_button = QPushButton(self.tr("Save as .&docx…"), self)
        self.labels_button = QPushButton(self.tr("Address l&abels…"), self)
        self.envelopes_button = QPushButton(self.tr("En&velopes…"), self)
        self.labels_button.setToolTip(self.tr("A4 sheets of 3 × 8 labels (70 × 37 mm)"))
        self.envelopes_button.setToolTip(self.tr("Chinese DL envelopes with postcode boxes"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.word_button, QDialogButtonBox.ButtonRole.ActionRole)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.labels_button)
        print_row.addWidget(self.envelopes_button)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Template:"), self.template)
        form.addRow(self.tr("Name:"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.fields_hint)
        layout.addLayout(template_buttons)
        layout.addWidget(self.for_chosen)
        layout.addWidget(self.for_shown)
        layout.addWidget(self.for_filter)
        layout.addLayout(filter_row)
        occasion_row = QFormLayout()
        occasion_row.addRow(self.tr("Occasion:"), self.occasion)
        layout.addLayout(occasion_row)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.missing)
        layout.addLayout(print_row)
        layout.addWidget(buttons)

        self.template.currentIndexChanged.connect(self._template_chosen)
        self.save_template_button.clicked.connect(self.save_template)
        self.reset_button.clicked.connect(self.reset_template)
        self.docx_button.clicked.connect(lambda _checked=False: self.use_docx())
        self.pdf_button.clicked.connect(lambda: self.write(".pdf"))
        self.word_button.clicked.connect(lambda: self.write(".docx"))
        self.labels_button.clicked.connect(lambda: self.write_addresses("labels"))
        self.envelopes_button.clicked.connect(lambda: self.write_addresses("envelopes"))
        self._fill_templates()
        self.setMinimumSize(600, 680)
        self.resize(720, 760)

    # -- templates ---------------------------------------------------------------------------
    def _fill_templates(self, key: str | None = None) -> None:
        lang = "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"
        self.template.blockSignals(True)
        self.template.clear()
        kinds = ("thank_you", "upgrade", "greeting", "visit_request", "advertising")

        def place(t: letters.Template) -> tuple[bool, int, str]:
            kind = t.key.split(".")[0]
            return (t.lang != lang, kinds.index(kind) if kind in kinds else len(kinds), t.key)

        every = letters.templates(store=self.ops.store)
        # A built-in letter in the other language is named in the window's language, with
        # the language it is written in: 感谢函（英文）, not "Thank-you letter".
        names = {t.key.split(".")[0]: t.name for t in every if t.builtin and t.lang == lang}
        languages = {"en": self.tr("in English"), "zh_CN": self.tr("in Chinese")}
        for item in sorted(every, key=place):
            kind = item.key.split(".")[0]
            label = item.name
            if item.builtin and item.lang != lang and kind in names:
                label = self.tr("{0} ({1})").format(
                    names[kind], languages.get(item.lang, item.lang)
                )
            self.template.addItem(label, item.key)
        self.template.blockSignals(False)
        index = self.template.findData(key) if key else 0
        self.template.setCurrentIndex(max(index, 0))
        self._template_chosen()

    def _template_chosen(self) -> None:
        key = self.template.currentData()
        if not key:
            return
        chosen = letters.template(str(key), store=self.ops.store)
        self.docx = None
        self.name.setText(chosen.name)
        self.body.setPlainText(chosen.body)
        self.body.setEnabled(True)

    def current_template(self) -> letters.Template:
        if self.docx is not None:
            return letters.template(str(self.docx), store=self.ops.store)
        key = str(self.template.currentData())
        base = letters.template(key, store=self.ops.store)
        return letters.Template(
            key, self.name.text().strip() or base.name, base.lang, self.body.toPlainText(), False
        )

    def save_template(self) -> bool:
        chosen = self.current_template()
        try:
            letters.save_template(
                chosen.key, chosen.name, chosen.lang, chosen.body, store=self.ops.store
            )
        except UserError as error:
            messages.show_error(self, str(error))
            return False
        self._fill_templates(chosen.key)
        return True

    def reset_template(self) -> None:
        key = str(self.template.currentData())
        letters.reset_template(key, store=self.ops.store)
        self._fill_templates(key)

    @classmethod
    def choose_open_file(cls, parent: QWidget, title: str, pattern: str) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), pattern)
        return path

    @classmethod
    def choose_save_file(cls, parent: QWidget, title: str, start: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(parent, title, start, pattern)
        return path

    def use_docx(self, path: str | None = None) -> None:
        if path is None:
            path = self.choose_open_file(
                self, self.tr("Word template"), self.tr("Word documents (*.docx)")
            )
        if not path:
            return
        self.docx = Path(path)
        self.name.setText(self.docx.stem)
        self.body.setPlainText(self.tr("Letters are filled from {0}.").format(self.docx.name))
        self.body.setEnabled(False)

    # -- merging -------------------------------------------------------------------------------
    def chosen_cards(self) -> list[str]:
        if self.for_chosen.isChecked():
            return list(self.card_ids)
        if self.for_shown.isChecked():
            return list(self.shown_ids)
        grades = "".join(g for g, box in self.grade_boxes.items() if box.isChecked())
        return letters.select_cards(
            grades=grades or None, area=self.area.text().strip() or None, store=self.ops.store
        )

    def write(self, suffix: str, path: str | None = None) -> Path | None:
        """Merge, write the file, log each letter on its card; list the cards left out."""
        try:
            chosen = self.current_template()
            merged = letters.merge(
                chosen, self.chosen_cards(), occasion=self.occasion.text(), store=self.ops.store
            )
        except UserError as error:
            messages.show_error(self, str(error))
            return None
        self._show_missing(merged)
        if not merged.letters:
            messages.show_error(self, self.tr("No letter to write: no card chosen has an address."))
            return None
        if path is None:
            pattern = (
                self.tr("PDF files (*.pdf)")
                if suffix == ".pdf"
                else self.tr("Word documents (*.docx)")
            )
            path = self.choose_save_file(
                self, self.tr("Save letters"), str(Path.home() / f"{chosen.name}{suffix}"), pattern
            )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_suffix(suffix)
        try:
            if suffix == ".pdf":
                from salesdesk.ui.letterpdf import save_letters_pdf

                save_letters_pdf(letters.docx_texts(merged, store=self.ops.store), target)
            else:
                letters.write_docx(merged, target, store=self.ops.store)
        except UserError as error:
            messages.show_error(self, str(error))
            return None
        self.last_merge = merged
        if not self.ops.read_only:
            self.ops.run(lambda: self.ops.session.log_letters(merged))
        return target

    def write_addresses(self, kind: str, path: str | None = None) -> Path | None:
        """Address labels or Chinese envelopes for the chosen cards, as a PDF."""
        from salesdesk.services import plan
        from salesdesk.ui.letterpdf import save_envelopes_pdf, save_labels_pdf

        try:
            people, missing = letters.addressees(self.chosen_cards(), store=self.ops.store)
        except UserError as error:
            messages.show_error(self, str(error))
            return None
        self._list_missing(len(people), missing)
        if not people:
            messages.show_error(self, self.tr("No letter to write: no card chosen has an address."))
            return None
        if path is None:
            name = self.tr("labels") if kind == "labels" else self.tr("envelopes")
            path = self.choose_save_file(
                self,
                self.tr("Save letters"),
                str(Path.home() / f"{name}.pdf"),
                self.tr("PDF files (*.pdf)"),
            )
        if not path:
            return None
        target = Path(path).with_suffix(".pdf")
        try:
            if kind == "labels":
                save_labels_pdf(people, target)
            else:
                save_envelopes_pdf(people, target, plan.owner(store=self.ops.store) or "")
        except UserError as error:
            messages.show_error(self, str(error))
            return None
        return target

    def _show_missing(self, merged: letters.Merge) -> None:
        self._list_missing(len(merged.letters), merged.no_address)

    def _list_missing(self, count: int, missing: list[tuple[str, str]]) -> None:
        self.missing.clear()
        self.missing_label.setText(
            plural(
                count,
                self.tr("{0} letter; no address, no letter: {1}"),
                self.tr("{0} letters; no address, no letter: {1}"),
            ).format(count, len(missing))
        )
        for _card_id, name in missing:
            self.missing.addItem(name)
