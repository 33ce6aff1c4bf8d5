/* libFuzzer target: the binary graph cache reader (geo/graph.c). A loaded
 * graph is also searched once, so a structurally invalid cache that slips
 * through the checks shows up as an out-of-bounds read. */
#include <stdint.h>

#include "geo/graph.h"
#include "geo/sp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_graph *g = NULL;
    wo_sp *sp = NULL;
    wo_err err;
    if (wo_graph_load_mem(data, size, "fuzz", &g, &err) != WO_OK)
        return 0;
    if (g->n_nodes > 0 && wo_sp_new(g, &sp, NULL) == WO_OK) {
        (void)wo_sp_node_to_node(sp, 0, g->n_nodes - 1);
        wo_sp_free(sp);
    }
    wo_graph_free(g);
    return 0;
}
