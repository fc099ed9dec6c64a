"""Sync files encrypted with a team passphrase (issue 22): three laptops with the same
passphrase converge as with plain files; a fourth with another passphrase, a damaged
file or no passphrase is refused in one line, its database byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesdesk.models import cipher
from tests.cli.conftest import Cli, Outcome, file_digest

TEAM = "our team passphrase"
NAME = "欧阳娜娜"
PHONE = "13912345678"


@pytest.fixture
def team_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SD_TEAM", TEAM)
    monkeypatch.setenv("SD_OTHER_TEAM", "someone else's team")


def _export(cli: Cli, db: Path, out: Path, env: str = "SD_TEAM") -> None:
    done = cli("sync", "export", "--db", db, "--out", out, "--encrypt",
               "--team-passphrase-env", env)  # fmt: skip
    assert done.code == 0, done.err


def _merge(cli: Cli, db: Path, *files: Path, env: str = "SD_TEAM") -> Outcome:
    return cli("sync", "merge", "--db", db, *files, "--team-passphrase-env", env)


@pytest.mark.usefixtures("team_env")
def test_three_laptops_converge_through_encrypted_files(cli: Cli, tmp_path: Path) -> None:
    dbs = [tmp_path / f"{n}.db" for n in "abc"]
    ids = []
    for index, db in enumerate(dbs):
        made = cli("card", "add", "--db", db, "--name", f"{NAME}{index}", "--phone", PHONE)
        assert made.code == 0, made.err
        ids.append(made.out.strip())
    folder = tmp_path / "shared"
    folder.mkdir()
    for _round in range(2):
        for db in dbs:
            _export(cli, db, folder / f"{db.stem}.salesdesk")
        for db in dbs:
            others = [folder / f"{o.stem}.salesdesk" for o in dbs if o != db]
            merged = _merge(cli, db, *others)
            assert merged.code == 0, merged.err
    dumps = [cli("dump", "--db", db).out for db in dbs]
    assert dumps[0] == dumps[1] == dumps[2]
    assert all(card_id in dumps[0] for card_id in ids)
    for file in folder.iterdir():
        data = file.read_bytes()
        assert cipher.looks_encrypted(file)
        assert PHONE.encode() not in data
        assert NAME.encode() not in data
        assert file.stat().st_mode & 0o777 == 0o600


@pytest.mark.usefixtures("team_env")
def test_another_passphrase_a_damaged_file_or_none_is_refused_and_changes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    a, d = tmp_path / "a.db", tmp_path / "d.db"
    assert cli("card", "add", "--db", a, "--name", NAME).code == 0
    assert cli("card", "add", "--db", d, "--name", "张伟").code == 0
    source = tmp_path / "a.salesdesk"
    _export(cli, a, source)
    digest = file_digest(d)
    line = _merge(cli, d, source, env="SD_OTHER_TEAM").assert_user_error()
    assert "another team passphrase" in line
    assert str(source) in line
    assert file_digest(d) == digest
    line = cli("sync", "merge", "--db", d, source).assert_user_error()
    assert "--team-passphrase-env" in line
    assert file_digest(d) == digest
    damaged = tmp_path / "damaged.salesdesk"
    data = bytearray(source.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    line = _merge(cli, d, damaged).assert_user_error()
    assert str(damaged) in line
    assert file_digest(d) == digest
    # The right passphrase merges it; a dry run first changes nothing.
    assert cli("sync", "merge", "--db", d, source, "--dry-run",
               "--team-passphrase-env", "SD_TEAM").code == 0  # fmt: skip
    assert file_digest(d) == digest
    assert _merge(cli, d, source).code == 0
    assert NAME in cli("dump", "--db", d).out
