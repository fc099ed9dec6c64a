"""Writing a sync file (DESIGN §4): a half-written file never has the real name, a failure
leaves nothing behind, and a file written again replaces the old one whole. Its pages are
flushed on a thread while it is written, and the old file is freed on a thread after the
rename (issue 22 point 5): neither may leave a file, a thread or a handle behind."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.errors import DatabaseError
from salesdesk.services.session import Session
from salesdesk.sync import files
from salesdesk.sync.files import export_sync_file
from tests.encrypted_sync import KEYS, connect_file, sync_keys  # noqa: F401

pytestmark = pytest.mark.usefixtures("sync_keys")


def _book(path: Path, cards: int) -> Session:
    session = Session.open(path, passphrase=KEYS.db)
    for n in range(cards):
        session.create_card({"name": f"客户 {n}", "company": "华信贸易"}, grade="C")
    return session


def _cards_in(path: Path) -> int:
    con = connect_file(path)
    try:
        return int(con.execute("SELECT count(*) FROM card").fetchone()[0])
    finally:
        con.close()


def _join_helpers() -> None:
    for thread in threading.enumerate():
        if thread.name in ("salesdesk-free", "salesdesk-flush"):
            thread.join(10)


def _deleted_files_held(folder: Path) -> list[str]:
    """Files under folder this process still holds open after they were unlinked (Linux)."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)) and target.endswith("(deleted)"):
            held.append(target)
    return held


def test_a_file_written_again_replaces_the_old_one_and_its_space_is_given_back(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    session = _book(tmp_path / "cards.db", 3)
    try:
        first = export_sync_file(session.store, folder=folder, passphrase=KEYS.team)
        reader = connect_file(first)  # someone reading the old file while it is replaced
        session.create_card({"name": "新客户"}, grade="B")
        again = export_sync_file(session.store, folder=folder, passphrase=KEYS.team)
    finally:
        session.close()
    assert again == first
    assert sorted(p.name for p in folder.iterdir()) == [first.name]
    assert _cards_in(again) == 4
    # The reader keeps the file it opened, whole (POSIX; Windows renames over no open file).
    assert reader.execute("SELECT count(*) FROM card").fetchone()[0] == 3
    reader.close()
    _join_helpers()
    if os.path.isdir("/proc/self/fd"):
        assert _deleted_files_held(folder) == []  # the old file was closed: its blocks freed
    assert not [t for t in threading.enumerate() if t.name.startswith("salesdesk-f")]


@pytest.mark.parametrize("earlier", [False, True])
def test_a_failure_while_writing_leaves_no_file_and_the_earlier_one_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier: bool
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    session = _book(tmp_path / "cards.db", 2)
    try:
        if earlier:
            old = export_sync_file(session.store, folder=folder, passphrase=KEYS.team)
            old_bytes = old.read_bytes()
        before = session.dump()

        def broken(*args: Any, **kwargs: Any) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(files, "_add_manifest", broken)
        with pytest.raises(DatabaseError, match="Cannot write"):
            export_sync_file(session.store, folder=folder, passphrase=KEYS.team)
        assert session.dump() == before
    finally:
        session.close()
    _join_helpers()
    if earlier:
        assert sorted(p.name for p in folder.iterdir()) == [old.name]
        assert old.read_bytes() == old_bytes
    else:
        assert list(folder.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "salesdesk-flush"]
    if os.path.isdir("/proc/self/fd"):
        assert _deleted_files_held(folder) == []


def test_install_over_no_file_and_over_a_file(tmp_path: Path) -> None:
    new, target = tmp_path / ".x.part", tmp_path / "x"
    new.write_bytes(b"one")
    files.install(new, target)
    assert target.read_bytes() == b"one"
    assert not new.exists()
    new.write_bytes(b"two")
    files.install(new, target)
    _join_helpers()
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


@pytest.mark.skipif(os.name == "nt", reason="Windows holds no old file open across the rename")
def test_a_rename_refused_over_the_open_old_file_is_made_without_holding_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new, target = tmp_path / ".x.part", tmp_path / "x"
    target.write_bytes(b"old")
    new.write_bytes(b"new")
    real = os.replace
    tries: list[str] = []

    def refused_once(source: Any, dest: Any) -> None:
        tries.append(str(source))
        if len(tries) == 1:  # a network share that will not rename over an open file
            raise PermissionError(13, "Permission denied")
        real(source, dest)

    monkeypatch.setattr(os, "replace", refused_once)
    files.install(new, target)
    _join_helpers()
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]
    assert len(tries) == 2
    if os.path.isdir("/proc/self/fd"):
        assert _deleted_files_held(tmp_path) == []
