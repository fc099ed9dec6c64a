"""Delta sync files (issue 23): a laptop that knows what its peer holds sends only the rest."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.errors import DatabaseError
from salesdesk.services.session import Session
from salesdesk.services.settings import set_salesperson
from salesdesk.sync import vectors
from salesdesk.sync.delta import export_for
from salesdesk.sync.files import Written
from salesdesk.sync.folder import sync_folder
from salesdesk.sync.merge import BaseNotHeld, MergeReport, merge_file


@contextmanager
def opened(path: Path) -> Iterator[Session]:
    session = Session.open(path)
    try:
        yield session
    finally:
        session.close()


def do(path: Path, work: Callable[[Session], Any]) -> Any:
    with opened(path) as session:
        return work(session)


def dump(path: Path) -> dict[str, Any]:
    return do(path, lambda s: s.dump())


def write_for(path: Path, reader: str | None, out: Path, full: bool = False) -> Written:
    out.parent.mkdir(parents=True, exist_ok=True)
    return do(path, lambda s: export_for(s.store, reader, out, full=full))


def merge(path: Path, source: Path, dry_run: bool = False) -> MergeReport:
    return do(path, lambda s: merge_file(s.store, source, dry_run=dry_run))


def manifest(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as con:
        text = con.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()[0]
    con.close()
    result: dict[str, Any] = json.loads(text)
    return result


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def laptop(root: Path, name: str) -> Path:
    path = root / name / "cards.db"
    path.parent.mkdir(parents=True)
    do(path, lambda s: set_salesperson(s.store, name))
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """王敏 and 李强, each holding the other's everything: 60 cards with a contact each."""
    a, b = laptop(tmp_path, "王敏"), laptop(tmp_path, "李强")

    def make(s: Session) -> list[str]:
        ids = []
        for i in range(60):
            card = s.create_card({"name": f"客户{i}", "company": "华信贸易"}, grade="E")
            assert card.id is not None
            s.log_contact(card.id, channel="phone", summary=f"第一次电话 {i}")
            ids.append(card.id)
        return ids

    ids = do(a, make)
    merge(b, write_for(a, None, tmp_path / "x" / "a.salesdesk").path)
    merge(a, write_for(b, None, tmp_path / "x" / "b.salesdesk").path)
    assert dump(a) == dump(b)
    return a, b, ids


def test_every_file_carries_its_writers_version_vector(pair: tuple[Path, Path, list[str]]) -> None:
    a, b, _ = pair
    full = write_for(a, None, a.parent / "full.salesdesk")
    said = manifest(full.path)
    assert said["kind"] == "full"
    mine = do(a, lambda s: vectors.own_vector(s.store))
    assert said["holds"] == mine
    a_id = do(a, lambda s: s.store.replica_id)
    b_id = do(b, lambda s: s.store.replica_id)
    assert set(mine) == {a_id, b_id}  # its own writes and the ones it merged from 李强
    # 李强 learnt from 王敏's file what 王敏 holds.
    with sqlite3.connect(b) as con:
        held = con.execute("SELECT holds FROM peer WHERE replica_id = ?", (a_id,)).fetchone()[0]
    con.close()
    assert vectors.parse(held) == manifest(a.parent.parent / "x" / "a.salesdesk")["holds"]


