"""Benchmark: the import wizard's own work on the window's thread (DESIGN §7, issue 16).

The event loop may stall at most 100 ms during an import; this measures the part of it
that is the window's own work, as processor time of the GUI thread (which a loaded machine
stretches little): the mapping page of a 200,000-row file with a birthday column, shown and
with another column's target changed, and the check page's 1,000 rows to look at, filled, laid
out and painted. Floor: the same page for a file of three rows.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CACHE, report

BUDGET_MS = 100.0


def _dates_file(rows: int) -> Path:
    path = CACHE / f"import-dates-{rows}.csv"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        rng = random.Random(1)
        with path.open("w", encoding="utf-8") as out:
            out.write("Name,Company,Birthday\n")
            for n in range(rows):
                born = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/19{rng.randint(50, 99)}"
                out.write(f"Person {n},Firm {n % 997},{born}\n")
    return path


def _pairs_file(folder: Path, rows: int) -> Path:
    """Rows two by two sharing a switchboard: every second row is a likely duplicate."""
    path = folder / f"pairs-{rows}.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("姓名,公司,手机\n")
        for n in range(rows):
            out.write(f"客户{n},公司{n % 50},021-6412{n % (rows // 2):04d}\n")
    return path


def _wizard(app: Any, session: Any, path: Path) -> Any:
    from salesdesk.ui.import_wizard import ImportWizard

    wizard = ImportWizard(session, path)
    wizard.resize(900, 600)
    wizard.show()
    wizard.load()
    while wizard.table is None:
        app.processEvents()
        time.sleep(0.01)
    return wizard


def mapping_page(app: Any, session: Any, path: Path) -> tuple[float, float]:
    """GUI-thread CPU (ms) to show the mapping page, and to change one column's target."""
    wizard = _wizard(app, session, path)
    cpu = time.thread_time()
    wizard.next()
    app.processEvents()
    shown = (time.thread_time() - cpu) * 1000
    cpu = time.thread_time()
    wizard.mapping_page.set_target(1, "skip")  # the company: the birthday stays a date
    app.processEvents()
    changed = (time.thread_time() - cpu) * 1000
    wizard.close()
    return shown, changed


def check_page(app: Any, session: Any, path: Path) -> tuple[float, int]:
    """GUI-thread CPU (ms) to fill, lay out and paint the check page's rows to look at."""
    from salesdesk.io import mapping, readers
    from salesdesk.services import importer

    wizard = _wizard(app, session, path)
    table = readers.read_table(path)
    rows = mapping.to_rows(table, mapping.guess_targets(table.headers), None)
    plan = importer.plan_import(rows, store=session.store)
    preview = importer.preview(plan, "skip", {})
    wizard.plan = plan
    page = wizard.duplicates_page
    page.show()
    app.processEvents()
    cpu = time.thread_time()
    page._fill_report(plan, preview)
    page.repaint()
    app.processEvents()
    took = (time.thread_time() - cpu) * 1000
    wizard.close()
    return took, len(preview.rows)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    print(f"  load: {os.getloadavg()[0]:.2f} (1 min)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        os.environ["SALESDESK_DATA_DIR"] = str(scratch / "data")
        os.environ["SALESDESK_CONFIG_DIR"] = str(scratch / "config")
        from salesdesk.services.session import Session

        session = Session.open(scratch / "cards.db")
        small = scratch / "three.csv"
        small.write_text("Name,Company,Birthday\nAnn,A,25/5/1984\nBob,B,3/4/1981\nCy,C,1/1/1990\n")
        floor_shown, floor_changed = mapping_page(app, session, small)
        shown, changed = mapping_page(app, session, _dates_file(200_000))
        print(
            f"  floor: the mapping page of three rows {floor_shown:.1f} ms,"
            f" a change {floor_changed:.1f} ms"
        )
        report(
            "mapping page of a 200,000-row file with a birthday column, GUI thread CPU",
            shown,
            "ms",
            BUDGET_MS,
            f"floor (three rows) {floor_shown:.0f} ms, {shown / max(floor_shown, 1):.1f}×",
        )
        report(
            "a column's target changed on that page, GUI thread CPU",
            changed,
            "ms",
            BUDGET_MS,
            f"floor (three rows) {floor_changed:.0f} ms",
        )
        floor, _ = check_page(app, session, _pairs_file(scratch, 6))
        took, listed = check_page(app, session, _pairs_file(scratch, 2000))
        print(f"  floor: the check page with 3 rows to look at {floor:.1f} ms", flush=True)
        report(
            f"check page: {listed:,} rows to look at filled and painted, GUI thread CPU",
            took,
            "ms",
            BUDGET_MS,
            f"floor (3 rows) {floor:.0f} ms, {took / max(floor, 1):.1f}×",
        )
        session.close()


if __name__ == "__main__":
    main()
