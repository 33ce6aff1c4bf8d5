/* libFuzzer target: the rich VRPLIB reader (benches/support/vrplib.c)
 * must accept or reject any input cleanly (no crash, no leak, no undefined
 * behaviour); a rejection carries a message; an accepted input has its
 * depot and every window in range and, when small, gives a problem that
 * the routing core validates. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "benches/support/vrplib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *ud, const char *msg)
{
    (void)ud;
    if (!msg[0])
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_vrplib in;
    wo_vrplib_model m;
    wo_err e;
    int i;
    e.msg[0] = '\0';
    if (wo_vrplib_parse((const char *)data, size, "fuzz", &in, ignore, NULL,
                        &e) != WO_OK) {
        if (!e.msg[0])
            __builtin_trap();
        return 0;
    }
    if (in.depot < 0 || in.depot >= in.n || in.n_vehicles < 1)
        __builtin_trap();
    for (i = 0; in.tw_open && i < in.n; i++)
        if (!(in.tw_open[i] <= in.tw_close[i]))
            __builtin_trap();
    /* the matrix is n x n: small instances only */
    if (in.n <= 300 && wo_vrplib_model_build(&in, &m, &e) == WO_OK) {
        if (wo_vrp_validate(&m.pb, &e) != WO_OK)
            __builtin_trap();
        wo_vrplib_model_free(&m);
    }
    wo_vrplib_free(&in);
    return 0;
}
