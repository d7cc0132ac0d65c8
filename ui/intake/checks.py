"""Field checks for the intake screens, all delegated to ``offline.domain``.

The wizard validates as the clerk types; this module turns one raw text from a widget
into the value stored in the document and asks the domain for its issues, so every rule
(GB 11643 checksums, credit codes, phones, free text, number ranges) lives in exactly one
place: ``offline.domain.validation``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from offline.domain.catalog import FieldType, FormField
from offline.domain.errors import Issue
from offline.domain.identity import normalize_cert_no
from offline.domain.validation import check_form_value
from ui.i18n import current_language


def issue_text(issues: Iterable[Issue]) -> str:
    """Issues as one line in the UI language (Chinese first by default)."""
    lang = current_language()
    sep = "；" if lang.startswith("zh") else "; "
    return sep.join(issue.message(lang) for issue in issues)


def _as_number(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text  # the domain reports it as not a number
    if not math.isfinite(value):
        return text
    return int(value) if value.is_integer() else value


def field_value(spec: FormField, raw: str) -> Any:
    """The value a widget's text stands for in the document (None when blank)."""
    if spec.type is FieldType.TEXT:
        return raw if raw.strip() else None
    text = raw.strip()
    if not text:
        return None
    if spec.type is FieldType.NUMBER:
        return _as_number(text)
    if spec.type in (FieldType.CERT_NO, FieldType.CREDIT_CODE):
        return normalize_cert_no(text)
    return text


def check_field(spec: FormField, raw: str) -> tuple[Any, list[Issue]]:
    """(stored value, issues) for one form field of a service item's schema."""
    value = field_value(spec, raw)
    return value, check_form_value(spec, value, f"form.{spec.key}")
