/* libFuzzer target: the CSV reader (data/csv.c) on arbitrary bytes. */
#include "data/csv.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_csv *c = NULL;
    wo_err err;
    size_t total = 0;
    int r, k;
    if (wo_csv_parse("fuzz.csv", (const char *)data, size, &c, &err) !=
        WO_OK) {
        /* a failure always comes with a message */
        if (!err.msg[0])
            __builtin_trap();
        return 0;
    }
    for (k = 0; k < wo_csv_ncols(c); k++)
        total += strlen(wo_csv_colname(c, k));
    for (r = 0; r < wo_csv_nrows(c); r++) {
        if (wo_csv_line(c, r) < 2)
            __builtin_trap();
        for (k = 0; k < wo_csv_ncols(c); k++)
            total += strlen(wo_csv_get(c, r, k));
        if (wo_csv_col(c, wo_csv_colname(c, 0)) != 0)
            __builtin_trap();
    }
    wo_csv_free(c);
    return total == (size_t)-1;
}
