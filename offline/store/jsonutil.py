"""Canonical JSON: one byte-exact encoding for hashes, and fast dumps/loads for columns.

The audit chain hashes `canonical(entry)`; sorting keys and compact separators make the
hash independent of dict order, and ensure_ascii=False keeps Chinese text as UTF-8. It
stays on the standard library so hashes never change with a library upgrade.

Columns (documents, payloads) go through orjson, about ten times faster than `json` —
serialising the documents was a third of a bulk load's CPU. Its compact UTF-8 output is
the text `json.dumps(separators=(",", ":"), ensure_ascii=False)` gives for JSON-shaped
values; only an exponent may be spelt differently (1e-7 for 1e-07, the same number).
What orjson would treat differently (subclasses, dataclasses, dates, integers beyond 64
bits, lone surrogates) goes to `json`, so what is accepted or refused stays as before,
with two exceptions: a `uuid.UUID` is written as its text, and a NaN or infinity (which
the domain refuses in forms and SQLite's JSON functions cannot read) is written as null.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def canonical(value: Any) -> str:
    """Sorted keys, compact separators, UTF-8 text (not \\u escapes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _refuse(value: Any) -> Any:
    raise TypeError  # not plain JSON: let the standard library decide


def _plain_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    """Compact JSON for storage in a TEXT column."""
    try:
        return orjson.dumps(value, default=_refuse, option=_OPTIONS).decode()
    except (orjson.JSONEncodeError, TypeError):
        return _plain_json(value)


def loads(text: str | bytes) -> Any:
    """Parse a JSON column."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)  # NaN/Infinity written by json; its errors are the same kind
