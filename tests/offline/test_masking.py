"""The one masking rule used by the log filter and the diagnostics bundle.

Vectors: the ID number is the example of GB 11643-1999 (11010519491231002X, check
character X), written the ways clerks copy it; travel-document numbers have the shapes the
National Immigration Administration issues (passport E + 8 digits or E + letter + 7
digits, older G + 8 digits; Mainland permits of Hong Kong/Macao residents H/M + 8 digits
plus a 2-digit issue count; Taiwan residents' permits 8 digits, formerly 10).
"""

from __future__ import annotations

import pytest

from offline.masking import mask

GB11643_EXAMPLE = "11010519491231002X"


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("申请人 张三丰 办理", "张三丰", "张**"),
        ("id=520102198803140135 ok", "520102198803140135", "**************0135"),
        ("phone 13800138000", "13800138000", "138****8000"),
        ("tel 0851-86812345", "86812345", "0851-****45"),
        ("uscc 91520100MA6DKXY81Q", "91520100MA6DKXY81Q", "1Q"),
        # ID numbers written with spaces or hyphens
        ("id 1101 0519 4912 3100 2X ok", "4912 3100", "**************002X"),
        ("id 110105 19491231 002X ok", "19491231", "**************002X"),
        ("id 110105-19491231-002X ok", "19491231", "**************002X"),
        ("old id 110105 491231 002", "491231", "***********1002"),
        # passports and permits
        ("passport E12345678 checked", "12345678", "E******78"),
        ("passport EA1234567 checked", "A1234567", "E******67"),
        ("passport G12345678 checked", "12345678", "G******78"),
        ("回乡证 H1234567801", "1234567801", "H********01"),
        ("permit M12345678", "12345678", "M******78"),
        ("permit H123456789", "123456789", "H*******89"),
        ("proxy http://clerk:hunter2-pw@proxy.local:3128", "hunter2-pw", "clerk:***@proxy"),
        ("往来港澳 C12345678", "12345678", "C******78"),
        ("台胞证 12345678 已核验", "12345678", "******78"),
        ("台湾居民来往大陆通行证号码：1234567801", "1234567801", "********01"),
        ('{"cert_no": "87654321"}', "87654321", '"******21"'),
        ("cert_no=K1234567(8)", "1234567", "cert_no="),
        # secrets
        ("login password=hunter2-pw retry", "hunter2-pw", "password=***"),
        ('{"password": "s3cr et!", "user": "nm-clerk1"}', "s3cr et!", '"password": "***"'),
        ("{'password': 'abc12345'}", "abc12345", "'password': '***'"),
        ("密码：Abc12345 已输入", "Abc12345", "密码：***"),
        ("口令 Abc12345", "Abc12345", "口令 ***"),
        ("PASSWD = qwerty99", "qwerty99", "***"),
        ("header Authorization: Bearer eyJhbGciOi.J9", "eyJhbGciOi", "Bearer ***"),
        # names and addresses in known fields
        ("{'name': '张三', 'x': 1}", "张三", "'name': '张*'"),
        ("display_name=欧阳明华", "欧阳明华", "欧***"),
        ("name=买买提·艾力", "买买提·艾力", "买*****"),
        ("申请人：张三丰办理", "张三丰", "申请人：张"),
        ('"address": "贵州省贵阳市南明区花果园1号"', "南明区花果园", '"address": "贵'),
        ("地址：贵阳市云岩区中华北路1号", "中华北路", "地址：贵"),
        ("applicant 李四 phone", "李四", "李*"),
    ],
)
def test_personal_data_is_masked(text: str, hidden: str, kept: str) -> None:
    masked = mask(text)
    assert hidden not in masked
    assert kept in masked


@pytest.mark.parametrize(
    "line",
    [
        "sync run finished: pushed 12, pulled 40, conflicts 0",
        "办件已保存到 贵阳市南明区政务服务中心",  # an office name
        "office_name=贵阳市南明区政务服务中心",
        "{'name': '贵阳市南明区政务服务中心'}",
        "系统已自动备份，备份文件已校验",  # the app's own messages
        "签批后该件将被不予受理，申请人将收到不予受理通知书，此操作无法撤销。",
        "office 民政局 ok",
        "sign-in refused: 密码错误次数过多，账户已锁定，请15分钟后再试。",
        "receipt 520102-03-20261126-0007",  # receipt numbers are not personal data
        "at 2026-12-07T21:00:00+00:00 seq 1800000000",
        "blob sha=" + "ab12" * 16,
        "listening address=127.0.0.1:8765",
        "wrong password for nm-clerk1; 3 attempts left",
        "password reset requested",
    ],
)
def test_text_without_personal_data_stays_readable(line: str) -> None:
    assert mask(line) == line


def test_gb11643_example_in_every_written_form() -> None:
    for form in (
        GB11643_EXAMPLE,
        GB11643_EXAMPLE.lower(),
        "1101 0519 4912 3100 2X",
        "110105 19491231 002X",
    ):
        masked = mask(f"证件 {form}，已读取")
        assert "19491231" not in masked.replace(" ", ""), masked
        assert masked.startswith("证件 ") and masked.upper().endswith("002X，已读取")


def test_mask_accepts_any_text() -> None:
    for text in ("", "*" * 50, "password=", '"password": ""', "名" * 10_000, "\x00\ud800"):
        assert isinstance(mask(text), str)
