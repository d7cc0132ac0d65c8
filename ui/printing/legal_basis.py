"""The law each notice rests on, and the legal basis a rejection notice prints.

Sources (the wording below quotes them):

- 《中华人民共和国行政许可法》第三十二条第一款：行政机关对申请人提出的行政许可申请，
  应当根据下列情况分别作出处理——（一）申请事项依法不需要取得行政许可的，应当即时
  告知申请人不受理；（二）申请事项依法不属于本行政机关职权范围的，应当即时作出不予
  受理的决定，并告知申请人向有关行政机关申请；（四）申请材料不齐全或者不符合法定形式
  的，应当当场或者在五日内一次告知申请人需要补正的全部内容……；（五）……应当受理行政
  许可申请。
- 同条第二款：行政机关受理或者不予受理行政许可申请，应当出具加盖本行政机关专用印章和
  注明日期的书面凭证。
- 第三十八条第二款：行政机关依法作出不予行政许可的书面决定的，应当说明理由，并告知
  申请人享有依法申请行政复议或者提起行政诉讼的权利。
- 第七十八条：申请人隐瞒有关情况或者提供虚假材料申请行政许可的，行政机关不予受理或者
  不予行政许可，并给予警告……
- 《中华人民共和国行政复议法》（2023年修订）第二十条第一款：自知道或者应当知道该行政
  行为之日起六十日内提出行政复议申请。
- 《中华人民共和国行政诉讼法》第四十六条第一款：应当自知道或者应当知道作出行政行为
  之日起六个月内提出。

A rejection reason is free text typed by the clerk; its ground is recognised from the
reason code (``not_competent`` …) or from the statutory phrase in the text. A reason that
names no statutory ground gets the article's first paragraph alone — never a guessed item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LICENSING_LAW = "《中华人民共和国行政许可法》"
REVIEW_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"

# 行政许可法第三十二条第一款第（五）项 (受理) and 第二款 (sealed, dated written receipt).
ACCEPTANCE_BASIS = f"{LICENSING_LAW}第三十二条第一款第（五）项、第二款"
# 行政许可法第三十二条第一款第（四）项: one notice naming everything to supplement.
SUPPLEMENT_BASIS = f"{LICENSING_LAW}第三十二条第一款第（四）项"
# 行政许可法第三十二条第二款: 受理 or 不予受理 both need a sealed, dated written receipt.
RECEIPT_BASIS = f"{LICENSING_LAW}第三十二条第二款"
# 行政许可法第三十八条第二款 (reasons and rights), 行政复议法第二十条, 行政诉讼法第四十六条.
RIGHTS_BASIS = f"{LICENSING_LAW}第三十八条第二款、{REVIEW_LAW}第二十条、{LITIGATION_LAW}第四十六条"


@dataclass(frozen=True)
class Ground:
    """One statutory ground for not accepting an application."""

    code: str
    article: str  # the paragraph and item, after the law's name
    phrases: tuple[str, ...]  # statutory wording that identifies it in a free-text reason
    advice_zh: str = ""  # what the law says the applicant must be told besides the refusal
    advice_en: str = ""


GROUNDS: tuple[Ground, ...] = (
    # 第三十二条第一款第（一）项: 申请事项依法不需要取得行政许可
    Ground(
        "not_required", "第三十二条第一款第（一）项", ("不需要取得行政许可", "无需取得行政许可")
    ),
    # 第三十二条第一款第（二）项: 不属于本行政机关职权范围 — and tell where to apply instead.
    Ground(
        "not_competent",
        "第三十二条第一款第（二）项",
        ("不属于本行政机关职权范围", "不属于本机关职权范围", "不属于本部门职权范围"),
        "请向有权作出决定的行政机关申请。",
        "Please apply to the administrative authority that is competent for this matter.",
    ),
    # 第七十八条: 隐瞒有关情况或者提供虚假材料 — 不予受理 and a warning.
    Ground("false_materials", "第七十八条", ("隐瞒有关情况", "提供虚假材料", "虚假材料")),
)
GENERAL_ARTICLE = "第三十二条第一款"


def ground_for(reason: object) -> Ground | None:
    """The statutory ground a rejection reason names, or None when it names none."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        return None
    for ground in GROUNDS:
        if text == ground.code or text.startswith(ground.code + ":"):
            return ground
    for ground in GROUNDS:
        if any(phrase in text for phrase in ground.phrases):
            return ground
    return None


def item_basis(item: Mapping[str, Any] | None) -> list[str]:
    """The catalog item's own legal basis (``legal_basis``: text or a list of texts)."""
    value = item.get("legal_basis") if isinstance(item, Mapping) else None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if isinstance(v, str) and v.strip()]


def rejection_basis(reason: object, item: Mapping[str, Any] | None) -> list[str]:
    """Every provision a rejection notice cites: art. 32 (the item the reason names,
    else the paragraph), art. 32(2) for the written notice, then the item's own basis."""
    ground = ground_for(reason)
    article = ground.article if ground else GENERAL_ARTICLE
    return [f"{LICENSING_LAW}{article}", RECEIPT_BASIS, *item_basis(item)]
