"""The Chinese window has no English prose anywhere the user reads.

Walks the window in zh_CN as a user would meet it: every menu action (each dialog it
opens, modal or not, and the file dialogs it asks), every tab of the main window and of the
card panel, Today, the dashboard, every page of Preferences, the import wizard page by
page, the export dialog, conflicts and backups, the card's own dialogs (deal, case,
visit, contact), the message boxes, and the empty window of a first start. It reads every
visible text (labels, buttons, tabs, group titles, placeholders, combo items, table headers
and cells, tooltips, window titles) and fails on any Latin word that is not a name, an
e-mail, a path, a file type or a product name.
"""

from __future__ import annotations

import getpass
import re
import socket
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)

from salesdesk.services.session import Session
from salesdesk.ui import app as ui_app

# Words a Chinese window rightly shows in Latin letters: product and format names, key names.
ALLOWED = {
    "salesdesk",
    "excel",
    "wps",
    "libreoffice",
    "csv",
    "vcard",
    "vcf",
    "xlsx",
    "xls",
    "json",  # issue 22: a person's data as JSON
    "txt",
    "pdf",
    "ics",
    "png",
    "svg",
    "wechat",
    "utf",
    "gbk",
    "kpi",
    "ctrl",
    "shift",
    "alt",
    "esc",
    "yyyy",
    "tab",
    "del",
    "word",  # Microsoft Word, as in "Word 模板"
    "qt",
    "english",  # the language picker names each language in its own words
    "zhangwei",  # the search's pinyin example: type zw or zhangwei to find 张伟
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
NOT_PROSE = (
    re.compile(r"\S+@\S+"),  # e-mails
    re.compile(r"(?:[A-Za-z]:)?\S*[/\\]\S*"),  # paths
    re.compile(r"\b[\w-]+\.(?:db|salesdesk|xlsx|csv|vcf|pdf|ics|png|log)\b"),  # file names
    re.compile(r"\*?\.[A-Za-z0-9]+\b"),  # file types: *.xlsx, .csv
    re.compile(r"\b[\w-]*(?:\d|_)[\w-]*\b"),  # codes: utf-8-sig, big5, shift_jis
    re.compile(r"\{\{ *\w+ *\}\}"),  # a letter template's fields: {{ name }}
    re.compile(r"\b[0-9a-f]{8}(?:-?[0-9a-f]{4}){3}-?[0-9a-f]{12}\b"),  # ids
)

CSV = (
    "姓名,公司,手机,区域,等级,生日\n"
    "李娜,华信贸易,13900139000,浦东新区,B,1990-02-30\n"
    "张伟,东方科技,,海淀区,A,\n"
)


def english_words(text: str, data: set[str]) -> list[str]:
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return [
        word
        for word in LATIN_WORD.findall(text)
        if word.lower() not in ALLOWED and word.lower() not in data
    ]


def plain(text: str) -> str:
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


class Reader:
    """Every visible text of the windows walked, with where it was read."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []
        self.windows: set[str] = set()
        self.literal_mnemonics: set[str] = set()

    def add(self, where: str, text: str | None) -> None:
        if text and text.strip():
            self.texts.append((where, plain(text)))

    def model(self, where: str, view: QAbstractItemView, rows: int = 40) -> None:
        model = view.model()
        if model is None:
            return
        if isinstance(view, QListWidget):  # its model's columnCount is private in PySide6
            for row in range(min(view.count(), rows)):
                item = view.item(row)
                self.add(f"{where} item", item.text())
                self.add(f"{where} item", item.toolTip())
            return
        for column in range(model.columnCount(QModelIndex())):
            for orientation in (Qt.Orientation.Horizontal,):
                self.add(f"{where} header", str(model.headerData(column, orientation) or ""))
        if isinstance(view.window(), QFileDialog):
            return  # the file names of the folder shown

        def walk(parent: QModelIndex, depth: int) -> None:
            for row in range(min(model.rowCount(parent), rows)):
                if parent.isValid() and model.columnCount(parent) == 0:
                    break
                for column in range(model.columnCount(parent)):
                    index = model.index(row, column, parent)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if isinstance(value, str):
                            self.add(f"{where} cell", value)
                if depth < 2:
                    walk(model.index(row, 0, parent), depth + 1)

        walk(QModelIndex(), 0)

    def widget(self, top: QWidget) -> None:
        """The texts of one window as it is now, every tab and stacked page of it shown."""
        name = type(top).__name__
        self.windows.add(name)
        self.add(f"{name} title", top.windowTitle())
        for switcher in [*top.findChildren(QTabWidget), *top.findChildren(QStackedWidget)]:
            if not switcher.isVisibleTo(top):
                continue
            current = switcher.currentIndex()
            for index in range(switcher.count()):
                switcher.setCurrentIndex(index)
                QApplication.processEvents()
                self._visible(top, name)
            switcher.setCurrentIndex(current)
        self._visible(top, name)
        if isinstance(top, QWizard) and top.currentPage() is not None:
            self.add(f"{name} page", top.currentPage().title())
            self.add(f"{name} page", top.currentPage().subTitle())

    def _visible(self, top: QWidget, name: str) -> None:
        for child in [top, *top.findChildren(QWidget)]:
            if child is not top and not child.isVisibleTo(top):
                continue
            where = f"{name}/{type(child).__name__}"
            self.add(f"{where} tooltip", child.toolTip())
            if isinstance(child, QLabel | QAbstractButton):
                self.add(where, child.text())
            if isinstance(child, QLabel) and "(&" in child.text() and child.buddy() is None:
                # Without a buddy QLabel draws the "&" itself: "时间(&T)：".
                self.literal_mnemonics.add(f"{where}: {child.text()}")
            elif isinstance(child, QGroupBox):
                self.add(where, child.title())
            elif isinstance(child, QTabBar):
                for index in range(child.count()):
                    self.add(where, child.tabText(index))
                    self.add(where, child.tabToolTip(index))
            elif isinstance(child, QLineEdit):
                self.add(f"{where} placeholder", child.placeholderText())
            elif isinstance(child, QTextEdit | QPlainTextEdit):
                self.add(f"{where} placeholder", child.placeholderText())
                if child.isReadOnly():
                    self.add(where, child.toPlainText())
            elif isinstance(child, QComboBox):
                for index in range(child.count()):
                    self.add(where, child.itemText(index))
            elif isinstance(child, QAbstractSpinBox):
                self.add(where, child.specialValueText())
                self.add(where, getattr(child, "suffix", lambda: "")())
            elif isinstance(child, QAbstractItemView):
                self.model(where, child)
            elif isinstance(child, QMenu):
                for action in child.actions():
                    self.add(where, action.text())


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "zh_CN")
    yield
    for translator in loaded:
        qapp.removeTranslator(translator)
    QLocale.setDefault(default_locale)


@pytest.fixture
def reader(chinese: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Reader:
    """The window in Chinese; modal dialogs and file dialogs are read, then cancelled,
    instead of waiting for a user."""
    reader = Reader()
    csv = tmp_path / "客户名单.csv"
    csv.write_text(CSV, encoding="utf-8")

    def read_and_cancel(dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        reader.widget(dialog)
        dialog.reject()
        return int(QDialog.DialogCode.Rejected)

    def file_dialog(parent: QWidget | None, caption: str = "", folder: str = "", *rest: Any) -> Any:
        pattern = rest[0] if rest and isinstance(rest[0], str) else ""
        dialog = QFileDialog(parent, caption, str(tmp_path), pattern)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        read_and_cancel(dialog)
        dialog.deleteLater()
        return dialog

    def open_file(*args: Any, **kwargs: Any) -> tuple[str, str]:
        file_dialog(*args)
        return "", ""

    def open_files(*args: Any, **kwargs: Any) -> tuple[list[str], str]:
        file_dialog(*args)
        return [], ""

    def save_file(*args: Any, **kwargs: Any) -> tuple[str, str]:
        file_dialog(*args)
        return "", ""

    def folder(parent: QWidget | None, caption: str = "", *rest: Any, **kwargs: Any) -> str:
        dialog = QFileDialog(parent, caption, str(tmp_path))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        read_and_cancel(dialog)
        dialog.deleteLater()
        return ""

    def message_box(box: QMessageBox) -> int:
        read_and_cancel(box)
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QDialog, "exec", read_and_cancel)
    monkeypatch.setattr(QPrintDialog, "exec", read_and_cancel)
    monkeypatch.setattr(QMessageBox, "exec", message_box)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_files)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda *_: True)
    monkeypatch.setattr(QApplication, "aboutQt", lambda *_: None)  # Qt's own licence text
    return reader


@pytest.fixture
def chinese_cards(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A salesperson's cards, all in Chinese, with a contact, a visit, a deal and a case."""
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-05T09:00:00")
    zhang = session.create_card(
        {
            "name": "张伟",
            "company": "上海华信贸易",
            "phones": "13800138000",
            "area": "浦东新区",
            "tags": "重点",
            "owner": "李娜",
            "email": "zhangwei@example.com",
        },
        grade="A",
    ).id
    chen = session.create_card(
        {"name": "陈静", "company": "北京东方科技", "area": "海淀区"},
        grade="C",
        reason="体检未过",
        recheck_on="2027-03-01",
    ).id
    session.create_card({"name": "王芳", "company": "重庆山城物流", "area": "渝中区"}, grade="F")
    session.log_contact(
        zhang, channel="visit", summary="介绍年金险", at=datetime(2026, 10, 20, 10), grade="A"
    )
    session.plan_visit(chen, date(2026, 11, 5), purpose="follow_up")
    session.add_deal(zhang, amount="12800", product="年金险", closed_on="2026-10-21")
    session.open_case(zhang, kind="complaint", content="账单错误", at="2026-11-01T10:00")
    return {"张伟": zhang, "陈静": chen}


def _check(reader: Reader, messages: Any) -> None:
    # The device name, the test e-mail and the login (the salesperson's name by default).
    data = {socket.gethostname().lower(), "example", getpass.getuser().lower()}
    for text in [*messages.errors, *messages.confirmations]:
        reader.add("message box", text)
    assert reader.literal_mnemonics == set()
    english = sorted({(where, text) for where, text in reader.texts if english_words(text, data)})
    assert not english, "English in the Chinese window:\n" + "\n".join(
        f"  {where}: {text!r}" for where, text in english
    )


def _open_windows(skip: set[int]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in skip]


@pytest.mark.slow  # opens every window and dialog, waiting for each to show
def test_every_window_and_dialog_in_chinese_has_no_english_prose(
    qtbot: Any,
    reader: Reader,
    session: Session,
    chinese_cards: dict[str, str],
    *,
    messages: Any,
    tmp_path: Path,
) -> None:
    from salesdesk.ui.mainwindow import MainWindow

    messages.confirm_answer = False  # read every question, and change nothing
    messages.save_answer = "cancel"
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # The main window: each of its tabs (Today, cards), each card panel tab, on a card.
    window.views.setCurrentIndex(window.views.count() - 1)  # the cards
    window.table.selectRow(0)
    qtbot.wait(100)
    assert window.panel.card is not None
    reader.widget(window)

    # Every menu action, and whatever it opens (dialogs are read, then cancelled).
    base = {id(window)}
    actions = []

    def collect(menu: QMenu) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                collect(action.menu())
            elif not action.isSeparator():
                actions.append(action)

    for top in window.menuBar().actions():
        reader.add("menu", top.text())
        if top.menu() is not None:
            reader.widget(top.menu())
            collect(top.menu())
    for action in actions:
        if action in (window.quit_action, window.demo_action) or not action.isEnabled():
            continue  # quitting ends the walk; the demo file's cards are English data
        window.table.selectRow(0)
        action.trigger()
        qtbot.wait(150)
        for opened in _open_windows(base):
            reader.widget(opened)
            if isinstance(opened, QWizard):
                _walk_wizard(qtbot, opened, reader)
            opened.close()
        qtbot.wait(50)

    # The import wizard: a file that is not there, then a Chinese list page by page (the
    # last step imports it), and the undo label the import leaves.
    missing = tmp_path / "没有这个文件.csv"
    wizard = window.sync_ui.start_import(missing)
    # The page says 正在读取… while the runner reads, then why the file cannot be read.
    qtbot.waitUntil(lambda: wizard.file_page.status.text() == f"{missing} 不存在。", timeout=5000)
    wizard.close()
    qtbot.wait(50)
    csv = tmp_path / "客户名单.csv"
    wizard = window.sync_ui.start_import(csv)
    qtbot.waitUntil(lambda: wizard.table is not None, timeout=5000)
    reader.widget(wizard)
    _walk_wizard(qtbot, wizard, reader)
    assert wizard.result is not None, "the wizard did not reach its last page"
    wizard.close()
    qtbot.wait(50)
    assert window.undo_action.text() == "撤销导入(&U)"

    # A file that is not a sync file, merged: the one message says why, in Chinese.
    errors = len(messages.errors)
    window.sync_ui.merge_from_file(str(csv))
    qtbot.waitUntil(lambda: len(messages.errors) > errors, timeout=10000)
    assert "不是" in messages.errors[-1], messages.errors[-1]

    # The card's own dialogs: every button on each card tab (add deal, open case, plan …).
    window.table.selectRow(0)
    tabs = window.panel.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(50)
        page = tabs.widget(index)
        for button in page.findChildren(QAbstractButton):
            if button.isVisibleTo(page) and button.isEnabled() and button.text():
                button.click()
                qtbot.wait(80)
                for opened in _open_windows(base):
                    reader.widget(opened)
                    opened.close()
    # Today, with its list, and the main window after all of it.
    window.views.setCurrentIndex(0)
    qtbot.wait(50)
    reader.widget(window)

    opened_kinds = reader.windows
    for expected in (
        "MainWindow",
        "QFileDialog",
        "PreferencesDialog",
        "ExportDialog",
        "ConflictsDialog",
        "BackupsDialog",
        "LogContactDialog",
        "ChangeGradeDialog",
        "NewCardDialog",
        "ImportWizard",
        "Dashboard",
    ):
        assert expected in opened_kinds, (expected, sorted(opened_kinds))
    assert {"QPrintDialog", "DealDialog", "CaseDialog", "VisitDialog"} <= opened_kinds, sorted(
        opened_kinds
    )
    _check(reader, messages)
    file_texts = [text for where, text in reader.texts if where.startswith("QFileDialog")]
    assert "查找范围(&L)：" in file_texts  # Qt's own words: qtbase_zh_CN.qm and ours
    assert "文件类型(&T)：" in file_texts


def _walk_wizard(qtbot: Any, wizard: QWizard, reader: Reader) -> None:
    for _ in range(6):
        button = wizard.button(QWizard.WizardButton.NextButton)
        if not button.isVisible() or not button.isEnabled():
            return
        button.click()
        qtbot.wait(300)
        # The import runs on a worker: wait for it before reading the last page.
        qtbot.waitUntil(lambda: getattr(wizard, "task", None) is None, timeout=10000)
        reader.widget(wizard)


def test_a_first_start_in_chinese_has_no_english_prose(
    qtbot: Any, reader: Reader, session: Session, messages: Any
) -> None:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    reader.widget(window)
    _check(reader, messages)


HALF_WIDTH = re.compile(r"[\u3400-\u9fff][,:;?!]|[,:;?!][\u3400-\u9fff]")


def test_chinese_sentences_use_full_width_punctuation() -> None:
    import xml.etree.ElementTree as ET

    from salesdesk.domain.words import WORDS

    ts = Path(__file__).parents[2] / "resources" / "translations" / "salesdesk_zh_CN.ts"
    chinese = [m.findtext("translation") or "" for m in ET.parse(ts).getroot().iter("message")]
    chinese += [zh for _en, zh in WORDS.values()]
    # A file dialog's filter ("所有文件 (*);;…") is Qt's syntax, not a sentence.
    sentences = [text for text in chinese if "(*" not in text]
    half = [text for text in sentences if HALF_WIDTH.search(text.replace("&", ""))]
    assert half == []


def test_the_day_sheet_in_chinese(
    chinese: None, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui.daysheet import day_sheet_html

    monkeypatch.setenv("SALESDESK_NOW", "2026-11-05T09:00:00")
    assert "当天没有到期的回访。" in day_sheet_html(session, date(2026, 11, 5))
    card = session.create_card({"name": "陈静", "area": "海淀区"}, grade="B").id
    session.plan_visit(card, date(2026, 11, 5), purpose="follow_up")
    html = day_sheet_html(session, date(2026, 11, 5))
    assert "<h2>今日（1）</h2>" in html
    assert "<h3>海淀区（1）</h3>" in html
    text = plain(html)
    assert english_words(text, {getpass.getuser().lower()}) == [], text
