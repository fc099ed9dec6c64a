"""The manager's workbook: a Summary sheet, then one Excel table per kind of record (DESIGN §5).

Every sheet is written in openpyxl's write-only mode, so 100,000 cards and a
year of contacts stream through with flat memory (a normal workbook holds
every cell as an object: 500 MB for 100,000 rows, DESIGN §7). That mode has
no going back, so column widths are fitted to the first rows of each sheet
before they are written, and each table's columns are given by hand.

Runs without Qt: the window calls it on a worker thread with `progress`
and `cancelled`; it touches nothing but the database and the target file.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import chain, islice
from pathlib import Path
from typing import Any

from salesdesk.domain.errors import UserError
from salesdesk.domain.grades import GRADE_COLORS, GRADES
from salesdesk.domain.values import parse_phones, parse_tags
from salesdesk.domain.words import word
from salesdesk.models import clock
from salesdesk.models.store import Store
from salesdesk.models.tables import database_proxy, on_store
from salesdesk.services import analytics
from salesdesk.services.analytics import Period
from salesdesk.services.summary import (
    CAUSES,
    COMPLAINT_KPIS,
    LOYALTY_KPIS,
    RATES,
    RECEIVABLE_KPIS,
    TREND_KPIS,
    CardScope,
    PeriodSummary,
    period_summary,
)

MAX_ROWS = 1_048_576  # Excel's rows a sheet, the header row included
MAX_CELL_TEXT = 32_767  # Excel's characters a cell
CUT_MARK = "…[cut]"
MAX_WIDTH = 30  # widest column, in characters: longer text wraps (and prints one page wide)
ID_WIDTH = 37  # a card id's column: its 36 characters on one line
WIDTH_SAMPLE = 2_000  # rows looked at to fit the column widths
CHECK_EVERY = 500  # rows between looks at cancelled() and reports to progress()
MAX_CHART_POINTS = 60  # months on the chart; a longer period is shown every n months

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MONEY_FORMAT = "#,##0.00"
SHARE_FORMAT = "0.0%"
TEXT_FORMAT = "@"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(UserError):
    """The user stopped the export; no file was written."""


# -- what goes into each sheet ------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    header: str  # a key of salesdesk.domain.words
    kind: str  # text, word:<prefix>, date, datetime, money, int, bool, grade, phones, tags


@dataclass(frozen=True)
class Sheet:
    name: str  # a key of salesdesk.domain.words
    table: str  # the table's name in Excel: ASCII, no spaces, unique in the workbook
    columns: tuple[Column, ...]
    select: str  # SELECT … FROM x JOIN card c …, without WHERE
    day_column: str | None  # the column the period applies to
    order: str


def _cols(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(header, kind) for header, kind in pairs)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "sheet.cards",
        "Cards",
        _cols(
            ("field.name", "text"),
            ("field.company", "text"),
            ("field.title", "text"),
            ("field.phones", "phones"),
            ("field.wechat", "text"),
            ("field.email", "text"),
            ("field.address", "text"),
            ("field.area", "text"),
            ("field.grade", "grade"),
            ("field.f_kind", "text"),
            ("field.grade_note", "text"),
            ("field.blocker", "text"),
            ("field.recheck_on", "date"),
            ("field.status", "word:status"),
            ("field.source", "word:source"),
            ("field.referred_by", "text"),
            ("field.birthday", "date"),
            ("field.style", "word:style"),
            ("field.key_customer", "bool"),
            ("field.credit", "word:credit"),
            ("field.tags", "tags"),
            ("field.notes", "text"),
            ("field.owner", "text"),
            ("field.last_contact", "datetime"),
            ("field.next_visit", "date"),
            ("col.card_id", "text"),
        ),
        "SELECT c.name, c.company, c.title, c.phones, c.wechat, c.email, c.address, c.area, "
        "c.grade, "
        "c.f_kind, c.grade_note, c.blocker, c.recheck_on, c.status, c.source, r.name, "
        "c.birthday, c.style, c.key_customer, c.credit, c.tags, c.notes, c.owner, "
        "c.last_contact_at, c.next_visit_on, c.id "
        "FROM card c LEFT JOIN card r ON r.id = c.referred_by",
        None,
        "c.sort_name, c.id",
    ),
    Sheet(
        "sheet.contacts",
        "ContactLog",
        _cols(
            ("col.when", "datetime"),
            ("field.name", "text"),
            ("field.company", "text"),
            ("col.channel", "word:channel"),
            ("col.summary", "text"),
            ("col.outcome", "text"),
            ("col.grade_after", "grade"),
            ("col.card_id", "text"),
        ),
        "SELECT x.at, c.name, c.company, x.channel, x.summary, x.outcome, x.grade_after, c.id "
        "FROM contact x JOIN card c ON c.id = x.card_id",
        "x.at",
        "x.at, x.id",
    ),
    Sheet(
        "sheet.visits",
        "Visits",
        _cols(
            ("col.due_on", "date"),
            ("col.due_time", "text"),
            ("field.name", "text"),
            ("field.company", "text"),
            ("field.area", "text"),
            ("col.purpose", "word:purpose"),
            ("col.visit_status", "word:visit"),
            ("col.done_at", "datetime"),
            ("col.card_id", "text"),
        ),
        "SELECT x.due_on, x.due_time, c.name, c.company, c.area, x.purpose, x.status, "
        "x.done_at, c.id FROM visit x JOIN card c ON c.id = x.card_id",
        "x.due_on",
        "x.due_on, x.due_time, x.id",
    ),
    Sheet(
        "sheet.grade_history",
        "GradeHistory",
        _cols(
            ("col.when", "datetime"),
            ("field.name", "text"),
            ("field.company", "text"),
            ("col.from_grade", "grade"),
            ("col.from_f_kind", "text"),
            ("col.to_grade", "grade"),
            ("col.to_f_kind", "text"),
            ("col.reason", "text"),
            ("field.blocker", "text"),
            ("field.recheck_on", "date"),
            ("col.card_id", "text"),
        ),
        "SELECT x.at, c.name, c.company, x.from_grade, x.from_f_kind, x.to_grade, "
        "x.to_f_kind, x.reason, x.blocker, x.recheck_on, c.id "
        "FROM grade_change x JOIN card c ON c.id = x.card_id",
        "x.at",
        "x.at, x.id",
    ),
    Sheet(
        "sheet.deals",
        "Deals",
        _cols(
            ("col.closed_on", "date"),
            ("field.name", "text"),
            ("field.company", "text"),
            ("col.product", "text"),
            ("col.amount", "money"),
            ("col.note", "text"),
            ("col.card_id", "text"),
        ),
        "SELECT x.closed_on, c.name, c.company, x.product, x.amount, x.note, c.id "
        "FROM deal x JOIN card c ON c.id = x.card_id",
        "x.closed_on",
        "x.closed_on, x.id",
    ),
    # Issue 20: each deal's plan in force and the payments received on it.
    Sheet(
        "sheet.payments",
        "Payments",
        _cols(
            ("col.payment_day", "date"),
            ("field.name", "text"),
            ("field.company", "text"),
            ("col.product", "text"),
            ("col.payment_kind", "word:payment"),
            ("col.amount", "money"),
            ("col.method", "word:method"),
            ("col.note", "text"),
            ("col.card_id", "text"),
        ),
        "SELECT x.day, c.name, c.company, d.product, x.kind, x.amount, x.method, x.note, c.id "
        "FROM (SELECT * FROM payment p WHERE p.kind = 'receipt' OR p.plan_id IS ("
        "SELECT q.plan_id FROM payment q WHERE q.deal_id = p.deal_id AND q.deleted = 0 "
        "AND q.kind = 'installment' ORDER BY q.created DESC, q.plan_id DESC LIMIT 1)) x "
        "JOIN deal d ON d.id = x.deal_id AND d.deleted = 0 JOIN card c ON c.id = x.card_id",
        "x.day",
        "x.day, x.kind, x.id",
    ),
    Sheet(
        "sheet.cases",
        "ServiceCases",
        _cols(
            ("col.opened_at", "datetime"),
            ("field.name", "text"),
            ("field.company", "text"),
            ("col.case_kind", "word:case"),
            ("col.content", "text"),
            ("col.first_response_at", "datetime"),
            ("col.response", "text"),
            ("col.resolved_at", "datetime"),
            ("col.resolution", "text"),
            ("col.satisfaction", "int"),
            ("col.card_id", "text"),
        ),
        "SELECT x.opened_at, c.name, c.company, x.kind, x.content, x.first_response_at, "
        "x.response, x.resolved_at, x.resolution, x.satisfaction, c.id "
        "FROM service_case x JOIN card c ON c.id = x.card_id",
        "x.opened_at",
        "x.opened_at, x.id",
    ),
    # Issue 18: Cards has some 25 columns; printed readable, one band of cards takes several
    # pages. The list a manager takes to a meeting has the columns that matter there and
    # prints one page wide at close to full size.
    Sheet(
        "sheet.cards_print",
        "CardsPrint",
        _cols(
            ("field.name", "text"),
            ("field.company", "text"),
            ("field.grade", "grade"),
            ("field.phones", "phones"),
            ("field.area", "text"),
            ("field.next_visit", "date"),
            ("field.last_contact", "datetime"),
            ("field.owner", "text"),
        ),
        "SELECT c.name, c.company, c.grade, c.phones, c.area, c.next_visit_on, "
        "c.last_contact_at, c.owner FROM card c",
        None,
        "c.sort_name, c.id",
    ),
)


# -- which rows -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """The cards and the period asked for, as SQL conditions on `c` (card) and `x` (the record)."""

    grades: frozenset[str]
    card_ids: tuple[str, ...] | None
    date_from: date | None
    date_to: date | None
    db: Any = None  # the open store's database: reads go to it, never to a global

    def where(self, day_column: str | None) -> tuple[str, list[Any]]:
        import json

        parts = ["c.deleted = 0"]
        params: list[Any] = []
        if day_column is not None:
            parts.append("x.deleted = 0")
            if self.date_from is not None:
                parts.append(f"{day_column} >= ?")
                params.append(self.date_from.isoformat())
            if self.date_to is not None:
                # ISO text sorts as time: everything before the next day, dates and date-times alike
                parts.append(f"{day_column} < ?")
                params.append((self.date_to + timedelta(days=1)).isoformat())
        if self.grades:
            marks = ",".join("?" * len(self.grades))
            parts.append(f"(c.grade IN ({marks}) OR coalesce(c.f_kind, '') IN ({marks}))")
            params.extend(sorted(self.grades))
            params.extend(sorted(self.grades))
        if self.card_ids is not None:
            # One JSON parameter rather than 100,000 placeholders (SQLite allows 32,766).
            parts.append("c.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(self.card_ids)))
        return " AND ".join(parts), params


def _rows(db: Any, sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    cursor = db.execute_sql(sql, params)
    while True:
        chunk = cursor.fetchmany(2_000)
        if not chunk:
            return
        yield from chunk


def _count(sheet: Sheet, scope: Scope) -> int:
    where, params = scope.where(sheet.day_column)
    from_part = sheet.select[sheet.select.index(" FROM ") :]
    # The referrer's name is shown, never filtered on: counting needs no join for it.
    from_part = from_part.replace(" LEFT JOIN card r ON r.id = c.referred_by", "")
    sql = f"SELECT count(*) {from_part} WHERE {where}"
    return int(scope.db.execute_sql(sql, params).fetchone()[0])


# -- cell values ----------------------------------------------------------------------------
# What XML 1.0 forbids (openpyxl's ILLEGAL_CHARACTERS_RE) and what lxml also refuses to write.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Excel's day 0 for serial dates and date-times (from 1900-03-01 on; see to_excel before it).
_EPOCH = datetime(1899, 12, 30)
_EPOCH_DAY = _EPOCH.date()
_DAY = timedelta(days=1)

# A cell as the fast row writer takes it: ("s", text, style id) or ("n", number, style id).
CellValue = tuple[str, Any, int]


def clean_cell_text(value: object, cut_mark: str = CUT_MARK) -> str:
    """Text a cell can hold: no characters XML forbids, cut with a visible mark at Excel's limit
    (the mark in the workbook's language: word("xlsx.cut", lang))."""
    text = str(value)
    # Printable text holds nothing XML forbids (those are control, surrogate or unassigned).
    if not text.isprintable():
        text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - len(cut_mark)] + cut_mark
    return text


