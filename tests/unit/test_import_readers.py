"""Reading customer lists: encodings, delimiters, merged Excel headers and vCards of every age."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salesdesk.io import mapping, readers, vcard
from salesdesk.io.readers import ImportFileError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def rows_of(name: str, **options: str) -> list[dict[str, object]]:
    table = readers.read_table(FIXTURES / name, **options)
    rows = mapping.to_rows(table, mapping.guess_targets(table.headers))
    return [
        {**row.fields, "row": row.row, "grade": row.grade, "next_visit": row.next_visit}
        for row in rows
    ]


def phones(row: dict[str, object]) -> list[tuple[str, str]]:
    return [(p.label, p.number) for p in row.get("phones", [])]  # type: ignore[attr-defined]


def test_gbk_csv_with_chinese_headers() -> None:
    table = readers.read_table(FIXTURES / "gbk_chinese.csv")
    assert table.encoding == "gb18030"
    assert table.headers[:3] == ["姓名", "单位", "手机"]
    rows = rows_of("gbk_chinese.csv")
    first = rows[0]
    assert (first["name"], first["company"], first["area"]) == ("张伟", "上海华信贸易", "浦东")
    assert phones(first) == [("mobile", "013800138000")]  # the leading zero stays
    assert [r["grade"] for r in rows] == ["A", "B", "C", None, "F"]
    assert first["next_visit"] == date(2025, 3, 5)
    assert rows[1]["next_visit"] == date(2025, 3, 6)
    # the empty line is not a row; row numbers are the file's
    assert [r["row"] for r in rows] == [2, 3, 4, 5, 7]


def test_big5_and_utf16_csv() -> None:
    big5 = rows_of("big5.csv")
    assert [(r["name"], r["company"], r["grade"]) for r in big5] == [
        ("陳美玲", "台北華信貿易", "A"),
        ("林志明", "高雄東方科技", "B"),
    ]
    table = readers.read_table(FIXTURES / "utf16_tab.csv")
    assert table.encoding == "utf-16"
    assert table.delimiter == "\t"
    (row,) = rows_of("utf16_tab.csv")
    assert (row["name"], row["company"], row["grade"]) == ("周杰", "杭州西湖茶业", "D")
    assert phones(row) == [("mobile", "015712345678")]


def test_semicolon_windows_1252() -> None:
    table = readers.read_table(FIXTURES / "semicolon_cp1252.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    (row,) = rows_of("semicolon_cp1252.csv")
    assert (row["name"], row["company"], row["address"]) == (
        "Jörg Müller",
        "Bäckerei Grün",
        "Lämmerweg 12",
    )


def test_encoding_and_delimiter_can_be_overridden() -> None:
    table = readers.read_table(FIXTURES / "semicolon_cp1252.csv", encoding="latin-1", delimiter=",")
    assert table.delimiter == ","
    assert len(table.headers) == 1  # one column: the user chose a wrong delimiter
    with pytest.raises(ImportFileError, match="encoding"):
        readers.read_table(FIXTURES / "big5.csv", encoding="no-such-codec")


def test_excel_sheet_with_merged_title_and_merged_area() -> None:
    table = readers.read_table(FIXTURES / "merged_title.xlsx")
    assert table.sheet == "客户"  # the sheet with the list, not the note
    assert table.header_row == 2
    assert table.headers[1] == "公司名称"  # the line break inside the header cell is gone
    rows = rows_of("merged_title.xlsx")
    assert [(r["name"], r["grade"], r.get("area")) for r in rows] == [
        ("张伟", "A", "浦东"),
        ("李娜", "B", "浦东"),  # the area merged over both rows
        ("王芳", "C", "渝中"),
    ]
    assert phones(rows[0]) == [("other", "013800138000")]
    assert phones(rows[2]) == [("other", "02368881234")]  # a number formatted 00000000000
    assert [r["row"] for r in rows] == [3, 4, 6]


def test_vcard_21_quoted_printable_gb2312_split_by_a_soft_break() -> None:
    raw = (FIXTURES / "v21_qp_gb2312.vcf").read_bytes()
    assert b"=CE=\r\n=B0" in raw  # the soft break really splits the character
    (row,) = rows_of("v21_qp_gb2312.vcf")
    assert (row["name"], row["company"]) == ("张伟", "华信贸易")


def test_vcard_shift_jis() -> None:
    (row,) = rows_of("v21_shiftjis.vcf")
    assert row["name"] == "安藤 ロイド"
    assert row["address"] == "東京都渋谷区"


def test_vcard_named_from_org_or_email() -> None:
    rows = rows_of("org_only.vcf")
    assert [(r["name"], r.get("company")) for r in rows] == [
        ("华为云", "华为云"),
        ("only.mail@example.com", None),
    ]


def test_vcard_several_labelled_phones_and_emails() -> None:
    (row,) = rows_of("multi_phones.vcf")
    assert row["name"] == "Mary Johnson"
    assert row["company"] == "Contoso, Ltd."
    assert phones(row) == [
        ("mobile", "+1 555 0100"),
        ("work", "+1 555 0101"),
        ("home", "+1 555 0102"),
        ("fax", "+1 555 0103"),
    ]
    assert row["email"] == "mary@contoso.example"
    assert "mary.home@example.com" in str(row["notes"])
    assert "long enough to be folded here" in str(row["notes"])  # folding undone


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "picture.csv", "not a table"),
        (b"PK\x03\x04garbage", "broken.xlsx", "not an Excel workbook"),
        (b"not a workbook", "fake.xlsx", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls", "97-2003"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\n", "open.vcf", None),
    ],
)
def test_bad_files_give_one_clear_error(
    tmp_path: Path, content: bytes, name: str, message: str | None
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    if message is None:  # a card without END:VCARD still reads
        assert readers.read_table(path).rows == [[""] * len(vcard.VCARD_HEADERS)]
        return
    with pytest.raises(ImportFileError, match=message):
        readers.read_table(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_a_file_read_a_slice_at_a_time_reads_as_a_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """Issue 16: a big file is decoded and cleaned in slices (so a worker reading it lets
    the window run); characters cut across two slices, a bad byte and a control character
    at a slice's edge read exactly as one pass reads them."""
    people = [f"张伟{n},上海华信贸易{n}\u202e,1380013{n:04d}" for n in range(40)]
    lines = ["姓名,公司,手机", *people]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    if encoding == "utf-8":
        data += "王芳,".encode() + b"\xff\xfe" + b",13900001111\r\n"  # bytes that are not UTF-8
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    whole = readers.read_table(path, encoding=encoding)
    for size in (1, 2, 3, 7, 64):
        monkeypatch.setattr(readers, "_SLICE", size)
        sliced = readers.read_table(path, encoding=encoding)
        assert (sliced.headers, sliced.rows, sliced.notes) == (
            whole.headers,
            whole.rows,
            whole.notes,
        ), size
    assert whole.rows[0] == ["张伟0", "上海华信贸易0", "13800130000"]
    assert whole.notes  # the U+202E were taken out


