"""`Store`: the encrypted local store's public face.

SYNCHRONOUS and single-threaded: one SQLCipher connection, owned by the thread that
opened it (sqlite's check_same_thread enforces it). The UI and the sync engine call it
through one executor thread (`sync.store_thread`). Every write method is ONE transaction;
clerk actions write the record, its outbox mutation and an audit entry together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from offline.domain.clock import now_iso, now_utc
from offline.store import (
    actions,
    attachments,
    audit,
    audit_read,
    catalog,
    checkpointer,
    clock_guard,
    conflicts,
    connection,
    device,
    due_refill,
    extension_action,
    migrations,
    outbox,
    ratings,
    signing,
    sync_runs,
    syncing,
    users,
    views,
)
from offline.store import backup as backup_mod
from offline.store import queue as queue_mod
from offline.store import search as search_mod
from offline.store.actions import Actor
from offline.store.connection import Connection, IntegrityCheck
from offline.store.jsonutil import dumps, loads
from offline.store.queue import Page, QueueFilter, SortKey
from offline.store.search import SearchPage
from offline.store.tx import transaction


class Store:
    """One open encrypted store. Not thread-safe by design: use it from one thread."""

    def __init__(self, conn: Connection, path: Path, key: bytes) -> None:
        self.conn = conn
        self.path = path
        self._key = key
        self.last_pull: syncing.PullResult | None = None  # what the last pull page did
        self._signers: dict[str, signing.Signer] = {}  # unlocked at sign-in, memory only
        conn.execute(f"PRAGMA wal_autocheckpoint = {checkpointer.BACKSTOP_PAGES:d}")
        self._checkpointer = checkpointer.Checkpointer(path, key)
        self._checkpointer.start()

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, path: Path, key: bytes) -> Store:
        """Create a NEW database at `path` (refuses if a file exists), fully migrated."""
        conn = connection.create_database(path, key)
        try:
            migrations.migrate(conn)
            with transaction(conn):
                device_id = device.init_device(conn)
                audit.append(
                    conn,
                    at=now_iso(),
                    actor="system",
                    action="store.created",
                    detail={"device_id": device_id},
                )
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, key)

    @classmethod
    def open(
        cls,
        path: Path,
        key: bytes,
        *,
        check: IntegrityCheck = "auto",
        on_progress: migrations.Progress | None = None,
    ) -> Store:
        """Open an EXISTING database (integrity check, then pending migrations).

        `check="auto"` runs quick_check when the file is at most
        `connection.AUTO_QUICK_CHECK_BYTES`; for bigger files call `integrity_check()`
        in the background after start-up. `on_progress(done, total)` follows the
        migrations, if any run (see `pending_migration`), on this thread."""
        conn = connection.open_database(path, key, check=check)
        try:
            migrations.migrate(conn, on_progress=on_progress)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, key)

    @staticmethod
    def pending_migration(path: Path, key: bytes) -> migrations.PendingMigration | None:
        """The upgrade `open` would run on the file at `path` (from/to version, rows), or
        None when it is current or absent. Reads a few pages only; refuses a wrong key, a
        damaged or a too-new file like `open`."""
        if not path.is_file():
            return None
        conn = connection.open_database(path, key, check="none")
        try:
            return migrations.pending(conn)
        finally:
            conn.close()

    def integrity_check(self) -> None:
        """Full `PRAGMA quick_check`; raises DatabaseCorrupt with the recovery path."""
        connection.integrity_check(self.conn, self.path)

    def close(self) -> None:
        """Stop the checkpoint thread, checkpoint the WAL and close the connection."""
        self._checkpointer.stop()
        self._signers.clear()
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """An explicit transaction on the store's connection (nests as a savepoint)."""
        with transaction(self.conn) as conn:
            yield conn

    # ------------------------------------------------------------------ device
    @property
    def device_id(self) -> str:
        """This device's id (UUIDv7, made when the store was created)."""
        return device.load(self.conn).device_id

    @property
    def office_code(self) -> str | None:
        """The registered office code, or None before registration."""
        return device.load(self.conn).office_code

    @property
    def terminal_code(self) -> str | None:
        """The registered terminal code, or None before registration."""
        return device.load(self.conn).terminal_code

    def register_device(self, office_code: str, terminal_code: str) -> None:
        """Record the codes the platform issued at device registration."""
        actions.check_codes(office_code, terminal_code)
        with transaction(self.conn):
            device.register(self.conn, office_code, terminal_code)
            audit.append(
                self.conn,
                at=now_iso(),
                actor="system",
                action="device.registered",
                detail={"office_code": office_code, "terminal_code": terminal_code},
            )

    def device_credential(self) -> Ed25519PrivateKey:
        """This terminal's private key (made on first use); proves its device id."""
        return signing.device_credential(self.conn, now_iso())

    def device_public_key(self) -> str:
        """The public half of `device_credential`, base64 (sent at registration)."""
        return signing.public_text(self.device_credential())

    # ------------------------------------------------------------------ signing keys
    def ensure_user_key(self, user_id: str, password: str) -> signing.UserKey:
        """After an ONLINE sign-in: unlock (or make) the user's signing key on this device
        and keep it in memory for the session. A new key (first sign-in here, or the
        password changed) must then be registered with the platform."""
        signer, key = signing.ensure_key(self.conn, user_id, password, now_iso())
        self._signers[user_id] = signer
        return key

    def unlock_signer(self, user_id: str, password: str) -> bool:
        """After an OFFLINE sign-in: unlock the user's key; False when there is none that
        this password opens (the user's actions then stay unsigned until an online
        sign-in makes a key, and the platform refuses unsigned actions)."""
        signer = signing.unlock(self.conn, user_id, password)
        if signer is None:
            return False
        self._signers[user_id] = signer
        return True

    def mark_key_registered(self, key_id: str) -> None:
        """The platform accepted this signing key."""
        signing.mark_registered(self.conn, key_id, now_iso())

    def forget_signer(self, user_id: str) -> None:
        """Drop a user's unlocked key from memory (sign-out)."""
        self._signers.pop(user_id, None)

    def _signed(self, actor: Actor) -> Actor:
        signer = self._signers.get(actor.user_id)
        if actor.signer is not None or signer is None:
            return actor
        return Actor(actor.user_id, actor.role, signer)

    # ------------------------------------------------------------------ catalog
    def upsert_catalog(self, items: Sequence[Mapping[str, Any]]) -> int:
        """Write catalog items (all or none: one bad item refuses the batch)."""
        with transaction(self.conn):
            return catalog.upsert_items(self.conn, items, now_iso())

    def get_item(self, code: str) -> dict[str, Any] | None:
        """A catalog item document, or None."""
        item = catalog.get_item(self.conn, code)
        return None if item is None else item.to_dict()

    def list_items(self, *, active_only: bool = True) -> list[dict[str, Any]]:
        """Catalog item documents ordered by name."""
        return catalog.list_items(self.conn, active_only=active_only)

    def set_calendar(self, days: Mapping[str, bool], *, source: str = "platform") -> int:
        """Replace the calendar override days of `source`; unknown due dates it makes
        known are filled in (see due_refill)."""
        at = now_iso()
        with transaction(self.conn):
            before = catalog.calendar_overrides(self.conn)
            count = catalog.set_calendar(self.conn, days, source=source, at=at)
            if catalog.calendar_overrides(self.conn) != before:
                due_refill.refill_due_dates(self.conn, at)
            return count

    def calendar_overrides(self) -> dict[date, bool]:
        """Override days for the domain's WorkCalendar."""
        return catalog.calendar_overrides(self.conn)

    def catalog_etag(self) -> str | None:
        """The etag of the last catalog saved with `save_catalog`."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'catalog_etag'").fetchone()
        return None if row is None else str(row[0])

    def office_info(self) -> dict[str, Any]:
        """The office block of the last catalog saved (name, review body, court …), or {}."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'office'").fetchone()
        value = loads(row[0]) if row is not None else None
        return value if isinstance(value, dict) else {}

    def save_catalog(self, response: Mapping[str, Any]) -> None:
        """Save a platform catalog response (office, items, calendar, etag) in one go."""
        at = now_iso()
        with transaction(self.conn):
            catalog.upsert_items(self.conn, response.get("items") or [], at)
            calendar = response.get("calendar") or {}
            before = catalog.calendar_overrides(self.conn)
            catalog.set_calendar(self.conn, calendar.get("days") or {}, source="platform", at=at)
            # Only new calendar data can make an unknown due date known (the refill reads
            # every application without one).
            if catalog.calendar_overrides(self.conn) != before:
                due_refill.refill_due_dates(self.conn, at)
            for key in ("catalog_etag", "office"):
                value = response.get("etag") if key == "catalog_etag" else response.get(key)
                if value is not None:
                    self.conn.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                        "DO UPDATE SET value = excluded.value",
                        (key, value if isinstance(value, str) else dumps(value)),
                    )

    # ------------------------------------------------------------------ clerk actions
    def intake(self, actor: Actor, **fields: Any) -> dict[str, Any]:
        """New application (收件) with its final receipt number; see actions.intake."""
        return actions.intake(self.conn, self._signed(actor), **fields)

    def note_server_time(self, server_at: datetime, device_at: datetime) -> None:
        """The platform's time from a response (see clock_guard.note_server_time)."""
        clock_guard.note_server_time(self.conn, server_at, device_at)

    def clock_problem(self) -> clock_guard.ClockWrong | None:
        """Why intake would be refused for the device clock now, or None."""
        return clock_guard.clock_problem(self.conn)

    def transition(
        self,
        actor: Actor,
        record_id: str,
        to: str,
        *,
        reason: str | None = None,
        data: Mapping[str, Any] | None = None,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """Move an application to status `to` (checked against the domain table)."""
        return actions.transition(
            self.conn,
            self._signed(actor),
            record_id,
            to,
            reason=reason,
            data=dict(data or {}),
            now=now,
        )

    def set_fields(
        self,
        actor: Actor,
        record_id: str,
        fields: Mapping[str, Any],
        *,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """Change clerk-entered fields by path (phone, address, applicant.name, form.x…)."""
        return actions.set_fields(self.conn, self._signed(actor), record_id, dict(fields), now=now)

    def add_material(
        self,
        actor: Actor,
        record_id: str,
        material: Mapping[str, Any],
        *,
        content: bytes | None = None,
        mime: str = "application/octet-stream",
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """Record a received material, with an optional scan stored as an attachment."""
        return actions.add_material(
            self.conn,
            self._signed(actor),
            record_id,
            dict(material),
            content=content,
            mime=mime,
            now=now,
        )

    def add_note(
        self, actor: Actor, record_id: str, text: str, *, now: datetime | None = None
    ) -> dict[str, Any]:
        """Append a note (备注)."""
        return actions.add_note(self.conn, self._signed(actor), record_id, text, now=now)

    def rate(
        self,
        actor: Actor,
        record_id: str,
        stage: str,
        score: int,
        comment: str = "",
        *,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """Record the applicant's rating (好差评) for a stage."""
        return actions.rate(
            self.conn, self._signed(actor), record_id, stage, score, comment, now=now
        )

    def rate_on_pad(
        self,
        actor: Actor,
        record_id: str,
        stage: str,
        dimensions: Mapping[str, Any],
        comment: str = "",
        *,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """A rating from the rating pad (GB/T 39734 levels, four dimensions), signed."""
        return ratings.rate(
            self.conn, self._signed(actor), record_id, stage, dimensions, comment, now=now
        )

    def record_follow_up(
        self, actor: Actor, record_id: str, rating_id: str, text: str
    ) -> dict[str, Any]:
        """The supervisor's follow-up of a poor rating (差评回访), signed."""
        return ratings.record_follow_up(self.conn, self._signed(actor), record_id, rating_id, text)

    def attach_signature(
        self, actor: Actor, record_id: str, content: bytes, mime: str = "image/png"
    ) -> dict[str, Any]:
        """The applicant's signature from the signature pad, kept with the application."""
        return ratings.attach_signature(self.conn, self._signed(actor), record_id, content, mime)

    def open_follow_ups(self) -> list[Any]:
        """Poor ratings whose follow-up is still due."""
        return ratings.open_follow_ups(self.conn)

    def reassign(
        self, actor: Actor, record_id: str, clerk_id: str, *, now: datetime | None = None
    ) -> dict[str, Any]:
        """Give the application to another clerk (supervisor only)."""
        return actions.reassign(self.conn, self._signed(actor), record_id, clerk_id, now=now)

    def extend(
        self,
        actor: Actor,
        record_id: str,
        working_days: int,
        reason: str,
        *,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """Extend the time limit (行政许可法 第四十二条; supervisor, once, within the
        item's legal extension); the extension notice prints from the result."""
        return extension_action.extend(
            self.conn, self._signed(actor), record_id, working_days, reason, now=now
        )

    # ------------------------------------------------------------------ reads
    def get(self, record_id: str) -> dict[str, Any] | None:
        """The local view document of one application, or None."""
        return views.read(self.conn, record_id)

    def server_copy(self, record_id: str) -> dict[str, Any] | None:
        """The last document the platform sent for this application, or None."""
        row = self.conn.execute(
            "SELECT coalesce(s.doc, a.doc) FROM server_copies AS s LEFT JOIN applications AS a "
            "ON a.id = s.record_id WHERE s.record_id = ?",
            (record_id,),
        ).fetchone()
        return None if row is None else dict(loads(row[0]))

    def by_receipt_no(self, receipt_no: str) -> dict[str, Any] | None:
        """Exact lookup by receipt number (unique index)."""
        row = self.conn.execute(
            "SELECT doc FROM applications WHERE receipt_no = ?", (receipt_no.strip(),)
        ).fetchone()
        return None if row is None else dict(loads(row[0]))

    def by_cert_no(self, cert_no: str) -> list[dict[str, Any]]:
        """Exact lookup by certificate number (plain index), newest first."""
        term = search_mod.normalise(cert_no)
        rows = self.conn.execute(
            f"SELECT {', '.join(queue_mod.SUMMARY_COLUMNS)} FROM applications WHERE cert_no = ? "
            "ORDER BY received_at DESC LIMIT 200",
            (term[0] if term else "",),
        ).fetchall()
        return [queue_mod.summary(r) for r in rows]

    def queue(
        self,
        f: QueueFilter | None = None,
        *,
        sort: SortKey = "received_desc",
        limit: int = 50,
        after: tuple[str, str] | None = None,
    ) -> Page:
        """A page of the queue; pass `page.next_after` as `after` for the next one."""
        return queue_mod.page(self.conn, f or QueueFilter(), sort=sort, limit=limit, after=after)

    def counts_by_status(self, f: QueueFilter | None = None) -> dict[str, int]:
        """Applications per status under the filter."""
        return queue_mod.counts_by_status(self.conn, f)

    def counts_by_clerk(
        self, office_code: str, statuses: Iterable[str] | None = None
    ) -> dict[str, dict[str, int]]:
        """{clerk_id: {status: n}} of an office (the supervisor's queue by clerk), read
        from the status counters: instant at any size. Records without a clerk: key ""."""
        return queue_mod.counts_by_clerk(self.conn, office_code, statuses)

    def audit_entries(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        record_id: str | None = None,
        limit: int = 500,
        before_seq: int | None = None,
        after_seq: int | None = None,
    ) -> list[dict[str, Any]]:
        """Audit entries (seq at actor action record_id op_id; no detail), newest first
        paged by `before_seq`, or oldest first after `after_seq`; see audit_read."""
        return audit_read.entries(
            self.conn, actor=actor, action=action, since=since, until=until,
            record_id=record_id, limit=limit, before_seq=before_seq, after_seq=after_seq,
        )  # fmt: skip

    def due_cutoff(self, working_days: int, today: date | None = None) -> date:
        """The last day of the next `working_days` working days (for QueueFilter.due_by);
        raises CalendarUnknown beyond the known calendar."""
        return actions.due_cutoff(self.conn, working_days, today)

    def search(self, text: str, *, limit: int = 50, before: int | None = None) -> SearchPage:
        """Search names, certificate/receipt numbers and phones (see offline.store.search)."""
        return search_mod.search(self.conn, text, limit=limit, before=before)

    # ------------------------------------------------------------------ sync
    def pending_mutations(self, limit: int = 100) -> list[dict[str, Any]]:
        """Outbox mutations without an outcome, in seq order, in the wire shape."""
        return outbox.pending(self.conn, limit)

    def mark_in_flight(self, op_ids: Sequence[str]) -> None:
        """Note a push attempt for these op_ids (attempts + 1)."""
        with transaction(self.conn):
            outbox.mark_in_flight(self.conn, op_ids)

    def note_push_failure(self, op_ids: Sequence[str], error: str) -> None:
        """A push failed without outcomes: rows stay pending with `last_error`."""
        with transaction(self.conn):
            outbox.note_failure(self.conn, op_ids, error)

    def record_outcomes(self, outcomes: Sequence[Mapping[str, Any]]) -> None:
        """Close outbox rows with push outcomes (one transaction, idempotent)."""
        with transaction(self.conn):
            syncing.record_outcomes(self.conn, [dict(o) for o in outcomes], now_iso())

    def pull_cursor(self) -> dict[str, int] | None:
        """The saved pull cursor, or None before the first pull."""
        epoch, seq, last = syncing.cursor(self.conn)
        if last is None and epoch == 0 and seq == 0:
            return None
        return {"epoch": epoch, "seq": seq}

    def apply_pull_page(
        self, changes: Sequence[Mapping[str, Any]], cursor: Mapping[str, int]
    ) -> None:
        """Apply one pull page and its cursor in one transaction (see syncing)."""
        with transaction(self.conn):
            self.last_pull = syncing.apply_pull_page(
                self.conn, [dict(c) for c in changes], dict(cursor), now_iso()
            )

    def begin_first_sync(self) -> None:
        """Before the pull pages of a first full sync (or an epoch resync) of many records:
        a bigger page cache while they load, so the random-key indexes (certificate
        number, short-name grams) stay in memory — at a million records 90 instead of 121
        s of CPU. Pair with `end_first_sync()`, or use `with store.first_sync():`."""
        self.conn.execute(f"PRAGMA cache_size = -{connection.BULK_CACHE_KIB:d}")

    def end_first_sync(self) -> None:
        """Restore the normal page cache, `compact_search_index()`, then hand the bulk
        cache's pages back to malloc (`PRAGMA shrink_memory`: lowering cache_size alone
        keeps them; returning them to the OS is `sync.memory`'s malloc_trim)."""
        self.conn.execute(f"PRAGMA cache_size = -{connection.CACHE_KIB:d}")
        self.compact_search_index()
        self.conn.execute("PRAGMA shrink_memory")

    @contextmanager
    def first_sync(self) -> Iterator[None]:
        """`begin_first_sync()` ... `end_first_sync()` (the cache is restored also when
        the body raises; the index is compacted only after a complete load)."""
        self.begin_first_sync()
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = -{connection.CACHE_KIB:d}")
        self.end_first_sync()

    def compact_search_index(self) -> None:
        """Merge the search index into one segment (one transaction). Call it after a
        first full sync (many big pull pages): otherwise FTS5 keeps merging the pages'
        segments a little inside every later commit, tens of ms in a clerk's save."""
        with transaction(self.conn):
            self.conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('optimize')")

    def reset_for_epoch(self, epoch: int) -> None:
        """New platform epoch: cursor back to (epoch, 0), outbox kept."""
        with transaction(self.conn):
            syncing.reset_for_epoch(self.conn, epoch, now_iso())

    def sync_counts(self) -> dict[str, Any]:
        """pending, oldest_pending_at, conflicts, rejected."""
        return syncing.counts(self.conn)

    def note_sync_run(self, *, at: str, success: bool, error: dict[str, str] | None) -> None:
        """Record how a sync run ended (read back by `sync_runs`, e.g. for `status`)."""
        sync_runs.record(self.conn, at=at, success=success, error=error)

    def sync_runs(self) -> dict[str, Any]:
        """last_attempt_at, last_success_at, last_error of the recorded sync runs."""
        return sync_runs.read(self.conn)

    def record_sync_state(self, record_id: str) -> str:
        """synced | pending | conflict | rejected for one application."""
        return views.sync_state_of(self.conn, record_id)

    def pending_blobs(
        self, mutations: Sequence[Mapping[str, Any]] | None = None
    ) -> list[tuple[str, int]]:
        """(sha256, size) of not-yet-uploaded blobs named by these (or all open) mutations."""
        blobs = attachments.pending_uploads(self.conn)
        if mutations is None:
            return blobs
        wanted = {
            (m.get("payload") or {}).get(key, {}).get("attachment")
            for m in mutations
            for kind, key in (("add_material", "material"), ("add_note", "note"))
            if m.get("kind") == kind
        }
        return [b for b in blobs if b[0] in wanted]

    def read_blob(self, sha256: str, offset: int = 0, size: int | None = None) -> bytes:
        """Bytes of an attachment (a chunk for resumable upload)."""
        return attachments.read(self.conn, sha256, offset, size)

    def mark_blob_uploaded(self, sha256: str) -> None:
        """The platform holds the whole blob."""
        with transaction(self.conn):
            attachments.mark_uploaded(self.conn, sha256)

    def open_conflicts(self, record_id: str | None = None) -> list[dict[str, Any]]:
        """Unresolved conflict and rejection records, oldest first."""
        return conflicts.open_conflicts(self.conn, record_id)

    def resolve_conflict(
        self,
        conflict_id: int,
        choice: str,
        *,
        actor: Actor,
        fields: Mapping[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """keep_platform / resubmit / edit; the latter two enqueue a NEW mutation."""
        return conflicts.resolve(
            self.conn,
            conflict_id,
            choice,
            actor=self._signed(actor),
            fields=dict(fields) if fields else None,
        )

    # ------------------------------------------------------------------ users, drafts
    def cache_user(
        self,
        user: users.CachedUser,
        password: str,
        *,
        policy_days: int,
        max_failed: int,
        at: datetime | None = None,
    ) -> None:
        """Keep an offline-login verifier after a successful online login."""
        users.cache_user(
            self.conn,
            user,
            password,
            policy_days=policy_days,
            max_failed=max_failed,
            at=at or now_utc(),
        )

    def office_users(self, office_code: str) -> list[dict[str, str]]:
        """Cached users of an office (user_id, username, display_name, role), by name."""
        return users.office_users(self.conn, office_code)

    def offline_login(
        self, username: str, password: str, *, now: datetime | None = None
    ) -> users.CachedUser:
        """Check a password offline (raises LoginRefused)."""
        return users.offline_login(self.conn, username, password, now=now or now_utc())

    def save_draft(self, user_id: str, draft_id: str, doc: Mapping[str, Any]) -> None:
        """Keep an unfinished intake form of one user (overwrites that draft)."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO drafts (user_id, draft_id, doc, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (user_id, draft_id) DO UPDATE SET doc = excluded.doc, "
                "updated_at = excluded.updated_at",
                (user_id, draft_id, dumps(dict(doc)), now_iso()),
            )

    def drafts(self, user_id: str) -> dict[str, dict[str, Any]]:
        """A user's drafts by id."""
        rows = self.conn.execute(
            "SELECT draft_id, doc FROM drafts WHERE user_id = ? ORDER BY updated_at DESC",
            (user_id,),
        )
        return {str(r[0]): dict(loads(r[1])) for r in rows}

    def delete_draft(self, user_id: str, draft_id: str) -> None:
        """Drop a draft (after the intake was saved or abandoned)."""
        with transaction(self.conn):
            self.conn.execute(
                "DELETE FROM drafts WHERE user_id = ? AND draft_id = ?", (user_id, draft_id)
            )

    # ------------------------------------------------------------------ audit, backup, info
    def export_audit(self, dest: Path) -> int:
        """Write the audit chain as JSON lines to `dest` (for `central verify-audit`);
        returns the number of entries. It holds no personal data: audit details carry
        kinds, paths, statuses and the signatures of actions."""
        count = 0
        with dest.open("w", encoding="utf-8") as out:
            for line in audit.export_lines(self.conn):
                out.write(line + "\n")
                count += 1
        return count

    def verify_audit(self) -> audit.AuditReport:
        """Walk the audit hash chain; report the first entry edited, deleted or reordered."""
        return audit.verify(self.conn)

    def backup(self, dest: Path) -> int:
        """Online backup into a NEW encrypted file (same key); returns audit entry count."""
        return backup_mod.backup_to(self.conn, dest, self._key)

    def info(self) -> dict[str, Any]:
        """Schema version, device, counts and sizes (no personal data)."""
        dev = device.load(self.conn)
        page_count = self.conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        return {
            "path": str(self.path),
            "schema_version": migrations.current_version(self.conn),
            "device_id": dev.device_id,
            "office_code": dev.office_code,
            "terminal_code": dev.terminal_code,
            "applications": self.conn.execute("SELECT count(*) FROM applications").fetchone()[0],
            "catalog_items": self.conn.execute("SELECT count(*) FROM catalog").fetchone()[0],
            "audit_entries": self.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            "bytes": int(page_count) * int(page_size),
            "cipher_version": self.conn.execute("PRAGMA cipher_version").fetchone()[0],
            **{f"sync_{k}": v for k, v in syncing.counts(self.conn).items()},
        }
