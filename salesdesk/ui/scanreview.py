"""The review of scanned business cards: images read on a worker, proposals shown one by one.

The OCR engine loads on the first scan, on the worker thread, so the window's
start does not pay for it. Images may also be dropped on the window. Each
proposal is shown with the text boxes of the focused field outlined on the
image; a card that already exists (same mobile or e-mail, same name and
company) is offered for update, or the scan is added as a new card.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageReader,
    QPainter,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from salesdesk.domain.messages import plural
from salesdesk.domain.values import PHONE_LABELS as PHONE_CODES
from salesdesk.ui import labels

PHONE_ROWS = 4
IMAGE_SIZE = QSize(480, 320)
TEXT_FIELDS = ("name", "company", "department", "title", "email", "address", "area", "wechat")


def _read(path: Path, cancelled: Callable[[], bool]) -> Any:
    from salesdesk.io import ocr

    try:
        return ocr.read_card(path, cancelled=cancelled)
    except ocr.ScanError as error:
        # Said again in the window's language; the worker hands back text only.
        raise ocr.ScanError(_scan_message(error.kind, error.file) or str(error)) from None


def _scan_message(kind: str, file: str) -> str:
    """The reason an image was not read, in the window's language ('' for an unknown one)."""
    from PySide6.QtCore import QCoreApplication

    words = {
        "missing": QT_TRANSLATE_NOOP("ScanUi", "{0} does not exist."),
        "folder": QT_TRANSLATE_NOOP("ScanUi", "{0} is a folder, not an image."),
        "unreadable": QT_TRANSLATE_NOOP("ScanUi", "{0} cannot be read."),
        "empty": QT_TRANSLATE_NOOP("ScanUi", "{0} is an empty file, not an image."),
        "not_image": QT_TRANSLATE_NOOP("ScanUi", "{0} is not an image SalesDesk can read."),
        "too_small": QT_TRANSLATE_NOOP("ScanUi", "{0} is too small to read a card from."),
        "no_text": QT_TRANSLATE_NOOP("ScanUi", "No text was found on {0}: is it a business card?"),
        "no_fields": QT_TRANSLATE_NOOP(
            "ScanUi", "{0} has text but no name, company, phone or e-mail was found on it."
        ),
    }
    source = words.get(kind)
    return QCoreApplication.translate("ScanUi", source).format(file) if source else ""


class _Reader(QObject):
    """Reads the images one after another on the worker; the GUI side gets each result.

    Signals: read(int, object) — the image's index and its Reading;
    failed(int, str) — an image that could not be read; finished() — all done or stopped.
    """

    read = Signal(int, object)
    failed = Signal(int, str)
    finished = Signal()

    def __init__(
        self, paths: list[Path], reader: Callable[..., Any], parent: QObject, ops: Any
    ) -> None:
        super().__init__(parent)
        self.ops = ops  # the window's runner: each image is read there, one after another
        self.paths = paths
        self.reader = reader
        self.cancel = threading.Event()
        self._running = 0
        self.next = 0

    def start(self) -> None:
        self._read_next()

    def stop(self) -> None:
        self.cancel.set()

    @property
    def running(self) -> bool:
        return self._running > 0

    def _read_next(self) -> None:
        if self.cancel.is_set() or self.next >= len(self.paths):
            self.finished.emit()
            return
        index = self.next
        self.next += 1
        path = self.paths[index]

        def done(reading: Any) -> None:
            if not isValid(self):  # the review was closed while this image was read
                return
            self._running -= 1
            self.read.emit(index, reading)
            self._read_next()

        def failed(message: str) -> None:
            if not isValid(self):
                return
            self._running -= 1
            if not self.cancel.is_set():
                self.failed.emit(index, message)
            self._read_next()

        self._running += 1
        self.ops.job(lambda _task: self.reader(path, self.cancel.is_set), done, failed)


