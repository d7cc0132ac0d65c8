#!/usr/bin/env bash
# `make package`: the PyInstaller one-folder build for this OS in dist/counterdesk/, and on
# Linux also a .deb in dist/. PyInstaller comes from the `package` dependency group.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=$(command -v uv || echo .tools/bin/uv)
"$UV" sync --frozen --extra platform --group package -q
version=$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("counterdesk"))')
.venv/bin/python -c "from pathlib import Path; from ui import i18n; i18n.ensure_compiled(Path('build/i18n'))"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/counterdesk.spec
if [ "$(uname -s)" = Linux ] && command -v dpkg-deb >/dev/null; then
  bash packaging/linux/build-deb.sh dist/counterdesk dist "$version"
fi
