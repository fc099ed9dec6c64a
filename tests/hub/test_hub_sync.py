"""Laptops syncing through a team hub on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salesdesk.sync.service import SyncService
from tests.hub.conftest import Server
from tests.hub.helpers import conflicts, do, dump, file_between, init, join, sync


def _laptops(tmp_path: Path, url: str, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / name / "cards.db"
        path.parent.mkdir()
        join(path, url)
        paths.append(path)
    return paths


def test_a_card_made_on_one_laptop_reaches_the_other_through_the_hub(
    hub_url: str, tmp_path: Path
) -> None:
    init(hub_url)
    a, b = _laptops(tmp_path, hub_url, "a", "b")
    card_id = do(a, lambda s: s.create_card({"name": "张伟", "company": "华信贸易"}, grade="E").id)
    pushed = sync(a)
    assert pushed.pushed_rows >= 1
    assert pushed.pushed_changes == 0
    pulled = sync(b)
    assert pulled.pulled.per_table["card"]["new"] == 1
    assert do(b, lambda s: s.card(card_id).name) == "张伟"
    assert dump(a) == dump(b)


def _hub_rows(server: Server, database: str, sql: str) -> list[tuple[object, ...]]:
    con = server.connect(database)
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())
    finally:
        con.close()


def test_three_laptops_offline_edits_files_between_two_then_the_hub_converge(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    init(hub_url)
    a, b, c = _laptops(tmp_path, hub_url, "a", "b", "c")
    x = do(a, lambda s: s.create_card({"name": "张伟", "company": "华信贸易"}, grade="E").id)
    y = do(a, lambda s: s.create_card({"name": "王敏", "company": "东方物流"}, grade="D").id)
    for laptop in (a, b, c):
        sync(laptop)
    assert dump(a) == dump(b) == dump(c)

    # Offline: a grade raced on two laptops, a delete racing a contact, edits of other fields.
    do(a, lambda s: s.change_grade(x, "B", reason="预算已批"))
    do(b, lambda s: s.change_grade(x, "C", reason="体检未过", recheck_on="2027-03-01"))
    do(b, lambda s: s.edit_card(x, {"notes": "周三下午有空"}))
    do(c, lambda s: s.delete_card(y))
    do(a, lambda s: s.log_contact(y, channel="phone", summary="约了下周见面"))
    do(c, lambda s: s.edit_card(x, {"wechat": "zhangwei88"}))
    z = do(c, lambda s: s.create_card({"name": "李娜", "company": "新世纪"}, grade="F").id)
    # A and C meet and swap sync files before anyone reaches the hub.
    file_between(a, c, tmp_path / "usb1")
    file_between(c, a, tmp_path / "usb2")

    for laptop in (b, a, c, a, b):
        sync(laptop)

    assert dump(a) == dump(b) == dump(c)
    card_x = do(b, lambda s: s.card(x))
    assert (card_x.notes, card_x.wechat) == ("周三下午有空", "zhangwei88")
    assert do(b, lambda s: s.card(z).name) == "李娜"
    assert do(b, lambda s: s.card(y).deleted) == 0  # the contact the delete did not see keeps it
    # Each conflict is listed once, and the same on every laptop.
    listed = conflicts(a)
    assert len(listed) == 2
    assert conflicts(b) == conflicts(c) == listed
    assert sorted(r["field_group"] for r in dump(a)["conflict"]) == ["deleted", "grade"]
    # The hub's rows are the derived state too: what a manager reads there is current.
    server, database = pg
    [(grade, notes, wechat)] = _hub_rows(
        server, database, f"SELECT grade, notes, wechat FROM card WHERE id = '{x}'"
    )
    assert (grade, notes, wechat) == (card_x.grade, "周三下午有空", "zhangwei88")
    changes = _hub_rows(server, database, "SELECT count(*), count(DISTINCT id) FROM change")
    assert changes[0][0] == changes[0][1] == len(dump(a)["change"])


def test_a_conflict_settled_on_one_laptop_is_settled_everywhere_through_the_hub(
    hub_url: str, tmp_path: Path
) -> None:
    from salesdesk.sync import conflicts as conflict_rules

    init(hub_url)
    a, b = _laptops(tmp_path, hub_url, "a", "b")
    x = do(a, lambda s: s.create_card({"name": "张伟"}, grade="E").id)
    sync(a)
    sync(b)
    do(a, lambda s: s.edit_card(x, {"notes": "A"}))
    do(b, lambda s: s.edit_card(x, {"notes": "B"}))
    for laptop in (a, b, a):
        sync(laptop)
    [view] = do(a, lambda s: conflict_rules.open_conflicts(s.store))
    do(a, lambda s: conflict_rules.resolve(s.store, view.id, "other"))
    settled = do(a, lambda s: s.card(x).notes)
    sync(a)
    sync(b)
    assert do(b, lambda s: s.card(x).notes) == settled
    assert conflicts(b) == []
    assert dump(a) == dump(b)


def test_syncing_again_changes_nothing_and_sends_nothing(hub_url: str, tmp_path: Path) -> None:
    init(hub_url)
    a, b = _laptops(tmp_path, hub_url, "a", "b")
    do(a, lambda s: s.create_card({"name": "张伟"}, grade="A"))
    sync(a)
    sync(b)
    before = dump(b)
    again = sync(b)
    assert (again.pushed_rows, again.pushed_changes, again.pulled.new_changes) == (0, 0, 0)
    assert dump(b) == before
    # A laptop that lost its mark (an older backup restored) pulls again: nothing doubles.
    do(b, lambda s: s.store.db.execute_sql("DELETE FROM meta WHERE key = 'hub_pulled'"))
    sync(b)
    assert dump(b) == before


def test_a_hub_altered_behind_salesdesks_back_is_refused_whole(
    hub_url: str, pg: tuple[Server, str], tmp_path: Path
) -> None:
    import pytest

    from salesdesk.domain.errors import DatabaseError

    server, database = pg
    init(hub_url)
    a, b = _laptops(tmp_path, hub_url, "a", "b")
    card_id = do(a, lambda s: s.create_card({"name": "张伟"}, grade="E").id)
    sync(a)
    before = dump(b)
    # Someone writes a change record by hand: an unknown column, straight into the hub.
    con = server.connect(database)
    with con.cursor() as cur:
        cur.execute(
            "INSERT INTO change (id, table_name, row_id, field_group, old, new, stamp, device, "
            "parents) VALUES ('0d000000-0000-4000-8000-000000000000', 'card', %s, 'notes', "
            "'{}', '{\"salary\": 1}', '0000000000001-00000-x', 'x', '[]')",
            (card_id,),
        )
        cur.execute("UPDATE hub_state SET usn = (SELECT max(usn) FROM change)")
    con.close()
    with pytest.raises(DatabaseError, match=r"the team hub .* was altered"):
        sync(b)
    assert dump(b) == before


def test_conflicts_and_history_name_the_colleagues_laptops_met_through_the_hub(
    hub_url: str, tmp_path: Path
) -> None:
    from salesdesk.services.history import device_names

    init(hub_url)
    a, b = _laptops(tmp_path, hub_url, "a", "b")
    for path, name in ((a, "李强的笔记本"), (b, "王敏的笔记本")):

        def rename(s: Any, name: str = name) -> None:
            with s.store.write():
                s.store.set_meta("device_name", name)

        do(path, rename)
    x = do(a, lambda s: s.create_card({"name": "张伟"}, grade="E").id)
    sync(a)
    sync(b)
    do(a, lambda s: s.edit_card(x, {"notes": "A"}))
    do(b, lambda s: s.edit_card(x, {"notes": "B"}))
    for laptop in (a, b, a):
        sync(laptop)
    described = do(a, lambda s: [v.describe() for v in SyncService(s).conflicts()])
    assert len(described) == 1
    assert "王敏的笔记本" in described[0]
    assert "李强的笔记本" in do(b, lambda s: set(device_names(s.store).values()))
