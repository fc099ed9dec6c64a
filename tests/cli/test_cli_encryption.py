"""An encrypted database (issue 22): nothing readable on a lost laptop, nothing written on a
wrong passphrase, backups under the same key, and the lock, crash leftovers and migrations
working on encrypted files as on plain ones."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from salesdesk.models import cipher
from salesdesk.models.backup import backup_database, backups
from tests.cli.conftest import Cli, file_digest, run_process

NAME = "欧阳娜娜"
PHONE = "13912345678"
COMPANY = "Acme Widgets"
PASS = "tiger lily 9"
OTHER = "correct horse battery"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _secrets_in(path: Path) -> list[str]:
    """What `strings` would find: the test's name, phone and company in any encoding."""
    data = path.read_bytes()
    found = []
    for secret in (NAME, PHONE, COMPANY):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
            if secret.encode(encoding) in data:
                found.append(f"{secret} ({encoding})")
    return found


def _opens(path: Path, key: str) -> bool:
    con = cipher.connect(path, key)
    try:
        cipher.verify_key(con, path)
    except cipher.WrongPassphrase:
        return False
    finally:
        con.close()
    return True


@pytest.fixture
def plain_db(cli: Cli, db_path: Path) -> tuple[Path, str]:
    added = cli(
        "card", "add", "--db", db_path, "--name", NAME, "--phone", PHONE, "--company", COMPANY
    )
    assert added.code == 0, added.err
    card_id = added.out.strip()
    logged = cli(
        "contact",
        "log",
        "--db",
        db_path,
        card_id,
        "--channel",
        "phone",
        "--summary",
        f"called {PHONE} about {COMPANY}",
    )
    assert logged.code == 0, logged.err
    return db_path, card_id


@pytest.fixture
def encrypted_db(
    cli: Cli, plain_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, str]:
    path, card_id = plain_db
    monkeypatch.setenv("SD_NEW", PASS)
    done = cli(
        "db", "encrypt", "--db", path, "--new-passphrase-env", "SD_NEW", "--remove-plain-backups"
    )
    assert done.code == 0, done.err
    monkeypatch.setenv("SD_PASS", PASS)
    return path, card_id


