#!/bin/sh
# End-to-end: `wasteopt geo convert` on single points and CSV files, and
# `wasteopt osm fetch --url` against the test HTTP server on 127.0.0.1.
set -u
bin=${WO_BIN:?WO_BIN not set}
. "${WO_TOP:?WO_TOP not set}/tests/support/e2e.sh"

# --- geo convert, single points (values: see tests/test_coord.c) ---------
out=$("$bin" geo convert --from wgs84 --to gcj02 106.5516 29.5630) ||
    fail "wgs84->gcj02 exit"
[ "$out" = "106.555317650 29.560151274" ] || fail "wgs84->gcj02: $out"
out=$("$bin" geo convert --from gcj02 --to wgs84 106.555317650 29.560151274) ||
    fail "gcj02->wgs84 exit"
[ "$out" = "106.551600000 29.563000000" ] || fail "gcj02->wgs84: $out"
out=$("$bin" geo convert --from bd09 --to gcj02 106.561748234 29.566465989) ||
    fail "bd09->gcj02 exit"
# The input is rounded to 1e-9 degrees, so compare within 1e-8.
echo "$out" | awk '{ d1 = $1 - 106.555317650; d2 = $2 - 29.560151274;
    exit !(d1 < 1e-8 && d1 > -1e-8 && d2 < 1e-8 && d2 > -1e-8) }' ||
    fail "bd09->gcj02: $out"
out=$("$bin" geo convert --to gk --zone 105 106.5516 29.5630) ||
    fail "gk exit"
[ "$out" = "650369.178 3272677.182 105" ] || fail "gk 105: $out"
out=$("$bin" geo convert --to gk 106.5516 29.5630) || fail "gk auto exit"
[ "$out" = "359633.316 3272547.953 108" ] || fail "gk auto: $out"

# --- geo convert, CSV ----------------------------------------------------
printf 'id,lon,lat\nA,106.5516,29.5630\nB,107.0,29.0\n' >"$tmp/in.csv"
"$bin" geo convert --from wgs84 --to gcj02 --csv "$tmp/in.csv" \
    -o "$tmp/out.csv" || fail "csv exit"
printf 'id,lon,lat\nA,106.555317650,29.560151274\nB,107.004146300,28.996934455\n' \
    >"$tmp/want.csv"
cmp -s "$tmp/out.csv" "$tmp/want.csv" || fail "csv output differs"
ls "$tmp" | grep -q '\.tmp\.' && fail "temp file left after csv"
"$bin" geo convert --to gk --csv - <"$tmp/in.csv" >"$tmp/gk.csv" ||
    fail "csv stdin exit"
grep -q '^A,359633.316,3272547.953,108$' "$tmp/gk.csv" || fail "csv gk"

# --- geo convert, bad input: clear message, usage/error exit, no output --
expect_fail() {
    want=$1
    shift
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    [ "$rc" -eq "$want" ] || fail "exit $rc (want $want): $*"
    [ -s "$tmp/stderr" ] || fail "no message: $*"
}
expect_fail 2 "$bin" geo convert --from mars --to wgs84 1 2
expect_fail 2 "$bin" geo convert --to wgs84 abc 29
expect_fail 2 "$bin" geo convert --to gk --zone 106 106 29
expect_fail 2 "$bin" geo convert --to wgs84 106
expect_fail 1 "$bin" geo convert --to wgs84 190 29
printf 'id,lon,lat\nA,x,29\n' >"$tmp/bad.csv"
expect_fail 1 "$bin" geo convert --csv "$tmp/bad.csv" -o "$tmp/bad.out"
grep -q "bad.csv:2: column 'lon': 'x' is not a number" "$tmp/stderr" ||
    fail "csv error message: $(cat "$tmp/stderr")"
[ -e "$tmp/bad.out" ] && fail "output written after a csv error"
expect_fail 1 "$bin" geo convert --csv "$tmp/missing.csv"

