"""The recovery key: a 256-bit secret the office keeps on paper, and the key wrap it opens.

The database key lives only in one PC's OS keyring. So that a backup still opens when
that PC is dead or stolen, the database key is also stored *wrapped* (encrypted) with a
key derived from a recovery secret that exists only on a printed recovery sheet in the
office safe:

- the secret is 32 random bytes, written as 52 base32 characters (RFC 4648 alphabet,
  which has no 0/1/8/9, so O/0, I/1 and B/8 mix-ups are corrected) plus a 4-character
  check group (the first 20 bits of SHA-256 of the secret), in 14 groups of 4: a typo is
  caught before any decryption is tried, and the check group also names the sheet
  (``recovery_id``) without revealing the secret;
- the wrapping key is HKDF-SHA256 of the secret with a random salt (the secret is
  already full-entropy random, so no password stretching is needed), and the database
  key is sealed with AES-256-GCM whose associated data binds the format version and the
  key's fingerprint, so a wrapped key cannot be swapped in from another file unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from offline.store.errors import StoreError
from offline.store.keys import KEY_BYTES, fingerprint

SECRET_BYTES = 32
_BODY_CHARS = 52  # ceil(256 / 5)
_CHECK_CHARS = 4
_GROUP = 4
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_INFO = b"counterdesk recovery key wrap v1"
FORMAT = "counterdesk-recovery"
VERSION = 1


class RecoveryRefused(StoreError):
    """A recovery code or recovery file that cannot open the backup; nothing was written."""

    code = "recovery_refused"


@dataclass(frozen=True)
class RecoveryCode:
    """A parsed recovery secret."""

    secret: bytes

    @property
    def recovery_id(self) -> str:
        """The check group: printed on the sheet and recorded beside each backup."""
        return _check(self.secret)

    def grouped(self) -> str:
        """``ABCD-EFGH-…`` (14 groups of 4), as printed on the sheet."""
        text = _body(self.secret) + _check(self.secret)
        return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def _body(secret: bytes) -> str:
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def _check(secret: bytes) -> str:
    digest = hashlib.sha256(b"counterdesk recovery check\x00" + secret).digest()
    bits = int.from_bytes(digest[:3], "big") >> 4  # 20 bits
    return "".join(_ALPHABET[(bits >> shift) & 31] for shift in (15, 10, 5, 0))


def new_code() -> RecoveryCode:
    """A fresh random recovery secret."""
    return RecoveryCode(secrets.token_bytes(SECRET_BYTES))


def _bad_code(zh: str, en: str) -> RecoveryRefused:
    return RecoveryRefused(
        f"恢复码无效：{zh}请按恢复单逐组核对（共 14 组，每组 4 个字符）。",
        f"invalid recovery code: {en} Check it group by group against the recovery sheet "
        "(14 groups of 4 characters).",
        code="bad_recovery_code",
    )


def parse_code(text: object) -> RecoveryCode:
    """The secret of a typed code; any spacing, dashes and case; RecoveryRefused if wrong."""
    if not isinstance(text, str):
        raise _bad_code("不是文字。", "it is not text.")
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-_")
    cleaned = cleaned.translate(_LOOKALIKES)
    if any(ch not in _ALPHABET for ch in cleaned):
        raise _bad_code("含有不属于恢复码的字符。", "it contains characters a code never has.")
    if len(cleaned) != _BODY_CHARS + _CHECK_CHARS:
        raise _bad_code(
            f"长度应为 56 个字符，实际 {len(cleaned)} 个。",
            f"it should have 56 characters, not {len(cleaned)}.",
        )
    body, check = cleaned[:_BODY_CHARS], cleaned[_BODY_CHARS:]
    secret = base64.b32decode(body + "====")
    if _body(secret) != body or _check(secret) != check:
        raise _bad_code(
            "校验组不符，可能抄错了某个字符。", "the check group does not match (a typo?)."
        )
    return RecoveryCode(secret)


def _wrapping_key(code: RecoveryCode, salt: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO)
    return hkdf.derive(code.secret)


def _aad(key_fp: str) -> bytes:
    return f"{FORMAT}/{VERSION}/{key_fp}".encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def wrap_key(code: RecoveryCode, db_key: bytes) -> dict[str, Any]:
    """The JSON-ready wrapped form of ``db_key`` (no secret readable without the code)."""
    if len(db_key) != KEY_BYTES:
        raise ValueError("the database key must be 32 bytes")
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key_fp = fingerprint(db_key)
    sealed = AESGCM(_wrapping_key(code, salt)).encrypt(nonce, db_key, _aad(key_fp))
    return {
        "format": FORMAT,
        "version": VERSION,
        "recovery_id": code.recovery_id,
        "kdf": "HKDF-SHA256",
        "cipher": "AES-256-GCM",
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped_key": _b64(sealed),
        "key_fingerprint": key_fp,
    }


def _bad_file(detail_zh: str, detail_en: str) -> RecoveryRefused:
    return RecoveryRefused(
        f"恢复文件无法使用：{detail_zh}",
        f"the recovery file cannot be used: {detail_en}",
        code="bad_recovery_file",
    )


def unwrap_key(code: RecoveryCode, wrapped: object) -> bytes:
    """The database key sealed in ``wrapped``; RecoveryRefused for a wrong code or a
    damaged or foreign file."""
    if not isinstance(wrapped, dict) or wrapped.get("format") != FORMAT:
        raise _bad_file("不是窗口通的恢复文件。", "it is not a CounterDesk recovery file.")
    if wrapped.get("version") != VERSION:
        raise _bad_file("版本不受支持。", "its version is not supported.")
    try:
        salt = base64.b64decode(str(wrapped["salt"]), validate=True)
        nonce = base64.b64decode(str(wrapped["nonce"]), validate=True)
        sealed = base64.b64decode(str(wrapped["wrapped_key"]), validate=True)
        key_fp = str(wrapped["key_fingerprint"])
        if len(nonce) != 12 or not key_fp.isascii():
            raise ValueError("bad field")
    except (KeyError, ValueError, TypeError) as exc:
        raise _bad_file("内容损坏。", "its content is damaged.") from exc
    try:
        db_key = AESGCM(_wrapping_key(code, salt)).decrypt(nonce, sealed, _aad(key_fp))
    except InvalidTag as exc:
        sheet = str(wrapped.get("recovery_id", "?"))
        raise RecoveryRefused(
            f"该恢复码打不开这个备份（备份需要编号为 {sheet} 的恢复单，输入的恢复单编号为 "
            f"{code.recovery_id}）。没有写入任何内容。",
            f"this recovery code does not open this backup (it needs the recovery sheet "
            f"numbered {sheet}; the code typed is from sheet {code.recovery_id}). Nothing "
            "was written.",
            code="wrong_recovery_code",
        ) from exc
    if len(db_key) != KEY_BYTES or fingerprint(db_key) != key_fp:
        raise _bad_file("密钥校验不符。", "the key check does not match.")
    return db_key
