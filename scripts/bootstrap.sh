#!/usr/bin/env bash
# Creates .venv from uv.lock on a fresh Debian/Ubuntu machine that has only python3.
# Why a script: Debian's python3 ships without venv/pip, and Qt needs a few system
# libraries even offscreen; this installs them when we are root and they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Listings are read whole before grep: `cmd | grep -q` under pipefail fails with SIGPIPE
# (141) when grep stops at the first match while cmd is still writing.
libs=$(ldconfig -p 2>/dev/null || true)
fonts=$(fc-list 2>/dev/null || true)
need_apt=()
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then need_apt+=(python3-venv python3-pip); fi
for lib in libEGL.so.1 libGL.so.1 libfontconfig.so.1 libxkbcommon.so.0 libdbus-1.so.3 libglib-2.0.so.0; do
  if ! grep -qF -- "$lib" <<<"$libs"; then
    need_apt+=(libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libxkbcommon0)
    break
  fi
done
# Printed notices need a CJK font (their print-font copy is made from Noto Serif CJK) and
# the tests read PDFs back with poppler's pdftotext.
if ! grep -q 'Noto Serif CJK' <<<"$fonts"; then need_apt+=(fonts-noto-cjk); fi
if ! command -v pdftotext >/dev/null; then need_apt+=(poppler-utils); fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing system packages: ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "bootstrap: please install: ${need_apt[*]} (sudo apt-get install ...)" >&2
  fi
fi

UV=$(command -v uv || true)
if [ -z "$UV" ]; then
  if [ ! -x .tools/bin/uv ]; then
    python3 -m venv .tools
    .tools/bin/pip install -q "uv>=0.5"
  fi
  UV=.tools/bin/uv
fi
export UV_PYTHON_DOWNLOADS=never
# The `platform` extra (the reference central platform) is for `make demo` and the tests.
"$UV" sync --frozen --extra platform --python python3 -q
# PySide6's wheels share one folder; removing one of them (the old PySide6 meta package, or
# WebEngine) deletes files the others still need. Reinstall them when that happened.
if ! .venv/bin/python -c 'import PySide6, sys; sys.exit(PySide6.__file__ is None)' 2>/dev/null; then
  "$UV" sync --frozen --extra platform --python python3 -q \
    --reinstall-package pyside6-essentials --reinstall-package pyside6-addons \
    --reinstall-package pyside6-pdf --reinstall-package shiboken6
fi
echo "bootstrap: .venv ready"
