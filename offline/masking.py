"""Masking of personal data in free text (logs, diagnostics bundles).

Clerks handle citizens' names, ID numbers (居民身份证号) and phone numbers all day; log
files and diagnostics end up in support e-mails, so every such text passes through
:func:`mask` first. Masking is deliberately blunt: every run of Han characters keeps only
its first character (names, addresses), 15/18-digit ID numbers and credit codes keep their
last four characters, mobile/landline numbers their last digits. English stays readable.
One copy for the whole app: the UI's log filter and the core's diagnostics both use it.
"""

from __future__ import annotations

import re

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
