/* libFuzzer target: the POINTS.csv reader of `wasteopt matrix`
 * (cli/points.c). An accepted file must give at least one point, every id
 * non-empty and unique, every coordinate in range. */
#define _POSIX_C_SOURCE 200809L
#include "cli/points.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_points p;
    wo_err err;
    FILE *f;
    size_t i, j;
    int rc;
    if (size == 0)
        return 0;
    f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    wo_err_clear(&err);
    rc = wo_points_read_stream(f, "fuzz.csv", &p, &err);
    fclose(f);
    if (rc != WO_OK) {
        /* a failure always comes with a message and leaves nothing */
        if (!err.msg[0] || p.n != 0 || p.id)
            __builtin_trap();
        return 0;
    }
    if (p.n == 0 || p.n > WO_POINTS_MAX)
        __builtin_trap();
    for (i = 0; i < p.n; i++) {
        if (!p.id[i][0] || !(fabs(p.lon[i]) <= 180) || !(fabs(p.lat[i]) <= 90))
            __builtin_trap();
        for (j = 0; j < i && p.n <= 500; j++)
            if (!strcmp(p.id[i], p.id[j]))
                __builtin_trap();
    }
    wo_points_free(&p);
    return 0;
}
