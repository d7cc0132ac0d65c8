"""What kind of profile a folder holds, recorded once when the profile is created.

``profile.json`` beside the store says ``{"kind": "standard"}`` for a real counter, or
``"demo"`` / ``"training"`` for a throwaway profile whose secrets may live in a file
keyring inside the profile. The kind belongs to the profile, not to the process: a
platform subprocess started by the demo, or a real profile opened by the same user,
never inherits the demo's permission to keep keys in a file.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from offline import durable

KIND_FILE = "profile.json"


class ProfileKind(StrEnum):
    """A real counter, or a throwaway profile for demos and training."""

    standard = "standard"
    demo = "demo"
    training = "training"

    @property
    def throwaway(self) -> bool:
        """Demo and training data may be rebuilt at will; their keys may live in a file."""
        return self is not ProfileKind.standard


def kind_path(profile_root: Path) -> Path:
    return Path(profile_root) / KIND_FILE


def read_kind(profile_root: Path) -> ProfileKind:
    """The recorded kind; a missing or unreadable file is a standard profile (the safe
    default: no file keyring)."""
    try:
        data = json.loads(kind_path(profile_root).read_text(encoding="utf-8"))
        return ProfileKind(data["kind"])
    except (OSError, ValueError, KeyError, TypeError):
        return ProfileKind.standard


def record_kind(profile_root: Path, kind: ProfileKind) -> ProfileKind:
    """Record the kind at creation. A profile never changes kind afterwards: an existing
    record wins (so a demo launcher pointed at a real profile cannot relabel it)."""
    path = kind_path(profile_root)
    if path.exists():
        return read_kind(profile_root)
    durable.make_dirs(Path(profile_root))
    durable.write_text(path, json.dumps({"kind": str(kind)}) + "\n")
    return kind
