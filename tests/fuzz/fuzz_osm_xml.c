/* libFuzzer target: OSM XML import (geo/osm.c, readosm behind it). */
#define _POSIX_C_SOURCE 200809L
#include "tests/fuzz/osm_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_osm_import(data, size, ".osm");
    return 0;
}
