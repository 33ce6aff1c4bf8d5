#!/bin/sh
# Scale benchmark of the routing core: 10,000 generated stops, 5
# facilities, 60 vehicles, 300 s limit; prints the improvements over time,
# the time to the first feasible answer and the peak memory.
#   sh benches/run_vrp_scale.sh BUILD SHARED
set -u
build=$1
"$build/benches/bench_vrp_scale" --time-limit 300 --seed 1
