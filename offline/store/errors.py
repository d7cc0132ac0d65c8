"""Errors the encrypted store raises, each with a zh_CN message first and an English one.

The store refuses rather than guesses: a missing key, a wrong key or a damaged file each
get their own error that says what to do, so the app never opens (or creates) the wrong
database silently.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class: `code` is stable for programs, `zh`/`en` are for people."""

    code = "store_error"

    def __init__(self, zh: str, en: str, *, code: str | None = None, detail: str = "") -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        # Engine text (SQLite's own words) for the log and support, never for the screen.
        self.detail = detail
        if code is not None:
            self.code = code

    def message(self, lang: str = "zh_CN") -> str:
        """The message in `lang` (zh_CN by default, anything else gives English)."""
        return self.zh if lang.startswith("zh") else self.en

    def message_pair(self) -> tuple[str, str]:
        return self.zh, self.en


class KeyringUnavailable(StoreError):
    """No usable OS keyring backend (fail/null backend or a keyring error)."""

    code = "keyring_unavailable"


class KeyMissing(StoreError):
    """The database file exists but the keyring holds no key for the profile."""

    code = "key_missing"


class WrongKey(StoreError):
    """The key does not open the database file."""

    code = "wrong_key"


class DatabaseCorrupt(StoreError):
    """The file is damaged (integrity check failed or unreadable with the right key)."""

    code = "database_corrupt"


class DiskFull(StoreError):
    """The disk (or the quota) has no room for the write; nothing of it was saved."""

    code = "disk_full"


class StoreNotFound(StoreError):
    """No database file at the expected place."""

    code = "store_not_found"


class StoreExists(StoreError):
    """Refusing to create a database where a file already exists."""

    code = "store_exists"


class SchemaTooNew(StoreError):
    """The file was written by a newer CounterDesk than this one."""

    code = "schema_too_new"


class NotRegistered(StoreError):
    """The device has no terminal/office code yet (needed for receipt numbers)."""

    code = "not_registered"


class RecordNotFound(StoreError):
    """No application (or other row) with the given id."""

    code = "record_not_found"


class BackupError(StoreError):
    """Backup or restore refused or failed."""

    code = "backup_error"


class LoginRefused(StoreError):
    """Offline login refused: unknown user, wrong password, expired or locked."""

    code = "login_refused"


class InvalidArgument(StoreError):
    """A query or API argument is malformed (not a domain validation issue)."""

    code = "invalid_argument"
