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

_MAX_DEPTH = 32  # documents are a few levels deep; the reporting walk stops below this


def check_json_numbers(value: Any, field: str = "doc") -> list[Issue]:
    """Issues for every integer beyond ±SAFE_INTEGER or non-finite float anywhere inside
    `value` (dicts, lists and scalars). Never raises, however deep the nesting."""
    if _fine(value):  # the common case: no recursion and no path strings at all
        return []
    issues: list[Issue] = []
    _walk(value, field, 0, issues)
    return issues


def _fine(value: Any) -> bool:
    """True when no number inside `value` breaks the rule (an explicit stack: the push
    path runs this on every create, and a deep structure cannot exhaust the C stack)."""
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str or item is None or kind is bool:
            continue
        if kind is dict:
            extend(item.values())
        elif kind is list:
            extend(item)
        elif kind is int:
            if not -SAFE_INTEGER <= item <= SAFE_INTEGER:
                return False
        elif kind is float:
            if not math.isfinite(item):
                return False
        elif isinstance(item, int | float):
            return False  # a number subclass: let `_walk` judge it
    return True


def _walk(value: Any, field: str, depth: int, issues: list[Issue]) -> None:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return
    if depth > _MAX_DEPTH:  # reached only below a bad number: name the branch, stop here
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
