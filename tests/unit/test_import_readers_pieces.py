"""Reading a CSV file a piece at a time (issue 16 point 7) against the plain way: the whole
text decoded, cleaned and read in one pass. Random files and random piece sizes: every
record, row number, delimiter, note and refusal must be the one the whole text gives."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from salesdesk.io import readers
from salesdesk.io.readers import ImportFileError


def _read_whole(path: Path, encoding: str | None, delimiter: str | None) -> readers.Table:
    """main's _read_csv before the pieces: one string, cleaned, one csv pass over it."""
    data = path.read_bytes()
    enc = encoding or readers.detect_encoding(data)
    text = data.decode(enc, "replace").removeprefix("\ufeff")
    if readers._control_share(text) > 0.1:
        raise ImportFileError(
            f"{path.name} is not a table of text: import an .xlsx, .csv or .vcf file."
        )
    cleaned = text.translate(readers._BAD_CHARACTERS)
    removed = len(text) - len(cleaned)
    text = cleaned.replace("\r\r\n", "\r\n")
    readers._allow_big_cells()
    try:
        sep = delimiter or readers.detect_delimiter(text[:200_000])
        records = [
            [cell.strip() for cell in record]
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        ]
    except csv.Error as error:
        raise ImportFileError(f"{path.name} is not a readable CSV file ({error}).") from None
    table = readers._grid_to_table(path, "csv", records, merged=[])
    table.encoding, table.delimiter = enc, sep
    if removed == 1:
        table.notes = [
            "1 control or text-direction character (such as NUL or U+202E) "
            "was removed from the cells."
        ]
    elif removed:
        table.notes = [
            f"{removed} control or text-direction characters (such as NUL or U+202E) "
            "were removed from the cells."
        ]
    return table


def _outcome(read: Callable[..., readers.Table], *args: object) -> object:
    try:
        table = read(*args)
    except ImportFileError as error:
        return ("refused", str(error))
    return (
        table.headers,
        table.rows,
        table.row_numbers,
        table.header_row,
        table.delimiter,
        table.encoding,
        table.notes,
    )


def _lazily(path: Path, encoding: str | None, delimiter: str | None) -> readers.Table:
    """read_table(lazy=True) of a file of any size, its rows walked into a list."""
    table = readers._read_csv_lazily(path, path.read_bytes(), encoding, delimiter)
    table.rows = list(table.rows)
    return table


# Characters that break a piece-wise reader when they sit at a piece's edge: line ends of
# every kind, quotes, delimiters, control and direction characters, a BOM, characters of
# two, three and four bytes in UTF-8 (a surrogate pair in UTF-16; four bytes in GB18030).
_ALPHABET = ["a", "b", " ", ",", ";", "\t", '"', "\r", "\n", "\x00", "\x1f", "\u202e",
             "\ufeff", "é", "张", "伟", "😀", "\u2028"]  # fmt: skip
_ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]


def _texts() -> st.SearchStrategy[str]:
    runs = st.lists(
        st.one_of(
            st.sampled_from(_ALPHABET),
            st.sampled_from(["\r\n", "\r\r\n", '"\r\n"', '","', "张伟,华信,13800138000\n"]),
        ),
        max_size=80,
    )
    return runs.map("".join)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=_texts(),
    encoding=st.sampled_from(_ENCODINGS),
    size=st.integers(1, 40),
    delimiter=st.sampled_from([None, ","]),
    bom=st.booleans(),
)
@example(text='a,b\n"x\r\ny",z\r', encoding="utf-8", size=5, delimiter=None, bom=False)
@example(text="a,b\r\r\nc,d\r\r", encoding="utf-16", size=3, delimiter=None, bom=True)
def test_random_files_in_random_pieces_read_as_the_whole_text(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    text: str,
    encoding: str,
    size: int,
    delimiter: str | None,
    bom: bool,
) -> None:
    data = (("\ufeff" if bom else "") + text).encode(encoding)
    if not data or data.isspace():
        return  # refused before any reading (read_table)
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    expected = _outcome(_read_whole, path, encoding, delimiter)
    monkeypatch.setattr(readers, "_SLICE", size)
    got = _outcome(readers._read_csv, path, data, encoding, delimiter)
    assert got == expected


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=120),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "big5hkscs", "cp932", "cp1252"]),
    size=st.integers(1, 17),
)
def test_random_bytes_decode_in_pieces_as_in_one_call(
    monkeypatch: pytest.MonkeyPatch, data: bytes, encoding: str, size: int
) -> None:
    """Bytes a codec refuses (a sequence cut anywhere) are replaced as one decode would."""
    if encoding == "utf-16" and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = codecs.BOM_UTF16_LE + data  # without a BOM: see the test of a chosen UTF-16
    monkeypatch.setattr(readers, "_SLICE", size)
    pieces = list(readers._pieces(data, encoding))
    assert "".join(pieces) == data.decode(encoding, "replace")
    assert all(piece for piece in pieces)
    assert all(piece.endswith("\n") for piece in pieces[:-1])


