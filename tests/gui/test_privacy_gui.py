"""Privacy in the window (issue 22): encrypt from Preferences > Privacy, the passphrase at
start with three tries, and a card's "Export this person's data…" and "Erase this person…"."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from salesdesk.models import cipher
from salesdesk.services.session import Session
from tests.gui.conftest import Messages
from tests.gui.helpers import select, shown_names, wait_today

PASS = "tiger lily 9"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_passphrase_dialog_takes_typed_keys_and_refuses_short_or_differing(
    qtbot: Any,
) -> None:
    from salesdesk.ui.privacy import NewPassphraseDialog

    dialog = NewPassphraseDialog(None, "Encrypt")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "short")
    qtbot.keyClicks(dialog.second, "short")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "8" in dialog.error.text()
    dialog.first.clear()
    dialog.second.clear()
    qtbot.keyClicks(dialog.first, PASS)
    qtbot.keyClicks(dialog.second, PASS + "x")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text()
    qtbot.keyClick(dialog.second, Qt.Key.Key_Backspace)
    # What SQLCipher would read as a raw key: refused in the dialog, in the core's words.
    raw = "x'" + "0f" * 48 + "'"
    for field in (dialog.first, dialog.second):
        field.selectAll()
        qtbot.keyClicks(field, raw)
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "taken as a key" in dialog.error.text()
    for field in (dialog.first, dialog.second):
        field.selectAll()
        qtbot.keyClicks(field, PASS)
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == PASS
    assert dialog.first.echoMode() == dialog.first.EchoMode.Password


def test_encrypt_from_preferences_keeps_the_window_on_the_same_cards(
    qtbot: Any,
    window: Any,
    db_path: Path,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.ui.preferences import PreferencesDialog
    from salesdesk.ui.privacy import NewPassphraseDialog

    names = shown_names(window)
    dialog = PreferencesDialog(window, window.session.visit_settings())
    qtbot.addWidget(dialog)
    page = dialog.privacy_page
    dialog.pages.setCurrentWidget(page)
    dialog.show()
    assert "not encrypted" in page.status.text()
    assert not page.change_button.isEnabled()
    monkeypatch.setattr(
        NewPassphraseDialog, "ask_remembering", classmethod(lambda cls, p, t: (PASS, False))
    )
    messages.confirm_answer = True  # remove the plain copies
    qtbot.mouseClick(page.encrypt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not window.ops.busy and window.session.passphrase == PASS, timeout=20000
    )
    try:
        assert messages.errors == []
        assert cipher.looks_encrypted(db_path)
        assert b"Northwind" not in db_path.read_bytes()
        assert "张伟".encode() not in db_path.read_bytes()
        assert shown_names(window) == names
        assert "is encrypted" in page.status.text()
        assert page.change_button.isEnabled()
        assert not page.encrypt_button.isEnabled()
        assert any(  # one copy or more, said in the singular or the plural
            "plain copy of it" in text or "plain copies of it" in text
            for text in messages.confirmations
        )
        assert cipher.plain_backups(db_path) == []
        # Still writable through the same window, under the key.
        select(window, qtbot, "John Smith")
        window.ops.run(lambda: window.session.edit_card(window.panel.card.id, {"notes": "ok"}))
        assert window.session.card(window.panel.card.id).notes == "ok"
    finally:
        window.session.close()


def test_the_passphrase_at_start_gives_three_tries(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.models.cipher import WrongPassphrase
    from salesdesk.ui import app
    from salesdesk.ui.privacy import PassphraseDialog

    path = tmp_path / "secret.db"
    made = Session.open(path)
    made.create_card({"name": "欧阳娜娜"})
    made.close()
    cipher.convert_database(path, None, PASS)
    digest = _digest(path)
    shown_errors: list[str] = []
    answers = iter([("wrong one 1", False), ("wrong one 2", False), (PASS, False)])

    def ask(cls: Any, parent: Any, where: Path, error: str = "") -> tuple[str, bool]:
        shown_errors.append(error)
        return next(answers)

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    session, reason = app.open_session(path)
    assert session is not None
    try:
        assert reason is None
        assert session.passphrase == PASS
        assert [c["name"] for c in session.dump()["card"]] == ["欧阳娜娜"]
    finally:
        session.close()
    assert shown_errors[0] == ""
    assert shown_errors[1] == "Wrong passphrase: 2 more tries."
    assert shown_errors[2] == "Wrong passphrase: one more try."  # not "1 more tries"
    # Three wrong: one message, the file as it was.
    digest = _digest(path)
    answers = iter([("a wrong one", False)] * 3)
    with pytest.raises(WrongPassphrase):
        app.open_session(path)
    assert _digest(path) == digest
    # Cancel: the window does not open, nothing written.
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(lambda cls, p, w, e="": None))
    with pytest.raises(cipher.PassphraseNeeded):
        app.open_session(path)
    assert _digest(path) == digest


def test_passphrase_dialog_reads_typed_keys(qtbot: Any, tmp_path: Path) -> None:
    from salesdesk.ui.privacy import PassphraseDialog

    dialog = PassphraseDialog(None, tmp_path / "secret.db", "Wrong passphrase: 2 more tries.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.error.isVisible()
    assert "secret.db" in dialog.text.text()
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == (PASS, False)


def test_export_and_erase_this_person_from_the_card_menu(  # noqa: PLR0917
    qtbot: Any,
    window: Any,
    db_path: Path,
    tmp_path: Path,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.ui.privacy import PrivacyUi

    privacy = window.privacy_ui
    assert privacy.export_action in window.table.actions()
    assert privacy.erase_action in window.card_menu.actions()
    select(window, qtbot, "John Smith")
    card_id = window.panel.card.id
    target = tmp_path / "john.json"
    monkeypatch.setattr(PrivacyUi, "ask_export_path", staticmethod(lambda p, s: str(target)))
    privacy.export_action.trigger()
    qtbot.waitUntil(target.exists, timeout=5000)
    assert json.loads(target.read_text(encoding="utf-8"))["card"]["name"] == "John Smith"
    messages.confirm_answer = False
    privacy.erase_action.trigger()
    assert "John Smith" in shown_names(window)
    messages.confirm_answer = True
    privacy.erase_action.trigger()
    assert any("John Smith" in text for text in messages.confirmations)
    qtbot.waitUntil(lambda: "John Smith" not in shown_names(window), timeout=5000)
    dumped = json.dumps(window.session.dump(), ensure_ascii=False)
    assert "John Smith" not in dumped
    assert "Northwind" not in dumped
    assert card_id in dumped  # the purge record: the id only
    assert not window.undo_action.isEnabled()  # an erasure cannot be undone


def test_the_team_passphrase_is_set_on_the_privacy_page_of_an_encrypted_database(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.sync.team import team_passphrase
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.preferences import PreferencesDialog
    from salesdesk.ui.privacy import NewPassphraseDialog

    path = tmp_path / "secret.db"
    Session.open(path, passphrase=PASS).close()  # a new file made encrypted
    session = Session.open(path, passphrase=PASS)
    main = MainWindow(session)
    qtbot.addWidget(main)
    try:
        dialog = PreferencesDialog(main, session.visit_settings())
        qtbot.addWidget(dialog)
        page = dialog.privacy_page
        assert page.team_button.isEnabled()
        assert not page.team_clear.isEnabled()
        monkeypatch.setattr(NewPassphraseDialog, "ask", classmethod(lambda c, *_: "team words 1"))
        qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
        assert team_passphrase(session.store) == "team words 1"
        assert "encrypted with the team passphrase" in page.team_status.text()
        qtbot.mouseClick(page.team_clear, Qt.MouseButton.LeftButton)
        assert team_passphrase(session.store) is None
    finally:
        main.close()
        session.close()


def test_first_start_offers_to_protect_the_database_with_a_passphrase(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.privacy import NewPassphraseDialog

    path = tmp_path / "first.db"
    main = MainWindow(Session.open(path))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_today(qtbot, main)  # the welcome shows once Today's read (on the runner) is in
    try:
        offer = main.day_plan.today_view.welcome.protect_button
        assert offer.isVisible()
        monkeypatch.setattr(
            NewPassphraseDialog, "ask_remembering", classmethod(lambda c, p, t: (PASS, False))
        )
        qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: main.session.passphrase == PASS and not main.ops.busy)
        assert messages.errors == []
        assert cipher.looks_encrypted(path)
        assert not offer.isVisible()
    finally:
        main.close()
        main.session.close()


class DictKeyring:
    """A keychain in memory, as `keyring` is called."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, account: str) -> str | None:
        return self.entries.get((service, account))

    def set_password(self, service: str, account: str, value: str) -> None:
        self.entries[(service, account)] = value

    def delete_password(self, service: str, account: str) -> None:
        del self.entries[(service, account)]


