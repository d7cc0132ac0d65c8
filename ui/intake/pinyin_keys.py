"""Pinyin search keys for service item names (拼音检索).

Clerks type ``lsjz`` or ``linshijiuzhu`` for 临时救助. Each name gets its full pinyin
without tones and its initials, computed once when the catalog is loaded; pypinyin's
phrase dictionary chooses the reading of a heteronym from its context (e.g. 银行 →
yinhang), which is what clerks type.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of `name`, lower-case, without tones or separators;
    characters that are not Chinese (digits, Latin letters) are kept as they are."""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s and not s.isspace()).lower()
    return full, initials
