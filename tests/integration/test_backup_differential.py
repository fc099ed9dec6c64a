"""Differential backups before a merge (issue 23): restoring one gives the live file as it
was when it was taken, every table, plain and encrypted; thinning keeps its base; a
bulk write (demo, import), a restore or a copy makes the next one full."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import salesdesk.sync.merge as merging
from salesdesk.models import cipher, tracking
from salesdesk.models.backup import backup_database, backups, materialize, snapshot, thin
from salesdesk.services.privacy import _Adapter, remove_person_rows
from salesdesk.services.session import Session
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.merge import merge_file

PASS = "laptop passphrase 23"


@pytest.fixture(params=["plain", "encrypted"])
def key(request: pytest.FixtureRequest) -> str | None:
    if request.param == "encrypted" and not cipher.available():
        pytest.skip("sqlcipher3-wheels is not installed")
    return PASS if request.param == "encrypted" else None


def every_table(path: Path, key: str | None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the list of written rows aside: a file's own bookkeeping)."""
    con = cipher.connect(path, key)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != ? ORDER BY name",
                (tracking.TABLE,),
            )
        ]
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


class Laptops:
    """The live book (A) and a peer (B) whose files A merges; work through the services."""

    def __init__(self, root: Path, key: str | None) -> None:
        self.key = key
        self.a, self.b = root / "a" / "cards.db", root / "b" / "cards.db"
        self.sent = root / "b.salesdesk"
        self.cards: dict[Path, list[str]] = {self.a: [], self.b: []}
        for path, name in ((self.a, "王敏"), (self.b, "李强")):
            path.parent.mkdir(parents=True, exist_ok=True)
            with self.open(path) as s:
                s.set_salesperson(name)
                for n in range(3):
                    self.cards[path].append(s.create_card({"name": f"{name}{n}"}).id)

    @contextmanager
    def open(self, path: Path) -> Iterator[Session]:
        session = Session.open(path, passphrase=self.key)
        try:
            yield session
        finally:
            session.close()

    def work(self, rng: random.Random, path: Path, steps: int) -> None:
        with self.open(path) as s:
            for _ in range(steps):
                self.step(rng, s, path)

    def step(self, rng: random.Random, s: Session, path: Path) -> None:
        alive = [c for c in self.cards[path] if not s.card(c, allow_deleted=True).deleted]
        choice = rng.choice(
            ["create", "edit", "edit", "contact", "grade", "delete", "setting", "deal", "erase"]
        )
        if choice == "erase" and len(alive) <= 2:
            choice = "edit"  # every step writes something
        if choice == "create" or not alive:
            self.cards[path].append(s.create_card({"name": f"客户{rng.randrange(10**6)}"}).id)
        elif choice == "edit":
            field = rng.choice(["notes", "company", "phones", "area"])
            s.edit_card(rng.choice(alive), {field: f"{field} {rng.randrange(10**6)}"})
        elif choice == "contact":
            s.log_contact(rng.choice(alive), channel="phone", summary=f"电话 {rng.random()}")
        elif choice == "grade":
            s.change_grade(rng.choice(alive), rng.choice("ABCD"), reason="拜访后")
        elif choice == "delete":
            s.delete_card(rng.choice(alive))
        elif choice == "setting":
            s.dismiss_duplicate(rng.choice(alive), rng.choice([*alive, "x"]))
        elif choice == "deal":
            s.add_deal(rng.choice(alive), amount=rng.randrange(1, 9000), product="设备")
        elif choice == "erase" and len(alive) > 2:
            card = rng.choice(alive)
            s.erase_person(card)
            self.cards[path].remove(card)

    def merge_from_b(self) -> dict[str, list[tuple[Any, ...]]]:
        """B's file into A: A's merge takes its backup (the one under test). Returns every
        table of A as it was when that backup was taken, less the people the merge erased
        (who leave every backup too, DESIGN §9)."""
        with self.open(self.b) as s:
            export_sync_file(s.store, self.sent)
        seen = self.sent.with_name(f"seen-{random.randrange(10**9)}.db")

        def backup_seeing(db: Any, path: Path, **kwargs: Any) -> Path:
            snapshot(db, seen)  # the live file at that moment
            return backup_database(db, path, **kwargs)

        with self.open(self.a) as s, pytest.MonkeyPatch.context() as patch:
            patch.setattr(merging, "backup_database", backup_seeing)
            report = merge_file(s.store, self.sent)
        if not seen.exists():
            return {}
        con = cipher.connect(seen, self.key)
        try:
            con.execute("BEGIN")
            for card_id in report.erased:
                remove_person_rows(_Adapter(con), card_id)
            con.execute("COMMIT")
        finally:
            con.close()
        return every_table(seen, self.key)


