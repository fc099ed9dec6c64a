"""A throwaway PostgreSQL server: initialised and run as an unprivileged user, in a private
temporary folder, on 127.0.0.1 and a free port, and removed afterwards (the hub tests'
session server and the hub bench's).

`initdb` refuses to run as root, and CI runs as root: the server runs as `postgres`
(which Debian's `postgresql` package creates) or a user made here.
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


def _initdb(data: Path, pwfile: Path, env: dict[str, str], base: Path, as_user: Any) -> None:
    """A new cluster in data, its superuser hubadmin with the password in pwfile."""
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
        **as_user,
    )


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


def _stop_leftovers(as_user: dict[str, Any], env: dict[str, str]) -> None:
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
            **as_user,
        )
        shutil.rmtree(base, ignore_errors=True)


def _options(base: Path, port: int, extra: str) -> str:
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='{base}' "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    return options + (f" {extra}" if extra else "")


@contextmanager
def kept(base: Path, extra: str = "") -> Iterator[Server]:
    """A server whose data stays in `base`/data between runs (the hub bench's seeded hub,
    reused for quiet measurements): made on first use, started, and stopped afterwards
    but never removed. Its password is in `base`/pw (mode 600), its port in `base`/port.
    fsync is off as for the throwaway servers: after a crash of the machine, seed again."""
    assert BIN is not None
    user, uid, gid = _server_user()
    as_user: dict[str, Any] = {"user": user, "group": gid, "extra_groups": []} if user else {}
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    base.mkdir(parents=True, exist_ok=True)
    os.chown(base, uid, gid)
    base.chmod(0o700)
    data, pwfile, portfile, log = base / "data", base / "pw", base / "port", base / "server.log"
    if not data.exists():
        pwfile.write_text(secrets.token_urlsafe(16) + "\n")
        os.chown(pwfile, uid, gid)
        pwfile.chmod(0o600)
        portfile.write_text(str(_free_port()))
        _initdb(data, pwfile, env, base, as_user)
    password = pwfile.read_text().strip()
    port = int(portfile.read_text())
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is taken (the kept server already running?)")
    started = subprocess.run(
        [
            str(BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-o",
            _options(base, port, extra),
            "-w",
            "-t",
            "600",
            "start",
        ],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=base,
        **as_user,
    )
    if started.returncode != 0:
        said = log.read_text()[-4000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{said}")
    try:
        yield Server("127.0.0.1", port, "hubadmin", password)
    finally:
        subprocess.run(
            [str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "600", "stop"],
            check=False,
            capture_output=True,
            env=env,
            cwd=base,
            **as_user,
        )


@contextmanager
def running(extra: str = "", under: str | None = None) -> Iterator[Server]:
    """A PostgreSQL server of our own, on 127.0.0.1 and a free port; `extra` server options
    (-c name=value …) and the folder it is made `under` (the system's temporary folder)."""
    assert BIN is not None
    user, uid, gid = _server_user()
    as_user: dict[str, Any] = {"user": user, "group": gid, "extra_groups": []} if user else {}
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    _stop_leftovers(as_user, env)
    # Not under pytest's tmp folder: that is private to root, and the server runs as `user`.
    base = Path(tempfile.mkdtemp(prefix="salesdesk-pg-", dir=under))
    (base / "owner.pid").write_text(str(os.getpid()))
    os.chown(base, uid, gid)
    data = base / "data"
    password = secrets.token_urlsafe(16)
    pwfile = base / "pw"
    pwfile.write_text(password + "\n")
    os.chown(pwfile, uid, gid)
    pwfile.chmod(0o600)
    log = base / "server.log"
    try:
        _initdb(data, pwfile, env, base, as_user)
        pwfile.unlink()
        tls = _tls(base, uid, gid)
        # The free port is free when asked, not always when the server binds it: another
        # test process (pytest-xdist's workers each start a server) may take it in between.
        for attempt in range(3):
            port = _free_port()
            started = subprocess.run(
                [str(BIN / "pg_ctl"), "-D", str(data), "-l", str(log),
                 "-o", _options(base, port, extra) + tls, "-w", "start"],
                check=False,
                capture_output=True,
                text=True,
                env=env,
                cwd=base,
                **as_user,
            )  # fmt: skip
            said = log.read_text() if log.exists() else ""
            if started.returncode == 0 or "could not bind" not in said or attempt == 2:
                break
            log.unlink()
        if started.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{said}")
        yield Server("127.0.0.1", port, "hubadmin", password)
    finally:
        if data.exists():
            subprocess.run(
                [str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                check=False,
                capture_output=True,
                env=env,
                cwd=base,
                **as_user,
            )
        shutil.rmtree(base, ignore_errors=True)
