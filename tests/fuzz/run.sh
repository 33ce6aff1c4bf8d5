#!/bin/sh
# Run each libFuzzer target given on the command line for SECS seconds
# over its seed corpus (tests/fuzz/corpus/<target>/, read only) and its
# working corpus (build/fuzz/work/<target>/, where new units go and which
# later runs start from). Prints one line per target: executions, corpus
# units when the run started and when it ended, outcome. Exits 1 when any
# target crashed, timed out, ran out of memory or printed a sanitizer
# report; its log is build/fuzz/<target>.log and the input that did it
# build/fuzz/artifacts/<target>-*.
#
#   sh tests/fuzz/run.sh SECS build/fuzz/fuzz_csv ...
set -u
secs=$1
shift
status=0
mkdir -p build/fuzz/artifacts
summary=""
for f in "$@"; do
    name=$(basename "$f")
    corpus="tests/fuzz/corpus/$name"
    work="build/fuzz/work/$name"
    log="build/fuzz/$name.log"
    mkdir -p "$work"
    set -- "$work"
    [ -d "$corpus" ] && set -- "$work" "$corpus"
    echo "fuzz: $name for ${secs}s"
    "$f" -max_total_time="$secs" -max_len=65536 -timeout=10 \
        -artifact_prefix="build/fuzz/artifacts/$name-" -print_final_stats=1 \
        "$@" </dev/null >"$log" 2>&1
    rc=$?
    # "#N INITED ... corp: U/..." at the start, "corp: U/..." on every
    # later status line; "stat::number_of_executed_units: N" at the end.
    before=$(sed -n 's/.*INITED.* corp: \([0-9]*\)\/.*/\1/p' "$log" | head -n 1)
    after=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -n 1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    outcome=ok
    if [ $rc -ne 0 ]; then
        outcome="FAILED (exit $rc)"
    elif grep -q -e 'runtime error:' -e '^==[0-9]*==ERROR:' -e 'ERROR: libFuzzer' "$log"; then
        outcome="FAILED (sanitizer report)"
    fi
    if [ "$outcome" != ok ]; then
        status=1
        tail -n 40 "$log"
        outcome="$outcome, see $log"
    fi
    line=$(printf '%-22s %12s runs  corpus %6s -> %-6s %s' "$name" "${runs:-?}" \
        "${before:-?}" "${after:-?}" "$outcome")
    echo "$line"
    summary="$summary$line
"
done
echo "fuzz: ${secs}s per target"
printf '%s' "$summary"
exit $status
