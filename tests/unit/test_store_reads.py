"""Core reads name the store they read: no module reads through the file opened last.

The tables resolve their database through one proxy (models/tables.py). A core read
given `store=` runs inside that store's binding, so it reads the file it was given even
when another Store was opened after it, as the window's workers and a merge do. The
layer test below finds, by reading the code, every public function of the core that
reaches the tables without naming a store; the run-time test opens two files and checks
that the reads the window, the workbook, the charts and the CLI use read the one named.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2] / "salesdesk"
CORE = ("services", "charts", "io", "sync")
TABLE_NAMES = {
    "Card",
    "Contact",
    "Visit",
    "Deal",
    "ServiceCase",
    "GradeChange",
    "CardImage",
    "Change",
    "Conflict",
    "Meta",
    "Peer",
    "Setting",
    "Payment",
    "database_proxy",
    "SYNCED_MODELS",
    "ALL_MODELS",
}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)


class _Function:
    def __init__(self, module: str, qualname: str, node: ast.FunctionDef) -> None:
        self.module = module
        self.qualname = qualname
        self.node = node
        params = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        self.names_store = any(a.arg in ("store", "db", "con", "session") for a in params)
        self.given_store = any(a.arg == "store" for a in params)
        self.direct = False  # names a table outside a `with store.bound()/write()` block
        self.calls: list[tuple[str, bool]] = []  # (callee, passes a store), outside those

    @property
    def public(self) -> bool:
        return not any(part.startswith("_") for part in self.qualname.split("."))

    @property
    def on_store(self) -> bool:
        """Decorated with @on_store: bound to the store its caller passes (if any)."""
        return any(
            isinstance(deco, ast.Name) and deco.id == "on_store"
            for deco in self.node.decorator_list
        )


def _binding(node: ast.With) -> bool:
    """`with store.bound():`, `with store.write():`, `with bound(db):`: the tables read and
    write the named store inside, whoever called."""
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else None
            if isinstance(func, ast.Name):
                name = func.id
            if name in ("bound", "write"):
                return True
    return False


def _unbound_nodes(node: ast.FunctionDef) -> list[ast.AST]:
    """The nodes of a function's body that run on whatever the tables fall back to: not
    its annotations (a type is no query), not the inside of a binding `with` block."""
    found: list[ast.AST] = []
    todo: list[ast.AST] = list(node.body)
    while todo:
        current = todo.pop()
        found.append(current)
        if isinstance(current, ast.With) and _binding(current):
            todo.extend(item.context_expr for item in current.items)
            continue
        for name, value in ast.iter_fields(current):
            if name in ("annotation", "returns"):
                continue
            children = value if isinstance(value, list) else [value]
            todo.extend(child for child in children if isinstance(child, ast.AST))
    return found


def _passes_store(call: ast.Call) -> bool:
    values = [*call.args, *(k.value for k in call.keywords)]
    if any(k.arg in ("store", "db", "con") for k in call.keywords):
        return True
    for value in values:
        if isinstance(value, ast.Name) and value.id in ("store", "db", "con", "session"):
            return True
        if isinstance(value, ast.Attribute) and value.attr in ("store", "db", "_store"):
            return True
    return False


def _functions() -> dict[str, _Function]:
    found: dict[str, _Function] = {}
    for folder in CORE:
        for path in sorted((ROOT / folder).glob("*.py")):
            module = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            aliases: dict[str, str] = {}  # local name -> module or module.function
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    for alias in node.names:
                        target = f"{node.module}.{alias.name}"
                        aliases[alias.asname or alias.name] = target
            tops: list[tuple[str, ast.FunctionDef]] = []
            for node in tree.body:
                if isinstance(node, ast.FunctionDef):
                    tops.append((node.name, node))
                elif isinstance(node, ast.ClassDef):
                    for item in node.body:
                        if isinstance(item, ast.FunctionDef):
                            tops.append((f"{node.name}.{item.name}", item))
            for qualname, node in tops:
                function = _Function(module, qualname, node)
                for sub in _unbound_nodes(node):
                    if (
                        isinstance(sub, ast.Name)
                        and sub.id in TABLE_NAMES
                        # the tables' own names, not a class of the module's that shares
                        # one (sync/delta.py's Peer)
                        and aliases.get(sub.id, "").startswith("salesdesk.models")
                    ):
                        function.direct = True
                    if isinstance(sub, ast.Call):
                        callee = None
                        func = sub.func
                        if isinstance(func, ast.Name):
                            target = aliases.get(func.id)
                            callee = target or f"{module}.{func.id}"
                        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                            base = aliases.get(func.value.id)
                            if base:
                                callee = f"{base}.{func.attr}"
                            elif func.value.id in ("cls", "self") and "." in qualname:
                                owner = qualname.split(".")[0]
                                callee = f"{module}.{owner}.{func.attr}"
                        if callee:
                            function.calls.append((callee, _passes_store(sub)))
                found[f"{module}.{qualname}"] = function
    return found


def global_reads() -> list[str]:
    """Core functions that reach the tables through the fallback: a public one that names
    no store, or one given a store that reaches them outside that store's binding."""
    functions = _functions()
    # reaches: names a table, or calls one that reaches without passing the store, outside
    # a binding block. (An @on_store function reaches when its caller gives no store.)
    reaches: dict[str, bool] = {name: f.direct for name, f in functions.items()}
    changed = True
    while changed:
        changed = False
        for name, function in functions.items():
            if reaches[name]:
                continue
            for callee, passes in function.calls:
                if callee in functions and reaches[callee] and not passes:
                    reaches[name] = True
                    changed = True
                    break
    found = []
    for name, function in functions.items():
        if not reaches[name] or function.on_store:
            continue
        if function.given_store:
            found.append(f"{name}: given a store, reaches the tables outside its binding")
        elif function.names_store:
            continue  # given a connection (sync/validate.py): it queries that, the tables
            # only tell it their columns
        elif function.public:
            found.append(f"{name}: reaches the tables and names no store")
    return sorted(found)


