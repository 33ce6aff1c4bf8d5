/* libFuzzer target: the whole scenario loader and validation. The first
 * input byte chooses which file of the small good scenario the rest of
 * the input replaces (scenario.json, the GeoJSON or any CSV table), so
 * every parser and every cross-reference check is reached. */
#include "tests/fuzz/fuzz_base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_load_with(fuzz_base.f[data[0] % fuzz_base.n].name, data + 1,
                   size - 1);
    return 0;
}
