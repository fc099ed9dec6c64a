"""stats --json and dump: the shapes scripts and the sync tests rely on (DESIGN §6)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from salesdesk.domain.grades import GRADES

from .conftest import Cli

SYNCED_TABLES = {
    "card",
    "contact",
    "visit",
    "deal",
    "service_case",
    "grade_change",
    "card_image",
    "payment",
    "purge",  # issue 22: people erased at their request (card ids only)
    "change",
    "conflict",
}
LOCAL_CARD_COLUMNS = {"search", "sort_name", "last_contact_at", "next_visit_on"}


@pytest.fixture
def filled_db(cli: Cli, db_path: Path) -> Path:
    """Four cards (A, B, C and a deleted E), three contacts, one of them on the deleted card."""
    ids = {}
    for name, grade, status in (
        ("张伟", "A", "customer"),
        ("Anna Berg", "B", "customer"),
        ("王芳", "C", "prospect"),
        ("Li Lei", "E", "inactive"),
    ):
        added = cli(
            "card", "add", "--db", db_path, "--name", name, "--grade", grade, "--status", status
        )
        assert added.code == 0, added.err
        ids[name] = added.out.strip()
    for name in ("张伟", "张伟", "Li Lei"):
        logged = cli(
            "contact", "log", "--db", db_path, ids[name], "--channel", "visit", "--summary", "拜访"
        )
        assert logged.code == 0, logged.err
    assert cli("card", "delete", "--db", db_path, ids["Li Lei"]).code == 0
    assert cli("card", "edit", "--db", db_path, ids["王芳"], "--name", "王芳芳").code == 0
    return db_path


def test_stats_json_has_the_promised_shape_and_numbers(cli: Cli, filled_db: Path) -> None:
    stats = cli("stats", "--db", filled_db, "--json")
    assert stats.code == 0, stats.err
    data = stats.json
    assert data["cards"] == 3
    assert data["by_grade"] == {"A": 1, "B": 1, "C": 1, "D": 0, "E": 0, "F": 0}
    assert list(data["by_grade"]) == list(GRADES)
    assert data["by_status"] == {"customer": 2, "prospect": 1, "inactive": 0}
    assert data["contacts"] == 2  # the deleted card's contact does not count
    assert data["deleted_cards"] == 1


def test_stats_of_an_empty_database(cli: Cli, db_path: Path) -> None:
    data = cli("stats", "--db", db_path, "--json").json
    assert data["cards"] == 0
    assert data["contacts"] == 0
    assert data["by_grade"] == dict.fromkeys(GRADES, 0)
    assert set(data["by_status"]) >= {"prospect", "customer", "inactive"}


def test_stats_without_json_is_readable_text(cli: Cli, filled_db: Path) -> None:
    stats = cli("stats", "--db", filled_db)
    assert stats.code == 0
    assert "3 cards" in stats.out
    assert "A: 1" in stats.out


def test_dump_has_a_key_per_synced_table_rows_sorted_by_id_keys_sorted(
    cli: Cli, filled_db: Path
) -> None:
    dump = cli("dump", "--db", filled_db)
    assert dump.code == 0, dump.err
    assert dump.out.count("\n") == 1  # one JSON object on one line
    data = json.loads(dump.out)
    assert list(data) == sorted(SYNCED_TABLES)
    assert (len(data["card"]), len(data["contact"]), len(data["grade_change"])) == (4, 3, 4)
    assert data["change"]  # the delete and the rename
    for table, rows in data.items():
        ids = [row["id"] for row in rows]
        assert ids == sorted(ids), table
        for row in rows:
            assert list(row) == sorted(row), table
    card_columns = set(data["card"][0])
    assert not card_columns & LOCAL_CARD_COLUMNS
    assert {"id", "created", "deleted", "name", "grade", "recheck_on"} <= card_columns
    assert "replica_id" not in dump.out
    assert '"meta"' not in dump.out
    assert '"peer"' not in dump.out


def test_copies_dump_equal_until_one_really_changes(
    cli: Cli, filled_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "laptop" / "cards.db"
    copy.parent.mkdir()
    shutil.copy(filled_db, copy)
    original = cli("dump", "--db", filled_db).out
    assert cli("dump", "--db", copy).out == original

    # Local things differ (the copy claims its own replica id on its first
    # write; derived columns are recomputed), yet the data is the same.
    live = next(row for row in json.loads(original)["card"] if not row["deleted"])
    card_id, name = live["id"], live["name"]
    assert cli("card", "edit", "--db", copy, card_id, "--name", name).code == 0
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE card SET search = 'x', sort_name = 'x', last_contact_at = NULL")
    con.close()
    ids = [cli("check", "--db", p, "--json").json["replica_id"] for p in (filled_db, copy)]
    assert ids[0] != ids[1]
    assert cli("dump", "--db", copy).out == original

    assert cli("card", "edit", "--db", copy, card_id, "--company", "华信").code == 0
    assert cli("dump", "--db", copy).out != original


def test_two_separately_made_databases_do_not_dump_equal(cli: Cli, tmp_path: Path) -> None:
    dumps = []
    for name in ("a.db", "b.db"):
        db = tmp_path / name
        assert cli("card", "add", "--db", db, "--name", "张伟").code == 0
        dumps.append(cli("dump", "--db", db).out)
    assert dumps[0] != dumps[1]  # same name, different cards


def test_demo_fills_a_database_that_checks_ok(cli: Cli, db_path: Path) -> None:
    pytest.importorskip("salesdesk.services.demo")
    made = cli("demo", "--db", db_path, "--cards", 20, "--seed", 3)
    assert made.code == 0, made.err
    stats = cli("stats", "--db", db_path, "--json").json
    assert stats["cards"] == 20
    assert stats["contacts"] > 0
    assert cli("check", "--db", db_path).code == 0


@pytest.mark.parametrize("now", ["2026-12-01T09:00:00", "2025-06-15T09:00:00"])
def test_on_the_demo_database_every_loyalty_kpi_is_a_number(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch, now: str
) -> None:
    from salesdesk.services.summary import LOYALTY_KPIS

    monkeypatch.setenv("SALESDESK_NOW", now)
    assert cli("demo", "--db", db_path, "--cards", 300).code == 0
    kpis = cli("stats", "--db", db_path, "--json").json["kpis"]
    for key in LOYALTY_KPIS:
        assert isinstance(kpis[key], int | float), (key, kpis["why"].get(key))
    assert kpis["why"] == {}
    assert len(kpis["by_month"]) == 13  # the last 12 months touch 13 calendar months
