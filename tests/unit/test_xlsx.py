"""The manager's workbook: what a sales manager relies on when opening it in Excel."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.errors import UserError
from salesdesk.domain.grades import GRADE_COLORS
from salesdesk.domain.words import word
from salesdesk.io import xlsx
from salesdesk.io.xlsx import SHEETS, ExportCancelled, export_workbook
from salesdesk.models.tables import database_proxy
from salesdesk.services.session import Session

INJECTION = '=HYPERLINK("http://x","y")'
SHEET_KEYS = [
    "sheet.summary",
    "sheet.cards",
    "sheet.contacts",
    "sheet.visits",
    "sheet.grade_history",
    "sheet.deals",
    "sheet.payments",
    "sheet.cases",
    "sheet.cards_print",
    "sheet.trend",
    "sheet.notes",
]


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2025-03-01T09:00:00")


@pytest.fixture
def data(session: Session) -> dict[str, str]:
    """Cards with the awkward values a real card file holds, and a year of history."""
    hyper = session.create_card(
        {"name": INJECTION, "company": "+Plus Co", "phones": "0755-8888 1234, +86 138 0013 8000"},
        grade="B",
    ).id
    zhang = session.create_card(
        {"name": "张伟", "company": "华信贸易有限公司", "notes": "长" * 40_000}, grade="A"
    ).id
    gone = session.create_card({"name": "Deleted Person"}, grade="E").id
    for at in ("2024-06-01T10:00:00", "2025-01-10T14:30:00", "2025-02-15T09:15:00"):
        session.log_contact(zhang, channel="visit", summary="-5% discount asked", at=at)
    session.log_contact(hyper, channel="phone", summary="@boss call", at="2025-02-20T16:00:00")
    session.log_contact(gone, channel="phone", summary="never shown", at="2025-02-01T10:00:00")
    session.change_grade(hyper, "A", reason="ready")
    session.add_deal(zhang, amount=1234.5, product="Policy", closed_on="2025-02-01")
    session.add_deal(zhang, amount=100, product="Rider", closed_on="2024-05-01")
    session.open_case(zhang, kind="complaint", content="late", at="2025-02-02T08:00:00")
    session.delete_card(gone)
    # Text that came in by import or merge, before the input cleaning of today.
    database_proxy.execute_sql(
        "UPDATE card SET title = ? WHERE id = ?", ("Mana\x01ger\x1f of \x0bsales", zhang)
    )
    return {"hyper": hyper, "zhang": zhang, "gone": gone}


def _open(path: Path) -> Any:
    import openpyxl

    return openpyxl.load_workbook(path)


def _column(ws: Any, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def _row_of(ws: Any, name: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == name:
            return row
    raise AssertionError(f"{name} not on {ws.title}")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_sheets_come_in_order_with_names_and_headers_in_the_language(
    data: dict[str, str], tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "book.xlsx"
    export_workbook(out, lang=lang)
    wb = _open(out)
    assert wb.sheetnames == [word(k, lang) for k in SHEET_KEYS]
    if lang == "zh_CN":
        assert wb.sheetnames[:3] == ["概览", "客户卡片", "联系记录"]
    for sheet in SHEETS:
        ws = wb[word(sheet.name, lang)]
        assert [c.value for c in ws[1]] == [word(c.header, lang) for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        (table,) = ws.tables.values()
        assert table.ref == f"A1:{ws.cell(1, len(sheet.columns)).column_letter}{max(ws.max_row, 2)}"
        assert table.autoFilter is not None


def _db_count(sql: str, *params: object) -> int:
    return int(database_proxy.execute_sql(sql, params).fetchone()[0])


@pytest.mark.parametrize(
    ("date_from", "date_to"), [(None, None), (date(2025, 1, 1), date(2025, 2, 15))]
)
def test_each_sheet_holds_the_databases_rows_for_the_period(
    data: dict[str, str], tmp_path: Path, date_from: date | None, date_to: date | None
) -> None:
    out = tmp_path / "book.xlsx"
    rows = export_workbook(out, date_from=date_from, date_to=date_to)
    low = date_from.isoformat() if date_from else "0000"
    high = f"{date_to.isoformat()}T99" if date_to else "9999"
    live = "JOIN card c ON c.id = x.card_id WHERE c.deleted = 0 AND x.deleted = 0"
    expected = {
        "Cards": _db_count("SELECT count(*) FROM card WHERE deleted = 0"),
        "Contact log": _db_count(
            f"SELECT count(*) FROM contact x {live} AND x.at BETWEEN ? AND ?", low, high
        ),
        "Visits": _db_count(
            f"SELECT count(*) FROM visit x {live} AND x.due_on BETWEEN ? AND ?", low, high
        ),
        "Grade history": _db_count(
            f"SELECT count(*) FROM grade_change x {live} AND x.at BETWEEN ? AND ?", low, high
        ),
        "Deals": _db_count(
            f"SELECT count(*) FROM deal x {live} AND x.closed_on BETWEEN ? AND ?", low, high
        ),
        "Service cases": _db_count(
            f"SELECT count(*) FROM service_case x {live} AND x.opened_at BETWEEN ? AND ?",
            low,
            high,
        ),
    }
    wb = _open(out)
    for title, n in expected.items():
        assert rows[title] == n, title
        data_rows = [r for r in wb[title].iter_rows(min_row=2, values_only=True) if any(r)]
        assert len(data_rows) == n, title
    if date_from is not None:
        assert expected["Contact log"] == 2  # the 2024 visit and Feb 20 call fall outside
    names = {r[0] for r in wb["Cards"].iter_rows(min_row=2, values_only=True)}
    assert "Deleted Person" not in names


def test_cells_hold_real_dates_text_phones_coloured_grades_and_safe_text(
    data: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "book.xlsx"
    export_workbook(out)
    wb = _open(out)
    cards = wb["Cards"]
    hyper = _row_of(cards, INJECTION)
    name_cell = cards.cell(hyper, 1)
    assert name_cell.value == INJECTION
    assert name_cell.data_type == "s"
    assert cards.cell(hyper, _column(cards, "Company")).value == "+Plus Co"
    phones = cards.cell(hyper, _column(cards, "Phones"))
    assert phones.value == "0755-8888 1234; +86 138 0013 8000"
    assert phones.data_type == "s"
    assert phones.number_format == "@"

    grade = cards.cell(hyper, _column(cards, "Grade"))
    assert grade.value == "A"
    assert grade.fill.fgColor.rgb == "00" + GRADE_COLORS["A"].lstrip("#").upper()
    zhang = _row_of(cards, "张伟")
    assert cards.cell(zhang, _column(cards, "Title")).value == "Manager of sales"
    notes = cards.cell(zhang, _column(cards, "Notes")).value
    assert len(notes) == 32_767
    assert notes.endswith(xlsx.CUT_MARK)
    assert notes.startswith("长长长")

    (validation,) = cards.data_validations.dataValidation
    assert validation.formula1 == '"A,B,C,D,E,F"'
    letter = grade.column_letter
    assert str(validation.sqref) == f"{letter}2:{letter}{cards.max_row}"

    log = wb["Contact log"]
    when = log.cell(2, 1)
    assert isinstance(when.value, datetime)
    assert when.value == datetime(2024, 6, 1, 10, 0)
    assert when.number_format == xlsx.DATETIME_FORMAT
    said = _column(log, "Summary")
    summaries = {log.cell(r, said).value for r in range(2, log.max_row + 1)}
    assert {"-5% discount asked", "@boss call"} <= summaries

    deals = wb["Deals"]
    amounts = sorted(deals.cell(r, _column(deals, "Amount")).value for r in (2, 3))
    assert amounts == [100.0, 1234.5]
    assert isinstance(deals.cell(2, 1).value, datetime)
    assert deals.cell(2, 1).number_format == xlsx.DATE_FORMAT

    # In the file itself: no formula anywhere, the dangerous name is an inline string.
    with zipfile.ZipFile(out) as archive:
        sheet_xml = "".join(
            archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/worksheets/sheet")
        )
    assert "<f>" not in sheet_xml
    assert "<f " not in sheet_xml
    assert '<is><t>=HYPERLINK("http://x","y")</t></is>' in sheet_xml


def _summary_cells(ws: Any) -> dict[str, Any]:
    """Label → the values beside it, from both blocks of the Summary (columns A and F)."""
    values: dict[str, Any] = {}
    for row in ws.iter_rows(values_only=True):
        if row and row[0]:
            values[row[0]] = row[1:4]
        if len(row) > 6 and row[5]:
            values[row[5]] = row[6:8]
    return values


def test_summary_counts_grades_movement_and_deals(data: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    export_workbook(out, date_from=date(2025, 1, 1), date_to=date(2025, 3, 1), owner="王经理")
    ws = _open(out)["Summary"]
    values = _summary_cells(ws)
    assert values["Salesperson"][0] == "王经理"
    assert values["Period"][0] == "2025-01-01 – 2025-03-01"
    assert values["A"][:2] == (0, 2)  # none in A at the start (cards made on Mar 1), 2 now
    assert values["Promotions"][0] == 1  # hyper: B → A
    assert values["Deals"][0] == 1
    assert values["Revenue"][0] == pytest.approx(1234.5)
    assert values["Customer base"][0] == 1  # 张伟 bought; the deleted card is left out
    assert values["Retention rate"][0] == 1.0  # bought in May 2024 and again in the period
    assert values["Share of wallet"] == ("–", "needs customers with an annual spend / "
                                          "potential on their card")  # fmt: skip
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart_xml = archive.read(charts[0]).decode()
    # openpyxl does not read charts back: look at the chart's XML, a stacked bar per grade.
    assert "<barChart>" in chart_xml
    assert 'grouping val="stacked"' in chart_xml
    assert chart_xml.count("<ser>") == 6
    assert "'Month by month'!" in chart_xml  # its data: the grades on the trend sheet


def test_trend_and_definitions_sheets(data: dict[str, str], tmp_path: Path) -> None:
    from salesdesk.services import analytics

    out = tmp_path / "book.xlsx"
    export_workbook(out, date_from=date(2025, 1, 1), date_to=date(2025, 3, 1))
    wb = _open(out)
    trend = wb["Month by month"]
    header = [c.value for c in trend[1]]
    assert header[:3] == ["Month", "Customer base", "New-customer retention"]
    months = [row[0] for row in trend.iter_rows(min_row=2, values_only=True)]
    assert months == ["2025-01", "2025-02", "2025-03"]
    feb = [c.value for c in trend[3]]
    assert feb[header.index("Average spend")] == pytest.approx(1234.5)
    assert feb[header.index("Complaints: other")] == 1  # the open complaint has no cause
    notes = wb["Definitions"]
    rows = {row[1]: row[2] for row in notes.iter_rows(min_row=2, values_only=True)}
    assert rows == {code: analytics.kpi_definition(code) for code in analytics.KPI_DEFINITIONS}


def test_grades_and_the_filtered_list_narrow_the_cards(
    data: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "a.xlsx"
    rows = export_workbook(out, grades={"A"}, card_ids=[data["zhang"]])
    assert rows["Cards"] == 1
    assert rows["Contact log"] == 3
    rows = export_workbook(out, grades={"B", "C"})
    assert rows["Cards"] == 0  # hyper moved to A
    ws = _open(out)["Cards"]
    (table,) = ws.tables.values()
    assert table.ref.endswith("2")  # an empty table keeps one empty row under its header


def test_a_sheet_past_the_row_limit_continues_on_the_next(
    data: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # two rows a sheet under the header
    out = tmp_path / "book.xlsx"
    rows = export_workbook(out)
    assert rows["Contact log"] == 2
    assert rows["Contact log (2)"] == 2
    assert "Contact log (3)" not in rows
    wb = _open(out)
    names = wb.sheetnames
    assert names.index("Contact log (2)") == names.index("Contact log") + 1
    first = [r[0] for r in wb["Contact log"].iter_rows(min_row=2, values_only=True)]
    second = [r[0] for r in wb["Contact log (2)"].iter_rows(min_row=2, values_only=True)]
    assert first + second == sorted(first + second)
    assert [c.value for c in wb["Contact log (2)"][1]] == [c.value for c in wb["Contact log"][1]]


def _left_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("cards.db"))


def test_a_missing_folder_or_a_target_that_is_a_folder_is_a_clear_error(
    data: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="does not exist"):
        export_workbook(tmp_path / "nowhere" / "book.xlsx")
    (tmp_path / "book.xlsx").mkdir()
    with pytest.raises(UserError, match="is a folder"):
        export_workbook(tmp_path / "book.xlsx")


def test_a_target_held_by_another_program_is_a_clear_error_and_stays_as_it_was(
    data: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "book.xlsx"
    target.write_bytes(b"last week's workbook")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx.os, "replace", refuse)
    with pytest.raises(UserError, match="open in Excel, WPS or another program"):
        export_workbook(target)
    assert target.read_bytes() == b"last week's workbook"
    assert _left_in(folder) == ["book.xlsx"]


def test_cancel_leaves_no_file(
    data: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "CHECK_EVERY", 1)
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        export_workbook(
            folder / "book.xlsx",
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: len(seen) >= 3,
        )
    assert _left_in(folder) == []
    assert seen
    assert seen[-1][0] < seen[-1][1]


def test_progress_reaches_the_total(data: dict[str, str], tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_workbook(tmp_path / "book.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_widths_fit_content_and_count_cjk_double() -> None:
    assert xlsx.display_width("abc") == 3
    assert xlsx.display_width("华信贸易") == 8
    assert xlsx.display_width("ＡＢ") == 4


def _libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.slow  # LibreOffice starts
@pytest.mark.skipif(_libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_and_reads_the_cards_as_written(
    data: dict[str, str], tmp_path: Path, session: Session
) -> None:
    book = tmp_path / "book.xlsx"
    export_workbook(book)
    out = tmp_path / "csv"
    profile = tmp_path / "lo-profile"
    # Sheet 2 (Cards) as UTF-8 CSV: 44 comma, 34 quote, 76 UTF-8, … last field the sheet.
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
    done = subprocess.run(
        [
            str(_libreoffice()),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            options,
            "--outdir",
            str(out),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    (produced,) = out.glob("*.csv")
    with produced.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Name", "Company", "Title"]
    expected = {
        (name, company)
        for name, company in database_proxy.execute_sql(
            "SELECT name, company FROM card WHERE deleted = 0"
        ).fetchall()
    }
    assert {(r[0], r[1]) for r in rows[1:]} == expected
    phones = rows[0].index("Phones")
    assert "0755-8888 1234; +86 138 0013 8000" in {r[phones] for r in rows[1:]}


def test_a_selection_of_cards_says_which_figure_it_leaves_to_the_whole_book(
    data: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "a.xlsx"
    export_workbook(out, grades={"A"})
    values = _summary_cells(_open(out)["Summary"])
    why = "worked out for all cards only, not for a selection"
    assert values["Median days F → A"] == ("–", why)
    assert values["Customer base"][0] == 1  # 张伟 (A) bought; the B → A card did not


def test_long_text_wraps_in_a_row_of_capped_height_and_short_text_does_not(
    data: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "book.xlsx"
    export_workbook(out)
    ws = _open(out)["Cards"]
    notes = _column(ws, "Notes")
    long_row, short_row = _row_of(ws, "张伟"), _row_of(ws, INJECTION)
    cell = ws.cell(long_row, notes)
    assert len(cell.value) == xlsx.MAX_CELL_TEXT  # the cell keeps what Excel can hold …
    assert cell.alignment.wrap_text  # … wrapped within its column
    assert ws.row_dimensions[long_row].height == xlsx.MAX_TEXT_LINES * xlsx.LINE_HEIGHT
    assert not ws.cell(short_row, 1).alignment.wrap_text
    assert ws.row_dimensions[short_row].height is None
    ids = ws.cell(long_row, _column(ws, "Card ID"))
    assert not ids.alignment.wrap_text  # an id is shown whole on one line
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_title_cols == "$A:$A"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4


def test_cards_print_at_a_readable_scale_with_names_and_header_on_every_page(
    data: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "book.xlsx"
    export_workbook(out)
    ws = _open(out)["Cards"]
    # Several pages wide at a fixed scale (not shrunk to one page wide), pages of a band
    # of cards one after the other; Excel, WPS and LibreOffice repeat column A and row 1.
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale >= 80
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws.print_title_cols == "$A:$A"
    assert ws.print_title_rows == "$1:$1"
    # Every cell at the top of its row, plain text too: a name beside a wrapped note
    # belongs to that note's row, not the next.
    row = _row_of(ws, "张伟")
    cells = [ws.cell(row, column) for column in range(1, ws.max_column + 1)]
    assert len([c for c in cells if c.value is not None]) >= 10
    for cell in cells:
        if cell.value is not None:
            assert cell.alignment.vertical == "top", cell.coordinate


def test_a_list_to_print_holds_the_key_columns_of_every_card_one_page_wide(
    data: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "book.xlsx"
    rows = export_workbook(out)
    wb = _open(out)
    cards, listed = wb["Cards"], wb["Cards to print"]
    assert [c.value for c in listed[1]] == [
        "Name",
        "Company",
        "Grade",
        "Phones",
        "Area",
        "Next visit",
        "Last contact",
        "Owner",
    ]
    # The same cards in the same order, with the same values as on Cards.
    assert rows["Cards to print"] == rows["Cards"]
    wanted = ["Name", "Company", "Grade", "Phones", "Area", "Next visit", "Last contact", "Owner"]
    columns = [_column(cards, header) for header in wanted]
    full = [
        tuple(cards.cell(row, column).value for column in columns)
        for row in range(2, cards.max_row + 1)
    ]
    assert list(listed.iter_rows(min_row=2, values_only=True)) == full
    assert listed.sheet_properties.pageSetUpPr.fitToPage
    assert listed.page_setup.fitToWidth == 1
    assert listed.print_title_rows == "$1:$1"
