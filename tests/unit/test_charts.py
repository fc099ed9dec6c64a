"""Chart figures: built from the analytics data, not empty on demo data, readable in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salesdesk.charts import figures, fonts
from salesdesk.services import analytics as an


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    demo = pytest.importorskip("salesdesk.services.demo")
    from salesdesk.services.session import Session

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    session = Session.open(path)
    try:
        demo.generate(session.store, cards=400, seed=3)
    finally:
        session.close()
    return path


@pytest.fixture
def demo(demo_db: Path) -> Any:
    from salesdesk.services.session import Session

    session = Session.open(demo_db, read_only=True)
    yield session
    session.close()


def _busy_card() -> str:
    from salesdesk.models.tables import database_proxy

    row = database_proxy.execute_sql(
        "SELECT gc.card_id FROM grade_change gc JOIN card c ON c.id = gc.card_id "
        "WHERE c.deleted = 0 GROUP BY gc.card_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return str(row[0])


def _not_blank(path: Path) -> None:
    from matplotlib.image import imread

    pixels = imread(path)
    assert pixels.shape[0] > 300
    assert pixels.shape[1] > 600
    # A chart has many colours; a blank or text-only image has a handful.
    colours = {tuple(p) for p in pixels[::7, ::7, :3].reshape(-1, 3).round(2).tolist()}
    assert len(colours) > 20


def _texts(fig: Any) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_kind_draws_its_data_on_demo_data(demo: Any, tmp_path: Path, lang: str) -> None:
    span = an.period("all")
    card = _busy_card()
    for kind in an.CHART_KINDS:
        data = an.chart_data(kind, span, card)
        fig = figures.build(kind, data, lang)
        axes = fig.get_axes()
        assert axes, kind
        for ax in axes:
            assert ax.get_xlabel() or ax.get_ylabel() or kind == "movement", kind
        assert fig.get_suptitle(), kind
        out = figures.save(fig, tmp_path / f"{kind}.{lang}.png")
        _not_blank(out)
        # The period travels with every chart (card-path shows it too, when given).
        assert any(span.start.isoformat() in t for t in _texts(fig)), kind


def test_grades_over_time_stacks_the_counts(demo: Any) -> None:
    data = an.grades_over_time(an.period("all"))
    fig = figures.grades_over_time(data)
    ax = fig.get_axes()[0]
    assert len(ax.collections) == 6
    # The top of the stack on the last day is the number of cards.
    top = ax.collections[-1].get_paths()[0].vertices[:, 1].max()
    assert top == data.total(len(data.days) - 1) == demo.stats()["cards"]
    assert [t.get_text()[0] for t in ax.get_legend().get_texts()] == list("FEDCBA")


def test_movement_heat_map_holds_the_matrix(demo: Any) -> None:
    data = an.movement(an.period("all"))
    fig = figures.movement(data)
    by_title = {ax.get_title(): ax for ax in fig.get_axes()}
    heat = by_title["Transitions from grade to grade"]
    bars = by_title["Promotions and demotions per month"]
    assert heat.images[0].get_array().sum() == sum(map(sum, data.matrix)) > 0
    counts = {t.get_text() for t in heat.texts}
    assert {f"{n:,}" for row in data.matrix for n in row if n} == counts
    heights = [p.get_height() for p in bars.patches]
    assert sum(h for h in heights if h > 0) == sum(data.promotions)
    assert -sum(h for h in heights if h < 0) == sum(data.demotions)


def test_card_path_marks_each_contact(demo: Any) -> None:
    data = an.card_path(_busy_card())
    fig = figures.card_path(data)
    ax = fig.get_axes()[0]
    marks = ax.collections[-1].get_offsets()
    assert len(marks) == len(data.contacts) > 0
    assert [t.get_text() for t in ax.texts] == [s.label for s in data.steps]


def test_time_to_a_histogram_counts_every_card(demo: Any) -> None:
    data = an.time_to_a(an.period("all"))
    fig = figures.time_to_a(data)
    hist, shares = fig.get_axes()
    assert sum(p.get_height() for p in hist.patches) == len(data.days) > 0
    assert len(shares.patches) == 4


def test_visits_bars_and_overdue_line(demo: Any) -> None:
    data = an.visits(an.period("12m"))
    fig = figures.visits(data)
    ax, right = fig.get_axes()
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights) == sum(data.planned) + sum(data.done) > 0
    assert list(right.lines[0].get_ydata()) == data.overdue


def test_chinese_titles_render_without_missing_glyphs(demo: Any, tmp_path: Path) -> None:
    # pytest turns warnings into errors: a missing glyph would fail the save.
    assert fonts.cjk_font() is not None, "install a CJK font (fonts-noto-cjk)"
    fig = figures.chart("movement", an.period("12m"), "zh_CN")
    assert fig.get_suptitle() == "等级变动"
    figures.save(fig, tmp_path / "zh.png")
    figures.save(fig, tmp_path / "zh.svg")
    assert (tmp_path / "zh.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_without_a_cjk_font_charts_fall_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "configure", lambda: None)
    assert fonts.chart_lang("zh_CN") == "en"
    assert fonts.printable("张伟 Ltd") == "?? Ltd"


def test_save_refuses_other_formats(tmp_path: Path, session: Any) -> None:
    from salesdesk.domain.errors import InvalidValue

    fig = figures.chart("grades-over-time", an.period("3m"))
    with pytest.raises(InvalidValue):
        figures.save(fig, tmp_path / "chart.jpg")


def test_empty_database_still_draws_labelled_charts(session: Any, tmp_path: Path) -> None:
    for kind in ("grades-over-time", "movement", "time-to-a", "visits"):
        fig = figures.chart(kind, an.period("3m"))
        assert any("No data" in t for t in _texts(fig)), kind
        figures.save(fig, tmp_path / f"{kind}.png")


def _climbs_by_hand() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Every live card's grade steps and first contact, read row by row: the oracle."""
    from salesdesk.models.tables import Card, Contact, GradeChange

    live = {c.id for c in Card.select(Card.id).where(Card.deleted == 0)}
    climbs: dict[str, dict[str, Any]] = {}
    for step in GradeChange.select().where(GradeChange.deleted == 0):
        if step.card_id in live:
            climbs.setdefault(step.card_id, {"steps": []})["steps"].append((step.at, step.to_grade))
    first_contact: dict[str, str] = {}
    for contact in Contact.select(Contact.card_id, Contact.at).where(Contact.deleted == 0):
        if contact.card_id not in first_contact or contact.at < first_contact[contact.card_id]:
            first_contact[contact.card_id] = contact.at
    return climbs, first_contact


