"""One window per database file: a second start on the same file asks the first to come forward."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = b"activate\n"
ANSWER = b"ok\n"


def server_name(db_path: str | Path) -> str:
    """The socket name for one database file, the same from any working folder."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in odd containers: the path alone still works
        user = ""
    resolved = str(Path(db_path).expanduser().resolve())
    digest = hashlib.sha256(f"{user}\0{resolved}".encode()).hexdigest()[:24]
    return f"salesdesk-{digest}"


class InstanceServer(QObject):
    """Listens for later starts on the same file.

    Signals:
        activate_requested(): another start wants this window raised.
    """

    activate_requested = Signal()

    def __init__(self, db_path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self._server = QLocalServer(self)
        self._sockets: set[QLocalSocket] = set()
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        # Only the writer (who holds the file's lock) listens, so a socket left
        # under this name is a crashed window's: safe to remove.
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()
        for socket in list(self._sockets):
            socket.abort()
        self._sockets.clear()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._sockets.add(socket)
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(self._forget)
            if socket.bytesAvailable():
                self._read_from(socket)

    def _read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read_from(socket)

    def _forget(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._sockets:
            self._sockets.discard(socket)
            socket.deleteLater()

    def _read_from(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if ACTIVATE.strip() in data:
            socket.write(ANSWER)
            socket.flush()
            self.activate_requested.emit()


def ask_running_instance(db_path: str | Path, timeout_ms: int = 1500) -> bool:
    """Ask the window that has this file to come forward; True if it answered."""
    socket = QLocalSocket()
    loop = QEventLoop()
    answered: list[bool] = []
    received = bytearray()

    def on_connected() -> None:
        socket.write(ACTIVATE)
        socket.flush()

    def on_ready() -> None:
        received.extend(bytes(socket.readAll().data()))
        if ANSWER.strip() in received:
            answered.append(True)
            loop.quit()

    socket.connected.connect(on_connected)
    socket.readyRead.connect(on_ready)
    socket.errorOccurred.connect(lambda _error: loop.quit())
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    # An event loop rather than waitFor…(): the answering window may be in this process (tests).
    socket.connectToServer(server_name(db_path))
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        loop.exec()
    timer.stop()
    socket.abort()
    return bool(answered)
