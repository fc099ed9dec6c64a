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
    assert {str(n) for row in data.matrix for n in row if n} == counts
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
