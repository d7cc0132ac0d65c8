"""Wire models of the platform API (`/api/v1`), shared by the client and the reference platform.

One module so both sides code against exactly the same shapes; `client/openapi.json` is the
published form of these models and a test fails when the two drift apart. Application
documents and mutation payloads travel as loosely typed dicts: the domain layer
(`offline.domain`) does the strict checking on each side.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, InstanceOf

API_PREFIX = "/api/v1"
SCHEMA_HEADER = "X-CounterDesk-Schema"
SCHEMA_VERSION = 1
SUPPORTED_SCHEMAS: frozenset[int] = frozenset({1})

# Blob upload headers (tus-like): the offset a chunk starts at and the blob's total length.
UPLOAD_OFFSET_HEADER = "Upload-Offset"
UPLOAD_LENGTH_HEADER = "Upload-Length"
BLOB_COMPLETE_HEADER = "Upload-Complete"

MAX_PUSH_BATCH = 1000
MAX_PULL_LIMIT = 5000
MAX_TEXT = 2000


def _iso_with_offset(value: str) -> str:
    """Keep the device's timestamp text verbatim (it ends up in documents and payload hashes)
    but refuse anything that is not ISO-8601 with a UTC offset."""
    if datetime.fromisoformat(value).tzinfo is None:
        raise ValueError("timestamp needs a UTC offset, e.g. 2026-11-26T04:07:00+00:00")
    return value


IsoTimestamp = Annotated[str, Field(max_length=40), AfterValidator(_iso_with_offset)]


class Wire(BaseModel):
    """Base of every wire model: unknown fields are refused so typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


class Role(StrEnum):
    clerk = "clerk"
    supervisor = "supervisor"
    back_office = "back_office"


# ---------------------------------------------------------------- errors


class ErrorBody(Wire):
    """Every non-2xx answer. `message` is Chinese (zh_CN), `message_en` English."""

    error: str = Field(description="machine code, e.g. upgrade_required, seq_gap, forbidden")
    message: str
    message_en: str = ""
    detail: Any = None


# ---------------------------------------------------------------- auth


class OfflinePolicy(Wire):
    max_offline_days: int = Field(ge=0)
    max_failed_attempts: int = Field(ge=1)


class UserInfo(Wire):
    id: str
    username: str
    name: str
    roles: list[Role]
    office_code: str | None = Field(description="None for back-office users of the platform")
    office_name: str | None = None


class LoginRequest(Wire):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: str = Field(min_length=1, max_length=64)


class TokenPair(Wire):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds the access token stays valid")
    refresh_expires_in: int


class LoginResponse(TokenPair):
    user: UserInfo
    offline_policy: OfflinePolicy


class RefreshRequest(Wire):
    refresh_token: str = Field(min_length=1, max_length=256)


class LogoutRequest(Wire):
    refresh_token: str | None = Field(default=None, max_length=256)


class OkResponse(Wire):
    ok: bool = True


# ---------------------------------------------------------------- devices


class DeviceRegistration(Wire):
    device_id: str = Field(min_length=1, max_length=64)
    name: str = Field(default="", max_length=100)
    public_key: str = Field(
        min_length=1,
        max_length=100,
        description="base64 of the terminal's raw Ed25519 public key (made on the device)",
    )


class UserKeyRegistration(Wire):
    """A user's signing key made on this device at their online sign-in."""

    key_id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    public_key: str = Field(min_length=1, max_length=100, description="base64 raw Ed25519")


class UserKeyInfo(Wire):
    key_id: str
    user_id: str
    device_id: str
    registered_at: datetime
    revoked_at: datetime | None = None


class DeviceInfo(Wire):
    device_id: str
    office_code: str
    terminal_code: str = Field(description="two digits, unique within the office")
    registered_at: datetime
    last_applied_seq: int


