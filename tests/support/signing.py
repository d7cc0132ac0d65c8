"""Device proofs and user signatures for tests that talk to the platform without a store.

- `DeviceKey`: a terminal's key pair; `hook` is an httpx request hook that adds the device
  proof to every request of a plain `httpx.Client` (as the real client does for push,
  pull and key registration).
- `UserSigner`: one user's signing key on one terminal; `sign` adds `key_id`, `prev` and
  `sig` to a wire mutation exactly as the store does (chained per key).
- `register_device`: a supervisor of the office registers the terminal and its key (a
  clerk's token may not).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx
import uuid6
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from client.device_proof import DeviceProver
from client.wire import SCHEMA_HEADER, SCHEMA_VERSION
from offline.domain.canonical import mutation_digest, signed_message
from offline.store.signing import public_text


class DeviceKey:
    def __init__(self, device_id: str, key: Ed25519PrivateKey | None = None) -> None:
        self.device_id = device_id
        self.key = key or Ed25519PrivateKey.generate()
        self.prover = DeviceProver(device_id, self.key)

    @property
    def public_key(self) -> str:
        return public_text(self.key)

    def headers_for(self, request: httpx.Request) -> dict[str, str]:
        if request.headers.get("content-encoding", "identity") != "identity":
            return {}  # the proof covers the inflated body: the caller adds it
        try:
            body = hashlib.sha256(request.content).hexdigest()
        except httpx.RequestNotRead:  # a streamed body: sent without a proof
            return {}
        return self.prover.headers(
            request.method, request.url.path, request.url.query.decode(), body
        )

    def proof_for_body(self, method: str, path: str, body: bytes) -> dict[str, str]:
        """Proof headers for `body` as the platform will see it (before compression)."""
        return self.prover.headers(method, path, "", hashlib.sha256(body).hexdigest())

    def hook(self, request: httpx.Request) -> None:
        request.headers.update(self.headers_for(request))


class UserSigner:
    def __init__(self, user_id: str, key: Ed25519PrivateKey | None = None) -> None:
        self.user_id = user_id
        self.key = key or Ed25519PrivateKey.generate()
        self.key_id = str(uuid6.uuid7())
        self.last = ""

    @property
    def public_key(self) -> str:
        return public_text(self.key)

    def sign(self, mutation: dict[str, Any]) -> dict[str, Any]:
        """Sign in place (and return) a wire mutation of this user; chains to the last."""
        mutation["key_id"] = self.key_id
        mutation["prev"] = self.last
        digest = mutation_digest(mutation)
        mutation["sig"] = base64.b64encode(self.key.sign(signed_message(digest))).decode()
        self.last = digest.hex()
        return mutation

    def sign_all(self, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.sign(m) for m in mutations]

    def register(self, client: httpx.Client, device: DeviceKey) -> httpx.Response:
        """Register this key with `client`'s session (the user's own token)."""
        body = {"key_id": self.key_id, "device_id": device.device_id, "public_key": self.public_key}
        r = client.post("/keys/register", json=body)
        if r.status_code == 403 and r.json()["error"] == "device_clock_skew":
            device.prover.learn_platform_time(r.json()["detail"]["platform_time"])
            r = client.post("/keys/register", json=body)  # a platform with a test clock
        return r


def supervisor_of(users: dict[str, Any], office_code: str) -> Any:
    return next(
        u for u in users.values() if u.office_code == office_code and "supervisor" in u.roles
    )


def register_device(
    api_url: str, users: dict[str, Any], office_code: str, device: DeviceKey, name: str = "测试终端"
) -> dict[str, Any]:
    """A supervisor of `office_code` registers `device` and its public key."""
    boss = supervisor_of(users, office_code)
    with httpx.Client(
        base_url=api_url, headers={SCHEMA_HEADER: str(SCHEMA_VERSION)}, timeout=10
    ) as client:
        r = client.post(
            "/auth/login",
            json={"username": boss.username, "password": boss.password, "device_id": "setup"},
        )
        assert r.status_code == 200, r.text
        client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        r = client.post(
            "/devices/register",
            json={"device_id": device.device_id, "name": name, "public_key": device.public_key},
        )
        assert r.status_code == 200, r.text
        info: dict[str, Any] = r.json()
        return info