class ScanReview(QDialog):
    """The proposals of one batch of images, reviewed one by one; saving goes through Ops."""

    def __init__(
        self, window: Any, paths: list[Path], reader: Callable[..., Any] | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle(self.tr("Scan business cards"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.paths = paths
        self.queue: list[Any] = []  # readings waiting for review
        self.current: Any = None
        self.match: Any = None
        self.errors: list[str] = []
        self.counts = {"created": 0, "updated": 0, "skipped": 0}
        self.done_reading = False
        self.focused = ""
        self.backs: list[Any] = []  # readings of the current card's other side
        self.other_side = ""  # what the other side says differently, for the card's notes
        self.reader = _Reader(paths, reader or _read, self, window.ops)
        self.reader.read.connect(self._arrived)
        self.reader.failed.connect(self._failed)
        self.reader.finished.connect(self._finished_reading)
        self._build()
        self.reader.start()
        self._show_state()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.progress_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, len(self.paths))
        self.stop_button = QPushButton(self.tr("Stop reading"), self)
        self.stop_button.clicked.connect(self.stop_reading)
        top.addWidget(self.progress_label, 1)
        top.addWidget(self.progress, 1)
        top.addWidget(self.stop_button)
        layout.addLayout(top)

        self.header = QLabel(self)
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        middle = QHBoxLayout()
        self.image_label = QLabel(self)
        self.image_label.setMinimumSize(IMAGE_SIZE)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setFrameShape(QLabel.Shape.StyledPanel)
        middle.addWidget(self.image_label, 3)

        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.edits: dict[str, QLineEdit] = {}
        names = {
            "name": self.tr("&Name:"),
            "company": self.tr("&Company:"),
            "department": self.tr("&Department:"),
            "title": self.tr("&Title:"),
            "email": self.tr("&E-mail:"),
            "address": self.tr("&Address:"),
            "area": self.tr("A&rea:"),
            "wechat": self.tr("&WeChat ID:"),
        }
        for key in TEXT_FIELDS:
            edit = QLineEdit(form_box)
            edit.setObjectName(f"scan_{key}")
            edit.installEventFilter(self)
            self.edits[key] = edit
            form.addRow(names[key], edit)
            if key in ("name", "company", "email"):
                edit.editingFinished.connect(self._find_match)  # a corrected field may match
        self.phone_grid = QGridLayout()
        self.phone_edits: list[tuple[QLineEdit, QComboBox]] = []
        self._form_box = form_box
        for _ in range(PHONE_ROWS):
            self._add_phone_row()
        phones_label = QLabel(self.tr("&Phones:"), form_box)
        phones_label.setBuddy(self.phone_edits[0][0])  # a label beside a layout has no buddy
        form.addRow(phones_label, self.phone_grid)
        self.website = QLineEdit(form_box)
        self.website.installEventFilter(self)
        form.addRow(self.tr("Webs&ite:"), self.website)
        middle.addWidget(form_box, 2)
        layout.addLayout(middle, 1)

        self.match_box = QGroupBox(self.tr("Already a card"), self)
        match_layout = QVBoxLayout(self.match_box)
        self.match_label = QLabel(self.match_box)
        self.match_label.setWordWrap(True)
        self.update_button = QRadioButton(self.tr("&Update that card"), self.match_box)
        self.new_button = QRadioButton(self.tr("Add as &new card"), self.match_box)
        for widget in (self.match_label, self.update_button, self.new_button):
            match_layout.addWidget(widget)
        layout.addWidget(self.match_box)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b")
        layout.addWidget(self.error_label)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_button = QPushButton(self.tr("S&kip"), self)
        self.save_button = QPushButton(self.tr("&Save card"), self)
        self.save_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.back_button = QPushButton(self.tr("Next image is the &back side"), self)
        self.back_button.setToolTip(
            self.tr(
                "Read the next image as the other side of this card (a Chinese and an English "
                "side): it fills what this side lacks, and both images are kept."
            )
        )
        self.back_button.clicked.connect(self.add_back_side)
        buttons.insertWidget(0, self.back_button)
        self.skip_button.clicked.connect(self.skip)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        for button in (self.skip_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.resize(980, 640)

    # -- reading -------------------------------------------------------------------------
    def _arrived(self, _index: int, reading: Any) -> None:
        self.queue.append(reading)
        if self.current is None:
            self._next()
        self._show_state()

    def _failed(self, index: int, message: str) -> None:
        self.errors.append(message or self.tr("{0} could not be read.").format(self.paths[index]))
        self.error_label.setText(self.tr("Not read: {0}").format(" ".join(self.errors)))
        self._show_state()

    def _finished_reading(self) -> None:
        self.done_reading = True
        if self.current is None and not self.queue:
            self._all_done()
        self._show_state()

    def stop_reading(self) -> None:
        """Cancel: the image being read is dropped, those read already stay for review."""
        self.reader.stop()
        self.stop_button.setEnabled(False)

    def _show_state(self) -> None:
        read = self.reader.next - (1 if self.reader.running else 0)
        self.progress.setValue(read)
        if self.done_reading:
            self.progress_label.setText(
                plural(
                    len(self.paths),
                    self.tr("{0} of {1} image read."),
                    self.tr("{0} of {1} images read."),
                ).format(read, len(self.paths))
            )
            self.stop_button.setEnabled(False)
        else:
            text = self.tr("Reading image {0} of {1}…").format(self.reader.next, len(self.paths))
            if not read:
                text = self.tr("Loading the card reader and reading the first image…")
            self.progress_label.setText(text)
        waiting = self.current is None
        for widget in (self.save_button, self.skip_button):
            widget.setEnabled(not waiting)
        self.back_button.setEnabled(not waiting and bool(self.queue))
        if waiting and not self.done_reading:
            self.header.setText(self.tr("Waiting for the next card…"))

    # -- one proposal --------------------------------------------------------------------
    def _next(self) -> None:
        self.current = self.queue.pop(0) if self.queue else None
        self.backs, self.other_side = [], ""
        if self.current is None:
            self._clear()
            if self.done_reading:
                self._all_done()
            return
        reading = self.current
        proposal = reading.proposal
        reviewed = sum(self.counts.values()) + 1
        self.header.setText(
            self.tr("Card {0} of {1}: {2} (confidence {3:.0%})").format(
                reviewed, len(self.paths), reading.name, proposal.confidence
            )
        )
        for key, edit in self.edits.items():
            edit.setText(str(getattr(proposal, key)))
            edit.setCursorPosition(0)
        self._phone_rows(len(proposal.phones))
        for row, (number, kind) in enumerate(self.phone_edits):
            phone = proposal.phones[row] if row < len(proposal.phones) else None
            number.setText(phone.number if phone else "")
            kind.setCurrentIndex(max(0, kind.findData(phone.label if phone else "mobile")))
        self.website.setText(proposal.website)
        self.match_box.hide()
        self._find_match()
        self.focused = ""
        self._draw_image()
        self.edits["name"].setFocus()
        self._show_state()

    def _add_phone_row(self) -> tuple[QLineEdit, QComboBox]:
        row = len(self.phone_edits)
        number = QLineEdit(self._form_box)
        number.setObjectName(f"scan_phone_{row}")
        number.installEventFilter(self)
        number.editingFinished.connect(self._find_match)
        number.textEdited.connect(self._spare_phone_row)
        kind = QComboBox(self._form_box)
        for code in PHONE_CODES:
            kind.addItem(labels.word(labels.PHONE_LABELS, code), code)
        self.phone_grid.addWidget(number, row, 0)
        self.phone_grid.addWidget(kind, row, 1)
        if row:
            self.setTabOrder(self.phone_edits[-1][1], number)
            self.setTabOrder(number, kind)
        self.phone_edits.append((number, kind))
        return number, kind

    def _phone_rows(self, phones: int) -> None:
        """Rows for `phones` numbers and at least PHONE_ROWS, one of them empty when the
        numbers fill the rest: a two-sided card may carry five or six."""
        wanted = max(PHONE_ROWS, phones + 1)
        while len(self.phone_edits) < wanted:
            self._add_phone_row()
        while len(self.phone_edits) > wanted:
            number, kind = self.phone_edits.pop()
            for widget in (number, kind):
                self.phone_grid.removeWidget(widget)
                widget.deleteLater()

    def _spare_phone_row(self, _text: str = "") -> None:
        """Typing in the last phone row opens another below it."""
        if self.phone_edits[-1][0].text().strip():
            self._add_phone_row()

    def _clear(self) -> None:
        for edit in [*self.edits.values(), self.website]:
            edit.clear()
        for number, _ in self.phone_edits:
            number.clear()
        self.image_label.clear()
        self.match_box.hide()

    def _find_match(self) -> None:
        from salesdesk.services import scan

        if self.current is None:
            return
        fields = self.fields()
        self.match = scan.find_matching_card(
            name=fields["name"],
            company=fields["company"],
            phones=fields["phones"],
            email=fields["email"],
            store=self.reader.ops.store,  # the window's runner
        )
        if self.match is None:
            self.match_box.hide()
            return
        reason = {
            "mobile": self.tr("same mobile"),
            "email": self.tr("same e-mail"),
            "name_company": self.tr("same name and company"),
        }[self.match.reason]
        who = " · ".join(p for p in (self.match.name, self.match.company) if p)
        self.match_label.setText(self.tr("{0} is already a card ({1}).").format(who, reason))
        if self.match_box.isHidden():
            self.update_button.setChecked(True)  # a second card of one person is worse
        self.match_box.show()

    def add_back_side(self) -> None:
        """The next image read is this card's other side: it fills the empty fields, adds
        its other phones, and is kept with the card beside this one."""
        from salesdesk.domain.cardtext import combine_sides

        if self.current is None or not self.queue:
            return
        back = self.queue.pop(0)
        combined = combine_sides(self._form(), back.proposal.to_json())
        for key, edit in self.edits.items():
            edit.setText(combined[key])
            edit.setCursorPosition(0)
        self._phone_rows(len(combined["phones"]))
        for row, (number, kind) in enumerate(self.phone_edits):
            phone = combined["phones"][row] if row < len(combined["phones"]) else None
            if phone is not None:
                number.setText(phone["number"])
                kind.setCurrentIndex(max(0, kind.findData(phone["label"])))
        self.website.setText(combined["website"])
        self.other_side = "\n".join(t for t in (self.other_side, combined["other_side"]) if t)
        self.backs.append(back)
        names = " + ".join(r.name for r in (self.current, *self.backs))
        self.header.setText(self.tr("One card from both sides: {0}").format(names))
        self._find_match()
        self._show_state()

    def _form(self) -> dict[str, Any]:
        """The form as a scan's fields (department apart, phones as number and label)."""
        values: dict[str, Any] = {key: edit.text().strip() for key, edit in self.edits.items()}
        values["phones"] = [
            {"number": number.text().strip(), "label": kind.currentData()}
            for number, kind in self.phone_edits
            if number.text().strip()
        ]
        values["website"] = self.website.text().strip()
        return values

    def fields(self) -> dict[str, Any]:
        """The card's fields as the user left them in the form."""
        values = {key: edit.text().strip() for key, edit in self.edits.items()}
        department = values.pop("department")
        values["title"] = " ".join(p for p in (department, values["title"]) if p)
        values["phones"] = [
            {"number": number.text().strip(), "label": kind.currentData()}
            for number, kind in self.phone_edits
            if number.text().strip()
        ]
        values["website"] = self.website.text().strip()
        if self.other_side:
            values["other_side"] = self.other_side
        return values

    def save(self) -> None:
        from salesdesk.services import scan

        reading = self.current
        if reading is None:
            return
        fields = self.fields()
        update_id = (
            self.match.card_id
            if self.match is not None and self.update_button.isChecked()
            else None
        )
        outcome: list[Any] = []

        def write() -> Any:
            saved, result = scan.save(
                self.window.session,
                fields,
                reading.image,
                reading.mime,
                update_id=update_id,
                more_images=[(back.image, back.mime) for back in self.backs],
            )
            outcome.append(saved)
            return result

        if self.window.ops.run(write) is None:
            return  # the message was shown; the proposal stays for the user to correct
        saved = outcome[0]
        self.counts["created" if saved.created else "updated"] += 1
        self.window.select_card(saved.card_id)
        self._next()

    def skip(self) -> None:
        if self.current is None:
            return
        self.counts["skipped"] += 1
        self._next()

    def _all_done(self) -> None:
        text = self.tr("Business cards: {0} new, {1} updated, {2} skipped, {3} not read.").format(
            self.counts["created"], self.counts["updated"], self.counts["skipped"], len(self.errors)
        )
        self.window.statusBar().showMessage(text, 10_000)
        self.header.setText(text)
        if not self.errors:
            QTimer.singleShot(0, self.close)

    def closeEvent(self, event: Any) -> None:
        self.reader.stop()
        super().closeEvent(event)

    # -- the image with the focused field's boxes ---------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            key = next((k for k, e in self.edits.items() if e is watched), "")
            if not key and any(watched is number for number, _ in self.phone_edits):
                key = "phones"
            if not key and watched is self.website:
                key = "website"
            self.focused = key
            self._draw_image()
        return super().eventFilter(watched, event)

    def _draw_image(self) -> None:
        reading = self.current
        if reading is None:
            return
        image = _image_of(reading)
        if image.isNull():
            self.image_label.setText(self.tr("(no preview)"))
            return
        pixmap = QPixmap.fromImage(image).scaled(
            self.image_label.size().expandedTo(IMAGE_SIZE),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scale = pixmap.width() / max(1, reading.width)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        chosen = set(reading.proposal.sources.get(self.focused, []))
        for index, box in enumerate(reading.boxes):
            strong = index in chosen
            pen = QPen(QColor(220, 40, 40) if strong else QColor(40, 110, 220, 110))
            pen.setWidthF(2.5 if strong else 1.0)
            painter.setPen(pen)
            painter.drawRect(
                QRectF(
                    box.left * scale,
                    box.top * scale,
                    box.width * scale,
                    box.height * scale,
                )
            )
        painter.end()
        self.image_label.setPixmap(pixmap)


def _image_of(reading: Any) -> QImage:
    """The image as it was read: upright by its EXIF tag, turned as the reading turned it,
    at the size the boxes were measured on."""
    from PySide6.QtCore import QBuffer, QByteArray

    data = QByteArray(reading.image)
    buffer = QBuffer(data)
    qreader = QImageReader(buffer)
    qreader.setAutoTransform(True)
    image = qreader.read()
    if image.isNull():
        return image
    if reading.rotation:
        image = image.transformed(QTransform().rotate(-reading.rotation))
    return image.scaled(
        reading.width,
        reading.height,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
