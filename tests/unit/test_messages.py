"""Every message the core can show a user has its Chinese, and the Chinese is found for it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import salesdesk
from salesdesk.domain import messages
from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import ZH_CN, localize

CORE = Path(salesdesk.__file__).parent
CJK = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"\{(\d+)\}")


def _error_classes() -> set[str]:
    """The names of UserError and every subclass of it in the core."""
    for module in pkgutil.walk_packages([str(CORE)], "salesdesk."):
        if ".ui" not in module.name and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: set[str] = set()
    todo: list[type] = [UserError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _templates_of(node: ast.expr) -> list[str]:
    """The English templates an expression can produce: f-string values become {0}, {1} …"""
    if isinstance(node, ast.IfExp):
        return _templates_of(node.body) + _templates_of(node.orelse)
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "plural":
        return _templates_of(node.args[1]) + _templates_of(node.args[2])  # the one and many
    if (  # plural(...).format(...): the templates plural chooses from
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "format"
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Call)
        and getattr(node.func.value.func, "id", "") == "plural"
    ):
        return _templates_of(node.func.value)
    parts: list[ast.expr] = []

    def flatten(part: ast.expr) -> None:
        if isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
            flatten(part.left)
            flatten(part.right)
        elif isinstance(part, ast.JoinedStr):
            parts.extend(part.values)
        else:
            parts.append(part)

    flatten(node)
    if not any(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts):
        return []  # a value passed on (str(error)): its own template is checked where made
    text, number = "", 0
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            text += part.value
        else:
            text += "{" + str(number) + "}"
            number += 1
    return [text]


def core_messages() -> dict[str, str]:
    """Every English template of the core (not ui/), with where it is made."""
    errors = _error_classes()
    found: dict[str, str] = {}
    for path in sorted(CORE.rglob("*.py")):
        if "ui" in path.relative_to(CORE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            target = getattr(func, "value", None)
            owner = getattr(target, "id", None) or getattr(target, "attr", None)
            # errors raised, problems listed for the user, lines the CLI prints, undo labels
            if node.args and (
                name in errors
                or name == "localize"
                or (name == "append" and owner == "problems")
                or (name == "write" and owner == "store")
                or name == "_run"
            ):
                for template in _templates_of(node.args[0]):
                    where = f"{path.relative_to(CORE.parent)}:{node.lineno}"
                    found.setdefault(template, where)
            # both forms of every plural(count, one, many) of the core, wherever it is used
            if name == "plural" and len(node.args) == 3:
                for template in _templates_of(node):
                    where = f"{path.relative_to(CORE.parent)}:{node.lineno}"
                    found.setdefault(template, where)
            # the command line's --help texts
            for keyword in node.keywords:
                if keyword.arg in ("help", "description"):
                    for template in _templates_of(keyword.value):
                        where = f"{path.relative_to(CORE.parent)}:{node.lineno}"
                        found.setdefault(template, where)
    return found


def test_the_scan_finds_the_messages_users_reported() -> None:
    found = core_messages()
    assert "'{0}' is not a date on the calendar." in found
    assert "{0} does not exist." in found
    assert "Import" in found  # an undo label
    assert "Undo {0}" in found
    assert len(found) > 100


def test_every_core_message_has_its_chinese() -> None:
    missing = {t: where for t, where in core_messages().items() if t not in ZH_CN}
    assert not missing, "add to salesdesk/domain/messages.py ZH_CN:\n" + "\n".join(
        f"  {where}: {t!r}" for t, where in sorted(missing.items(), key=lambda x: x[1])
    )


@pytest.mark.parametrize("english", sorted(ZH_CN))
def test_the_chinese_is_chinese_with_the_same_values_and_full_width_punctuation(
    english: str,
) -> None:
    chinese = ZH_CN[english]
    assert CJK.search(chinese), chinese
    assert sorted(PLACEHOLDER.findall(chinese)) == sorted(PLACEHOLDER.findall(english))
    # A half-width , : ; ? ! ( ) or . beside a Chinese character is a half-width sentence mark.
    half = re.search(r"[\u3400-\u9fff][,:;?!().]|[,:;?!()][\u3400-\u9fff]", chinese)
    assert half is None, f"half-width punctuation in {chinese!r}"


@pytest.mark.parametrize("english", sorted(ZH_CN))
def test_a_message_made_from_a_template_comes_back_in_chinese(english: str) -> None:
    values = [f"v{n}x" for n in range(10)]
    made = english.format(*values)
    assert localize(made, "zh_CN") == ZH_CN[english].format(*values)
    assert localize(made, "en") == made


def test_the_users_examples_in_chinese() -> None:
    from salesdesk.domain.dates import parse_date

    messages.set_language("zh_CN")
    with pytest.raises(UserError) as caught:
        parse_date("2026-02-30")
    assert str(caught.value) == "“2026-02-30”不是日历上存在的日期。"
    assert caught.value.english() == "'2026-02-30' is not a date on the calendar."
    # A message inside a message: an import problem about a birthday.
    problem = "Birthday '1990-02-30' is not a date on the calendar. Left out."
    assert localize(problem) == "生日：“1990-02-30”不是日历上存在的日期。已略去。"
    assert localize("Undo Import") == "撤销导入"
    assert localize("The folder /tmp/a b does not exist.") == "文件夹 /tmp/a b 不存在。"
    messages.set_language("en")
    with pytest.raises(UserError) as caught:
        parse_date("2026-02-30")
    assert str(caught.value) == "'2026-02-30' is not a date on the calendar."


def test_plural_takes_the_one_form_for_exactly_one_and_the_scan_reads_both() -> None:
    from salesdesk.domain.messages import plural

    said = [plural(n, "{0} card", "{0} cards").format(n) for n in (0, 1, 2, 21)]
    assert said == ["0 cards", "1 card", "2 cards", "21 cards"]
    found = core_messages()  # plural(n, one, many) inside localize(): both forms are read
    assert "{0} card handed over to {1}." in found
    assert "{0} cards handed over to {1}." in found
    assert "{0} card, {1} contact" in found  # a plural inside a plural
    assert localize("1 card handed over to 李强.", "zh_CN") == "1 张卡片已交接给李强。"
    assert localize("1 day overdue", "zh_CN") == "逾期 1 天"


def test_sentences_follow_each_other_as_the_language_writes_them() -> None:
    from salesdesk.domain.messages import sentences

    assert sentences("Synced.", "Your file holds only what they lack.") == (
        "Synced. Your file holds only what they lack."
    )
    assert sentences(
        "已与文件夹同步：合并 1 个文件，0 个未变。", "您在那里的文件只含其他人缺少的内容。"
    ) == ("已与文件夹同步：合并 1 个文件，0 个未变。您在那里的文件只含其他人缺少的内容。")
    assert sentences("Merged.", "", "1 conflict.") == "Merged. 1 conflict."
    assert sentences("", "一个。") == "一个。"
