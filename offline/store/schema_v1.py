"""Schema version 1: the base tables of the local store.

`applications` is the LOCAL VIEW (server copy + pending mutations replayed), with the
columns queues filter on pulled out of the JSON document; `server_copies` holds the last
copy the platform sent, kept apart for rebase (its `doc` is NULL while it is identical to
the local view, so a synced record's document is stored once). Status history, materials,
notes and ratings are SQL views over the local view's JSON document: queryable as tables
for reports, never out of step with the record, and free to write (a million records
would otherwise carry six million projection rows).
"""

from __future__ import annotations

SQL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE catalog (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    doc        TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE applications (
    id             TEXT PRIMARY KEY,
    office_code    TEXT NOT NULL,
    receipt_no     TEXT NOT NULL UNIQUE,
    item_code      TEXT NOT NULL,
    status         TEXT NOT NULL,
    clerk_id       TEXT,
    applicant_name TEXT NOT NULL,
    cert_no        TEXT,
    phone          TEXT,
    received_at    TEXT NOT NULL,
    due_date       TEXT,
    updated_at     TEXT NOT NULL,
    sync_state     TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_state IN ('synced', 'pending', 'conflict', 'rejected')),
    doc            TEXT NOT NULL
);
CREATE INDEX applications_office_received ON applications (office_code, received_at, status);
CREATE INDEX applications_clerk_received ON applications (clerk_id, received_at, status);
CREATE INDEX applications_item_received ON applications (item_code, received_at);
CREATE INDEX applications_due ON applications (due_date, status) WHERE due_date IS NOT NULL;
CREATE INDEX applications_cert ON applications (cert_no);
CREATE INDEX applications_unsynced ON applications (sync_state) WHERE sync_state != 'synced';

CREATE TABLE server_copies (
    record_id TEXT PRIMARY KEY,
    version   INTEGER NOT NULL,
    epoch     INTEGER NOT NULL,
    doc       TEXT,  -- NULL: identical to the local view (not stored twice)
    pulled_at TEXT NOT NULL
);

CREATE VIEW status_history AS
SELECT a.id AS record_id, h.key AS position, h.value ->> '$.from' AS from_status,
       h.value ->> '$.to' AS to_status, h.value ->> '$.by' AS actor,
       h.value ->> '$.role' AS role, h.value ->> '$.at' AS at,
       h.value ->> '$.reason' AS reason, h.value ->> '$.op_id' AS op_id
FROM applications AS a, json_each(a.doc, '$.history') AS h;

CREATE VIEW materials AS
SELECT a.id AS record_id, m.value ->> '$.id' AS id, m.value ->> '$.code' AS code,
       m.value ->> '$.name' AS name, m.value ->> '$.form' AS form,
       m.value ->> '$.originals' AS originals, m.value ->> '$.copies' AS copies,
       m.value ->> '$.attachment' AS attachment, m.value ->> '$.added_at' AS added_at,
       m.value ->> '$.by' AS added_by
FROM applications AS a, json_each(a.doc, '$.materials') AS m;

CREATE TABLE attachments (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    mime       TEXT NOT NULL,
    content    BLOB NOT NULL,
    created_at TEXT NOT NULL,
    uploaded   INTEGER NOT NULL DEFAULT 0
);

CREATE VIEW notes AS
SELECT a.id AS record_id, n.value ->> '$.id' AS id, n.value ->> '$.text' AS text,
       n.value ->> '$.by' AS by, n.value ->> '$.at' AS at
FROM applications AS a, json_each(a.doc, '$.notes') AS n;

CREATE VIEW ratings AS
SELECT a.id AS record_id, r.value ->> '$.id' AS id, r.value ->> '$.stage' AS stage,
       r.value ->> '$.score' AS score, r.value ->> '$.comment' AS comment,
       r.value ->> '$.at' AS at
FROM applications AS a, json_each(a.doc, '$.ratings') AS r;

CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY,
    op_id      TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    at         TEXT NOT NULL,
    payload    TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'in_flight', 'applied', 'duplicate', 'conflict',
                         'rejected')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    settled_at TEXT,
    outcome_version INTEGER
);
CREATE INDEX outbox_open ON outbox (state, seq) WHERE state IN ('pending', 'in_flight');
CREATE INDEX outbox_record ON outbox (record_id, seq);

CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    device_id     TEXT NOT NULL,
    terminal_code TEXT,
    office_code   TEXT,
    next_seq      INTEGER NOT NULL DEFAULT 1,
    cursor_epoch  INTEGER NOT NULL DEFAULT 0,
    cursor_seq    INTEGER NOT NULL DEFAULT 0,
    last_push_at  TEXT,
    last_pull_at  TEXT
);

CREATE TABLE conflicts (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('conflict', 'rejected')),
    record_id      TEXT NOT NULL,
    path           TEXT,
    base_value     TEXT,
    clerk_value    TEXT,
    platform_value TEXT,
    op_id          TEXT NOT NULL,
    reason         TEXT,
    created_at     TEXT NOT NULL,
    resolved_at    TEXT,
    resolved_by    TEXT,
    resolution     TEXT
);
CREATE INDEX conflicts_open ON conflicts (record_id) WHERE resolved_at IS NULL;

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    record_id TEXT,
    op_id     TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TABLE cached_users (
    user_id         TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    office_code     TEXT NOT NULL,
    salt            BLOB NOT NULL,
    verifier        BLOB NOT NULL,
    scrypt_n        INTEGER NOT NULL,
    scrypt_r        INTEGER NOT NULL,
    scrypt_p        INTEGER NOT NULL,
    verified_at     TEXT NOT NULL,
    policy_days     INTEGER NOT NULL,
    max_failed      INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT
);

CREATE TABLE calendar_override (
    day        TEXT PRIMARY KEY,
    is_workday INTEGER NOT NULL CHECK (is_workday IN (0, 1)),
    source     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE receipt_serials (
    day           TEXT NOT NULL,
    terminal_code TEXT NOT NULL,
    last_serial   INTEGER NOT NULL,
    PRIMARY KEY (day, terminal_code)
) WITHOUT ROWID;

CREATE TABLE drafts (
    user_id    TEXT NOT NULL,
    draft_id   TEXT NOT NULL,
    doc        TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, draft_id)
) WITHOUT ROWID;
"""
