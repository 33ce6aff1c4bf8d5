#!/bin/sh
# End-to-end: the outputs a dispatcher uses and the stop rule, on the small
# test scenario. stops.csv shows times after midnight with the day
# ("+1 01:10:12") and ISO 8601 date-times, never an hour of 24 or more;
# routes.csv has one row per route of plan.json; --out-datum gcj02 gives
# coordinates that `wasteopt geo convert` brings back to the WGS84 run's;
# under a large iteration limit the stop rule ends the searches, says so
# on stderr and in plan.json, and the run stays byte-identical; validate
# says which of t or m3 binds. Needs WO_BIN and WO_TOP.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
small="$top/tests/data/scenarios/small"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

check() { # description, condition status
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

plan() { # out dir, options...
    o=$1
    shift
    "$bin" plan "$small" --iterations 40 --seed 1 --threads 1 --quiet \
        --out "$o" "$@" 2>"$tmp/err"
    st=$?
    [ $st -eq 0 ] || [ $st -eq 3 ]
}

plan "$tmp/w"
check "plan in WGS84 runs" $?
plan "$tmp/g" --out-datum gcj02
check "plan with --out-datum gcj02 runs" $?

# --- stops.csv times (the fixture quotes no field: plain comma split)
! grep -q '"' "$tmp/w/stops.csv"
check "stops.csv has no quoted field (the checks below split on commas)" $?
awk -F, 'NR > 1 {
    for (c = 12; c <= 14; c++) {
        t = $c; s = $(c + 3); d = 0
        if (t ~ /^\+[0-9]+ /) { d = substr(t, 2, index(t, " ") - 2) + 0
                                t = substr(t, index(t, " ") + 1) }
        if (t !~ /^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$/) bad++
        split(t, h, ":")
        if (d * 86400 + h[1] * 3600 + h[2] * 60 + h[3] != s + 0) bad++
        if (s + 0 >= 86400) late++
    } }
    END { exit !(bad == 0 && late > 0) }' "$tmp/w/stops.csv"
check "stops.csv clock cells: hour < 24, day offset past midnight, = seconds" $?
awk -F, 'NR > 1 && $15 + 0 >= 86400 && $15 + 0 < 172800 {
        if ($12 !~ /^\+1 / || $20 !~ /^2025-06-17T.*\+08:00$/) bad++; n++ }
    END { exit !(n > 0 && bad == 0) }' "$tmp/w/stops.csv"
check "after midnight: '+1 HH:MM:SS' and the next date in ISO 8601" $?
awk -F, 'NR > 1 && $15 + 0 < 86400 {
        if ($20 !~ /^2025-06-16T[0-9:]*\+08:00$/) bad++; n++ }
    END { exit !(n > 0 && bad == 0) }' "$tmp/w/stops.csv"
check "before midnight: the plan date in ISO 8601" $?

# --- routes.csv
routes=$(grep -c '"vehicle_type"' "$tmp/w/plan.json")
rows=$(($(wc -l <"$tmp/w/routes.csv") - 1))
check "routes.csv: $rows rows for $routes routes of plan.json" \
    $([ "$rows" -eq "$routes" ] && [ "$rows" -gt 0 ]; echo $?)
head -1 "$tmp/w/routes.csv" | grep -q \
    'vehicle,vehicle_type,stream,depot,start,end,start_at,end_at,km,hours,tonnes,stops,unloads'
check "routes.csv header" $?
stops=$(awk -F, 'NR > 1 && $7 == "stop"' "$tmp/w/stops.csv" | wc -l)
sum=$(awk -F, 'NR > 1 { n += $14 } END { print n + 0 }' "$tmp/w/routes.csv")
check "routes.csv stops add up to stops.csv's ($sum, $stops)" \
    $([ "$sum" -eq "$stops" ]; echo $?)

# --- --out-datum gcj02 round trip through geo convert
awk -F, 'NR == 1 { print "id,lon,lat" } NR > 1 { print NR "," $10 "," $11 }' \
    "$tmp/g/stops.csv" >"$tmp/gcj.csv"
"$bin" geo convert --from gcj02 --to wgs84 --csv "$tmp/gcj.csv" \
    -o "$tmp/back.csv" 2>"$tmp/err"
