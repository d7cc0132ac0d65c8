"""Receipt numbers (受理编号) that are final when issued offline, and query passwords.

Format: `{office}-{terminal}-{yyyymmdd}-{serial:04d}`, e.g. `520102-03-20261126-0007`.
The office code is the 6–12 digit office (administrative division based) code, the
terminal code (2–4 of `0-9A-Z`) is issued at device registration, the date is the
Asia/Shanghai date of issue and the serial is the terminal's gap-free daily counter
(kept by the store, 1..9999). Because office+terminal is unique, a number printed in an
offline township office never collides and is never renumbered.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from offline.domain.errors import Issue, ValidationFailed

MAX_SERIAL = 9999
_OFFICE = re.compile(r"\d{6,12}", re.ASCII)
_TERMINAL = re.compile(r"[0-9A-Z]{2,4}")
_RECEIPT = re.compile(r"(\d{6,12})-([0-9A-Z]{2,4})-(\d{8})-(\d{4})", re.ASCII)
_PASSWORD = re.compile(r"\d{6}", re.ASCII)


@dataclass(frozen=True, slots=True)
class ReceiptNo:
    office_code: str
    terminal_code: str
    day: date
    serial: int

    def __str__(self) -> str:
        return format_receipt_no(self.office_code, self.terminal_code, self.day, self.serial)


def _bad(code: str, zh: str, en: str, field: str = "receipt_no") -> ValidationFailed:
    return ValidationFailed(Issue(field, code, zh, en))


def format_receipt_no(office_code: str, terminal_code: str, day: date, serial: int) -> str:
    """Build a receipt number; raises ValidationFailed on a malformed part."""
    if not _OFFICE.fullmatch(office_code):
        raise _bad("bad_office_code", "机构代码应为6至12位数字", "Office code must be 6-12 digits")
    if not _TERMINAL.fullmatch(terminal_code):
        raise _bad(
            "bad_terminal_code",
            "终端代码应为2至4位数字或大写字母",
            "Terminal code must be 2-4 digits or capital letters",
        )
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= MAX_SERIAL:
        raise _bad(
            "bad_serial",
            f"当日流水号应在1至{MAX_SERIAL}之间",
            f"The daily serial must be between 1 and {MAX_SERIAL}",
        )
    return f"{office_code}-{terminal_code}-{day:%Y%m%d}-{serial:04d}"


def parse_receipt_no(text: str) -> ReceiptNo:
    """Split a receipt number into its parts; raises ValidationFailed when malformed."""
    match = _RECEIPT.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise _bad(
            "bad_receipt_no",
            "受理编号格式应为“机构代码-终端代码-年月日-四位流水号”",
            "A receipt number reads office-terminal-yyyymmdd-serial (4 digits)",
        )
    office, terminal, ymd, serial = match.groups()
    try:
        day = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
    except ValueError:
        raise _bad(
            "bad_receipt_date", "受理编号中的日期无效", "The date in the receipt number is invalid"
        ) from None
    if int(serial) == 0:
        raise _bad("bad_serial", "流水号不能为0000", "The serial cannot be 0000")
    return ReceiptNo(office, terminal, day, int(serial))


def check_receipt_no(text: str, field: str = "receipt_no") -> list[Issue]:
    """Issues for a malformed receipt number (empty list = valid)."""
    # Fast path (the platform checks one per pushed create): a well-formed number passes
    # without building a ReceiptNo; anything else takes `parse_receipt_no` for its issue.
    match = _RECEIPT.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is not None:
        ymd, serial = match[3], match[4]
        if serial != "0000" and _is_date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:])):
            return []
    try:
        parse_receipt_no(text)
    except ValidationFailed as exc:
        return [Issue(field, i.code, i.zh, i.en) for i in exc.issues]
    return []


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def new_query_password() -> str:
    """Six random digits from the OS CSPRNG (查询密码)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def check_query_password(text: str, field: str = "query_password") -> list[Issue]:
    if isinstance(text, str) and _PASSWORD.fullmatch(text):
        return []
    return [
        Issue(field, "bad_query_password", "查询密码应为6位数字", "The query password is 6 digits")
    ]
