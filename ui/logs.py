"""Rotating log file under the profile, with personal data masked before it is written.

Clerks handle citizens' names, ID numbers (居民身份证号) and phone numbers all day; a
log file ends up in diagnostics bundles and support e-mails, so every record passes a
masking filter first. Masking is deliberately blunt: every run of Han characters keeps
only its first character (names, addresses), 15/18-digit ID numbers and mobile/landline
numbers keep only their last digits. Log text in English stays readable.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_FILE = "counterdesk.log"
MAX_BYTES = 2_000_000
BACKUPS = 5

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff·]+")


def mask(text: str) -> str:
    """Return ``text`` with ID numbers, credit codes, phones and Han text masked."""
    text = _ID_NUMBER.sub(lambda m: "*" * (len(m.group(1)) - 4) + m.group(1)[-4:], text)
    text = _USCC.sub(lambda m: "*" * 14 + m.group(1)[-4:], text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    text = _LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(2)[-2:]}", text)
    return _HAN.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)


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


def setup_logging(log_dir: Path, level: int = logging.INFO) -> logging.Handler:
    """Attach a rotating, masking file handler to the root logger; return the handler."""
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler
