/* libFuzzer target: the Kim et al. reader must accept or reject any input
 * cleanly (no crash, no leak, no undefined behaviour); an accepted input
 * must give a problem whose indices are all in range, and its JSON writer
 * must work on an empty solution. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "benches/support/kim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_kim_instance ki;
    wo_err e;
    int i;
    if (wo_kim_parse((const char *)data, size, "fuzz", NULL, &ki, &e) !=
        WO_OK)
        return 0;
    for (i = 0; i < ki.pb.n_stops; i++)
        if (ki.stops[i].loc < 0 || ki.stops[i].loc >= ki.pb.n_loc)
            abort();
    for (i = 0; i < ki.pb.n_facilities; i++)
        if (ki.facilities[i].loc < 0 || ki.facilities[i].loc >= ki.pb.n_loc)
            abort();
    {
        wo_vrp_solution sol;
        wo_buf b;
        memset(&sol, 0, sizeof sol);
        wo_buf_init(&b, 0);
        if (wo_kim_solution_json(&ki, &sol, &b, &e) != WO_OK)
            abort();
        wo_buf_free(&b);
    }
    wo_kim_free(&ki);
    return 0;
}
