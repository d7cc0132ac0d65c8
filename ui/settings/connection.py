"""The platform client's connection settings from the profile's saved preferences.

The controller builds its :class:`client.settings.ClientSettings` here so the proxy and
extra CA bundle a supervisor chose in the settings dialog are used from the next connect
(the client is built when the app starts). Qt-free.
"""

from __future__ import annotations

from pathlib import Path

from client.settings import ClientSettings
from ui.profile import Profile
from ui.settings.model import Preferences


def client_settings(profile: Profile, base_url: str) -> ClientSettings:
    """``ClientSettings`` for ``base_url`` with the profile's proxy and CA choices.

    Proxy modes: ``none`` ignores the environment (no proxy at all), ``system`` uses the
    usual ``HTTPS_PROXY``/``NO_PROXY`` variables (and on Windows/macOS the OS proxy that
    Python's ``urllib.request.getproxies`` reads), ``manual`` uses the saved address.
    """
    prefs = Preferences.from_dict(profile.load_preferences())
    proxy = prefs.proxy_url if prefs.proxy_mode == "manual" and prefs.proxy_url else None
    return ClientSettings(
        base_url=base_url,
        profile=profile.name,
        proxy=proxy,
        trust_env=prefs.proxy_mode == "system",
        extra_ca_bundle=Path(prefs.ca_bundle) if prefs.ca_bundle else None,
    )
