#!/bin/sh
# Scale benchmark of the routing core: 10,000 generated stops, 5
# facilities, 60 vehicles, 300 s limit; prints the improvements over time,
# the time to the first feasible answer and the peak memory.
#   sh benches/run_vrp_scale.sh BUILD SHARED
# The 50,000-stop run of the scale criterion (fleet and facility
# capacities scaled with the points; about 2.5 GB for the bench's own two
# dense matrices) is not run here; by hand:
#   BUILD/benches/bench_vrp_scale --points 12500 --time-limit 150 \
#       --threads 2 --decompose auto     (or --decompose off)
set -u
build=$1
"$build/benches/bench_vrp_scale" --time-limit 300 --seed 1