class DeviceHealth(Wire):
    device_id: str
    terminal_code: str
    name: str
    last_push_at: datetime | None
    last_pull_at: datetime | None
    last_applied_seq: int
    highest_seen_seq: int = Field(description="highest seq the device tried to push")
    pending_gap: int = Field(description="highest_seen_seq - last_applied_seq, >= 0")
    rejected: int
    conflicts: int


class DeviceHealthList(Wire):
    office_code: str
    devices: list[DeviceHealth]


# ---------------------------------------------------------------- catalog


class TimeLimit(Wire):
    amount: int = Field(ge=0)
    unit: Literal["working_days", "natural_days", "hours"]


class Material(Wire):
    code: str
    name: str
    form: Literal["paper", "electronic", "both"]
    required: bool
    condition: str | None = None
    originals: int = Field(ge=0)
    copies: int = Field(ge=0)


class Fee(Wire):
    name: str
    amount_yuan: str


class FormField(Wire):
    key: str
    label: str
    type: Literal["text", "number", "date", "choice", "cert_no", "credit_code", "phone"]
    required: bool
    max_length: int | None = None
    pattern: str | None = None
    choices: list[str] | None = None
    min: float | None = None
    max: float | None = None


class ServiceItem(Wire):
    """事项: one catalogued government service, as in docs/CONTRACTS.md."""

    code: str
    name: str
    department: str
    item_type: str
    project_type: Literal["即办", "承诺"]
    legal_limit: TimeLimit
    promised_limit: TimeLimit
    materials: list[Material]
    fees: list[Fee]
    scope: str
    form_fields: list[FormField]
    active: bool = True
    legal_extension_days: int | None = Field(default=None, ge=0, le=60)


class OfficeInfo(Wire):
    code: str
    name: str
    kind: Literal["city_hall", "township"]
    address: str
    phone: str
    hours: str
    review_body: str = ""  # 行政复议机关 named on rejection notices
    court: str = ""  # 行政诉讼的管辖法院 named on rejection notices


class CalendarOverride(Wire):
    """Platform-published working-day calendar: date -> is a working day."""

    version: str
    days: dict[str, bool] = Field(description="YYYY-MM-DD (Asia/Shanghai) -> workday")


class CatalogResponse(Wire):
    office: OfficeInfo
    items: list[ServiceItem]
    calendar: CalendarOverride
    etag: str


# ---------------------------------------------------------------- push


class MutationKind(StrEnum):
    create = "create"
    set_fields = "set_fields"
    transition = "transition"
    add_material = "add_material"
    add_note = "add_note"
    rate = "rate"
    reassign = "reassign"
    extend = "extend"  # 行政许可法 第四十二条: the supervisor's extension


class Mutation(Wire):
    """One outbox row; the payload shape depends on `kind` (docs/CONTRACTS.md)."""

    op_id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    seq: int = Field(ge=1)
    kind: MutationKind
    record_id: str = Field(min_length=1, max_length=64)
    actor: str = Field(min_length=1, max_length=64)
    role: Role
    at: IsoTimestamp
    payload: dict[str, Any]
    key_id: str | None = Field(
        default=None, max_length=64, description="the actor's signing key (per user and device)"
    )
    prev: str | None = Field(
        default=None,
        max_length=64,
        description="hex SHA-256 of the same key's previous signed mutation, '' for the first",
    )
    sig: str | None = Field(
        default=None,
        max_length=128,
        description="base64 Ed25519 signature by the actor over the canonical bytes",
    )

    def json_fields(self) -> dict[str, Any]:
        """This mutation as a JSON-shaped dict, sharing the payload instead of copying it.

        Equal to ``model_dump(mode="json")`` when the payload holds plain JSON values (a
        parsed request body, or what the client's orjson path accepts): the push hot
        paths on both sides use it instead of pydantic's slower dump."""
        return {
            "op_id": self.op_id,
            "device_id": self.device_id,
            "seq": self.seq,
            "kind": self.kind.value,
            "record_id": self.record_id,
            "actor": self.actor,
            "role": self.role.value,
            "at": self.at,
            "payload": self.payload,
        }

    def wire_fields(self) -> dict[str, Any]:
        """`json_fields` plus the signature fields when the mutation is signed: what the
        client sends. The platform's payload hash covers `json_fields` only."""
        fields = self.json_fields()
        if self.sig is not None:
            fields["key_id"] = self.key_id
            fields["prev"] = self.prev
            fields["sig"] = self.sig
        return fields


