"""Bad and foreign files, odd line ends, dates, areas, workbooks of several sheets (issue 14)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salesdesk.io import mapping, readers
from salesdesk.io.readers import ImportFileError
from salesdesk.services import importer
from salesdesk.services.session import Session


def plan_file(path: Path, date_order: str | None = None) -> importer.ImportPlan:
    table = readers.read_table(path)
    targets = mapping.guess_targets(table.headers)
    mapping.check_people(table, targets)
    plan = importer.plan_import(mapping.to_rows(table, targets, date_order))
    plan.notes = mapping.describe(table, targets, date_order)
    if table.deals is not None:
        importer.plan_deals(plan, mapping.deal_rows(table.deals), table.deals_sheet or "")
    return plan


@pytest.mark.parametrize(
    "text",
    [
        "Date,Description,Debit,Credit,Balance\n2025-01-02,ATM,100.00,,900.00\n",
        "SKU,Product,Price,Stock\nA-1,Widget,9.90,12\n",
        "日期,摘要,收入,支出,余额\n2025/1/2,工资,8000,,12000\n",
    ],
)
def test_a_file_that_is_not_a_list_of_people_is_refused_with_one_message(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "statement.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match="does not look like a list of people or companies"):
        plan_file(path)


def test_a_million_character_cell_is_cut_and_named(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("Name,Notes\nAnn," + "x" * 1_000_000 + "\nBob,short\n", encoding="utf-8")
    plan = plan_file(path)
    result, _ = session.import_file(plan)
    assert result.created == 2
    (problem,) = result.problems
    assert problem["row"] == 2
    assert "1,000,000 characters" in problem["message"]
    ann = next(session.card(i) for i in result.card_ids if session.card(i).name == "Ann")
    assert len(ann.notes) == 100_000


@pytest.mark.parametrize(
    "bad", ["\x00", "\x07", "\x1b", "\u202e", "\u202a", "\u2066", "\u2069", "\x7f"]
)
def test_control_and_direction_characters_are_removed_everywhere(
    session: Session, tmp_path: Path, bad: str
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        f"Name,Company,Phone,Notes\nAn{bad}na,Ac{bad}me,138{bad}0013 8000,a{bad}b\n",
        encoding="utf-8",
    )
    table = readers.read_table(path)
    assert any("removed" in n for n in table.notes)
    result, _ = session.import_file(plan_file(path))
    card = session.card(result.card_ids[0])
    assert (card.name, card.company, card.notes) == ("Anna", "Acme", "ab")
    assert card.phones[0].number == "1380013 8000"


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\r\r\n"])
def test_row_numbers_are_right_for_any_line_end(tmp_path: Path, end: str) -> None:
    path = tmp_path / "ends.csv"
    lines = ["Name,Birthday", "Ann,1980-01-01", "Bob,not a date", "Cid,1981-02-02"]
    path.write_bytes(end.join(lines).encode() + end.encode())
    plan = plan_file(path)
    assert [p["row"] for p in plan.problems] == [3]
    assert [r.row for r in plan.rows] == [2, 3, 4]


def test_dates_take_their_order_from_the_column(tmp_path: Path) -> None:
    path = tmp_path / "us.csv"
    path.write_text("Name,Birthday\nAnn,6/5/1984\nBob,1/20/1981\n", encoding="utf-8")
    plan = plan_file(path)
    assert plan.rows[0].fields["birthday"] == date(1984, 6, 5)  # June 5, as 1/20 proves
    assert any("month first" in n for n in plan.notes)
    path.write_text("Name,Birthday\nAnn,6/5/1984\nBob,20/1/1981\n", encoding="utf-8")
    assert plan_file(path).rows[0].fields["birthday"] == date(1984, 5, 6)


def test_a_wholly_ambiguous_date_column_is_said_and_can_be_chosen(tmp_path: Path) -> None:
    path = tmp_path / "which.csv"
    path.write_text("Name,Birthday\nAnn,6/5/1984\nBob,3/4/1981\n", encoding="utf-8")
    plan = plan_file(path)
    (note,) = [n for n in plan.notes if "Birthday" in n]
    assert "could be day or month first" in note
    assert plan.rows[0].fields["birthday"] == date(1984, 5, 6)
    chosen = plan_file(path, "mdy")
    assert chosen.rows[0].fields["birthday"] == date(1984, 6, 5)


def test_split_year_month_day_columns_and_a_missing_part(tmp_path: Path) -> None:
    path = tmp_path / "split.csv"
    path.write_text(
        "Name,Birth Year,Birth Month,Birth Day\nAnn,1972,1,31\nBob,,3,4\n", encoding="utf-8"
    )
    plan = plan_file(path)
    assert plan.rows[0].fields["birthday"] == date(1972, 1, 31)
    assert "birthday" not in plan.rows[1].fields
    assert [p["row"] for p in plan.problems] == [3]


def test_areas_join_the_existing_ones_without_their_suffix(
    session: Session, tmp_path: Path
) -> None:
    session.create_card({"name": "Old", "area": "徐汇区"})
    session.create_card({"name": "Older", "area": "浦东新区"})
    path = tmp_path / "areas.csv"
    path.write_text("姓名,区域\n张伟,徐汇\n王芳,浦东\n李娜,闵行\n赵磊,闵行区\n", encoding="utf-8")
    result, _ = session.import_file(plan_file(path))
    areas = {session.card(i).name: session.card(i).area for i in result.card_ids}
    assert areas == {"张伟": "徐汇区", "王芳": "浦东新区", "李娜": "闵行", "赵磊": "闵行"}


def test_a_landline_that_lost_its_zero_is_named(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_text("姓名,电话\n张伟,2164123456\n王芳,021-64123456\n", encoding="utf-8")
    plan = plan_file(path)
    (problem,) = plan.problems
    assert problem["row"] == 2
    assert "02164123456" in problem["message"]
    assert plan.rows[0].fields["phones"][0].number == "2164123456"  # kept as written


def _workbook(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    people = book.active
    people.title = "客户"
    people.append(["姓名", "公司", "手机"])
    people.append(["张伟", "华信贸易", "13800138000"])
    people.append(["王芳", "东方科技", "13900139000"])
    deals = book.create_sheet("已成交")
    deals.append(["客户", "产品", "金额", "成交日期"])
    deals.append(["张伟", "年金险", "12800", "2025-03-05"])
    deals.append(["老客户", "寿险", "5000", "2025-04-01"])  # a card already there
    deals.append(["无名氏", "寿险", "100", "2025-04-02"])  # nobody of that name
    notes = book.create_sheet("说明")
    notes.append(["这个表格是2025年的客户名单"])
    book.save(path)


def test_a_workbook_names_its_sheets_and_imports_the_deals_sheet(
    session: Session, tmp_path: Path
) -> None:
    existing = session.create_card({"name": "老客户", "company": "旧公司"}).id
    path = tmp_path / "book.xlsx"
    _workbook(path)
    table = readers.read_table(path)
    assert (table.sheet, table.deals_sheet, table.sheets) == (
        "客户",
        "已成交",
        ["客户", "已成交", "说明"],
    )
    plan = plan_file(path)
    assert "Sheets not imported: '说明'." in plan.notes
    assert any("无名氏" in n and "no card" in n for n in plan.notes)
    result, _ = session.import_file(plan)
    assert (result.created, result.deals) == (2, 2)
    dump = session.dump()
    deals = {d["card_id"]: d for d in dump["deal"] if not d["deleted"]}
    zhang = next(i for i in result.card_ids if session.card(i).name == "张伟")
    assert (deals[zhang]["product"], deals[zhang]["amount"]) == ("年金险", 12800.0)
    assert deals[existing]["product"] == "寿险"
    assert session.card(zhang).status == "customer"  # the first deal makes a customer


def test_another_sheet_can_be_chosen(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(path)
    with pytest.raises(ImportFileError, match="no sheet 'Nope'"):
        readers.read_table(path, sheet="Nope")
    assert readers.read_table(path, sheet="已成交").sheet == "已成交"
