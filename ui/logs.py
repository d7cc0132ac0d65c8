"""Rotating log file under the profile, with personal data masked before it is written.

Clerks handle citizens' names, ID numbers (居民身份证号) and phone numbers all day; a
log file ends up in diagnostics bundles and support e-mails, so every record passes a
masking filter first. The rules live in :mod:`offline.masking`,
shared with the diagnostics bundle.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import Any

from offline.durable import FILE_MODE, make_dirs
from offline.masking import mask

LOG_FILE = "counterdesk.log"
MAX_BYTES = 2_000_000
BACKUPS = 5


class MaskingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) with :func:`mask` applied."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (also each one rotation starts) is created mode 0600: even masked,
    a log names the office's work and belongs to this OS user only."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.chmod(self.baseFilename, FILE_MODE)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def setup_logging(log_dir: Path, level: int = logging.INFO) -> logging.Handler:
    """Attach a rotating, masking file handler to the root logger; return the handler."""
    make_dirs(log_dir)
    handler = PrivateRotatingFileHandler(
        log_dir / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler
