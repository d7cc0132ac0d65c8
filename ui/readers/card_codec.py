"""Card records as JSON lines for the reader helper, and the text block vendor DLLs return.

A second-generation ID card's chip holds a 256-byte base-information block, UCS-2
little-endian, fixed-width (the layout sdtapi's ``SDT_ReadBaseMsg`` returns and termb's
``wz.txt`` holds): name 15 characters, sex 1 (GB/T 2261.1 code: 1 男, 2 女), nation 2
(GB/T 3304 code), birth date 8 (YYYYMMDD), address 35, number 18, authority 15, valid
from 8, valid to 8 (or ``长期``), then padding. :func:`parse_base_message` turns it into
a :class:`CardRecord`; a malformed block raises :class:`ReaderError`, never anything else.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ui.readers.base import CardRecord, ReaderError

# GB/T 3304-1991 民族名称罗马字母拼写法和代码 (numeric codes 01–56).
NATIONS = (
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
)
NATION_BY_CODE = {f"{i:02d}": name for i, name in enumerate(NATIONS, start=1)}
NATION_BY_CODE.update({"97": "其他", "98": "外国血统中国籍人士"})
SEX_BY_CODE = {"1": "男", "2": "女"}  # GB/T 2261.1-2003
# (field, characters) in chip order.
LAYOUT = (
    ("name", 15),
    ("sex", 1),
    ("nation", 2),
    ("birth", 8),
    ("address", 35),
    ("number", 18),
    ("authority", 15),
    ("valid_from", 8),
    ("valid_to", 8),
)
BASE_MESSAGE_BYTES = 256


def _bad(what: str) -> ReaderError:
    return ReaderError(
        "bad_card_data", f"读卡数据无法识别（{what}）", f"Unreadable card data ({what})"
    )


def _day(text: str, what: str) -> date:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise _bad(what) from None


def parse_base_message(raw: bytes) -> CardRecord:
    """The card record in a 256-byte UCS-2LE base-information block."""
    if not isinstance(raw, bytes | bytearray) or len(raw) < BASE_MESSAGE_BYTES:
        raise _bad("length")
    try:
        text = bytes(raw[:BASE_MESSAGE_BYTES]).decode("utf-16-le")
    except UnicodeDecodeError:
        raise _bad("encoding") from None
    fields: dict[str, str] = {}
    pos = 0
    for name, width in LAYOUT:
        fields[name] = text[pos : pos + width].strip(" \x00")
        pos += width
    sex = SEX_BY_CODE.get(fields["sex"])
    nation = NATION_BY_CODE.get(fields["nation"])
    if sex is None:
        raise _bad("sex")
    if nation is None:
        raise _bad("nation")
    valid_to = fields["valid_to"]
    return CardRecord(
        name=fields["name"],
        sex=sex,
        nation=nation,
        birth_date=_day(fields["birth"], "birth"),
        address=fields["address"],
        number=fields["number"],
        authority=fields["authority"],
        valid_from=_day(fields["valid_from"], "valid_from"),
        valid_to=None if valid_to == "长期" else _day(valid_to, "valid_to"),
    )


def build_base_message(card: CardRecord) -> bytes:
    """The chip block for `card` (used by the simulator and the tests' vectors)."""
    codes = {
        "name": card.name,
        "sex": next(k for k, v in SEX_BY_CODE.items() if v == card.sex),
        "nation": next(k for k, v in NATION_BY_CODE.items() if v == card.nation),
        "birth": f"{card.birth_date:%Y%m%d}",
        "address": card.address,
        "number": card.number,
        "authority": card.authority,
        "valid_from": f"{card.valid_from:%Y%m%d}",
        "valid_to": "长期" if card.valid_to is None else f"{card.valid_to:%Y%m%d}",
    }
    text = "".join(codes[name][:width].ljust(width) for name, width in LAYOUT)
    return text.encode("utf-16-le").ljust(BASE_MESSAGE_BYTES, b"\x00")


def card_to_json(card: CardRecord) -> dict[str, Any]:
    return {
        "name": card.name,
        "sex": card.sex,
        "nation": card.nation,
        "birth_date": card.birth_date.isoformat(),
        "address": card.address,
        "number": card.number,
        "authority": card.authority,
        "valid_from": card.valid_from.isoformat(),
        "valid_to": None if card.valid_to is None else card.valid_to.isoformat(),
    }


def card_from_json(data: Any) -> CardRecord:
    """A card record from the helper's answer; a malformed answer is a ReaderError."""
    try:
        valid_to = data["valid_to"]
        return CardRecord(
            name=str(data["name"]),
            sex=str(data["sex"]),
            nation=str(data["nation"]),
            birth_date=date.fromisoformat(data["birth_date"]),
            address=str(data["address"]),
            number=str(data["number"]),
            authority=str(data["authority"]),
            valid_from=date.fromisoformat(data["valid_from"]),
            valid_to=None if valid_to is None else date.fromisoformat(valid_to),
        )
    except (KeyError, TypeError, ValueError):
        raise _bad("helper answer") from None
