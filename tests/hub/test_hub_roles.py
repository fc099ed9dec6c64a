"""Who sees what on the hub: salespeople only their own (and unowned, shared) cards, enforced
by PostgreSQL's row-level security, and managers the whole team."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg2
import pytest

from salesdesk.sync import hub
from tests.hub.conftest import Server
from tests.hub.helpers import SECRETS, add_team, do, dump, init, join, password, sync


def _laptop(tmp_path: Path, hub_url: str, user: str) -> Path:
    path = tmp_path / user / "cards.db"
    path.parent.mkdir()
    join(path, hub_url.replace("hubadmin@", ""), user, SECRETS[user])
    return path


def _as(server: Server, database: str, user: str, sql: str) -> list[tuple[object, ...]]:
    con = server.connect(database, user=user, password=SECRETS[user])
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())
    finally:
        con.close()


def _names(path: Path) -> list[str]:
    return sorted(card["name"] for card in dump(path)["card"])


def test_a_salesperson_sees_only_their_own_cards_even_with_direct_sql(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    server, database = pg
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    wang = _laptop(tmp_path, hub_url, "wangmin")
    boss = _laptop(tmp_path, hub_url, "zhao")
    mine = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B").id)
    do(li, lambda s: s.log_contact(mine, channel="visit", summary="介绍产品"))
    theirs = do(wang, lambda s: s.create_card({"name": "陈静", "owner": "王敏"}, grade="A").id)
    do(wang, lambda s: s.log_contact(theirs, channel="phone", summary="报价"))
    do(wang, lambda s: s.create_card({"name": "公司大客户"}, grade="C").id)  # no owner: shared
    for laptop in (li, wang, boss, li, wang):
        sync(laptop, SECRETS[laptop.parent.name])

    # As 李强, straight at the server: nothing of 王敏's cards, their logs or their history.
    assert _as(server, database, "liqiang", "SELECT name FROM card WHERE owner = '王敏'") == []
    assert _as(
        server, database, "liqiang", f"SELECT count(*) FROM contact WHERE card_id = '{theirs}'"
    ) == [(0,)]
    assert _as(
        server, database, "liqiang", f"SELECT count(*) FROM change WHERE row_id = '{theirs}'"
    ) == [(0,)]
    assert sorted(r[0] for r in _as(server, database, "liqiang", "SELECT name FROM card")) == [
        "公司大客户",
        "张伟",
    ]
    # Nor can he write one of them, or make a card in her name.
    assert (
        _as(
            server,
            database,
            "liqiang",
            f"UPDATE card SET notes = 'x' WHERE id = '{theirs}' RETURNING id",
        )
        == []
    )
    with pytest.raises(psycopg2.Error, match="row-level security"):
        _as(
            server,
            database,
            "liqiang",
            "INSERT INTO card (id, created, name, owner) VALUES "
            "('f0000000-0000-4000-8000-000000000000', '0000000000001-00000-x', 'x', '王敏')",
        )
    # The laptops hold what their user may see; the manager's holds the team.
    assert _names(li) == ["公司大客户", "张伟"]
    assert _names(wang) == ["公司大客户", "陈静"]
    assert _names(boss) == ["公司大客户", "张伟", "陈静"]
    assert len(dump(boss)["contact"]) == 2
    # The manager sees the team at the server too.
    assert len(_as(server, database, "zhao", "SELECT id FROM card")) == 3


def test_the_manager_lists_adds_and_removes_users(hub_url: str, pg: tuple[Server, str]) -> None:
    server, database = pg
    init(hub_url)
    add_team(hub_url)
    address = hub.parse_url(hub_url)
    listed = hub.list_users(address, password())
    assert [(u.role, u.owner, u.kind) for u in listed] == [
        ("zhao", "赵经理", "manager"),
        ("liqiang", "李强", "salesperson"),
        ("wangmin", "王敏", "salesperson"),
    ]
    hub.remove_user(address, password(), "liqiang")
    assert [u.role for u in hub.list_users(address, password())] == ["zhao", "wangmin"]
    with pytest.raises(psycopg2.OperationalError):
        _as(server, database, "liqiang", "SELECT 1")
    with pytest.raises(hub.HubError, match="is not a user"):
        hub.remove_user(address, password(), "liqiang")
    assert os.environ["SALESDESK_TEST_PW"]  # the admin's own login is untouched


def test_hub_user_commands(
    hub_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.cli import main

    init(hub_url)
    admin = ["--url", hub_url, "--password-env", "SALESDESK_TEST_PW"]
    monkeypatch.setenv("LI_PW", SECRETS["liqiang"])
    assert (
        main(
            [
                "hub",
                "user",
                "add",
                "liqiang",
                "--owner",
                "李强",
                "--user-password-env",
                "LI_PW",
                *admin,
            ]
        )
        == 0
    )
    assert "liqiang is a salesperson" in capsys.readouterr().out
    assert main(["hub", "user", "list", *admin]) == 0
    assert capsys.readouterr().out.split("\n")[0].split("\t") == ["liqiang", "salesperson", "李强"]
    # He joins and syncs with his own password, which is in no argument.
    li = tmp_path / "li.db"
    url = hub_url.replace("hubadmin@", "")
    assert (
        main(
            [
                "hub",
                "join",
                "--db",
                str(li),
                "--url",
                url,
                "--user",
                "liqiang",
                "--password-env",
                "LI_PW",
            ]
        )
        == 0
    )
    do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B"))
    assert main(["hub", "sync", "--db", str(li), "--password-env", "LI_PW"]) == 0
    assert main(["hub", "user", "remove", "liqiang", *admin]) == 0
    capsys.readouterr()
    assert main(["hub", "sync", "--db", str(li), "--password-env", "LI_PW"]) == 1
    assert "refused the user liqiang" in capsys.readouterr().err


def test_a_card_handed_over_reaches_its_new_owner_with_its_whole_history(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    wang = _laptop(tmp_path, hub_url, "wangmin")
    boss = _laptop(tmp_path, hub_url, "zhao")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="E").id)
    do(li, lambda s: s.log_contact(card, channel="visit", summary="初次拜访", grade="B"))
    do(li, lambda s: s.edit_card(card, {"notes": "周三下午有空"}))
    sync(li, SECRETS["liqiang"])
    sync(boss, SECRETS["zhao"])
    sync(wang, SECRETS["wangmin"])
    assert _names(wang) == []
    do(boss, lambda s: s.edit_card(card, {"owner": "王敏"}))  # 李强 leaves: the manager hands over
    sync(boss, SECRETS["zhao"])
    sync(wang, SECRETS["wangmin"])
    assert _names(wang) == ["张伟"]
    assert dump(wang) == dump(boss)  # the card with its contact, grade steps, visits, history
    assert do(wang, lambda s: s.card(card).notes) == "周三下午有空"
    # She works on it and syncs; the manager sees her work.
    do(wang, lambda s: s.log_contact(card, channel="phone", summary="跟进"))
    sync(wang, SECRETS["wangmin"])
    sync(boss, SECRETS["zhao"])
    assert len(dump(boss)["contact"]) == 2
    # 李强's laptop still held the card when he edited it: the hub does not take his late
    # edit, and the rest of his work syncs on; the card, with that edit, stays on his laptop
    # and is named after the sync (nothing lost: DESIGN §4), rather than leaving with it.
    do(li, lambda s: s.edit_card(card, {"notes": "李强最后的备注"}))
    new = do(li, lambda s: s.create_card({"name": "刘洋", "owner": "李强"}, grade="F").id)
    outcome = sync(li, SECRETS["liqiang"])
    sync(boss, SECRETS["zhao"])
    assert do(boss, lambda s: s.card(new).name) == "刘洋"
    assert do(boss, lambda s: s.card(card).notes) == "周三下午有空"
    assert _names(li) == ["刘洋", "张伟"]
    assert outcome.kept == [(card, "张伟")]
    assert do(li, lambda s: s.card(card).notes) == "李强最后的备注"