@pytest.mark.parametrize("size", [1, 2, 3, 5, 1 << 20])
def test_cut_utf16_surrogates_gb18030_four_bytes_and_cr_lf_at_every_edge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    for encoding in ("utf-16-le", "gb18030", "utf-8"):
        text = '姓名,备注\r\n张😀,"第一行\r\r\n第二\r行"\r\r\n李伟,x\x00\r\n王,\u202e末'
        data = text.encode(encoding)
        path = tmp_path / f"cut-{encoding}.csv"
        path.write_bytes(data)
        monkeypatch.setattr(readers, "_SLICE", size)
        got = _outcome(readers._read_csv, path, data, encoding, None)
        assert got == _outcome(_read_whole, path, encoding, None), encoding
        assert got[1] == [["张😀", "第一行\r\n第二\r行"], ["李伟", "x"], ["王", "末"]]  # type: ignore[index]
        assert got[2] == [2, 3, 4]  # type: ignore[index]


def test_one_huge_cell_and_a_line_longer_than_a_piece(tmp_path: Path) -> None:
    """A 1,000,000-character quoted cell with line breaks, spanning the real pieces, and no
    final line end: one cell, whole, and the row numbers after it right."""
    cell = ("长" * 999 + "\r\n") * 1000  # 1,001,000 characters, 3 MB in UTF-8
    text = f'name,notes\r\n"甲","{cell}"\r\n乙,short\r\n丙,"{"x" * (3 << 20)}"'
    data = text.encode()
    path = tmp_path / "huge.csv"
    path.write_bytes(data)
    table = readers._read_csv(path, data, None, None)
    assert _outcome(lambda: table) == _outcome(_read_whole, path, None, None)
    assert table.rows[0] == ["甲", cell.strip()]
    assert table.rows[1] == ["乙", "short"]
    assert len(table.rows[2][1]) == 3 << 20
    assert table.row_numbers == [2, 3, 4]


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("size", [1000, 1 << 20])
def test_the_delimiter_is_told_from_the_first_cleaned_text_as_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, lazy: bool
) -> None:
    """A block of NULs (a file zero-filled after a crash, a download cut short) near the top:
    the delimiter is told from the first 200,000 characters of the cleaned text, as one
    pass does, not from fewer because the NULs counted before they were taken out."""
    nuls = (276_000 if size == 1000 else 2 << 20) - 25_020  # its line end: a slice's last
    text = "a;b;c\n" * 3 + "x" * 25_000 + "\n" + "\x00" * nuls + "\n" + "a,b,c,d\n" * 1000
    data = text.encode()
    path = tmp_path / "zero-filled.csv"
    path.write_bytes(data)
    monkeypatch.setattr(readers, "_SLICE", size)
    expected = _outcome(_read_whole, path, None, None)
    assert expected[4] == ","  # type: ignore[index]
    if lazy:
        assert _outcome(_lazily, path, None, None) == expected
    else:
        assert _outcome(readers._read_csv, path, data, None, None) == expected


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_utf16_chosen_for_a_file_without_a_bom_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: str, lazy: bool
) -> None:
    """'utf-16' picked in the wizard's list for a file saved without a BOM: Python's
    incremental UTF-16 decoder refuses such a stream with a bare UnicodeError (no sentence
    for the user, an internal error in the window); the file is read in its byte order."""
    monkeypatch.setattr(readers, "LAZY_ABOVE", 0)
    text = "姓名,手机\r\n张伟,13800138000\r\n李娜,13900139000\r\n"
    path = tmp_path / "no-bom.csv"
    path.write_bytes(text.encode(order))
    table = readers.read_table(path, encoding="utf-16", lazy=lazy)
    assert table.headers == ["姓名", "手机"]
    assert list(table.rows) == [["张伟", "13800138000"], ["李娜", "13900139000"]]
    assert table.row_numbers == [2, 3]


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=_texts(),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
    delimiter=st.sampled_from([None, ","]),
)
@example(text="\r\u202e\na", encoding="utf-8", delimiter=",")  # a character between CR, LF
@example(text='h,i\n"x\r\x00\r\x00\ny",z\n', encoding="utf-8", delimiter=",")  # in a cell
@example(text=",a\r\n,a\r\nx", encoding="utf-8", delimiter=",")  # a short row fills column 1
def test_a_file_left_in_the_file_reads_as_the_whole_text(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    encoding: str,
    delimiter: str | None,
) -> None:
    """read_table(lazy=True) (the CLI's import of a file over 8 MB) walks the rows from the
    file: the same rows, row numbers and note as the whole text read at once; a column with
    no header kept when any row has a value in it (a row shorter than the columns filled
    so far too: 'x' under ',a')."""
    data = text.encode(encoding)
    if not data or data.isspace():
        return
    path = tmp_path / "lazy.csv"
    path.write_bytes(data)
    monkeypatch.setattr(readers, "_SLICE", 5)

    expected = _outcome(_read_whole, path, encoding, delimiter)
    assert _outcome(_lazily, path, encoding, delimiter) == expected


def test_a_column_without_a_header_filled_only_in_short_rows_is_kept_lazily(
    tmp_path: Path,
) -> None:
    """Below the first 30 rows too: a value in a column with no header, on a row with fewer
    cells than the columns filled so far, keeps its column (it was dropped with the value)."""
    lines = [",姓名,电话"] + [f",张伟{n},1380013{n:04d}" for n in range(40)] + ["VIP 客户"]
    path = tmp_path / "short-rows.csv"
    path.write_bytes("\n".join(lines).encode())
    eager = _outcome(_read_whole, path, None, None)
    assert eager[0] == ["Column 1", "姓名", "电话"]  # type: ignore[index]
    assert eager[1][-1] == ["VIP 客户", "", ""]  # type: ignore[index]
    assert _outcome(_lazily, path, None, None) == eager
