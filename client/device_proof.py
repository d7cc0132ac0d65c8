"""Device proof: a terminal proves its `device_id` on every push, pull and key registration.

The request carries four headers: the device id, a timestamp (whole seconds, platform
time as the device best knows it), a random nonce and an Ed25519 signature made with the
terminal's own private key over `PROOF_CONTEXT` + method, path, raw query, SHA-256 of the
(uncompressed) body, the timestamp and the nonce. The platform checks it against the
public key registered for that device before it touches anything, and refuses a
timestamp outside its window or a signature it has already seen. A retried request is
signed again (new timestamp and nonce), so the
exactly-once retries of a push keep working; the op_ids make the replay harmless anyway.

The device learns how far its clock is from the platform's from a `device_clock_skew`
refusal (its detail carries the platform's time) and corrects later proofs by that much.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

DEVICE_ID_HEADER = "X-Device-Id"
DEVICE_TIME_HEADER = "X-Device-Timestamp"
DEVICE_SIGNATURE_HEADER = "X-Device-Signature"
DEVICE_NONCE_HEADER = "X-Device-Nonce"
PROOF_CONTEXT = b"CounterDesk device proof v1\x00"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def proof_message(
    method: str, path: str, query: str, body_sha256: str, timestamp: str, nonce: str
) -> bytes:
    """The bytes a device proof signs (the platform rebuilds them from the request)."""
    text = "\n".join((method.upper(), path, query, body_sha256, timestamp, nonce))
    return PROOF_CONTEXT + text.encode("utf-8")


def verify_proof(public_key: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    """True when `signature` (base64) is the device's signature over `message`."""
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, message)
    except Exception:  # malformed base64, wrong length, InvalidSignature: all "not proven"
        return False
    return True


class DeviceProver:
    """Signs requests as one terminal. Holds the private key in memory only."""

    def __init__(
        self,
        device_id: str,
        private_key: Ed25519PrivateKey,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.device_id = device_id
        self._key = private_key
        self._clock = clock
        self.offset = 0.0  # platform time minus this device's clock, learned on refusal

    def __repr__(self) -> str:
        return f"DeviceProver({self.device_id!r}, <key>)"

    def headers(self, method: str, path: str, query: str, body_sha256: str) -> dict[str, str]:
        timestamp = str(int(self._clock() + self.offset))
        nonce = secrets.token_hex(12)  # two attempts in the same second still differ
        message = proof_message(method, path, query, body_sha256, timestamp, nonce)
        signature = base64.b64encode(self._key.sign(message)).decode("ascii")
        return {
            DEVICE_ID_HEADER: self.device_id,
            DEVICE_TIME_HEADER: timestamp,
            DEVICE_NONCE_HEADER: nonce,
            DEVICE_SIGNATURE_HEADER: signature,
        }

    @property
    def public_key(self) -> str:
        """The raw public key, base64 (what registration sends)."""
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def learn_platform_time(self, platform_time: float) -> None:
        self.offset = platform_time - self._clock()
