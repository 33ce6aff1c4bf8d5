#!/bin/sh
# Kim et al. (2006) waste-collection VRPTW: run bench_wcvrptw on every
# instance of SHARED/bench/wcvrptw (lexicographic objective: vehicles,
# then distance), write the solutions as JSON under BUILD/bench_wcvrptw/,
# and compare with the literature table checked against the papers (SHARED/
# bench/README.md, "Reference results for WCVRPTW"): an instance passes
# when its solution passes the checker and the bench's own recount of the
# route capacity and the stop limit per day, serves every stop, uses no
# more vehicles than the fewest of Benjamin & Beasley 2010 and Buhrkal et
# al. 2012, and drives less than Buhrkal et al.'s best distance.
# Usage: benches/run_wcvrptw.sh BUILD SHARED [TIME_LIMIT_S]
set -u
build=$1
shared=$2
limit=${3:-60}
bin="$build/benches/bench_wcvrptw"
dir="$shared/bench/wcvrptw"
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
# instance, fewest vehicles of Benjamin & Beasley 2010 and Buhrkal et al.
# 2012, Buhrkal et al.'s best distance (miles), Benjamin & Beasley's best
# (vehicles / miles)
awk '
BEGIN {
    split("102_stop 3 174.5 3/183.5;277_stop 3 447.6 3/464.5;" \
          "335_stop 6 182.1 6/204.5;444_stop 11 78.3 11/89.1;" \
          "804_stop 5 586.2 5/725.6;1051_stop 17 2295.2 17/2250.5", rows, ";")
    for (i in rows) {
        split(rows[i], f, " ")
        veh[f[1]] = f[2]; mi[f[1]] = f[3]; bb[f[1]] = f[4]
    }
}
$1 == "RESULT" {
    k = $2; sub(/.*\//, "", k); sub(/\.txt$/, "", k)
    if (!(k in veh)) { printf "%-10s %3d veh %8.1f mi  (no reference)\n", k, $4, $6; next }
    verdict = ($4 <= veh[k] && $6 < mi[k] && $12 == "ok" && $10 == 0 && $16 == "ok") ? "better" : "NOT better"
    if (verdict != "better") bad = 1
    printf "%-10s %3d veh %8.1f mi  day limits %-4s  fewest in the literature %2d veh, Buhrkal best %7.1f mi, B&B best %s  %s\n", \
        k, $4, $6, $16, veh[k], mi[k], bb[k], verdict
}
END { exit bad }' "$out/results.txt" || status=1
exit $status
