"""GB 11643 ID numbers and GB 32100 credit codes, with vectors computed from the standards.

Check characters are computed here from the standards' own weights and tables, never by
python-stdnum or our code: GB 11643-1999 §5 (ISO 7064 MOD 11-2, weights 2**(17-i) mod 11,
check table 1 0 X 9 8 7 6 5 4 3 2) and GB 32100-2015 §4.5 (weights 3**(i-1) mod 31,
alphabet without I O S V Z, check = 31 - sum mod 31). Region codes come from the
published GB/T 2260 list, current and abolished.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offline.domain.errors import Issue
from offline.domain.identity import check_cert_no, check_credit_code, check_id_number

TODAY = date(2026, 11, 26)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB/T 2260 codes, each with the (first, last) year it was in use (None = still in use).
CURRENT = {
    "110101": "北京市东城区",
    "110105": "北京市朝阳区",
    "310101": "上海市黄浦区",
    "440305": "深圳市南山区",
    "500103": "重庆市渝中区",
    "520102": "贵阳市南明区",
    "520103": "贵阳市云岩区",
    "520111": "贵阳市花溪区",
    "650102": "乌鲁木齐市天山区",
}
ABOLISHED = {
    "110103": "北京市崇文区 (merged into 东城区, 2010)",
    "110104": "北京市宣武区 (merged into 西城区, 2010)",
    "310103": "上海市卢湾区 (merged into 黄浦区, 2011)",
    "520114": "贵阳市小河区 (2000-2012, merged into 花溪区)",
}
NEVER_ASSIGNED = ["999999", "000000", "110199", "371471", "130171", "370171"]


def id_check(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def id_number(region: str, born: date | str, serial: int = 123) -> str:
    day = born if isinstance(born, str) else f"{born:%Y%m%d}"
    body = f"{region}{day}{serial:03d}"
    return body + id_check(body)


def uscc_check(body17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def codes(issues: list[Issue]) -> list[str]:
    return [i.code for i in issues]


def test_the_weights_are_those_of_the_standards() -> None:
    assert tuple(2 ** (17 - i) % 11 for i in range(17)) == ID_WEIGHTS
    assert tuple(3**i % 31 for i in range(17)) == USCC_WEIGHTS


# ---------------------------------------------------------------- GB 11643


@pytest.mark.parametrize(
    "number",
    [
        "520102197503150118",  # 南明区, born before stdnum's table starts the code (1983)
        "500103199005153211",  # 渝中区, born 1990
        "11010519491231002X",  # the standard's own example (GB 11643-1999 annex)
    ],
)
def test_published_numbers_are_valid(number: str) -> None:
    assert id_check(number[:17]) == number[-1]
    assert check_id_number(number, today=TODAY) == []


@pytest.mark.parametrize("region", sorted(CURRENT) + sorted(ABOLISHED))
@pytest.mark.parametrize("born", [date(1920, 2, 29), date(1975, 3, 15), date(2015, 6, 1)])
def test_a_code_that_existed_in_any_year_is_accepted_for_any_birth_year(
    region: str, born: date
) -> None:
    """GB 11643 §4.3.1: the county where the number was assigned; a number never changes."""
    assert check_id_number(id_number(region, born), today=TODAY) == []
    assert check_cert_no("113", id_number(region, born), today=TODAY) == []


@pytest.mark.parametrize("region", NEVER_ASSIGNED)
def test_an_unlisted_code_is_a_confirmable_warning_not_a_refusal(region: str) -> None:
    number = id_number(region, date(1990, 3, 7))
    issues = check_id_number(number, "applicant.cert_no", today=TODAY)
    assert codes(issues) == ["unknown_region"]
    assert issues[0].severity == "warning" and issues[0].is_warning
    assert issues[0].field == "applicant.cert_no" and issues[0].zh and issues[0].en
    assert check_id_number(number, today=TODAY, region_confirmed=True) == []
    assert check_id_number(number, today=TODAY, card_read=True) == []
    # 户口簿 carries the same number but has no chip: only a confirmation overrides
    assert codes(check_cert_no("113", number, today=TODAY)) == ["unknown_region"]
    assert check_cert_no("113", number, today=TODAY, card_read=True)[0].is_warning
    assert check_cert_no("113", number, today=TODAY, region_confirmed=True) == []


def test_the_prefixes_that_used_to_crash_give_a_warning() -> None:
    for number in ["110199199003071239", id_number("371471", "19900307")]:
        assert codes(check_id_number(number, today=TODAY)) in (["unknown_region"], [])


@pytest.mark.parametrize("region", ["520102", "999999"])
def test_hard_rules_hold_even_when_confirmed_or_card_read(region: str) -> None:
    good = id_number(region, date(1990, 3, 7))
    wrong = good[:-1] + next(c for c in ID_CHECK if c != good[-1])
    flags: dict[str, Any] = {"region_confirmed": True, "card_read": True, "today": TODAY}
    assert codes(check_id_number(wrong, **flags)) == ["bad_checksum"]
    assert codes(check_id_number(id_number(region, "19900230"), **flags)) == ["bad_birth_date"]
    future = id_number(region, TODAY + timedelta(days=1))
    assert codes(check_id_number(future, **flags)) == ["future_birth_date"]
    assert codes(check_id_number(good[:17], **flags)) == ["bad_length"]
    assert codes(check_id_number(good[:16] + "X" + good[17], **flags)) == ["bad_format"]


@settings(max_examples=400, deadline=None)
@given(st.text(min_size=18, max_size=18))
def test_no_18_character_string_makes_the_check_raise(text: str) -> None:
    for flags in ({}, {"region_confirmed": True}, {"card_read": True}):
        issues = check_id_number(text, today=TODAY, **flags)
        assert all(isinstance(i, Issue) for i in issues)
        for cert_type in ("111", "113", "554", "555"):
            check_cert_no(cert_type, text, today=TODAY)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789X", min_size=18, max_size=18) | st.from_type(object))
def test_no_value_of_any_type_makes_the_check_raise(value: Any) -> None:
    check_id_number(value, today=TODAY)
    check_credit_code(value)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_every_checksum_valid_number_passes_or_fails_only_on_its_date_or_region(
    body: str,
) -> None:
    number = body + id_check(body)
    issues = check_id_number(number, today=TODAY)
    try:
        born: date | None = date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        born = None
    if born is None:
        assert codes(issues) == ["bad_birth_date"]
    elif born.year < 1900:
        assert codes(issues) == ["birth_before_1900"]
    elif born > TODAY:
        assert codes(issues) == ["future_birth_date"]
    else:
        assert codes(issues) in ([], ["unknown_region"])
        assert all(i.is_warning for i in issues)
        assert check_id_number(number, today=TODAY, region_confirmed=True) == []


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(CURRENT) + sorted(ABOLISHED)),
    st.dates(date(1900, 1, 1), TODAY),
    st.integers(0, 999),
    st.integers(0, 17),
)
def test_every_valid_number_is_accepted_and_every_single_change_caught(
    region: str, born: date, serial: int, pos: int
) -> None:
    number = id_number(region, born, serial)
    assert check_id_number(number, today=TODAY) == []
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    for other in alphabet.replace(number[pos], ""):
        changed = number[:pos] + other + number[pos + 1 :]
        assert codes(check_id_number(changed, today=TODAY)) == ["bad_checksum"]


# ---------------------------------------------------------------- GB 32100


AUTHORITIES = "123456789ANY"  # GB 32100-2015 table 1 with amendment XG1-2016


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    """Structured as the standard describes: authority, category, GB/T 2260 region,
    GB 11714 organisation code, check character."""
    authority = draw(st.sampled_from(AUTHORITIES))
    category = draw(st.sampled_from("123459"))
    region = draw(st.sampled_from(sorted(CURRENT)))
    org = draw(st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9))
    body = authority + category + region + org
    return body + uscc_check(body)


@settings(max_examples=500, deadline=None)
@given(credit_codes() | st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17).map(
    lambda body: body + uscc_check(body)
))  # fmt: skip
def test_every_code_with_the_standards_check_character_is_accepted(code: str) -> None:
    assert check_credit_code(code) == []
    assert check_credit_code(code.lower()) == []
    wrong = code[:-1] + next(c for c in USCC_ALPHABET if c != code[-1])
    assert codes(check_credit_code(wrong)) == ["bad_checksum"]


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",  # 工商 company
        "N2520102MF0000000",  # 村级集体经济组织 (N2): stdnum refuses the letter up front
        "Y1520102MJ0000000",  # 其他
        "A1110000MB0000000",  # 军队事业单位
    ],
)
def test_codes_of_every_registration_authority(code: str) -> None:
    full = code if len(code) == 18 else code + uscc_check(code)
    assert uscc_check(full[:17]) == full[17]
    assert check_credit_code(full) == []


@settings(max_examples=400, deadline=None)
@given(st.text(min_size=0, max_size=20))
def test_no_string_makes_the_credit_code_check_raise(text: str) -> None:
    assert all(isinstance(i, Issue) for i in check_credit_code(text))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91110000600037341", "bad_length"),
        ("91110000600037341LL", "bad_length"),
        ("9111000060003734IL", "bad_format"),  # I is not in the alphabet
        ("911100006000373-1L", "bad_format"),
        ("91110000600037341M", "bad_checksum"),
    ],
)
def test_credit_code_refusals(value: str, code: str) -> None:
    assert codes(check_credit_code(value)) == [code]
