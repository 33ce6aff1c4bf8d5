/* libFuzzer target: the VROOM problem reader and the whole solve of
 * `wasteopt solve` (cli/vroom.c), on a tiny iteration budget. An accepted
 * problem must give a solution JSON with code 0, a summary and routes and
 * unassigned arrays whose sizes the summary counts; a rejected one rc 1 or
 * 2 with a message and no output. */
#define _POSIX_C_SOURCE 200809L
#include "cli/json.h"
#include "cli/vroom.h"

#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_vroom_opts o;
    char msg[2048], *out = NULL;
    size_t out_len = 0;
    wo_json *sol, *sum;
    int rc;
    if (size > 65536) /* the solve, not the reader, would dominate */
        return 0;
    wo_vroom_opts_init(&o);
    o.time_limit_s = 2;
    o.iterations = 3;
    rc = wo_vroom_solve_text((const char *)data, size, &o, &out, &out_len,
                             msg, sizeof msg);
    if (rc != 0) {
        if ((rc != 1 && rc != 2) || !msg[0] || out || out_len)
            __builtin_trap();
        return 0;
    }
    if (!out || strlen(out) != out_len)
        __builtin_trap();
    sol = wo_json_loads(out, 0, NULL);
    sum = wo_json_object_get(sol, "summary");
    if (!sol || wo_json_integer_value(wo_json_object_get(sol, "code")) != 0 ||
        (size_t)wo_json_integer_value(wo_json_object_get(sum, "routes")) !=
            wo_json_array_size(wo_json_object_get(sol, "routes")) ||
        (size_t)wo_json_integer_value(wo_json_object_get(sum, "unassigned")) !=
            wo_json_array_size(wo_json_object_get(sol, "unassigned")))
        __builtin_trap();
    wo_json_decref(sol);
    wo_free(out);
    return 0;
}
