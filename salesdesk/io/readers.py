"""Customer lists read from .xlsx, .csv and .vcf files into one plain table of text."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import plural
from salesdesk.models.plainfiles import NotPlainFile, read_plain_file

# More rows than Excel holds is not a customer list.
MAX_ROWS = 1_100_000
# Above this size a workbook is read in openpyxl's read-only mode (flat memory),
# which cannot see merged cells.
READ_ONLY_ABOVE = 8 * 1024 * 1024
_HEADER_SCAN = 30

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5hkscs", "utf-16", "cp1252", "shift_jis")
DELIMITERS = (",", ";", "\t", "|")


# Control characters (but tab and line breaks) and the bidirectional overrides that can
# make a name read backwards on screen: removed from every cell.
_BAD_CHARACTERS = {
    **{code: None for code in range(32) if chr(code) not in "\t\r\n"},
    0x7F: None,
    **{code: None for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def clean_cell(text: str) -> str:
    """The text without control or bidirectional-override characters."""
    return text.translate(_BAD_CHARACTERS) if _BAD_PATTERN.search(text) else text


_BAD_PATTERN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


# A slice at a time, here and below: one C call over a 50 MB text holds the interpreter
# lock 0.1-0.5 s, and the window, reading the file on a worker, stood still that long.
_SLICE = 1 << 20  # characters (bytes) a C call takes at once: a few ms


class ImportFileError(UserError):
    """A file that cannot be read as a customer list; the message says why."""


@dataclass
class Table:
    """A file's header and rows, every cell as text, with the row numbers a user sees."""

    path: Path
    kind: str  # 'xlsx' | 'csv' | 'vcf'
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # spreadsheet row (CSV record, vCard number) of each row
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    notes: list[str] = field(default_factory=list)  # what reading changed (characters removed)
    deals_sheet: str | None = None  # a sheet of sales in the same workbook
    deals: Table | None = None


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    lazy: bool = False,
) -> Table:
    """Read any supported file; ImportFileError with one clear sentence for anything else.

    lazy: a CSV file over LAZY_ABOVE bytes is read once to find its header and shape, and
    its rows are read again from the file each time they are walked (table.rows is a
    LazyRows), so a 200,000-row file is never held (issue 14). Same rows either way.
    """
    path = Path(path)
    try:
        data = read_plain_file(path)
    except NotPlainFile:
        raise ImportFileError(
            f"{path} is not a plain file (a pipe or a device), not a file to import."
        ) from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file to import.") from None
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist.") from None
    except OSError as error:
        raise ImportFileError(f"Cannot read {path}: {error.strerror or error}.") from None
    if not data or data.isspace():  # not data.strip(): a copy of the whole file
        raise ImportFileError(f"{path.name} is empty: there is nothing to import.")
    suffix = path.suffix.lower()
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            f"{path.name} is an old Excel 97-2003 workbook: save it as .xlsx and import that."
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, sheet)
    if suffix == ".xlsx":
        raise ImportFileError(f"{path.name} is not an Excel workbook (it may be damaged).")
    from salesdesk.io import vcard

    if suffix in (".vcf", ".vcard") or vcard.looks_like_vcard(_as_utf8_head(data)):
        return _read_vcf(path, data)
    if lazy and len(data) > LAZY_ABOVE:
        return _read_csv_lazily(path, data, encoding, delimiter)
    return _read_csv(path, data, encoding, delimiter)


def _as_utf8_head(data: bytes) -> bytes:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data[:400].decode("utf-16", "replace").encode("utf-8")
    return data[:400]


