/* libFuzzer target: the statistics-file parser of data/indicators, then the
 * computation and every report format on whatever it accepts. Checks that
 * an accepted file never yields a NaN value or a rate above 100 %. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cli/indicators_out.h"
#include "data/indicators.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_ind_stats st;
    wo_ind_report rep;
    wo_err err;
    wo_buf b;
    int i, f;
    if (wo_ind_stats_parse((const char *)data, size, "fuzz.csv", &st, &err) !=
        WO_OK)
        return 0;
    if (wo_ind_compute(&st, 2025, &rep, &err) != WO_OK)
        abort();
    for (i = 0; i < WO_IND_COUNT; i++)
        if (rep.line[i].has_value &&
            (isnan(rep.line[i].value_pct) ||
             rep.line[i].value_pct > 100.0 + 1e-6))
            abort();
    for (f = WO_IND_FMT_TEXT; f <= WO_IND_FMT_JSON; f++) {
        wo_buf_init(&b, 0);
        if (wo_ind_report_write(&rep, f, "fuzz.csv", &b) != WO_OK)
            abort();
        wo_buf_free(&b);
    }
    return 0;
}
