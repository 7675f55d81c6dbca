#!/usr/bin/env bash
# Soak run: trains a small classifier on the vector backend for MINUTES minutes (default 30) in a
# child JVM with a fixed, pre-touched 192 MiB heap, and samples once a minute the backend's live
# storages, the heap in use after a full GC and the process's VmRSS (FlatMemoryTest#soak, which
# then asserts that all three stay flat). The samples and the load average go to
# target/soak/soak-<date>.log. Outside CI; run it niced on a shared machine:
#
#   nice -n 19 scripts/soak.sh 30
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
# shellcheck source=java25.sh
source scripts/java25.sh
# a kernel cache of its own, so that builds beside it cannot clash with this JVM's
export POCL_CACHE_DIR="${POCL_CACHE_DIR:-$PWD/target/soak/pocl-cache}"
mkdir -p target/soak "$POCL_CACHE_DIR"
log="target/soak/soak-$(date -u +%Y%m%dT%H%M%SZ).log"
{
  echo "soak: $minutes minutes, started $(date -u), load: $(uptime)"
  ./mvnw -B -o -pl integration-tests -am verify -Dtest='FlatMemoryTest#soak' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.minutes="$minutes" 2>&1 \
    | grep --line-buffered -E '^soak|Tests run:|BUILD|FAIL|ERROR' || true
  echo "soak: ended $(date -u), load: $(uptime)"
} | tee "$log"
grep -q 'BUILD SUCCESS' "$log"
