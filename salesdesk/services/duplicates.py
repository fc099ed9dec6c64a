"""Cards that look like one person: same phone, or same name and company. Reported, never merged.

An import adds the pairs it flagged (a shared switchboard, the same name at another
company), with what they share, so the user can merge or dismiss them later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from salesdesk.domain.values import parse_phones, phone_match_key
from salesdesk.models.store import Store
from salesdesk.models.tables import database_proxy, on_store

T = TypeVar("T")

# Up to this many cards to check, candidates are found through the search text
# (it holds every phone's digits) instead of reading all 100,000 cards' phones.
_TARGETED = 300
FLAGGED = "duplicates_flagged"  # setting: [a, b, reason, shared] from imports
# The flagged list is for a person to read: beyond this, the oldest pairs go.
MAX_FLAGGED = 20_000


@on_store
def remember(pairs: Iterable[tuple[str, str, str, str]], *, store: Store | None = None) -> None:
    """Keep pairs of cards an import flagged as likely duplicates (inside the caller's write)."""
    from salesdesk.services import settings

    stored = [tuple(p) for p in settings.get(FLAGGED, []) or [] if len(p) == 4]
    known = {(a, b) for a, b, _, _ in stored}
    for a, b, reason, shared in pairs:
        first, second = min(a, b), max(a, b)
        if (first, second) not in known:
            known.add((first, second))
            stored.append((first, second, reason, shared))
    settings.put(FLAGGED, [list(p) for p in stored[-MAX_FLAGGED:]])


def _flagged() -> list[tuple[str, str, str, str]]:
    from salesdesk.services import settings

    return [
        (str(p[0]), str(p[1]), str(p[2]), str(p[3]))
        for p in settings.get(FLAGGED, []) or []
        if isinstance(p, list) and len(p) == 4
    ]


@on_store
def likely_duplicates(
    only: set[str] | None = None, *, store: Store | None = None
) -> list[dict[str, str]]:
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
    shown: dict[tuple[str, str], str] = {}
    live: set[str] = set()
    for card_id, name, company, phones in rows:
        live.add(card_id)
        for phone in parse_phones(phones):
            key = phone_match_key(phone.number)
            if key:
                by_key[("phone", key)].append(card_id)
                shown.setdefault(("phone", key), phone.number)
        if name.strip():
            key = f"{name.strip().casefold()}|{company.strip().casefold()}"
            by_key[("name", key)].append(card_id)
            shown.setdefault(("name", key), " · ".join(p for p in (name, company) if p.strip()))
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for (reason, key), ids in by_key.items():
        unique = sorted(set(ids))
        for i, first in enumerate(unique):
            for second in unique[i + 1 :]:
                if only is not None and first not in only and second not in only:
                    continue
                pairs.setdefault((first, second), (reason, shown[(reason, key)]))
    flagged = [p for p in _flagged() if only is None or p[0] in only or p[1] in only]
    if only is not None and flagged:
        live = _live({x for p in flagged for x in p[:2]})
    for a, b, reason, shared in flagged:
        if a in live and b in live:  # neither was deleted or merged away since
            pairs.setdefault((a, b), (reason, shared))
    return [
        {"a": a, "b": b, "reason": reason, "shared": shared}
        for (a, b), (reason, shared) in sorted(pairs.items())
    ]


def _live(ids: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        sql = "SELECT id FROM card WHERE deleted = 0 AND id IN ({})"
        found.update(
            row[0]
            for row in database_proxy.execute_sql(sql.format(",".join("?" * len(chunk))), chunk)
        )
    return found


def connected(pairs: Iterable[tuple[T, T]]) -> list[list[T]]:
    """The members of each connected group of these pairs (union-find), in first-seen order."""
    parent: dict[T, T] = {}

    def root(node: T) -> T:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        parent[root(a)] = root(b)
    found: dict[T, list[T]] = defaultdict(list)
    for node in list(parent):
        found[root(node)].append(node)
    return list(found.values())


def groups(pairs: Iterable[dict[str, str]]) -> list[list[str]]:
    """Pairs joined into groups of cards that look alike (three at one switchboard: one group)."""
    return sorted(sorted(members) for members in connected((p["a"], p["b"]) for p in pairs))


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
