"""Signing keys in the store: wrapped under the user's password, unlocked at sign-in, and
every action signed by the person who took it, surviving restarts."""

from __future__ import annotations

import base64

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from offline.domain.canonical import mutation_digest, signed_message
from offline.store.store import Store
from tests.fixtures.store import CLERK, CLERK2, StoreFactory, intake_fields

PASSWORD = "Demo@2026"


def _public(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def _verify(public_key: str, mutation: dict[str, object]) -> None:
    sig = base64.b64decode(str(mutation["sig"]))
    _public(public_key).verify(sig, signed_message(mutation_digest(mutation)))


def test_actions_are_signed_by_the_actor_and_chained(store: Store) -> None:
    key = store.ensure_user_key(CLERK.user_id, PASSWORD)
    assert not key.registered
    first = store.intake(CLERK, **intake_fields())
    store.add_note(CLERK, first["id"], "申请人下午来取")
    pending = store.pending_mutations()
    assert [m["key_id"] for m in pending] == [key.key_id, key.key_id]
    for m in pending:
        _verify(key.public_key, m)
    assert pending[0]["prev"] == ""
    assert pending[1]["prev"] == mutation_digest(pending[0]).hex()
    tampered = {**pending[1], "role": "supervisor"}
    with pytest.raises(InvalidSignature):
        _verify(key.public_key, tampered)
    audit = store.conn.execute(
        "SELECT op_id, detail FROM audit_log WHERE action LIKE 'application.%' ORDER BY seq"
    ).fetchall()
    assert [row[0] for row in audit] == [m["op_id"] for m in pending]
    pairs = zip(pending, audit, strict=True)
    assert all(m["sig"] in row[1] and key.key_id in row[1] for m, row in pairs)
    assert store.verify_audit().ok


def test_another_user_of_the_pc_cannot_sign_as_the_clerk(store: Store) -> None:
    store.ensure_user_key(CLERK.user_id, PASSWORD)
    assert not store.unlock_signer(CLERK.user_id, "another-users-password")
    store.intake(CLERK2, **intake_fields())  # clerk2 has no key here: unsigned, not clerk1's
    (row,) = store.pending_mutations()
    assert row["actor"] == CLERK2.user_id and "sig" not in row


def test_signatures_survive_a_restart_and_the_offline_sign_in_unlocks_the_key(
    store_factory: StoreFactory,
) -> None:
    store = store_factory()
    key = store.ensure_user_key(CLERK.user_id, PASSWORD)
    store.intake(CLERK, **intake_fields())
    store.close()
    again = store_factory()
    (before,) = again.pending_mutations()
    _verify(key.public_key, before)
    assert again.unlock_signer(CLERK.user_id, PASSWORD)
    again.intake(CLERK, **intake_fields(name="李四"))
    after = again.pending_mutations()[1]
    _verify(key.public_key, after)
    assert after["prev"] == mutation_digest(before).hex()


def test_a_password_change_makes_a_new_key(store: Store) -> None:
    old = store.ensure_user_key(CLERK.user_id, PASSWORD)
    store.mark_key_registered(old.key_id)
    assert store.ensure_user_key(CLERK.user_id, PASSWORD).registered
    new = store.ensure_user_key(CLERK.user_id, "New@2027pass")
    assert new.key_id != old.key_id and not new.registered
    assert not store.unlock_signer(CLERK.user_id, PASSWORD)  # the old password opens nothing
    assert store.unlock_signer(CLERK.user_id, "New@2027pass")


def test_the_device_credential_is_made_once_and_kept(store_factory: StoreFactory) -> None:
    store = store_factory()
    public = store.device_public_key()
    assert store.device_public_key() == public
    store.close()
    assert store_factory().device_public_key() == public
