#!/bin/sh
# The short output-set soak of `make check`: tests/soak.sh, 6 runs of the
# small scenario with random kills and full disks (`make soak` runs the
# long one on the embedded default).
set -u
top=${WO_TOP:?WO_TOP not set}
exec sh "$top/tests/soak.sh" 6 "$top/tests/data/scenarios/small" --iterations 5
