"""Receipt numbers, query passwords and time conventions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from offline.domain.clock import TZ, local_date, parse_iso, to_iso, today_local
from offline.domain.errors import ValidationFailed
from offline.domain.numbering import (
    check_query_password,
    check_receipt_no,
    format_receipt_no,
    new_query_password,
    parse_receipt_no,
)


def test_receipt_number_round_trip() -> None:
    text = format_receipt_no("520102", "03", date(2026, 11, 26), 7)
    assert text == "520102-03-20261126-0007"
    parsed = parse_receipt_no(text)
    assert (parsed.office_code, parsed.terminal_code, parsed.day, parsed.serial) == (
        "520102", "03", date(2026, 11, 26), 7
    )  # fmt: skip
    assert str(parsed) == text
    assert check_receipt_no(text) == []


@pytest.mark.parametrize(
    ("office", "terminal", "serial", "code"),
    [
        ("52010", "03", 1, "bad_office_code"),
        ("５２０１０２", "03", 1, "bad_office_code"),  # full-width digits are not ASCII digits
        ("520102", "3", 1, "bad_terminal_code"),
        ("520102", "ab", 1, "bad_terminal_code"),
        ("520102", "03", 0, "bad_serial"),
        ("520102", "03", 10000, "bad_serial"),
        ("520102", "03", True, "bad_serial"),
    ],
)
def test_receipt_number_parts_are_checked(
    office: str, terminal: str, serial: int, code: str
) -> None:
    with pytest.raises(ValidationFailed) as info:
        format_receipt_no(office, terminal, date(2026, 1, 1), serial)
    assert info.value.code == code


@pytest.mark.parametrize(
    "text",
    ["", "520102-03-20261126-7", "520102-03-20261332-0001", "520102-03-20261126-0000",
     "520102_03_20261126_0001", "520102-03-２0261126-0001"],
)  # fmt: skip
def test_malformed_receipt_numbers(text: str) -> None:
    assert check_receipt_no(text)
    with pytest.raises(ValidationFailed):
        parse_receipt_no(text)


def test_query_password_is_six_random_digits() -> None:
    passwords = {new_query_password() for _ in range(200)}
    assert all(len(p) == 6 and p.isascii() and p.isdigit() for p in passwords)
    assert len(passwords) > 150  # 200 draws from 10^6: collisions are rare
    assert check_query_password("012345") == []
    assert check_query_password("12345") and check_query_password("１２３４５６")


def test_clock_conventions() -> None:
    moment = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)  # 01:30 next day in Shanghai
    assert to_iso(moment) == "2026-11-26T17:30:00+00:00"
    assert local_date(moment) == date(2026, 11, 27)
    assert today_local(moment) == date(2026, 11, 27)
    shanghai = datetime(2026, 11, 27, 1, 30, tzinfo=TZ)
    assert to_iso(shanghai) == "2026-11-26T17:30:00+00:00"
    assert parse_iso("2026-11-27T01:30:00+08:00") == moment
    other = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-5)))
    assert to_iso(other) == "2026-01-01T05:00:00+00:00"
    with pytest.raises(ValidationFailed):
        parse_iso("2026-11-27T01:30:00")
    with pytest.raises(ValidationFailed):
        parse_iso("yesterday")
    with pytest.raises(ValueError):
        to_iso(datetime(2026, 1, 1))
