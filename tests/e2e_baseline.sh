#!/bin/sh
# End-to-end test of stable territories, `wasteopt plan --baseline`: on a
# copy of the small test scenario with 48 more household collection
# points (four compactors share them, so the vehicles have territories to
# keep), a plan with seed 1, then
#  - the same plan against itself: nothing changes vehicle, every stop is
#    compared;
#  - a plan with seed 2 against the first: at most a tenth of the stops
#    change vehicle, fewer than in the free plan with seed 2 (counted here
#    from the two plan.json files), within the 2 % tolerance of the free
#    solve; the human summary and plan.json carry the same figures;
#  - bad baselines (not JSON, another format or version, another
#    scenario, a malformed route) fail before planning, naming the file
#    and the JSON path, with nothing written;
#  - the anchored plan, run twice with the same seed and iterations, is
#    byte-identical, and so is wasteopt-mpi's on 2 ranks.
# Every run is under an iteration limit (deterministic), on a few dozen
# stops: a few seconds in all.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

# The scenario: small-test plus a grid of 48 collection points.
sc="$tmp/sc"
cp -r "$top/tests/data/scenarios/small" "$sc" || exit 1
i=0
for row in 0 1 2 3 4 5; do
    for col in 0 1 2 3 4 5 6 7; do
        i=$((i + 1))
        id=$(printf 'G%02d' "$i")
        lon=$(awk -v c="$col" 'BEGIN { printf "%.4f", 106.520 + 0.011 * c }')
        lat=$(awk -v r="$row" 'BEGIN { printf "%.4f", 29.540 + 0.010 * r }')
        echo "$id,网格收集点$i,collection_point,500103,urban,$lon,$lat,180,," \
            >>"$sc/sites.csv"
        echo "$id,hh_other,500,,1,,,," >>"$sc/demand.csv"
    done
done