def test_after_a_days_work_the_file_for_a_known_peer_holds_only_that_work(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    a, b, ids = pair

    def work(s: Session) -> None:
        s.edit_card(ids[3], {"notes": "想要报价"})
        s.log_contact(ids[4], channel="visit", summary="拜访，谈了价格")
        s.create_card({"name": "陈静", "company": "新客户"}, grade="F")

    do(a, work)
    full = write_for(a, "李强", tmp_path / "out" / "full.salesdesk", full=True)
    delta = write_for(a, "李强", tmp_path / "out" / "delta.salesdesk")
    assert (full.delta, delta.delta) == (False, True)
    assert delta.reader == "李强"
    assert delta.size < full.size / 3
    said = manifest(delta.path)
    assert said["kind"] == "delta"
    assert said["rows"]["card"] == 1
    assert said["rows"]["contact"] == 1
    with sqlite3.connect(delta.path) as con:
        names = [r[0] for r in con.execute("SELECT name FROM card")]
    con.close()
    assert names == ["陈静"]
    preview = merge(b, delta.path, dry_run=True)
    assert preview.delta
    assert preview.device_name == "王敏"
    assert (preview.new, preview.updated) == (3, 1)  # card, contact, grade step; one edit
    report = merge(b, delta.path)
    assert report.delta
    assert dump(a) == dump(b)
    assert do(b, lambda s: s.card(ids[3]).notes) == "想要报价"
    # Merging it again changes nothing.
    again = merge(b, delta.path)
    assert (again.new, again.updated, again.conflicts) == (0, 0, 0)
    assert dump(a) == dump(b)


def test_a_delta_for_a_laptop_that_lacks_its_base_is_refused_whole(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    a, _b, ids = pair
    do(a, lambda s: s.edit_card(ids[0], {"notes": "new"}))
    delta = write_for(a, "李强", tmp_path / "out" / "delta.salesdesk")
    assert delta.delta
    stranger = laptop(tmp_path, "张伟")
    do(stranger, lambda s: s.create_card({"name": "自己的客户"}))
    before = sha(stranger)
    for dry_run in (True, False):
        with pytest.raises(BaseNotHeld) as refused:
            merge(stranger, delta.path, dry_run=dry_run)
        assert "nothing was merged" in str(refused.value)
        assert "Ask 王敏 for a full sync file." in str(refused.value)
    assert sha(stranger) == before
    # The full file asked for merges, and 张伟's next delta from 王敏 then fits.
    merge(stranger, write_for(a, "张伟", tmp_path / "out" / "full.salesdesk", full=True).path)
    merge(a, write_for(stranger, None, tmp_path / "out" / "z.salesdesk").path)
    do(a, lambda s: s.edit_card(ids[1], {"notes": "again"}))
    assert write_for(a, "张伟", tmp_path / "out" / "z2.salesdesk").delta
    merge(stranger, tmp_path / "out" / "z2.salesdesk")
    assert dump(stranger)["card"] == dump(a)["card"]


def test_the_refusal_is_said_in_chinese(pair: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    from salesdesk.domain import messages

    a, _, ids = pair
    do(a, lambda s: s.edit_card(ids[0], {"notes": "new"}))
    delta = write_for(a, "李强", tmp_path / "out" / "delta.salesdesk")
    stranger = laptop(tmp_path, "张伟")
    messages.set_language("zh_CN")
    with pytest.raises(BaseNotHeld) as refused:
        merge(stranger, delta.path)
    said = str(refused.value)
    assert "请向王敏索取完整的同步文件" in said
    assert "没有合并任何内容" in said


def test_a_reader_nothing_is_known_of_gets_a_full_file(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    a, _, _ = pair
    written = write_for(a, "张伟", tmp_path / "out" / "z.salesdesk")
    assert not written.delta
    assert "nothing is known about 张伟" in written.reason
    assert manifest(written.path)["kind"] == "full"


def test_an_altered_base_or_vector_is_refused_and_nothing_changes(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    a, b, ids = pair
    do(a, lambda s: s.edit_card(ids[0], {"notes": "new"}))
    delta = write_for(a, "李强", tmp_path / "out" / "delta.salesdesk")
    before = sha(b)
    for key, value in (
        ("base", {"x": "not a stamp"}),
        ("base", {"abc": "9999999999999-00000-abc"}),
        ("holds", ["a list"]),
        ("kind", "partial"),
    ):
        altered = tmp_path / "out" / f"altered-{key}.salesdesk"
        shutil.copy(delta.path, altered)
        said = manifest(altered)
        said[key] = value
        with sqlite3.connect(altered) as con:
            con.execute(
                "UPDATE meta SET value = ? WHERE key = 'manifest'",
                (json.dumps(said, ensure_ascii=False),),
            )
        con.close()
        with pytest.raises(DatabaseError, match=r"was altered|damaged"):
            merge(b, altered)
    assert sha(b) == before


def test_the_sync_folder_writes_deltas_once_it_knows_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "cloud"
    folder.mkdir()
    laptops = [laptop(tmp_path, name) for name in ("王敏", "李强", "张伟")]
    for i, path in enumerate(laptops):
        do(path, lambda s, i=i: [s.create_card({"name": f"客户{i}-{n}"}) for n in range(30)])
    outcomes = []
    for _ in range(2):
        for path in laptops:
            outcomes.append(do(path, lambda s: sync_folder(s.store, folder)))
    # The first ones cannot know every reader yet: full files; the last round writes deltas.
    assert not outcomes[0].delta
    assert all(o.delta for o in outcomes[-3:])
    ids = do(laptops[1], lambda s: [c["id"] for c in s.dump()["card"]])
    do(laptops[1], lambda s: s.edit_card(ids[0], {"notes": "李强改的"}))
    for _ in range(2):
        for path in laptops:
            outcome = do(path, lambda s: sync_folder(s.store, folder))
            assert not outcome.failed
            assert not outcome.waiting
    dumps = [dump(p) for p in laptops]
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0]["card"]) == 90


def test_a_new_laptop_in_the_folder_waits_for_deltas_then_catches_up(tmp_path: Path) -> None:
    folder = tmp_path / "cloud"
    folder.mkdir()
    a, b = laptop(tmp_path, "王敏"), laptop(tmp_path, "李强")
    do(a, lambda s: s.create_card({"name": "客户"}))
    for _ in range(2):
        for path in (a, b):
            do(path, lambda s: sync_folder(s.store, folder))
    assert do(a, lambda s: sync_folder(s.store, folder)).delta
    c = laptop(tmp_path, "张伟")
    first = do(c, lambda s: sync_folder(s.store, folder))
    assert {device for _, device in first.waiting} == {"王敏", "李强"}
    assert not first.failed
    for _ in range(2):
        for path in (a, b, c):
            outcome = do(path, lambda s: sync_folder(s.store, folder))
    assert not outcome.waiting
    assert dump(a) == dump(b) == dump(c)


def test_a_copied_file_holds_what_its_original_had(tmp_path: Path) -> None:
    a = laptop(tmp_path, "王敏")
    card = do(a, lambda s: s.create_card({"name": "客户"}))
    copy = tmp_path / "copy" / "cards.db"
    copy.parent.mkdir()
    shutil.copy(a, copy)
    old_id = do(a, lambda s: s.store.replica_id)
    before = do(a, lambda s: vectors.own_vector(s.store))
    do(copy, lambda s: s.edit_card(card.id, {"notes": "改"}))  # takes a new replica id
    after = do(copy, lambda s: vectors.own_vector(s.store))
    assert after[old_id] == before[old_id]
    assert len(after) == 2


FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "schema_v1.db"


def _newest_by_replica(path: Path) -> dict[str, str]:
    """Per replica, the newest stamp among a file's rows and change records (by hand)."""
    found: dict[str, str] = {}
    with sqlite3.connect(path) as con:
        stamps = [r[0] for r in con.execute("SELECT stamp FROM change")]
        for table in ("card", "contact", "visit", "deal", "service_case", "grade_change"):
            stamps += [r[0] for r in con.execute(f'SELECT created FROM "{table}"')]
    con.close()
    for stamp in stamps:
        replica = stamp[20:]
        found[replica] = max(found.get(replica, ""), stamp)
    return found


def test_a_file_of_the_first_schema_gets_its_vector_from_its_rows(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copy(FIXTURE, old)
    expected = _newest_by_replica(old)
    assert expected
    with sqlite3.connect(old) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()
    held = do(old, lambda s: vectors.read_holds(s.store.db, "main"))
    assert held == expected
    with sqlite3.connect(old) as con:
        assert "holds" in {r[1] for r in con.execute("PRAGMA table_info(peer)")}
    con.close()


def test_an_old_file_merged_as_it_is_teaches_what_its_laptop_holds(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copy(FIXTURE, old)
    b = laptop(tmp_path, "李强")
    merge(b, old)  # no manifest, no vector: read from its rows once lifted
    peer = do(b, lambda s: s.store.db.execute_sql("SELECT holds FROM peer").fetchall())
    assert [vectors.parse(h) for (h,) in peer] == [_newest_by_replica(old)]
    card = do(b, lambda s: s.create_card({"name": "新客户"}))
    old_name = do(b, lambda s: s.store.db.execute_sql("SELECT device_name FROM peer").fetchone())
    delta = write_for(b, old_name[0], tmp_path / "out" / "d.salesdesk")
    assert delta.delta
    merge(old, delta.path)
    assert do(old, lambda s: s.card(card.id).name) == "新客户"
    assert dump(old) == dump(b)


def test_a_restored_backup_never_claims_the_changes_it_lost(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    from salesdesk.models.backup import backup_database

    a, b, ids = pair
    saved = do(a, lambda s: backup_database(s.store.db, s.store.path, reason="manual"))
    do(a, lambda s: s.edit_card(ids[0], {"notes": "after the backup"}))
    merge(b, write_for(a, "李强", tmp_path / "out" / "a1.salesdesk").path)  # 李强 has it
    session = Session.open(a)
    session.restore_backup(saved).close()
    do(a, lambda s: s.edit_card(ids[1], {"notes": "after the restore"}))
    delta = write_for(b, "王敏", tmp_path / "out" / "b1.salesdesk")
    assert delta.delta
    before = sha(a)
    with pytest.raises(BaseNotHeld, match="Ask 李强 for a full sync file"):
        merge(a, delta.path)
    assert sha(a) == before
    merge(a, write_for(b, "王敏", tmp_path / "out" / "b2.salesdesk", full=True).path)
    assert do(a, lambda s: s.card(ids[0]).notes) == "after the backup"


def test_two_laptops_of_one_name_are_told_apart_by_id(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    from salesdesk.domain.errors import UserError

    a, b, _ = pair
    twin = laptop(tmp_path, "李强 ")
    do(twin, lambda s: set_salesperson(s.store, "李强"))
    merge(a, write_for(twin, None, tmp_path / "out" / "t.salesdesk").path)
    with pytest.raises(UserError, match="Several laptops are called 李强"):
        write_for(a, "李强", tmp_path / "out" / "x.salesdesk")
    b_id = do(b, lambda s: s.store.replica_id)
    written = write_for(a, b_id[:8], tmp_path / "out" / "y.salesdesk")
    assert written.delta
    merge(b, written.path)


def _content(path: Path) -> dict[str, list[Any]]:
    with sqlite3.connect(path) as con:
        found = {
            table: sorted(r[0] for r in con.execute(f'SELECT id FROM "{table}"'))
            for table in ("card", "contact", "visit", "grade_change", "change")
        }
    con.close()
    return found


def test_a_delta_reads_only_the_rows_after_its_mark_and_misses_none(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    a, _, ids = pair

    def work(s: Session) -> None:
        s.edit_card(ids[5], {"notes": "今天"})
        s.log_contact(ids[6], channel="visit", summary="拜访")
        s.create_card({"name": "新客户"}, grade="C")

    do(a, work)
    out = tmp_path / "out"
    with_marks = write_for(a, "李强", out / "marked.salesdesk")
    marks = do(a, lambda s: s.store.meta("delta_marks"))
    assert marks  # the merge of 李强's file left one
    # The same delta read the slow way (no marks: every row's stamp compared) is equal.
    do(a, lambda s: s.store.db.execute_sql("DELETE FROM meta WHERE key = 'delta_marks'"))
    without = write_for(a, "李强", out / "plain.salesdesk")
    assert _content(with_marks.path) == _content(without.path)
    assert _content(with_marks.path)["card"]  # the new card is there
    # A purge and a VACUUM since the mark renumber the rows after the gap: the mark is
    # not trusted then, and nothing is missed.
    with sqlite3.connect(a) as con:
        con.execute("DELETE FROM card WHERE rowid = (SELECT min(rowid) FROM card)")
        con.commit()
        con.execute("VACUUM")
    con.close()
    do(a, lambda s: s.store.db.execute_sql("DELETE FROM meta WHERE key = 'delta_marks'"))
    plain = _content(write_for(a, "李强", out / "plain2.salesdesk").path)
    do(a, lambda s: s.store.db.execute_sql(
        "INSERT INTO meta (key, value) VALUES ('delta_marks', ?)", (marks,)))  # fmt: skip
    marked = _content(write_for(a, "李强", out / "marked2.salesdesk").path)
    assert marked == plain
    assert marked["card"]


def test_marks_keep_one_a_day_beyond_the_newest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.sync.files import DAILY_MARKS_KEPT, MARKS_KEPT, record_mark

    path = laptop(tmp_path, "王敏")
    with opened(path) as session:
        for day in range(1, 29):
            for _ in range(3):
                monkeypatch.setenv("SALESDESK_NOW", f"2026-02-{day:02d}T10:00:00")
                with session.store.write():
                    record_mark(session.store)
        marks = json.loads(session.store.meta("delta_marks") or "[]")
    days = [m["day"] for m in marks]
    assert len(marks) <= MARKS_KEPT + DAILY_MARKS_KEPT
    assert days[-MARKS_KEPT:] == sorted(days[-MARKS_KEPT:])
    assert days[0] == "2026-02-01"  # the first day is still there
    assert len(set(days[:-MARKS_KEPT])) == len(days[:-MARKS_KEPT])  # one a day


def test_a_delta_carries_payments_and_erasures(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    """Rows of the tables later issues added (payment plans, erasures) travel in deltas."""
    a, b, ids = pair

    def sell(s: Session) -> str:
        deal = s.add_deal(ids[5], product="保险", amount=120000, closed_on="2026-11-02").id
        s.set_payment_plan(
            deal, [("2026-11-02", 40000), ("2026-12-02", 40000), ("2027-01-02", 40000)]
        )
        s.record_payment(deal, amount=40000, paid_on="2026-11-03")
        s.erase_person(ids[6])
        return str(deal)

    do(a, sell)
    delta = write_for(a, "李强", tmp_path / "out" / "delta.salesdesk")
    assert delta.delta
    merge(b, delta.path)
    assert dump(a) == dump(b)
    payments = dump(b)["payment"]
    assert sorted(p["kind"] for p in payments) == ["installment"] * 3 + ["receipt"]
    assert ids[6] not in {c["id"] for c in dump(b)["card"]}


KILLED_MERGE = """
import os, sys
from pathlib import Path
from salesdesk.services.session import Session
from salesdesk.sync import merge

def killed(*_args):  # the rows and the vector are written, the commit not yet
    os._exit(9)

merge._verify = killed
session = Session.open(Path(sys.argv[1]))
merge.merge_file(session.store, Path(sys.argv[2]))
"""


def test_a_delta_merge_killed_before_its_commit_leaves_the_file_as_it_was(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    import subprocess
    import sys

    a, b, ids = pair
    do(a, lambda s: [s.edit_card(i, {"notes": "晚上改的"}) for i in ids[:5]])
    delta = write_for(a, "李强", tmp_path / "out" / "d.salesdesk")
    before = dump(b)
    held = do(b, lambda s: vectors.own_vector(s.store))
    root = Path(__file__).resolve().parents[2]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MERGE, str(b), str(delta.path)], cwd=root, check=False
    )
    assert killed.returncode == 9
    assert Path(str(b) + "-journal").exists()  # the write was cut off mid-way
    assert dump(b) == before
    assert do(b, lambda s: vectors.own_vector(s.store)) == held  # nothing claimed
    merge(b, delta.path)  # the next merge completes it
    assert dump(b) == dump(a)


def test_a_delta_with_a_bad_row_is_refused_whole(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    a, b, ids = pair
    do(a, lambda s: s.edit_card(ids[0], {"notes": "好"}))
    do(a, lambda s: s.log_contact(ids[1], channel="phone", summary="电话"))
    delta = write_for(a, "李强", tmp_path / "out" / "d.salesdesk")
    before = sha(b)
    for table, column, value in (
        ("change", "new", "{not json"),
        ("contact", "channel", "telepathy"),
        ("change", "stamp", "9999999999999-00000-x"),
    ):
        bad = tmp_path / "out" / f"bad-{table}-{column}.salesdesk"
        shutil.copy(delta.path, bad)
        with sqlite3.connect(bad) as con:
            con.execute(f'UPDATE "{table}" SET "{column}" = ?', (value,))
        con.close()
        with pytest.raises(DatabaseError, match="damaged or was altered"):
            merge(b, bad)
    assert sha(b) == before


def test_after_a_restore_the_folder_drops_the_old_file_and_everyone_converges(
    tmp_path: Path,
) -> None:
    from salesdesk.models.backup import backup_database

    folder = tmp_path / "cloud"
    folder.mkdir()
    a, b = laptop(tmp_path, "王敏"), laptop(tmp_path, "李强")
    do(a, lambda s: s.create_card({"name": "客户"}))
    for _ in range(2):
        for path in (a, b):
            do(path, lambda s: sync_folder(s.store, folder))
    saved = do(a, lambda s: backup_database(s.store.db, s.store.path, reason="manual"))
    card = do(a, lambda s: s.create_card({"name": "备份之后"}))
    for path in (a, b):
        do(path, lambda s: sync_folder(s.store, folder))
    old_files = sorted(p.name for p in folder.iterdir() if p.name.startswith("王敏"))
    session = Session.open(a)
    session.restore_backup(saved).close()
    do(a, lambda s: s.create_card({"name": "恢复之后"}))
    outcomes = []
    for _ in range(3):
        for path in (a, b):
            outcomes.append(do(path, lambda s: sync_folder(s.store, folder)))
    assert old_files[0] not in {p.name for p in folder.iterdir()}  # the retired id's file
    assert not any(o.failed for o in outcomes)
    assert not outcomes[-1].waiting
    assert not outcomes[-2].waiting
    assert dump(a) == dump(b)
    assert do(a, lambda s: s.card(card.id).name) == "备份之后"  # back from 李强


def test_demo_data_on_a_synced_book_reaches_the_peer_by_delta(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    """`salesdesk demo` on a book that has synced: its rows are stamped past what the peer
    holds (so the next delta carries them) and it rewrites none of the user's own rows."""
    from salesdesk.services import demo

    a, b, ids = pair

    def complaint_and_deal(s: Session) -> tuple[str, str]:
        case = s.open_case(ids[0], kind="complaint", content="送货晚了", cause="delivery")
        day = (s.today() - timedelta(days=30)).isoformat()  # recent: the demo plans those
        deal = s.add_deal(ids[1], product="净水器", amount="12000", closed_on=day)
        return str(case.id), str(deal.id)

    case_id, deal_id = do(a, complaint_and_deal)
    merge(b, write_for(a, "李强", tmp_path / "d1" / "a.salesdesk").path)
    assert dump(a) == dump(b)
    held_before = do(a, lambda s: s.store.clock.last)

    counts = do(a, lambda s: demo.generate(s.store, cards=40, seed=5))
    assert counts["cards"] == 40
    with sqlite3.connect(a) as con:
        old_stamps = con.execute(
            "SELECT count(*) FROM card WHERE created <= ? AND id NOT IN "
            f"({','.join('?' * len(ids))})",
            [held_before, *ids],
        ).fetchone()[0]
        cause = con.execute("SELECT cause FROM service_case WHERE id = ?", (case_id,)).fetchone()
        closed = con.execute("SELECT closed_on FROM deal WHERE id = ?", (deal_id,)).fetchone()
        plans = con.execute("SELECT count(*) FROM payment WHERE deal_id = ?", (deal_id,)).fetchone()
    con.close()
    assert old_stamps == 0  # every demo card is stamped after what 李强 already holds
    assert cause == ("delivery",)  # the user's complaint keeps its cause
    assert str(closed[0]) == do(a, lambda s: (s.today() - timedelta(days=30)).isoformat())
    assert plans == (0,)  # and no payment plan is made up for it

    delta = write_for(a, "李强", tmp_path / "d2" / "a.salesdesk")
    assert delta.delta
    assert manifest(delta.path)["rows"]["card"] == 40
    merge(b, delta.path)
    assert dump(a) == dump(b)
    merge(a, write_for(b, "王敏", tmp_path / "d3" / "b.salesdesk").path)
    assert dump(a) == dump(b)


def _notes_in(backup: Path, card_id: str) -> str:
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as con:
        found = con.execute("SELECT notes FROM card WHERE id = ?", (card_id,)).fetchone()
    con.close()
    return str(found[0])


def test_a_delta_merge_after_edits_is_preceded_by_a_backup_that_holds_them(
    pair: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    """DESIGN §4: a backup before every merge, so restoring it undoes the merge and loses
    nothing else, the edits made since the last backup included (a delta used to skip it
    within an hour of an older backup). Only a backup that already holds the live file as
    it is now is not copied again."""
    import os

    from salesdesk.models.backup import backup_database, backups

    a, b, ids = pair
    do(b, lambda s: s.edit_card(ids[1], {"notes": "李强今天的备注"}))
    do(a, lambda s: s.edit_card(ids[2], {"notes": "王敏今天的备注"}))
    before = backups(b)
    report = merge(b, write_for(a, "李强", tmp_path / "out" / "d1.salesdesk").path)
    assert report.delta
    made = [x for x in backups(b) if x not in before]
    assert [x.reason for x in made] == ["before-merge"]
    assert _notes_in(made[0].path, ids[1]) == "李强今天的备注"  # B's edit is in it …
    assert _notes_in(made[0].path, ids[2]) == ""  # … and the merge is not
    # A backup of the file as it is now (the daily one at start, say), nothing written
    # since: the next merge does not copy the same state aside again.
    with opened(b) as session:
        written = b.stat().st_mtime - 5
        os.utime(b, (written, written))  # its last write seconds before the backup began
        daily = backup_database(session.store.db, b, reason="daily")
    do(a, lambda s: s.edit_card(ids[5], {"notes": "又一条"}))
    before = backups(b)
    merge(b, write_for(a, "李强", tmp_path / "out" / "d2.salesdesk").path)
    assert [x for x in backups(b) if x not in before] == []
    assert backups(b)[0].path == daily
