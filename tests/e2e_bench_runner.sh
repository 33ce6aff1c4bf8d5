#!/bin/sh
# benches/run_all.sh runs every benches/run_*.sh once and never itself (it
# matches its own pattern; running itself recursed without end). A stand-in
# `sh` on PATH records which scripts the runner starts instead of running
# them, so a regression shows as a failed check, not as a runaway.
set -eu
top=${WO_TOP:-$(pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/benches" "$tmp/bin"
cp "$top/benches/run_all.sh" "$tmp/benches/"
printf 'echo a\n' > "$tmp/benches/run_a.sh"
printf 'echo b\n' > "$tmp/benches/run_b.sh"
cat > "$tmp/bin/sh" <<'STUB'
#!/bin/dash
echo "$1" >> "$STARTED"
STUB
chmod +x "$tmp/bin/sh"
export STARTED="$tmp/started"
: > "$STARTED"
(cd "$tmp" && PATH="$tmp/bin:$PATH" /bin/dash benches/run_all.sh build shared) >/dev/null
got=$(sort "$STARTED" | tr '\n' ' ')
if [ "$got" != "benches/run_a.sh benches/run_b.sh " ]; then
    echo "FAIL: run_all.sh started: $got"
    exit 1
fi
echo "ok: run_all.sh starts each bench script once and not itself"
