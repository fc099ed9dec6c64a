"""The card list: light rows of every card, filtered and sorted in plain Python.

At 100,000 cards a Qt proxy model costs seconds (DESIGN §7); plain lists of
tuples filter in tens of milliseconds. The list is loaded once and kept in
step by refreshing only the cards a write changed. Rows are kept sorted by
the current sort, so a keystroke in the search box only filters.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cached_property
from itertools import accumulate, compress, repeat
from operator import attrgetter, contains
from typing import Any, NamedTuple

from salesdesk.domain.grades import GRADES
from salesdesk.domain.search import matches, query_terms
from salesdesk.models.store import Store
from salesdesk.models.tables import bound, database_proxy
from salesdesk.services.changes import Changed
from salesdesk.services.giveway import pause_for_user


class CardRow(NamedTuple):
    id: str
    name: str
    company: str
    grade: str
    f_kind: str | None
    status: str
    area: str
    last_contact_at: str | None
    next_visit_on: str | None
    owner: str
    key_customer: int
    tags: str
    search: str
    sort_name: str

    @property
    def grade_label(self) -> str:
        return self.f_kind if self.grade == "F" and self.f_kind else self.grade


_COLUMNS = (
    "SELECT id, name, company, grade, f_kind, status, area, last_contact_at, next_visit_on, "
    "owner, key_customer, tags, search, sort_name FROM card"
)
_SELECT = _COLUMNS + " WHERE deleted = 0"
# Every row, in name order: the table read from end to end, each of its pages once, and
# sorted by SQLite. Left to itself the planner walks an index on (deleted, ...) and looks
# every card up by its rowid, all over the table: each page read many times, and each
# read of an encrypted file's page is decrypted and checked again. The query and its
# tuples, processor time (machine loaded, 3 runs each): 30,000 cards plain 155-295 ->
# 125-205 ms, encrypted 265-345 -> 190-305 ms; 100,000 plain 630-745 -> 470-545 ms,
# encrypted 955-1100 -> 710-745 ms.
ALL_ROWS = _COLUMNS + " NOT INDEXED WHERE deleted = 0 ORDER BY sort_name, rowid"
# The card fields a row shows, is filtered, sorted or searched by (the search text is made
# of phones, e-mail and WeChat besides the row's own): an edit of other fields only (a
# note, a title, an address) leaves every row of the list as it was.
ROW_FIELDS = frozenset(CardRow._fields) | {"phones", "email", "wechat", "deleted", "deleted_at"}


def changes_rows(changed: Changed) -> bool:
    """Whether a change may alter a row of the card list (False: a quiet card edit)."""
    return (
        changed.everything
        or changed.new_cards
        or changed.tables != {"card"}
        or not changed.card_fields  # unknown: any field
        or bool(changed.card_fields & ROW_FIELDS)
    )


class Column(IntEnum):
    """The card list's columns, in their default order."""

    NAME = 0
    COMPANY = 1
    GRADE = 2
    STATUS = 3
    AREA = 4
    LAST_CONTACT = 5
    NEXT_VISIT = 6


_HIGH = "\uffff"  # empty dates sort after every date

# Each column sorts the name-sorted list again on one plain string (a stable
# sort keeps names in order within equal values): tuple keys cost 3-5 times
# more at 100,000 cards (DESIGN §7 budget: 150 ms a sort).
SORT_KEYS: dict[Column, Callable[[CardRow], Any]] = {
    Column.NAME: attrgetter("sort_name"),
    Column.COMPANY: lambda r: r.company.lower() or _HIGH,
    Column.GRADE: lambda r: r.f_kind or r.grade,  # A … E, then F1, F2 (grade letters sort)
    Column.STATUS: attrgetter("status"),
    Column.AREA: lambda r: r.area or _HIGH,
    Column.LAST_CONTACT: lambda r: r.last_contact_at or "",
    Column.NEXT_VISIT: lambda r: r.next_visit_on or _HIGH,
}


@dataclass(frozen=True)
class CardFilter:
    text: str = ""
    grades: frozenset[str] = frozenset()  # empty: every grade
    statuses: frozenset[str] = frozenset()
    owner: str | None = None
    tag: str | None = None
    area: str | None = None
    key_only: bool = False

    def without_grades(self) -> CardFilter:
        return CardFilter(
            self.text, frozenset(), self.statuses, self.owner, self.tag, self.area, self.key_only
        )


