"""Cards > Hand over cards… (issue 20): the dialog, the one-step handover, undo and the pack."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialogButtonBox

from salesdesk.services.session import Session


def test_the_dialog_chooses_an_owners_cards_by_grade_and_names_the_successor(
    qtbot: Any, window: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.services import handover
    from salesdesk.ui.handover import HandoverDialog

    dialog = HandoverDialog(
        window,
        owners=["Tom", "李娜"],
        areas=["海淀区", "浦东新区"],
        listed=[],
        pack_folder="",
        store=session.store,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def settled() -> bool:
        return not dialog.choosing()

    dialog.owner.setCurrentIndex(dialog.owner.findText("李娜"))
    qtbot.waitUntil(settled, timeout=10_000)
    assert len(dialog.chosen) == 2  # 张伟 (A) and 章炜 (B)
    assert not ok.isEnabled()  # no successor yet, nor a pack folder
    reads = []
    monkeypatch.setattr(handover, "select_cards", counted(handover.select_cards, reads))
    qtbot.keyClicks(dialog.to_owner, "Li Qiang")
    qtbot.mouseClick(dialog.write_pack, Qt.MouseButton.LeftButton)  # no pack
    assert ok.isEnabled()
    assert dialog.preview.text() == "2 cards go to Li Qiang."
    assert reads == []  # naming the successor chooses no cards again
    qtbot.keyClicks(dialog.grades, "AB")
    assert not ok.isEnabled()  # the shown choice is not the typed one yet
    qtbot.waitUntil(settled, timeout=10_000)
    assert len(reads) == 1  # once, after the last keystroke …
    assert reads[0] != threading.main_thread().name  # … on the runner, not the GUI thread
    assert len(dialog.chosen) == 2
    dialog.grades.setText("A")
    qtbot.waitUntil(settled, timeout=10_000)
    assert len(dialog.chosen) == 1
    assert ok.isEnabled()
    qtbot.mouseClick(dialog.by_area, Qt.MouseButton.LeftButton)
    dialog.area.setCurrentIndex(dialog.area.findText("海淀区"))
    qtbot.waitUntil(settled, timeout=10_000)
    assert dialog.preview.text() == "No card to hand over: nothing fits the choice."  # 章炜 is B
    assert not ok.isEnabled()
    dialog.grades.clear()
    qtbot.waitUntil(settled, timeout=10_000)
    assert dialog.values()["to_owner"] == "Li Qiang"
    assert len(dialog.values()["card_ids"]) == 1


def counted(read: Any, calls: list[str]) -> Any:
    def reading(**kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        return read(**kwargs)

    return reading


def test_hand_over_from_the_menu_is_one_undo_step_and_writes_the_pack(
    qtbot: Any, window: Any, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui.handover import HandoverDialog

    ids = [r.id for r in session.card_list.rows.values() if r.owner == "李娜"]
    pack = tmp_path / "pack"
    monkeypatch.setattr(
        HandoverDialog,
        "ask",
        classmethod(lambda cls, *a, **k: {"card_ids": ids, "to_owner": "李强", "pack": pack}),
    )
    action = window.handover_ui.action
    assert action in window.card_menu.actions()
    action.trigger()
    qtbot.waitUntil((pack / "handover-李强.salesdesk").exists, timeout=20_000)
    QThreadPool.globalInstance().waitForDone(20_000)
    assert (pack / "handover-李强.xlsx").exists()
    assert {session.card(i).owner for i in ids} == {"李强"}
    assert window.undo_action.text().replace("&", "") == "Undo Handover"
    window.undo_action.trigger()
    assert {session.card(i).owner for i in ids} == {"李娜"}
