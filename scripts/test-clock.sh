#!/usr/bin/env bash
# The test suite on a wall clock it does not control: 23:59:30 Shanghai time on 2026-12-31
# (15:59:30 UTC), once with TZ=Asia/Shanghai and once with TZ=America/Los_Angeles. The clock
# keeps running, so the runs cross midnight in Shanghai and the new year in UTC+8.
#
# Why a relative offset ("+Ns") and not the "@2026-12-31 15:59:30" start-at form: libfaketime
# parses the start-at form in the process's own TZ, and every child process (xdist workers,
# the platform on loopback) would restart its clock at that instant. An offset computed here
# puts every process on one clock, whatever TZ says.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null || ! dpkg -L libfaketime 2>/dev/null | grep -q '/libfaketime.so.1$'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test-clock: installing faketime libfaketime"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime libfaketime >/dev/null
  else
    echo "test-clock: please install faketime and libfaketime (sudo apt-get install faketime libfaketime)" >&2
    exit 1
  fi
fi
LIB=$(dpkg -L libfaketime | grep -m1 '/libfaketime.so.1$')

START_UTC=${TEST_CLOCK_START_UTC:-2026-12-31 15:59:30}
PYTEST_ARGS=("$@")
[ "${#PYTEST_ARGS[@]}" -gt 0 ] || PYTEST_ARGS=(-q -n 2 --dist loadgroup -m "not slow")

faked() {  # faked ZONE COMMAND...: COMMAND on the faked clock, in ZONE
  local zone=$1; shift
  local offset=$(( $(date -ud "$START_UTC" +%s) - $(date +%s) ))
  [ "$offset" -lt 0 ] || offset="+$offset"
  env TZ="$zone" LD_PRELOAD="$LIB${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="$offset" \
    FAKETIME_DONT_FAKE_MONOTONIC=1 \
    PYTHONPATH="$PWD/scripts/faketime${PYTHONPATH:+:$PYTHONPATH}" "$@"
}

status=0
for zone in Asia/Shanghai America/Los_Angeles; do
  echo "test-clock: TZ=$zone, clock starting at $START_UTC UTC"
  # Refuse to report a pass that ran on the real clock (libfaketime not preloaded).
  faked "$zone" .venv/bin/python -c 'import datetime, sys, time
now = datetime.datetime.now(datetime.UTC); time.sleep(0.01)
sys.exit(0 if abs((now - datetime.datetime.fromisoformat(sys.argv[1] + "+00:00")).total_seconds()) < 600
         else f"test-clock: the faked clock is not seen ({now})")' "$START_UTC"
  faked "$zone" .venv/bin/python -m pytest -p no:cacheprovider "${PYTEST_ARGS[@]}" || status=$?
done
exit "$status"
