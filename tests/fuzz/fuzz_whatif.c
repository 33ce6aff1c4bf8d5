/* libFuzzer target: the what-if change language (solver/plan/whatif.c),
 * applied to the small good scenario, which is then checked. A rejected
 * change always says why. */
#include "tests/fuzz/fuzz_base.h"

#include "solver/plan/whatif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    wo_scenario *sc = NULL;
    wo_err err;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    (void)wo_plan_change_replans(text);
    if (wo_scenario_load_files(fuzz_base.f, "fuzz", &sc, &err) != WO_OK)
        abort();
    wo_err_clear(&err);
    if (wo_plan_apply_change(sc, text, &err) != WO_OK) {
        if (!err.msg[0])
            __builtin_trap();
        wo_scenario_free(sc);
    } else {
        fuzz_check_load(WO_OK, sc, &err);
    }
    free(text);
    return 0;
}
