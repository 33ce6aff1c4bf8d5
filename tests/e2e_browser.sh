#!/bin/sh
# End-to-end test of map.html in a real browser: headless Chromium (Debian's
# chromium) driven by tests/browser/check_page.mjs (playwright-core, pinned
# in tests/browser/package-lock.json, installed by `make deps`).
#   1. `wasteopt plan` of the small test scenario over two days, with a
#      site whose name tries to end the page's script: map.html draws as
#      many route lines as plan.json has routes, streams switch on and off,
#      a click in the route list shows that route's stops with their times;
#      --tile-url / --tile-attribution reach the page and the attribution
#      is shown (the tiles themselves are refused: the test runs offline).
#   2. The same plan with Leaflet missing (WO_LEAFLET_DIR): the plan says
#      so, the page is written and its route list is complete.
#   3. `wasteopt whatif --map FILE`: the page with the comparison table,
#      of a re-planning study and of a siting study (--site: no plan).
# Screenshots are kept under BUILD/browser/ for a person to look at.
# Exit 77 (reported as SKIP by tests/run.sh) only when Chromium or the
# driver cannot be installed on this machine; it says so loudly.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
build=${WO_BUILD:-$top/build}
chromium=${WO_CHROMIUM:-/usr/bin/chromium}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }
skip() {
    echo "SKIP: $*"
    echo "SKIP: the browser test of map.html did NOT run" >&2
    exit 77
}

# Chromium and the driver: installed by `make deps`; tried once here.
if [ ! -x "$chromium" ] || ! command -v node >/dev/null 2>&1; then
    sh "$top/data/tools/deps.sh" chromium fonts-wqy-microhei nodejs \
        >"$tmp/deps.log" 2>&1 || cat "$tmp/deps.log"
fi
[ -x "$chromium" ] || skip "$chromium is missing and the Debian package chromium could not be installed"
command -v node >/dev/null 2>&1 || skip "node is missing and could not be installed"
if [ ! -f "$top/tests/browser/node_modules/playwright-core/package.json" ]; then
    (cd "$top/tests/browser" && npm ci --no-audit --no-fund) >"$tmp/npm.log" 2>&1 ||
        { cat "$tmp/npm.log"; skip "playwright-core could not be installed (npm ci in tests/browser)"; }
fi
shots="$build/browser"
mkdir -p "$shots"
driver="$top/tests/browser/check_page.mjs"
routes_of() { # plan.json -> its number of routes
    node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).routes.length)' "$1"
}

# 1. The page of a plan.
cp -r "$top/tests/data/scenarios/small" "$tmp/sc"
printf 'P9,"</script><b>夜市</b>收集点",collection_point,500103,urban,106.585,29.545,300,,\n' \
    >>"$tmp/sc/sites.csv"
printf 'P9,hh_other,1800,,1,,,,\n' >>"$tmp/sc/demand.csv"
"$bin" plan "$tmp/sc" --days 2 --iterations 200 --seed 2 --out "$tmp/out" \
    --tile-url 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png' \
    --tile-attribution 'Tiles © test server 测试' --quiet >"$tmp/plan.log" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { no "plan exit $rc"; cat "$tmp/plan.log"; }
[ -s "$tmp/out/map.html" ] || no "no map.html beside map.svg"
grep -q '"P9"' "$tmp/out/plan.json" || no "P9 not in the plan"
n=$(routes_of "$tmp/out/plan.json")
[ "$n" -gt 1 ] || no "the plan has $n routes"
echo "plan: $n routes over 2 days"
node "$driver" "file://$tmp/out/map.html" "$shots/small.png" "$n" \
    --selected-screenshot "$shots/small-selected.png" || no "the page of the plan"

# 2. Leaflet missing: the rest of the page is still there.
WO_LEAFLET_DIR="$tmp/no-leaflet" "$bin" plan "$tmp/sc" --days 2 --iterations 200 \
    --seed 2 --out "$tmp/out2" --quiet >"$tmp/plan2.log" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { no "plan without Leaflet exit $rc"; cat "$tmp/plan2.log"; }