def _type_into_the_next_dialog(qtbot: Any, kind: type, text: str, seen: list[str]) -> None:
    """When the next modal dialog of `kind` shows, type text into it and accept it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog.windowTitle())
        field = dialog.findChild(QLineEdit)
        qtbot.keyClicks(field, text)
        dialog.accept()

    QTimer.singleShot(20, fill)


@pytest.mark.parametrize("button", ["change_button", "decrypt_button"])
def test_change_and_remove_ask_the_current_passphrase_and_the_keychain_follows(
    qtbot: Any,
    tmp_path: Path,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
    button: str,
) -> None:
    """Change the passphrase… and Remove the encryption… open the real current-passphrase
    dialog (its `ask` once took an argument its dialog did not, and both buttons ended in
    "Something went wrong inside SalesDesk"); a passphrase remembered in the keychain is
    replaced by the new one (it was dropped, and the next start asked again)."""
    from salesdesk.ui import keychain
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.preferences import PreferencesDialog
    from salesdesk.ui.privacy import CurrentPassphraseDialog, NewPassphraseDialog

    ring = DictKeyring()
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    path = tmp_path / "secret.db"
    Session.open(path, passphrase=PASS).close()
    assert keychain.put(path, PASS)  # "Remember" was ticked at a start
    session = Session.open(path, passphrase=PASS)
    main = MainWindow(session)
    qtbot.addWidget(main)
    try:
        dialog = PreferencesDialog(main, session.visit_settings())
        qtbot.addWidget(dialog)
        page = dialog.privacy_page
        offered: list[bool] = []

        def typed(_cls: Any, _parent: Any, _title: str, remembered: bool) -> tuple[str, bool]:
            offered.append(remembered)  # ticked at first: the passphrase it replaces is kept
            return "new words 22", remembered

        monkeypatch.setattr(NewPassphraseDialog, "ask_remembering", classmethod(typed))
        messages.confirm_answer = True
        seen: list[str] = []
        _type_into_the_next_dialog(qtbot, CurrentPassphraseDialog, PASS, seen)
        qtbot.mouseClick(getattr(page, button), Qt.MouseButton.LeftButton)
        expected = "new words 22" if button == "change_button" else None
        qtbot.waitUntil(
            lambda: not main.ops.busy and main.session.passphrase == expected, timeout=20000
        )
        assert seen, "the current-passphrase dialog was not shown"
        assert messages.errors == []
        assert cipher.looks_encrypted(path) == (expected is not None)
        # Remembered before: the new passphrase is, so the next start asks nothing; no
        # passphrase left: nothing is.
        assert keychain.get(path) == expected
        assert offered == ([True] if button == "change_button" else [])
    finally:
        main.close()
        main.session.close()


@pytest.mark.parametrize("tick", [True, False])
def test_encrypting_offers_to_remember_the_passphrase_in_the_keychain(
    qtbot: Any,
    tmp_path: Path,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
    tick: bool,
) -> None:
    """The Encrypt dialog has the Remember box a start's dialog has: ticked, the next start
    opens without asking (a new user had to quit and start again to tick it)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from salesdesk.ui import keychain
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.preferences import PreferencesDialog
    from salesdesk.ui.privacy import NewPassphraseDialog

    ring = DictKeyring()
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    path = tmp_path / "book.db"
    session = Session.open(path)
    main = MainWindow(session)
    qtbot.addWidget(main)
    shown: list[bool] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewPassphraseDialog):
            QTimer.singleShot(20, fill)
            return
        shown.append(dialog.remember.isVisible())
        qtbot.keyClicks(dialog.first, PASS)
        qtbot.keyClicks(dialog.second, PASS)
        if tick:
            qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    try:
        dialog = PreferencesDialog(main, session.visit_settings())
        qtbot.addWidget(dialog)
        page = dialog.privacy_page
        messages.confirm_answer = True
        QTimer.singleShot(20, fill)
        qtbot.mouseClick(page.encrypt_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not main.ops.busy and main.session.passphrase == PASS)
        assert shown == [True]
        assert messages.errors == []
        assert cipher.looks_encrypted(path)
        assert keychain.get(path) == (PASS if tick else None)
        if tick:
            (value,) = ring.entries.values()
            assert value != PASS  # the file's key kept beside it: the next start derives none
    finally:
        main.close()
        main.session.close()


