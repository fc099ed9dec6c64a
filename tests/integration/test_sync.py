"""Sync by file copy between laptops: nothing lost, nothing duplicated, safe to repeat."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.fields import SYNCED_TABLES
from salesdesk.models.backup import merge_scratch
from salesdesk.models.store import SCHEMA_VERSION
from salesdesk.services.cardlist import CardFilter
from salesdesk.services.session import Session
from salesdesk.sync.files import export_sync_file, prepare_incoming
from salesdesk.sync.merge import MergeReport, merge_file
from tests.encrypted_sync import KEYS, check_sync_file, connect_file, sync_keys  # noqa: F401

# Every test here runs on plain files and again on encrypted ones (DESIGN §4, issue 22).
pytestmark = pytest.mark.usefixtures("sync_keys")


@contextmanager
def opened(path: Path) -> Iterator[Session]:
    session = Session.open(path, passphrase=KEYS.db)
    assert session.store.encrypted == (KEYS.db is not None)
    try:
        yield session
    finally:
        session.close()


def do(path: Path, work: Callable[[Session], Any]) -> Any:
    with opened(path) as session:
        return work(session)


def dump(path: Path) -> dict[str, Any]:
    return do(path, lambda s: s.dump())


def sync_file(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    made = do(path, lambda s: export_sync_file(s.store, folder=folder, passphrase=KEYS.team))
    return check_sync_file(made)


def merge(path: Path, source: Path, dry_run: bool = False) -> MergeReport:
    return do(path, lambda s: merge_file(s.store, source, dry_run=dry_run, passphrase=KEYS.team))


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path, str]:
    """Two laptops that share one card after a first sync."""
    a, b = tmp_path / "a" / "cards.db", tmp_path / "b" / "cards.db"
    a.parent.mkdir()
    b.parent.mkdir()
    card_id = do(
        a,
        lambda s: (
            s.create_card(
                {"name": "张伟", "company": "华信贸易", "phones": "13800138000"}, grade="E"
            ).id
        ),
    )
    merge(b, sync_file(a, tmp_path / "x"))
    return a, b, card_id


def both_ways(a: Path, b: Path, folder: Path) -> tuple[MergeReport, MergeReport]:
    from_a = sync_file(a, folder / "from_a")
    from_b = sync_file(b, folder / "from_b")
    return merge(b, from_a), merge(a, from_b)


def test_first_sync_copies_every_card_and_its_log(laptops: tuple[Path, Path, str]) -> None:
    a, b, card_id = laptops
    assert dump(a) == dump(b)
    card = do(b, lambda s: s.card(card_id))
    assert (card.name, card.grade) == ("张伟", "E")
    found = do(b, lambda s: [r.id for r in s.card_list.query(CardFilter(text="zw"))])
    assert found == [card_id]  # derived search text is rebuilt on the receiving side


def test_the_manifest_counts_the_rows_the_file_holds(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """An encrypted book's file takes its counts from the copy itself (cipher.tables_into),
    a plain book's counts its snapshot: either way the manifest says what the file holds,
    deleted cards and change records included."""
    a, _b, card_id = laptops

    def work(s: Session) -> None:
        for n in range(3):
            s.create_card({"name": f"客户{n}"}, grade="F")
        s.edit_card(card_id, {"notes": "回访"})
        s.delete_card(s.create_card({"name": "Gone"}, grade="F").id)

    do(a, work)
    made = sync_file(a, tmp_path / "counted")
    con = connect_file(made)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()
        said = json.loads(row[0])
        held = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in said["rows"]}
    finally:
        con.close()
    assert set(said["rows"]) == set(SYNCED_TABLES)
    assert said["rows"] == held
    assert held["card"] == 5
    assert held["change"] >= 2


def test_edits_apart_merged_both_ways_give_identical_dumps(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.log_contact(card_id, channel="visit", summary="拜访", grade="B"))
    do(a, lambda s: s.create_card({"name": "John Smith"}, grade="D"))
    do(b, lambda s: s.edit_card(card_id, {"notes": "周三有空"}))
    do(b, lambda s: s.log_contact(card_id, channel="phone", summary="电话"))
    both_ways(a, b, tmp_path)
    assert dump(a) == dump(b)
    card = do(a, lambda s: s.card(card_id))
    assert (card.grade, card.notes) == ("B", "周三有空")
    assert len(do(a, lambda s: s.contacts(card_id))) == 2
    # Merging again brings nothing new and changes nothing.
    again_b, again_a = both_ways(a, b, tmp_path / "again")
    for report in (again_a, again_b):
        assert (report.new, report.updated, report.deleted, report.conflicts) == (0, 0, 0, 0)
    assert dump(a) == dump(b)


def test_concurrent_edits_of_different_fields_both_survive(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.edit_card(card_id, {"company": "华信集团"}))
    do(b, lambda s: s.edit_card(card_id, {"title": "采购经理"}))
    report_b, report_a = both_ways(a, b, tmp_path)
    assert report_a.conflicts == report_b.conflicts == 0
    card = do(a, lambda s: s.card(card_id))
    assert (card.company, card.title) == ("华信集团", "采购经理")
    assert dump(a) == dump(b)


def test_concurrent_grade_changes_make_one_conflict_on_each_side(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.change_grade(card_id, "B", reason="budget approved"))
    do(b, lambda s: s.change_grade(card_id, "C", reason="health", recheck_on="2027-03-01"))
    report_b, report_a = both_ways(a, b, tmp_path)
    assert report_a.conflicts == report_b.conflicts == 1
    assert dump(a) == dump(b)
    [conflict] = dump(a)["conflict"]
    assert conflict["field_group"] == "grade"
    # The newest stamp (B's, made later) wins for now; both values are kept.
    assert do(a, lambda s: s.card(card_id)).grade == "C"
    changes = {c["id"]: json.loads(c["new"]) for c in dump(a)["change"]}
    assert changes[conflict["loser_id"]]["grade"] == "B"
    # Keep the other value: the resolution syncs on and stays resolved.
    from salesdesk.sync import conflicts

    [view] = do(a, lambda s: conflicts.open_conflicts(s.store))
    assert (view.current.values["grade"], view.other.values["grade"]) == ("C", "B")
    do(a, lambda s: conflicts.resolve(s.store, view.id, "other"))
    assert do(a, lambda s: s.card(card_id)).grade == "B"
    both_ways(a, b, tmp_path / "resolved")
    assert do(b, lambda s: s.card(card_id)).grade == "B"
    assert do(b, lambda s: conflicts.open_conflicts(s.store)) == []
    assert dump(a) == dump(b)
    # Both grade steps stay in the card's path, unioned, never duplicated.
    path = do(a, lambda s: [st.to_grade for st in s.grade_path(card_id)])
    assert sorted(path) == ["B", "C", "E"]


def test_a_delete_that_raced_an_edit_keeps_the_card_and_flags_it(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.delete_card(card_id))
    do(b, lambda s: s.edit_card(card_id, {"notes": "还有希望"}))
    both_ways(a, b, tmp_path)
    assert dump(a) == dump(b)
    card = do(a, lambda s: s.card(card_id))
    assert card.notes == "还有希望"
    [conflict] = dump(a)["conflict"]
    assert conflict["field_group"] == "deleted"
    # The user decides to delete after all: it sticks on both sides.
    from salesdesk.sync import conflicts

    [view] = do(b, lambda s: conflicts.open_conflicts(s.store))
    assert view.is_delete
    do(b, lambda s: conflicts.resolve(s.store, view.id, "current"))
    both_ways(a, b, tmp_path / "decided")
    assert do(a, lambda s: s.stats()["cards"]) == 0
    assert do(a, lambda s: conflicts.open_conflicts(s.store)) == []


def test_a_delete_after_seeing_the_edit_deletes(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(b, lambda s: s.edit_card(card_id, {"notes": "x"}))
    both_ways(a, b, tmp_path)
    do(a, lambda s: s.delete_card(card_id))
    both_ways(a, b, tmp_path / "2")
    assert do(b, lambda s: s.stats()["cards"]) == 0
    assert dump(a)["conflict"] == []


def test_the_same_person_entered_on_two_laptops_is_reported_not_merged(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, _ = laptops
    do(a, lambda s: s.create_card({"name": "李娜", "phones": "+86 139 0000 1111"}))
    do(b, lambda s: s.create_card({"name": "Li Na", "phones": "13900001111"}))
    report_b, _ = both_ways(a, b, tmp_path)
    assert do(b, lambda s: s.stats()["cards"]) == 3
    assert [d["reason"] for d in report_b.duplicates] == ["phone"]


def test_dry_run_previews_and_changes_nothing(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.edit_card(card_id, {"company": "新公司"}))
    do(a, lambda s: s.create_card({"name": "New One"}))
    before = b.read_bytes()
    preview = merge(b, sync_file(a, tmp_path / "p"), dry_run=True)
    assert (preview.new, preview.updated) == (2, 1)  # the card and its first grade step; one edit
    assert b.read_bytes() == before


def test_a_laptop_a_year_ahead_cannot_drag_the_clock_and_is_named(
    laptops: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, card_id = laptops
    monkeypatch.setenv("SALESDESK_NOW", "2027-12-01T09:00:00")
    do(a, lambda s: s.edit_card(card_id, {"notes": "from the future"}))
    source = sync_file(a, tmp_path / "f")
    monkeypatch.delenv("SALESDESK_NOW")
    report = merge(b, source)
    assert do(b, lambda s: s.card(card_id)).notes == "from the future"
    assert do(b, lambda s: s.store.clock.last) < "1800000000000"  # still this year
    [warning] = report.warnings
    assert warning.endswith("seems to have its clock set to 2027-12-01")


def test_a_stamp_beyond_the_files_own_clock_is_refused(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    source = sync_file(a, tmp_path / "f")
    with connect_file(source) as con:
        con.execute(
            "INSERT INTO change (id, table_name, row_id, field_group, old, new, stamp, device, "
            "parents) VALUES ('0b6f7f4e-9a6e-4c1e-8d7e-3c0f7b1d2a11', 'card', ?, 'notes', "
            '\'{"notes":""}\', \'{"notes":"from the future"}\', '
            "'9999999999999-00000-liar', 'liar', '[]')",
            (card_id,),
        )
    before = b.read_bytes()
    with pytest.raises(DatabaseError, match="after the file's own clock"):
        merge(b, source)
    assert b.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_text("name,phone\n"), "not a SalesDesk database"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(),
            "not a SalesDesk file",
        ),
    ],
)
def test_foreign_files_are_refused_and_the_live_file_stays_byte_identical(
    laptops: tuple[Path, Path, str], tmp_path: Path, make: Callable[[Path], Any], message: str
) -> None:
    _, b, _ = laptops
    bad = tmp_path / "bad.salesdesk"
    make(bad)
    before = b.read_bytes()
    with pytest.raises(DatabaseError, match=message):
        merge(b, bad)
    assert b.read_bytes() == before


def test_a_truncated_file_is_refused(laptops: tuple[Path, Path, str], tmp_path: Path) -> None:
    a, b, _ = laptops
    source = sync_file(a, tmp_path / "t")
    data = source.read_bytes()
    source.write_bytes(data[: len(data) // 3])
    before = b.read_bytes()
    with pytest.raises(DatabaseError):
        merge(b, source)
    assert b.read_bytes() == before


def test_a_newer_schema_is_refused_with_update_advice(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, _ = laptops
    source = sync_file(a, tmp_path / "n")
    with connect_file(source) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = b.read_bytes()
    with pytest.raises(DatabaseError, match="update SalesDesk"):
        merge(b, source)
    assert b.read_bytes() == before


def test_an_older_schema_file_is_lifted_in_the_copy_and_merged(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "schema_v1.db"
    source = tmp_path / "old.salesdesk"
    shutil.copy(fixture, source)
    live = tmp_path / "live.db"
    report = merge(live, source)
    assert report.new > 0
    assert sqlite3.connect(source).execute("PRAGMA user_version").fetchone()[0] == 1
    assert do(live, lambda s: s.stats()["cards"]) == 1


def test_an_older_schema_file_with_a_column_no_salesdesk_wrote_is_refused_after_the_lift(
    tmp_path: Path,
) -> None:
    """The lift only adds columns (a file of every older schema ends with exactly a new
    one's, tests/unit/test_migrations.py): one left over is not SalesDesk's."""
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "schema_v1.db"
    source = tmp_path / "old.salesdesk"
    shutil.copy(fixture, source)
    with sqlite3.connect(source) as con:
        con.execute("ALTER TABLE contact ADD COLUMN secret TEXT")
    con.close()
    live = tmp_path / "live.db"
    do(live, lambda s: s.create_card({"name": "Kept"}))
    before = live.read_bytes()
    with pytest.raises(DatabaseError, match="its contact table has a column 'secret'"):
        merge(live, source)
    assert live.read_bytes() == before


def test_an_error_in_the_middle_of_a_merge_rolls_everything_back(
    laptops: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.edit_card(card_id, {"company": "X"}))
    do(a, lambda s: s.create_card({"name": "Y"}))
    source = sync_file(a, tmp_path / "e")
    before = dump(b)

    from salesdesk.sync import merge as merge_module

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk pulled out")

    monkeypatch.setattr(merge_module, "refresh_cards", broken)
    with pytest.raises(OSError, match="disk pulled"):
        merge(b, source)
    assert dump(b) == before


RACING_WORK: dict[str, Callable[[Session, str], Any]] = {
    "an edit": lambda s, c: s.edit_card(c, {"notes": "还有希望"}),
    "a grade": lambda s, c: s.change_grade(c, "B", reason="预算批了"),
    "a contact without a grade": lambda s, c: s.log_contact(c, channel="phone", summary="电话"),
    "a contact with a grade": lambda s, c: s.log_contact(
        c, channel="visit", summary="拜访", grade="A"
    ),
    "a service case": lambda s, c: s.open_case(c, kind="complaint", content="账单错误"),
    "a deal": lambda s, c: s.add_deal(c, amount="12800", product="年金险"),
    "a visit": lambda s, c: s.plan_visit(c, "2027-01-05", purpose="回访"),
}


# Encrypted, two kinds of work prove the same merge path (each run there opens a dozen
# keyed files): the seven kinds stay on plain files.
RACING_RUNS = [("plain", name) for name in RACING_WORK] + [
    ("encrypted", "an edit"),
    ("encrypted", "a contact with a grade"),
]


@pytest.mark.parametrize(
    ("sync_keys", "work"),
    [(keys, RACING_WORK[name]) for keys, name in RACING_RUNS],
    ids=[f"{keys}-{name}" for keys, name in RACING_RUNS],
    indirect=["sync_keys"],
)
def test_work_a_delete_did_not_see_keeps_the_card_and_lists_it_on_both_laptops(
    laptops: tuple[Path, Path, str], tmp_path: Path, work: Callable[[Session, str], Any]
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.delete_card(card_id))
    do(b, lambda s: work(s, card_id))
    both_ways(a, b, tmp_path)
    assert dump(a) == dump(b)
    from salesdesk.sync import conflicts

    for laptop in (a, b):
        assert do(laptop, lambda s: s.stats()["cards"]) == 1  # the card and its work show
        [view] = do(laptop, lambda s: conflicts.open_conflicts(s.store))
        assert view.is_delete
        assert view.card_id == card_id
        assert view.activity  # what the delete did not see, for "keep or delete?"
        assert "keep or delete?" in view.describe()
    # Deciding to delete after all: sticks everywhere, and the conflict is gone.
    [view] = do(a, lambda s: conflicts.open_conflicts(s.store))
    do(a, lambda s: conflicts.resolve(s.store, view.id, "current"))
    both_ways(a, b, tmp_path / "decided")
    assert dump(a) == dump(b)
    assert do(b, lambda s: s.stats()["cards"]) == 0
    assert dump(b)["conflict"] == []
    # And the deleted card comes back whole.
    do(b, lambda s: s.restore_card(card_id))
    both_ways(a, b, tmp_path / "restored")
    assert do(a, lambda s: s.stats()["cards"]) == 1
    assert dump(a) == dump(b)


def test_the_same_value_on_both_sides_and_two_deletes_are_no_conflicts(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    other = do(a, lambda s: s.create_card({"name": "李娜"}).id)
    both_ways(a, b, tmp_path / "0")
    for laptop in (a, b):
        do(laptop, lambda s: s.edit_card(card_id, {"company": "华信集团"}))
        do(laptop, lambda s: s.delete_card(other))
    report_b, report_a = both_ways(a, b, tmp_path / "1")
    assert report_a.conflicts == report_b.conflicts == 0
    assert dump(a)["conflict"] == []
    assert dump(a) == dump(b)
    assert do(a, lambda s: s.stats()["cards"]) == 1


def test_a_conflict_settled_on_one_laptop_is_settled_on_the_other(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: s.edit_card(card_id, {"notes": "A"}))
    do(b, lambda s: s.edit_card(card_id, {"notes": "B"}))
    both_ways(a, b, tmp_path / "0")
    assert len(dump(a)["conflict"]) == len(dump(b)["conflict"]) == 1
    do(a, lambda s: s.edit_card(card_id, {"notes": "A and B"}))  # an edit that saw both
    assert dump(a)["conflict"] == []
    both_ways(a, b, tmp_path / "1")
    assert dump(b)["conflict"] == []
    assert do(b, lambda s: s.card(card_id)).notes == "A and B"
    assert dump(a) == dump(b)


KILLED_MERGE = """
import os, sys
from pathlib import Path
from salesdesk.services.session import Session
from salesdesk.sync import merge

def killed(*_args):  # the rows and the vector are written, the commit not yet
    os._exit(9)

merge._verify = killed
db_key, team = sys.argv[3] or None, sys.argv[4] or None
session = Session.open(Path(sys.argv[1]), passphrase=db_key)
merge.merge_file(session.store, Path(sys.argv[2]), passphrase=team)
"""


def test_a_merge_killed_before_its_commit_leaves_the_file_as_it_was(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    import subprocess
    import sys

    a, b, card_id = laptops
    do(a, lambda s: s.edit_card(card_id, {"notes": "晚上改的"}))
    do(a, lambda s: s.create_card({"name": "李强"}))
    source = sync_file(a, tmp_path / "k")
    before, before_bytes = dump(b), b.read_bytes()
    root = Path(__file__).resolve().parents[2]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MERGE, str(b), str(source), KEYS.db or "", KEYS.team or ""],
        cwd=root,
        check=False,
    )
    assert killed.returncode == 9
    assert Path(str(b) + "-journal").exists()  # the write was cut off mid-way
    assert dump(b) == before  # the next open rolls the journal back
    assert b.read_bytes() == before_bytes
    merge(b, source)  # and the next merge completes it
    assert dump(b) == dump(a)


def test_a_sync_file_opened_as_a_database_gets_every_index_back(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, _b, card_id = laptops
    made = sync_file(a, tmp_path / "lost laptop")

    def indexes(con: Any) -> set[str]:
        rows = con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql NOT NULL")
        return {r[0] for r in rows.fetchall()}

    with opened(a) as session:
        wanted = indexes(session.store.db.connection())
    # The laptop is lost; its book comes back from its sync file in the shared folder.
    session = Session.open(made, passphrase=KEYS.team)
    try:
        assert indexes(session.store.db.connection()) == wanted
        assert session.store.db.execute_sql(
            "SELECT name FROM card WHERE id = ?", (card_id,)
        ).fetchone() == ("张伟",)
    finally:
        session.close()
    if KEYS.team is not None:
        # A team file (cipher.TEAM_CIPHER) was rewritten under cipher.BOOK_CIPHER, which
        # every connection to a database and its backups assume.
        from salesdesk.models import cipher

        con = cipher.connect(made, KEYS.team)
        try:
            cipher.verify_key(con, made)
        finally:
            con.close()


def test_the_team_passphrase_a_database_keeps_is_in_none_of_its_sync_files(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    from salesdesk.models import cipher
    from salesdesk.sync.team import TEAM_KEY, set_team_passphrase

    a, _b, _card = laptops
    if KEYS.db is None:
        pytest.skip("only an encrypted database keeps the team passphrase")
    kept = "the team's own words 22"
    do(a, lambda s: set_team_passphrase(s.store, kept))
    for team in (None, kept):
        made = do(a, lambda s, t=team: export_sync_file(s.store, tmp_path / "f", passphrase=t))
        assert kept.encode() not in made.read_bytes()
        con = sqlite3.connect(made) if team is None else cipher.connect_team(made, team)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
        assert TEAM_KEY not in meta
        assert "manifest" in meta
        made.unlink()


@pytest.fixture(autouse=True)
def _team_cipher_on_small_books(monkeypatch: pytest.MonkeyPatch) -> None:
    """The team settings are for big books (cipher.TEAM_CIPHER_FROM): here every book is."""
    from salesdesk.models import cipher

    monkeypatch.setattr(cipher, "TEAM_CIPHER_FROM", 0)


def _team_settings_of(path: Path) -> Any:
    from salesdesk.models import cipher

    assert KEYS.team is not None
    con, settings = cipher.open_team(path, KEYS.team)
    con.close()
    return settings


def test_team_files_are_written_under_the_team_settings_and_attaching_one_leaves_the_defaults(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    from salesdesk.models import cipher

    a, b, card_id = laptops
    if KEYS.team is None:
        pytest.skip("plain files have no SQLCipher settings")
    do(a, lambda s: s.edit_card(card_id, {"notes": "written under the team settings"}))
    made = sync_file(a, tmp_path / "f")
    assert _team_settings_of(made) == cipher.TEAM_CIPHER
    # The process's SQLCipher defaults (cipher.BOOK_CIPHER), which every database and backup
    # is keyed under, are the same after a merge attached the file under other settings.
    probe = cipher.cipher_module().connect(":memory:")
    before = probe.execute("PRAGMA cipher_default_settings").fetchall()
    merge(b, made)
    assert probe.execute("PRAGMA cipher_default_settings").fetchall() == before
    probe.close()
    assert dump(a) == dump(b)
    # A backup the merge took opens with the database's key alone (cipher.BOOK_CIPHER).
    from salesdesk.models.backup import backups

    newest = backups(b)[0].path
    con = cipher.connect(newest, KEYS.db)
    try:
        cipher.verify_key(con, newest)
    finally:
        con.close()


def test_a_team_file_written_before_the_team_settings_still_merges(
    laptops: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.models import cipher

    a, b, card_id = laptops
    if KEYS.team is None:
        pytest.skip("plain files have no SQLCipher settings")
    do(a, lambda s: s.edit_card(card_id, {"notes": "from an older SalesDesk"}))
    with monkeypatch.context() as older:
        older.setattr(cipher, "TEAM_CIPHER", ())
        made = sync_file(a, tmp_path / "old")
    assert _team_settings_of(made) == ()
    report = merge(b, made)
    assert report.updated == 1
    assert dump(a) == dump(b)
    # And a plain database (which decrypts the file into its scratch copy) reads both kinds.
    plain = tmp_path / "plain" / "cards.db"
    plain.parent.mkdir()
    newer = sync_file(a, tmp_path / "new")
    assert _team_settings_of(newer) == cipher.TEAM_CIPHER
    for source in (made, newer):
        session = Session.open(plain)
        try:
            merge_file(session.store, source, passphrase=KEYS.team)
            assert session.store.db.execute_sql(
                "SELECT notes FROM card WHERE id = ?", (card_id,)
            ).fetchone() == ("from an older SalesDesk",)
        finally:
            session.close()


def test_another_team_passphrase_is_refused_under_either_settings(
    laptops: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.models import cipher

    a, b, _card = laptops
    if KEYS.team is None:
        pytest.skip("plain files have no passphrase")
    files = [sync_file(a, tmp_path / "new")]
    with monkeypatch.context() as older:
        older.setattr(cipher, "TEAM_CIPHER", ())
        files.append(sync_file(a, tmp_path / "old"))
    live = b.read_bytes()
    for made in files:
        with pytest.raises(DatabaseError) as refused:
            do(b, lambda s, m=made: merge_file(s.store, m, passphrase="another team phrase"))
        assert "another team passphrase" in str(refused.value)
        assert "\n" not in str(refused.value)
    assert b.read_bytes() == live


def test_a_raw_key_and_the_passphrase_open_the_same_team_file(
    laptops: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers key a team file with SQLCipher's raw key of the team passphrase (derived once
    for the file's salt); writers give a new file a salt of their own. Either way the file
    is the one the passphrase opens, under either settings, and another passphrase's raw key
    is refused as the passphrase is."""
    from salesdesk.models import cipher

    a, _b, card_id = laptops
    if KEYS.team is None:
        pytest.skip("plain files have no key")
    files = {cipher.TEAM_CIPHER: sync_file(a, tmp_path / "new")}
    with monkeypatch.context() as older:
        older.setattr(cipher, "TEAM_CIPHER", ())
        files[()] = sync_file(a, tmp_path / "old")
    for settings, made in files.items():
        cipher.forget_keys()  # as another laptop reads it
        for key in (KEYS.team, cipher.file_key(KEYS.team, made)):
            con = cipher.cipher_module().connect(str(made))
            try:
                cipher.quiet(con)
                cipher.set_key(con, key)
                cipher.apply_settings(con, settings)
                assert con.execute("SELECT name FROM card WHERE id = ?", (card_id,)).fetchone() == (
                    "张伟",
                )
            finally:
                con.close()
        other = cipher.file_key("another team phrase", made)
        with pytest.raises(cipher.WrongPassphrase):
            cipher.open_team(made, other)
        # Both settings tried, then the copy attached to merge it: one key derivation.
        cipher.forget_keys()
        with merge_scratch() as scratch:
            prepare_incoming(made, scratch, KEYS.team, keep_encrypted=True)
        assert cipher._derived.cache_info().misses == 1


def test_the_copy_a_merge_checks_gets_its_tables_up_to_date_but_no_index(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """A team file holds its tables alone; lifting its copy to the schema (complete_v5)
    made the schema's indexes in it, which the merge never reads."""
    a, b, card_id = laptops
    do(a, lambda s: s.edit_card(card_id, {"notes": "after the first sync"}))
    made = sync_file(a, tmp_path / "f")
    with merge_scratch() as scratch:
        incoming = prepare_incoming(made, scratch, KEYS.team, keep_encrypted=KEYS.db is not None)
        con = (
            sqlite3.connect(incoming.path)
            if incoming.key is None
            else cipher_connect(incoming.path, incoming.key, incoming.settings)
        )
        try:
            written = {
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql NOT NULL"
                ).fetchall()
            }
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            con.close()
    with opened(a) as session:
        live_tables = set(session.store.db.get_tables())
        live_indexes = {
            r[0]
            for r in session.store.db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql NOT NULL"
            ).fetchall()
        }
    assert live_tables <= tables
    if KEYS.team is not None:
        assert not written  # a team file and its copy: tables alone
    else:
        assert written == live_indexes  # a plain file is a page copy: its indexes came along
    merge(b, made)
    assert dump(a) == dump(b)


