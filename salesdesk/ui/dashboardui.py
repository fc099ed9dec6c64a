"""View > Dashboard: the KPI dashboard in its own window, refreshed when figures change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from salesdesk.services.changes import Changed
from salesdesk.ui.labels import chart_language
from salesdesk.ui.syncui import bring_up

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow


class DashboardUi(QObject):
    """The dashboard window and its action (the window puts it in View)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dashboard: Any = None
        self.dashboard_action = QAction(self.tr("Dash&board"), window)
        self.dashboard_action.setShortcut("Ctrl+D")
        self.dashboard_action.triggered.connect(self.show_dashboard)
        window.ops.changed.connect(self._changed)

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"view.end": [self.dashboard_action], "window": [self.dashboard_action]}

    def show_dashboard(self) -> Any:
        from salesdesk.ui.charts import Dashboard

        if self.dashboard is None:
            dashboard = Dashboard(None, lang=chart_language(), load=False, ops=self.window.ops)
            dashboard.setWindowTitle(self.tr("SalesDesk — Dashboard"))
            dashboard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dashboard.destroyed.connect(lambda *_: setattr(self, "dashboard", None))
            # A 1366×768 laptop screen holds it whole; Esc closes it, as a dialog.
            fit_to_screen(dashboard, QSize(1200, 820), self.window.screen().availableGeometry())
            QShortcut(QKeySequence(Qt.Key.Key_Escape), dashboard, dashboard.close)
            self.dashboard = dashboard
            dashboard.reload()
        bring_up(self.dashboard)
        return self.dashboard

    def _changed(self, changed: Changed) -> None:
        # A note or a phone edited changes no figure: the dashboard stays as it is.
        if (
            self.dashboard is not None
            and self.dashboard.isVisible()
            and not self.window.ops.busy
            and changed.concerns(figures=True)
        ):
            self.dashboard.reload()

    def close_windows(self) -> None:
        if self.dashboard is not None:
            self.dashboard.close()


def fit_to_screen(widget: QWidget, preferred: QSize, available: QRect) -> None:
    """The preferred size, cut to what the screen leaves (with room for the title bar)."""
    widget.resize(
        min(preferred.width(), available.width() - 24),
        min(preferred.height(), available.height() - 40),
    )
