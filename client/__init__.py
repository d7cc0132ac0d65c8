"""The platform API contract (pydantic wire models) and the async HTTP client.

Everything that crosses the wire between a counter device and the central
platform is defined here, so the reference platform (``central``) and the app
speak exactly the same language. No Qt, no store access.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from client.api import PlatformClient
    from client.settings import ClientSettings

__all__ = ["ClientSettings", "PlatformClient"]


def __getattr__(name: str) -> Any:
    # Lazy, so importing the wire models (central/ does) does not pull in httpx and keyring.
    if name == "PlatformClient":
        from client.api import PlatformClient

        return PlatformClient
    if name == "ClientSettings":
        from client.settings import ClientSettings

        return ClientSettings
    raise AttributeError(name)
