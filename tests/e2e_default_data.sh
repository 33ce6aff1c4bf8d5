#!/bin/sh
# The embedded Chongqing default is reproducible: rerunning its generator
# (data/tools/gen_chongqing.c) on ../shared/geo writes every generated file
# of data/chongqing/ byte for byte. Skipped when the shared data is absent.
# Also: the default has a collection point per 300-500 households (at
# least 10,000 in the 9 districts), stays under 4 MB (above that the
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
