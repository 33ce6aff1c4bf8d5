#!/bin/sh
# `make run`: the nightly plan on the embedded Chongqing default.
set -eu
bin=$1
"$bin" validate
"$bin" indicators --stats data/chongqing/stats_2022.csv --year 2025 || true
