# CounterDesk developer commands. Every target bootstraps .venv from uv.lock first.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen
export PYTHONFAULTHANDLER := 1

.PHONY: test test-clock lint bench chaos demo screenshots clean venv

venv: .venv/.ok
.venv/.ok: pyproject.toml uv.lock scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $@

# Every test, in a shuffled order (pytest-randomly prints the seed; repeat a failing order
# with PYTEST_ADDOPTS="-p randomly --randomly-seed=N", or turn shuffling off with -p no:randomly).
test: venv
	$(PY) -m pytest -q -n 2 -m "not slow"

# The same suite on a wall clock the tests do not control: 23:59:30 Shanghai time on
# 2026-12-31, running on, once under TZ=Asia/Shanghai and once under TZ=America/Los_Angeles
# (libfaketime from Debian's packages, installed when missing; see scripts/test-clock.sh).
test-clock: venv
	bash scripts/test-clock.sh

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy offline
	.venv/bin/lint-imports

bench: venv
	$(PY) tests/benchmarks/store.py
	$(PY) tests/benchmarks/sync.py
	$(PY) tests/benchmarks/platform.py
	$(PY) tests/benchmarks/ui.py
	$(PY) tests/benchmarks/reports.py

clean:
	rm -rf .venv .tools .mypy_cache .ruff_cache

.PHONY: openapi
openapi: venv
	$(PY) -m central openapi --out client/openapi.json

chaos: venv
	$(PY) -m tests.chaos.runner --schedules 1000 --jobs 2

# The app with the reference platform and a demo profile (needs a display; the shared
# offscreen default above is for tests only).
demo: venv
	bash scripts/demo-deps.sh
	env -u QT_QPA_PLATFORM $(PY) -m demo

# Main screens rendered offscreen into docs/screenshots/ (needs a CJK font: fonts-noto-cjk).
screenshots: venv
	@fc-list 2>/dev/null | grep -i 'CJK' >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; } || echo 'screenshots: install fonts-noto-cjk for Chinese text' >&2
	$(PY) -m demo.screenshots --out docs/screenshots

# The frozen desktop app for this OS (PyInstaller one-folder; on Linux also a .deb), and the
# same build proven: its self-test, the .deb installed and run, sizes and start-up in JSON.
.PHONY: package package-test
package: venv
	bash scripts/package.sh

package-test: venv
	bash scripts/package-test.sh

# Only the `pip install .` proof: a fresh venv, the wheel's translations, no platform deps.
.PHONY: install-test
install-test: venv
	$(PY) -m pytest -q -m slow tests/packaging
