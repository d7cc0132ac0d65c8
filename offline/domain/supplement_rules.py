"""The one-time supplement notice (一次性告知), 行政许可法 第三十二条第一款第四项.

"申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容":
the counter tells the applicant EVERYTHING that is missing, once.

- `check_complete`: a notice that leaves out a required material that is missing (or a
  conditional one the clerk flagged as applying) is refused — it would not be "全部内容".
- `check_further_notice`: a further notice from the counter that lists a material the
  first notice did not is an exception to "一次"; only a supervisor (窗口负责人) may issue
  it, with a reason (`override_reason`), and the document keeps who, when and why
  (`supplement_notices[*].override`), so the override is audited on the platform as well.
  A further notice listing only materials of the first one (still missing) is ordinary.

Both rules apply to the counter's notice (received → awaiting_supplement); a back-office
request after acceptance is a different step of the procedure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from offline.domain.catalog import ServiceItem
from offline.domain.errors import Issue, PermissionDenied, ValidationFailed
from offline.domain.jsoncopy import json_copy
from offline.domain.status import Role
from offline.domain.validation import missing_materials


def _codes(entries: Any) -> list[str]:
    return [str(e.get("code")) for e in entries or [] if isinstance(e, Mapping) and e.get("code")]


def notices(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The counter's supplement notices so far, oldest first (a document written before
    notices were kept counts its one `supplement` as the first)."""
    kept = doc.get("supplement_notices")
    if isinstance(kept, list):
        return [dict(n) for n in kept if isinstance(n, Mapping)]
    supplement = doc.get("supplement")
    return [dict(supplement)] if isinstance(supplement, Mapping) else []


def check_complete(doc: Mapping[str, Any], item: ServiceItem, listed: Any, applying: Any) -> None:
    """Refuse a notice that leaves out a needed material that is missing."""
    flagged = [a for a in applying if isinstance(a, str)] if isinstance(applying, list) else []
    materials = doc.get("materials")
    wanted = missing_materials(item, materials if isinstance(materials, list) else [], flagged)
    named = set(_codes(listed))
    left_out = [m for m in wanted if m["code"] not in named]
    if left_out:
        names = "、".join(m["name"] for m in left_out)
        codes = ", ".join(m["code"] for m in left_out)
        raise ValidationFailed(
            Issue(
                "missing",
                "notice_incomplete",
                f"一次性告知须列明全部缺少的材料，遗漏：{names}",
                f"The supplement notice must list every missing material; left out: {codes}",
            )
        )


def added_codes(doc: Mapping[str, Any], listed: Any) -> list[str]:
    """Codes of `listed` that the FIRST notice did not name (empty for a first notice)."""
    earlier = notices(doc)
    if not earlier:
        return []
    first = set(_codes(earlier[0].get("missing")))
    return [code for code in _codes(listed) if code not in first]


def check_further_notice(doc: Mapping[str, Any], role: str, listed: Any) -> list[str]:
    """The codes a further notice adds; refuses it unless a supervisor issues it (the
    supervisor's transition row also requires `override_reason`)."""
    added = added_codes(doc, listed)
    if added and role != Role.SUPERVISOR:
        raise PermissionDenied(
            Issue(
                "missing",
                "override_required",
                "再次告知增加了首次告知未列明的材料（" + "、".join(added) + "），"
                "须由窗口负责人审批并说明理由",
                "A further notice adding materials not on the first one ("
                + ", ".join(added)
                + ") needs a supervisor's override with a reason",
            )
        )
    return added


def notice_entry(
    m: Mapping[str, Any], listed: Any, override_reason: Any, added: list[str]
) -> dict[str, Any]:
    """The `supplement_notices` entry of one notice."""
    entry: dict[str, Any] = {
        "missing": json_copy(listed),
        "at": m["at"],
        "by": m["actor"],
        "op_id": m["op_id"],
        "override": None,
    }
    if m["role"] == Role.SUPERVISOR:
        entry["override"] = {
            "by": m["actor"],
            "reason": override_reason,
            "added": added,
            "at": m["at"],
        }
    return entry
