"""Every released schema opens with today's code: the first schema's file is kept as a fixture."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from salesdesk.models import migrations, store
from salesdesk.models.paths import backup_dir
from salesdesk.services.session import Session

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "schema_v1.db"


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "old.db"
    shutil.copy(FIXTURE, target)
    return target


def test_the_first_schema_opens_with_its_cards_history_and_tombstones(v1_copy: Path) -> None:
    session = Session.open(v1_copy)
    try:
        rows = session.card_list.query(session_filter())
        assert [r.name for r in rows] == ["张伟"]  # John Smith was deleted: a tombstone
        zhang = session.card(rows[0].id)
        assert (zhang.grade, zhang.title, zhang.area) == ("B", "采购经理", "浦东新区")
        assert [s.to_label for s in session.grade_path(zhang.id)] == ["E", "B"]
        fields = {h.field for h in session.history(zhang.id)}
        assert {"title", "notes", "grade"} <= fields
        stats = session.stats()
        assert stats["deleted_cards"] == 1
        assert session.check()["ok"]
        # It stays writable under today's code.
        session.edit_card(zhang.id, {"company": "华信集团"})
        assert session.card(zhang.id).company == "华信集团"
    finally:
        session.close()


def test_a_lifted_file_finds_cards_by_area_as_a_new_one_does(v1_copy: Path) -> None:
    from salesdesk.services.cardlist import CardFilter
    from salesdesk.services.derive import card_search_columns

    session = Session.open(v1_copy)
    try:
        assert [r.name for r in session.card_list.query(CardFilter(text="浦东"))] == ["张伟"]
        card = session.card_list.query(CardFilter(text="浦东"))[0]
        stored = session.store.db.execute_sql(
            "SELECT name, company, phones, tags, email, area, wechat, search FROM card "
            "WHERE id = ?",
            (card.id,),
        ).fetchone()
        name, company, phones, tags, email, area, wechat, search = stored
        columns = card_search_columns(name, company, phones, tags, email, area=area, wechat=wechat)
        assert columns["search"] == search
    finally:
        session.close()


def test_the_first_schema_is_lifted_to_the_current_one_after_a_backup(v1_copy: Path) -> None:
    Session.open(v1_copy).close()
    with sqlite3.connect(v1_copy) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        visit_columns = {r[1] for r in con.execute("PRAGMA table_info(visit)")}
    assert "planned_from" in visit_columns  # schema 2
    [backup] = backup_dir().glob("old-*-before-schema-*.db")
    with sqlite3.connect(backup) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_migrated_file_has_the_schema_of_a_new_one(v1_copy: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "new.db"
    Session.open(fresh).close()
    Session.open(v1_copy).close()

    def schema(path: Path) -> dict[str, object]:
        with sqlite3.connect(path) as con:
            tables = [
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            return {
                "columns": {
                    t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')] for t in tables
                },
                "indexes": sorted(
                    r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")
                ),
            }

    new, migrated = schema(fresh), schema(v1_copy)
    assert migrated["indexes"] == new["indexes"]
    for table, columns in new["columns"].items():  # type: ignore[union-attr]
        assert sorted(migrated["columns"][table]) == sorted(columns), table  # type: ignore[index]


def session_filter():  # type: ignore[no-untyped-def]
    from salesdesk.services.cardlist import CardFilter

    return CardFilter()


def test_runner_backs_up_then_applies_each_step_in_order(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied: list[int] = []

    def add_column(db: SqliteDatabase) -> None:
        applied.append(2)
        db.execute_sql("ALTER TABLE card ADD COLUMN nickname TEXT DEFAULT ''")

    def fill_column(db: SqliteDatabase) -> None:
        applied.append(3)
        db.execute_sql("UPDATE card SET nickname = 'x'")

    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {2: add_column, 3: fill_column})
    Session.open(v1_copy).close()
    assert applied == [2, 3]
    with sqlite3.connect(v1_copy) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 3
        assert {r[0] for r in con.execute("SELECT nickname FROM card")} == {"x"}
    backups = list(backup_dir().glob("old-*-before-schema-3.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_failing_step_leaves_the_file_at_its_old_version(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(db: SqliteDatabase) -> None:
        db.execute_sql("ALTER TABLE card ADD COLUMN nickname TEXT")
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {2: broken})
    with pytest.raises(RuntimeError):
        Session.open(v1_copy)
    with sqlite3.connect(v1_copy) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = {r[1] for r in con.execute("PRAGMA table_info(card)")}
    assert "nickname" not in columns


def test_a_schema_6_file_of_the_build_before_its_steps_gets_them_all(tmp_path: Path) -> None:
    """The build that brought schema 6 had no step yet: its files lack the payment, purge
    and version-vector tables and the card's credit limit; opened for writing, they get them
    and take a payment plan like a new file."""
    path = tmp_path / "early6.db"
    session = Session.open(path)
    card = session.create_card({"name": "王敏"}, grade="A").id
    session.close()
    con = sqlite3.connect(path)
    with con:
        for table in ("payment", "purge", "holds"):
            con.execute(f'DROP TABLE "{table}"')
        con.execute("ALTER TABLE card DROP COLUMN credit_limit")
        con.execute("ALTER TABLE peer DROP COLUMN holds")
    con.close()
    session = Session.open(path)
    try:
        deal = session.add_deal(card, product="保险", amount=1000, closed_on="2026-11-02").id
        session.set_payment_plan(deal, [("2026-11-02", 1000)])
        assert [p["kind"] for p in session.dump()["payment"]] == ["installment"]
    finally:
        session.close()
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    columns = {r[1] for r in con.execute("PRAGMA table_info(card)")}
    con.close()
    assert {"payment", "purge", "holds"} <= tables
    assert "credit_limit" in columns


def test_an_open_gives_back_any_missing_model_index_and_leaves_a_whole_schema_alone(
    tmp_path: Path,
) -> None:
    """The writable open looks at the schema once and runs CREATE only when an index the
    models declare is missing (a full sync file opened as a database lacks them all)."""
    path = tmp_path / "book.salesdesk"
    Session.open(path).close()

    def schema() -> list[tuple[str, str]]:
        with sqlite3.connect(path) as con:
            return con.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()

    whole = schema()
    assert {"card_sort_name", "visit_agenda", "change_stamp"} <= {name for name, _ in whole}
    with sqlite3.connect(path) as con:
        con.execute("DROP INDEX card_sort_name")
        con.execute("DROP INDEX change_stamp")
    assert len(schema()) == len(whole) - 2
    statements: list[str] = []
    session = Session.open(path)
    try:
        assert schema() == whole
        session.store.db.connection().set_trace_callback(statements.append)
        store.restore_indexes(session.store.db)
    finally:
        session.close()
    assert not [s for s in statements if s.lstrip().upper().startswith("CREATE")]
