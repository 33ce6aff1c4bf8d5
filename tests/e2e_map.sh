#!/bin/sh
# End-to-end test of map.svg at city size, on the embedded default
# (about 1,600 routes; seeded, 1 iteration: deterministic, and the map
# does not need a better plan):
#  - one panel per stream family with routes; no panel draws more than
#    150 routes as lines; household and construction (over 150 routes)
#    are drawn aggregated: a hull per route and a heat grid of stops, no
#    route line; medical and agricultural draw every route as a line; the
#    panels' route counts add up to routes.csv; every panel holds the 9
#    districts;
#  - --map-lines 5000 draws every household route as a line;
#  - --district 500103 keeps only 渝中区's boundary in each panel, zooms
#    (a shorter scale bar), keeps the routes that stop in it (at least
#    those stops.csv shows there, fewer than all), and leaves plan.json,
#    stops.csv, routes.csv and the GeoJSON byte for byte as without it;
#    a comma list keeps both districts;
#  - a code that is no district fails with exit 2, naming the option and
#    the valid codes, before any planning.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
. "$top/tests/support/e2e.sh"

plan() { # NAME [options]: the default planned into $tmp/NAME
    name=$1
    shift
    "$bin" plan --iterations 1 --seed 3 --time-limit 3600 --quiet \
        --out "$tmp/$name" "$@" >"$tmp/$name.log" 2>&1
    rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 3 ] ||
        { fail "$name: plan exit $rc"; cat "$tmp/$name.log"; }
}

report() { # FILE of FAIL lines: shown, and one failure, when not empty
    [ -s "$1" ] || return 0
    cat "$1"
    fails=$((fails + 1))
}

# One line per panel: family, data-routes, data-mode, route lines, hulls,
# heat cells (data-cells of the heat paths), flows, district paths,
# distinct district ids.
panels() {
    awk '
    function attr(name,   r) {
        if (!match($0, name "=\"[^\"]*\"")) return ""
        r = substr($0, RSTART + length(name) + 2)
        return substr(r, 1, index(r, "\"") - 1)
    }
    /<g class="panel"/ {
        cur = attr("data-family"); order[++np] = cur
        routes[cur] = attr("data-routes"); mode[cur] = attr("data-mode")
        next
    }
    /<g id="legend"/ { cur = "" }
    cur == "" { next }
    /class="route"/ { line[cur]++ }
    /class="hull"/ { hull[cur]++ }
    /class="heat"/ { heat[cur] += attr("data-cells") }
    /class="flow"/ { flow[cur]++ }
    /class="district"/ {
        dist[cur]++; id = attr("data-id")
        if (!((cur, id) in seen)) { seen[cur, id] = 1; ids[cur] = ids[cur] id ";" }
    }
    END {
        for (i = 1; i <= np; i++) {
            p = order[i]
            print p, routes[p], mode[p], line[p] + 0, hull[p] + 0, heat[p] + 0,
                  flow[p] + 0, dist[p] + 0, ids[p]
        }
    }' "$1"
}

# ------------------------------------------------------------ whole city
plan full
panels "$tmp/full/map.svg" >"$tmp/full.panels"
cat "$tmp/full.panels"
for f in household construction medical agricultural; do
    grep -q "^$f " "$tmp/full.panels" || fail "full: no $f panel"
done
total=$(($(wc -l <"$tmp/full/routes.csv") - 1))
awk -v total="$total" '
    { sum += $2 }
    $4 > 150 { print "FAIL: full: " $1 " draws " $4 " route lines" }
    $8 != 9 { print "FAIL: full: " $1 " has " $8 " districts, not 9" }
    $2 > 150 && ($3 != "aggregated" || $4 != 0 || $5 < 150 || $6 < 20) {
        print "FAIL: full: " $1 " (" $2 " routes) not aggregated: " $0 }
    $2 <= 150 && ($3 != "lines" || $4 != $2 || $5 != 0 || $6 != 0) {
        print "FAIL: full: " $1 " (" $2 " routes) not drawn as lines: " $0 }
    END { if (sum != total)
              print "FAIL: full: panels count " sum " routes, routes.csv " total }
' "$tmp/full.panels" >"$tmp/full.check"
report "$tmp/full.check"
grep -q '^household [0-9]* aggregated' "$tmp/full.panels" ||
    fail "full: household is not aggregated"
grep -q '^construction [0-9]* aggregated' "$tmp/full.panels" ||
    fail "full: construction is not aggregated"
grep -q '生活垃圾 household · [0-9]* routes · [0-9.]* t collected' \
    "$tmp/full/map.svg" || fail "full: no household heading"
grep -q 'stops per 1 km cell' "$tmp/full/map.svg" || fail "full: no heat legend"
full_bar=$(grep -o '>[0-9.]* k\{0,1\}m</text>' "$tmp/full/map.svg" | head -n 1)

