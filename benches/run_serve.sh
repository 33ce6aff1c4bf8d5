#!/bin/sh
# benches/run_serve.sh BUILD [SHARED] — the load test of `wasteopt serve`:
# a server on a free port of 127.0.0.1 (--workers = the cores, --queue 16,
# so that 8 clients never overflow it), bench_serve with 8 clients x 50
# small VROOM problems (10 jobs each), then SIGTERM: the server must exit
# 0. Prints bench_serve's figures (failures, p50/p90/p99 latency).
set -u
build=${1:-build}
bin="$build/wasteopt"
work=$(mktemp -d "${TMPDIR:-/tmp}/wo_bench_serve.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other jobs may share it: see the load)"
"$bin" serve --port 0 --queue 16 --quiet >"$work/out" 2>"$work/err" &
pid=$!
port=
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
    sleep 0.1
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$work/out" 2>/dev/null)
    i=$((i + 1))
done
[ -n "$port" ] || { echo "bench_serve: the server did not start"; cat "$work/err"; exit 1; }
head -n 1 "$work/out"
echo "command: $build/benches/bench_serve http://127.0.0.1:$port/ --clients 8 --requests 50"
"$build/benches/bench_serve" "http://127.0.0.1:$port/" --clients 8 --requests 50
st=$?
kill -TERM "$pid"
wait "$pid"
sst=$?
pid=
echo "server exit status after SIGTERM: $sst"
[ $st -eq 0 ] && [ $sst -eq 0 ]
