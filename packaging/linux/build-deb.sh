#!/usr/bin/env bash
# Wrap the PyInstaller one-folder build (dist/counterdesk) into a .deb with a desktop
# entry, an icon and AppStream metadata. Usage: build-deb.sh DIST_DIR OUT_DIR VERSION
set -euo pipefail
dist="$1"; out="$2"; version="$3"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
arch="$(dpkg --print-architecture)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/metainfo"
cp -a "$dist" "$stage/opt/counterdesk"
ln -s /opt/counterdesk/counterdesk "$stage/usr/bin/counterdesk"
install -m 0644 "$here/counterdesk.desktop" "$stage/usr/share/applications/counterdesk.desktop"
install -m 0644 "$root/counterdesk_resources/icons/counterdesk.svg" \
  "$stage/usr/share/icons/hicolor/scalable/apps/counterdesk.svg"
install -m 0644 "$here/cn.counterdesk.CounterDesk.metainfo.xml" \
  "$stage/usr/share/metainfo/cn.counterdesk.CounterDesk.metainfo.xml"
size_kb="$(du -sk "$stage/opt" | cut -f1)"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: counterdesk
Version: $version
Section: misc
Priority: optional
Architecture: $arch
Installed-Size: $size_kb
Depends: libc6 (>= 2.34), libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libpulse0
Recommends: fonts-noto-cjk, gnome-keyring | kwalletmanager
Maintainer: CounterDesk maintainers <counterdesk@localhost>
Description: Offline-first intake for government service counters (窗口通)
 Clerks receive, check and accept citizens' applications offline against an
 encrypted local store, print receipts and notices, and sync with the
 provincial platform whenever a connection exists.
CONTROL
mkdir -p "$out"
deb="$out/counterdesk_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz -z3 --build "$stage" "$deb" >/dev/null
echo "$deb"
