"""A merge that fills an empty laptop (a new laptop's first pull from the hub, a first merge
of a whole book) makes its tables' indexes after their rows: the laptop it makes is, table
for table and index for index, the one the plain merge makes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.errors import DatabaseError
from salesdesk.models.tables import Change
from salesdesk.services import demo
from salesdesk.sync import merge as merge_module
from salesdesk.sync.merge import MergeReport, merge_file
from tests.encrypted_sync import KEYS, sync_keys  # noqa: F401
from tests.integration.test_sync import do, dump, merge, sync_file

pytestmark = pytest.mark.usefixtures("sync_keys")

# Not compared: what is one laptop's own (its replica id, clock and peers' merge times) and
# the differential backups' list of written rows (models.tracking).
OWN_TABLES = {"meta", "peer", "holds", "settings", "backup_touched"}


def tables(session: Any) -> dict[str, Any]:
    """Every row of every table (the local columns and the conflicts too), and the schema,
    as the open session holds them (a database opened again would get its missing indexes
    back from the schema steps)."""
    db = session.store.db
    out: dict[str, Any] = {
        "schema": sorted(
            tuple(r) for r in db.execute_sql("SELECT type, name, tbl_name, sql FROM sqlite_master")
        )
    }
    for (table,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        if table not in OWN_TABLES:
            out[table] = sorted(db.execute_sql(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    return out


def whole(path: Path) -> dict[str, Any]:
    return do(path, tables)


def merged(path: Path, source: Path) -> tuple[MergeReport, dict[str, Any]]:
    """Merge source into path; the report, and the tables right after, in the same session."""
    return do(
        path,
        lambda s: (merge_file(s.store, source, passphrase=KEYS.team), tables(s)),
    )


def with_bulk_rows(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    monkeypatch.setattr(merge_module, "BULK_ROWS", rows)


def test_a_first_merge_into_an_empty_laptop_makes_the_laptop_a_plain_merge_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a" / "cards.db", tmp_path / "b" / "cards.db"
    for path in (a, b):
        path.parent.mkdir()
    do(a, lambda s: demo.generate(s.store, cards=60, seed=11))
    merge(b, sync_file(a, tmp_path / "x"))
    cards = do(a, lambda s: [r[0] for r in s.store.db.execute_sql(
        "SELECT id FROM card WHERE deleted = 0 ORDER BY id LIMIT 3").fetchall()])  # fmt: skip
    # Offline on both: one field edited on each (a conflict), a delete on one raced by a
    # contact on the other (the card kept and listed), and edits that do not meet.
    do(a, lambda s: s.edit_card(cards[0], {"notes": "周三有空"}))
    do(b, lambda s: s.edit_card(cards[0], {"notes": "周四下午"}))
    do(a, lambda s: s.delete_card(cards[1]))
    do(b, lambda s: s.log_contact(cards[1], channel="phone", summary="电话"))
    do(b, lambda s: s.edit_card(cards[2], {"title": "采购经理"}))
    merge(a, sync_file(b, tmp_path / "from_b"))
    whole_book = sync_file(a, tmp_path / "from_a")

    fast, plain = tmp_path / "fast" / "cards.db", tmp_path / "plain" / "cards.db"
    for path in (fast, plain):
        path.parent.mkdir()
    with_bulk_rows(monkeypatch, 1)  # every table filled from empty takes the bulk road
    report_fast, got = merged(fast, whole_book)
    with_bulk_rows(monkeypatch, 10**9)  # none does
    report_plain, expected = merged(plain, whole_book)

    assert report_fast.counts() == report_plain.counts()
    assert report_fast.new > 500
    assert got == expected
    assert len(got["conflict"]) >= 2  # the notes, and the delete raced by the contact
    assert dump(fast) == dump(a)
    # The same indexes as a new laptop's, and the rows found through them.
    fresh = tmp_path / "fresh" / "cards.db"
    fresh.parent.mkdir()
    assert got["schema"] == whole(fresh)["schema"]
    assert (
        do(fast, lambda s: s.store.db.execute_sql("PRAGMA integrity_check").fetchone())[0] == "ok"
    )


def test_a_merge_into_a_laptop_that_holds_rows_keeps_those_tables_indexes_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the tables a merge fills from empty go in without their indexes: a laptop with
    a card of its own takes the cards and their log the plain way, the rest in bulk, and
    ends as the plain merge leaves it."""
    a, b = tmp_path / "a" / "cards.db", tmp_path / "b" / "cards.db"
    for path in (a, b):
        path.parent.mkdir()
    do(a, lambda s: demo.generate(s.store, cards=30, seed=4))
    do(b, lambda s: s.create_card({"name": "王敏"}, grade="E"))
    twin = tmp_path / "twin" / "cards.db"
    twin.parent.mkdir()
    shutil.copyfile(b, twin)
    made = sync_file(a, tmp_path / "x")
    with_bulk_rows(monkeypatch, 1)
    dropped: list[str] = []
    real = merge_module._indexes_after

    def watched(db: Any, tables: list[str]) -> Any:
        dropped.extend(tables)
        return real(db, tables)

    monkeypatch.setattr(merge_module, "_indexes_after", watched)
    _report, got = merged(b, made)
    assert "card" not in dropped  # b held a card
    assert "change" not in dropped  # and its log
    assert "contact" in dropped  # and no contact
    monkeypatch.setattr(merge_module, "_indexes_after", real)
    with_bulk_rows(monkeypatch, 10**9)
    assert got == merged(twin, made)[1]


def test_a_first_merge_that_fails_with_the_indexes_dropped_leaves_the_laptop_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a" / "cards.db", tmp_path / "b" / "cards.db"
    for path in (a, b):
        path.parent.mkdir()
    do(a, lambda s: demo.generate(s.store, cards=20, seed=2))
    made = sync_file(a, tmp_path / "x")
    before = whole(b)
    with_bulk_rows(monkeypatch, 1)
    real = merge_module.columns_of

    def failing(model: Any) -> list[str]:
        if model is Change:  # the change log goes in after the rows, indexes still dropped
            raise sqlite3.OperationalError("disk I/O error")
        return real(model)

    monkeypatch.setattr(merge_module, "columns_of", failing)

    def refused(session: Any) -> dict[str, Any]:
        with pytest.raises(DatabaseError):
            merge_file(session.store, made, passphrase=KEYS.team)
        return tables(session)

    assert do(b, refused) == before
    monkeypatch.setattr(merge_module, "columns_of", real)
    merge(b, made)  # and the next merge takes the file whole
    assert dump(b) == dump(a)
