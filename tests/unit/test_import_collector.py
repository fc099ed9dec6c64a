"""The cycle collector while an import plans: short collections, left as it was found."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from salesdesk.services import importer, operations


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture
def unfrozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process no window has frozen objects in (a window test before may have)."""
    gc.unfreeze()
    monkeypatch.setattr(operations, "_FROZEN", threading.Event())


@pytest.mark.usefixtures("unfrozen")
def test_planning_freezes_survivors_and_leaves_the_collector_as_it_was() -> None:
    thresholds, callbacks = gc.get_threshold(), list(gc.callbacks)
    kept = []
    with importer._few_collections():
        dead_early = _cycle()  # garbage before the next young collection: collected by it
        for n in range(3 * importer._YOUNG):
            kept.append([n])  # survivors of young collections: frozen, walked once
        assert gc.get_freeze_count() > 0
        assert dead_early() is None
        dead_late = _cycle()
        kept.append([dead_late()])  # held while planning: it survives, then is let go
    assert gc.get_threshold() == thresholds
    assert gc.callbacks == callbacks
    assert gc.get_freeze_count() == 0  # handed back to the collector
    kept.clear()
    gc.collect()
    assert dead_late() is None  # a cycle made while planning is still collected after


@pytest.mark.usefixtures("unfrozen")
def test_planning_leaves_objects_frozen_by_the_window_frozen() -> None:
    operations.freeze_alive()  # as the window does when idle
    try:
        frozen = gc.get_freeze_count()
        with importer._few_collections():
            kept = [[n] for n in range(3 * importer._YOUNG)]
        assert gc.get_freeze_count() >= frozen + len(kept) // 2
    finally:
        gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_planning_does_not_count_the_frozen_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    """gc.get_freeze_count() walks every frozen object holding the interpreter lock (a
    window that ran a while has millions: the window stood still 212 ms as a check began).
    Planning asks freeze_alive's record instead, and still hands back what it froze."""
    counted = []
    real_count = gc.get_freeze_count
    monkeypatch.setattr(gc, "get_freeze_count", lambda: counted.append(1) or real_count())
    for window_froze in (False, True):
        if window_froze:
            operations.freeze_alive()
        try:
            with importer._few_collections():
                kept = [[n] for n in range(3 * importer._YOUNG)]
            assert (real_count() > 0) == window_froze  # what it froze: back unless the window's
        finally:
            gc.unfreeze()
        del kept
    assert counted == []
