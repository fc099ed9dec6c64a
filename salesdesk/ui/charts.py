"""Chart views and the KPI dashboard: data computed on a worker thread, figures on a Qt canvas."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.grades import GRADE_COLORS, GRADES
from salesdesk.domain.words import word
from salesdesk.services import analytics
from salesdesk.services.summary import (
    LOYALTY_KPIS,
    RATES,
    RECEIVABLE_KPIS,
    reason_text,
    why_text,
)
from salesdesk.ui.datefields import DateField
from salesdesk.ui.wheel import guard_wheel

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PERIOD_KINDS = ("3m", "12m", "all", "custom")


class _Runner(QObject):
    """A view's slow read, on the window's runner (Ops.read), or on a runner of its own
    when the view is shown alone; a newer request replaces (cancels, drops) the older one."""

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
        ops: Any = None,
        store: Any = None,
    ) -> None:
        super().__init__(parent)
        if ops is None:  # a view shown alone (tests, a chart on its own): a runner of its own
            from salesdesk.ui.ops import Ops

            ops = Ops.alone(self, store)
        self.ops = ops
        self._request = 0
        self.busy = False
        # Weakly: the view holds its runner, so a runner holding the view's methods made
        # a cycle; a view dropped then lived until the cyclic collector ran, which could
        # be in the middle of its canvas's pending draw (matplotlib's draw_idle), and
        # deleted the canvas under it ("FigureCanvasQTAgg already deleted").
        self._on_done = weakref.WeakMethod(on_done)
        self._on_failed = weakref.WeakMethod(on_failed)

    def start(self, work: Callable[[], Any]) -> None:
        self._request += 1
        request = self._request
        self.busy = True
        done = lambda value: self._finish(request, self._on_done(), value)  # noqa: E731
        failed = lambda message: self._finish(request, self._on_failed(), message)  # noqa: E731
        self.ops.read(self, lambda _task: work(), done, failed)

    def _finish(self, request: int, handler: Callable[[Any], None] | None, value: Any) -> None:
        if request != self._request:
            return
        self.busy = False
        if handler is not None:  # None: the view is gone
            handler(value)


class PeriodPicker(QWidget):
    """Last 3 months, 12 months, all, or a custom from/to. Signals: changed()."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, kind: str = "12m") -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        for code, text in (
            ("3m", self.tr("Last 3 months")),
            ("12m", self.tr("Last 12 months")),
            ("all", self.tr("All history")),
            ("custom", self.tr("From … to …")),
        ):
            self.combo.addItem(text, code)
        today = QDate.currentDate()
        self.start = DateField(self, today.addMonths(-12))
        self.end = DateField(self, today)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._dates_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Period:"), self))
        layout.addWidget(self.combo)
        layout.addWidget(self.start)
        layout.addWidget(QLabel(self.tr("to"), self))
        layout.addWidget(self.end)
        self._to_label = layout.itemAt(3).widget()
        self.set_kind(kind)
        self.combo.currentIndexChanged.connect(self._kind_changed)
        guard_wheel(self.combo)

    def kind(self) -> str:
        return str(self.combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.combo.setCurrentIndex(max(0, PERIOD_KINDS.index(kind)))
        self._show_dates()

    def period(self, store: Any = None) -> analytics.Period:
        """The chosen period of `store`'s history; custom dates are swapped if given
        backwards."""
        if self.kind() != "custom":
            return analytics.period(self.kind(), store=store)
        first = _py_date(self.start.date())
        last = _py_date(self.end.date())
        return analytics.period("custom", min(first, last), max(first, last), store=store)

    def _show_dates(self) -> None:
        custom = self.kind() == "custom"
        for widget in (self.start, self.end, self._to_label):
            widget.setVisible(custom)

    def _kind_changed(self) -> None:
        self._show_dates()
        self.changed.emit()

    def _dates_changed(self) -> None:
        if self.kind() == "custom":
            self.changed.emit()


def _py_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ChartView(QWidget):
    """One chart with its period picker and export as PNG or SVG.

    Signals: chart_ready() when a new figure is on the canvas; failed(str).
    """

    chart_ready = Signal()
    failed = Signal(str)

    def __init__(
        self,
        kind: str,
        parent: QWidget | None = None,
        *,
        lang: str = "en",
        card_id: str | None = None,
        period: str = "12m",
        load: bool = True,
        ops: Any = None,
        store: Any = None,
    ) -> None:
        """ops: the window's runner (its store is read); store: the file a view shown
        alone reads."""
        super().__init__(parent)
        from salesdesk.charts import warm

        # matplotlib's first figure and fonts (~1 s of CPU, once a process) on a worker,
        # beside this chart's data read; only when a chart is first wanted, so a window
        # that never shows one never holds matplotlib (its memory budget).
        warm.start("matplotlib.backends.backend_qtagg", lang=lang)
        self.kind = kind
        self.lang = lang
        self.card_id = card_id
        self.data: Any = None
        self.figure: Figure | None = None
        self.picker = PeriodPicker(self, period)
        self.picker.changed.connect(self.refresh)
        self.picker.setVisible(kind != "card-path")  # a card's path is shown whole
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setToolTip(self.tr("Save this chart as a PNG or SVG file"))
        self.export_button.clicked.connect(self._ask_and_export)
        self.export_button.setEnabled(False)
        self.status = QLabel(self)
        # A plain widget until the first figure: matplotlib's canvas would import it here,
        # on the GUI thread, instead of beside the data read.
        self.canvas: QWidget = QWidget(self)
        self.canvas.setMinimumSize(480, 300)
        bar = QHBoxLayout()
        bar.addWidget(self.picker)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.export_button)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(bar)
        self._layout.addWidget(self.canvas, 1)
        self._runner = _Runner(self, self._show, self._fail, ops, store)
        if load:
            self.refresh()

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def set_card(self, card_id: str | None) -> None:
        self.card_id = card_id
        self.refresh()

    def set_period(self, kind: str) -> None:
        self.picker.set_kind(kind)
        self.refresh()

    def refresh(self) -> None:
        """Recompute the chart's data off the GUI thread; the figure follows by signal."""
        if self.kind == "card-path" and not self.card_id:
            self.status.setText(self.tr("Choose a card to see its path."))
            return
        store = self._runner.ops.store
        try:
            span = self.picker.period(store)
        except ValueError as error:
            self._fail(str(error))
            return
        kind, card_id = self.kind, self.card_id
        self.status.setText(self.tr("Computing…"))
        if kind == "card-path" and card_id:
            # A card's path is shown whole (no period picker): its caption names no period,
            # where the hidden picker's "last 12 months" would mislabel years of steps.
            self._runner.start(lambda: analytics.card_path(card_id, store=store))
            return
        self._runner.start(lambda: analytics.chart_data(kind, span, card_id, store=store))

    def _show(self, data: Any) -> None:
        from salesdesk.charts import figures, warm

        warm.wait()  # the warm-up may still be importing matplotlib: take it whole
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self.data = data
        self.figure = figures.build(self.kind, data, self.lang)
        canvas = FigureCanvasQTAgg(self.figure)
        canvas.setMinimumSize(self.canvas.minimumSize())
        self._layout.replaceWidget(self.canvas, canvas)
        self.canvas.setParent(None)
        self.canvas.deleteLater()
        self.canvas = canvas
        canvas.draw_idle()
        self.status.setText("")
        self.export_button.setEnabled(True)
        self.chart_ready.emit()

    def _fail(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    # -- export ------------------------------------------------------------------------
    @classmethod
    def ask_export_path(cls, parent: QWidget, suggested: str) -> str:
        """The file to export to, or '' when cancelled; tests replace this."""
        path, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("ChartView", "Export chart"),
            suggested,
            QCoreApplication.translate("ChartView", "PNG image (*.png);;SVG drawing (*.svg)"),
        )
        return path

    def _ask_and_export(self) -> None:
        path = self.ask_export_path(self, f"{self.kind}.png")
        if path:
            self.export(path)

    def export(self, path: str | Path) -> Path | None:
        """Save the chart on screen as PNG or SVG; None (with a message) when it cannot."""
        from salesdesk.charts import figures
        from salesdesk.domain.errors import UserError

        if self.data is None:
            return None
        try:
            # A fresh figure: the one on screen keeps its canvas and its window size.
            return figures.save(figures.build(self.kind, self.data, self.lang), path)
        except (UserError, OSError) as error:
            self._fail(str(error))
            return None


