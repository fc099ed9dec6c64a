"""Merged letters as one PDF, a letter a page, through Qt's printing (as the day sheet)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from salesdesk.domain.errors import InvalidValue
from salesdesk.services.letters import Addressee

_STYLE = """
body { font-size: 11pt; }
p { margin: 0 0 6px 0; line-height: 150%; }
"""


def letters_html(texts: list[str]) -> str:
    pages = []
    for index, text in enumerate(texts):
        paragraphs = "".join(
            f"<p>{escape(line) if line.strip() else '&nbsp;'}</p>" for line in text.split("\n")
        )
        style = ' style="page-break-before: always"' if index else ""
        pages.append(f"<div{style}>{paragraphs}</div>")
    return f"<html><head><style>{_STYLE}</style></head><body>{''.join(pages)}</body></html>"


def ensure_gui() -> None:
    """The command line writes PDFs too: Qt's fonts need a GUI application (offscreen)."""
    import os

    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APPS.append(QGuiApplication([]))


_APPS: list[object] = []  # the command line's application lives as long as the process


def save_letters_pdf(texts: list[str], path: str | Path) -> Path:
    """Write the letters to `path` (written to a partial file, then renamed)."""
    target = Path(path)
    if not texts:
        raise InvalidValue("No letter to write: no card chosen has an address.")
    partial = target.with_name(f".{target.name}.partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(25, 25, 20, 25),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(letters_html(texts))
    document.print_(writer)
    del writer  # closes the file
    try:
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidValue(f"Cannot write {target}: {error.strerror or error}.") from None
    return target


# A4 label sheets of 3 x 8 labels of 70 x 37 mm (the common "24 per sheet" sheets);
# Chinese DL envelopes (220 x 110 mm) with six postcode boxes.
LABEL_COLUMNS, LABEL_ROWS = 3, 8
LABEL_W_MM, LABEL_H_MM = 70.0, 37.0
ENVELOPE_MM = (220.0, 110.0)
DPI = 300


def _mm(value: float) -> float:
    return value / 25.4 * DPI


def _writer(path: Path, size: QPageSize, landscape: bool = False) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    writer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    return writer


def _finish(partial: Path, target: Path) -> Path:
    try:
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidValue(f"Cannot write {target}: {error.strerror or error}.") from None
    return target


def save_labels_pdf(people: list[Addressee], path: str | Path) -> Path:
    """Address labels, 24 to an A4 sheet: postcode, address, name and title."""
    target = Path(path)
    if not people:
        raise InvalidValue("No label to print: no card chosen has an address.")
    partial = target.with_name(f".{target.name}.partial")
    writer = _writer(partial, QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    font = QFont()
    font.setPointSizeF(9.5)
    bold = QFont(font)
    bold.setBold(True)
    bold.setPointSizeF(11)
    # The sheet's labels fill the page from the top left, half a millimetre in.
    top = (297.0 - LABEL_ROWS * LABEL_H_MM) / 2
    for index, person in enumerate(people):
        slot = index % (LABEL_COLUMNS * LABEL_ROWS)
        if index and slot == 0:
            writer.newPage()
        column, row = slot % LABEL_COLUMNS, slot // LABEL_COLUMNS
        box = QRectF(
            _mm(column * LABEL_W_MM + 5),
            _mm(top + row * LABEL_H_MM + 4),
            _mm(LABEL_W_MM - 10),
            _mm(LABEL_H_MM - 8),
        )
        painter.setFont(font)
        lines = [person.postcode] if person.postcode else []
        lines.append(person.address)
        if person.company:
            lines.append(person.company)
        text = "\n".join(lines)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
            Qt.TextFlag.TextWordWrap
        )
        used = painter.boundingRect(box, flags, text)
        painter.drawText(box, flags, text)
        painter.setFont(bold)
        name_box = QRectF(box.left(), used.bottom() + _mm(1.5), box.width(), _mm(11))
        painter.drawText(name_box, flags, person.to_line())
    painter.end()
    del writer
    return _finish(partial, target)


def save_envelopes_pdf(people: list[Addressee], path: str | Path, sender: str = "") -> Path:
    """Chinese envelopes (DL): postcode boxes, the address, name and title, the sender."""
    target = Path(path)
    if not people:
        raise InvalidValue("No envelope to print: no card chosen has an address.")
    partial = target.with_name(f".{target.name}.partial")
    size = QPageSize(QSizeF(*ENVELOPE_MM), QPageSize.Unit.Millimeter, "DL")
    writer = _writer(partial, size)
    painter = QPainter(writer)
    pen = QPen(Qt.GlobalColor.red)
    pen.setWidthF(_mm(0.4))
    small, large = QFont(), QFont()
    small.setPointSizeF(11)
    large.setPointSizeF(20)
    large.setBold(True)
    for index, person in enumerate(people):
        if index:
            writer.newPage()
        painter.setPen(pen)
        for digit in range(6):  # the six postcode boxes, top left
            painter.drawRect(QRectF(_mm(12 + digit * 9.5), _mm(10), _mm(8), _mm(10)))
        painter.setPen(QPen(Qt.GlobalColor.black))
        if person.postcode:
            painter.setFont(large)
            for digit, char in enumerate(person.postcode):
                painter.drawText(
                    QRectF(_mm(12 + digit * 9.5), _mm(10), _mm(8), _mm(10)),
                    int(Qt.AlignmentFlag.AlignCenter),
                    char,
                )
        painter.setFont(small)
        address = "\n".join(t for t in (person.address, person.company) if t)
        painter.drawText(
            QRectF(_mm(20), _mm(28), _mm(170), _mm(24)),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            address,
        )
        painter.setFont(large)
        painter.drawText(
            QRectF(_mm(20), _mm(52), _mm(180), _mm(20)),
            int(Qt.AlignmentFlag.AlignCenter),
            person.to_line(),
        )
        if sender:
            painter.setFont(small)
            painter.drawText(
                QRectF(_mm(100), _mm(84), _mm(110), _mm(16)),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                sender,
            )
    painter.end()
    del writer
    return _finish(partial, target)
