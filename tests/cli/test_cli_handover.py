"""`salesdesk handover` (issue 20): cards to a successor in one step, with the successor's pack."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, file_digest, run_process


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T10:00:00")


@pytest.fixture
def book(cli: Cli, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "team.db"
    ids = {}
    for name, owner, grade, area in (
        ("张伟", "王敏", "A", "浦东"),
        ("刘洋", "王敏", "B", "徐汇"),
        ("陈静", "王敏", "E", "浦东"),
        ("赵磊", "李娜", "A", "浦东"),
    ):
        ids[name] = cli(
            "card", "add", "--db", db, "--name", name, "--owner", owner, "--grade", grade,
            "--area", area,
        ).out.strip()  # fmt: skip
    cli("contact", "log", "--db", db, ids["张伟"], "--channel", "visit", "--summary", "谈了续约")
    cli("card", "edit", "--db", db, ids["刘洋"], "--notes", "周三下午方便")
    deal = cli("deal", "add", "--db", db, ids["张伟"], "--amount", "120000", "--product", "机床",
               "--on", "2026-10-01").out.strip()  # fmt: skip
    cli("payment", "plan", "--db", db, deal, "--count", "3", "--first", "2026-10-15")
    cli("payment", "pay", "--db", db, deal, "--amount", "40000", "--on", "2026-10-15")
    cli("case", "open", "--db", db, ids["刘洋"], "--kind", "request", "--content", "要发票")
    return db, ids


def _rows_of(dump: dict, card_ids: set[str]) -> dict[str, list]:
    """Every synced row of these cards, and the change records of those rows."""
    out: dict[str, list] = {}
    for table, rows in dump.items():
        if table in ("change", "conflict"):
            continue
        out[table] = [
            r for r in rows if (r["id"] if table == "card" else r.get("card_id")) in card_ids
        ]
    kept = {r["id"] for rows in out.values() for r in rows}
    out["change"] = [c for c in dump["change"] if c["row_id"] in kept]
    return out


def test_handover_moves_the_cards_and_the_pack_merges_into_exactly_those_cards(
    cli: Cli, book: tuple, tmp_path: Path
) -> None:
    db, ids = book
    out = tmp_path / "out"
    done = cli("handover", "--db", db, "--from-owner", "王敏", "--to-owner", "李强", "--pack", out,
               "--json")  # fmt: skip
    assert done.code == 0, done.err
    report = done.json
    mine = {ids["张伟"], ids["刘洋"], ids["陈静"]}
    assert report["handed_over"] == 3
    assert set(report["cards"]) == mine
    dump = cli("dump", "--db", db).json
    owners = {c["name"]: c["owner"] for c in dump["card"]}
    assert owners == {"张伟": "李强", "刘洋": "李强", "陈静": "李强", "赵磊": "李娜"}
    # The history of each card says who handed it to whom.
    handed = [
        (json.loads(c["old"]), json.loads(c["new"]))
        for c in dump["change"]
        if c["table_name"] == "card" and c["field_group"] == "owner"
    ]
    assert sorted(handed, key=str) == [({"owner": "王敏"}, {"owner": "李强"})] * 3

    # Merging the pack's sync file into a fresh database gives exactly those cards.
    fresh = tmp_path / "successor.db"
    merged = cli("sync", "merge", "--db", fresh, report["pack"]["sync_file"])
    assert merged.code == 0, merged.err
    theirs = cli("dump", "--db", fresh).json
    assert {c["name"] for c in theirs["card"]} == {"张伟", "刘洋", "陈静"}
    expected = _rows_of(dump, mine)
    for table, rows in expected.items():
        assert theirs[table] == rows, table
    # The workbook lists those cards only.
    import openpyxl

    book_file = openpyxl.load_workbook(report["pack"]["workbook"], read_only=True)
    names = {row[0] for row in book_file["Cards"].iter_rows(min_row=2, values_only=True)}
    assert names == {"张伟", "刘洋", "陈静"}
    paid = [
        (row[0].date().isoformat(), row[4], row[5])
        for row in book_file["Payments"].iter_rows(min_row=2, values_only=True)
    ]
    assert sorted(paid) == [
        ("2026-10-15", "Installment due", 40000),
        ("2026-10-15", "Payment received", 40000),
        ("2026-11-15", "Installment due", 40000),
        ("2026-12-15", "Installment due", 40000),
    ]
    assert Path(report["pack"]["sync_file"]).name == "handover-李强.salesdesk"


def test_handover_by_area_and_grades_and_by_a_file_of_ids(
    cli: Cli, book: tuple, tmp_path: Path
) -> None:
    db, ids = book
    done = cli("handover", "--db", db, "--area", "浦东", "--grades", "A", "--to-owner", "周杰",
               "--json")  # fmt: skip
    assert set(done.json["cards"]) == {ids["张伟"], ids["赵磊"]}
    listed = tmp_path / "ids.txt"
    listed.write_text(f"{ids['陈静']}\n{ids['刘洋']}, {ids['陈静']}\n", encoding="utf-8")
    again = cli("handover", "--db", db, "--ids", listed, "--to-owner", "周杰", "--json")
    assert set(again.json["cards"]) == {ids["陈静"], ids["刘洋"]}
    owners = {c["name"]: c["owner"] for c in cli("dump", "--db", db).json["card"]}
    assert set(owners.values()) == {"周杰"}
    text = cli("handover", "--db", db, "--from-owner", "周杰", "--to-owner", "王敏", "--lang",
               "zh_CN").out  # fmt: skip
    assert "4 张卡片已交接给王敏。" in text


BAD = {
    "unknown owner": ("--from-owner", "无名氏", "--to-owner", "李强"),
    "empty successor": ("--from-owner", "王敏", "--to-owner", "  "),
    "unknown area": ("--area", "火星", "--to-owner", "李强"),
    "bad grades": ("--from-owner", "王敏", "--grades", "XY", "--to-owner", "李强"),
    "no card of those grades": ("--from-owner", "王敏", "--grades", "D", "--to-owner", "李强"),
    "ids file missing": ("--ids", "{tmp}/none.txt", "--to-owner", "李强"),
    "ids file with junk": ("--ids", "{tmp}/junk.txt", "--to-owner", "李强"),
    "already theirs": ("--from-owner", "李娜", "--to-owner", "李娜"),
    "pack is a file": ("--from-owner", "王敏", "--to-owner", "李强", "--pack", "{tmp}/junk.txt"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_gets_one_message_and_changes_nothing(
    cli: Cli, book: tuple, tmp_path: Path, case: str
) -> None:
    db, _ids = book
    (tmp_path / "junk.txt").write_text("not-an-id\n", encoding="utf-8")
    args = [a.format(tmp=tmp_path) for a in BAD[case]]
    dump_before = cli("dump", "--db", db).out
    bytes_before = file_digest(db)
    for lang in ("en", "zh_CN"):
        message = cli("--lang", lang, "handover", "--db", db, *args).assert_user_error()
        if lang == "zh_CN" and case == "unknown owner":
            assert message == "salesdesk: 没有归无名氏所有的卡片。"
    assert cli("dump", "--db", db).out == dump_before
    assert file_digest(db) == bytes_before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_a_device_or_a_folder_given_as_the_file_of_ids_is_refused_without_waiting(
    cli: Cli, book: tuple, tmp_path: Path
) -> None:
    """The file of card ids was read whole: a named pipe waited for a writer forever, and
    /dev/zero was read until the memory ran out. Run as a real process with a timeout and a
    memory limit, so the test cannot hang or fill the machine."""
    db, _ids = book
    pipe = tmp_path / "ids.txt"
    os.mkfifo(pipe)
    folder = tmp_path / "ids folder"
    folder.mkdir()
    cases = [(pipe, "not a plain file (a pipe or a device), not a list of card ids")]
    if Path("/dev/zero").exists():
        cases.append((Path("/dev/zero"), "not a plain file (a pipe or a device)"))
    cases.append((folder, "Is a directory"))
    dump_before = cli("dump", "--db", db).out
    digest = file_digest(db)
    pack = tmp_path / "pack"
    for path, says in cases:
        done = run_process(
            "handover", "--db", db, "--ids", path, "--to-owner", "李强", "--pack", pack,
            timeout=60, max_memory=2 << 30,
        )  # fmt: skip
        line = done.assert_user_error()
        assert str(path) in line
        assert says in line
        assert file_digest(db) == digest
    said = run_process(
        "--lang", "zh_CN", "handover", "--db", db, "--ids", pipe, "--to-owner", "李强", timeout=60
    )
    assert "不是普通文件（是管道或设备），不是卡片编号列表" in said.assert_user_error()
    assert cli("dump", "--db", db).out == dump_before
    assert not pack.exists()


def test_the_successors_first_week_plan_takes_every_handed_over_a_and_b(
    cli: Cli, book: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = book
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T11:00:00")
    out = tmp_path / "out"
    done = cli("handover", "--db", db, "--from-owner", "王敏", "--to-owner", "李强", "--pack", out,
               "--json")  # fmt: skip
    assert done.code == 0, done.err
    # The successor merges the pack into their own database and plans their week.
    fresh = tmp_path / "successor.db"
    assert cli("sync", "merge", "--db", fresh, done.json["pack"]["sync_file"]).code == 0
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-02T09:00:00")
    for where in (fresh, db):
        week = cli("plan", "--db", where, "--from", "2026-12-07", "--owner", "李强", "--json")
        assert week.code == 0, week.err
        planned = {v["name"]: v["why"] for d in week.json["days"] for v in d["visits"]}
        # 张伟 (A) and 刘洋 (B) come in though not due; 陈静 (E) keeps her cadence.
        assert planned.get("张伟") == "handed_over", where
        assert planned.get("刘洋") == "handed_over", where
        assert planned.get("陈静") != "handed_over"
        assert "赵磊" not in planned  # 李娜's card, not handed over
    en = cli("--lang", "en", "plan", "--db", fresh, "--from", "2026-12-07", "--owner", "李强").out
    assert "handed over to you: first visit" in next(x for x in en.splitlines() if "张伟" in x)
    zh = cli("--lang", "zh_CN", "plan", "--db", fresh, "--from", "2026-12-07", "--owner", "李强")
    assert "交接给你的客户：首次拜访" in next(x for x in zh.out.splitlines() if "刘洋" in x)
    # Stored, the plan gives each a visit; once 李强 has met 张伟, cadence rules again.
    stored = cli("plan", "--db", fresh, "--from", "2026-12-07", "--owner", "李强", "--apply",
                 "--json")  # fmt: skip
    assert stored.code == 0, stored.err
    visits = cli("dump", "--db", fresh).json["visit"]
    handed = {ids["张伟"], ids["刘洋"]}
    assert {v["card_id"] for v in visits if v["status"] == "planned"} >= handed
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-03T15:00:00")
    cli("contact", "log", "--db", fresh, ids["张伟"], "--channel", "visit", "--summary", "李强首访")
    again = cli("plan", "--db", fresh, "--from", "2026-12-07", "--owner", "李强", "--json").json
    whys = {v["name"]: v["why"] for d in again["days"] for v in d["visits"]}
    assert whys.get("张伟") != "handed_over"
    assert whys.get("刘洋") in ("handed_over", "moved")
