"""This app's version, sent to the platform on every request, and how versions compare.

The platform may refuse clients older than a minimum it is configured with (426
``upgrade_required`` with ``detail.min_version``) and tells that minimum on ``/health``.
The version comes from one place: the installed package's metadata, with the source
tree's version as the fallback when it runs from a checkout.
"""

from __future__ import annotations

import re
from importlib import metadata

VERSION_HEADER = "X-CounterDesk-Version"
FALLBACK_VERSION = "0.1.0"  # keep equal to [project] version in pyproject.toml
_VERSION = re.compile(r"(\d{1,6})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?")


def app_version() -> str:
    """The installed CounterDesk version (``FALLBACK_VERSION`` when not installed)."""
    try:
        return metadata.version("counterdesk")
    except metadata.PackageNotFoundError:
        return FALLBACK_VERSION


APP_VERSION = app_version()


def parse_version(text: object) -> tuple[int, int, int] | None:
    """``"1.2.3"`` / ``"1.2"`` / ``"1"`` → (1, 2, 3) …; anything else (a pre-release tag,
    spaces, a non-string) → None."""
    if not isinstance(text, str):
        return None
    match = _VERSION.fullmatch(text)
    if match is None:
        return None
    return (int(match[1]), int(match[2] or 0), int(match[3] or 0))


def is_older(version: object, minimum: str) -> bool:
    """True when ``version`` is below ``minimum`` (an unreadable version counts as older:
    the platform cannot tell it is new enough)."""
    have, need = parse_version(version), parse_version(minimum)
    if need is None:
        raise ValueError(f"not a version: {minimum!r}")
    return have is None or have < need
