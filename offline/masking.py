"""Masking of personal data and secrets in free text (logs, diagnostics bundles).

Clerks handle citizens' names, ID numbers (居民身份证号), travel-document numbers and phone
numbers all day; log files and diagnostics end up in support e-mails, so every such text
passes through :func:`mask` first. One copy for the whole app: the UI's log filter and the
core's diagnostics both use it.

What is masked, and why this way:

- secrets written as a field (``password=…``, ``"password": "…"``, ``密码：…``, ``口令 …``,
  tokens, ``Bearer …``, the password in ``scheme://user:password@host``): the whole value,
  nothing kept;
- identity numbers by their shape: 18/15-digit ID numbers also when written in groups with
  spaces or hyphens (GB 11643-1999 defines 17 digits and a check character; clerks copy
  them as ``520102 19750315 0118``), unified social credit codes (GB 32100-2015), Chinese
  passports (E/G/D/S/P + 7–8 digits), Mainland permits for Hong Kong and Macao residents
  (H/M + 8 to 10 digits), Exit-Entry permits to Hong Kong/Macao (C + 8 characters);
  support keeps only the last characters;
- numbers that have no shape of their own (Taiwan residents' permits: 8 or 10 bare digits,
  any foreign document) only where a field or word says what they are: ``cert_no=…``,
  ``台胞证 …``, ``通行证号码：…``, ``passport …``;
- mobile and landline numbers;
- names and addresses where a field says so (``name=…``, ``"applicant_name": "…"``,
  ``申请人：…``, ``地址：…``), and otherwise short runs of Han characters (at most four,
  the length of nearly every Chinese name; or joined by ``·`` as many minority names are)
  standing alone in the English text of log messages.

Longer Han text stays readable on purpose: office names, item names and the app's own
messages explain a problem and identify nobody.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_HAN_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_HAN = f"[{_HAN_CHARS}]"
_SEP = r"[ \t]*[:=：][ \t]*"
_QUOTED = r"(?P<q>[\"'])(?P<qv>.*?)(?P=q)"

# ---------------------------------------------------------------- secrets
_SECRET_KEYS = (
    r"password|passwd|pwd|secret|token|access_token|refresh_token|api_?key|"
    r"口令|密码|登录密码"
)
_SECRET_QUOTED = re.compile(
    rf"(?P<k>(?<![A-Za-z0-9_])(?:{_SECRET_KEYS})[\"']?{_SEP}){_QUOTED}", re.IGNORECASE
)
_SECRET_PLAIN = re.compile(
    rf"(?P<k>(?<![A-Za-z0-9_])(?:{_SECRET_KEYS})(?:{_SEP}|(?<=[口令码])[ \t]+))"
    r"(?P<v>[^\s\"',;&}\]]+)",
    re.IGNORECASE,
)
_URL_CREDENTIALS = re.compile(r"(?P<k>://[^/:@\s]+:)(?P<v>[^@\s/]+)(?=@)")
_BEARER = re.compile(r"(?P<k>\bBearer[ \t]+)(?P<v>[A-Za-z0-9._~+/=-]+)", re.IGNORECASE)

# ---------------------------------------------------------------- numbers by shape
_ID_18 = re.compile(r"(?<![0-9A-Za-z])(\d(?:[ -]?\d){16}[ -]?[\dXx])(?![0-9A-Za-z])")
_ID_15 = re.compile(r"(?<![0-9A-Za-z])(\d{6}[ -]?\d{6}[ -]?\d{3}|\d{15})(?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
_TRAVEL_DOC = re.compile(
    r"(?<![0-9A-Za-z])("
    r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP]E?\d{7,8}"  # passports
    r"|[HM]\d{8,10}"  # Mainland permits of Hong Kong / Macao residents
    r"|C[0-9A-HJ-NP-Z]\d{7}"  # Exit-Entry permits to Hong Kong and Macao
    r")(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")

# ---------------------------------------------------------------- numbers by the word before
_DOC_WORDS = (
    r"cert_?no|id_?no|id_?number|passport(?:_?no)?|permit(?:_?no)?|"
    r"台胞证|台湾居民来往大陆通行证|港澳居民来往内地通行证|往来港澳通行证|回乡证|通行证|护照|"
    r"证件|身份证"
)
_DOC_FIELD = re.compile(
    rf"(?P<k>(?<![A-Za-z0-9_])(?:{_DOC_WORDS})(?:号码|号)?[\"']?"
    r"(?:[ \t]*[:=：][ \t]*[\"']?|[ \t]+))"
    r"(?P<v>[A-Za-z]{0,2}\d[\d ]{5,13}\d(?:\([A-Za-z0-9]\))?)(?![0-9A-Za-z])",
    re.IGNORECASE,
)

# ---------------------------------------------------------------- names, addresses by field
_NAME_KEYS = (
    r"applicant_name|agent_name|contact_name|display_name|full_name|legal_rep|holder|"
    r"name|applicant|agent|contact"
)
_NAME_WORDS = r"申请人|姓名|联系人|代理人|经办人|委托人|受托人|法定代表人|持证人"
_ADDRESS_KEYS = r"address|住址|地址|住所|联系地址|户籍地址"
_NAME_FIELD = re.compile(
    rf"(?P<k>(?<![A-Za-z0-9_])(?:{_NAME_KEYS})[\"']?{_SEP}[\"']?)"
    rf"(?P<v>{_HAN}[{_HAN_CHARS}·]*)",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(rf"(?P<k>(?:{_NAME_WORDS})(?:{_SEP}|[ \t]+))(?P<v>{_HAN}[{_HAN_CHARS}·]*)")
_ADDRESS_FIELD = re.compile(
    rf"(?P<k>(?<![A-Za-z0-9_])(?:{_ADDRESS_KEYS})[\"']?{_SEP}[\"']?)"
    rf"(?P<v>[^\"'\n,;}}]*{_HAN}[^\"'\n,;}}]*)",  # a network address is no home address
    re.IGNORECASE,
)
# A short Han run standing alone: at most four characters, or parts joined by "·".
_SHORT_HAN = re.compile(
    rf"(?<![{_HAN_CHARS}·])({_HAN}{{1,4}}(?:·{_HAN}{{1,8}})*)(?![{_HAN_CHARS}·])"
)
# Short organisation names ("民政局", "政务中心") are not people.
_ORG_SUFFIX = re.compile(
    r"(?:局|厅|处|所|院|中心|政府|窗口|大厅|街道|社区|办|委|站|队|科|室|馆|部)$"
)


# Field labels are words, not people: "申请人 张**" keeps its label readable.
_LABELS = frozenset(
    w
    for words in (_SECRET_KEYS, _DOC_WORDS, _NAME_WORDS, _ADDRESS_KEYS)
    for w in words.split("|")
    if re.fullmatch(f"{_HAN}+", w)
) | {"电话", "手机", "号码", "证件号", "证件号码", "身份证号", "护照号", "通行证号"}


def _keep_first(value: str) -> str:
    return value[0] + "*" * (len(value) - 1)


def _keep_last(value: str, keep: int) -> str:
    chars = value.replace(" ", "").replace("-", "")
    return "*" * max(len(chars) - keep, 0) + chars[-keep:]


def _sub_value(pattern: re.Pattern[str], how: Callable[[str], str], text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        groups = m.groupdict()
        if groups.get("q") is not None:
            return f"{m['k']}{m['q']}{how(m['qv'])}{m['q']}" if m["qv"] else m.group(0)
        return m["k"] + how(m["v"])

    return pattern.sub(repl, text)


def _looks_like_a_name(run: str) -> bool:
    """At most four Han characters (or parts joined by "·"), and no organisation suffix."""
    if "·" in run:
        return True
    return len(run) <= 4 and not (len(run) >= 3 and _ORG_SUFFIX.search(run))


def _named(m: re.Match[str]) -> str:
    """A Han value after a name field: a field that can only hold a person's name is masked
    whatever its length; `name`, and a name word followed by a mere space, only when the
    value looks like a name (an office's or item's `name` stays readable)."""
    key, value = m["k"], m["v"]
    bare = key.rstrip("\"' \t:=：").lower()
    loose = bare == "name" or not re.search(r"[:=：]", key)
    if loose and not _looks_like_a_name(value):
        return m.group(0)
    return key + _keep_first(value)


_SENTENCE_MARKS = "，。；！？、…"


def _short_han(m: re.Match[str]) -> str:
    """A short Han run alone in a log line is probably a name; one that a Chinese comma or
    full stop joins to more Chinese is a clause of a message."""
    run = m.group(1)
    before = m.string[m.start() - 1 : m.start()]
    after = m.string[m.end() : m.end() + 1]
    if (
        run in _LABELS
        or not _looks_like_a_name(run)
        or (before and before in _SENTENCE_MARKS)
        or (after and after in _SENTENCE_MARKS)
    ):
        return run
    return _keep_first(run)


# Cheap tests that let a line skip the patterns it cannot match (most log lines are plain
# English): a pattern runs only when one of its trigger words, or enough digits, appear.
_SECRET_WORDS = ("password", "passwd", "pwd", "secret", "token", "api", "口令", "密码")
_NAME_KEY_WORDS = ("name", "applicant", "agent", "contact", "legal_rep", "holder")
_NAME_HAN_WORDS = tuple(_NAME_WORDS.split("|"))
_ADDRESS_WORDS = ("address", "住址", "地址", "住所")
_SEVEN_DIGITS = re.compile(r"(?:\d[ -]?){7}")
_ANY_HAN = re.compile(_HAN)


def _any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def mask(text: str) -> str:
    """Return ``text`` with secrets, identity numbers, phones, names and addresses masked."""
    lower = text.lower()
    if _any(lower, _SECRET_WORDS):
        text = _sub_value(_SECRET_QUOTED, lambda v: "***", text)
        text = _sub_value(_SECRET_PLAIN, lambda v: "***", text)
    if "bearer" in lower:
        text = _sub_value(_BEARER, lambda v: "***", text)
    if "://" in text:
        text = _sub_value(_URL_CREDENTIALS, lambda v: "***", text)
    if _SEVEN_DIGITS.search(text):
        text = _ID_18.sub(lambda m: _keep_last(m.group(1), 4), text)
        text = _ID_15.sub(lambda m: _keep_last(m.group(1), 4), text)
        text = _USCC.sub(lambda m: "*" * 14 + m.group(1)[-4:], text)
        text = _TRAVEL_DOC.sub(lambda m: m.group(1)[0] + _keep_last(m.group(1)[1:], 2), text)
        text = _sub_value(_DOC_FIELD, lambda v: _keep_last(v, 2), text)
        text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
        text = _LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(2)[-2:]}", text)
    if not _ANY_HAN.search(text):
        return text
    if _any(lower, _ADDRESS_WORDS):
        text = _sub_value(_ADDRESS_FIELD, _keep_first, text)
    if _any(lower, _NAME_KEY_WORDS):
        text = _NAME_FIELD.sub(_named, text)
    if _any(text, _NAME_HAN_WORDS):
        text = _NAME_WORD.sub(_named, text)
    return _SHORT_HAN.sub(_short_han, text)