def test_utf8_is_told_a_slice_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "_SLICE", 3)
    assert readers.detect_encoding("姓名,公司\n张伟,华信\n".encode()) == "utf-8"
    assert readers.detect_encoding("姓名,公司\n张伟,华信\n".encode("gb18030")) != "utf-8"


def _read_in_one_pass(data: bytes, encoding: str) -> list[list[str]]:
    """The plain way: the whole text decoded, cleaned, CR CR LF made one line end, and the
    csv module's reader over all of it."""
    import csv
    import io

    text = data.decode(encoding, "replace").removeprefix("\ufeff")
    text = text.translate(readers._BAD_CHARACTERS).replace("\r\r\n", "\r\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",")
    return [[cell.strip() for cell in record] for record in reader]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_a_file_read_a_piece_at_a_time_has_the_records_of_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """Issue 16 point 7: the text is decoded, cleaned and split into lines a piece at a time
    (each piece ending after a line feed), never whole: quoted cells across lines, CR CR LF,
    a lone CR, LF and CR LF line ends and control characters at any piece's edge give the
    records one pass over the whole text gives, and the same note."""
    rows = ["姓名,公司,手机,备注"]
    for n in range(30):
        note = ['"第一行\r\n第二行"', '"a\nb, c"', "plain\x00", '"x\r\ry"', "\u202e右"][n % 5]
        rows.append(f"张伟{n},华信{n},1380013{n:04d},{note}")
    ends = ["\r\n", "\n", "\r\r\n", "\r", "\r\n"]
    text = "".join(row + ends[n % len(ends)] for n, row in enumerate(rows))
    data = text.encode(encoding)
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    expected = _read_in_one_pass(data, encoding)
    header, *records = [r for r in expected if any(r)]
    for size in (1, 3, 8, 50, 1 << 20):
        monkeypatch.setattr(readers, "_SLICE", size)
        table = readers.read_table(path, encoding=encoding, delimiter=",")
        assert table.headers == header, size
        assert table.rows == records, size
        assert len(table.notes) == 1, size
        assert table.notes[0].startswith("12 control"), (size, table.notes)
