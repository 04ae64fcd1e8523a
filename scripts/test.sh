#!/usr/bin/env bash
# Every test: unit tests, integration tests against a real berthd, and the docker CLI compatibility tests.
# Ends with one summary line, "N passed, N failed, N skipped", summed over the test projects.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Berth.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
awk '/(Passed|Failed)! +- +Failed: / {
       for (i = 1; i <= NF; i++) { f = $i; gsub(",", "", $(i+1));
         if (f == "Failed:") failed += $(i+1); if (f == "Passed:") passed += $(i+1); if (f == "Skipped:") skipped += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
