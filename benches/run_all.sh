#!/bin/sh
# `make bench`: runs every benches/run_*.sh script with BUILD and SHARED.
# Each script runs its benchmark programs on the data in ../shared and
# prints the figures that go into benches/RESULTS.md. This script matches
# the same pattern and is skipped: running it from itself would never end.
set -u
build=$1
shared=$2
self=benches/run_all.sh
status=0
for s in benches/run_*.sh; do
    [ -f "$s" ] || continue
    [ "$s" = "$self" ] && continue
    echo "== $s"
    sh "$s" "$build" "$shared" || status=1
done
exit $status
