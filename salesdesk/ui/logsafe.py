"""What the window's log file may hold of an error (issue 22): where it happened, never the
values. An exception's message can quote what the user typed or a customer's name, so the
log keeps the traceback's frames and the exception's type; the dialog still shows it all."""

from __future__ import annotations

import traceback
from types import TracebackType

# Frames ("  File …" and their source lines) and the words between chained exceptions.
_KEPT = ("Traceback ", "  ", "During handling", "The above exception")


def loggable(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    """The traceback with every exception message (chained ones too) replaced by its type."""
    lines: list[str] = []
    for line in traceback.TracebackException(kind, error, tb).format():
        if not line.strip() or line.startswith(_KEPT):
            lines.append(line)
        else:  # "Type: message": the message may hold customer data
            name = line.split(":", 1)[0].strip()
            lines.append(f"{name}: (message left out of the log)\n")
    return "".join(lines)
