"""`salesdesk selftest`: open every main view on demo data offscreen and save a PNG of each."""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from salesdesk.services.session import Session

_HAN_RANGE = ("\u4e00", "\u9fff")


def _has_han(text: str) -> bool:
    return any(_HAN_RANGE[0] <= ch <= _HAN_RANGE[1] for ch in text)


def fill_fallback(session: Session, cards: int = 40, seed: int = 1) -> None:
    """A small demo set through the session: Chinese and English names, contacts, regrades."""
    rng = random.Random(seed)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
    given = [
        "伟",
        "芳",
        "娜",
        "敏",
        "静",
        "磊",
        "洋",
        "艳",
        "勇",
        "军",
        "杰",
        "娟",
        "涛",
        "明",
        "超",
    ]
    english = [
        "John Smith",
        "Mary Johnson",
        "David Brown",
        "Linda Miller",
        "James Wilson",
        "Susan Taylor",
        "Robert Moore",
        "Karen White",
        "Michael Clark",
        "Emma Lewis",
    ]
    companies = [
        "上海华信贸易",
        "北京东方科技",
        "深圳前海咨询",
        "重庆山城物流",
        "杭州西湖软件",
        "Northwind Logistics",
        "Contoso Ltd",
        "Iberia Foods",
        "Fabrikam Inc",
    ]
    areas = ["浦东新区", "海淀区", "南山区", "渝中区", "西湖区", "Riverside", "Downtown"]
    owners = ["李娜", "Tom", "王强"]
    summaries = [
        "首次拜访，介绍了产品方案",
        "电话回访，客户对价格有疑虑",
        "发送了报价单",
        "Met at the trade fair, interested in the premium plan",
        "Follow-up call: waiting for budget approval",
        "客户希望下个月再谈",
    ]
    channels = ["visit", "phone", "message", "email"]
    now = session.now()
    names = set()
    for number in range(cards):
        if number % 3 == 2:
            name = english[number // 3 % len(english)]
        else:
            name = (
                rng.choice(surnames) + rng.choice(given) + (rng.choice(given) if number % 2 else "")
            )
        if name in names:
            name += str(number)
        names.add(name)
        created = session.create_card(
            {
                "name": name,
                "company": rng.choice(companies),
                "title": rng.choice(["经理", "总监", "Owner", "Buyer", ""]),
                "phones": [{"label": "mobile", "number": f"13{rng.randint(100000000, 999999999)}"}],
                "area": rng.choice(areas),
                "owner": rng.choice(owners),
                "tags": rng.sample(["vip", "展会", "referral", "保险"], k=rng.randint(0, 2)),
                "status": rng.choice(["prospect", "prospect", "customer", "inactive"]),
                "key_customer": rng.random() < 0.2,
                "notes": "喜欢下午见面。" if number % 2 else "Prefers e-mail before calls.",
            },
            grade="F",
            f_kind="F2",
        )
        card_id = created.id
        assert card_id is not None
        path = ["E", "D", "B", "A"] if number % 4 == 0 else ["E", "C", "B"]
        start = now - timedelta(days=rng.randint(200, 1000))
        for step, grade in enumerate(path[: 1 + number % len(path)]):
            session.log_contact(
                card_id,
                channel=rng.choice(channels),
                summary=rng.choice(summaries),
                outcome=rng.choice(["约好下次拜访", "Send a quote", ""]),
                at=start + timedelta(days=60 * step + rng.randint(0, 20)),
                grade=grade,
                blocker="体检结果待复查"
                if grade == "C"
                else ("收入不稳定" if grade == "D" else None),
            )
        session.log_contact(
            card_id,
            channel="phone",
            summary=rng.choice(summaries),
            at=now - timedelta(days=rng.randint(1, 40)),
        )
        if number % 5 == 0:
            session.edit_card(card_id, {"notes": "客户更喜欢微信联系。", "area": rng.choice(areas)})
    session.undo_stack.clear()


def _fill(session: Session, out: Callable[[str], None]) -> None:
    try:
        from salesdesk.services import demo  # written alongside; may not exist yet
    except ImportError:
        out("demo data module not found: using the small built-in set")
        fill_fallback(session)
        return
    del demo
    session.generate_demo(cards=300, seed=1)


def cjk_font_families() -> list[str]:
    from PySide6.QtGui import QFontDatabase

    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def run_selftest(screenshot_dir: Path | None, lang: str | None = None) -> int:
    """Open each view offscreen; save PNGs when asked. 0 when every view rendered."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="salesdesk-selftest-") as tmp:
        # The test's replica registry, logs and window settings stay out of the user's folders.
        os.environ["SALESDESK_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["SALESDESK_CONFIG_DIR"] = str(Path(tmp) / "config")
        return _run(Path(tmp) / "selftest.db", screenshot_dir, lang)


def _run(db_path: Path, screenshot_dir: Path | None, lang: str | None) -> int:
    from PySide6.QtWidgets import QApplication

    from salesdesk.services.session import Session
    from salesdesk.ui.app import application, install_translations
    from salesdesk.ui.dialogs import ChangeGradeDialog, LogContactDialog
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.panel import TAB_CONTACTS, TAB_DETAILS, TAB_HISTORY, TAB_PATH

    def out(text: str) -> None:
        print(f"selftest: {text}", file=sys.stderr)

    app = application()
    install_translations(app, lang)
    if not cjk_font_families():
        out(
            "no font with Chinese characters found (install fonts-noto-cjk):"
            " Chinese text will show as boxes"
        )
    if screenshot_dir is not None:
        screenshot_dir.mkdir(parents=True, exist_ok=True)

    session = Session.open(db_path)
    failures: list[str] = []
    saved: list[Path] = []
    try:
        _fill(session, out)
        rows = session.card_list.rows.values()
        chinese = [r for r in rows if _has_han(r.name)]
        # A recently contacted card with a long grade path shows every tab at its best.
        recent = sorted(chinese, key=lambda r: (r.last_contact_at or "", r.name))[-60:]
        chosen = max(recent, key=lambda r: len(session.grade_path(r.id))) if recent else None
        if chosen is None:
            failures.append("no card with a Chinese name in the demo data")
        else:
            # A few edits through the session, so the History tab has changes to show.
            session.edit_card(chosen.id, {"notes": "喜欢下午见面，先发微信再打电话。"})
            session.edit_card(chosen.id, {"title": "采购总监", "key_customer": True})
            session.change_grade(chosen.id, "A", reason="预算已批，下次拜访可以签约")

        window = MainWindow(session)
        window.resize(1400, 860)
        window.splitter.setSizes([800, 600])
        window.show()
        window.views.setCurrentWidget(window.splitter)  # the card shots; Today has its own
        app.processEvents()
        if chosen is not None and not window.select_card(chosen.id):
            failures.append(f"could not select the card {chosen.name}")
        if window.model.rowCount() == 0:
            failures.append("the card list is empty")

        def shoot(
            name: str, widget: QWidget, check: Callable[[], str | None] | None = None
        ) -> None:
            # Twice: a label filled by an event of the first pass (the due count from its
            # worker) is laid out by a layout request that pass posts for the next one.
            app.processEvents()
            app.processEvents()
            problem = check() if check else None
            if problem:
                failures.append(f"{name}: {problem}")
            pixmap = widget.grab()
            if pixmap.isNull() or pixmap.width() < 50:
                failures.append(f"{name}: nothing rendered")
                return
            if screenshot_dir is not None:
                path = screenshot_dir / f"{name}.png"
                if not pixmap.save(str(path), "PNG"):
                    failures.append(f"{name}: could not write {path}")
                else:
                    saved.append(path)

        panel = window.panel
        shoot("01-main-window", window)
        panel.show_tab(TAB_DETAILS)
        shoot(
            "02-card-details",
            window,
            lambda: None if panel.edits["name"].text() else "the Details tab shows no name",
        )
        panel.show_tab(TAB_CONTACTS)
        shoot(
            "03-contact-log",
            window,
            lambda: None if panel.contact_model.rowCount() else "no contacts shown",
        )
        panel.show_tab(TAB_PATH)
        _wait(app, lambda: panel.path_chart is not None and panel.path_chart.figure is not None)

        def path_shown() -> str | None:
            if not panel.path_model.rowCount():
                return "no grade steps shown"
            if panel.path_chart is None or panel.path_chart.figure is None:
                return "the card's path chart did not draw"
            return None

        shoot("04-grade-path", window, path_shown)
        panel.show_tab(TAB_HISTORY)
        shoot(
            "05-history",
            window,
            lambda: None if panel.history_model.rowCount() else "no history shown",
        )
        panel.show_tab(TAB_DETAILS)

        card = panel.card
        if card is None:
            failures.append("no card in the panel for the dialogs")
        else:
            log_dialog = LogContactDialog(
                window, name=card.name, grade=card.grade, f_kind=card.f_kind, now=datetime.now()
            )
            log_dialog.summary.setPlainText("拜访客户，讨论了续保方案。")
            log_dialog.outcome.setText("下周二再联系")
            log_dialog.regrade.setChecked(True)
            log_dialog.grade_fields.grade.setCurrentIndex(
                log_dialog.grade_fields.grade.findData("B")
            )
            log_dialog.show()
            log_dialog.adjustSize()
            shoot("06-log-contact-dialog", log_dialog)
            log_dialog.close()

            grade_dialog = ChangeGradeDialog(
                window, name=card.name, grade=card.grade, f_kind=card.f_kind
            )
            grade_dialog.fields.grade.setCurrentIndex(grade_dialog.fields.grade.findData("C"))
            grade_dialog.fields.reason.setText("体检指标异常，暂时无法投保")
            grade_dialog.fields.blocker.setText("血压偏高，三个月后复查")
            grade_dialog.show()
            grade_dialog.adjustSize()
            shoot("07-change-grade-dialog", grade_dialog)
            grade_dialog.close()
        from salesdesk.ui.dayplanshots import dayplan_shots

        dayplan_shots(app, window, shoot, failures)  # Today, Visits, Deals, Cases, Preferences
        from salesdesk.ui.weekplan import week_shots

        week_shots(app, window, shoot, failures)  # the Week tab, Letters
        from salesdesk.ui.syncshots import sync_shots

        session = sync_shots(app, window, shoot, failures, db_path.parent)  # it reopens the file
        window.close()
        QApplication.processEvents()
    except Exception as error:  # a selftest reports every failure as a message, never a trace
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        session.close()

    for path in saved:
        out(f"saved {path}")
    if failures:
        for failure in failures:
            out(f"FAILED {failure}")
        return 1
    out("every view rendered")
    return 0


def _wait(app: Any, done: Callable[[], bool], seconds: float = 20.0) -> None:
    """Let worker threads finish (a chart computes off the GUI thread) before a shot."""
    import time

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
