"""Only a card's owner or a manager hands it over (issue 23, point 3): a colleague the card
is shared with cannot make it theirs, whatever their laptop sends; the server refuses it, the
laptop says so once, and nothing of that push is kept on the hub."""

from __future__ import annotations

from pathlib import Path

import psycopg2
import pytest

from salesdesk.sync import hub
from tests.hub.helpers import SECRETS, add_team, do, dump, init, sync
from tests.hub.pgserver import Server
from tests.hub.test_hub_roles import _as, _laptop, _names


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
    his = do(boss, lambda s: s.create_card({"name": "陈静", "owner": "赵经理"}, grade="C").id)
    sync(boss, SECRETS["zhao"])
    do(boss, lambda s: s.edit_card(his, {"owner": "王敏"}))  # his own card, handed over
    sync(boss, SECRETS["zhao"])
    owners = _admin(server, database, "SELECT name, owner FROM card ORDER BY name")
    assert sorted(owners) == [("公司大客户", "李强"), ("张伟", "王敏"), ("陈静", "王敏")]
    # The manager still sees the whole team on his laptop.
    assert _names(boss) == ["公司大客户", "张伟", "陈静"]


def test_a_card_taken_away_with_unsent_work_stays_until_the_work_is_on_the_hub(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    """Nothing lost: a card unshared (or handed away) while this laptop holds work on it
    the hub never got stays on the laptop, said after each sync, until it is shared again
    and the work goes up; a card with nothing unsent leaves as before."""
    server, database = pg
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    wang = _laptop(tmp_path, hub_url, "wangmin")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B").id)
    clean = do(li, lambda s: s.create_card({"name": "刘洋", "owner": "李强"}, grade="C").id)
    sync(li, SECRETS["liqiang"])
    address = hub.parse_url(hub_url.replace("hubadmin@", ""), "liqiang")
    for shared in (card, clean):
        hub.share(address, SECRETS["liqiang"], shared, "wangmin")
    sync(wang, SECRETS["wangmin"])
    assert _names(wang) == ["刘洋", "张伟"]

    # Offline, she logs a visit on 张伟; meanwhile both shares are taken back.
    do(wang, lambda s: s.log_contact(card, channel="visit", summary="王敏上门拜访"))
    do(wang, lambda s: s.edit_card(card, {"notes": "想要报价"}))
    for shared in (card, clean):
        hub.share(address, SECRETS["liqiang"], shared, "wangmin", on=False)
    outcome = sync(wang, SECRETS["wangmin"])
    assert _names(wang) == ["张伟"]  # 刘洋 had nothing unsent: gone, as before
    assert [name for _id, name in outcome.kept] == ["张伟"]
    assert "张伟" in outcome.kept_message
    assert "nothing is lost" in outcome.kept_message
    assert [c["summary"] for c in dump(wang)["contact"] if c["card_id"] == card] == ["王敏上门拜访"]
    # Said again at the next sync (nothing new on the hub), still kept.
    again = sync(wang, SECRETS["wangmin"])
    assert [name for _id, name in again.kept] == ["张伟"]
    assert _admin(server, database, f"SELECT count(*) FROM contact WHERE card_id = '{card}'") == [
        (0,)
    ]

    # Shared again: her work goes up and reaches the owner; nothing is kept any more.
    hub.share(address, SECRETS["liqiang"], card, "wangmin")
    assert sync(wang, SECRETS["wangmin"]).kept == []
    sync(li, SECRETS["liqiang"])
    assert [c["summary"] for c in dump(li)["contact"] if c["card_id"] == card] == ["王敏上门拜访"]
    assert do(li, lambda s: s.card(card).notes) == "想要报价"
    # Taken back once more, with nothing unsent: it leaves her laptop.
    hub.share(address, SECRETS["liqiang"], card, "wangmin", on=False)
    assert sync(wang, SECRETS["wangmin"]).kept == []
    assert _names(wang) == []


def test_a_card_handed_away_with_unsent_work_stays_on_the_previous_owners_laptop(
    hub_url: str, tmp_path: Path
) -> None:
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    boss = _laptop(tmp_path, hub_url, "zhao")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="E").id)
    sync(li, SECRETS["liqiang"])
    sync(boss, SECRETS["zhao"])
    do(li, lambda s: s.log_contact(card, channel="phone", summary="最后一次电话"))
    do(boss, lambda s: s.edit_card(card, {"owner": "王敏"}))
    sync(boss, SECRETS["zhao"])
    outcome = sync(li, SECRETS["liqiang"])
    assert [name for _id, name in outcome.kept] == ["张伟"]
    assert [c["summary"] for c in dump(li)["contact"] if c["card_id"] == card] == ["最后一次电话"]


def test_a_salesperson_hands_their_own_card_to_a_colleague(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    """The owner may: row-level security wants every row they write to stay theirs, so
    the hub gives it away for them (it was refused, and every later sync with it)."""
    server, database = pg
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    wang = _laptop(tmp_path, hub_url, "wangmin")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B").id)
    do(li, lambda s: s.log_contact(card, channel="visit", summary="初次拜访"))
    sync(li, SECRETS["liqiang"])
    do(li, lambda s: s.log_contact(card, channel="phone", summary="交接前最后一次电话"))
    do(li, lambda s: s.edit_card(card, {"owner": "王敏"}))
    do(li, lambda s: s.create_card({"name": "陈静", "owner": "王敏"}, grade="C"))  # made for her
    sync(li, SECRETS["liqiang"])
    assert _names(li) == []  # handed over, all their work sent: they leave his laptop
    owners = _admin(server, database, "SELECT name, owner FROM card ORDER BY name")
    assert sorted(owners) == [("张伟", "王敏"), ("陈静", "王敏")]
    assert _as(server, database, "liqiang", "SELECT name FROM card") == []
    sync(wang, SECRETS["wangmin"])
    assert _names(wang) == ["张伟", "陈静"]
    assert sorted(c["summary"] for c in dump(wang)["contact"]) == ["交接前最后一次电话", "初次拜访"]
    assert sync(li, SECRETS["liqiang"]).kept == []
    assert _names(li) == []
