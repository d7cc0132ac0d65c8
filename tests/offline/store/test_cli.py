"""The `counterdesk store ...` commands, run in-process against real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from ui.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_store_commands_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--profile", "office1", "--data-dir", str(tmp_path)]
    code, out, _ = _run(capsys, "store", "init", *common)
    assert code == 0 and "已创建加密数据库" in out and "created" in out
    code, _, err = _run(capsys, "store", "init", *common)
    assert code == 2 and "已有数据库" in err
    code, out, _ = _run(capsys, "store", "info", *common, "--json")
    info = json.loads(out)
    assert code == 0 and info["schema_version"] >= 2 and info["applications"] == 0
    code, out, _ = _run(capsys, "store", "verify-audit", *common)
    assert code == 0 and "审计日志完整" in out
    backup = tmp_path / "b.db"
    code, out, _ = _run(capsys, "store", "backup", *common, "--to", str(backup))
    assert code == 0 and backup.exists()
    code, out, _ = _run(capsys, "store", "restore", *common, "--from", str(backup))
    assert code == 0 and "另存" in out
    assert list((tmp_path / "profiles" / "office1").glob("store.db.replaced-*"))


def test_refusals_exit_2_with_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "store", "info", "--profile", "ghost", "--data-dir",
                        str(tmp_path))  # fmt: skip
    assert code == 2 and "store init" in err and "还没有数据库" in err
    keyring.set_keyring(keyring.backends.fail.Keyring())
    code, _, err = _run(capsys, "store", "init", "--profile", "x", "--data-dir", str(tmp_path))
    assert code == 2 and "密钥环" in err and "keyring" in err
    assert not (tmp_path / "profiles" / "x" / "store.db").exists()


def test_tampered_audit_fails_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from offline.store.opening import open_profile

    common = ["--profile", "t", "--data-dir", str(tmp_path)]
    _run(capsys, "store", "init", *common)
    with open_profile("t", tmp_path) as store:
        store.register_device("520102", "03")
        store.conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    code, _, err = _run(capsys, "store", "verify-audit", *common)
    assert code == 1 and "第 1 条被修改" in err


def test_help_and_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0 and "store" in out and "CounterDesk" in out
    code, _, err = _run(capsys, "frobnicate")
    assert code == 2 and "unknown command" in err


def test_no_subcommand_opens_the_gui(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.app

    seen: list[list[str]] = []
    monkeypatch.setattr(ui.app, "run", lambda argv: seen.append(list(argv)) or 7)
    assert main([]) == 7 and main(["--profile", "demo"]) == 7
    assert seen == [[], ["--profile", "demo"]]


def test_dispatcher_imports_no_qt() -> None:
    script = ("import sys, ui.cli; ui.cli.main(['store', '--help']) if False else None; "
              "print(any(m.startswith(('PySide6', 'qasync')) for m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[3], check=True)  # fmt: skip
    assert out.stdout.strip() == "False"


def test_store_info_never_imports_qt(tmp_path: Path) -> None:
    """A real `store init` + `store info` in a fresh interpreter (file keyring, allowed
    explicitly): the store is opened, and neither PySide6 nor qasync is ever loaded."""
    script = (
        "import sys, ui.cli\n"
        "common = ['--profile', 'p', '--data-dir', sys.argv[1]]\n"
        "assert ui.cli.main(['store', 'init', *common]) == 0\n"
        "assert ui.cli.main(['store', 'info', '--json', *common]) == 0\n"
        "assert 'offline.store.store' in sys.modules\n"
        "print('QT', any(m.startswith(('PySide6', 'qasync')) for m in sys.modules))\n"
    )
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "xdg"),
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
               COUNTERDESK_ALLOW_FILE_KEYRING="1")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "data")],
                         capture_output=True, text=True, env=env,
                         cwd=Path(__file__).resolve().parents[3], check=True)  # fmt: skip
    assert '"applications": 0' in out.stdout and out.stdout.strip().endswith("QT False")


def test_info_on_an_old_file_shows_the_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from offline.store import connection, keys, migrations, paths

    db = paths.db_path("old", tmp_path)
    conn = connection.create_database(db, keys.load_or_create_key("old"))
    migrations.migrate(conn, target=4)
    conn.execute("INSERT INTO sync_state (id, device_id) VALUES (1, 'dev-old')")
    conn.close()
    code, out, err = _run(capsys, "store", "info", "--profile", "old", "--data-dir",
                          str(tmp_path), "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["schema_version"] == migrations.LATEST
    assert "正在升级数据库（版本 4 → " in err and "schema 4 -> " in err
    assert err.strip().splitlines()[-1] == "100%"
    code, _, err = _run(capsys, "store", "verify-audit", "--profile", "old", "--data-dir",
                        str(tmp_path))  # fmt: skip
    assert "升级" not in err  # already current


def test_export_audit_writes_the_chain_as_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--profile", "office1", "--data-dir", str(tmp_path)]
    assert _run(capsys, "store", "init", *common)[0] == 0
    dest = tmp_path / "audit.jsonl"
    code, out, _ = _run(capsys, "store", "export-audit", *common, "--to", str(dest))
    assert code == 0 and "verify-audit" in out
    entries = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert entries[0]["action"] == "store.created" and entries[0]["seq"] == 1
    assert all(e["hash"] and "prev_hash" in e for e in entries)
