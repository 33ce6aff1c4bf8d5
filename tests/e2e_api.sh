#!/bin/sh
# End-to-end: the public face of the library. The shared library exports
# exactly the functions include/wasteopt.h declares (every exported symbol
# is declared there, every declared function is exported) and carries its
# SONAME; the staged `make install` holds the one public header, the
# library with its links, wasteopt.pc and the manual; tests/api_example.c,
# built from pkg-config's flags alone, runs on the small scenario. Needs
# WO_TOP and WO_BUILD (the Makefile stages the install before the tests).
set -u
top=${WO_TOP:?}
build=${WO_BUILD:?}
stage="$build/stage"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

check() { # description, condition status
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

# The functions the header declares: the name before '(' of every WO_API
# declaration (which may span lines).
awk '/^WO_API / { d = $0; while (d !~ /;/ && (getline m) > 0) d = d " " m;
                  sub(/\(.*/, "", d); sub(/.*[ *]/, "", d); print d }' \
    "$top/include/wasteopt.h" | sort -u >"$tmp/declared"
nm -D --defined-only "$build/libwasteopt.so" | awk '{ print $NF }' |
    sort -u >"$tmp/exported"
check "the header declares functions ($(wc -l <"$tmp/declared"))" \
    $([ -s "$tmp/declared" ]; echo $?)
comm -13 "$tmp/declared" "$tmp/exported" >"$tmp/undeclared"
check "every exported symbol is declared in wasteopt.h" \
    $([ ! -s "$tmp/undeclared" ]; echo $?)
sed 's/^/  exported, not declared: /' "$tmp/undeclared"
comm -23 "$tmp/declared" "$tmp/exported" >"$tmp/unexported"
check "every declared function is exported" \
    $([ ! -s "$tmp/unexported" ]; echo $?)
sed 's/^/  declared, not exported: /' "$tmp/unexported"

major=$(sed -n 's/^#define WO_VERSION_MAJOR \([0-9]*\).*/\1/p' \
        "$top/include/wasteopt.h")
readelf -d "$build/libwasteopt.so" | grep -q "SONAME.*\[libwasteopt\.so\.$major\]"
check "SONAME libwasteopt.so.$major" $?

# The staged install.
[ "$(ls "$stage/include")" = "wasteopt.h" ]
check "only wasteopt.h is installed under include/" $?
[ -L "$stage/lib/libwasteopt.so" ] && [ -L "$stage/lib/libwasteopt.so.$major" ] &&
    [ -f "$(readlink -f "$stage/lib/libwasteopt.so")" ]
check "libwasteopt.so -> .so.$major -> the library" $?
[ -f "$stage/lib/libwasteopt.a" ]
check "static archive installed" $?
PKG_CONFIG_PATH="$stage/lib/pkgconfig" pkg-config --cflags wasteopt |
    grep -q -- "-I$stage/include"
check "pkg-config --cflags gives the include directory" $?
PKG_CONFIG_PATH="$stage/lib/pkgconfig" pkg-config --libs wasteopt |
    grep -q -- "-L$stage/lib -lwasteopt"
check "pkg-config --libs gives the library" $?
PKG_CONFIG_PATH="$stage/lib/pkgconfig" pkg-config --static --libs wasteopt |
    grep -q -- "-lglpk"
check "pkg-config --static --libs adds the private libraries" $?
[ -f "$stage/share/man/man3/wasteopt.3" ] &&
    [ -f "$stage/share/man/man3/wo_plan_make.3" ] &&
    [ -f "$stage/share/man/man1/wasteopt.1" ]
check "manual pages installed (sections 1 and 3)" $?
missing=0
while read -r f; do
    [ -f "$stage/share/man/man3/$f.3" ] || { echo "  no page: $f"; missing=1; }
done <"$tmp/declared"
check "every declared function has a manual page" $missing

# The example, built against the staged install.
LD_LIBRARY_PATH="$stage/lib" "$stage/api_example" \
    "$top/tests/data/scenarios/small" 200 >"$tmp/out" 2>"$tmp/err"
st=$?
cat "$tmp/out" "$tmp/err"
check "api_example exits 0 (got $st)" $([ $st -eq 0 ]; echo $?)
grep -q '^wasteopt [0-9.]*: scenario .*, 0 errors' "$tmp/out"
check "api_example loads and checks the scenario" $?
grep -q '^plan: 1 day(s), [1-9][0-9]* routes' "$tmp/out"
check "api_example plans routes" $?
LD_LIBRARY_PATH="$stage/lib" ldd "$stage/api_example" |
    grep -q "libwasteopt\.so\.$major => $stage/lib/"
check "api_example uses the staged shared library" $?

exit $fail
