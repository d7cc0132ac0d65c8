"""Certificate numbers: GB 11643 ID numbers, GB 32100 credit codes and other documents.

Checksums come from python-stdnum (`stdnum.cn.ric`, `stdnum.cn.uscc`), never hand-written;
the surrounding rules are ours, because stdnum's own `validate` functions refuse valid
numbers: `ric.validate` wants the region code to have existed in the birth year (GB 11643
ties it to the year the number was assigned) and raises `KeyError` on some prefixes, and
`uscc.validate` wants eight digits up front (GB 32100 also issues codes starting with
A, N or Y). Checksum, length, alphabet and birth date are hard rules; an unknown region
code is a warning a person confirms (see `regions`).
The birth date of a number that already matched `[0-9]{17}[0-9X]` is read directly
(`_birth_date`: exactly `ric.get_birth_date` without its `compact` pass, which is an
identity on such a string and was a third of the cost of a check on the platform's push).

Normalisation rule (decided once, used everywhere): surrounding whitespace is dropped,
full-width digits ０-９ and full-width Ｘ/ｘ become ASCII, lower-case letters become
upper case. Mixed widths therefore normalise digit by digit to the same number a clerk
sees. Any other character — inner spaces, hyphens, Arabic-Indic or other non-ASCII
digits — is refused with `bad_format`, never silently dropped.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from stdnum.cn import ric, uscc

from offline.domain.clock import today_local
from offline.domain.errors import WARNING, Issue
from offline.domain.regions import region_known
from offline.domain.text import fold_full_width_digits, is_one_of

CERT_TYPES: dict[str, tuple[str, str]] = {
    "111": ("居民身份证", "Resident identity card"),
    "113": ("户口簿", "Household register"),
    "414": ("普通护照", "Passport"),
    "516": ("港澳居民来往内地通行证", "Mainland travel permit for HK/Macao residents"),
    "511": ("台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents"),
    "554": ("港澳居民居住证", "Residence permit for HK/Macao residents"),
    "555": ("台湾居民居住证", "Residence permit for Taiwan residents"),
}
USCC_TYPE = "USCC"  # 统一社会信用代码
EARLIEST_BIRTH = date(1900, 1, 1)

_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_ID_CHARS = re.compile(r"[0-9]*X?")
_USCC_CHARS = re.compile(r"[0-9A-HJ-NPQRTUWXY]*")
# Certificates whose number is (or is shaped like) a GB 11643 citizen number with a birth
# date: 居民身份证, 户口簿 and the two residence permits (GB 11643-shaped, fixed regions).
GB11643_TYPES = frozenset({"111", "113", "554", "555"})
UNKNOWN_REGION = "unknown_region"
_PATTERNS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "113": (_ID_SHAPE, "18位户籍号码", "an 18-character number"),
    "414": (re.compile(r"[A-Z0-9]{5,17}"), "5至17位字母或数字", "5-17 letters or digits"),
    "516": (re.compile(r"[HM][0-9]{8}([0-9]{2})?"), "H或M开头加8位数字", "H or M and 8 digits"),
    "511": (re.compile(r"[0-9]{8}|[0-9]{10}"), "8位或10位数字", "8 or 10 digits"),
    "554": (re.compile(r"8[12]0000[0-9]{11}[0-9X]"), "810000/820000开头的18位号码", "18 chars"),
    "555": (re.compile(r"830000[0-9]{11}[0-9X]"), "830000开头的18位号码", "18 chars"),
}


def normalize_cert_no(value: str) -> str:
    """The canonical form of a certificate number (see the module docstring)."""
    folded = fold_full_width_digits(value.strip()).replace("Ｘ", "X").replace("ｘ", "X")
    return folded.upper()


def _required(field: str, zh: str, en: str) -> list[Issue]:
    return [Issue(field, "required", f"请填写{zh}", f"{en} is required")]


def check_id_number(
    value: Any,
    field: str = "cert_no",
    *,
    today: date | None = None,
    region_confirmed: bool = False,
    card_read: bool = False,
) -> list[Issue]:
    """GB 11643 居民身份证号码. Hard rules: alphabet, length, check digit, birth date.
    The region code only has to exist in some year of GB/T 2260 (see `regions`); a code
    missing from the whole list is a *warning* unless the clerk confirmed it
    (`region_confirmed`) or the number came from an ID card reader (`card_read`, the
    chip's data is authoritative). Never raises, whatever `value` is."""
    if not isinstance(value, str) or not value.strip():
        return _required(field, "身份证号码", "The ID number")
    number = normalize_cert_no(value)
    # GB 11643-1999 §4: 17 digits (本体码) and one check character, a digit or X.
    if not _ID_CHARS.fullmatch(number):
        return [
            Issue(
                field,
                "bad_format",
                "身份证号码只能由数字和末位X组成",
                "An ID number is 17 digits followed by a digit or X",
            )
        ]
    # GB 11643-1999 §4.1: the number has 18 characters.
    if len(number) != 18 or not _ID_SHAPE.fullmatch(number):
        return [
            Issue(
                field,
                "bad_length",
                f"身份证号码应为18位（当前{len(number)}位）",
                f"An ID number has 18 characters (this one has {len(number)})",
            )
        ]
    # GB 11643-1999 §4.5 / §5: ISO 7064 MOD 11-2 check character (computed by stdnum).
    if ric.calc_check_digit(number) != number[-1]:
        return [
            Issue(
                field,
                "bad_checksum",
                "身份证号码校验位错误，请核对",
                "The ID number's check digit is wrong; please re-check it",
            )
        ]
    # GB 11643-1999 §4.3.2 (出生日期码): a real calendar date (YYYYMMDD).
    issues = _check_birth(number, field, today or today_local())
    if issues or card_read or region_confirmed or region_known(number[:6]):
        return issues
    # GB 11643-1999 §4.3.1 (地址码) with GB/T 2260: unknown to our list, so a person looks.
    return [unknown_region_issue(field)]


def unknown_region_issue(field: str) -> Issue:
    """The confirmable warning for a region code missing from the GB/T 2260 list."""
    return Issue(
        field,
        UNKNOWN_REGION,
        "身份证号码前6位不在行政区划代码表中：请核对证件原件，确认无误后勾选确认",
        "The first 6 digits are not in our administrative division list: check the "
        "card itself and tick the confirmation if the number is right",
        WARNING,
    )


def _birth_date(number: str) -> date | None:
    """The date in characters 7-14 of a shape-checked (ASCII) number; None if not a date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _check_birth(number: str, field: str, today: date) -> list[Issue]:
    born = _birth_date(number)
    if born is None:
        return [
            Issue(
                field,
                "bad_birth_date",
                "身份证号码中的出生日期无效",
                "The birth date inside the ID number is not a real date",
            )
        ]
    if born < EARLIEST_BIRTH:
        return [
            Issue(
                field,
                "birth_before_1900",
                "身份证号码中的出生日期早于1900年",
                "The birth date inside the ID number is before 1900",
            )
        ]
    if born > today:
        return [
            Issue(
                field,
                "future_birth_date",
                "身份证号码中的出生日期晚于今天",
                "The birth date inside the ID number is in the future",
            )
        ]
    return []


def id_number_facts(value: str) -> tuple[str, str]:
    """(sex 男/女, birth date ISO) of a valid ID number (GB 11643-1999 §4.3.3: an odd
    sequence digit is a man, an even one a woman)."""
    number = normalize_cert_no(value)
    return ("男" if int(number[16]) % 2 else "女", ric.get_birth_date(number).isoformat())


def birth_date_in(cert_type: Any, value: Any) -> str | None:
    """The ISO birth date written inside a GB 11643-shaped number of `cert_type`
    (ID card, household register, residence permits); None when there is none to read."""
    if not (is_one_of(cert_type, GB11643_TYPES) and isinstance(value, str)):
        return None
    number = normalize_cert_no(value)
    if not _ID_SHAPE.fullmatch(number):
        return None
    born = _birth_date(number)
    return None if born is None else born.isoformat()


def check_credit_code(value: Any, field: str = "cert_no") -> list[Issue]:
    """GB 32100-2015 统一社会信用代码: 18 characters from the standard's alphabet (digits
    and capital letters without I, O, S, V, Z) whose last one is the check character
    (GB 32100 §4.5, computed by stdnum). The registration authority (A, N and Y included,
    amendment XG1-2016) and category positions are not restricted further, so every
    code the standard can issue is accepted. Never raises, whatever `value` is."""
    if not isinstance(value, str) or not value.strip():
        return _required(field, "统一社会信用代码", "The unified social credit code")
    number = normalize_cert_no(value)
    # GB 32100-2015 §4.1: Arabic digits and capital letters, without I, O, S, V, Z.
    if not _USCC_CHARS.fullmatch(number):
        return [
            Issue(
                field,
                "bad_format",
                "统一社会信用代码含有无效字符",
                "The credit code contains characters that are not allowed",
            )
        ]
    # GB 32100-2015 §4.1: 18 characters.
    if len(number) != 18:
        return [
            Issue(
                field,
                "bad_length",
                f"统一社会信用代码应为18位（当前{len(number)}位）",
                f"A credit code has 18 characters (this one has {len(number)})",
            )
        ]
    # GB 32100-2015 §4.5: check character = 31 - (sum of value x weight) mod 31.
    if uscc.calc_check_digit(number) != number[-1]:
        return [
            Issue(
                field,
                "bad_checksum",
                "统一社会信用代码校验位错误，请核对",
                "The credit code's check character is wrong; please re-check it",
            )
        ]
    return []


def check_cert_no(
    cert_type: Any,
    value: Any,
    field: str = "cert_no",
    *,
    today: date | None = None,
    region_confirmed: bool = False,
    card_read: bool = False,
) -> list[Issue]:
    """Check a number against its certificate type: 111 and 113 (the household register
    carries the same GB 11643 citizen number) as ID numbers, USCC by GB 32100, residence
    permits by pattern and GB 11643 checksum, the others by pattern."""
    if not isinstance(cert_type, str):
        cert_type = repr(cert_type)
    if cert_type == "111":
        return check_id_number(
            value, field, today=today, region_confirmed=region_confirmed, card_read=card_read
        )
    if cert_type == "113":  # no chip to read: only a confirmation overrides the region
        return check_id_number(value, field, today=today, region_confirmed=region_confirmed)
    if cert_type == USCC_TYPE:
        return check_credit_code(value, field)
    if not is_one_of(cert_type, _PATTERNS):
        return [
            Issue(
                field.rsplit(".", 1)[0] + ".cert_type" if "." in field else "cert_type",
                "unknown_cert_type",
                f"不支持的证件类型：{cert_type}",
                f"Unsupported certificate type: {cert_type}",
            )
        ]
    zh_name, en_name = CERT_TYPES[cert_type]
    if not isinstance(value, str) or not value.strip():
        return _required(field, f"{zh_name}号码", f"The {en_name} number")
    number = normalize_cert_no(value)
    pattern, zh_rule, en_rule = _PATTERNS[cert_type]
    if not pattern.fullmatch(number):
        return [
            Issue(
                field,
                "bad_format",
                f"{zh_name}号码应为{zh_rule}",
                f"A {en_name} number is {en_rule}",
            )
        ]
    if cert_type in ("554", "555"):
        if ric.calc_check_digit(number) != number[-1]:
            return [
                Issue(
                    field,
                    "bad_checksum",
                    f"{zh_name}号码校验位错误，请核对",
                    f"The {en_name} number's check digit is wrong; please re-check it",
                )
            ]
        return _check_birth(number, field, today or today_local())
    return []
