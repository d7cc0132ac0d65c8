"""Schema version 8: signed actions and this terminal's own credential.

- `outbox` rows keep the signature of the user who acted (`key_id`, `prev`, `sig`) and the
  digest of the signed bytes (`digest`, the next action's `prev`), so a row signed days
  before the sync is pushed with its signature after any number of restarts.
- `signing_keys`: one Ed25519 key per (user, this device); the private half is wrapped
  under a key derived from the user's password (see `offline.store.signing`).
- `device_credential`: the terminal's Ed25519 key pair that proves its `device_id`.

Rows written before this version stay unsigned; the platform refuses such actions as
`unsigned`, a person sees them in the rejected list.
"""

from __future__ import annotations

SQL = """
ALTER TABLE outbox ADD COLUMN key_id TEXT;
ALTER TABLE outbox ADD COLUMN prev TEXT;
ALTER TABLE outbox ADD COLUMN sig TEXT;
ALTER TABLE outbox ADD COLUMN digest TEXT;
CREATE INDEX outbox_key ON outbox (key_id, seq) WHERE key_id IS NOT NULL;
CREATE TABLE signing_keys (
    key_id        TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    salt          BLOB NOT NULL,
    nonce         BLOB NOT NULL,
    wrapped       BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    registered_at TEXT,
    retired_at    TEXT
);
CREATE INDEX signing_keys_user ON signing_keys (user_id, retired_at);
CREATE TABLE device_credential (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    private_key BLOB NOT NULL,
    public_key  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
"""
