#!/bin/sh
# Run every unit-test binary in BUILD/tests and every end-to-end script
# tests/e2e_*.sh (given the binary in WO_BIN), WO_TEST_JOBS suites at a
# time (default: the machine's cores), the longest first. Prints one line
# per suite as it ends, then the last lines of each failed suite's log and
# a closing "N passed, N failed" line (", N skipped" when an e2e script
# exited 77: it cannot run on this machine, and its log's first SKIP line
# says why); exits non-zero on any failure. Suites never share files: each
# works in its own temporary directory and writes BUILD/tests/NAME.log.
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
jobs=${WO_TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
mkdir -p "$build/tests"

# Every suite, in the order the results are summed up.
all=""
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    all="$all $(basename "$t")"
done
for t in tests/e2e_*.sh; do
    [ -f "$t" ] || continue
    all="$all $(basename "$t" .sh)"
done

# Started longest first, by the seconds of the last run in this build
# (BUILD/tests/times), else of a run under the sanitizers recorded in
# tests/times (a fresh clone); a suite with neither starts first, as a new
# suite may be the longest.
times="$build/tests/times"
known=$times
[ -s "$known" ] || known=tests/times
for name in $all; do
    secs=$(awk -v n="$name" '$2 == n { print $1 }' "$known" 2>/dev/null)
    echo "${secs:-999999} $name"
done | sort -k1,1nr -k2,2 | awk '{ print $2 }' >"$build/tests/order"

for name in $all; do rm -f "$build/tests/$name.rc"; done
xargs -n 1 -P "$jobs" sh tests/support/run1.sh "$build" <"$build/tests/order"

pass=0
fail=0
skipped=0
failed=""
: >"$times.new"
for name in $all; do
    rc=1
    secs=0
    if [ -s "$build/tests/$name.rc" ]; then
        read -r rc secs <"$build/tests/$name.rc"
        echo "$secs $name" >>"$times.new"
    fi
    case $rc in
    0) pass=$((pass + 1)) ;;
    77) skipped=$((skipped + 1)) ;;
    *)
        fail=$((fail + 1))
        failed="$failed $name"
        echo "---- $name (exit $rc): last lines of $build/tests/$name.log"
        tail -n 40 "$build/tests/$name.log" 2>/dev/null ;;
    esac
done
mv "$times.new" "$times"
[ -n "$failed" ] && echo "failed suites:$failed"
if [ "$skipped" -gt 0 ]; then
    echo "$pass passed, $fail failed, $skipped skipped ($jobs at a time)"
else
    echo "$pass passed, $fail failed ($jobs at a time)"
fi
[ "$fail" -eq 0 ]
