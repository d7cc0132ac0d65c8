"""Canonical JSON: one byte-exact encoding for hashes, and plain dumps/loads for columns.

The audit chain hashes `canonical(entry)`; sorting keys and compact separators make the
hash independent of dict order, and ensure_ascii=False keeps Chinese text as UTF-8.
"""

from __future__ import annotations

import json
from typing import Any


def canonical(value: Any) -> str:
    """Sorted keys, compact separators, UTF-8 text (not \\u escapes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    """Compact JSON for storage in a TEXT column."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def loads(text: str | bytes) -> Any:
    """Parse a JSON column."""
    return json.loads(text)
