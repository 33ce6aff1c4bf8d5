#!/bin/sh
# sweep.sh — fail the Nth heap allocation of a wasteopt run, for N = 1..T
# (T: the allocations of an undisturbed run) or an even sample of them, on
# each command of the table below, and classify every run:
#
#   success       the exit status and the output of the undisturbed run
#   degraded      the exit status of the undisturbed run and a complete
#                 output (the same files, none empty, no more nulls in
#                 plan.json; as many lines on stdout) with other content:
#                 a heuristic that took a simpler path when memory ran out
#   clean         exit 1, stderr says "out of memory", no output left
#                 (no file in the output directory, nothing on stdout)
#   crash         killed by a signal other than SIGABRT
#   abort         SIGABRT (abort(), assert, a library's fatal error)
#   exit0-missing exit 0 or 3 with output that differs from the
#                 undisturbed run's (missing or partial)
#   wrong-message exit 1 whose stderr does not say "out of memory"
#   partial       exit 1 saying "out of memory" but leaving output behind
#                 (files of a set renamed before the failure)
#   other         any other exit status
#
# usage: sweep.sh BIN SHIM [--all | --sample K] [--jobs J] [COMMAND...]
#   BIN    the wasteopt binary; SHIM  tests/support/oom/failnth.c built
#   --all  every N from 1 to T+1, or when T is above 12000 (PROJ's SQLite
#          lookups: validate-datums makes about 107,000) a sample of 3000;
#          --sample K (default 40): K values of N evenly spread over 1..T,
#          plus the last three allocations
#   --jobs J  runs in parallel (default 1)
#   COMMAND   names from the table (default: all of them)
#   --sets-atomic  count partial runs as failures too (once the output set
#          of plan is replaced as a unit)
# Prints one line per command (runs and outcomes) and a total; the runs
# that are not success, clean or degraded are listed with their N and
# stderr. Exits 1 when any run is a crash, abort, exit0-missing,
# wrong-message or other (or partial, with --sets-atomic).
# WO_FAILNTH_TRACE=1 in the environment of one run prints the stack of the
# failed allocation.
# Needs WO_TOP (the source tree).
#
# New readers and services join the sweep by a line in commands(): the
# name, whether the output is stdout or a directory (@OUT@ in the
# arguments), and the arguments.
set -u

top=${WO_TOP:?}
small="$top/tests/data/scenarios/small"

# name -> "KIND ARGS..." (KIND: stdout, dir, or file: one output file
# written atomically at @OUT@).
commands() {
    case $1 in
    validate) echo "stdout validate" ;;
    validate-small) echo "stdout validate $small" ;;
    validate-datums) echo "stdout validate $top/tests/data/scenarios/datums" ;;
    plan-small) echo "dir plan $small --iterations 20 --seed 1 --out @OUT@ --quiet" ;;
    site-small) echo "stdout site $small" ;;
    indicators) echo "stdout indicators" ;;
    solve) echo "file solve $top/tests/data/vroom/facilities.json --iterations 20 --seed 1 -o @OUT@" ;;
    *) return 1 ;;
    esac
}
all_commands="validate validate-small validate-datums plan-small site-small indicators solve"

# One run with allocation N failed (0: none) into directory $2:
# leaves rc, out/ (the output directory), stdout, stderr there.
run() { # bin shim cmd n dir
    spec=$(commands "$3") || return 1
    kind=${spec%% *}
    args=$(echo "${spec#* }" | sed "s|@OUT@|$5/out|g")
    rm -rf "$5"
    mkdir -p "$5"
    # shellcheck disable=SC2086
    WO_FAILNTH=$4 WO_FAILNTH_COUNT="$5/count" LD_PRELOAD="$2" \
        "$1" $args >"$5/stdout" 2>"$5/stderr" </dev/null
    echo $? >"$5/rc"
    [ "$kind" = dir ] && [ -f "$5/out/plan.json" ] &&
        sed -i '/"seconds"/d' "$5/out/plan.json"
    # the solve's computing times are the only part that varies
    [ "$kind" = file ] && [ -f "$5/out" ] &&
        sed -i -e '/"loading"/d' -e '/"solving"/d' "$5/out"
    echo "$kind"
}

# The output of a run (stdout or the directory) equals the reference's.
same_output() { # kind run_dir ref_dir
    if [ "$1" = dir ] || [ "$1" = file ]; then
        diff -r "$2/out" "$3/out" >/dev/null 2>&1
    else
        cmp -s "$2/stdout" "$3/stdout"
    fi
}

