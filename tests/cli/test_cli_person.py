"""salesdesk person export|erase (issue 22): a copy on request, and an erasure confirmed."""

from __future__ import annotations

import json
from pathlib import Path

from salesdesk.models.backup import backups
from tests.cli.conftest import Cli
from tests.integration.test_person_erase import (
    KEPT,
    NAME,
    PHONE,
    _dump_text,
    _holds_person,
    _laptop_with_person,
    _Opened,
)


def test_person_export_and_erase_on_the_command_line(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "cards.db"
    person, _ = _laptop_with_person(db)
    out = tmp_path / "person.json"
    done = cli("person", "export", "--db", db, person, "--out", out)
    assert done.code == 0, done.err
    assert json.loads(out.read_text(encoding="utf-8"))["card"]["phones"][0]["number"] == PHONE
    printed = cli("person", "export", "--db", db, person)
    assert printed.json["card"]["name"] == NAME
    # A backup taken before the erasure holds the person until the user says otherwise.
    with _Opened(db) as session:
        session.daily_backup()
    assert any(_holds_person(b.path) for b in backups(db))
    refused = cli("person", "erase", "--db", db, person)
    assert "--yes" in refused.assert_user_error()
    assert NAME in _dump_text(db)
    done = cli("person", "erase", "--db", db, person, "--yes", "--no-scrub-backups")
    assert done.code == 0, done.err
    assert "1 backup still holds this person; rewrite it with:" in done.err  # the daily one
    assert NAME not in _dump_text(db)
    assert not _holds_person(db)
    done = cli("person", "erase", "--db", db, person, "--yes", "--scrub-backups")
    assert done.code == 0, done.err
    assert all(not _holds_person(b.path) for b in backups(db))
    assert KEPT in _dump_text(db)
    missing = cli("person", "export", "--db", db, person)
    assert "No card" in missing.assert_user_error()
