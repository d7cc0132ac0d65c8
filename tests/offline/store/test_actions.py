"""Clerk actions: one transaction each (record + outbox + audit), or nothing at all."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from offline.domain.errors import IllegalTransition, PermissionDenied, ValidationFailed
from offline.store import outbox
from offline.store.store import Store
from tests.fixtures.store import CLERK, CLERK2, SUPERVISOR, intake_fields, valid_id_number


def _counts(store: Store) -> tuple[int, ...]:
    q = store.conn.execute
    return tuple(
        q(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("applications", "outbox", "audit_log", "status_history", "materials",
                  "notes", "ratings", "attachments", "name_grams")
    )  # fmt: skip


def _snapshot(store: Store) -> tuple[Any, ...]:
    q = store.conn.execute
    return (
        _counts(store),
        q("SELECT doc FROM applications ORDER BY id").fetchall(),
        q("SELECT next_seq FROM sync_state").fetchone(),
        q("SELECT * FROM receipt_serials").fetchall(),
    )


def test_intake_writes_record_outbox_and_audit_together(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    assert doc["receipt_no"].startswith("520102-03-") and doc["receipt_no"].endswith("-0001")
    assert doc["status"] == "received" and doc["clerk_id"] == CLERK.user_id
    [mutation] = store.pending_mutations(10)
    assert mutation["kind"] == "create" and mutation["seq"] == 1
    assert mutation["payload"]["doc"] == doc
    assert mutation["device_id"] == store.device_id
    assert doc["history"][0]["op_id"] == mutation["op_id"]
    assert store.get(doc["id"]) == doc
    assert store.record_sync_state(doc["id"]) == "pending"
    entry = store.conn.execute("SELECT action, op_id, detail FROM audit_log ORDER BY seq DESC")
    action, op_id, detail = entry.fetchone()
    assert action == "application.create" and op_id == mutation["op_id"]
    assert "张三" not in detail and valid_id_number() not in detail  # no personal data


def test_receipt_serials_and_outbox_seq_are_gap_free(store: Store) -> None:
    docs = [store.intake(CLERK, **intake_fields(name=f"李{i}")) for i in range(3)]
    with pytest.raises(ValidationFailed):
        store.intake(CLERK, **intake_fields(phone="12"))
    docs.append(store.intake(CLERK, **intake_fields()))
    assert [d["receipt_no"][-4:] for d in docs] == ["0001", "0002", "0003", "0004"]
    store.add_note(CLERK, docs[0]["id"], "第一条")
    assert [m["seq"] for m in store.pending_mutations(100)] == [1, 2, 3, 4, 5]


def test_failure_between_record_and_outbox_leaves_neither(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.intake(CLERK, **intake_fields())
    before = _snapshot(store)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(outbox, "enqueue", boom)
    with pytest.raises(OSError):
        store.intake(CLERK, **intake_fields(name="王五"))
    with pytest.raises(OSError):
        store.add_note(CLERK, first["id"], "备注")
    with pytest.raises(OSError):
        store.transition(CLERK, first["id"], "withdrawn", reason="申请人撤回")
    assert _snapshot(store) == before
    assert store.search("王五").rows == []
    monkeypatch.undo()
    again = store.intake(CLERK, **intake_fields(name="王五"))
    assert again["receipt_no"].endswith("-0002")


def test_crash_mid_transaction_loses_nothing_committed_and_reuses_no_serial(
    store_factory: Any, tmp_path: Path
) -> None:
    store = store_factory("crash", data_dir=tmp_path / "crashdata")
    committed = store.intake(CLERK, **intake_fields())
    store.close()
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path.cwd())!r})
        import keyring
        from tests.conftest import MemoryKeyring
        backend = MemoryKeyring()
        backend.secrets = {{("counterdesk", "db-key:crash"): {_key_hex(store)!r}}}
        keyring.set_keyring(backend)
        from offline.store import outbox
        from offline.store.opening import open_profile
        from tests.fixtures.store import CLERK, intake_fields
        s = open_profile("crash", {str(tmp_path / "crashdata")!r})
        def die(*a, **k):
            os._exit(9)  # kill -9 equivalent: no rollback, no cleanup
        outbox.enqueue = die
        s.intake(CLERK, **intake_fields(name="赵六"))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == 9, result.stderr.decode()
    reopened = store_factory("crash", data_dir=tmp_path / "crashdata")
    assert reopened.get(committed["id"]) == committed
    assert reopened.search("赵六").rows == []
    assert len(reopened.pending_mutations(10)) == 1
    nxt = reopened.intake(CLERK, **intake_fields(name="赵六"))
    assert nxt["receipt_no"].endswith("-0002")
    assert reopened.verify_audit().ok


def _key_hex(store: Store) -> str:
    return store._key.hex()


def test_transition_rules_and_due_date(store: Store) -> None:
    at = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # a Thursday, inside the known calendar
    doc = store.intake(CLERK, **intake_fields(materials=[
        {"code": "M01", "originals": 1, "copies": 1}, {"code": "M02", "originals": 1, "copies": 1}
    ]), now=at)  # fmt: skip
    accepted = store.transition(CLERK, doc["id"], "accepted", now=at)
    assert accepted["status"] == "accepted" and accepted["due_date"] is not None
    assert accepted["due_date"] > accepted["received_at"][:10]
    before = _snapshot(store)
    with pytest.raises(IllegalTransition):
        store.transition(CLERK, doc["id"], "received")
    with pytest.raises(PermissionDenied):
        store.transition(CLERK, doc["id"], "under_review")
    assert _snapshot(store) == before


def test_acceptance_needs_required_materials(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())  # only M01 received, M02 missing
    before = _snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        store.transition(CLERK, doc["id"], "accepted")
    assert any("M02" in i.field for i in info.value.issues)
    assert _snapshot(store) == before
    notice = [{"code": "M02", "name": "登记申请书", "problem": "缺少"}]
    waiting = store.transition(CLERK, doc["id"], "awaiting_supplement", data={"missing": notice})
    assert waiting["supplement"]["missing"] == notice


def test_clerk_cannot_do_supervisor_actions(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    proposed = store.transition(CLERK, doc["id"], "rejection_proposed", reason="材料不符合要求")
    before = _snapshot(store)
    with pytest.raises(PermissionDenied):
        store.transition(CLERK, doc["id"], "rejected")
    with pytest.raises(PermissionDenied):
        store.reassign(CLERK, doc["id"], CLERK2.user_id)
    assert _snapshot(store) == before
    rejected = store.transition(SUPERVISOR, doc["id"], "rejected")
    assert rejected["status"] == "rejected" and proposed["status"] == "rejection_proposed"
    history = store.conn.execute(
        "SELECT from_status, to_status, role FROM status_history WHERE record_id = ? "
        "ORDER BY position", (doc["id"],)
    ).fetchall()  # fmt: skip
    assert history == [(None, "received", "clerk"), ("received", "rejection_proposed", "clerk"),
                       ("rejection_proposed", "rejected", "supervisor")]  # fmt: skip


def test_back_office_role_cannot_act_on_the_device(store: Store) -> None:
    from offline.store.actions import Actor

    with pytest.raises(PermissionDenied):
        store.intake(Actor("u-bo", "back_office"), **intake_fields())
    assert _counts(store)[0] == 0


def test_set_fields_reassign_material_note_rating(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    changed = store.set_fields(CLERK, doc["id"], {"phone": "13900139000", "form.area": 120})
    assert changed["phone"] == "13900139000" and changed["form"]["area"] == 120
    set_mut = store.pending_mutations(10)[-1]
    assert set_mut["payload"]["base"] == {"phone": "13800138000", "form.area": 80}
    moved = store.reassign(SUPERVISOR, doc["id"], CLERK2.user_id)
    assert moved["clerk_id"] == CLERK2.user_id
    scan = b"%PDF-1.4 fake scan bytes" * 100
    with_mat = store.add_material(CLERK, doc["id"], {"code": "M02", "originals": 1, "copies": 1},
                                  content=scan, mime="application/pdf")  # fmt: skip
    sha = with_mat["materials"][-1]["attachment"]
    assert store.read_blob(sha) == scan and store.read_blob(sha, 5, 4) == scan[5:9]
    assert store.pending_blobs() == [(sha, len(scan))]
    noted = store.add_note(CLERK, doc["id"], "申请人下午补交\n第二行")
    assert noted["notes"][-1]["text"] == "申请人下午补交\n第二行"
    rated = store.rate(CLERK, doc["id"], "acceptance", 5, "很满意👍")
    assert rated["ratings"][-1]["comment"] == "很满意👍"
    kinds = [m["kind"] for m in store.pending_mutations(100)]
    assert kinds == ["create", "set_fields", "reassign", "add_material", "add_note", "rate"]
    assert store.verify_audit().ok


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"applicant": {"kind": "person", "name": "张" * 51, "cert_type": "111",
                        "cert_no": valid_id_number()}}, "applicant.name"),
        ({"applicant": {"kind": "person", "name": "张\x00三", "cert_type": "111",
                        "cert_no": valid_id_number()}}, "applicant.name"),
        ({"applicant": {"kind": "person", "name": "张三", "cert_type": "111",
                        "cert_no": valid_id_number()[:-1] + "0"}}, "applicant.cert_no"),
        ({"address": "花果园\x1b[31m"}, "address"),
        ({"address": "路" * 201}, "address"),
        ({"phone": "1380013800O"}, "phone"),
        ({"form": {"area": "八十"}}, "form.area"),
        ({"item_code": "no-such-item"}, "item_code"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_written(
    store: Store, overrides: dict[str, Any], field: str
) -> None:
    before = _snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        store.intake(CLERK, **intake_fields(**overrides))
    assert any(i.field.startswith(field) or field in i.field for i in info.value.issues), [
        i.field for i in info.value.issues
    ]
    assert info.value.message("zh_CN") and info.value.message("en")
    assert _snapshot(store) == before


def test_note_with_control_characters_is_refused(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    before = _snapshot(store)
    for text in ("a\x07b", "", "长" * 2001):
        with pytest.raises(ValidationFailed):
            store.add_note(CLERK, doc["id"], text)
    with pytest.raises(ValidationFailed):
        store.rate(CLERK, doc["id"], "acceptance", 6)
    assert _snapshot(store) == before


def test_emoji_and_sql_metacharacters_are_stored_verbatim(store: Store) -> None:
    name = "O'Brien\"; DROP TABLE applications;--"
    address = "花果园 🏠 '1'='1' %_ \\"
    doc = store.intake(CLERK, **intake_fields(
        applicant={"kind": "person", "name": name, "cert_type": "414", "cert_no": "E12345678"},
        address=address,
    ))  # fmt: skip
    again = store.get(doc["id"])
    assert again is not None
    assert again["applicant"]["name"] == name and again["address"] == address
    assert [r["id"] for r in store.search("DROP TABLE").rows] == [doc["id"]]  # terms AND
    assert [r["id"] for r in store.search("O'Brien\"").rows] == [doc["id"]]
    assert [r["id"] for r in store.search("%_").rows] == []


def test_mixed_width_digits_in_id_numbers_are_normalised(store: Store) -> None:
    number = valid_id_number()
    mixed = "".join(chr(ord(c) + 0xFEE0) if i % 2 and c.isdigit() else c
                    for i, c in enumerate(number))  # fmt: skip
    assert mixed != number
    doc = store.intake(CLERK, **intake_fields(applicant={
        "kind": "person", "name": "张三", "cert_type": "111", "cert_no": mixed,
    }))  # fmt: skip
    assert doc["applicant"]["cert_no"] == number
    assert [r["id"] for r in store.by_cert_no(mixed)] == [doc["id"]]
    assert [r["id"] for r in store.search(mixed[-6:]).rows] == [doc["id"]]


def test_actions_on_unknown_record_are_refused(store: Store) -> None:
    from offline.store.errors import RecordNotFound

    with pytest.raises(RecordNotFound):
        store.add_note(CLERK, "no-such-id", "x")
