#!/bin/sh
# End-to-end test of district-run fleets (scenario.json "fleet_sharing"):
#  - the embedded default (household recyclables, kitchen and other waste
#    district-run): no stop of those streams in stops.csv is served by a
#    vehicle whose depot lies in another district (checked from the
#    scenario's own tables, not from the plan's crossing field), and
#    plan.json's crosses_districts names no route of those streams;
#  - the small test scenario, whose one compactor (depot D1, district
#    500103) carries hh_other for both districts: with household
#    "municipal" its route crosses into 500105 and plan.json says so; made
#    district-run, validate reports district_fleet and the plan leaves
#    500105's hh_other unserved with that reason; with
#    also_serves {D1: [500105], D2: [500103]} it validates, serves all and
#    crosses again;
#  - a bad also_serves entry fails the load with its JSON path.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

# ---------------------------------------------------------------- default
"$bin" plan --iterations 1 --seed 3 --time-limit 3600 --quiet \
    --out "$tmp/def" >"$tmp/def.log" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { no "default plan exit $rc"; cat "$tmp/def.log"; }
data="$top/data/chongqing"
for s in hh_recyclable hh_kitchen hh_other; do
    grep -q "\"$s\": \"district\"" "$data/scenario.json" ||
        no "the default does not make $s district-run"
done
# stop rows: vehicle type -> depot -> district, site -> district
awk -F, -v out="$tmp/count" '
    FILENAME ~ /vehicle_types/ && FNR > 1 { depot[$1] = $5; next }
    FILENAME ~ /depots/ && FNR > 1 { ddist[$1] = $3; next }
    FILENAME ~ /sites/ && FNR > 1 { sdist[$1] = $4; next }
    FILENAME ~ /stops/ && FNR > 1 && $7 == "stop" &&
        ($5 == "hh_recyclable" || $5 == "hh_kitchen" || $5 == "hh_other") {
        n++
        home = ddist[depot[$4]]
        if (home == "" || sdist[$8] == "") { bad++; next }
        if (sdist[$8] != home) {
            away++
            if (away <= 5)
                print "stop " $8 " (" sdist[$8] ") by " $3 " of " home
        }
    }
    END { print n + 0, away + 0, bad + 0 > out }
' "$data/vehicle_types.csv" "$data/depots.csv" "$data/sites.csv" \
    "$tmp/def/stops.csv"
read -r n away bad <"$tmp/count"
[ "$n" -gt 1000 ] || no "only $n district-run household stops in stops.csv"
[ "$away" -eq 0 ] || no "$away district-run household stops served from another district"
[ "$bad" -eq 0 ] || no "$bad stops whose district or depot is unknown"
echo "default: $n district-run household stops, $away served across a boundary"

# Routes of plan.json that name a crossing, per stream ("stream crossings").
crossing() {
    awk '
        /^      "stream": / { s = $2; gsub(/[",]/, "", s) }
        /"crosses_districts": \[$/ { c[s]++ }
        /"routes_crossing_districts": / { t = $2; gsub(/,/, "", t) }
        END { for (k in c) print k, c[k]; print "total", t + 0 }
    ' "$1"
}
crossing "$tmp/def/plan.json" >"$tmp/def.cross"
for s in hh_recyclable hh_kitchen hh_other; do
    grep -q "^$s " "$tmp/def.cross" && no "default: a $s route crosses a district boundary"
done
total=$(sed -n 's/^total //p' "$tmp/def.cross")
sum=$(awk '$1 != "total" { n += $2 } END { print n + 0 }' "$tmp/def.cross")
[ "$total" = "$sum" ] || no "routes_crossing_districts $total, routes naming one $sum"

# ---------------------------------------------------------------- small
# $1: case name, $2: fleet_sharing JSON
small() {
    mkdir -p "$tmp/$1"
    cp "$top"/tests/data/scenarios/small/* "$tmp/$1/"
    sed "s/\"fleet_sharing\": .*\$/\"fleet_sharing\": $2/" \
        "$top/tests/data/scenarios/small/scenario.json" >"$tmp/$1/scenario.json"
    grep -q "fleet_sharing" "$tmp/$1/scenario.json" || no "$1: no fleet_sharing"
    "$bin" validate "$tmp/$1" >"$tmp/$1.val" 2>&1
    echo $? >"$tmp/$1.vrc"
    "$bin" plan "$tmp/$1" --iterations 200 --time-limit 3600 --quiet \
        --out "$tmp/$1.out" >"$tmp/$1.log" 2>&1
    echo $? >"$tmp/$1.prc"
}

small shared '{"household": "municipal"}'
[ "$(cat "$tmp/shared.vrc")" -eq 0 ] || { no "shared: validate"; cat "$tmp/shared.val"; }
crossing "$tmp/shared.out/plan.json" >"$tmp/shared.cross"
grep -q '^hh_other [1-9]' "$tmp/shared.cross" ||
    { no "shared: no hh_other route crosses into 500105"; cat "$tmp/shared.cross"; }
grep -A2 '"crosses_districts": \[$' "$tmp/shared.out/plan.json" |
    grep -q '"500105"' || no "shared: crosses_districts does not name 500105"

small district '{"hh_kitchen": "municipal", "hh_recyclable": "municipal"}'
[ "$(cat "$tmp/district.vrc")" -eq 3 ] || no "district: validate exit $(cat "$tmp/district.vrc")"
grep -q 'error: stream hh_other is district-run (fleet_sharing): district 500105 (江北区) has 2 demand rows' \
    "$tmp/district.val" || { no "district: no district_fleet message"; cat "$tmp/district.val"; }
[ "$(cat "$tmp/district.prc")" -eq 3 ] || no "district: plan exit $(cat "$tmp/district.prc")"
crossing "$tmp/district.out/plan.json" >"$tmp/district.cross"
grep -q '^hh_other ' "$tmp/district.cross" && no "district: an hh_other route crosses"
for p in P3 P4; do
    grep -A5 "\"site\": \"$p\"" "$tmp/district.out/plan.json" |
        grep -q '"reason": "district_fleet"' ||
        no "district: $p's hh_other is not unserved as district_fleet"
done

small also '{"also_serves": {"D1": ["500105"], "D2": ["500103"]}}'
[ "$(cat "$tmp/also.vrc")" -eq 0 ] || { no "also: validate"; cat "$tmp/also.val"; }
grep -q '"reason": "district_fleet"' "$tmp/also.out/plan.json" &&
    no "also: demand unserved as district_fleet"
crossing "$tmp/also.out/plan.json" >"$tmp/also.cross"
grep -q '^total [1-9]' "$tmp/also.cross" || no "also: no route crosses"

small bad '{"also_serves": {"D1": ["500105", "500199"]}}'
[ "$(cat "$tmp/bad.vrc")" -eq 1 ] || no "bad: validate exit $(cat "$tmp/bad.vrc")"
grep -q "key 'fleet_sharing.also_serves.D1\[1\]': '500199' is not a district of the districts file" \
    "$tmp/bad.val" || { no "bad: message"; cat "$tmp/bad.val"; }
exit $fail