def display_width(text: str) -> int:
    """Columns a text takes on screen: a CJK or full-width character takes two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _parse_datetime(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    # Excel has no time zones; the program stores local time already.
    return moment.replace(tzinfo=None, microsecond=0)


def _is_dark(hex_colour: str) -> bool:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 150


class _Styles:
    """The few cell formats of the workbook, registered once; cells refer to them by id."""

    @classmethod
    def placeholder(cls) -> _Styles:
        """Ids for when only the cells' text matters (fitting the widths)."""
        styles = cls.__new__(cls)
        styles.date = styles.datetime = styles.money = styles.text = styles.quoted = 0
        styles.wrap = 0
        styles.grades = dict.fromkeys(GRADES, 0)
        return styles

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        def style_id(**attributes: Any) -> int:
            cell = WriteOnlyCell(ws)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return int(cell.style_id)

        # Every cell sits at the top of its row: beside a wrapped text two lines high, a
        # name at the bottom would read as the next row's (the default style too, see
        # _top_aligned).
        top = Alignment(vertical="top")
        self.date = style_id(number_format=DATE_FORMAT, alignment=top)
        self.datetime = style_id(number_format=DATETIME_FORMAT, alignment=top)
        self.money = style_id(number_format=MONEY_FORMAT, alignment=top)
        self.text = style_id(number_format=TEXT_FORMAT, alignment=top)
        # Marked so that editing the cell in Excel keeps '=…' text rather than a formula.
        self.quoted = style_id(quotePrefix=True, alignment=top)
        # Long text wraps within its column (in a row of capped height), not under the next.
        self.wrap = style_id(alignment=Alignment(wrap_text=True, vertical="top"))
        self.grades: dict[str, int] = {}
        for grade in GRADES:
            colour = GRADE_COLORS[grade].lstrip("#").upper()
            self.grades[grade] = style_id(
                fill=PatternFill("solid", start_color=colour, end_color=colour),
                font=Font(bold=True, color="FFFFFF" if _is_dark(colour) else "000000"),
                alignment=top,
            )


