"""The bytes a user's signature covers: one definition for the device and the platform.

A mutation is signed over the SHA-256 digest of its canonical JSON: the wire fields that
say what was done, by whom, where and when (`SIGNED_FIELDS`), with sorted keys, compact
separators and UTF-8 text. The payload arrives at the platform as parsed JSON and is
encoded again there; JSON values (str, int, float, bool, None, lists, objects with string
keys) give the same bytes on both sides, which is why the payload must be plain JSON.

Each signed mutation names the digest of the same key's previous signed mutation
(`prev`, empty for the first). The chain lets the platform check a run of one signer's
mutations with a single signature verification (the last signature covers every earlier
digest through the links) and makes a dropped or reordered action visible in an exported
audit log. The signature itself is over `MUTATION_CONTEXT + digest`: the context string
keeps a mutation signature from ever being valid as any other kind of signed message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson

MUTATION_CONTEXT = b"CounterDesk mutation signature v1\x00"
SIGNED_FIELDS = (
    "op_id",
    "device_id",
    "seq",
    "kind",
    "record_id",
    "actor",
    "role",
    "at",
    "payload",
    "key_id",
    "prev",
)


class NotCanonical(ValueError):
    """The mutation holds something that is not plain JSON (cannot be signed)."""


def canonical_bytes(mutation: Mapping[str, Any]) -> bytes:
    """Sorted-key compact UTF-8 JSON of the signed fields (missing ones as null)."""
    fields = {name: mutation.get(name) for name in SIGNED_FIELDS}
    try:
        return orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONEncodeError, TypeError) as exc:
        raise NotCanonical(str(exc)) from None


def mutation_digest(mutation: Mapping[str, Any]) -> bytes:
    """SHA-256 of `canonical_bytes` (32 bytes)."""
    return hashlib.sha256(canonical_bytes(mutation)).digest()


def signed_message(digest: bytes) -> bytes:
    """What the Ed25519 signature is computed over."""
    return MUTATION_CONTEXT + digest
