"""ID card readers (身份证阅读器): one interface, several sources of a card record.

The intake wizard only sees :class:`CardReader` and :class:`CardRecord`; a vendor SDK
(sdtapi/termb DLLs, run in a helper process by :class:`PipeReader`), a keyboard-wedge
scanner or the demo simulator plug in behind it.
See ``docs/readers.md`` for integrators.
"""

from ui.readers.base import CardReader, CardRecord, ReaderError
from ui.readers.pipe import PipeReader
from ui.readers.simulated import SimulatedReader
from ui.readers.wedge import WedgeReader, parse_wedge_line

__all__ = [
    "CardReader",
    "CardRecord",
    "PipeReader",
    "ReaderError",
    "SimulatedReader",
    "WedgeReader",
    "parse_wedge_line",
]
