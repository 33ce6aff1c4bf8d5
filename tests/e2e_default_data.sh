#!/bin/sh
# The embedded Chongqing default is reproducible: rerunning its generator
# (data/tools/gen_chongqing.c) on ../shared/geo writes every generated file
# of data/chongqing/ byte for byte. Skipped when the shared data is absent.
# Also: the default has a collection point per 300-500 households (at
# least 10,000 in the 9 districts), its markets, canteens and medical
# generators as their own sites, the district totals of SOURCES.md, stays
# under 4 MB (above that the
# tables would be generated at build time), and the generator's output validates
# without errors: `validate` runs the plan's own pre-routing checks, so no
# generated visit is one the plan would drop before routing (a solo trip
# longer than the shift, a window no vehicle reaches).
set -u
top=${WO_TOP:?}
build=${WO_BUILD:?}
shared=${WO_SHARED:-}
gen="$build/data-tools/gen_chongqing"
if [ -z "$shared" ] || [ ! -f "$shared/geo/chongqing_districts.geojson" ]; then
    echo "SKIP: shared data not found (WO_SHARED=$shared)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
"$gen" "$shared" "$tmp" || { echo "FAIL: generator exit $?"; exit 1; }
n=0
for f in "$tmp"/*; do
    name=$(basename "$f")
    n=$((n + 1))
    if ! cmp -s "$f" "$top/data/chongqing/$name"; then
        echo "FAIL: $name differs from data/chongqing/$name (rerun 'make default-data')"
        fail=1
    fi
done
[ $n -eq 9 ] || { echo "FAIL: generator wrote $n files, expected 9"; fail=1; }
size=$(cat "$top"/data/chongqing/* | wc -c)
[ "$size" -lt 4000000 ] || { echo "FAIL: data/chongqing is $size bytes"; fail=1; }
cps=$(grep -c '^[^,]*,[^,]*,collection_point,' "$top/data/chongqing/sites.csv")
[ "$cps" -ge 10000 ] || { echo "FAIL: $cps household collection points, expected >= 10000"; fail=1; }
# recyclables every 1-3 days; hazardous weekly at the drop-off points only
haz=$(grep -c '^CP-[^,]*,hh_hazardous,' "$top/data/chongqing/demand.csv")
[ "$haz" -ge 100 ] && [ "$haz" -le 1000 ] || { echo "FAIL: $haz hazardous drop-off points, expected a few hundred"; fail=1; }
bad=$(awk -F, '$2 == "hh_recyclable" && ($6 == "" || $6 < 1 || $6 > 3)' "$top/data/chongqing/demand.csv" | head -n 1)
[ -z "$bad" ] || { echo "FAIL: recyclables not every 1-3 days: $bad"; fail=1; }
# markets (one per 20,000 residents) and canteens (one per 8,000) are their
# own points with kitchen and residual waste, collected daily in their
# evening windows
sites=$top/data/chongqing/sites.csv dem=$top/data/chongqing/demand.csv
mkt=$(grep -c '^[^,]*,[^,]*,market,' "$sites")
can=$(grep -c '^[^,]*,[^,]*,canteen,' "$sites")
[ "$mkt" -ge 400 ] && [ "$mkt" -le 700 ] || { echo "FAIL: $mkt markets, expected about 517"; fail=1; }
[ "$can" -ge 1000 ] && [ "$can" -le 1600 ] || { echo "FAIL: $can canteens, expected about 1,294"; fail=1; }
bad=$(awk -F, '($1 ~ /^(MKT|CAN)-/) && ($2 != "hh_kitchen" && $2 != "hh_other" || $6 != "")' "$dem" | head -n 1)
[ -z "$bad" ] || { echo "FAIL: a market or canteen row not daily kitchen/residual waste: $bad"; fail=1; }
# the district totals stay what SOURCES.md derives: the markets' and
# canteens' kitchen and residual waste is taken out of the households'
tot=$(awk -F, '$2 == "hh_kitchen" { k += $3 } $2 == "hh_other" { o += $3 }
      END { printf "%.0f %.0f", k / 1000, o / 1000 }' "$dem")
[ "$tot" = "1765 6725" ] || { echo "FAIL: hh_kitchen and hh_other total $tot t/d, expected 1765 6725"; fail=1; }
big=$(awk -F, '($1 ~ /^(MKT|CAN)-/) && $2 == "hh_kitchen" { k += $3 } END { printf "%.0f", k / 1000 }' "$dem")
[ "$big" -ge 300 ] && [ "$big" -le 600 ] || { echo "FAIL: markets and canteens carry $big t/d of kitchen waste"; fail=1; }
# household kitchen and residual waste at night (21:00-05:00)
bad=$(awk -F, '$1 ~ /^CP-/ && ($2 == "hh_kitchen" || $2 == "hh_other") && $9 != "21:00-29:00"' "$dem" | head -n 1)
[ -z "$bad" ] || { echo "FAIL: a household kitchen or residual row outside the night window: $bad"; fail=1; }
# every hospital, clinic and health centre is its own generator: the large
# hospitals (the storage nodes) daily, the others every 2 days, all within
# the 2-day storage limit; the health centres are storage nodes too
hosp=$(grep -c '^[^,]*,[^,]*,hospital,' "$sites")
clin=$(grep -c '^[^,]*,[^,]*,clinic,' "$sites")
[ "$hosp" -ge 300 ] && [ "$clin" -ge 2000 ] || { echo "FAIL: $hosp hospitals and $clin clinics, expected about 414 and 2,585"; fail=1; }
bad=$(awk -F, '$2 == "medical" && ($7 != 2 || ($6 != "" && $6 != 2) || ($1 !~ /^HOSP-/ && $6 != 2))' "$dem" | head -n 1)
[ -z "$bad" ] || { echo "FAIL: a medical row off its frequency or the 2-day limit: $bad"; fail=1; }
daily=$(awk -F, '$2 == "medical" && $6 == ""' "$dem" | wc -l)
large=$(awk -F, '$3 == "hospital" && $11 > 0' "$sites" | wc -l)
[ "$daily" -eq "$large" ] && [ "$large" -ge 30 ] || { echo "FAIL: $daily medical rows daily, $large large hospitals"; fail=1; }
nodes=$(awk -F, '$11 > 0' "$sites" | wc -l)
[ "$nodes" -ge 50 ] && [ "$nodes" -le 150 ] || { echo "FAIL: $nodes medical storage nodes"; fail=1; }
"${WO_BIN:?}" validate >"$tmp/v" 2>&1 || { echo "FAIL: validate of the default"; cat "$tmp/v"; fail=1; }
cp "$top/data/chongqing/stats_2022.csv" "$tmp"/ # kept by hand, not generated
"$WO_BIN" validate --quiet "$tmp" >"$tmp/v" 2>&1
st=$?
if [ $st -ne 0 ] || ! tail -n 1 "$tmp/v" | grep -q '^OK: 0 errors'; then
    echo "FAIL: the generator's output does not validate clean (exit $st)"
    cat "$tmp/v"
    fail=1
fi
exit $fail