# --- osm fetch --url against the test server ----------------------------
# start_server MODE FILE [N] (tests/support/e2e.sh) sets $port.
# No output and no .part may remain after a failure.
no_leftovers() {
    [ -e "$1" ] && fail "output $1 left after a failure"
    [ -e "$1.part" ] && fail "$1.part left after a failure"
}
i=0
: >"$tmp/extract.osm"
while [ $i -lt 2000 ]; do
    echo "  <node id=\"$i\" lat=\"29.5\" lon=\"106.5\"/>" >>"$tmp/extract.osm"
    i=$((i + 1))
done
sum=$(sha256sum "$tmp/extract.osm" | cut -d' ' -f1)
start_server ok "$tmp/extract.osm"
ok_port=$port
url="http://127.0.0.1:$ok_port/extract.osm"
"$bin" osm fetch --url "$url" -o "$tmp/a.osm" --sha256 "$sum" \
    --cache-dir "$tmp/cache" --retries 0 --timeout 10 ||
    fail "osm fetch ok exit"
cmp -s "$tmp/a.osm" "$tmp/extract.osm" || fail "osm fetch content"
[ -e "$tmp/a.osm.part" ] && fail "a.osm.part left after success"
expect_fail 1 "$bin" osm fetch --url "$url" -o "$tmp/b.osm" --sha256 \
    0000000000000000000000000000000000000000000000000000000000000000
grep -q "SHA-256 mismatch" "$tmp/stderr" || fail "checksum message"
no_leftovers "$tmp/b.osm"
expect_fail 1 "$bin" osm fetch --url "$url" -o "$tmp/b.osm" \
    --max-bytes 1000
grep -q "larger than the limit of 1000 bytes" "$tmp/stderr" ||
    fail "size message"
no_leftovers "$tmp/b.osm"
"$bin" osm fetch --bbox 106.5,29.5,106.6,29.6 -o "$tmp/ov.osm" \
    --overpass-url "http://127.0.0.1:$ok_port/api/interpreter" --quiet ||
    fail "osm fetch --bbox exit"
cmp -s "$tmp/ov.osm" "$tmp/extract.osm" || fail "overpass content"
start_server truncate "$tmp/extract.osm"
expect_fail 1 "$bin" osm fetch --url "http://127.0.0.1:$port/x" \
    -o "$tmp/c.osm" --retries 1
grep -q "closed before the end" "$tmp/stderr" || fail "truncate message"
no_leftovers "$tmp/c.osm"
start_server fail-then-ok "$tmp/extract.osm" 1
"$bin" osm fetch --url "http://127.0.0.1:$port/x" -o "$tmp/d.osm" \
    --retries 2 --quiet || fail "500 then ok"
cmp -s "$tmp/d.osm" "$tmp/extract.osm" || fail "500 then ok content"
# With the server gone, the cache still answers.
for pid in $pids; do kill "$pid" 2>/dev/null; done
pids=""
sleep 0.2
"$bin" osm fetch --url "$url" -o "$tmp/e.osm" --cache-dir "$tmp/cache" \
    2>"$tmp/stderr" || fail "cache hit exit"
grep -q "from the cache" "$tmp/stderr" || fail "cache hit message"
cmp -s "$tmp/e.osm" "$tmp/extract.osm" || fail "cache content"
expect_fail 1 "$bin" osm fetch --url "$url" -o "$tmp/f.osm" \
    --retries 0 --connect-timeout 2
no_leftovers "$tmp/f.osm"
expect_fail 2 "$bin" osm fetch --bbox 106.6,29.5,106.5,29.6 -o "$tmp/g.osm"
grep -q "west 106.6 must be less than east" "$tmp/stderr" ||
    fail "bbox message"
expect_fail 2 "$bin" osm fetch --url "$url"
expect_fail 2 "$bin" osm fetch --url "ftp://x/y" -o "$tmp/h.osm"

[ "$fails" -eq 0 ] || exit 1
echo "e2e_geo: all checks passed"