_SEARCH = attrgetter("search")
_GRADE = attrgetter("grade")
_SEPARATOR = "\x1f"  # between rows: a term without it cannot match across two rows
# str.find over one long text is faster than `in` row by row for a rare term, but
# each hit costs a Python step (about a microsecond): a term in more than _COMMON
# of the rows (a sample of _SAMPLE rows tells) is looked for row by row instead (a
# mask made in C, map(contains) and compress). Measured at 100,000 cards (135
# characters of search text a row), thread CPU, found vs row by row: '1380' (1% of
# rows) 12 vs 17 ms, '138' (6%) 19 vs 19 ms, '上海' (24%) 24 vs 17 ms, 'gh' (31%)
# 28 vs 19 ms, 'zh' (45%) 32 vs 19 ms. (0.5 had been measured against a row-by-row
# comprehension, 68 ms for 'gh'.)
_SAMPLE = 2000
_COMMON = 0.08
_SLICE = 20_000  # rows a C call takes at once on a worker (a few ms of the interpreter lock)
# A term of digits (a phone number, the commonest search after a name) is looked for in
# each row's runs of ASCII digits alone, 21 characters a row against 135 at 100,000 cards
# (Python's substring search goes about 1 ns a character): row by row, '13' (in 46 % of
# the rows) 17.8 -> 4.4 ms, '1380' 14.9 -> 4.5 ms. A run of digits is whole there and no
# two runs touch, so a term of digits is in a search text exactly when it is in its runs.
# (The runs of letters a-z, 86 a row, took 'zh' 16.4 -> 8.9 ms, but 13.6 MB more.)
_ROW_END = 0x1E  # between two rows' texts while their runs are picked out
_DIGITS = bytes(c if 0x30 <= c <= 0x39 or c == _ROW_END else 0x20 for c in range(256))
_RUNS_SLICE = 2_000  # rows at once: about a ms of the interpreter lock on a worker


@dataclass(frozen=True)
class _Haystack:
    """Every search text of a sorted row list, _SLICE rows to a string, with where each
    starts in its string."""

    rows: list[CardRow]
    # The texts of rows [k * _SLICE, (k + 1) * _SLICE) joined by _SEPARATOR: pieces, not
    # one string, so no C call copies all of them at once (one join of 300,000 texts held
    # the interpreter lock 0.1-0.4 s; of 200,000 after an import, up to 0.3 s on a loaded
    # machine, and the window stood still that long).
    texts: list[str]
    # For each piece, len + 1 offsets: its row i is text[starts[i] : starts[i + 1] - 1].
    starts: list[list[int]]
    searches: list[str]
    # Each row's runs of ASCII digits, a space between two runs.
    digits: list[str]
    # The rows' grades side by side: counting them for the chips reads this short
    # list instead of 100,000 scattered row tuples (18 ms -> 4 ms a keystroke).
    grades: list[str]

    @cached_property
    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for at in range(0, len(self.grades), _SLICE):  # a slice at a time, as in of()
            counts.update(self.grades[at : at + _SLICE])
        return counts

    @classmethod
    def of(cls, rows: list[CardRow]) -> _Haystack:
        searches: list[str] = []
        grades: list[str] = []
        texts: list[str] = []
        starts: list[list[int]] = []
        digits: list[str] = []
        for at in range(0, len(rows), _SLICE):
            pause_for_user()  # on a worker, while a keystroke is answered: a moment's pause
            piece = rows[at : at + _SLICE]
            found = list(map(_SEARCH, piece))
            searches += found
            grades += map(_GRADE, piece)
            texts.append(_SEPARATOR.join(found))
            starts.append([0, *accumulate(len(text) + 1 for text in found)])
            digits += runs_of(found, _DIGITS)
        return cls(rows, texts, starts, searches, digits, grades)

    def runs_for(self, term: str) -> list[str] | None:
        """The rows' runs that hold the term whenever their texts do (None: no such runs)."""
        return self.digits if term.isascii() and term.isdigit() else None

    def find(self, term: str) -> tuple[list[CardRow], Counter[str]]:
        """The rows whose search text holds the term, in the rows' order, and their grades."""
        rows, searches, grades = self.rows, self.searches, self.grades
        runs = self.runs_for(term)
        if runs is not None:  # row by row through the runs of digits
            mask = list(map(contains, runs, repeat(term)))
            return list(compress(rows, mask)), Counter(compress(grades, mask))
        if not term or _SEPARATOR in term or is_common(searches, term):  # row by row
            mask = list(map(contains, searches, repeat(term)))
            return list(compress(rows, mask)), Counter(compress(grades, mask))
        hits: list[int] = []
        base = 0  # the first row of the piece
        for text, starts in zip(self.texts, self.starts, strict=True):
            find = text.find
            pos, i = find(term), 0
            while pos >= 0:
                i = bisect_right(starts, pos, i + 1) - 1
                hits.append(base + i)
                pos = find(term, starts[i + 1])
            base += len(starts) - 1
        return [rows[i] for i in hits], Counter(map(grades.__getitem__, hits))


