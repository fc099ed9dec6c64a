"""Backups (daily, thinned, restorable), the sync folder, and merging two cards of one person."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from salesdesk.models.backup import backups, restore, thin
from salesdesk.services.session import Session
from salesdesk.sync.folder import cloud_folder
from salesdesk.sync.service import SyncService


def test_daily_backup_once_a_day_and_restore_with_the_current_state_saved(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-20T09:00:00")
    session = Session.open(db_path)
    card_id = session.create_card({"name": "张伟"}).id
    assert session.daily_backup() is not None
    assert session.daily_backup() is None  # already one today
    session.edit_card(card_id, {"name": "张伟明"})
    [backup] = session.backups()
    assert backup.reason == "daily"
    session = session.restore_backup(backup.path)
    try:
        assert session.card(card_id).name == "张伟"
        reasons = sorted(b.reason for b in session.backups())
        assert reasons == ["before-restore", "daily"]
        saved = next(b for b in session.backups() if b.reason == "before-restore")
    finally:
        session.close()
    restore(db_path, saved.path)  # the restore itself can be taken back
    again = Session.open(db_path)
    try:
        assert again.card(card_id).name == "张伟明"
    finally:
        again.close()


def test_thinning_keeps_7_daily_4_weekly_12_monthly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-23T12:00:00")
    folder = tmp_path / "backups"
    folder.mkdir()
    now = datetime(2026, 11, 23, 12)
    for hours in range(0, 24 * 500, 12):  # two backups a day for 500 days
        when = now - timedelta(hours=hours + 1)
        (folder / f"cards-{when:%Y%m%d-%H%M%S}-daily.db").write_bytes(b"x")
    thin(Path("cards.db"), folder)
    kept = backups(Path("cards.db"), folder)
    days = {b.taken.date() for b in kept}
    assert len(kept) == len(days)  # the newest of each day (the last 24 hours span two days)
    assert {now.date() - timedelta(days=d) for d in range(1, 7)} <= days
    months = {(b.taken.year, b.taken.month) for b in kept}
    assert len(months) == 12
    assert min(kept, key=lambda b: b.taken).taken > now - timedelta(days=400)


def test_a_damaged_backup_is_not_restored(db_path: Path, tmp_path: Path) -> None:
    Session.open(db_path).close()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + bytes(4000))
    before = db_path.read_bytes()
    with pytest.raises(Exception):  # noqa: B017, PT011 - sqlite or our OSError, both refuse
        restore(db_path, broken)
    assert db_path.read_bytes() == before


def test_sync_folder_between_two_laptops(tmp_path: Path) -> None:
    shared = tmp_path / "Dropbox" / "SalesDesk"
    shared.mkdir(parents=True)
    a, b = tmp_path / "a" / "cards.db", tmp_path / "b" / "cards.db"
    first = Session.open(a)
    card_id = first.create_card({"name": "李娜"}, grade="B").id
    result = SyncService(first).sync_folder(shared)[0]
    assert result.written is not None
    assert result.written.parent == shared
    first.close()

    second = Session.open(b)
    got = SyncService(second).sync_folder(shared)[0]
    assert [r.new > 0 for r in got.merged] == [True]
    assert second.card(card_id).name == "李娜"
    again = SyncService(second).sync_folder(shared)[0]
    assert again.merged == []  # unchanged files are not merged again
    assert again.skipped
    second.edit_card(card_id, {"notes": "周末可以"})
    SyncService(second).sync_folder(shared)[0]
    second.close()

    first = Session.open(a)
    try:
        SyncService(first).sync_folder(shared)[0]
        assert first.card(card_id).notes == "周末可以"
        assert len(list(shared.glob("*.salesdesk"))) == 2  # each laptop writes only its own
    finally:
        first.close()


def test_a_half_copied_file_in_the_folder_does_not_stop_the_others(tmp_path: Path) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    (shared / "broken.salesdesk").write_bytes(b"SQLite format 3\x00" + bytes(100))
    session = Session.open(tmp_path / "a.db")
    try:
        result = SyncService(session).sync_folder(shared)[0]
        assert [name for name, _ in result.failed] == ["broken.salesdesk"]
        [(_, why)] = result.failed
        assert why.startswith("broken.salesdesk is damaged")  # by its name, not its path
        assert str(shared) not in why
        assert result.written is not None
        assert result.written.exists()
    finally:
        session.close()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("~/Dropbox/sales/salesdesk.db", "Dropbox"),
        ("~/OneDrive - ACME/salesdesk.db", "OneDrive - ACME"),
        ("~/坚果云/salesdesk.db", "坚果云"),
        ("~/.local/share/SalesDesk/salesdesk.db", None),
    ],
)
def test_a_live_file_in_a_cloud_folder_is_recognised(path: str, expected: str | None) -> None:
    assert cloud_folder(Path(os.path.expanduser(path))) == expected


def test_merging_two_cards_of_one_person_keeps_both_logs(session: Session) -> None:
    keep = session.create_card({"name": "李娜", "phones": "13900001111"}, grade="B").id
    other = session.create_card(
        {"name": "Li Na", "phones": "+86 139 0000 1111, 021-5555", "company": "华信", "tags": "vip"}
    ).id
    session.log_contact(keep, channel="phone", summary="一")
    session.log_contact(other, channel="visit", summary="二")
    assert [d["reason"] for d in session.likely_duplicates()] == ["phone"]
    session.merge_cards(keep, other)
    card = session.card(keep)
    assert card.company == "华信"
    assert card.tags == ["vip"]
    assert [p.number for p in card.phones] == ["13900001111", "021-5555"]
    assert sorted(c.summary for c in session.contacts(keep)) == ["一", "二"]
    assert session.stats()["cards"] == 1
    assert session.likely_duplicates() == []
    session.undo()
    assert session.stats()["cards"] == 2
    assert [c.summary for c in session.contacts(other)] == ["二"]
