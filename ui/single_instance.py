"""One running app per profile: a second start asks the first to come forward, then exits.

A ``QLocalServer`` named after the profile listens in the first instance. A second start
connects, sends ``raise``, and the first instance emits :attr:`SingleInstance.activated`
(the main window brings itself to the front). A stale socket left by a crash is removed.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500


def server_name(profile_key: str) -> str:
    """Socket name for a profile: unique per OS user and profile path, short and safe."""
    digest = hashlib.sha256(f"{getpass.getuser()}\0{profile_key}".encode()).hexdigest()
    return f"counterdesk-{digest[:16]}"


def notify_running(name: str) -> bool:
    """Tell an already running instance to come forward; True when one answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """Owns the profile's local server while this instance runs."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        """Start listening, clearing a stale socket from a crashed run."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            # The message is one short line written right after connecting; a bounded
            # wait here avoids per-connection closures that outlive the socket.
            if conn.bytesAvailable() or conn.waitForReadyRead(CONNECT_TIMEOUT_MS):
                message = bytes(conn.readAll().data()).strip()
            else:
                message = b""
            conn.close()
            conn.deleteLater()
            if message == b"raise":
                self.activated.emit()
