/*
 * fuzz_coord_csv.c — libFuzzer target for the CSV input of
 * `wasteopt geo convert --csv` (wo_coord_csv_convert). The first byte
 * picks the datums and the output kind; the rest is the CSV text.
 */
#include <stddef.h>
#include <stdint.h>

#include "geo/coord.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* One converter for the whole run: opening PROJ per input is slow. */
    static wo_coord_conv *cv;
    wo_coord_csv_opts o;
    wo_buf out;
    wo_err err;
    if (size < 1)
        return 0;
    if (!cv && wo_coord_conv_open(&cv, &err) != WO_OK)
        return 0;
    o.name = "fuzz.csv";
    o.from = (wo_datum)(data[0] & 3);
    o.to = (wo_datum)((data[0] >> 2) & 3);
    o.to_gk = (data[0] >> 4) & 1;
    o.gk_cm_deg = (data[0] >> 5) & 1 ? 105 : 0;
    o.max_rows = 10000;
    wo_buf_init(&out, (size_t)1 << 24);
    wo_err_clear(&err);
    wo_coord_csv_convert(cv, &o, (const char *)data + 1, size - 1, &out,
                         &err);
    wo_buf_free(&out);
    return 0;
}