@pytest.mark.parametrize("kind", ["3m", "12m", "all"])
def test_time_to_a_agrees_with_every_grade_step_read_by_hand(demo: Any, kind: str) -> None:
    from datetime import datetime, timedelta

    span = an.period(kind)
    start, after = span.start.isoformat(), span.after_end
    climbs, first_contact = _climbs_by_hand()
    days, f_to_a = [], []
    cohorts: dict[str, dict[int, list[int]]] = {g: {6: [0, 0], 12: [0, 0]} for g in "FE"}
    window = (datetime.fromisoformat(start), datetime.fromisoformat(after))
    for card_id, climb in climbs.items():
        steps = sorted(climb["steps"])
        a_times = [at for at, grade in steps if grade == "A"]
        if a_times and start <= a_times[0] < after:
            begin = first_contact.get(card_id)
            if not begin or begin > a_times[0]:
                begin = steps[0][0]
            gap = datetime.fromisoformat(a_times[0]) - datetime.fromisoformat(begin)
            days.append(max(0, int(gap.total_seconds() / 86_400)))
        for grade in "FE":
            entered = next((at for at, g in steps if g == grade), None)
            if entered is None:
                continue
            first_a = next((at for at in a_times if at >= entered), None)
            if grade == "F" and first_a and start <= first_a < after:
                gap = datetime.fromisoformat(first_a) - datetime.fromisoformat(entered)
                f_to_a.append(gap.total_seconds() / 86_400)
            for months, horizon in an.HORIZONS.items():
                ends = datetime.fromisoformat(entered) + timedelta(days=horizon)
                if window[0] <= ends < window[1]:
                    cohorts[grade][months][1] += 1
                    if first_a and datetime.fromisoformat(first_a) <= ends:
                        cohorts[grade][months][0] += 1
    data = an.time_to_a(span)
    assert data.days == sorted(days)
    assert data.cohorts == {g: {m: tuple(v) for m, v in c.items()} for g, c in cohorts.items()}
    if kind == "all":
        assert data.days  # the demo data reaches A
        assert data.cohorts["F"][6][1] > 0
    import statistics

    expected = round(statistics.median(f_to_a), 1) if f_to_a else None
    assert an.median_days_f_to_a(span) == expected


def test_chinese_charts_write_dates_in_chinese(demo: Any) -> None:
    import re

    assert fonts.cjk_font() is not None, "install a CJK font (fonts-noto-cjk)"
    for kind in ("grades-over-time", "card-path", "visits"):
        fig = figures.build(kind, an.chart_data(kind, an.period("12m"), _busy_card()), "zh_CN")
        fig.canvas.draw()
        ticks = [t.get_text() for t in fig.get_axes()[0].get_xticklabels() if t.get_text()]
        assert ticks, kind
        assert not [t for t in ticks if re.search(r"[A-Za-z]", t)], (kind, ticks)
        assert any(re.fullmatch(r"[1-9][0-2]?月", t) for t in ticks), (kind, ticks)


def test_todays_overdue_count_is_the_overdue_lines_last_point_and_the_agendas(demo: Any) -> None:
    """The dashboard's "overdue now" (one index range) counts what the overdue history and
    the agenda's Overdue list count on that day: one rule, three readings."""
    from datetime import timedelta

    counts = []
    for ahead in (0, 7, 30, 90):
        day = demo.today() + timedelta(days=ahead)
        history = an.overdue_counts([day], an._NOT_DELETED, [])[0]
        assert an.overdue_now(day) == history
        assert demo.agenda(day).totals["overdue"] == history
        counts.append(history)
    assert counts[-1] > counts[0]  # visits not done fall overdue as the days pass


@pytest.mark.parametrize("kind", ["movement", "visits"])
def test_a_redraw_keeps_the_first_layout_and_a_resize_lays_out_again(demo: Any, kind: str) -> None:
    """The layout is remembered per size: a redraw gives the pixels of a fresh figure's
    first draw, and a new size places the axes as a fresh figure of that size has them
    (to a thousandth of the figure: the layout starts from other positions)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    data = an.chart_data(kind, an.period("all"), None)
    fig = figures.build(kind, data, "zh_CN")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    first = np.asarray(canvas.buffer_rgba()).copy()
    canvas.draw()
    assert np.array_equal(np.asarray(canvas.buffer_rgba()), first)

    fig.set_size_inches(6.0, 4.0)
    canvas.draw()
    resized = [float(v) for ax in fig.axes for v in ax.get_position().bounds]
    fresh = figures.build(kind, data, "zh_CN")
    fresh.set_size_inches(6.0, 4.0)
    FigureCanvasAgg(fresh).draw()
    assert resized == pytest.approx(
        [float(v) for ax in fresh.axes for v in ax.get_position().bounds], abs=1e-3
    )
