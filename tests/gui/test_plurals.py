"""Counts in the window read right for 1 and for many in English ("1 of 1 card", "2 of 2
cards"), and in full Chinese, which says both alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salesdesk.services.session import Session
from tests.gui.helpers import wait_today


def _window(qtbot: Any, session: Session) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_today(qtbot, window)
    return window


@pytest.mark.parametrize("cards", [1, 2])
def test_the_card_count_says_card_for_one(
    qtbot: Any, lang: str, session: Session, cards: int
) -> None:
    for n in range(cards):
        session.create_card({"name": f"客户{n}", "owner": "Tom"})
    window = _window(qtbot, session)
    try:
        said = window.count_label.text()
    finally:
        window.close()
    expected = {
        ("en", 1): "1 of 1 card",
        ("en", 2): "2 of 2 cards",
        ("zh_CN", 1): "1 / 1 张卡片",
        ("zh_CN", 2): "2 / 2 张卡片",
    }
    assert said == expected[(lang, cards)]


@pytest.mark.parametrize("cards", [1, 2])
def test_the_handover_preview_says_card_goes_for_one(
    qtbot: Any, lang: str, session: Session, cards: int
) -> None:
    from salesdesk.ui.handover import HandoverDialog

    for n in range(cards):
        session.create_card({"name": f"客户{n}", "owner": "Tom"}, grade="A")
    window = _window(qtbot, session)
    dialog = HandoverDialog(
        window, owners=["Tom"], areas=[], listed=[], pack_folder="", store=session.store
    )
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        dialog.owner.setCurrentIndex(dialog.owner.findText("Tom"))
        qtbot.waitUntil(
            lambda: not dialog.choosing() and len(dialog.chosen) == cards, timeout=10000
        )
        qtbot.keyClicks(dialog.to_owner, "Li Qiang")
        said = dialog.preview.text()
    finally:
        dialog.close()
        window.close()
    expected = {
        ("en", 1): "1 card goes to Li Qiang.",
        ("en", 2): "2 cards go to Li Qiang.",
        ("zh_CN", 1): "1 张卡片将交给Li Qiang。",
        ("zh_CN", 2): "2 张卡片将交给Li Qiang。",
    }
    assert said == expected[(lang, cards)]


def test_the_words_for_an_anniversary_and_overdue_days(lang: str) -> None:
    from PySide6.QtCore import QCoreApplication

    from salesdesk.domain.messages import plural
    from salesdesk.ui.weekplan import occasion_words

    def overdue(days: int) -> str:  # the Today view's and the week plan's words
        return plural(
            days,
            QCoreApplication.translate("Today", "Overdue {0} day"),
            QCoreApplication.translate("Today", "Overdue {0} days"),
        ).format(days)

    said = [occasion_words("anniversary", 1), occasion_words("anniversary", 3)]
    said += [overdue(1), overdue(42)]
    if lang == "zh_CN":
        assert said == ["成为客户 1 周年", "成为客户 3 周年", "逾期 1 天", "逾期 42 天"]
    else:
        assert said == [
            "1 year a customer",
            "3 years a customer",
            "Overdue 1 day",
            "Overdue 42 days",
        ]


def test_the_import_wizard_says_row_for_one(
    qtbot: Any, lang: str, session: Session, tmp_path: Path
) -> None:
    from salesdesk.ui.import_wizard import ImportWizard

    said = []
    for rows in (1, 3):
        path = tmp_path / f"people{rows}.csv"
        path.write_text("name,company\n" + "".join(f"客户{n},华信\n" for n in range(rows)))
        wizard = ImportWizard(session, path)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.load()  # what the file page does once a file is chosen
        qtbot.waitUntil(lambda w=wizard: w.table is not None, timeout=10000)
        said.append(wizard.file_page.status.text())
        wizard.close()
    if lang == "zh_CN":
        assert [s.split("，")[0] for s in said] == ["1 行", "3 行"]
    else:
        assert [s.split(", ")[0] for s in said] == ["1 row", "3 rows"]
