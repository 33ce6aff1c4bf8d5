#!/bin/sh
# `make bench` part for facility location: every capNN instance of
# SHARED/bench/cfl checked against optima.csv, then capa at its four
# capacities (capopt.txt). Prints bench_cfl's table and one OK/FAIL line
# per instance (relative difference to the published optimum < 1e-6 and
# status "optimal"). Usage: run_cfl.sh BUILD SHARED [TIME_LIMIT_S]
set -u
build=$1
shared=$2
tl=${3:-120}
dir="$shared/bench/cfl"
bin="$build/benches/bench_cfl"
[ -x "$bin" ] || { echo "run_cfl: $bin missing (make first)"; exit 1; }
[ -f "$dir/optima.csv" ] || { echo "run_cfl: $dir/optima.csv missing"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail=0
check() { # name capacity(or empty) expected
    line=$(grep "^$1.txt " "$out" | awk -v c="$2" 'c == "" || $2 == c' | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $1 $2: no result"
        fail=1
        return
    fi
    echo "$line" | awk -v want="$3" -v n="$1" -v c="$2" '{
        d = $4 - want; if (d < 0) d = -d
        rel = d / want
        ok = ($3 == "optimal" && rel < 1e-6)
        printf "%s %s %s: objective %s optimum %s rel.diff %.2e, %s s\n",
               ok ? "OK  " : "FAIL", n, c, $4, want, rel, $7
        exit ok ? 0 : 1 }' || fail=1
}
files=$(awk -F, 'NR > 1 && $4 == "" { print $1 }' "$dir/optima.csv")
set --
for f in $files; do
    [ -f "$dir/$f.txt" ] && set -- "$@" "$dir/$f.txt"
done
"$bin" --time-limit "$tl" "$@" | tee "$out"
for c in 8000 10000 12000 14000; do
    "$bin" --time-limit "$tl" --capacity "$c" "$dir/capa.txt" | tail -n 1 | tee -a "$out"
done
for f in $files; do
    [ -f "$dir/$f.txt" ] || continue
    want=$(awk -F, -v n="$f" '$1 == n && $4 == "" { print $5 }' "$dir/optima.csv")
    check "$f" "" "$want"
done
for c in 8000 10000 12000 14000; do
    want=$(awk -F, -v c="$c" '$1 == "capa" && $4 == c { print $5 }' "$dir/optima.csv")
    check capa "$c" "$want"
done
exit $fail