# Core functions that reach the tables without naming their store: none now (the reads of
# payments, handover, privacy, the hub and the import's writer were the last, issue 16).
KNOWN_BEFORE_THE_RULE: set[str] = set()  # every core read names its store


def test_no_public_core_function_reads_without_naming_its_store() -> None:
    """A new core read through the file opened last fails here: give it `store=`."""
    found = set(global_reads())
    assert sorted(found - KNOWN_BEFORE_THE_RULE) == []
    # One given its store since: take it out of the list, so it cannot come back.
    assert sorted(KNOWN_BEFORE_THE_RULE - found) == []


@pytest.fixture
def two_files(tmp_path: Path) -> Iterator[tuple[object, object]]:
    """File A (three cards, a planned visit, a birthday) and file B (one card), B opened
    last: the tables' fallback points at B."""
    from salesdesk.services.session import Session

    first = Session.open(tmp_path / "a.db")
    for name, grade in (("甲一", "A"), ("甲二", "B"), ("甲三", "C")):
        card = first.create_card({"name": name, "birthday": "1980-05-06"}, grade=grade)
        first.log_contact(card.id, channel="phone", summary="call")
        first.plan_visit(card.id, first.today())
    second = Session.open(tmp_path / "b.db")
    second.create_card({"name": "乙"}, grade="E")
    yield first, second
    second.close()
    first.close()


def test_core_reads_read_the_store_they_are_given(two_files: tuple[object, object]) -> None:
    from salesdesk.services import agenda, analytics, stats
    from salesdesk.services.cardlist import CardList
    from salesdesk.services.summary import period_summary

    first, second = two_files
    store = first.store  # type: ignore[attr-defined]
    today = first.today()  # type: ignore[attr-defined]

    assert stats.stats(store=store)["cards"] == 3
    assert stats.stats(store=second.store)["cards"] == 1  # type: ignore[attr-defined]
    summary = period_summary(analytics.period("all", store=store), store=store)
    assert summary.grades_now["A"] == 1
    assert summary.grades_now["E"] == 0
    assert analytics.kpis(store=store)["cards_by_grade"]["C"] == 1
    grades = analytics.chart_data(
        "grades-over-time", analytics.period("all", store=store), store=store
    )
    assert grades.total(len(grades.days) - 1) == 3
    day = agenda.agenda(today, 1, store=store)
    assert sorted(item.name for item in day.today) == ["甲一", "甲三", "甲二"]
    listed = CardList(store=store)
    listed.load()
    assert sorted(row.name for row in listed.rows.values()) == ["甲一", "甲三", "甲二"]
    # The session's own reads name its store too (the History tab's, a card's page).
    card_id = listed.rows and next(iter(listed.rows))
    assert first.history(card_id)
    assert first.card(card_id).name.startswith("甲")
    assert first.stats()["cards"] == 3  # type: ignore[attr-defined]
    assert [item.name for item in first.agenda(today, 1).today] != []  # type: ignore[attr-defined]


