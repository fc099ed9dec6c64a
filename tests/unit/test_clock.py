"""The hybrid logical clock: stamps sort in time order and never go back."""

from __future__ import annotations

import pytest

from salesdesk.models import clock
from salesdesk.models.clock import HybridClock, Stamp


def test_stamps_strictly_increase_within_one_millisecond(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-01-01T00:00:00")
    hlc = HybridClock("r1")
    stamps = [hlc.tick() for _ in range(1000)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 1000


def test_stamp_text_sorts_like_time() -> None:
    early = str(Stamp(999, 5, "zzz"))
    late = str(Stamp(1000, 0, "aaa"))
    assert early < late
    assert Stamp.parse(late) == Stamp(1000, 0, "aaa")


def test_clock_moves_past_a_stamp_seen_elsewhere() -> None:
    hlc = HybridClock("local")
    remote = f"{clock.wall_ms() + 60_000:013d}-00007-remote"
    assert hlc.observe(remote)
    assert hlc.tick() > remote


def test_wall_clock_going_back_does_not_make_stamps_go_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-05-01T12:00:00")
    hlc = HybridClock("r")
    before = hlc.tick()
    monkeypatch.setenv("SALESDESK_NOW", "2026-04-01T12:00:00")
    assert hlc.tick() > before


def test_a_stamp_more_than_a_day_ahead_does_not_drag_the_clock() -> None:
    hlc = HybridClock("local")
    far = f"{clock.wall_ms() + 2 * 24 * 3600 * 1000:013d}-00000-liar"
    assert not hlc.observe(far)
    assert hlc.tick() < far


@pytest.mark.parametrize("counter", [None, 0, 5, 99_990, 99_999])
@pytest.mark.parametrize("count", [1, 9, 10, 25])
def test_a_run_of_stamps_is_what_as_many_ticks_give(
    monkeypatch: pytest.MonkeyPatch, counter: int | None, count: int
) -> None:
    """ticks(count) (a bulk insert's stamps, issue 14) gives the stamps count tick()s give
    and leaves the clock where they leave it, across a millisecond's last counter too."""
    monkeypatch.setenv("SALESDESK_NOW", "2026-01-01T00:00:00")
    last = None if counter is None else f"{clock.wall_ms():013d}-{counter:05d}-r1"
    bulk, one_by_one = HybridClock("r1", last), HybridClock("r1", last)
    assert bulk.ticks(count) == [one_by_one.tick() for _ in range(count)]
    assert bulk.last == one_by_one.last
    assert bulk.tick() == one_by_one.tick()
