"""Big containers let go a slice at a time (issue 16 point 7): the same results as freeing
them at once, and nothing they held kept alive."""

from __future__ import annotations

import gc
import json
import re
import weakref
from pathlib import Path
from typing import Any

import pytest

from salesdesk.services import importer, operations
from salesdesk.services.importer import ImportRow
from salesdesk.services.session import Session


class _Held:
    """An object a weak reference can watch."""


def test_let_go_empties_dicts_lists_sets_and_an_objects_containers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(operations, "_LET_GO", 3)
    held = [_Held() for _ in range(40)]
    watched = [weakref.ref(h) for h in held]
    by_key = {n: [h] for n, h in enumerate(held[:10])}
    listed = held[10:20]
    kept = set(held[20:30])

    class Index:
        def __init__(self, rows: list[_Held]) -> None:
            self.name = "kept as it is"
            self.rows = dict(enumerate(rows))

    index = Index(held[30:])
    del held
    operations.let_go(by_key, listed, kept, index)
    assert (by_key, listed, kept, index.rows) == ({}, [], set(), {})
    assert index.name == "kept as it is"
    gc.collect()
    assert [w for w in watched if w() is not None] == []


def _rows() -> list[ImportRow]:
    """Rows that make every outcome: new cards, strong duplicates of a card and of an
    earlier row (merged with update), likely duplicates (same name at another company)."""
    rows = []
    for n in range(2, 302):
        phone = f"139{n % 150:08d}" if n < 260 else f"137{n:08d}"
        rows.append(
            ImportRow(n, {"name": f"客户{n % 150}", "company": f"公司{n % 7}",
                          "phones": phone, "notes": f"row {n}"})
        )  # fmt: skip
    return rows


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _plain(value: Any) -> str:
    """JSON of a value with each card id replaced by its order of appearance."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    seen: dict[str, str] = {}
    return _UUID.sub(lambda m: seen.setdefault(m.group(), f"id{len(seen)}"), text)


def _import(path: Path, on_duplicate: str) -> tuple[str, str, list[tuple[Any, ...]]]:
    session = Session.open(path)
    try:
        session.import_file(importer.plan_import(_rows()[:40]), backup=False)  # cards there
        plan = importer.plan_import(_rows())
        preview = importer.preview(plan, on_duplicate, {5: "create"})
        result, _ = session.import_file(
            plan, on_duplicate=on_duplicate, choices={5: "create"}, backup=False
        )
        cards = sorted(
            session.store.db.execute_sql(
                "SELECT name, company, phones, notes, grade FROM card WHERE deleted = 0"
            ).fetchall()
        )
        return _plain(preview.to_json()), _plain(result.to_json()), cards
    finally:
        session.close()


@pytest.mark.parametrize("on_duplicate", ["skip", "update", "create"])
def test_an_import_that_lets_go_a_slice_at_a_time_gives_what_freeing_at_once_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_duplicate: str
) -> None:
    """The plan, its preview and the import let their row-by-row containers go in slices
    (of 7 here): the same preview, result and cards as with nothing let go early."""
    monkeypatch.setattr(operations, "_LET_GO", 7)
    sliced = _import(tmp_path / "sliced.db", on_duplicate)
    monkeypatch.setattr(importer, "let_go", lambda *_held: None)
    whole = _import(tmp_path / "whole.db", on_duplicate)
    assert sliced == whole
    _preview, result, cards = sliced
    counts = json.loads(result)
    assert counts["flagged"] > 0
    if on_duplicate == "update":  # rows merged into an earlier row's card, and cards updated
        assert counts["merged"] > 0
        assert counts["updated"] > counts["merged"]
    assert len(cards) > 150


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 7, 10])
def test_a_long_list_stored_as_a_setting_is_the_json_of_one_call(
    monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    """settings.put encodes a long list a slice at a time: the same text as one json.dumps."""
    from salesdesk.services import settings

    monkeypatch.setattr(settings, "_SLICE", 3)
    value = [[f"卡{n}", n, {"shared": "13900001111"}, None] for n in range(size)]
    assert settings._dumps(value) == json.dumps(value, ensure_ascii=False)
    assert settings._dumps({"a": value}) == json.dumps({"a": value}, ensure_ascii=False)
