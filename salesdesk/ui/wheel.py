"""The mouse wheel scrolls the form: it changes a combo box or spin box only once it has focus.

Scrolling down the card's Details with the pointer passing over 沟通风格 used to
pick another style and mark the card unsaved. Guarded boxes take focus only by
click or Tab, and pass a wheel turn on to what is behind them (the scroll area)
until then.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox)


class _WheelGuard(QObject):
    """An event filter: a wheel turn over an unfocused box goes to its parent instead."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            # The scroll area holding the form scrolls instead.
            area = watched.parentWidget()
            while area is not None and not isinstance(area, QAbstractScrollArea):
                area = area.parentWidget()
            if area is not None and isinstance(event, QWheelEvent):
                delta = event.angleDelta()
                bar = (
                    area.horizontalScrollBar()
                    if abs(delta.x()) > abs(delta.y())
                    else area.verticalScrollBar()
                )
                QApplication.sendEvent(bar, event)
            return True
        return super().eventFilter(watched, event)


_GUARDS: list[_WheelGuard] = []  # one filter for every box, made on first use


def guard_wheel(*widgets: QWidget) -> None:
    """Keep the wheel from changing these boxes (and any box inside them) until focused."""
    if not _GUARDS:
        _GUARDS.append(_WheelGuard())
    guard = _GUARDS[0]
    for widget in widgets:
        boxes = [widget] if isinstance(widget, _GUARDED) else []
        boxes += [w for w in widget.findChildren(QWidget) if isinstance(w, _GUARDED)]
        for box in boxes:
            if box.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            box.removeEventFilter(guard)
            box.installEventFilter(guard)
