"""The dialogs, driven through their widgets: what they return is what the services get."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from salesdesk.ui import dialogs
from salesdesk.ui.dialogs import (
    ChangeGradeDialog,
    EditContactDialog,
    GradeFields,
    LogContactDialog,
    NewCardDialog,
)
from salesdesk.ui.panel import TAB_CONTACTS
from tests.gui.helpers import select

TODAY = date(2025, 3, 5)


def _choose(fields: GradeFields, grade: str) -> None:
    fields.grade.setCurrentIndex(fields.grade.findData(grade))


def test_grade_fields_ask_for_what_each_grade_needs(qtbot: Any) -> None:
    fields = GradeFields(None, grade="B", cadence={"C": 60, "D": 30}, today=TODAY)
    qtbot.addWidget(fields)
    form = fields.form
    assert not form.isRowVisible(fields.f_kind)
    assert not form.isRowVisible(fields.blocker)
    _choose(fields, "F")
    assert form.isRowVisible(fields.f_kind)
    _choose(fields, "C")
    assert form.isRowVisible(fields.blocker)
    assert form.isRowVisible(fields.recheck)
    assert fields.recheck.date().toPython() == TODAY + timedelta(days=60)
    assert "60" in fields.recheck_hint.text()
    _choose(fields, "D")
    assert fields.recheck.date().toPython() == TODAY + timedelta(days=30)
    fields.recheck.selectAll()
    qtbot.keyClicks(fields.recheck, "2025-12-01")  # the user's date stays when the grade moves
    _choose(fields, "C")
    assert fields.recheck.date().toPython() == date(2025, 12, 1)
    fields.blocker.setText("体检待复查")
    fields.reason.setText("health check")
    assert fields.values() == {
        "grade": "C",
        "f_kind": None,
        "reason": "health check",
        "blocker": "体检待复查",
        "recheck_on": date(2025, 12, 1),
    }


def test_f_kind_goes_with_f_only(qtbot: Any) -> None:
    dialog = ChangeGradeDialog(None, name="张伟", grade="F", f_kind="F1", today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.values()["f_kind"] == "F1"
    _choose(dialog.fields, "A")
    assert dialog.values() == {
        "grade": "A",
        "f_kind": None,
        "reason": "",
        "blocker": None,
        "recheck_on": None,
    }


def test_log_contact_needs_a_summary_and_may_regrade(qtbot: Any) -> None:
    now = datetime(2025, 3, 5, 14, 30)
    dialog = LogContactDialog(None, name="张伟", grade="E", f_kind=None, now=now)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.summary.setPlainText("上门拜访")
    assert ok.isEnabled()
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    assert dialog.values() == {
        "at": now,
        "channel": "phone",
        "summary": "上门拜访",
        "outcome": "",
    }
    dialog.regrade.setChecked(True)
    _choose(dialog.grade_fields, "D")
    values = dialog.values()
    assert values["grade"] == "D"
    assert values["recheck_on"] == date(2025, 4, 4)  # D's default cadence: 30 days


def test_new_card_needs_a_name(qtbot: Any) -> None:
    dialog = NewCardDialog(None, today=TODAY)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.name.setText("刘洋")
    dialog.phone.setText("13800138000")
    assert ok.isEnabled()
    values = dialog.values()
    assert values["fields"] == {
        "name": "刘洋",
        "phones": [{"label": "mobile", "number": "13800138000"}],
    }
    assert values["grade"]["grade"] == "F"
    assert values["grade"]["f_kind"] == "F2"


def test_editing_a_contact_from_the_log(
    qtbot: Any, window: Any, session: Any, cards: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session.log_contact(cards["王芳"], channel="visit", summary="第一次拜访")
    window.refresh_list()
    select(window, qtbot, "王芳")
    panel = window.panel
    panel.show_tab(TAB_CONTACTS)
    entry = panel.contact_model.entry(0)
    dialog = EditContactDialog(None, name="王芳", entry=entry)
    qtbot.addWidget(dialog)
    assert dialog.changed_fields() == {}
    dialog.summary.setPlainText("第一次拜访，带了样品")
    assert dialog.changed_fields() == {"summary": "第一次拜访，带了样品"}

    monkeypatch.setattr(
        dialogs.EditContactDialog,
        "ask_changes",
        classmethod(lambda _cls, _parent, **_kw: {"summary": "第一次拜访，带了样品"}),
    )
    panel.contact_table.selectRow(0)
    assert panel.edit_contact_button.isEnabled()
    panel.edit_contact_button.click()
    qtbot.waitUntil(
        lambda: panel.contact_model.index(0, 2).data() == "第一次拜访，带了样品", timeout=2000
    )
    assert window.undo_action.text().replace("&", "") == "Undo Edit contact"