def test_workbook_and_calendar_read_the_store_they_are_given(
    two_files: tuple[object, object], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from salesdesk.io.ics import export_ics
    from salesdesk.io.xlsx import export_workbook

    first, _second = two_files
    store = first.store  # type: ignore[attr-defined]
    target = tmp_path / "book.xlsx"
    written = export_workbook(target, store=store)
    cards_sheet = next(name for name in written if name.lower().startswith("card"))
    assert written[cards_sheet] == 3
    names = {row[0] for row in load_workbook(target)[cards_sheet].iter_rows(values_only=True)}
    assert {"甲一", "甲二", "甲三"} <= names
    assert "乙" not in names
    calendar = tmp_path / "visits.ics"
    export_ics(calendar, store=store)
    text = calendar.read_text(encoding="utf-8")
    assert "Birthday: 甲一" in text
    assert "乙" not in text


def test_a_worker_thread_reads_the_store_it_is_given(two_files: tuple[object, object]) -> None:
    """A worker (the window's charts, dashboard, agenda) has no binding of its own."""
    from concurrent.futures import ThreadPoolExecutor

    from salesdesk.services import analytics, stats

    first, _second = two_files
    store = first.store  # type: ignore[attr-defined]

    def work() -> int:
        try:
            return int(stats.stats(store=store)["cards"])
        finally:
            analytics.release_thread_connection(store)

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(work).result() == 3


def window_reads_without_a_store() -> Counter[str]:
    """Calls in ui/ of core functions that take `store=` (@on_store) without passing one."""
    functions = _functions()
    takes_store = {
        name
        for name, function in functions.items()
        if any(
            isinstance(deco, ast.Name) and deco.id == "on_store"
            for deco in function.node.decorator_list
        )
    }
    found: Counter[str] = Counter()
    for path in sorted((ROOT / "ui").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func, callee = node.func, None
            if isinstance(func, ast.Name):
                callee = aliases.get(func.id)
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                base = aliases.get(func.value.id)
                callee = f"{base}.{func.attr}" if base else None
            if callee in takes_store and not _passes_store(node):
                found[callee] += 1
    return found


def test_the_window_reads_no_store_through_the_fallback() -> None:
    """Every window call of a core read names the runner's store (`store=ops.store`) or
    goes through a session method that names its own."""
    found = window_reads_without_a_store()
    assert dict(found) == {}, "give these window calls store=ops.store (or a session method)"


def test_a_preference_is_written_to_the_store_named(two_files: tuple[Any, Any]) -> None:
    """Letters' templates, the week plan's preferences and import mappings are settings of
    one file: written in that store's transaction, whichever file was opened last."""
    from salesdesk.io import mapping
    from salesdesk.services import letters, plan

    first, second = two_files
    store = first.store
    plan.save_preferences((0, 1, 2), 5, "王敏", store=store)
    assert plan.per_day(store=store) == 5
    assert plan.per_day(store=second.store) != 5
    letters.save_template("mine", "My letter", "en", "Dear {name}", store=store)
    assert "mine" in {t.key for t in letters.templates(store=store)}
    assert "mine" not in {t.key for t in letters.templates(store=second.store)}
    mapping.save_mapping(["Name", "Phone"], ["name", "phone_other"], store=store)
    assert mapping.saved_mapping(["Name", "Phone"], store=store) == ["name", "phone_other"]
    assert mapping.saved_mapping(["Name", "Phone"], store=second.store) is None


def test_a_read_that_names_no_store_fails_instead_of_reading_the_last_file(
    two_files: tuple[Any, Any],
) -> None:
    """A worker that forgets its store (the window's reads run on workers) is told so, by
    function, instead of reading file B, the one opened last (settings are read with plain
    SQL since issue 16, so no table is named)."""
    from concurrent.futures import ThreadPoolExecutor

    from salesdesk.models.tables import NoStore
    from salesdesk.services import settings, stats

    first, _second = two_files
    with ThreadPoolExecutor(1) as pool:
        with pytest.raises(NoStore, match=r"settings\.get reached the database"):
            pool.submit(settings.get, "cadence").result()
        with pytest.raises(NoStore, match=r"stats\.stats reached the database"):
            pool.submit(stats.stats).result()
        assert pool.submit(lambda: stats.stats(store=first.store)["cards"]).result() == 3
