"""The database file: its identity, transactions, replica ids, the writer lock, plain copies."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from salesdesk.domain.errors import DatabaseError, ReadOnlyError
from salesdesk.models.store import APPLICATION_ID, SCHEMA_VERSION, DatabaseLocked, Store
from salesdesk.services.session import Session


def _pragma(path: Path, name: str) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute(f"PRAGMA {name}").fetchone()[0])


def test_new_file_carries_application_id_and_schema_version(db_path: Path) -> None:
    Store.open(db_path).close()
    assert _pragma(db_path, "application_id") == APPLICATION_ID
    assert _pragma(db_path, "user_version") == SCHEMA_VERSION


def test_an_edit_and_its_change_record_commit_together(session: Session) -> None:
    card_id = session.create_card({"name": "王芳"}).id
    store = session.store

    def edit_then_fail() -> None:
        with store.write("boom"):
            store.update("card", card_id, {"name": "王芳芳"})
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        edit_then_fail()
    assert session.card(card_id).name == "王芳"
    dump = session.dump()
    assert dump["change"] == []


def test_every_edit_writes_a_change_record_with_old_and_new(session: Session) -> None:
    card_id = session.create_card({"name": "Anna Berg", "company": "Fjord AS"}).id
    session.edit_card(card_id, {"company": "Fjord Group", "address": "Storgata 1", "area": "Oslo"})
    changes = {c["field_group"]: c for c in session.dump()["change"]}
    assert set(changes) == {"company", "address"}  # address and area are one group
    assert json.loads(changes["company"]["old"]) == {"company": "Fjord AS"}
    assert json.loads(changes["company"]["new"]) == {"company": "Fjord Group"}
    assert json.loads(changes["address"]["new"]) == {"address": "Storgata 1", "area": "Oslo"}
    assert changes["company"]["device"] == session.store.replica_id


def test_an_edit_that_changes_nothing_writes_no_change(session: Session) -> None:
    card_id = session.create_card({"name": "Li Lei", "company": "ACME"}).id
    session.edit_card(card_id, {"company": "ACME"})
    assert session.dump()["change"] == []


def test_a_second_change_of_a_group_names_the_first_as_its_parent(session: Session) -> None:
    card_id = session.create_card({"name": "A"}).id
    session.edit_card(card_id, {"name": "B"})
    session.edit_card(card_id, {"name": "C"})
    first, second = sorted(session.dump()["change"], key=lambda c: c["stamp"])
    assert json.loads(first["parents"]) == []
    assert json.loads(second["parents"]) == [first["id"]]


def test_copied_file_takes_a_new_replica_id_before_its_first_write(tmp_path: Path) -> None:
    original = tmp_path / "laptop.db"
    session = Session.open(original)
    session.create_card({"name": "张伟"})
    first_id = session.store.replica_id
    session.close()

    copy = tmp_path / "usb" / "laptop.db"
    copy.parent.mkdir()
    shutil.copy(original, copy)

    reader = Session.open(copy, read_only=True)
    assert reader.store.replica_id == first_id  # only looking does not change it
    reader.close()

    writer = Session.open(copy)
    writer.create_card({"name": "李娜"})
    copy_id = writer.store.replica_id
    devices = {c["created"].split("-", 2)[2] for c in writer.dump()["card"]}
    writer.close()
    assert copy_id != first_id
    assert devices == {first_id, copy_id}

    # The original, at its own path, keeps writing under its own id.
    again = Session.open(original)
    again.create_card({"name": "王芳"})
    assert again.store.replica_id == first_id
    again.close()


def test_a_second_writer_is_refused_while_the_first_has_the_file(db_path: Path) -> None:
    first = Store.open(db_path)
    try:
        with pytest.raises(DatabaseLocked, match=r"is open in a SalesDesk window \(process \d+\)"):
            Store.open(db_path)
    finally:
        first.close()
    Store.open(db_path).close()  # free again once the first is closed


def test_read_only_open_refuses_writes_with_a_message(db_path: Path) -> None:
    Store.open(db_path).close()
    session = Session.open(db_path, read_only=True)
    try:
        with pytest.raises(ReadOnlyError, match="read-only"):
            session.create_card({"name": "X"})
    finally:
        session.close()


def test_plain_copy_of_the_idle_open_file_holds_every_committed_change(
    db_path: Path, tmp_path: Path
) -> None:
    session = Session.open(db_path)
    card_id = session.create_card({"name": "陈静"}).id
    session.log_contact(card_id, channel="phone", summary="约下周见面", grade="B")
    session.edit_card(card_id, {"notes": "喜欢早上联系"})
    copy = tmp_path / "copy.db"
    shutil.copy(db_path, copy)  # while the window still has it open
    expected = session.dump()
    session.close()

    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened = Session.open(copy, read_only=True)
    try:
        assert reopened.dump() == expected
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"name,phone\nZhang,138\n", "not a SalesDesk database"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "not a SalesDesk database"),
    ],
)
def test_files_that_are_not_databases_are_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match=message):
        Store.open(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE songs (title TEXT)")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_from_a_newer_salesdesk_is_refused_with_update_advice(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="update SalesDesk"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_a_snapshot_holds_every_commit_and_no_write_in_progress(
    session: Session, tmp_path: Path
) -> None:
    from salesdesk.models.backup import snapshot

    card_id = session.create_card({"name": "王芳"}).id
    # Another program has begun a write but not committed it.
    other = sqlite3.connect(session.store.path, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE card SET name = '半截' WHERE id = ?", (card_id,))
    try:
        copy = snapshot(session.store.db, tmp_path / "copy.db")
    finally:
        other.rollback()
        other.close()
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT name FROM card WHERE id = ?", (card_id,)).fetchone() == ("王芳",)
    # Inside a write of its own it refuses rather than wait on itself.
    store = session.store

    def rename_and_snapshot() -> None:
        with store.write("rename"):
            store.update("card", card_id, {"name": "王芳芳"})
            snapshot(store.db, tmp_path / "inside.db")

    with pytest.raises(RuntimeError):
        rename_and_snapshot()
    assert session.card(card_id).name == "王芳"  # the write was rolled back
