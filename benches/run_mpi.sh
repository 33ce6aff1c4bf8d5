#!/bin/sh
# wasteopt-mpi against wasteopt on the embedded default (data/chongqing)
# under a fixed iteration budget: wall time of `wasteopt plan` on 1 and 2
# threads and of `mpirun --oversubscribe -n 2|3 wasteopt-mpi plan`
# (oversubscribed whenever the ranks outnumber the cores), whether the four
# plan.json are the same bytes, and the per-problem times of the 3-rank
# run (WO_MPI_JOB_LOG: stops, rank, seconds to the answer, seconds of the
# routing core, iterations), largest first. WO_BENCH_ITERATIONS sets the
# budget (default 100).
set -u
build=${1:-build}
iters=${WO_BENCH_ITERATIONS:-100}
bin="$build/wasteopt"
mpi="$build/wasteopt-mpi"
if [ "$(id -u)" = 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
opts="--seed 1 --iterations $iters --time-limit 3600 --quiet"
now() { date +%s.%N; }
timed() { # NAME COMMAND...
    name=$1
    shift
    t0=$(now)
    "$@" --out "$tmp/$name" >"$tmp/$name.log" 2>&1
    rc=$?
    t1=$(now)
    printf '%-28s exit %d  %7.1f s  load %s\n' "$name" "$rc" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "commit $(git rev-parse --short HEAD 2>/dev/null), $iters iterations, seed 1, $(nproc) cores"
timed wasteopt-threads1 "$bin" plan $opts --threads 1
timed wasteopt-threads2 "$bin" plan $opts --threads 2
timed wasteopt-mpi-n2 mpirun --oversubscribe -n 2 "$mpi" plan $opts
WO_MPI_JOB_LOG="$tmp/jobs.csv" \
    timed wasteopt-mpi-n3 mpirun --oversubscribe -x WO_MPI_JOB_LOG -n 3 "$mpi" plan $opts
for n in wasteopt-threads2 wasteopt-mpi-n2 wasteopt-mpi-n3; do
    if cmp -s "$tmp/wasteopt-threads1/plan.json" "$tmp/$n/plan.json"; then
        echo "plan.json of $n: same bytes as wasteopt-threads1"
    else
        echo "plan.json of $n: DIFFERS from wasteopt-threads1"
    fi
done
echo "per routing problem, 3 ranks (stops,rank,answer_s,core_s,iterations):"
sort -t, -k1,1nr "$tmp/jobs.csv"
