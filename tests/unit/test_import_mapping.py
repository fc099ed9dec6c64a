"""Column mapping from headers, saved mappings, grades, dates and phones of imported rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salesdesk.domain.dates import DateError
from salesdesk.io import mapping
from salesdesk.io.readers import Table
from salesdesk.services.importer import match_digits
from salesdesk.services.session import Session


def test_chinese_and_english_headers() -> None:
    headers = ["姓名", "公司", "电话", "等级", "地址", "区域", "备注", "下次回访", "单位", "手机"]
    assert mapping.guess_targets(headers) == [
        "name", "company", "phone_other", "grade", "address", "area", "notes", "next_visit",
        "company", "phone_mobile",
    ]  # fmt: skip
    assert mapping.guess_targets(["First Name", "Last Name", "E-mail Address", "Job Title"]) == [
        "given_name",
        "family_name",
        "email",
        "title",
    ]


def test_known_export_formats() -> None:
    google = ["Name", "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name"]
    assert mapping.guess_targets(google) == ["name", "skip", "phone_other", "company"]
    salesforce = ["ID", "NAME", "BILLINGSTREET", "PHONE", "OWNERID"]
    assert mapping.guess_targets(salesforce) == [
        "skip",
        "company",
        "address_part",
        "phone_work",
        "skip",
    ]
    outlook = ["Title", "First Name", "Last Name", "Job Title", "Mobile Phone"]
    assert mapping.guess_targets(outlook) == [
        "skip",
        "given_name",
        "family_name",
        "title",
        "phone_mobile",
    ]


def test_google_phone_types_label_the_numbers() -> None:
    table = Table(
        Path("g.csv"),
        "csv",
        ["Name", "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value"],
        [["Li Na", "Mobile", "139 0000 1111 ::: 139 0000 2222", "Work Fax", "010 8888 6666"]],
        [2],
    )
    (row,) = mapping.to_rows(table, mapping.guess_targets(table.headers))
    assert [(p.label, p.number) for p in row.fields["phones"]] == [
        ("mobile", "139 0000 1111"),
        ("mobile", "139 0000 2222"),
        ("fax", "010 8888 6666"),
    ]


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2025/3/5", "ymd", date(2025, 3, 5)),
        ("2025-03-05", "dmy", date(2025, 3, 5)),
        ("2025年3月5日", "ymd", date(2025, 3, 5)),
        ("5.3.2025", "ymd", date(2025, 3, 5)),
        ("3/5/2025", "mdy", date(2025, 3, 5)),
        ("3/5/2025", "dmy", date(2025, 5, 3)),
        ("25/3/2025", "mdy", date(2025, 3, 25)),  # 25 cannot be a month
        ("2024-07-01T11:54:49.95+00:00", "ymd", date(2024, 7, 1)),
        ("", "ymd", None),
    ],
)
def test_dates(text: str, order: str, expected: date | None) -> None:
    assert mapping.parse_import_date(text, order) == expected


def test_bad_dates_are_refused() -> None:
    for text in ("19723101", "2025-02-30", "next week"):
        with pytest.raises(DateError):
            mapping.parse_import_date(text)


def test_grades_and_problems_per_row() -> None:
    table = Table(
        Path("t.csv"),
        "csv",
        ["姓名", "等级", "生日"],
        [["甲", "A级", ""], ["乙", " b ", ""], ["丙", "c", "2025/13/40"], ["丁", "G", ""]],
        [2, 3, 4, 5],
    )
    rows = mapping.to_rows(table, mapping.guess_targets(table.headers))
    assert [r.grade for r in rows] == ["A", "B", "C", None]
    assert rows[2].problems
    assert "Birthday" in rows[2].problems[0]
    assert "'G' is not a grade" in rows[3].problems[0]


def test_phone_numbers_match_across_forms() -> None:
    assert match_digits("+86 138-0013-8000") == match_digits("13800138000")
    assert match_digits("0086 13800138000") == "13800138000"
    assert match_digits("010-88886666") == "01088886666"  # the leading zero is kept


def test_mappings_are_saved_for_the_next_import(session: Session) -> None:
    headers = ["客户", "备用电话"]
    assert mapping.guess_mapping(headers) == ["name", "phone_other"]
    mapping.save_mapping(headers, ["company", "phone_home"])
    assert mapping.guess_mapping(headers) == ["company", "phone_home"]
    assert mapping.guess_mapping(["客户"]) == ["name"]  # other headers: not that mapping
    with pytest.raises(ValueError, match="unknown"):
        mapping.save_mapping(headers, ["company", "fax number"])


def test_a_file_of_one_column_each_reads_as_the_general_road_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The road compiled for a plain file (one column per field) gives the rows, fields in
    the same order and problems _to_row gives, odd cells and all (issue 14)."""
    import random

    headers = ["姓名", "公司", "职务", "手机", "电话", "邮箱", "微信", "区域", "等级", "地址"]
    headers += ["备注", "生日", "下次回访"]
    cells = ["", " ", "张伟", "a ::: b", "138 0013 8000", "021-6412 3456; 13800138000",
             "x@y.com", "not a mail", "x@y.com, z@w.org", "A", "F2", "Q", "1984/6/5",
             "6/5/1984", "13/5/1984", "no date", "line\nbreak", "  pad  ", "13800138000",
             "2164123456", "*"]  # fmt: skip
    rng = random.Random(5)
    rows = [[rng.choice(cells) for _ in headers] for _ in range(3000)]
    table = Table(Path("x.csv"), "csv", headers, rows, list(range(2, 3002)))
    targets = mapping.guess_targets(headers)
    assert "skip" not in targets
    assert len(set(targets)) == len(targets)
    compiled = mapping.to_rows(table, targets, "mdy")
    monkeypatch.setattr(
        mapping, "_row_maker", lambda columns: lambda n, v: mapping._to_row(n, v, columns)
    )
    general = mapping.to_rows(table, targets, "mdy")
    assert compiled == general
    assert [list(r.fields) for r in compiled] == [list(r.fields) for r in general]
    assert sum(bool(r.problems) for r in general) > 100  # the odd cells were met