_FIRST_XF = re.compile(r'(<(?:cellXfs|cellStyleXfs) count="\d+"><xf )([^>]*?)/>')


def _top_aligned(styles_xml: bytes) -> bytes:
    """The workbook's styles with the default cell format (the one plain text cells use)
    and the Normal style it comes from aligned to the top of the row; openpyxl writes no
    alignment for either, and LibreOffice takes a plain cell's from the Normal style."""

    def top(found: re.Match[str]) -> str:
        if "alignment" in found.group(2):
            return found.group(0)
        top_xf = f'{found.group(2)} applyAlignment="1"><alignment vertical="top"/></xf>'
        return found.group(1) + top_xf

    return _FIRST_XF.sub(top, styles_xml.decode("utf-8")).encode("utf-8")


def _converter(
    columns: Sequence[Column], styles: _Styles, lang: str
) -> Callable[[Sequence[Any]], list[CellValue | None]]:
    """A function turning one database row into the cells of one sheet row."""
    from openpyxl.utils.datetime import to_excel

    words: dict[str, str] = {}
    cut = word("xlsx.cut", lang)

    def text(value: object) -> CellValue | None:
        cleaned = clean_cell_text(value, cut) if value is not None else ""
        if not cleaned:
            return None
        # Written as a string either way (never a formula); the mark keeps it so on edit.
        return ("s", cleaned, styles.quoted if cleaned[0] in "=+-@" else 0)

    def as_word(prefix: str) -> Callable[[Any], CellValue | None]:
        def convert(code: Any) -> CellValue | None:
            if not code:
                return None
            key = f"{prefix}.{code}"
            if key not in words:
                words[key] = word(key, lang)
            return text(words[key])

        return convert

    def grade(letter: Any) -> CellValue | None:
        if not letter:
            return None
        style = styles.grades.get(letter)
        return ("s", letter, style) if style else text(letter)

    def moment(parse: Callable[[str], Any], style: int) -> Callable[[Any], CellValue | None]:
        def convert(value: Any) -> CellValue | None:
            if not value:
                return None
            parsed = parse(value)
            if parsed is None:  # a malformed stored date stays visible as text
                return text(value)
            if (parsed.year, parsed.month) < (1900, 3):  # openpyxl knows Excel's 1900 quirk
                return ("n", to_excel(parsed), style)
            if isinstance(parsed, datetime):
                return ("n", (parsed - _EPOCH) / _DAY, style)
            return ("n", (parsed - _EPOCH_DAY).days, style)

        return convert

    def money(value: Any) -> CellValue | None:
        if value is None:
            return None
        amount = float(value)
        return ("n", amount, styles.money) if math.isfinite(amount) else text(value)

    def integer(value: Any) -> CellValue | None:
        return None if value is None else ("n", int(value), 0)

    yes, no = word("word.yes", lang), word("word.no", lang)

    def boolean(value: Any) -> CellValue | None:
        return ("s", yes if value else no, 0)

    def phones(value: Any) -> CellValue | None:
        numbers = clean_cell_text("; ".join(p.number for p in parse_phones(value)), cut)
        # Text, so 0755… keeps its zero and +86… is not a sum; '@' keeps it text on edit.
        return ("s", numbers, styles.text) if numbers else None

    def tags(value: Any) -> CellValue | None:
        return text(", ".join(parse_tags(value))) if value else None

    steps: list[Callable[[Any], CellValue | None]] = []
    for column in columns:
        kind = column.kind
        if kind.startswith("word:"):
            steps.append(as_word(kind[5:]))
        elif kind == "date":
            steps.append(moment(_parse_date, styles.date))
        elif kind == "datetime":
            steps.append(moment(_parse_datetime, styles.datetime))
        else:
            simple = {
                "text": text,
                "grade": grade,
                "money": money,
                "int": integer,
                "bool": boolean,
                "phones": phones,
                "tags": tags,
            }
            steps.append(simple[kind])

    def convert(row: Sequence[Any]) -> list[CellValue | None]:
        return [step(value) for step, value in zip(steps, row, strict=True)]

    return convert


def _cell_width(kind: str, cell: CellValue | None) -> int:
    if cell is None:
        return 0
    if cell[0] == "s":
        value: str = cell[1]
        if "\n" in value:
            return max(display_width(line) for line in value.split("\n"))
        return display_width(value)
    if kind == "datetime":
        return 16
    if kind == "date":
        return 10
    if kind == "money":
        return len(f"{cell[1]:,.2f}")
    return len(str(cell[1]))


# -- the data sheets' rows, as XML text -----------------------------------------------------
# The characters XML text must escape; a bare CR would be read back as a newline.
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_STYLE_ATTR = [""] + [f' s="{i}"' for i in range(1, 512)]


