#!/bin/sh
# End-to-end: `wasteopt validate` on the small good scenario, on bad ones
# assembled in a temporary directory (the good scenario overlaid with a
# case of tests/data/bad/), with and without --json, and without a
# scenario. Needs WO_BIN and WO_TOP.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
good="$top/tests/data/scenarios/small"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

check() { # description, condition status
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

"$bin" validate "$good" >"$tmp/out" 2>"$tmp/err"
st=$?
check "good scenario exits 0 (got $st)" $([ $st -eq 0 ]; echo $?)
grep -q '^OK: 0 errors, 0 warnings$' "$tmp/out"
check "good scenario says OK" $?
grep -q '^hh_other  *5  *15.80 ' "$tmp/out"
check "hh_other line: 5 sites, 15.80 t/d" $?

"$bin" validate "$top/tests/data/scenarios/mixed" >"$tmp/out" 2>"$tmp/err"
st=$?
check "mixed scenario exits 0 (got $st)" $([ $st -eq 0 ]; echo $?)
grep -q '^cd_spoil: 150.00 t/d backfill need at 1 site' "$tmp/out"
check "mixed scenario shows the earthwork balance" $?

# sites in GCJ-02, depots in BD-09, facilities in CGCS2000, districts in
# WGS84: converted on load, so every district check agrees
"$bin" validate "$top/tests/data/scenarios/datums" >"$tmp/out" 2>"$tmp/err"
st=$?
check "datums scenario exits 0 (got $st)" $([ $st -eq 0 ]; echo $?)
grep -q '^OK: 0 errors, 0 warnings$' "$tmp/out"
check "datums scenario: no district warnings" $?

"$bin" validate "$good/scenario.json" --json >"$tmp/json" 2>"$tmp/err"
st=$?
check "--json exits 0 (got $st)" $([ $st -eq 0 ]; echo $?)
grep -q '"ok": true' "$tmp/json" && grep -q '"stream": "medical"' "$tmp/json"
check "--json has ok and the medical stream" $?

for case in sites_text_in_number sites_gbk demand_negative json_missing_file \
            sites_truncated geojson_point scenario_stats_broken; do
    dir="$tmp/$case"
    mkdir -p "$dir"
    cp "$good"/* "$dir"/
    for f in "$top/tests/data/bad/$case"/*; do
        [ "$(basename "$f")" = expected.txt ] || cp "$f" "$dir"/
    done
    "$bin" validate "$dir" >"$tmp/out" 2>"$tmp/err"
    st=$?
    check "$case exits 1 (got $st)" $([ $st -eq 1 ]; echo $?)
    printf 'wasteopt validate: %s\n' "$(cat "$top/tests/data/bad/$case/expected.txt")" \
        >"$tmp/want"
    cmp -s "$tmp/want" "$tmp/err"
    check "$case message" $?
    [ "$st" -eq 1 ] || cat "$tmp/err"
done

# an infeasible network: the medical plant closed
dir="$tmp/closed"
mkdir -p "$dir"
cp "$good"/* "$dir"/
sed 's/medical_disposal,operating/medical_disposal,closed/' \
    "$good/facilities.csv" >"$dir/facilities.csv"
"$bin" validate "$dir" >"$tmp/out" 2>"$tmp/err"
st=$?
check "closed medical plant exits 3 (got $st)" $([ $st -eq 3 ]; echo $?)
grep -q '^error: stream medical: .* no operating or planned facility accepts it$' "$tmp/out"
check "closed medical plant reported" $?

"$bin" validate --quiet "$dir" >"$tmp/out" 2>"$tmp/err"
st=$?
check "--quiet exits 3 too (got $st)" $([ $st -eq 3 ]; echo $?)
[ "$(grep -c . "$tmp/out")" -eq 2 ] && tail -n 1 "$tmp/out" | grep -q '^INFEASIBLE: 1 error, 0 warnings$'
check "--quiet prints the error and the closing line only" $?

"$bin" validate "$tmp/nowhere" >"$tmp/out" 2>"$tmp/err"
st=$?
check "missing directory exits 1 (got $st)" $([ $st -eq 1 ]; echo $?)
grep -qx "wasteopt validate: scenario '$tmp/nowhere': no such file or directory" "$tmp/err"
check "missing directory message names the path" $?

# every command that takes a SCENARIO names the path it cannot use
: >"$tmp/afile"
for cmd in validate plan whatif site indicators; do
    extra=
    [ $cmd = whatif ] && extra="--change 'scale hh_other 1.1'"
    [ $cmd = plan ] && extra="--out $tmp/pout"
    eval "\"\$bin\" $cmd \"\$tmp/nowhere\" $extra" >/dev/null 2>"$tmp/err"
    st=$?
    grep -qx "wasteopt $cmd: scenario '$tmp/nowhere': no such file or directory" "$tmp/err"
    check "$cmd: missing scenario named, exit 1 (got $st)" \
        $([ $? -eq 0 ] && [ $st -eq 1 ]; echo $?)
done
"$bin" validate "$tmp/afile" >/dev/null 2>"$tmp/err"
grep -qx "wasteopt validate: scenario '$tmp/afile': not a directory (give the scenario directory or its scenario.json)" "$tmp/err"
check "a file as SCENARIO: named" $?
mkdir -p "$tmp/empty"
"$bin" plan "$tmp/empty/scenario.json" --out "$tmp/pout" >/dev/null 2>"$tmp/err"
grep -qx "wasteopt plan: scenario '$tmp/empty/scenario.json': no scenario.json in directory '$tmp/empty'" "$tmp/err"
check "a directory without scenario.json: named" $?

"$bin" validate --bogus >"$tmp/out" 2>"$tmp/err"
st=$?
check "unknown option exits 2 (got $st)" $([ $st -eq 2 ]; echo $?)

"$bin" validate --help >"$tmp/out" 2>&1
check "--help exits 0" $?

# the default: the embedded scenario when built in, else a clear message
"$bin" validate >"$tmp/out" 2>"$tmp/err"
st=$?
if grep -q 'no default scenario is embedded' "$tmp/err"; then
    check "no embedded default: exits 1 (got $st)" $([ $st -eq 1 ]; echo $?)
else
    check "embedded default validates (exit $st)" $([ $st -eq 0 ] || [ $st -eq 3 ]; echo $?)
fi
if [ -f "$top/data/chongqing/scenario.json" ]; then
    "$bin" validate "$top/data/chongqing" >"$tmp/out" 2>"$tmp/err"
    st=$?
    check "data/chongqing validates (exit $st)" $([ $st -eq 0 ] || [ $st -eq 3 ]; echo $?)
fi
exit $fail
