"""Cards that look like one person: same phone, or same name and company. Reported, never merged."""

from __future__ import annotations

from collections import defaultdict

from salesdesk.domain.values import parse_phones, phone_match_key
from salesdesk.models.tables import database_proxy


def likely_duplicates(only: set[str] | None = None) -> list[dict[str, str]]:
    """Pairs of live cards that look like one person: same phone, or same name and company."""
    rows = database_proxy.execute_sql(
        "SELECT id, name, company, phones FROM card WHERE deleted = 0"
    ).fetchall()
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for card_id, name, company, phones in rows:
        for phone in parse_phones(phones):
            key = phone_match_key(phone.number)
            if key:
                by_key[("phone", key)].append(card_id)
        if name.strip():
            by_key[("name", f"{name.strip().casefold()}|{company.strip().casefold()}")].append(
                card_id
            )
    pairs: dict[tuple[str, str], str] = {}
    for (reason, _), ids in by_key.items():
        unique = sorted(set(ids))
        for i, first in enumerate(unique):
            for second in unique[i + 1 :]:
                if only is not None and first not in only and second not in only:
                    continue
                pairs.setdefault((first, second), reason)
    return [{"a": a, "b": b, "reason": reason} for (a, b), reason in sorted(pairs.items())]