check "geo convert reads the gcj02 coordinates" $?
awk -F, 'NR > 1 { print NR "," $10 "," $11 }' "$tmp/w/stops.csv" >"$tmp/w.csv"
awk -F, 'NR == FNR { lon[$1] = $2; lat[$1] = $3; next }
    FNR > 1 { n++; d = $2 - lon[$1]; e = $3 - lat[$1]
              if (d < 0) d = -d; if (e < 0) e = -e
              if (d > 2e-6 || e > 2e-6) bad++ }
    END { exit !(n > 0 && bad == 0) }' "$tmp/w.csv" "$tmp/back.csv"
check "gcj02 -> wgs84 gives the WGS84 run's points (within 2e-6 deg)" $?
awk -F, 'NR > 1 { sub(/\r$/, "", $23); if ($23 != "gcj02") bad++; n++ }
    END { exit !(n > 0 && bad == 0) }' \
    "$tmp/g/stops.csv"
check "stops.csv names its datum" $?
awk -F, 'NR == FNR { if (FNR > 1) w[FNR] = $10; next }
    FNR > 1 { d = $10 - w[FNR]; if (d < 0) d = -d; if (d > 1e-3) far++; n++ }
    END { exit !(n > 0 && far == n) }' "$tmp/w/stops.csv" "$tmp/g/stops.csv"
check "gcj02 points lie away from WGS84's (the offset was applied)" $?
grep -q '"datum": "gcj02"' "$tmp/g/routes.geojson" &&
    grep -q '"datum": "gcj02"' "$tmp/g/sites.geojson"
check "the GeoJSON files name gcj02" $?
! grep -q '"datum"' "$tmp/w/sites.geojson"
check "WGS84 GeoJSON has no datum member" $?
"$bin" plan "$small" --out-datum cgcs2000 --out "$tmp/x" >/dev/null 2>"$tmp/err"
st=$?
check "--out-datum cgcs2000 is a usage error (got $st)" $([ $st -eq 2 ]; echo $?)
grep -q 'out-datum needs wgs84, gcj02' "$tmp/err"
check "the message names the datums" $?

# --- the stop rule under an iteration limit
run_stall() { # out dir
    "$bin" plan "$small" --iterations 1000000 --stall-iterations 20 \
        --time-limit 600 --seed 1 --threads 2 --out "$1" >/dev/null \
        2>"$1.err"
    st=$?
    [ $st -eq 0 ] || [ $st -eq 3 ]
}
run_stall "$tmp/s1"
check "plan with --stall-iterations 20 ends" $?
grep -q 'converged: [1-9][0-9]* of [1-9][0-9]* routing searches stopped early, no better plan in 20 iterations' "$tmp/s1.err"
check "stderr says the searches converged" $?
n=$(sed -n 's/.*converged: \([0-9]*\) of.*/\1/p' "$tmp/s1.err")
grep -q "\"converged\": $n," "$tmp/s1/plan.json"
check "plan.json summary counts the same $n converged searches" $?
run_stall "$tmp/s2"
cmp -s "$tmp/s1/plan.json" "$tmp/s2/plan.json"
check "the counted stop rule is deterministic (plan.json byte-identical)" $?
"$bin" plan "$small" --iterations 30 --stall-iterations 0 --quiet \
    --out "$tmp/s0" 2>"$tmp/err"
grep -q '"converged": 0,' "$tmp/s0/plan.json"
check "--stall-iterations 0: no search stops early" $?
"$bin" plan "$small" --stall-seconds -1 --out "$tmp/x" >/dev/null 2>"$tmp/err"
st=$?
check "--stall-seconds -1 is a usage error (got $st)" $([ $st -eq 2 ]; echo $?)

# --- validate: which of t or m3 binds
"$bin" validate "$small" >"$tmp/v" 2>&1
grep -q '^  hh_other  *m3  *binds: 17\.[0-9] t of 32\.0 t nominal' "$tmp/v"
check "validate: the small compactors are volume-bound" $?
grep -q '^  medical  *t  *binds' "$tmp/v"
check "validate: the medical van is payload-bound" $?
"$bin" validate "$small" --json >"$tmp/vj" 2>&1
grep -q '"binds": "m3"' "$tmp/vj"
check "validate --json: trip_binding" $?

exit $fail