def test_an_encrypted_database_holds_no_readable_name_or_phone_and_sqlite_cannot_open_it(
    cli: Cli, plain_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = plain_db
    assert _secrets_in(path)  # the check finds them in a plain file
    before = cli("dump", "--db", path).json
    monkeypatch.setenv("SD_NEW", PASS)
    done = cli(
        "db", "encrypt", "--db", path, "--new-passphrase-env", "SD_NEW", "--no-remove-plain-backups"
    )
    assert done.code == 0, done.err
    assert _secrets_in(path) == []
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM card").fetchone()
    if shutil.which("sqlite3"):
        shell = subprocess.run(
            ["sqlite3", str(path), "SELECT name FROM card"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert shell.returncode != 0
        assert NAME not in shell.stdout
    monkeypatch.setenv("SD_PASS", PASS)
    after = cli("dump", "--db", path, "--passphrase-env", "SD_PASS")
    assert after.code == 0, after.err
    assert after.json == before
    # The plain original is kept among the backups until the user says to remove it.
    plain = cipher.plain_backups(path)
    assert any("before-encrypt" in p.name for p in plain)
    assert str(plain[0]) in done.err
    removed = cli("db", "remove-plain-backups", "--db", path)
    assert removed.code == 0, removed.err
    said = {1: "One plain copy removed.", 2: "2 plain copies removed."}.get(len(plain))
    assert said is None or said in removed.err  # one copy, not "1 plain copies"
    assert cipher.plain_backups(path) == []
    # Not left without a backup: the encrypted book as it was made, which opens with the
    # passphrase alone and holds the cards.
    from salesdesk.models.backup import backups

    left = backups(path)
    assert [b.reason for b in left] == ["encrypted"]
    assert _secrets_in(left[0].path) == []
    con = cipher.connect(left[0].path, PASS)
    try:
        assert con.execute("SELECT count(*) FROM card").fetchone()[0] == len(before["card"])
    finally:
        con.close()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_wrong_passphrase_gets_one_message_and_leaves_the_file_byte_identical(
    cli: Cli, encrypted_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, card_id = encrypted_db
    digest = file_digest(path)
    monkeypatch.setenv("SD_WRONG", "not the passphrase")
    for args in (
        ("card", "edit", "--db", path, card_id, "--name", "x"),
        ("dump", "--db", path),
        ("check", "--db", path),
        ("db", "decrypt", "--db", path),
    ):
        outcome = cli(*args, "--passphrase-env", "SD_WRONG")
        line = outcome.assert_user_error()
        assert "passphrase does not open" in line
        assert file_digest(path) == digest
    # Without a passphrase and without a terminal to ask on: what to do, in one line.
    line = cli("dump", "--db", path).assert_user_error()
    assert "--passphrase-env" in line
    line = cli("dump", "--db", path, "--passphrase-env", "SD_UNSET").assert_user_error()
    assert "SD_UNSET is not set" in line
    assert file_digest(path) == digest


def test_a_wrong_passphrase_in_a_real_process_prints_no_sqlcipher_log(
    encrypted_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = encrypted_db
    monkeypatch.setenv("SD_WRONG", "not the passphrase")
    outcome = run_process("--lang", "zh_CN", "dump", "--db", path, "--passphrase-env", "SD_WRONG")
    line = outcome.assert_user_error()
    assert "hmac" not in outcome.err
    assert "口令" in line  # the message in the user's language


def test_the_prompt_gives_three_tries_and_never_takes_the_passphrase_as_an_argument(
    cli: Cli, encrypted_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    path, _ = encrypted_db
    answers = iter(["wrong one 1", "wrong one 2", PASS])
    asked: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr("salesdesk.cli._interactive", lambda: True)
    outcome = cli("dump", "--db", path)
    assert outcome.code == 0, outcome.err
    assert len(asked) == 3
    assert path.name in asked[0]
    assert outcome.err.count("Wrong passphrase") == 2
    answers = iter(["a", "b", "c"])
    outcome = cli("dump", "--db", path)
    assert outcome.code == 1
    assert "Traceback" not in outcome.err
    assert "passphrase does not open" in outcome.err.strip().splitlines()[-1]
    # There is no option that takes the passphrase itself.
    assert cli("dump", "--db", path, "--passphrase", PASS).code == 1


def test_change_and_remove_the_passphrase(
    cli: Cli, encrypted_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = encrypted_db
    before = cli("dump", "--db", path, "--passphrase-env", "SD_PASS").json
    made = cli(
        "sync",
        "export",
        "--db",
        path,
        "--passphrase-env",
        "SD_PASS",
        "--out",
        path.parent / "x.salesdesk",
    )
    assert made.code == 0, made.err
    merged = cli(
        "sync", "merge", "--db", path, "--passphrase-env", "SD_PASS", path.parent / "x.salesdesk"
    )
    assert merged.code == 0, merged.err
    encrypted_backups = [b.path for b in backups(path)]
    assert encrypted_backups
    assert all(cipher.looks_encrypted(b) for b in encrypted_backups)
    monkeypatch.setenv("SD_OTHER", OTHER)
    done = cli(
        "db",
        "rekey",
        "--db",
        path,
        "--passphrase-env",
        "SD_PASS",
        "--new-passphrase-env",
        "SD_OTHER",
    )
    assert done.code == 0, done.err
    assert (
        "passphrase does not open"
        in cli("dump", "--db", path, "--passphrase-env", "SD_PASS").assert_user_error()
    )
    assert cli("dump", "--db", path, "--passphrase-env", "SD_OTHER").json == before
    # The backups follow: the old passphrase (which may have leaked) opens none of them.
    for backup in encrypted_backups:
        assert not _opens(backup, PASS)
        con = cipher.connect(backup, OTHER)
        assert con.execute("SELECT count(*) FROM card").fetchone()[0] == 1
        con.close()
    done = cli("db", "decrypt", "--db", path, "--passphrase-env", "SD_OTHER")
    assert done.code == 0, done.err
    assert not cipher.looks_encrypted(path)
    assert sqlite3.connect(path).execute("SELECT name FROM card").fetchone()[0] == NAME
    assert cli("dump", "--db", path).json == before


def test_backups_and_migrations_of_an_encrypted_database_are_encrypted(
    tmp_path: Path,
) -> None:
    from salesdesk.services.session import Session

    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", old)
    with sqlite3.connect(old) as con:
        con.execute("UPDATE card SET name = ?", (NAME,))
    con.close()
    assert cipher.convert_database(old, None, PASS)  # the plain original is kept, listed
    cipher.remove_plain_backups(old)
    session = Session.open(old, passphrase=PASS)  # lifts schema 1 to today's, in place
    try:
        assert session.store.encrypted
        assert session.store.db.execute_sql("PRAGMA user_version").fetchone()[0] == 6
        backup_database(session.store.db, old, reason="before-import")
    finally:
        session.close()
    made = backups(old)
    assert {b.reason for b in made} >= {"before-schema-6", "before-import"}
    for backup in made:
        assert _secrets_in(backup.path) == []
        assert cipher.looks_encrypted(backup.path)
        if os.name == "posix":
            assert backup.path.stat().st_mode & 0o777 == 0o600
    # A backup restores under the same key.
    session = Session.open(old, passphrase=PASS)
    restored = session.restore_backup(made[-1].path)
    try:
        assert restored.store.encrypted
        assert restored.store.db.execute_sql("SELECT count(*) FROM card").fetchone()[0] > 0
    finally:
        restored.close()


def test_encrypting_an_open_database_is_refused_and_leftovers_are_cleaned(
    cli: Cli, plain_db: tuple[Path, str]
) -> None:
    from salesdesk.domain.errors import DatabaseLocked
    from salesdesk.models.store import Store

    path, _ = plain_db
    digest = file_digest(path)
    store = Store.open(path)
    try:
        with pytest.raises(DatabaseLocked):
            cipher.convert_database(path, None, PASS)
    finally:
        store.close()
    assert file_digest(path) == digest
    # A conversion killed half-way leaves its new file beside: the next writer removes it.
    leftover = path.with_name(path.name + cipher.CONVERTING)
    leftover.write_bytes(b"\0" * 4096)
    stale = time.time() - 3600
    os.utime(leftover, (stale, stale))
    Store.open(path).close()
    assert not leftover.exists()


KILLED_WRITE = """
import os, sys
from sqlcipher3 import dbapi2
from salesdesk.models.cipher import BOOK_CIPHER
con = dbapi2.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA key = '" + sys.argv[2] + "'")
for pragma, value in BOOK_CIPHER:  # the settings an encrypted book is written under
    con.execute(f"PRAGMA {pragma} = {value}")
con.execute("PRAGMA cache_size = 1")
con.execute("BEGIN")
con.execute("UPDATE card SET name = 'half-written', notes = hex(randomblob(3000))")
os._exit(9)
"""


def test_a_killed_write_on_an_encrypted_file_rolls_back_for_a_read_only_command(
    cli: Cli, encrypted_db: tuple[Path, str]
) -> None:
    path, _ = encrypted_db
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(path), PASS], check=False)
    assert killed.returncode == 9
    assert Path(str(path) + "-journal").exists()
    dumped = cli("dump", "--db", path, "--passphrase-env", "SD_PASS")
    assert dumped.code == 0, dumped.err
    assert [c["name"] for c in dumped.json["card"]] == [NAME]


def test_removing_the_encryption_takes_the_team_passphrase_out_of_the_file_and_its_backups(
    cli: Cli, encrypted_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The team passphrase is kept inside an encrypted database only (Preferences > Privacy
    says so): made plain again, the file and its backups held it in clear text."""
    path, _ = encrypted_db
    team = "our team secret 42"
    monkeypatch.setenv("SD_TEAM", team)
    kept = cli("sync", "team", "--db", path, "--passphrase-env", "SD_PASS",
               "--team-passphrase-env", "SD_TEAM")  # fmt: skip
    assert kept.code == 0, kept.err
    card = cli("card", "add", "--db", path.parent / "other.db", "--name", "张伟")
    assert card.code == 0, card.err
    other = path.parent / "other.salesdesk"
    assert cli("sync", "export", "--db", path.parent / "other.db", "--out", other).code == 0
    merged = cli("sync", "merge", "--db", path, "--passphrase-env", "SD_PASS", other)
    assert merged.code == 0, merged.err  # a backup before it, holding the team passphrase
    assert backups(path)
    done = cli("db", "decrypt", "--db", path, "--passphrase-env", "SD_PASS")
    assert done.code == 0, done.err
    assert not cipher.looks_encrypted(path)
    files = [path, *(b.path for b in backups(path))]
    assert len(files) > 1
    for file in files:
        assert not cipher.looks_encrypted(file)
        assert team.encode() not in file.read_bytes(), file.name
        con = sqlite3.connect(file)
        keys = {k for (k,) in con.execute("SELECT key FROM meta").fetchall()}
        con.close()
        assert cipher.TEAM_PASSPHRASE_META not in keys
        assert "replica_id" in keys  # the rest of the meta stays
    # Encrypted again, it has none: sync files are plain until the team passphrase is set.
    monkeypatch.setenv("SD_NEW", PASS)
    again = cli("db", "encrypt", "--db", path, "--new-passphrase-env", "SD_NEW",
                "--remove-plain-backups")  # fmt: skip
    assert again.code == 0, again.err
    out = path.parent / "after.salesdesk"
    made = cli("sync", "export", "--db", path, "--passphrase-env", "SD_PASS", "--out", out)
    assert made.code == 0, made.err
    assert not cipher.looks_encrypted(out)


def test_a_passphrase_sqlcipher_would_read_as_a_raw_key_is_refused(
    cli: Cli, encrypted_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """x'<hex>' is SQLCipher's raw key: no derivation, and with a salt in it the one salt
    for every file written with it. Refused as a new passphrase, database's or team's."""
    path, _ = encrypted_db
    raw = "x'" + "ab" * 48 + "'"
    monkeypatch.setenv("SD_RAW", raw)
    digest = file_digest(path)
    for command in (
        (
            "db",
            "rekey",
            "--db",
            path,
            "--passphrase-env",
            "SD_PASS",
            "--new-passphrase-env",
            "SD_RAW",
        ),
        (
            "sync",
            "team",
            "--db",
            path,
            "--passphrase-env",
            "SD_PASS",
            "--team-passphrase-env",
            "SD_RAW",
        ),
    ):
        said = cli(*command).assert_user_error()
        assert "taken as a key" in said
        assert file_digest(path) == digest
    from salesdesk.services.session import Session

    plain = path.parent / "plain.db"
    Session.open(plain).close()
    digest = file_digest(plain)
    said = cli("db", "encrypt", "--db", plain, "--new-passphrase-env", "SD_RAW")
    assert "taken as a key" in said.assert_user_error()
    assert file_digest(plain) == digest
    assert not cipher.looks_encrypted(plain)
