"""One writer per database file: an OS lock on a file beside it.

The window holds the lock for as long as it is open, a command-line write
for the length of the command; a second program that cannot get it opens
read-only or says who has the file, so nobody writes behind another's back.
The OS frees the lock when a process dies, so a crash leaves nothing stale.

The lock belongs to the real file, not to the name it was opened by: the
path is resolved (a symlink is the file it points to), and on POSIX a
second lock named after the file's device and inode makes two hard links
of one file one lock too.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import IO


def _role() -> str:
    return "window" if "PySide6.QtWidgets" in sys.modules else "command"


class _FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool:
        if self._handle is not None:
            return True
        handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while locked
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        if sys.platform != "win32":  # on Windows the locked byte cannot be rewritten
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()} {_role()}".encode())
            handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                self._handle.seek(0)
                msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        finally:
            self._handle.close()
            self._handle = None

    def holder(self) -> tuple[int, str] | None:
        """(pid, 'window' or 'command') of whoever wrote the lock file, if it says."""
        try:
            words = self.path.read_text(encoding="utf-8", errors="replace").split()
        except OSError:
            return None
        if len(words) >= 2 and words[0].isdigit():
            return int(words[0]), words[1]
        if words and words[0].isdigit():
            return int(words[0]), "window"
        return None


def _inode_lock_path(db_path: Path) -> Path | None:
    if sys.platform == "win32":
        return None
    try:
        stat = db_path.stat()
    except OSError:
        return None
    folder = Path(tempfile.gettempdir()) / f"salesdesk-locks-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder / f"{stat.st_dev}-{stat.st_ino}.lock"


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        real = Path(os.path.realpath(db_path))
        self.path = real.with_name(real.name + ".lock")
        self._locks = [_FileLock(self.path)]
        inode = _inode_lock_path(real)
        if inode is not None:
            self._locks.append(_FileLock(inode))

    @property
    def held(self) -> bool:
        return all(lock.held for lock in self._locks)

    def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock, waiting up to `wait` seconds; False if another process keeps it."""
        deadline = time.monotonic() + wait
        while True:
            if self._try():
                return True
            holder = self.holder()
            if time.monotonic() >= deadline or (holder is not None and holder[1] == "window"):
                return False  # a window keeps its file for as long as it is open
            time.sleep(0.1)

    def _try(self) -> bool:
        taken: list[_FileLock] = []
        for lock in self._locks:
            if not lock.acquire():
                for done in taken:
                    done.release()
                return False
            taken.append(lock)
        return True

    def release(self) -> None:
        for lock in reversed(self._locks):
            lock.release()

    def holder(self) -> tuple[int, str] | None:
        for lock in self._locks:
            found = lock.holder()
            if found is not None:
                return found
        return None

    def describe_holder(self) -> str:
        """Who has the file, in words for a message."""
        found = self.holder()
        if found is None:
            return "another SalesDesk program"
        pid, role = found
        if role == "window":
            return f"a SalesDesk window (process {pid})"
        return f"another salesdesk command (process {pid})"
