"""The coloured grade chip: painted in table cells by a delegate, and as a widget on the panel."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from salesdesk.domain.grades import GRADE_COLORS
from salesdesk.ui import labels
from salesdesk.ui.models import GradeRole


def grade_color(label: str) -> QColor:
    return QColor(GRADE_COLORS.get(label[:1], "#9e9e9e"))


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(background.red())
        + 0.7152 * channel(background.green())
        + 0.0722 * channel(background.blue())
    )
    # Contrast against black beats contrast against white above ~0.179.
    return QColor("#000000") if luminance > 0.179 else QColor("#ffffff")


def paint_chip(painter: QPainter, rect: QRect, label: str, font: QFont) -> None:
    background = grade_color(label)
    metrics_width = painter.fontMetrics().horizontalAdvance(label)
    width = min(rect.width() - 2, max(metrics_width + 14, rect.height() + 4))
    height = min(rect.height() - 4, painter.fontMetrics().height() + 4)
    chip = QRect(0, 0, width, height)
    chip.moveCenter(rect.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(chip, height / 2, height / 2)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(text_color_on(background))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()


class GradeChipDelegate(QStyledItemDelegate):
    """Paints a cell's GradeRole as a coloured chip carrying its letter. Signals: none."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        label = index.data(GradeRole)
        if not label:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the selection and focus frame only; the chip carries the letter
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        paint_chip(painter, opt.rect, label, opt.font)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(
            max(size.width(), option.fontMetrics.horizontalAdvance("F2") + 24), size.height()
        )


class GradeChip(QLabel):
    """The card's grade on the panel: its letter and name on the grade's colour. Signals: none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.label = ""
        self.set_grade("")

    def set_grade(self, label: str) -> None:
        self.label = label
        if not label:
            self.setText("")
            self.setStyleSheet("")
            return
        background = grade_color(label)
        foreground = text_color_on(background)
        self.setText(f"{label}  ·  {labels.grade_name(label)}")
        self.setToolTip(labels.grade_name(label))
        self.setStyleSheet(
            f"QLabel {{ background: {background.name()}; color: {foreground.name()};"
            " border-radius: 10px; padding: 3px 12px; font-weight: bold; }"
        )


class GradePathStrip(QWidget):
    """A card's grade path as chips with arrows (F2 → E → B → A), wrapping as needed.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self._arrow = " → "

    def set_path(self, grades: list[str]) -> None:
        self.labels = list(grades)
        self.setToolTip(self._arrow.join(grades))
        self.updateGeometry()
        self.update()

    def _chip_size(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("F2") + 18, metrics.height() + 8)

    def _layout(self, width: int) -> list[tuple[QRect, QRect | None]]:
        chip = self._chip_size()
        arrow_width = self.fontMetrics().horizontalAdvance(self._arrow)
        placed: list[tuple[QRect, QRect | None]] = []
        x = y = 0
        for number, _ in enumerate(self.labels):
            if x and x + chip.width() > width:
                x, y = 0, y + chip.height() + 4
            rect = QRect(x, y, chip.width(), chip.height())
            x += chip.width()
            arrow = None
            if number < len(self.labels) - 1:
                arrow = QRect(x, y, arrow_width, chip.height())
                x += arrow_width
            placed.append((rect, arrow))
        return placed

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        placed = self._layout(width)
        return placed[-1][0].bottom() + 2 if placed else 0

    def sizeHint(self) -> QSize:
        return QSize(200, self.heightForWidth(max(self.width(), 200)))

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        for label, (rect, arrow) in zip(self.labels, self._layout(self.width()), strict=True):
            paint_chip(painter, rect.adjusted(0, -2, 0, 2), label, self.font())
            if arrow is not None:
                painter.drawText(arrow, Qt.AlignmentFlag.AlignCenter, self._arrow)
        painter.end()