# The output is complete (see "degraded" above).
complete_output() { # kind run_dir ref_dir
    if [ "$1" = dir ]; then
        [ "$(ls "$2/out" 2>/dev/null)" = "$(ls "$3/out")" ] || return 1
        for f in "$3"/out/*; do
            [ -s "$2/out/${f##*/}" ] || return 1
        done
        [ "$(grep -c 'null' "$2/out/plan.json")" -le \
          "$(grep -c 'null' "$3/out/plan.json")" ]
    elif [ "$1" = file ]; then
        [ -s "$2/out" ] && [ "$(wc -l <"$2/out")" -eq "$(wc -l <"$3/out")" ]
    else
        [ "$(wc -l <"$2/stdout")" -eq "$(wc -l <"$3/stdout")" ]
    fi
}

# The run left nothing behind.
no_output() { # kind run_dir
    if [ "$1" = dir ]; then
        [ ! -d "$2/out" ] || [ -z "$(ls -A "$2/out")" ]
    elif [ "$1" = file ]; then
        [ ! -e "$2/out" ]
    else
        [ ! -s "$2/stdout" ]
    fi
}

classify() { # bin shim cmd n work
    d="$5/$3.$4"
    kind=$(run "$1" "$2" "$3" "$4" "$d")
    rc=$(cat "$d/rc")
    ref="$5/$3.ref"
    if [ "$rc" -eq "$(cat "$ref/rc")" ] && same_output "$kind" "$d" "$ref"; then
        c=success
    elif [ "$rc" -eq "$(cat "$ref/rc")" ] &&
        complete_output "$kind" "$d" "$ref"; then
        c=degraded
    elif [ "$rc" -eq 134 ]; then
        c=abort
    elif [ "$rc" -gt 128 ]; then
        c=crash
    elif [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; then
        c=exit0-missing
    elif [ "$rc" -ne 1 ]; then
        c=other
    elif ! grep -q 'out of memory' "$d/stderr"; then
        c=wrong-message
    elif ! no_output "$kind" "$d"; then
        c=partial
    else
        c=clean
    fi
    if [ "$c" = success ] || [ "$c" = clean ] || [ "$c" = degraded ]; then
        rm -rf "$d"
        echo "$3 $4 $c"
    else
        echo "$3 $4 $c rc=$rc: $(head -c 300 "$d/stderr" | tr '\n' ' ')"
    fi
}

if [ "${1:-}" = --one ]; then # internal: one classified run, N last
    shift
    classify "$1" "$2" "$3" "$5" "$4"
    exit 0
fi

bin=${1:?usage: sweep.sh BIN SHIM [--all | --sample K] [--jobs J] [COMMAND...]}
shim=${2:?}
shift 2
mode=sample
k=40
jobs=1
fatal='crash|abort|exit0-missing|wrong-message|other'
while [ $# -gt 0 ]; do
    case $1 in
    --all) mode=all ;;
    --sample) k=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --sets-atomic) fatal="$fatal|partial" ;;
    *) break ;;
    esac
    shift
done
[ $# -gt 0 ] || set -- $all_commands

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
bad=0
total_runs=0
for cmd in "$@"; do
    commands "$cmd" >/dev/null || { echo "unknown command $cmd"; exit 2; }
    run "$bin" "$shim" "$cmd" 0 "$work/$cmd.ref" >/dev/null
    t=$(cut -d' ' -f1 "$work/$cmd.ref/count")
    if [ "$mode" = all ] && [ "$t" -le 12000 ]; then
        seq 1 $((t + 1))
    else
        [ "$mode" = all ] && k=3000
        { i=0
          while [ $i -lt "$k" ]; do echo $((1 + i * t / k)); i=$((i + 1)); done
          seq $((t > 2 ? t - 2 : 1)) "$t"; } | sort -n | uniq
    fi >"$work/$cmd.ns"
    # N is appended by xargs (no replace string: a path may hold any
    # letter, and mktemp's names hold capitals).
    xargs -P "$jobs" -n 1 sh "$self" --one "$bin" "$shim" "$cmd" "$work" \
        <"$work/$cmd.ns" >"$work/$cmd.res"
    runs=$(wc -l <"$work/$cmd.res")
    total_runs=$((total_runs + runs))
    summary=$(cut -d' ' -f3 "$work/$cmd.res" | sort | uniq -c |
              awk '{printf "%s %s, ", $2, $1}')
    echo "$cmd: $t allocations, $runs runs: ${summary%, }"
    grep -vE ' (success|clean|degraded)$' "$work/$cmd.res" | sort -n -k2 |
        head -n 20 | sed 's/^/  /'
    if grep -qE " ($fatal)( |\$)" "$work/$cmd.res"; then
        bad=1
    fi
done
echo "total: $total_runs runs"
exit $bad
