"""One vocabulary: the window, the workbook, the charts and the CLI call a code by one name.

salesdesk/domain/words.py VOCABULARY is the table. The window takes its English from it
(ui/labels.py) and its Chinese from the .ts, which scripts/zh_CN_words.py fills; Qt's
translation tools read the English from a list in ui/labels.py. Each test here fails
when one of those says another word than the table for the same code.
"""

from __future__ import annotations

import ast
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from salesdesk.domain import values
from salesdesk.domain.cadence import PURPOSES
from salesdesk.domain.grades import F_KINDS, GRADES
from salesdesk.domain.words import VOCABULARY, WORDS, word

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "salesdesk" / "ui"
# Kinds whose words ui/labels.py shows; visits.py and aftersales.py name the rest.
LABELS_KINDS = ("grade", "status", "channel", "style", "credit", "source", "phone", "field")
# The window's own tables of code → English in other modules: (file, name, kind).
WINDOW_TABLES = (
    ("visits.py", "PURPOSES", "purpose"),
    ("visits.py", "VISIT_STATUSES", "visit"),
    ("aftersales.py", "KINDS", "case"),
)


def _tree(name: str) -> ast.Module:
    return ast.parse((UI / name).read_text(encoding="utf-8"))


def _noop_text(node: ast.AST) -> str | None:
    """The English of a QT_TRANSLATE_NOOP("Labels", "…") call."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "QT_TRANSLATE_NOOP"
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "Labels"
        and isinstance(node.args[1], ast.Constant)
    ):
        return str(node.args[1].value)
    return None


def _assigned(tree: ast.Module, name: str) -> ast.AST:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            value = node.value
            assert value is not None
            return value
    raise AssertionError(f"{name} is not assigned")


def _english(kinds: tuple[str, ...]) -> set[str]:
    return {english for kind in kinds for english, _ in VOCABULARY[kind].values()}


def _zh_words() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("zh_words", ROOT / "scripts/zh_CN_words.py")
    assert spec
    assert spec.loader
    module: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.WORDS)


def _labels_translations() -> dict[str, str | None]:
    """The Chinese the window shows for each English of the "Labels" context."""
    found: dict[str, str | None] = {}
    root = ET.parse(ROOT / "resources/translations/salesdesk_zh_CN.ts").getroot()
    for context in root.iter("context"):
        if context.findtext("name") == "Labels":
            for message in context.iter("message"):
                found[message.findtext("source") or ""] = message.findtext("translation")
    return found


def test_the_vocabulary_names_every_code_of_the_domain() -> None:
    assert set(VOCABULARY["grade"]) == set(GRADES) | set(F_KINDS)
    assert set(VOCABULARY["status"]) == set(values.STATUSES)
    assert set(VOCABULARY["channel"]) == set(values.CHANNELS)
    assert set(VOCABULARY["style"]) == set(values.STYLES)
    assert set(VOCABULARY["credit"]) == set(values.CREDITS)
    assert set(VOCABULARY["source"]) == set(values.SOURCES)
    assert set(VOCABULARY["phone"]) == set(values.PHONE_LABELS)
    assert set(VOCABULARY["purpose"]) == set(PURPOSES)
    assert set(VOCABULARY["visit"]) == set(values.VISIT_STATUSES)
    assert set(VOCABULARY["case"]) == set(values.CASE_KINDS)


def test_the_workbook_and_the_cli_use_the_vocabulary() -> None:
    """word() (workbook cells and headers, chart legends, agenda text) says the table's word."""
    for kind, names in VOCABULARY.items():
        for code, (english, chinese) in names.items():
            if kind == "grade":  # a grade cell or legend carries its letter too
                assert word(f"grade.{code}", "en") == f"{code} – {english}"
                assert word(f"grade.{code}", "zh_CN") == f"{code} – {chinese}"
            else:
                assert WORDS[f"{kind}.{code}"] == (english, chinese)
    # A workbook column that shows a field is headed with the field's name.
    assert WORDS["col.summary"] == VOCABULARY["field"]["summary"]
    assert WORDS["col.when"] == VOCABULARY["field"]["at"]
    assert WORDS["col.channel"] == VOCABULARY["field"]["channel"]


def test_the_translators_list_in_labels_is_the_vocabulary() -> None:
    """lupdate finds the window's words only in source text: the list must be the table."""
    listed = _assigned(_tree("labels.py"), "_FOR_TRANSLATORS")
    assert isinstance(listed, ast.Tuple)
    texts = [_noop_text(element) for element in listed.elts]
    assert None not in texts
    assert set(texts) == _english(LABELS_KINDS)


def test_labels_takes_its_tables_from_the_vocabulary() -> None:
    tree = _tree("labels.py")
    for name, kind in (
        ("GRADE_NAMES", "grade"),
        ("STATUSES", "status"),
        ("CHANNELS", "channel"),
        ("STYLES", "style"),
        ("CREDITS", "credit"),
        ("SOURCES", "source"),
        ("PHONE_LABELS", "phone"),
        ("FIELDS", "field"),
    ):
        value = _assigned(tree, name)
        assert isinstance(value, ast.Call), name
        assert [a.value for a in value.args if isinstance(a, ast.Constant)] == [kind], name


def test_the_windows_other_tables_say_the_vocabularys_english() -> None:
    for module, name, kind in WINDOW_TABLES:
        table = _assigned(_tree(module), name)
        assert isinstance(table, ast.Dict)
        shown = {
            key.value: _noop_text(value)
            for key, value in zip(table.keys, table.values, strict=True)
            if isinstance(key, ast.Constant)
        }
        wanted = {code: english for code, (english, _) in VOCABULARY[kind].items()}
        assert shown == wanted, f"{module} {name}"


def test_the_windows_chinese_is_the_vocabularys_chinese() -> None:
    """zh_CN_words.py (what the lead fills the .ts from) and the shipped .ts alike."""
    zh_words = _zh_words()
    shown = _labels_translations()
    for kind, names in VOCABULARY.items():
        for code, (english, chinese) in names.items():
            given = zh_words.get(f"Labels|{english}", zh_words.get(english))
            assert given == chinese, f"zh_CN_words.py: {kind}.{code} {english!r}"
            assert shown.get(english) == chinese, f".ts: {kind}.{code} {english!r}"
