"""`salesdesk export --out FILE.xlsx`: the manager's workbook from the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.cli.conftest import Cli


def test_export_writes_the_workbook_in_the_chosen_language(
    cli: Cli, card_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = card_db
    out = tmp_path / "经理.xlsx"
    done = cli("export", "--db", db, "--out", out, "--lang", "zh_CN", "--grades", "ab")
    assert done.code == 0, done.err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["概览", "客户卡片"]
    cards = wb["客户卡片"]
    assert cards["A1"].value == "姓名"
    assert [cards.cell(2, 1).value, cards.cell(2, 2).value] == ["张伟", "华信贸易"]
    assert "客户卡片 1" in done.err


def test_grades_and_period_narrow_what_is_exported(
    cli: Cli, card_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = card_db
    out = tmp_path / "book.xlsx"
    done = cli(
        "export",
        "--db",
        db,
        "--out",
        out,
        "--grades",
        "CDE",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--lang",
        "en",
    )
    assert done.code == 0, done.err
    wb = openpyxl.load_workbook(out)
    assert wb["Cards"].cell(2, 1).value is None  # the one card is a B


def test_bad_options_are_one_clear_message(
    cli: Cli, card_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = card_db
    book = tmp_path / "book.xlsx"
    assert (
        "A to F" in cli("export", "--db", db, "--out", book, "--grades", "AXZ").assert_user_error()
    )
    assert (
        "after it ends"
        in cli(
            "export", "--db", db, "--out", book, "--from", "2025-03-01", "--to", "2025-01-01"
        ).assert_user_error()
    )
    assert (
        "not a date"
        in cli("export", "--db", db, "--out", book, "--from", "yesterday").assert_user_error()
    )
    assert (
        ".xlsx"
        in cli(
            "export", "--db", db, "--out", tmp_path / "v.ics", "--grades", "A"
        ).assert_user_error()
    )
    assert (
        "does not exist"
        in cli("export", "--db", db, "--out", tmp_path / "no" / "book.xlsx").assert_user_error()
    )
    assert not book.exists()
