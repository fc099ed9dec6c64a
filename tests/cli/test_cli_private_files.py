"""Nothing plain left behind (issue 22): owner-only files and folders, and the temporary
files of a killed run removed at the next start."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from salesdesk.models.backup import backups, merge_scratch
from salesdesk.models.paths import backup_dir, data_dir
from salesdesk.models.store import Store
from tests.cli.conftest import Cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="owner-only modes are POSIX's")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_database_backups_and_sync_files_are_owner_only(cli: Cli, tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, under which SQLite makes files 0644
    try:
        db = tmp_path / "cards.db"
        assert cli("card", "add", "--db", db, "--name", "王敏").code == 0
        out = tmp_path / "mine.salesdesk"
        assert cli("sync", "export", "--db", db, "--out", out).code == 0
        assert cli("sync", "merge", "--db", db, out).code == 0
        book = tmp_path / "cards.xlsx"
        assert cli("export", "--db", db, "--out", book).code == 0
    finally:
        os.umask(old)
    assert _mode(db) == 0o600
    assert _mode(out) == 0o600
    assert _mode(book) == 0o600
    made = backups(db)
    assert made
    assert all(_mode(b.path) == 0o600 for b in made)
    assert _mode(backup_dir()) == 0o700


def test_merge_copies_live_in_a_private_folder(tmp_path: Path) -> None:
    with merge_scratch() as scratch:
        assert scratch.parent == data_dir() / "tmp"
        assert _mode(scratch.parent) == 0o700
        assert _mode(scratch) == 0o700
    assert not scratch.exists()


def test_what_a_killed_run_left_in_the_private_folder_goes_at_the_next_start(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cards.db"
    Store.open(db).close()
    folder = data_dir() / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / "openpyxl.abc123.xml"
    stale.write_text("<row>王敏 13912345678</row>", encoding="utf-8")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    killed_merge = folder / "salesdesk-merge-xyz"
    killed_merge.mkdir()
    (killed_merge / "incoming.db").write_bytes(b"SQLite format 3\0" + b"\0" * 100)
    os.utime(killed_merge, (old, old))
    fresh = folder / "openpyxl.def456.xml"  # an export running now
    fresh.write_text("<row/>", encoding="utf-8")
    Store.open(db).close()
    assert not stale.exists()
    assert not killed_merge.exists()
    assert fresh.exists()
