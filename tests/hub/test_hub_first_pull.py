"""A new laptop's first pull from the hub fills its tables from empty, their indexes made
after the rows (sync.merge): the laptop it makes is the one the plain merge makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salesdesk.services import demo
from salesdesk.sync import merge as merge_module
from salesdesk.sync.service import SyncService
from tests.hub.helpers import do, dump, init, join, password, sync
from tests.integration.test_sync_first_merge import tables


def _first_pull(path: Path, url: str, bulk_rows: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Join, pull everything, and read every table in the same session (opened again, a
    database would get missing indexes back from its schema steps)."""
    path.parent.mkdir()
    join(path, url)
    monkeypatch.setattr(merge_module, "BULK_ROWS", bulk_rows)

    def pull(session: Any) -> Any:
        done = session.run(lambda task: SyncService(session).hub_sync_op(password(), task)).value
        return done, tables(session)

    return do(path, pull)


def test_a_first_pull_makes_the_laptop_the_plain_merge_makes(
    hub_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init(hub_url)
    a, b = tmp_path / "a" / "cards.db", tmp_path / "b" / "cards.db"
    for path in (a, b):
        path.parent.mkdir()
        join(path, hub_url)
    do(a, lambda s: demo.generate(s.store, cards=60, seed=8))
    sync(a)
    sync(b)
    card = do(a, lambda s: s.store.db.execute_sql(
        "SELECT id FROM card WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone()[0])  # fmt: skip
    do(a, lambda s: s.edit_card(card, {"notes": "周三有空"}))
    do(b, lambda s: s.edit_card(card, {"notes": "周四下午"}))
    sync(a)
    sync(b)  # the conflict, and b's side of it, go up
    sync(a)

    fast, got = _first_pull(tmp_path / "fast" / "cards.db", hub_url, 1, monkeypatch)
    plain, expected = _first_pull(tmp_path / "plain" / "cards.db", hub_url, 10**9, monkeypatch)
    assert fast.pulled.counts() == plain.pulled.counts()
    assert fast.pulled.new > 500
    assert got == expected
    assert [c[4] for c in got["conflict"]] == ["notes"]  # field_group
    assert dump(tmp_path / "fast" / "cards.db") == dump(a)
