"""Laptops and a hub for the tests: open a database, sync it with the hub, dump it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from salesdesk.services.session import Session
from salesdesk.sync import hub
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.merge import MergeReport, merge_file
from salesdesk.sync.service import SyncService


def password() -> str:
    return os.environ["SALESDESK_TEST_PW"]


@contextmanager
def opened(path: Path) -> Iterator[Session]:
    session = Session.open(path)
    try:
        yield session
    finally:
        session.close()


def do(path: Path, work: Callable[[Session], Any]) -> Any:
    with opened(path) as session:
        return work(session)


def dump(path: Path) -> dict[str, Any]:
    return do(path, lambda s: s.dump())


def init(url: str) -> str:
    return hub.init_hub(hub.parse_url(url), password())


def join(path: Path, url: str, user: str | None = None, secret: str | None = None) -> None:
    address = hub.parse_url(url, user)
    do(path, lambda s: hub.join(s.store, address, secret or password()))


def sync(path: Path, secret: str | None = None) -> hub.HubSync:
    return do(
        path,
        lambda s: s.run(lambda task: SyncService(s).hub_sync_op(secret or password(), task)).value,
    )


def file_between(source: Path, target: Path, folder: Path) -> MergeReport:
    """An offline exchange: source's sync file merged into target."""
    folder.mkdir(parents=True, exist_ok=True)
    written = do(source, lambda s: export_sync_file(s.store, folder=folder))
    return do(target, lambda s: merge_file(s.store, written))


def conflicts(path: Path) -> list[tuple[str, str, str, str]]:
    """The open conflicts a user is shown: (card, field group, value now, the other)."""

    def listed(session: Session) -> list[tuple[str, str, str, str]]:
        return sorted(
            (v.card_name, v.group, str(v.current.values), str(v.other.values))
            for v in SyncService(session).conflicts()
        )

    return do(path, listed)


# The team the role tests put on the hub: login → (owner name on the cards, role, password).
TEAM = {
    "liqiang": ("李强", "salesperson", "li-secret-1"),
    "wangmin": ("王敏", "salesperson", "wang-secret-2"),
    "zhao": ("赵经理", "manager", "zhao-secret-3"),
}
SECRETS = {login: secret for login, (_owner, _kind, secret) in TEAM.items()}


def add_team(hub_url: str, logins: tuple[str, ...] = tuple(TEAM)) -> None:
    """Add these members of TEAM as hub users."""
    address = hub.parse_url(hub_url)
    for login in logins:
        owner, kind, secret = TEAM[login]
        hub.add_user(address, password(), login, owner=owner, kind=kind, secret=secret)
