#!/bin/sh
# CVRP benchmark: the 11 core_subset X instances present (of 12) with at most 401 nodes at
# 60 s each, then the 9 larger core instances at 60 s each (about 20 min in
# all, one thread). With WO_BENCH_LONG=1 the 9 larger ones are run again at
# n x 0.6 s each (about one more hour). Solutions go to BUILD/bench/cvrp/.
#   sh benches/run_cvrp.sh BUILD SHARED
set -u
build=$1
shared=$2
bin="$build/benches/bench_cvrp"
x="$shared/bench/cvrp/X"
out="$build/bench/cvrp"
mkdir -p "$out"
small="X-n101-k25 X-n106-k14 X-n110-k13 X-n125-k30 X-n148-k46 X-n157-k13
X-n200-k36 X-n228-k23 X-n251-k28 X-n303-k21 X-n351-k40 X-n401-k29"
large="X-n449-k29 X-n502-k39 X-n561-k42 X-n599-k92 X-n701-k44 X-n801-k40
X-n895-k37 X-n1001-k43"
files() { for i in $1; do [ -f "$x/$i.vrp" ] && printf '%s ' "$x/$i.vrp"; done; }
status=0
echo "== CVRP core <= 401 nodes, 60 s each"
# shellcheck disable=SC2046
"$bin" --time-limit 60 --seed 1 --sol-dir "$out" $(files "$small") || status=1
echo "== CVRP core > 401 nodes, 60 s each"
# shellcheck disable=SC2046
"$bin" --time-limit 60 --seed 1 --sol-dir "$out" $(files "$large") || status=1
if [ "${WO_BENCH_LONG:-0}" = 1 ]; then
    echo "== CVRP core > 401 nodes, n x 0.6 s each"
    for i in $large; do
        [ -f "$x/$i.vrp" ] || continue
        n=$(echo "$i" | sed 's/X-n\([0-9]*\)-.*/\1/')
        "$bin" --time-limit "$(awk "BEGIN{print $n * 0.6}")" --seed 1 "$x/$i.vrp" |
            tail -n 2 | head -n 1 || status=1
    done
fi
exit $status
