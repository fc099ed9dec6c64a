"""The window's status bar: a long message is cut with "…" before the labels on its right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QWidget


class MessageBar(QStatusBar):
    """QStatusBar paints a message up to its first permanent widget and cuts it there in
    mid-letter, so a long one runs into the "N of M cards" label. Here every message (all
    of them go through showMessage) is elided to the room before that label, whole in the
    tooltip, and elided anew when the room changes. currentMessage() and messageChanged
    give the whole text, as QStatusBar's do.

    Signals: QStatusBar's (messageChanged carries the whole text).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""  # the message as given; QStatusBar holds what fits of it
        self._permanent: list[QWidget] = []
        # Our own timer: eliding anew on a resize must not restart the message's time.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)
        self.messageChanged.connect(self._changed)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        super().addPermanentWidget(widget, stretch or 0)
        self._watch(widget)

    def insertPermanentWidget(self, index: int, widget: QWidget, stretch: int | None = 0) -> int:
        placed = super().insertPermanentWidget(index, widget, stretch or 0)
        self._watch(widget)
        return placed

    def _watch(self, widget: QWidget) -> None:
        self._permanent.append(widget)
        widget.installEventFilter(self)  # it moves or grows: the room changes

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        before = self.currentMessage()
        self._whole = text
        self._timer.stop()
        self._fit()
        if timeout and timeout > 0:
            self._timer.start(timeout)
        if text != before:
            self.messageChanged.emit(text)

    def currentMessage(self) -> str:
        return self._whole or super().currentMessage()

    def room(self) -> int:
        """The width a message is painted in, as QStatusBar reckons it, less an em so
        that it ends clear of the label beside it."""
        right = self.width() - 12
        grip = self.findChild(QSizeGrip)
        if grip is not None and grip.isVisible():
            right = min(right, grip.x())
        for widget in self._permanent:
            if widget.isVisible():
                right = min(right, widget.x() - 2)
        return right - 6 - self.fontMetrics().horizontalAdvance("M")

    def _fit(self) -> None:
        """Hand QStatusBar what fits of the message (it would emit that: kept quiet)."""
        flat = " ".join(self._whole.split())  # painted on one line, as QStatusBar does
        fits = flat
        if self.isVisible() and flat:
            fits = self.fontMetrics().elidedText(
                flat, Qt.TextElideMode.ElideRight, max(self.room(), 0)
            )
        self.setToolTip(self._whole if fits != flat else "")
        blocked = self.blockSignals(True)
        try:
            super().showMessage(fits, 0)
        finally:
            self.blockSignals(blocked)

    def _changed(self, text: str) -> None:
        # Cleared (its time is up) or replaced by Qt itself (a menu's status tip).
        if text != self._whole:
            self._whole = ""
            self._timer.stop()
            self.setToolTip("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._whole:
            self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._whole and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._fit()
        return False
