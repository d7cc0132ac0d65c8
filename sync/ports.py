"""The two things the engine talks to, as typing Protocols.

Why: the engine is written against the calls it needs, not against one concrete class,
so the store (offline/) and the HTTP client (client/) can evolve behind adapters
(`sync.adapters`). Both protocols follow docs/CONTRACTS.md.
The store side is synchronous and only ever called on the store thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from client.wire import BlobStatus, CatalogResponse, Cursor, Health, PullResponse, PushResponse

Doc = dict[str, Any]


class SyncStore(Protocol):
    """Sync-facing store calls; each write is ONE transaction."""

    @property
    def device_id(self) -> str: ...

    def pending_mutations(self, limit: int) -> list[Doc]: ...

    def mark_in_flight(self, op_ids: Sequence[str]) -> None: ...

    def note_push_failure(self, op_ids: Sequence[str], error: str) -> None: ...

    def record_outcomes(self, outcomes: Sequence[Doc]) -> None: ...

    def pull_cursor(self) -> Doc | None: ...

    def apply_pull_page(self, changes: Sequence[Doc], cursor: Doc) -> None: ...

    def reset_for_epoch(self, epoch: int) -> None: ...

    def sync_counts(self) -> Doc: ...

    def pending_blobs(self, mutations: Sequence[Doc]) -> list[tuple[str, int]]: ...

    def read_blob(self, sha256: str, offset: int, size: int) -> bytes: ...

    def mark_blob_uploaded(self, sha256: str) -> None: ...

    def catalog_etag(self) -> str | None: ...

    def save_catalog(self, catalog: Doc) -> None: ...


class SyncClient(Protocol):
    """Async platform calls; failures raise `client.errors.ClientError` subclasses."""

    async def health(self) -> Health: ...

    async def push(self, device_id: str, mutations: Sequence[Doc]) -> PushResponse: ...

    async def pull(self, device_id: str, cursor: Cursor, limit: int = ...) -> PullResponse: ...

    async def blob_status(self, sha256: str) -> BlobStatus: ...

    async def upload_chunk(
        self, sha256: str, offset: int, length: int, data: bytes
    ) -> BlobStatus: ...

    async def catalog(self, etag: str | None = ...) -> CatalogResponse | None: ...
