"""Dates and times typed the way they are shown go in as typed, in every field that takes one."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView, QWidget

from salesdesk.ui.aftersales import CaseDialog, DealDialog
from salesdesk.ui.charts import PeriodPicker
from salesdesk.ui.dialogs import ChangeGradeDialog, LogContactDialog
from salesdesk.ui.exportui import ExportDialog
from salesdesk.ui.visits import VisitDialog
from tests.gui.conftest import Messages

TODAY = date(2026, 3, 6)
NOW = datetime(2026, 3, 6, 9, 41)
QM = Path(__file__).resolve().parents[2] / "resources" / "translations" / "salesdesk_zh_CN.qm"


def _shown(qtbot: Any, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


def _tab_into(qtbot: Any, before: QWidget, field: QWidget) -> None:
    """Reach the field as a user does: from the field before it, with Tab."""
    before.setFocus()
    qtbot.waitUntil(before.hasFocus, timeout=2000)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(field.hasFocus, timeout=2000)


def _type(qtbot: Any, widget: QWidget, text: str) -> None:
    qtbot.keyClicks(widget.window().focusWidget(), text)


def _ok(qtbot: Any, dialog: QDialog, box: QDialogButtonBox | None = None) -> None:
    box = box or dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_recheck_date_typed_after_tab_is_stored_as_typed(qtbot: Any) -> None:
    dialog = ChangeGradeDialog(None, name="张伟 · 华信", grade="B", f_kind=None, today=TODAY)
    fields = dialog.fields
    fields.grade.setCurrentIndex(fields.grade.findData("C"))
    _shown(qtbot, dialog)
    _tab_into(qtbot, fields.blocker, fields.recheck)
    _type(qtbot, dialog, "2027-06-15")
    assert dialog.values()["recheck_on"] == date(2027, 6, 15)
    # Select-all and typing replaces the date.
    qtbot.keyClick(fields.recheck, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(fields.recheck, "2027-04-20")
    assert dialog.values()["recheck_on"] == date(2027, 4, 20)
    # Tab leaves the field for the next one.
    qtbot.keyClick(fields.recheck, Qt.Key.Key_Tab)
    assert not fields.recheck.hasFocus()
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("typed", ["2027-02-30", "2027-06", "2027-13-01", "15.06.2027", ""])
def test_a_partial_or_impossible_date_is_refused_with_a_message(
    qtbot: Any, messages: Messages, typed: str
) -> None:
    dialog = ChangeGradeDialog(None, name="张伟", grade="C", f_kind=None, today=TODAY)
    _shown(qtbot, dialog)
    field = dialog.fields.recheck
    _tab_into(qtbot, dialog.fields.blocker, field)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    if typed:
        qtbot.keyClicks(field, typed)
    _ok(qtbot, dialog)
    assert dialog.isVisible()  # not accepted
    assert len(messages.errors) == 1
    assert f"“{typed}” is not a date" in messages.errors[0] or not typed
    assert "year-month-day" in messages.errors[0]
    assert field.hasFocus()  # back in the field to correct it


def test_the_refusal_is_in_the_windows_language(qtbot: Any, messages: Messages) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        dialog = DealDialog(None, name="张伟", today=TODAY)
        _shown(qtbot, dialog)
        dialog.product.setText("年金险")
        dialog.closed_on.setFocus()
        qtbot.keyClick(dialog.closed_on, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.closed_on, "2026-02-30")
        _ok(qtbot, dialog)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert messages.errors == ["“2026-02-30”不是有效日期。请按 年-月-日 输入，如 2027-06-15。"]


def test_deal_date_tab_moves_on_and_typed_text_lands_in_the_next_field(qtbot: Any) -> None:
    dialog = DealDialog(None, name="张伟", today=TODAY)
    _shown(qtbot, dialog)
    dialog.closed_on.setFocus()
    qtbot.waitUntil(dialog.closed_on.hasFocus, timeout=2000)
    qtbot.keyClick(dialog.closed_on, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.closed_on, "2026-02-27")
    qtbot.keyClick(dialog.closed_on, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.product.hasFocus, timeout=2000)
    qtbot.keyClicks(dialog.product, "annuity")
    values = dialog.values()
    assert values["closed_on"] == date(2026, 2, 27)
    assert values["product"] == "annuity"


def test_contact_time_and_case_time_typed_whole(qtbot: Any, messages: Messages) -> None:
    log = LogContactDialog(None, name="张伟", grade="B", f_kind=None, now=NOW)
    _shown(qtbot, log)
    log.at.setFocus()
    qtbot.waitUntil(log.at.hasFocus, timeout=2000)
    qtbot.keyClick(log.at, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(log.at, "2026-03-05 16:20")
    assert log.values()["at"] == datetime(2026, 3, 5, 16, 20)
    log.summary.setPlainText("谈了续保")
    qtbot.keyClick(log.at, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(log.at, "2026-03-05 25:20")
    _ok(qtbot, log, log.buttons)
    assert log.isVisible()
    assert "is not a date and time" in messages.errors[-1]

    case = CaseDialog(None, mode="open", name="张伟", now=NOW)
    _shown(qtbot, case)
    case.at.setFocus()
    qtbot.keyClick(case.at, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(case.at, "2026-03-04 08:05")
    qtbot.keyClick(case.at, Qt.Key.Key_Tab)
    assert case.values()["at"] == datetime(2026, 3, 4, 8, 5)


def test_visit_date_and_time_typed_whole_and_a_wrong_time_refused(
    qtbot: Any, messages: Messages
) -> None:
    dialog = VisitDialog(None, title="x", due=TODAY, due_time="10:00")
    _shown(qtbot, dialog)
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.date, "2026-04-01")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    dialog.time.setFocus()
    qtbot.keyClick(dialog.time, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.time, "15:45")
    assert dialog.values() == {
        "due_on": date(2026, 4, 1),
        "due_time": "15:45",
        "purpose": "follow_up",
    }
    qtbot.keyClick(dialog.time, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.time, "9:7")
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert messages.errors == ["“9:7” is not a time. Type hours:minutes, like 14:30."]
    # A time that is not asked for (no set time) does not hold the dialog up.
    dialog.timed.setChecked(False)
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_export_period_and_chart_period_typed_whole(qtbot: Any) -> None:
    dialog = ExportDialog(None, 0, "zh")
    _shown(qtbot, dialog)
    dialog.period_box.setChecked(True)
    for edit, text in ((dialog.from_edit, "2026-01-01"), (dialog.to_edit, "2026-02-28")):
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert dialog.from_edit.date().toPython() == date(2026, 1, 1)
    assert dialog.to_edit.date().toPython() == date(2026, 2, 28)

    picker = PeriodPicker(None, kind="custom")
    _shown(qtbot, picker)
    for edit, text in ((picker.start, "2025-07-01"), (picker.end, "2025-12-31")):
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    period = picker.period()
    assert (period.start, period.end) == (date(2025, 7, 1), date(2025, 12, 31))


@pytest.mark.qt_log_ignore(  # the offscreen platform's, for a popup
    "does not support propagateSizeHints",
    "does not support raise",
    "does not support grabbing the keyboard",
)
def test_a_day_picked_from_the_calendar_goes_in(qtbot: Any) -> None:
    dialog = DealDialog(None, name="张伟", today=TODAY)
    _shown(qtbot, dialog)
    field = dialog.closed_on
    field.calendar_action.trigger()
    calendar = field.calendar
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    assert calendar.selectedDate().toPython() == TODAY
    days = calendar.findChild(QTableView)  # the grid of days has the keyboard
    qtbot.keyClick(days, Qt.Key.Key_Right)  # one day on
    qtbot.keyClick(days, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible(), timeout=2000)
    assert field.text() == "2026-03-07"
    assert dialog.values()["closed_on"] == date(2026, 3, 7)
