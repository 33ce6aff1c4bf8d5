#!/bin/sh
# End-to-end: `wasteopt plan --graph` with a road graph of another region.
# The small Chongqing scenario planned on the graph of tests/data/osm/
# loop.osm (a loop of roads 3 to 27 km away from every place of it) fails
# before solving, naming the farthest place and its distance; with
# --allow-far it plans, lists the places in plan.json "far_points" and
# exits 3. The covering grid of tests/data/roads/ has no far place.
# Needs WO_BIN and WO_TOP.
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

"$bin" osm import "$top/tests/data/osm/loop.osm" -o "$tmp/loop.wog" \
    >/dev/null 2>&1
check "loop.osm imports" $?
"$bin" osm import "$top/tests/data/roads/grid_small.osm" -o "$tmp/grid.wog" \
    >/dev/null 2>&1
check "grid_small.osm imports" $?

# The farthest place of the small scenario from the loop: landfill LF at
# 106.70, 29.69, line 6 of facilities.csv.
"$bin" plan "$small" --graph "$tmp/loop.wog" --iterations 20 \
    --out "$tmp/far" --quiet >"$tmp/out" 2>"$tmp/err"
st=$?
check "wrong-region graph exits 1 (got $st)" $([ $st -eq 1 ]; echo $?)
grep -q "road graph: 16 of the 16 places to route are farther than 1000 m from every road of the graph (a graph of another region?); the farthest: facility LF (facilities.csv:6) at 26523 m" "$tmp/err"
check "the message names the count, the farthest place and its distance" $?
grep -q -- "--graph '$tmp/loop.wog' covers the scenario; --allow-far" "$tmp/err"
check "the message names the graph and --allow-far" $?
[ ! -e "$tmp/far/plan.json" ]
check "no plan.json written" $?

"$bin" plan "$small" --graph "$tmp/loop.wog" --allow-far --iterations 20 \
    --out "$tmp/allow" --quiet >"$tmp/out" 2>"$tmp/err"
st=$?
check "--allow-far exits 3 (got $st)" $([ $st -eq 3 ]; echo $?)
pj="$tmp/allow/plan.json"
sed -n '/"far_points"/,$p' "$pj" >"$tmp/far.json"
[ "$(grep -c '"distance_m"' "$tmp/far.json")" -eq 16 ] &&
    tr -d ' \n' <"$tmp/far.json" |
    grep -q '^"far_points":\[{"id":"LF","kind":"facility","lon":106.7,"lat":29.69,"distance_m":26523.0}' &&
    grep -q '"kind": "depot"' "$tmp/far.json" &&
    grep -q '"kind": "site"' "$tmp/far.json"
check "plan.json far_points: 16 places, the farthest first, LF at 26523 m" $?

"$bin" plan "$small" --graph "$tmp/grid.wog" --iterations 20 \
    --out "$tmp/grid" --quiet >"$tmp/out" 2>"$tmp/err"
st=$?
check "covering graph does not fail (got $st)" $([ $st -ne 1 ]; echo $?)
grep -q '"far_points": \[\]' "$tmp/grid/plan.json"
check "covering graph: far_points empty" $?

exit $fail
