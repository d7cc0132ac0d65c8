"""The one place the platform calls the domain rules (`offline.domain`) to apply a mutation.

The platform applies mutations strictly (`strict=True`): a stale transition is a conflict,
a field both sides changed keeps the platform value. Domain errors become `rejected`
outcomes with the CONTRACTS reason codes, so the device's sequence still advances.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from offline.domain.errors import (
    DomainError,
    IllegalTransition,
    PermissionDenied,
    ValidationFailed,
)


@dataclass
class Result:
    doc: dict[str, Any] | None
    outcome: str
    reason: str | None = None
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, str]] = field(default_factory=list)


def _reason(exc: DomainError) -> str:
    if isinstance(exc, IllegalTransition):
        return "illegal_transition"
    if isinstance(exc, PermissionDenied):
        return "forbidden"
    if isinstance(exc, ValidationFailed):
        return "validation_failed"
    return "invalid_payload"


def _conflict_dict(item: Any) -> dict[str, Any]:
    if is_dataclass(item) and not isinstance(item, type):
        item = asdict(item)
    if isinstance(item, dict):
        return {k: item.get(k) for k in ("path", "base", "local", "platform")}
    return {"path": str(item)}


def apply(doc: dict[str, Any] | None, mutation: dict[str, Any]) -> Result:
    """Apply `mutation` to `doc` (None for a new record) with the platform's strict rules."""
    from offline.domain.mutations import apply_mutation

    try:
        applied = apply_mutation(doc, mutation, strict=True)
    except DomainError as exc:
        return Result(doc, "rejected", _reason(exc), issues=[i.to_dict() for i in exc.issues])
    except (KeyError, TypeError, ValueError) as exc:
        return Result(
            doc,
            "rejected",
            "invalid_payload",
            issues=[
                {
                    "field": "payload",
                    "code": "invalid_payload",
                    "zh": "数据格式错误",
                    "en": str(exc)[:200],
                }
            ],
        )
    outcome = str(getattr(applied.outcome, "value", applied.outcome))
    conflicts = [_conflict_dict(c) for c in (applied.conflicts or [])]
    return Result(applied.doc, outcome, applied.reason, conflicts)