def _text_lines(value: str, room: int) -> int:
    """Lines a text takes wrapped in a column `room` characters wide (at most MAX_TEXT_LINES)."""
    lines = 0
    for line in value.split("\n"):
        lines += max(1, -(-_rough_width(line) // room))
        if lines >= MAX_TEXT_LINES:
            return MAX_TEXT_LINES
    return lines


def _rough_width(text: str) -> int:
    """display_width at C speed: a CJK character is 3 bytes of UTF-8 and 2 columns wide
    (accented Latin, 2 bytes and 1 column, counts half a column too many: harmless here)."""
    n = len(text)
    return n if text.isascii() else n + (len(text.encode("utf-8")) - n) // 2


def _rows_xml(
    letters: Sequence[str],
    rows: Iterable[Sequence[CellValue | None]],
    first: int,
    widths: Sequence[int] = (),
    wrap: int = 0,
) -> str:
    """Rows of prepared cells as SpreadsheetML <row> elements, numbered from `first`.

    The same elements openpyxl writes (inline strings, numbers with a style id),
    made as text: openpyxl's writer with lxml costs ~30 µs a row even with its
    per-row hooks bypassed, which alone passes DESIGN §7's budget at 560,000 rows.
    A text longer than its column's `widths` gets the `wrap` style and its row a
    height of up to MAX_TEXT_LINES lines, so it neither runs under the next column
    nor makes a page of one cell.
    """
    parts: list[str] = []
    append = parts.append
    number = first
    # Text shorter than half its column needs no second line, even in CJK: the length
    # alone settles most cells.
    rooms = [max(w - 1, 1) for w in widths] if wrap else [0] * len(letters)
    halves = [room // 2 if wrap else MAX_CELL_TEXT for room in rooms]
    for row in rows:
        n = str(number)
        number += 1
        start = len(parts)
        append(f'<row r="{n}">')
        lines = 1
        for letter, half, room, cell in zip(letters, halves, rooms, row, strict=False):
            if cell is None:
                continue
            kind, value, style = cell
            if kind == "s":
                if len(value) > half and not style:
                    size = len(value)
                    if not value.isascii():
                        size += (len(value.encode("utf-8")) - size) // 2
                    if "\n" in value:
                        style = wrap
                        lines = max(lines, _text_lines(value, room))
                    elif size > room:
                        style = wrap
                        lines = max(lines, min(-(-size // room), MAX_TEXT_LINES))
                s = _STYLE_ATTR[style] if style < 512 else f' s="{style}"'
                if "&" in value or "<" in value or ">" in value or "\r" in value:
                    shown = value.translate(_ESCAPE)
                else:
                    shown = value
                if value[0].isspace() or value[-1].isspace():
                    append(
                        f'<c r="{letter}{n}"{s} t="inlineStr"><is>'
                        f'<t xml:space="preserve">{shown}</t></is></c>'
                    )
                else:
                    append(f'<c r="{letter}{n}"{s} t="inlineStr"><is><t>{shown}</t></is></c>')
            else:
                s = _STYLE_ATTR[style] if style < 512 else f' s="{style}"'
                append(f'<c r="{letter}{n}"{s}><v>{value!r}</v></c>')
        if lines > 1:
            parts[start] = f'<row r="{n}" ht="{lines * LINE_HEIGHT}" customHeight="1">'
        append("</row>")
    return "".join(parts)


# -- the workbook ---------------------------------------------------------------------------
@dataclass
class _Part:
    """One data sheet of the workbook: a kind of record, or its continuation past the row limit."""

    sheet: Sheet
    number: int  # 1 for a kind's first sheet, 2 for the one past the row limit, …
    title: str
    rows: int  # planned from the count, then as written
    headers: list[str]
    widths: list[int]

    @property
    def table_name(self) -> str:
        return self.sheet.table if self.number == 1 else f"{self.sheet.table}{self.number}"


class _Ticker:
    def __init__(self, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled

    def tick(self, rows: int) -> None:
        self.done += rows
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        if self.progress is not None:
            self.progress(self.done, self.total)


def _plan(scope: Scope, counts: dict[str, int], lang: str) -> list[_Part]:
    """The data sheets, split at Excel's row limit. Their widths are placeholders here: each
    sheet's are fitted to its first rows as they are streamed (_fit_widths), so every sheet's
    query runs once. (A LIMIT did not make the fitting cheap: the sort still read and joined
    every row, doubling the reads, and under SQLCipher their decryption.)"""
    per_sheet = MAX_ROWS - 1
    parts: list[_Part] = []
    for sheet in SHEETS:
        headers = [word(c.header, lang) for c in sheet.columns]
        widths = [_WIDTH_MARK + i for i in range(1, len(sheet.columns) + 1)]
        title = word(sheet.name, lang)
        left = counts[sheet.table]
        number = 1
        while True:
            name = title if number == 1 else f"{title} ({number})"
            parts.append(_Part(sheet, number, name, min(left, per_sheet), headers, widths))
            left -= per_sheet
            if left <= 0:
                break
            number += 1
    return parts


# Column widths the skeleton is written with, replaced by the fitted ones when streaming.
_WIDTH_MARK = 9_000


def _fit_widths(
    sheet: Sheet, headers: Sequence[str], sample: Iterable[Any], lang: str
) -> list[int]:
    """Column widths fitted to a sheet's first rows (WIDTH_SAMPLE of them)."""
    convert = _converter(sheet.columns, _Styles.placeholder(), lang)
    widths = [display_width(h) + 3 for h in headers]  # room for the filter button
    kinds = [c.kind for c in sheet.columns]
    for raw in sample:
        for i, value in enumerate(convert(raw)):
            widths[i] = max(widths[i], _cell_width(kinds[i], value) + 1)
    # A card id (36 characters, no spaces) is shown whole rather than wrapped.
    return [
        min(w, ID_WIDTH if c.header == "col.card_id" else MAX_WIDTH)
        for w, c in zip(widths, sheet.columns, strict=True)
    ]


def _put_widths(xml_head: str, widths: Sequence[int]) -> str:
    """A skeleton sheet's XML with its placeholder column widths replaced by widths."""
    for i, width in enumerate(widths, 1):
        mark = f'<col width="{_WIDTH_MARK + i}" customWidth="1" min="{i}" max="{i}"/>'
        if xml_head.count(mark) != 1:
            raise RuntimeError("the workbook's column widths were not where expected")
        xml_head = xml_head.replace(
            mark, f'<col width="{width}" customWidth="1" min="{i}" max="{i}"/>'
        )
    return xml_head


def _skeleton(
    parts: Sequence[_Part],
    lang: str,
    write_summary: Callable[[Any, list[tuple[str, int]]], None],
    write_after: Callable[[Any], None],
    header: tuple[str, str, str],
) -> tuple[bytes, _Styles]:
    """The workbook as openpyxl writes it, each data sheet holding only its header row.

    Styles, the Summary and its chart, the tables, validations, widths and the
    frozen header all come from openpyxl; the rows are put in afterwards.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    try:
        write_summary(wb, [(p.title, p.rows) for p in parts])
        styles = _Styles.placeholder()
        for part in parts:
            ws = wb.create_sheet(part.title)
            styles = _Styles(ws)  # the ids the streamed cells carry
            for i, width in enumerate(part.widths, 1):
                ws.column_dimensions[get_column_letter(i)].width = width
            ws.freeze_panes = "A2"
            # Printed, every page repeats the header row (and on Cards the names).
            names = "A:A" if part.sheet.table == "Cards" else None
            _print_setup(ws, header, lang, rows="1:1", cols=names)
            if part.sheet.table == "Cards":
                _print_wide(ws)
            ws.append(part.headers)
            _finish(ws, part, lang)
        write_after(wb)
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue(), styles
    except BaseException:
        _discard(wb)
        raise


def _finish(ws: Any, part: _Part, lang: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    headers = part.headers
    table = Table(
        displayName=part.table_name,
        ref=f"A1:{_letter(len(headers))}{_last_row(part.rows)}",
        tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True),
    )
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    table._initialise_columns()  # the autoFilter: columns given above are kept
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    with warnings.catch_warnings():
        # openpyxl warns that write-only tables need their columns by hand: they have them.
        warnings.simplefilter("ignore", UserWarning)
        ws.add_table(table)
    ranges = _grade_ranges(part, part.rows)
    if ranges:
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(GRADES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=word("field.grade", lang),
            error=word("xlsx.grade_error", lang),
        )
        for cells in ranges:
            validation.add(cells)
        ws.data_validations.append(validation)


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _last_row(rows: int) -> int:
    # A table needs one row under its header; an empty sheet gets an empty one.
    return max(rows, 1) + 1


def _grade_ranges(part: _Part, rows: int) -> list[str]:
    last = _last_row(rows)
    return [
        f"{_letter(i)}2:{_letter(i)}{last}"
        for i, c in enumerate(part.sheet.columns, 1)
        if c.kind == "grade"
    ]


def _sheet_part(index: int) -> str:
    # openpyxl names worksheet parts by position; the Summary is sheet1.
    return f"xl/worksheets/sheet{index + 2}.xml"


def _stream_rows(
    archive: Any,
    *,
    skeleton: bytes,
    styles: _Styles,
    parts: Sequence[_Part],
    scope: Scope,
    lang: str,
    ticker: _Ticker,
) -> bool:
    """Write each data sheet's part into archive: the skeleton's XML with the rows streamed in.

    Returns whether any sheet got a different number of rows than planned (the
    database changed between the count and the rows), so the skeleton must be redone.
    """
    import zipfile

    per_sheet = MAX_ROWS - 1
    changed = False
    with zipfile.ZipFile(io.BytesIO(skeleton)) as frame:
        index = 0
        while index < len(parts):
            sheet = parts[index].sheet
            where, params = scope.where(sheet.day_column)
            rows_of_sheet = _rows(
                scope.db, f"{sheet.select} WHERE {where} ORDER BY {sheet.order}", params
            )
            sample = list(islice(rows_of_sheet, WIDTH_SAMPLE))
            widths = _fit_widths(sheet, parts[index].headers, sample, lang)
            source = chain(sample, rows_of_sheet)
            convert = _converter(sheet.columns, styles, lang)
            letters = [_letter(i) for i in range(1, len(sheet.columns) + 1)]
            while index < len(parts) and parts[index].sheet is sheet:
                part = parts[index]
                name = _sheet_part(index)
                xml = frame.read(name).decode("utf-8")
                cut = xml.index("</sheetData>")
                head, tail = _put_widths(xml[:cut], widths), xml[cut:]
                part.widths = widths
                last_of_kind = index + 1 == len(parts) or parts[index + 1].sheet is not sheet
                written = 0
                with archive.open(name, "w", force_zip64=True) as entry:
                    entry.write(head.encode("utf-8"))
                    while written < per_sheet:
                        chunk = list(islice(source, min(CHECK_EVERY, per_sheet - written)))
                        if not chunk:
                            break
                        rows = map(convert, chunk)
                        xml_rows = _rows_xml(letters, rows, written + 2, part.widths, styles.wrap)
                        entry.write(xml_rows.encode("utf-8"))
                        written += len(chunk)
                        ticker.tick(len(chunk))
                    if written != part.rows:
                        changed = True
                        for old, new in zip(
                            _grade_ranges(part, part.rows),
                            _grade_ranges(part, written),
                            strict=True,
                        ):
                            tail = tail.replace(old, new, 1)
                        part.rows = written
                    entry.write(tail.encode("utf-8"))
                if last_of_kind and next(source, None) is not None:
                    # More rows than Excel's sheets planned from the count can take.
                    raise UserError("The database changed during the export; export again.")
                index += 1
    return changed


# -- the summary, the month-by-month trend and the definitions ------------------------------
# Every figure comes from the one period summary (services.summary), the same the dashboard
# and `stats --json` show; only the layout is made here.
SUMMARY_KPIS = (*LOYALTY_KPIS, "median_days_f_to_a", *COMPLAINT_KPIS)
MONEY_KPIS = frozenset({"average_spend", "revenue"})
# The Summary's columns: label, value, label, value (the grades: grade, start, now, change),
# a gap, then key figure, value and why there is none.
SUMMARY_WIDTHS = (20, 16, 24, 14, 1, 34, 10, 24)
BESIDE_INDENT = 1  # the receivables and rows-per-sheet labels, off the figures on their left
INDENT_WIDTH = 2  # characters of a column's width one step of indent takes (LibreOffice)
MAX_TEXT_LINES = 4  # a long text wraps to at most this many lines; the cell keeps it all
LINE_HEIGHT = 15.0  # points a wrapped line takes in the default font


def _period_of(scope: Scope) -> Period:
    if scope.date_from is None and scope.date_to is None:
        return analytics.period("all")
    return analytics.period(start=scope.date_from, end=scope.date_to)


def _period_text(scope: Scope, p: Period, lang: str) -> str:
    if scope.date_from is None:
        return word("xlsx.period_all", lang).format(p.end.isoformat())
    return f"{p.start.isoformat()} – {p.end.isoformat()}"


def _kpi_format(code: str) -> str:
    if code in RATES:
        return SHARE_FORMAT
    if code in MONEY_KPIS:
        return MONEY_FORMAT
    if code in ("customer_base", "complaints_opened", "deals"):
        return "0"
    return "0.0#"


def _print_setup(
    ws: Any, header: tuple[str, str, str], lang: str, *, rows: str | None, cols: str | None
) -> None:
    """A4 landscape, one page wide, titles repeated, the salesperson/period/date on top and
    page numbers below, on every printed page."""
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if rows:
        ws.print_title_rows = rows
    if cols:
        ws.print_title_cols = cols
    left, center, right = (part.replace("&", "&&") for part in header)
    ws.oddHeader.left.text = left
    ws.oddHeader.center.text = f"&A  ·  {center}"  # the sheet's name and the period
    ws.oddHeader.right.text = right
    ws.oddFooter.center.text = word("xlsx.page", lang)


CARDS_PRINT_SCALE = 85  # % of 11 pt: about 9 pt, readable at a meeting


def _print_wide(ws: Any) -> None:
    """Cards has some 25 columns: one page wide they print at about 4 pt, which nobody can
    read. Printed at a fixed, readable scale instead, several pages wide; each page repeats
    the name column and the header row, and the pages of a band of cards follow each other
    (over, then down), so a manager reads one band of cards across its pages."""
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.fitToWidth = None
    ws.page_setup.fitToHeight = None
    ws.page_setup.scale = CARDS_PRINT_SCALE
    ws.page_setup.pageOrder = "overThenDown"


def _write_summary(
    wb: Any,
    summary: PeriodSummary,
    lang: str,
    *,
    salesperson: str,
    exported_at: datetime,
    period_text: str,
    cards_text: str,
    sheet_rows: Sequence[tuple[str, int]],
    header: tuple[str, str, str],
    trend_title: str,
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(word("sheet.summary", lang))

    def text(value: str, *, wrap: bool = False) -> Any:
        cell = WriteOnlyCell(ws, value=clean_cell_text(value, word("xlsx.cut", lang)))
        cell.data_type = "s"  # a salesperson named '=…' is a name, not a formula
        if wrap:  # a label's last line beside its figure
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        return cell

    def grade_cell(grade: str) -> Any:
        colour = GRADE_COLORS[grade].lstrip("#").upper()
        cell = WriteOnlyCell(ws, value=grade)
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        cell.font = Font(bold=True, color="FFFFFF" if _is_dark(colour) else "000000")
        cell.alignment = Alignment(horizontal="center")
        return cell

    # One A4 landscape page at about 9 pt (it printed at 6 pt when the figures ran 47 rows
    # down one column): the left half holds two tables side by side (label, value; label,
    # value), the right half the key figures above the chart, both about 34 rows high.
    for letter, width in zip("ABCDEFGH", SUMMARY_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, header, lang, rows=None, cols=None)
    ws.page_setup.fitToHeight = 1  # the Summary and its chart on one page
    ws.page_margins.left = ws.page_margins.right = 0.25  # its width sets the scale
    bold = Font(bold=True)

    def heading(value: str, size: int = 12, *, over_numbers: bool = False) -> Any:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(bold=True, size=size)
        if over_numbers:  # a column's title stands over its figures, right-aligned like them
            cell.alignment = Alignment(horizontal="right")
        return cell

    def fmt(value: Any, number_format: str) -> Any:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        cell.alignment = Alignment(horizontal="right")
        return cell

    def label(key: str) -> Any:
        return text(word(key, lang), wrap=True)

    def beside_label(value: str) -> Any:
        cell = text(value)  # a step in from the numbers of the table on its left
        cell.alignment = Alignment(
            horizontal="left", wrap_text=True, vertical="bottom", indent=BESIDE_INDENT
        )
        return cell

    left: list[list[Any]] = []
    left.append([label("xlsx.salesperson"), text(salesperson)])
    exported = fmt(exported_at, DATETIME_FORMAT)
    exported.alignment = Alignment(horizontal="left")  # under the name and the period
    left.append([label("xlsx.exported_at"), exported])
    left.append([label("xlsx.period"), text(period_text)])
    left.append([label("xlsx.scope"), text(cards_text)])
    left.append([])
    left.append(
        [
            heading(word(k, lang), 11, over_numbers=k != "field.grade")
            for k in ("field.grade", "xlsx.at_start", "xlsx.now", "xlsx.change")
        ]
    )
    for grade in GRADES:
        then, now = summary.grades_start[grade], summary.grades_now[grade]
        left.append([grade_cell(grade), then, now, fmt(now - then, "+0;-0;0")])
    total_then = sum(summary.grades_start.values())
    total_now = sum(summary.grades_now.values())
    total = WriteOnlyCell(ws, value=word("xlsx.total", lang))
    total.font = bold
    left.append([total, total_then, total_now, fmt(total_now - total_then, "+0;-0;0")])
    left.append([])
    below: list[list[Any]] = [[heading(word("xlsx.movement", lang))]]
    below.append([label("kpi.promotions"), summary.promotions])
    below.append([label("kpi.demotions"), summary.demotions])
    below.append([])
    below.append([heading(word("xlsx.visits", lang))])
    below.append([label("kpi.visits_planned"), summary.visits_planned])
    below.append([label("kpi.visits_done"), summary.visits_done])
    done_share = summary.kpis.get("visits_done_share")
    below.append(
        [label("kpi.visits_done_share"), fmt(done_share, SHARE_FORMAT) if done_share else None]
    )
    below.append([label("kpi.overdue_now"), summary.overdue_now])
    below.append([])
    below.append([heading(word("xlsx.loyalty", lang))])
    below.append([label("kpi.deals"), summary.deals])
    below.append([label("kpi.revenue"), fmt(summary.revenue, MONEY_FORMAT)])
    beside: list[list[Any]] = [[heading(word("xlsx.receivables", lang))]]
    beside[0][0].alignment = Alignment(horizontal="left", indent=BESIDE_INDENT)
    for code in RECEIVABLE_KPIS:
        figure = fmt(summary.kpis.get(code) or 0, MONEY_FORMAT)
        beside.append([beside_label(word(f"kpi.{code}", lang)), figure])
    beside.append([])
    beside.append([heading(word("xlsx.rows", lang))])
    beside[-1][0].alignment = Alignment(horizontal="left", indent=BESIDE_INDENT)
    for title, n in sheet_rows:
        beside.append([beside_label(title), n])
    for i in range(max(len(below), len(beside))):
        a = below[i] if i < len(below) else []
        b = beside[i] if i < len(beside) else []
        left.append([*a, *([None] * (2 - len(a))), *b] if b else a)

    right: list[list[Any]] = [
        [heading(word("xlsx.kpis", lang))],
        [
            heading(word(k, lang), 11, over_numbers=k == "xlsx.value")
            for k in ("xlsx.kpi", "xlsx.value", "xlsx.why")
        ],
    ]
    # LibreOffice indents only a cell aligned left: the reasons stand a step off the figures.
    right[1][2].alignment = Alignment(horizontal="left", indent=1)
    for code in SUMMARY_KPIS:
        value = summary.kpis.get(code)
        cell = fmt(value if value is not None else "–", _kpi_format(code))
        why = text(summary.reason(code, lang), wrap=True)
        why.alignment = Alignment(horizontal="left", wrap_text=True, vertical="bottom", indent=1)
        right.append([label(f"kpi.{code}"), cell, why])

    rows: list[list[Any]] = [[heading(word("xlsx.title", lang), 14)]]
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else []
        b = right[i] if i < len(right) else []
        rows.append([*a, *([None] * (5 - len(a))), *b] if b else a)
    for number, row in enumerate(rows, 1):
        # LibreOffice keeps a row one line high under a wrapped label or reason (they
        # printed over the next row): each row is as high as its longest wrapped text.
        lines = max(
            (
                _text_lines(
                    cell.value,
                    _room(
                        cell.value,
                        SUMMARY_WIDTHS[column] - INDENT_WIDTH * (cell.alignment.indent or 0),
                    ),
                )
                for column, cell in enumerate(row)
                if isinstance(getattr(cell, "value", None), str)
                and getattr(cell.alignment, "wrap_text", False)
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[number].height = LINE_HEIGHT * lines
        ws.append([_at_bottom(ws, cell) for cell in row])
    chart_row = len(right) + 3

    # The chart: cards per grade at the end of each month, from the month-by-month sheet.
    if summary.grade_months:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.gapWidth = 40
        chart.title = word("xlsx.chart_title", lang)
        chart.y_axis.title = word("xlsx.cards", lang)
        # openpyxl hides axes by default since 3.1; a chart without them reads as a blob.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend.position = "r"
        months = summary.grade_months
        step = -(-len(months) // MAX_CHART_POINTS)
        first_col = 2 + len(TREND_KPIS) + len(CAUSES)
        last_row = 1 + len(months)
        # A Reference reads only the sheet's title: the trend sheet is written after this one.
        trend = _TitleOnly(trend_title)
        data = Reference(
            trend, min_col=first_col, max_col=first_col + len(GRADES) - 1, min_row=1,
            max_row=last_row,
        )  # fmt: skip
        categories = Reference(trend, min_col=1, min_row=2, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        if step > 1:
            chart.x_axis.tickLblSkip = step
        for series, grade in zip(chart.series, GRADES, strict=True):
            colour = GRADE_COLORS[grade].lstrip("#").upper()
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        chart.width = 15  # columns F to H
        chart.height = 6.5
        ws.add_chart(chart, f"F{chart_row}")


def _at_bottom(ws: Any, cell: Any) -> Any:
    """The cell standing on its row's last line, as the wrapped labels beside it do: in a
    row made high by a wrapped text LibreOffice printed plain numbers at the top and styled
    ones at the bottom (a grade's start and now above its change)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    if cell is None:
        return None
    if not hasattr(cell, "alignment"):  # a plain number or text, not yet a cell
        cell = WriteOnlyCell(ws, value=cell)
    if cell.alignment.vertical is None:
        a = cell.alignment
        cell.alignment = Alignment(
            horizontal=a.horizontal, wrap_text=a.wrap_text, indent=a.indent, vertical="bottom"
        )
    return cell


def _room(text: str, width: int) -> int:
    """Characters of `text` a column `width` wide holds on a line, as _rough_width counts
    them (a CJK character two): Latin letters and CJK characters both print a little
    narrower than the digits the width counts (measured in LibreOffice's PDF)."""
    return int(width * (1.15 if text.isascii() else 1.1))


@dataclass(frozen=True)
class _TitleOnly:
    """What openpyxl's chart Reference needs of a worksheet: its title."""

    title: str


def _write_trend(wb: Any, summary: PeriodSummary, lang: str, header: tuple[str, str, str]) -> None:
    """Month by month: every trend KPI, complaints by cause and the grades at each month's end."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(word("sheet.trend", lang))
    headers = [word("xlsx.month", lang)]
    headers += [word(f"kpi.{code}", lang) for code in TREND_KPIS]
    headers += [
        word("xlsx.complaints_cause", lang).format(word(f"cause.{c}", lang)) for c in CAUSES
    ]
    headers += list(GRADES)
    ws.column_dimensions["A"].width = 9
    for i in range(2, len(headers) + 1):
        ws.column_dimensions[_letter(i)].width = 11
    ws.freeze_panes = "B2"
    _print_setup(ws, header, lang, rows="1:1", cols="A:A")
    row_dimension = ws.row_dimensions[1]
    row_dimension.height = LINE_HEIGHT * MAX_TEXT_LINES
    top = Alignment(wrap_text=True, vertical="top")
    cells = []
    for title in headers:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        cell.alignment = top
        cells.append(cell)
    ws.append(cells)
    grades = dict(summary.grade_months)
    for month in summary.months:
        row: list[Any] = [month.month]
        for code in TREND_KPIS:
            value = month.kpis.get(code)
            if value is None:
                row.append(None)
                continue
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = _kpi_format(code)
            row.append(cell)
        row += [month.complaints_by_cause[c] for c in CAUSES]
        row += [grades.get(month.month, {}).get(g, 0) for g in GRADES]
        ws.append(row)


def _write_notes(wb: Any, lang: str, header: tuple[str, str, str]) -> None:
    """Every term of the workbook with its definition: the same text as the dashboard's tooltips."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(word("sheet.notes", lang))
    for letter, width in zip("ABC", (34, 30, 100), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, header, lang, rows="1:1", cols=None)
    top = Alignment(wrap_text=True, vertical="top")
    heads = []
    for key in ("xlsx.kpi", "xlsx.key", "xlsx.definition"):
        cell = WriteOnlyCell(ws, value=word(key, lang))
        cell.font = Font(bold=True)
        heads.append(cell)
    ws.append(heads)
    for code in analytics.KPI_DEFINITIONS:
        row = []
        for value in (word(f"kpi.{code}", lang), code, analytics.kpi_definition(code, lang)):
            cell = WriteOnlyCell(ws, value=value)
            cell.alignment = top
            row.append(cell)
        ws.append(row)


# -- the entry point ------------------------------------------------------------------------
@on_store
def export_workbook(
    target: Path,
    *,
    lang: str = "en",
    grades: set[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    card_ids: list[str] | None = None,
    owner: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    store: Store | None = None,
) -> dict[str, int]:
    """Write the manager's workbook to target; returns the rows written on each sheet.

    The rows are read from store (the open database; the session's store when None).

    grades and card_ids narrow the cards (card_ids: the window's filtered list);
    date_from and date_to (inclusive) narrow the dated records and the Summary.
    Raises UserError when the target cannot be written and ExportCancelled when
    cancelled() turned true; in both cases no file is left behind.
    """
    import zipfile

    target = Path(target)
    if date_from and date_to and date_from > date_to:
        raise UserError(f"The period starts ({date_from}) after it ends ({date_to}).")
    db = store.db if store is not None else database_proxy
    temp = _claim(target)
    # Sorting 100,000 cards by name must not take its rows into memory: let SQLite spill
    # big sorts to a temporary file for this export (the window's setting is put back).
    temp_store = db.execute_sql("PRAGMA temp_store").fetchone()[0]
    db.execute_sql("PRAGMA temp_store = FILE")
    try:
        scope = Scope(
            frozenset(g.strip().upper() for g in grades or () if g.strip()),
            tuple(card_ids) if card_ids is not None else None,
            date_from,
            date_to,
            db,
        )
        counts = {sheet.table: _count(sheet, scope) for sheet in SHEETS}
        ticker = _Ticker(sum(counts.values()), progress, cancelled)
        ticker.tick(0)
        now = clock.now().replace(microsecond=0)
        span = _period_of(scope)
        summary = period_summary(span, CardScope(scope.grades, scope.card_ids), today=now.date())
        parts = _plan(scope, counts, lang)
        salesperson = owner or _device_name()
        period_text = _period_text(scope, span, lang)
        header = (salesperson, period_text, now.date().isoformat())
        trend_title = word("sheet.trend", lang)

        def write_summary(wb: Any, sheet_rows: list[tuple[str, int]]) -> None:
            _write_summary(
                wb,
                summary,
                lang,
                salesperson=salesperson,
                exported_at=now,
                period_text=period_text,
                cards_text=_scope_text(scope, lang),
                sheet_rows=sheet_rows,
                header=header,
                trend_title=trend_title,
            )

        def write_after(wb: Any) -> None:
            _write_trend(wb, summary, lang, header)
            _write_notes(wb, lang, header)

        skeleton, styles = _skeleton(parts, lang, write_summary, write_after, header)
        try:
            # Level 1: the rows' XML is most of the work saved; a denser file costs seconds.
            with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                if _stream_rows(
                    archive,
                    skeleton=skeleton,
                    styles=styles,
                    parts=parts,
                    scope=scope,
                    lang=lang,
                    ticker=ticker,
                ):
                    skeleton, again = _skeleton(parts, lang, write_summary, write_after, header)
                    if vars(again) != vars(styles):
                        raise RuntimeError("the workbook's cell styles changed between builds")
                if cancelled is not None and cancelled():
                    raise ExportCancelled("The export was cancelled; no file was written.")
                streamed = {_sheet_part(i) for i in range(len(parts))}
                with zipfile.ZipFile(io.BytesIO(skeleton)) as frame:
                    for info in frame.infolist():
                        if info.filename == "xl/styles.xml":
                            archive.writestr(info.filename, _top_aligned(frame.read(info)))
                        elif info.filename not in streamed:
                            archive.writestr(info.filename, frame.read(info))
        except OSError as error:
            raise UserError(f"Cannot write {target}: {error.strerror or error}.") from None
        _replace(temp, target)
        if progress is not None:
            progress(ticker.total, ticker.total)
        written: dict[str, int] = {word("sheet.summary", lang): len(summary.grade_months)}
        written.update((part.title, part.rows) for part in parts)
        return written
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        db.execute_sql(f"PRAGMA temp_store = {int(temp_store)}")


def _scope_text(scope: Scope, lang: str) -> str:
    if scope.card_ids is not None:
        return word("xlsx.scope_list", lang).format(len(scope.card_ids))
    if scope.grades:
        return word("xlsx.scope_grades", lang).format(", ".join(sorted(scope.grades)))
    return word("xlsx.scope_all", lang)


def _device_name() -> str:
    """Who exported: the salesperson's own name from Preferences, never the host name."""
    from salesdesk.services.settings import salesperson

    me = salesperson()
    return " · ".join(part for part in (me["name"], me["team"]) if part)


def _claim(target: Path) -> Path:
    """Check the target can be written before the long work; returns the temporary name."""
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name ending in .xlsx.")
    if target.exists():
        try:
            with target.open("r+b"):
                pass
        except OSError as error:
            raise UserError(
                f"Cannot write {target}: {error.strerror or error}. "
                "If it is open in Excel, WPS or another program, close it there and try again."
            ) from None
    temp = target.with_name(f".{target.stem}.{os.getpid()}.part.xlsx")
    try:
        temp.touch(mode=0o600)  # owner-only while it is written (issue 22)
    except OSError as error:
        raise UserError(f"Cannot write in {folder}: {error.strerror or error}.") from None
    return temp


def _replace(temp: Path, target: Path) -> None:
    try:
        os.replace(temp, target)
    except OSError as error:
        raise UserError(
            f"Cannot write {target}: {error.strerror or error}. "
            "If it is open in Excel, WPS or another program, close it there and try again."
        ) from None


def _discard(wb: Any) -> None:
    """Remove the temporary files of the sheets of an abandoned workbook."""
    for ws in getattr(wb, "_sheets", []):
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        # Best effort, in the order openpyxl closes a sheet: rows, then the stream.
        rows = getattr(ws, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()
        with contextlib.suppress(Exception):
            writer.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


# -- the team's workbook (issue 23: the manager's team view, read from the hub) -------------
def export_team_workbook(
    target: Path | str,
    summary: PeriodSummary,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    kinds: Sequence[str],
    *,
    lang: str = "en",
    who: str,
    scope_text: str,
) -> dict[str, int]:
    """The manager's workbook of the team (or one salesperson) from the hub's figures: the
    Summary of the laptop's workbook, a sheet comparing the salespeople (one row each), the
    month-by-month trend and the definitions. Returns the rows written on each sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    target = Path(target)
    temp = _claim(target)
    now = clock.now().replace(microsecond=0)
    p = summary.period
    period_text = _period_text(Scope(frozenset(), None, p.start, p.end, None), p, lang)
    header = (who, period_text, now.date().isoformat())
    comparison = word("sheet.comparison", lang)
    wb = Workbook(write_only=True)
    try:
        _write_summary(
            wb,
            summary,
            lang,
            salesperson=who,
            exported_at=now,
            period_text=period_text,
            cards_text=scope_text,
            sheet_rows=[(comparison, len(rows))],
            header=header,
            trend_title=word("sheet.trend", lang),
        )
        ws = wb.create_sheet(comparison)
        formats = {"share": SHARE_FORMAT, "money": MONEY_FORMAT, "hours": "0.0", "int": "0"}
        for i, title in enumerate(headers, start=1):
            ws.column_dimensions[_letter(i)].width = (
                22 if i == 1 else max(8, min(16, display_width(title) // 2 + 2))
            )
        ws.freeze_panes = "B2"
        _print_setup(ws, header, lang, rows="1:1", cols="A:A")
        ws.row_dimensions[1].height = LINE_HEIGHT * MAX_TEXT_LINES
        top = Alignment(wrap_text=True, vertical="top")
        cells = []
        for title in headers:
            cell = WriteOnlyCell(ws, value=title)
            cell.font = Font(bold=True)
            cell.alignment = top
            cells.append(cell)
        ws.append(cells)
        for row in rows:
            out: list[Any] = []
            for value, kind in zip(row, kinds, strict=True):
                if kind == "text":
                    cell = WriteOnlyCell(ws, value=clean_cell_text(str(value)))
                    cell.data_type = "s"  # a salesperson named '=…' is a name, not a formula
                    out.append(cell)
                elif value is None:
                    out.append(None)
                else:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = formats[kind]
                    out.append(cell)
            ws.append(out)
        _write_trend(wb, summary, lang, header)
        _write_notes(wb, lang, header)
        try:
            wb.save(temp)
        except OSError as error:
            raise UserError(f"Cannot write {target}: {error.strerror or error}.") from None
        _replace(temp, target)
    except BaseException:
        _discard(wb)
        temp.unlink(missing_ok=True)
        raise
    return {word("sheet.summary", lang): len(summary.months), comparison: len(rows)}
