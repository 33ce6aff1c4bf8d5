#!/bin/sh
# End-to-end: `wasteopt geo convert` on single points and CSV files, and
# `wasteopt osm fetch --url` against the test HTTP server on 127.0.0.1.
set -u
bin=${WO_BIN:?WO_BIN not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

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

[ "$fails" -eq 0 ] || exit 1
echo "e2e_geo: all checks passed"
