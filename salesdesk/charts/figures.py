"""The chart builders: analytics data in, a matplotlib Figure out (no pyplot, no Qt)."""

from __future__ import annotations

import functools
import math
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesdesk.charts.fonts import chart_lang, configure, printable
from salesdesk.domain.errors import InvalidValue
from salesdesk.domain.grades import GRADE_COLORS, GRADES
from salesdesk.domain.words import word
from salesdesk.models.store import Store
from salesdesk.models.tables import on_store
from salesdesk.services import analytics as an

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SIZE = (10.0, 5.6)  # inches; at 100 dpi a 1000 × 560 PNG, about the dashboard's chart area
EXPORT_DPI = 120
_MOVE_COLORS = {"F1": GRADE_COLORS["F"], "F2": GRADE_COLORS["F"]}
_SUBTLE = "#555555"


def _figure() -> Figure:
    from matplotlib.figure import Figure

    configure()
    fig = Figure(figsize=SIZE)
    fig.set_layout_engine(_remembered_layout()())
    return fig


@functools.cache
def _remembered_layout() -> Any:
    """Constrained layout, computed once per figure size and dpi.

    A figure is built once from its data and never edited after; matplotlib
    laid it out again on every draw, which measuring every label of every
    tick made over half of a redraw (a repaint, an export at the same size).
    A resize or a new dpi changes the key and lays the figure out again.
    """
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    class RememberedLayout(ConstrainedLayoutEngine):
        _laid_out_for: tuple[float, float, float] | None = None

        def execute(self, fig: Any) -> Any:
            width, height = fig.get_size_inches()
            key = (float(width), float(height), float(fig.dpi))
            if key == self._laid_out_for:
                return None
            result = super().execute(fig)
            self._laid_out_for = key
            return result

    return RememberedLayout


def period_text(p: an.Period | None, lang: str) -> str:
    if p is None:
        return ""
    span = word("period.range", lang).format(p.start.isoformat(), p.end.isoformat())
    return word("period.caption", lang).format(word("period." + p.kind, lang), span)


def _titles(fig: Figure, title: str, p: an.Period | None, lang: str) -> None:
    fig.suptitle(title, fontsize=14, fontweight="bold")
    subtitle = period_text(p, lang)
    if subtitle:
        # Every chart names its period (a number without one misleads); as the figure's
        # bottom label the constrained layout keeps room for it below the axis labels.
        fig.supxlabel(subtitle, fontsize=9, color=_SUBTLE)


def _no_data(ax: Axes, lang: str) -> None:
    ax.text(
        0.5,
        0.5,
        word("chart.no_data", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontsize=12,
        color=_SUBTLE,
    )


def _date_axis(ax: Axes, lang: str = "en") -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    if not lang.startswith("zh"):
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))
        return

    class ChineseDates(ConciseDateFormatter):
        """2026年, 3月, 15日: strftime's %b would print the month in English."""

        def format_ticks(self, values: Any) -> list[str]:
            return [_NO_LEADING_ZERO.sub("", label) for label in super().format_ticks(values)]

    ax.xaxis.set_major_formatter(
        ChineseDates(
            locator,
            formats=["%Y年", "%m月", "%d日", "%H:%M", "%H:%M", "%S.%f"],
            zero_formats=["", "%Y年", "%m月", "%m月%d日", "%H:%M", "%H:%M"],
            show_offset=False,
        )
    )


_NO_LEADING_ZERO = re.compile(r"(?<![0-9])0(?=[0-9][月日])")


def _color_grade_ticks(labels: list[Any]) -> None:
    for label in labels:
        text = label.get_text()
        color = GRADE_COLORS.get(text[:1])
        if color:
            label.set_color(color)
            label.set_fontweight("bold")


