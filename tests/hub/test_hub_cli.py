"""`salesdesk hub init | join | sync` as a user types them; the password never on the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salesdesk.cli import main
from tests.hub.conftest import Server
from tests.hub.helpers import do, dump


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main([str(a) for a in args])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def one_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("salesdesk: ")
    assert "Traceback" not in err
    return lines[0]


PW = ("--password-env", "SALESDESK_TEST_PW")


def test_init_join_sync_from_the_command_line(
    hub_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "hub", "init", "--url", hub_url, *PW)
    assert code == 0, err
    assert "is ready" in out
    # Again: an existing hub is left as it is (and brought up to date).
    assert run(capsys, "hub", "init", "--url", hub_url, *PW)[0] == 0
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    added = run(capsys, "card", "add", "--db", a, "--name", "张伟", "--company", "华信贸易")
    card_id = added[1].strip()
    url_without_user = hub_url.replace("hubadmin@", "")
    for laptop in (a, b):
        code, out, err = run(
            capsys,
            "hub",
            "join",
            "--db",
            laptop,
            "--url",
            url_without_user,
            "--user",
            "hubadmin",
            *PW,
        )
        assert code == 0, err
        assert "joined the team hub" in out
    code, out, err = run(capsys, "hub", "sync", "--db", a, *PW)
    assert code == 0, err
    assert "pushed" in out
    code, out, err = run(capsys, "hub", "sync", "--db", b, *PW, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["pulled"]["new"] >= 1
    assert report["open_conflicts"] == []
    assert do(b, lambda s: s.card(card_id).name) == "张伟"
    assert dump(a) == dump(b)
    # The URL and user are remembered in the database; the password is not.
    stored = do(b, lambda s: s.store.db.execute_sql("SELECT key, value FROM setting").fetchall())
    hub_setting = json.loads(dict(stored)["hub"])
    assert hub_setting["user"] == "hubadmin"
    assert hub_setting["url"].startswith("postgresql://127.0.0.1:")
    raw = b.read_bytes()
    assert pg_password().encode() not in raw


def pg_password() -> str:
    import os

    return os.environ["SALESDESK_TEST_PW"]


def test_the_password_is_never_taken_from_the_command_line(
    hub_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_password = hub_url.replace("hubadmin@", f"hubadmin:{pg_password()}@")
    code, _, err = run(capsys, "hub", "init", "--url", with_password)
    assert code == 1
    assert "Leave the password out of the address" in one_error(err)
    code, _, err = run(capsys, "hub", "init", "--url", hub_url, "--password", "x")
    assert code == 1  # no such option
    # No terminal to ask at (a test's stdin): said so, with what to do.
    code, _, err = run(capsys, "hub", "init", "--url", hub_url)
    assert code == 1
    assert "--password-env" in one_error(err)
    code, _, err = run(capsys, "hub", "init", "--url", hub_url, "--password-env", "NOT_SET_HERE")
    assert "NOT_SET_HERE is not set" in one_error(err)


def test_clear_messages_for_a_wrong_password_no_hub_and_no_server(
    hub_url: str,
    pg: tuple[Server, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "a.db"
    code, _, err = run(capsys, "hub", "join", "--db", db, "--url", hub_url, *PW)
    assert code == 1
    assert "is not a SalesDesk team hub yet" in one_error(err)
    monkeypatch.setenv("WRONG_PW", "not-it")
    code, _, err = run(
        capsys, "hub", "join", "--db", db, "--url", hub_url, "--password-env", "WRONG_PW"
    )
    assert "refused the user hubadmin: wrong password" in one_error(err)
    server, _ = pg
    code, _, err = run(capsys, "hub", "join", "--db", db, "--url", server.url("no_such_db"), *PW)
    assert "has no database no_such_db" in one_error(err)
    closed = f"postgresql://hubadmin@127.0.0.1:1/{pg[1]}"
    code, _, err = run(capsys, "hub", "join", "--db", db, "--url", closed, *PW)
    assert "cannot be reached" in one_error(err)
    code, _, err = run(capsys, "hub", "sync", "--db", db, *PW)
    assert "has not joined a team hub" in one_error(err)
    code, _, err = run(capsys, "hub", "join", "--db", db, "--url", "mysql://h/d", *PW)
    assert "is not a PostgreSQL address" in one_error(err)


def test_messages_in_chinese(
    hub_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--lang", "zh_CN", "hub", "init", "--url", hub_url, *PW)
    assert code == 0, err
    assert "团队数据库" in out
    assert "已就绪" in out
    db = tmp_path / "a.db"
    code, out, err = run(capsys, "--lang", "zh_CN", "hub", "sync", "--db", db, *PW)
    assert "尚未加入团队数据库" in one_error(err)


def test_the_connection_is_encrypted_when_the_server_offers_tls(
    hub_url: str, pg: tuple[Server, str]
) -> None:
    import shutil

    from salesdesk.sync import hub

    if not shutil.which("openssl"):
        pytest.skip("the test server has TLS only where openssl makes its certificate")
    con = hub.connect(hub.parse_url(hub_url), pg_password())
    try:
        with con.cursor() as cur:
            cur.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            encrypted, version = cur.fetchone()
    finally:
        con.close()
    assert encrypted is True
    assert version.startswith("TLS")
