"""Undo and redo of whole operations, each written as new changes (never by rewriting the log)."""

from __future__ import annotations

from dataclasses import dataclass

from salesdesk.models.store import Operation, Store

MAX_DEPTH = 200


@dataclass
class UndoStack:
    undo_ops: list[Operation]
    redo_ops: list[Operation]

    def __init__(self) -> None:
        self.undo_ops = []
        self.redo_ops = []

    def push(self, op: Operation) -> None:
        if op.empty:
            return
        self.undo_ops.append(op)
        del self.undo_ops[:-MAX_DEPTH]
        self.redo_ops.clear()

    @property
    def undo_label(self) -> str | None:
        return self.undo_ops[-1].label if self.undo_ops else None

    @property
    def redo_label(self) -> str | None:
        return self.redo_ops[-1].label if self.redo_ops else None

    def clear(self) -> None:
        self.undo_ops.clear()
        self.redo_ops.clear()


def apply_inverse(store: Store, op: Operation) -> Operation:
    """Write the changes that take op back: old values return, inserted rows get a tombstone."""
    with store.write("Undo " + op.label) as inverse:
        for table, row_id, _group, old, _new in reversed(op.changes):
            store.update(table, row_id, old)
        for table, row_id in reversed(op.inserted):
            store.update(table, row_id, {"deleted": 1})
    return inverse


def apply_forward(store: Store, op: Operation) -> Operation:
    """Write op's effect again after an undo."""
    with store.write(op.label) as again:
        for table, row_id in op.inserted:
            store.update(table, row_id, {"deleted": 0})
        for table, row_id, _group, _old, new in op.changes:
            store.update(table, row_id, new)
    return again
