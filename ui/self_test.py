"""`counterdesk --self-test`: the installed app checks itself on the machine it runs on.

An IT admin who has just installed CounterDesk on a clerk's PC (or a CI job that has just
built an installer) needs one command that proves the parts a counter depends on work
*here*: the encrypted database, the Chinese translations, printing a notice to PDF, the OS
keyring, the OS trust store, the time-zone and holiday data, QR codes, and the platform
link if one is configured. Everything runs in a temporary profile that is deleted
afterwards; the result is one JSON line, and the exit code is non-zero on any failure.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

SELF_TEST_USER = "self-test"
KNOWN_STRING = ("MainWindow", "Quit", "退出")
SAMPLE_ITEM: dict[str, Any] = {
    "code": "SELFTEST0001",
    "name": "自检事项",
    "department": "自检部门",
    "item_type": "公共服务",
    "project_type": "即办",
    "legal_limit": {"amount": 1, "unit": "working_days"},
    "promised_limit": {"amount": 1, "unit": "working_days"},
    "materials": [
        {
            "code": "M01",
            "name": "申请表",
            "form": "paper",
            "required": True,
            "condition": None,
            "originals": 1,
            "copies": 0,
        }
    ],
    "fees": [],
    "scope": "全省通办",
    "form_fields": [],
    "active": True,
}


@dataclass(frozen=True)
class Result:
    """One check: `name`, whether it passed, and what was seen (or what is missing)."""

    name: str
    ok: bool
    detail: str
    ms: float


def _id_number() -> str:
    """A resident ID number that passes GB 11643's check (ISO 7064 MOD 11-2)."""
    from stdnum.cn import ric

    body = "52010219900307123"
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character


def check_store(root: Path) -> str:
    """A keyed SQLCipher file: write an application, close, reopen, read it back."""
    from offline.store import Actor
    from offline.store.store import Store

    key = secrets.token_bytes(32)
    path = root / "store.db"
    store = Store.create(path, key)
    try:
        store.register_device("520102", "01")
        store.upsert_catalog([SAMPLE_ITEM])
        doc = store.intake(
            Actor(SELF_TEST_USER, "clerk"),
            item_code=SAMPLE_ITEM["code"],
            applicant={
                "kind": "person",
                "name": "自检",
                "cert_type": "111",
                "cert_no": _id_number(),
            },
            phone="13800138000",
            materials=[{"code": "M01", "originals": 1, "copies": 0}],
        )
    finally:
        store.close()
    again = Store.open(path, key, check="quick")
    try:
        back = again.get(doc["id"])
    finally:
        again.close()
    if back is None or back["receipt_no"] != doc["receipt_no"]:
        raise RuntimeError("the record did not read back")
    return f"receipt {doc['receipt_no']} written, reopened and read back"


def check_translations() -> str:
    """The zh_CN translations load and translate a known string."""
    from PySide6.QtCore import QCoreApplication

    from ui import i18n

    app = QCoreApplication.instance()
    assert app is not None
    installed = i18n.install_translators(app, "zh_CN")
    try:
        # literal arguments, so the message extractor sees a real catalogue entry
        got = QCoreApplication.translate("MainWindow", "Quit")
    finally:
        i18n.remove_translators(app, installed)
    _context, source, expected = KNOWN_STRING
    if got != expected:
        raise RuntimeError(f"'{source}' translated as '{got}', expected '{expected}'")
    return f"'{source}' → '{got}'"


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_pdf(root: Path) -> str:
    """A receipt renders to PDF offscreen and its text layer holds the receipt's text."""
    from PySide6.QtPdf import QPdfDocument

    from ui.printing.documents import DocKind, PrintContext, render
    from ui.printing.output import save_pdf

    doc = {
        "receipt_no": "520102-01-20260101-0001",
        "query_password": "123456",
        "item_name": SAMPLE_ITEM["name"],
        "applicant": {"name": "自检人", "cert_type": "111", "cert_no": _id_number()},
        "received_at": datetime.now(UTC).isoformat(),
        "status": "received",
        "materials": [{"code": "M01", "name": "申请表", "originals": 1, "copies": 0}],
        "history": [],
    }
    document = render(DocKind.receipt, doc, PrintContext("自检窗口", "自检", date.today()))
    path = save_pdf(document, root / "receipt.pdf")
    pdf = QPdfDocument()
    pdf.load(str(path))
    try:
        text = "".join(pdf.getAllText(page).text() for page in range(pdf.pageCount()))
    finally:
        pdf.close()
    for needle in ("收件凭证", doc["receipt_no"], "申请表"):
        if _plain(needle) not in _plain(text):
            raise RuntimeError(f"the PDF's text layer lacks '{needle}'")
    return f"{path.stat().st_size} bytes, {len(text)} characters of text"


