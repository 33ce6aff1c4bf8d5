#!/bin/sh
# End-to-end test of `wasteopt indicators`: the example statistics of the
# default, the three output formats, exit statuses 0 / 3 / 1 / 2, every
# bad statistics file of tests/data/bad/stats_*/ with its exact message,
# and the embedded default with and without an explicit scenario.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

stats="$top/data/chongqing/stats_2022.csv"

"$bin" indicators --stats "$stats" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || no "example stats: exit $rc, expected 0"
grep -q '^binding indicators: all met$' "$tmp/out" || no "text: no 'all met' line"
grep -q '^11 \*  *urban medical-waste harmless disposal  *100.00 %  >= 100  met$' "$tmp/out" ||
    no "text: indicator 11 line"
grep -qi 'nan' "$tmp/out" && no "text output contains NaN"

"$bin" indicators --stats "$stats" --year 2025 --csv >"$tmp/csv"
rc=$?
[ $rc -eq 0 ] || no "csv: exit $rc"
head -n 1 "$tmp/csv" | grep -q '^key,annex,name_en,name_zh,binding,year,value_pct,target_cmp,target_pct,status,numerator,denominator,reason$' ||
    no "csv header"
[ "$(wc -l <"$tmp/csv")" -eq 14 ] || no "csv: expected 14 lines"
grep -q '^6,yes,straw comprehensive utilization,秸秆综合利用率,no,2025,90.48,>,90,met,' "$tmp/csv" ||
    no "csv: straw line"

"$bin" indicators --stats "$stats" --json >"$tmp/json"
rc=$?
[ $rc -eq 0 ] || no "json: exit $rc"
grep -q '"binding_unmet": 0' "$tmp/json" || no "json: binding_unmet"
grep -q '"value_pct": null' "$tmp/json" || no "json: n/a as null"

# a binding indicator not met -> 3
printf 'metric,value\nyear,2025\ncity_units_sorting,99\ncity_units_total,100\nmedical_disposed_t,10\nmedical_generated_t,10\n' >"$tmp/unmet.csv"
"$bin" indicators --stats "$tmp/unmet.csv" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 3 ] || no "binding unmet: exit $rc, expected 3"
grep -q '^binding indicators NOT met: 1$' "$tmp/out" || no "binding unmet: summary line"
# the same file held against 2022 (--year) still misses the city coverage
"$bin" indicators --stats "$tmp/unmet.csv" --year 2022 >/dev/null 2>&1
[ $? -eq 3 ] || no "binding unmet 2022: expected 3"

# usage errors -> 2
"$bin" indicators --stats "$stats" --year 2024 >/dev/null 2>&1
[ $? -eq 2 ] || no "--year 2024: expected exit 2"
"$bin" indicators --stats >/dev/null 2>&1
[ $? -eq 2 ] || no "--stats without file: expected exit 2"
"$bin" indicators --bogus >/dev/null 2>&1
[ $? -eq 2 ] || no "unknown option: expected exit 2"
"$bin" indicators --help | grep -q '^usage: wasteopt indicators' || no "--help"

# bad statistics files -> 1 and the exact message
n=0
for d in "$top"/tests/data/bad/stats_*/; do
    n=$((n + 1))
    name=$(basename "$d")
    "$bin" indicators --stats "$d/stats.csv" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || no "$name: exit $rc, expected 1"
    printf 'wasteopt indicators: %s\n' "$(cat "$d/expected.txt")" >"$tmp/want"
    cmp -s "$tmp/err" "$tmp/want" || { no "$name: message"; cat "$tmp/err"; }
    [ -s "$tmp/out" ] && no "$name: wrote to stdout"
done
[ $n -ge 6 ] || no "only $n bad statistics files"

"$bin" indicators --stats "$tmp/none.csv" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || no "missing file: expected exit 1"

# the embedded default and the same scenario given explicitly
"$bin" indicators >"$tmp/emb" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { no "embedded default: exit $rc"; cat "$tmp/err"; }
grep -q '(stats_2022.csv (embedded default))$' "$tmp/emb" || no "embedded default: heading"
"$bin" indicators "$top/data/chongqing" >"$tmp/dir" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { no "data/chongqing: exit $rc"; cat "$tmp/err"; }
sed 1d "$tmp/emb" >"$tmp/a"
sed 1d "$tmp/dir" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || no "embedded and explicit default differ"
"$bin" indicators --year 2027 --json >/dev/null || no "embedded --year 2027 --json"
"$bin" indicators "$top/tests/data/scenarios/small" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || no "scenario without stats: expected exit 1"

exit $fail
