"""GB 11643 ID numbers and GB 32100 credit codes, by example and by Hypothesis."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offline.domain.identity import (
    check_cert_no,
    check_credit_code,
    check_id_number,
    id_number_facts,
    normalize_cert_no,
)
from tests.offline.domain import strategies as S
from tests.offline.domain.samples import ID_NO, USCC

TODAY = S.TODAY
FULL = {str(i): chr(0xFF10 + i) for i in range(10)}


def codes(issues: list) -> list[str]:  # type: ignore[type-arg]
    return [i.code for i in issues]


@settings(max_examples=200, deadline=None)
@given(S.valid_id_numbers)
def test_valid_id_numbers_pass(number: str) -> None:
    assert check_id_number(number, today=TODAY) == []
    sex, born = id_number_facts(number)
    assert sex in ("男", "女") and born == f"{number[6:10]}-{number[10:12]}-{number[12:14]}"


@settings(max_examples=200, deadline=None)
@given(S.flipped_id_numbers())
def test_one_wrong_digit_is_caught_by_the_checksum(number: str) -> None:
    assert codes(check_id_number(number, today=TODAY)) == ["bad_checksum"]


@settings(max_examples=100, deadline=None)
@given(S.bad_date_id_numbers)
def test_impossible_birth_dates(number: str) -> None:
    assert codes(check_id_number(number, today=TODAY)) == ["bad_birth_date"]


@settings(max_examples=100, deadline=None)
@given(S.future_id_numbers)
def test_future_birth_dates(number: str) -> None:
    assert codes(check_id_number(number, today=TODAY)) == ["future_birth_date"]


@settings(max_examples=50, deadline=None)
@given(S.ancient_id_numbers)
def test_birth_before_1900(number: str) -> None:
    assert codes(check_id_number(number, today=TODAY)) == ["birth_before_1900"]


@settings(max_examples=150, deadline=None)
@given(S.valid_id_numbers, st.data())
def test_mixed_width_digits_and_lowercase_x_normalise(number: str, data: st.DataObject) -> None:
    mask = data.draw(st.lists(st.booleans(), min_size=18, max_size=18))
    mixed = "".join(FULL.get(c, c) if wide else c for c, wide in zip(number, mask, strict=True))
    if number.endswith("X") and data.draw(st.booleans()):
        mixed = mixed[:-1] + data.draw(st.sampled_from(["x", "Ｘ", "ｘ"]))
    assert normalize_cert_no(f" {mixed}\u3000") == number
    assert check_id_number(mixed, today=TODAY) == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        (None, "required"),
        ("36042619910101007", "bad_length"),
        ("3604261991010100711", "bad_length"),
        ("360426 199101010071", "bad_format"),
        ("X36042619910101007", "bad_format"),
        ("3604261991-1010071", "bad_format"),
        ("36042619910101007A", "bad_format"),
        ("36042619910101007" + "٣", "bad_format"),  # Arabic-Indic digit is refused, not mapped
        ("٣" + ID_NO[1:], "bad_format"),
        ("360426199101010072", "bad_checksum"),
    ],
)
def test_id_number_refusals(value: object, code: str) -> None:
    issues = check_id_number(value, "cert_no", today=TODAY)
    assert codes(issues) == [code]
    assert issues[0].zh and issues[0].en and issues[0].field == "cert_no"


def test_birth_on_the_day_itself_and_in_1900() -> None:
    assert check_id_number(S.id_number("110101", "20261126", 1), today=TODAY) == []
    assert codes(check_id_number(S.id_number("110101", "20261127", 1), today=TODAY)) == [
        "future_birth_date"
    ]
    assert check_id_number(S.id_number("110101", "19000101", 1), today=TODAY) == []


@settings(max_examples=200, deadline=None)
@given(S.valid_credit_codes)
def test_valid_credit_codes_pass(code: str) -> None:
    assert check_credit_code(code) == []
    assert check_credit_code(code.lower()) == []


@settings(max_examples=200, deadline=None)
@given(S.flipped_credit_codes())
def test_one_wrong_credit_code_character_is_caught(code: str) -> None:
    assert codes(check_credit_code(code)) == ["bad_checksum"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        (USCC[:-1], "bad_length"),
        ("O" + USCC[1:], "bad_format"),
        ("A" + USCC[1:], "bad_checksum"),  # A is a registration authority (XG1-2016)
        (USCC[:10] + "I" + USCC[11:], "bad_format"),  # I, O, S, V, Z are not in the alphabet
        (USCC[:-1] + "M", "bad_checksum"),
    ],
)
def test_credit_code_refusals(value: str, code: str) -> None:
    assert codes(check_credit_code(value)) == [code]


@pytest.mark.parametrize(
    ("cert_type", "value", "ok"),
    [
        ("113", ID_NO, True),
        ("113", "12345", False),
        ("414", "E12345678", True),
        ("414", "ea1234567", True),
        ("414", "E1234", True),
        ("414", "E-123456", False),
        ("516", "H12345678", True),
        ("516", "M1234567890", True),
        ("516", "K12345678", False),
        ("511", "12345678", True),
        ("511", "1234567", False),
        ("554", S.with_check_digit("81000019900101001"), True),
        ("554", S.with_check_digit("81000019900101001")[:-1] + "0", False),
        ("555", S.with_check_digit("83000020300101001"), False),  # future birth date
        ("555", S.with_check_digit("81000019900101001"), False),
        ("USCC", USCC, True),
        ("999", "123", False),
    ],
)
def test_certificates_by_type(cert_type: str, value: str, ok: bool) -> None:
    assert (check_cert_no(cert_type, value, today=TODAY) == []) is ok


def test_default_today_is_shanghai_today() -> None:
    far = S.id_number("110101", f"{date.today().year + 2}0101", 1)
    assert codes(check_id_number(far)) == ["future_birth_date"]
