#!/bin/sh
# End-to-end: `wasteopt osm import` then `wasteopt matrix` through the CLI,
# on the hand-written loop and (when WO_SHARED is set) on Andorra; CH and
# Dijkstra matrices must be byte-identical; bad inputs must fail cleanly.
set -u
bin=${WO_BIN:?WO_BIN is not set}
top=${WO_TOP:-.}
work=$(mktemp -d "${TMPDIR:-/tmp}/wo_e2e_osm.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# --- the hand-written loop
"$bin" osm import "$top/tests/data/osm/loop.osm" -o "$work/loop.wog" \
    >"$work/import.txt" || fail "import loop.osm"
grep -q "nodes 6, directed edges 13" "$work/import.txt" ||
    fail "loop.osm import summary: $(cat "$work/import.txt")"
"$bin" osm import "$top/tests/data/osm/loop.osm" -o "$work/loop2.wog" --json \
    >"$work/import.json" || fail "import --json"
grep -q '"nodes":6,"edges":13' "$work/import.json" || fail "json summary"
grep -q '"scc_nodes":1' "$work/import.json" || fail "json dropped nodes"
cmp -s "$work/loop.wog" "$work/loop2.wog" || fail "import is not reproducible"

cat >"$work/pts.csv" <<EOF
id,lon,lat
a,106.5051,29.5001
b,106.5198,29.5052
c,106.5049,29.5099
EOF
for algo in ch dijkstra; do
    "$bin" matrix --graph "$work/loop.wog" --points "$work/pts.csv" \
        --algo $algo -o "$work/m_$algo.csv" --snap-report "$work/snap.csv" \
        2>"$work/matrix.err" || fail "matrix $algo: $(cat "$work/matrix.err")"
done
cmp -s "$work/m_ch.csv" "$work/m_dijkstra.csv" || fail "CH matrix != Dijkstra"
[ "$(wc -l <"$work/m_ch.csv")" -eq 10 ] || fail "matrix rows"
head -n 1 "$work/m_ch.csv" | grep -q '^from_id,to_id,distance_m,duration_s$' ||
    fail "matrix header"
grep -q '^a,a,0.000,0.000$' "$work/m_ch.csv" || fail "diagonal"
grep -q '^id,lon,lat,snap_lon,snap_lat,snap_m,far$' "$work/snap.csv" ||
    fail "snap report header"

# --- fallback metric without a graph
"$bin" matrix --points "$work/pts.csv" --circuity 1.3 -o "$work/gc.csv" \
    2>/dev/null || fail "great-circle matrix"
[ "$(wc -l <"$work/gc.csv")" -eq 10 ] || fail "great-circle rows"

# --- bad input: clear errors, non-zero exit, no output file
cat >"$work/far.csv" <<EOF
id,lon,lat
a,106.5051,29.5001
moon,120.0,10.0
EOF
if "$bin" matrix --graph "$work/loop.wog" --points "$work/far.csv" \
    -o "$work/far_out.csv" 2>"$work/far.err"; then
    fail "point outside the graph accepted"
fi
grep -q "'moon'" "$work/far.err" || fail "far point not named: $(cat "$work/far.err")"
[ ! -e "$work/far_out.csv" ] || fail "output written on error"
"$bin" matrix --graph "$work/loop.wog" --points "$work/far.csv" --allow-far \
    -o "$work/far_out.csv" 2>"$work/far.err" || fail "--allow-far"
grep -q "far from the road: 'moon'" "$work/far.err" || fail "far flag"

printf 'id,lon,lat\nx,abc,29.5\n' >"$work/bad.csv"
if "$bin" matrix --points "$work/bad.csv" -o "$work/o.csv" 2>"$work/bad.err"; then
    fail "bad number accepted"
fi
grep -q "bad.csv:2: column 'lon': 'abc'" "$work/bad.err" || fail "bad number message"

head -c 100 "$work/loop.wog" >"$work/trunc.wog"
if "$bin" matrix --graph "$work/trunc.wog" --points "$work/pts.csv" \
    -o "$work/o.csv" 2>"$work/trunc.err"; then
    fail "truncated cache accepted"
fi
grep -q "truncated" "$work/trunc.err" || fail "truncated message"

if "$bin" osm import "$top/tests/data/osm/noways.osm" -o "$work/n.wog" \
    2>"$work/noways.err"; then
    fail "file without ways accepted"
fi
grep -q "no drivable ways" "$work/noways.err" || fail "no-ways message"
[ ! -e "$work/n.wog" ] || fail "cache written on error"
"$bin" osm frobnicate >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown osm subcommand exit code"

# --- Hong Kong expressways: one-way carriageways, a tiny largest component;
# with --all-components unreachable pairs come out as inf, not an error.
if [ -n "${WO_SHARED:-}" ] && [ -f "$WO_SHARED/geo/fallback_hongkong_highways.osm" ]; then
    "$bin" osm import "$WO_SHARED/geo/fallback_hongkong_highways.osm" \
        -o "$work/hk.wog" --all-components >"$work/hk.txt" || fail "import hk"
    grep -q "nodes 7850" "$work/hk.txt" || fail "hk summary: $(cat "$work/hk.txt")"
    cat >"$work/hk.csv" <<EOF
id,lon,lat
tsing_ma,114.0740,22.3510
cross_harbour,114.1806,22.2968
tuen_mun,113.9800,22.3850
EOF
    "$bin" matrix --graph "$work/hk.wog" --points "$work/hk.csv" \
        -o "$work/hk_m.csv" --max-snap-m 3000 2>"$work/hk.err" ||
        fail "hk matrix: $(cat "$work/hk.err")"
    [ "$(wc -l <"$work/hk_m.csv")" -eq 10 ] || fail "hk rows"
fi

# --- Andorra
if [ -n "${WO_SHARED:-}" ] && [ -f "$WO_SHARED/geo/osm/andorra.osm.pbf" ]; then
    "$bin" osm import "$WO_SHARED/geo/osm/andorra.osm.pbf" -o "$work/ad.wog" \
        --quiet || fail "import andorra"
    cat >"$work/ad.csv" <<EOF
id,lon,lat
andorra_la_vella,1.5218,42.5063
escaldes,1.5341,42.5094
encamp,1.5800,42.5354
canillo,1.5975,42.5676
la_massana,1.5148,42.5445
ordino,1.5331,42.5556
sant_julia,1.4913,42.4637
pas_de_la_casa,1.7332,42.5428
EOF
    for algo in ch dijkstra; do
        "$bin" matrix --graph "$work/ad.wog" --points "$work/ad.csv" \
            --algo $algo -o "$work/ad_$algo.csv" 2>"$work/ad.err" ||
            fail "andorra matrix $algo: $(cat "$work/ad.err")"
    done
    cmp -s "$work/ad_ch.csv" "$work/ad_dijkstra.csv" ||
        fail "Andorra CH matrix != Dijkstra"
    [ "$(wc -l <"$work/ad_ch.csv")" -eq 65 ] || fail "andorra rows"
else
    echo "WO_SHARED not set: Andorra part skipped"
fi
echo "e2e_osm: all checks passed"
