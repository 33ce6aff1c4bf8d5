/* libFuzzer target: the scenario bundle of `POST /plan` (cli/bundle.c),
 * the bytes as a request body brings them: a tar or a JSON bundle. An
 * accepted bundle must hold scenario.json and only plain, distinct member
 * names, each NUL-terminated; it is then loaded in memory by the scenario
 * loader as the server loads it from disk. A refusal must carry a
 * message. */
#include "tests/fuzz/fuzz_base.h"

#include "cli/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when name is one the bundle reader may accept. */
static int plain_name(const char *name)
{
    size_t n = strlen(name), i;
    if (n == 0 || n > WO_BUNDLE_NAME_MAX || name[0] == '.')
        return 0;
    for (i = 0; i < n; i++)
        if (name[i] == '/' || name[i] == '\\' ||
            (unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_bundle b;
    wo_scenario *sc = NULL;
    wo_err err;
    int i, j, has_scenario = 0, rc;
    wo_err_clear(&err);
    rc = wo_bundle_read((const char *)data, size, &b, &err);
    if (rc != WO_OK) {
        if (!err.msg[0] || b.n != 0 || b.files)
            __builtin_trap();
        return 0;
    }
    if (b.n < 1 || b.n > WO_BUNDLE_FILES_MAX || b.files[b.n].name)
        __builtin_trap();
    for (i = 0; i < b.n; i++) {
        const wo_embedded_file *f = &b.files[i];
        if (!plain_name(f->name) || f->size < 0 || f->data[f->size] != '\0')
            __builtin_trap();
        has_scenario |= !strcmp(f->name, "scenario.json");
        for (j = 0; j < i; j++)
            if (!strcmp(f->name, b.files[j].name))
                __builtin_trap();
    }
    if (!has_scenario)
        __builtin_trap();
    rc = wo_scenario_load_files(b.files, "bundle", &sc, &err);
    fuzz_check_load(rc, sc, &err);
    wo_bundle_free(&b);
    return 0;
}
