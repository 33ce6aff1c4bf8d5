#!/bin/sh
# The stop rule (plan --stall-iterations / --stall-seconds): how long a
# converged 30-stop night takes with the default rule under a generous
# --time-limit, against the same night searched to its limit without the
# rule. The scenario is written here: the network of
# tests/data/scenarios/small (facilities, depots, districts) with 30
# residual-waste collection points drawn by a fixed linear congruential
# sequence around the city centre, 0.8-3 t each, and 8 compactors of 8 t
# (2 hook-lift trucks carry on what the transfer station receives).
# Prints one line per seed (plan seconds, cost, searches converged) and the
# load average around the runs.
#   sh benches/run_stall.sh BUILD SHARED [SEEDS] [LIMIT_ON_S] [LIMIT_OFF_S]
set -u
build=$1
seeds=${3:-5}
limit_on=${4:-60}
limit_off=${5:-10}
top=$(pwd)
bin="$build/wasteopt"
small="$top/tests/data/scenarios/small"
work="$build/bench_stall"
sc="$work/thirty"
if [ ! -x "$bin" ]; then
    echo "run_stall: $bin not built; skipped"
    exit 0
fi
rm -rf "$work"
mkdir -p "$sc"
cp "$small/districts.geojson" "$small/facilities.csv" "$small/processes.csv" \
    "$small/capacity_levels.csv" "$small/depots.csv" "$sc/"
awk 'BEGIN {
    print "id,name,kind,district,area,lon,lat,service_s,time_windows," \
          "storage_capacity_kg"
    s = 12345
    for (i = 1; i <= 30; i++) {
        s = (s * 1103515245 + 12345) % 2147483648; a = s / 2147483648
        s = (s * 1103515245 + 12345) % 2147483648; b = s / 2147483648
        printf "Q%02d,Point %02d,collection_point,%s,urban,%.4f,%.4f,240,,\n",
               i, i, (i % 2 ? "500103" : "500105"), 106.50 + 0.14 * a,
               29.53 + 0.12 * b
    } }' >"$sc/sites.csv"
awk 'BEGIN {
    print "site_id,stream,kg_per_day,m3_per_day,frequency_d,storage_limit_d," \
          "time_windows,optional,penalty_cny"
    for (i = 1; i <= 30; i++)
        printf "Q%02d,hh_other,%d,,1,,,,\n", i, 800 + (i * 373) % 2200
    }' >"$sc/demand.csv"
cat >"$sc/vehicle_types.csv" <<'EOF'
id,name,streams,count,depot_id,end_depot_id,capacity_kg,capacity_m3,speed_kmh,cost_cny_per_km,cost_cny_per_h,fixed_cost_cny,shift_start,shift_end,shift_max_h,break_min,break_earliest,break_latest,max_stops,trips_per_day,compaction_kg_per_m3,role
compactor,8 t compactor,hh_other,8,D1,,8000,16,25,4.5,80,300,20:00,30:00,8,30,24:00,26:00,60,2,500,collection
hooklift,hook-lift transfer truck 20 t,hh_other,2,D1,,20000,30,40,4.5,80,300,06:00,22:00,12,,,,,4,,transfer
EOF
sed 's/"small-test"/"thirty-stops"/' "$small/scenario.json" >"$sc/scenario.json"

# One run: prints "wall seconds of the plan, CPU seconds of the command,
# cost, converged/searches". The CPU time (user + system, by GNU time when
# installed) says what the search cost on a loaded machine, where the wall
# time also counts the waits for a core.
run() { # seed, limit, extra options...
    seed=$1
    limit=$2
    shift 2
    out="$work/out"
    timer=""
    [ -x /usr/bin/time ] && timer="/usr/bin/time -f %U+%S -o $work/cpu"
    echo "n/a" >"$work/cpu"
    $timer "$bin" plan "$sc" --time-limit "$limit" --seed "$seed" \
        --threads 1 --json --out "$out" "$@" >"$work/summary.json" \
        2>"$work/err"
    awk -F'[:,]' -v cpu="$(tail -n 1 "$work/cpu")" '
        /"cost"/ { cost = $2 } /"seconds"/ { sec = $2 }
        /"searches"/ { n = $2 } /"converged"/ { c = $2 }
        END { split(cpu, u, "[+]")
              printf "%6.2f s (CPU %s s)  cost %9.2f  converged %d/%d",
                     sec, cpu == "n/a" ? cpu : sprintf("%.2f", u[1] + u[2]),
                     cost, c, n }' "$work/summary.json"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "30 stops, 8 compactors; default stop rule at --time-limit $limit_on," \
     "no rule at --time-limit $limit_off"
seed=1
while [ "$seed" -le "$seeds" ]; do
    on=$(run "$seed" "$limit_on")
    off=$(run "$seed" "$limit_off" --stall-iterations 0 --stall-seconds 0)
    echo "seed $seed  rule: $on  |  no rule: $off"
    seed=$((seed + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
