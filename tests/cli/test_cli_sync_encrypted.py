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


@pytest.mark.usefixtures("team_env")
def test_the_team_passphrase_kept_in_an_encrypted_database_serves_the_sync_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.services.session import Session
    from salesdesk.sync.service import SyncService

    monkeypatch.setenv("SD_PASS", "database passphrase")
    plain = tmp_path / "plain.db"
    assert cli("card", "add", "--db", plain, "--name", "张伟").code == 0
    line = cli("sync", "team", "--db", plain, "--team-passphrase-env", "SD_TEAM")
    assert "Encrypt this database first" in line.assert_user_error()
    dbs = [tmp_path / "a.db", tmp_path / "b.db"]
    for index, db in enumerate(dbs):
        assert cli("card", "add", "--db", db, "--name", f"{NAME}{index}").code == 0
        done = cli("db", "encrypt", "--db", db, "--new-passphrase-env", "SD_PASS",
                   "--remove-plain-backups")  # fmt: skip
        assert done.code == 0, done.err
        kept = cli("sync", "team", "--db", db, "--passphrase-env", "SD_PASS",
                   "--team-passphrase-env", "SD_TEAM")  # fmt: skip
        assert kept.code == 0, kept.err
    folder = tmp_path / "shared"
    folder.mkdir()
    for _round in range(2):
        for db in dbs:
            session = Session.open(db, passphrase="database passphrase")
            try:
                outcome, _ = SyncService(session).sync_folder(folder)
                assert outcome.failed == []
            finally:
                session.close()
    files = sorted(folder.glob("*.salesdesk"))
    assert len(files) == 2
    assert all(cipher.looks_encrypted(f) for f in files)
    assert all(NAME.encode() not in f.read_bytes() for f in files)
    dumps = [cli("dump", "--db", db, "--passphrase-env", "SD_PASS").out for db in dbs]
    assert dumps[0] == dumps[1]
    assert f"{NAME}0" in dumps[0]
    assert f"{NAME}1" in dumps[0]
    # `sync export` writes under the kept passphrase unless a plain file is asked for.
    exported = tmp_path / "exported.salesdesk"
    done = cli("sync", "export", "--db", dbs[0], "--passphrase-env", "SD_PASS", "--out", exported)
    assert done.code == 0, done.err
    assert cipher.looks_encrypted(exported)
    assert NAME.encode() not in exported.read_bytes()
    asked = tmp_path / "asked.salesdesk"
    done = cli("sync", "export", "--db", dbs[0], "--passphrase-env", "SD_PASS", "--out", asked,
               "--plain")  # fmt: skip
    assert done.code == 0, done.err
    assert not cipher.looks_encrypted(asked)
    # `sync merge` looks the kept passphrase up; forgetting it makes it ask again.
    merged = cli("sync", "merge", "--db", dbs[0], "--passphrase-env", "SD_PASS", files[1])
    assert merged.code == 0, merged.err
    assert cli("sync", "team", "--db", dbs[0], "--passphrase-env", "SD_PASS", "--clear").code == 0
    line = cli("sync", "merge", "--db", dbs[0], "--passphrase-env", "SD_PASS", files[1])
    assert "--team-passphrase-env" in line.assert_user_error()


@pytest.mark.usefixtures("team_env")
def test_check_on_a_team_sync_file_says_what_it_is_and_how_to_merge_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big book's team file (cipher.TEAM_CIPHER) does not open as a database read-only:
    `check` said the team passphrase did not open it."""
    monkeypatch.setattr(cipher, "TEAM_CIPHER_FROM", 0)
    a = tmp_path / "a.db"
    assert cli("card", "add", "--db", a, "--name", NAME).code == 0
    source = tmp_path / "a.salesdesk"
    _export(cli, a, source)
    digest = file_digest(source)
    line = cli("check", "--db", source, "--passphrase-env", "SD_TEAM").assert_user_error()
    assert "team sync file" in line
    assert "sync merge" in line
    assert "does not open" not in line
    assert file_digest(source) == digest
    # Another passphrase is still told it does not open the file.
    line = cli("check", "--db", source, "--passphrase-env", "SD_OTHER_TEAM").assert_user_error()
    assert "does not open" in line
    assert file_digest(source) == digest


@pytest.mark.usefixtures("team_env")
def test_a_damaged_encrypted_file_into_an_encrypted_database_says_it_is_damaged(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live file encrypted reads the incoming file with its key directly, where a page
    failing its HMAC comes as a MemoryError without words: the message said
    "is damaged or not a database ()."."""
    monkeypatch.setenv("SD_PASS", "database passphrase")
    a, d = tmp_path / "a.db", tmp_path / "d.db"
    assert cli("card", "add", "--db", a, "--name", NAME).code == 0
    assert cli("card", "add", "--db", d, "--name", "张伟").code == 0
    done = cli("db", "encrypt", "--db", d, "--new-passphrase-env", "SD_PASS",
               "--remove-plain-backups")  # fmt: skip
    assert done.code == 0, done.err
    source = tmp_path / "a.salesdesk"
    _export(cli, a, source)
    damaged = tmp_path / "damaged.salesdesk"
    data = bytearray(source.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8] = b"\xde\xad\xbe\xef" * 2
    damaged.write_bytes(bytes(data))
    digest = file_digest(d)
    for lang, damaged_word in (("en", "is damaged"), ("zh_CN", "已损坏")):
        line = cli("--lang", lang, "sync", "merge", "--db", d, "--passphrase-env", "SD_PASS",
                   damaged, "--team-passphrase-env", "SD_TEAM").assert_user_error()  # fmt: skip
        assert str(damaged) in line
        assert damaged_word in line
        assert "()" not in line
        assert "（）" not in line
        assert "HMAC" in line  # which page fails its check
        assert file_digest(d) == digest


@pytest.mark.usefixtures("team_env")
def test_a_laptop_without_the_team_passphrase_writes_nothing_into_an_encrypted_folder(
    cli: Cli, tmp_path: Path
) -> None:
    """A laptop whose encryption was removed (or never given the team passphrase) would
    drop a plain file of every customer among the team's encrypted ones: refused whole,
    in one message, the folder and the database as they were."""
    from salesdesk.domain.errors import UserError
    from salesdesk.domain.messages import localize
    from salesdesk.services.session import Session
    from salesdesk.sync.service import SyncService

    folder = tmp_path / "shared"
    folder.mkdir()
    team_file = folder / "colleague.salesdesk"
    colleague = tmp_path / "colleague.db"
    assert cli("card", "add", "--db", colleague, "--name", "张伟").code == 0
    _export(cli, colleague, team_file)
    plain = tmp_path / "plain.db"
    assert cli("card", "add", "--db", plain, "--name", NAME).code == 0
    before = cli("dump", "--db", plain).out
    session = Session.open(plain)
    try:
        with pytest.raises(UserError) as refused:
            SyncService(session).sync_folder(folder)
    finally:
        session.close()
    assert "encrypted with a team passphrase" in str(refused.value)
    assert "团队口令" in localize(str(refused.value), "zh_CN")
    assert sorted(p.name for p in folder.iterdir()) == ["colleague.salesdesk"]
    assert cli("dump", "--db", plain).out == before
    # A plain team keeps its plain folder.
    team_file.unlink()
    _plain = cli("sync", "export", "--db", colleague, "--out", folder / "c.salesdesk")
    assert _plain.code == 0, _plain.err
    session = Session.open(plain)
    try:
        outcome, _ = SyncService(session).sync_folder(folder)
    finally:
        session.close()
    assert outcome.failed == []
    assert len(list(folder.glob("*.salesdesk"))) == 2
