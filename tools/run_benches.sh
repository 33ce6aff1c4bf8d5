#!/bin/sh
# The long benchmarks of `make bench`. Each prints machine-readable lines;
# the figures go into benches/RESULTS.md by hand with the machine and command.
set -u
build=${1:-build}
shared="${WO_SHARED:-../shared}"
for b in "$build"/benches/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
done
sh benches/run_all.sh "$build" "$shared"
