"""Only a card's owner or a manager hands it over (issue 23, point 3): a colleague the card
is shared with cannot make it theirs, whatever their laptop sends; the server refuses it, the
laptop says so once, and nothing of that push is kept on the hub."""

from __future__ import annotations

from pathlib import Path

import psycopg2
import pytest

from salesdesk.sync import hub
from tests.hub.helpers import SECRETS, add_team, do, init, sync
from tests.hub.pgserver import Server
from tests.hub.test_hub_roles import _as, _laptop


def _admin(server: Server, database: str, sql: str) -> list[tuple[object, ...]]:
    con = server.connect(database)
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())
    finally:
        con.close()


def test_a_colleague_a_card_is_shared_with_cannot_make_it_theirs(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    server, database = pg
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    wang = _laptop(tmp_path, hub_url, "wangmin")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B").id)
    sync(li, SECRETS["liqiang"])
    address = hub.parse_url(hub_url.replace("hubadmin@", ""), "liqiang")
    hub.share(address, SECRETS["liqiang"], card, "wangmin")
    hers = do(wang, lambda s: s.create_card({"name": "陈静", "owner": "王敏"}, grade="A").id)
    sync(wang, SECRETS["wangmin"])

    # She may work on the shared card, but not take it: her laptop's push is refused whole.
    do(wang, lambda s: s.edit_card(card, {"notes": "我来跟进"}))
    do(wang, lambda s: s.edit_card(card, {"owner": "王敏"}))
    do(wang, lambda s: s.edit_card(hers, {"notes": "下周报价"}))
    with pytest.raises(hub.HubError) as refused:
        sync(wang, SECRETS["wangmin"])
    said = str(refused.value)
    assert "张伟" in said
    assert "only the card's owner or a manager" in said
    assert "Set the owner back" in said
    assert "Traceback" not in said
    on_hub = _admin(server, database, f"SELECT owner, notes FROM card WHERE id = '{card}'")
    assert on_hub == [("李强", "")]
    assert _admin(server, database, f"SELECT notes FROM card WHERE id = '{hers}'") == [("",)]
    # Straight at the server as her, with SQL: refused too (the server decides, not the app).
    with pytest.raises(psycopg2.Error, match="only the card's owner or a manager"):
        _as(server, database, "wangmin", f"UPDATE card SET owner = '王敏' WHERE id = '{card}'")
    with pytest.raises(psycopg2.Error, match="only the card's owner or a manager"):
        _as(server, database, "wangmin", f"UPDATE card SET owner = '' WHERE id = '{card}'")

    # She sets the owner back: the rest of her work goes up, the card stays 李强's.
    do(wang, lambda s: s.edit_card(card, {"owner": "李强"}))
    sync(wang, SECRETS["wangmin"])
    on_hub = _admin(server, database, f"SELECT owner, notes FROM card WHERE id = '{card}'")
    assert on_hub == [("李强", "我来跟进")]
    assert _admin(server, database, f"SELECT notes FROM card WHERE id = '{hers}'") == [
        ("下周报价",)
    ]


def test_the_manager_still_hands_cards_over(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    server, database = pg
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    boss = _laptop(tmp_path, hub_url, "zhao")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B").id)
    team = do(li, lambda s: s.create_card({"name": "公司大客户"}, grade="C").id)
    sync(li, SECRETS["liqiang"])
    sync(boss, SECRETS["zhao"])
    do(boss, lambda s: s.edit_card(card, {"owner": "王敏"}))
    do(boss, lambda s: s.edit_card(team, {"owner": "李强"}))
    sync(boss, SECRETS["zhao"])
    owners = _admin(server, database, "SELECT name, owner FROM card ORDER BY name")
    assert sorted(owners) == [("公司大客户", "李强"), ("张伟", "王敏")]
