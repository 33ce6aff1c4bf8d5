# Shared by end-to-end scripts (sourced, not run): a temporary directory
# $tmp removed on exit with any servers started,
# fail() counting into $fails, and start_server MODE FILE [N] running the
# C test HTTP server (test_fetch --serve) and setting $port. The script may
# set $on_exit to a command run first at exit (an unmount, ...).
tmp=$(mktemp -d)
pids=""
on_exit=""
cleanup() {
    [ -n "$on_exit" ] && eval "$on_exit"
    for pid in $pids; do kill "$pid" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
server=${WO_BUILD:?WO_BUILD not set}/tests/test_fetch
start_server() {
    rm -f "$tmp/port"
    "$server" --serve "$1" "$2" "$tmp/port" ${3:-} &
    pids="$pids $!"
    n=0
    while [ ! -s "$tmp/port" ] && [ $n -lt 50 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    port=$(cat "$tmp/port")
}