class PushRequest(Wire):
    device_id: str = Field(min_length=1, max_length=64)
    mutations: list[Mutation] = Field(max_length=MAX_PUSH_BATCH)


class Outcome(StrEnum):
    applied = "applied"
    duplicate = "duplicate"
    conflict = "conflict"
    rejected = "rejected"


class FieldConflict(Wire):
    """A field both sides changed: the platform kept `platform`, the clerk wanted `local`."""

    path: str
    base: Any = None
    local: Any = None
    platform: Any = None


class MutationOutcome(Wire):
    op_id: str
    seq: int
    record_id: str
    outcome: Outcome
    reason: str | None = Field(default=None, description="reason code when rejected/conflict")
    conflicts: list[FieldConflict] = Field(default_factory=list)
    current: dict[str, Any] | None = Field(
        default=None, description="platform's current document on conflict"
    )
    version: int | None = Field(default=None, description="record version after this op")


class PushResponse(Wire):
    outcomes: list[MutationOutcome]
    last_applied_seq: int


class SeqGapDetail(Wire):
    """`detail` of a 409 `seq_gap` error: push again starting at `expected_seq`."""

    expected_seq: int
    got_seq: int


# ---------------------------------------------------------------- pull


class Cursor(Wire):
    epoch: int = Field(ge=0)
    seq: int = Field(ge=0)


class Change(Wire):
    seq: int
    record_id: str
    version: int
    # A JSON object; from already-parsed data (the client parses bodies with orjson) it is
    # checked to be a dict and kept as is instead of copied key by key: a fifth of the
    # client's time on a 5,000-change pull page. From JSON text it validates as
    # dict[str, Any]; the published schema is the same.
    doc: InstanceOf[dict[str, Any]]


class PullResponse(Wire):
    """A page of the office's change log. `reset` means: the epoch changed, resync fully
    from `cursor` (seq 0 of the new epoch) and keep the outbox."""

    reset: bool
    changes: list[Change]
    cursor: Cursor
    has_more: bool
    last_applied_seq: int = Field(description="device's last seq the platform applied")


# ---------------------------------------------------------------- records and back office


class ApplicationRecord(Wire):
    id: str
    office_code: str
    version: int
    doc: dict[str, Any]


class ApplicationSummary(Wire):
    id: str
    office_code: str
    receipt_no: str
    item_code: str
    item_name: str
    status: str
    version: int
    updated_at: datetime


class ApplicationList(Wire):
    items: list[ApplicationSummary]
    total: int


class BackOfficeActionKind(StrEnum):
    start_review = "start_review"
    suspend = "suspend"
    resume = "resume"
    approve = "approve"
    deny = "deny"
    request_supplement = "request_supplement"


class MissingMaterial(Wire):
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    problem: str = Field(default="", max_length=MAX_TEXT)


class BackOfficeAction(Wire):
    action: BackOfficeActionKind
    reason: str | None = Field(default=None, max_length=MAX_TEXT)
    missing: list[MissingMaterial] | None = None
    base_version: int | None = Field(
        default=None, description="if given and stale, the action is refused with 409"
    )


# ---------------------------------------------------------------- blobs


class BlobStatus(Wire):
    sha256: str
    offset: int = Field(description="bytes stored so far; resume the upload here")
    length: int | None = Field(description="total length once announced")
    complete: bool


# ---------------------------------------------------------------- health


class Health(Wire):
    status: Literal["ok"] = "ok"
    epoch: int
    schema_versions: list[int]
    min_client_version: str | None = None  # older clients are refused (426) when set
