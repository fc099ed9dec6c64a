"""Who uses this computer: the operating system's full user name, never the host name."""

from __future__ import annotations

import getpass
import os
import sys


def os_full_name() -> str:
    """The user's display name (李娜, Lina Zhang); the login when the system has none."""
    if sys.platform == "win32":
        try:
            import ctypes

            name_display = 3  # EXTENDED_NAME_FORMAT.NameDisplay
            get_name = ctypes.windll.secur32.GetUserNameExW
            size = ctypes.c_ulong(0)
            get_name(name_display, None, ctypes.byref(size))
            buffer = ctypes.create_unicode_buffer(size.value or 256)
            if get_name(name_display, buffer, ctypes.byref(size)) and buffer.value.strip():
                return str(buffer.value.strip())
        except (AttributeError, OSError):
            pass
    else:
        try:
            import pwd

            # The GECOS field: "Full Name,room,phone,…"; often empty on a fresh account.
            full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
            if full:
                return full
        except (ImportError, KeyError, OSError):
            pass
    try:
        return getpass.getuser()
    except (ImportError, KeyError, OSError):
        return ""
