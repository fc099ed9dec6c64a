"""Bad input (DESIGN §8): one clear message, exit 1, no traceback, and the database as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import Cli, file_digest

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _assert_refused_and_unchanged(cli: Cli, db: Path, *args: object) -> str:
    dump_before = cli("dump", "--db", db).out
    bytes_before = file_digest(db)
    message = cli(*args).assert_user_error()
    assert cli("dump", "--db", db).out == dump_before
    assert file_digest(db) == bytes_before
    return message


# Each case: the command after `--db DB`, with {id} standing for a real card's id.
ADD = ("card", "add", "--name", "x")
EDIT = ("card", "edit", "{id}")
LOG = ("contact", "log", "{id}", "--channel", "visit", "--summary", "x")
BAD_COMMANDS = {
    "edit unknown id": ("card", "edit", UNKNOWN, "--name", "x"),
    "delete unknown id": ("card", "delete", UNKNOWN),
    "contact log unknown id": ("contact", "log", UNKNOWN, "--channel", "visit", "--summary", "x"),
    "add grade G": (*ADD, "--grade", "G"),
    "add grade AA": (*ADD, "--grade", "AA"),
    "edit grade G": (*EDIT, "--grade", "G"),
    "edit grade AA with a name": (*EDIT, "--name", "新名字", "--grade", "AA"),
    "edit f-kind F3": (*EDIT, "--grade", "F", "--f-kind", "F3"),
    "edit f-kind on grade A": (*EDIT, "--name", "新", "--grade", "A", "--f-kind", "F1"),
    "contact grade AA": (*LOG, "--grade", "AA"),
    "add recheck not on calendar": (*ADD, "--grade", "C", "--recheck", "2025-13-45"),
    "add birthday tomorrow": (*ADD, "--birthday", "tomorrow"),
    "edit recheck tomorrow": (*EDIT, "--grade", "C", "--recheck", "tomorrow"),
    "edit recheck bad with a name": (
        *EDIT,
        "--name",
        "新",
        "--grade",
        "C",
        "--recheck",
        "2025-13-45",
    ),
    "edit birthday not on calendar": (*EDIT, "--birthday", "2025-13-45"),
    "contact at tomorrow": (*LOG, "--at", "tomorrow"),
    "contact at not on calendar": (*LOG, "--at", "2025-13-45"),
    "contact recheck bad": (*LOG, "--grade", "C", "--recheck", "2025-13-45"),
    "add empty name": ("card", "add", "--name", "  "),
    "add name of control characters": ("card", "add", "--name", "\x01\x02\x1b"),
    "edit nothing": EDIT,
    "edit reason without grade": (*EDIT, "--name", "新", "--reason", "r"),
}


@pytest.mark.parametrize("command", BAD_COMMANDS.values(), ids=BAD_COMMANDS.keys())
def test_bad_input_is_refused_and_changes_nothing(
    cli: Cli, card_db: tuple[Path, str], command: tuple[str, ...]
) -> None:
    db, card_id = card_db
    verb = [c for c in command if c[:1] != "-" and c != "{id}"][:2]
    rest = [card_id if c == "{id}" else c for c in command[len(verb) :]]
    message = _assert_refused_and_unchanged(cli, db, *verb, "--db", db, *rest)
    if UNKNOWN in command:
        assert UNKNOWN in message
    for bad in ("G", "AA", "F3", "2025-13-45", "tomorrow"):
        if bad in command:
            assert f"'{bad}'" in message


@pytest.mark.parametrize(
    "command",
    [
        ("contact", "log", "{id}", "--channel", "fax", "--summary", "x"),
        ("card", "add", "--name", "x", "--status", "vip"),
        ("card", "add", "--company", "no name"),
        ("card", "frobnicate"),
    ],
    ids=["unknown channel", "unknown status", "missing name", "unknown subcommand"],
)
def test_usage_errors_exit_1_and_change_nothing(
    cli: Cli, card_db: tuple[Path, str], command: tuple[str, ...]
) -> None:
    db, card_id = card_db
    before = file_digest(db)
    args = [card_id if c == "{id}" else c for c in command]
    done = cli(*args[:2], "--db", db, *args[2:])
    assert done.code == 1
    assert done.err.strip().splitlines()[-1].startswith("salesdesk: ")
    assert "Traceback" not in done.err
    assert file_digest(db) == before


def test_deleting_a_card_twice_is_refused_the_second_time(
    cli: Cli, card_db: tuple[Path, str]
) -> None:
    db, card_id = card_db
    assert cli("card", "delete", "--db", db, card_id).code == 0
    message = _assert_refused_and_unchanged(cli, db, "card", "delete", "--db", db, card_id)
    assert "already deleted" in message


@pytest.mark.parametrize(
    "command",
    [
        ("card", "add", "--name", "x"),
        ("card", "delete", "some-id"),
        ("stats", "--json"),
        ("dump",),
        ("check",),
    ],
    ids=["card add", "card delete", "stats", "dump", "check"],
)
def test_a_db_that_is_a_directory_gets_a_clear_message(
    cli: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    folder = tmp_path / "cards.db"
    folder.mkdir()
    cut = 2 if command[0] == "card" else 1
    message = cli(*command[:cut], "--db", folder, *command[cut:]).assert_user_error()
    assert str(folder) in message
    assert list(folder.iterdir()) == []


def test_check_of_a_missing_file_says_so_and_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "cards.db"
    message = cli("check", "--db", missing).assert_user_error()
    assert "does not exist" in message
    assert not missing.parent.exists()


def test_a_db_under_a_file_gets_a_clear_message(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    cli("card", "add", "--db", blocker / "cards.db", "--name", "x").assert_user_error()
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_refused_foreign_file_is_not_left_open(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    con = sqlite3.connect(other)
    con.execute("PRAGMA journal_mode = wal")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.commit()
    con.close()
    before = file_digest(other)
    cli("card", "add", "--db", other, "--name", "x").assert_user_error()
    assert file_digest(other) == before
    # an open connection would keep notes.db-wal and notes.db-shm beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db", "notes.db.lock"]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_sync_file_is_refused_not_waited_on(cli: Cli, tmp_path: Path) -> None:
    """A named pipe in the sync folder (or given to merge, or as --db): opening it to read
    its header waited for a writer forever."""
    import os

    db = tmp_path / "cards.db"
    assert cli("card", "add", "--db", db, "--name", "张伟").code == 0
    pipe = tmp_path / "laptop.salesdesk"
    os.mkfifo(pipe)
    before = file_digest(db)
    line = cli("sync", "merge", "--db", db, pipe).assert_user_error()
    assert str(pipe) in line
    assert "not a plain file" in line
    assert file_digest(db) == before
    line = cli("--lang", "zh_CN", "card", "list", "--db", pipe, "--deleted").assert_user_error()
    assert "不是普通文件" in line
