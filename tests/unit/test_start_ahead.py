"""The window's start reads the card rows before the file is open, on a thread beside Qt's
import (services.startahead; an encrypted file's key is derived first): the session takes
them only when they are the file's as it opened it, and reads them itself otherwise."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from salesdesk.models import cipher
from salesdesk.services import startahead
from salesdesk.services.cardlist import CardFilter, CardList, Column
from salesdesk.services.session import Session
from tests.unit.test_unlock_ahead import _derivations

PASS = "tiger lily 9"


@pytest.fixture(autouse=True)
def nothing_left_ahead() -> Iterator[None]:
    yield
    startahead.forget()


def _book(path: Path, passphrase: str | None = None) -> None:
    session = Session.open(path, passphrase=passphrase)
    try:
        for name, grade in (("张伟", "A"), ("John Smith", "C"), ("王芳", "E"), ("Ann", "B")):
            session.create_card({"name": name, "company": f"{name} Ltd", "area": "x"}, grade=grade)
        deleted = session.create_card({"name": "Gone", "company": "-"}, grade="D").id
        assert deleted is not None
        session.delete_card(deleted)
    finally:
        session.close()


def _fetches(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every read of the rows through the store (not the read ahead's own)."""
    calls: list[object] = []
    real = CardList.fetch

    def counted(store: Any = None) -> Any:
        calls.append(store)
        return real(store)

    monkeypatch.setattr(CardList, "fetch", staticmethod(counted))
    return calls


def _window_start(path: Path, passphrase: str | None = None) -> Session:
    """As run_window opens a file: the session, then the rows taken on a thread."""
    session = Session.open(path, passphrase=passphrase)
    session.read_card_list_ahead()
    return session


def _loaded(path: Path, passphrase: str | None = None) -> Session:
    return Session.open(path, read_only=True, passphrase=passphrase)


def test_rows_read_before_the_open_list_as_a_load_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    _book(path)
    loaded = _loaded(path)
    fetches = _fetches(monkeypatch)
    startahead.begin(path)
    session = _window_start(path)
    try:
        rows = session.card_list.rows
        assert fetches == []  # read ahead
        assert list(rows.items()) == list(loaded.card_list.rows.items())  # in name order
        assert "Gone" not in {r.name for r in rows.values()}
        for column in Column:
            for descending in (False, True):
                assert session.card_list.sorted_rows(column, descending) == (
                    loaded.card_list.sorted_rows(column, descending)
                )
        for text in ("zhang", "王", "ltd"):
            assert session.card_list.query(CardFilter(text=text)) == (
                loaded.card_list.query(CardFilter(text=text))
            )
    finally:
        session.close()
        loaded.close()
    assert startahead.take(path) is None  # handed over once


def test_reading_ahead_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    _book(path)
    before = path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir())
    startahead.begin(path)
    ahead = startahead.take(path)
    assert ahead is not None
    assert ahead.rows_for(path) is not None
    # The same bytes, and no journal or lock file beside them.
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir())) == before


def test_a_write_after_the_read_ahead_makes_the_session_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    _book(path)
    startahead.begin(path)
    startahead._AHEAD[os.path.realpath(path)]._thread.join()  # read before the write
    other = Session.open(path)
    try:
        other.create_card({"name": "Written meanwhile", "company": "-"}, grade="A")
    finally:
        other.close()
    fetches = _fetches(monkeypatch)
    session = _window_start(path)
    try:
        names = {r.name for r in session.card_list.rows.values()}
    finally:
        session.close()
    assert "Written meanwhile" in names
    assert len(fetches) == 1  # the rows read ahead were stale: read again


def test_a_file_put_in_its_place_after_the_read_ahead_is_read_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    _book(path)
    other = tmp_path / "other.db"
    _book(other)
    session = Session.open(other)
    try:
        session.create_card({"name": "Only in the other", "company": "-"}, grade="B")
    finally:
        session.close()
    startahead.begin(path)
    startahead._AHEAD[os.path.realpath(path)]._thread.join()
    shutil.copyfile(other, tmp_path / "swap.db")
    os.replace(tmp_path / "swap.db", path)  # a restore renames a whole file over it
    fetches = _fetches(monkeypatch)
    session = _window_start(path)
    try:
        names = {r.name for r in session.card_list.rows.values()}
    finally:
        session.close()
    assert "Only in the other" in names
    assert len(fetches) == 1


def test_an_old_file_the_read_ahead_cannot_read_is_read_by_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of another shape (here: no card table at all) fails the read ahead quietly;
    the open says what it says, as without it."""
    path = tmp_path / "book.db"
    _book(path)
    with sqlite3.connect(path) as con:
        con.execute("ALTER TABLE card RENAME TO card_kept")
    startahead.begin(path)
    ahead = startahead.take(path)
    assert ahead is not None
    assert ahead.rows_for(path) is None
    assert ahead._con is None  # its connection let go


@pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-wheels missing")
def test_an_encrypted_file_is_read_ahead_with_the_remembered_key_derived_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    _book(path, PASS)
    loaded = _loaded(path, PASS)
    wanted = list(loaded.card_list.rows.items())
    loaded.close()
    derived = _derivations(monkeypatch)
    fetches = _fetches(monkeypatch)
    startahead.begin(path, lambda: (PASS, None))
    assert startahead.passphrase(path) == (True, PASS)
    assert startahead.passphrase(path) == (False, None)  # handed out once
    session = _window_start(path, PASS)
    try:
        assert list(session.card_list.rows.items()) == wanted
    finally:
        session.close()
    assert fetches == []
    assert len(derived) == 1


@pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-wheels missing")
def test_a_wrong_remembered_passphrase_reads_nothing_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.db"
    _book(path, PASS)
    startahead.begin(path, lambda: ("not the passphrase", None))
    assert startahead.passphrase(path) == (True, "not the passphrase")
    fetches = _fetches(monkeypatch)
    session = _window_start(path, PASS)  # typed in the dialog, say
    try:
        assert len(session.card_list.rows) == 4
    finally:
        session.close()
    assert len(fetches) == 1


def test_nothing_is_read_ahead_for_a_missing_file_or_an_encrypted_one_without_a_lookup(
    tmp_path: Path,
) -> None:
    startahead.begin(tmp_path / "missing.db")
    assert startahead.take(tmp_path / "missing.db") is None
    if cipher.available():
        path = tmp_path / "book.db"
        _book(path, PASS)
        startahead.begin(path)
        assert startahead.take(path) is None
