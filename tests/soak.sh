#!/bin/sh
# The output-set soak: `sh tests/soak.sh RUNS [SCENARIO] [PLAN OPTIONS...]`
# runs `wasteopt plan` RUNS times into one output directory, each run
# (with its own seed) either left alone, killed after a random rename of
# its writes (WO_TEST_KILL_AFTER_RENAME), killed by SIGKILL at a random
# moment, or given a full disk at a random file (WO_TEST_ENOSPC_AT). After
# every run the checker (test_out --check-set) must find the previous
# complete set or a new complete set: every file of one run id, byte for
# byte the files that run id had whenever it was seen. After every run that
# was not killed no temporary file or staging directory may be left.
# Prints the figures; exits 1 on any mixed set or leftover.
# Needs WO_BIN and WO_BUILD (set by tests/run.sh).
set -u
bin=${WO_BIN:?WO_BIN not set}
check=${WO_BUILD:?WO_BUILD not set}/tests/test_out
runs=${1:?usage: soak.sh RUNS [SCENARIO] [PLAN OPTIONS...]}
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
out="$tmp/out"
mkdir -p "$tmp/ids"
rnd() { # a random number in 0..$1-1
    echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1 ))
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
files="plan.json routes.geojson sites.geojson stops.csv map.svg map.html"
mixed=0; kills=0; hook_kills=0; timed_kills=0; enospc=0; left=0; bad=0
# The set in $out: its id, and its files the same as whenever seen.
check_set() {
    if ! id=$("$check" --check-set "$out"); then
        echo "MIXED after run $1: $id"
        mixed=$((mixed + 1))
        return
    fi
    [ "$id" = none ] && return
    (cd "$out" && sha256sum $files) >"$tmp/sums"
    if [ -f "$tmp/ids/$id" ]; then
        cmp -s "$tmp/ids/$id" "$tmp/sums" || {
            echo "MIXED after run $1: files of run $id changed"
            mixed=$((mixed + 1))
        }
    else
        cp "$tmp/sums" "$tmp/ids/$id"
    fi
}
leftovers() {
    n=$(find "$tmp" \( -name '.*.wo*-*.tmp' -o -name '.*.wo*-*.set' \
        -o -name '.*.[0-9]*.[0-9]*.tmp' \) | wc -l)
    [ "$n" -gt 0 ] && { echo "LEFTOVER after run $1:"; find "$tmp" -name '.*.wo*'; }
    left=$((left + n))
}
# A first complete run, timed for the random kills.
t0=$(now_ms)
"$bin" plan "$@" --seed 1000 --quiet --out "$out" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { echo "first run: exit $rc"; exit 1; }
span=$(( $(now_ms) - t0 + 1 ))
check_set 0
prev=$id
i=1
while [ $i -le "$runs" ]; do
    kind=$(rnd 4)
    case $kind in
    0) k=$(( $(rnd 14) + 1 ))
       WO_TEST_KILL_AFTER_RENAME=$k "$bin" plan "$@" --seed $i --quiet \
           --out "$out" >/dev/null 2>&1
       rc=$? ;;
    1) k=$(( $(rnd 7) + 1 ))
       WO_TEST_ENOSPC_AT=$k "$bin" plan "$@" --seed $i --quiet \
           --out "$out" >/dev/null 2>&1
       rc=$? ;;
    2) "$bin" plan "$@" --seed $i --quiet --out "$out" >/dev/null 2>&1 &
       pid=$!
       ms=$(rnd "$span")
       sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
       kill -9 $pid 2>/dev/null
       wait $pid
       rc=$? ;;
    *) "$bin" plan "$@" --seed $i --quiet --out "$out" >/dev/null 2>&1
       rc=$? ;;
    esac
    check_set $i
    if [ $rc -eq 137 ]; then
        kills=$((kills + 1))
        [ "$kind" = 0 ] && hook_kills=$((hook_kills + 1))
        [ "$kind" = 2 ] && timed_kills=$((timed_kills + 1))
    else
        leftovers $i
        case $kind-$rc in
        1-1) enospc=$((enospc + 1))
             [ "$id" = "$prev" ] || { echo "run $i: full disk, yet the set changed"; bad=1; } ;;
        *-0|*-3) [ "$id" != "$prev" ] || { echo "run $i: complete, yet the set is the previous one"; bad=1; } ;;
        *) echo "run $i (kind $kind): exit $rc"; bad=1 ;;
        esac
    fi
    prev=$id
    i=$((i + 1))
done
# The next clean run removes whatever the last killed one left.
"$bin" plan "$@" --seed 1001 --quiet --out "$out" >/dev/null 2>&1
check_set last
leftovers last
echo "soak: runs $((runs + 2)), kills $kills ($hook_kills after a rename, $timed_kills at a random moment), ENOSPC $enospc, mixed sets $mixed, leftover temporary files $left"
[ $mixed -eq 0 ] && [ $left -eq 0 ] && [ $bad -eq 0 ]
