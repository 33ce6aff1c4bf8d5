#!/bin/sh
# End-to-end test of wasteopt-mpi (cli/mpi/main.c) under mpirun
# --oversubscribe: on a small scenario with --seed and --iterations, the
# plan of wasteopt and of wasteopt-mpi on 1, 2 and 4 ranks is the same
# byte for byte (plan.json, stops.csv, routes.csv, routes.geojson; plan.json
# holds no wall time) and every rank solves problems, rank 0 included
# (WO_MPI_JOB_LOG); whatif on 2 ranks prints what wasteopt whatif
# prints; a rank that reports a failure has its problems solved elsewhere
# and the plan is still the same; a rank whose process ends mid-run ends
# the job with a non-zero status, a message naming it, and the plan
# already in --out untouched (no partial output, no staging left); bad
# usage is exit 2; the Slurm recipe (cli/slurm/plan.sbatch) run as a plain
# script on the small scenario. Open MPI refuses root unless told: the test sets
# OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM) when it runs as root.
set -u
bin=${WO_BIN:?}
build=${WO_BUILD:?}
top=${WO_TOP:?}
mpi="$build/wasteopt-mpi"
if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: mpirun not found (make deps installs openmpi-bin)"
    exit 77
fi
[ -x "$mpi" ] || { echo "FAIL: $mpi not built"; exit 1; }
if [ "$(id -u)" = 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
# Sanitized build: Open MPI's own allocations are not ours to check under
# LeakSanitizer, and its memory patcher conflicts with ASan's interceptors
# (OMPI_MCA_memory=^patcher turns the patcher off).
case "$build" in
*/san) export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
       export OMPI_MCA_memory='^patcher'
       echo "note: sanitized build: leak checks and Open MPI's memory" \
            "patcher off for the MPI runs" ;;
esac
. "$top/tests/support/e2e.sh"
trap 'exit 1' INT TERM
sc="$top/tests/data/scenarios/mixed"
opts="--seed 1 --iterations 150 --time-limit 3600 --quiet"
run_mpi() { # N, then the command's arguments
    n=$1
    shift
    mpirun --oversubscribe -n "$n" -x ASAN_OPTIONS -x UBSAN_OPTIONS \
        ${hook:+-x "$hook"} "$mpi" "$@"
}
hook=""

# --- the same plan at any rank count, every rank solving
"$bin" plan "$sc" $opts --out "$tmp/one" >"$tmp/one.log" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { fail "wasteopt plan exit $rc"; cat "$tmp/one.log"; }
[ -s "$tmp/one/routes.csv" ] || fail "wasteopt wrote no routes.csv"
[ "$(wc -l <"$tmp/one/routes.csv")" -gt 10 ] || fail "too few routes to compare"
grep -q '"seconds"' "$tmp/one/plan.json" && fail "plan.json carries wall time"
for n in 1 2 4; do
    WO_MPI_JOB_LOG="$tmp/jobs$n.csv" \
        run_mpi "$n" plan "$sc" $opts --out "$tmp/n$n" >"$tmp/n$n.log" 2>&1
    r=$?
    [ $r -eq $rc ] || { fail "wasteopt-mpi -n $n exit $r, wasteopt $rc"; cat "$tmp/n$n.log"; }
    for f in plan.json stops.csv routes.csv routes.geojson; do
        cmp -s "$tmp/one/$f" "$tmp/n$n/$f" ||
            fail "$f of -n $n differs from wasteopt's"
    done
done
[ "$fails" -eq 0 ] && echo "plan: byte-identical for wasteopt and 1, 2, 4 ranks"
# Every rank solves, rank 0 too: on 2 ranks both answer problems (the
# plan runs one thread per rank, so while rank 1 has the largest problem
# rank 0 takes the next); alone, rank 0 solves without the log.
[ -s "$tmp/jobs1.csv" ] && fail "-n 1 wrote a job log (no ranks to farm to)"
cut -d, -f2 "$tmp/jobs2.csv" | sort -u | tr '\n' ' ' >"$tmp/ranks2"
[ "$(cat "$tmp/ranks2")" = "0 1 " ] ||
    fail "-n 2: ranks that solved: '$(cat "$tmp/ranks2")', want '0 1 '"
[ "$(cut -d, -f2 "$tmp/jobs4.csv" | sort -u | wc -l)" -ge 3 ] ||
    fail "-n 4: fewer than 3 ranks solved problems"

# --- whatif on 2 ranks prints what wasteopt prints
wopts="--seed 1 --iterations 100 --quiet --csv"
"$bin" whatif "$sc" --change "close CDR" --change "scale cd_spoil 1.5" \
    $wopts >"$tmp/wi1.csv" 2>"$tmp/wi1.log" || { fail "wasteopt whatif"; cat "$tmp/wi1.log"; }
run_mpi 2 whatif "$sc" --change "close CDR" --change "scale cd_spoil 1.5" \
    $wopts >"$tmp/wi2.csv" 2>"$tmp/wi2.log" || { fail "wasteopt-mpi whatif"; cat "$tmp/wi2.log"; }
[ "$(wc -l <"$tmp/wi1.csv")" -ge 3 ] || fail "whatif printed no comparison"
cmp -s "$tmp/wi1.csv" "$tmp/wi2.csv" || { fail "whatif differs on 2 ranks"; diff "$tmp/wi1.csv" "$tmp/wi2.csv" | head; }

