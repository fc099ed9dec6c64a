"""Selftest screenshots of sync, backups, import and the dashboard."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

Shoot = Callable[..., None]


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if done():
            return True
        time.sleep(0.01)
    return False


def _card(session: Any, name: str) -> str:
    return next(r.id for r in session.card_list.rows.values() if r.name == name)


def sync_shots(
    app: QApplication, window: Any, shoot: Shoot, failures: list[str], folder: Path
) -> Any:
    """Two laptops edited apart, merged with a preview; returns the window's (new) session."""
    from salesdesk.services.session import Session
    from salesdesk.sync.service import SyncService
    from salesdesk.ui import syncprefs

    path = window.session.store.path
    target = window.panel.card or next(iter(window.session.card_list.rows.values()))
    # One Store is open at a time in a process: close ours, edit the other laptop's copy.
    window.session.close()
    other_db = folder / "laptop-2.db"
    shutil.copy(path, other_db)
    other = Session.open(other_db)
    try:
        with other.store.write():
            other.store.set_meta("device_name", "销售二部-笔记本")
        other.create_card(
            {"name": "赵敏", "company": "杭州西湖软件", "phones": "13912345678"}, grade="C"
        )
        other.create_card({"name": "周杰", "company": "台北華信貿易"}, grade="E")
        other.edit_card(target.id, {"company": "华信集团（上海）"})
        sync_file = SyncService(other).export(folder=folder)
    finally:
        other.close()
    session = Session.open(path)
    window.use_session(session)
    session.edit_card(target.id, {"company": "上海华信贸易有限公司"})
    session.create_card({"name": "赵敏", "company": "西湖软件", "phones": "+86 139 1234 5678"})
    session.undo_stack.clear()

    ui = window.sync_ui
    preview = ui.merge_from_file(str(sync_file))
    if preview is None or not _wait(app, lambda: preview.report is not None):
        failures.append("merge preview: no report")
        return session
    shoot("08-merge-preview", preview, lambda: None if preview.report.new else "nothing new")
    preview.apply_button.click()
    if not _wait(app, lambda: preview.applied):
        failures.append("merge: not applied")
        return session
    shoot("09-merge-done", preview)
    preview.close()

    conflicts = ui.show_conflicts()
    conflicts.resize(1100, 600)
    shoot(
        "10-conflicts-and-duplicates",
        conflicts,
        lambda: (
            None
            if conflicts.conflict_model.rowCount() and conflicts.duplicate_model.rowCount()
            else "no conflict or no duplicate shown"
        ),
    )
    conflicts.close()

    sync_dir = folder / "坚果云" / "SalesDesk同步"
    sync_dir.mkdir(parents=True)
    syncprefs.put(syncprefs.FOLDER_KEY, str(sync_dir))
    shutil.copy(sync_file, sync_dir / sync_file.name)
    SyncService(session).sync_folder(sync_dir)
    ui.show_sync_prefs()
    prefs = ui.prefs_dialog
    shoot("11-sync-preferences", prefs, lambda: None if prefs.isVisible() else "not shown")
    prefs.close()

    session.daily_backup()
    backups = ui.show_backups()
    shoot(
        "12-backups",
        backups,
        lambda: None if backups.model.rowCount() >= 2 else "fewer than two backups",
    )
    backups.close()

    csv = folder / "展会名单.csv"
    csv.write_text(
        "姓名,公司,手机,等级,地区,备注\n"
        "孙丽,深圳前海咨询,13800001234,B,南山区,展会上认识\n"
        "Peter Wong,Fabrikam Inc,+852 9123 4567,E,Downtown,Wants a quote\n"
        "何静,重庆山城物流,13700005678,D,渝中区,\n",
        encoding="utf-8",
    )
    wizard = ui.start_import(csv)
    if wizard is None or not _wait(app, lambda: wizard.table is not None, 10):
        failures.append("import wizard: the file was not read")
    else:
        wizard.next()
        shoot(
            "13-import-mapping",
            wizard,
            lambda: None if wizard.mapping_page.grid.rowCount() == 6 else "no columns",
        )
        wizard.close()

    dashboard: QWidget = ui.show_dashboard()
    _wait(app, lambda: dashboard.kpis is not None and not dashboard.busy, 60)  # type: ignore[attr-defined]
    shoot("14-dashboard", dashboard, lambda: None if dashboard.kpis else "no KPIs")  # type: ignore[attr-defined]
    dashboard.close()
    return session
