"""Checking a terminal's device proof (see `client.device_proof`) before anything is written.

`DeviceClaim` (a dependency) gathers the proof headers and what they sign from the
request; `check_device` runs inside the route's write transaction, BEFORE its first
write: the caller's office must be the device's, the device must be active and hold a
registered key, the timestamp fresh and the signature valid. Any refusal raises, and the
transaction rolls back with nothing written. `record_proof` then remembers the signature
until it would be stale anyway: a request seen again (`replayed`) writes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Depends, Header, Request

from central.errors import ApiError
from client.device_proof import (
    DEVICE_ID_HEADER,
    DEVICE_NONCE_HEADER,
    DEVICE_SIGNATURE_HEADER,
    DEVICE_TIME_HEADER,
    proof_message,
    verify_proof,
)

PROOF_WINDOW = 300.0  # seconds either side of the platform's clock


@lru_cache(maxsize=4096)
def public_key(text: str) -> Ed25519PublicKey | None:
    """A registered public key (base64 of the raw 32 bytes) as a loaded key object; cached
    because loading costs about as much as a verification."""
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except Exception:  # malformed text or wrong length: no usable key
        return None


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key sent for registration, or 422."""
    key = public_key(text) if isinstance(text, str) and len(text) < 100 else None
    if key is None:
        raise ApiError(
            422,
            "invalid_public_key",
            "公钥格式不正确（应为 Ed25519 公钥的 Base64）",
            "public key must be the base64 of a raw Ed25519 public key",
        )
    return key


@dataclass(frozen=True)
class DeviceClaim:
    device_id: str | None
    timestamp: str | None
    signature: str | None
    nonce: str | None
    message_parts: tuple[str, str, str, str]  # method, path, query, body SHA-256


async def device_claim(
    request: Request,
    device_id: Annotated[
        str | None, Header(alias=DEVICE_ID_HEADER, description="the terminal proving itself")
    ] = None,
    timestamp: Annotated[
        str | None, Header(alias=DEVICE_TIME_HEADER, description="Unix seconds, platform time")
    ] = None,
    signature: Annotated[
        str | None,
        Header(alias=DEVICE_SIGNATURE_HEADER, description="Ed25519 over the proof message"),
    ] = None,
    nonce: Annotated[
        str | None,
        Header(alias=DEVICE_NONCE_HEADER, max_length=64, description="random, once per request"),
    ] = None,
) -> DeviceClaim:
    body = await request.body()
    parts = (
        request.method,
        request.url.path,
        request.scope.get("query_string", b"").decode("latin-1"),
        hashlib.sha256(body).hexdigest(),
    )
    return DeviceClaim(device_id, timestamp, signature, nonce, parts)


DeviceClaimDep = Annotated[DeviceClaim, Depends(device_claim)]


def _refuse(code: str, zh: str, en: str, detail: object = None) -> ApiError:
    return ApiError(403, code, zh, en, detail)


def not_registered() -> ApiError:
    return _refuse(
        "device_not_registered", "终端未在本单位登记", "device not registered to your office"
    )


def check_device(
    conn: sqlite3.Connection, claim: DeviceClaim, device_id: str, office: str, now: float
) -> sqlite3.Row:
    """The device row once every check passed; raises ApiError (403) otherwise. Reads only."""
    if None in (claim.device_id, claim.signature, claim.timestamp, claim.nonce):
        raise _refuse(
            "device_proof_missing",
            "请求缺少终端身份证明，请升级客户端",
            "the request carries no device proof; upgrade the client",
        )
    if claim.device_id != device_id:
        raise _refuse(
            "device_proof_mismatch",
            "终端身份证明与请求中的终端不一致",
            "the device proof is for another device than the request names",
        )
    device = conn.execute("SELECT * FROM devices WHERE device_id = ?", (device_id,)).fetchone()
    if device is None or device["office_code"] != office:
        raise not_registered()
    if device["retired_at"] is not None:
        raise _refuse(
            "device_retired", "该终端已停用，请联系窗口负责人", "this terminal has been retired"
        )
    key = public_key(device["public_key"]) if device["public_key"] else None
    if key is None:
        raise _refuse(
            "device_key_missing",
            "该终端没有登记身份密钥，请由窗口负责人重新登记终端",
            "this terminal has no registered key; a supervisor must register it again",
        )
    try:
        stamp = float(int(str(claim.timestamp)))
    except (ValueError, OverflowError):
        stamp = float("nan")
    if not abs(stamp - now) <= PROOF_WINDOW:
        raise _refuse(
            "device_clock_skew",
            "终端时间与平台相差过大，已按平台时间校正，请重试",
            "the device's clock is too far from the platform's; retry with platform time",
            {"platform_time": now},
        )
    message = proof_message(*claim.message_parts, str(claim.timestamp), str(claim.nonce))
    if not verify_proof(key, message, claim.signature):
        raise _refuse(
            "device_proof_invalid",
            "终端身份证明无效",
            "the device proof does not verify against this terminal's key",
        )
    return device  # type: ignore[no-any-return]


def replayed(conn: sqlite3.Connection, claim: DeviceClaim) -> bool:
    """Was this very proof used before? Such a request (a proxy delivering it twice, or a
    captured copy) may only read: the route answers what is already stored and writes
    nothing, or refuses with `replay_refused`."""
    seen = conn.execute(
        "SELECT 1 FROM device_proofs WHERE signature = ?", (claim.signature,)
    ).fetchone()
    return seen is not None


def replay_refused() -> ApiError:
    return _refuse(
        "device_proof_replayed",
        "该请求已提交过（重放），请重新发送",
        "this signed request was already used (replay)",
    )


def record_proof(conn: sqlite3.Connection, claim: DeviceClaim, now: float) -> None:
    """Remember a used proof (in the route's transaction, after every check passed)."""
    conn.execute("DELETE FROM device_proofs WHERE expires_at < ?", (now,))
    conn.execute(
        "INSERT INTO device_proofs (signature, device_id, expires_at) VALUES (?, ?, ?)",
        (claim.signature, claim.device_id, now + 2 * PROOF_WINDOW),
    )