# --- a rank that fails: named, its problems solved elsewhere, same plan
export WO_MPI_TEST_REFUSE=1
hook=WO_MPI_TEST_REFUSE
run_mpi 3 plan "$sc" $opts --out "$tmp/refuse" >"$tmp/refuse.log" 2>&1
r=$?
unset WO_MPI_TEST_REFUSE
hook=""
[ $r -eq $rc ] || { fail "refusing rank: exit $r"; cat "$tmp/refuse.log"; }
grep -q "rank 1 failed (test hook WO_MPI_TEST_REFUSE)" "$tmp/refuse.log" ||
    fail "the failed rank is not named"
[ "$(grep -c 'rank 1 failed' "$tmp/refuse.log")" -eq 1 ] ||
    fail "a failed rank was used again"
for f in plan.json stops.csv routes.csv; do
    cmp -s "$tmp/one/$f" "$tmp/refuse/$f" || fail "$f differs after a rank failed"
done

# --- a rank whose process ends mid-run: the job ends, nothing written
mkdir -p "$tmp/kill"
cp -R "$tmp/one/." "$tmp/kill/"
before=$(ls -A "$tmp/kill" | sort)
killed_run() { # OUT: rank 1 ends its process when its 2nd problem comes
    WO_MPI_TEST_EXIT=1:1 hook=WO_MPI_TEST_EXIT
    export WO_MPI_TEST_EXIT
    run_mpi 2 plan "$sc" $opts --out "$1" >"$1.log" 2>&1
    r=$?
    unset WO_MPI_TEST_EXIT
    hook=""
}
killed_run "$tmp/kill"
[ $r -ne 0 ] || fail "a killed rank still exits 0"
grep -q "exit code\|exited on signal\|non-zero" "$tmp/kill.log" ||
    { fail "no message about the ended rank"; cat "$tmp/kill.log"; }
[ "$(ls -A "$tmp/kill" | sort)" = "$before" ] ||
    fail "the killed run left files in --out: $(ls -A "$tmp/kill")"
for f in plan.json stops.csv routes.csv; do
    cmp -s "$tmp/one/$f" "$tmp/kill/$f" || fail "the killed run changed $f"
done
# Into an empty directory: nothing at all.
killed_run "$tmp/kill2"
[ $r -ne 0 ] || fail "a killed rank still exits 0 (empty --out)"
[ -e "$tmp/kill2/plan.json" ] && fail "a killed run wrote plan.json"
[ -z "$(ls -A "$tmp/kill2" 2>/dev/null)" ] ||
    fail "the killed run left $(ls -A "$tmp/kill2")"

# --- bad usage
run_mpi 1 >"$tmp/u1.log" 2>&1
[ $? -eq 2 ] || fail "no command: not exit 2"
grep -q "usage: mpirun -n N wasteopt-mpi plan|whatif" "$tmp/u1.log" || fail "no usage text"
run_mpi 2 site "$sc" >"$tmp/u2.log" 2>&1
[ $? -eq 2 ] || fail "site: not exit 2"
grep -q "unknown command 'site'" "$tmp/u2.log" || fail "site not named"
run_mpi 2 plan "$sc" --bogus >"$tmp/u3.log" 2>&1
[ $? -eq 2 ] || fail "--bogus: not exit 2"
grep -q "unknown option '--bogus'" "$tmp/u3.log" || fail "--bogus not named"
run_mpi 2 plan "$tmp/nowhere" --out "$tmp/u4" >"$tmp/u4.log" 2>&1
[ $? -eq 1 ] || fail "missing scenario: not exit 1"
grep -q "nowhere" "$tmp/u4.log" || fail "missing scenario not named"

# --- the Slurm recipe's command line, outside Slurm, on the small scenario
# (the municipality scenario is its usual argument)
WO_NTASKS=2 WO_TIME_LIMIT=900 WO_PLAN_OPTS="--iterations 30 --quiet" \
    WO_MPI_BIN="$mpi" sh "$top/cli/slurm/plan.sbatch" "$sc" \
    "$tmp/slurm" >"$tmp/slurm.log" 2>&1
r=$?
[ $r -eq 0 ] || { fail "plan.sbatch exit $r"; cat "$tmp/slurm.log"; }
grep -q "mpirun --oversubscribe -n 2 .*wasteopt-mpi plan .*scenarios/mixed" \
    "$tmp/slurm.log" || fail "plan.sbatch did not say its command line"
grep -q '"routes"' "$tmp/slurm/plan.json" 2>/dev/null ||
    fail "plan.sbatch wrote no plan.json"
# Its default scenario, not generated here: a clear refusal.
(cd "$tmp" && SLURM_SUBMIT_DIR="$tmp" WO_MPI_BIN="$mpi" \
    sh "$top/cli/slurm/plan.sbatch") >"$tmp/slurm2.log" 2>&1
[ $? -eq 2 ] || fail "plan.sbatch without its scenario: not exit 2"
grep -q "chongqing-municipality' not found" "$tmp/slurm2.log" ||
    fail "plan.sbatch did not name the missing scenario"

[ "$fails" -eq 0 ] && echo "wasteopt-mpi: same plans and whatif, failed and killed ranks, usage"
[ "$fails" -eq 0 ] || exit 1
