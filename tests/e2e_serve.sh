#!/bin/sh
# End-to-end: `wasteopt serve` on a free local port (--port 0; the server
# prints the port it bound). /health; a good VROOM problem on POST /;
# POST /plan with the small scenario as a tar and as a JSON bundle, each
# byte-identical to `wasteopt plan`'s plan.json with the same seed and
# iterations; GET / and /plan.json after it; Leaflet's files; 22
# malformed requests, each answered 4xx with a JSON message while a good
# problem after each is still answered 200; the queue full -> 503
# (WO_TEST_SERVE_GATE holds the workers, cli/serve.h); SIGTERM drains the
# running and queued solves, refuses new connections and exits 0; a short
# load test on a second server (bench_serve, 8 clients x 10 problems, no
# failure).
# Needs WO_BIN, WO_TOP, WO_BUILD and curl.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
build=${WO_BUILD:?}
small="$top/tests/data/scenarios/small"
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail=0

check() { # description, condition status
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

command -v curl >/dev/null || { echo "FAIL curl not found"; exit 1; }

# -------------------------------------------------------------- start-up
gate="$tmp/gate"
start_server() { # LOG OPTIONS...: start, set pid, port and url
    log=$1
    shift
    WO_TEST_SERVE_GATE="$gate" "$bin" serve --port 0 "$@" \
        >"$tmp/$log.out" 2>"$tmp/$log.err" &
    pid=$!
    port=
    i=0
    while [ $i -lt 100 ]; do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' \
                   "$tmp/$log.out" 2>/dev/null)
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    [ -n "$port" ]
    check "server started on 127.0.0.1 and printed its port ($port)" $?
    [ -n "$port" ] || { cat "$tmp/$log.err"; exit 1; }
    url="http://127.0.0.1:$port"
}
stop_server() { # term|wait DESCRIPTION: (SIGTERM and) wait, expect 0
    [ "$1" = term ] && kill -TERM "$pid"
    wait "$pid"
    st=$?
    pid=
    check "$2 (got $st)" $([ $st -eq 0 ]; echo $?)
}
start_server server --workers 2 --queue 2 --max-body 1048576 \
    --request-time-limit 30

# req NAME METHOD PATH [curl args...]: body in $tmp/NAME, status in $st
req() {
    name=$1 method=$2 path=$3
    shift 3
    st=$(curl -s -o "$tmp/$name" -w '%{http_code}' -X "$method" \
             -H 'Expect:' "$@" "$url$path")
}
has() { grep -Eq "$2" "$tmp/$1"; }

req health GET /health
[ "$st" = 200 ] && has health '"status" *: *"ok"' &&
    has health '"workers" *: *2[,}]' && has health '"queue_limit" *: *2[,}]'
check "GET /health: 200, status ok, 2 workers, queue limit 2 (got $st)" $?

# ------------------------------------------------------------- POST /
# A problem as VROOM users write it: start/end indices and a durations
# matrix of the car profile.
cat >"$tmp/good.json" <<'EOF'
{"vehicles": [{"id": 1, "profile": "car", "start_index": 0, "end_index": 0,
               "capacity": [10]}],
 "jobs": [{"id": 101, "location_index": 1, "service": 60, "delivery": [2]},
          {"id": 102, "location_index": 2, "service": 60, "delivery": [3]},
          {"id": 103, "location_index": 3, "service": 60, "delivery": [1]}],
 "matrices": {"car": {"durations": [[0, 300, 600, 400], [300, 0, 350, 500],
                                    [600, 350, 0, 450], [400, 500, 450, 0]]}}}
EOF
good() { # description: a good problem answered with a solution
    req solution POST / --data-binary @"$tmp/good.json"
    ok=1
    if [ "$st" = 200 ] && has solution '"code" *: *0[,} ]' &&
        has solution '"routes" *: *\[' && has solution '"unassigned" *: *\[' &&
        has solution '"summary" *: *\{'; then
        ok=0
        # every job once, in a route or unassigned
        for id in 101 102 103; do
            n=$(grep -Eo "\"id\" *: *$id([,} ]|\$)" "$tmp/solution" | wc -l)
            [ "$n" -eq 1 ] || ok=1
        done
    fi
    check "$1 (got $st)" $ok
}
good "POST / a VROOM problem: 200 with code 0, routes, unassigned, summary, each job once"

# ----------------------------------------------------------- POST /plan
"$bin" plan "$small" --iterations 20 --seed 1 --out "$tmp/cli" --quiet
tar -C "$small" -cf "$tmp/small.tar" .
req plan_tar POST '/plan?iterations=20&seed=1' --data-binary @"$tmp/small.tar" \
    -H 'Content-Type: application/x-tar'
[ "$st" = 200 ] && cmp -s "$tmp/plan_tar" "$tmp/cli/plan.json"
check "POST /plan with a tar: 200, plan.json identical to wasteopt plan's (got $st)" $?

# the JSON bundle: scenario.json as an object, the other files as text
esc() {
    awk 'BEGIN { ORS = "" }
         { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t");
           gsub(/\r/, "\\r"); print $0 "\\n" }' "$1"
}
bundle() { # DIR: the JSON bundle of a scenario directory on stdout
    printf '{"scenario.json": '
    cat "$1/scenario.json"
    printf ', "files": {'
    sep=
    for f in "$1"/*; do
        n=$(basename "$f")
        [ "$n" = scenario.json ] && continue
        printf '%s"%s": "' "$sep" "$n"
        esc "$f"
        printf '"'
        sep=', '
    done
    printf '}}\n'
}
bundle "$small" >"$tmp/small.json"
req plan_json POST '/plan?iterations=20&seed=1' --data-binary @"$tmp/small.json"
[ "$st" = 200 ] && cmp -s "$tmp/plan_json" "$tmp/cli/plan.json"
check "POST /plan with a JSON bundle: 200, plan.json identical (got $st)" $?

req plan_again GET /plan.json
[ "$st" = 200 ] && cmp -s "$tmp/plan_again" "$tmp/cli/plan.json"
check "GET /plan.json: the last plan (got $st)" $?
req page GET /
[ "$st" = 200 ] && grep -qi '<html' "$tmp/page"
check "GET /: 200, an HTML page (got $st)" $?

if [ -f /usr/share/javascript/leaflet/leaflet.js ]; then
    req leaflet GET /leaflet/leaflet.js
    [ "$st" = 200 ] && cmp -s "$tmp/leaflet" /usr/share/javascript/leaflet/leaflet.js
    check "GET /leaflet/leaflet.js: libjs-leaflet's file (got $st)" $?
else
    echo "skip /leaflet/leaflet.js: libjs-leaflet not installed"
fi

# ------------------------------------------------- malformed requests
n_bad=0
bad() { # description, expected status (4xx), method, path, curl args...
    what=$1 want=$2
    shift 2
    req bad "$@"
    n_bad=$((n_bad + 1))
    [ "$st" = "$want" ] && has bad '"error" *: *"[^"]' &&
        has bad '"code" *: *2[,} ]'
    check "bad $n_bad: $what -> $want with a JSON message (got $st)" $?
    good "  and a good problem after it still 200"
}
vehicle='{"id": 1, "start_index": 0, "capacity": [10]}'
matrix='"matrices": {"car": {"durations": [[0, 300], [300, 0]]}}'
head -c 104857600 /dev/zero >"$tmp/100mb"

bad "truncated JSON" 400 POST / --data-binary '{"vehicles": ['
bad "not JSON" 400 POST / --data-binary 'hello'
bad "empty body" 400 POST / --data-binary ''
bad "100 MB body" 413 POST / --data-binary @"$tmp/100mb"
bad "100 MB body, chunked" 413 POST / -H 'Transfer-Encoding: chunked' \
    --data-binary @"$tmp/100mb"
bad "vehicles of the wrong type" 400 POST / \
    --data-binary '{"vehicles": "abc", "jobs": [{"id": 1, "location_index": 1}], '"$matrix"'}'
bad "job id a string" 400 POST / \
    --data-binary '{"vehicles": ['"$vehicle"'], "jobs": [{"id": "x", "location_index": 1}], '"$matrix"'}'
bad "negative amount" 400 POST / \
    --data-binary '{"vehicles": ['"$vehicle"'], "jobs": [{"id": 1, "location_index": 1, "delivery": [-5]}], '"$matrix"'}'
bad "unknown location index" 400 POST / \
    --data-binary '{"vehicles": ['"$vehicle"'], "jobs": [{"id": 1, "location_index": 99}], '"$matrix"'}'
bad "empty vehicles" 400 POST / \
    --data-binary '{"vehicles": [], "jobs": [{"id": 1, "location_index": 1}], '"$matrix"'}'
bad "no jobs" 400 POST / --data-binary '{"vehicles": ['"$vehicle"'], '"$matrix"'}'
bad "an array, not a problem" 400 POST / --data-binary '[1, 2]'
bad "invalid UTF-8" 400 POST / --data-binary "$(printf '{"vehicles": "\377"}')"
bad "unknown path" 404 GET /nope
bad "wrong method on /" 405 DELETE /
bad "wrong method on /plan" 405 PUT /plan --data-binary 'x'
bad "wrong method on /health" 405 POST /health --data-binary 'x'
bad "path out of /leaflet/" 404 GET /leaflet/../../../../etc/passwd --path-as-is
bad "bundle member '../x.csv'" 400 POST /plan \
    --data-binary '{"scenario.json": {}, "files": {"../x.csv": "a"}}'
mkdir -p "$tmp/linked"
cp "$small"/* "$tmp/linked"/
ln -s /etc/passwd "$tmp/linked/x.csv"
tar -C "$tmp/linked" -cf "$tmp/linked.tar" .
bad "tar with a symbolic link" 400 POST /plan --data-binary @"$tmp/linked.tar"
tar -C "$top/tests/data/scenarios" -cf "$tmp/subdir.tar" small
bad "tar with a directory" 400 POST /plan --data-binary @"$tmp/subdir.tar"
mkdir -p "$tmp/badlat"
cp "$small"/* "$tmp/badlat"/
sed -i '3s/,29\.[0-9]*,/,abc,/' "$tmp/badlat/sites.csv"
bundle "$tmp/badlat" >"$tmp/badlat.json"
bad "scenario with a bad latitude" 400 POST /plan --data-binary @"$tmp/badlat.json"
grep -q "sites.csv:3: column 'lat': 'abc' is not a number" "$tmp/bad"
check "  its message names the file, line and column" $?
bad "bad query value" 400 POST '/plan?seed=abc' --data-binary @"$tmp/small.tar"
[ "$n_bad" -ge 20 ]
check "$n_bad malformed requests sent" $?
kill -0 "$pid" 2>/dev/null
check "the server is still running" $?

# ------------------------------------------------------ queue overflow
# The gate holds both workers: 2 running + 2 queued fill the server; the
# fifth solve is refused with 503 and the four are answered once it opens.
touch "$gate"
for k in 1 2 3 4; do
    curl -s -o "$tmp/held$k" -w '%{http_code}' -H 'Expect:' \
        --data-binary @"$tmp/good.json" "$url/" >"$tmp/held$k.st" &
    sleep 0.2
done
wait_state() { # running queued: poll /health until it says so (10 s)
    k=0
    while [ $k -lt 100 ]; do
        req health GET /health
        has health "\"running\" *: *$1[,}]" && has health "\"queued\" *: *$2[,}]" &&
            return 0
        sleep 0.1
        k=$((k + 1))
    done
    return 1
}
wait_state 2 2
check "4 solves held: 2 running, 2 queued" $?
req busy POST / --data-binary @"$tmp/good.json"
[ "$st" = 503 ] && has busy '"error" *: *"server busy'
check "a fifth solve: 503 server busy (got $st)" $?
req health GET /health
[ "$st" = 200 ]
check "GET /health still answered while the queue is full" $?
rm -f "$gate"
wait_state 0 0
ok=0
for k in 1 2 3 4; do
    while [ ! -s "$tmp/held$k.st" ]; do sleep 0.1; done
    [ "$(cat "$tmp/held$k.st")" = 200 ] && grep -Eq '"code" *: *0' "$tmp/held$k" ||
        ok=1
done
check "the 4 held solves answered 200 once the gate opened" $ok

# ------------------------------------------------------- SIGTERM drain
touch "$gate"
for k in 1 2 3; do
    curl -s -o "$tmp/drain$k" -w '%{http_code}' -H 'Expect:' \
        --data-binary @"$tmp/good.json" "$url/" >"$tmp/drain$k.st" &
    sleep 0.2
done
wait_state 2 1
check "3 solves held before SIGTERM: 2 running, 1 queued" $?
kill -TERM "$pid"
k=0
refused=1
while [ $k -lt 50 ]; do
    curl -s -o /dev/null "$url/health"
    [ $? -eq 7 ] && { refused=0; break; }
    sleep 0.1
    k=$((k + 1))
done
check "after SIGTERM new connections are refused" $refused
kill -0 "$pid" 2>/dev/null
check "the server waits for the held solves" $?
rm -f "$gate"
stop_server wait "the server exits 0 after draining"
ok=0
for k in 1 2 3; do
    [ "$(cat "$tmp/drain$k.st")" = 200 ] && grep -Eq '"code" *: *0' "$tmp/drain$k" ||
        ok=1
done
check "the 3 solves held at SIGTERM were answered 200" $ok
grep -q 'wasteopt serve: stopped$' "$tmp/server.err"
check "the server says it stopped" $?

# ------------------------------------------------------------ load test
# A server with room for every client (2 running + 8 waiting); a timeout
# bounds the run, nothing asserts on its times.
# It also serves a plan's page given with --plan DIR at GET /.
mkdir -p "$tmp/plandir"
printf '<!DOCTYPE html><html><body>plan page \344\273\212\346\231\232</body></html>\n' \
    >"$tmp/plandir/map.html"
start_server load --workers 2 --queue 8 --quiet --plan "$tmp/plandir"
req page GET /
[ "$st" = 200 ] && cmp -s "$tmp/page" "$tmp/plandir/map.html"
check "--plan DIR: GET / is DIR/map.html (got $st)" $?
timeout 600 "$build/benches/bench_serve" "$url/" --clients 8 --requests 10 \
    >"$tmp/bench.out" 2>&1
st=$?
cat "$tmp/bench.out"
[ $st -eq 0 ] && grep -q '^failed 0$' "$tmp/bench.out" &&
    grep -q '^requests 80$' "$tmp/bench.out"
check "load test: 8 clients x 10 problems, 0 failed (exit $st)" $?
stop_server term "the load test's server exits 0 on SIGTERM"

[ $fail -eq 0 ] || { echo "--- server stderr (last lines)"; tail -n 30 "$tmp/server.err"; }
exit $fail
