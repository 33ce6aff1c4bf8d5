#!/bin/sh
# End-to-end test that a plan under an iteration budget does not depend on
# timing: `wasteopt plan --iterations N --seed S` on the embedded default is
# run twice, the second time with both cores kept busy by two busy loops,
# and plan.json, stops.csv and routes.geojson must be byte-identical. The
# time limit is set far above what the run takes: it is only the safety
# cap, and must not be what ends any part of the run. Under the sanitizers
# (WO_SAN=1, make check's second pass) the two runs plan the small mixed
# scenario of tests/data/scenarios: the default's runs are the plain pass's,
# and the sanitizers see the default in e2e_map.
set -u
bin=${WO_BIN:?}
tmp=$(mktemp -d)
busy=""
cleanup() {
    for p in $busy; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

iters=${WO_DET_ITERATIONS:-3}
scenario=""
if [ "${WO_SAN:-0}" = 1 ]; then
    scenario="${WO_TOP:?}/tests/data/scenarios/mixed"
    iters=${WO_DET_ITERATIONS:-50}
fi
run() {
    "$bin" plan $scenario --iterations "$iters" --seed 3 --time-limit 3600 --quiet \
        --out "$tmp/$1" >"$tmp/$1.log" 2>&1
    rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 3 ] || { no "plan ($1) exit $rc"; cat "$tmp/$1.log"; }
}

run quiet
sh -c 'while :; do :; done' &
busy="$busy $!"
sh -c 'while :; do :; done' &
busy="$busy $!"
run loaded
for p in $busy; do kill "$p" 2>/dev/null; done
busy=""

for f in plan.json stops.csv routes.geojson; do
    [ -s "$tmp/quiet/$f" ] || no "no $f"
    cmp -s "$tmp/quiet/$f" "$tmp/loaded/$f" || {
        no "$f differs between the quiet and the loaded run"
        diff "$tmp/quiet/$f" "$tmp/loaded/$f" | head -n 20
    }
done
grep -q '"seconds"' "$tmp/quiet/plan.json" && no "plan.json carries wall time"

[ $fail -eq 0 ] && echo "plan under load: byte-identical ($iters iterations)"
exit $fail
