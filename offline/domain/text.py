"""Free-text rules shared by every field: refuse, never clean.

A text is refused when it exceeds its maximum length (counted in Unicode code points) or
holds control characters (category Cc, other than `\\n`/`\\t` in multi-line fields),
lone surrogates, or line/paragraph separators in single-line fields. Emoji, CJK and SQL
metacharacters are ordinary text and are stored verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Any

from offline.domain.errors import Issue

_MULTILINE_OK = frozenset("\n\t")
_FULL_WIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
# Every character of category Cc (C0, DEL, C1), Cs (surrogates), Zl (U+2028), Zp (U+2029):
# a text without any of them needs no per-character look-up (the common case, checked in C).
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def bad_characters(value: str, *, multiline: bool = False) -> list[str]:
    """The characters of `value` a text field refuses (empty list = fine)."""
    if _SUSPECT.search(value) is None:
        return []
    return [ch for ch in value if _refused(ch, multiline)]


def _refused(ch: str, multiline: bool) -> bool:
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs"):
        return not (multiline and ch in _MULTILINE_OK)
    return category in ("Zl", "Zp") and not multiline


def check_text(
    value: Any,
    field: str,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
    label: tuple[str, str] | None = None,
) -> list[Issue]:
    """Issues for one text value; None/"" is fine unless `required`."""
    # Blank = None or only whitespace ("".isspace() is False, hence the empty check; strip()
    # and isspace() share one definition of whitespace). Labels are formatted only on refusal.
    if value is None or (isinstance(value, str) and (value == "" or value.isspace())):
        if required:
            zh, en = label or (field, field)
            return [Issue(field, "required", f"请填写{zh}", f"{en} is required")]
        return []
    zh, en = label or (field, field)
    if not isinstance(value, str):
        return [Issue(field, "not_text", f"{zh}应为文本", f"{en} must be text")]
    if len(value) > max_length:
        return [
            Issue(
                field,
                "too_long",
                f"{zh}不能超过{max_length}个字符（当前{len(value)}个）",
                f"{en} may have at most {max_length} characters (has {len(value)})",
            )
        ]
    bad = bad_characters(value, multiline=multiline)
    if bad:
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        return [
            Issue(
                field,
                "control_chars",
                f"{zh}含有不允许的控制字符（{codes}）",
                f"{en} contains control characters that are not allowed ({codes})",
            )
        ]
    return []


def is_one_of(value: Any, options: Collection[str]) -> bool:
    """`value` is one of the string `options` (safe for unhashable junk input)."""
    return isinstance(value, str) and value in options


def fold_full_width_digits(value: str) -> str:
    """Map full-width digits ０-９ to ASCII digits; every other character is kept."""
    return value.translate(_FULL_WIDTH_DIGITS)
