#!/bin/sh
# Kim et al. (2006) waste-collection VRPTW: run bench_wcvrptw on every
# instance of SHARED/bench/wcvrptw, write the solutions as JSON under
# BUILD/bench_wcvrptw/, and compare with Kim et al.'s Algorithm 1 (the
# partial reference table next to the instances): an instance passes when
# its solution is checked, serves every stop, uses no more vehicles than
# Algorithm 1 (or than the fewest the route capacity allows, where
# Algorithm 1's count is below that) and has less total distance.
# Usage: benches/run_wcvrptw.sh BUILD SHARED [TIME_LIMIT_S]
set -u
build=$1
shared=$2
limit=${3:-60}
bin="$build/benches/bench_wcvrptw"
dir="$shared/bench/wcvrptw"
ref="$dir/reference_results_kim2006_partial.csv"
out="$build/bench_wcvrptw"
if [ ! -x "$bin" ]; then
    echo "run_wcvrptw: $bin not built (it needs wo_vrp_solve); skipped"
    exit 0
fi
mkdir -p "$out"
status=0
"$bin" --time-limit "$limit" --seed 1 --out-dir "$out" "$dir"/*_stop.txt \
    >"$out/results.txt" || status=1
cat "$out/results.txt"
awk -v ref="$ref" '
BEGIN {
    FS = ","
    while ((getline line < ref) > 0) {
        n = split(line, f, ",")
        if (f[2] ~ /Alg1/) { veh[f[1]] = f[3]; td[f[1]] = f[6] }
    }
    FS = " "
}
$1 == "RESULT" {
    k = $2; sub(/.*\//, "", k)
    if (!(k in veh)) { printf "%-14s %3d veh %8.1f mi  (no reference)\n", k, $4, $6; next }
    # Algorithm 1 (as transcribed) uses fewer vehicles than the route
    # capacity allows on some instances; there the bound is the target.
    target = veh[k] < $14 ? $14 : veh[k]
    verdict = ($4 <= target && $6 < td[k] && $12 == "ok" && $10 == 0) ? "better" : "NOT better"
    if (verdict != "better") bad = 1
    note = veh[k] < $14 ? sprintf("  (Alg.1 uses %d vehicles, below the bound %d)", veh[k], $14) : ""
    printf "%-14s %3d veh %8.1f mi  Kim Alg.1 %3d veh %8.1f mi  %s%s\n", k, $4, $6, veh[k], td[k], verdict, note
}
END { exit bad }' "$out/results.txt" || status=1
exit $status
