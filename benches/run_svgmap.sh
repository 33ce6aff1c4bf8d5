#!/bin/sh
# map.svg at growing size: bench_svgmap with 900 routes (today's default),
# 3,000 and 6,000 routes of 12 stops, and 3,000 routes of 40 stops (a
# polyline per route grows with its points, a hull much less). A few
# seconds in all.
#   sh benches/run_svgmap.sh BUILD SHARED
set -u
build=$1
bin="$build/benches/bench_svgmap"
status=0
for args in "--routes 900" "--routes 3000" "--routes 6000" \
    "--routes 3000 --stops 40"; do
    # shellcheck disable=SC2086
    "$bin" $args || status=1
done
exit $status
