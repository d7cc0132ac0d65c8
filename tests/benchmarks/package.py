"""Package figures: size of the one-folder build and the .deb, and start-up of the frozen
app against the same start from source, measured in one run.

Start-up is measured from outside: the parent takes the time just before exec and hands
it to the child (`COUNTERDESK_T0`); the app's `--startup-probe` prints the milliseconds to
its window and to its first page (sign-in or setup), then quits. Each side runs `--runs`
times in a fresh temporary profile; the JSON gives median and max. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BUDGETS = {"unpacked_mb": 250.0, "frozen_window_ms": 1500.0}


def folder_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return round(total / 1024 / 1024, 1)


def start_once(command: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cd-start-") as tmp:
        env = dict(
            os.environ,
            HOME=tmp,
            XDG_DATA_HOME=str(Path(tmp) / "xdg"),
            QT_QPA_PLATFORM="offscreen",
            PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
            COUNTERDESK_ALLOW_FILE_KEYRING="1",
        )
        env["COUNTERDESK_T0"] = repr(time.time())
        done = subprocess.run(
            [*command, "--startup-probe", "--profile", "probe", "--data-dir", tmp],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
        )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"start-up probe failed: {done.stderr[-500:]}")
    return {k: float(v) for k, v in json.loads(lines[-1]).items()}


def starts(command: list[str], runs: int) -> dict[str, Any]:
    samples = [start_once(command) for _ in range(runs)]
    out: dict[str, Any] = {"runs": runs}
    for key in samples[0]:
        values = [s[key] for s in samples]
        out[key] = {"median": round(statistics.median(values), 1), "max": max(values)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    build = args.dist / "counterdesk"
    exe = build / ("counterdesk.exe" if sys.platform == "win32" else "counterdesk")
    debs = sorted(args.dist.glob("counterdesk_*.deb"))
    start_source = starts([sys.executable, "-m", "ui.cli"], args.runs)  # the yardstick
    start_frozen = starts([str(exe)], args.runs)
    result: dict[str, Any] = {
        "benchmark": "package",
        "platform": sys.platform,
        "unpacked_mb": folder_mb(build),
        "deb_mb": round(debs[-1].stat().st_size / 1024 / 1024, 1) if debs else None,
        "start_frozen": start_frozen,
        "start_source": start_source,
        "frozen_over_source_window": round(
            start_frozen["window_ms"]["median"] / start_source["window_ms"]["median"], 2
        ),
        "budgets": BUDGETS,
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
    result["within_budget"] = {
        "unpacked_mb": result["unpacked_mb"] <= BUDGETS["unpacked_mb"],
        "frozen_window_ms": start_frozen["window_ms"]["max"] <= BUDGETS["frozen_window_ms"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
