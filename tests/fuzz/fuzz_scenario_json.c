/* libFuzzer target: scenario.json (the JSON parser + key checks), with
 * the rest of the small good scenario around it. */
#include "tests/fuzz/fuzz_base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_with("scenario.json", data, size);
    return 0;
}
