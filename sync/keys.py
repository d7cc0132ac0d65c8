"""Handing the store's keys to the platform client: the terminal's credential and the
signed-in user's signing key.

- `load_device_key`: the client proves this terminal's `device_id` with the key the store
  keeps (made on first use); the sync engine calls it before its first request.
- `ensure_user_key`: at an ONLINE sign-in, the store unlocks (or makes) the user's signing
  key with the password just checked by the platform; a key the platform does not know
  yet is registered now (when the terminal is registered already; otherwise right after
  the terminal's registration, by calling this again).
- `unlock_user_key`: at an OFFLINE sign-in, the same password unlocks the key for signing.
- `confirm_terminal_key`: at a supervisor's online sign-in, the terminal's key is sent
  again (a no-op normally; it heals terminals registered before they had keys).
"""

from __future__ import annotations

from typing import Any

from client.api import PlatformClient
from sync.store_thread import StoreThread


async def load_device_key(store: StoreThread[Any], client: PlatformClient) -> str:
    """Give the client this terminal's key; returns the device id."""
    device_id, key = await store.call(lambda s: (s.device_id, s.device_credential()))
    client.use_device_key(str(device_id), key)
    return str(device_id)


async def confirm_terminal_key(store: StoreThread[Any], client: PlatformClient) -> None:
    """A supervisor's online sign-in on a registered terminal: register the terminal's key
    again. Idempotent for the same key; it gives a terminal registered before terminals
    had keys its key, so it can prove itself from then on."""
    device_id = await load_device_key(store, client)
    await client.register_device(device_id)


async def ensure_user_key(
    store: StoreThread[Any], client: PlatformClient, user_id: str, password: str
) -> bool:
    """Unlock or make the user's key; register it if the platform lacks it. True when the
    platform knows the key afterwards."""
    key = await store.call(lambda s: s.ensure_user_key(user_id, password))
    if key.registered:
        return True
    registered = await store.call(lambda s: s.office_code is not None)
    if not registered:
        return False
    device_id = await load_device_key(store, client)
    await client.register_user_key(key.key_id, device_id, key.public_key)
    await store.call(lambda s: s.mark_key_registered(key.key_id))
    return True


async def unlock_user_key(store: StoreThread[Any], user_id: str, password: str) -> bool:
    return bool(await store.call(lambda s: s.unlock_signer(user_id, password)))
