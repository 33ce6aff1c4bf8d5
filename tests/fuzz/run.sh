#!/bin/sh
# Run each libFuzzer target for a bounded time with its seed corpus
# (tests/fuzz/corpus/<target>/ when present).
set -u
secs=$1
shift
status=0
for f in "$@"; do
    name=$(basename "$f")
    corpus="tests/fuzz/corpus/$name"
    work="build/fuzz/work/$name"
    mkdir -p "$work"
    echo "fuzz: $name for ${secs}s"
    if [ -d "$corpus" ]; then
        "$f" -max_total_time="$secs" -max_len=65536 -timeout=10 "$work" "$corpus" \
            >"build/fuzz/$name.log" 2>&1 || { status=1; tail -n 30 "build/fuzz/$name.log"; }
    else
        "$f" -max_total_time="$secs" -max_len=65536 -timeout=10 "$work" \
            >"build/fuzz/$name.log" 2>&1 || { status=1; tail -n 30 "build/fuzz/$name.log"; }
    fi
    tail -n 1 "build/fuzz/$name.log"
done
exit $status
