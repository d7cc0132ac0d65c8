#!/usr/bin/env bash
# Wrap the one-folder build in a CounterDesk.app bundle inside a .dmg.
set -euo pipefail
dist="$1"; out="$2"
arch=$(uname -m)
app="$out/CounterDesk.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp -R "$dist"/. "$app/Contents/MacOS/"
cat > "$app/Contents/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>CFBundleName</key><string>CounterDesk</string>
  <key>CFBundleDisplayName</key><string>窗口通 CounterDesk</string>
  <key>CFBundleIdentifier</key><string>cn.counterdesk.CounterDesk</string>
  <key>CFBundleExecutable</key><string>counterdesk</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>LSMinimumSystemVersion</key><string>12.0</string>
  <key>NSHighResolutionCapable</key><true/>
</dict></plist>
PLIST
hdiutil create -volname CounterDesk -srcfolder "$app" -ov -format UDZO "$out/counterdesk-macos-$arch.dmg"
