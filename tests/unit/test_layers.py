"""The layers of DESIGN §2: nothing imports upward; only ui/ has Qt; ui/ never sees tables."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "salesdesk"
LAYERS = ["domain", "models", "services", "io", "charts", "sync", "ui"]
# What each layer may import from salesdesk.
ALLOWED = {
    "domain": {"domain"},
    "models": {"domain", "models"},
    "services": {"domain", "models", "services"},
    "io": {"domain", "models", "services", "io"},
    "charts": {"domain", "models", "services", "charts"},
    "sync": {"domain", "models", "services", "sync"},
    "ui": {"domain", "models", "services", "io", "charts", "sync", "ui"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_what_it_may(layer: str) -> None:
    offences = []
    for path in _modules(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "PySide6" and layer != "ui":
                offences.append(f"{path.name} imports {name}")
            inner = parts[1] if parts[0] == "salesdesk" and len(parts) > 1 else None
            if inner in LAYERS and inner not in ALLOWED[layer]:
                offences.append(f"{path.name} imports {name}")
            # The window goes through services: never the tables or the Store itself.
            if layer == "ui" and (
                parts[0] == "peewee"
                or name.startswith(("salesdesk.models.tables", "salesdesk.models.store"))
            ):
                offences.append(f"{path.name} imports {name}")
    assert offences == [], "\n".join(offences)


def test_charts_build_figures_without_pyplot() -> None:
    for path in _modules("charts"):
        assert "matplotlib.pyplot" not in _imports(path), path.name


# -- one road for every write (issue 16) ---------------------------------------------------
# Screenshot tooling drives the window from outside (selftest, the *shots modules and
# the *_shots functions): it may pump events and open files as a test would.
SHOT_MODULES = {"selftest.py"}
RUNNER = "ops.py"
MEASURING = {"_report_ready"}  # the start-up figure: paints once, prints, quits


def _ui_modules() -> list[Path]:
    return [
        p for p in _modules("ui") if p.name not in SHOT_MODULES and not p.stem.endswith("shots")
    ]


def _session_writes() -> set[str]:
    """The Session's write methods: those that return a Result (and restore)."""
    tree = ast.parse((PACKAGE / "services" / "session.py").read_text(encoding="utf-8"))
    session = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Session")
    writes = {"restore_backup", "stage_restore", "after_bulk_change", "_run"}
    for node in session.body:
        returns = getattr(node, "returns", None)
        if isinstance(node, ast.FunctionDef) and returns and "Result" in ast.unparse(returns):
            writes.add(node.name)
    return writes


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _in_shot_function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef) and (
            node.name.endswith("_shots") or node.name in MEASURING
        ):
            return True
    return False


def _handed_to_runner(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside a lambda or a local `work` function: the call the runner makes."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Lambda):
            return True
        if isinstance(node, ast.FunctionDef) and node.name in {"work"}:
            return True
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            return False
    return False


def _is_session(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "session") or (
        isinstance(node, ast.Attribute) and node.attr == "session"
    )


def test_session_writes_are_found() -> None:
    writes = _session_writes()
    assert {"edit_card", "log_contact", "set_visit_settings", "dismiss_duplicate"} <= writes


def test_the_window_writes_only_through_its_runner() -> None:
    writes = _session_writes()
    offences = []
    for path in _ui_modules():
        if path.name == RUNNER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or _in_shot_function(node, parents):
                continue
            where = f"{path.name}:{node.lineno}"
            if node.attr == "store" and _is_session(node.value):
                offences.append(f"{where} touches session.store")
            parent = parents.get(node)
            if (
                node.attr in writes
                and _is_session(node.value)
                and isinstance(parent, ast.Call)
                and parent.func is node
                and not _handed_to_runner(node, parents)
            ):
                offences.append(f"{where} calls session.{node.attr}() outside the runner")
    assert offences == [], "\n".join(offences)


def test_the_window_never_pumps_events() -> None:
    offences = []
    for path in _ui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "processEvents"
                and not _in_shot_function(node, parents)
            ):
                offences.append(f"{path.name}:{node.lineno}")
    assert offences == [], "\n".join(offences)


def test_no_view_refreshes_another() -> None:
    """A view refreshes itself (or the widgets it made); others follow the change signal."""
    offences = []
    for path in _ui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        local_classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
        made: dict[str, str] = {}  # self.<attr> = <Class>(...)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                for target in node.targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                        and isinstance(node.value.func, ast.Name)
                    ):
                        made[target.attr] = node.value.func.id
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "refresh"
            ) or _in_shot_function(node, parents):
                continue
            receiver = node.func.value
            if isinstance(receiver, ast.Name):
                continue  # self, or a loop over the widgets this view made
            if (
                isinstance(receiver, ast.Attribute)
                and isinstance(receiver.value, ast.Name)
                and receiver.value.id == "self"
                and (made.get(receiver.attr) in local_classes or receiver.attr.endswith("model"))
            ):
                continue
            offences.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}()")
    assert offences == [], "\n".join(offences)


# The core's bulk writes: the window reaches them only through a Session operation on
# the runner (import_file, merge, restore), never by calling them itself.
CORE_WRITES = {"apply_import", "merge_file", "put_in_place", "backup_database", "snapshot"}
PLUMBING = {RUNNER, "background.py"}  # the runner and the one function it runs on the pool
THREADS = {"start_job", "QRunnable", "QThread", "Thread", "ThreadPoolExecutor"}


def test_the_window_calls_no_core_write_itself() -> None:
    offences = []
    for path in _ui_modules():
        if path.name == RUNNER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _in_shot_function(node, parents):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            where = f"{path.name}:{node.lineno}"
            if name in CORE_WRITES:
                offences.append(f"{where} calls {name}() itself")
            if (
                name == "write"
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "store"
            ):
                offences.append(f"{where} writes to a store itself")
    assert offences == [], "\n".join(offences)


def test_only_the_runner_starts_work_on_another_thread() -> None:
    """Every slow read and long job goes through Ops (start, read, job): one busy state,
    one change signal, one place where Cancel and progress are wired."""
    offences = []
    for path in _ui_modules():
        if path.name in PLUMBING:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = (
                node.id
                if isinstance(node, ast.Name)
                else node.attr
                if isinstance(node, ast.Attribute)
                else node.name
                if isinstance(node, ast.alias)
                else None
            )
            if name in THREADS or (
                isinstance(node, ast.alias) and node.name.split(".")[-1] in THREADS
            ):
                offences.append(f"{path.name}:{getattr(node, 'lineno', '?')} uses {name}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "start"
                and "globalInstance" in ast.unparse(node.func.value)
            ):
                offences.append(f"{path.name}:{node.lineno} starts a job on the pool itself")
    assert offences == [], "\n".join(offences)


def test_features_do_not_build_the_window_menus() -> None:
    """Features offer actions (menu_entries); only the main window places them."""
    offences = []
    for path in _ui_modules():
        if path.name == "mainwindow.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("file_menu", "edit_menu", "view_menu", "quit_action", "._update_actions"):
            if needle in text:
                offences.append(f"{path.name} uses {needle}")
    assert offences == [], "\n".join(offences)


def test_no_feature_sets_another_features_state() -> None:
    """A feature asks another through its methods (SyncUi.sync_auto decides between the team
    hub and the sync folder), never by setting its private state (self.window.x._flag = …)."""
    offences = []
    for path in _ui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr.startswith("_")
                    and ast.unparse(target.value).startswith("self.window.")
                ):
                    offences.append(f"{path.name}:{node.lineno} sets {ast.unparse(target)}")
    assert offences == [], "\n".join(offences)
