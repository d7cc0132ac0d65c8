"""The one place the platform calls the domain rules (`offline.domain`) to apply a mutation.

The platform applies mutations strictly (`strict=True`): a stale transition is a conflict,
a field both sides changed keeps the platform value. Domain refusals become `rejected`
outcomes with the CONTRACTS reason codes, so the device's sequence still advances. The
service item is passed along so forms and acceptance materials are checked on the platform
exactly as on the counter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from offline.domain.catalog import ServiceItem
from offline.domain.mutations import apply_mutation


@dataclass
class Result:
    doc: dict[str, Any] | None
    outcome: str
    reason: str | None = None
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, str]] = field(default_factory=list)
    changed: bool = False


@lru_cache(maxsize=512)
def service_item(doc_text: str) -> ServiceItem:
    """Parse a stored catalog entry once (entries are immutable text in the DB)."""
    return ServiceItem.from_dict(json.loads(doc_text))


def apply(
    doc: dict[str, Any] | None,
    mutation: dict[str, Any],
    item: ServiceItem | None = None,
    *,
    owned: bool = False,
) -> Result:
    """Apply `mutation` to `doc` (None for a new record) with the platform's strict rules;
    `owned`: the mutation was parsed for this call alone (see `apply_mutation`)."""
    applied = apply_mutation(doc, mutation, strict=True, item=item, owned=owned)
    return Result(
        doc=applied.doc,
        outcome=applied.outcome,
        reason=applied.reason,
        conflicts=[c.to_dict() for c in applied.conflicts],
        issues=[i.to_dict() for i in applied.issues],
        changed=applied.changed,
    )
