"""The mouse wheel scrolls the form; it never changes a box the user has not focused."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from salesdesk.ui.dialogs import ChangeGradeDialog
from salesdesk.ui.preferences import PreferencesDialog
from tests.gui.helpers import select


def _wheel_over(widget: QWidget, notches: int = -1) -> QWidget:
    """Turn the wheel with the pointer over the middle of this widget, as the mouse would.

    The event goes to the widget under the pointer (a combo's inner part, say).
    """
    window = widget.window()
    point = widget.mapTo(window, widget.rect().center())
    target = window.childAt(point) or window
    local = target.mapFrom(window, point)
    event = QWheelEvent(
        QPointF(local),
        QPointF(target.mapToGlobal(local)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(target, event)
    return target


def test_wheel_over_the_details_form_scrolls_it_and_changes_no_field(
    qtbot: Any, window: Any
) -> None:
    window.resize(1280, 560)
    window.views.setCurrentWidget(window.splitter)
    select(window, qtbot, "张伟")
    panel = window.panel
    scroll = panel.style_box.parentWidget().parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    panel.edits["name"].setFocus()
    for box in (panel.style_box, panel.status, panel.credit, panel.source):
        scroll.ensureWidgetVisible(box)
        before_index, before_scroll = box.currentIndex(), bar.value()
        bar.setValue(bar.minimum() if before_scroll == bar.maximum() else before_scroll)
        before_scroll = bar.value()
        target = _wheel_over(box, -1)
        assert target is box or box.isAncestorOf(target)
        assert box.currentIndex() == before_index
        assert bar.value() > before_scroll or before_scroll == bar.maximum()
    assert not panel.is_dirty()
    # Once the user clicks into the box, the wheel is the box's again.
    panel.style_box.setFocus()
    scroll.ensureWidgetVisible(panel.style_box)
    _wheel_over(panel.style_box, -1)
    assert panel.style_box.currentIndex() == 1
    assert panel.is_dirty()


def test_wheel_over_dialog_boxes_changes_nothing(qtbot: Any, session: Any) -> None:
    dialog = ChangeGradeDialog(None, name="张伟", grade="B", f_kind=None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.fields.reason.setFocus()
    _wheel_over(dialog.fields.grade, -1)
    assert dialog.fields.grade.currentData() == "B"

    prefs = PreferencesDialog(
        None,
        {"cadence": {"A": 7}, "after_sales_first_days": 30, "after_sales_days": 180},
        store=session.store,
    )
    qtbot.addWidget(prefs)
    prefs.show()
    qtbot.waitExposed(prefs)
    box = prefs.visits_page.days["A"]
    _wheel_over(box, 1)
    assert box.value() == 7
    _wheel_over(prefs.language_page.language, -1)
    assert prefs.language_page.language.currentIndex() == 0
