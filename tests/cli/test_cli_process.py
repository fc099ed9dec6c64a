"""The command line as a real process: start-up imports, exit codes, foreign files, the lock."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from salesdesk import __version__
from salesdesk.models.store import APPLICATION_ID, SCHEMA_VERSION, Store

from .conftest import Cli, file_digest, run_process

HEAVY = ("PySide6", "shiboken6", "openpyxl", "matplotlib")


def _loaded_heavy_modules(code: str) -> list[str]:
    probe = (
        "import sys\n"
        f"{code}\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_importing_the_cli_loads_no_qt_openpyxl_or_matplotlib() -> None:
    assert _loaded_heavy_modules("import salesdesk.cli") == []


def test_card_add_stats_and_dump_run_without_loading_qt(db_path: Path) -> None:
    code = (
        "from contextlib import redirect_stdout\n"
        "import io\n"
        "from salesdesk.cli import main\n"
        "with redirect_stdout(io.StringIO()):\n"
        f"    assert main(['card', 'add', '--db', {str(db_path)!r}, '--name', '张伟']) == 0\n"
        f"    assert main(['stats', '--db', {str(db_path)!r}, '--json']) == 0\n"
        f"    assert main(['dump', '--db', {str(db_path)!r}]) == 0\n"
        f"    assert main(['check', '--db', {str(db_path)!r}]) == 0\n"
    )
    assert _loaded_heavy_modules(code) == []


def test_version_prints_the_package_version_and_exits_0() -> None:
    done = run_process("--version")
    assert done.code == 0
    assert done.out.strip() == f"SalesDesk {__version__}"


def test_subprocesses_use_this_tests_own_folders(
    db_path: Path, isolated_dirs: Path, tmp_path: Path
) -> None:
    assert os.environ["SALESDESK_CONFIG_DIR"] == str(isolated_dirs / "config")
    added = run_process("card", "add", "--db", db_path, "--name", "张伟")
    assert added.code == 0, added.err
    card_id = added.out.strip()
    assert added.out == card_id + "\n"  # the id alone, usable as ID=$(salesdesk card add …)
    assert str(uuid.UUID(card_id)) == card_id
    assert added.err == ""
    # the replica registry went to the test's config folder, not the user's
    registry = json.loads((isolated_dirs / "config" / "replicas.json").read_text("utf-8"))
    assert str(db_path.resolve()) in registry.values()


def test_a_user_error_exits_1_with_one_line_and_no_traceback(db_path: Path) -> None:
    assert run_process("card", "add", "--db", db_path, "--name", "张伟").code == 0
    before = file_digest(db_path)
    done = run_process("card", "edit", "--db", db_path, "nope", "--grade", "G")
    done.assert_user_error()
    done = run_process("card", "edit", "--db", db_path, str(uuid.uuid4()), "--name", "x")
    assert "No card with id" in done.assert_user_error()
    assert file_digest(db_path) == before


def test_a_usage_error_exits_1_without_traceback(db_path: Path) -> None:
    done = run_process("card", "add", "--db", db_path)
    assert done.code == 1
    assert "Traceback" not in done.err
    assert done.err.strip().splitlines()[-1].startswith("salesdesk: ")
    assert not db_path.exists()


def test_check_of_a_good_database_exits_0(db_path: Path) -> None:
    assert run_process("card", "add", "--db", db_path, "--name", "Anna").code == 0
    done = run_process("check", "--db", db_path)
    assert done.code == 0, done.err
    assert done.out.strip() == f"{db_path}: ok (schema {SCHEMA_VERSION})"
    assert done.err == ""


# -- files that are not (this version's) SalesDesk databases -------------------------------
def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path) -> None:
    path.write_text("name,company\n张伟,华信贸易\n", encoding="utf-8")


def _png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def _foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoices (total) VALUES (99.5)")
    con.commit()
    con.close()


def _foreign_sqlite_wal(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = wal")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("INSERT INTO notes (text) VALUES ('hello')")
    con.commit()
    con.close()


def _newer_schema(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.execute("CREATE TABLE card (id TEXT PRIMARY KEY, created TEXT, future_column TEXT)")
    con.commit()
    con.close()


def _salesdesk_file(path: Path) -> bytes:
    from salesdesk.services.session import Session

    session = Session.open(path)
    try:
        for n in range(30):
            session.create_card({"name": f"客户 {n}", "notes": "备注 " * 200})
    finally:
        session.close()
    return path.read_bytes()


def _truncated(path: Path) -> None:
    whole = _salesdesk_file(path)
    path.write_bytes(whole[:8192])


def _damaged_schema(path: Path) -> None:
    whole = _salesdesk_file(path)
    path.write_bytes(whole.replace(b"CREATE TABLE", b"CREATE TABLX"))


BAD_FILES = {
    "zero bytes": (_zero_bytes, "empty"),
    "text": (_text, "not a SalesDesk database"),
    "png": (_png, "not a SalesDesk database"),
    "foreign sqlite": (_foreign_sqlite, "another program"),
    "foreign sqlite in wal mode": (_foreign_sqlite_wal, "another program"),
    "newer schema": (_newer_schema, "newer SalesDesk"),
    "truncated salesdesk file": (_truncated, "not a SalesDesk database"),
    "salesdesk file with a damaged schema": (_damaged_schema, "not a SalesDesk database"),
}


@pytest.mark.parametrize(("make", "says"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_check_and_write_refuse_a_file_that_is_not_ours_and_leave_it_alone(
    cli: Cli, tmp_path: Path, make: object, says: str
) -> None:
    path = tmp_path / "suspect.db"
    make(path)  # type: ignore[operator]
    before = file_digest(path)
    for run, args in (
        (run_process, ("check", "--db", path)),
        (run_process, ("card", "add", "--db", path, "--name", "张伟")),
        (cli, ("stats", "--db", path, "--json")),  # in-process: the same code, faster
        (cli, ("dump", "--db", path)),
    ):
        message = run(*args).assert_user_error()
        assert str(path) in message
        assert says in message
        assert file_digest(path) == before, args


def test_a_cli_write_while_a_window_holds_the_file_is_refused(db_path: Path) -> None:
    card_id = run_process("card", "add", "--db", db_path, "--name", "张伟").out.strip()
    before = file_digest(db_path)
    store = Store.open(db_path)  # as the window holds it
    try:
        for args in (
            ("card", "add", "--db", db_path, "--name", "李娜"),
            ("card", "edit", "--db", db_path, card_id, "--name", "张伟伟"),
            ("contact", "log", "--db", db_path, card_id, "--channel", "phone", "--summary", "x"),
        ):
            message = run_process(*args).assert_user_error()
            assert f"(process {os.getpid()})" in message  # names who holds the file
        reading = run_process("stats", "--db", db_path, "--json")  # reading still works
        assert reading.code == 0, reading.err
        assert json.loads(reading.out)["cards"] == 1
    finally:
        store.close()
    assert file_digest(db_path) == before
    assert run_process("card", "edit", "--db", db_path, card_id, "--name", "张伟伟").code == 0
