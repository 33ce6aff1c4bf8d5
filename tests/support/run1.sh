#!/bin/sh
# Run one suite for tests/run.sh: run1.sh BUILD SUITE, where SUITE is a
# unit-test binary name (test_*) or an end-to-end script name (e2e_*).
# Writes the suite's output to BUILD/tests/SUITE.log and "RC SECONDS" to
# BUILD/tests/SUITE.rc, and prints the suite's one-line result.
set -u
build=$1
name=$2
log="$build/tests/$name.log"
t0=$(date +%s)
case $name in
test_*) "$build/tests/$name" >"$log" 2>&1 ;;
*) sh "tests/$name.sh" >"$log" 2>&1 ;;
esac
rc=$?
secs=$(($(date +%s) - t0))
echo "$rc $secs" >"$build/tests/$name.rc"
case $rc in
0)
    case $name in
    test_*) echo "PASS $name ($(grep -c '^\[       OK \]' "$log") cases, $secs s)" ;;
    *) echo "PASS $name ($secs s)" ;;
    esac ;;
77) echo "SKIP $name: $(grep -m1 '^SKIP' "$log")" ;;
*) echo "FAIL $name ($secs s)" ;;
esac
exit 0
