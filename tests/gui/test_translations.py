"""The window in Simplified Chinese: the .ts up to date and complete, Chinese on screen, Qt's own
dialogs translated, the week starting on Monday, and every string the window asks for found."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QCalendarWidget, QDialogButtonBox

from salesdesk.services.cardlist import Column
from salesdesk.ui import app as ui_app
from salesdesk.ui import labels
from tests.gui.helpers import select

ROOT = Path(__file__).resolve().parents[2]


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts/translations.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_of_the_window_has_a_chinese_translation_in_an_up_to_date_ts() -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not (lupdate.exists() or shutil.which("pyside6-lupdate")):
        pytest.skip("pyside6-lupdate is not installed")
    found = _script().problems("zh_CN")
    assert found == [], "\n".join(found[:40])


def test_the_shipped_qm_is_built_from_the_ts() -> None:
    folder = ROOT / "resources" / "translations"
    ts, qm = folder / "salesdesk_zh_CN.ts", folder / "salesdesk_zh_CN.qm"
    translator = QTranslator()
    assert translator.load(str(qm))
    for (context, source), text in _script().read_ts(ts).items():
        if text != source:  # lrelease leaves out translations equal to the source
            assert translator.translate(context, source) == text, (context, source)


class Recorder(QTranslator):
    """Installed last, so asked first: notes every (context, source) and answers nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: dict[str, set[str]] = {}

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> Any:
        self.asked.setdefault(source, set()).add(context)
        return None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def chinese(qapp: Any) -> Iterator[Recorder]:
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "zh_CN")
    recorder = Recorder()
    qapp.installTranslator(recorder)
    yield recorder
    qapp.removeTranslator(recorder)
    for translator in loaded:
        qapp.removeTranslator(translator)
    QLocale.setDefault(default_locale)


def test_window_in_chinese_shows_chinese_menus_headers_and_tabs(
    qtbot: Any, chinese: Recorder, session: Any, cards: dict[str, str]
) -> None:
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.preferences import PreferencesDialog

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    select(window, qtbot, "张伟")
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:5] == ["文件(&F)", "编辑(&E)", "卡片(&C)", "视图(&V)", "帮助(&H)"]
    header = window.model.headerData(int(Column.NAME), Qt.Orientation.Horizontal)
    assert header == "姓名"
    grade = window.model.headerData(int(Column.GRADE), Qt.Orientation.Horizontal)
    assert grade == "等级"
    tabs = window.panel.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles[:2] == ["详情(&D)", "联系(&L)"]
    assert "潜在客户" in window.panel.subtitle.text()
    assert labels.grade_name("A") == "即将成交"
    dialog = PreferencesDialog(window, session.visit_settings())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "偏好设置"
    # Every string the window asked for is in the .ts under a context it asked with (PySide6
    # asks the class, then its bases): a wrong context shows English even with a full .ts.
    assert "MainWindow" in chinese.asked["&File"]  # the recorder heard the window
    have = set(_script().read_ts(ROOT / "resources/translations/salesdesk_zh_CN.ts"))
    missing = sorted(
        (sorted(contexts), source)
        for source, contexts in chinese.asked.items()
        if any(not c.startswith("Q") for c in contexts)  # Qt's own strings have Q… contexts
        and not any((c, source) in have for c in contexts)
    )
    assert missing == []


def test_qt_dialog_buttons_are_chinese_and_the_week_starts_on_monday(
    qtbot: Any, chinese: Recorder
) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert QLocale().toString(1234567.5, "f", 2) == "1,234,567.50"


def test_language_chosen_in_preferences_is_loaded_at_the_next_start(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui import preferences

    monkeypatch.setattr(preferences, "saved_language", lambda: "zh_CN")
    chosen: list[str | None] = []
    real = ui_app.install_translations

    def install(app: Any, lang: str | None) -> list[QTranslator]:
        chosen.append(lang)
        return real(app, lang)

    monkeypatch.setattr(ui_app, "install_translations", install)
    monkeypatch.setattr(ui_app, "open_session", lambda _path: (_ for _ in ()).throw(KeyError()))
    default_locale = QLocale()
    try:
        with pytest.raises(KeyError):
            ui_app.run_window("unused.db")
        assert chosen == ["zh_CN"]
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    finally:
        for translator in getattr(qapp, "_salesdesk_translators", []):
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)


def test_pseudo_locale_pads_every_string(qapp: Any) -> None:
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "pseudo")
    try:
        text = QCoreApplication.translate("MainWindow", "&File")
        assert text.startswith("[~~ &File")
        assert text.endswith("]")
    finally:
        for translator in loaded:
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)
