"""The supervisor backend's reads over a real store: office users and audit pages."""

from __future__ import annotations

from pathlib import Path

from offline.store.actions import Actor
from tests.ui.supervisor.office import CLERKS, SUPERVISOR, seeded_store
from ui.supervisor.backend import AuditFilter, SupervisorBackend


def test_users_and_audit_pages(tmp_path: Path) -> None:
    thread = seeded_store(tmp_path / "store.db", n=3)
    try:
        backend = SupervisorBackend(thread, Actor(SUPERVISOR[0], "supervisor"), "520102")
        assert backend.store is thread
        users = backend.users()
        assert {u["user_id"]: u["display_name"] for u in users} == {
            **CLERKS,
            SUPERVISOR[0]: SUPERVISOR[2],
        }
        assert {u["role"] for u in users} == {"clerk", "supervisor"}
        first = backend.audit_page(AuditFilter(), limit=2)
        rest = backend.audit_page(AuditFilter(), after_seq=first[-1][0], limit=500)
        seqs = [row[0] for row in first + rest]
        assert seqs == sorted(seqs) and len(seqs) == len(set(seqs)) > 4
        newest = backend.audit_page(AuditFilter(), after_seq=None, limit=2)
        older = backend.audit_page(AuditFilter(), after_seq=None, before_seq=newest[-1][0])
        assert [row[0] for row in newest + older] == sorted(seqs, reverse=True)
        cached = backend.audit_page(AuditFilter(action="user.cached"))
        assert {row[2] for row in cached} == {u["user_id"] for u in users}
        assert len(cached) == 3 and {row[3] for row in cached} == {"user.cached"}
    finally:
        thread.close()
