/* libFuzzer target: the CVRPLIB .vrp parser on arbitrary bytes. A parse
 * that succeeds must give a consistent instance, and a small one is also
 * turned into a wo_vrp_problem that must validate. */
#include "benches/support/cvrplib.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_cvrplib in;
    wo_err e;
    if (wo_cvrplib_parse((const char *)data, size, "fuzz.vrp", &in, &e) !=
        WO_OK)
        return 0;
    if (in.n < 2 || in.depot < 0 || in.depot >= in.n || in.capacity <= 0)
        abort();
    if (in.n <= 200) {
        wo_vrp_problem pb;
        wo_vrp_vehicle_type type;
        wo_vrp_stop *stops = NULL;
        double *dist = NULL;
        if (wo_cvrplib_problem(&in, &pb, &dist, &stops, &type, &e) == WO_OK) {
            int rc = wo_vrp_validate(&pb, &e);
            /* huge coordinates may overflow to inf: rejected, never wrong */
            if (rc != WO_OK && rc != WO_EINVAL)
                abort();
            wo_free(dist);
            wo_free(stops);
        }
    }
    wo_cvrplib_free(&in);
    return 0;
}
