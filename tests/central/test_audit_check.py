"""`python -m central verify-audit`: an exported audit log is checked against the keys
registered on the platform, without trusting the device."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from central.__main__ import main
from offline.domain.canonical import signed_message
from offline.store.audit import GENESIS, entry_hash
from tests.central.helpers import login
from tests.fixtures.platform import PlatformServer


def _export(signer: object, actor: str, tamper: bool = False) -> list[str]:
    digest = bytes(range(32))
    sig = base64.b64encode(signer.key.sign(signed_message(digest))).decode()  # type: ignore[attr-defined]
    detail = {"seq": 1, "key_id": signer.key_id, "digest": digest.hex(), "sig": sig}  # type: ignore[attr-defined]
    content = {
        "at": "2026-12-07T08:00:00+00:00",
        "actor": actor,
        "action": "application.create",
        "record_id": "r1",
        "op_id": "o1",
        "detail": detail,
    }
    digest_text = entry_hash(GENESIS, content)
    if tamper:
        content["actor"] = "u-nm-super"  # claims someone else did it
        digest_text = entry_hash(GENESIS, content)
    return [json.dumps({**content, "seq": 1, "prev_hash": GENESIS, "hash": digest_text})]


def test_signed_audit_log_verifies_and_a_rewritten_actor_does_not(
    fresh_platform: PlatformServer, tmp_path: Path
) -> None:
    clerk = login(fresh_platform, "nm-clerk1")
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(_export(clerk.signer, "u-nm-clerk1")), encoding="utf-8")  # type: ignore[attr-defined]
    assert main(["verify-audit", str(good), "--db", str(fresh_platform.db_path)]) == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(_export(clerk.signer, "u-nm-clerk1", True)), encoding="utf-8")  # type: ignore[attr-defined]
    assert main(["verify-audit", str(bad), "--db", str(fresh_platform.db_path)]) == 1
