"""`salesdesk agenda`, `export --out FILE.ics` and `sync export|merge` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli, on_both
from tests.encrypted_sync import Keys


@pytest.fixture
def sync_cli(cli: Cli, sync_keys: Keys, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The sync tests here run on plain files and again on encrypted ones (issue 22)."""
    return on_both(cli, sync_keys, monkeypatch)


def test_agenda_lists_an_a_card_today_after_three_days_and_overdue_after_seven(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "a.db"
    card = cli("card", "add", "--db", db, "--name", "张伟", "--area", "浦东新区").out.strip()
    cli(
        "contact",
        "log",
        "--db",
        db,
        card,
        "--channel",
        "visit",
        "--summary",
        "谈得好",
        "--grade",
        "A",
        "--at",
        "2026-11-02T10:00",
    )
    day3 = cli("agenda", "--db", db, "--date", "2026-11-05", "--json").json
    assert [i["card_id"] for i in day3["today"]] == [card]
    item = day3["today"][0]
    assert (item["name"], item["grade"], item["due"], item["area"]) == (
        "张伟",
        "A",
        "2026-11-05",
        "浦东新区",
    )
    assert item["purpose"] == "follow_up"
    for later in ("2026-11-09", "2026-12-20"):
        data = cli("agenda", "--db", db, "--date", later, "--json").json
        assert [i["card_id"] for i in data["overdue"]] == [card]
        assert data["today"] == []
    text = cli("agenda", "--db", db, "--date", "2026-11-05").out
    assert "浦东新区" in text
    assert "张伟" in text


def test_a_c_card_with_a_recheck_date_appears_on_that_date(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    card = cli("card", "add", "--db", db, "--name", "Maria", "--grade", "B").out.strip()
    cli(
        "card",
        "edit",
        "--db",
        db,
        card,
        "--grade",
        "C",
        "--reason",
        "health",
        "--recheck",
        "2027-02-01",
    )
    before = cli("agenda", "--db", db, "--date", "2027-01-31", "--days", "0", "--json").json
    on = cli("agenda", "--db", db, "--date", "2027-02-01", "--days", "0", "--json").json
    assert before["today"] == before["overdue"] == []
    assert [i["card_id"] for i in on["today"]] == [card]


def test_agenda_refuses_a_bad_date(cli: Cli, tmp_path: Path) -> None:
    cli("card", "add", "--db", tmp_path / "a.db", "--name", "x")
    cli("agenda", "--db", tmp_path / "a.db", "--date", "2026-02-30").assert_user_error()


def test_calendar_export_writes_stable_uids(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    cli("card", "add", "--db", db, "--name", "John", "--grade", "B")
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    assert cli("export", "--db", db, "--out", first).code == 0
    assert cli("export", "--db", db, "--out", second).code == 0

    def uids(path: Path) -> list[str]:
        return [line for line in path.read_text().splitlines() if line.startswith("UID:")]

    assert uids(first) == uids(second)
    assert len(uids(first)) == 1
    cli("export", "--db", db, "--out", tmp_path / "x.pdf").assert_user_error()


def test_sync_between_two_databases_is_safe_to_repeat(sync_cli: Cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    added = sync_cli("card", "add", "--db", a, "--name", "李娜", "--phone", "13900001111")
    card = added.out.strip()
    folder = tmp_path / "share"
    folder.mkdir()
    sync_file = Path(sync_cli("sync", "export", "--db", a, "--out", folder).out.strip())
    assert sync_file.parent == folder
    assert sync_file.name.endswith(".salesdesk")
    preview = sync_cli("sync", "merge", "--db", b, sync_file, "--dry-run", "--json").json
    assert preview["new"] > 0
    assert sync_cli("stats", "--db", b, "--json").json["cards"] == 0
    first = sync_cli("sync", "merge", "--db", b, sync_file, "--json").json
    assert first["new"] == preview["new"]
    again = sync_cli("sync", "merge", "--db", b, sync_file, "--json").json
    assert (again["new"], again["updated"], again["conflicts"]) == (0, 0, 0)
    sync_cli("card", "edit", "--db", b, card, "--notes", "周三有空")
    written = sync_cli("sync", "export", "--db", b, "--out", tmp_path / "b.salesdesk")
    back = Path(written.out.strip())
    assert sync_cli("sync", "merge", "--db", a, back, "--json").json["updated"] == 1
    assert sync_cli("dump", "--db", a).out == sync_cli("dump", "--db", b).out


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all", b"SQLite format 3\x00" + bytes(50)]
)
def test_merging_a_bad_file_is_one_message_and_changes_nothing(
    sync_cli: Cli, tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "a.db"
    sync_cli("card", "add", "--db", db, "--name", "x")
    before = db.read_bytes()
    bad = tmp_path / "bad.salesdesk"
    bad.write_bytes(content)
    sync_cli("sync", "merge", "--db", db, bad).assert_user_error()
    assert db.read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_merge_names_the_likely_duplicates_it_finds(
    sync_cli: Cli, tmp_path: Path, lang: str
) -> None:
    """Two laptops each made a card for the same person (same mobile): the merge says so by
    name and company, with both ids to act on, not by ids alone."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    mine = sync_cli(
        "card",
        "add",
        "--db",
        a,
        "--name",
        "张伟",
        "--company",
        "华信贸易",
        "--phone",
        "13912345678",
    ).out.strip()
    theirs = sync_cli(
        "card", "add", "--db", b, "--name", "张伟", "--company", "华信", "--phone", "139 1234 5678"
    ).out.strip()
    sync_file = Path(
        sync_cli("sync", "export", "--db", b, "--out", tmp_path / "b.salesdesk").out.strip()
    )
    out = sync_cli("--lang", lang, "sync", "merge", "--db", a, sync_file).out
    (line,) = [x for x in out.splitlines() if "可能重复" in x or "likely duplicate" in x]
    assert "张伟 · 华信贸易" in line
    assert "张伟 · 华信" in line
    assert mine in line
    assert theirs in line
    if lang == "en":
        assert line.startswith("  likely duplicate (same phone): ")
    if lang == "zh_CN":
        assert line.startswith("  可能重复（电话相同）：")
        assert "likely" not in line
        assert " and " not in line
