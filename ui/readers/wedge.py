"""Keyboard-wedge and barcode input (键盘仿真/扫码): readers that "type" the card.

Many counter readers and all barcode scanners emulate a keyboard: they type the card's
fields into the focused input and finish with Enter. The applicant page gives them a
scan field; each finished line is fed here. Two line shapes are understood:

* a whole card, fields separated by ``|`` (or a tab) in the order printed on the card:
  ``name|sex|nation|YYYYMMDD|address|number|authority|YYYYMMDD-YYYYMMDD`` (the end of the
  validity may be ``长期``);
* a bare 18-character ID number (a barcode or QR code on a form).

The number is checked with the domain's GB 11643 rules before anything is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from stdnum.cn import ric

from offline.domain.identity import check_id_number, normalize_cert_no
from ui.readers.base import CardRecord, ReaderError

FIELD_COUNT = 8
NO_EXPIRY = "长期"


@dataclass(frozen=True)
class ScannedNumber:
    """Only an ID number was scanned; the clerk types or reads the rest."""

    number: str


def _date(text: str, what: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%Y%m%d").date()
    except ValueError as exc:
        raise ReaderError(
            "bad_date", f"无法识别的日期（{what}）：{text}", f"Unreadable date ({what}): {text}"
        ) from exc


def _number(text: str) -> str:
    """The number if GB 11643's hard rules hold (alphabet, length, check digit, birth
    date). The region code is not judged here: a card's chip is authoritative, and a bare
    scanned number gets the form's own region check once it lands in the field."""
    issues = check_id_number(text, card_read=True)
    if issues:
        raise ReaderError("bad_number", "身份证号码校验失败", "The ID number fails its checksum")
    return normalize_cert_no(text)


def parse_wedge_line(line: str) -> CardRecord | ScannedNumber:
    """Turn one typed line into a card record or a bare number; raise ReaderError."""
    text = line.strip()
    if not text:
        raise ReaderError("empty", "未读到任何内容", "Nothing was read")
    parts = [p.strip() for p in text.replace("\t", "|").split("|")]
    if len(parts) == 1:
        return ScannedNumber(_number(parts[0]))
    if len(parts) != FIELD_COUNT:
        raise ReaderError(
            "bad_layout",
            f"读卡数据应有 {FIELD_COUNT} 项，实际 {len(parts)} 项",
            f"Card data should have {FIELD_COUNT} fields, got {len(parts)}",
        )
    name, sex, nation, birth, address, number, authority, validity = parts
    start, _, end = validity.partition("-")
    record = CardRecord(
        name=name,
        sex=sex,
        nation=nation,
        birth_date=_date(birth, "出生 birth"),
        address=address,
        number=_number(number),
        authority=authority,
        valid_from=_date(start, "有效期 validity"),
        valid_to=None if end.strip() in ("", NO_EXPIRY) else _date(end, "有效期 validity"),
    )
    if ric.get_birth_date(record.number) != record.birth_date:
        raise ReaderError(
            "birth_mismatch",
            "出生日期与身份证号码不一致",
            "The birth date does not match the ID number",
        )
    return record


class WedgeReader:
    """A :class:`CardReader` over the last full line a keyboard-wedge device typed."""

    name = "键盘仿真读卡器 / Keyboard-wedge reader"

    def __init__(self) -> None:
        self._pending: str | None = None

    def feed(self, line: str) -> None:
        """Called by the scan field when the device finishes a line with Enter."""
        self._pending = line

    def available(self) -> bool:
        return self._pending is not None

    def read(self) -> CardRecord:
        if self._pending is None:
            raise ReaderError("no_card", "请刷卡", "Please swipe the card")
        line, self._pending = self._pending, None
        result = parse_wedge_line(line)
        if isinstance(result, ScannedNumber):
            raise ReaderError("number_only", "只读到证件号码", "Only the ID number was scanned")
        return result
