"""The support tools on broken profiles: `doctor` and `diagnostics` never crash, and say in
plain words what is wrong, on a damaged file, a missing key and a wrong key.

Each command runs as a real subprocess (file keyring allowed explicitly, as on a support
desk's machine), on a real SQLCipher file damaged by flipping bytes on disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE_WORDS = ("btree", "malformed", "Tree ", "Traceback", "sqlcipher3", "DatabaseError")
FILL = """
import sys
from pathlib import Path
from offline.store.opening import open_profile
from tests.fixtures.store import CLERK, SAMPLE_ITEMS, intake_fields
store = open_profile("desk", Path(sys.argv[1]), create=True)
store.register_device("520102", "03")
store.upsert_catalog(SAMPLE_ITEMS)
for i in range(150):
    store.intake(CLERK, **intake_fields(name=f"张{i}"))
store.close()
"""


def _env(home: Path) -> dict[str, str]:
    return dict(
        os.environ,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "xdg"),
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        COUNTERDESK_ALLOW_FILE_KEYRING="1",
        PYTHONPATH=str(ROOT),
    )


def _run(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *argv],
        capture_output=True,
        text=True,
        env=_env(home),
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home (with its file keyring) and a data dir holding one profile with 150 records."""
    home = tmp_path_factory.mktemp("home")
    subprocess.run(
        [sys.executable, "-c", FILL, str(home / "data")],
        env=_env(home),
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return home


@pytest.fixture
def home(pristine: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "home"
    shutil.copytree(pristine, copy)
    yield copy


def _db(home: Path) -> Path:
    return home / "data" / "profiles" / "desk" / "store.db"


def _flip(db: Path, offset: int, length: int = 64) -> None:
    data = bytearray(db.read_bytes())
    data[offset : offset + length] = bytes((b ^ 0xA5) for b in data[offset : offset + length])
    db.write_bytes(bytes(data))


def _common(home: Path) -> list[str]:
    return ["--profile", "desk", "--data-dir", str(home / "data")]


def _assert_plain(result: subprocess.CompletedProcess[str]) -> None:
    shown = result.stdout + result.stderr
    for word in ENGINE_WORDS:
        assert word not in shown, f"{word!r} shown to the user:\n{shown}"


@pytest.mark.parametrize("where", [0.25, 0.5, 0.75])
def test_doctor_names_the_damage_and_never_crashes(home: Path, where: float) -> None:
    db = _db(home)
    _flip(db, int(db.stat().st_size * where))
    result = _run(home, "doctor", *_common(home), "--json")
    _assert_plain(result)
    assert result.returncode == 1
    checks = {c["key"]: c for c in json.loads(result.stdout)}
    database = checks["database"]
    assert database["level"] == "fail"
    assert "store restore" in database["zh"] and "Restore from a backup" in database["en"]
    assert database["detail"]["error"] == "database_corrupt"
    assert database["detail"]["tables"] or database["detail"]["pages"]


def test_doctor_on_a_damaged_file_says_which_tables(home: Path) -> None:
    db = _db(home)
    _flip(db, db.stat().st_size // 2)
    result = _run(home, "doctor", *_common(home))
    _assert_plain(result)
    assert "数据库" in result.stdout and "The database" in result.stdout
    log = (db.parent / "logs" / "counterdesk.log").read_text("utf-8")
    assert "integrity" in log or "Tree " in log or "page" in log  # the detail went to the log


def test_diagnostics_bundles_logs_and_state_of_a_damaged_file(home: Path) -> None:
    db = _db(home)
    logs = db.parent / "logs"
    logs.mkdir()
    (logs / "counterdesk.log").write_text("2026-12-01 sync failed\n", "utf-8")
    _flip(db, db.stat().st_size // 2)
    out = home / "bundle.zip"
    result = _run(home, "diagnostics", *_common(home), "--out", str(out))
    _assert_plain(result)
    assert result.returncode == 0
    with zipfile.ZipFile(out) as bundle:
        names = bundle.namelist()
        state = json.loads(bundle.read("sync_state.json"))
    assert "logs/counterdesk.log" in names and "versions.json" in names
    assert state["error"] == "database_corrupt"
    assert state["damage"]["tables"] or state["damage"]["pages"]


@pytest.mark.parametrize("tool", ["doctor", "diagnostics"])
def test_missing_key_is_reported_in_plain_words(home: Path, tool: str) -> None:
    script = "import keyring; keyring.delete_password('counterdesk', 'db-key:desk')"
    subprocess.run([sys.executable, "-c", script], env=_env(home), check=True, cwd=ROOT)
    out = home / "b.zip"
    extra = ["--out", str(out)] if tool == "diagnostics" else ["--json"]
    result = _run(home, tool, *_common(home), *extra)
    _assert_plain(result)
    if tool == "doctor":
        database = {c["key"]: c for c in json.loads(result.stdout)}["database"]
        assert database["detail"]["error"] == "key_missing"
        assert "密钥" in database["zh"] and "recovery key" in database["en"]
    else:
        assert result.returncode == 0
        with zipfile.ZipFile(out) as bundle:
            assert json.loads(bundle.read("sync_state.json"))["error"] == "key_missing"


@pytest.mark.parametrize("tool", ["doctor", "diagnostics"])
def test_wrong_key_is_told_apart_from_damage(home: Path, tool: str) -> None:
    script = "import keyring; keyring.set_password('counterdesk', 'db-key:desk', '11' * 32)"
    subprocess.run([sys.executable, "-c", script], env=_env(home), check=True, cwd=ROOT)
    out = home / "b.zip"
    extra = ["--out", str(out)] if tool == "diagnostics" else ["--json"]
    result = _run(home, tool, *_common(home), *extra)
    _assert_plain(result)
    if tool == "doctor":
        database = {c["key"]: c for c in json.loads(result.stdout)}["database"]
        assert database["detail"]["error"] == "wrong_key"
    else:
        with zipfile.ZipFile(out) as bundle:
            assert json.loads(bundle.read("sync_state.json"))["error"] == "wrong_key"


@pytest.mark.parametrize("command", [["store", "info"], ["store", "verify-audit"], ["status"]])
def test_store_commands_refuse_a_damaged_file_without_engine_text(
    home: Path, command: list[str]
) -> None:
    db = _db(home)
    _flip(db, db.stat().st_size // 2)
    result = _run(home, *command, *_common(home))
    _assert_plain(result)
    assert result.returncode != 0
    assert "备份" in result.stderr and "backup" in result.stderr


def test_sync_without_a_user_says_so(home: Path) -> None:
    result = _run(home, "sync", *_common(home), "--platform-url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert "--user" in result.stderr and "No user named" in result.stderr
    assert "登录已失效" not in result.stderr
