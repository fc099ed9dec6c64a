"""card add | edit | delete and contact log: what each command writes, as a user checks it."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from salesdesk.domain.grades import DEFAULT_CADENCE_DAYS
from salesdesk.domain.values import MAX_TEXT
from salesdesk.services.session import Session

from .conftest import Cli


def _card_row(cli: Cli, db: Path, card_id: str) -> dict[str, object]:
    dump = cli("dump", "--db", db)
    assert dump.code == 0, dump.err
    return next(row for row in dump.json["card"] if row["id"] == card_id)


def test_card_add_prints_only_the_new_id(cli: Cli, db_path: Path) -> None:
    added = cli("card", "add", "--db", db_path, "--name", "Anna Berg", "--company", "Fjord AS")
    assert added.code == 0
    assert added.err == ""
    card_id = added.out.removesuffix("\n")
    assert added.out == card_id + "\n"
    assert str(uuid.UUID(card_id)) == card_id
    row = _card_row(cli, db_path, card_id)
    assert (row["name"], row["company"], row["grade"]) == ("Anna Berg", "Fjord AS", "F")


def test_card_add_keeps_its_fields_and_grade(cli: Cli, db_path: Path, fixed_now: datetime) -> None:
    added = cli(
        "card", "add", "--db", db_path, "--name", "李娜", "--company", "华信贸易",
        "--phone", "+86 138 0013 8000, 021-5555 0101", "--grade", "E", "--area", "浦东新区",
    )  # fmt: skip
    assert added.code == 0, added.err
    session = Session.open(db_path, read_only=True)
    try:
        card = session.card(added.out.strip())
        path = session.grade_path(card.id)
    finally:
        session.close()
    assert (card.name, card.company, card.area, card.grade) == ("李娜", "华信贸易", "浦东新区", "E")
    assert [p.number for p in card.phones] == ["+86 138 0013 8000", "021-5555 0101"]
    assert [(s.from_grade, s.to_grade, s.at) for s in path] == [(None, "E", fixed_now)]


def test_a_chinese_name_edited_shows_both_values_in_dump_and_history(
    cli: Cli, db_path: Path
) -> None:
    card_id = cli("card", "add", "--db", db_path, "--name", "张伟").out.strip()
    edited = cli("card", "edit", "--db", db_path, card_id, "--name", "张伟伟")
    assert edited.code == 0, edited.err
    assert edited.out == ""

    dump = cli("dump", "--db", db_path)
    assert "张伟伟" in dump.out  # not \u-escaped: the dump is readable
    (change,) = [c for c in dump.json["change"] if c["field_group"] == "name"]
    assert change["row_id"] == card_id
    assert json.loads(change["old"]) == {"name": "张伟"}
    assert json.loads(change["new"]) == {"name": "张伟伟"}
    assert _card_row(cli, db_path, card_id)["name"] == "张伟伟"

    session = Session.open(db_path, read_only=True)
    try:
        history = session.history(card_id)
    finally:
        session.close()
    assert [(e.old, e.new) for e in history if e.field == "name"] == [("张伟", "张伟伟")]
    assert [e.new for e in history if e.field == "created"] == ["张伟"]


def test_edit_grade_with_reason_and_recheck_date(
    cli: Cli, fixed_now: datetime, card_db: tuple[Path, str]
) -> None:
    db, card_id = card_db
    edited = cli(
        "card", "edit", "--db", db, card_id, "--grade", "C", "--reason", "预算冻结",
        "--recheck", "2025-06-15", "--blocker", "预算",
    )  # fmt: skip
    assert edited.code == 0, edited.err
    row = _card_row(cli, db, card_id)
    assert (row["grade"], row["recheck_on"], row["grade_note"], row["blocker"]) == (
        "C",
        "2025-06-15",
        "预算冻结",
        "预算",
    )
    (last_step,) = [r for r in cli("dump", "--db", db).json["grade_change"] if r["to_grade"] == "C"]
    assert (last_step["from_grade"], last_step["to_grade"]) == ("B", "C")
    assert (last_step["reason"], last_step["recheck_on"]) == ("预算冻结", "2025-06-15")


@pytest.mark.parametrize("grade", ["C", "D"])
def test_c_or_d_without_recheck_gets_the_default_from_the_cadence(
    cli: Cli, card_db: tuple[Path, str], fixed_now: datetime, grade: str
) -> None:
    db, card_id = card_db
    edited = cli("card", "edit", "--db", db, card_id, "--grade", grade, "--reason", "观望")
    assert edited.code == 0, edited.err
    days = DEFAULT_CADENCE_DAYS[grade]
    assert days is not None
    expected = fixed_now.date() + timedelta(days=days)
    assert _card_row(cli, db, card_id)["recheck_on"] == expected.isoformat()
    if grade == "C":
        assert expected == date(2025, 5, 30)  # today + 90 days


def test_regrading_away_from_c_clears_the_recheck_date(
    cli: Cli, card_db: tuple[Path, str], fixed_now: datetime
) -> None:
    db, card_id = card_db
    assert cli("card", "edit", "--db", db, card_id, "--grade", "C").code == 0
    assert cli("card", "edit", "--db", db, card_id, "--grade", "A", "--reason", "签约").code == 0
    row = _card_row(cli, db, card_id)
    assert (row["grade"], row["recheck_on"]) == ("A", None)


def test_grade_f_keeps_its_kind(cli: Cli, card_db: tuple[Path, str]) -> None:
    db, card_id = card_db
    edited = cli("card", "edit", "--db", db, card_id, "--grade", "F", "--f-kind", "F1")
    assert edited.code == 0, edited.err
    row = _card_row(cli, db, card_id)
    assert (row["grade"], row["f_kind"]) == ("F", "F1")


@pytest.mark.parametrize("kind", ["F1", "F2"])
def test_a_grade_written_as_its_f_kind_keeps_the_kind(cli: Cli, db_path: Path, kind: str) -> None:
    card_id = cli("card", "add", "--db", db_path, "--name", "王芳", "--grade", kind).out.strip()
    row = _card_row(cli, db_path, card_id)
    assert (row["grade"], row["f_kind"]) == ("F", kind)
    assert cli("card", "edit", "--db", db_path, card_id, "--grade", "B").code == 0
    assert cli("card", "edit", "--db", db_path, card_id, "--grade", kind).code == 0
    row = _card_row(cli, db_path, card_id)
    assert (row["grade"], row["f_kind"]) == ("F", kind)


def test_contact_log_with_grade_regrades_in_the_same_step_at_the_given_time(
    cli: Cli, card_db: tuple[Path, str], fixed_now: datetime
) -> None:
    db, card_id = card_db
    logged = cli(
        "contact", "log", "--db", db, card_id, "--channel", "visit",
        "--summary", "签了年度合同", "--grade", "A", "--at", "2025-02-27T14:30",
    )  # fmt: skip
    assert logged.code == 0, logged.err
    contact_id = logged.out.strip()
    assert str(uuid.UUID(contact_id)) == contact_id

    dump = cli("dump", "--db", db).json
    (contact,) = dump["contact"]
    assert contact["id"] == contact_id
    assert (contact["card_id"], contact["at"], contact["channel"]) == (
        card_id,
        "2025-02-27T14:30:00",
        "visit",
    )
    assert (contact["summary"], contact["grade_after"]) == ("签了年度合同", "A")
    (step,) = [r for r in dump["grade_change"] if r["contact_id"] == contact_id]
    assert (step["from_grade"], step["to_grade"], step["at"]) == ("B", "A", "2025-02-27T14:30:00")
    assert next(r for r in dump["card"] if r["id"] == card_id)["grade"] == "A"
    assert cli("stats", "--db", db, "--json").json["contacts"] == 1


def test_contact_log_without_at_records_now(
    cli: Cli, card_db: tuple[Path, str], fixed_now: datetime
) -> None:
    db, card_id = card_db
    logged = cli("contact", "log", "--db", db, card_id, "--channel", "phone", "--summary", "问候")
    assert logged.code == 0, logged.err
    (contact,) = cli("dump", "--db", db).json["contact"]
    assert contact["at"] == fixed_now.isoformat(timespec="seconds")
    assert contact["grade_after"] is None


def test_deleted_card_leaves_stats_but_stays_as_a_tombstone(
    cli: Cli, card_db: tuple[Path, str]
) -> None:
    db, card_id = card_db
    other = cli("card", "add", "--db", db, "--name", "Li Lei", "--grade", "A").out.strip()
    logged = cli("contact", "log", "--db", db, card_id, "--channel", "phone", "--summary", "x")
    assert logged.code == 0, logged.err
    before = cli("stats", "--db", db, "--json").json
    assert (before["cards"], before["contacts"], before["by_grade"]["B"]) == (2, 1, 1)

    deleted = cli("card", "delete", "--db", db, card_id)
    assert deleted.code == 0, deleted.err
    assert deleted.out == ""
    after = cli("stats", "--db", db, "--json").json
    assert (after["cards"], after["contacts"], after["deleted_cards"]) == (1, 0, 1)
    assert after["by_grade"]["B"] == 0
    assert after["by_grade"]["A"] == 1
    rows = {r["id"]: r for r in cli("dump", "--db", db).json["card"]}
    assert (rows[card_id]["deleted"], rows[other]["deleted"]) == (1, 0)
    # a deleted card can no longer be edited from the command line
    cli("card", "edit", "--db", db, card_id, "--name", "x").assert_user_error()


def test_control_characters_are_removed_from_what_is_stored(cli: Cli, db_path: Path) -> None:
    added = cli(
        "card", "add", "--db", db_path, "--name", "张\x1b伟\x00\x07",
        "--company", "ACME\r\nLtd", "--notes", "一\x00行\r\n二\t行\x7f",
    )  # fmt: skip
    assert added.code == 0, added.err
    row = _card_row(cli, db_path, added.out.strip())
    assert row["name"] == "张伟"
    assert row["company"] == "ACME  Ltd"
    assert row["notes"] == "一行\n二\t行"


def test_a_one_megabyte_note_is_cut_not_refused(cli: Cli, card_db: tuple[Path, str]) -> None:
    db, card_id = card_db
    huge = ("客户备注 note " * 100_000)[:1_000_000]
    edited = cli("card", "edit", "--db", db, card_id, "--notes", huge)
    assert edited.code == 0, edited.err
    notes = _card_row(cli, db, card_id)["notes"]
    assert isinstance(notes, str)
    assert len(notes) == MAX_TEXT["notes"]
    assert huge.startswith(notes)
    assert cli("check", "--db", db).code == 0


def test_a_db_in_a_folder_that_does_not_exist_yet_is_created(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "cards.db"
    added = cli("card", "add", "--db", db, "--name", "陈静")
    assert added.code == 0, added.err
    assert db.is_file()
    checked = cli("check", "--db", db)
    assert checked.code == 0, checked.err
    assert "ok" in checked.out
    assert cli("stats", "--db", db, "--json").json["cards"] == 1


def test_stats_on_a_new_path_creates_an_empty_database(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "cards.db"
    stats = cli("stats", "--db", db, "--json")
    assert stats.code == 0, stats.err
    assert stats.json["cards"] == 0
    assert cli("check", "--db", db).code == 0


def test_a_landline_given_on_the_command_line_is_not_labelled_mobile(
    cli: Cli, db_path: Path
) -> None:
    card_id = cli("card", "add", "--db", db_path, "--name", "张伟", "--phone", "021-64001234").out
    cli("card", "add", "--db", db_path, "--name", "李娜", "--phone", "13912345678")
    labels = {
        row["name"]: json.loads(row["phones"])[0]["label"]
        for row in cli("dump", "--db", db_path).json["card"]
    }
    assert labels == {"张伟": "work", "李娜": "mobile"}, card_id


def test_card_list_shows_this_files_live_cards_by_name(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """`card list` reads the file it is given (it reached the tables through no store)."""
    other = tmp_path / "other.db"
    assert cli("card", "add", "--db", other, "--name", "Someone Else").code == 0
    first = cli("card", "add", "--db", db_path, "--name", "王敏", "--grade", "B").out.strip()
    second = cli("card", "add", "--db", db_path, "--name", "Anna Berg").out.strip()
    gone = cli("card", "add", "--db", db_path, "--name", "Gone Person").out.strip()
    assert cli("card", "delete", "--db", db_path, gone).code == 0
    listed = cli("card", "list", "--db", db_path, "--json")
    assert listed.code == 0, listed.err
    assert {row["id"] for row in listed.json} == {first, second}
    text = cli("card", "list", "--db", db_path)
    assert text.code == 0
    assert "王敏" in text.out
    assert "Someone Else" not in text.out
