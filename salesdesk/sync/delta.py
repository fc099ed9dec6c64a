"""Which sync file to write for whom: a delta for a peer whose vector is known, else full.

A peer's vector is learnt from the newest file of it merged here (the peer
table); its delta holds what this file holds past that. In a shared folder
every other laptop with a file there reads ours, so the folder's delta builds
on what all of them hold, and is full while one of them is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesdesk.domain.errors import UserError
from salesdesk.models.store import Store
from salesdesk.sync import vectors
from salesdesk.sync.files import (
    SUFFIX,
    Written,
    export_delta_file,
    export_sync_file,
    has_vector,
)


@dataclass(frozen=True)
class Peer:
    replica_id: str
    device_name: str
    holds: vectors.Vector | None


def known_peers(store: Store) -> list[Peer]:
    rows = store.db.execute_sql(
        "SELECT replica_id, device_name, holds FROM peer ORDER BY last_merged_at DESC"
    ).fetchall()
    return [Peer(str(r), str(n or ""), vectors.parse(h) if h else None) for r, n, h in rows]


def find_peer(store: Store, wanted: str) -> Peer | None:
    """A peer by its device name (as merge reports say it) or the start of its replica id."""
    key = wanted.strip().casefold()
    if not key:
        return None
    peers = known_peers(store)
    named = [p for p in peers if p.device_name.casefold() == key]
    if len(named) > 1:  # one salesperson's two laptops carry one name
        ids = ", ".join(p.replica_id[:8] for p in named)
        raise UserError(
            f"Several laptops are called {wanted}: give the start of one's id instead ({ids})."
        )
    if named:
        return named[0]
    by_id = [p for p in peers if len(key) >= 4 and p.replica_id.casefold().startswith(key)]
    return by_id[0] if len(by_id) == 1 else None


def full_file(
    store: Store,
    target: Path | None,
    folder: Path | None,
    reason: str,
    passphrase: str | None = None,
) -> Written:
    path = export_sync_file(store, target, folder=folder, passphrase=passphrase)
    return Written(path, False, size=path.stat().st_size, reason=reason)


def export_for(
    store: Store,
    reader: str | None,
    target: Path | None = None,
    folder: Path | None = None,
    *,
    full: bool = False,
    passphrase: str | None = None,
) -> Written:
    """The sync file for one reader: a delta when its vector is known, else a full file
    (passphrase: the team's, to encrypt it with; issue 22)."""
    if full or not reader or not has_vector(store):
        return full_file(store, target, folder, "", passphrase)
    peer = find_peer(store, reader)
    if peer is None or not peer.holds:
        return full_file(
            store,
            target,
            folder,
            f"nothing is known about {reader} yet: a full sync file",
            passphrase,
        )
    return export_delta_file(
        store, peer.holds, target, folder, reader=peer.device_name, passphrase=passphrase
    )


def folder_readers(store: Store, folder: Path, own_name: str) -> list[Path]:
    """The other laptops' files in the folder: their writers read ours."""
    return [
        p
        for p in sorted(folder.glob(f"*{SUFFIX}"))
        if p.name != own_name
        and not p.name.startswith(".")
        and not p.name.endswith(f".{store.replica_id[:8]}{SUFFIX}")
    ]


def export_to_folder(
    store: Store,
    folder: Path,
    target: Path,
    writers: dict[str, str],
    passphrase: str | None = None,
) -> Written:
    """Our file in the shared folder: a delta on what every other laptop there holds, or
    full while one of them (or none) is known. writers: file name -> its replica id."""
    readers = folder_readers(store, folder, target.name)
    peers = {p.replica_id: p for p in known_peers(store)}
    known: list[Peer] = []
    for path in readers:
        replica = writers.get(path.name) or _by_name(path.name, peers)
        peer = peers.get(replica or "")
        if peer is None or not peer.holds:
            return full_file(store, target, None, "", passphrase)
        known.append(peer)
    if not known:
        return full_file(store, target, None, "", passphrase)
    names = ", ".join(sorted({p.device_name or p.replica_id[:8] for p in known}))
    base = vectors.common([p.holds for p in known if p.holds])
    return export_delta_file(store, base, target, reader=names, passphrase=passphrase)


def _by_name(name: str, peers: dict[str, Peer]) -> str | None:
    """The replica id a file's default name ends with (<device>.<first 8 of id>.salesdesk)."""
    stem = name[: -len(SUFFIX)]
    short = stem.rsplit(".", 1)[-1] if "." in stem else ""
    found = [r for r in peers if len(short) == 8 and r.startswith(short)]
    return found[0] if len(found) == 1 else None