def check_keyring() -> str:
    """The OS keyring keeps a secret (set, read back, delete)."""
    import keyring

    from offline.store import keys

    backend = keys.require_secure_keyring()
    name = f"self-test-{secrets.token_hex(4)}"
    value = secrets.token_hex(8)
    keyring.set_password(keys.SERVICE, name, value)
    try:
        if keyring.get_password(keys.SERVICE, name) != value:
            raise RuntimeError("the keyring did not keep the secret")
    finally:
        keyring.delete_password(keys.SERVICE, name)
    return type(backend).__name__


def check_trust_store() -> str:
    """The OS trust store loads (what https to the platform verifies against)."""
    import ssl

    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return f"truststore {truststore.__version__} ({context.protocol.name})"


def check_time_data() -> str:
    """Asia/Shanghai from tzdata, and this year's holiday calendar."""
    from zoneinfo import ZoneInfo

    import chinese_calendar

    zone = ZoneInfo("Asia/Shanghai")
    today = datetime.now(zone).date()
    chinese_calendar.is_workday(date(today.year, 1, 1))  # raises beyond its data
    return f"Asia/Shanghai {datetime.now(zone).strftime('%z')}, calendar {today.year}"


def check_qr() -> str:
    import segno

    code = segno.make("520102-01-20260101-0001", error="m")
    return f"version {code.version}"


def check_platform(url: str) -> str:
    """The configured platform answers /health."""
    import httpx

    response = httpx.get(url.rstrip("/") + "/api/v1/health", timeout=5.0)
    body = response.json()
    if response.status_code != 200 or body.get("status") != "ok":
        raise RuntimeError(f"HTTP {response.status_code}")
    return f"{url} ok"


def _timed(name: str, check: Callable[[], str]) -> Result:
    start = time.perf_counter()
    try:
        detail, ok = check(), True
    except Exception as exc:  # every failure is a result, never a crash
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return Result(name, ok, detail, round((time.perf_counter() - start) * 1000, 1))


def run(platform_url: str | None = None) -> tuple[bool, list[Result]]:
    """Every check, in a temporary profile that is removed afterwards."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    with tempfile.TemporaryDirectory(prefix="counterdesk-self-test-") as tmp:
        root = Path(tmp)
        results = [
            _timed("store", lambda: check_store(root)),
            _timed("translations", check_translations),
            _timed("pdf", lambda: check_pdf(root)),
            _timed("keyring", check_keyring),
            _timed("trust_store", check_trust_store),
            _timed("time_data", check_time_data),
            _timed("qr", check_qr),
        ]
        if platform_url:
            results.append(_timed("platform", lambda: check_platform(platform_url)))
    del app
    return all(r.ok for r in results), results


def main(argv: list[str]) -> int:
    """`counterdesk --self-test [--platform-url URL]`: one JSON line; 0 only if all pass."""
    url = None
    if "--platform-url" in argv:
        index = argv.index("--platform-url")
        url = argv[index + 1] if index + 1 < len(argv) else None
    ok, results = run(url)
    print(
        json.dumps(
            {"self_test": "ok" if ok else "failed", "checks": [asdict(r) for r in results]},
            ensure_ascii=False,
        )
    )
    return 0 if ok else 1
