#!/usr/bin/env bash
# System pieces a real window needs beyond the test suite's offscreen platform: Qt's xcb
# plugin libraries (libxcb-cursor0 is missing on many Debian/Ubuntu installs since Qt 6.5)
# and a CJK font so the Chinese UI renders. Installs them when we are root; else says which.
set -euo pipefail
# Read each listing whole before searching it: `fc-list | grep -q` under pipefail fails
# with SIGPIPE (141) whenever grep stops reading early, i.e. exactly when the match is found.
libs=$(ldconfig -p 2>/dev/null || true)
fonts=$(fc-list 2>/dev/null || true)
pkgs=()
for lib in libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libxcb-image.so.0 \
           libxcb-keysyms.so.1 libxcb-randr.so.0 libxcb-render-util.so.0 libxcb-shape.so.0 \
           libxcb-xinerama.so.0 libxcb-xkb.so.1 libX11-xcb.so.1; do
  if ! grep -qF -- "$lib" <<<"$libs"; then
    pkgs+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
           libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1)
    break
  fi
done
grep -qi cjk <<<"$fonts" || pkgs+=(fonts-noto-cjk)
[ "${#pkgs[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "demo: installing system packages: ${pkgs[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
else
  echo "demo: please install: ${pkgs[*]} (sudo apt-get install ...)" >&2
fi
