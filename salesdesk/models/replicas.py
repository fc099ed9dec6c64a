"""Which replica ids this installation has written, and at which path (DESIGN §3).

A database file whose replica id is not remembered for its path is a copy
(or was moved): it takes a new replica id before its first write, so two
copies of one file never write under one id.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from salesdesk.models.paths import config_dir


def _registry_path() -> Path:
    return config_dir() / "replicas.json"


def _load() -> dict[str, str]:
    try:
        data = json.loads(_registry_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _key(db_path: Path) -> str:
    return os.path.normcase(str(db_path.resolve()))


def is_remembered(replica_id: str, db_path: Path) -> bool:
    return _load().get(replica_id) == _key(db_path)


def remember(replica_id: str, db_path: Path) -> None:
    registry = _load()
    registry[replica_id] = _key(db_path)
    path = _registry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + f".{os.getpid()}.tmp")
    temp.write_text(json.dumps(registry, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, path)


def forget(replica_id: str) -> None:
    """The file written under this id was replaced (a backup restored over it): its next
    write takes a new id, so peers that hold changes the backup lacks are not told it
    holds them (issue 23: what a file holds is read from its replica ids' stamps)."""
    registry = _load()
    if registry.pop(replica_id, None) is None:
        return
    path = _registry_path()
    temp = path.with_name(path.name + f".{os.getpid()}.tmp")
    temp.write_text(json.dumps(registry, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, path)
