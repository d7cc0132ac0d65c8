"""TokenStore keeps tokens only in the OS keyring and refuses backends that are not secure."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from client.errors import NoSecureStore
from client.tokens import SERVICE, Tokens, TokenStore
from tests.conftest import MemoryKeyring


def test_tokens_live_under_service_per_profile_and_user(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore("city-hall", "clerk1")
    assert store.load() is None
    store.save(Tokens("acc-1", "ref-1"))
    assert memory_keyring.secrets == {
        (SERVICE, "access:city-hall:clerk1"): "acc-1",
        (SERVICE, "refresh:city-hall:clerk1"): "ref-1",
    }
    assert TokenStore("city-hall", "clerk2").load() is None
    assert TokenStore("training", "clerk1").load() is None
    loaded = store.load()
    assert loaded is not None and (loaded.access, loaded.refresh) == ("acc-1", "ref-1")
    assert "acc-1" not in repr(loaded) and "ref-1" not in repr(loaded)
    store.clear()
    store.clear()  # clearing twice is harmless
    assert memory_keyring.secrets == {}


def test_fail_backend_is_refused_with_a_bilingual_reason() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        with pytest.raises(NoSecureStore) as info:
            TokenStore("p", "u").save(Tokens("a", "r"))
        with pytest.raises(NoSecureStore):
            TokenStore("p", "u").load()
    finally:
        keyring.set_keyring(previous)
    assert "密钥库" in info.value.message("zh_CN")
    assert "keyring" in info.value.message("en")
