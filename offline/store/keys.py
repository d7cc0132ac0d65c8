"""The database key: 32 random bytes kept only in the OS keyring.

Service ``counterdesk``, username ``db-key:<profile>``, value = 64 hex digits. A fail or
null keyring backend (no D-Bus session, or a backend that drops writes) is refused: the
key would be lost. A file keyring is accepted only as the profile's own
``ProfileFileKeyring`` of a profile recorded as demo or training at creation
(``offline.profile_kind``). keyrings.alt's generic file backends stay refused unless
``COUNTERDESK_ALLOW_FILE_KEYRING=1`` is set by a developer or a test harness; the app
never sets it. See docs/CONTRACTS.md "Store".
"""

from __future__ import annotations

import hashlib
import os
import secrets

import keyring
import keyring.backends.fail
import keyring.backends.null
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from offline.store.errors import InvalidArgument, KeyringUnavailable
from offline.store.file_keyring import ProfileFileKeyring
from offline.store.paths import check_profile

SERVICE = "counterdesk"
KEY_BYTES = 32
_NO_KEYRING_ZH = (
    "没有可用的系统密钥环，无法安全保存数据库密钥。请用创建该配置的系统账户，在已登录的桌面会话中"
    "运行（Windows 凭据管理器、macOS 钥匙串、Linux 的 GNOME Keyring/KWallet）。没有桌面会话的"
    "培训机可改用演示/培训配置（密钥保存在配置内的文件中）。"
    "详见运维手册 docs/admin.md“密钥环”一节。"
)
_NO_KEYRING_EN = (
    "no usable OS keyring, so the database key cannot be kept safely; run as the OS account "
    "that set the profile up, inside its desktop session (Windows Credential Manager, macOS "
    "Keychain, GNOME Keyring or KWallet on Linux). A training machine without a desktop "
    "session can use a demo/training profile, whose key is kept in a file inside the profile. "
    "See 'Keyrings' in the admin guide, docs/admin.md."
)


def key_username(profile: str) -> str:
    """The keyring username holding a profile's database key."""
    return f"db-key:{check_profile(profile)}"


ALLOW_FILE_KEYRING_ENV = "COUNTERDESK_ALLOW_FILE_KEYRING"


def _is_file_backend(backend: KeyringBackend) -> bool:
    """keyrings.alt's file backends keep secrets in a file in the home directory."""
    return type(backend).__module__.startswith("keyrings.alt")


def _is_insecure(backend: KeyringBackend) -> bool:
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        return True
    if isinstance(backend, ProfileFileKeyring):  # the profile's own kind decides
        return not backend.allowed()
    if _is_file_backend(backend):  # only as an explicit, visible choice (demo/training)
        return os.environ.get(ALLOW_FILE_KEYRING_ENV) != "1"
    inner = getattr(backend, "backends", None)
    if inner is not None:  # ChainerBackend: usable only if it chains something real
        return not inner or all(_is_insecure(b) for b in inner)
    return False


def require_secure_keyring() -> KeyringBackend:
    """Return the active backend, or raise KeyringUnavailable for fail/null backends."""
    backend = keyring.get_keyring()
    if _is_insecure(backend):
        raise KeyringUnavailable(_NO_KEYRING_ZH, _NO_KEYRING_EN)
    return backend


def load_key(profile: str) -> bytes | None:
    """The profile's key, or None when the keyring has no entry."""
    backend = require_secure_keyring()
    try:
        text = backend.get_password(SERVICE, key_username(profile))
    except KeyringError as exc:
        raise KeyringUnavailable(_NO_KEYRING_ZH, f"{_NO_KEYRING_EN} ({exc})") from exc
    if text is None:
        return None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise InvalidArgument(
            f"密钥环中配置 {profile} 的数据库密钥格式错误。",
            f"the database key for profile {profile} in the keyring is malformed",
        )
    return key


def create_key(profile: str) -> bytes:
    """Make a fresh key and store it; refuses to replace an existing one."""
    if load_key(profile) is not None:
        raise InvalidArgument(
            f"配置 {profile} 已有数据库密钥，拒绝覆盖。",
            f"profile {profile} already has a database key; refusing to replace it",
        )
    key = secrets.token_bytes(KEY_BYTES)
    backend = require_secure_keyring()
    try:
        backend.set_password(SERVICE, key_username(profile), key.hex())
    except KeyringError as exc:
        raise KeyringUnavailable(_NO_KEYRING_ZH, f"{_NO_KEYRING_EN} ({exc})") from exc
    if load_key(profile) != key:  # a backend that silently drops writes
        raise KeyringUnavailable(_NO_KEYRING_ZH, _NO_KEYRING_EN)
    return key


def load_or_create_key(profile: str) -> bytes:
    """The profile's key, created on first use. Callers opening an EXISTING database must
    use `load_key` instead, so a lost key is reported rather than replaced."""
    key = load_key(profile)
    return key if key is not None else create_key(profile)


def fingerprint(key: bytes) -> str:
    """A one-way tag of the key, stored beside the database to tell 'wrong key' from
    'damaged file' (both look like 'file is not a database' to SQLCipher)."""
    return hashlib.sha256(b"counterdesk-db-key-fingerprint\x00" + key).hexdigest()[:32]