grep -q "map.html written without its map: Leaflet not found in $tmp/no-leaflet" \
    "$tmp/plan2.log" || { no "no word of the missing Leaflet"; cat "$tmp/plan2.log"; }
cmp -s "$tmp/out/plan.json" "$tmp/out2/plan.json" || no "plan.json differs without Leaflet"
node "$driver" "file://$tmp/out2/map.html" "$shots/small-noleaflet.png" "$n" --no-map ||
    no "the page without Leaflet"

# 3. The what-if page.
"$bin" whatif "$tmp/sc" --change "scale hh_other 1.2" --change "close TS1" \
    --iterations 100 --seed 2 --quiet --map "$tmp/whatif.html" >"$tmp/whatif.log" 2>&1
rc=$?
[ $rc -eq 0 ] || { no "whatif exit $rc"; cat "$tmp/whatif.log"; }
grep -q '"label":"close TS1"' "$tmp/whatif.html" || no "whatif.html lacks the comparison"
wn=$(node -e '
    const t = require("fs").readFileSync(process.argv[1], "utf8");
    const m = t.match(/<script type="application\/json" id="wo-data">([^<]*)<\/script>/);
    console.log(JSON.parse(m[1]).plan.routes.length)' "$tmp/whatif.html")
node "$driver" "file://$tmp/whatif.html" "$shots/whatif.png" "$wn" || no "the what-if page"

# ... and of a siting study: no plan, the base scenario and the table.
"$bin" whatif "$tmp/sc" --site --change "close TS1" --quiet \
    --map "$tmp/siting.html" >"$tmp/siting.log" 2>&1
rc=$?
[ $rc -eq 0 ] || { no "whatif --site exit $rc"; cat "$tmp/siting.log"; }
grep -q '"transfer stations open"' "$tmp/siting.html" || no "siting.html lacks the siting figures"
node "$driver" "file://$tmp/siting.html" "$shots/siting.png" 0 || no "the siting page"

# 4. The page served by `wasteopt serve`: GET / after POST /plan, Leaflet
# from the server's /leaflet/.
"$bin" serve --port 0 --workers 1 >"$tmp/serve.out" 2>"$tmp/serve.err" &
spid=$!
port=
i=0
while [ $i -lt 100 ] && [ -z "$port" ]; do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' \
               "$tmp/serve.out" 2>/dev/null)
    kill -0 "$spid" 2>/dev/null || break
    [ -n "$port" ] || sleep 0.1
    i=$((i + 1))
done
if [ -z "$port" ]; then
    no "wasteopt serve did not start"
    cat "$tmp/serve.err"
else
    tar -C "$tmp/sc" -cf "$tmp/sc.tar" .
    st=$(curl -s -o "$tmp/served.json" -w '%{http_code}' -H 'Expect:' \
             --data-binary @"$tmp/sc.tar" \
             "http://127.0.0.1:$port/plan?iterations=200&seed=2&days=2")
    [ "$st" = 200 ] || no "POST /plan answered $st"
    cmp -s "$tmp/served.json" "$tmp/out/plan.json" ||
        no "the served plan differs from wasteopt plan's"
    curl -s "http://127.0.0.1:$port/" | grep -q 'src="/leaflet/leaflet.js"' ||
        no "GET / does not load Leaflet from the server"
    node "$driver" "http://127.0.0.1:$port/" "$shots/served.png" "$n" ||
        no "the page served by wasteopt serve"
    kill -TERM "$spid"
    wait "$spid" || no "serve did not exit 0 on SIGTERM"
fi

[ $fail -eq 0 ] && echo "browser: map.html checked in $("$chromium" --version 2>/dev/null | head -n 1); screenshots in $shots"
exit $fail