@pytest.mark.parametrize("remembered", [False, True])
def test_the_new_passphrase_is_typed_where_the_dialog_opens(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, remembered: bool
) -> None:
    """Encrypt / Change the passphrase: typed as a user types it, without clicking a field
    first, the passphrase goes into "New passphrase:", Tab to "Again:", Return. The Remember
    box came first in the focus chain: the keys went to it, and each space in the passphrase
    ticked or unticked it (seen in a real window under Xvfb)."""
    from PySide6.QtWidgets import QApplication

    from salesdesk.ui import keychain
    from salesdesk.ui.privacy import NewPassphraseDialog

    monkeypatch.setattr(keychain, "_keyring", DictKeyring)
    dialog = NewPassphraseDialog(None, "Encrypt", offer_remember=True)
    dialog.remember.setChecked(remembered)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert dialog.remember.isVisible()
    for keys in (PASS, Qt.Key.Key_Tab, PASS):
        focused = QApplication.focusWidget()
        assert focused is not None
        if isinstance(keys, str):
            qtbot.keyClicks(focused, keys)
        else:
            qtbot.keyClick(focused, keys)
    assert (dialog.first.text(), dialog.second.text()) == (PASS, PASS)
    assert dialog.remember.isChecked() is remembered
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == PASS


def test_plain_copies_left_after_encrypting_are_named_and_removable_on_the_privacy_page(
    qtbot: Any, tmp_path: Path, messages: Messages
) -> None:
    """Declining the offer to remove the plain copies after encrypting left them with no way
    back in the window (only `salesdesk db remove-plain-backups`), and the page said "This
    database is encrypted" over "An encrypted database, and its backups, can only be read
    with the passphrase" while the copies held every card in the clear (seen in a real
    window)."""
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.preferences import PreferencesDialog

    path = tmp_path / "book.db"
    session = Session.open(path)
    session.create_card({"name": "Zebediah Quill"}, grade="E")
    session.close()
    (kept,) = cipher.convert_database(path, None, PASS)  # the offer declined: kept
    main = MainWindow(Session.open(path, passphrase=PASS))
    qtbot.addWidget(main)
    try:
        dialog = PreferencesDialog(main, main.session.visit_settings())
        qtbot.addWidget(dialog)
        page = dialog.privacy_page
        dialog.pages.setCurrentWidget(page)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert "1 plain copy of it" in page.status.text()
        assert "is still readable by anyone" in page.status.text()
        assert page.plain_button.isVisibleTo(dialog)
        messages.confirm_answer = False
        qtbot.mouseClick(page.plain_button, Qt.MouseButton.LeftButton)
        assert kept.exists()
        assert page.plain_button.isVisibleTo(dialog)
        messages.confirm_answer = True
        qtbot.mouseClick(page.plain_button, Qt.MouseButton.LeftButton)
        assert len(messages.confirmations) == 2
        assert "1 plain copy of it" in messages.confirmations[-1]
        assert not kept.exists()
        assert cipher.plain_backups(path) == []
        assert page.status.text() == "This database is encrypted."
        assert not page.plain_button.isVisibleTo(dialog)
        assert messages.errors == []
    finally:
        main.close()
        main.session.close()
