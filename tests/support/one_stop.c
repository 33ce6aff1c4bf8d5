/*
 * one_stop.c — the one-stop-per-route stand-in for the routing core used by
 * tests (see one_stop.h).
 */
#include "tests/support/one_stop.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wo_test_one_stop_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                           wo_vrp_solution *sol, wo_err *err)
{
    int used[16] = {0};
    double fac_used[64] = {0};
    int i, t, f;
    (void)prm;
    (void)err;
    sol->routes = calloc((size_t)pb->n_stops + 1, sizeof *sol->routes);
    sol->unserved = calloc((size_t)pb->n_stops + 1, sizeof *sol->unserved);
    for (i = 0; i < pb->n_stops; i++) {
        const wo_vrp_stop *st = &pb->stops[i];
        const wo_vrp_vehicle_type *vt = NULL;
        wo_vrp_route *r;
        int best = -1, n = pb->n_loc, timeout = 0;
        double best_d = HUGE_VAL, t0 = 0, sf, arr[4] = {0}, beg[4] = {0};
        for (t = 0; t < pb->n_types; t++)
            if ((pb->types[t].streams >> st->stream & 1) &&
                used[t] < pb->types[t].count &&
                pb->types[t].capacity[0] >= st->demand[0]) {
                vt = &pb->types[t];
                break;
            }
        for (f = 0; f < pb->n_facilities; f++) {
            double d = pb->dist_m[st->loc * n + pb->facilities[f].loc];
            if ((pb->facilities[f].streams >> st->stream & 1) &&
                fac_used[f] + st->demand[0] <=
                    pb->facilities[f].capacity[0] + 1e-6 &&
                d < best_d) {
                best_d = d;
                best = f;
            }
        }
        if (vt && best >= 0) {
            /* Times: leave at the shift start, wait for the stop's window
             * and the facility's hours; give up past the shift. */
            const wo_vrp_facility *fa = &pb->facilities[best];
            int w;
            sf = vt->speed_factor > 0 ? vt->speed_factor : 1;
            t0 = vt->shift_open_s;
            arr[1] = t0 + pb->dur_s[vt->start_loc * n + st->loc] * sf;
            beg[1] = arr[1];
            if (st->n_tw > 0) {
                beg[1] = HUGE_VAL;
                for (w = 0; w < st->n_tw; w++)
                    if (arr[1] <= st->tw[w].close_s) {
                        beg[1] = fmax(arr[1], st->tw[w].open_s);
                        break;
                    }
            }
            arr[2] = beg[1] + st->service_s +
                     pb->dur_s[st->loc * n + fa->loc] * sf;
            beg[2] = fmax(arr[2], fa->open_s);
            arr[3] = beg[2] + fa->unload_s +
                     pb->dur_s[fa->loc * n + vt->end_loc] * sf;
            if (!isfinite(beg[1]) || beg[2] > fa->close_s ||
                arr[3] > vt->shift_close_s ||
                (vt->max_duration_s > 0 && arr[3] - t0 > vt->max_duration_s) ||
                (vt->break_s > 0 && arr[3] > vt->break_latest_s))
                timeout = 1;
        }
        if (!vt || best < 0 || timeout) {
            sol->unserved[sol->n_unserved].stop = i;
            sol->unserved[sol->n_unserved].reason =
                !vt ? WO_UNSERVED_CAPACITY
                    : best < 0 ? WO_UNSERVED_NO_FACILITY : WO_UNSERVED_TIME;
            sol->n_unserved++;
            continue;
        }
        fac_used[best] += st->demand[0];
        r = &sol->routes[sol->n_routes++];
        r->type = (int)(vt - pb->types);
        r->vehicle = used[r->type]++;
        r->stream = st->stream;
        r->n_visits = vt->break_s > 0 ? 5 : 4;
        r->visits = calloc(5, sizeof *r->visits);
        r->visits[0].kind = WO_VISIT_DEPOT;
        r->visits[0].index = -1;
        r->visits[0].arrival_s = r->visits[0].start_s = t0;
        r->visits[0].depart_s = t0;
        r->visits[1].kind = WO_VISIT_STOP;
        r->visits[1].index = i;
        r->visits[1].arrival_s = arr[1];
        r->visits[1].start_s = beg[1];
        r->visits[1].depart_s = beg[1] + st->service_s;
        r->visits[1].load_after[0] = st->demand[0];
        r->visits[2].kind = WO_VISIT_UNLOAD;
        r->visits[2].index = best;
        r->visits[2].arrival_s = arr[2];
        r->visits[2].start_s = beg[2];
        r->visits[2].depart_s = beg[2] + pb->facilities[best].unload_s;
        r->visits[3].kind = WO_VISIT_DEPOT;
        r->visits[3].index = -1;
        r->visits[3].arrival_s = r->visits[3].start_s = arr[3];
        r->visits[3].depart_s = arr[3];
        /* The break after the return, at the depot (as the routing core
         * places it when the route ends before the window). */
        r->visits[4].kind = WO_VISIT_BREAK;
        r->visits[4].index = -1;
        r->visits[4].arrival_s = arr[3];
        r->visits[4].start_s = fmax(arr[3], vt->break_earliest_s);
        r->visits[4].depart_s = r->visits[4].start_s + vt->break_s;
        r->dist_m = pb->dist_m[vt->start_loc * n + st->loc] + best_d +
                    pb->dist_m[pb->facilities[best].loc * n + vt->end_loc];
        r->dur_s = arr[3] - t0;
        r->cost = vt->fixed_cost + vt->cost_per_m * r->dist_m +
                  vt->cost_per_s * r->dur_s;
        sol->cost += r->cost;
        sol->dist_m += r->dist_m;
        sol->dur_s += r->dur_s;
    }
    sol->vehicles_used = sol->n_routes;
    sol->status = sol->n_unserved ? WO_VRP_PARTIAL : WO_VRP_FEASIBLE;
    return WO_OK;
}

void wo_test_one_stop_release(wo_vrp_solution *sol)
{
    int i;
    for (i = 0; i < sol->n_routes; i++)
        free(sol->routes[i].visits);
    free(sol->routes);
    free(sol->unserved);
    memset(sol, 0, sizeof *sol);
}


wo_plan *wo_test_one_stop_plan(const wo_scenario *sc, int days)
{
    wo_plan_params prm;
    wo_plan *plan = NULL;
    wo_err err;
    wo_err_clear(&err);
    wo_plan_params_init(&prm, sc);
    prm.solve = wo_test_one_stop_solve;
    prm.release = wo_test_one_stop_release;
    prm.days = days;
    if (wo_plan_run(sc, &prm, &plan, &err) != WO_OK) {
        fprintf(stderr, "plan: %s\n", err.msg);
        return NULL;
    }
    return plan;
}
