"""Running the command line: in-process through main(argv), or as a real subprocess.

In-process runs are fast and see the per-test folders through os.environ
(tests/conftest.py sets them with monkeypatch); subprocesses inherit the same
os.environ, so both write their replica registry into the test's own folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from salesdesk.cli import main
from tests.encrypted_sync import Keys, sync_keys  # noqa: F401 -- the sync suites' fixture


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    def assert_user_error(self) -> str:
        """Exit 1, one message line on stderr starting 'salesdesk:', no traceback."""
        assert self.code == 1, (self.code, self.out, self.err)
        assert "Traceback" not in self.err
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("salesdesk: ")
        return lines[0]


Cli = Callable[..., Outcome]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `salesdesk ARGS` in this process; every argument is turned into text."""

    def run(*args: object) -> Outcome:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:  # argparse: --version, usage errors
            code = stop.code if isinstance(stop.code, int) else 1
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


def run_process(
    *args: object, cwd: Path | None = None, timeout: float = 120, max_memory: int | None = None
) -> Outcome:
    """Run `python -m salesdesk ARGS` as a new process with this test's environment.

    timeout: seconds before the process is killed (and the test fails), so a command that
    waits forever cannot hang the suite; max_memory: bytes of address space it may take
    (POSIX), so one that reads without end fails instead of filling the machine."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run(
        [sys.executable, "-m", "salesdesk", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
        preexec_fn=None if max_memory is None else _limit_memory(max_memory),
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def _limit_memory(size: int) -> Callable[[], None]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


DB_PASS_ENV = "SD_SYNC_DB_PASS"
TEAM_PASS_ENV = "SD_SYNC_TEAM_PASS"


def on_both(run: Cli, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The command line as a sync suite runs it twice (issue 22): as it is, then with every
    laptop's database encrypted (made so before its first command) and opened with
    --passphrase-env, and every sync file written and merged under the team passphrase."""
    if not keys.encrypted:
        return run
    assert keys.db is not None
    assert keys.team is not None
    monkeypatch.setenv(DB_PASS_ENV, keys.db)
    monkeypatch.setenv(TEAM_PASS_ENV, keys.team)

    def encrypted(*args: object) -> Outcome:
        words = [str(a) for a in args]
        extra: list[str] = []
        if "--db" in words:
            path = Path(words[words.index("--db") + 1])
            if not path.exists():
                encrypted_database(path, keys.db or "")
            extra += ["--passphrase-env", DB_PASS_ENV]
        command = (words[2:] if words[:1] == ["--lang"] else words)[:2]
        if command == ["sync", "export"]:
            extra += ["--encrypt", "--team-passphrase-env", TEAM_PASS_ENV]
        elif command == ["sync", "merge"]:
            extra += ["--team-passphrase-env", TEAM_PASS_ENV]
        return run(*words, *extra)

    return encrypted


def encrypted_database(path: Path, passphrase: str) -> None:
    """A new, empty SalesDesk database encrypted with passphrase."""
    from salesdesk.services.session import Session

    Session.open(path, passphrase=passphrase).close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Fix the program's clock (SALESDESK_NOW, read by salesdesk.models.clock)."""
    monkeypatch.setenv("SALESDESK_NOW", "2025-03-01T09:00:00")
    return datetime(2025, 3, 1, 9, 0)


@pytest.fixture
def card_db(cli: Cli, db_path: Path, fixed_now: datetime) -> tuple[Path, str]:
    """A database holding one card, 张伟 of 华信贸易, grade B, made at fixed_now."""
    added = cli("card", "add", "--db", db_path, "--name", "张伟", "--company", "华信贸易")
    assert added.code == 0, added.err
    card_id = added.out.strip()
    regraded = cli("card", "edit", "--db", db_path, card_id, "--grade", "B", "--reason", "试用")
    assert regraded.code == 0, regraded.err
    return db_path, card_id
