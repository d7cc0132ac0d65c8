"""Numbers that survive the trip device → platform → device unchanged.

RFC 8259 §6: JSON readers commonly hold numbers as IEEE 754 doubles, so only integers
within ±(2**53 - 1) are exchanged exactly; orjson (our store) turns a larger integer into
a float, and NaN/Infinity are not JSON at all. A document holding such a number would be
stored on the device and then refused by the platform, so `validate_document` (which the
store's intake and the platform's push both run) refuses it everywhere.
"""

from __future__ import annotations

import math
from typing import Any

from offline.domain.errors import Issue
from offline.domain.validation import SAFE_INTEGER

_MAX_DEPTH = 32  # documents are a few levels deep; deeper nesting is refused, not recursed


def check_json_numbers(value: Any, field: str = "doc") -> list[Issue]:
    """Issues for every integer beyond ±SAFE_INTEGER, non-finite float, or nesting deeper
    than a document ever needs, anywhere inside `value` (dicts, lists and scalars)."""
    issues: list[Issue] = []
    _walk(value, field, 0, issues)
    return issues


def _walk(value: Any, field: str, depth: int, issues: list[Issue]) -> None:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return
    if depth > _MAX_DEPTH:
        issues.append(Issue(field, "too_deep", "数据嵌套层级过深", "Data nested too deeply"))
        return
    if kind is dict:
        for key, item in value.items():
            _walk(item, f"{field}.{key}", depth + 1, issues)
    elif kind is list:
        for i, item in enumerate(value):
            _walk(item, f"{field}[{i}]", depth + 1, issues)
    elif isinstance(value, int) and not isinstance(value, bool):
        if not -SAFE_INTEGER <= value <= SAFE_INTEGER:
            issues.append(
                Issue(
                    field,
                    "number_out_of_range",
                    "数值超出可交换的范围",
                    f"Number out of range (at most {SAFE_INTEGER} in size)",
                )
            )
    elif isinstance(value, float) and not math.isfinite(value):
        issues.append(Issue(field, "bad_number", "数值无效", "Not a finite number"))
