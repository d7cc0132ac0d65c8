"""Notices a reviewing body accepts: what each one must carry under 行政许可法.

Vectors come from the law, not from our functions: the rejection grounds quote
行政许可法第三十二条第一款第（一）（二）项 and 第七十八条; the periods are those of
行政复议法第二十条 (六十日) and 行政诉讼法第四十六条 (六个月). The decision is signed at
2026-12-06T16:30Z, which is already 2026年12月7日 in Asia/Shanghai, and printed on
other days, so a notice dated by the print day or by UTC shows up.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from demo.intake_data import demo_application
from tests.ui.printing.pdftext import pdf_text, source_text
from ui.printing import DocKind, PrintContext, render, save_pdf
from ui.printing.documents import render_html

DECIDED_AT = "2026-12-06T16:30:00+00:00"  # 2026-12-07 00:30 in Asia/Shanghai
DECIDED = "2026年12月7日"
SAME_DAY = date(2026, 12, 7)
LATER = date(2026, 12, 21)
DEPARTMENT = "贵阳市南明区市场监督管理局"
REVIEW_BODY = "贵阳市南明区人民政府"
COURT = "贵阳市南明区人民法院"
ITEM_BASIS = "《食品经营许可和备案管理办法》第十条"


def context(printed_on: date = SAME_DAY, **items: Any) -> PrintContext:
    item = {"code": "X", "department": DEPARTMENT, **items}
    doc = demo_application()
    return PrintContext(
        office_name="南明区政务服务中心",
        clerk_name="李明",
        printed_on=printed_on,
        review_body=REVIEW_BODY,
        court=COURT,
        items={doc["item_code"]: item},
    )


def decided(status: str, reason: str | None = None) -> dict[str, Any]:
    """A demo record whose decision transition happened at DECIDED_AT."""
    doc = demo_application(status)
    doc["item_name"] = "食品经营许可证核发"
    last = doc["history"][-1]
    last["at"] = DECIDED_AT
    if reason is not None:
        for entry in doc["history"]:
            if entry["to"] in ("rejection_proposed", "rejected"):
                entry["reason"] = reason
    if status == "accepted":
        doc["accepted_at"] = DECIDED_AT
    if status == "awaiting_supplement":
        doc["supplement"]["at"] = DECIDED_AT
        doc["supplement"]["missing"] = [
            {"code": "M02", "name": "经营者身份证明", "problem": "复印件不清晰 illegible copy"},
            {"code": "M03", "name": "经营场所使用证明", "problem": "未提供 missing"},
            {"code": "M05", "name": "食品安全管理制度", "problem": "未提供 missing"},
        ]
    return doc


NOT_COMPETENT = "申请事项依法不属于本行政机关职权范围"


# ------------------------------------------------------------------ 不予受理通知书
def test_rejection_notice_carries_every_required_element() -> None:
    html = render_html(
        DocKind.rejection,
        decided("rejected", NOT_COMPETENT),
        context(legal_basis=ITEM_BASIS),
    )
    text = source_text(html)
    assert f"决定日期Decidedon{DECIDED}" in text
    assert f"作出决定机关Department{DEPARTMENT}" in text
    assert f"理由Reason：{NOT_COMPETENT}" in text
    # 第三十二条第一款第（二）项, and the item's own basis from the catalog
    assert "《中华人民共和国行政许可法》第三十二条第一款第（二）项" in text
    assert ITEM_BASIS in text
    assert "向有权作出决定的行政机关申请" in text  # 32(1)(2): tell where to apply instead
    # 行政复议法第二十条 and 行政诉讼法第四十六条, naming where
    assert f"六十日内向{REVIEW_BODY}申请行政复议" in text
    assert f"六个月内向{COURT}提起行政诉讼" in text
    assert f"applyto{REVIEW_BODY}foradministrativereviewwithin60days" in text
    assert f"before{COURT}within6months" in text
    assert "第三十八条第二款" in text and "第二十条" in text and "第四十六条" in text
    assert "（印章Seal）" in text  # place for the seal (第三十二条第二款)
    assert text.endswith(
        f"{DEPARTMENT}（南明区政务服务中心代为送达issuedattheservicehall）{DECIDED}"
    )
    assert "补打" not in text


@pytest.mark.parametrize(
    ("reason", "article", "not_article"),
    [
        ("申请事项依法不需要取得行政许可", "第三十二条第一款第（一）项", "第（二）项"),
        ("not_required", "第三十二条第一款第（一）项", "第（二）项"),
        (NOT_COMPETENT, "第三十二条第一款第（二）项", "第（一）项"),
        ("not_competent: 应向市级部门申请", "第三十二条第一款第（二）项", "第（一）项"),
        ("申请人提供虚假材料", "第七十八条", "第（二）项"),
        # a reason that names no statutory ground: the paragraph alone, no guessed item
        ("申请人当场撤回", "第三十二条第一款；", "第（二）项"),
    ],
)
def test_legal_basis_follows_the_reason(reason: str, article: str, not_article: str) -> None:
    text = source_text(render_html(DocKind.rejection, decided("rejected", reason), context()))
    basis = text.split("法律依据Legalbasis：", 1)[1].split("如不服", 1)[0]
    assert article in basis
    assert not_article not in basis
    assert "第三十二条第二款" in basis  # the written, sealed, dated notice


def test_rejection_date_is_the_sign_off_not_the_proposal_nor_the_print() -> None:
    doc = decided("rejected", NOT_COMPETENT)
    doc["history"][-2]["at"] = "2026-12-01T02:00:00+00:00"  # proposed days before
    text = source_text(render_html(DocKind.rejection, doc, context(SAME_DAY)))
    assert DECIDED in text and "2026年12月1日" not in text.split("决定日期")[1]


def test_missing_office_settings_still_state_the_rights_generically() -> None:
    bare = PrintContext("南明区政务服务中心", "李明", SAME_DAY)
    text = source_text(render_html(DocKind.rejection, decided("rejected"), bare))
    assert "六十日内向有管辖权的行政复议机关申请行政复议" in text
    assert "六个月内向有管辖权的人民法院提起行政诉讼" in text


# ------------------------------------------------------------------ reprints
@pytest.mark.parametrize("kind", list(DocKind))
def test_reprint_keeps_the_decision_date_and_is_marked(kind: DocKind) -> None:
    status = {
        DocKind.receipt: "received",
        DocKind.acceptance: "accepted",
        DocKind.supplement: "awaiting_supplement",
        DocKind.rejection: "rejected",
        DocKind.extension: "accepted",
    }[kind]
    doc = decided(status)
    if kind is DocKind.extension:  # approved by the supervisor (行政许可法 第四十二条)
        doc["extension"] = dict(EXTENSION)
    if kind is DocKind.receipt:
        doc["received_at"] = doc["history"][0]["at"] = DECIDED_AT
    first = source_text(render_html(kind, doc, context(SAME_DAY)))
    again = source_text(render_html(kind, doc, context(LATER)))
    assert "补打" not in first
    assert "【补打Reprint】补打日期Reprintedon：2026年12月21日" in again
    # apart from the labelled reprint date the notice says exactly what it said first
    assert again.replace("【补打Reprint】补打日期Reprintedon：2026年12月21日", "") == first
    assert DECIDED in again


def test_caller_can_mark_a_same_day_reprint() -> None:
    from dataclasses import replace

    text = render_html(
        DocKind.acceptance, decided("accepted"), replace(context(SAME_DAY), reprint=True)
    )
    assert "补打" in text


# ------------------------------------------------------------------ 补正 and 受理
def test_supplement_notice_lists_every_missing_material_at_once() -> None:
    doc = decided("awaiting_supplement")
    text = source_text(render_html(DocKind.supplement, doc, context()))
    table = text.split("需补正材料Materialstosupplement:", 1)[1].split("已收材料", 1)[0]
    for n, missing in enumerate(doc["supplement"]["missing"], start=1):
        assert f"{n}{missing['name']}{''.join(missing['problem'].split())}" in table
    assert "第三十二条第一款第（四）项" in text and "一次性告知" in text
    assert f"告知日期Notifiedon{DECIDED}" in text
    assert "（印章Seal）" in text and text.endswith(DECIDED)


def test_acceptance_notice_has_date_department_and_seal() -> None:
    text = source_text(render_html(DocKind.acceptance, decided("accepted"), context(LATER)))
    assert f"受理日期Acceptedon{DECIDED}" in text
    assert f"受理机关Department{DEPARTMENT}" in text
    assert "第三十二条第一款第（五）项" in text
    assert "（印章Seal）" in text and text.endswith(DECIDED)
    assert "2026年12月21日" in text.split("【补打")[1]  # only as the labelled reprint date


def test_date_is_the_shanghai_calendar_date_in_nian_yue_ri() -> None:
    doc = decided("accepted")
    for stamp, expected in (
        ("2026-12-06T15:59:59+00:00", "2026年12月6日"),  # 23:59:59 in Shanghai
        ("2026-12-06T16:00:00+00:00", "2026年12月7日"),  # midnight in Shanghai
        ("2026-01-05T08:00:00+08:00", "2026年1月5日"),  # no zero padding
    ):
        doc["history"][-1]["at"] = stamp
        html = render_html(DocKind.acceptance, doc, context(date(2027, 1, 1)))
        assert f"受理日期Acceptedon{expected}" in source_text(html)


# ------------------------------------------------------------------ the PDF text layer
RECORDS = {
    DocKind.receipt: ("received", None),
    DocKind.acceptance: ("accepted", None),
    DocKind.supplement: ("awaiting_supplement", None),
    DocKind.rejection: ("rejected", NOT_COMPETENT),
    DocKind.extension: ("accepted", None),
}
EXTENSION = {"working_days": 10, "reason": "需要现场核查（人员、食品库房）", "at": DECIDED_AT}


@pytest.mark.parametrize("printed_on", [SAME_DAY, LATER], ids=["first", "reprint"])
@pytest.mark.parametrize("kind", list(DocKind))
def test_pdf_text_layer_equals_the_source_text(
    qapp: object, tmp_path: Path, kind: DocKind, printed_on: date
) -> None:
    status, reason = RECORDS[kind]
    doc = decided(status, reason)
    if kind is DocKind.extension:
        doc["extension"] = dict(EXTENSION)
    # characters Noto CJK shares with Kangxi radicals / radical supplement forms
    doc["applicant"]["name"] = "高立方"
    doc["materials"][0]["name"] = "用户身份证明（人像面）"
    ctx = context(printed_on, legal_basis=ITEM_BASIS)
    html = render_html(kind, doc, ctx)
    path = save_pdf(render(kind, doc, ctx), tmp_path / f"{kind}.pdf")
    assert pdf_text(path) == source_text(html)


def test_text_layer_check_fails_on_the_plain_system_font(qapp: object, tmp_path: Path) -> None:
    """The same notice set in the installed Noto CJK font reads 人 back as ⼈ (U+2F08):
    the equality above is what tells the two apart."""
    from PySide6.QtGui import QTextDocument

    from tests.ui.printing.pdftext import require_print_font

    require_print_font()
    html = render_html(DocKind.rejection, decided("rejected", NOT_COMPETENT), context())
    plain = html.replace('"CounterDesk Print Serif", ', "")
    document = QTextDocument()
    document.setHtml(plain)
    text = pdf_text(save_pdf(document, tmp_path / "plain.pdf"))
    assert text != source_text(plain)
    assert "\u2f08" in text or "\u2edd" in text  # ⼈ or ⻝ instead of 人 / 食


def test_rendering_does_not_change_the_record() -> None:
    doc = decided("rejected", NOT_COMPETENT)
    before = deepcopy(doc)
    render_html(DocKind.rejection, doc, context(LATER))
    assert doc == before


@pytest.mark.parametrize("count", [12, 30])
def test_text_layer_of_a_long_supplement_notice_over_pages(
    qapp: object, tmp_path: Path, count: int
) -> None:
    doc = decided("awaiting_supplement")
    doc["supplement"]["missing"] = [
        {
            "code": f"M{n:02d}",
            "name": f"补充材料第{n}项（人员、食品安全）",
            "problem": "未提供 missing",
        }
        for n in range(1, count + 1)
    ]
    ctx = context(LATER)
    html = render_html(DocKind.supplement, doc, ctx)
    path = save_pdf(render(DocKind.supplement, doc, ctx), tmp_path / "long.pdf")
    assert pdf_text(path) == source_text(html)
    if count == 30:  # really over a page break
        from PySide6.QtPdf import QPdfDocument

        pdf = QPdfDocument(None)
        pdf.load(str(path))
        assert pdf.pageCount() >= 2
