"""An encrypted sync file's key derived ahead (issue 22, the whole book's file within 3 s):
while the user chooses its folder, or while the sync folder merges the others' files, the
new file's key is derived on a thread; the write then derives nothing. Each file still gets
its own salt, and opens with the team passphrase on another laptop."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest

from salesdesk.models import cipher
from salesdesk.services.session import Session
from salesdesk.sync.merge import merge_file
from salesdesk.sync.service import SyncService

pytestmark = pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-wheels missing")

PASS = "tiger lily 9"
TEAM = "our team's passphrase"


@pytest.fixture
def book(tmp_path: Path) -> Session:
    session = Session.open(tmp_path / "a.db", passphrase=PASS)
    session.create_card({"name": "王芳", "phones": "13800138000"}, grade="C")
    SyncService(session).set_team_passphrase(TEAM)
    yield session
    session.close()


def _derivations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread of every PBKDF2 run from now on (the keys derived so far forgotten)."""
    cipher.forget_keys()
    threads: list[str] = []
    real = hashlib.pbkdf2_hmac

    def counted(*args: Any, **kwargs: Any) -> bytes:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counted)
    return threads


def _opens_elsewhere(path: Path, tmp_path: Path, name: str) -> None:
    other = Session.open(tmp_path / f"{name}.db", passphrase=PASS)
    try:
        report = merge_file(other.store, path, passphrase=TEAM)
        assert report.replica_id
        assert any(r[1] == "王芳" for r in other.card_list.rows.values())
    finally:
        other.close()


def test_a_file_written_after_prepare_export_derives_nothing_on_the_writers_thread(
    book: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _derivations(monkeypatch)
    service = SyncService(book)
    service.prepare_export()  # the window: while the folder dialog is open
    first = service.export(target=tmp_path / "one.salesdesk")
    assert threads == ["salesdesk-key-ahead"]
    # Without it, the writer derives the new file's key itself, under another salt.
    second = service.export(target=tmp_path / "two.salesdesk")
    assert threads == ["salesdesk-key-ahead", threading.current_thread().name]
    assert first.read_bytes()[:16] != second.read_bytes()[:16]
    _opens_elsewhere(first, tmp_path, "b")
    _opens_elsewhere(second, tmp_path, "c")


def test_a_key_derived_ahead_is_used_for_one_file_only(book: Session, tmp_path: Path) -> None:
    service = SyncService(book)
    service.prepare_export()
    service.prepare_export()  # asked twice: still one key ahead, one file takes it
    salts = set()
    for n in range(3):
        salts.add(service.export(target=tmp_path / f"{n}.salesdesk").read_bytes()[:16])
    assert len(salts) == 3


def test_the_sync_folder_writes_its_file_with_the_key_derived_while_it_merged(
    book: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    threads = _derivations(monkeypatch)
    outcome, _changed = SyncService(book).sync_folder(folder)
    assert outcome.written is not None
    assert threads == ["salesdesk-key-ahead"]
    _opens_elsewhere(Path(outcome.written), tmp_path, "d")


def test_a_plain_book_derives_nothing_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.open(tmp_path / "plain.db")
    try:
        threads = _derivations(monkeypatch)
        SyncService(session).prepare_export()
        SyncService(session).export(target=tmp_path / "p.salesdesk")
        assert threads == []
    finally:
        session.close()


def test_a_new_team_passphrase_leaves_no_key_of_the_old_one_ahead(book: Session) -> None:
    service = SyncService(book)
    service.prepare_export()
    service.set_team_passphrase("the team's new passphrase")
    service.prepare_export()
    assert list(cipher._AHEAD) == ["the team's new passphrase"]
