#!/bin/sh
# bench_vrplib on the small VRPTW, MTVRPTWR and HFVRP files of
# tests/data/vrplib: each solved to its known optimum, "ok", a gap of 0,
# and the .sol it wrote recounted here once more (awk, from the
# coordinates: one-decimal truncation, MTVRPTWR x10, HFVRP per-vehicle
# costs / 100) to the cost it printed. An instance it cannot serve prints
# FAILED and no gap; a quirky file is read with warnings naming file and
# line; an ambiguous one is refused naming file, line and field.
set -u
top=${WO_TOP:-$(pwd)}
bench=${WO_BUILD:?WO_BUILD not set}/benches/bench_vrplib
data="$top/tests/data/vrplib"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# recount VRP SOL KIND: the cost of SOL by the instance's conventions
recount() {
    awk -v kind="$3" '
    FNR == 1 { file++ }
    file == 1 && /_SECTION/ { sec = $1; next }
    file == 1 && /:/ { sec = ""; next }
    file == 1 && sec == "NODE_COORD_SECTION" { x[$1 - 1] = $2; y[$1 - 1] = $3 }
    file == 1 && sec == "VEHICLES_FIXED_COST_SECTION" { fc[$1] = $2 }
    file == 1 && sec == "VEHICLES_UNIT_DISTANCE_COST_SECTION" { uc[$1] = $2 }
    function d(a, b,   v) {
        v = sqrt((x[a] - x[b]) ^ 2 + (y[a] - y[b]) ^ 2)
        return kind == "HFVRP" ? v : int(v * 10) / 10
    }
    file == 2 && /^Route/ {
        k = $2; sub("#", "", k); sub(":", "", k)
        if (NF < 3) next
        dist = 0; p = 0
        for (i = 3; i <= NF; i++) { dist += d(p, $i); p = $i }
        dist += d(p, 0)
        if (kind == "HFVRP")
            total += fc[k] + (k in uc ? uc[k] : 1) * dist
        else
            total += dist
    }
    END {
        if (kind == "HFVRP") printf "%.2f\n", total / 100
        else if (kind == "MTVRPTWR") printf "%.0f\n", total * 10
        else printf "%.1f\n", total
    }' "$1" "$2"
}

out="$tmp/out.txt"
"$bench" --iterations 300 --time-limit 60 --seed 1 --sol-dir "$tmp" \
    "$data/vrptw_small.vrp" "$data/mtvrptwr_small.vrp" \
    "$data/hfvrp_small.vrp" >"$out" 2>"$tmp/err.txt" ||
    fail "bench_vrplib exited non-zero: $(cat "$tmp/err.txt")"
cat "$out"
for case in "vrptw_small VRPTW 37.0" "mtvrptwr_small MTVRPTWR 682" \
    "hfvrp_small HFVRP 60.00"; do
    set -- $case
    line=$(grep "^$1 " "$out")
    [ -n "$line" ] || { fail "$1: no line"; continue; }
    cost=$(echo "$line" | awk '{print $2}')
    gap=$(echo "$line" | awk '{print $4}')
    check=$(echo "$line" | awk '{print $9}')
    bchk=$(echo "$line" | awk '{print $10}')
    [ "$check" = ok ] || fail "$1: check '$check'"
    [ "$bchk" = ok ] || fail "$1: reference check '$bchk'"
    [ "$cost" = "$3" ] || fail "$1: cost $cost, the optimum is $3"
    [ "$gap" = "0.00" ] || fail "$1: gap '$gap'"
    sol="$tmp/$1.sol"
    [ -f "$sol" ] || { fail "$1: no .sol written"; continue; }
    stated=$(sed -n 's/^Cost:* *//p' "$sol")
    [ "$stated" = "$cost" ] || fail "$1: .sol states '$stated', printed $cost"
    again=$(recount "$data/$1.vrp" "$sol" "$2")
    [ "$again" = "$cost" ] || fail "$1: the .sol recounts to $again, printed $cost"
done
grep -q "^mean gap 0.00 % over 3 of 3 instances" "$out" || fail "mean gap line"
# the MTVRPTWR solution reloads once: a 0 inside its route
grep -q "^Route #1: .* 0 " "$tmp/mtvrptwr_small.sol" ||
    fail "mtvrptwr_small: no reload in $(cat "$tmp/mtvrptwr_small.sol")"

# a client nobody can reach in time: FAILED, no gap, exit 1
sed 's/^2 0 50$/2 0 1/' "$data/vrptw_small.vrp" >"$tmp/late.vrp"
cp "$data/vrptw_small.sol" "$tmp/late.sol"
if "$bench" --iterations 50 --sol-dir "$tmp" "$tmp/late.vrp" >"$out" 2>"$tmp/err.txt"; then
    fail "an unservable instance exited 0"
fi
line=$(grep "^late " "$out")
case "$line" in
*FAILED*) ;;
*) fail "unservable instance: '$line'" ;;
esac
[ "$(echo "$line" | awk '{print $4}')" = "-" ] || fail "a gap printed for a failed check: $line"
# its reference .sol is no longer feasible either
[ "$(echo "$line" | awk '{print $10}')" = FAILED ] || fail "reference check: $line"

# quirks: warnings with file and line; the ambiguous file refused
"$bench" --iterations 50 --sol-dir "$tmp" "$data/quirky.vrp" >"$out" 2>"$tmp/err.txt" ||
    fail "quirky.vrp: $(cat "$tmp/err.txt")"
grep -q "quirky.vrp:1: CRLF" "$tmp/err.txt" || fail "no CRLF warning: $(cat "$tmp/err.txt")"
grep -q "quirky.vrp:21: clock time" "$tmp/err.txt" || fail "no clock warning"
grep -q "^quirky .* ok " "$out" || fail "quirky: $(cat "$out")"
if "$bench" --iterations 50 "$data/ambiguous.vrp" >"$out" 2>"$tmp/err.txt"; then
    fail "ambiguous.vrp accepted"
fi
grep -q "ambiguous.vrp:24: TIME_WINDOW_SECTION node 4 open: '845' is ambiguous" \
    "$tmp/err.txt" || fail "ambiguous: $(cat "$tmp/err.txt")"
[ $fails -eq 0 ] || exit 1
echo "ok: bench_vrplib"