def newest(path: Path) -> Any:
    return backups(path)[0]


def check_restores(lap: Laptops, state: dict[str, list[tuple[Any, ...]]], tmp: Path) -> None:
    """The newest backup is a differential and gives `state` back, every table."""
    made = newest(lap.a)
    assert made.base is not None
    assert made.base.exists()
    assert made.reason == "before-merge"  # one "Before a merge" entry, as a full one
    rebuilt = tmp / f"rebuilt-{made.path.name}"
    materialize(made.path, rebuilt, lap.key)
    assert cipher.looks_encrypted(made.path) == (lap.key is not None)
    assert every_table(rebuilt, lap.key) == state


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), before=st.integers(0, 8), after=st.integers(1, 12))
def test_a_differential_restores_the_live_file_as_it_was(
    key: str | None, tmp_path_factory: pytest.TempPathFactory, seed: int, before: int, after: int
) -> None:
    tmp = tmp_path_factory.mktemp("diff")
    with pytest.MonkeyPatch.context() as env:  # each example its own backups folder
        env.setenv("SALESDESK_DATA_DIR", str(tmp / "data"))
        env.setenv("SALESDESK_CONFIG_DIR", str(tmp / "config"))
        _random_work_then_restore(key, tmp, seed, before, after)


def _random_work_then_restore(
    key: str | None, tmp: Path, seed: int, before: int, after: int
) -> None:
    lap = Laptops(tmp, key)
    rng = random.Random(seed)
    lap.work(rng, lap.a, before)
    lap.work(rng, lap.b, rng.randrange(4))
    lap.merge_from_b()  # A's first merge: a full backup (nothing to build on)
    assert newest(lap.a).base is None
    with lap.open(lap.a) as s:  # a full backup at a random point of the work
        for _ in range(rng.randrange(3)):
            lap.step(rng, s, lap.a)
        backup_database(s.store.db, lap.a, reason="daily")
    for _round in range(2):  # work, then merges: each backup a differential of that base
        lap.work(rng, lap.a, after)
        lap.work(rng, lap.b, rng.randrange(4))
        state = lap.merge_from_b()
        check_restores(lap, state, tmp)
    # Restoring it as the user does gives the cards back as they were.
    # (The restore's own notes aside: the replica id it retires, the list's new epoch.)
    own = {"retired_replicas", tracking.EPOCH_KEY}
    session = Session.open(lap.a, passphrase=key)
    session.restore_backup(newest(lap.a).path).close()
    restored = every_table(lap.a, key)
    assert set(restored) == set(state)
    for table in state:
        rows = [r for r in restored[table] if table != "meta" or r[0] not in own]
        assert rows == [r for r in state[table] if table != "meta" or r[0] not in own], table


def test_a_refused_merge_leaves_the_live_file_byte_for_byte(
    key: str | None, tmp_path: Path
) -> None:
    """A full backup writes nothing into the live file: its mark is in the backup."""
    lap = Laptops(tmp_path, key)
    before = lap.a.read_bytes()
    with lap.open(lap.a) as s:
        backup_database(s.store.db, lap.a, reason="daily")
    assert lap.a.read_bytes() == before
    with lap.open(lap.a) as s:
        s.edit_card(lap.cards[lap.a][0], {"notes": "改了"})
    before = lap.a.read_bytes()
    bad = tmp_path / "bad.salesdesk"
    bad.write_bytes(b"SQLite format 3\x00" + bytes(5000))
    with lap.open(lap.a) as s, pytest.raises(Exception):  # noqa: B017, PT011
        merge_file(s.store, bad)
    assert lap.a.read_bytes() == before


