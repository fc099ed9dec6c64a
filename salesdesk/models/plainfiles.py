"""Reading a file the user names: a named pipe or a device is refused, never waited on."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import BinaryIO


class NotPlainFile(OSError):
    """A named pipe or a device where a file to read was given."""


def open_plain_file(path: Path) -> BinaryIO:
    """A plain file opened to read; NotPlainFile for a named pipe or a device, before it is
    opened and again once open (one put in the file's place meanwhile): reading a pipe
    waits for a writer forever, and a device such as /dev/zero never ends. Opened without
    blocking, so neither open waits for a pipe's writer. IsADirectoryError for a folder."""
    mode = path.stat().st_mode
    if S_ISDIR(mode):
        # As open() words it ("[Errno 21] Is a directory: …"), which messages.localize knows.
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not S_ISREG(mode):
        raise NotPlainFile(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = open(os.open(path, flags), "rb")  # noqa: SIM115 -- handed to the caller
    if not S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise NotPlainFile(path)
    return handle


def read_plain_file(path: Path) -> bytes:
    """The bytes of a plain file (see open_plain_file)."""
    with open_plain_file(path) as handle:
        return handle.read()