# -- the dashboard -------------------------------------------------------------------------
_PERIOD_CHARTS = (
    "grades-over-time",
    "movement",
    "time-to-a",
    "visits",
    "loyalty",
    "complaints",
)
_RATES = RATES
# The tiles, in rows of seven: cards and visits, the ten loyalty KPIs, complaints.
TILE_CODES = (
    "promotions",
    "demotions",
    "new_cards_per_month",
    "visits_done_share",
    "overdue_now",
    "median_days_f_to_a",
    "deals",
    *LOYALTY_KPIS,
    "complainant_satisfied_share",
    "complaints_opened",
    "complaint_first_response_hours",
    "complaints_answered_24h_share",
    "complaints_answered_2h_share",
    "complaint_resolution_hours",
)


def format_kpi(code: str, kpis: dict[str, Any]) -> str:
    """A KPI's value as a tile shows it: rates in per cent, '–' where there is none."""
    value = kpis.get(code)
    if code == "new_cards_per_month":
        months = list(value.values()) if isinstance(value, dict) else []
        return f"{sum(months) / len(months):.1f}" if months else "–"
    if code == "visits_done_share":
        return "–" if value is None else f"{100 * value:.0f}%"
    if value is None:
        return "–"
    if code in _RATES:
        return f"{100 * value:.1f}%"
    if code in RECEIVABLE_KPIS:
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


