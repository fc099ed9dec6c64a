"""File > Export workbook…: the filtered list as a workbook, on a worker thread, and Cancel."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from salesdesk.io import xlsx
from salesdesk.services.cardlist import CardFilter
from salesdesk.ui.exportui import ExportChoice, ExportDialog, ExportUi
from tests.gui.conftest import Messages
from tests.gui.helpers import shown_names


def _answer(monkeypatch: pytest.MonkeyPatch, choice: ExportChoice, target: Path) -> None:
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *_a: choice))
    monkeypatch.setattr(ExportUi, "choose_save_file", classmethod(lambda cls, *_a: str(target)))


def test_the_filtered_list_is_exported_on_a_worker_thread(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    from openpyxl import load_workbook

    window.apply_filter(CardFilter(grades=frozenset({"A"})))
    qtbot.waitUntil(lambda: sorted(shown_names(window)) == ["Mary Johnson", "张伟"], timeout=3000)
    target = tmp_path / "list.xlsx"
    _answer(monkeypatch, ExportChoice(cards="list", lang="en"), target)
    window.export_ui.export_action.trigger()
    qtbot.waitUntil(lambda: not window.export_ui.running, timeout=20_000)
    assert messages.errors == []
    assert target.exists()
    book = load_workbook(target, read_only=True)  # holds the file open until closed
    try:
        rows = book["Cards"].iter_rows(min_row=2, values_only=True)
        names = sorted(row[0] for row in rows)
    finally:
        book.close()
    assert names == ["Mary Johnson", "张伟"]
    assert window.export_ui.export_action.isEnabled()


def test_cancel_leaves_no_file(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    # Hold the worker inside the export until the test has pressed Cancel.
    pressed = threading.Event()
    real_summary = xlsx.period_summary

    def held(*args: Any, **kwargs: Any) -> Any:
        pressed.wait(10)
        return real_summary(*args, **kwargs)

    monkeypatch.setattr(xlsx, "period_summary", held)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "all.xlsx"
    _answer(monkeypatch, ExportChoice(cards="all", lang="zh"), target)
    window.export_ui.export_action.trigger()
    assert window.export_ui.running
    assert not window.export_ui.export_action.isEnabled()
    window.export_ui.cancel()
    pressed.set()
    qtbot.waitUntil(lambda: not window.export_ui.running, timeout=20_000)
    assert messages.errors == []
    assert list(folder.iterdir()) == []  # neither the workbook nor its temporary part
    assert window.export_ui.export_action.isEnabled()


def test_a_missing_folder_is_a_clear_message(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    _answer(monkeypatch, ExportChoice(), tmp_path / "nowhere" / "book.xlsx")
    window.export_ui.export_action.trigger()
    qtbot.waitUntil(lambda: not window.export_ui.running, timeout=20_000)
    assert len(messages.errors) == 1
    assert "does not exist" in messages.errors[0]
