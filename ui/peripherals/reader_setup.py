"""Which ID card reader the intake wizard uses on this PC.

The setting ``peripherals/card_reader_helper`` holds the helper's command line (for
example ``C:\\Program Files\\CounterDesk\\counterdesk-reader-helper.exe --backend sdtapi
--port 1001``); the reader then runs in that helper process (:class:`ui.readers.PipeReader`).
Without it the demo uses the simulated reader and production relies on keyboard-wedge
readers and typing.
"""

from __future__ import annotations

import shlex

from PySide6.QtCore import QSettings

from ui.readers import CardReader, PipeReader, SimulatedReader

SETTING = "peripherals/card_reader_helper"


def configured_reader(demo: bool) -> CardReader | None:
    command = str(QSettings().value(SETTING, "", type=str)).strip()
    if command:
        return PipeReader([part.strip('"') for part in shlex.split(command, posix=False)])
    return SimulatedReader() if demo else None
