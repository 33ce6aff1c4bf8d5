#!/bin/sh
# Called by `make bench` (tools/run_benches.sh) with BUILD and SHARED.
set -u
build=$1
shared=$2
echo "bench: build=$build shared=$shared"