# -- CSV -----------------------------------------------------------------------------------
def detect_encoding(data: bytes) -> str:
    """The encoding of a text file: BOM, UTF-16 without BOM, UTF-8, else a guess."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4000]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        # ASCII text in UTF-16 without a BOM: every other byte is zero.
        even_zeros = head[0::2].count(0)
        return "utf-16-be" if even_zeros > head[1::2].count(0) else "utf-16-le"
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        for at in range(0, len(data), _SLICE):  # a slice at a time (see _SLICE)
            decoder.decode(data[at : at + _SLICE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else "cp1252"
    guess = codecs.lookup(guess).name
    if guess in ("gb2312", "gbk", "gb18030", "hz"):
        return "gb18030"  # GB18030 reads every GBK and GB2312 file
    if guess in ("big5", "big5hkscs", "cp950"):
        return "big5hkscs"
    if guess in ("shift_jis", "cp932"):
        return "cp932"
    if guess.startswith(("cp125", "iso8859", "latin", "mac-")):
        # Western single-byte guesses differ only in rare letters; Excel writes cp1252.
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return guess
        return "cp1252"
    return guess


def _with_byte_order(encoding: str, data: bytes) -> str:
    """The encoding chosen, but 'utf-16' for a text without a BOM: its byte order, told as
    detect_encoding tells it (Python's incremental UTF-16 decoder refuses such a stream)."""
    if codecs.lookup(encoding).name != "utf-16" or data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return encoding
    head = data[:4000]
    return "utf-16-be" if head[0::2].count(0) > head[1::2].count(0) else "utf-16-le"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most fields, most consistently."""
    sample = "\n".join(text.splitlines()[:50])
    best, best_score = ",", 0.0
    for candidate in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=candidate) if r]
        if not counts:
            continue
        widest = max(set(counts), key=counts.count)
        if widest < 2:
            continue
        share = counts.count(widest) / len(counts)
        score = share * 10 + min(widest, 50) / 50
        if score > best_score:
            best, best_score = candidate, score
    return best


def _removed_note(count: int) -> str:
    """What a read says of the control characters it took out of the cells."""
    return plural(
        count,
        f"{count} control or text-direction character (such as NUL or U+202E) "
        "was removed from the cells.",
        f"{count} control or text-direction characters (such as NUL or U+202E) "
        "were removed from the cells.",
    )


def _read_csv(path: Path, data: bytes, encoding: str | None, delimiter: str | None) -> Table:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(f"'{encoding}' is not an encoding this program knows.") from None
    enc = _with_byte_order(encoding, data) if encoding else detect_encoding(data)
    # The text is never made whole: decoded, cleaned and cut into lines a piece at a time
    # (_pieces). The whole text, its copy into a StringIO for the csv reader and the
    # checks over it were C calls over 50 MB, each holding the interpreter lock 20-60 ms
    # (one join 0.2 s on a loaded machine) while the window, reading on a worker, waited.
    pieces = _pieces(data, enc)
    del data  # the pieces hold it until they are read
    notes: list[str] = []
    removed = [0]  # control and text-direction characters taken out, piece by piece

    def cleaned(piece: str) -> str:
        piece, taken = _cleaned_piece(piece)
        removed[0] += taken
        return piece

    head = _text_start(path, pieces, cleaned)
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t", "TAB": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise ImportFileError("The delimiter must be one character, such as , ; or tab.")
    _allow_big_cells()

    def lines() -> Iterator[str]:
        # Each piece ends at a line end: its lines are the lines of the whole text.
        for piece in itertools.chain(head, map(cleaned, pieces)):
            yield from io.StringIO(piece, newline="")

    try:
        sep = delimiter or detect_delimiter("".join(head)[:200_000])
        records = []
        # A loop, not list(reader): list() runs the reader to the end in C, holding the
        # interpreter lock for the whole file (0.5-1 s at 200,000 rows).
        for record in csv.reader(lines(), delimiter=sep):
            for index, cell in enumerate(record):  # strip() gives the same text back
                record[index] = cell.strip()  # when there is nothing to take off
            records.append(record)
    except csv.Error as error:
        raise ImportFileError(f"{path.name} is not a readable CSV file ({error}).") from None
    if removed[0]:
        notes.append(_removed_note(removed[0]))
    if len(records) > MAX_ROWS:
        raise ImportFileError(f"{path.name} has more than {MAX_ROWS} rows.")
    table = _grid_to_table(path, "csv", records, merged=[])
    table.encoding = enc
    table.delimiter = sep
    table.notes = notes
    return table


def _pieces(data: bytes | Iterable[bytes], encoding: str) -> Iterator[str]:
    """data.decode(encoding, "replace") in pieces of about _SLICE that each end after a
    line feed (the last one where the text ends); a text without line feeds in one piece.
    data: the bytes, or their slices one after another (a file read a slice at a time)."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    held: list[str] = []  # the text after the last line feed
    if isinstance(data, bytes):
        whole = data
        data = (whole[at : at + _SLICE] for at in range(0, len(whole), _SLICE))
    for chunk in data:
        part = decoder.decode(chunk)
        cut = part.rfind("\n") + 1
        if not cut:
            held.append(part)
            continue
        held.append(part[:cut])
        yield "".join(held)
        held = [part[cut:]]
    held.append(decoder.decode(b"", final=True))
    rest = "".join(held)
    if rest:
        yield rest


def _text_start(path: Path, pieces: Iterator[str], cleaned: Callable[[str], str]) -> list[str]:
    """The first pieces of the text, cleaned, till they hold the 200,000 characters the
    delimiter is told from (the rest stay in pieces); ImportFileError when the first 20,000
    characters as read are mostly control characters (a binary file)."""
    head: list[str] = []
    for piece in pieces:
        head.append(piece.removeprefix("\ufeff") if not head else piece)
        if sum(map(len, head)) >= 20_000:
            break
    if _control_share("".join(head)[:20_000]) > 0.1:
        raise ImportFileError(
            f"{path.name} is not a table of text: import an .xlsx, .csv or .vcf file."
        )
    head = [cleaned(piece) for piece in head]
    # 200,000 characters of the cleaned text, as one pass over it had: counted before
    # cleaning, a block of NULs (a zero-filled file) left fewer lines to tell the delimiter
    # from, and a file read with ';' instead of ','.
    while sum(map(len, head)) < 200_000 and (more := next(pieces, None)) is not None:
        head.append(cleaned(more))
    return head


def _cleaned_piece(piece: str) -> tuple[str, int]:
    """A piece of the text (_pieces) without control and text-direction characters, and
    CR CR LF as one line end; with how many characters were taken out. The same as over the
    whole text: a piece ends after a line feed, so no line end is cut between two."""
    removed = 0
    if _BAD_PATTERN.search(piece):
        clean = piece.translate(_BAD_CHARACTERS)
        removed = len(piece) - len(clean)
        piece = clean
    # iOS and some mail programs end lines with CR CR LF: one line end, not a blank row.
    return (piece.replace("\r\r\n", "\r\n") if "\r\r\n" in piece else piece), removed


# Above this size read_table(lazy=True) leaves a CSV file's rows in the file.
LAZY_ABOVE = 8 * 1024 * 1024


def _read_csv_lazily(path: Path, data: bytes, encoding: str | None, delimiter: str | None) -> Table:
    """What _read_csv gives, with the rows left in the file: one pass now for the header,
    the width, the columns with values and the row numbers; the rows on each walk."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(f"'{encoding}' is not an encoding this program knows.") from None
    enc = _with_byte_order(encoding, data) if encoding else detect_encoding(data)
    # The start of the text, for the checks _read_csv makes on it (the same pieces).
    head = _text_start(path, _pieces(data, enc), lambda piece: _cleaned_piece(piece)[0])
    del data
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t", "TAB": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise ImportFileError("The delimiter must be one character, such as , ; or tab.")
    _allow_big_cells()
    try:
        sep = delimiter or detect_delimiter("".join(head)[:200_000])
    except csv.Error as error:
        raise ImportFileError(f"{path.name} is not a readable CSV file ({error}).") from None
    del head
    source = LazyRows(path, enc, sep)
    grid: list[list[str]] = []  # the rows a header may be in
    width = 0
    top: int | None = None
    filled: set[int] = set()  # columns with a value below the header
    numbers: list[int] = []  # the record number of each row with a value

    def below_header(index: int, values: list[str]) -> None:
        # values as read: a cell of spaces is empty (the rows are stripped when walked).
        if index > (top or 0) + 1 and any(cell.strip() for cell in values):
            numbers.append(index)
            if len(filled) < width:  # a column seen is still empty (not: this row's width)
                filled.update(c for c, cell in enumerate(values) if cell.strip())

    first_below = 0  # the record number after the header's, once the header is found
    for index, values in enumerate(source.records(count_removed=True, strip=False), 1):
        if index > MAX_ROWS:
            raise ImportFileError(f"{path.name} has more than {MAX_ROWS} rows.")
        width = max(width, len(values))
        if index <= _HEADER_SCAN:
            grid.append([cell.strip() for cell in values])
            if index == _HEADER_SCAN:
                top = _header_index(grid, [])
                first_below = (top or 0) + 1
                for number, held in enumerate(grid, 1):
                    below_header(number, held)
        # below_header(index, values) written out: most of a long file's first pass went to
        # the call and its any() over a generator (issue 14). A cell of spaces is empty, so
        # the row has a value when its cells joined are not all spaces.
        elif index > first_below and "".join(values).strip():
            numbers.append(index)
            if len(filled) < width:  # a column seen is still empty (not: this row's width)
                filled.update(c for c, cell in enumerate(values) if cell.strip())
    if len(grid) < _HEADER_SCAN:
        top = _header_index(grid, [])
        for number, held in enumerate(grid, 1):
            below_header(number, held)
    if top is None:
        raise ImportFileError(f"{path.name} has no rows to import.")
    for row in grid:
        row.extend([""] * (width - len(row)))
    headers = _header_names(grid, [], top, top, width)
    removed = source.removed
    keep = [c for c in range(width) if headers[c] or c in filled]
    source.shape(top + 1, width, keep if len(keep) < width else None, len(numbers))
    notes: list[str] = []
    if removed:
        notes.append(_removed_note(removed))
    return Table(
        path,
        "csv",
        [headers[c] or f"Column {c + 1}" for c in keep],
        source,  # type: ignore[arg-type]  # a sequence of rows read as it is walked
        numbers,
        encoding=enc,
        delimiter=sep,
        header_row=top + 1,
        notes=notes,
    )


class LazyRows:
    """A CSV file's rows below its header, read from the file each time they are walked:
    cleaned, stripped, padded and with the empty columns left out as _read_csv has them."""

    def __init__(self, path: Path, encoding: str, delimiter: str) -> None:
        self.path = path
        self.encoding = encoding
        self.delimiter = delimiter
        self.removed = 0
        self._skip = 0
        self._width = 0
        self._keep: list[int] | None = None
        self._count = 0
        stat = path.stat()
        self._signature = (stat.st_size, stat.st_mtime_ns)

    def shape(self, skip: int, width: int, keep: list[int] | None, count: int) -> None:
        self._skip, self._width, self._keep, self._count = skip, width, keep, count

    def _lines(self, count_removed: bool) -> Iterator[str]:
        """The file's lines as _read_csv sees its text: CR CR LF as one line end, control
        and text-direction characters removed."""
        try:
            stat = self.path.stat()
            if (stat.st_size, stat.st_mtime_ns) != self._signature:
                raise ImportFileError(
                    f"{self.path.name} changed while it was being read: nothing was imported."
                )
            handle = self.path.open("rb")
        except OSError as error:
            raise ImportFileError(f"Cannot read {self.path}: {error.strerror or error}.") from None
        # Decoded, cleaned and cut into lines a piece at a time as _read_csv does: cut into
        # lines first, a character taken out between a CR and its LF made two line ends of
        # one (a blank record more, every row number after it one higher).
        with handle:
            slices = iter(lambda: handle.read(_SLICE), b"")
            for index, read in enumerate(_pieces(slices, self.encoding)):
                piece, removed = _cleaned_piece(read if index else read.removeprefix("\ufeff"))
                if count_removed:
                    self.removed += removed
                yield from io.StringIO(piece, newline="")

    def records(self, *, count_removed: bool = False, strip: bool = True) -> Iterator[list[str]]:
        """Every record of the file, its cells stripped (or as read)."""
        reader = csv.reader(self._lines(count_removed), delimiter=self.delimiter)
        try:
            for record in reader:
                yield [cell.strip() for cell in record] if strip else record
        except csv.Error as error:
            raise ImportFileError(
                f"{self.path.name} is not a readable CSV file ({error})."
            ) from None

    def __iter__(self) -> Iterator[list[str]]:
        width, keep = self._width, self._keep
        for index, values in enumerate(self.records(), 1):
            if index <= self._skip:
                continue
            if len(values) < width:
                values.extend([""] * (width - len(values)))
            if not any(values):
                continue
            yield [values[c] for c in keep] if keep is not None else values

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[list[str]]:
        """The first rows (rows[:n]), as a preview shows them."""
        if not isinstance(index, slice) or index.start not in (None, 0) or index.step:
            raise TypeError("LazyRows gives its first rows only: rows[:n]")
        stop = self._count if index.stop is None else index.stop
        return list(itertools.islice(iter(self), stop))


def _allow_big_cells() -> None:
    """The csv module refuses a cell over 128 KB; a pasted document in a notes cell is one.

    The card keeps what fits and the report says what was cut.
    """
    if csv.field_size_limit() < _BIG_CELL:
        csv.field_size_limit(_BIG_CELL)


_BIG_CELL = 64 * 1024 * 1024


def _control_share(text: str) -> float:
    """How much of the start is control characters: a binary file is mostly them."""
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = len(sample) - len(sample.translate(_C0))
    return bad / len(sample)


_C0 = {code: None for code in (*range(32), 0x7F) if chr(code) not in "\t\r\n"}


# -- vCard ---------------------------------------------------------------------------------
def _read_vcf(path: Path, data: bytes) -> Table:
    from salesdesk.io import vcard

    fallback = "utf-8"
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        for at in range(0, len(data), _SLICE):  # a slice at a time (see _SLICE)
            decoder.decode(data[at : at + _SLICE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        fallback = detect_encoding(data)
    try:
        cards = vcard.read_vcards(data, fallback)
    except vcard.VCardError:
        raise ImportFileError(f"{path.name} is not a vCard file (no BEGIN:VCARD).") from None
    if not cards:
        raise ImportFileError(f"{path.name} holds no contacts.")
    return Table(
        path=path,
        kind="vcf",
        headers=list(vcard.VCARD_HEADERS),
        rows=[vcard.to_row(card) for card in cards],
        row_numbers=[card.number for card in cards],
        encoding=None if fallback == "utf-8" else fallback,
        header_row=0,
    )


# -- Excel ---------------------------------------------------------------------------------
def _read_xlsx(path: Path, sheet: str | None) -> Table:
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    read_only = path.stat().st_size > READ_ONLY_ABOVE
    try:
        book = openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            f"{path.name} is not an Excel workbook this program can read ({error})."
        ) from None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise ImportFileError(f"{path.name} has no sheet '{sheet}': it has {', '.join(names)}.")
        tables: list[Table] = []
        for name in names:
            try:
                table = _sheet_table(path, book[name], read_only)
            except ImportFileError:
                if name == sheet:
                    raise
                continue  # an empty sheet: named in the preview as not imported
            table.sheet = name
            tables.append(table)
    finally:
        book.close()
    from salesdesk.io.mapping import deal_columns

    deal_tables = [t for t in tables if deal_columns(t.headers) is not None]
    if sheet is not None:
        chosen = [t for t in tables if t.sheet == sheet]
    else:
        people = [t for t in tables if t not in deal_tables] or tables
        chosen = sorted(people, key=_table_score, reverse=True)[:1]
    if not chosen or not chosen[0].headers:
        raise ImportFileError(f"{path.name} has no rows to import.")
    best = chosen[0]
    best.sheets = names
    deals = [t for t in deal_tables if t is not best]
    if deals:
        best.deals, best.deals_sheet = deals[0], deals[0].sheet
    return best


def _table_score(table: Table) -> float:
    from salesdesk.io.mapping import guess_targets

    known = sum(1 for t in guess_targets(table.headers) if t != "skip")
    return known * 100 + min(len(table.rows), 99) + len([h for h in table.headers if h]) / 100


def _sheet_table(path: Path, worksheet: Any, read_only: bool) -> Table:
    grid: list[list[str]] = []
    merged: list[tuple[int, int, int, int]] = []
    if read_only:
        for values in worksheet.iter_rows(values_only=True):
            grid.append([clean_cell(cell_text(v)) for v in values])
            if len(grid) > MAX_ROWS:
                raise ImportFileError(f"{path.name} has more than {MAX_ROWS} rows.")
    else:
        for cells in worksheet.iter_rows():
            grid.append([clean_cell(cell_text(c.value, c.number_format)) for c in cells])
        # (min_row, min_col, max_row, max_col), zero-based
        merged = [
            (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
            for r in worksheet.merged_cells.ranges
        ]
    return _grid_to_table(path, "xlsx", grid, merged)


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell as text: whole numbers without '.0', dates as ISO, codes keep their zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return repr(value)
        number = str(int(value))
        # A format such as 00000000000 shows a phone number or code with its zeros.
        if re.fullmatch(r"0+", number_format or ""):
            number = number.zfill(len(number_format))
        return number
    return str(value).strip()


# -- finding the header --------------------------------------------------------------------
def _grid_to_table(
    path: Path, kind: str, grid: list[list[str]], merged: list[tuple[int, int, int, int]]
) -> Table:
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend([""] * (width - len(row)))
    top = _header_index(grid, merged)
    if top is None:
        raise ImportFileError(f"{path.name} has no rows to import.")
    # A header built of stacked merged cells ends where its tallest merge ends.
    bottom = top
    for r0, _c0, r1, _c1 in merged:
        if r0 == top:
            bottom = max(bottom, r1)
    headers = _header_names(grid, merged, top, bottom, width)
    _fill_merged_data(grid, merged, bottom + 1)
    rows: list[list[str]] = []
    numbers: list[int] = []
    for index in range(bottom + 1, len(grid)):
        row = grid[index]
        if any(cell for cell in row):
            rows.append(row)
            numbers.append(index + 1)
    # Drop columns with neither a header nor any value (a trailing comma on every line).
    keep = [c for c in range(width) if headers[c] or any(r[c] for r in rows)]
    headers = [headers[c] or f"Column {c + 1}" for c in keep]
    if len(keep) < width:
        rows = [[r[c] for c in keep] for r in rows]
    return Table(path, kind, headers, rows, numbers, header_row=top + 1)


def _header_index(grid: list[list[str]], merged: list[tuple[int, int, int, int]]) -> int | None:
    """The first row that looks like a header: a title row merged across the top is not one."""
    from salesdesk.io.mapping import guess_targets

    filled_rows = [i for i, row in enumerate(grid[:_HEADER_SCAN]) if any(row)]
    if not filled_rows:
        return None
    widest = max(sum(1 for c in grid[i] if c) for i in filled_rows)
    wide_merges = {r0 for r0, c0, _r1, c1 in merged if c1 - c0 >= 2}
    for i in filled_rows:
        row = grid[i]
        filled = sum(1 for c in row if c)
        if filled < 2 and widest >= 2:
            continue  # a title ('客户名单 2025'), merged across the top or not
        if any(t != "skip" for t in guess_targets(row)):
            return i
        if filled >= max(2, widest // 2) and not (i in wide_merges and filled <= 2):
            return i
    return filled_rows[0]


def _header_names(
    grid: list[list[str]],
    merged: list[tuple[int, int, int, int]],
    top: int,
    bottom: int,
    width: int,
) -> list[str]:
    block = [list(grid[r]) for r in range(top, bottom + 1)]
    for r0, c0, r1, c1 in merged:
        if r1 < top or r0 > bottom:
            continue
        value = grid[r0][c0] if r0 < len(grid) and c0 < width else ""
        for r in range(max(r0, top), min(r1, bottom) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                block[r - top][c] = value
    names = []
    for c in range(width):
        parts: list[str] = []
        for row in block:
            text = _one_line(row[c])
            if text and text not in parts:
                parts.append(text)
        names.append(" ".join(parts))
    return names


def _one_line(text: str) -> str:
    """A header cell with line breaks ('原料中成分含\\n量') as one line."""

    def join(match: re.Match[str]) -> str:
        before, after = match.group(1), match.group(2)
        wide = ord(before) > 0x2E80 or ord(after) > 0x2E80
        return before + ("" if wide else " ") + after

    text = re.sub(r"(\S)\s*[\r\n]+\s*(\S)", join, text.strip())
    return re.sub(r"\s+", " ", text)


def _fill_merged_data(
    grid: list[list[str]], merged: list[tuple[int, int, int, int]], first_data: int
) -> None:
    """A value merged over several data rows (an area, a company) belongs to each of them."""
    for r0, c0, r1, c1 in merged:
        if r0 < first_data:
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                grid[r][c] = value
