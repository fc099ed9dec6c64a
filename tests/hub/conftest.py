"""A real PostgreSQL server for the hub tests: started once for the session, removed after.

`initdb` refuses to run as root, and CI runs as root: the server is initialised and run
as an unprivileged user (`postgres`, which Debian's `postgresql` package creates, or one
made here), in a private temporary folder, listening on 127.0.0.1 on a free port only.
pytest-postgresql starts its server as the user running the tests, so as root it cannot
start one at all: this is the small part of it we need, with the user switched.

Each test gets its own empty database on that server (`hub_url`), dropped afterwards.
Without PostgreSQL (`python3 dev.py test` installs Debian's package as root) the hub tests
are skipped with the reason; under CI=true they fail instead, as the real-window test does.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hub.pgserver import BIN, Server, running

MISSING = "" if BIN else "PostgreSQL's initdb and pg_ctl (python3 dev.py test installs postgresql)"
try:
    import psycopg2
except ImportError:
    MISSING = MISSING or "the psycopg2 driver (pip install -e .)"
if os.environ.get("CI") == "true":
    # CI must run the hub tests against a real server: dev.py installs postgresql as root.
    assert not MISSING, f"CI needs {MISSING}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not MISSING:
        return
    skip = pytest.mark.skip(reason=f"the team hub tests need {MISSING}")
    for item in items:
        if "tests/hub/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """A PostgreSQL server of our own for the test session, on 127.0.0.1 and a free port."""
    try:
        with running() as server:
            yield server
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture
def pg(pg_server: Server) -> Iterator[tuple[Server, str]]:
    """A fresh empty database on the test server: (server, database name); dropped after."""
    name = "hub_" + uuid.uuid4().hex[:12]
    admin = pg_server.connect()
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        yield pg_server, name
        with admin.cursor() as cur:
            # Connections a test left open (a killed sync) must not keep the database.
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            for _ in range(50):
                try:
                    cur.execute(f'DROP DATABASE "{name}"')
                    break
                except psycopg2.Error:  # a backend still closing
                    time.sleep(0.1)
            # Roles belong to the server, not the database: the test's hub users go too.
            cur.execute(
                "SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%%' AND rolname <> %s",
                (pg_server.superuser,),
            )
            for (role,) in cur.fetchall():
                cur.execute(f'DROP ROLE "{role}"')
    finally:
        admin.close()


@pytest.fixture
def hub_url(pg: tuple[Server, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL of a fresh hub database (the admin user; the password in SALESDESK_TEST_PW)."""
    server, name = pg
    monkeypatch.setenv("SALESDESK_TEST_PW", server.password)
    return server.url(name)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The error messages the window showed (instead of showing them)."""
    from salesdesk.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, text, _d=None: shown.append(text))
    return shown


@pytest.fixture
def colleague(hub_url: str, tmp_path: Path) -> Path:
    """A colleague's laptop that put 王敏 on the hub."""
    from tests.hub.helpers import do, init, join, sync

    init(hub_url)
    path = tmp_path / "other.db"
    join(path, hub_url)
    do(path, lambda s: s.create_card({"name": "王敏", "company": "东方物流"}, grade="B"))
    sync(path)
    return path
