"""Laptops syncing through a team hub on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

from tests.hub.helpers import do, dump, init, join, sync


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
