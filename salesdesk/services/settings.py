"""Business settings kept in the database, so the window and the command line agree."""

from __future__ import annotations

import json
from typing import Any

from salesdesk.domain.grades import DEFAULT_CADENCE_DAYS
from salesdesk.models.tables import Setting


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def put(key: str, value: Any) -> None:
    Setting.insert(
        key=key, value=json.dumps(value, ensure_ascii=False)
    ).on_conflict_replace().execute()


def cadence() -> dict[str, int | None]:
    """Ideal return-visit interval in days for each cadence key (A … F1, F2)."""
    stored = get("cadence", {}) or {}
    table = dict(DEFAULT_CADENCE_DAYS)
    for key, value in stored.items():
        if key in table:
            table[key] = None if value is None else int(value)
    return table
