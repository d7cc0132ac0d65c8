"""Signing keys on the device: the terminal's own credential and one key per (user, device).

- The device credential is an Ed25519 key pair made on this device the first time it is
  needed; the private half lives in the encrypted store (under the database key, which
  only the OS keyring holds) and proves this terminal's `device_id` to the platform.
- A user's signing key is made at the user's first online sign-in on this device. Its
  private half is stored wrapped with AES-256-GCM under a key derived from the user's
  password with scrypt, so another user of the same PC (who can open the store) cannot
  sign as them. Signing in (online or offline) unwraps it into a `Signer` that lives in
  memory only, for that session.
- `sign_mutation` signs an outbox mutation inside the action's transaction and links it
  to the same key's previous mutation (see `offline.domain.canonical`).

Keys are never written to logs or audit details; only key ids, digests and signatures are.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from typing import Any

import uuid6
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from offline.domain.canonical import mutation_digest, signed_message
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument
from offline.store.tx import transaction

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def public_text(key: Ed25519PrivateKey) -> str:
    """The raw 32-byte public key, base64."""
    return b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


@dataclass(frozen=True)
class Signer:
    """A user's unlocked signing key; kept in memory for one signed-in session."""

    key_id: str
    user_id: str
    private: Ed25519PrivateKey = field(repr=False)

    @property
    def public_key(self) -> str:
        return public_text(self.private)


@dataclass(frozen=True)
class UserKey:
    """What the platform needs to register a user's key, and whether it already has."""

    key_id: str
    user_id: str
    public_key: str
    registered: bool


# ------------------------------------------------------------------ device credential


def device_credential(conn: Connection, now: str) -> Ed25519PrivateKey:
    """This terminal's private key, made (once) on first use."""
    row = conn.execute("SELECT private_key FROM device_credential WHERE id = 1").fetchone()
    if row is not None:
        return Ed25519PrivateKey.from_private_bytes(bytes(row[0]))
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes_raw()
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO device_credential (id, private_key, public_key, created_at)"
            " VALUES (1, ?, ?, ?)",
            (raw, public_text(key), now),
        )
    row = conn.execute("SELECT private_key FROM device_credential WHERE id = 1").fetchone()
    return Ed25519PrivateKey.from_private_bytes(bytes(row[0]))


# ------------------------------------------------------------------ user keys


def _wrapping_key(password: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(password.encode("utf-8"))


def _aad(key_id: str, user_id: str) -> bytes:
    return f"{key_id}\x00{user_id}".encode()


def _unwrap(row: tuple[Any, ...], password: str) -> Signer | None:
    key_id, user_id, salt, nonce, wrapped = row
    try:
        raw = AESGCM(_wrapping_key(password, bytes(salt))).decrypt(
            bytes(nonce), bytes(wrapped), _aad(key_id, user_id)
        )
    except InvalidTag:
        return None
    return Signer(key_id, user_id, Ed25519PrivateKey.from_private_bytes(raw))


def _current(conn: Connection, user_id: str) -> tuple[Any, ...] | None:
    row: tuple[Any, ...] | None = conn.execute(
        "SELECT key_id, user_id, salt, nonce, wrapped, public_key, registered_at"
        " FROM signing_keys WHERE user_id = ? AND retired_at IS NULL"
        " ORDER BY created_at DESC, key_id DESC LIMIT 1",
        (user_id,),
    ).fetchone()
    return row


def unlock(conn: Connection, user_id: str, password: str) -> Signer | None:
    """The user's current key unwrapped with `password`; None without a key or when the
    password does not open it (changed since the key was made)."""
    row = _current(conn, user_id)
    return None if row is None else _unwrap(row[:5], password)


def ensure_key(conn: Connection, user_id: str, password: str, now: str) -> tuple[Signer, UserKey]:
    """After an ONLINE sign-in (the platform checked the password): unlock the user's key,
    or make a new one when there is none or the password no longer opens it (a password
    change: the old key is retired here and revoked on the platform by the new one)."""
    if not user_id or not password:
        raise InvalidArgument("签名密钥参数无效。", "invalid signing key parameters")
    row = _current(conn, user_id)
    if row is not None:
        signer = _unwrap(row[:5], password)
        if signer is not None:
            return signer, UserKey(signer.key_id, user_id, str(row[5]), row[6] is not None)
    key = Ed25519PrivateKey.generate()
    key_id = str(uuid6.uuid7())
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(_wrapping_key(password, salt)).encrypt(
        nonce, key.private_bytes_raw(), _aad(key_id, user_id)
    )
    with transaction(conn):
        conn.execute(
            "UPDATE signing_keys SET retired_at = ? WHERE user_id = ? AND retired_at IS NULL",
            (now, user_id),
        )
        conn.execute(
            "INSERT INTO signing_keys (key_id, user_id, public_key, salt, nonce, wrapped,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key_id, user_id, public_text(key), salt, nonce, wrapped, now),
        )
    signer = Signer(key_id, user_id, key)
    return signer, UserKey(key_id, user_id, signer.public_key, False)


def mark_registered(conn: Connection, key_id: str, at: str) -> None:
    """The platform accepted the public key."""
    with transaction(conn):
        conn.execute(
            "UPDATE signing_keys SET registered_at = coalesce(registered_at, ?) WHERE key_id = ?",
            (at, key_id),
        )


# ------------------------------------------------------------------ signing actions


def sign_mutation(conn: Connection, signer: Signer, mutation: dict[str, Any]) -> dict[str, str]:
    """Add `key_id`, `prev` and `sig` to the mutation (inside the action's transaction);
    returns what the audit entry records: key id, digest and signature."""
    row = conn.execute(
        "SELECT digest FROM outbox WHERE key_id = ? ORDER BY seq DESC LIMIT 1",
        (signer.key_id,),
    ).fetchone()
    mutation["key_id"] = signer.key_id
    mutation["prev"] = "" if row is None or row[0] is None else str(row[0])
    digest = mutation_digest(mutation)
    mutation["sig"] = b64(signer.private.sign(signed_message(digest)))
    mutation["digest"] = digest.hex()
    return {"key_id": signer.key_id, "digest": digest.hex(), "sig": mutation["sig"]}