def cipher_connect(path: Path, key: str, settings: Any) -> Any:
    from salesdesk.models import cipher

    con = cipher.cipher_module().connect(str(path))
    cipher.quiet(con)
    cipher.set_key(con, key)
    cipher.apply_settings(con, settings)
    return con


def test_a_plain_book_refuses_a_team_file_damaged_in_any_page(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """A plain book decrypts a team file into its scratch copy, which does not read every
    page (an empty table's index is skipped): every page is checked against its HMAC
    first, and a byte changed in any page is refused, the live file byte-identical."""
    from salesdesk.models import cipher

    a, _b, _card = laptops
    if KEYS.team is None:
        pytest.skip("plain files have no HMAC")
    made = sync_file(a, tmp_path / "f")
    assert _team_settings_of(made) == cipher.TEAM_CIPHER
    plain = tmp_path / "plain" / "cards.db"
    plain.parent.mkdir()
    Session.open(plain).close()
    live = plain.read_bytes()
    data = made.read_bytes()
    page = 65536
    assert len(data) % page == 0
    for number in range(len(data) // page):
        damaged = tmp_path / f"damaged-{number}.salesdesk"
        changed = bytearray(data)
        changed[number * page + page // 2] ^= 0x5A
        damaged.write_bytes(bytes(changed))
        session = Session.open(plain)
        try:
            with pytest.raises(DatabaseError) as refused:
                merge_file(session.store, damaged, passphrase=KEYS.team)
        finally:
            session.close()
        assert "\n" not in str(refused.value)
        assert plain.read_bytes() == live, number
        damaged.unlink()
