"""The platform connection settings a profile saved: one rule for the app and every command.

The supervisor chooses the proxy and an extra CA bundle in the settings dialog; they are
saved in the profile's ``preferences.json``. The app, ``counterdesk sync`` and
``counterdesk doctor`` must all connect the same way, or doctor reports a platform
reachable that the app cannot reach (a dead proxy saved in the profile).

Proxy modes: ``none`` ignores the environment (no proxy at all), ``system`` uses the
usual ``HTTPS_PROXY``/``NO_PROXY`` variables (on Windows and macOS the OS proxy that
Python's ``urllib.request.getproxies`` reads), ``manual`` uses the saved address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.settings import ClientSettings

PREFERENCES_FILE = "preferences.json"
PROXY_MODES = ("none", "system", "manual")


@dataclass(frozen=True)
class SavedNetwork:
    """What the profile saved: proxy mode and address, extra CA bundle."""

    proxy_mode: str = "system"
    proxy_url: str = ""
    ca_bundle: str = ""

    @property
    def proxy(self) -> str | None:
        return self.proxy_url if self.proxy_mode == "manual" and self.proxy_url else None

    @property
    def extra_ca_bundle(self) -> Path | None:
        return Path(self.ca_bundle) if self.ca_bundle else None


def saved_network(profile_dir: Path) -> SavedNetwork:
    """The saved choices, defaults where nothing (or nothing readable) was saved."""
    try:
        data: Any = json.loads((profile_dir / PREFERENCES_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    mode = data.get("proxy_mode")
    return SavedNetwork(
        proxy_mode=mode if mode in PROXY_MODES else "system",
        proxy_url=str(data.get("proxy_url") or ""),
        ca_bundle=str(data.get("ca_bundle") or ""),
    )


def client_settings(
    profile: str, profile_dir: Path, base_url: str, **overrides: Any
) -> ClientSettings:
    """``ClientSettings`` for ``base_url`` with the profile's saved proxy and CA choices;
    ``overrides`` (timeouts, retry, an explicit proxy or CA from the command line) win."""
    saved = saved_network(profile_dir)
    fields: dict[str, Any] = {
        "base_url": base_url,
        "profile": profile,
        "proxy": saved.proxy,
        "trust_env": saved.proxy_mode == "system",
        "extra_ca_bundle": saved.extra_ca_bundle,
    }
    fields.update({k: v for k, v in overrides.items() if v is not None})
    return ClientSettings(**fields)