# Under the sanitizers (WO_SAN=1) the default is planned twice, not four
# times: the whole city and one district; the line and district-list
# drawings are the plain pass's.
if [ "${WO_SAN:-0}" != 1 ]; then
# ------------------------------------------------------ every route a line
plan lines --map-lines 5000
panels "$tmp/lines/map.svg" >"$tmp/lines.panels"
awk '$3 != "lines" || $4 != $2 || $5 != 0 {
         print "FAIL: --map-lines 5000: " $0 }' \
    "$tmp/lines.panels" >"$tmp/lines.check"
report "$tmp/lines.check"
grep -q '^household 1[5-9][0-9] \|^household [2-9][0-9][0-9] \|^household [0-9]\{4\} ' \
    "$tmp/lines.panels" || fail "--map-lines: household has few routes"

fi

# ------------------------------------------------------------- a district
plan yz --district 500103
panels "$tmp/yz/map.svg" >"$tmp/yz.panels"
cat "$tmp/yz.panels"
awk '$8 != 1 || $9 != "500103;" { print "FAIL: --district: " $0 }' \
    "$tmp/yz.panels" >"$tmp/yz.check"
report "$tmp/yz.check"
grep -q '渝中区 500103 ([0-9]* of [0-9]* routes touch it)' "$tmp/yz/map.svg" ||
    fail "--district: no title naming the district"
yz_bar=$(grep -o '>[0-9.]* k\{0,1\}m</text>' "$tmp/yz/map.svg" | head -n 1)
echo "scale bar: whole city '$full_bar', 500103 '$yz_bar'"
case "$yz_bar" in
'>1 km</text>' | '>2 km</text>' | '>'*' m</text>') ;;
*) fail "--district: not zoomed (scale bar '$yz_bar', whole city '$full_bar')" ;;
esac
# household vehicles with a stop at a site of 500103, from the tables
awk -F, '
    FILENAME ~ /sites/ && FNR > 1 { sd[$1] = $4; next }
    FILENAME ~ /stops/ && FNR > 1 && $7 == "stop" && $5 ~ /^hh_/ &&
        sd[$8] == "500103" && !($3 in v) { v[$3] = 1; n++ }
    END { print n + 0 }
' "$top/data/chongqing/sites.csv" "$tmp/full/stops.csv" >"$tmp/yz.stopping"
read -r stopping <"$tmp/yz.stopping"
yz_hh=$(awk '$1 == "household" { print $2 }' "$tmp/yz.panels")
full_hh=$(awk '$1 == "household" { print $2 }' "$tmp/full.panels")
echo "household: $stopping vehicles stop in 500103; panel ${yz_hh:-none} of $full_hh"
[ "$stopping" -gt 0 ] || fail "--district: no household stop in 500103"
[ "${yz_hh:-0}" -ge "$stopping" ] && [ "${yz_hh:-0}" -lt "$full_hh" ] ||
    fail "--district: household routes ${yz_hh:-none}, want >= $stopping and < $full_hh"
for f in plan.json stops.csv routes.csv routes.geojson sites.geojson; do
    cmp -s "$tmp/full/$f" "$tmp/yz/$f" || fail "--district changed $f"
done
cmp -s "$tmp/full/map.svg" "$tmp/yz/map.svg" && fail "--district: the same map.svg"

if [ "${WO_SAN:-0}" != 1 ]; then
plan two --district 500103,500108 --district 500103
panels "$tmp/two/map.svg" >"$tmp/two.panels"
awk '$8 != 2 || ($9 != "500103;500108;" && $9 != "500108;500103;") {
         print "FAIL: --district list: " $0 }' \
    "$tmp/two.panels" >"$tmp/two.check"
report "$tmp/two.check"
fi

# ------------------------------------------------------------- bad codes
"$bin" plan --district 500103,999999 --quiet --out "$tmp/bad" \
    >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
[ $rc -eq 2 ] || fail "bad --district: exit $rc, want 2"
grep -q "^wasteopt plan: --district: '999999' is no district code of scenario" \
    "$tmp/bad.err" || { fail "bad --district: message"; cat "$tmp/bad.err"; }
grep -q '500103 渝中区, 500104 大渡口区' "$tmp/bad.err" ||
    fail "bad --district: the valid codes are not listed"
[ -e "$tmp/bad/plan.json" ] && fail "bad --district: a plan was written"
"$bin" plan --map-lines 0 --quiet --out "$tmp/bad" >/dev/null 2>"$tmp/bad0.err"
rc=$?
[ $rc -eq 2 ] || fail "--map-lines 0: exit $rc, want 2"
[ "$fails" -eq 0 ] || exit 1
