#!/usr/bin/env bash
# Debian packages the test suite needs beyond scripts/bootstrap.sh's Qt libraries:
#   fonts-noto-cjk        Chinese text in PDF and screenshot tests
#   poppler-utils         pdftotext, to read printed notices back
#   faketime libfaketime  `make test-clock` (the suite on a clock set to New Year's Eve)
#   postgresql            the platform's PostgreSQL tests
# Installs only what is missing, with one quiet `apt-get update`; needs root for that.
set -euo pipefail
wanted=(fonts-noto-cjk poppler-utils faketime libfaketime postgresql)
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ci-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "ci-deps: please install: ${missing[*]} (sudo apt-get install ...)" >&2
  exit 1
fi