class KpiTile(QFrame):
    """A KPI's name and value; the tooltip holds its definition."""

    def __init__(self, code: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel(word(f"kpi.{code}", lang), self)
        self.name.setWordWrap(True)
        self.value = QLabel("…", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        # The value stays on one line (the tile widens for it); what explains it, such
        # as the counts behind a share, goes small underneath and may wrap.
        self.detail = QLabel("", self)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: palette(placeholder-text);")
        self.detail.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.name)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self.setToolTip(analytics.kpi_definition(code, lang))

    def show_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))


class Dashboard(QWidget):
    """The KPI tiles and the period charts, all for one period.

    Signals: kpis_ready() when the tiles show fresh numbers.
    """

    kpis_ready = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        lang: str = "en",
        load: bool = True,
        ops: Any = None,
        figures: Callable[[analytics.Period], tuple[dict[str, Any], Any]] | None = None,
        store: Any = None,
    ) -> None:
        """ops: the window's runner (its store is read); store: the file a dashboard shown
        alone reads."""
        super().__init__(parent)
        self.lang = lang
        self.kpis: dict[str, Any] | None = None
        # Issue 23, the team view: the figures come from elsewhere (the hub), as (the KPIs
        # of a summary's to_json(), anything else the owner shows beside them: `extra`);
        # the charts read this laptop's file, so they are left out.
        self.figures = figures
        self.extra: Any = None
        self.picker = PeriodPicker(self)
        self.picker.changed.connect(self.refresh)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        top.addWidget(self.refresh_button)

        self.grade_tiles: dict[str, KpiTile] = {}
        grades = QGridLayout()
        for i, grade in enumerate(GRADES):
            tile = KpiTile("cards_by_grade", lang, self)
            tile.name.setText(self.tr("Grade {0}").format(grade))
            tile.name.setStyleSheet(f"color: {GRADE_COLORS[grade]}; font-weight: bold;")
            tile.setToolTip(
                analytics.kpi_definition("cards_by_grade", lang)
                + "\n"
                + analytics.kpi_definition("cards_by_grade_change", lang)
            )
            self.grade_tiles[grade] = tile
            grades.addWidget(tile, 0, i)
        self.tiles: dict[str, KpiTile] = {}
        tiles = QGridLayout()
        for i, code in enumerate(TILE_CODES):
            tile = KpiTile(code, lang, self)
            self.tiles[code] = tile
            tiles.addWidget(tile, i // 7, i % 7)
        # Receivables (issue 20) on a row of their own: outstanding, overdue by age, collected.
        row = (len(TILE_CODES) + 6) // 7
        for i, code in enumerate(RECEIVABLE_KPIS):
            tile = KpiTile(code, lang, self)
            self.tiles[code] = tile
            tiles.addWidget(tile, row, i)

        self.tabs = QTabWidget(self)
        self.charts: dict[str, ChartView] = {}
        for kind in _PERIOD_CHARTS if figures is None else ():
            view = ChartView(kind, self, lang=lang, load=False, ops=ops, store=store)
            view.picker.setVisible(False)  # the dashboard's period drives every chart
            self.charts[kind] = view
            self.tabs.addTab(view, word(_TAB_WORDS[kind], lang))

        # The tiles scroll when the screen is short (a 1366×768 laptop): the dashboard's
        # height must not grow with the number of KPIs.
        tiles_host = QWidget(self)
        tiles_layout = QVBoxLayout(tiles_host)
        tiles_layout.setContentsMargins(0, 0, 0, 0)
        tiles_layout.addLayout(grades)
        tiles_layout.addLayout(tiles)
        self.tiles_area = QScrollArea(self)
        self.tiles_area.setWidget(tiles_host)
        self.tiles_area.setWidgetResizable(True)
        self.tiles_area.setFrameShape(QFrame.Shape.NoFrame)
        self.tiles_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tiles_area.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tiles_area)
        if figures is None:
            layout.addWidget(self.tabs, 1)
        else:
            self.tabs.hide()
        self._runner = _Runner(self, self._show_kpis, self._fail, ops, store)
        if load:
            self.refresh()

    @property
    def busy(self) -> bool:
        return self._runner.busy or any(view.busy for view in self.charts.values())

    def reload(self) -> None:
        """Compute the figures again (the window says they may have changed)."""
        self.refresh()

    def refresh(self) -> None:
        store = self._runner.ops.store
        try:
            span = self.picker.period(store)
        except ValueError as error:
            self._fail(str(error))
            return
        if self.figures is not None:
            figures = self.figures
            self._runner.start(lambda: figures(span))
            return
        self._runner.start(lambda: analytics.kpis(span, store=store))
        for view in self.charts.values():
            view.picker.set_kind(self.picker.kind())
            view.picker.start.setDate(self.picker.start.date())
            view.picker.end.setDate(self.picker.end.date())
            view.refresh()

    def _show_kpis(self, found: Any) -> None:
        if self.figures is not None:
            kpis, self.extra = found
        else:
            kpis = found
        self.kpis = kpis
        for grade, tile in self.grade_tiles.items():
            now = kpis["cards_by_grade"].get(grade, 0)
            change = kpis["cards_by_grade_change"].get(grade, 0)
            tile.show_value(f"{now:,}", self.tr("{0} in the period").format(f"{change:+,}"))
        for code, tile in self.tiles.items():
            detail = ""
            if kpis.get(code) is None and code in kpis.get("why", {}):
                # Say what is missing rather than show a bare dash.
                reason = kpis.get("why_codes", {}).get(code)  # the team view's own reasons
                detail = reason_text(reason, self.lang) if reason else why_text(code, self.lang)
            elif code == "visits_done_share":
                done, planned = kpis.get("visits_done", 0), kpis.get("visits_planned", 0)
                detail = self.tr("{0} of {1} done").format(f"{done:,}", f"{planned:,}")
            elif code == "new_cards_per_month" and kpis.get(code):
                this = list(kpis[code].values())[-1]
                detail = self.tr("{0} this month").format(f"{this:,}")
            elif code == "new_customers_per_month":
                months = kpis.get("by_month") or [{}]
                this = months[-1].get("new_customers_per_month") or 0
                detail = self.tr("{0} this month").format(f"{this:,.0f}")
            tile.show_value(format_kpi(code, kpis), detail)
        self.kpis_ready.emit()

    def _fail(self, message: str) -> None:
        for tile in self.tiles.values():
            tile.show_value("–")
        self.refresh_button.setToolTip(message)


_TAB_WORDS = {
    "grades-over-time": "chart.grades_over_time",
    "movement": "chart.movement",
    "time-to-a": "chart.time_to_a",
    "visits": "chart.visits",
    "loyalty": "chart.loyalty",
    "complaints": "chart.complaints",
}