def test_thinning_keeps_the_base_of_a_kept_differential(
    key: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lap = Laptops(tmp_path, key)
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-20T08:00:00")
    with lap.open(lap.a) as s:
        assert s.daily_backup() is not None  # the base: not the newest of its day
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-20T10:00:00")
    lap.work(random.Random(1), lap.a, 6)
    state = lap.merge_from_b()
    diff = newest(lap.a)
    assert diff.base is not None
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-24T10:00:00")
    removed = thin(lap.a)
    assert diff.base not in removed
    assert diff.base.exists()
    check_restores(lap, state, tmp_path)
    # Without its differential, an old base goes like any other backup of its day.
    diff.path.unlink()
    (diff.base.parent / diff.base.name.replace("-daily", "-2-daily")).write_bytes(b"")
    assert diff.base in thin(lap.a)


def test_bulk_writes_a_restore_and_a_copy_make_the_next_backup_full(
    key: str | None, tmp_path: Path
) -> None:
    lap = Laptops(tmp_path, key)
    lap.merge_from_b()
    lap.work(random.Random(2), lap.a, 3)
    lap.merge_from_b()
    assert newest(lap.a).base is not None  # tracked: a differential
    with lap.open(lap.a) as s:
        s.generate_demo(cards=5)  # its rows went in untracked
        assert tracking.complete(s.store.db)  # the triggers are back for the next write
    lap.merge_from_b()
    assert newest(lap.a).base is None
    lap.merge_from_b()
    diff = newest(lap.a)
    assert diff.base is not None
    session = Session.open(lap.a, passphrase=key)  # a restored file's list is new
    session.restore_backup(diff.path).close()
    lap.merge_from_b()
    assert newest(lap.a).base is None
    # A copy of the file at another path (same name, same backups folder) builds on no
    # backup of the original.
    copy = tmp_path / "elsewhere" / "cards.db"
    copy.parent.mkdir()
    copy.write_bytes(lap.a.read_bytes())
    session = Session.open(copy, passphrase=key)
    try:
        merge_file(session.store, lap.sent)
    finally:
        session.close()
    assert newest(copy).base is None


def test_an_import_makes_the_next_backup_full(tmp_path: Path) -> None:
    lap = Laptops(tmp_path, None)
    lap.merge_from_b()
    lap.merge_from_b()
    assert newest(lap.a).base is not None
    sheet = tmp_path / "people.csv"
    sheet.write_text("name,phone\n张三,13900001111\n李四,13900002222\n", encoding="utf-8")
    from salesdesk.io import mapping, readers

    table = readers.read_table(sheet)
    with lap.open(lap.a) as s:
        targets = mapping.guess_mapping(table.headers, store=s.store)
        s.import_rows(mapping.iter_rows(table, targets))
    lap.merge_from_b()
    assert newest(lap.a).base is None


def test_sync_files_carry_no_list_and_a_file_opened_as_a_book_gets_one(
    key: str | None, tmp_path: Path
) -> None:
    lap = Laptops(tmp_path, key)
    with lap.open(lap.b) as s:
        export_sync_file(s.store, lap.sent)
    con = sqlite3.connect(lap.sent)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        meta = {r[0] for r in con.execute("SELECT key FROM meta")}
    finally:
        con.close()
    assert not {n for n in names if n.startswith(tracking.TABLE)}
    assert not meta & {tracking.EPOCH_KEY, tracking.MARK_KEY}
    book = tmp_path / "from-file.db"
    book.write_bytes(lap.sent.read_bytes())
    with Laptops.open(lap, book) as s:
        assert tracking.complete(s.store.db)
        before = tracking.newest(s.store.db)
        s.create_card({"name": "新客户"})
        assert tracking.newest(s.store.db) > before


def test_every_table_has_its_triggers_in_a_new_and_a_migrated_book(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "schema_v1.db"
    old = tmp_path / "old.db"
    old.write_bytes(fixture.read_bytes())
    for path in (tmp_path / "new.db", old):
        session = Session.open(path)
        try:
            assert tracking.complete(session.store.db)
            assert tracking.epoch(session.store.db)
        finally:
            session.close()


def test_a_differential_whose_base_is_gone_or_other_is_refused_and_nothing_changes(
    tmp_path: Path,
) -> None:
    from salesdesk.domain.errors import DatabaseError

    lap = Laptops(tmp_path, None)
    lap.merge_from_b()
    lap.work(random.Random(3), lap.a, 3)
    lap.merge_from_b()
    diff = newest(lap.a)
    assert diff.base is not None
    live = lap.a.read_bytes()
    # Another full backup put in the base's place: not the one it was taken against.
    other = tmp_path / "other.db"
    with lap.open(lap.b) as s:
        snapshot(s.store.db, other)
    saved = diff.base.read_bytes()
    diff.base.write_bytes(other.read_bytes())
    with lap.open(lap.a) as s, pytest.raises(DatabaseError, match="taken against"):
        s.stage_restore(diff.path)
    diff.base.unlink()
    with lap.open(lap.a) as s, pytest.raises(DatabaseError, match="needs the full backup"):
        s.stage_restore(diff.path)
    assert lap.a.read_bytes() == live
    assert not list(lap.a.parent.glob("*.restoring"))
    diff.base.write_bytes(saved)  # back: it restores again
    with lap.open(lap.a) as s:
        assert s.stage_restore(diff.path) is not None


def test_two_books_named_alike_each_build_on_their_own_full_backup(tmp_path: Path) -> None:
    """A and B are both cards.db: one backups folder. B's differential builds on B's full
    backup even when A's is newer."""
    lap = Laptops(tmp_path, None)
    with lap.open(lap.a) as s:
        export_sync_file(s.store, tmp_path / "a.salesdesk")
    with lap.open(lap.b) as s:
        merge_file(s.store, tmp_path / "a.salesdesk")  # B's full backup
        s.edit_card(lap.cards[lap.b][0], {"notes": "B 的修改"})
    lap.merge_from_b()  # A's full backup, the newest
    assert newest(lap.a).base is None
    with lap.open(lap.b) as s:
        merge_file(s.store, tmp_path / "a.salesdesk")
    made = newest(lap.b)
    assert made.base is not None
    rebuilt = tmp_path / "rebuilt.db"
    materialize(made.path, rebuilt, None)
    tables = every_table(rebuilt, None)
    with lap.open(lap.b) as s:
        assert ("replica_id", s.store.replica_id) in tables["meta"]
    assert any("B 的修改" in row for row in tables["card"])


def test_the_daily_backup_is_a_full_one_after_a_merges_differential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lap = Laptops(tmp_path, None)
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-20T08:00:00")
    lap.merge_from_b()
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-21T08:00:00")
    lap.work(random.Random(4), lap.a, 2)
    lap.merge_from_b()  # the first backup of the day: a differential
    assert newest(lap.a).base is not None
    with lap.open(lap.a) as s:
        made = s.daily_backup()
        assert made is not None
        assert s.daily_backup() is None
    assert newest(lap.a).base is None


def test_the_backups_said_to_hold_an_erased_person_are_the_ones_rewritten(
    tmp_path: Path, key: str | None
) -> None:
    """'N backups still hold this person' and then 'N backups rewritten' name the same
    backups: a differential that holds nothing of the person is neither (it was counted as
    rewritten, and one holding only their contacts was not said to hold them)."""
    from salesdesk.services.privacy import backups_holding, scrub_backups

    lap = Laptops(tmp_path, key)
    person, other = lap.cards[lap.a][0], lap.cards[lap.a][1]
    with lap.open(lap.a) as s:
        s.daily_backup()  # full: every card
    differentials = []
    for touched in (other, person):
        with lap.open(lap.a) as s:
            s.log_contact(touched, channel="phone", summary=f"电话 {touched}")
        with lap.open(lap.b) as s:
            s.edit_card(lap.cards[lap.b][0], {"notes": f"b {touched}"})
        lap.merge_from_b()
        differentials.append(newest(lap.a))
    assert all(d.base is not None for d in differentials)
    with lap.open(lap.a) as s:
        s.erase_person(person)
    holding = backups_holding(lap.a, [person], key)
    assert differentials[1].path in holding  # it holds the person's new contact
    assert differentials[0].path not in holding
    assert sorted(scrub_backups(lap.a, [person], key)) == sorted(holding)
    assert backups_holding(lap.a, [person], key) == []
