"""The sync suites run twice (issue 22): on plain files, then with every laptop's database
encrypted and every sync file under the team passphrase. DESIGN §4's guarantees (merge,
preview and dry run, a merge that fails rolls back, bad files refused with the live file
unchanged) must hold for encrypted files exactly as for plain ones.

A suite takes the `sync_keys` fixture (autouse in its module) and opens databases, writes
sync files and merges through KEYS; `connect_file` opens a sync file for a test to tamper
with, under the team passphrase when there is one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from salesdesk.models import cipher

DB_PASS = "laptop passphrase 22"
TEAM_PASS = "team passphrase 22"


@dataclass
class Keys:
    db: str | None = None  # every laptop's database passphrase (one each is not the point)
    team: str | None = None  # the team passphrase of the sync files

    @property
    def encrypted(self) -> bool:
        return self.team is not None


KEYS = Keys()


@pytest.fixture(params=["plain", "encrypted"])
def sync_keys(request: pytest.FixtureRequest) -> Iterator[Keys]:
    if request.param == "encrypted":
        if not cipher.available():
            pytest.skip("sqlcipher3-wheels is not installed")
        KEYS.db, KEYS.team = DB_PASS, TEAM_PASS
    try:
        yield KEYS
    finally:
        KEYS.db = KEYS.team = None


def connect_file(path: Path) -> Any:
    """A DB-API connection to a sync file, keyed when the files are encrypted."""
    if KEYS.team is None:
        return sqlite3.connect(path)
    return cipher.connect_team(path, KEYS.team)


def check_sync_file(path: Path) -> Path:
    """The file is encrypted exactly when the team passphrase is set."""
    assert cipher.looks_encrypted(path) == KEYS.encrypted, path
    return path


def connect_db(path: Path) -> Any:
    """A DB-API connection to a laptop's database, keyed when the databases are encrypted."""
    if KEYS.db is None:
        return sqlite3.connect(path)
    return cipher.connect(path, KEYS.db)


def connect_any(path: Path) -> Any:
    """A sync file (.salesdesk) under the team passphrase, anything else as a database."""
    return connect_file(path) if path.suffix == ".salesdesk" else connect_db(path)
