#!/bin/sh
# Run every unit-test binary in BUILD/tests and every end-to-end script
# tests/e2e_*.sh (given the binary in WO_BIN). Prints one line per suite
# and a closing "N passed, N failed" line (", N skipped" when an e2e script
# exited 77: it cannot run on this machine, and its log's first SKIP line
# says why); exits non-zero on any failure.
set -u
build=${1:-build}
top=$(pwd)
export WO_BIN="$top/$build/wasteopt"
export WO_SHARED="${WO_SHARED:-$top/../shared}"
if [ ! -d "$WO_SHARED" ]; then
    # A clone outside the project tree: the real-data tests skip themselves
    # when WO_SHARED is unset (set it to the shared data to run them).
    echo "note: $WO_SHARED not found: real-data tests skipped"
    unset WO_SHARED
fi
export WO_TOP="$top"
export WO_BUILD="$top/$build"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
pass=0
fail=0
skipped=0
failed=""
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    log="$build/tests/$name.log"
    t0=$(date +%s)
    if "$t" >"$log" 2>&1; then
        pass=$((pass + 1))
        echo "PASS $name ($(grep -c '^\[       OK \]' "$log") cases, $(($(date +%s) - t0)) s)"
    else
        fail=$((fail + 1))
        failed="$failed $name"
        echo "FAIL $name"
        tail -n 40 "$log"
    fi
done
for t in tests/e2e_*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    log="$build/tests/$name.log"
    mkdir -p "$build/tests"
    t0=$(date +%s)
    sh "$t" >"$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1))
        echo "PASS $name ($(($(date +%s) - t0)) s)"
    elif [ $rc -eq 77 ]; then
        # A test that cannot run on this machine says why (first SKIP line).
        skipped=$((skipped + 1))
        echo "SKIP $name: $(grep -m1 '^SKIP' "$log")"
    else
        fail=$((fail + 1))
        failed="$failed $name"
        echo "FAIL $name"
        tail -n 40 "$log"
    fi
done
[ -n "$failed" ] && echo "failed suites:$failed"
if [ "$skipped" -gt 0 ]; then
    echo "$pass passed, $fail failed, $skipped skipped"
else
    echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
