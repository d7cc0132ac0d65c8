#!/usr/bin/env bash
# `make package-test`: prove `pip install .` in a fresh venv (tests/packaging), build the
# frozen app for this OS, run its self-test, and on Linux install the .deb, run the installed
# command's self-test, and remove the package again.
# Ends with the package benchmark's JSON (sizes, frozen vs source start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== pip install . into a fresh venv"
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -m slow tests/packaging
bash scripts/package.sh
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# A self-test needs a keyring; a CI runner has none, so the file keyring is chosen
# explicitly, exactly as a headless training machine would (docs/admin.md).
export HOME="$home" XDG_DATA_HOME="$home/xdg" QT_QPA_PLATFORM=offscreen \
  PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring COUNTERDESK_ALLOW_FILE_KEYRING=1
echo "== self-test of the frozen build"
dist/counterdesk/counterdesk --self-test
missing=$(find dist/counterdesk -name 'libqxcb.so' -exec ldd {} \; | grep 'not found' || true)
if [ -n "$missing" ]; then
  echo "package-test: the xcb platform plugin lacks libraries:" >&2
  echo "$missing" >&2
fi
if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  deb=$(ls -t dist/counterdesk_*.deb | sed -n 1p)  # sed reads all: no SIGPIPE under pipefail
  echo "== installing $deb"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
  echo "== self-test of the installed command"
  /usr/bin/counterdesk --self-test
  test -f /usr/share/applications/counterdesk.desktop
  test -f /usr/share/metainfo/cn.counterdesk.CounterDesk.metainfo.xml
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq counterdesk >/dev/null
fi
.venv/bin/python tests/benchmarks/package.py --dist dist
