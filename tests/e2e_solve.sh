#!/bin/sh
# End-to-end: `wasteopt solve` on the VROOM-format problems of
# tests/data/vroom/: every solution has VROOM's fields and passes the
# independent checker (test_vroom --check: capacities, time windows,
# skills, every job once or unassigned, arrivals from the matrix); exit
# status 0 or 3 (unassigned jobs); stdin and stdout; the same answer for a
# seed and an iteration limit; travel over a road graph; the bad problems
# of tests/data/vroom/bad/
# exit 1 with the message naming the JSON path and leave an existing
# output file as it was. Needs WO_BIN, WO_TOP and WO_BUILD.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
checker=${WO_BUILD:?}/tests/test_vroom
data="$top/tests/data/vroom"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

check() { # description, condition status
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

# problem, expected exit status
for case in cvrp:0 vrptw_breaks_skills:3 facilities:0 vroom_users:0 \
            open_priority:3; do
    name=${case%%:*}
    want=${case#*:}
    "$bin" solve "$data/$name.json" --iterations 2000 --seed 1 \
        -o "$tmp/$name.sol.json" 2>"$tmp/$name.err"
    st=$?
    check "$name: exit $want (got $st)" $([ $st -eq "$want" ]; echo $?)
    "$checker" --check "$data/$name.json" "$tmp/$name.sol.json" \
        >"$tmp/$name.check"
    check "$name: feasible ($(cat "$tmp/$name.check"))" $?
    for field in '"code": 0' '"summary"' '"cost"' '"routes"' '"unassigned"' \
                 '"service"' '"duration"' '"waiting_time"' '"priority"' \
                 '"computing_times"' '"loading"' '"solving"' '"steps"' \
                 '"type": "start"' '"type": "job"' '"arrival"' \
                 '"violations"'; do
        grep -q "$field" "$tmp/$name.sol.json"
        check "$name: has $field" $?
    done
done

# what each problem must show
grep -q '"type": "unload"' "$tmp/facilities.sol.json"
check "facilities: unload steps" $?
grep -q '"type": "break"' "$tmp/facilities.sol.json"
check "facilities: break steps" $?
grep -q '"pickup": \[' "$tmp/facilities.sol.json" &&
    grep -q '"load": \[' "$tmp/facilities.sol.json"
check "facilities: pickup and load arrays" $?
grep -q '"type": "break"' "$tmp/vrptw_breaks_skills.sol.json"
check "vrptw: break steps" $?
grep -q '"description": "lunch"' "$tmp/vrptw_breaks_skills.sol.json"
check "vrptw: the break's description echoed" $?
grep -q '"type": "end"' "$tmp/vroom_users.sol.json" &&
    grep -q '"location_index"' "$tmp/vroom_users.sol.json" &&
    ! grep -q '"distance"' "$tmp/vroom_users.sol.json"
check "vroom_users: end steps, location_index, no distance without distances" $?
grep -q '"distance"' "$tmp/cvrp.sol.json"
check "cvrp: distances from the locations" $?
grep -q '"reason": "demand above every allowed vehicle capacity"' \
    "$tmp/open_priority.sol.json"
check "open_priority: the heavy job unassigned with its reason" $?
grep -q 'warning: skills:' "$tmp/vrptw_breaks_skills.err"
check "vrptw: the skills warning on stderr" $?

# stdin -> stdout, and the same answer twice (computing times aside)
"$bin" solve - --iterations 300 --seed 4 <"$data/vroom_users.json" \
    >"$tmp/a.json" 2>/dev/null
st=$?
check "stdin to stdout exits 0 (got $st)" $([ $st -eq 0 ]; echo $?)
"$bin" solve "$data/vroom_users.json" --iterations 300 --seed 4 -q \
    >"$tmp/b.json"
grep -v -e '"loading"' -e '"solving"' "$tmp/a.json" >"$tmp/a.cmp"
grep -v -e '"loading"' -e '"solving"' "$tmp/b.json" >"$tmp/b.cmp"
cmp -s "$tmp/a.cmp" "$tmp/b.cmp"
check "same seed and iterations: same solution" $?
"$checker" --check "$data/vroom_users.json" "$tmp/a.json" >/dev/null
check "stdout solution feasible" $?

# bad problems: exit 1, the message, an existing output untouched
for f in "$data"/bad/*.json; do
    name=$(basename "$f" .json)
    echo keep >"$tmp/out.json"
    "$bin" solve "$f" -o "$tmp/out.json" 2>"$tmp/err" >/dev/null
    st=$?
    check "bad $name: exit 1 (got $st)" $([ $st -eq 1 ]; echo $?)
    printf 'wasteopt solve: %s: %s\n' "$f" "$(cat "$data/bad/$name.txt")" \
        >"$tmp/want"
    cmp -s "$tmp/want" "$tmp/err"
    check "bad $name: message '$(cat "$data/bad/$name.txt")'" $?
    [ "$(cat "$tmp/out.json")" = keep ]
    check "bad $name: output left as it was" $?
done

# no matrices: over a road graph (osm import of tests/data/roads), longer
# than the straight line
"$bin" osm import "$top/tests/data/roads/grid_small.osm" -o "$tmp/grid.wog" \
    >/dev/null 2>&1
"$bin" solve "$data/road_graph.json" --graph "$tmp/grid.wog" \
    --iterations 200 -o "$tmp/road.json"
st=$?
check "road graph: exit 0 (got $st)" $([ $st -eq 0 ]; echo $?)
"$checker" --check "$data/road_graph.json" "$tmp/road.json"
check "road graph: feasible" $?
"$bin" solve "$data/road_graph.json" --circuity 1 --iterations 200 \
    -o "$tmp/straight.json"
road=$(sed -n 's/^    "distance": \([0-9]*\),*$/\1/p' "$tmp/road.json")
straight=$(sed -n 's/^    "distance": \([0-9]*\),*$/\1/p' "$tmp/straight.json")
check "road graph: $road m by road > $straight m straight" \
    $([ "${road:-0}" -gt "${straight:-0}" ] && [ "${straight:-0}" -gt 0 ]; echo $?)

# usage errors
"$bin" solve "$data/cvrp.json" --iterations zero >/dev/null 2>&1
st=$?
check "bad --iterations exits 2 (got $st)" $([ $st -eq 2 ]; echo $?)
"$bin" solve "$tmp/missing.json" >/dev/null 2>"$tmp/err"
st=$?
check "missing file exits 1 (got $st)" $([ $st -eq 1 ]; echo $?)
grep -q 'missing.json: No such file' "$tmp/err"
check "missing file named" $?

exit $fail
