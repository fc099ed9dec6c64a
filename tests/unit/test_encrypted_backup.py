"""A backup of a database is the file's own bytes, copied under a read lock (issue 22 for
an encrypted one, under the same key; a plain one the same way since the sync-file speed
work): one committed state even while another connection writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from salesdesk.models import cipher
from salesdesk.models.backup import snapshot
from salesdesk.models.store import Store

pytestmark = pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-wheels missing")

PASS = "tiger lily 9"
KEYS = pytest.mark.parametrize("key", [PASS, None], ids=["encrypted", "plain"])


def _encrypted_store(path: Path, key: str | None = PASS) -> Store:
    store = Store.open(path, passphrase=key)
    store.db.execute_sql("CREATE TABLE tally (batch INTEGER, n INTEGER)")
    return store


def _read(path: Path, sql: str, key: str | None = PASS) -> list[tuple[object, ...]]:
    con = cipher.connect(path, key)
    try:
        return list(con.execute(sql).fetchall())
    finally:
        con.close()


@KEYS
def test_an_idle_file_is_backed_up_byte_for_byte_and_opens_with_its_key(
    db_path: Path, tmp_path: Path, key: str | None
) -> None:
    store = _encrypted_store(db_path, key)
    try:
        store.db.execute_sql("INSERT INTO tally VALUES (1, 1)")
        target = tmp_path / "copy.db"
        snapshot(store.db, target)
    finally:
        store.close()
    # The backup API would have written every page again (under fresh random IVs when
    # encrypted; with its own header counters when plain): the same bytes say the pages
    # were copied as they are.
    assert target.read_bytes() == db_path.read_bytes()
    assert _read(target, "PRAGMA integrity_check", key) == [("ok",)]
    assert _read(target, "SELECT batch, n FROM tally", key) == [(1, 1)]
    if key is None:
        return
    assert cipher.looks_encrypted(target)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(target).execute("SELECT count(*) FROM sqlite_master").fetchone()


@KEYS
def test_a_write_in_flight_is_not_in_the_backup_and_commits_after_it(
    db_path: Path, tmp_path: Path, key: str | None
) -> None:
    store = _encrypted_store(db_path, key)
    other = cipher.connect(db_path, key, timeout=10)
    other.isolation_level = None
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO tally VALUES (7, 7)")  # pending, in its cache
        target = tmp_path / "copy.db"
        snapshot(store.db, target)
        other.execute("COMMIT")
    finally:
        other.close()
        store.close()
    assert _read(target, "SELECT count(*) FROM tally", key) == [(0,)]
    assert _read(db_path, "SELECT count(*) FROM tally", key) == [(1,)]


@KEYS
def test_backups_taken_while_another_connection_commits_are_each_one_whole_state(
    db_path: Path, tmp_path: Path, key: str | None
) -> None:
    store = _encrypted_store(db_path, key)
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        con = cipher.connect(db_path, key, timeout=30)
        con.isolation_level = None
        try:
            batch = 0
            while not stop.is_set():
                batch += 1
                con.execute("BEGIN IMMEDIATE")
                con.executemany("INSERT INTO tally VALUES (?, ?)", [(batch, i) for i in range(200)])
                con.execute("COMMIT")
                written.append(batch)
                # A breath between commits, as any real writer takes: a writer that never
                # lets go starves every reader's shared lock (busy), backup or not.
                time.sleep(0.002)
        finally:
            con.close()

    writer = threading.Thread(target=write)
    writer.start()
    copies = []
    try:
        for i in range(6):
            # Commits between the backups: a backup no longer waits for a key derivation
            # (the copy's check reuses the live file's key), and a loaded machine may not
            # run the writer before six of them are done.
            deadline = time.monotonic() + 30
            while len(written) <= i and writer.is_alive() and time.monotonic() < deadline:
                time.sleep(0.005)
            target = tmp_path / f"copy{i}.db"
            snapshot(store.db, target)
            copies.append(target)
    finally:
        stop.set()
        writer.join()
        store.close()
    assert written
    for target in copies:
        assert _read(target, "PRAGMA integrity_check", key) == [("ok",)]
        # Whole transactions only: every batch in the copy has its 200 rows.
        counts = _read(target, "SELECT batch, count(*) FROM tally GROUP BY batch", key)
        assert all(n == 200 for _batch, n in counts), counts


def test_the_raw_key_derived_here_and_sqlciphers_own_derivation_open_the_same_files(
    tmp_path: Path,
) -> None:
    """Connections to an existing encrypted file are keyed with the raw key derived here
    for its salt (cipher.file_key: once per file in a process, its byte-for-byte backups
    included); a file keyed by SQLCipher from the passphrase must open so, and a file
    made here must open with the passphrase through SQLCipher alone."""
    words = "l'été 夏天 22"
    by_sqlcipher = tmp_path / "by_sqlcipher.db"
    con = cipher.cipher_module().connect(str(by_sqlcipher))
    con.execute("PRAGMA key = '{}'".format(words.replace("'", "''")))
    con.execute("CREATE TABLE t (v)")
    con.execute("INSERT INTO t VALUES ('张伟')")
    con.commit()
    con.close()
    cipher.forget_keys()
    con = cipher.connect(by_sqlcipher, words)  # the raw key of this file's salt
    try:
        assert con.execute("SELECT v FROM t").fetchall() == [("张伟",)]
    finally:
        con.close()
    con = cipher.connect(by_sqlcipher, "not the words 22")
    try:
        with pytest.raises(cipher.WrongPassphrase):
            cipher.verify_key(con, by_sqlcipher)
    finally:
        con.close()
    made_here = tmp_path / "made_here.db"
    store = Store.open(made_here, passphrase=words)
    store.close()
    again = Store.open(made_here, passphrase=words)  # an existing file: its raw key
    again.close()
    con = cipher.cipher_module().connect(str(made_here))
    try:
        con.execute("PRAGMA key = '{}'".format(words.replace("'", "''")))
        assert con.execute("SELECT count(*) FROM card").fetchone() == (0,)
    finally:
        con.close()
