"""Document camera (高拍仪) through QtMultimedia — only where one exists.

QtMultimedia needs system audio/video libraries (PulseAudio's libpulse on Linux,
GStreamer/FFmpeg) that a counter PC may lack; importing it can then fail. A missing
libpulse is checked first and logged with the package to install (the .deb depends on
libpulse0). :func:`camera_available` answers False
in that case or when no video input is present, and the materials step hides its camera
button. :class:`CameraDialog` shows a live view and saves one still to a file.
"""

from __future__ import annotations

import ctypes.util
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


PULSE_MISSING = (
    "camera support needs the PulseAudio client library (libpulse.so.0), which Qt "
    "Multimedia loads on Linux; install the libpulse0 package. Capture from a document "
    "camera's local service or from scan files still works."
)


_pulse_reported = False


def pulse_missing() -> bool:
    """On Linux, True when libpulse is not installed (Qt Multimedia cannot load)."""
    return sys.platform.startswith("linux") and ctypes.util.find_library("pulse") is None


def camera_available() -> bool:
    """True when QtMultimedia loads and reports at least one video input."""
    if pulse_missing():
        global _pulse_reported
        if not _pulse_reported:  # once per run: every materials step asks
            log.warning(PULSE_MISSING)
            _pulse_reported = True
        return False
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except (ImportError, OSError) as exc:
        log.warning("camera support unavailable: %s", PULSE_MISSING if "pulse" in str(exc) else exc)
        return False
    return bool(QMediaDevices.videoInputs())


class CameraDialog(QDialog):
    """Live view of the first camera; Enter (or the button) saves a still to ``target``."""

    captured = Signal(str)

    def __init__(self, target: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("Document camera"))
        self._target = target
        self._session: Any = QMediaCaptureSession(self)
        self._camera: Any = QCamera(self)
        self._capture: Any = QImageCapture(self)
        view = QVideoWidget()
        self._session.setCamera(self._camera)
        self._session.setImageCapture(self._capture)
        self._session.setVideoOutput(view)
        shoot = QPushButton(self.tr("Capture (Enter)"))
        shoot.setDefault(True)
        shoot.clicked.connect(lambda: self._capture.captureToFile(str(self._target)))
        self._capture.imageSaved.connect(self._saved)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(shoot)
        self._camera.start()

    def _saved(self, _id: int, path: str) -> None:
        self._camera.stop()
        self.captured.emit(path)
        self.accept()
