#!/bin/sh
# Rich VRPLIB instances (SHARED/bench/vrplib, PyVRP's dialect) with
# bench_vrplib, one bench at a time, solutions under BUILD/bench/vrplib/:
# the 6 HFVRP at 60 s; the MTVRPTWR 100-client C2 class (12 instances) at
# 60 s; the VRPTW G&H C1_10_1 and R1_10_1 at 300 s on 2 threads (about 28
# minutes in all). With WO_BENCH_LONG=1 also every other MTVRPTWR instance
# at 60 s and the other 10 VRPTW at 300 s on 2 threads (about 104 more
# minutes): the sets of the acceptance figures.
#   sh benches/run_vrplib.sh BUILD SHARED
set -u
build=$1
shared=$2
bin="$build/benches/bench_vrplib"
v="$shared/bench/vrplib"
out="$build/bench/vrplib"
if [ ! -d "$v" ]; then
    echo "run_vrplib: $v not found; skipped"
    exit 0
fi
mkdir -p "$out"
status=0
echo "== HFVRP, 60 s each"
"$bin" --time-limit 60 --seed 1 --sol-dir "$out" "$v"/hfvrp/*.vrp || status=1
echo "== MTVRPTWR C2 (100 clients), 60 s each"
"$bin" --time-limit 60 --seed 1 --sol-dir "$out" "$v"/mtvrptwr/C20*.vrp ||
    status=1
echo "== VRPTW C1_10_1 and R1_10_1, 300 s each on 2 threads"
"$bin" --time-limit 300 --threads 2 --seed 1 --sol-dir "$out" \
    "$v"/vrptw/C1_10_1.vrp "$v"/vrptw/R1_10_1.vrp || status=1
if [ "${WO_BENCH_LONG:-0}" = 1 ]; then
    echo "== MTVRPTWR, the other 54, 60 s each"
    for f in "$v"/mtvrptwr/*.vrp; do
        case $(basename "$f") in C20*) continue ;; esac
        printf '%s ' "$f"
    done >"$out/mt_rest.txt"
    # shellcheck disable=SC2046
    "$bin" --time-limit 60 --seed 1 --sol-dir "$out" $(cat "$out/mt_rest.txt") ||
        status=1
    echo "== VRPTW, the other 10, 300 s each on 2 threads"
    for f in "$v"/vrptw/*.vrp; do
        case $(basename "$f") in C1_10_1.vrp | R1_10_1.vrp) continue ;; esac
        printf '%s ' "$f"
    done >"$out/tw_rest.txt"
    # shellcheck disable=SC2046
    "$bin" --time-limit 300 --threads 2 --seed 1 --sol-dir "$out" \
        $(cat "$out/tw_rest.txt") || status=1
fi
exit $status
