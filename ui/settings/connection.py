"""The platform client's connection settings from the profile's saved preferences.

The controller builds its :class:`client.settings.ClientSettings` here so the proxy and
extra CA bundle a supervisor chose in the settings dialog are used from the next connect
(the client is built when the app starts). The rule itself lives in
:mod:`sync.profile_network`, shared with ``counterdesk sync`` and ``doctor``. Qt-free.
"""

from __future__ import annotations

from client.settings import ClientSettings
from sync import profile_network
from ui.profile import Profile


def client_settings(profile: Profile, base_url: str) -> ClientSettings:
    """``ClientSettings`` for ``base_url`` with the profile's proxy and CA choices."""
    return profile_network.client_settings(profile.name, profile.root, base_url)
