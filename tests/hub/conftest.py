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

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


BIN = _binaries()
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


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    superuser: str
    password: str

    def url(self, database: str = "postgres") -> str:
        """A URL without the password (the hub commands never take one on the command line)."""
        return f"postgresql://{self.superuser}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres", user: str | None = None, password: str = ""):  # type: ignore[no-untyped-def]
        import psycopg2

        con = psycopg2.connect(
            host=self.host,
            port=self.port,
            user=user or self.superuser,
            password=password or self.password,
            dbname=database,
        )
        con.autocommit = True
        return con


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> tuple[str | None, int, int]:
    """(user name to switch to or None, uid, gid): root cannot run PostgreSQL."""
    if os.geteuid() != 0:
        return None, os.getuid(), os.getgid()
    for name in ("postgres", "salesdesk-pg"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return name, entry.pw_uid, entry.pw_gid
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "salesdesk-pg"],
        check=True,
    )
    entry = pwd.getpwnam("salesdesk-pg")
    return "salesdesk-pg", entry.pw_uid, entry.pw_gid


def _tls(base: Path, uid: int, gid: int) -> str:
    """Server options for TLS with a throwaway self-signed certificate ('' without openssl):
    the hub's connections must be encrypted whenever the server offers it."""
    if not shutil.which("openssl"):
        return ""
    key, cert = base / "server.key", base / "server.crt"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-new",
            "-x509",
            "-days",
            "2",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=False,
        capture_output=True,
    )
    if made.returncode != 0:
        return ""
    for path in (key, cert):
        os.chown(path, uid, gid)
        path.chmod(0o600)
    return f" -c ssl=on -c ssl_cert_file='{cert}' -c ssl_key_file='{key}'"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_leftovers(as_user: dict[str, object], env: dict[str, str]) -> None:
    """Servers of earlier test runs that were killed before they could stop them."""
    assert BIN is not None
    for base in Path(tempfile.gettempdir()).glob("salesdesk-pg-*"):
        try:
            owner = int((base / "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue  # another test run, still going
        subprocess.run(
            [str(BIN / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
            env=env,
            cwd=tempfile.gettempdir(),
            **as_user,  # type: ignore[arg-type]
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """A PostgreSQL server of our own for the test session, on 127.0.0.1 and a free port."""
    assert BIN is not None
    user, uid, gid = _server_user()
    as_user = {"user": user, "group": gid, "extra_groups": []} if user else {}
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    _stop_leftovers(as_user, env)
    # Not under pytest's tmp folder: that is private to root, and the server runs as `user`.
    base = Path(tempfile.mkdtemp(prefix="salesdesk-pg-"))
    (base / "owner.pid").write_text(str(os.getpid()))
    os.chown(base, uid, gid)
    data = base / "data"
    password = secrets.token_urlsafe(16)
    pwfile = base / "pw"
    pwfile.write_text(password + "\n")
    os.chown(pwfile, uid, gid)
    pwfile.chmod(0o600)
    log = base / "server.log"
    port = _free_port()
    try:
        subprocess.run(
            [
                str(BIN / "initdb"),
                "-D",
                str(data),
                "--username=hubadmin",
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            env=env,
            cwd=base,
            **as_user,  # type: ignore[arg-type]
        )
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='{base}' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        options += _tls(base, uid, gid)
        started = subprocess.run(
            [str(BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            cwd=base,
            **as_user,  # type: ignore[arg-type]
        )
        if started.returncode != 0:
            said = log.read_text() if log.exists() else ""
            pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{said}")
        yield Server("127.0.0.1", port, "hubadmin", password)
    finally:
        if data.exists():
            subprocess.run(
                [str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                check=False,
                capture_output=True,
                env=env,
                cwd=base,
                **as_user,  # type: ignore[arg-type]
            )
        shutil.rmtree(base, ignore_errors=True)


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
