#!/bin/sh
# Acceptance: `wasteopt validate` agrees with `wasteopt plan`. On 20 small
# scenarios of tests/support/gen_small.sh (servable ones, and ones with a
# site no vehicle serves alone within its shift, compactors typed as 8 kg,
# a window outside every shift) and on every scenario of
# tests/data/scenarios:
#  - validate OK (exit 0)  =>  the plan (deterministic: --iterations)
#    serves every mandatory demand (exit 0);
#  - the plan leaves demand for a structural reason (shift, time window,
#    fleet capacity, no vehicle, no facility)  =>  validate said so (exit 3,
#    naming the same cause);
# and the generated set holds both kinds (the test is not vacuous). On the
# embedded default: validate is OK and a short plan leaves nothing for a
# structural reason. Needs WO_BIN and WO_TOP.
set -u
bin=${WO_BIN:?}
top=${WO_TOP:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
n_ok=0
n_bad=0

check() { # description, condition status
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

# The pre-routing reasons and the fleet bound: causes no search can undo.
structural='"reason": "(shift|time|no_vehicle|no_facility)"|can load at most|a vehicle carries one stream a day'

# agree NAME DIR [CLASS]: validate and plan DIR, compare.
agree() {
    name=$1 dir=$2 cls=${3:-}
    "$bin" validate --quiet "$dir" >"$tmp/v" 2>&1
    vst=$?
    "$bin" plan "$dir" --iterations 100 --time-limit 300 --threads 2 \
        --out "$tmp/out" --quiet >/dev/null 2>"$tmp/perr"
    pst=$?
    if [ $vst -eq 0 ]; then
        n_ok=$((n_ok + 1))
        check "$name: validate OK, plan serves every mandatory demand (plan exit $pst)" \
            $([ $pst -eq 0 ]; echo $?)
    elif [ $vst -eq 3 ]; then
        n_bad=$((n_bad + 1))
    else
        check "$name: validate exit $vst" 1
        cat "$tmp/v"
        return
    fi
    if grep -Eq "$structural" "$tmp/out/plan.json"; then
        check "$name: plan leaves demand for a structural reason, validate said so" \
            $([ $vst -eq 3 ]; echo $?)
    fi
    case $cls in
    0 | 1)
        check "$name: servable class validates OK (exit $vst)" \
            $([ $vst -eq 0 ]; echo $?) ;;
    2)
        grep -q 'the plan leaves it before routing (shift): the shortest trip for it alone' "$tmp/v" &&
            grep -q '"reason": "shift"' "$tmp/out/plan.json"
        check "$name: far site: validate and plan both say shift" $? ;;
    3)
        grep -q 'fleet can load at most' "$tmp/v" &&
            grep -q '"reason": "capacity"' "$tmp/out/plan.json" &&
            ! grep -q '"reason": "no_route"' "$tmp/out/plan.json"
        check "$name: 8 kg compactors: validate and plan both say capacity, not no_route" $?
        "$bin" validate "$dir" 2>&1 | grep -q 'capacity_kg 8 is below what a collection vehicle carries (100 to 60000 kg); tonnes typed as kg?'
        check "$name: 8 kg compactors: implausible-capacity warning" $? ;;
    4)
        grep -q 'time windows outside every shift' "$tmp/v" &&
            grep -q '"reason": "time"' "$tmp/out/plan.json"
        check "$name: window outside the shift: validate and plan both say time" $? ;;
    esac
}

sh "$top/tests/support/gen_small.sh" "$top" "$tmp/gen" 20 7
check "generator writes 20 scenarios" $([ -f "$tmp/gen/s20/class" ]; echo $?)
for dir in "$tmp"/gen/s*; do
    agree "gen $(basename "$dir") (class $(cat "$dir/class"))" "$dir" \
        "$(cat "$dir/class")"
done
check "generated: both kinds present ($n_ok OK, $n_bad infeasible)" \
    $([ $n_ok -ge 8 ] && [ $n_bad -ge 12 ]; echo $?)

for dir in "$top"/tests/data/scenarios/*/; do
    agree "scenario $(basename "$dir")" "${dir%/}"
done

# The default: no demand the plan drops before routing, and a short plan
# leaves nothing for a structural reason.
"$bin" validate --quiet >"$tmp/v" 2>&1
check "default validates OK (exit $?)" $?
"$bin" plan --iterations 5 --time-limit 600 --threads 2 --out "$tmp/def" \
    --quiet >/dev/null 2>&1
! grep -Eq "$structural" "$tmp/def/plan.json"
check "default plan: nothing left for a structural reason" $?

exit $fail