# -- the five charts ---------------------------------------------------------------------
def grades_over_time(data: an.GradesOverTime, lang: str = "en") -> Figure:
    lang = chart_lang(lang)
    fig = _figure()
    ax = fig.add_subplot()
    _titles(fig, word("chart.grades_over_time", lang), data.period, lang)
    days = [datetime(d.year, d.month, d.day) for d in data.days]
    # A at the bottom: the band a salesperson watches grow sits on a steady baseline.
    ax.stackplot(
        days,
        [data.counts[g] for g in GRADES],
        labels=[word(f"grade.{g}", lang) for g in GRADES],
        colors=[GRADE_COLORS[g] for g in GRADES],
        alpha=0.9,
        linewidth=0.3,
        edgecolor="white",
    )
    if not any(any(series) for series in data.counts.values()):
        _no_data(ax, lang)
    ax.set_xlabel(word("axis.week", lang))
    ax.set_ylabel(word("axis.cards", lang))
    ax.set_xlim(days[0], days[-1]) if len(days) > 1 else None
    ax.set_ylim(bottom=0)
    ax.margins(x=0)
    _date_axis(ax, lang)
    ax.grid(axis="y", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    # Legend top-down in the order the bands stack, outside the plot so it hides nothing.
    ax.legend(
        handles[::-1],
        labels[::-1],
        title=word("legend.grade", lang),
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        frameon=False,
    )
    return fig


def movement(data: an.Movement, lang: str = "en") -> Figure:
    lang = chart_lang(lang)
    fig = _figure()
    grid = fig.add_gridspec(1, 2, width_ratios=(1, 1.35))
    fig.get_layout_engine().set(wspace=0.06)  # the colour bar's label and the bars' y label
    heat = fig.add_subplot(grid[0, 0])
    bars = fig.add_subplot(grid[0, 1])
    _titles(fig, word("chart.movement", lang), data.period, lang)

    n = len(data.labels)
    peak = max((max(row) for row in data.matrix), default=0)
    image = heat.imshow(data.matrix, cmap="Blues", vmin=0, vmax=max(peak, 1), aspect="auto")
    for i in range(n):
        for j in range(n):
            count = data.matrix[i][j]
            if count:
                dark = count > 0.55 * peak
                heat.text(
                    j,
                    i,
                    f"{count:,}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "#222222",
                )
    heat.set_xticks(range(n), data.labels)
    heat.set_yticks(range(n), data.labels)
    _color_grade_ticks(heat.get_xticklabels())
    _color_grade_ticks(heat.get_yticklabels())
    heat.set_xlabel(word("axis.to_grade", lang))
    heat.set_ylabel(word("axis.from_grade", lang))
    heat.set_title(word("chart.movement.matrix", lang), fontsize=10)
    bar = fig.colorbar(image, ax=heat, shrink=0.8, pad=0.02)
    bar.set_label(word("legend.transitions", lang), fontsize=9)
    if peak == 0:
        _no_data(heat, lang)

    x = list(range(len(data.months)))
    bars.bar(
        x,
        data.promotions,
        color=GRADE_COLORS["A"],
        label=word("legend.promotions", lang),
    )
    bars.bar(
        x,
        [-d for d in data.demotions],
        color=GRADE_COLORS["D"],
        label=word("legend.demotions", lang),
    )
    bars.axhline(0, color="#333333", linewidth=0.8)
    step = max(1, len(x) // 12)  # at most about a dozen month labels: they must not overlap
    bars.set_xticks(x[::step], [m for m in data.months[::step]], rotation=45, ha="right")
    bars.tick_params(axis="x", labelsize=8)
    from matplotlib.ticker import FuncFormatter

    # Demotions are drawn below the line, but a count is never negative.
    bars.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(v):,g}"))
    bars.set_xlabel(word("axis.month", lang))
    bars.set_ylabel(word("axis.changes", lang))
    bars.set_title(word("chart.movement.monthly", lang), fontsize=10)
    bars.grid(axis="y", alpha=0.3)
    bars.legend(loc="upper left", fontsize=9, frameon=False)
    if not any(data.promotions) and not any(data.demotions):
        _no_data(bars, lang)
    return fig


def card_path(data: an.CardPath, lang: str = "en", *, now: datetime | None = None) -> Figure:
    from matplotlib.lines import Line2D

    lang = chart_lang(lang)
    fig = _figure()
    ax = fig.add_subplot()
    name = printable(data.name + (f" · {data.company}" if data.company else ""))
    _titles(fig, word("chart.card_path", lang).format(name), data.period, lang)
    rank = {g: len(GRADES) - i for i, g in enumerate(GRADES)}  # A on top
    if now is None:
        from salesdesk.models import clock

        now = clock.now()
    steps = data.steps
    end = max([now, *(s.at for s in steps), *(c.at for c in data.contacts)])
    for i, step in enumerate(steps):
        until = steps[i + 1].at if i + 1 < len(steps) else end
        y = rank[step.grade]
        ax.hlines(y, step.at, until, color=GRADE_COLORS[step.grade], linewidth=5)
        if i + 1 < len(steps):
            ax.vlines(until, y, rank[steps[i + 1].grade], color="#999999", linewidth=1)
        ax.annotate(
            step.label,
            (step.at, y),
            xytext=(3, 6),
            textcoords="offset points",
            fontsize=9,
            fontweight="bold",
            color=GRADE_COLORS[step.grade],
        )
    on_path = [(c.at, rank[c.grade]) for c in data.contacts if c.grade in rank]
    if on_path:
        ax.scatter(
            [at for at, _ in on_path],
            [y for _, y in on_path],
            marker="o",
            s=28,
            facecolor="white",
            edgecolor="#222222",
            linewidth=1.2,
            zorder=3,
        )
    if not steps:
        _no_data(ax, lang)
    ax.set_yticks([rank[g] for g in GRADES], list(GRADES))
    _color_grade_ticks(ax.get_yticklabels())
    ax.set_ylim(0.5, len(GRADES) + 0.6)
    start = min([*(s.at for s in steps), *(c.at for c in data.contacts), now])
    pad = max((end - start) * 0.03, timedelta(days=2))
    ax.set_xlim(start - pad, end + pad)
    _date_axis(ax, lang)
    ax.set_xlabel(word("axis.date", lang))
    ax.set_ylabel(word("axis.grade", lang))
    ax.grid(axis="x", alpha=0.3)
    handles = [
        Line2D([], [], color=GRADE_COLORS["B"], linewidth=5, label=word("legend.grade", lang)),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor="#222222",
            label=f"{word('legend.contact', lang)} ({len(data.contacts)})",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def time_to_a(data: an.TimeToA, lang: str = "en") -> Figure:
    lang = chart_lang(lang)
    fig = _figure()
    grid = fig.add_gridspec(1, 2, width_ratios=(1.6, 1))
    hist = fig.add_subplot(grid[0, 0])
    shares = fig.add_subplot(grid[0, 1])
    _titles(fig, word("chart.time_to_a", lang), data.period, lang)

    if data.days:
        top = max(data.days)
        width = 30 if top > 180 else 7  # months for long waits, weeks for short ones
        edges = list(range(0, top + width + 1, width))
        hist.hist(
            data.days,
            bins=edges,
            color=GRADE_COLORS["A"],
            edgecolor="white",
            label=f"{word('legend.cards_reaching_a', lang)} ({len(data.days):,})",
        )
        median = data.median or 0.0
        hist.axvline(
            median,
            color="#222222",
            linestyle="--",
            linewidth=1.2,
            label=word("legend.median", lang).format(f"{median:g}"),
        )
        hist.legend(loc="upper right", fontsize=9, frameon=False)
    else:
        _no_data(hist, lang)
    hist.set_xlabel(word("axis.days_to_a", lang))
    hist.set_ylabel(word("axis.cards", lang))
    hist.set_title(word("chart.time_to_a.histogram", lang), fontsize=10)
    hist.grid(axis="y", alpha=0.3)

    labels, values, colors, notes = [], [], [], []
    for grade in ("F", "E"):
        for months in an.HORIZONS:
            reached, counted = data.cohorts.get(grade, {}).get(months, (0, 0))
            labels.append(word("legend.within", lang).format(grade, months))
            values.append(100 * reached / counted if counted else 0.0)
            colors.append(GRADE_COLORS[grade] if months == 6 else GRADE_COLORS["A"])
            # The cohort goes under the label (the layout makes room for tick labels,
            # not for text beside a bar); only the short share stands by the bar.
            labels[-1] += "\n" + word("legend.cohort", lang).format(f"{reached:,}", f"{counted:,}")
            notes.append(f"{100 * reached / counted:.0f}%" if counted else "–")
    y = list(range(len(labels)))[::-1]
    shares.barh(y, values, color=colors, height=0.6)
    for yy, value, note in zip(y, values, notes, strict=True):
        shares.annotate(
            note, (value, yy), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8
        )
    shares.set_yticks(y, labels, fontsize=9)
    top_share = max(values, default=0.0)
    shares.set_xlim(0, max(10.0, top_share * 1.25))  # room for the share beside the bar
    shares.set_xlabel(word("axis.share", lang) + " (%)")
    shares.set_title(word("chart.time_to_a.shares", lang), fontsize=10)
    shares.grid(axis="x", alpha=0.3)
    return fig


def visits(data: an.Visits, lang: str = "en") -> Figure:
    lang = chart_lang(lang)
    fig = _figure()
    ax = fig.add_subplot()
    _titles(fig, word("chart.visits", lang), data.period, lang)
    weeks = [datetime(d.year, d.month, d.day) + timedelta(days=3.5) for d in data.weeks]
    ax.bar(
        weeks,
        data.planned,
        width=6,
        color=GRADE_COLORS["E"],
        alpha=0.35,
        label=word("legend.planned", lang),
    )
    ax.bar(weeks, data.done, width=3.5, color=GRADE_COLORS["E"], label=word("legend.done", lang))
    ax.set_xlabel(word("axis.week", lang))
    ax.set_ylabel(word("axis.visits", lang))
    ax.grid(axis="y", alpha=0.3)
    right = ax.twinx()
    days = [datetime(d.year, d.month, d.day) for d in data.days]
    right.plot(
        days,
        data.overdue,
        color=GRADE_COLORS["D"],
        linewidth=2,
        marker="." if len(days) < 30 else None,
        label=word("legend.overdue", lang),
    )
    right.set_ylabel(word("axis.overdue", lang), color=GRADE_COLORS["D"])
    right.tick_params(axis="y", colors=GRADE_COLORS["D"])
    right.set_ylim(bottom=0, top=max([*data.overdue, 1]) * 1.15)
    ax.set_ylim(bottom=0, top=max([*data.planned, *data.done, 1]) * 1.15)
    start = datetime.combine(data.period.start, datetime.min.time())
    ax.set_xlim(start, datetime.combine(data.period.end, datetime.min.time()) + timedelta(days=1))
    _date_axis(ax, lang)
    if not any(data.planned) and not any(data.done) and not any(data.overdue):
        _no_data(ax, lang)
    handles, labels = ax.get_legend_handles_labels()
    more, more_labels = right.get_legend_handles_labels()
    ax.legend(handles + more, labels + more_labels, loc="upper left", fontsize=9, frameon=False)
    return fig


_LOYALTY_RATES = (
    ("retention_rate", GRADE_COLORS["A"]),
    ("new_customer_retention", GRADE_COLORS["B"]),
    ("share_of_wallet", GRADE_COLORS["E"]),
    ("churn_rate", GRADE_COLORS["D"]),
    ("win_back_rate", GRADE_COLORS["C"]),
)
_CAUSE_COLORS = {
    "product": GRADE_COLORS["D"],
    "delivery": GRADE_COLORS["C"],
    "service": GRADE_COLORS["E"],
    "price": GRADE_COLORS["B"],
    "other": GRADE_COLORS["F"],
}


def _series(data: Any, code: str) -> list[float]:
    """A KPI month by month, NaN where it has no value (matplotlib leaves a gap)."""
    return [float("nan") if m.kpis.get(code) is None else float(m.kpis[code]) for m in data.months]


def loyalty(data: Any, lang: str = "en") -> Figure:
    """The loyalty KPIs month by month (a services.summary.PeriodSummary)."""
    lang = chart_lang(lang)
    fig = _figure()
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    _titles(fig, word("chart.loyalty", lang), data.period, lang)
    months = [m.month for m in data.months]
    x = list(range(len(months)))
    for code, colour in _LOYALTY_RATES:
        values = [100 * v for v in _series(data, code)]
        top.plot(x, values, color=colour, marker=".", linewidth=2, label=word(f"kpi.{code}", lang))
    top.set_ylabel(word("axis.percent", lang))
    top.set_ylim(bottom=0)
    top.grid(axis="y", alpha=0.3)
    top.legend(loc="upper left", fontsize=8, frameon=False, ncols=3)
    new = [0.0 if math.isnan(v) else v for v in _series(data, "new_customers_per_month")]
    bottom.bar(
        x, new, color=GRADE_COLORS["A"], alpha=0.6, label=word("kpi.new_customers_per_month", lang)
    )
    bottom.set_ylabel(word("axis.customers", lang))
    bottom.grid(axis="y", alpha=0.3)
    right = bottom.twinx()
    right.plot(
        x,
        _series(data, "complainant_satisfaction"),
        color=GRADE_COLORS["D"],
        marker="o",
        linewidth=2,
        label=word("kpi.complainant_satisfaction", lang),
    )
    right.set_ylim(0, 5.5)
    right.set_ylabel(word("axis.satisfaction", lang), color=GRADE_COLORS["D"])
    handles, labels = bottom.get_legend_handles_labels()
    more, more_labels = right.get_legend_handles_labels()
    bottom.legend(handles + more, labels + more_labels, loc="upper left", fontsize=8, frameon=False)
    _month_ticks(bottom, months)
    if not any(m.kpis.get("customer_base") for m in data.months):
        _no_data(top, lang)
    return fig


def complaints(data: Any, lang: str = "en") -> Figure:
    """Complaints month by month by cause, with the share answered within each target."""
    from salesdesk.services.summary import CAUSES

    lang = chart_lang(lang)
    fig = _figure()
    ax = fig.add_subplot()
    _titles(fig, word("chart.complaints", lang), data.period, lang)
    months = [m.month for m in data.months]
    x = list(range(len(months)))
    base = [0] * len(months)
    for cause in CAUSES:
        counts = [m.complaints_by_cause[cause] for m in data.months]
        ax.bar(
            x, counts, bottom=base, color=_CAUSE_COLORS[cause], label=word(f"cause.{cause}", lang)
        )
        base = [a + b for a, b in zip(base, counts, strict=True)]
    ax.set_ylabel(word("axis.complaints", lang))
    ax.set_ylim(bottom=0, top=max([*base, 1]) * 1.25)
    ax.grid(axis="y", alpha=0.3)
    right = ax.twinx()
    for code, style in (
        ("complaints_answered_24h_share", "-"),
        ("complaints_answered_2h_share", "--"),
    ):
        right.plot(
            x,
            [100 * v for v in _series(data, code)],
            color=_SUBTLE,
            linestyle=style,
            marker=".",
            label=word(f"kpi.{code}", lang),
        )
    right.set_ylim(0, 110)
    right.set_ylabel(word("axis.percent", lang))
    handles, labels = ax.get_legend_handles_labels()
    more, more_labels = right.get_legend_handles_labels()
    ax.legend(
        handles + more, labels + more_labels, loc="upper left", fontsize=8, frameon=False, ncols=4
    )
    _month_ticks(ax, months)
    if not any(base):
        _no_data(ax, lang)
    return fig


def _month_ticks(ax: Axes, months: list[str]) -> None:
    step = max(1, -(-len(months) // 18))
    ax.set_xticks(list(range(0, len(months), step)), months[::step], rotation=45, ha="right")
    ax.set_xlabel("")


BUILDERS = {
    "grades-over-time": grades_over_time,
    "movement": movement,
    "card-path": card_path,
    "time-to-a": time_to_a,
    "visits": visits,
    "loyalty": loyalty,
    "complaints": complaints,
}


def build(kind: str, data: Any, lang: str = "en") -> Figure:
    """The figure of one chart kind from its analytics data."""
    from salesdesk.charts import warm

    warm.wait()  # never beside the start's warm-up: matplotlib is not thread-safe
    return build_unwaited(kind, data, lang)


def build_unwaited(kind: str, data: Any, lang: str = "en") -> Figure:
    """build() without waiting for the warm-up: the warm-up's own figure."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise InvalidValue(f"'{kind}' is not a chart: use one of {', '.join(BUILDERS)}.")
    return builder(data, lang)


@on_store
def chart(
    kind: str,
    p: an.Period,
    lang: str = "en",
    *,
    card_id: str | None = None,
    store: Store | None = None,
) -> Figure:
    """Read the data and build the figure: what the command line does in one step."""
    return build(kind, an.chart_data(kind, p, card_id), lang)


def save(fig: Figure, path: str | Path, *, dpi: int = EXPORT_DPI) -> Path:
    """Write a figure as PNG or SVG (by the file's suffix); InvalidValue for anything else."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise InvalidValue(
            f"Cannot save a chart as '{out.name}': give a file ending in .png or .svg."
        )
    if fig.canvas is None or type(fig.canvas).__name__ == "FigureCanvasBase":
        FigureCanvasAgg(fig)
    fig.savefig(out, format=fmt, dpi=dpi, facecolor="white")
    return out
