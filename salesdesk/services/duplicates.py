"""Cards that look like one person: same phone, or same name and company. Reported, never merged."""

from __future__ import annotations

from collections import defaultdict

from salesdesk.domain.values import parse_phones, phone_match_key
from salesdesk.models.tables import database_proxy

# Up to this many cards to check, candidates are found through the search text
# (it holds every phone's digits) instead of reading all 100,000 cards' phones.
_TARGETED = 300


def likely_duplicates(only: set[str] | None = None) -> list[dict[str, str]]:
    """Pairs of live cards that look like one person: same phone, or same name and company.

    With `only`, just the pairs that involve one of those cards.
    """
    if only is not None and len(only) <= _TARGETED:
        rows = _candidates(only)
    else:
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


def _candidates(only: set[str]) -> list[tuple[str, str, str, str]]:
    """The given cards and every live card sharing a phone's digits or the name with one."""
    found: dict[str, tuple[str, str, str, str]] = {}
    ids = sorted(only)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = "SELECT id, name, company, phones FROM card WHERE deleted = 0 AND id IN ({})"
        for row in database_proxy.execute_sql(sql.format(",".join("?" * len(chunk))), chunk):
            found[row[0]] = row
    for _card_id, name, _company, phones in list(found.values()):
        keys = {phone_match_key(p.number) for p in parse_phones(phones)} - {""}
        for key in keys:
            for row in database_proxy.execute_sql(
                "SELECT id, name, company, phones FROM card WHERE deleted = 0 AND search LIKE ?",
                (f"%{key}%",),
            ):
                found[row[0]] = row
        if name.strip():
            for row in database_proxy.execute_sql(
                "SELECT id, name, company, phones FROM card "
                "WHERE deleted = 0 AND trim(name) = ? COLLATE NOCASE",
                (name.strip(),),
            ):
                found[row[0]] = row
    return list(found.values())
