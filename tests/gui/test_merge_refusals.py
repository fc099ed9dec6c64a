"""A sync file the window refuses to merge says "nothing was merged" once, in English and in
Chinese: the refusals that say it themselves are shown as they are, the others with the
window's "cannot be merged; your cards are unchanged" (it said both before)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from salesdesk.models import cipher
from salesdesk.services.session import Session
from salesdesk.sync.service import SyncService

# The ways a message box can say the live cards were left as they were, in each language.
SAID = {
    "en": ("nothing was merged", "nothing was changed", "your cards are unchanged"),
    "zh_CN": ("没有合并任何内容", "没有做任何更改", "您的卡片没有改动"),
}


def _with(path: Path, work: Any, passphrase: str | None = None) -> Any:
    opened = Session.open(path, passphrase=passphrase)
    try:
        return work(opened)
    finally:
        opened.close()


def _sql(path: Path, statement: str) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute(statement)
    con.close()


def _page_of_as(path: Path) -> None:
    """A table's page overwritten (a bad sector): the file opens, its check fails."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[5 * size : 6 * size] = b"A" * size
    path.write_bytes(bytes(data))


def _not_salesdesk(path: Path) -> None:
    path.unlink()
    _sql(path, "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")


BAD: dict[str, Callable[[Path], None]] = {
    "a damaged page": _page_of_as,  # says it itself
    "an extra column": lambda p: _sql(p, "ALTER TABLE card ADD COLUMN secret TEXT"),  # itself
    "an altered manifest": lambda p: _sql(p, "UPDATE meta SET value = '[' WHERE key = 'manifest'"),
    "one byte cut off": lambda p: p.write_bytes(p.read_bytes()[:-1]),  # the window says it
    "not a SalesDesk file": _not_salesdesk,  # the window says it
}


def _said(message: str, lang: str) -> int:
    return sum(message.count(phrase) for phrase in SAID[lang])


def _refusal(qtbot: Any, messages: Any, session: Session, source: Path) -> str:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    try:
        window.sync_ui.merge_from_file(str(source))
        qtbot.waitUntil(lambda: bool(messages.errors), timeout=10000)
    finally:
        window.close()
    [message] = messages.errors
    return str(message)


@pytest.fixture
def sync_file(tmp_path: Path, db_path: Path) -> Path:
    """Another laptop's sync file: a copy of this laptop's cards with a card of its own."""
    _with(db_path, lambda s: s.create_card({"name": "张伟", "company": "华信贸易"}))
    other = tmp_path / "other.db"
    shutil.copy(db_path, other)

    def export(s: Session) -> Path:
        s.create_card({"name": "赵敏", "company": "杭州西湖软件"})
        return SyncService(s).export(tmp_path / "theirs.salesdesk")

    return Path(_with(other, export))


@pytest.mark.parametrize("damage", BAD.values(), ids=BAD.keys())
def test_a_refused_file_says_nothing_was_merged_once(
    qtbot: Any,
    messages: Any,
    lang: str,
    *,
    db_path: Path,
    sync_file: Path,
    damage: Callable[[Path], None],
) -> None:
    damage(sync_file)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    session = Session.open(db_path)
    try:
        message = _refusal(qtbot, messages, session, sync_file)
    finally:
        session.close()
    assert _said(message, lang) == 1, message
    assert sync_file.name in message
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_a_file_of_another_team_passphrase_says_nothing_was_merged_once(
    qtbot: Any, messages: Any, lang: str, tmp_path: Path
) -> None:
    if not cipher.available():
        pytest.skip("sqlcipher3-wheels is not installed")
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    for path, team in ((ours, "team passphrase one"), (theirs, "team passphrase two")):
        _with(path, lambda s, t=team: SyncService(s).set_team_passphrase(t), "laptop pass 9")
    source = _with(
        theirs, lambda s: SyncService(s).export(tmp_path / "t.salesdesk"), "laptop pass 9"
    )
    session = Session.open(ours, passphrase="laptop pass 9")
    try:
        message = _refusal(qtbot, messages, session, source)
    finally:
        session.close()
    assert ("另一个团队口令" if lang == "zh_CN" else "another team passphrase") in message
    assert _said(message, lang) == 1, message
    assert message.count(source.name) == 1, message  # shown as the core says it
