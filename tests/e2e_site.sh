#!/bin/sh
# End-to-end test of `wasteopt site`: compare on data/chongqing with its
# files (GeoJSON, CSV, JSON summary), the embedded default, a policy study
# that cannot be met (exit 3, names what binds), --write-lp/--write-mps
# solved by glpsol to the same objective, and bad input: a stream no
# facility accepts, a negative cost, capacity levels out of order, usage.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

"$bin" site "$top/data/chongqing" --mode compare --out "$tmp/out" \
    >"$tmp/cmp" 2>"$tmp/cmp.err"
rc=$?
[ $rc -eq 0 ] || no "compare exit $rc"; cat "$tmp/cmp.err"
grep -q "current *optimise *delta" "$tmp/cmp" || no "compare has no header"
grep -q "cost total (CNY/d)" "$tmp/cmp" || no "compare has no cost line"
grep -q "annex indicators the flows imply" "$tmp/cmp" || no "compare has no indicators"
grep -q "urban incineration rate" "$tmp/cmp" || no "no incineration indicator"
grep -q "site changes (optimise vs current)" "$tmp/cmp" || no "no site changes"
for f in site_current.geojson site_optimise.geojson flows_current.csv \
         flows_optimise.csv summary.json; do
    [ -s "$tmp/out/$f" ] || no "missing $f"
done
grep -q '"FeatureCollection"' "$tmp/out/site_optimise.geojson" || no "geojson"
grep -q '"LineString"' "$tmp/out/site_optimise.geojson" || no "no flow lines"
head -n 1 "$tmp/out/flows_current.csv" | grep -q '^stream,from_kind,from,to_kind,to,t_per_d' \
    || no "flows csv header"
grep -q '"delta_cost_cny_per_d"' "$tmp/out/summary.json" || no "summary delta"
grep -q '"annex"' "$tmp/out/summary.json" || no "summary has no annex indicators"
ls "$tmp/out" | grep -q tmp && no "temporary file left in --out"

"$bin" site --mode current --quiet >"$tmp/emb" 2>&1 || no "embedded default exit $?"
grep -q "chongqing" "$tmp/emb" || no "embedded default output"

"$bin" site "$top/data/chongqing" --mode current --policy cd=99 \
    --quiet >"$tmp/pol" 2>&1
rc=$?
[ $rc -eq 3 ] || no "unmet policy exit $rc (expected 3)"
grep -q "binds (current): C&D resource-utilization target 99.0 % not met" "$tmp/pol" \
    || no "policy diagnosis"
grep -q "cd_slurry: no recovery process accepts it" "$tmp/pol" \
    || no "policy diagnosis names no stream"

if command -v glpsol >/dev/null 2>&1; then
    "$bin" site "$top/data/chongqing" --mode optimise --quiet \
        --write-lp "$tmp/m.lp" --write-mps "$tmp/m.mps" --out "$tmp/o2" >/dev/null 2>&1 \
        || no "write-lp run exit $?"
    want=$(sed -n 's/^ *"objective": \([-0-9.e+]*\),*$/\1/p' "$tmp/o2/summary.json" | head -n 1)
    for kind in lp mps; do
        flag=--lp; [ $kind = mps ] && flag=--freemps
        got=$(glpsol $flag "$tmp/m.$kind" -o /dev/stdout 2>/dev/null |
              sed -n 's/^Objective: *[^=]*= *\([-0-9.e+]*\).*/\1/p')
        awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d;
            exit !(a != "" && d <= 1e-6 * (1 + (b < 0 ? -b : b))) }' \
            || no "glpsol on the $kind file: '$got', wasteopt '$want'"
    done
fi

cp -r "$top/data/chongqing" "$tmp/sc"
sed -i 's/^CQ-MW-01,P1,harmless_disposal,medical,/CQ-MW-01,P1,harmless_disposal,hh_hazardous,/' \
    "$tmp/sc/processes.csv"
"$bin" site "$tmp/sc" --quiet >"$tmp/e1" 2>&1
rc=$?
[ $rc -eq 1 ] || no "stream without facility: exit $rc"
grep -q "stream 'medical' of source .*no facility has a process that accepts it" "$tmp/e1" \
    || { no "stream without facility message"; cat "$tmp/e1"; }

cp "$top/data/chongqing/processes.csv" "$tmp/sc/processes.csv"
sed -i 's/^\(CQ-INC-01,P1,incineration,[^,]*,1200\),70,/\1,-70,/' "$tmp/sc/processes.csv"
"$bin" site "$tmp/sc" --quiet >"$tmp/e2" 2>&1
rc=$?
[ $rc -eq 1 ] || no "negative cost: exit $rc"
grep -q "processes.csv" "$tmp/e2" && grep -q -- "-70" "$tmp/e2" \
    || { no "negative cost message"; cat "$tmp/e2"; }

cp "$top/data/chongqing/processes.csv" "$tmp/sc/processes.csv"
sed -i 's/^A-CAND-KW1,P1,L2,1000,/A-CAND-KW1,P1,L2,400,/' "$tmp/sc/capacity_levels.csv"
"$bin" site "$tmp/sc" --quiet >"$tmp/e3" 2>&1
rc=$?
[ $rc -eq 1 ] || no "levels out of order: exit $rc"
grep -q "capacity_levels.csv:[0-9]*: level 'L2' of facility 'A-CAND-KW1'.*capacity levels must increase" "$tmp/e3" \
    || { no "levels out of order message"; cat "$tmp/e3"; }

"$bin" site --mode sideways >/dev/null 2>&1
[ $? -eq 2 ] || no "bad --mode is not a usage error"
"$bin" site --policy recycling=140 >/dev/null 2>&1
[ $? -eq 2 ] || no "bad --policy is not a usage error"
exit $fail
