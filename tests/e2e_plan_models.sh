#!/bin/sh
# End-to-end test of `wasteopt plan --write-lp DIR --write-mps DIR`: on the
# small test scenario with a construction site's spoil added, the second
# echelon's transfer MIPs and the earthwork MIP are written with
# DIR/models.csv, and glpsol solves each LP and MPS file to the objective
# the plan used; an unwritable DIR fails before planning.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

cp -r "$top/tests/data/scenarios/small" "$tmp/sc"
printf 'K1,工地,construction_site,500103,urban,106.565,29.560,600,,\n' \
    >>"$tmp/sc/sites.csv"
printf 'K1,cd_spoil,40000,,1,,,,\n' >>"$tmp/sc/demand.csv"
printf 'SP,弃土场,spoil_site,operating,500105,106.60,29.60,,,600,\n' \
    >>"$tmp/sc/facilities.csv"
printf 'SP,dump,landfill,cd_spoil,5000,,15,,\n' >>"$tmp/sc/processes.csv"
printf 'dumper,spoil truck,cd_spoil,5,D1,,18000,12,25,6,110,900,22:00,30:00,8,30,25:00,27:00,,3,haul\n' \
    >>"$tmp/sc/vehicle_types.csv"

"$bin" plan "$tmp/sc" --time-limit 5 --out "$tmp/out" --quiet \
    --write-lp "$tmp/lp" --write-mps "$tmp/mps" >"$tmp/log" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { no "plan exit $rc"; cat "$tmp/log"; }
for d in lp mps; do
    [ -s "$tmp/$d/models.csv" ] || no "no $d/models.csv"
    head -n 1 "$tmp/$d/models.csv" | tr -d '\r' |
        grep -q '^name,kind,day,stream,status,objective$' || no "$d header"
done
grep -q '^transfer_d1_hh_other,transfer,1,hh_other,optimal,' "$tmp/lp/models.csv" \
    || no "no optimal hh_other transfer model"
grep -q '^earthwork_d1,earthwork,1,cd_spoil,optimal,' "$tmp/lp/models.csv" \
    || no "no optimal earthwork model"

checked=0
if command -v glpsol >/dev/null 2>&1; then
    tail -n +2 "$tmp/lp/models.csv" | tr -d '\r' | {
        bad=0
        n=0
        while IFS=, read -r name kind day stream status want; do
            [ "$status" = optimal ] || continue
            for ext in lp mps; do
                flag=--lp; [ $ext = mps ] && flag=--freemps
                f="$tmp/$ext/$name.$ext"
                [ -s "$f" ] || { echo "FAIL: missing $f"; bad=1; continue; }
                got=$(glpsol $flag "$f" -o /dev/stdout 2>/dev/null |
                      sed -n 's/^Objective: *[^=]*= *\([-0-9.e+]*\).*/\1/p')
                awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d;
                    exit !(a != "" && d <= 1e-6 * (1 + (b < 0 ? -b : b))) }' || {
                    echo "FAIL: glpsol on $name.$ext: '$got', plan '$want'"
                    bad=1
                }
                n=$((n + 1))
            done
        done
        [ $n -ge 4 ] || { echo "FAIL: only $n files checked with glpsol"; bad=1; }
        exit $bad
    } || fail=1
    checked=1
fi
[ $checked -eq 1 ] || echo "note: glpsol not found, objectives not checked"

: >"$tmp/file"
"$bin" plan "$tmp/sc" --time-limit 5 --out "$tmp/out2" --quiet \
    --write-lp "$tmp/file/sub" >"$tmp/e1" 2>&1
rc=$?
[ $rc -eq 1 ] || no "unwritable --write-lp: exit $rc"
[ -e "$tmp/out2/plan.json" ] && no "planned although --write-lp is unwritable"

exit $fail
