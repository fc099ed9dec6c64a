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

pytestmark = pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-wheels missing")

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


class KeptKeyring(FakeKeyring):
    """A keychain that keeps what is put in it, one entry per account."""

    def __init__(self) -> None:
        super().__init__(None)
        self.entries: dict[tuple[str, str], str] = {}
        self.puts = 0

    def get_password(self, service: str, account: str) -> str | None:
        self.threads.append(threading.current_thread().name)
        return self.entries.get((service, account))

    def set_password(self, service: str, account: str, value: str) -> None:
        self.puts += 1
        self.entries[(service, account)] = value

    def delete_password(self, service: str, account: str) -> None:
        self.entries.pop((service, account), None)


def _next_start(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Session, list[bytes]]:
    """A new start of the window on path as run_window makes it (this process forgets every
    key it derived first): the remembered passphrase looked up ahead, then the open."""
    runs = _derivations(monkeypatch)
    keychain.unlock_ahead(path)
    remembered = keychain.get(path)
    assert remembered == PASS
    session = Session.open(path, passphrase=remembered)
    session.read_card_list_ahead()
    return session, runs


def test_a_remembered_start_takes_the_kept_key_and_derives_nothing(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = KeptKeyring()
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    assert keychain.put(encrypted, PASS)  # "Remember" ticked after the open
    (value,) = ring.entries.values()
    assert value.endswith(f"' {PASS}")  # the key beside it
    assert value != PASS
    session, runs = _next_start(encrypted, monkeypatch)
    try:
        assert session.card_list.rows == {}
        keychain.refresh(encrypted, PASS)
    finally:
        session.close()
    assert runs == []  # no PBKDF2: the start's 0.2 s
    assert ring.puts == 1  # the entry was whole: nothing written again
    # The same passphrase, typed in a dialog instead, opens with the key taken.
    Session.open(encrypted, passphrase=PASS).close()
    assert runs == []


def test_an_entry_of_the_passphrase_alone_is_derived_once_then_made_whole(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = KeptKeyring()
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    ring.entries[(keychain.SERVICE, keychain._account(encrypted))] = PASS  # kept before
    session, runs = _next_start(encrypted, monkeypatch)
    try:
        keychain.refresh(encrypted, PASS)  # what the window does after the open
    finally:
        session.close()
    assert len(runs) == 1
    assert ring.puts == 1
    session, runs = _next_start(encrypted, monkeypatch)
    session.close()
    assert runs == []


@pytest.mark.parametrize("spoil", ["other key", "other salt"])
def test_a_kept_key_that_does_not_open_the_file_is_not_taken(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, spoil: str
) -> None:
    ring = KeptKeyring()
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    assert keychain.put(encrypted, PASS)
    ((account, value),) = ring.entries.items()
    mark, key, passphrase = value.split(" ", 2)
    assert passphrase == PASS
    if spoil == "other key":  # the file encrypted again with the same salt, an altered entry
        key = key[:2] + ("0" if key[2] != "0" else "1") + key[3:]
    else:  # the file written again since under a new salt
        key = key[:-3] + ("0" if key[-3] != "0" else "1") + key[-2:]
    ring.entries[account] = f"{mark} {key} {PASS}"
    session, runs = _next_start(encrypted, monkeypatch)
    try:
        assert session.card_list.rows == {}  # opened with the key derived, as before
        keychain.refresh(encrypted, PASS)
    finally:
        session.close()
    assert len(runs) == 1
    assert ring.entries[account] == value  # made whole again: the next start derives nothing
    # Nothing wrong was taken: a wrong passphrase is still refused.
    with pytest.raises(DatabaseError):
        Session.open(encrypted, passphrase="not the passphrase", read_only=True)


@pytest.mark.parametrize(
    "other",
    [
        "tiger lily 8",  # the entry's text edited by hand (a keychain app shows it)
        PASS.rstrip("9").rstrip(),  # cut short, as a backend that trims would
        " " + PASS,
        PASS + " ",
    ],
)
def test_a_kept_key_is_not_taken_for_a_passphrase_it_was_not_derived_from(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    """The key opens the file, the passphrase beside it does not: the window must not
    run the book under that passphrase (its differential backups, a passphrase change,
    a typed passphrase in this process would all follow it), but ask, as for an entry of
    a wrong passphrase alone."""
    ring = KeptKeyring()
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    assert keychain.put(encrypted, PASS)
    ((account, value),) = ring.entries.items()
    assert value.endswith(" " + PASS)
    ring.entries[account] = value[: -len(PASS)] + other
    _derivations(monkeypatch)
    keychain.unlock_ahead(encrypted)
    remembered = keychain.get(encrypted)
    assert remembered == other
    with pytest.raises(cipher.WrongPassphrase):
        Session.open(encrypted, passphrase=remembered).close()
    # Typed in the dialog, in this process, after that start: still refused.
    with pytest.raises(cipher.WrongPassphrase):
        Session.open(encrypted, passphrase=other, read_only=True).close()
    Session.open(encrypted, passphrase=PASS).close()  # what the user knows opens it


def test_an_entry_of_the_bare_key_written_before_is_derived_once_then_made_whole(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry of the raw key unbound to its passphrase (kept so before keep_key): not
    taken, the passphrase derived as before, the entry written again bound."""
    ring = KeptKeyring()
    monkeypatch.setattr(keychain, "_keyring", lambda: ring)
    account = keychain._account(encrypted)
    bare = f"salesdesk-key/1 {cipher.file_key(PASS, encrypted)} {PASS}"
    ring.entries[(keychain.SERVICE, account)] = bare
    session, runs = _next_start(encrypted, monkeypatch)
    try:
        keychain.refresh(encrypted, PASS)
    finally:
        session.close()
    assert len(runs) == 1
    assert ring.entries[(keychain.SERVICE, account)] not in (bare, PASS)
    session, runs = _next_start(encrypted, monkeypatch)
    session.close()
    assert runs == []
