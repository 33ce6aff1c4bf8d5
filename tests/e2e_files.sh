#!/bin/sh
# End-to-end: files on disk. Symlinks planted at the names a writer might
# use never redirect a write (`osm fetch` OUT.part, `plan --write-lp`'s
# temporary names); device targets of `osm import -o` and `osm fetch -o`
# are written in place; the plan's output set survives a kill after every
# rename and a full disk at every file (injected, and a real small tmpfs
# when it can be mounted) with the previous complete set or the new one,
# keeps the user's own files, and no temporary file outlives the next run.
set -u
bin=${WO_BIN:?WO_BIN not set}
top=${WO_TOP:?WO_TOP not set}
check=${WO_BUILD:?WO_BUILD not set}/tests/test_out
small="$top/tests/data/scenarios/small"
. "$top/tests/support/e2e.sh"
plan() { # plan OUT SEED [ENV...]: the small scenario, quietly
    o=$1; s=$2; shift 2
    env "$@" "$bin" plan "$small" --iterations 5 --seed "$s" --quiet \
        --out "$o" >"$tmp/plan.log" 2>&1
}
ours() { # temporary files and staging directories under $1
    find "$1" \( -name '.*.wo*-*.tmp' -o -name '.*.wo*-*.set' \) | wc -l
}
echo precious >"$tmp/victim"

# --- defect 2: a symlink at the LP temporary name of earlier versions ----
mkdir -p "$tmp/lp"
sh -c 'ln -s "$1" "$2/transfer_d1_hh_other.lp.tmp.$$"
       ln -s "$1" "$2/.transfer_d1_hh_other.lp.$$.0.tmp"
       exec "$3" plan "$4" --iterations 5 --seed 1 --quiet --out "$5" \
            --write-lp "$2" --write-mps "$2"' \
    x "$tmp/victim" "$tmp/lp" "$bin" "$small" "$tmp/lpplan" \
    >"$tmp/lp.log" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || fail "plan --write-lp: exit $rc"
[ "$(cat "$tmp/victim")" = precious ] || fail "plan --write-lp wrote through a symlink"
[ -s "$tmp/lp/transfer_d1_hh_other.lp" ] || fail "no transfer_d1_hh_other.lp"
[ -s "$tmp/lp/models.csv" ] || fail "no models.csv"

# --- defect 2: a symlink at OUT.part of a download ------------------------
printf '<osm version="0.6"></osm>\n' >"$tmp/body.osm"
start_server ok "$tmp/body.osm"
url="http://127.0.0.1:$port/x.osm"
ln -s "$tmp/victim" "$tmp/dl.osm.part"
"$bin" osm fetch --url "$url" -o "$tmp/dl.osm" --quiet 2>"$tmp/fetch.err"
[ $? -eq 1 ] || fail "fetch through a planted .part symlink did not fail"
grep -q "dl.osm.part" "$tmp/fetch.err" || fail "fetch message does not name the .part: $(cat "$tmp/fetch.err")"
[ "$(cat "$tmp/victim")" = precious ] || fail "osm fetch wrote through the .part symlink"
rm -f "$tmp/dl.osm.part"
"$bin" osm fetch --url "$url" -o "$tmp/dl.osm" --quiet || fail "plain fetch"
cmp -s "$tmp/dl.osm" "$tmp/body.osm" || fail "fetched body differs"

# --- defect 6: device targets written in place ---------------------------
node="$tmp/null"
mknod "$node" c 1 3 2>/dev/null || node=""
for dev in $node /dev/null; do
    "$bin" osm import "$top/tests/data/osm/loop.osm" -o "$dev" --quiet ||
        fail "osm import -o $dev"
    [ -c "$dev" ] || fail "osm import replaced $dev"
    "$bin" osm fetch --url "$url" -o "$dev" --quiet || fail "osm fetch -o $dev"
    [ -c "$dev" ] || fail "osm fetch replaced $dev"
    [ -e "$dev.part" ] && fail "osm fetch left $dev.part"
