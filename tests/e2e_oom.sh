#!/bin/sh
# End-to-end: out of memory anywhere in the process. The LD_PRELOAD shim
# of tests/support/oom fails the Nth heap allocation counted from main (the
# program's, jansson's, GLPK's, PROJ's, the C library's), for a sample of
# N spread evenly over each command's allocations plus its last three
# (tests/support/oom/sweep.sh; `make oom-sweep` runs every N): validate
# (the default and a small scenario), plan on the small scenario with
# --iterations, site, indicators and solve on a VROOM problem with
# facilities. No run may crash, abort, exit 0 with
# output missing, or fail without saying "out of memory". Needs WO_BIN,
# WO_BUILD and WO_TOP.
set -u
bin=${WO_BIN:?}
build=${WO_BUILD:?}
top=${WO_TOP:?}
shim="$build/tests/libfailnth.so"
if [ -n "$(nm "$bin" 2>/dev/null | grep -m1 __asan_init)" ] ||
   ldd "$bin" | grep -q libasan; then
    # The sanitizer's allocator replaces malloc and must come first: the
    # sweep runs on the plain build (make test-plain).
    echo "skip: sanitized binary"
    exit 0
fi
[ -f "$shim" ] || { echo "FAIL $shim missing"; exit 1; }
WO_TOP=$top sh "$top/tests/support/oom/sweep.sh" "$bin" "$shim" --sample 25
