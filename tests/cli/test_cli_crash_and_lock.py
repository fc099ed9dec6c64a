"""After a crash, and with two programs on one file: leftovers go, journals roll back, one writer.

Read-only commands roll back the journal a killed write left instead of
calling the file damaged; the copies and half-written backups of killed runs
are removed at the next start; the lock belongs to the real file (a symlink or
a second hard link is the same file); a command that wants to write waits a
few seconds for another command and then says who has the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from salesdesk.domain.errors import DatabaseLocked
from salesdesk.models.lock import DatabaseLock
from salesdesk.models.store import Store
from tests.cli.conftest import Cli, file_digest

KILLED_WRITE = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before commit
con.execute("BEGIN")
con.execute("UPDATE card SET name = 'half-written', notes = hex(randomblob(300))")
con.execute("UPDATE contact SET summary = hex(randomblob(300))")
os._exit(9)  # killed before the commit: the journal stays, hot
"""


def _cards(cli: Cli, db: Path, n: int) -> list[str]:
    ids = []
    for i in range(n):
        card_id = cli("card", "add", "--db", db, "--name", f"客户{i}").out.strip()
        cli("contact", "log", "--db", db, card_id, "--channel", "phone", "--summary", "x" * 200)
        ids.append(card_id)
    return ids


def test_read_only_commands_roll_back_a_killed_write_instead_of_calling_the_file_damaged(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "cards.db"
    _cards(cli, db, 30)
    dump_before = cli("dump", "--db", db).out
    subprocess.run([sys.executable, "-c", KILLED_WRITE, str(db)], check=False)
    journal = Path(str(db) + "-journal")
    assert journal.exists()
    assert journal.stat().st_size > 0
    checked = cli("check", "--db", db)
    assert checked.code == 0, checked.err
    assert "ok" in checked.out
    assert "an interrupted write was rolled back" in checked.err
    assert not journal.exists()
    assert cli("stats", "--db", db, "--json").json["cards"] == 30
    assert cli("dump", "--db", db).out == dump_before


def test_stats_rolls_back_too(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "cards.db"
    _cards(cli, db, 10)
    subprocess.run([sys.executable, "-c", KILLED_WRITE, str(db)], check=False)
    stats = cli("stats", "--db", db, "--json")
    assert stats.code == 0, stats.err
    assert stats.json["cards"] == 10
    names = {c["name"] for c in cli("dump", "--db", db).json["card"]}
    assert "half-written" not in names


def test_leftovers_of_killed_runs_are_removed_at_the_next_start(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> None:
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    db = tmp_path / "cards.db"
    _cards(cli, db, 1)
    old = time.time() - 3600
    killed = scratch_root / "salesdesk-merge-killed"
    killed.mkdir()
    (killed / "incoming.db").write_bytes(b"x" * 100_000)
    busy = scratch_root / "salesdesk-merge-busy"  # a merge running in another process
    busy.mkdir()
    held = DatabaseLock(busy / "in-use")
    assert held.acquire()
    from salesdesk.models.paths import backup_dir

    backups = backup_dir()
    backups.mkdir(parents=True, exist_ok=True)
    part = backups / "cards-20261130-101010-before-merge.db.part"
    part.write_bytes(b"half a backup")
    other = backups / "notes-20261130-101010-before-merge.db.part"  # another file's
    other.write_bytes(b"not ours")
    for path in (killed, busy, part, other):
        os.utime(path, (old, old))
    try:
        assert cli("card", "add", "--db", db, "--name", "李娜").code == 0
        assert not killed.exists()
        assert not part.exists()
        assert busy.exists()
        assert other.exists()
    finally:
        held.release()


def test_a_symlink_or_a_second_name_of_the_file_is_the_same_lock(tmp_path: Path) -> None:
    real = tmp_path / "cards.db"
    Store.open(real).close()
    link = tmp_path / "shortcut.db"
    link.symlink_to(real)
    hard = tmp_path / "second-name.db"
    os.link(real, hard)
    first = Store.open(real)
    try:
        for other in (link, hard):
            with pytest.raises(DatabaseLocked, match=r"\(process \d+\)"):
                Store.open(other)
    finally:
        first.close()
    Store.open(link).close()  # free once the first is closed


HOLD = """
import sys, time
from salesdesk.models.store import Store
store = Store.open(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
"""


def _holder(db: Path, seconds: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_command_waits_for_another_command_to_finish(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "cards.db"
    Store.open(db).close()
    holder = _holder(db, 1.0)
    try:
        added = cli("card", "add", "--db", db, "--name", "张伟")
        assert added.code == 0, added.err
    finally:
        holder.wait(timeout=30)
        holder.stdout.close()  # type: ignore[union-attr]
    assert cli("stats", "--db", db, "--json").json["cards"] == 1


def test_a_command_that_cannot_wait_longer_names_the_one_holding_the_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk import cli as cli_module

    monkeypatch.setattr(cli_module, "WRITER_WAIT_SECONDS", 0.5)
    db = tmp_path / "cards.db"
    Store.open(db).close()
    before = file_digest(db)
    holder = _holder(db, 20.0)
    try:
        message = cli("card", "add", "--db", db, "--name", "张伟").assert_user_error()
        assert f"another salesdesk command (process {holder.pid})" in message
    finally:
        holder.kill()
        holder.wait(timeout=30)
        holder.stdout.close()  # type: ignore[union-attr]
    assert file_digest(db) == before