# Plan into $1 with the other options; prints the --json summary.
plan() {
    out=$1
    shift
    "$bin" plan "$sc" --iterations 50 --time-limit 3600 --quiet --json \
        --out "$tmp/$out" "$@" >"$tmp/$out.json" 2>"$tmp/$out.err"
    rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 3 ] || {
        no "plan $out: exit $rc"
        cat "$tmp/$out.err"
    }
}
# Integer field $2 of summary file $1 (the first occurrence).
field() {
    sed -n "s/^ *\"$2\": *\\([-0-9.]*\\),\\{0,1\\}\$/\\1/p" "$1" | head -n 1
}
# "day site stream vehicle" of every stop of plan.json $1, one a line, in
# plan order (the vehicle of the route each visit belongs to).
stops_of() {
    awk '
        /"vehicle":/ { v = $2; gsub(/[",]/, "", v) }
        /"kind":/ { k = $2; gsub(/[",]/, "", k); if (k == "collection") coll = 1;
                    else if (k == "transfer" || k == "haul") coll = 0 }
        /"stream":/ { s = $2; gsub(/[",]/, "", s) }
        /"day":/ { d = $2; gsub(/[",]/, "", d) }
        /"site":/ { site = $2; gsub(/[",]/, "", site) }
        /"kind": "stop"/ { if (coll) print d, site, s, v }
    ' "$1"
}
# Stops of plan $2 on another vehicle than in plan $1 (both plan.json).
changed() {
    stops_of "$1" | sort >"$tmp/c1"
    stops_of "$2" | sort >"$tmp/c2"
    join -j 1 \
        "$(awk '{ print $1 "|" $2 "|" $3, $4 }' "$tmp/c1" >"$tmp/k1"; echo "$tmp/k1")" \
        "$(awk '{ print $1 "|" $2 "|" $3, $4 }' "$tmp/c2" >"$tmp/k2"; echo "$tmp/k2")" |
        awk '$2 != $3 { n++ } END { print n + 0 }'
}

plan A --seed 1
n_stops=$(stops_of "$tmp/A/plan.json" | wc -l)
[ "$n_stops" -ge 48 ] || no "plan A has $n_stops stops, expected >= 48"
vehicles=$(stops_of "$tmp/A/plan.json" | awk '$3 == "hh_other" { print $4 }' |
    sort -u | wc -l)
[ "$vehicles" -ge 2 ] || no "plan A runs hh_other on $vehicles vehicle(s)"
grep -q '"baseline"' "$tmp/A.json" && no "a plan without --baseline has summary.baseline"

# Against itself: nothing moves.
plan self --seed 1 --baseline "$tmp/A/plan.json"
[ "$(field "$tmp/self.json" stops_compared)" = "$n_stops" ] ||
    no "self: stops_compared $(field "$tmp/self.json" stops_compared), expected $n_stops"
[ "$(field "$tmp/self.json" stops_changed_vehicle)" = 0 ] ||
    no "self: stops_changed_vehicle $(field "$tmp/self.json" stops_changed_vehicle), expected 0"
[ "$(changed "$tmp/A/plan.json" "$tmp/self/plan.json")" = 0 ] ||
    no "self: stops changed vehicle in plan.json"

# Another seed, free and against A.
plan C --seed 2
plan B --seed 2 --baseline "$tmp/A/plan.json"
free_changed=$(changed "$tmp/A/plan.json" "$tmp/C/plan.json")
b_changed=$(changed "$tmp/A/plan.json" "$tmp/B/plan.json")
b_compared=$(field "$tmp/B.json" stops_compared)
b_reported=$(field "$tmp/B.json" stops_changed_vehicle)
b_stops=$(stops_of "$tmp/B/plan.json" | wc -l)
[ "$b_compared" = "$b_stops" ] ||
    no "B: stops_compared $b_compared, expected its $b_stops stops"
[ "$b_reported" = "$b_changed" ] ||
    no "B: stops_changed_vehicle $b_reported, plan.json says $b_changed"
[ $((b_changed * 10)) -le "$b_stops" ] ||
    no "B: $b_changed of $b_stops stops changed vehicle (more than 10 %)"
[ "$free_changed" -gt "$b_changed" ] ||
    no "the free plan C changed $free_changed stops, the anchored B $b_changed"
pct=$(field "$tmp/B.json" cost_vs_free_pct)
awk -v p="$pct" 'BEGIN { exit !(p != "" && p <= 2.0) }' ||
    no "B: cost_vs_free_pct '$pct' above the 2 % tolerance"
grep -q '"baseline": {' "$tmp/B/plan.json" || no "B: plan.json has no summary.baseline"
"$bin" plan "$sc" --iterations 50 --time-limit 3600 --seed 2 \
    --baseline "$tmp/A/plan.json" --out "$tmp/Bh" 2>/dev/null >"$tmp/Bh.txt"
grep -q "baseline: $b_compared stops compared, $b_changed changed vehicle" \
    "$tmp/Bh.txt" || { no "human summary lacks the baseline line"; cat "$tmp/Bh.txt"; }
cmp -s "$tmp/B/plan.json" "$tmp/Bh/plan.json" ||
    no "the same anchored plan twice (seed, iterations) differs"
# wasteopt-mpi carries the baseline to its ranks: the same plan on 2 ranks
mpi="${WO_BUILD:-$top/build}/wasteopt-mpi"
if command -v mpirun >/dev/null 2>&1 && [ -x "$mpi" ]; then
    [ "$(id -u)" = 0 ] &&
        export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    case "${WO_BUILD:-}" in
    */san) export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
           export OMPI_MCA_memory='^patcher' ;;
    esac
    mpirun --oversubscribe -n 2 -x ASAN_OPTIONS -x UBSAN_OPTIONS "$mpi" \
        plan "$sc" --iterations 50 --time-limit 3600 --seed 2 --quiet \
        --baseline "$tmp/A/plan.json" --out "$tmp/Bm" >"$tmp/Bm.log" 2>&1
    rc=$?
    { [ $rc -eq 0 ] || [ $rc -eq 3 ]; } || { no "wasteopt-mpi: exit $rc"; cat "$tmp/Bm.log"; }
    cmp -s "$tmp/B/plan.json" "$tmp/Bm/plan.json" ||
        no "the anchored plan on 2 MPI ranks differs from wasteopt's"
else
    echo "note: mpirun or wasteopt-mpi missing: the MPI check skipped"
fi

# The tolerance without a baseline, and bad files.
"$bin" plan "$sc" --stability-cost 2 --out "$tmp/U" >/dev/null 2>"$tmp/U.err"
[ $? -eq 2 ] || no "--stability-cost without --baseline: not a usage error"
bad() {
    name=$1
    want=$2
    "$bin" plan "$sc" --iterations 5 --baseline "$tmp/$name.json" \
        --out "$tmp/out_$name" >/dev/null 2>"$tmp/$name.err"
    rc=$?
    [ $rc -eq 1 ] || no "$name: exit $rc, expected 1"
    grep -q "$tmp/$name.json" "$tmp/$name.err" || no "$name: message does not name the file"
    grep -qF -- "$want" "$tmp/$name.err" ||
        { no "$name: message does not say '$want'"; cat "$tmp/$name.err"; }
    [ -e "$tmp/out_$name/plan.json" ] && no "$name: a plan was written"
}
printf '{"format": "wasteopt-plan", "version": 1,' >"$tmp/trunc.json"
bad trunc "line 1"
sed 's/"format": "wasteopt-plan"/"format": "wasteopt-scenario"/' \
    "$tmp/A/plan.json" >"$tmp/fmt.json"
bad fmt '$.format'
sed 's/"version": 1,/"version": 2,/' "$tmp/A/plan.json" >"$tmp/ver.json"
bad ver '$.version'
sed 's/"scenario": "small-test"/"scenario": "other-city"/' \
    "$tmp/A/plan.json" >"$tmp/other.json"
bad other '$.summary.scenario'
# the first route's day as a string
awk '/"day":/ && !done { sub(/"day": [0-9]+/, "\"day\": \"one\""); done = 1 } { print }' \
    "$tmp/A/plan.json" >"$tmp/day.json"
bad day '$.routes[0].day'

[ $fail -eq 0 ] && echo "baseline: self 0 changed of $n_stops; seed 2 anchored $b_changed, free $free_changed changed; cost vs free $pct %"
exit $fail
