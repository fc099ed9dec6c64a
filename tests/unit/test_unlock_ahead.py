"""An encrypted book's remembered passphrase is looked up, and its key derived, on a thread
beside Qt's start (issue 22: cold start); the open then derives nothing more, read-only too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.errors import DatabaseError
from salesdesk.models import cipher
from salesdesk.services import startahead
from salesdesk.services.session import Session
from salesdesk.ui import keychain

pytestmark = pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-binary missing")

PASS = "tiger lily 9"


@pytest.fixture(autouse=True)
def nothing_left_ahead() -> Iterator[None]:
    yield
    startahead.forget()  # a plain file's rows are read ahead too: let its connection go


class FakeKeyring:
    """Holds one passphrase; counts lookups and notes the thread each came from."""

    def __init__(self, passphrase: str | None) -> None:
        self.passphrase = passphrase
        self.threads: list[str] = []

    def get_password(self, service: str, account: str) -> str | None:
        self.threads.append(threading.current_thread().name)
        return self.passphrase


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "book.db"
    session = Session.open(path, passphrase=PASS)
    session.close()
    assert cipher.looks_encrypted(path)
    return path


def _derivations(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every PBKDF2 run from now on (the cache of derived keys emptied first)."""
    import hashlib

    cipher.forget_keys()
    runs: list[bytes] = []
    real = hashlib.pbkdf2_hmac

    def counted(*args: Any, **kwargs: Any) -> bytes:
        runs.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counted)
    return runs


def test_the_key_is_derived_once_on_a_thread_and_the_open_uses_it(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = FakeKeyring(PASS)
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    runs = _derivations(monkeypatch)
    keychain.unlock_ahead(encrypted)
    assert keychain.get(encrypted) == PASS  # waits for the thread's lookup and key
    assert ring.threads == ["salesdesk-unlock"]
    assert len(runs) == 1
    session = Session.open(encrypted, passphrase=PASS)
    try:
        assert session.card_list.rows == {}
    finally:
        session.close()
    assert len(runs) == 1  # the open found the key made
    # A second look-up asks the keychain again (the thread's answer is handed out once).
    assert keychain.get(encrypted) == PASS
    assert ring.threads == ["salesdesk-unlock", threading.current_thread().name]


def test_nothing_is_looked_up_ahead_for_a_plain_file_or_without_a_passphrase(
    tmp_path: Path, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = FakeKeyring(None)
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    runs = _derivations(monkeypatch)
    plain = tmp_path / "plain.db"
    Session.open(plain).close()
    keychain.unlock_ahead(plain)
    keychain.unlock_ahead(tmp_path / "missing.db")
    assert ring.threads == []
    keychain.unlock_ahead(encrypted)  # encrypted, but nothing remembered
    assert keychain.get(encrypted) is None
    assert runs == []


def test_a_read_only_open_derives_no_second_key_and_refuses_a_wrong_passphrase(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _derivations(monkeypatch)
    keys: list[str] = []
    real_set_key = cipher.set_key

    def noted(con: Any, key: str) -> None:
        keys.append(key)
        real_set_key(con, key)

    monkeypatch.setattr(cipher, "set_key", noted)
    writer = Session.open(encrypted, passphrase=PASS)
    reader = Session.open(encrypted, passphrase=PASS, read_only=True)
    try:
        assert reader.read_only
        assert reader.card_list.rows == {}
    finally:
        reader.close()
        writer.close()
    assert len(runs) == 1
    # Every connection was keyed with the raw key: SQLCipher derived none itself (it would
    # for a passphrase, and did for the read-only open's URI).
    assert keys
    assert all(key.startswith("x'") for key in keys)
    with pytest.raises(DatabaseError):
        Session.open(encrypted, passphrase="not the passphrase", read_only=True)
