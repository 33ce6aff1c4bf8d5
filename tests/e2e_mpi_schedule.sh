#!/bin/sh
# End-to-end test of benches/bench_mpi_schedule (the largest-first
# schedule of wasteopt-mpi simulated on a WO_MPI_JOB_LOG) on a hand-made
# log of five problems, listed out of order: task times 6, 5, 4, 3, 2 s
# largest first. By hand: on 2 ranks 6 | 5, then 4 on the rank free at 5
# (ends at 9), 3 on the one free at 6 (ends at 9), 2 at 9: makespan 11
# (the log's order would give 10); on 3 ranks 6 | 5 | 4, then 3 at 4 and
# 2 at 5: makespan 7, bound max(20/3, 6) = 6.667; on 8 ranks 6. The
# measured run had ranks 0..2 and a wall of 10 s, so the serial part is
# 10 - 7 = 3 s and one rank would take 23 s: on 8 ranks wall 9 s, speed-up
# 2.556, efficiency 0.319, parallel efficiency 20 / 48 = 0.417. A malformed
# line is named with its field; bad options are exit 2.
set -u
sim="${WO_BUILD:?}/benches/bench_mpi_schedule"
. "${WO_TOP:?}/tests/support/e2e.sh"
[ -x "$sim" ] || { echo "FAIL: $sim not built"; exit 1; }
cat >"$tmp/jobs.csv" <<'LOG'
7,2,3.010,3.000,70
10,1,6.020,6.000,100
6,0,2.000,2.000,60
9,2,5.030,5.000,90
8,1,4.010,4.000,80
LOG
"$sim" "$tmp/jobs.csv" --ranks 2,3,8 --wall 10 >"$tmp/out" 2>&1 ||
    { fail "exit $? on a good log"; cat "$tmp/out"; }
line() { awk -v p="$1" '$1 == p' "$tmp/out"; }
[ "$(line 2 | awk '{ print $2, $4 }')" = "11.000 14.000" ] ||
    fail "2 ranks: want makespan 11, wall 14: $(line 2)"
[ "$(line 3 | awk '{ print $2, $3, $4 }')" = "7.000 6.667 10.000" ] ||
    fail "3 ranks: want makespan 7, bound 6.667, wall 10: $(line 3)"
[ "$(line 8 | awk '{ print $2, $4, $5, $6, $7 }')" = \
    "6.000 9.000 2.556 0.319 0.417" ] ||
    fail "8 ranks: want 6, wall 9, speed-up 2.556, eff 0.319/0.417: $(line 8)"
grep -q "^problems 5, task time 20.000 s in all, largest 6.000 s, serial part 3.000 s" "$tmp/out" ||
    { fail "summary line"; cat "$tmp/out"; }
# --serial instead of --wall; the default rank counts
"$sim" "$tmp/jobs.csv" --serial 1 >"$tmp/out" 2>&1 || fail "exit $? with --serial"
[ "$(line 8 | awk '{ print $2, $4 }')" = "6.000 7.000" ] || fail "--serial 1: $(line 8)"
[ -n "$(line 32)" ] && [ -n "$(line 128)" ] || fail "default rank counts 8, 32, 128 missing"

printf '10,1,abc,6,100\n' >>"$tmp/jobs.csv"
"$sim" "$tmp/jobs.csv" >"$tmp/bad" 2>&1
[ $? -eq 1 ] || fail "malformed log: want exit 1"
grep -q "jobs.csv:6: field 3 (answer_s)" "$tmp/bad" || { fail "malformed log message"; cat "$tmp/bad"; }
"$sim" "$tmp/jobs.csv" --wall nan >/dev/null 2>&1
[ $? -eq 2 ] || fail "--wall nan: want exit 2"
"$sim" "$tmp/jobs.csv" --ranks 0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--ranks 0: want exit 2"
"$sim" >/dev/null 2>&1
[ $? -eq 2 ] || fail "no log: want exit 2"
[ "$fails" -eq 0 ] || exit 1
echo "schedule: makespans 11, 7, 6 as computed by hand; bad input named"
