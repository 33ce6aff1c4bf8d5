#!/bin/sh
# benches/run_matrix.sh BUILD SHARED — bench_matrix on the Andorra extract,
# the CLI import, and (when it can be had) pgRouting's
# pgr_dijkstraCostMatrix on the same edges and 1000 nodes.
#
# pgRouting: when the extension is missing and this runs as root with
# apt-get, `apt-get install -y postgresql-15-pgrouting` is tried. The
# database is a private throw-away cluster in a temporary directory
# (initdb as the postgres user, a Unix socket only, no TCP), stopped and
# deleted at the end; the system's clusters are not touched.
set -u
build=${1:-build}
shared=${2:-../shared}
pbf="$shared/geo/osm/andorra.osm.pbf"
bin="$build/benches/bench_matrix"
[ -f "$pbf" ] || { echo "bench_matrix: $pbf not found"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/wo_bench_matrix.XXXXXX")
chmod 755 "$work"
pgbin=/usr/lib/postgresql/15/bin
pg_started=0
cleanup() {
    if [ "$pg_started" = 1 ]; then
        runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m fast stop \
            >/dev/null 2>&1
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), shared with other builds and tests"
echo "command: $bin $pbf --dump-pgr EDGES NODES"
"$bin" "$pbf" --dump-pgr "$work/edges.csv" "$work/nodes.csv" |
    tee "$work/bench.txt" || exit 1

t0=$(date +%s.%N)
"$build/wasteopt" osm import "$pbf" -o "$work/andorra.wog" --quiet || exit 1
t1=$(date +%s.%N)
echo "cli_import_s $(echo "$t1 - $t0" | bc)"

# ---------------------------------------------------------------- pgRouting
have_pgr() { [ -f /usr/share/postgresql/15/extension/pgrouting.control ]; }
if ! have_pgr && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "pgrouting: trying apt-get install -y postgresql-15-pgrouting"
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15-pgrouting \
        >"$work/apt.log" 2>&1 || tail -n 3 "$work/apt.log"
fi
if ! have_pgr || [ ! -x "$pgbin/initdb" ] || ! command -v runuser >/dev/null; then
    echo "pgrouting: not available (no postgresql-15-pgrouting); skipped"
    exit 0
fi
chown postgres "$work"
mkdir -p "$work/sock" && chown postgres "$work/sock"
if ! runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -A trust \
        >"$work/initdb.log" 2>&1; then
    echo "pgrouting: initdb failed; skipped"
    tail -n 3 "$work/initdb.log"
    exit 0
fi
if ! runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -w \
        -o "-p 54329 -k $work/sock -c listen_addresses=''" \
        -l "$work/pg.log" start >/dev/null 2>&1; then
    echo "pgrouting: server did not start; skipped"
    tail -n 5 "$work/pg.log"
    exit 0
fi
pg_started=1
chmod 644 "$work/edges.csv" "$work/nodes.csv"
psql_() { runuser -u postgres -- psql -h "$work/sock" -p 54329 -X -q -t -A "$@"; }
psql_ -c "CREATE EXTENSION pgrouting CASCADE" || exit 1
psql_ -c "CREATE TABLE edges (id bigint, source bigint, target bigint,
                              cost double precision, reverse_cost double precision)" || exit 1
psql_ -c "\\copy edges FROM '$work/edges.csv' CSV HEADER" || exit 1
psql_ -c "CREATE TABLE nodes (vid bigint)" || exit 1
psql_ -c "\\copy nodes FROM '$work/nodes.csv' CSV HEADER" || exit 1
echo "pgrouting_version $(psql_ -c 'SELECT pgr_version()')"
t0=$(date +%s.%N)
res=$(psql_ -c "SELECT count(*), round(sum(agg_cost)::numeric, 1)
                FROM pgr_dijkstraCostMatrix(
                  'SELECT id, source, target, cost, reverse_cost FROM edges',
                  (SELECT array_agg(vid) FROM nodes), directed => true)")
t1=$(date +%s.%N)
echo "pgr_m1000_s $(echo "$t1 - $t0" | bc)"
echo "pgr_m1000_pairs_and_sum_cost_s $res"
