"""The cycle collector while an import plans: short collections, left as it was found."""

from __future__ import annotations

import gc
import weakref

from salesdesk.services import importer


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_planning_freezes_survivors_and_leaves_the_collector_as_it_was() -> None:
    gc.unfreeze()  # a window test before this one may have frozen what lived then
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


def test_planning_leaves_objects_frozen_by_others_frozen() -> None:
    gc.freeze()  # as the window does when idle
    try:
        frozen = gc.get_freeze_count()
        with importer._few_collections():
            kept = [[n] for n in range(3 * importer._YOUNG)]
        assert gc.get_freeze_count() >= frozen + len(kept) // 2
    finally:
        gc.unfreeze()
