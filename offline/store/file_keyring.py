"""The file-backed keyring of demo and training profiles, written durably.

keyrings.alt's PlaintextKeyring rewrites its whole file in place (``open(path, "w")``
truncates first): a process killed mid-save leaves an empty file and the database key
is gone with it. This subclass writes the same INI format through
``offline.durable`` (temp file, fsync, rename, fsync of the folder), so a kill or power
cut leaves the previous file or the new one. The file lives inside the profile, and the
store accepts it only when that profile was created as a demo or training profile
(``offline.profile_kind``).
"""

from __future__ import annotations

import configparser
import io
from pathlib import Path

from keyring.errors import PasswordDeleteError
from keyrings.alt.escape import escape as escape_for_ini
from keyrings.alt.file import PlaintextKeyring

from offline import durable
from offline.profile_kind import read_kind

KEYRING_FILE = "demo-keyring.cfg"


class ProfileFileKeyring(PlaintextKeyring):  # type: ignore[misc]
    """A plaintext keyring file inside one demo/training profile folder."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.file_path = str(path)

    @property
    def profile_root(self) -> Path:
        return Path(self.file_path).parent

    def allowed(self) -> bool:
        """Only a profile recorded as demo/training may keep its keys in a file."""
        return read_kind(self.profile_root).throwaway

    def _load(self) -> configparser.RawConfigParser:
        config = configparser.RawConfigParser()
        if Path(self.file_path).exists():
            config.read(self.file_path, encoding="utf-8")
        return config

    def _save(self, config: configparser.RawConfigParser) -> None:
        out = io.StringIO()
        config.write(out)
        durable.write_text(Path(self.file_path), out.getvalue())
        durable.sweep_temps(Path(self.file_path))  # left by a save that was killed

    def _ensure_file_path(self) -> None:
        durable.make_dirs(self.profile_root)

    def _write_config_value(self, service: str, key: str, value: str) -> None:
        self._ensure_file_path()
        config = self._load()
        section, option = escape_for_ini(service), escape_for_ini(key)
        if not config.has_section(section):
            config.add_section(section)
        config.set(section, option, value)
        self._save(config)

    def delete_password(self, service: str, username: str) -> None:
        config = self._load()
        try:
            if not config.remove_option(escape_for_ini(service), escape_for_ini(username)):
                raise PasswordDeleteError("Password not found")
        except configparser.NoSectionError as exc:
            raise PasswordDeleteError("Password not found") from exc
        self._save(config)
