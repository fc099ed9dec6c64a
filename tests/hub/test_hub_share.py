"""Sharing a card with a colleague on the hub (issue 23, point 3): the shared-with salesperson
pulls and pushes exactly the cards they own or that are shared with them, the server says
so to a direct query as that user, and a share taken back leaves their laptop at its next
sync, as a card handed over leaves its previous owner's."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesdesk.sync import hub
from tests.hub.helpers import SECRETS, add_team, do, dump, init, password, sync
from tests.hub.pgserver import Server
from tests.hub.test_hub_roles import _as, _laptop, _names


def _address(hub_url: str, user: str) -> hub.HubAddress:
    return hub.parse_url(hub_url.replace("hubadmin@", ""), user)


def test_a_shared_card_reaches_the_colleague_and_leaves_when_unshared(
    hub_url: str,
    pg: tuple[Server, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.cli import main

    server, database = pg
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    wang = _laptop(tmp_path, hub_url, "wangmin")
    boss = _laptop(tmp_path, hub_url, "zhao")
    shared = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B").id)
    do(li, lambda s: s.log_contact(shared, channel="visit", summary="介绍产品"))
    do(li, lambda s: s.edit_card(shared, {"notes": "周三下午有空"}))
    kept = do(li, lambda s: s.create_card({"name": "刘洋", "owner": "李强"}, grade="C").id)
    do(li, lambda s: s.log_contact(kept, channel="phone", summary="报价"))
    do(wang, lambda s: s.create_card({"name": "陈静", "owner": "王敏"}, grade="A"))
    for laptop in (li, wang, boss):
        sync(laptop, SECRETS[laptop.parent.name])
    assert _names(wang) == ["陈静"]

    # 王敏 cannot share 李强's card; he can, with her login or her name.
    with pytest.raises(hub.HubError, match="only the card's owner or a manager"):
        hub.share(_address(hub_url, "wangmin"), SECRETS["wangmin"], kept, "zhao")
    with pytest.raises(hub.HubError, match="not a salesperson"):
        hub.share(_address(hub_url, "liqiang"), SECRETS["liqiang"], shared, "赵经理")
    said = hub.share(_address(hub_url, "liqiang"), SECRETS["liqiang"], shared, "wangmin")
    assert "shared with 王敏" in said

    # As 王敏, straight at the server: her card and the shared one, with its log and
    # history; nothing of 李强's other card.
    assert sorted(str(r[0]) for r in _as(server, database, "wangmin", "SELECT name FROM card")) == [
        "张伟",
        "陈静",
    ]
    assert _as(
        server, database, "wangmin", f"SELECT summary FROM contact WHERE card_id = '{shared}'"
    ) == [("介绍产品",)]
    assert _as(
        server, database, "wangmin", f"SELECT count(*) FROM contact WHERE card_id = '{kept}'"
    ) == [(0,)]
    assert _as(
        server, database, "wangmin", f"SELECT count(*) FROM change WHERE row_id = '{kept}'"
    ) == [(0,)]
    assert _as(
        server, database, "wangmin", f"SELECT count(*) FROM change WHERE row_id = '{shared}'"
    ) == [(1,)]

    # Her laptop pulls it whole at its next sync, and her work on it reaches 李强.
    sync(wang, SECRETS["wangmin"])
    assert _names(wang) == ["张伟", "陈静"]
    assert do(wang, lambda s: s.card(shared).notes) == "周三下午有空"
    do(wang, lambda s: s.log_contact(shared, channel="phone", summary="王敏跟进"))
    sync(wang, SECRETS["wangmin"])
    sync(li, SECRETS["liqiang"])
    assert sorted(c["summary"] for c in dump(li)["contact"] if c["card_id"] == shared) == [
        "介绍产品",
        "王敏跟进",
    ]

    # The manager takes the share back (the command, his laptop's hub and password).
    monkeypatch.setenv("ZHAO_PW", SECRETS["zhao"])
    args = ["--db", str(boss), "--card", shared, "--with", "王敏", "--password-env", "ZHAO_PW"]
    assert main(["hub", "unshare", *args]) == 0
    assert "no longer shared with 王敏" in capsys.readouterr().out
    assert _as(server, database, "wangmin", "SELECT name FROM card") == [("陈静",)]
    assert _as(
        server, database, "wangmin", f"SELECT count(*) FROM contact WHERE card_id = '{shared}'"
    ) == [(0,)]
    # At her next sync the card leaves her laptop with its log and history; hers stays.
    sync(wang, SECRETS["wangmin"])
    assert _names(wang) == ["陈静"]
    left = dump(wang)
    assert [c for c in left["contact"] if c["card_id"] == shared] == []
    assert [c for c in left["change"] if c["row_id"] == shared] == []
    # Nothing was deleted on the hub or on the owner's laptop.
    sync(li, SECRETS["liqiang"])
    assert _names(li) == ["刘洋", "张伟"]
    assert len([c for c in dump(li)["contact"] if c["card_id"] == shared]) == 2

    # Shared again (by the manager): it comes back whole.
    assert main(["hub", "share", *args]) == 0
    sync(wang, SECRETS["wangmin"])
    assert _names(wang) == ["张伟", "陈静"]
    assert len([c for c in dump(wang)["contact"] if c["card_id"] == shared]) == 2
    assert hub.shares(hub.parse_url(hub_url), password()) == [(shared, "王敏")]


def test_a_card_handed_over_leaves_the_previous_owners_laptop(hub_url: str, tmp_path: Path) -> None:
    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    boss = _laptop(tmp_path, hub_url, "zhao")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="E").id)
    do(li, lambda s: s.log_contact(card, channel="visit", summary="初次拜访"))
    mine = do(li, lambda s: s.create_card({"name": "刘洋", "owner": "李强"}, grade="F").id)
    sync(li, SECRETS["liqiang"])
    sync(boss, SECRETS["zhao"])
    do(boss, lambda s: s.edit_card(card, {"owner": "王敏"}))
    sync(boss, SECRETS["zhao"])
    sync(li, SECRETS["liqiang"])
    assert _names(li) == ["刘洋"]
    assert [c for c in dump(li)["contact"] if c["card_id"] == card] == []
    assert do(li, lambda s: s.card(mine).name) == "刘洋"
    assert sorted(c["name"] for c in dump(boss)["card"]) == ["刘洋", "张伟"]