def runs_of(searches: list[str], kept: bytes) -> list[str]:
    """Each search text's runs of the characters the byte table `kept` keeps, one space
    between two runs, made _RUNS_SLICE texts at a time in C: the texts joined by _ROW_END,
    every other character made a space (non-ASCII ones through '?'), then split at spaces
    and joined by one (a regular expression over the runs took twice as long)."""
    end = chr(_ROW_END)
    runs: list[str] = []
    for at in range(0, len(searches), _RUNS_SLICE):
        pause_for_user()
        some = searches[at : at + _RUNS_SLICE]
        joined = end.join(some)
        if joined.count(end) != len(some) - 1:  # a text holds the row end itself
            runs += [_runs(text.replace(end, " "), kept) for text in some]
        else:
            runs += _runs(joined, kept).split(end)
    return runs


def _runs(text: str, kept: bytes) -> str:
    return b" ".join(text.encode("ascii", "replace").translate(kept).split()).decode("ascii")


def is_common(searches: list[str], term: str) -> bool:
    """Whether the term is in more than _COMMON of these search texts (a sample tells)."""
    sample = searches[:: max(1, len(searches) // _SAMPLE)]
    return sum(map(contains, sample, repeat(term))) > _COMMON * len(sample)


def scan(rows: list[CardRow], terms: list[str]) -> list[CardRow]:
    """The rows whose search text holds every term, row by row (a mask made in C), in
    the rows' order: the way a rare term is looked for when no haystack is at hand, and
    typing on narrows the last result."""
    for term in terms:
        mask = list(map(contains, map(_SEARCH, rows), repeat(term)))
        rows = list(compress(rows, mask))
    return rows


# An edit of at most this many cards keeps the sorted lists (in place); more sort again.
_KEEP_SORTED_AT_MOST = 50


def _position(
    rows: list[CardRow], row: CardRow, key: Callable[[CardRow], Any], reverse: bool
) -> int | None:
    """Where this very row is in a list sorted by key (by bisection when ascending)."""
    if reverse:
        try:
            return rows.index(row)  # ids are unique: an equal row is this row
        except ValueError:
            return None
    wanted = key(row)
    at = bisect_left(rows, wanted, key=key)
    while at < len(rows) and rows[at] is not row:
        if key(rows[at]) != wanted:
            return None
        at += 1
    return at if at < len(rows) else None


class Prepared(NamedTuple):
    """Every card's row made ready on a worker (after bulk work) for CardList.take: the
    rows, the name order, the order of the list's current sort and its search text (with
    its grade counts). At 300,000 cards sorting, copying and counting them took the GUI
    thread 100-200 ms after an import; taking them is a few assignments."""

    rows: dict[str, CardRow]
    by_name: list[CardRow]
    sorted_by: tuple[Column, bool]
    sorted: list[CardRow]
    haystack: _Haystack


def rows_of(cursor: Any) -> dict[str, CardRow]:
    """The rows of a cursor on ALL_ROWS (any DB-API connection's), by id in name order."""
    # A batch at a time: the list of all 200,000 fetched tuples, let go at once, freed
    # them in one step holding the interpreter lock (40-70 ms).
    rows: dict[str, CardRow] = {}
    while batch := cursor.fetchmany(_SLICE):
        rows.update({row[0]: CardRow(*row) for row in batch})
    return rows


@dataclass
class CardList:
    rows: dict[str, CardRow] = field(default_factory=dict)
    _sorted: list[CardRow] | None = None
    _by_name: list[CardRow] | None = None
    _sorted_by: tuple[Column, bool] = (Column.NAME, False)
    _haystack: _Haystack | None = None
    _counted: tuple[list[CardRow], Counter[str]] | None = None
    store: Store | None = None  # the file it lists (None: the one bound on this thread)
    version: int = 0  # counts loads and refreshes

    def load(self) -> None:
        rows = self.fetch(self.store)
        self.use(rows, list(rows.values()))

    @property
    def sorted_by(self) -> tuple[Column, bool]:
        """The column and direction the sorted rows were last asked for."""
        return self._sorted_by

    @staticmethod
    def fetch(store: Store | None = None) -> dict[str, CardRow]:
        """Every card's row in name order, read from the file (store: None, the one bound
        on this thread): safe on any thread (a worker reads them after an import or a
        merge, so the window does not wait 1-2 s for them).

        SQLite sorts them, by the same order as SORT_KEYS[NAME] (UTF-8 bytes compare as
        code points do), and lets go of the interpreter lock while it does: Python's sort
        of 300,000 rows held it 0.3-0.8 s on a worker, and the window stood still.
        """
        with bound(store.db if store else None):
            return rows_of(database_proxy.execute_sql(ALL_ROWS))

    @staticmethod
    def by_name(rows: dict[str, CardRow]) -> list[CardRow]:
        """The rows in name order (the list's first sort): safe on any thread."""
        return sorted(rows.values(), key=SORT_KEYS[Column.NAME])

    @classmethod
    def prepare(
        cls, store: Store | None = None, sorted_by: tuple[Column, bool] = (Column.NAME, False)
    ) -> Prepared:
        """Read and make ready every row for take(), in this sort: safe on any thread."""
        rows = cls.fetch(store)
        by_name = list(rows.values())  # fetched in name order
        column, descending = sorted_by
        ordered = _ordered(by_name, column, descending)
        haystack = _Haystack.of(ordered)
        _ = haystack.counts  # counted here, not when the window first asks
        return Prepared(rows, by_name, sorted_by, ordered, haystack)

    def take(self, prepared: Prepared) -> list[Any]:
        """Show rows prepare()d on a worker, on the thread that owns the list.

        Returns what it replaced (the rows, their sorted lists, the search texts), for the
        caller to let go on a worker with let_go_replaced(): freed here, the 100,000 rows
        of a book took the window's thread 45 ms after a merge or an import."""
        replaced = [self.rows, self._by_name, self._sorted, self._haystack]
        self.use(prepared.rows, prepared.by_name)
        self._sorted = prepared.sorted
        self._sorted_by = prepared.sorted_by
        self._haystack = prepared.haystack
        return replaced

    def use(self, rows: dict[str, CardRow], by_name: list[CardRow] | None = None) -> None:
        """Show these rows (fetch()ed anywhere), on the thread that owns the list;
        by_name: the same rows sorted by name, when a worker sorted them."""
        self.version += 1
        self.rows = rows
        self._sorted = None
        self._by_name = by_name
        self._haystack = None
        self._counted = None

    def refresh(self, card_ids: Iterable[str]) -> None:
        """Reload just these cards (a deleted one drops out)."""
        self.version += 1  # a search text being made on a worker is stale
        ids = list(set(card_ids))
        before = {i: self.rows.get(i) for i in ids} if len(ids) <= _KEEP_SORTED_AT_MOST else None
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for card_id in chunk:
                self.rows.pop(card_id, None)
            sql = _SELECT + f" AND id IN ({','.join('?' * len(chunk))})"
            with bound(self.store.db if self.store else None):
                fetched = database_proxy.execute_sql(sql, chunk).fetchall()
            for row in fetched:
                self.rows[row[0]] = CardRow(*row)
        if before is None or not self._keep_sorted(before):
            self._sorted = self._by_name = None

    def _keep_sorted(self, before: dict[str, CardRow | None]) -> bool:
        """Bring the sorted lists up to date in place after an edit of a few cards.

        Sorting 100,000 rows again takes 80-400 ms, which a save of a note must not wait
        for: a card whose sort keys did not change keeps its place (its row is replaced),
        a deleted card is taken out. False (sort again) for a new card or a moved one.
        """
        if self._by_name is None or not before:
            return False
        name_key = SORT_KEYS[Column.NAME]
        column, descending = self._sorted_by
        column_key = SORT_KEYS[column]
        places: list[tuple[list[CardRow], int, CardRow | None]] = []
        for card_id, old in before.items():
            new = self.rows.get(card_id)
            if old is None:
                return False  # a new card: it takes its place in a full sort
            if new is not None and (
                name_key(new) != name_key(old) or column_key(new) != column_key(old)
            ):
                return False
            lists = [(self._by_name, name_key, False)]
            if self._sorted is not None:
                lists.append((self._sorted, column_key, descending))
            for rows, key, reverse in lists:
                at = _position(rows, old, key, reverse)
                if at is None:
                    return False
                places.append((rows, at, new))
            haystack = self._haystack
            if haystack is not None and (
                new is None or new.search != old.search or new.grade != old.grade
            ):
                self._haystack = None  # its texts and grade counts are made again when asked
        for rows, at, new in sorted(places, key=lambda p: -p[1]):  # from the end: deletes
            if new is None:
                del rows[at]
            else:
                rows[at] = new
        self._counted = None
        return True

    def sorted_rows(self, column: Column = Column.NAME, descending: bool = False) -> list[CardRow]:
        if self._sorted is None or self._sorted_by != (column, descending):
            if self._by_name is None:
                self._by_name = self.by_name(self.rows)
            self._sorted = _ordered(self._by_name, column, descending)
            self._sorted_by = (column, descending)
        return self._sorted

    def query(
        self, card_filter: CardFilter, column: Column = Column.NAME, descending: bool = False
    ) -> list[CardRow]:
        """The rows that pass the filter, in the order asked for."""
        rows = self.sorted_rows(column, descending)
        terms = query_terms(card_filter.text)
        if terms:
            # A mask made in C is several times faster than a predicate call per row:
            # this is the keystroke path over 100,000 cards (DESIGN §7). The longest
            # term first: it leaves the fewest rows for the others.
            first, *more = sorted(terms, key=len, reverse=True)
            haystack = self._haystack
            if haystack is not None and haystack.rows is rows:
                rows, counts = haystack.find(first)
                self._counted = (rows, counts) if not more else None
            else:
                # The joined search texts are not made yet (a worker makes them after a
                # load or a sort, 50-100 ms): row by row rather than on this keystroke.
                rows = scan(rows, [first])
                self._counted = None
            rows = scan(rows, more)
            card_filter = replace(card_filter, text="")
        test = _predicate(card_filter)
        if test is not None:
            return [row for row in rows if test(row)]
        if terms:
            return rows
        every = list(rows)
        if self._haystack is not None and self._haystack.rows is rows:
            self._counted = (every, self._haystack.counts)
        return every

    def counted(self, rows: list[CardRow]) -> dict[str, int] | None:
        """Cards per grade letter of a list the last query returned, when it counted them
        on the way (a search by one term and nothing else); None otherwise."""
        if self._counted is None or self._counted[0] is not rows:
            return None
        counts = self._counted[1]
        return {grade: counts.get(grade, 0) for grade in GRADES}

    def search_to_make(
        self, column: Column = Column.NAME, descending: bool = False
    ) -> tuple[list[CardRow], int] | None:
        """The sorted rows whose search text is still to be made, and the list's version
        (None when it is made): make_search() then runs on a worker, use_search() here."""
        rows = self.sorted_rows(column, descending)
        if self._haystack is not None and self._haystack.rows is rows:
            return None
        return rows, self.version

    @staticmethod
    def make_search(rows: list[CardRow]) -> _Haystack:
        """The search texts of these rows joined in pieces: reads only, safe on any thread."""
        return _Haystack.of(rows)

    def reads_runs(
        self, terms: list[str], column: Column = Column.NAME, descending: bool = False
    ) -> bool:
        """Whether a query for these terms in this sort reads the rows' runs of digits (the
        search texts made, the term looked for first one of ASCII digits): 7-10 ms at
        100,000 cards whatever the term, where filtering a last result row by row costs
        0.4 us a row (18 ms for the 46,000 rows holding '13', whose texts are the longer
        ones)."""
        haystack = self._haystack
        if not terms or haystack is None or haystack.rows is not self._sorted:
            return False
        first = sorted(terms, key=len, reverse=True)[0]  # the one query() looks for first
        return self._sorted_by == (column, descending) and haystack.runs_for(first) is not None

    def use_search(self, rows: list[CardRow], haystack: _Haystack, version: int) -> bool:
        """Keep a search text made on a worker, unless the list changed meanwhile."""
        if version != self.version or self._sorted is not rows:
            return False
        self._haystack = haystack
        return True

    def prepare_search(self, column: Column = Column.NAME, descending: bool = False) -> None:
        """Make the search text of this sort ahead of the first keystroke (the window
        calls it when idle after loading or sorting the list: 50-60 ms at 100,000 cards);
        once per sort."""
        rows = self.sorted_rows(column, descending)
        if self._haystack is None or self._haystack.rows is not rows:
            self._haystack = _Haystack.of(rows)

    def grade_counts(self, card_filter: CardFilter) -> dict[str, int]:
        """Cards per grade under every filter but the grade chips themselves (their live counts)."""
        test = _predicate(card_filter.without_grades())
        rows: Iterable[CardRow] = self.rows.values()
        if test is not None:
            rows = (row for row in rows if test(row))
        counts = Counter(row.grade for row in rows)
        return {grade: counts.get(grade, 0) for grade in GRADES}

    def facets(self) -> dict[str, list[str]]:
        """Values to offer in the filter boxes: owners, areas, tags."""
        from salesdesk.domain.values import parse_tags

        owners = sorted({r.owner for r in self.rows.values() if r.owner})
        areas = sorted({r.area for r in self.rows.values() if r.area})
        tags: set[str] = set()
        for tag_json in {r.tags for r in self.rows.values() if r.tags != "[]"}:
            tags.update(parse_tags(tag_json))
        return {"owners": owners, "areas": areas, "tags": sorted(tags)}


def let_go_replaced(replaced: list[Any]) -> None:
    """On a worker: the rows, lists and search texts CardList.take() replaced, a slice at
    a time (operations.let_go). The lists are the list's own; the rows' dict is emptied
    only when nothing else holds it (a read on a worker may still look cards up in it:
    then it is freed as before, by whoever lets go of it last)."""
    from salesdesk.services.operations import let_go

    rows = replaced.pop(0)
    let_go(*[each for each in replaced if each is not None])
    replaced.clear()
    if sys.getrefcount(rows) <= _HELD_BY_A_NAME_ALONE:  # nothing but this name holds it
        let_go(rows)


def _held_by_a_name() -> int:
    """What sys.getrefcount says of an object only a local name holds: 2 up to Python
    3.13 (the name and the call's argument), 1 from 3.14, whose LOAD_FAST_BORROW passes
    the name's reference without counting it. A fixed 2 there would empty rows a worker's
    read still holds (one other holder: 2)."""
    held: dict[str, CardRow] = {}
    return sys.getrefcount(held)


_HELD_BY_A_NAME_ALONE = _held_by_a_name()


def _ordered(by_name: list[CardRow], column: Column, descending: bool) -> list[CardRow]:
    """The name-sorted rows in a column's order: a new list (the two are kept apart, each
    edited in place by CardList._keep_sorted)."""
    if column == Column.NAME:
        return by_name[::-1] if descending else list(by_name)
    return sorted(by_name, key=SORT_KEYS[column], reverse=descending)


def _predicate(f: CardFilter) -> Callable[[CardRow], bool] | None:
    tests: list[Callable[[CardRow], bool]] = []
    terms = query_terms(f.text)
    if terms:
        tests.append(lambda r: matches(r.search, terms))
    if f.grades:
        grades = f.grades
        tests.append(lambda r: r.grade in grades or (r.f_kind or "") in grades)
    if f.statuses:
        statuses = f.statuses
        tests.append(lambda r: r.status in statuses)
    if f.owner:
        owner = f.owner
        tests.append(lambda r: r.owner == owner)
    if f.area:
        area = f.area
        tests.append(lambda r: r.area == area)
    if f.tag:
        quoted = '"' + f.tag.replace("\\", "\\\\").replace('"', '\\"') + '"'
        tests.append(lambda r: quoted in r.tags)
    if f.key_only:
        tests.append(lambda r: bool(r.key_customer))
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    return lambda r: all(t(r) for t in tests)
