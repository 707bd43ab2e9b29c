#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer (everything: the explorer too, and its browser tests when Chromium
# is installed) and then ThreadSanitizer (explorer excluded: it would instrument SwiftNIO's event loops, which
# are not the code under test; the explorer has not been run under TSan). Usage: scripts/sanitizers.sh [address|thread]...
# Each sanitizer builds in its own scratch folder (.build-asan, .build-tsan). Under TSan the deliberate Hogwild
# races of the trainers are suppressed by scripts/tsan-hogwild.supp, the one place that lists them; every other
# race report fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
kinds=("$@"); [ ${#kinds[@]} -gt 0 ] || kinds=(address thread)
status=0
for kind in "${kinds[@]}"; do
  case "$kind" in
    address) scratch=.build-asan; export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"; explorer=1 ;;
    thread)  scratch=.build-tsan; explorer=0
             export TSAN_OPTIONS="suppressions=$PWD/scripts/tsan-hogwild.supp:halt_on_error=1:second_deadlock_stack=1" ;;
    *) echo "unknown sanitizer: $kind (address or thread)" >&2; exit 2 ;;
  esac
  export SENSEVEC_SANITIZER="$kind"
  echo "== $kind sanitizer: building and testing in $scratch"
  if [ "$explorer" = 1 ]; then
    swift test --sanitize="$kind" --scratch-path "$scratch" > "$scratch.log" 2>&1
  else
    SENSEVEC_NO_EXPLORER=1 swift test --sanitize="$kind" --scratch-path "$scratch" > "$scratch.log" 2>&1
  fi
  rc=$?
  tail -3 "$scratch.log"
  if [ $rc -ne 0 ] || grep -q "WARNING: ThreadSanitizer\|ERROR: AddressSanitizer" "$scratch.log"; then
    echo "   $kind sanitizer: FAILED (see $scratch.log)"; status=1
  fi
done
exit $status
