"""Encrypted books are written under BOOK_CIPHER (4 KB pages, HMAC-SHA256); a book or
backup written before, under SQLCipher 4's own defaults (LEGACY_CIPHER), still opens with
its passphrase: a writable open rewrites the book under BOOK_CIPHER, a read-only one and a
backup read it as it is, and a wrong passphrase still changes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from salesdesk.models import cipher
from salesdesk.models.store import Store
from salesdesk.services.session import Session

pytestmark = pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-wheels missing")

WORDS = "l'été 夏天 22"


def _settings_of(path: Path, key: str = WORDS) -> cipher.Settings:
    """Which settings open the file: BOOK_CIPHER or LEGACY_CIPHER (raw SQLCipher, none of
    our fallbacks)."""
    for settings in (cipher.BOOK_CIPHER, cipher.LEGACY_CIPHER):
        con = cipher.cipher_module().connect(str(path))
        try:
            cipher.quiet(con)
            cipher.set_key(con, cipher.file_key(key, path))
            for pragma, value in settings:
                con.execute(f"PRAGMA {pragma} = {value}")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return settings
        except (*cipher.errors(), MemoryError):
            continue
        finally:
            con.close()
    raise AssertionError(f"{path} opens under neither")


def _names(path: Path, *, read_only: bool = False) -> list[str]:
    session = Session.open(path, passphrase=WORDS, read_only=read_only)
    try:
        return sorted(r[0] for r in session.store.db.execute_sql("SELECT name FROM card"))
    finally:
        session.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _book(tmp_path: Path) -> Path:
    path = tmp_path / "book.db"
    session = Session.open(path, passphrase=WORDS)
    try:
        session.create_card({"name": "张伟", "phones": "13812345678"})
        session.create_card({"name": "Ann Lee"})
    finally:
        session.close()
    return path


def _written_before(book: Path, target: Path) -> Path:
    """book's rows in a new file under LEGACY_CIPHER, as a book written before BOOK_CIPHER."""
    con = cipher.connect(book, WORDS)
    try:
        cipher.create_private(target)
        cipher._attach(con, target, "old", cipher.new_key(WORDS), cipher.LEGACY_CIPHER)
        con.execute("SELECT sqlcipher_export('old')")
        for pragma in ("application_id", "user_version"):
            value = int(con.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            con.execute(f"PRAGMA old.{pragma} = {value}")
        con.execute("DETACH DATABASE old")
    finally:
        con.close()
    return target


def test_a_new_encrypted_book_is_written_under_the_book_settings(tmp_path: Path) -> None:
    book = _book(tmp_path)
    assert _settings_of(book) == cipher.BOOK_CIPHER
    assert _names(book) == ["Ann Lee", "张伟"]


def test_a_book_written_before_opens_and_is_rewritten_under_the_book_settings(
    tmp_path: Path,
) -> None:
    old = _written_before(_book(tmp_path), tmp_path / "old.db")
    assert _settings_of(old) == cipher.LEGACY_CIPHER
    before = _digest(old)
    # A wrong passphrase: refused, the file as it was.
    with pytest.raises(cipher.WrongPassphrase):
        Store.open(old, passphrase="not the words 22")
    assert _digest(old) == before
    # Read-only: read as it is, nothing written.
    assert _names(old, read_only=True) == ["Ann Lee", "张伟"]
    assert _digest(old) == before
    # A backup of it (its bytes) reads with the passphrase alone.
    backup = tmp_path / "old-backup.db"
    shutil.copyfile(old, backup)
    con = cipher.connect(backup, WORDS)
    try:
        assert con.execute("SELECT count(*) FROM card").fetchone()[0] == 2
    finally:
        con.close()
    # Writable: rewritten under the book's settings, every row kept, and it takes edits.
    assert _names(old) == ["Ann Lee", "张伟"]
    assert _settings_of(old) == cipher.BOOK_CIPHER
    session = Session.open(old, passphrase=WORDS)
    try:
        session.create_card({"name": "Bo Chen"})
    finally:
        session.close()
    assert _names(old) == ["Ann Lee", "Bo Chen", "张伟"]
    # The backup written before still reads, attached as a differential backup's base is.
    con = cipher.connect(old, WORDS)
    try:
        cipher.attach(con, backup, "before", cipher.file_key(WORDS, backup))
        assert con.execute("SELECT count(*) FROM before.card").fetchone()[0] == 2
        con.execute("DETACH DATABASE before")
        assert con.execute("SELECT count(*) FROM main.card").fetchone()[0] == 3
    finally:
        con.close()


def test_a_small_team_file_keeps_4k_pages_and_a_large_one_the_team_settings() -> None:
    assert cipher.team_cipher_for(100_000) == cipher.LEGACY_CIPHER
    assert cipher.team_cipher_for(cipher.TEAM_CIPHER_FROM) == cipher.TEAM_CIPHER
    # A reader tries what the file's size allows: 4 KB pages fit any of them.
    assert cipher.team_settings() == [cipher.TEAM_CIPHER, cipher.LEGACY_CIPHER, ()]