done
[ -c /dev/null ] || fail "/dev/null is no longer a character device"

# --- defect 4: a kill after every rename ---------------------------------
out="$tmp/out"
plan "$out" 1 || [ $? -eq 3 ] || fail "first plan: $(cat "$tmp/plan.log")"
echo "mine" >"$out/notes.txt"
prev=$("$check" --check-set "$out") || fail "first set: $prev"
k=1
while [ $k -le 40 ]; do
    plan "$out" $((k + 1)) WO_TEST_KILL_AFTER_RENAME=$k
    rc=$?
    id=$("$check" --check-set "$out") || fail "kill after rename $k: $id"
    [ "$(cat "$out/notes.txt" 2>/dev/null)" = mine ] ||
        fail "kill after rename $k: the user's notes.txt is gone"
    [ $rc -eq 137 ] || break
    k=$((k + 1))
done
[ $k -gt 5 ] || fail "only $k renames in a plan's write"
[ "$id" != "$prev" ] || fail "the run that was not killed left the previous set"
plan "$out" 99 || [ $? -eq 3 ] || fail "clean plan after kills"
[ "$(ours "$tmp")" -eq 0 ] || fail "temporary files left after the next run: $(find "$tmp" -name '.*.wo*')"

# A run that fails at once (its directory probe finds the disk full) still
# removes what a killed run left (found by the soak).
plan "$out" 98 WO_TEST_KILL_AFTER_RENAME=3
[ "$(ours "$tmp")" -gt 0 ] || fail "a run killed at its 3rd rename left nothing to clean"
plan "$out" 97 WO_TEST_ENOSPC_AT=1
[ $? -eq 1 ] || fail "a full disk at the probe did not fail the run"
[ "$(ours "$tmp")" -eq 0 ] || fail "a run failing at its probe left a killed run's files"

# --- defect 4: a full disk at every file ---------------------------------
k=1
while [ $k -le 20 ]; do
    prev=$("$check" --check-set "$out")
    plan "$out" $((k + 50)) WO_TEST_ENOSPC_AT=$k
    rc=$?
    id=$("$check" --check-set "$out") || fail "ENOSPC at file $k: $id"
    [ "$(ours "$tmp")" -eq 0 ] || fail "ENOSPC at file $k left temporary files"
    [ $rc -eq 1 ] || break
    [ "$id" = "$prev" ] || fail "ENOSPC at file $k: the set changed"
    grep -q "No space left" "$tmp/plan.log" || fail "ENOSPC at file $k: $(cat "$tmp/plan.log")"
    k=$((k + 1))
done
[ $k -gt 5 ] || fail "only $k files in a plan's write"

# --- a real full disk: a small tmpfs, when this machine lets us mount one -
mnt="$tmp/mnt"
mkdir -p "$mnt"
# One set of the small plan takes 256k of tmpfs pages (map.html, with
# Leaflet inlined, about 200k of it): one set fits in 384k, a second set
# staged beside it does not.
if mount -t tmpfs -o size=384k tmpfs "$mnt" 2>/dev/null; then
    on_exit='umount "$mnt" 2>/dev/null'
    plan "$mnt/out" 1 || [ $? -eq 3 ] || fail "tmpfs: first plan"
    prev=$("$check" --check-set "$mnt/out") || fail "tmpfs: first set: $prev"
    plan "$mnt/out" 2
    [ $? -eq 1 ] || fail "tmpfs: a second set fitted in 64k (make the mount smaller)"
    id=$("$check" --check-set "$mnt/out") || fail "tmpfs: $id"
    [ "$id" = "$prev" ] || fail "tmpfs: the set changed on a full disk"
    [ "$(ours "$mnt")" -eq 0 ] || fail "tmpfs: temporary files left"
    umount "$mnt"
    on_exit=""
else
    echo "note: cannot mount a tmpfs here; the full disk is injected only"
fi

[ $fails -eq 0 ] || exit 1
echo "e2e_files: all passed"
