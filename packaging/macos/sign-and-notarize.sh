#!/usr/bin/env bash
# Sign the one-folder build with the office's Developer ID and notarize it with Apple.
# Needs MACOS_CERT_P12 (base64), MACOS_CERT_PASSWORD, APPLE_ID, APPLE_TEAM_ID and
# APPLE_APP_PASSWORD (an app-specific password) in the environment.
set -euo pipefail
dist="$1"
keychain="$RUNNER_TEMP/signing.keychain-db"
echo "$MACOS_CERT_P12" | base64 --decode > "$RUNNER_TEMP/cert.p12"
security create-keychain -p "" "$keychain"
security import "$RUNNER_TEMP/cert.p12" -k "$keychain" -P "$MACOS_CERT_PASSWORD" -T /usr/bin/codesign
security list-keychains -s "$keychain"
security unlock-keychain -p "" "$keychain"
identity=$(security find-identity -v -p codesigning "$keychain" | awk -F'"' '/Developer ID Application/ {print $2; exit}')
find "$dist" -type f \( -name '*.so' -o -name '*.dylib' \) -exec codesign --force --timestamp --options runtime --sign "$identity" {} \;
codesign --force --timestamp --options runtime --sign "$identity" "$dist/counterdesk"
ditto -c -k --keepParent "$dist" "$RUNNER_TEMP/counterdesk.zip"
xcrun notarytool submit "$RUNNER_TEMP/counterdesk.zip" --apple-id "$APPLE_ID" \
  --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD" --wait
